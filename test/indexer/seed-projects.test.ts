// The seed's projects (market/chain/demo-projects.ts) on the local stack: a Hardhat node, the Ignition
// deployment, a small seed through scripts/seed, the real subgraph indexed by the local host. Every
// state the seed promises is read back from the index and checked against the project registry's
// own views and balance, and the project-money saved query adds up for each project.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Interface, type InterfaceAbi } from "ethers";
import { projectRegistryAbi } from "@mosaic/sdk/contracts";
import { runSavedQuery, savedQuery } from "@mosaic/sdk/saved-queries";
import { startStack, type Stack } from "../../scripts/dev/stack.ts";
import { graphql, rpc } from "../../scripts/dev/probes.ts";
import { requireDeployment } from "../../scripts/lib/deployments.ts";
import { subgraphBuildUnusable } from "./helpers/subgraph-build.ts";

const unusable = subgraphBuildUnusable();
const registry = new Interface(projectRegistryAbi as unknown as InterfaceAbi);

type Job = { id: string; status: string; vendor: { id: string } | null };
type IndexedProject = {
  id: string;
  parts: {
    index: number;
    dependsOn: { index: number } | null;
    job: Job | null;
    reviewState: string;
    reviewer: { id: string } | null;
    shifts: { index: number; vendor: { id: string }; job: Job | null }[];
    handoffs: { shift: { index: number }; nextShift: { index: number }; vendor: { id: string } }[];
    verdicts: { signedOff: boolean; timestamp: string }[];
  }[];
  subJobs: { parentJob: { id: string }; subJob: Job; prime: { id: string } }[];
};

