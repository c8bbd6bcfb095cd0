import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rankVendorsForJob, skillTag, SubgraphTrust } from "../../matching/index.ts";
import { honestMarket, vendorRecords, withAttack } from "../../market/index.ts";
import { startFakeServer } from "./support/fake-subgraph.ts";
import { rawJob } from "./support/subgraph-entities.ts";

/** A small market with a sybil ring, served in the subgraph's JSON shape. */
const honest = honestMarket({ vendors: 40, clients: 120, jobs: 900, seed: "rank-job" });
const { market, report } = withAttack(honest, { kind: "sybilRing", budgetUsd: 1_000, seed: "rank-job" });
const attacker = report.attackerVendors[0];
const skill = market.vendors.at(-1)!.profile.skills[0];
const records = vendorRecords(market);

const jobs = market.jobs
  .filter((j) => j.paidUsd > 0)
  .map((j) => ({
    jobId: String(j.id),
    client: { id: j.client },
    vendor: { id: j.vendor },
    vendorPaidUnits: String(Math.floor(j.paidUsd)),
    updatedAt: String(1_000 + j.id),
  }));
const ratings = market.jobs.flatMap((j) =>
  j.paidUsd <= 0
    ? []
    : [
        ...(j.clientScore === null
          ? []
          : [{ rater: j.client, ratee: j.vendor, role: "Client", score: j.clientScore, n: 2 * j.id }]),
        ...(j.vendorScore === null
          ? []
          : [{ rater: j.vendor, ratee: j.client, role: "Vendor", score: j.vendorScore, n: 2 * j.id + 1 }]),
      ],
);
const rawRatings = ratings
  .map((r) => ({
    id: `0x${r.n.toString(16).padStart(16, "0")}`,
    rater: { id: r.rater },
    ratee: { id: r.ratee },
    raterRole: r.role,
    score: r.score,
    blockNumber: String(10 + r.n),
  }))
  .sort((a, b) => (a.id < b.id ? -1 : 1));

function page<T>(rows: T[], query: string, key: (row: T) => string, cursorField: string): T[] {
  const cursor = new RegExp(`${cursorField}: "([^"]+)"`).exec(query)?.[1];
  const rest = cursor === undefined ? rows : rows.filter((row) => BigIntOrString(key(row)) > BigIntOrString(cursor));
  return rest.slice(0, 1000);
}

function BigIntOrString(value: string): bigint | string {
  return /^\d+$/.test(value) ? BigInt(value) : value;
}

