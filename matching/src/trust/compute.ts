import { MatchingInputError } from "../errors.ts";
import type { Address } from "../types.ts";
import type { TrustGraph } from "./graph.ts";
import { SeedSeparation } from "./separation.ts";

/**
 * Trust of every account, from the paid-relationship graph: an EigenTrust /
 * personalised-PageRank iteration, damped, capped per counterparty, seeded.
 *
 *   w(a,b)  = min(paid between a and b, pairCapUnits)          both directions
 *   C[a][b] = w(a,b) / Σ_x w(a,x)        over a's counterparties x that reach the seed
 *                                        other than through a (0 for the others)
 *   t       = (1 - d) · s  +  d · Cᵀ t   iterated to a fixed point
 *
 * `s` is the seed: uniform over the seed accounts (by default the parties of the
 * earliest paid relationships; see `TrustSeed`). Trust is only ever passed along
 * paid work, so accounts that only paid each other, or one vendor, get nothing
 * unless someone with standing paid or was paid by them. Trust is reported so that
 * the accounts of the market's core (see separation.ts) average about 1.
 *
 * A rating by r of v (as v's client) counts with r's *independent* trust, the part
 * that did not come from v itself (none when r reaches the seed only through v),
 * times r's share of paid value with v, split over r's ratings of v:
 *
 *   weight(r → v) = max(0, t(r) − d · t(v) · C[v][r]) · w(r,v) / Σ_x w(r,x) / ratings(r → v)
 *
 * So a rater can never hand a ratee more standing than its other counterparties
 * gave it, and one counterparty's influence is capped at its share of paid value.
 */
export interface TrustOptions {
  /** d, the share of trust passed along relationships each step (default 0.85). */
  damping?: number;
  /** Paid value between two accounts counts up to this many weight units (default 10,000, the contract's pair cap). */
  pairCapUnits?: number;
  seed?: TrustSeed;
  /** Iteration stops when the L1 change of the trust distribution (which sums to 1) drops below this (default 1e-6). */
  tolerance?: number;
  maxIterations?: number;
  /** Independent trust below this (mean-1 units) means "little standing" in explanations (default 0.05). */
  standingThreshold?: number;
}

/**
 * Who the trust flows from. Default: `{ earliestPairs: 50 }`, the clients and vendors of
 * the first 50 client–vendor relationships that had paid work, in the order the graph
 * received them (job order when read from the subgraph), and never more than a quarter of
 * the relationships, so a young market does not seed everyone. A market's operator can
 * publish its own list instead with `{ accounts: [...] }`.
 */
export type TrustSeed = { earliestPairs: number } | { accounts: readonly Address[] };

export const DEFAULT_TRUST_OPTIONS = Object.freeze({
  damping: 0.85,
  pairCapUnits: 10_000,
  seed: Object.freeze({ earliestPairs: 50 }) as TrustSeed,
  tolerance: 1e-6,
  maxIterations: 200,
  standingThreshold: 0.05,
});

/** What ratings an account received as a vendor, weighed by trust. */
export interface RateeTrust {
  /** Σ trust weight of the ratings received (mean-1 units: 1 = an average account's full backing). */
  trustedWeight: number;
  /** Σ trust weight × score. */
  trustedScoreSum: number;
  /** Trust-weighted average 1..5, null when no rating carries weight. */
  trustedAverage: number | null;
  ratings: number;
  /** Ratings whose rater has independent standing (weight at or above the threshold). */
  countingRatings: number;
  /** Ratings from accounts whose only counterparty is the ratee. */
  noHistoryRatings: number;
  /** Other ratings from raters with little independent standing. */
  lowTrustRatings: number;
  /** Jobs that paid it as vendor. */
  paidJobs: number;
  /** Of those, jobs whose client has independent standing. */
  backedJobs: number;
  /** The account's own trust (mean-1 units). */
  trust: number;
}

