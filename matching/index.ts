// Public API of Mosaic's vendor matching. See README.md for the formula.
export type {
  Address,
  AvailabilityScore,
  Demand,
  ExclusionCounts,
  FactorScore,
  Match,
  Placement,
  PriceScore,
  RankResult,
  RatingScore,
  RatingTrust,
  ScoreBreakdown,
  SkillTag,
  SkillsScore,
  TimezoneScore,
  TrackRecordScore,
  VendorRecord,
} from "./src/types.ts";
export type { FactorWeights, MatchingConfig, MatchingConfigInput } from "./src/config.ts";
export {
  DEFAULT_MATCHING_CONFIG,
  DEFAULT_RATING_PRIOR_WEIGHT,
  DEFAULT_TRUST_PRIOR_WEIGHT,
  resolveConfig,
} from "./src/config.ts";
export { MatchingInputError } from "./src/errors.ts";
export { skillName, skillTag, normalizeSkillTag } from "./src/skill-tags.ts";
export { DEFAULT_TOP, rankVendors } from "./src/rank.ts";
export type { RankOptions } from "./src/rank.ts";
export { prepareVendors } from "./src/vendor-index.ts";
export type { VendorIndex } from "./src/vendor-index.ts";
export { explainMatch, formatUsd, formatUtcOffset } from "./src/reasons.ts";
export { FACTORS } from "./src/scoring.ts";
export type { FactorName } from "./src/scoring.ts";
export { buildVendorsQuery, fetchCandidates, MAX_PAGE_SIZE, parseVendor, VENDOR_FIELDS } from "./src/candidates.ts";
export type { FetchCandidatesOptions, Pagination, VendorsQueryOptions } from "./src/candidates.ts";
export { buildJobQuery, demandFromJob, fetchJob, parseJob } from "./src/job.ts";
export type { JobRecord } from "./src/job.ts";
export {
  DEFAULT_SUBGRAPH_URL,
  postGraphQL,
  SubgraphDataError,
  SubgraphQueryError,
  SubgraphUnreachableError,
} from "./src/subgraph/graphql.ts";
export type { FetchLike, GraphQLRequestOptions } from "./src/subgraph/graphql.ts";
export { chainTime, rankVendorsForJob, summarizeTrust } from "./src/rank-job.ts";
export type { JobRanking, RankVendorsForJobInput, TrustSummary } from "./src/rank-job.ts";
export { TrustGraph } from "./src/trust/graph.ts";
export { computeTrust, DEFAULT_TRUST_OPTIONS } from "./src/trust/compute.ts";
export type { RateeTrust, TrustOptions, TrustScores, TrustSeed } from "./src/trust/compute.ts";
export { buildTrustJobsQuery, buildTrustRatingsQuery, SubgraphTrust, subgraphTrust } from "./src/trust/subgraph.ts";
export type { SubgraphTrustOptions } from "./src/trust/subgraph.ts";
export { decodeTrustState, encodeTrustState, loadTrustState, saveTrustState } from "./src/trust/state.ts";
export type { TrustState } from "./src/trust/state.ts";
export { earliestPaidPairs } from "./src/trust/compute.ts";
export { loadTrustSeed } from "./src/trust/seed.ts";
export { trustSummary } from "./src/trust/explain.ts";
export { proposeRelay, proposeTeam, TeamInfeasibleError } from "./src/team/propose.ts";
export { listSwaps, swapEffect } from "./src/team/swap.ts";
export { coverageGaps, windowMask } from "./src/team/hours.ts";
export type { CoverageGap, WorkingWindow } from "./src/team/hours.ts";
export type {
  PartCandidate,
  PartCoverage,
  PartProposal,
  Project,
  ProjectPart,
  RelaySpec,
  SwapEffect,
  TeamMember,
  TeamOptions,
  TeamProposal,
} from "./src/team/types.ts";
