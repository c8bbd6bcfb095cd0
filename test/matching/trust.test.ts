import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { computeTrust, FACTORS, rankVendors, skillTag, TrustGraph, trustSummary } from "../../matching/index.ts";
import type { Demand, TrustScores, VendorRecord } from "../../matching/index.ts";
import { HISTORY_SECONDS, honestMarket, Random, trustGraph, vendorRecords, withAttack } from "../../market/index.ts";
import type { SimJob, SimMarket, SimVendor } from "../../market/index.ts";

// Fixed seeds: a failure replays exactly.
const TRIALS = 12;
const PAIR_CAP = 10_000;

function smallMarket(trial: number): SimMarket {
  return honestMarket({ vendors: 60, clients: 160, jobs: 1_500, seed: `trust-test-${trial}` });
}

/** The most active honest clients: a published seed that no test actor belongs to. */
function seedOf(market: SimMarket): string[] {
  const jobs = new Map<string, number>();
  for (const job of market.jobs) jobs.set(job.client, (jobs.get(job.client) ?? 0) + 1);
  return [...jobs.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 10)
    .map(([address]) => address);
}

function trustOf(market: SimMarket, seed: string[]): TrustScores {
  // At one time (the end of the history), so extra jobs do not move the clock relationships vest by.
  return computeTrust(trustGraph(market), { seed: { accounts: seed }, now: HISTORY_SECONDS });
}

function scoreOf(records: VendorRecord[], trust: TrustScores, demand: Demand, address: string): number {
  const match = rankVendors(demand, records, { top: Infinity, trust }).matches.find((m) => m.address === address);
  assert.ok(match, `${address} should be ranked`);
  return match.score;
}

/** A vendor with the same profile and the same jobs, with the same clients, as `original`. */
function withTwin(market: SimMarket, original: SimVendor, twinAddress: string): SimMarket {
  const twin: SimVendor = { ...original, address: twinAddress };
  let nextId = market.jobs.length + 1_000_000;
  const jobs: SimJob[] = [];
  for (const job of market.jobs) {
    jobs.push(job);
    if (job.vendor === original.address) jobs.push({ ...job, id: nextId++, vendor: twinAddress });
  }
  return { ...market, vendors: [...market.vendors, twin], jobs };
}

/** Sock clients that pay `vendor` (and sometimes each other) and rate it 5. */
function withSocks(market: SimMarket, vendor: string, rng: Random): SimMarket {
  const socks = rng.int(1, 40);
  const jobs = [...market.jobs];
  let id = 2_000_000;
  for (let s = 0; s < socks; s++) {
    const sock = `0x${"5".repeat(8)}${s.toString(16).padStart(32, "0")}`;
    const value = rng.int(100, 20_000);
    jobs.push(sockJob(id++, sock, vendor, value));
    // Some socks also pay each other, to look like they have a history.
    if (s > 0 && rng.chance(0.5)) {
      const other = `0x${"5".repeat(8)}${(s - 1).toString(16).padStart(32, "0")}`;
      jobs.push(sockJob(id++, sock, other, rng.int(100, 5_000)));
    }
  }
  return { ...market, jobs };
}

function sockJob(id: number, client: string, vendor: string, value: number): SimJob {
  return {
    id,
    time: 1,
    client,
    vendor,
    kind: "sybilRing",
    valueUsd: value,
    paidUsd: value,
    fate: "paid",
    clientScore: 5,
    vendorScore: 5,
  };
}