export interface TrustScores {
  readonly graphVersion: number;
  readonly accounts: number;
  readonly relationships: number;
  readonly ratings: number;
  readonly seedAccounts: number;
  readonly seedRule: string;
  readonly iterations: number;
  readonly converged: boolean;
  readonly computeMs: number;
  readonly standingThreshold: number;
  /** Raw distribution (sums to 1), for warm starts. */
  readonly distribution: Float64Array;
  /** Trust of an address in mean-1 units; 0 for unknown accounts. */
  trustOf(address: Address): number;
  /** What the address received as a ratee, or null if it never appeared. */
  rateeTrust(address: Address): RateeTrust | null;
}

export function computeTrust(
  graph: TrustGraph,
  optionsInput: TrustOptions = {},
  warmStart: TrustScores | null = null,
): TrustScores {
  const started = performance.now();
  const options = { ...DEFAULT_TRUST_OPTIONS, ...optionsInput };
  const { damping, pairCapUnits, tolerance, maxIterations } = options;
  if (!(damping > 0 && damping < 1)) throw new MatchingInputError("trust damping must be in (0, 1)");
  if (!(pairCapUnits > 0)) throw new MatchingInputError("trust pairCapUnits must be > 0");

  const n = graph.accountCount;
  const pairs = graph.pairCount;
  const { pairLo, pairHi, pairValue } = graph;

  // Capped pair weights and each account's total.
  const weight = new Float64Array(pairs);
  const outTotal = new Float64Array(n);
  const degree = new Int32Array(n);
  for (let p = 0; p < pairs; p++) {
    const w = Math.min(Math.max(0, pairValue[p]), pairCapUnits);
    weight[p] = w;
    if (w > 0) {
      outTotal[pairLo[p]] += w;
      outTotal[pairHi[p]] += w;
      degree[pairLo[p]]++;
      degree[pairHi[p]]++;
    }
  }

  // Adjacency in CSR form: row a lists its counterparties and the capped paid value with each.
  const rowStart = new Int32Array(n + 1);
  for (let a = 0; a < n; a++) rowStart[a + 1] = rowStart[a] + degree[a];
  const fill = rowStart.slice(0, n);
  const neighbour = new Int32Array(rowStart[n]);
  const edgePair = new Int32Array(rowStart[n]);
  for (let p = 0; p < pairs; p++) {
    const w = weight[p];
    if (w <= 0) continue;
    const lo = pairLo[p];
    const hi = pairHi[p];
    let e = fill[lo]++;
    neighbour[e] = hi;
    edgePair[e] = p;
    e = fill[hi]++;
    neighbour[e] = lo;
    edgePair[e] = p;
  }

  const { seed, seedRule } = seedVector(graph, options.seed, weight);
  const seedIds: number[] = [];
  for (let a = 0; a < n; a++) if (seed[a] > 0) seedIds.push(a);

  // An account passes no trust to counterparties that reach the seed only through it (socks
  // hanging off a vendor): it could only come back to it. So adding socks changes nothing for
  // anyone else, and trust splits over the rest: C[a][b] = w(a,b) / Σ w over a's kept edges.
  const separation = new SeedSeparation(n, rowStart, neighbour, seedIds);
  // Per pair: 1 = hi reaches the seed only through lo, 2 = lo only through hi.
  const cut = new Uint8Array(pairs);
  const flowTotal = new Float64Array(n);
  for (let p = 0; p < pairs; p++) {
    const w = weight[p];
    if (w <= 0) continue;
    const lo = pairLo[p];
    const hi = pairHi[p];
    if (separation.cutOffBy(hi, lo)) cut[p] |= 1;
    else flowTotal[lo] += w;
    if (separation.cutOffBy(lo, hi)) cut[p] |= 2;
    else flowTotal[hi] += w;
  }
  const share = new Float64Array(rowStart[n]);
  for (let a = 0; a < n; a++) {
    for (let e = rowStart[a]; e < rowStart[a + 1]; e++) {
      const p = edgePair[e];
      const kept = (cut[p] & (a === pairLo[p] ? 1 : 2)) === 0;
      share[e] = kept ? weight[p] / flowTotal[a] : 0;
    }
  }

  let t = new Float64Array(n);
  if (warmStart !== null && warmStart.distribution.length <= n && warmStart.distribution.length > 0) {
    t.set(warmStart.distribution);
  } else {
    t.set(seed);
  }
  let next = new Float64Array(n);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    next.fill(0);
    for (let a = 0; a < n; a++) {
      const mass = t[a];
      if (mass === 0) continue;
      const end = rowStart[a + 1];
      const start = rowStart[a];
      const passed = damping * mass;
      for (let e = start; e < end; e++) next[neighbour[e]] += passed * share[e];
    }
    // What is not passed along (1 - d, and what dead ends hold) returns to the seed.
    let total = 0;
    for (let a = 0; a < n; a++) total += next[a];
    const back = 1 - total;
    let delta = 0;
    for (let i = 0; i < seedIds.length; i++) next[seedIds[i]] += back * seed[seedIds[i]];
    for (let a = 0; a < n; a++) delta += Math.abs(next[a] - t[a]);
    [t, next] = [next, t];
    if (delta < tolerance) {
      converged = true;
      break;
    }
  }

  // Units: the accounts of the market's core (connected to the seed and not cut off from it by
  // any single account) average about 1. Socks hanging off one account never join the core,
  // so adding them cannot inflate the unit.
  const unit = Math.max(1, separation.coreCount);
  const trust = new Float64Array(n);
  for (let a = 0; a < n; a++) trust[a] = t[a] * unit;

  const ratees = rateeAggregates(graph, trust, outTotal, flowTotal, weight, cut, damping, options.standingThreshold);

  const distribution = t;
  const scores: TrustScores = {
    graphVersion: graph.version,
    accounts: n,
    relationships: pairs,
    ratings: graph.ratingCount,
    seedAccounts: seedIds.length,
    seedRule,
    iterations,
    converged,
    computeMs: performance.now() - started,
    standingThreshold: options.standingThreshold,
    distribution,
    trustOf(address) {
      const id = graph.findAccount(address);
      return id < 0 || id >= n ? 0 : trust[id];
    },
    rateeTrust(address) {
      const id = graph.findAccount(address);
      if (id < 0 || id >= n) return null;
      const w = ratees.trustedWeight[id];
      return {
        trustedWeight: w,
        trustedScoreSum: ratees.trustedScoreSum[id],
        trustedAverage: w > 0 ? ratees.trustedScoreSum[id] / w : null,
        ratings: ratees.ratings[id],
        countingRatings: ratees.counting[id],
        noHistoryRatings: ratees.noHistory[id],
        lowTrustRatings: ratees.ratings[id] - ratees.counting[id] - ratees.noHistory[id],
        paidJobs: ratees.paidJobs[id],
        backedJobs: ratees.backedJobs[id],
        trust: trust[id],
      };
    },
  };
  return scores;
}

