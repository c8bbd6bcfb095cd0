import { MatchingInputError } from "../errors.ts";
import type { Address } from "../types.ts";
import type { TrustGraph } from "./graph.ts";
import { separationOf } from "./separation.ts";
import { trustStructures } from "./structures.ts";
import type { ResultArrays } from "./structures.ts";
import { sweepRows } from "./sweep-rows.ts";
import type { SeparationState } from "./separation.ts";

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
  /**
   * d, the share of trust passed along relationships each step (default 0.6). Lower than
   * PageRank's 0.85 on purpose: a closed group with a few bought ties to the market keeps
   * what enters it circulating, and keeps about 1/(1 − d) of it; 0.6 bounds that to 2.5x.
   */
  damping?: number;
  /** Paid value between two accounts counts up to this many weight units (default 10,000, the contract's pair cap). */
  pairCapUnits?: number;
  seed?: TrustSeed;
  /**
   * Iteration stops when the L1 change of the trust distribution (which sums to 1) drops below this
   * (default 1e-14: close enough to the fixed point that where it started from, the last result or
   * the seed, moves no standing by 1e-9).
   */
  tolerance?: number;
  maxIterations?: number;
  /** Independent trust below this (mean-1 units) means "little standing" in explanations (default 0.05). */
  standingThreshold?: number;
  /**
   * No account holds or passes on more than this many mean-1 units (default 4): a seed, or an
   * account a seed props up, cannot hand a sybil more than a few ordinary accounts could.
   */
  standingCap?: number;
  /** One rater adds at most this much trusted weight to one vendor (mean-1 units, default 0.25). */
  raterCap?: number;
  /**
   * A vendor's ratings carry trusted weight only once this many raters of independent standing
   * rated it (default 3, the ranking's `newVendorMaxRatings`: until then it competes for the
   * slots reserved for new vendors).
   */
  minIndependentRaters?: number;
  /**
   * Seconds over which a relationship's weight vests, linearly by whole days from the day of its
   * first payment (1/90 that day, in full after 90 days by default); ages count up to the latest
   * payment the graph has seen. A relationship first paid after `now` counts nothing. 0: no vesting.
   */
  vestingSeconds?: number;
  /** The time trust is computed at, in `paidAt` units (default: the latest payment in the graph). */
  now?: number;
}

/**
 * Who the trust flows from. A market's operator publishes a versioned list,
 * `{ accounts: [...], version: "..." }` (see `loadTrustSeed`). Without one,
 * `{ earliestPairs: 50 }`: the clients and vendors of the first 50 client–vendor
 * relationships by the time they were first *paid* (never by job id, which is fixed when a
 * job is posted without funds, nor by arrival), ties by address, and never more than a
 * quarter of the relationships, so a young market does not seed everyone.
 */
export type TrustSeed = { earliestPairs: number } | { accounts: readonly Address[]; version?: string };

const DAY = 86_400;
/** Successive over-relaxation of the sweeps: 1.15 took the fewest at 100,000 vendors (28 → 18 from the seed, 22 → 15 warm). */
const OVER_RELAXATION = 1.15;

