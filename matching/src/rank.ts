import { buildBreakdown } from "./breakdown.ts";
import type { MatchingConfigInput } from "./config.ts";
import { resolveDemand } from "./demand.ts";
import type { ResolvedDemand } from "./demand.ts";
import { MatchingInputError } from "./errors.ts";
import { placeWithReservedSlots } from "./exposure.ts";
import { explainMatch } from "./reasons.ts";
import { meetsMinRating } from "./score/rating.ts";
import { createScoringContext, FACTORS, scoreVendor } from "./scoring.ts";
import { selectTop } from "./top-k.ts";
import type { Demand, ExclusionCounts, Match, RankResult, VendorRecord } from "./types.ts";
import { isVendorIndex, prepareVendors } from "./vendor-index.ts";
import type { VendorIndex } from "./vendor-index.ts";
import type { TrustScores } from "./trust/compute.ts";

export interface RankOptions {
  /** How many matches to return (default 10); Infinity returns the full ranking. */
  top?: number;
  /** Only when passing records: an index carries the config it was prepared with. */
  config?: MatchingConfigInput;
  /** Only when passing records: trust scores for trust-weighted ratings (see prepareVendors). */
  trust?: TrustScores | null;
}

export const DEFAULT_TOP = 10;

/**
 * Ranks vendors for a demand, best first.
 *
 * Hard filters exclude a vendor (counted in `excluded`, never ranked): missing a
 * required skill, not registered, no availability, excluded by the demand, below
 * minRating or minPaidJobs. The rest are ordered by score, then address; every
 * `newVendorSlotEvery`-th position is reserved for the best new vendor (exposure.ts).
 * Pass a VendorIndex from prepareVendors to rank many demands over one vendor set.
 */
export function rankVendors(
  demand: Demand,
  vendors: readonly VendorRecord[] | VendorIndex,
  options: RankOptions = {},
): RankResult {
  let index: VendorIndex;
  if (isVendorIndex(vendors)) {
    if (options.config !== undefined || (options.trust !== undefined && options.trust !== null)) {
      throw new MatchingInputError(
        "options.config and options.trust cannot change a prepared VendorIndex; pass them to prepareVendors",
      );
    }
    index = vendors;
  } else {
    index = prepareVendors(vendors, options.config, options.trust ?? null);
  }
  const top = options.top ?? DEFAULT_TOP;
  if (!(top >= 0) || (Number.isFinite(top) && !Number.isInteger(top))) {
    throw new MatchingInputError(`options.top must be a whole number >= 0 or Infinity, got ${top}`);
  }

  const { config } = index;
  const resolved = resolveDemand(demand, config);
  const context = createScoringContext(resolved, config, countNiceToHaveMatches(index, resolved));

  const excluded: ExclusionCounts = {
    missingRequiredSkill: 0,
    notRegistered: 0,
    unavailable: 0,
    excludedByDemand: 0,
    belowMinRating: 0,
    belowMinPaidJobs: 0,
  };
  const withSkills = positionsWithAllSkills(index, resolved);
  excluded.missingRequiredSkill = index.size - withSkills.length;

  const scores = new Float64Array(index.size);
  const eligible = new Int32Array(withSkills.length);
  const eligibleNew = new Int32Array(withSkills.length);
  let eligibleCount = 0;
  let eligibleNewCount = 0;
  const fits = new Float64Array(FACTORS.length);
  const failedFilter = hardFilter(index, resolved);
  const newVendorMaxRatings = config.newVendorMaxRatings;

  for (let i = 0; i < withSkills.length; i++) {
    const position = withSkills[i];
    const failed = failedFilter(position);
    if (failed !== null) {
      excluded[failed]++;
      continue;
    }
    scores[position] = scoreVendor(context, index, position, fits);
    eligible[eligibleCount++] = position;
    if (index.ratingCount[position] < newVendorMaxRatings && index.newcomerSlotAllowed[position] === 1) {
      eligibleNew[eligibleNewCount++] = position;
    }
  }

  const limit = Math.min(top, eligibleCount);
  const slotEvery = config.newVendorSlotEvery;
  const bestOverall = selectTop(eligible, eligibleCount, scores, index.addresses, limit);
  const bestNew =
    slotEvery > 0 && limit >= slotEvery
      ? selectTop(eligibleNew, eligibleNewCount, scores, index.addresses, limit)
      : new Int32Array(0);
  const placed = placeWithReservedSlots(bestOverall, bestNew, limit, slotEvery);

  const matches: Match[] = placed.map(({ position, placement }, i) => {
    const vendor = index.records[position];
    const score = scoreVendor(context, index, position, fits);
    const trust = index.trust === null ? undefined : index.trust[position];
    const breakdown = buildBreakdown(vendor, fits, context.weights, resolved, config, trust);
    return {
      rank: i + 1,
      address: index.addresses[position],
      score,
      placement,
      isNewVendor: index.ratingCount[position] < config.newVendorMaxRatings,
      breakdown,
      reasons: explainMatch(breakdown, placement, config),
      vendor,
    };
  });

  return {
    matches,
    totalEligible: eligibleCount,
    totalVendors: index.size,
    excluded,
  };
}

/**
 * The first hard filter a vendor (already known to have the required skills)
 * fails, in the order ExclusionCounts documents, or null when it passes all.
 */
function hardFilter(index: VendorIndex, demand: ResolvedDemand): (position: number) => keyof ExclusionCounts | null {
  // Hoisted: this runs once per candidate, 100,000 times for a broad demand.
  const { registered, availabilityHours, addresses, ratingX100, countedPaidJobs } = index;
  const { excludedVendors, minRating, minPaidJobs } = demand;
  const checkExcluded = excludedVendors.size > 0;
  return (position) => {
    if (registered[position] === 0) return "notRegistered";
    if (availabilityHours[position] <= 0) return "unavailable";
    if (checkExcluded && excludedVendors.has(addresses[position])) {
      return "excludedByDemand";
    }
    if (!meetsMinRating(ratingX100[position], minRating)) return "belowMinRating";
    if (countedPaidJobs[position] < minPaidJobs) return "belowMinPaidJobs";
    return null;
  };
}

/** Ascending positions of vendors listing every required skill (all, if none required). */
function positionsWithAllSkills(index: VendorIndex, demand: ResolvedDemand): Int32Array {
  if (demand.requiredSkills.length === 0) return index.allPositions;
  const lists = demand.requiredSkills.map((tag) => index.skillPostings.get(tag) ?? new Int32Array(0));
  // Intersect starting from the rarest skill: the work is bounded by its list.
  lists.sort((a, b) => a.length - b.length);
  let result = lists[0];
  for (let l = 1; l < lists.length && result.length > 0; l++) {
    result = intersectSorted(result, lists[l]);
  }
  return result;
}

function intersectSorted(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(Math.min(a.length, b.length));
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out[n++] = a[i];
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return out.subarray(0, n);
}

function countNiceToHaveMatches(index: VendorIndex, demand: ResolvedDemand): Uint16Array {
  const counts = new Uint16Array(index.size);
  for (const tag of demand.niceToHaveSkills) {
    const postings = index.skillPostings.get(tag);
    if (postings === undefined) continue;
    for (let i = 0; i < postings.length; i++) counts[postings[i]]++;
  }
  return counts;
}
