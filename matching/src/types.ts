/** A 20-byte account address, lower-case hex with the 0x prefix. */
export type Address = string;

/**
 * A bytes32 skill tag as stored on chain: the ASCII skill name left-aligned and
 * zero padded (ethers `encodeBytes32String("solidity")`), lower-case hex.
 */
export type SkillTag = string;

/** A vendor as the subgraph's `Vendor` entity serves it. */
export interface VendorRecord {
  id: Address;
  registered: boolean;
  skills: readonly SkillTag[];
  hourlyRateCents: number;
  timezoneOffsetMinutes: number;
  /** Hours per week the vendor offers; 0 means not taking work. */
  availabilityHours: number;
  /** Sum of score x weight over every rating received (scores 1..5). */
  ratingWeightedSum: bigint;
  /** Sum of rating weights; grows with the value actually paid, capped per counterparty. */
  ratingWeight: bigint;
  ratingCount: number;
  /** Paid vendor jobs as the escrow counts them for an open job's minPaidJobs (`vendorStatsOf(vendor).paidJobs`). */
  countedPaidJobs: number;
  hiredJobs: number;
  paidJobs: number;
  activeJobs: number;
  refundedMilestones: number;
  disputedMilestones: number;
  disputesLost: number;
  metadataCid: string;
}

/** What a client asks for. Every field but `requiredSkills` is optional. */
export interface Demand {
  requiredSkills: readonly SkillTag[];
  niceToHaveSkills?: readonly SkillTag[];
  /** Client's UTC offset; unknown (null) makes the timezone factor neutral. */
  clientTimezoneOffsetMinutes?: number | null;
  /** Shared working hours per day the client wants. */
  overlapHoursWanted?: number;
  /** Highest acceptable hourly rate. */
  rateMaxCents?: number | null;
  /** Total budget; turned into an hourly ceiling only together with `estimatedHours`. */
  budgetUsdCents?: bigint | number | null;
  estimatedHours?: number | null;
  /** Hours per week the job needs; derived from estimatedHours and deadline when absent. */
  hoursPerWeek?: number | null;
  /** Final deadline, unix seconds; needs `now` so ranking never reads the clock. */
  deadline?: number | null;
  /** Current time, unix seconds (the chain's latest block time in the CLI). */
  now?: number | null;
  /** Minimum average rating x100 (450 = 4.50), as the job board enforces it. */
  minRating?: number;
  minPaidJobs?: number;
  /** Vendors that must not be proposed, e.g. the client's own address. */
  excludeVendors?: readonly Address[];
}

export interface FactorScore {
  /** How well the vendor fits on this factor, 0..1. */
  fit: number;
  /** fit x maxPoints: this factor's share of the score. */
  points: number;
  maxPoints: number;
}

export interface RatingScore extends FactorScore {
  /** The average the score uses (1..5): trust-weighted when `trust` is set, else value-weighted; null when none counts. */
  average: number | null;
  /** Share of the estimate that comes from the vendor's own ratings, 0..1. */
  confidence: number;
  ratingCount: number;
  /** Present when ranked with trust-weighted ratings: how much of the rating counts, and why. */
  trust?: RatingTrust;
}

/** How much of a vendor's rating counts once raters are weighed by their standing. */
export interface RatingTrust {
  /** The value-weighted on-chain average, null when unrated. */
  rawAverage: number | null;
  /** The trust-weighted average the score uses, null when no rating carries weight. */
  trustedAverage: number | null;
  /** Trust behind the ratings (1 = the full backing of an average account with standing). */
  trustedWeight: number;
  /** Ratings from raters with independent standing. */
  countingRatings: number;
  /** Ratings from accounts whose only paid relationship is with this vendor. */
  noHistoryRatings: number;
  /** Other ratings from raters with little standing of their own. */
  lowTrustRatings: number;
  /** The above in one sentence, e.g. "4 of 11 ratings come from accounts with no other history". */
  summary: string;
}

export interface SkillsScore extends FactorScore {
  requiredCount: number;
  niceToHaveMatched: SkillTag[];
  niceToHaveCount: number;
}

export interface PriceScore extends FactorScore {
  hourlyRateCents: number;
  ceilingCents: number | null;
  /** null when the demand gives no ceiling. */
  withinCeiling: boolean | null;
}

export interface TimezoneScore extends FactorScore {
  vendorOffsetMinutes: number;
  clientOffsetMinutes: number | null;
  /** Shared workday hours; null when the client's timezone is unknown. */
  overlapHours: number | null;
  overlapHoursWanted: number;
}

export interface AvailabilityScore extends FactorScore {
  availabilityHours: number;
  freeHoursPerWeek: number;
  neededHoursPerWeek: number;
  activeJobs: number;
}

export interface TrackRecordScore extends FactorScore {
  finishedJobs: number;
  paidJobs: number;
  completionRate: number;
  refundedMilestones: number;
  disputedMilestones: number;
  disputesLost: number;
  /**
   * Present when ranked with trust: paid jobs left out of the record because their client has
   * no standing apart from this vendor (paidJobs and finishedJobs above already exclude them).
   */
  unbackedPaidJobs?: number;
}

/** One entry per factor; the points add up to the match's score in this key order. */
export interface ScoreBreakdown {
  rating: RatingScore;
  skills: SkillsScore;
  price: PriceScore;
  timezone: TimezoneScore;
  availability: AvailabilityScore;
  trackRecord: TrackRecordScore;
}

/** "score": placed by score; "newVendorSlot": placed in a slot reserved for new vendors. */
export type Placement = "score" | "newVendorSlot";

export interface Match {
  /** 1-based position in the result. */
  rank: number;
  address: Address;
  score: number;
  placement: Placement;
  isNewVendor: boolean;
  breakdown: ScoreBreakdown;
  reasons: string[];
  vendor: VendorRecord;
}

export interface ExclusionCounts {
  missingRequiredSkill: number;
  notRegistered: number;
  unavailable: number;
  excludedByDemand: number;
  belowMinRating: number;
  belowMinPaidJobs: number;
}

export interface RankResult {
  matches: Match[];
  /** Vendors that passed every hard filter (the length of the full ranking). */
  totalEligible: number;
  /** Vendors considered, eligible or not. */
  totalVendors: number;
  /** Why the others were left out; each vendor counts once, under its first failed filter. */
  excluded: ExclusionCounts;
}
