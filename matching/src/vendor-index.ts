import { resolveConfig } from "./config.ts";
import type { MatchingConfig, MatchingConfigInput } from "./config.ts";
import { MatchingInputError } from "./errors.ts";
import { ratingEvidence, ratingX100 } from "./score/rating.ts";
import { trackRecordEvidence } from "./score/track-record.ts";
import { normalizeSkillTag } from "./skill-tags.ts";
import type { Address, SkillTag, VendorRecord } from "./types.ts";

/**
 * Vendors laid out for fast ranking: sorted by address (so position doubles as
 * the tie-break and input order can never matter), the demand-independent fits
 * precomputed once, and an inverted skill index. Build it once per vendor set
 * and rank many demands against it.
 */
export interface VendorIndex {
  readonly kind: "mosaic.vendor-index";
  readonly config: MatchingConfig;
  readonly size: number;
  /** Records sorted by address, ascending. */
  readonly records: readonly VendorRecord[];
  readonly addresses: readonly Address[];
  readonly registered: Uint8Array;
  readonly availabilityHours: Float64Array;
  readonly activeJobs: Float64Array;
  readonly paidJobs: Float64Array;
  readonly ratingCount: Float64Array;
  readonly hourlyRateCents: Float64Array;
  readonly timezoneOffsetMinutes: Float64Array;
  /** floor(average x 100), -1 when unrated: compared with Demand.minRating. */
  readonly ratingX100: Int32Array;
  readonly ratingFit: Float64Array;
  readonly trackRecordFit: Float64Array;
  /** Skill tag -> ascending positions of the vendors that list it. */
  readonly skillPostings: ReadonlyMap<SkillTag, Int32Array>;
}

export function isVendorIndex(value: unknown): value is VendorIndex {
  return (value as VendorIndex | null)?.kind === "mosaic.vendor-index";
}

export function prepareVendors(
  vendors: readonly VendorRecord[],
  configInput: MatchingConfigInput = {},
): VendorIndex {
  const config = resolveConfig(configInput);
  const size = vendors.length;
  const normalizedIds = vendors.map((vendor) => vendor.id.toLowerCase());
  const order = Array.from({ length: size }, (_, i) => i);
  order.sort((a, b) => compareStrings(normalizedIds[a], normalizedIds[b]));

  const records: VendorRecord[] = new Array(size);
  const addresses: Address[] = new Array(size);
  const registered = new Uint8Array(size);
  const availabilityHours = new Float64Array(size);
  const activeJobs = new Float64Array(size);
  const paidJobs = new Float64Array(size);
  const ratingCount = new Float64Array(size);
  const hourlyRateCents = new Float64Array(size);
  const timezoneOffsetMinutes = new Float64Array(size);
  const ratingTimes100 = new Int32Array(size);
  const ratingFit = new Float64Array(size);
  const trackRecordFit = new Float64Array(size);
  const postingLists = new Map<SkillTag, number[]>();

  for (let position = 0; position < size; position++) {
    const vendor = vendors[order[position]];
    const address = normalizedIds[order[position]];
    if (position > 0 && address === addresses[position - 1]) {
      throw new MatchingInputError(
        `Vendor ${address} appears twice; pass one record per address`,
      );
    }
    records[position] = vendor;
    addresses[position] = address;
    registered[position] = vendor.registered ? 1 : 0;
    availabilityHours[position] = Math.max(0, vendor.availabilityHours);
    activeJobs[position] = Math.max(0, vendor.activeJobs);
    paidJobs[position] = Math.max(0, vendor.paidJobs);
    ratingCount[position] = Math.max(0, vendor.ratingCount);
    hourlyRateCents[position] = Math.max(0, vendor.hourlyRateCents);
    timezoneOffsetMinutes[position] = vendor.timezoneOffsetMinutes;
    ratingTimes100[position] = ratingX100(vendor.ratingWeightedSum, vendor.ratingWeight);
    ratingFit[position] = ratingEvidence(
      vendor.ratingWeightedSum,
      vendor.ratingWeight,
      config.ratingPriorWeight,
    ).fit;
    trackRecordFit[position] = trackRecordEvidence(
      vendor.hiredJobs,
      vendor.paidJobs,
      vendor.activeJobs,
      vendor.refundedMilestones,
      vendor.disputedMilestones,
      vendor.disputesLost,
    ).fit;
    // A vendor listing a skill twice is still one posting.
    for (const tag of new Set(vendor.skills.map(normalizeSkillTag))) {
      let list = postingLists.get(tag);
      if (list === undefined) postingLists.set(tag, (list = []));
      list.push(position);
    }
  }

  const skillPostings = new Map<SkillTag, Int32Array>();
  for (const [tag, list] of postingLists) skillPostings.set(tag, Int32Array.from(list));

  return {
    kind: "mosaic.vendor-index",
    config,
    size,
    records,
    addresses,
    registered,
    availabilityHours,
    activeJobs,
    paidJobs,
    ratingCount,
    hourlyRateCents,
    timezoneOffsetMinutes,
    ratingX100: ratingTimes100,
    ratingFit,
    trackRecordFit,
    skillPostings,
  };
}

/** Code-unit order, never locale order: the same on every machine. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