export const DEFAULT_TRUST_OPTIONS = Object.freeze({
  damping: 0.6,
  pairCapUnits: 10_000,
  seed: Object.freeze({ earliestPairs: 50 }) as TrustSeed,
  tolerance: 1e-14,
  maxIterations: 200,
  standingThreshold: 0.05,
  standingCap: 4,
  raterCap: 0.25,
  minIndependentRaters: 3,
  vestingSeconds: 90 * 86_400,
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
  /** The arrays behind the answers (absent on a bare warm-start stand-in). */
  readonly computed?: ComputedTrust;
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
  const vesting = options.vestingSeconds;
  const now = optionsInput.now ?? graph.latestPaidAt;

  // Capped, vested pair weights, each account's total and the adjacency, updated from the last
  // computation over the graph where they can be (see structures.ts); built afresh for a
  // computation from the seed.
  const work = workArrays(graph);
  const structures = trustStructures(graph);
  structures.update(graph, { pairCapUnits, vestingSeconds: vesting, today: Math.floor(now / DAY) }, warmStart === null);
  const { weight, rowStart, rowEnd, neighbour, edgePair } = structures;

  const { seed, seedRule } = seedVector(graph, options.seed, work.floats("seed", n));
  const seedIds: number[] = [];
  for (let a = 0; a < n; a++) if (seed[a] > 0) seedIds.push(a);

  // An account passes no trust to counterparties that reach the seed only through it (socks
  // hanging off a vendor): it could only come back to it. So adding socks changes nothing for
  // anyone else, and trust splits over the rest: C[a][b] = w(a,b) / Σ w over a's kept edges.
  // Per pair: 1 = hi reaches the seed only through lo, 2 = lo only through hi.
  const { cut, separation } = separationOf(
    graph,
    { rowStart, rowEnd, neighbour, edgePair, marks: work.ints("marks", n), scratch: work },
    weight,
    seedIds,
    warmStart?.computed,
    structures.gainedSince(warmStart?.computed?.shared),
  );
  // What each account receives along each of its edges, per unit of mass its counterparty passes
  // on: row a, edge to b holds C[b][a], so the iteration gathers along rows.
  structures.shares(graph, cut);
  const { flowTotal } = structures;

  const t = new Float64Array(n);
  if (warmStart !== null && warmStart.distribution.length <= n && warmStart.distribution.length > 0) {
    t.set(warmStart.distribution);
  } else {
    t.set(seed);
  }
  // Units: the accounts of the market's core (connected to the seed and not cut off from it by
  // any single account) other than the seed average about 1. Socks hanging off one account
  // never join the core, so adding them cannot inflate the unit. Nobody passes on more than
  // `standingCap` units: the rest stays where it is (a seed's surplus is never handed out).
  const { inCore } = separation;
  const unitOf = (dist: Float64Array): number => {
    let mass = 0;
    let members = 0;
    for (let a = 0; a < n; a++) {
      if (inCore[a] === 1 && seed[a] === 0) {
        mass += dist[a];
        members++;
      }
    }
    return mass > 0 ? members / mass : Math.max(1, members);
  };
  // In distribution units, fixed for the whole iteration (a cap that moved with t could leave
  // more than one fixed point, and a warm start could settle on another one).
  const cap = options.standingCap / Math.max(1, separation.coreCount);
  // Accounts nothing flows into (not seeds, and every share into them is 0: socks and one-off
  // clients behind their only counterparty, about a third of a market) hold nothing at the fixed
  // point and pass nothing on: they start at 0 (a warm start may have held something there) and
  // the sweeps leave them out. The sweeps read rows kept for the graph (sweep-rows.ts) with only
  // the accounts that receive something, in id order, and the edges that bring them something,
  // updated for what changed; the sums add the same terms in the same order as over the full rows.
  const rows = sweepRows(graph);
  rows.update(structures, n, seed, seedIds);
  const { live, liveCount, isLive, start: from, end: until, from: fromWhom, share } = rows;
  for (let b = 0; b < n; b++) if (isLive[b] === 0) t[b] = 0;
  // Indexed by account; only the live accounts' entries are read. One byte per account says
  // whether it passes anything on (1) and whether it is a seed (2).
  const passed = work.floats("passed", n);
  const flags = work.bytes("flags", n);
  let kept = 0;
  for (let i = 0; i < liveCount; i++) {
    const b = live[i];
    flags[b] = (flowTotal[b] > 0 ? 1 : 0) | (seed[b] > 0 ? 2 : 0);
    passed[b] = damping * (t[b] < cap ? t[b] : cap);
    if ((flags[b] & 1) !== 0) kept += passed[b];
  }
  // Gauss–Seidel sweeps: each account gathers what its counterparties pass on, using the values
  // already updated in this sweep, which takes about half the sweeps of updating all at once (a
  // third with over-relaxation) and settles on the same fixed point. What is not passed along
  // (1 − d, what dead ends hold, a capped account's surplus) returns to the seed, as of the sweep
  // before. The iteration stops when a sweep moves the distribution by less than `tolerance` in
  // L1: whether it started from the last result or from the seed, the standings then agree far
  // below 1e-9.
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    const back = 1 - kept;
    let delta = 0;
    kept = 0;
    for (let i = 0; i < liveCount; i++) {
      const b = live[i];
      const flag = flags[b];
      let received = (flag & 2) !== 0 ? back * seed[b] : 0;
      const end = until[b];
      for (let k = from[b]; k < end; k++) received += share[k] * passed[fromWhom[k]];
      // Over-relaxed: the step goes a little past the new value (OVER_RELAXATION), which the
      // sweeps settle at in fewer rounds; the fixed point is the same.
      const before = t[b];
      received = before + OVER_RELAXATION * (received - before);
      if (received < 0) received = 0;
      delta += Math.abs(received - before);
      t[b] = received;
      const p = damping * (received < cap ? received : cap);
      passed[b] = p;
      if ((flag & 1) !== 0) kept += p;
    }
    if (delta < tolerance) {
      converged = true;
      break;
    }
  }
  const unit = unitOf(t);

  // Standing: trust in mean-1 units, capped; worked out per account when asked (a ranking asks
  // about its candidates and their raters), as a whole array only for a saved state.
  const { standingCap } = options;
  const standingAt = (a: number): number => Math.min(t[a] * unit, standingCap);
  let trust: Float64Array | null = null;

  const shared = structures.publish();
  return trustScoresFrom(graph, {
    graphVersion: graph.version,
    seedAccounts: seedIds.length,
    seedRule,
    iterations,
    converged,
    computeMs: performance.now() - started,
    standingThreshold: options.standingThreshold,
    distribution: t,
    get trust() {
      if (trust === null) {
        trust = new Float64Array(n);
        for (let a = 0; a < n; a++) trust[a] = standingAt(a);
      }
      return trust;
    },
    standingAt,
    get weight() {
      return shared.array("weight");
    },
    get outTotal() {
      return shared.array("outTotal");
    },
    get flowTotal() {
      return shared.array("flowTotal");
    },
    shared,
    cut,
    separation,
    damping,
    raterCap: options.raterCap,
    minIndependentRaters: options.minIndependentRaters,
  });
}

