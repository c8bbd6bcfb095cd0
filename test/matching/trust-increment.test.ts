import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { computeTrust, earliestPaidPairs } from "../../matching/index.ts";
import type { TrustGraph, TrustScores } from "../../matching/index.ts";
import { addJob, honestMarket, playJob, Random, trustGraph } from "../../market/index.ts";
import { assertSameTrust } from "./support/trust-compare.ts";

// Fixed seeds: a failure replays exactly.
const TRIALS = 3;
const STEPS = 7;
const DAY = 86_400;

/** Trust, every rating's weight and every cut flag of an increment against a full recompute at the same block. */
function assertSameAsFull(graph: TrustGraph, increment: TrustScores, context: string): TrustScores {
  const full = computeTrust(graph);
  const a = increment.computed!;
  const b = full.computed!;
  assert.equal(increment.seedAccounts, full.seedAccounts, context);
  assert.equal(a.separation!.coreCount, b.separation!.coreCount, `${context}: core size`);
  assert.deepEqual(a.separation!.inCore, b.separation!.inCore, `${context}: core`);
  assert.deepEqual(a.cut, b.cut, `${context}: cut flags`);
  assertSameTrust(increment, full, graph.addresses, context);
  return full;
}

const sock = (trial: number, name: string) =>
  `0x${Buffer.from(`${trial}:${name}`).toString("hex").padEnd(40, "0").slice(0, 40)}`;

