/** Ranks vendors for a job with the matching library (never a copy of it), on the server. */
import * as matching from "../../matching/index.ts";
import type { Demand, Match, RankResult } from "../../matching/index.ts";
import { serverConfig } from "./config.ts";

export interface JobMatches {
  matches: Match[];
  result: Pick<RankResult, "totalEligible" | "totalVendors" | "excluded">;
  demand: Demand;
}

/** What the spec document adds to the on-chain demand: the client's timezone, overlap and rate ceiling. */
export function demandFromSpec(spec: Record<string, unknown> | null): Partial<Demand> {
  if (!spec) return {};
  const extra: Partial<Demand> = {};
  if (typeof spec.timezoneOffsetMinutes === "number") extra.clientTimezoneOffsetMinutes = spec.timezoneOffsetMinutes;
  if (typeof spec.overlapHours === "number") extra.overlapHoursWanted = spec.overlapHours;
  if (typeof spec.rateMaxCents === "number") extra.rateMaxCents = spec.rateMaxCents;
  if (typeof spec.estimatedHours === "number") extra.estimatedHours = spec.estimatedHours;
  return extra;
}

type RankForJob = (input: {
  subgraphUrl: string;
  jobId: string;
  demand?: Partial<Demand>;
  now?: number;
  rpcUrl?: string;
  top?: number;
}) => Promise<{ matches: Match[]; result: RankResult; demand: Demand } | null>;

export async function matchesForJob(
  jobId: string,
  extra: Partial<Demand>,
  now: number,
  top = 20,
): Promise<JobMatches | null> {
  const { subgraphUrl, rpcUrl } = serverConfig();
  // The job-level entry point when the library has it; otherwise the same steps by hand.
  const rankForJob = (matching as unknown as { rankVendorsForJob?: RankForJob }).rankVendorsForJob;
  if (rankForJob) {
    const ranking = await rankForJob({ subgraphUrl, jobId, demand: extra, now, rpcUrl, top });
    return ranking ? { matches: ranking.matches, result: ranking.result, demand: ranking.demand } : null;
  }
  const job = await matching.fetchJob(subgraphUrl, jobId);
  if (!job) return null;
  const demand = matching.demandFromJob(job, { ...extra, now });
  const vendors = await matching.fetchCandidates(subgraphUrl, demand);
  const result = matching.rankVendors(demand, vendors, { top });
  return { matches: result.matches, result, demand };
}
