/**
 * web/server/projects/job-link.ts against a real Hardhat node and the real subgraph indexing it: a
 * one-part project whose job is hired, reviewed (a rejection with a stored note) and has a sub-job
 * its vendor posted and linked. The link read from the index, the same read from the registry when
 * the index is down, the verdict as a thread entry with its note (in GET /api/jobs/<id>/thread as on
 * the job page, to the client and the vendor), and when a review share is due.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { Contract, ContractFactory, ZeroAddress, encodeBytes32String, type JsonRpcSigner, type Log } from "ethers";
import { startHardhatNode, type HardhatNode } from "../../indexer/helpers/hardhat-node.ts";
import { deployMosaic, runLifecycles, type MosaicDeployment } from "../../indexer/helpers/mosaic-chain.ts";
import { subgraphBuildUnusable } from "../../indexer/helpers/subgraph-build.ts";
import { startCaughtUpHost } from "../../indexer/helpers/local-host.ts";
import type { SubgraphHost } from "../../../indexer/src/subgraph-host.ts";

const repoRoot = path.resolve(import.meta.dirname, "../../..");
const unusable = subgraphBuildUnusable();
const DAY = 86_400;
const ETHER = 10n ** 18n;

let node: HardhatNode;
let m: MosaicDeployment;
let projects: Contract;
let host: SubgraphHost;
let jobLinkModule: typeof import("../../../web/server/projects/job-link.ts");
let contracts: { registry: `0x${string}`; escrow: `0x${string}`; startBlock: bigint };
let jobId: bigint;
let subJobId: bigint;
let projectId: bigint;
let noteCid: string;
let unlinkedJobId: bigint;
/** A sub-job linked while the indexer is stopped. */
let lateSubJobId: bigint;
const SPEC_CID = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";

/** An ETH job's terms with the default arbiter and no required skills. */
function jobTerms(open: boolean) {
  return {
    token: ZeroAddress,
    arbiter: ZeroAddress,
    arbiterFeeBps: 0,
    reviewWindow: 3 * DAY,
    open,
    minRating: 0,
    minPaidJobs: 0,
    requiredSkills: [],
    specCid: SPEC_CID,
  };
}
const NOTE = "The refunds are missing.";

async function send(contract: Contract, signer: JsonRpcSigner, method: string, ...args: unknown[]) {
  const tx = await (contract.connect(signer) as Contract).getFunction(method)(...args);
  return (await tx.wait())!;
}

function eventArg(contract: Contract, logs: readonly Log[], event: string, arg: string): bigint {
  for (const log of logs) {
    const parsed = contract.interface.parseLog(log);
    if (parsed?.name === event) return parsed.args[arg] as bigint;
  }
  throw new Error(`no ${event}`);
}

