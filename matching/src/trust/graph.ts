import { MatchingInputError } from "../errors.ts";
import type { Address } from "../types.ts";

/**
 * The public record trust is computed from: who paid whom (per job, in rating weight
 * units, about one US dollar each) and who rated whom. Anyone can rebuild it from the
 * subgraph's `Job` (client, vendor, vendorPaidUnits) and `Rating` entities.
 *
 * Built for incremental use: jobs can be re-reported as their paid value grows,
 * ratings are appended, and `computeTrust` warm-starts from the previous result.
 * Accounts get dense ids in order of first appearance; nothing computed from the graph
 * depends on that order beyond floating-point rounding (the seed is chosen by the time each
 * relationship was first paid, ties by address).
 *
 * `paidAt` is when a job first paid its vendor, as one sortable number: the subgraph reader
 * uses the block timestamp in seconds (block and log index order within a second are kept
 * by the job's id). Relationships are ordered and aged by it, never by arrival.
 */
export class TrustGraph {
  /** Address (lower case) -> dense account id. */
  private readonly accountIds = new Map<Address, number>();
  readonly addresses: Address[] = [];

  /** Relationship key (lo * 2^26 + hi) -> pair id. A pair is one client and one vendor. */
  private readonly pairIds = new Map<number, number>();
  pairCount = 0;
  pairLo = new Int32Array(1024);
  pairHi = new Int32Array(1024);
  /** Paid value between the two, summed over their jobs, before any cap. */
  pairValue = new Float64Array(1024);
  /** When the two were first paid for work (see `paidAt`); Infinity when unknown. */
  pairFirstPaid = new Float64Array(1024).fill(Infinity);
  /**
   * The graph version at which each pair's value or first payment last changed (0 after a
   * restart): a computation over the same graph updates only what changed since its last one.
   */
  pairChanged = new Int32Array(1024);
  /** The latest `paidAt` seen: the time trust is computed at (relationship ages count to it). */
  latestPaidAt = -Infinity;

  /** Job key -> job index; a job re-reported replaces its value. */
  private readonly jobIndex = new Map<string | number, number>();
  jobCount = 0;
  jobClient = new Int32Array(1024);
  jobVendor = new Int32Array(1024);
  jobUnits = new Float64Array(1024);
  jobPair = new Int32Array(1024);
  jobPaidAt = new Float64Array(1024).fill(Infinity);

  ratingCount = 0;
  ratingRater = new Int32Array(1024);
  ratingRatee = new Int32Array(1024);
  ratingScore = new Uint8Array(1024);
  /** 1 when the ratee was rated as the job's vendor (by its client); only those rank vendors. */
  ratingAsVendor = new Uint8Array(1024);
  /** The rating's pair, -1 while the two had no paid work (resolved again at compute time). */
  ratingPair = new Int32Array(1024);
  private readonly ratingKeys = new Set<string>();

  /**
   * Per account, its latest rating received and its latest job as vendor (-1: none); per
   * rating and job, the previous one of the same ratee / vendor. So one vendor's ratings and
   * jobs are read without a pass over everyone's.
   */
  lastRatingOf = new Int32Array(1024).fill(-1);
  previousRatingOfRatee = new Int32Array(1024);
  lastJobOf = new Int32Array(1024).fill(-1);
  previousJobOfVendor = new Int32Array(1024);

  /** Bumped by every change; a TrustScores remembers the version it was computed at. */
  version = 0;

  get accountCount(): number {
    return this.addresses.length;
  }

  accountId(address: Address): number {
    // Addresses usually arrive lower-cased already: look them up as they are first.
    let id = this.accountIds.get(address);
    if (id !== undefined) return id;
    const key = address.toLowerCase();
    id = this.accountIds.get(key);
    if (id === undefined) {
      id = this.addresses.length;
      this.accountIds.set(key, id);
      this.addresses.push(key);
      if (id === this.lastRatingOf.length) {
        this.lastRatingOf = grow(this.lastRatingOf, -1);
        this.lastJobOf = grow(this.lastJobOf, -1);
      }
    }
    return id;
  }

