import { createHash } from "node:crypto";
import { join } from "node:path";
import { readBigInt, readBytes, readInt, readRelationId, readString } from "../subgraph/fields.ts";
import type { RawEntity } from "../subgraph/fields.ts";
import { postGraphQL, SubgraphDataError } from "../subgraph/graphql.ts";
import type { GraphQLRequestOptions } from "../subgraph/graphql.ts";
import { computeTrust } from "./compute.ts";
import type { TrustOptions, TrustScores } from "./compute.ts";
import { TrustGraph } from "./graph.ts";
import { loadTrustState, saveTrustState } from "./state.ts";

/** What a saved state needs besides the graph to resume reading. */
interface ReaderState {
  url: string;
  /** The trust options the saved scores were computed with. */
  options: string;
  fingerprint: string | null;
  jobsSince: string;
  ratingsSince: string;
  /** The subgraph's block when the state was read (null when it does not say). */
  block: number | null;
}

export interface SubgraphTrustOptions {
  /**
   * File to keep the trust state in, so a restart resumes from the block it reflects instead of
   * re-reading every event. null: memory only.
   */
  stateFile?: string | null;
  /**
   * Save at most this often (default 60 s; the first computation is always saved): a large
   * market's state is tens of MB, and a restart reads what changed since anyway.
   */
  saveIntervalMs?: number;
}

const PAGE = 1000;

/**
 * Trust over a subgraph's market, kept up to date incrementally: each refresh reads
 * only the jobs updated and the ratings added since the last one (jobs by
 * `updatedAt`, ratings by `blockNumber`, both re-reading the boundary second or
 * block, which the graph absorbs), then warm-starts the iteration from the last
 * result.
 */
export class SubgraphTrust {
  graph = new TrustGraph();
  private scores: TrustScores | null = null;
  /** The first job's creating transaction: when it changes, the chain was reset and everything is read again. */
  private fingerprint: string | null = null;
  private jobsSince = 0n;
  private ratingsSince = 0n;
  /** Keys of the ratings read at `ratingsSince`, the block read again next time. */
  private boundaryRatings = new Set<string>();
  /** The subgraph's block the state reflects, when it says. */
  block: number | null = null;
  private readonly url: string;
  private readonly options: TrustOptions;
  private readonly stateFile: string | null;
  private readonly saveIntervalMs: number;
  private savedAt = -Infinity;
  private warm: Float64Array | null = null;
  private loaded = false;

  constructor(url: string, options: TrustOptions = {}, reader: SubgraphTrustOptions = {}) {
    this.url = url;
    this.options = options;
    this.stateFile = reader.stateFile ?? null;
    this.saveIntervalMs = reader.saveIntervalMs ?? 60_000;
  }

  /** Loads the saved state once (when there is one for this URL). */
  private resume(): void {
    if (this.loaded || this.stateFile === null) return;
    this.loaded = true;
    const state = loadTrustState<ReaderState>(this.stateFile);
    if (state === null || state.meta.url !== this.url || state.meta.options !== JSON.stringify(this.options)) return;
    this.graph = state.graph;
    this.fingerprint = state.meta.fingerprint;
    this.jobsSince = BigInt(state.meta.jobsSince);
    this.ratingsSince = BigInt(state.meta.ratingsSince);
    this.block = state.meta.block;
    this.warm = state.distribution;
    this.scores = state.scores;
    this.boundaryRatings = new Set(state.graph.snapshotRatingKeys());
  }

  private save(): void {
    if (this.stateFile === null || this.scores === null) return;
    const meta: ReaderState = {
      url: this.url,
      options: JSON.stringify(this.options),
      fingerprint: this.fingerprint,
      jobsSince: String(this.jobsSince),
      ratingsSince: String(this.ratingsSince),
      block: this.block,
    };
    saveTrustState(this.stateFile, meta, this.graph, this.scores, [...this.boundaryRatings]);
  }

  get current(): TrustScores | null {
    return this.scores;
  }

