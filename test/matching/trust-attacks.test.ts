import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  computeTrust,
  decodeTrustState,
  earliestPaidPairs,
  encodeTrustState,
  loadTrustSeed,
  prepareVendors,
  rankVendors,
  TrustGraph,
} from "../../matching/index.ts";
import type { Demand, TrustScores } from "../../matching/index.ts";
import {
  ADAPTIVE_ATTACKS,
  addJob,
  eligibleFor,
  honestMarket,
  MARKET_PRESETS,
  ndcgAt10,
  Random,
  sampleDemands,
  SPECIALTIES,
  trustGraph,
  vendorRecords,
  withAttack,
} from "../../market/index.ts";
import type { SimJob, SimMarket } from "../../market/index.ts";

// One mid-sized market for the attacks: big enough that a top 10 means something.
const honest = honestMarket({ vendors: 600, clients: 1_600, jobs: 12_000, seed: "trust-attacks" });
const targetDemands = sampleDemands(honest, 60, "trust-attacks", SPECIALTIES[0]);

/** Share of target demands with one of `vendors` in the trust-weighted top 10. */
function topShare(market: SimMarket, vendors: readonly string[]): number {
  const records = vendorRecords(market);
  const index = prepareVendors(records, {}, computeTrust(trustGraph(market)));
  const wanted = new Set(vendors);
  let hits = 0;
  for (const demand of targetDemands) {
    if (rankVendors(demand, index, { top: 10 }).matches.some((m) => wanted.has(m.address))) hits++;
  }
  return hits / targetDemands.length;
}

describe("adaptive attacks on the trust graph", () => {
  const fresh = withAttack(honest, { kind: "freshVendor", budgetUsd: 0, seed: "t" });
  const freshShare = topShare(fresh.market, fresh.report.attackerVendors);

  // The goal: no better than a fresh vendor up to $1,000, at most 1 point better at $10,000.
  for (const [budgetUsd, allowance] of [
    [1_000, 0],
    [10_000, 0.01],
  ]) {
    for (const kind of ADAPTIVE_ATTACKS) {
      test(`${kind} at $${budgetUsd.toLocaleString("en-US")} does no better than listing a fresh vendor`, () => {
        const { market, report } = withAttack(honest, { kind, budgetUsd, seed: "t" });
        assert.ok(report.attackerVendors.length > 0);
        const share = topShare(market, report.attackerVendors);
        assert.ok(share <= freshShare + allowance, `${kind}: ${share} against ${freshShare} for a fresh vendor`);
      });
    }
  }

  test("seed squat: jobs posted first but paid later are not the earliest relationships", () => {
    const { market } = withAttack(honest, { kind: "seedSquat", budgetUsd: 1_000, seed: "t" });
    const graph = trustGraph(market);
    for (const p of earliestPaidPairs(graph, 50)) {
      for (const account of [graph.addresses[graph.pairLo[p]], graph.addresses[graph.pairHi[p]]]) {
        assert.ok(!account.startsWith("0x00000007"), `${account} is a squatter`);
      }
    }
    const trust = computeTrust(graph);
    assert.match(trust.seedRule, /by time first paid/);
  });

  test("slander from squatted seeds does not push honest leaders out", () => {
    const { market, report } = withAttack(honest, { kind: "slander", budgetUsd: 1_000, seed: "t" });
    const before = topShare(honest, report.targets);
    const after = topShare(market, report.targets);
    assert.ok(after >= before, `${after} < ${before}`);
  });
});

