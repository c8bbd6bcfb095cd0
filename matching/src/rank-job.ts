import { join } from "node:path";
import { fetchCandidates } from "./candidates.ts";
import type { Pagination } from "./candidates.ts";
import type { MatchingConfigInput } from "./config.ts";
import { MatchingInputError } from "./errors.ts";
import { demandFromJob, fetchJob } from "./job.ts";
import type { JobRecord } from "./job.ts";
import { rankVendors } from "./rank.ts";
import { SubgraphUnreachableError } from "./subgraph/graphql.ts";
import type { FetchLike } from "./subgraph/graphql.ts";
import type { TrustOptions, TrustScores } from "./trust/compute.ts";
import { loadTrustSeed } from "./trust/seed.ts";
import { subgraphTrust } from "./trust/subgraph.ts";
import type { Demand, Match, RankResult } from "./types.ts";

export interface RankVendorsForJobInput {
  subgraphUrl: string;
  jobId: string | number | bigint;
  /** Merged over the demand the Job entity states (what it lacks: timezone, rate ceiling, hours, nice-to-have). */
  demand?: Partial<Demand>;
  /** Unix seconds; else the latest block time at `rpcUrl`, else this machine's clock. */
  now?: number;
  rpcUrl?: string;
  /** Matches to return (default 10). */
  top?: number;
  /**
   * Trust-weighted ratings (default true); false ranks by the raw on-chain ratings. Without a
   * `seed`, the published seed list in the file `$MOSAIC_TRUST_SEED` is used when that is set
   * (see `loadTrustSeed`), else the seed derived from the earliest paid relationships.
   */
  trust?: boolean | TrustOptions;
  /**
   * Folder to keep the trust state in, so a restart resumes from the block it reflects (default:
   * `$MOSAIC_DATA_DIR/matching`, the dApp server's data folder, when that is set; null: memory only).
   */
  trustStateDir?: string | null;
  config?: MatchingConfigInput;
  /** Candidate paging: "cursor" (id_gt, default) or "skip". */
  pagination?: Pagination;
  /** Called after each page of candidates with the running total. */
  onCandidatesPage?: (fetched: number) => void;
  fetch?: FetchLike;
  timeoutMs?: number;
}

/** The trust computation behind a ranking, for a "how we weigh ratings" note. */
export interface TrustSummary {
  accounts: number;
  relationships: number;
  ratings: number;
  seedAccounts: number;
  seedRule: string;
  iterations: number;
  converged: boolean;
  computeMs: number;
}

export interface JobRanking {
  job: JobRecord;
  /** The demand actually ranked. */
  demand: Demand;
  /** Best first; the same array as result.matches. */
  matches: Match[];
  result: RankResult;
  fetchedVendors: number;
  /** null when trust is off, or could not be read (see trustError). */
  trust: TrustSummary | null;
  /**
   * Set when trust was asked for but the subgraph could not serve it (for instance a schema
   * without the fields it reads): the ranking then used the raw on-chain ratings.
   */
  trustError?: string;
}

/**
 * Ranks vendors for a job indexed by a subgraph: reads the job, its candidates
 * (skill filter in the query) and, by default, the market's trust (cached per
 * subgraph and updated incrementally). Null when the subgraph has no such job.
 * The dApp's server and `npm run match` both call this.
 */
export async function rankVendorsForJob(input: RankVendorsForJobInput): Promise<JobRanking | null> {
  const jobId = String(input.jobId);
  if (!/^\d+$/.test(jobId)) throw new MatchingInputError(`Job id must be a decimal number, got "${jobId}"`);
  const request = { fetch: input.fetch, timeoutMs: input.timeoutMs };
  const job = await fetchJob(input.subgraphUrl, jobId, request);
  if (job === null) return null;
  const now = input.now ?? (await chainTime(input.rpcUrl, input.fetch));
  const demand = demandFromJob(job, { ...input.demand, now });
  const trustOptions =
    input.trust === false
      ? null
      : withPublishedSeed(input.trust === true || input.trust === undefined ? {} : input.trust);
  let trustError: string | undefined;
  const [vendors, scores] = await Promise.all([
    fetchCandidates(
      input.subgraphUrl,
      { requiredSkills: demand.requiredSkills, minPaidJobs: demand.minPaidJobs },
      { ...request, pagination: input.pagination, onPage: input.onCandidatesPage },
    ),
    trustOptions === null
      ? Promise.resolve(null)
      : subgraphTrust(input.subgraphUrl, trustOptions, trustStateDir(input.trustStateDir))
          .refresh(request)
          .catch((error: unknown) => {
            // An unreachable subgraph fails the candidates too; anything else degrades to raw ratings.
            if (error instanceof SubgraphUnreachableError) throw error;
            trustError = `Ranked by raw ratings: trust could not be read (${(error as Error).message})`;
            return null;
          }),
  ]);
  const result = rankVendors(demand, vendors, { top: input.top ?? 10, config: input.config, trust: scores });
  return {
    job,
    demand,
    matches: result.matches,
    result,
    fetchedVendors: vendors.length,
    trust: scores === null ? null : summarizeTrust(scores),
    ...(trustError === undefined ? {} : { trustError }),
  };
}

function withPublishedSeed(options: TrustOptions): TrustOptions {
  const file = process.env.MOSAIC_TRUST_SEED;
  if (options.seed !== undefined || file === undefined || file === "") return options;
  return { ...options, seed: loadTrustSeed(file) };
}

function trustStateDir(given: string | null | undefined): string | null {
  if (given !== undefined) return given;
  const data = process.env.MOSAIC_DATA_DIR;
  return data === undefined || data === "" ? null : join(data, "matching");
}

export function summarizeTrust(scores: TrustScores): TrustSummary {
  return {
    accounts: scores.accounts,
    relationships: scores.relationships,
    ratings: scores.ratings,
    seedAccounts: scores.seedAccounts,
    seedRule: scores.seedRule,
    iterations: scores.iterations,
    converged: scores.converged,
    computeMs: Math.round(scores.computeMs * 100) / 100,
  };
}

/**
 * The latest block's timestamp: a local chain's clock can run ahead of the
 * machine's (seeds warp it), and deadlines live on the chain's clock.
 */
export async function chainTime(rpcUrl: string | undefined, fetchImpl: FetchLike = globalThis.fetch): Promise<number> {
  if (rpcUrl !== undefined) {
    try {
      const response = await fetchImpl(rpcUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_getBlockByNumber", params: ["latest", false] }),
        signal: AbortSignal.timeout(5000),
      });
      const body = (await response.json()) as { result?: { timestamp?: string } };
      const timestamp = Number(BigInt(body.result?.timestamp ?? "x"));
      if (Number.isFinite(timestamp)) return timestamp;
    } catch {
      // fall through to the machine's clock
    }
  }
  return Math.floor(Date.now() / 1000);
}
