// The real subgraph (subgraph/build, from the subgraph build) on a fresh Hardhat node with
// freshly deployed contracts: a few job lifecycles, indexed by the local host over HTTP,
// and every indexed job, milestone, vendor and token compared with the contracts' state.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { ZeroAddress, decodeBytes32String } from "ethers";
import { startHardhatNode } from "./helpers/hardhat-node.ts";
import type { HardhatNode } from "./helpers/hardhat-node.ts";
import { deployMosaic, runLifecycles } from "./helpers/mosaic-chain.ts";
import type { MosaicDeployment } from "./helpers/mosaic-chain.ts";
import { startCaughtUpHost } from "./helpers/local-host.ts";
import type { SubgraphHost } from "../../indexer/src/subgraph-host.ts";
import { subgraphBuildUnusable } from "./helpers/subgraph-build.ts";

const unusable = subgraphBuildUnusable();
const STATES = ["None", "Created", "Funded", "Submitted", "Paid", "Refunded", "Cancelled", "Disputed", "Resolved"];

describe("end to end: the Mosaic subgraph on the local host", { timeout: 300_000, skip: unusable }, () => {
  let node: HardhatNode;
  let m: MosaicDeployment;
  let host: SubgraphHost;
  let jobIds: bigint[];

  async function query<T = Record<string, unknown>>(text: string): Promise<T> {
    const response = await fetch(host.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: text }),
    });
    const result = (await response.json()) as { data?: T; errors?: unknown };
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    return result.data!;
  }

  before(async () => {
    node = await startHardhatNode();
    m = await deployMosaic(node.url);
    jobIds = await runLifecycles(m);
    host = await startCaughtUpHost({
      rpcUrl: node.url,
      name: "indexer-e2e",
      dataSources: {
        VendorRegistry: { address: await m.registry.getAddress(), startBlock: m.startBlock },
        MosaicEscrow: { address: await m.escrow.getAddress(), startBlock: m.startBlock },
      },
      latestBlock: await m.provider.getBlockNumber(),
    });
  });

  after(async () => {
    await host?.stop();
    m?.provider.destroy();
    await node?.stop();
  });

  it("indexes to the chain head without indexing errors", async () => {
    assert.equal(host.indexer.fatalError, null, host.indexer.fatalError?.message);
    const { _meta } = await query<{ _meta: { block: { number: number; hash: string }; hasIndexingErrors: boolean } }>(
      `{ _meta { block { number hash } hasIndexingErrors } }`,
    );
    const head = await m.provider.getBlock("latest");
    assert.deepEqual(_meta, { block: { number: head!.number, hash: head!.hash }, hasIndexingErrors: false });
  });

  it("has every job and milestone as the escrow stores them", async () => {
    const { jobs } = await query<{
      jobs: {
        id: string;
        client: { id: string };
        vendor: { id: string } | null;
        token: { id: string };
        feeBps: number;
        milestoneCount: number;
        milestones: { index: number; state: string; amount: string; bonus: string }[];
      }[];
    }>(
      `{ jobs(orderBy: jobId) { id client { id } vendor { id } token { id } feeBps milestoneCount milestones(orderBy: index) { index state amount bonus } } }`,
    );
    assert.deepEqual(
      jobs.map((j) => j.id),
      jobIds.map(String),
    );
    assert.equal(BigInt(jobs.length), await m.escrow.jobCount());
    for (const job of jobs) {
      const onChain = await m.escrow.jobOf(BigInt(job.id));
      assert.equal(job.client.id, onChain.client.toLowerCase());
      assert.equal(
        job.vendor?.id ?? ZeroAddress,
        onChain.vendor === ZeroAddress ? ZeroAddress : onChain.vendor.toLowerCase(),
      );
      assert.equal(job.token.id, onChain.token.toLowerCase());
      assert.equal(job.feeBps, Number(onChain.feeBps));
      assert.equal(job.milestoneCount, Number(onChain.milestoneCount));
      for (const milestone of job.milestones) {
        const ms = await m.escrow.milestoneOf(BigInt(job.id), milestone.index);
        assert.equal(milestone.state, STATES[Number(ms.state)], `job ${job.id} milestone ${milestone.index}`);
        assert.equal(milestone.amount, ms.amount.toString());
        assert.equal(milestone.bonus, ms.bonus.toString());
      }
    }
  });

  it("has every vendor profile as the registry stores it", async () => {
    const { vendors } = await query<{
      vendors: {
        id: string;
        registered: boolean;
        skills: string[];
        hourlyRateCents: number;
        timezoneOffsetMinutes: number;
        availabilityHours: number;
        metadataCid: string;
      }[];
    }>(`{ vendors { id registered skills hourlyRateCents timezoneOffsetMinutes availabilityHours metadataCid } }`);
    assert.equal(vendors.length, 2);
    for (const vendor of vendors) {
      const profile = await m.registry.profileOf(vendor.id);
      assert.equal(vendor.registered, await m.registry.isRegistered(vendor.id));
      assert.equal(vendor.hourlyRateCents, Number(profile.hourlyRateCents));
      assert.equal(vendor.timezoneOffsetMinutes, Number(profile.timezoneOffsetMinutes));
      assert.equal(vendor.availabilityHours, Number(profile.availabilityHours));
      assert.equal(vendor.metadataCid, await m.registry.metadataCidOf(vendor.id));
      assert.deepEqual(
        vendor.skills,
        (await m.registry.skillsOf(vendor.id)).map((s: string) => s.toLowerCase()),
      );
    }
    const figma = vendors.find((v) => v.skills.some((s) => decodeBytes32String(s) === "figma"));
    assert.ok(figma, "the second profile update is indexed");
  });

  it("reconciles each token's books with the escrow's balances to the wei", async () => {
    const escrow = await m.escrow.getAddress();
    const { tokens } = await query<{ tokens: { id: string; held: string; owed: string; feesAccrued: string }[] }>(
      `{ tokens { id held owed feesAccrued } }`,
    );
    for (const token of tokens) {
      const balance = token.id === ZeroAddress ? await m.provider.getBalance(escrow) : await m.usd.balanceOf(escrow);
      assert.equal(BigInt(token.held) + BigInt(token.owed) + BigInt(token.feesAccrued), balance, `token ${token.id}`);
      assert.equal(BigInt(token.feesAccrued), await m.escrow.feesAccrued(token.id));
    }
    assert.ok(
      tokens.some((t) => t.id === ZeroAddress),
      "ETH jobs are indexed",
    );
  });

  it("has the ratings and payments of the paid job, and answers at a past block", async () => {
    const usdJob = String(jobIds[0]);
    const { job } = await query<{
      job: { ratings: { score: number; raterRole: string }[]; payments: { gross: string }[] };
    }>(`{ job(id: "${usdJob}") { ratings(orderBy: score) { score raterRole } payments { gross } } }`);
    assert.deepEqual(
      job.ratings.map((r) => r.score),
      [4, 5],
    );
    assert.equal(job.payments.length, 2);
    const before = await query<{ job: { milestones: { state: string }[] } | null }>(
      `{ job(id: "${usdJob}", block: { number: ${m.startBlock} }) { milestones { state } } }`,
    );
    assert.equal(before.job, null, "the job did not exist at the deployment block");
  });
});
