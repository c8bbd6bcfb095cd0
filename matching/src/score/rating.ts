/**
 * Rating with confidence: a pessimistic Bayesian average.
 *
 * Every vendor starts with a prior of `priorWeight` worth of 1-star ratings (the
 * lowest score), and their own value-weighted ratings are mixed in:
 *
 *   estimate   = (1 * priorWeight + weightedSum) / (priorWeight + weight)
 *              = 1 + (average - 1) * confidence,  confidence = weight / (weight + priorWeight)
 *   fit        = (estimate - 1) / 4                 in 0..1
 *
 * The prior sits at the floor, not the middle, so that more paid weight at the
 * same average can only raise the fit, whatever the average; a thin record
 * cannot beat a long good one. New vendors get exposure from reserved slots
 * (see exposure.ts), not from an optimistic prior.
 */

const SCALE_BITS = 32n;
const SCALE = 2 ** 32;

export const MIN_RATING = 1;
export const MAX_RATING = 5;

export interface RatingEvidence {
  /** Value-weighted average, 1..5; null when the vendor has no rating weight. */
  average: number | null;
  confidence: number;
  fit: number;
}

export function ratingEvidence(weightedSum: bigint, weight: bigint, priorWeight: bigint): RatingEvidence {
  if (weight <= 0n) return { average: null, confidence: 0, fit: 0 };
  // Divide in BigInt first: both sides may exceed 2^53. The scaled integer
  // quotient is exact and monotone, which the rank properties rely on.
  const rawAverage = Number((weightedSum << SCALE_BITS) / weight) / SCALE;
  const average = Math.min(MAX_RATING, Math.max(MIN_RATING, rawAverage));
  const confidence = Number((weight << SCALE_BITS) / (weight + priorWeight)) / SCALE;
  const fit = ((average - MIN_RATING) / (MAX_RATING - MIN_RATING)) * confidence;
  return { average, confidence, fit };
}

/**
 * The average x100 rounded down, as the job board compares it with a job's
 * minRating; -1 when unrated. floor(a*100) >= m  <=>  weightedSum*100 >= m*weight.
 */
export function ratingX100(weightedSum: bigint, weight: bigint): number {
  if (weight <= 0n) return -1;
  const value = Number((weightedSum * 100n) / weight);
  return Math.min(MAX_RATING * 100, Math.max(0, value));
}

/**
 * What the escrow compares with an open job's minRating when a vendor claims it: the
 * confidence-adjusted rating x100, rounded down, with `priorWeight` units of 1-star ratings
 * mixed in (the escrow's ratingPriorWeight, 500 by default). An unrated vendor scores 100.
 *   floor(100 * (prior + weightedSum) / (prior + weight))
 */
export function adjustedRatingX100(weightedSum: bigint, weight: bigint, priorWeight: bigint): number {
  const value = Number(((priorWeight + weightedSum) * 100n) / (priorWeight + weight));
  return Math.min(MAX_RATING * 100, Math.max(0, value));
}

/** minRating <= 0 means no requirement, so unrated vendors pass it. */
export function meetsMinRating(ratingTimes100: number, minRating: number): boolean {
  return minRating <= 0 || ratingTimes100 >= minRating;
}
