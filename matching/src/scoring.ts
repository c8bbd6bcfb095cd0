import type { MatchingConfig } from "./config.ts";
import type { ResolvedDemand } from "./demand.ts";
import { availabilityFit } from "./score/availability.ts";
import { priceFit } from "./score/price.ts";
import { skillsFit } from "./score/skills.ts";
import { timezoneFit, workdayOverlapHours } from "./score/timezone.ts";
import type { VendorIndex } from "./vendor-index.ts";

/** Factor order of the fits array and of the score sum; ScoreBreakdown keys follow it. */
export const FACTORS = [
  "rating",
  "skills",
  "price",
  "timezone",
  "availability",
  "trackRecord",
] as const;

export type FactorName = (typeof FACTORS)[number];

/** Everything the hot loop needs about one demand, computed once. */
export interface ScoringContext {
  demand: ResolvedDemand;
  config: MatchingConfig;
  weights: Float64Array;
  /** How many of the demand's nice-to-have skills each vendor position has. */
  niceToHaveMatched: Uint16Array;
}

export function factorWeights(config: MatchingConfig): Float64Array {
  return Float64Array.from(FACTORS, (factor) => config.weights[factor]);
}

/**
 * Writes the six fits (0..1) of the vendor at `position` into `fits` and returns
 * the score: the weighted fits summed in FACTORS order. The breakdown is built
 * from the same fits and weights, so it adds up to exactly this score.
 */
export function scoreVendor(
  context: ScoringContext,
  index: VendorIndex,
  position: number,
  fits: Float64Array,
): number {
  const { demand, config, weights } = context;
  fits[0] = index.ratingFit[position];
  fits[1] = skillsFit(
    demand.requiredSkills.length,
    demand.niceToHaveSkills.length,
    context.niceToHaveMatched[position],
    config.niceToHaveSkillWeight,
  );
  fits[2] = priceFit(index.hourlyRateCents[position], demand.rateCeilingCents);
  fits[3] = timezoneFit(
    demand.clientTimezoneOffsetMinutes === null
      ? null
      : workdayOverlapHours(
          index.timezoneOffsetMinutes[position],
          demand.clientTimezoneOffsetMinutes,
          config.workdayHours,
        ),
    demand.overlapHoursWanted,
  );
  fits[4] = availabilityFit(
    index.availabilityHours[position],
    index.activeJobs[position],
    demand.neededHoursPerWeek,
    config.hoursPerActiveJob,
  );
  fits[5] = index.trackRecordFit[position];
  return sumPoints(weights, fits);
}

export function sumPoints(weights: Float64Array, fits: Float64Array): number {
  let score = 0;
  for (let factor = 0; factor < FACTORS.length; factor++) score += weights[factor] * fits[factor];
  return score;
}
