import type { MatchingConfig } from "./config.ts";
import { MatchingInputError } from "./errors.ts";
import { neededHoursPerWeek } from "./score/availability.ts";
import { rateCeilingCents } from "./score/price.ts";
import { normalizeSkillTag } from "./skill-tags.ts";
import type { Address, Demand, SkillTag } from "./types.ts";

/** A demand validated, with defaults applied and derived figures computed once. */
export interface ResolvedDemand {
  /** Sorted and de-duplicated, so the order the client typed them never matters. */
  requiredSkills: SkillTag[];
  /** Sorted, de-duplicated, minus any skill that is also required. */
  niceToHaveSkills: SkillTag[];
  clientTimezoneOffsetMinutes: number | null;
  overlapHoursWanted: number;
  rateCeilingCents: number | null;
  neededHoursPerWeek: number;
  minRating: number;
  minPaidJobs: number;
  excludedVendors: ReadonlySet<Address>;
}

export function resolveDemand(demand: Demand, config: MatchingConfig): ResolvedDemand {
  if (!Array.isArray(demand.requiredSkills)) {
    throw new MatchingInputError("demand.requiredSkills must be an array of bytes32 tags");
  }
  const requiredSkills = uniqueSorted(demand.requiredSkills.map(normalizeSkillTag));
  const required = new Set(requiredSkills);
  const niceToHaveSkills = uniqueSorted(
    (demand.niceToHaveSkills ?? []).map(normalizeSkillTag).filter((tag) => !required.has(tag)),
  );

  const deadline = optionalNumber("deadline", demand.deadline);
  const now = optionalNumber("now", demand.now);
  if (deadline !== null && now === null) {
    throw new MatchingInputError("demand.deadline needs demand.now (unix seconds) so ranking stays deterministic");
  }
  const estimatedHours = optionalNumber("estimatedHours", demand.estimatedHours);
  const budget = demand.budgetUsdCents ?? null;

  return {
    requiredSkills,
    niceToHaveSkills,
    clientTimezoneOffsetMinutes: optionalNumber("clientTimezoneOffsetMinutes", demand.clientTimezoneOffsetMinutes),
    overlapHoursWanted: nonNegative("overlapHoursWanted", demand.overlapHoursWanted ?? config.defaultOverlapHours),
    rateCeilingCents: rateCeilingCents(
      optionalNumber("rateMaxCents", demand.rateMaxCents),
      budget === null ? null : nonNegative("budgetUsdCents", Number(budget)),
      estimatedHours,
    ),
    neededHoursPerWeek: nonNegative(
      "hoursPerWeek",
      neededHoursPerWeek(
        optionalNumber("hoursPerWeek", demand.hoursPerWeek),
        estimatedHours,
        deadline,
        now,
        config.defaultHoursPerWeek,
      ),
    ),
    minRating: nonNegative("minRating", demand.minRating ?? 0),
    minPaidJobs: nonNegative("minPaidJobs", demand.minPaidJobs ?? 0),
    excludedVendors: new Set((demand.excludeVendors ?? []).map((a) => a.toLowerCase())),
  };
}

function uniqueSorted(tags: SkillTag[]): SkillTag[] {
  return [...new Set(tags)].sort();
}

function optionalNumber(name: string, value: number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new MatchingInputError(`demand.${name} must be a finite number, got ${String(value)}`);
  }
  return value;
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new MatchingInputError(`demand.${name} must be a finite number >= 0, got ${value}`);
  }
  return value;
}