  private inflight: Promise<TrustScores> | null = null;

  /** Reads what changed and recomputes; concurrent callers share one refresh. */
  refresh(request: GraphQLRequestOptions = {}): Promise<TrustScores> {
    if (this.inflight === null) {
      this.inflight = this.update(request).finally(() => {
        this.inflight = null;
      });
    }
    return this.inflight;
  }

  private async update(request: GraphQLRequestOptions): Promise<TrustScores> {
    this.resume();
    const fingerprint = await this.readFingerprint(request);
    if (fingerprint !== this.fingerprint) {
      // A new chain behind the same URL (a local node restarted and seeded again): start over.
      this.graph = new TrustGraph();
      this.scores = null;
      this.jobsSince = 0n;
      this.ratingsSince = 0n;
      this.fingerprint = fingerprint;
      this.warm = null;
      this.saved = false;
      this.boundaryRatings.clear();
    }
    const before = this.graph.version;
    await this.readJobs(request);
    await this.readRatings(request);
    if (this.scores === null || this.scores.graphVersion !== this.graph.version) {
      const warm = this.scores ?? (this.warm === null ? null : ({ distribution: this.warm } as TrustScores));
      this.scores = computeTrust(this.graph, this.options, warm);
      this.warm = null;
      if (!this.saved || (this.graph.version !== before && performance.now() - this.savedAt >= this.saveIntervalMs)) {
        this.save();
        this.savedAt = performance.now();
      }
      this.saved = true;
    }
    return this.scores;
  }

  private saved = false;

  private async readFingerprint(request: GraphQLRequestOptions): Promise<string> {
    const data = await postGraphQL<{ jobs?: unknown; _meta?: { block?: { number?: unknown } } }>(
      this.url,
      TRUST_FINGERPRINT_QUERY,
      request,
    );
    if (!Array.isArray(data.jobs)) throw new SubgraphDataError(`The subgraph at ${this.url} returned no jobs list`);
    const block = Number(data._meta?.block?.number);
    this.block = Number.isFinite(block) ? block : null;
    const first = data.jobs[0] as RawEntity | undefined;
    return first === undefined ? "" : `${readBigInt("Job", first, "jobId")}:${readBytes("Job", first, "createdTx")}`;
  }

  /**
   * Paid work: escrow jobs and hour banks updated since the last read, one page of each list per
   * request (a list drops out of the query once read to its end), so both come from the same block.
   */
  private async readJobs(request: GraphQLRequestOptions): Promise<void> {
    let jobCursor: bigint | null = -1n;
    let bankCursor: bigint | null = -1n;
    let newest = this.jobsSince;
    while (jobCursor !== null || bankCursor !== null) {
      const query = buildTrustJobsQuery(this.jobsSince, jobCursor, bankCursor);
      const data = await postGraphQL<{ jobs?: unknown; hourBanks?: unknown }>(this.url, query, request);
      if (jobCursor !== null) {
        if (!Array.isArray(data.jobs)) throw new SubgraphDataError(`The subgraph at ${this.url} returned no jobs list`);
        for (const raw of data.jobs as RawEntity[]) {
          const jobId = readBigInt("Job", raw, "jobId");
          const work = readPaidWork(`Job ${jobId}`, raw, readBigInt(`Job ${jobId}`, raw, "vendorPaidUnits"));
          if (work.updatedAt > newest) newest = work.updatedAt;
          if (work.client !== null && work.vendor !== null)
            this.graph.setJobPaid(Number(jobId), work.client, work.vendor, work.units, work.paidAt);
          jobCursor = jobId;
        }
        if (data.jobs.length < PAGE) jobCursor = null;
      }
      if (bankCursor !== null) {
        // An index from before hour banks answers without the list: it has no banks to add.
        const banks = data.hourBanks ?? [];
        if (!Array.isArray(banks))
          throw new SubgraphDataError(`The subgraph at ${this.url} returned no hour banks list`);
        for (const raw of banks as RawEntity[]) {
          const bankId = readBigInt("HourBank", raw, "bankId");
          const entity = `HourBank ${bankId}`;
          // The contract weighs a bank's ratings by its paid work / the weight unit, rounded down.
          const weightUnit = readBigInt(entity, raw, "weightUnit");
          const units = weightUnit > 0n ? readBigInt(entity, raw, "workPaid") / weightUnit : 0n;
          const work = readPaidWork(entity, raw, units);
          if (work.updatedAt > newest) newest = work.updatedAt;
          if (work.client !== null && work.vendor !== null)
            this.graph.setJobPaid(hourBankKey(bankId), work.client, work.vendor, work.units, work.paidAt);
          bankCursor = bankId;
        }
        if (banks.length < PAGE) bankCursor = null;
      }
    }
    this.jobsSince = newest;
  }