  /** The account's id, or -1 when it never appeared. */
  findAccount(address: Address): number {
    return this.accountIds.get(address) ?? this.accountIds.get(address.toLowerCase()) ?? -1;
  }

  /** The pair id of two accounts, or -1 when they never had paid work together. */
  findPair(a: number, b: number): number {
    this.indexPairs();
    return this.pairIds.get(pairKey(a, b)) ?? -1;
  }

  /** After `fromSnapshot` the pair and job maps are built on first use, so a restart is ready sooner. */
  private pairsIndexed = true;
  private jobsIndexed = true;
  private snapshotJobKeys: Float64Array | null = null;

  private indexPairs(): void {
    if (this.pairsIndexed) return;
    this.pairsIndexed = true;
    for (let p = 0; p < this.pairCount; p++) this.pairIds.set(pairKey(this.pairLo[p], this.pairHi[p]), p);
  }

  private indexJobs(): void {
    if (this.jobsIndexed) return;
    this.jobsIndexed = true;
    const keys = this.snapshotJobKeys!;
    for (let k = 0; k < keys.length; k++) this.jobIndex.set(keys[k], k);
    this.snapshotJobKeys = null;
  }

  /**
   * Records (or updates) what a job has paid its vendor so far, in weight units, and when it
   * first paid (`paidAt`, seconds; the earliest report wins). Calling it again for the same job
   * replaces the job's previous value.
   */
  setJobPaid(job: string | number, client: Address, vendor: Address, paidUnits: number, paidAt = Infinity): void {
    if (!(paidUnits >= 0) || !Number.isFinite(paidUnits)) {
      throw new MatchingInputError(`Job ${job}: paid units must be a finite number >= 0, got ${paidUnits}`);
    }
    const c = this.accountId(client);
    const v = this.accountId(vendor);
    if (c === v) return; // the escrow makes self-dealing impossible; never let it count
    this.indexJobs();
    let index = this.jobIndex.get(job);
    if (index === undefined) {
      index = this.jobCount++;
      if (index === this.jobClient.length) {
        this.jobClient = grow(this.jobClient);
        this.jobVendor = grow(this.jobVendor);
        this.jobUnits = grow(this.jobUnits);
        this.jobPair = grow(this.jobPair);
        this.jobPaidAt = grow(this.jobPaidAt, Infinity);
        this.previousJobOfVendor = grow(this.previousJobOfVendor);
      }
      this.jobIndex.set(job, index);
      this.previousJobOfVendor[index] = this.lastJobOf[v];
      this.lastJobOf[v] = index;
      this.jobClient[index] = c;
      this.jobVendor[index] = v;
      this.jobPair[index] = this.pairFor(c, v);
    } else if (this.jobUnits[index] === paidUnits && !(paidAt < this.jobPaidAt[index])) {
      return;
    }
    const pair = this.jobPair[index];
    this.pairValue[pair] += paidUnits - this.jobUnits[index];
    this.jobUnits[index] = paidUnits;
    if (paidUnits > 0 && paidAt < this.jobPaidAt[index]) {
      this.jobPaidAt[index] = paidAt;
      if (paidAt < this.pairFirstPaid[pair]) this.pairFirstPaid[pair] = paidAt;
      if (paidAt > this.latestPaidAt) this.latestPaidAt = paidAt;
    }
    this.pairChanged[pair] = ++this.version;
  }