describe("trust increments", () => {
  for (let trial = 0; trial < TRIALS; trial++) {
    test(`trial ${trial}: every increment gives the trust of a full recompute, as the cut-off accounts change`, () => {
      const rng = new Random(`trust-increment-${trial}`);
      const sameDay = new Random(`trust-increment-same-day-${trial}`);
      const market = honestMarket({ vendors: 50, clients: 160, jobs: 1_600, seed: `trust-increment-${trial}` });
      const jobs = market.jobs.slice().sort((x, y) => x.id - y.id);
      const start = 900;
      const graph = trustGraph({ ...market, jobs: jobs.slice(0, start) });
      let last = computeTrust(graph);
      let next = start;
      let extra = 0;
      const pay = (client: string, vendor: string, units: number, paidAt = graph.latestPaidAt + 60): string => {
        const key = `extra-${extra++}`;
        graph.setJobPaid(key, client, vendor, units, paidAt);
        return key;
      };
      const sockJobs: string[] = [];
      const inCore = (scores: TrustScores, address: string) =>
        scores.computed!.separation!.inCore[graph.findAccount(address)] === 1;
      const vendorOf = (i: number) => market.vendors[i % market.vendors.length].address;
      for (let step = 0; step < STEPS; step++) {
        const context = `trial ${trial}, step ${step}`;
        // More of the market, in id order, and honest jobs between random accounts.
        const batch = rng.int(40, 160);
        for (const job of jobs.slice(next, next + batch)) addJob(graph, job);
        next += batch;
        for (let i = 0; i < 20; i++) {
          const job = playJob(
            rng,
            10_000_000 + step * 100 + i,
            1,
            rng.pick(market.clients),
            rng.pick(market.vendors),
            800,
            0.8,
            0.6,
          );
          if (job.paidUsd <= 0) continue;
          graph.setJobPaid(job.id, job.client, job.vendor, job.paidUsd, graph.latestPaidAt + 12);
          if (job.clientScore !== null) graph.addRating(job.client, job.vendor, job.clientScore);
        }
        // Socks hanging off a vendor: one that paid only it, one that paid only the first sock.
        const sockA = sock(trial, `a${step}`);
        const sockB = sock(trial, `b${step}`);
        pay(sockA, vendorOf(step), 500);
        graph.addRating(sockA, vendorOf(step), 5);
        sockJobs.push(pay(sockB, sockA, 300));
        // A group that paid only itself (cut off from the seed), joined to the market two steps on.
        const loner = sock(trial, `loner${step}`);
        pay(loner, sock(trial, `loner-vendor${step}`), 700);
        if (step >= 2) {
          // A sock of two steps ago pays another vendor: it now reaches the seed through someone
          // other than the vendor it rated, and the sock hanging off it with it.
          const earlier = sock(trial, `a${step - 2}`);
          assert.ok(!inCore(last, earlier), `${context}: the sock starts cut off`);
          pay(earlier, vendorOf(step + 7), 400);
          graph.addRating(earlier, vendorOf(step + 7), 4);
          pay(sock(trial, `loner${step - 2}`), vendorOf(step + 3), 200);
        }
        if (step === 4) {
          // A relationship first paid before every other: the derived seed changes.
          const before = earliestPaidPairs(graph, 50);
          pay(sock(trial, "early-client"), vendorOf(11), 900, -DAY);
          assert.notDeepEqual(earliestPaidPairs(graph, 50), before, `${context}: the seed changes`);
        }
        if (step === 5) {
          // A job re-reported with nothing paid: a relationship loses its weight.
          graph.setJobPaid(sockJobs[3], sock(trial, "b3"), sock(trial, "a3"), 0);
        }
        const increment = computeTrust(graph, {}, last);
        assertSameAsFull(graph, increment, context);
        if (step >= 2) assert.ok(inCore(increment, sock(trial, `a${step - 2}`)), `${context}: joined`);
        // A job paid the same second: the weights stay where they are, only what it touches moves.
        const client = sameDay.pick(market.clients).address;
        const vendor = sameDay.pick(market.vendors).address;
        pay(client, vendor, sameDay.int(50, 900), graph.latestPaidAt);
        graph.addRating(client, vendor, sameDay.int(1, 5));
        last = computeTrust(graph, {}, increment);
        assertSameAsFull(graph, last, `${context}, same day`);
      }
    });
  }

  test("a result keeps its weights, totals and standings while later increments update the arrays in place", () => {
    const market = honestMarket({ vendors: 50, clients: 160, jobs: 1_500, seed: "trust-test-held" });
    const rng = new Random("trust-test-held");
    const graph = trustGraph({ ...market, jobs: market.jobs.slice(0, 1_200) });
    let last = computeTrust(graph);
    const held: { scores: TrustScores; weight: Float64Array; outTotal: Float64Array; flowTotal: Float64Array }[] = [];
    for (let step = 0; step < 5; step++) {
      for (const job of market.jobs.slice(1_200 + step * 60, 1_260 + step * 60)) addJob(graph, job);
      const job = playJob(rng, 20_000_000 + step, 1, rng.pick(market.clients), rng.pick(market.vendors), 800, 0.8, 0.6);
      graph.setJobPaid(job.id, job.client, job.vendor, 500, graph.latestPaidAt + 12);
      last = computeTrust(graph, {}, last);
      const c = last.computed!;
      held.push({
        scores: last,
        weight: c.weight.slice(),
        outTotal: c.outTotal.slice(),
        flowTotal: c.flowTotal.slice(),
      });
    }
    const standings = held.map(({ scores }) => graph.addresses.map((address) => scores.trustOf(address)));
    // Later increments over the same graph, and a full recompute between them.
    for (let step = 0; step < 3; step++) {
      const job = playJob(rng, 21_000_000 + step, 1, rng.pick(market.clients), rng.pick(market.vendors), 800, 0.8, 0.6);
      graph.setJobPaid(job.id, job.client, job.vendor, 700, graph.latestPaidAt + 12);
      last = computeTrust(graph, {}, last);
      if (step === 1) computeTrust(graph);
    }
    held.forEach(({ scores, weight, outTotal, flowTotal }, i) => {
      const c = scores.computed!;
      assert.deepEqual(c.weight, weight, `result ${i}: weights`);
      assert.deepEqual(c.outTotal, outTotal, `result ${i}: totals`);
      assert.deepEqual(c.flowTotal, flowTotal, `result ${i}: totals passed on`);
      graph.addresses.forEach((address, a) =>
        assert.equal(scores.trustOf(address), standings[i][a], `result ${i}: ${address}`),
      );
    });
  });

  test("a warm start over a graph that only gained relationships needs fewer sweeps than a full recompute", () => {
    const market = honestMarket({ vendors: 60, clients: 160, jobs: 1_500, seed: "trust-test-3" });
    const graph = trustGraph({ ...market, jobs: market.jobs.slice(0, 1_400) });
    const first = computeTrust(graph);
    trustGraph({ ...market, jobs: market.jobs.slice(1_400) }, graph);
    const warm = computeTrust(graph, {}, first);
    const full = assertSameAsFull(graph, warm, "warm");
    assert.ok(warm.iterations < full.iterations, `${warm.iterations} vs ${full.iterations}`);
  });
});