describe("the seed's projects on the local stack", { timeout: 600_000, skip: unusable }, () => {
  let stack: Stack;
  let dataDir: string;
  const seedLines: string[] = [];
  let projects: IndexedProject[];
  let projectRegistry: string;

  async function view(method: string, args: unknown[]) {
    const data = await rpc<string>(stack.rpcUrl, "eth_call", [
      { to: projectRegistry, data: registry.encodeFunctionData(method, args) },
      "latest",
    ]);
    return registry.decodeFunctionResult(method, data);
  }

  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "mosaic-seed-projects-"));
    stack = await startStack({
      dataDir,
      seed: { vendors: 6, jobs: 2 },
      web: false,
      onOutput: (service, line) => {
        if (service === "seed") seedLines.push(line);
      },
    });
    // The deployment the stack just made (deterministic on a fresh node), checked against the node.
    const chainId = Number(await rpc<string>(stack.rpcUrl, "eth_chainId"));
    projectRegistry = (await requireDeployment("localhost", stack.rpcUrl, chainId)).contracts.ProjectRegistry.address;
    ({ projects } = await graphql<{ projects: IndexedProject[] }>(
      stack.graphqlUrl,
      `
        {
          projects(orderBy: createdAtBlock) {
            id
            parts(orderBy: index) {
              index
              dependsOn {
                index
              }
              job {
                id
                status
                vendor {
                  id
                }
              }
              reviewState
              reviewer {
                id
              }
              shifts(orderBy: index) {
                index
                vendor {
                  id
                }
                job {
                  id
                  status
                  vendor {
                    id
                  }
                }
              }
              handoffs(orderBy: timestamp) {
                shift {
                  index
                }
                nextShift {
                  index
                }
                vendor {
                  id
                }
              }
              verdicts(orderBy: timestamp) {
                signedOff
                timestamp
              }
            }
            subJobs {
              parentJob {
                id
              }
              subJob {
                id
                status
                vendor {
                  id
                }
              }
              prime {
                id
              }
            }
          }
        }
      `,
    ));
  });

  after(async () => {
    await stack?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("prints the projects like the hour banks", () => {
    const line = seedLines.find((l) => l.startsWith("Projects: "));
    assert.match(
      line ?? seedLines.slice(-5).join("\n"),
      /^Projects: #(\d+) Shop relaunch \(.+\), #(\d+) Launch support rota \(.+\), #(\d+) Data labelling batch \(.+\)$/,
    );
    assert.equal(projects.length, 3);
  });

  it("funds a 3-part project whose frontend waits for the paid design, and pays a linked sub-job", async () => {
    const relaunch = projects[0];
    assert.deepEqual(
      relaunch.parts.map((p) => [p.dependsOn?.index ?? null, p.job?.status]),
      [
        [null, "Completed"],
        [0, "Hired"],
        [null, "Hired"],
      ],
    );
    assert.equal((await view("isPartReady", [relaunch.id, 1]))[0], true, "the design is paid: the frontend may start");
    assert.equal(relaunch.subJobs.length, 1);
    const [sub] = relaunch.subJobs;
    assert.equal(sub.parentJob.id, relaunch.parts[2].job!.id);
    assert.equal(sub.prime.id, relaunch.parts[2].job!.vendor!.id);
    assert.equal(sub.subJob.status, "Completed");
    assert.notEqual(sub.subJob.vendor!.id, sub.prime.id);
    const link = (await view("linkOf", [sub.subJob.id]))[0];
    assert.equal(Number(link.kind), 3, "linked as a sub-job");
  });

  it("relays a part over three shift vendors who hand off twice, covering the day", async () => {
    const [support] = projects[1].parts;
    assert.equal(support.shifts.length, 3);
    assert.equal(new Set(support.shifts.map((s) => s.vendor.id)).size, 3);
    for (const shift of support.shifts) assert.equal(shift.job!.vendor!.id, shift.vendor.id);
    assert.deepEqual(
      support.handoffs.map((h) => [h.shift.index, h.nextShift.index, h.vendor.id]),
      [
        [0, 1, support.shifts[0].vendor.id],
        [1, 2, support.shifts[1].vendor.id],
      ],
    );
    const [, covered] = await view("coverageOf", [projects[1].id, 0]);
    assert.equal(covered, 1440n);
  });

  it("pays a reviewer who rejected then signed off, and refunds the share of a refunded part", async () => {
    const batch = projects[2];
    const [labelling, second] = batch.parts;
    assert.deepEqual(
      labelling.verdicts.map((v) => v.signedOff),
      [false, true],
    );
    assert.equal(labelling.reviewState, "Paid");
    assert.equal(labelling.job!.status, "Completed");
    assert.notEqual(labelling.reviewer!.id, labelling.job!.vendor!.id);
    assert.equal(second.reviewState, "Refunded");
    assert.equal(second.job!.vendor, null, "never hired");
    for (const part of [0, 1]) {
      const onChain = (await view("partOf", [batch.id, part]))[0];
      assert.equal(["None", "Held", "Paid", "Refunded"][Number(onChain.reviewState)], batch.parts[part].reviewState);
    }
  });

  it("answers the project-money saved query for each project, adding up with the registry's books", async () => {
    for (const project of projects) {
      const answer = (await runSavedQuery(stack.graphqlUrl, savedQuery("project-money", { project: project.id }))) as {
        project: Record<string, string> & {
          token: { id: string };
          parts: (Record<string, string> & { links: { job: Record<string, string> }[] })[];
        };
        projectRegistryTokens: Record<string, string>[];
      };
      const p = answer.project;
      const n = (o: Record<string, string>, k: string) => BigInt(o[k]);
      assert.equal(
        n(p, "reviewSharesDeposited"),
        n(p, "reviewSharesHeld") + n(p, "reviewSharesPaid") + n(p, "reviewSharesRefunded"),
      );
      for (const part of p.parts) {
        for (const { job } of part.links) {
          assert.equal(
            n(job, "escrowed"),
            n(job, "held") + n(job, "paidToVendor") + n(job, "fees") + n(job, "refunded") + n(job, "arbiterFees"),
            `project ${project.id} job ${job.id}`,
          );
        }
      }
      const books = answer.projectRegistryTokens.find((t) => t.id === p.token.id)!;
      assert.equal(n(books, "reviewSharesHeld"), (await view("heldOf", [p.token.id]))[0]);
    }
    const batch = projects[2].id;
    const money = (await runSavedQuery(stack.graphqlUrl, savedQuery("project-money", { project: batch }))) as {
      project: { reviewSharesPaid: string; reviewSharesRefunded: string; reviewSharesHeld: string };
    };
    // 5% of the 2,000 and 1,500 mUSD parts.
    assert.deepEqual(
      [money.project.reviewSharesPaid, money.project.reviewSharesRefunded, money.project.reviewSharesHeld],
      ["100000000", "75000000", "0"],
    );
  });
});
