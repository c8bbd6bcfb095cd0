import type { RatingTrust } from "../types.ts";
import type { RateeTrust } from "./compute.ts";

/** The breakdown's view of a vendor's trust, with the sentence a client reads. */
export function describeRatingTrust(
  trust: RateeTrust | null,
  rawAverage: number | null,
  ratingCount: number,
): RatingTrust {
  const ratings = Math.max(ratingCount, trust?.ratings ?? 0);
  const noHistory = trust?.noHistoryRatings ?? 0;
  const lowTrust = trust?.lowTrustRatings ?? 0;
  const counting = trust?.countingRatings ?? 0;
  return {
    rawAverage,
    trustedAverage: trust?.trustedAverage ?? null,
    trustedWeight: trust?.trustedWeight ?? 0,
    countingRatings: counting,
    noHistoryRatings: noHistory,
    lowTrustRatings: lowTrust,
    summary: trustSummary(ratings, counting, noHistory, lowTrust),
  };
}

export function trustSummary(ratings: number, counting: number, noHistory: number, lowTrust: number): string {
  if (ratings === 0) return "No ratings yet";
  const of = (n: number) => (n === ratings ? `All ${ratings}` : `${n} of ${ratings}`);
  const verb = (n: number) => (n === 1 && n !== ratings ? "comes" : n === 1 ? "comes" : "come");
  if (counting === ratings) {
    return ratings === 1
      ? "The only rating comes from an account with independent history"
      : `${of(ratings)} ratings come from accounts with independent history`;
  }
  const parts: string[] = [];
  if (noHistory > 0) {
    parts.push(`${of(noHistory)} rating${plural(ratings)} ${verb(noHistory)} from accounts with no other history`);
  }
  if (lowTrust > 0) {
    const lead = parts.length === 0 ? `${of(lowTrust)} rating${plural(ratings)}` : `${lowTrust}`;
    parts.push(`${lead} from accounts with little standing of their own`);
  }
  const unaccounted = ratings - counting - noHistory - lowTrust;
  if (unaccounted > 0 && parts.length === 0) {
    parts.push(`${of(unaccounted)} rating${plural(ratings)} not yet weighed`);
  }
  const counted =
    counting === 0 ? "none counts toward the ranking" : `${counting} count${counting === 1 ? "s" : ""} in full`;
  return `${parts.join("; ")}; ${counted}`;
}

function plural(n: number): string {
  return n === 1 ? "" : "s";
}
