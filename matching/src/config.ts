import { MatchingInputError } from "./errors.ts";

/** Points each factor contributes at a perfect fit; the defaults add up to 100. */
export interface FactorWeights {
  rating: number;
  skills: number;
  price: number;
  timezone: number;
  availability: number;
  trackRecord: number;
}

export interface MatchingConfig {
  weights: FactorWeights;
  /**
   * Weight of the pessimistic prior (a 1-star rating) mixed into every vendor's
   * average, in the Reputation contract's weight units. A vendor whose own rating
   * weight equals this gets 50% confidence.
   */
  ratingPriorWeight: bigint;
  /**
   * With trust-weighted ratings: the prior's weight in trust units (1 = the full
   * backing of one average account with standing). A vendor backed by this much
   * trust gets 50% confidence.
   */
  trustPriorWeight: number;
  /** Vendors with fewer ratings than this are "new" and compete for reserved slots. */
  newVendorMaxRatings: number;
  /** Every Nth position of a ranking is reserved for the best new vendor; 0 disables. */
  newVendorSlotEvery: number;
  /** Length of the working day assumed at both ends, starting at 09:00 local time. */
  workdayHours: number;
  workdayStartHour: number;
  defaultOverlapHours: number;
  defaultHoursPerWeek: number;
  /** Weekly hours an active job is assumed to take from a vendor's availability. */
  hoursPerActiveJob: number;
  /** A nice-to-have skill counts this much of a required one in skill coverage. */
  niceToHaveSkillWeight: number;
}

/**
 * 500 weight units. The Reputation contract weighs a rating by the value paid in the token's
 * weight unit (about one US dollar) and caps one counterparty at 10,000 units, so the prior is
 * worth about 500 USD of paid work.
 */
export const DEFAULT_RATING_PRIOR_WEIGHT = 500n;

/** The backing of one average account with standing; see trusted-rating.ts. */
export const DEFAULT_TRUST_PRIOR_WEIGHT = 1;

export const DEFAULT_MATCHING_CONFIG: MatchingConfig = Object.freeze({
  weights: Object.freeze({
    rating: 30,
    skills: 20,
    price: 15,
    timezone: 10,
    availability: 10,
    trackRecord: 15,
  }),
  ratingPriorWeight: DEFAULT_RATING_PRIOR_WEIGHT,
  trustPriorWeight: DEFAULT_TRUST_PRIOR_WEIGHT,
  newVendorMaxRatings: 3,
  newVendorSlotEvery: 5,
  workdayHours: 8,
  workdayStartHour: 9,
  defaultOverlapHours: 4,
  defaultHoursPerWeek: 20,
  hoursPerActiveJob: 10,
  niceToHaveSkillWeight: 0.5,
});

export type MatchingConfigInput = Partial<Omit<MatchingConfig, "weights">> & {
  weights?: Partial<FactorWeights>;
};

export function resolveConfig(input: MatchingConfigInput = {}): MatchingConfig {
  const config: MatchingConfig = {
    ...DEFAULT_MATCHING_CONFIG,
    ...input,
    weights: { ...DEFAULT_MATCHING_CONFIG.weights, ...input.weights },
  };
  for (const [name, weight] of Object.entries(config.weights)) {
    requireNonNegative(`weights.${name}`, weight);
  }
  if (typeof config.ratingPriorWeight !== "bigint" || config.ratingPriorWeight <= 0n) {
    throw new MatchingInputError("ratingPriorWeight must be a positive bigint");
  }
  if (!(config.trustPriorWeight > 0) || !Number.isFinite(config.trustPriorWeight)) {
    throw new MatchingInputError("trustPriorWeight must be a positive number");
  }
  requireNonNegative("newVendorMaxRatings", config.newVendorMaxRatings);
  requireNonNegative("newVendorSlotEvery", config.newVendorSlotEvery);
  if (config.workdayHours <= 0 || config.workdayHours > 24) {
    throw new MatchingInputError("workdayHours must be in (0, 24]");
  }
  requireNonNegative("hoursPerActiveJob", config.hoursPerActiveJob);
  requireNonNegative("niceToHaveSkillWeight", config.niceToHaveSkillWeight);
  return Object.freeze(config);
}

function requireNonNegative(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new MatchingInputError(`${name} must be a finite number >= 0, got ${value}`);
  }
}