  /**
   * Appends a rating (score 1..5). `key` (the Rating entity's id) makes re-delivery harmless.
   * `rateeIsVendor`: the client rated the job's vendor (the default); a vendor's rating of its
   * client still records the relationship but never counts toward anyone's vendor rating,
   * as in the escrow.
   */
  addRating(rater: Address, ratee: Address, score: number, key?: string, rateeIsVendor = true): void {
    if (!Number.isInteger(score) || score < 1 || score > 5) {
      throw new MatchingInputError(`A rating's score must be 1..5, got ${score}`);
    }
    if (key !== undefined) {
      if (this.ratingKeys.has(key)) return;
      this.ratingKeys.add(key);
    }
    const r = this.accountId(rater);
    const e = this.accountId(ratee);
    if (r === e) return;
    if (this.ratingCount === this.ratingRater.length) {
      this.ratingRater = grow(this.ratingRater);
      this.ratingRatee = grow(this.ratingRatee);
      this.ratingScore = grow(this.ratingScore);
      this.ratingPair = grow(this.ratingPair);
      this.ratingAsVendor = grow(this.ratingAsVendor);
      this.previousRatingOfRatee = grow(this.previousRatingOfRatee);
    }
    this.previousRatingOfRatee[this.ratingCount] = this.lastRatingOf[e];
    this.lastRatingOf[e] = this.ratingCount;
    this.ratingRater[this.ratingCount] = r;
    this.ratingRatee[this.ratingCount] = e;
    this.ratingScore[this.ratingCount] = score;
    this.ratingAsVendor[this.ratingCount] = rateeIsVendor ? 1 : 0;
    this.ratingPair[this.ratingCount] = this.findPair(r, e);
    this.ratingCount++;
    this.version++;
  }

  /**
   * Everything the graph holds, as typed arrays and strings, for `saveTrustState`. Job keys must
   * be numbers (job ids); rating keys are kept only for those given (`ratingKeys`), since a
   * reader re-reads only its boundary block.
   */
  snapshot(ratingKeys: readonly string[] = []): TrustGraphSnapshot {
    this.indexJobs();
    const jobKeys = new Float64Array(this.jobCount);
    for (const [key, index] of this.jobIndex) {
      if (typeof key !== "number") throw new MatchingInputError(`Only numeric job keys can be saved, got "${key}"`);
      jobKeys[index] = key;
    }
    return {
      version: this.version,
      latestPaidAt: this.latestPaidAt,
      addresses: this.addresses.slice(),
      pairLo: this.pairLo.slice(0, this.pairCount),
      pairHi: this.pairHi.slice(0, this.pairCount),
      pairValue: this.pairValue.slice(0, this.pairCount),
      pairFirstPaid: this.pairFirstPaid.slice(0, this.pairCount),
      jobKeys,
      jobClient: this.jobClient.slice(0, this.jobCount),
      jobVendor: this.jobVendor.slice(0, this.jobCount),
      jobUnits: this.jobUnits.slice(0, this.jobCount),
      jobPair: this.jobPair.slice(0, this.jobCount),
      jobPaidAt: this.jobPaidAt.slice(0, this.jobCount),
      ratingRater: this.ratingRater.slice(0, this.ratingCount),
      ratingRatee: this.ratingRatee.slice(0, this.ratingCount),
      ratingScore: this.ratingScore.slice(0, this.ratingCount),
      ratingAsVendor: this.ratingAsVendor.slice(0, this.ratingCount),
      ratingPair: this.ratingPair.slice(0, this.ratingCount),
      ratingKeys: ratingKeys.filter((key) => this.ratingKeys.has(key)),
    };
  }

  /** The rating keys the graph remembers (after `fromSnapshot`: the saved boundary ones). */
  snapshotRatingKeys(): string[] {
    return [...this.ratingKeys];
  }