describe("caps", () => {
  /** Honest core: clients 0..5 each paid vendors 0..5 (well connected), then what the test adds. */
  function core(): TrustGraph {
    const graph = new TrustGraph();
    let id = 0;
    for (let c = 0; c < 6; c++) {
      for (let v = 0; v < 6; v++) {
        graph.setJobPaid(id++, address("c", c), address("v", v), 1_000 + 10 * c + v, id);
        graph.addRating(address("c", c), address("v", v), 4);
      }
    }
    return graph;
  }
  const address = (kind: string, n: number) =>
    `0x${(kind === "c" ? "c" : kind === "v" ? "d" : "e").repeat(8)}${n.toString(16).padStart(32, "0")}`;

  test("one rater adds at most raterCap to a vendor, and a vendor counts only from several independent raters", () => {
    const graph = core();
    const sybil = address("s", 1);
    // Two honest clients hire the sybil: too few independent raters, so nothing counts.
    graph.setJobPaid(1_000, address("c", 0), sybil, 10_000, 100);
    graph.addRating(address("c", 0), sybil, 5);
    graph.setJobPaid(1_001, address("c", 1), sybil, 10_000, 100);
    graph.addRating(address("c", 1), sybil, 5);
    const two = computeTrust(graph, { vestingSeconds: 0 }).rateeTrust(sybil)!;
    assert.equal(two.trustedWeight, 0);
    // A third: now it counts, each rater at most raterCap.
    graph.setJobPaid(1_002, address("c", 2), sybil, 10_000, 100);
    graph.addRating(address("c", 2), sybil, 5);
    const three = computeTrust(graph, { vestingSeconds: 0, raterCap: 0.1 }).rateeTrust(sybil)!;
    assert.ok(three.trustedWeight > 0);
    assert.ok(three.trustedWeight <= 3 * 0.1 + 1e-12, String(three.trustedWeight));
  });

  test("no account's standing exceeds the cap, seeds included", () => {
    const graph = core();
    // A seed pair that only pays each other: it cannot bounce its teleport into a fortune.
    graph.setJobPaid(2_000, address("s", 7), address("s", 8), 10_000, 0);
    graph.setJobPaid(2_001, address("s", 8), address("c", 0), 100, 1);
    const trust = computeTrust(graph, { seed: { accounts: [address("s", 7), address("s", 8)] }, standingCap: 2 });
    for (const a of graph.addresses) assert.ok(trust.trustOf(a) <= 2, `${a}: ${trust.trustOf(a)}`);
  });

  test("a relationship's weight vests with its age", () => {
    const graph = core();
    const day = 86_400;
    const jobs = 36;
    // Paid by two clients, so it does not hang off either.
    graph.setJobPaid(3_000, address("c", 0), address("v", 9), 5_000, jobs + 100 * day);
    graph.setJobPaid(3_001, address("c", 1), address("v", 9), 5_000, jobs + 100 * day);
    const young = computeTrust(graph, { vestingSeconds: 90 * day, now: jobs + 101 * day });
    const old = computeTrust(graph, { vestingSeconds: 90 * day, now: jobs + 200 * day });
    assert.ok(young.trustOf(address("v", 9)) < old.trustOf(address("v", 9)));
  });
});

