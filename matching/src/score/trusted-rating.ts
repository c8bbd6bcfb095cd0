import type { RateeTrust } from "../trust/compute.ts";
import { MAX_RATING, MIN_RATING } from "./rating.ts";
import type { RatingEvidence } from "./rating.ts";

/**
 * Rating with confidence, when ratings are weighed by the trust of their raters
 * (trust/compute.ts) instead of by paid value alone. Same pessimistic prior at the
 * floor, in trust units: `trustPriorWeight` is the backing of that many average
 * accounts.
 *
 *   estimate   = (1 × prior + trustedScoreSum) / (prior + trustedWeight)
 *   confidence = trustedWeight / (trustedWeight + prior)
 *   fit        = (estimate − 1) / 4
 *
 * Ratings from accounts without independent standing weigh nothing, so buying
 * them with sock clients raises neither the average nor the confidence.
 */
export function trustedRatingEvidence(trust: RateeTrust | null, priorWeight: number): RatingEvidence {
  if (trust === null || !(trust.trustedWeight > 0)) return { average: null, confidence: 0, fit: 0 };
  const average = Math.min(MAX_RATING, Math.max(MIN_RATING, trust.trustedScoreSum / trust.trustedWeight));
  const confidence = trust.trustedWeight / (trust.trustedWeight + priorWeight);
  const fit = ((average - MIN_RATING) / (MAX_RATING - MIN_RATING)) * confidence;
  return { average, confidence, fit };
}

/**
 * Paid jobs the track record leaves out when ranking with trust: those whose client has
 * no standing apart from the vendor (socks, closed groups). They are taken out of both the
 * paid and the finished jobs, so self-dealt jobs neither add to the record nor dilute its
 * refunds and lost disputes, which always count in full.
 */
export function unbackedPaidJobs(trust: RateeTrust | null, paidJobs: number): number {
  if (trust === null) return 0;
  return Math.min(Math.max(0, paidJobs), Math.max(0, trust.paidJobs - trust.backedJobs));
}
