import type { MatchingConfig } from "./config.ts";
import type { ResolvedDemand } from "./demand.ts";
import { freeHoursPerWeek } from "./score/availability.ts";
import { ratingEvidence } from "./score/rating.ts";
import { workdayOverlapHours } from "./score/timezone.ts";
import { trackRecordEvidence } from "./score/track-record.ts";
import { normalizeSkillTag } from "./skill-tags.ts";
import { trustedRatingEvidence, unbackedPaidJobs } from "./score/trusted-rating.ts";
import type { RateeTrust } from "./trust/compute.ts";
import { describeRatingTrust } from "./trust/explain.ts";
import type { ScoreBreakdown, VendorRecord } from "./types.ts";

/**
 * The explainable side of a score: each factor's fit and points (taken from the
 * hot loop's fits so nothing is scored twice) with the figures behind them.
 */
export function buildBreakdown(
  vendor: VendorRecord,
  fits: Float64Array,
  weights: Float64Array,
  demand: ResolvedDemand,
  config: MatchingConfig,
  /** undefined: ranked by raw ratings; otherwise the vendor's trust (null: never seen in the graph). */
  trust?: RateeTrust | null,
): ScoreBreakdown {
  const factor = (i: number) => ({
    fit: fits[i],
    points: weights[i] * fits[i],
    maxPoints: weights[i],
  });
  const raw = ratingEvidence(vendor.ratingWeightedSum, vendor.ratingWeight, config.ratingPriorWeight);
  const rating = trust === undefined ? raw : trustedRatingEvidence(trust, config.trustPriorWeight);
  const vendorSkills = new Set(vendor.skills.map(normalizeSkillTag));
  const unbacked = trust === undefined ? 0 : unbackedPaidJobs(trust, vendor.paidJobs);
  const track = trackRecordEvidence(
    vendor.hiredJobs - unbacked,
    vendor.paidJobs - unbacked,
    vendor.activeJobs,
    vendor.refundedMilestones,
    vendor.disputedMilestones,
    vendor.disputesLost,
  );
  const ceiling = demand.rateCeilingCents;
  const clientOffset = demand.clientTimezoneOffsetMinutes;

  return {
    rating: {
      ...factor(0),
      average: rating.average,
      confidence: rating.confidence,
      ratingCount: vendor.ratingCount,
      ...(trust === undefined ? {} : { trust: describeRatingTrust(trust, raw.average, vendor.ratingCount) }),
    },
    skills: {
      ...factor(1),
      requiredCount: demand.requiredSkills.length,
      niceToHaveMatched: demand.niceToHaveSkills.filter((tag) => vendorSkills.has(tag)),
      niceToHaveCount: demand.niceToHaveSkills.length,
    },
    price: {
      ...factor(2),
      hourlyRateCents: vendor.hourlyRateCents,
      ceilingCents: ceiling,
      withinCeiling: ceiling === null ? null : vendor.hourlyRateCents <= ceiling,
    },
    timezone: {
      ...factor(3),
      vendorOffsetMinutes: vendor.timezoneOffsetMinutes,
      clientOffsetMinutes: clientOffset,
      overlapHours:
        clientOffset === null
          ? null
          : workdayOverlapHours(vendor.timezoneOffsetMinutes, clientOffset, config.workdayHours),
      overlapHoursWanted: demand.overlapHoursWanted,
    },
    availability: {
      ...factor(4),
      availabilityHours: vendor.availabilityHours,
      freeHoursPerWeek: freeHoursPerWeek(vendor.availabilityHours, vendor.activeJobs, config.hoursPerActiveJob),
      neededHoursPerWeek: demand.neededHoursPerWeek,
      activeJobs: vendor.activeJobs,
    },
    trackRecord: {
      ...factor(5),
      finishedJobs: track.finishedJobs,
      paidJobs: vendor.paidJobs - unbacked,
      completionRate: track.completionRate,
      refundedMilestones: vendor.refundedMilestones,
      disputedMilestones: vendor.disputedMilestones,
      disputesLost: vendor.disputesLost,
      ...(trust === undefined ? {} : { unbackedPaidJobs: unbacked }),
    },
  };
}
