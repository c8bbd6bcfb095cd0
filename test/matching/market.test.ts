import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  ATTACK_COSTS,
  ATTACKS,
  honestMarket,
  PAIR_WEIGHT_CAP,
  sampleDemands,
  trustGraph,
  vendorRecords,
  withAttack,
} from "../../market/index.ts";
import type { SimJob, SimMarket } from "../../market/index.ts";

const small = () => honestMarket({ vendors: 50, clients: 120, jobs: 800, seed: "market-test" });

describe("honestMarket", () => {
  test("is the same market for the same seed", () => {
    const a = small();
    const b = small();
    assert.deepEqual(a.jobs, b.jobs);
    assert.deepEqual(
      a.vendors.map((v) => v.profile),
      b.vendors.map((v) => v.profile),
    );
  });

  test("rates only paid work, 1 to 5, and better vendors get better ratings", () => {
    const market = small();
    const quality = new Map(market.vendors.map((v) => [v.address, v.profile.quality]));
    let high = 0;
    let highCount = 0;
    let low = 0;
    let lowCount = 0;
    for (const job of market.jobs) {
      if (job.paidUsd === 0) assert.equal(job.clientScore, null);
      if (job.clientScore === null) continue;
      assert.ok(job.clientScore >= 1 && job.clientScore <= 5);
      if (quality.get(job.vendor)! >= 4.5) [high, highCount] = [high + job.clientScore, highCount + 1];
      if (quality.get(job.vendor)! < 4) [low, lowCount] = [low + job.clientScore, lowCount + 1];
    }
    assert.ok(high / highCount > low / lowCount + 0.5, `${high / highCount} vs ${low / lowCount}`);
  });

  test("samples demands from honest clients, who are excluded from their own demand", () => {
    const market = small();
    const clients = new Set(market.clients.map((c) => c.address));
    for (const demand of sampleDemands(market, 20, "t")) {
      assert.ok(demand.requiredSkills.length >= 1);
      assert.ok(clients.has(demand.excludeVendors![0]));
    }
  });
});

describe("withAttack", () => {
  for (const kind of ATTACKS) {
    for (const budgetUsd of [100, 1_000, 10_000]) {
      test(`${kind} spends at most its $${budgetUsd} and nearly all of it`, () => {
        const { market, report } = withAttack(small(), { kind, budgetUsd, seed: "t" });
        assert.ok(report.spentUsd <= budgetUsd, String(report.spentUsd));
        assert.ok(report.spentUsd > budgetUsd - ATTACK_COSTS.farmRealJobUsd * 1.01 - 10, String(report.spentUsd));
        const attackJobs = market.jobs.filter((j) => j.kind === kind);
        assert.equal(attackJobs.length, report.fakeJobs + report.realJobs);
        const attackers = new Set(report.attackerVendors);
        for (const job of attackJobs.filter((j) => attackers.has(j.vendor))) assert.equal(job.clientScore, 5);
      });
    }
  }

  test("keeps the honest jobs and merges the attack's by time", () => {
    const honest = small();
    const { market } = withAttack(honest, { kind: "collusionRing", budgetUsd: 1_000, seed: "t" });
    assert.equal(market.jobs.filter((j) => j.kind === "honest").length, honest.jobs.length);
    for (let i = 1; i < market.jobs.length; i++) assert.ok(market.jobs[i - 1].time <= market.jobs[i].time);
  });

  test("a farm buys its standing from honest vendors only", () => {
    const { market, report } = withAttack(small(), { kind: "reputationFarm", budgetUsd: 10_000, seed: "t" });
    const honest = new Set(market.vendors.filter((v) => v.kind === "honest").map((v) => v.address));
    const real = market.jobs.filter((j) => j.kind === "reputationFarm" && !report.attackerVendors.includes(j.vendor));
    assert.equal(real.length, report.realJobs);
    assert.ok(real.length > 0 && real.every((j) => honest.has(j.vendor)));
  });
});

describe("ledger", () => {
  const job = (id: number, paidUsd: number, clientScore: number | null): SimJob => ({
    id,
    time: id,
    client: "0xc",
    vendor: "0xv",
    kind: "honest",
    valueUsd: paidUsd,
    paidUsd,
    fate: "paid",
    clientScore,
    vendorScore: 3,
  });
  const market = (jobs: SimJob[]): SimMarket => ({
    vendors: [{ ...small().vendors[0], address: "0xv" }],
    clients: [],
    jobs,
  });

  test("weighs ratings by paid value, one counterparty capped at 10,000 units, as the escrow does", () => {
    const [vendor] = vendorRecords(market([job(1, 8_000, 5), job(2, 8_000, 1), job(3, 500, 1)]));
    assert.equal(vendor.ratingWeight, BigInt(PAIR_WEIGHT_CAP));
    assert.equal(vendor.ratingWeightedSum, 5n * 8_000n + 1n * 2_000n);
    // The third rating had no weight left, so it counts toward nothing.
    assert.equal(vendor.ratingCount, 2);
    assert.equal(vendor.paidJobs, 3);
  });

  test("records a vendor's rating of its client as not rating any vendor", () => {
    const graph = trustGraph(market([job(1, 1_000, 4)]));
    assert.equal(graph.ratingCount, 2);
    assert.deepEqual([...graph.ratingAsVendor.subarray(0, 2)], [1, 0]);
  });
});