/**
 * Working arrays of the last computation over a graph (adjacency, shares, what each account
 * passes on), reused by the next one, which then allocates only what its result keeps: at
 * 100,000 vendors that is tens of megabytes less garbage per recompute.
 */
class WorkArrays {
  private readonly arrays = new Map<string, Int32Array | Float64Array | Uint8Array>();

  ints(name: string, length: number): Int32Array {
    return this.take(name, length, (size) => new Int32Array(size)) as Int32Array;
  }

  bytes(name: string, length: number): Uint8Array {
    return this.take(name, length, (size) => new Uint8Array(size)) as Uint8Array;
  }

  floats(name: string, length: number): Float64Array {
    return this.take(name, length, (size) => new Float64Array(size)) as Float64Array;
  }

  private take(name: string, length: number, make: (size: number) => Int32Array | Float64Array | Uint8Array) {
    let array = this.arrays.get(name);
    if (array === undefined || array.length < length) {
      array = make(Math.ceil(length * 1.25) + 64);
      this.arrays.set(name, array);
    }
    return array.subarray(0, length);
  }
}

const workOf = new WeakMap<TrustGraph, WorkArrays>();

function workArrays(graph: TrustGraph): WorkArrays {
  let work = workOf.get(graph);
  if (work === undefined) workOf.set(graph, (work = new WorkArrays()));
  return work;
}

/** Everything a computation produced, as arrays: what `TrustScores` answers from, and what a saved state keeps. */
export interface ComputedTrust {
  graphVersion: number;
  seedAccounts: number;
  seedRule: string;
  iterations: number;
  converged: boolean;
  computeMs: number;
  standingThreshold: number;
  distribution: Float64Array;
  /** Standing per account, mean-1 units. */
  trust: Float64Array;
  /** One account's standing, without `trust` (a computation's result works that array out only when read). */
  standingAt?: (account: number) => number;
  /** Capped, vested weight per pair (read through `shared` when present: this copies once a later computation updated it). */
  weight: Float64Array;
  /** Per account: Σ weight over its pairs, and over the pairs it passes trust along. */
  outTotal: Float64Array;
  flowTotal: Float64Array;
  /** The structures' arrays behind `weight`, `outTotal` and `flowTotal`, read value by value (a computation's result). */
  shared?: ResultArrays;
  /** Per pair: 1 = hi reaches the seed only through lo, 2 = lo only through hi. */
  cut: Uint8Array;
  /** Who is in the core, for the next computation over the same graph (not saved: a restart works it out again). */
  separation?: SeparationState;
  damping: number;
  raterCap: number;
  minIndependentRaters: number;
}

/** The scores over `graph` (as it was at `computed.graphVersion`) from a computation's arrays. */
export function trustScoresFrom(graph: TrustGraph, computed: ComputedTrust): TrustScores {
  const n = computed.distribution.length;
  const standingAt = standingOf(computed);
  const ratees = new RateeAggregates(graph, computed);
  return {
    graphVersion: computed.graphVersion,
    accounts: n,
    relationships: graph.pairCount,
    ratings: graph.ratingCount,
    seedAccounts: computed.seedAccounts,
    seedRule: computed.seedRule,
    iterations: computed.iterations,
    converged: computed.converged,
    computeMs: computed.computeMs,
    standingThreshold: computed.standingThreshold,
    distribution: computed.distribution,
    computed,
    trustOf(address) {
      const id = graph.findAccount(address);
      return id < 0 || id >= n ? 0 : standingAt(id);
    },
    rateeTrust(address) {
      const id = graph.findAccount(address);
      if (id < 0 || id >= n) return null;
      return ratees.of(id);
    },
  };
}