describe("determinism", () => {
  const market = honestMarket({ vendors: 80, clients: 200, jobs: 2_000, seed: "determinism" });

  function graphInOrder(jobs: SimJob[]): TrustGraph {
    const graph = new TrustGraph();
    for (const job of jobs) addJob(graph, job);
    return graph;
  }

  test("the same seed, trust and ranking whatever order the events arrive in", () => {
    const inOrder = graphInOrder(market.jobs);
    const shuffled = graphInOrder(new Random("arrival").shuffle(market.jobs));
    const seedOf = (graph: TrustGraph) =>
      earliestPaidPairs(graph, 50)
        .map((p) => [graph.addresses[graph.pairLo[p]], graph.addresses[graph.pairHi[p]]].sort().join(">"))
        .sort();
    assert.deepEqual(seedOf(shuffled), seedOf(inOrder));
    const a = computeTrust(inOrder);
    const b = computeTrust(shuffled);
    for (const address of inOrder.addresses) assert.ok(Math.abs(a.trustOf(address) - b.trustOf(address)) < 1e-9);
    const records = vendorRecords(market);
    const demand: Demand = { requiredSkills: [] };
    const rank = (trust: TrustScores) => rankVendors(demand, records, { top: 20, trust }).matches.map((m) => m.address);
    assert.deepEqual(rank(b), rank(a));
  });

  test("a saved and reloaded graph gives the same trust, and keeps taking events", () => {
    const graph = trustGraph({ ...market, jobs: market.jobs.slice(0, 1_500) });
    const scores = computeTrust(graph);
    const state = decodeTrustState<{ block: number }>(encodeTrustState({ block: 7 }, graph, scores));
    assert.equal(state.meta.block, 7);
    // The saved scores answer as they did.
    const saved = state.scores!;
    assert.equal(saved.graphVersion, state.graph.version);
    for (const address of graph.addresses) {
      assert.equal(saved.trustOf(address), scores.trustOf(address));
      assert.deepEqual(saved.rateeTrust(address), scores.rateeTrust(address));
    }
    const reloaded = computeTrust(state.graph, {}, saved);
    for (const address of graph.addresses)
      assert.ok(Math.abs(reloaded.trustOf(address) - scores.trustOf(address)) < 1e-6);
    assert.ok(reloaded.iterations < scores.iterations);
    // The rest of the market on both: still the same.
    const rest = market.jobs.slice(1_500).sort((x, y) => x.id - y.id);
    for (const job of rest) {
      addJob(graph, job);
      addJob(state.graph, job);
    }
    const x = computeTrust(graph);
    const y = computeTrust(state.graph);
    assert.equal(y.ratings, x.ratings);
    for (const address of graph.addresses) assert.ok(Math.abs(x.trustOf(address) - y.trustOf(address)) < 1e-9);
  });
});

describe("published seed", () => {
  test("is versioned, and the same list in any order or case is the same seed", () => {
    const dir = mkdtempSync(join(tmpdir(), "mosaic-seed-"));
    try {
      const a = `0x${"A".repeat(40)}`;
      const b = `0x${"b".repeat(40)}`;
      writeFileSync(join(dir, "one.json"), JSON.stringify({ version: "1", chainId: 8453, accounts: [a, b] }));
      writeFileSync(join(dir, "two.json"), JSON.stringify({ version: "1", accounts: [b, a.toLowerCase(), b] }));
      writeFileSync(join(dir, "bad.json"), JSON.stringify({ accounts: [a] }));
      assert.deepEqual(loadTrustSeed(join(dir, "one.json"), 8453), loadTrustSeed(join(dir, "two.json")));
      assert.throws(() => loadTrustSeed(join(dir, "bad.json")), /version/);
      assert.throws(() => loadTrustSeed(join(dir, "one.json"), 1), /chain 8453/);
      const graph = new TrustGraph();
      graph.setJobPaid(1, a, b, 100, 1);
      assert.match(computeTrust(graph, { seed: loadTrustSeed(join(dir, "one.json")) }).seedRule, /version 1/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("honest ranking quality", () => {
  for (const preset of ["default", "harsh"] as const) {
    test(`${preset} market: NDCG@10 with trust is not below the raw ranking's`, () => {
      const market = honestMarket({ ...MARKET_PRESETS[preset], seed: `ndcg-${preset}` });
      const demands = sampleDemands(market, 100, `ndcg-${preset}`);
      const records = vendorRecords(market);
      const quality = new Map(market.vendors.map((v) => [v.address, v.profile.quality]));
      const raw = prepareVendors(records);
      const trusted = prepareVendors(records, {}, computeTrust(trustGraph(market)));
      let rawSum = 0;
      let trustSum = 0;
      for (const demand of demands) {
        const candidates = eligibleFor(records, demand);
        const ranked = (index: typeof raw) => rankVendors(demand, index, { top: 10 }).matches.map((m) => m.address);
        rawSum += ndcgAt10(ranked(raw), candidates, quality);
        trustSum += ndcgAt10(ranked(trusted), candidates, quality);
      }
      assert.ok(trustSum >= rawSum, `trust ${trustSum / demands.length} against raw ${rawSum / demands.length}`);
    });
  }
});