  /** Ratings of escrow jobs and of hour banks from the last block read on, one page of each per request. */
  private async readRatings(request: GraphQLRequestOptions): Promise<void> {
    let ratingCursor: string | null | undefined = null;
    let bankCursor: string | null | undefined = null;
    let newest = this.ratingsSince;
    const take = (kind: string, raw: RawEntity): string => {
      const id = readBytes(kind, raw, "id");
      const entity = `${kind} ${id}`;
      const rater = readRelationId(entity, raw, "rater");
      const ratee = readRelationId(entity, raw, "ratee");
      const block = readBigInt(entity, raw, "blockNumber");
      if (block > newest) {
        newest = block;
        this.boundaryRatings.clear();
      }
      if (block === newest) this.boundaryRatings.add(id);
      const asVendor = readString(entity, raw, "raterRole") === "Client";
      if (rater !== null && ratee !== null) {
        this.graph.addRating(rater, ratee, readInt(entity, raw, "score"), id, asVendor);
      }
      return id;
    };
    // undefined: that list has been read to its end.
    while (ratingCursor !== undefined || bankCursor !== undefined) {
      const query = buildTrustRatingsQuery(this.ratingsSince, ratingCursor, bankCursor);
      const data = await postGraphQL<{ ratings?: unknown; hourBankRatings?: unknown }>(this.url, query, request);
      if (ratingCursor !== undefined) {
        if (!Array.isArray(data.ratings)) {
          throw new SubgraphDataError(`The subgraph at ${this.url} returned no ratings list`);
        }
        for (const raw of data.ratings as RawEntity[]) ratingCursor = take("Rating", raw);
        if (data.ratings.length < PAGE) ratingCursor = undefined;
      }
      if (bankCursor !== undefined) {
        const ratings = data.hourBankRatings ?? [];
        if (!Array.isArray(ratings)) {
          throw new SubgraphDataError(`The subgraph at ${this.url} returned no hour bank ratings list`);
        }
        for (const raw of ratings as RawEntity[]) bankCursor = take("HourBankRating", raw);
        if (ratings.length < PAGE) bankCursor = undefined;
      }
    }
    this.ratingsSince = newest;
  }
}

/**
 * An hour bank's key in the graph: below every job id (-1 - bank id), so a bank and a job of the
 * same number stay two pieces of work, and a saved state (numeric keys) keeps both.
 */
export function hourBankKey(bankId: bigint | number): number {
  return -1 - Number(bankId);
}

/** Client, vendor, when it was last updated and when it first paid, of a job or an hour bank. */
function readPaidWork(
  entity: string,
  raw: RawEntity,
  units: bigint,
): { client: string | null; vendor: string | null; units: number; updatedAt: bigint; paidAt: number } {
  const updatedAt = readBigInt(entity, raw, "updatedAt");
  // When the vendor was first paid (block time); work read before payments carried timestamps
  // ages from its last update.
  const payments = (raw as { payments?: { timestamp?: unknown }[] }).payments;
  const first = Array.isArray(payments) && payments.length > 0 ? Number(payments[0].timestamp) : NaN;
  return {
    client: readRelationId(entity, raw, "client"),
    vendor: readRelationId(entity, raw, "vendor"),
    units: Number(units),
    updatedAt,
    paidAt: Number.isFinite(first) ? first : Number(updatedAt),
  };
}