describe("trust properties", () => {
  test("adding sock ratings to a vendor never raises it above an honest twin with the same record", () => {
    for (let trial = 0; trial < TRIALS; trial++) {
      const rng = new Random(`twin-${trial}`);
      const honest = smallMarket(trial);
      const rated = honest.vendors.filter(
        (v) => v.profile.availabilityHours > 0 && honest.jobs.filter((j) => j.vendor === v.address).length >= 3,
      );
      const original = rng.pick(rated);
      const twinAddress = `0x${"7".repeat(40)}`;
      const twins = withTwin(honest, original, twinAddress);
      const attacked = withSocks(twins, twinAddress, rng);
      const seed = seedOf(honest);
      const demand: Demand = { requiredSkills: [skillTag(rng.pick(original.profile.skills))] };

      const before = trustOf(twins, seed);
      const after = trustOf(attacked, seed);
      const recordsBefore = vendorRecords(twins);
      const recordsAfter = vendorRecords(attacked);
      const twinBefore = scoreOf(recordsBefore, before, demand, twinAddress);
      const twinAfter = scoreOf(recordsAfter, after, demand, twinAddress);
      const originalAfter = scoreOf(recordsAfter, after, demand, original.address);
      const context = `trial ${trial}: twin ${twinBefore} -> ${twinAfter}, honest ${originalAfter}`;
      assert.ok(twinAfter <= originalAfter + 1e-9, context);
      assert.ok(twinAfter <= twinBefore + 1e-9, context);
      // The raw on-chain average does rise: the defence is the trust, not the data.
      const rawAfter = recordsAfter.find((v) => v.id === twinAddress)!;
      const rawBefore = recordsBefore.find((v) => v.id === twinAddress)!;
      assert.ok(rawAfter.ratingWeight > rawBefore.ratingWeight, context);
    }
  });

  test("a rater's weight never exceeds what its independent counterparties give it", () => {
    for (let trial = 0; trial < TRIALS; trial++) {
      const rng = new Random(`independent-${trial}`);
      const market = withAttack(smallMarket(trial), {
        kind: rng.pick(["sybilRing", "collusionRing", "reputationFarm"] as const),
        budgetUsd: rng.pick([100, 1_000, 10_000]),
        seed: `t${trial}`,
      }).market;
      const seed = seedOf(market);
      const graph = trustGraph(market);
      // A probe vendor paid and rated once, by one rater (honest or not): its trusted weight is
      // that rating's weight. What the rater's other counterparties give it is its trust in the
      // market without the probe.
      const candidates = [...new Set(market.jobs.map((j) => j.client))].filter((c) => !seed.includes(c));
      const rater = rng.pick(candidates);
      const given = computeTrust(graph, { seed: { accounts: seed } }).trustOf(rater);
      const probe = `0x${"9".repeat(40)}`;
      graph.setJobPaid("probe", rater, probe, rng.int(100, 20_000));
      graph.addRating(rater, probe, 5);
      const weight = computeTrust(graph, { seed: { accounts: seed } }).rateeTrust(probe)!.trustedWeight;

      // The rater's share of paid value with the probe, from the public graph.
      let total = 0;
      let withProbe = 0;
      for (let p = 0; p < graph.pairCount; p++) {
        const a = graph.addresses[graph.pairLo[p]];
        const b = graph.addresses[graph.pairHi[p]];
        if (a !== rater && b !== rater) continue;
        const w = Math.min(PAIR_CAP, graph.pairValue[p]);
        total += w;
        if (a === probe || b === probe) withProbe = w;
      }
      const bound = given * (withProbe / total);
      assert.ok(weight <= bound * (1 + 1e-3) + 1e-12, `trial ${trial}: weight ${weight} > bound ${bound}`);
    }
  });

  test("accounts that only paid each other have no trust, however much they spent", () => {
    for (let trial = 0; trial < 4; trial++) {
      const { market, report } = withAttack(smallMarket(trial), {
        kind: "collusionRing",
        budgetUsd: 10_000,
        seed: `c${trial}`,
      });
      const trust = trustOf(market, seedOf(market));
      const ring = new Set([
        ...report.attackerVendors,
        ...market.clients.filter((c) => c.kind === "collusionRing").map((c) => c.address),
      ]);
      for (const address of ring) assert.equal(trust.trustOf(address), 0, address);
      for (const vendor of report.attackerVendors) {
        const received = trust.rateeTrust(vendor)!;
        assert.equal(received.trustedWeight, 0);
        assert.ok(received.ratings > 0);
        assert.equal(received.countingRatings, 0);
      }
    }
  });
});

