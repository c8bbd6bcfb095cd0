import { MatchingInputError } from "./errors.ts";
import { normalizeSkillTag } from "./skill-tags.ts";
import { readBigInt, readBoolean, readBytes, readBytesList, readInt, readString } from "./subgraph/fields.ts";
import type { RawEntity } from "./subgraph/fields.ts";
import { postGraphQL, SubgraphDataError } from "./subgraph/graphql.ts";
import type { GraphQLRequestOptions } from "./subgraph/graphql.ts";
import type { Address, SkillTag, VendorRecord } from "./types.ts";

/** The Graph serves at most 1000 entities per page. */
export const MAX_PAGE_SIZE = 1000;

export const VENDOR_FIELDS = [
  "id",
  "registered",
  "skills",
  "hourlyRateCents",
  "timezoneOffsetMinutes",
  "availabilityHours",
  "ratingWeightedSum",
  "ratingWeight",
  "ratingCount",
  "countedPaidJobs",
  "hiredJobs",
  "paidJobs",
  "activeJobs",
  "refundedMilestones",
  "disputedMilestones",
  "disputesLost",
  "metadataCid",
] as const;

/**
 * "cursor" pages with `id_gt` (what graph-node recommends: `skip` above 5000 is
 * refused there); "skip" is for hosts without `id_gt`.
 */
export type Pagination = "cursor" | "skip";

export interface VendorsQueryOptions {
  requiredSkills: readonly SkillTag[];
  minPaidJobs?: number;
  first?: number;
  /** Cursor pagination: only vendors with a greater id. */
  after?: Address | null;
  /** Skip pagination: entities to skip. */
  skip?: number;
}

/**
 * Builds the candidate query with the exact hard filters pushed into `where`, so
 * the subgraph sends only vendors that can match. Values are validated and
 * inlined as literals (no variables), which every host of the dialect accepts.
 * minRating is a ratio of two BigInts and cannot be filtered there; ranking
 * applies every filter again anyway.
 */
export function buildVendorsQuery(options: VendorsQueryOptions): string {
  const first = options.first ?? MAX_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new MatchingInputError(`first must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
  }
  const where = ["registered: true", "availabilityHours_gt: 0"];
  const skills = [...new Set(options.requiredSkills.map(normalizeSkillTag))].sort();
  if (skills.length > 0) {
    where.push(`skills_contains: [${skills.map((tag) => JSON.stringify(tag)).join(", ")}]`);
  }
  const minPaidJobs = options.minPaidJobs ?? 0;
  if (minPaidJobs > 0) {
    if (!Number.isSafeInteger(minPaidJobs)) {
      throw new MatchingInputError("minPaidJobs must be a whole number");
    }
    where.push(`countedPaidJobs_gte: ${minPaidJobs}`);
  }
  if (options.after !== undefined && options.after !== null) {
    if (!/^0x[0-9a-fA-F]*$/.test(options.after)) {
      throw new MatchingInputError(`after must be a 0x hex id, got ${options.after}`);
    }
    where.push(`id_gt: ${JSON.stringify(options.after.toLowerCase())}`);
  }
  const skip = options.skip ?? 0;
  if (!Number.isInteger(skip) || skip < 0) {
    throw new MatchingInputError("skip must be a whole number >= 0");
  }
  const paging = skip > 0 ? `first: ${first}, skip: ${skip}` : `first: ${first}`;
  return `query MatchingCandidates {
  vendors(${paging}, orderBy: id, orderDirection: asc, where: { ${where.join(", ")} }) {
    ${VENDOR_FIELDS.join("\n    ")}
  }
}`;
}

export function parseVendor(raw: RawEntity): VendorRecord {
  const id = readBytes("Vendor", raw, "id");
  const entity = `Vendor ${id}`;
  return {
    id,
    registered: readBoolean(entity, raw, "registered"),
    skills: readBytesList(entity, raw, "skills").map((tag) => {
      // A tag that is not 32 bytes cannot match any demand; keep the error readable.
      try {
        return normalizeSkillTag(tag);
      } catch {
        throw new SubgraphDataError(`${entity}.skills holds ${tag}, which is not a bytes32 tag`);
      }
    }),
    hourlyRateCents: readInt(entity, raw, "hourlyRateCents"),
    timezoneOffsetMinutes: readInt(entity, raw, "timezoneOffsetMinutes"),
    availabilityHours: readInt(entity, raw, "availabilityHours"),
    ratingWeightedSum: readBigInt(entity, raw, "ratingWeightedSum"),
    ratingWeight: readBigInt(entity, raw, "ratingWeight"),
    ratingCount: readInt(entity, raw, "ratingCount"),
    countedPaidJobs: readInt(entity, raw, "countedPaidJobs"),
    hiredJobs: readInt(entity, raw, "hiredJobs"),
    paidJobs: readInt(entity, raw, "paidJobs"),
    activeJobs: readInt(entity, raw, "activeJobs"),
    refundedMilestones: readInt(entity, raw, "refundedMilestones"),
    disputedMilestones: readInt(entity, raw, "disputedMilestones"),
    disputesLost: readInt(entity, raw, "disputesLost"),
    metadataCid: readString(entity, raw, "metadataCid"),
  };
}

export interface FetchCandidatesOptions extends GraphQLRequestOptions {
  pageSize?: number;
  pagination?: Pagination;
  /** Called after each page with the running total, e.g. for a progress line. */
  onPage?: (fetched: number) => void;
}

/** Every registered, available vendor that lists all required skills, all pages. */
export async function fetchCandidates(
  subgraphUrl: string,
  filter: { requiredSkills: readonly SkillTag[]; minPaidJobs?: number },
  options: FetchCandidatesOptions = {},
): Promise<VendorRecord[]> {
  const pageSize = options.pageSize ?? MAX_PAGE_SIZE;
  const pagination = options.pagination ?? "cursor";
  const vendors: VendorRecord[] = [];
  let after: Address | null = null;
  for (;;) {
    const query = buildVendorsQuery({
      requiredSkills: filter.requiredSkills,
      minPaidJobs: filter.minPaidJobs,
      first: pageSize,
      after: pagination === "cursor" ? after : null,
      skip: pagination === "skip" ? vendors.length : 0,
    });
    const data = await postGraphQL<{ vendors?: unknown }>(subgraphUrl, query, options);
    if (!Array.isArray(data.vendors)) {
      throw new SubgraphDataError(`The subgraph at ${subgraphUrl} returned no vendors list`);
    }
    const page = data.vendors.map((raw) => parseVendor(raw as RawEntity));
    vendors.push(...page);
    options.onPage?.(vendors.length);
    if (page.length < pageSize) return vendors;
    const lastId = page[page.length - 1].id;
    // A host that ignores id_gt would hand back the same page forever.
    if (pagination === "cursor" && after !== null && lastId <= after) {
      throw new SubgraphDataError(`The subgraph at ${subgraphUrl} ignored id_gt; retry with skip pagination`);
    }
    after = lastId;
  }
}