function seedVector(
  graph: TrustGraph,
  rule: TrustSeed,
  weight: Float64Array,
): { seed: Float64Array; seedRule: string } {
  const n = graph.accountCount;
  const seed = new Float64Array(n);
  const chosen = new Set<number>();
  let seedRule: string;
  if ("accounts" in rule) {
    for (const address of rule.accounts) {
      const id = graph.findAccount(address);
      if (id >= 0) chosen.add(id);
    }
    seedRule = `${rule.accounts.length} published seed accounts`;
  } else {
    const wanted = rule.earliestPairs;
    if (!Number.isInteger(wanted) || wanted < 1) {
      throw new MatchingInputError("trust seed earliestPairs must be a whole number >= 1");
    }
    let paid = 0;
    for (let p = 0; p < graph.pairCount; p++) if (weight[p] > 0) paid++;
    const limit = Math.min(wanted, Math.max(1, Math.ceil(paid / 4)));
    let taken = 0;
    for (let p = 0; p < graph.pairCount && taken < limit; p++) {
      if (weight[p] <= 0) continue;
      chosen.add(graph.pairLo[p]);
      chosen.add(graph.pairHi[p]);
      taken++;
    }
    seedRule = `the clients and vendors of the earliest ${taken} paid relationships`;
  }
  for (const id of chosen) seed[id] = 1 / chosen.size;
  return { seed, seedRule };
}