function standingOf(computed: ComputedTrust): (account: number) => number {
  if (computed.standingAt !== undefined) return computed.standingAt;
  const { trust } = computed;
  return (a) => trust[a];
}

function seedVector(graph: TrustGraph, rule: TrustSeed, seed: Float64Array): { seed: Float64Array; seedRule: string } {
  seed.fill(0);
  const chosen = new Set<number>();
  let seedRule: string;
  if ("accounts" in rule) {
    for (const address of rule.accounts) {
      const id = graph.findAccount(address);
      if (id >= 0) chosen.add(id);
    }
    const version = rule.version === undefined ? "" : ` (version ${rule.version})`;
    seedRule = `${rule.accounts.length} published seed accounts${version}`;
  } else {
    const wanted = rule.earliestPairs;
    if (!Number.isInteger(wanted) || wanted < 1) {
      throw new MatchingInputError("trust seed earliestPairs must be a whole number >= 1");
    }
    const earliest = earliestPaidPairs(graph, wanted);
    for (const p of earliest) {
      chosen.add(graph.pairLo[p]);
      chosen.add(graph.pairHi[p]);
    }
    seedRule = `the clients and vendors of the earliest ${earliest.length} paid relationships, by time first paid`;
  }
  for (const id of chosen) seed[id] = 1 / chosen.size;
  return { seed, seedRule };
}

/**
 * The `wanted` relationships first paid earliest (at most a quarter of the paid ones), by
 * `pairFirstPaid` and then by the two addresses: the same pairs whatever order the events
 * arrived in. A bounded insertion keeps it one pass over the pairs.
 */
export function earliestPaidPairs(graph: TrustGraph, wanted: number): number[] {
  const { pairLo, pairHi, pairValue, pairFirstPaid, addresses } = graph;
  const before = (a: number, b: number): boolean => {
    if (pairFirstPaid[a] !== pairFirstPaid[b]) return pairFirstPaid[a] < pairFirstPaid[b];
    const la = addresses[pairLo[a]] < addresses[pairHi[a]] ? addresses[pairLo[a]] : addresses[pairHi[a]];
    const lb = addresses[pairLo[b]] < addresses[pairHi[b]] ? addresses[pairLo[b]] : addresses[pairHi[b]];
    if (la !== lb) return la < lb;
    const ha = la === addresses[pairLo[a]] ? addresses[pairHi[a]] : addresses[pairLo[a]];
    const hb = lb === addresses[pairLo[b]] ? addresses[pairHi[b]] : addresses[pairLo[b]];
    return ha < hb;
  };
  // The `wanted` earliest in the same pass that counts the paid ones; the first `limit` of them
  // are the `limit` earliest.
  const best: number[] = [];
  let paid = 0;
  for (let p = 0; p < graph.pairCount; p++) {
    if (!(pairValue[p] > 0)) continue;
    paid++;
    if (best.length === wanted) {
      const last = best[wanted - 1];
      if (pairFirstPaid[p] > pairFirstPaid[last] || !before(p, last)) continue;
    }
    let i = best.length === wanted ? wanted - 1 : best.length;
    while (i > 0 && before(p, best[i - 1])) {
      best[i] = best[i - 1];
      i--;
    }
    best[i] = p;
  }
  best.length = Math.min(best.length, wanted, Math.max(1, Math.ceil(paid / 4)));
  return best;
}

/**
 * What each vendor's ratings carry, worked out for a vendor when it is first asked about (a
 * ranking asks about its candidates, not the whole market), from the computation's arrays.
 */
class RateeAggregates {
  private readonly graph: TrustGraph;
  private readonly c: ComputedTrust;
  private readonly threshold: number;
  private readonly done = new Map<number, RateeTrust>();
  /** Value by value: a result's arrays that a later computation updated are read through its log, not copied. */
  private readonly weight: (p: number) => number;
  private readonly outTotal: (a: number) => number;
  private readonly flowTotal: (a: number) => number;
  private readonly trust: (a: number) => number;

  constructor(graph: TrustGraph, computed: ComputedTrust) {
    this.graph = graph;
    this.c = computed;
    this.trust = standingOf(computed);
    this.threshold = computed.standingThreshold;
    const shared = computed.shared;
    if (shared === undefined) {
      const { weight, outTotal, flowTotal } = computed;
      this.weight = (p) => weight[p];
      this.outTotal = (a) => outTotal[a];
      this.flowTotal = (a) => flowTotal[a];
    } else {
      this.weight = (p) => shared.weightAt(p);
      this.outTotal = (a) => shared.outTotalAt(a);
      this.flowTotal = (a) => shared.flowTotalAt(a);
    }
  }