export const TRUST_FINGERPRINT_QUERY = `query TrustFingerprint {
  jobs(first: 1, orderBy: jobId, orderDirection: asc) {
    jobId
    createdTx
  }
  _meta {
    block {
      number
    }
  }
}`;

/**
 * Jobs and hour banks that paid their vendor for work, updated at or after `since`, each in id
 * order after its cursor (-1: from the first; null: leave that list out, it has been read).
 * A bank's first payment for logged time (not notice) dates its relationship, as a job's first payment does.
 */
export function buildTrustJobsQuery(
  since: bigint,
  afterJobId: bigint | null,
  afterBankId: bigint | null = null,
): string {
  const lists: string[] = [];
  if (afterJobId !== null) {
    const where = [`vendorPaidUnits_gt: "0"`, `updatedAt_gte: "${since}"`];
    if (afterJobId >= 0n) where.push(`jobId_gt: "${afterJobId}"`);
    lists.push(`  jobs(first: ${PAGE}, orderBy: jobId, orderDirection: asc, where: { ${where.join(", ")} }) {
    jobId
    client { id }
    vendor { id }
    vendorPaidUnits
    updatedAt
    payments(first: 1, orderBy: timestamp, orderDirection: asc) {
      timestamp
    }
  }`);
  }
  if (afterBankId !== null) {
    const where = [`workPaid_gt: "0"`, `updatedAt_gte: "${since}"`];
    if (afterBankId >= 0n) where.push(`bankId_gt: "${afterBankId}"`);
    lists.push(`  hourBanks(first: ${PAGE}, orderBy: bankId, orderDirection: asc, where: { ${where.join(", ")} }) {
    bankId
    client { id }
    vendor { id }
    workPaid
    weightUnit
    updatedAt
    payments(first: 1, orderBy: timestamp, orderDirection: asc, where: { kind_not: Notice }) {
      timestamp
    }
  }`);
  }
  return `query TrustJobs {\n${lists.join("\n")}\n}`;
}

/**
 * Escrow ratings and hour-bank ratings from block `since` on, each in id order after its cursor
 * (null: from the first; undefined: leave that list out).
 */
export function buildTrustRatingsQuery(
  sinceBlock: bigint,
  afterId: string | null | undefined,
  afterBankRatingId: string | null | undefined = undefined,
): string {
  const list = (field: string, afterId: string | null) => {
    const where = [`blockNumber_gte: "${sinceBlock}"`];
    if (afterId !== null) where.push(`id_gt: ${JSON.stringify(afterId)}`);
    return `  ${field}(first: ${PAGE}, orderBy: id, orderDirection: asc, where: { ${where.join(", ")} }) {
    id
    rater { id }
    ratee { id }
    raterRole
    score
    blockNumber
  }`;
  };
  const lists: string[] = [];
  if (afterId !== undefined) lists.push(list("ratings", afterId));
  if (afterBankRatingId !== undefined) lists.push(list("hourBankRatings", afterBankRatingId));
  return `query TrustRatings {\n${lists.join("\n")}\n}`;
}

const caches = new Map<string, SubgraphTrust>();

/**
 * One incremental trust cache per subgraph URL and options, for servers that rank per request.
 * With `stateDir`, each cache keeps its state in `trust-<hash of URL and options>.bin` there.
 */
export function subgraphTrust(url: string, options: TrustOptions = {}, stateDir: string | null = null): SubgraphTrust {
  const key = `${url} ${JSON.stringify(options)}`;
  let cache = caches.get(key);
  if (cache === undefined) {
    const stateFile =
      stateDir === null
        ? null
        : join(stateDir, `trust-${createHash("sha256").update(key).digest("hex").slice(0, 16)}.bin`);
    caches.set(key, (cache = new SubgraphTrust(url, options, { stateFile })));
  }
  return cache;
}