describe("computeTrust", () => {
  test("gives the same bits for the same events", () => {
    const market = smallMarket(1);
    const a = computeTrust(trustGraph(market));
    const b = computeTrust(trustGraph(market));
    for (const vendor of market.vendors) assert.equal(a.trustOf(vendor.address), b.trustOf(vendor.address));
  });

  test("averages about 1 over the accounts with standing, never above the cap, and converges", () => {
    const market = smallMarket(2);
    const graph = trustGraph(market);
    const trust = computeTrust(graph, { standingCap: 3 });
    assert.ok(trust.converged);
    let sum = 0;
    let reachable = 0;
    for (const address of graph.addresses) {
      const t = trust.trustOf(address);
      assert.ok(t <= 3);
      if (t > 0) {
        sum += t;
        reachable++;
      }
    }
    assert.ok(sum / reachable > 0.5 && sum / reachable < 2, String(sum / reachable));
  });

  test("re-reporting a job's paid value replaces it, and a re-delivered rating counts once", () => {
    const graph = new TrustGraph();
    graph.setJobPaid(1, "0xa", "0xb", 100);
    graph.setJobPaid(1, "0xa", "0xb", 300);
    graph.addRating("0xa", "0xb", 5, "r1");
    graph.addRating("0xa", "0xb", 5, "r1");
    assert.equal(graph.pairValue[0], 300);
    assert.equal(graph.ratingCount, 1);
  });
});

describe("trust in the ranking", () => {
  const honest = smallMarket(5);
  const { market, report } = withAttack(honest, { kind: "sybilRing", budgetUsd: 1_000, seed: "rank" });
  const records = vendorRecords(market);
  const trust = computeTrust(trustGraph(market));
  const attacker = report.attackerVendors[0];
  const demand: Demand = { requiredSkills: [skillTag(market.vendors.at(-1)!.profile.skills[0])] };

  test("explains in words how much of a bought rating counts", () => {
    const match = rankVendors(demand, records, { top: Infinity, trust }).matches.find((m) => m.address === attacker)!;
    const rating = match.breakdown.rating;
    assert.equal(rating.points, 0);
    assert.ok(rating.trust !== undefined);
    assert.equal(rating.trust.noHistoryRatings, rating.ratingCount);
    assert.match(rating.trust.summary, /^All \d+ ratings come from accounts with no other history; none counts/);
    assert.match(match.reasons[0], /No rating counts yet: all \d+ ratings come from accounts with no other history/);
    assert.match(match.reasons.at(-1)!, /paid jobs from clients without standing not counted/);
    assert.ok((match.breakdown.rating.trust?.rawAverage ?? 0) > 4.9);
  });

  test("keeps the breakdown summing to the score, in any input order", () => {
    const forward = rankVendors(demand, records, { top: 25, trust });
    const backward = rankVendors(demand, records.slice().reverse(), { top: 25, trust });
    assert.deepEqual(
      forward.matches.map((m) => m.address),
      backward.matches.map((m) => m.address),
    );
    for (const match of forward.matches) {
      const sum = FACTORS.reduce((total, factor) => total + match.breakdown[factor].points, 0);
      assert.ok(Math.abs(sum - match.score) < 1e-9);
    }
  });

  test("the raw ranking still trusts every paid rating", () => {
    const raw = rankVendors(demand, records, { top: Infinity }).matches.find((m) => m.address === attacker)!;
    assert.ok(raw.breakdown.rating.points > 20);
    assert.equal(raw.breakdown.rating.trust, undefined);
  });
});

describe("trustSummary", () => {
  test("says how many ratings come from accounts with no other history", () => {
    assert.equal(
      trustSummary(11, 7, 4, 0),
      "4 of 11 ratings come from accounts with no other history; 7 count in full",
    );
    assert.equal(
      trustSummary(11, 5, 4, 2),
      "4 of 11 ratings come from accounts with no other history; 2 from accounts with little standing of their own; 5 count in full",
    );
    assert.equal(trustSummary(3, 3, 0, 0), "All 3 ratings come from accounts with independent history");
    assert.equal(trustSummary(0, 0, 0, 0), "No ratings yet");
  });
});
