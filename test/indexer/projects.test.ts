// The real subgraph (subgraph/build) on a fresh Hardhat node with Mosaic and the project registry
// deployed: a project of two parts, one a relay of two shifts that hand off to each other, the other
// with a reviewer whose share goes back to the client after the review deadline, indexed by the
// local host over HTTP and compared with the registry's own views and balance.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { Contract, ContractFactory, ZeroAddress, encodeBytes32String } from "ethers";
import type { ContractTransactionResponse, JsonRpcSigner } from "ethers";
import { rpc, startHardhatNode } from "./helpers/hardhat-node.ts";
import type { HardhatNode } from "./helpers/hardhat-node.ts";
import { cidFor } from "./helpers/document-cids.ts";
import { deployMosaic, runLifecycles } from "./helpers/mosaic-chain.ts";
import type { MosaicDeployment } from "./helpers/mosaic-chain.ts";
import { subgraphBuildUnusable } from "./helpers/subgraph-build.ts";
import { startCaughtUpHost } from "./helpers/local-host.ts";
import type { SubgraphHost } from "../../indexer/src/subgraph-host.ts";

const repoRoot = path.resolve(import.meta.dirname, "../..");
const unusable = subgraphBuildUnusable();
const DAY = 86_400;
const ETHER = 10n ** 18n;

type IndexedPart = {
  index: number;
  budget: string;
  committed: string;
  dependsOn: { id: string } | null;
  skillsHash: string;
  shiftCount: number;
  reviewer: { id: string } | null;
  reviewerShare: string;
  reviewState: string;
  reviewShareHeld: string;
  reviewShareRefunded: string;
  shifts: { index: number; vendor: { id: string }; startMinute: number; lengthMinutes: number }[];
  handoffs: { shift: { index: number }; nextShift: { index: number }; vendor: { id: string }; noteCid: string }[];
};