describe("project job links (web/server/projects/job-link.ts)", { timeout: 300_000, skip: unusable }, () => {
  before(async () => {
    node = await startHardhatNode();
    m = await deployMosaic(node.url);
    const lifecycleJobs = await runLifecycles(m);
    unlinkedJobId = lifecycleJobs[0];
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
    contracts = {
      registry: (await projects.getAddress()) as `0x${string}`,
      escrow: (await m.escrow.getAddress()) as `0x${string}`,
      startBlock: BigInt(registryBlock),
    };
    // The index runs from here on, as the web server's does; the server reads it and this node.
    host = await startCaughtUpHost({
      rpcUrl: node.url,
      name: "web-job-link",
      dataSources: {
        VendorRegistry: { address: await m.registry.getAddress(), startBlock: m.startBlock },
        MosaicEscrow: { address: contracts.escrow, startBlock: m.startBlock },
        ProjectRegistry: { address: contracts.registry, startBlock: registryBlock },
      },
      latestBlock: await m.provider.getBlockNumber(),
    });
    process.env.MOSAIC_RPC_URL = node.url;
    process.env.MOSAIC_SUBGRAPH_URL = host.url;
    const harness = await import("./harness.ts");
    jobLinkModule = await import("../../../web/server/projects/job-link.ts");

    const now = (await m.provider.getBlock("latest"))!.timestamp;
    const specCid = SPEC_CID;
    const terms = jobTerms;
    const milestone = (amount: bigint) => [{ amount, bonus: 0n, deadline: now + 10 * DAY, outcomeDeadline: 0 }];

    // The part's job, hired to vendor2; the reviewer is vendor (it has the part's skill).
    const posted = await send(m.escrow, client, "postAndFund", terms(true), milestone(ETHER), { value: ETHER });
    jobId = eventArg(m.escrow, posted.logs, "JobPosted", "jobId");
    await send(m.escrow, vendor2, "claim", jobId, []);
    const skills = [encodeBytes32String("solidity")];
    const created = await send(
      projects,
      client,
      "createProject",
      {
        token: ZeroAddress,
        budget: ETHER,
        deadline: now + 30 * DAY,
        utcOffsetMinutes: 0,
        workStartMinute: 540,
        workEndMinute: 1020,
        specCid,
      },
      [{ budget: ETHER, dependsOn: 0, skills }],
    );
    projectId = eventArg(projects, created.logs, "ProjectCreated", "projectId");
    await send(projects, client, "linkJobs", projectId, [0], [0], [jobId]);
    await send(
      projects,
      client,
      "nameReviewer",
      projectId,
      0,
      { reviewer: vendor.address, shareBps: 500, deadline: now + 14 * DAY, skills },
      { value: ETHER / 20n },
    );
    await send(m.escrow, vendor2, "submit", jobId, 0, specCid);
    // The reviewer's note, stored as the dApp stores it (a note about the job), then the verdict.
    const { putDocument } = await import("../../../web/server/documents/service.ts");
    const content = { text: NOTE, jobId: jobId.toString(), index: 0 };
    ({ cid: noteCid } = await putDocument(
      "note",
      new TextEncoder().encode(JSON.stringify(content)),
      vendor.address.toLowerCase(),
      `job:${harness.CHAIN_ID}:${jobId}`,
    ));
    await send(projects, vendor, "review", projectId, 0, 0, false, noteCid);
    // vendor2 subcontracts: it posts and funds a job of its own and links it.
    const subPosted = await send(m.escrow, vendor2, "postAndFund", terms(true), milestone(ETHER / 4n), {
      value: ETHER / 4n,
    });
    subJobId = eventArg(m.escrow, subPosted.logs, "JobPosted", "jobId");
    await send(projects, vendor2, "linkSubJob", jobId, subJobId);

    const head = await m.provider.getBlockNumber();
    while ((host.store.head()?.number ?? -1) < head && !host.indexer.fatalError)
      await new Promise((r) => setTimeout(r, 50));
    assert.equal(host.indexer.fatalError, null, host.indexer.fatalError?.message);
  });

  after(async () => {
    await host?.stop();
    m?.provider.destroy();
    await node?.stop();
  });

  it("reads a part's job from the index: its part, reviewer terms, verdict and the sub-job under it", async () => {
    const link = await jobLinkModule.jobLink(jobId.toString(), contracts);
    assert.ok(link);
    assert.equal(link.source, "index");
    assert.equal(link.projectId, projectId.toString());
    assert.equal(link.kind, "Part");
    assert.equal(link.parentJobId, null);
    assert.equal(link.project.client, m.signers.client.address.toLowerCase());
    assert.equal(link.project.token, ZeroAddress);
    const part = link.part!;
    assert.equal(part.index, 0);
    assert.equal(part.jobId, jobId.toString());
    assert.equal(part.reviewer, m.signers.vendor.address.toLowerCase());
    assert.equal(part.reviewerShareBps, 500);
    assert.equal(part.reviewerShare, (ETHER / 20n).toString());
    assert.equal(part.reviewState, "Held");
    assert.equal(part.signedOff, false);
    assert.deepEqual(part.skills, [encodeBytes32String("solidity")]);
    assert.deepEqual(
      part.verdicts.map((v) => [v.jobId, v.milestoneIndex, v.signedOff, v.noteCid, v.reviewer]),
      [[jobId.toString(), 0, false, noteCid, m.signers.vendor.address.toLowerCase()]],
    );
    assert.deepEqual(link.ancestors, []);
    assert.equal(link.root?.jobId, jobId.toString());
    assert.equal(link.root?.vendor, m.signers.vendor2.address.toLowerCase());
    assert.equal(link.root?.status, "Hired");
    assert.deepEqual(
      link.root?.subJobs.map((s) => [s.jobId, s.kind, s.client, s.vendor, s.status, s.subJobs.length]),
      [[subJobId.toString(), "SubJob", m.signers.vendor2.address.toLowerCase(), null, "Open", 0]],
    );
  });

  it("reads a sub-job's link: its parent, the parent's part and the chain up to the part's job", async () => {
    const link = await jobLinkModule.jobLink(subJobId.toString(), contracts);
    assert.ok(link);
    assert.equal(link.kind, "SubJob");
    assert.equal(link.parentJobId, jobId.toString());
    assert.equal(link.part?.index, 0);
    assert.deepEqual(link.ancestors, [jobId.toString()]);
    assert.equal(link.root?.jobId, jobId.toString());
  });

  it("answers null for a job that belongs to no project, and for ids that are not job ids", async () => {
    assert.equal(await jobLinkModule.jobLink(unlinkedJobId.toString(), contracts), null);
    assert.equal(await jobLinkModule.jobLink("not-a-job", contracts), null);
  });

  it("turns the verdict into a thread entry carrying the reviewer's stored note", async () => {
    const link = await jobLinkModule.jobLink(jobId.toString(), contracts);
    const entries = await jobLinkModule.verdictEntries(31337, jobId.toString(), link!.part!.verdicts);
    assert.equal(entries.length, 1);
    assert.equal(entries[0].label, "Reviewer's rejection of milestone 1");
    assert.equal(entries[0].text, NOTE);
    assert.equal(entries[0].role, "reviewer");
    assert.equal(entries[0].author, m.signers.vendor.address.toLowerCase());
    // A sub-job carries no verdict of its own.
    assert.deepEqual(await jobLinkModule.verdictEntries(31337, subJobId.toString(), link!.part!.verdicts), []);
  });

  it("answers the verdict in GET /api/jobs/<id>/thread as the job page shows it, to the client and the vendor", async () => {
    const { request, signIn } = await import("./harness.ts");
    const { testAccounts } = await import("../../../scripts/dev/accounts.ts");
    const { privateKeyToAccount } = await import("viem/accounts");
    const threadRoute = await import("../../../web/app/api/jobs/[id]/thread/route.ts");
    const { buildThread, jobParties } = await import("../../../web/server/thread.ts");
    const signer = async (address: string) => {
      const key = testAccounts().find((a) => a.address.toLowerCase() === address.toLowerCase())!.privateKey;
      return privateKeyToAccount(key as `0x${string}`);
    };
    const link = await jobLinkModule.jobLink(jobId.toString(), contracts);
    const [expected] = await jobLinkModule.verdictEntries(31337, jobId.toString(), link!.part!.verdicts);
    for (const [who, role] of [
      [m.signers.client, "client"],
      [m.signers.vendor2, "vendor"],
    ] as const) {
      const cookie = await signIn(await signer(who.address));
      const response = await threadRoute.GET(request(`/api/jobs/${jobId}/thread`, { cookie }), {
        params: Promise.resolve({ id: jobId.toString() }),
      });
      assert.equal(response.status, 200, await response.clone().text());
      const body = (await response.json()) as { role: string; items: Record<string, unknown>[] };
      assert.equal(body.role, role);
      // The reviewer's note is there once: as the verdict, with the entry the page renders.
      const withNote = body.items.filter((item) => item.cid === noteCid);
      assert.deepEqual(withNote, [JSON.parse(JSON.stringify(expected))], `${role} reads the verdict`);
      assert.equal(withNote[0].text, NOTE);
      // The page's thread is the same call: the API answers exactly what it renders.
      const parties = (await jobParties(jobId.toString()))!;
      const page = await buildThread(31337, parties, who.address, role, Promise.resolve(link));
      assert.deepEqual(body.items, JSON.parse(JSON.stringify(page)));
    }
    // A sub-job's thread has no verdict of its parent's.
    const prime = await signIn(await signer(m.signers.vendor2.address));
    const sub = await threadRoute.GET(request(`/api/jobs/${subJobId}/thread`, { cookie: prime }), {
      params: Promise.resolve({ id: subJobId.toString() }),
    });
    assert.equal(sub.status, 200, await sub.clone().text());
    const { items } = (await sub.json()) as { items: { kind: string }[] };
    assert.equal(items.filter((item) => item.kind === "verdict").length, 0);
  });

  it("says when settleReview is due, and to whom", () => {
    const held = { reviewState: "Held" as const, reviewer: "0xabc", reviewDeadline: 1_000 };
    const { reviewSettlement } = jobLinkModule;
    assert.equal(
      reviewSettlement({ ...held, signedOff: true }, { vendor: "0xdef", lastMilestoneState: "Paid" }, 0),
      "pay",
    );
    assert.equal(
      reviewSettlement({ ...held, signedOff: false }, { vendor: "0xdef", lastMilestoneState: "Paid" }, 0),
      "refund",
    );
    assert.equal(
      reviewSettlement({ ...held, signedOff: true }, { vendor: "0xdef", lastMilestoneState: "Submitted" }, 5_000),
      null,
    );
    assert.equal(
      reviewSettlement({ ...held, signedOff: false }, { vendor: "0xdef", lastMilestoneState: "Submitted" }, 999),
      null,
    );
    assert.equal(
      reviewSettlement({ ...held, signedOff: false }, { vendor: "0xdef", lastMilestoneState: "Submitted" }, 1_000),
      "refund",
    );
    assert.equal(
      reviewSettlement({ ...held, signedOff: false }, { vendor: "0xabc", lastMilestoneState: "Funded" }, 0),
      "refund",
    );
    assert.equal(
      reviewSettlement({ ...held, signedOff: true }, { vendor: "0xdef", lastMilestoneState: "Cancelled" }, 0),
      "refund",
    );
    assert.equal(
      reviewSettlement(
        { ...held, reviewState: "Paid", signedOff: true },
        { vendor: "0xdef", lastMilestoneState: "Paid" },
        0,
      ),
      null,
    );
  });

  it("reads the registry when the index answers without the link (it is behind)", async () => {
    host.indexer.stop();
    await host.running;
    const now = (await m.provider.getBlock("latest"))!.timestamp;
    const { vendor2 } = m.signers;
    const posted = await send(
      m.escrow,
      vendor2,
      "postAndFund",
      jobTerms(true),
      [{ amount: ETHER / 10n, bonus: 0n, deadline: now + 10 * DAY, outcomeDeadline: 0 }],
      { value: ETHER / 10n },
    );
    lateSubJobId = eventArg(m.escrow, posted.logs, "JobPosted", "jobId");
    await send(projects, vendor2, "linkSubJob", jobId, lateSubJobId);
    const link = await jobLinkModule.jobLink(lateSubJobId.toString(), contracts);
    assert.ok(link);
    assert.equal(link.source, "chain");
    assert.equal(link.kind, "SubJob");
    assert.equal(link.parentJobId, jobId.toString());
    assert.deepEqual(link.ancestors, [jobId.toString()]);
    assert.deepEqual(
      link.root?.subJobs.map((s) => s.jobId),
      [subJobId.toString(), lateSubJobId.toString()],
    );
    // The parent is in the index: read from there, without the sub-job the index has not seen yet.
    const parent = await jobLinkModule.jobLink(jobId.toString(), contracts);
    assert.equal(parent?.source, "index");
    assert.deepEqual(
      parent?.root?.subJobs.map((s) => s.jobId),
      [subJobId.toString()],
    );
  });

  it("falls back to the registry's views and events when the index cannot answer", async () => {
    const indexed = await jobLinkModule.jobLink(jobId.toString(), contracts);
    const indexedSub = await jobLinkModule.jobLink(subJobId.toString(), contracts);
    await host.stop();
    const fromChain = await jobLinkModule.jobLink(jobId.toString(), contracts);
    assert.ok(fromChain);
    assert.equal(fromChain.source, "chain");
    // The chain also has the sub-job linked while the indexer was stopped; the index view does not.
    const withoutStatus = (node: typeof fromChain.root): unknown =>
      node && {
        ...node,
        status: null,
        subJobs: node.subJobs.filter((s) => s.jobId !== lateSubJobId.toString()).map(withoutStatus),
      };
    const comparable = (view: typeof fromChain) => ({
      ...view,
      source: null,
      root: withoutStatus(view.root),
      part: view.part && { ...view.part, verdicts: view.part.verdicts.map((v) => ({ ...v })) },
    });
    assert.deepEqual(comparable(fromChain), comparable(indexed!));
    const subFromChain = await jobLinkModule.jobLink(subJobId.toString(), contracts);
    assert.deepEqual(comparable(subFromChain!), comparable(indexedSub!));
    assert.equal(await jobLinkModule.jobLink(unlinkedJobId.toString(), contracts), null);
  });
});
