import { MatchingInputError } from "../errors.ts";
import type { Address } from "../types.ts";

/**
 * The public record trust is computed from: who paid whom (per job, in rating weight
 * units, about one US dollar each) and who rated whom. Anyone can rebuild it from the
 * subgraph's `Job` (client, vendor, vendorPaidUnits) and `Rating` entities.
 *
 * Built for incremental use: jobs can be re-reported as their paid value grows,
 * ratings are appended, and `computeTrust` warm-starts from the previous result.
 * Accounts get dense ids in order of first appearance.
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

  /** Job key -> job index; a job re-reported replaces its value. */
  private readonly jobIndex = new Map<string | number, number>();
  jobCount = 0;
  jobClient = new Int32Array(1024);
  jobVendor = new Int32Array(1024);
  jobUnits = new Float64Array(1024);
  jobPair = new Int32Array(1024);

  ratingCount = 0;
  ratingRater = new Int32Array(1024);
  ratingRatee = new Int32Array(1024);
  ratingScore = new Uint8Array(1024);
  /** 1 when the ratee was rated as the job's vendor (by its client); only those rank vendors. */
  ratingAsVendor = new Uint8Array(1024);
  /** The rating's pair, -1 while the two had no paid work (resolved again at compute time). */
  ratingPair = new Int32Array(1024);
  private readonly ratingKeys = new Set<string>();

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
    }
    return id;
  }

  /** The account's id, or -1 when it never appeared. */
  findAccount(address: Address): number {
    return this.accountIds.get(address) ?? this.accountIds.get(address.toLowerCase()) ?? -1;
  }

  /** The pair id of two accounts, or -1 when they never had paid work together. */
  findPair(a: number, b: number): number {
    return this.pairIds.get(pairKey(a, b)) ?? -1;
  }

  /**
   * Records (or updates) what a job has paid its vendor so far, in weight units.
   * Calling it again for the same job replaces the job's previous value.
   */
  setJobPaid(job: string | number, client: Address, vendor: Address, paidUnits: number): void {
    if (!(paidUnits >= 0) || !Number.isFinite(paidUnits)) {
      throw new MatchingInputError(`Job ${job}: paid units must be a finite number >= 0, got ${paidUnits}`);
    }
    const c = this.accountId(client);
    const v = this.accountId(vendor);
    if (c === v) return; // the escrow makes self-dealing impossible; never let it count
    let index = this.jobIndex.get(job);
    if (index === undefined) {
      index = this.jobCount++;
      if (index === this.jobClient.length) {
        this.jobClient = grow(this.jobClient);
        this.jobVendor = grow(this.jobVendor);
        this.jobUnits = grow(this.jobUnits);
        this.jobPair = grow(this.jobPair);
      }
      this.jobIndex.set(job, index);
      this.jobClient[index] = c;
      this.jobVendor[index] = v;
      this.jobPair[index] = this.pairFor(c, v);
    } else if (this.jobUnits[index] === paidUnits) {
      return;
    }
    const pair = this.jobPair[index];
    this.pairValue[pair] += paidUnits - this.jobUnits[index];
    this.jobUnits[index] = paidUnits;
    this.version++;
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
    }
    this.ratingRater[this.ratingCount] = r;
    this.ratingRatee[this.ratingCount] = e;
    this.ratingScore[this.ratingCount] = score;
    this.ratingAsVendor[this.ratingCount] = rateeIsVendor ? 1 : 0;
    this.ratingPair[this.ratingCount] = this.findPair(r, e);
    this.ratingCount++;
    this.version++;
  }

  private pairFor(a: number, b: number): number {
    const key = pairKey(a, b);
    let pair = this.pairIds.get(key);
    if (pair === undefined) {
      pair = this.pairCount++;
      if (pair === this.pairLo.length) {
        this.pairLo = grow(this.pairLo);
        this.pairHi = grow(this.pairHi);
        this.pairValue = grow(this.pairValue);
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

function grow<T extends Int32Array | Uint8Array | Float64Array>(array: T): T {
  const bigger = new (array.constructor as new (length: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
}