describe("end to end: projects on the local host", { timeout: 300_000, skip: unusable }, () => {
  let node: HardhatNode;
  let m: MosaicDeployment;
  let projects: Contract;
  let host: SubgraphHost;

  async function query<T>(text: string): Promise<T> {
    const response = await fetch(host.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: text }),
    });
    const result = (await response.json()) as { data?: T; errors?: unknown };
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    return result.data!;
  }

  async function call(signer: JsonRpcSigner, method: string, ...args: unknown[]): Promise<void> {
    const tx = (await (projects.connect(signer) as Contract).getFunction(method)(
      ...args,
    )) as ContractTransactionResponse;
    await tx.wait();
  }

  before(async () => {
    node = await startHardhatNode();
    m = await deployMosaic(node.url);
    // Registers the vendors (vendor: solidity, typescript; vendor2: design, figma) and runs escrow jobs.
    await runLifecycles(m);
    const { operator, client, vendor, vendor2 } = m.signers;
    const registryBlock = (await m.provider.getBlockNumber()) + 1;
    const { abi, bytecode } = JSON.parse(
      fs.readFileSync(
        path.join(repoRoot, "artifacts/contracts/projects/ProjectRegistry.sol/ProjectRegistry.json"),
        "utf8",
      ),
    );
    projects = (await (
      await new ContractFactory(abi, bytecode, operator).deploy(await m.escrow.getAddress())
    ).waitForDeployment()) as Contract;

    const now = (await m.provider.getBlock("latest"))!.timestamp;
    const design = [encodeBytes32String("design")];
    await call(
      client,
      "createProject",
      {
        token: ZeroAddress,
        budget: ETHER,
        deadline: now + 30 * DAY,
        utcOffsetMinutes: 60,
        workStartMinute: 540,
        workEndMinute: 1020,
        specCid: cidFor("project spec"),
      },
      [
        { budget: 4n * 10n ** 17n, dependsOn: 0, skills: design },
        { budget: 5n * 10n ** 17n, dependsOn: 1, skills: [encodeBytes32String("solidity")] },
      ],
    );
    await call(client, "setRelay", 1n, 1, [
      { vendor: vendor.address, startMinute: 0, lengthMinutes: 720, jobId: 0 },
      { vendor: vendor2.address, startMinute: 720, lengthMinutes: 720, jobId: 0 },
    ]);
    await call(
      client,
      "nameReviewer",
      1n,
      0,
      { reviewer: vendor2.address, shareBps: 500, deadline: now + DAY, skills: design },
      { value: 2n * 10n ** 16n },
    );
    await call(vendor, "postHandoff", 1n, 1, 0, cidFor("handoff 0"));
    await call(vendor2, "postHandoff", 1n, 1, 1, cidFor("handoff 1"));
    await rpc(node.url, "evm_increaseTime", [2 * DAY]);
    await rpc(node.url, "evm_mine");
    await call(operator, "settleReview", 1n, 0);

    host = await startCaughtUpHost({
      rpcUrl: node.url,
      name: "indexer-projects",
      dataSources: {
        VendorRegistry: { address: await m.registry.getAddress(), startBlock: m.startBlock },
        MosaicEscrow: { address: await m.escrow.getAddress(), startBlock: m.startBlock },
        ProjectRegistry: { address: await projects.getAddress(), startBlock: registryBlock },
      },
      latestBlock: await m.provider.getBlockNumber(),
    });
  });

  after(async () => {
    await host?.stop();
    m?.provider.destroy();
    await node?.stop();
  });

  it("indexes the project registry's events to the chain head without errors", () => {
    assert.equal(host.indexer.fatalError, null, host.indexer.fatalError?.message);
  });

  it("has the project and its parts as the registry stores them", async () => {
    const { project } = await query<{
      project: {
        client: { id: string };
        token: { id: string };
        budget: string;
        deadline: string;
        utcOffsetMinutes: number;
        workStartMinute: number;
        workEndMinute: number;
        partCount: number;
        parts: IndexedPart[];
      };
    }>(`{
      project(id: "1") {
        client { id } token { id } budget deadline utcOffsetMinutes workStartMinute workEndMinute partCount
        parts(orderBy: index) {
          index budget committed dependsOn { id } skillsHash shiftCount reviewer { id } reviewerShare reviewState
          reviewShareHeld reviewShareRefunded
          shifts(orderBy: index) { index vendor { id } startMinute lengthMinutes }
          handoffs(orderBy: timestamp) { shift { index } nextShift { index } vendor { id } noteCid }
        }
      }
    }`);
    const onChain = await projects.projectOf(1n);
    assert.equal(project.client.id, onChain.client.toLowerCase());
    assert.equal(project.token.id, onChain.token.toLowerCase());
    assert.equal(project.budget, onChain.budget.toString());
    assert.equal(project.deadline, onChain.deadline.toString());
    assert.equal(project.utcOffsetMinutes, Number(onChain.utcOffsetMinutes));
    assert.equal(project.workStartMinute, Number(onChain.workStartMinute));
    assert.equal(project.workEndMinute, Number(onChain.workEndMinute));
    assert.equal(project.partCount, Number(onChain.partCount));
    const states = ["None", "Held", "Paid", "Refunded"];
    for (const part of project.parts) {
      const stored = await projects.partOf(1n, part.index);
      assert.equal(part.budget, stored.budget.toString());
      assert.equal(part.committed, stored.committed.toString());
      assert.equal(part.skillsHash, stored.skillsHash);
      assert.equal(
        part.dependsOn?.id ?? null,
        Number(stored.dependsOn) === 0 ? null : `1-${Number(stored.dependsOn) - 1}`,
      );
      assert.equal(part.shiftCount, Number(stored.shiftCount));
      assert.equal(part.reviewState, states[Number(stored.reviewState)]);
      if (part.reviewer) assert.equal(part.reviewer.id, stored.reviewer.toLowerCase());
      assert.equal(part.reviewerShare, stored.reviewerShare.toString());
    }
    const [reviewed, relay] = project.parts;
    assert.equal(reviewed.reviewState, "Refunded");
    assert.equal(reviewed.reviewShareHeld, "0");
    assert.equal(reviewed.reviewShareRefunded, (2n * 10n ** 16n).toString());
    assert.deepEqual(
      relay.shifts.map((s) => [s.vendor.id, s.startMinute, s.lengthMinutes]),
      [
        [m.signers.vendor.address.toLowerCase(), 0, 720],
        [m.signers.vendor2.address.toLowerCase(), 720, 720],
      ],
    );
    assert.deepEqual(
      relay.handoffs.map((h) => [h.shift.index, h.nextShift.index, h.vendor.id, h.noteCid]),
      [
        [0, 1, m.signers.vendor.address.toLowerCase(), cidFor("handoff 0")],
        [1, 0, m.signers.vendor2.address.toLowerCase(), cidFor("handoff 1")],
      ],
    );
  });

  it("keeps the registry's books: its balance is what it holds plus what it owes", async () => {
    const { projectRegistryTokens } = await query<{
      projectRegistryTokens: {
        id: string;
        reviewSharesDeposited: string;
        reviewSharesHeld: string;
        reviewSharesRefunded: string;
        owed: string;
        projectCount: number;
      }[];
    }>(
      `{ projectRegistryTokens { id reviewSharesDeposited reviewSharesHeld reviewSharesRefunded owed projectCount } }`,
    );
    assert.equal(projectRegistryTokens.length, 1);
    const [books] = projectRegistryTokens;
    assert.equal(books.id, ZeroAddress);
    assert.equal(books.projectCount, 1);
    assert.equal(books.reviewSharesDeposited, (2n * 10n ** 16n).toString());
    assert.equal(books.reviewSharesRefunded, books.reviewSharesDeposited);
    const balance = await m.provider.getBalance(await projects.getAddress());
    assert.equal(BigInt(books.reviewSharesHeld) + BigInt(books.owed), balance);
  });
});