interface RateeAggregates {
  trustedWeight: Float64Array;
  trustedScoreSum: Float64Array;
  ratings: Int32Array;
  counting: Int32Array;
  noHistory: Int32Array;
  paidJobs: Int32Array;
  backedJobs: Int32Array;
}

function rateeAggregates(
  graph: TrustGraph,
  trust: Float64Array,
  outTotal: Float64Array,
  flowTotal: Float64Array,
  weight: Float64Array,
  cut: Uint8Array,
  damping: number,
  threshold: number,
): RateeAggregates {
  const n = trust.length;
  const out: RateeAggregates = {
    trustedWeight: new Float64Array(n),
    trustedScoreSum: new Float64Array(n),
    ratings: new Int32Array(n),
    counting: new Int32Array(n),
    noHistory: new Int32Array(n),
    paidJobs: new Int32Array(n),
    backedJobs: new Int32Array(n),
  };
  const { pairLo } = graph;
  // Independent trust of a with respect to b (pair p): what a holds minus what b passed it,
  // and nothing when a reaches the seed only through b.
  const independent = (a: number, b: number, p: number): number =>
    (cut[p] & (b === pairLo[p] ? 1 : 2)) !== 0
      ? 0
      : Math.max(0, trust[a] - (damping * trust[b] * weight[p]) / flowTotal[b]);
  const { ratingRater, ratingRatee, ratingScore } = graph;
  const count = graph.ratingCount;

  // The pair of each rating, and how often each rater rated each ratee: one pair's
  // influence is split over its ratings in that direction (2p: lo rated hi, 2p + 1: hi rated lo).
  const pairOf = graph.ratingPair;
  const ratingsInDirection = new Int32Array(2 * graph.pairCount);
  for (let i = 0; i < count; i++) {
    let p = pairOf[i];
    if (p < 0) p = pairOf[i] = graph.findPair(ratingRater[i], ratingRatee[i]);
    if (p >= 0) ratingsInDirection[ratingRater[i] === pairLo[p] ? 2 * p : 2 * p + 1]++;
  }
  const { ratingAsVendor } = graph;
  for (let i = 0; i < count; i++) {
    if (ratingAsVendor[i] === 0) continue; // ratings received as a client rank no one
    const r = ratingRater[i];
    const v = ratingRatee[i];
    const p = pairOf[i];
    out.ratings[v]++;
    const w = p < 0 ? 0 : weight[p];
    // Paid only the ratee (or nothing at all): no other history to stand on.
    if (w <= 0 || w >= outTotal[r]) {
      out.noHistory[v]++;
      continue;
    }
    const standing = independent(r, v, p);
    const splits = ratingsInDirection[r === pairLo[p] ? 2 * p : 2 * p + 1];
    const ratingWeight = (standing * (w / outTotal[r])) / splits;
    out.trustedWeight[v] += ratingWeight;
    out.trustedScoreSum[v] += ratingWeight * ratingScore[i];
    if (standing >= threshold) out.counting[v]++;
  }
  // Jobs that paid each vendor, and those whose client has standing apart from the vendor.
  const { jobClient, jobVendor, jobUnits, jobPair } = graph;
  for (let k = 0; k < graph.jobCount; k++) {
    if (!(jobUnits[k] > 0)) continue;
    const c = jobClient[k];
    const v = jobVendor[k];
    out.paidJobs[v]++;
    const p = jobPair[k];
    if (weight[p] > 0 && independent(c, v, p) >= threshold) out.backedJobs[v]++;
  }
  return out;
}