describe("rankVendorsForJob", () => {
  let server: Awaited<ReturnType<typeof startFakeServer>>;
  const queries: string[] = [];
  let firstJobTx = `0x${"ab".repeat(32)}`;
  let ratingsBroken = false;

  before(async () => {
    server = await startFakeServer((body) => {
      const query = String(body.query);
      queries.push(query);
      if (query.includes("MatchingJob")) {
        return { data: { job: rawJob({ requiredSkills: [skillTag(skill)], minRating: 0, minPaidJobs: 0 }) } };
      }
      if (query.includes("MatchingCandidates")) {
        const vendors = records
          .filter((v) => v.skills.includes(skillTag(skill)))
          .map((v) => ({
            ...v,
            ratingWeightedSum: String(v.ratingWeightedSum),
            ratingWeight: String(v.ratingWeight),
          }));
        return { data: { vendors } };
      }
      if (query.includes("TrustFingerprint")) return { data: { jobs: [{ jobId: "0", createdTx: firstJobTx }] } };
      if (query.includes("TrustRatings") && ratingsBroken) {
        return { errors: [{ message: "Type `Rating` has no field `raterRole`" }] };
      }
      if (query.includes("TrustJobs")) {
        const since = BigInt(/updatedAt_gte: "(\d+)"/.exec(query)![1]);
        const fresh = jobs.filter((j) => BigInt(j.updatedAt) >= since);
        return { data: { jobs: page(fresh, query, (j) => j.jobId, "jobId_gt") } };
      }
      if (query.includes("TrustRatings")) {
        const since = BigInt(/blockNumber_gte: "(\d+)"/.exec(query)![1]);
        const fresh = rawRatings.filter((r) => BigInt(r.blockNumber) >= since);
        return { data: { ratings: page(fresh, query, (r) => r.id, "id_gt") } };
      }
      return undefined;
    });
  });
  after(() => server.close());

  test("ranks with trust-weighted ratings and says why a bought rating does not count", async () => {
    const url = `${server.url}/subgraphs/name/mosaic`;
    const ranking = await rankVendorsForJob({ subgraphUrl: url, jobId: 42, now: 1_899_000_000, top: 100 });
    assert.ok(ranking !== null);
    assert.equal(ranking.trust?.ratings, ratings.length);
    assert.ok(ranking.trust!.converged);
    const bought = ranking.matches.find((m) => m.address === attacker)!;
    assert.equal(bought.breakdown.rating.points, 0);
    assert.match(bought.breakdown.rating.trust!.summary, /ratings come from accounts with no other history/);
    const best = ranking.matches[0];
    assert.ok(best.breakdown.rating.trust!.countingRatings > 0);
    assert.ok(best.score > bought.score);

    // Raw ratings, for comparison: the bought record then looks excellent.
    const raw = await rankVendorsForJob({ subgraphUrl: url, jobId: 42, now: 1_899_000_000, top: 100, trust: false });
    assert.equal(raw!.trust, null);
    assert.ok(raw!.matches.find((m) => m.address === attacker)!.breakdown.rating.points > 20);
  });

  test("a restart resumes from the saved state: it reads only newer events and gets the same trust", async () => {
    const url = `${server.url}/subgraphs/name/mosaic`;
    const dir = mkdtempSync(join(tmpdir(), "mosaic-trust-state-"));
    try {
      const stateFile = join(dir, "trust.bin");
      const first = await new SubgraphTrust(url, {}, { stateFile }).refresh();
      queries.length = 0;
      const resumed = new SubgraphTrust(url, {}, { stateFile });
      const again = await resumed.refresh();
      const newestJob = Math.max(...jobs.map((j) => Number(j.updatedAt)));
      const jobQuery = queries.find((q) => q.includes("TrustJobs"))!;
      assert.match(jobQuery, new RegExp(`updatedAt_gte: "${newestJob}"`));
      // The boundary block is read again and absorbed: no rating counts twice.
      assert.equal(again.ratings, first.ratings);
      assert.equal(again.relationships, first.relationships);
      for (const vendor of market.vendors) {
        assert.ok(Math.abs(again.trustOf(vendor.address) - first.trustOf(vendor.address)) < 1e-6);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("reads only what changed on the next call", async () => {
    const url = `${server.url}/subgraphs/name/mosaic`;
    queries.length = 0;
    await rankVendorsForJob({ subgraphUrl: url, jobId: "42", now: 1_899_000_000 });
    const trustJobs = queries.filter((q) => q.includes("TrustJobs"));
    const newest = Math.max(...jobs.map((j) => Number(j.updatedAt)));
    assert.ok(trustJobs.length >= 1);
    assert.ok(
      trustJobs.every((q) => q.includes(`updatedAt_gte: "${newest}"`)),
      trustJobs[0],
    );
  });

  test("reads everything again when the chain behind the URL was reset", async () => {
    const url = `${server.url}/subgraphs/name/mosaic`;
    queries.length = 0;
    firstJobTx = `0x${"cd".repeat(32)}`;
    const ranking = await rankVendorsForJob({ subgraphUrl: url, jobId: "42", now: 1_899_000_000 });
    assert.ok(queries.some((q) => q.includes("TrustJobs") && q.includes('updatedAt_gte: "0"')));
    assert.equal(ranking!.trust?.ratings, ratings.length);
  });

  test("falls back to raw ratings, and says so, when trust cannot be read", async () => {
    const url = `${server.url}/subgraphs/name/mosaic`;
    ratingsBroken = true;
    firstJobTx = `0x${"ef".repeat(32)}`;
    try {
      const ranking = await rankVendorsForJob({ subgraphUrl: url, jobId: "42", now: 1_899_000_000, top: 100 });
      assert.equal(ranking!.trust, null);
      assert.match(ranking!.trustError ?? "", /Ranked by raw ratings: trust could not be read .*raterRole/);
      assert.equal(ranking!.matches[0].breakdown.rating.trust, undefined);
    } finally {
      ratingsBroken = false;
    }
  });

  test("answers null for a job the subgraph does not have", async () => {
    const empty = await startFakeServer(() => ({ data: { job: null } }));
    try {
      assert.equal(await rankVendorsForJob({ subgraphUrl: empty.url, jobId: "7", now: 1 }), null);
    } finally {
      await empty.close();
    }
  });
});
