import type { MatchingConfig } from "./config.ts";
import { skillName } from "./skill-tags.ts";
import type {
  AvailabilityScore,
  Placement,
  PriceScore,
  RatingScore,
  ScoreBreakdown,
  SkillsScore,
  TimezoneScore,
  TrackRecordScore,
} from "./types.ts";

/** One short sentence per factor, in breakdown order, after the placement note if any. */
export function explainMatch(breakdown: ScoreBreakdown, placement: Placement, config: MatchingConfig): string[] {
  const reasons = [
    ratingReason(breakdown.rating),
    skillsReason(breakdown.skills),
    priceReason(breakdown.price),
    timezoneReason(breakdown.timezone),
    availabilityReason(breakdown.availability),
    trackRecordReason(breakdown.trackRecord),
  ];
  if (placement === "newVendorSlot") {
    reasons.unshift(
      `New vendor: placed in a slot reserved for vendors with fewer than ${config.newVendorMaxRatings} ratings`,
    );
  }
  return reasons;
}

export function ratingReason(rating: RatingScore): string {
  if (rating.trust !== undefined) {
    const { trust } = rating;
    if (rating.average === null) {
      return rating.ratingCount === 0 ? "No ratings yet" : `No rating counts yet: ${lowerFirst(trust.summary)}`;
    }
    const confidence = Math.round(rating.confidence * 100);
    const head = `Rated ${rating.average.toFixed(2)}/5 weighed by raters' standing (${confidence}% confidence)`;
    return `${head}; ${lowerFirst(trust.summary)}`;
  }
  if (rating.average === null) return "No ratings yet";
  const count = plural(rating.ratingCount, "rating");
  const confidence = Math.round(rating.confidence * 100);
  return `Rated ${rating.average.toFixed(2)}/5 over ${count} (${confidence}% confidence)`;
}

export function skillsReason(skills: SkillsScore): string {
  const required =
    skills.requiredCount === 0
      ? "No required skills"
      : `Has ${skills.requiredCount === 1 ? "the required skill" : `all ${skills.requiredCount} required skills`}`;
  if (skills.niceToHaveCount === 0) return required;
  const matched = skills.niceToHaveMatched.map(skillName);
  const nice = `${matched.length} of ${skills.niceToHaveCount} nice-to-have`;
  return matched.length === 0 ? `${required}; ${nice}` : `${required}; ${nice} (${matched.join(", ")})`;
}

export function priceReason(price: PriceScore): string {
  const rate = `${formatUsd(price.hourlyRateCents)}/h`;
  if (price.ceilingCents === null) return `${rate}; no rate ceiling given`;
  const ceiling = `${formatUsd(price.ceilingCents)}/h`;
  if (price.withinCeiling) return `${rate}, within the ${ceiling} ceiling`;
  const over = Math.round((price.hourlyRateCents / price.ceilingCents - 1) * 100);
  return `${rate}, ${over}% over the ${ceiling} ceiling`;
}

export function timezoneReason(timezone: TimezoneScore): string {
  const vendorZone = formatUtcOffset(timezone.vendorOffsetMinutes);
  if (timezone.overlapHours === null || timezone.clientOffsetMinutes === null) {
    return `Works in ${vendorZone}; client timezone unknown`;
  }
  const overlap = formatHours(timezone.overlapHours);
  return `${overlap} workday overlap (${vendorZone} vs client ${formatUtcOffset(timezone.clientOffsetMinutes)}; ${formatHours(timezone.overlapHoursWanted)} wanted)`;
}

export function availabilityReason(availability: AvailabilityScore): string {
  const free = formatHours(availability.freeHoursPerWeek);
  const needed = formatHours(availability.neededHoursPerWeek);
  const load = availability.activeJobs === 0 ? "no active jobs" : plural(availability.activeJobs, "active job");
  return `${free}/week free of ${formatHours(availability.availabilityHours)} (${load}); job needs ${needed}/week`;
}

export function trackRecordReason(track: TrackRecordScore): string {
  const unbacked =
    track.unbackedPaidJobs !== undefined && track.unbackedPaidJobs > 0
      ? `; ${plural(track.unbackedPaidJobs, "paid job")} from clients without standing not counted`
      : "";
  if (track.finishedJobs === 0) return `No finished jobs yet${unbacked}`;
  const parts = [`${track.paidJobs} of ${plural(track.finishedJobs, "finished job")} paid`];
  if (track.refundedMilestones > 0) parts.push(plural(track.refundedMilestones, "refunded milestone"));
  parts.push(track.disputesLost === 0 ? "no disputes lost" : plural(track.disputesLost, "dispute") + " lost");
  return parts.join(", ") + unbacked;
}

const USD_WHOLE = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const USD_CENTS = new Intl.NumberFormat("en-US", {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/** $80, $80.50, $12,000: cents only when there are some. */
export function formatUsd(cents: number): string {
  const dollars = cents / 100;
  return `$${(Number.isInteger(dollars) ? USD_WHOLE : USD_CENTS).format(dollars)}`;
}

export function formatUtcOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? "-" : "+";
  const absolute = Math.abs(offsetMinutes);
  const hours = String(Math.floor(absolute / 60)).padStart(2, "0");
  const minutes = String(absolute % 60).padStart(2, "0");
  return `UTC${sign}${hours}:${minutes}`;
}

function lowerFirst(text: string): string {
  return text.length === 0 ? text : text[0].toLowerCase() + text.slice(1);
}

function formatHours(hours: number): string {
  return `${Number.isInteger(hours) ? hours : hours.toFixed(1)} h`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
