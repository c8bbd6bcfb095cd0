import { resolveConfig } from "./config.ts";
import type { MatchingConfig, MatchingConfigInput } from "./config.ts";
import { MatchingInputError } from "./errors.ts";
import { adjustedRatingX100, ratingEvidence } from "./score/rating.ts";
import { trackRecordEvidence } from "./score/track-record.ts";
import { trustedRatingEvidence, unbackedPaidJobs } from "./score/trusted-rating.ts";
import type { RateeTrust, TrustScores } from "./trust/compute.ts";
import { normalizeSkillTag } from "./skill-tags.ts";
import type { Address, SkillTag, VendorRecord } from "./types.ts";

/**
 * Vendors laid out for fast ranking: columns in typed arrays, the
 * demand-independent fits precomputed once, and an inverted skill index. Build
 * it once per vendor set and rank many demands against it. Positions follow the
 * input order; ranking never lets them decide anything (ties break by address).
 */
export interface VendorIndex {
  readonly kind: "mosaic.vendor-index";
  readonly config: MatchingConfig;
  readonly size: number;
  readonly records: readonly VendorRecord[];
  /** Lower-cased, unique. */
  readonly addresses: readonly Address[];
  /** 0..size-1, for demands that require no skill. */
  readonly allPositions: Int32Array;
  readonly registered: Uint8Array;
  readonly availabilityHours: Float64Array;
  readonly activeJobs: Float64Array;
  readonly paidJobs: Float64Array;
  readonly ratingCount: Float64Array;
  /** Paid vendor jobs the escrow counts for minPaidJobs. */
  readonly countedPaidJobs: Float64Array;
  readonly hourlyRateCents: Float64Array;
  readonly timezoneOffsetMinutes: Float64Array;
  /** The escrow's confidence-adjusted rating x100 (score/rating.ts): compared with Demand.minRating. */
  readonly ratingX100: Int32Array;
  readonly ratingFit: Float64Array;
  readonly trackRecordFit: Float64Array;
  /** Trust behind each vendor's ratings, when prepared with trust scores (null entries: never seen). */
  readonly trust: readonly (RateeTrust | null)[] | null;
  /**
   * 1 when the vendor may take a slot reserved for new vendors. With trust, a vendor rated by
   * accounts that have other history but no standing (a closed group trading among itself)
   * may not: its ratings look bought.
   */
  readonly newcomerSlotAllowed: Uint8Array;
  /** Skill tag -> ascending positions of the vendors that list it. */
  readonly skillPostings: ReadonlyMap<SkillTag, Int32Array>;
}

export function isVendorIndex(value: unknown): value is VendorIndex {
  return (value as VendorIndex | null)?.kind === "mosaic.vendor-index";
}

/**
 * With `trust` (computeTrust's result over the same market), the rating factor uses
 * trust-weighted ratings and the track record counts only the paid value that came
 * from clients with standing; without it, the raw on-chain ratings.
 */
export function prepareVendors(
  vendors: readonly VendorRecord[],
  configInput: MatchingConfigInput = {},
  trustScores: TrustScores | null = null,
): VendorIndex {
  const config = resolveConfig(configInput);
  const trust = trustScores === null ? null : vendors.map((vendor) => trustScores.rateeTrust(vendor.id));
  const size = vendors.length;
  const addresses = vendors.map((vendor) => vendor.id.toLowerCase());
  if (new Set(addresses).size !== size) throw duplicateError(addresses);
  const registered = new Uint8Array(size);
  const availabilityHours = new Float64Array(size);
  const activeJobs = new Float64Array(size);
  const paidJobs = new Float64Array(size);
  const ratingCount = new Float64Array(size);
  const countedPaidJobs = new Float64Array(size);
  const hourlyRateCents = new Float64Array(size);
  const timezoneOffsetMinutes = new Float64Array(size);
  const ratingTimes100 = new Int32Array(size);
  const ratingFit = new Float64Array(size);
  const trackRecordFit = new Float64Array(size);
  const newcomerSlotAllowed = new Uint8Array(size).fill(1);
  const postingLists = new Map<SkillTag, number[]>();
  // Few distinct tags among many vendors: validate each spelling once.
  const normalizedTags = new Map<string, SkillTag>();

  for (let position = 0; position < size; position++) {
    const vendor = vendors[position];
    registered[position] = vendor.registered ? 1 : 0;
    availabilityHours[position] = Math.max(0, vendor.availabilityHours);
    activeJobs[position] = Math.max(0, vendor.activeJobs);
    paidJobs[position] = Math.max(0, vendor.paidJobs);
    ratingCount[position] = Math.max(0, vendor.ratingCount);
    countedPaidJobs[position] = Math.max(0, vendor.countedPaidJobs);
    hourlyRateCents[position] = Math.max(0, vendor.hourlyRateCents);
    timezoneOffsetMinutes[position] = vendor.timezoneOffsetMinutes;
    ratingTimes100[position] = adjustedRatingX100(
      vendor.ratingWeightedSum,
      vendor.ratingWeight,
      config.ratingPriorWeight,
    );
    ratingFit[position] =
      trust === null
        ? ratingEvidence(vendor.ratingWeightedSum, vendor.ratingWeight, config.ratingPriorWeight).fit
        : trustedRatingEvidence(trust[position], config.trustPriorWeight).fit;
    const unbacked = trust === null ? 0 : unbackedPaidJobs(trust[position], vendor.paidJobs);
    trackRecordFit[position] = trackRecordEvidence(
      vendor.hiredJobs - unbacked,
      vendor.paidJobs - unbacked,
      vendor.activeJobs,
      vendor.refundedMilestones,
      vendor.disputedMilestones,
      vendor.disputesLost,
    ).fit;
    if (trust !== null && (trust[position]?.lowTrustRatings ?? 0) > 0) newcomerSlotAllowed[position] = 0;
    for (const raw of vendor.skills) {
      let tag = normalizedTags.get(raw);
      if (tag === undefined) {
        tag = normalizeSkillTag(raw);
        normalizedTags.set(raw, tag);
      }
      let list = postingLists.get(tag);
      if (list === undefined) postingLists.set(tag, (list = []));
      // Lists grow in position order, so a skill listed twice shows up as a repeat here.
      if (list[list.length - 1] !== position) list.push(position);
    }
  }

  const skillPostings = new Map<SkillTag, Int32Array>();
  for (const [tag, list] of postingLists) {
    skillPostings.set(tag, Int32Array.from(list));
  }

  return {
    kind: "mosaic.vendor-index",
    config,
    size,
    // A copy: the caller may reuse its array; positions must keep pointing here.
    records: vendors.slice(),
    addresses,
    allPositions: Int32Array.from(addresses.keys()),
    registered,
    availabilityHours,
    activeJobs,
    paidJobs,
    ratingCount,
    countedPaidJobs,
    hourlyRateCents,
    timezoneOffsetMinutes,
    ratingX100: ratingTimes100,
    ratingFit,
    trackRecordFit,
    trust,
    newcomerSlotAllowed,
    skillPostings,
  };
}

function duplicateError(addresses: readonly Address[]): MatchingInputError {
  const seen = new Set<Address>();
  const duplicate = addresses.find((address) => seen.size === seen.add(address).size);
  return new MatchingInputError(`Vendor ${duplicate} appears twice; pass one record per address`);
}
