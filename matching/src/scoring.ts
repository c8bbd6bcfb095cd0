import type { MatchingConfig } from "./config.ts";
import type { ResolvedDemand } from "./demand.ts";
import { availabilityFit } from "./score/availability.ts";
import { priceFit } from "./score/price.ts";
import { skillsFit } from "./score/skills.ts";
import { timezoneFit, workdayOverlapHours } from "./score/timezone.ts";
import type { VendorIndex } from "./vendor-index.ts";

/** Factor order of the fits array and of the score sum; ScoreBreakdown keys follow it. */
export const FACTORS = ["rating", "skills", "price", "timezone", "availability", "trackRecord"] as const;

export type FactorName = (typeof FACTORS)[number];

/** Offsets within a day either side of UTC get a precomputed timezone fit. */
const OFFSET_TABLE_BIAS = 24 * 60;

/**
 * Everything the hot loop needs about one demand, computed once: the weights as
 * plain numbers, and lookup tables for the factors that depend on few values
 * (nice-to-have count, UTC offset), so scoring a vendor is a few loads and adds.
 */
export interface ScoringContext {
  demand: ResolvedDemand;
  config: MatchingConfig;
  weights: Float64Array;
  /** How many of the demand's nice-to-have skills each vendor position has. */
  niceToHaveMatched: Uint16Array;
  skillsFitByMatched: Float64Array;
  /** Indexed by offset minutes + OFFSET_TABLE_BIAS; null when the client's timezone is unknown. */
  timezoneFitByOffset: Float64Array | null;
}

export function createScoringContext(
  demand: ResolvedDemand,
  config: MatchingConfig,
  niceToHaveMatched: Uint16Array,
): ScoringContext {
  const skillsFitByMatched = Float64Array.from({ length: demand.niceToHaveSkills.length + 1 }, (_, matched) =>
    skillsFit(demand.requiredSkills.length, demand.niceToHaveSkills.length, matched, config.niceToHaveSkillWeight),
  );
  const clientOffset = demand.clientTimezoneOffsetMinutes;
  const timezoneFitByOffset =
    clientOffset === null
      ? null
      : Float64Array.from({ length: 2 * OFFSET_TABLE_BIAS + 1 }, (_, i) =>
          vendorTimezoneFit(i - OFFSET_TABLE_BIAS, clientOffset, demand, config),
        );
  return {
    demand,
    config,
    weights: Float64Array.from(FACTORS, (factor) => config.weights[factor]),
    niceToHaveMatched,
    skillsFitByMatched,
    timezoneFitByOffset,
  };
}

function vendorTimezoneFit(
  vendorOffset: number,
  clientOffset: number,
  demand: ResolvedDemand,
  config: MatchingConfig,
): number {
  return timezoneFit(workdayOverlapHours(vendorOffset, clientOffset, config.workdayHours), demand.overlapHoursWanted);
}

/**
 * Writes the six fits (0..1) of the vendor at `position` into `fits` and returns
 * the score: the weighted fits summed in FACTORS order. The breakdown is built
 * from the same fits and weights, so it adds up to exactly this score.
 */
export function scoreVendor(context: ScoringContext, index: VendorIndex, position: number, fits: Float64Array): number {
  const { demand, weights } = context;
  const offset = index.timezoneOffsetMinutes[position];
  const table = context.timezoneFitByOffset;
  fits[0] = index.ratingFit[position];
  fits[1] = context.skillsFitByMatched[context.niceToHaveMatched[position]];
  fits[2] = priceFit(index.hourlyRateCents[position], demand.rateCeilingCents);
  fits[3] =
    table === null
      ? timezoneFit(null, demand.overlapHoursWanted)
      : Number.isInteger(offset) && Math.abs(offset) <= OFFSET_TABLE_BIAS
        ? table[offset + OFFSET_TABLE_BIAS]
        : vendorTimezoneFit(offset, demand.clientTimezoneOffsetMinutes ?? 0, demand, context.config);
  fits[4] = availabilityFit(
    index.availabilityHours[position],
    index.activeJobs[position],
    demand.neededHoursPerWeek,
    context.config.hoursPerActiveJob,
  );
  fits[5] = index.trackRecordFit[position];
  return sumPoints(weights, fits);
}

/** Left to right in FACTORS order; the breakdown test adds up the same way. */
export function sumPoints(weights: Float64Array, fits: Float64Array): number {
  return (
    weights[0] * fits[0] +
    weights[1] * fits[1] +
    weights[2] * fits[2] +
    weights[3] * fits[3] +
    weights[4] * fits[4] +
    weights[5] * fits[5]
  );
}