  /**
   * Independent trust of a with respect to b (pair p): what a holds minus what b passed it,
   * and nothing when a reaches the seed only through b.
   */
  private independent(a: number, b: number, p: number): number {
    const { cut, damping } = this.c;
    if ((cut[p] & (b === this.graph.pairLo[p] ? 1 : 2)) !== 0) return 0;
    const flowTotal = this.flowTotal(b);
    const ta = this.trust(a);
    return flowTotal > 0 ? Math.max(0, ta - (damping * this.trust(b) * this.weight(p)) / flowTotal) : ta;
  }

  of(v: number): RateeTrust {
    let known = this.done.get(v);
    if (known === undefined) this.done.set(v, (known = this.compute(v)));
    return known;
  }

  private compute(v: number): RateeTrust {
    const graph = this.graph;
    const { raterCap, minIndependentRaters } = this.c;
    const { weight, outTotal } = this;
    const { pairLo, ratingRater, ratingScore, ratingAsVendor, ratingPair } = graph;
    // The vendor's ratings, oldest first (sums in the same order on every process).
    const list: number[] = [];
    for (
      let i = v < graph.lastRatingOf.length ? graph.lastRatingOf[v] : -1;
      i >= 0;
      i = graph.previousRatingOfRatee[i]
    ) {
      list.push(i);
    }
    list.reverse();
    // How often each rater rated it: one pair's influence is split over its ratings in that
    // direction (2p: lo rated hi, 2p + 1: hi rated lo).
    const perDirection = new Map<number, number>();
    for (const i of list) {
      let p = ratingPair[i];
      if (p < 0) p = ratingPair[i] = graph.findPair(ratingRater[i], v);
      if (p >= 0) {
        const direction = ratingRater[i] === pairLo[p] ? 2 * p : 2 * p + 1;
        perDirection.set(direction, (perDirection.get(direction) ?? 0) + 1);
      }
    }
    let ratings = 0;
    let noHistory = 0;
    let counting = 0;
    let trustedWeight = 0;
    let trustedScoreSum = 0;
    // Raters of independent standing, each counted once.
    const independentRaters = new Set<number>();
    for (const i of list) {
      if (ratingAsVendor[i] === 0) continue; // ratings received as a client rank no one
      const r = ratingRater[i];
      const p = ratingPair[i];
      ratings++;
      const w = p < 0 ? 0 : weight(p);
      const rOut = outTotal(r);
      // Paid only the ratee (or nothing at all): no other history to stand on.
      if (w <= 0 || w >= rOut) {
        noHistory++;
        continue;
      }
      const standing = this.independent(r, v, p);
      const direction = r === pairLo[p] ? 2 * p : 2 * p + 1;
      // One rater's share of paid value with v, capped: no single account, however trusted,
      // makes a vendor.
      const ratingWeight = Math.min(raterCap, standing * (w / rOut)) / perDirection.get(direction)!;
      trustedWeight += ratingWeight;
      trustedScoreSum += ratingWeight * ratingScore[i];
      if (standing >= this.threshold) {
        counting++;
        independentRaters.add(direction);
      }
    }
    // Trusted weight counts only from several raters of independent standing on: one bought
    // or borrowed rater, however trusted, makes nobody. Together with the per-rater cap this
    // keeps a vendor above the median vendor's weight only with several independent raters.
    if (independentRaters.size < minIndependentRaters) {
      trustedWeight = 0;
      trustedScoreSum = 0;
    }
    // Jobs that paid it, and those whose client has standing apart from it; likewise counted
    // from several on.
    let paidJobs = 0;
    let backedJobs = 0;
    const { jobClient, jobUnits, jobPair } = graph;
    for (let k = v < graph.lastJobOf.length ? graph.lastJobOf[v] : -1; k >= 0; k = graph.previousJobOfVendor[k]) {
      if (!(jobUnits[k] > 0)) continue;
      paidJobs++;
      const p = jobPair[k];
      if (weight(p) > 0 && this.independent(jobClient[k], v, p) >= this.threshold) backedJobs++;
    }
    if (backedJobs < minIndependentRaters) backedJobs = 0;
    return {
      trustedWeight,
      trustedScoreSum,
      trustedAverage: trustedWeight > 0 ? trustedScoreSum / trustedWeight : null,
      ratings,
      countingRatings: counting,
      noHistoryRatings: noHistory,
      lowTrustRatings: ratings - counting - noHistory,
      paidJobs,
      backedJobs,
      trust: this.trust(v),
    };
  }
}