  /** A graph holding exactly what `snapshot` saw. */
  static fromSnapshot(snap: TrustGraphSnapshot): TrustGraph {
    const graph = new TrustGraph();
    const capacity = (n: number) => Math.max(1024, 2 ** Math.ceil(Math.log2(Math.max(1, n + 1))));
    const fitI32 = (from: Int32Array): Int32Array<ArrayBuffer> => {
      const out = new Int32Array(capacity(from.length));
      out.set(from);
      return out;
    };
    const fitU8 = (from: Uint8Array): Uint8Array<ArrayBuffer> => {
      const out = new Uint8Array(capacity(from.length));
      out.set(from);
      return out;
    };
    const fitF64 = (from: Float64Array, empty = 0): Float64Array<ArrayBuffer> => {
      const out = new Float64Array(capacity(from.length));
      if (empty !== 0) out.fill(empty);
      out.set(from);
      return out;
    };
    for (let i = 0; i < snap.addresses.length; i++) {
      graph.accountIds.set(snap.addresses[i], i);
      graph.addresses.push(snap.addresses[i]);
    }
    graph.pairCount = snap.pairLo.length;
    graph.pairLo = fitI32(snap.pairLo);
    graph.pairHi = fitI32(snap.pairHi);
    graph.pairValue = fitF64(snap.pairValue);
    graph.pairFirstPaid = fitF64(snap.pairFirstPaid, Infinity);
    graph.pairChanged = new Int32Array(graph.pairLo.length);
    graph.pairsIndexed = false;
    graph.jobCount = snap.jobKeys.length;
    graph.jobClient = fitI32(snap.jobClient);
    graph.jobVendor = fitI32(snap.jobVendor);
    graph.jobUnits = fitF64(snap.jobUnits);
    graph.jobPair = fitI32(snap.jobPair);
    graph.jobPaidAt = fitF64(snap.jobPaidAt, Infinity);
    graph.snapshotJobKeys = snap.jobKeys;
    graph.jobsIndexed = false;
    graph.ratingCount = snap.ratingRater.length;
    graph.ratingRater = fitI32(snap.ratingRater);
    graph.ratingRatee = fitI32(snap.ratingRatee);
    graph.ratingScore = fitU8(snap.ratingScore);
    graph.ratingAsVendor = fitU8(snap.ratingAsVendor);
    graph.ratingPair = fitI32(snap.ratingPair);
    for (const key of snap.ratingKeys) graph.ratingKeys.add(key);
    graph.lastRatingOf = new Int32Array(capacity(snap.addresses.length)).fill(-1);
    graph.lastJobOf = new Int32Array(capacity(snap.addresses.length)).fill(-1);
    graph.previousRatingOfRatee = new Int32Array(graph.ratingRater.length);
    graph.previousJobOfVendor = new Int32Array(graph.jobClient.length);
    for (let i = 0; i < graph.ratingCount; i++) {
      const e = graph.ratingRatee[i];
      graph.previousRatingOfRatee[i] = graph.lastRatingOf[e];
      graph.lastRatingOf[e] = i;
    }
    for (let k = 0; k < graph.jobCount; k++) {
      const v = graph.jobVendor[k];
      graph.previousJobOfVendor[k] = graph.lastJobOf[v];
      graph.lastJobOf[v] = k;
    }
    graph.latestPaidAt = snap.latestPaidAt;
    graph.version = snap.version;
    return graph;
  }

  private pairFor(a: number, b: number): number {
    this.indexPairs();
    const key = pairKey(a, b);
    let pair = this.pairIds.get(key);
    if (pair === undefined) {
      pair = this.pairCount++;
      if (pair === this.pairLo.length) {
        this.pairLo = grow(this.pairLo);
        this.pairHi = grow(this.pairHi);
        this.pairValue = grow(this.pairValue);
        this.pairFirstPaid = grow(this.pairFirstPaid, Infinity);
        this.pairChanged = grow(this.pairChanged);
      }
      this.pairLo[pair] = Math.min(a, b);
      this.pairHi[pair] = Math.max(a, b);
      this.pairIds.set(key, pair);
    }
    return pair;
  }
}

const PAIR_SHIFT = 2 ** 26;

function pairKey(a: number, b: number): number {
  return a < b ? a * PAIR_SHIFT + b : b * PAIR_SHIFT + a;
}

function grow<T extends Int32Array | Uint8Array | Float64Array>(array: T, empty = 0): T {
  const bigger = new (array.constructor as new (length: number) => T)(array.length * 2);
  if (empty !== 0) bigger.fill(empty, array.length);
  bigger.set(array);
  return bigger;
}

/** A graph's contents, in the form `state.ts` writes to disk. */
export interface TrustGraphSnapshot {
  version: number;
  latestPaidAt: number;
  addresses: string[];
  pairLo: Int32Array;
  pairHi: Int32Array;
  pairValue: Float64Array;
  pairFirstPaid: Float64Array;
  jobKeys: Float64Array;
  jobClient: Int32Array;
  jobVendor: Int32Array;
  jobUnits: Float64Array;
  jobPair: Int32Array;
  jobPaidAt: Float64Array;
  ratingRater: Int32Array;
  ratingRatee: Int32Array;
  ratingScore: Uint8Array;
  ratingAsVendor: Uint8Array;
  ratingPair: Int32Array;
  ratingKeys: string[];
}
