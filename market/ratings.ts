/**
 * How a party rates the other after paid work: its hidden quality, less what went wrong on the
 * job, plus noise, rounded to 1..5. The seed and the simulation rate with the same rule.
 */
import type { Random } from "./random.ts";

export const RATING_NOISE_SD = 0.6;

/** Points the client takes off the vendor's quality for each incident. */
export const VENDOR_PENALTY = { missedDeadline: 1.5, disputed: 1.2, changesRequested: 0.3 } as const;
/** Points the vendor takes off the client's fairness. */
export const CLIENT_PENALTY = { silentReview: 1, disputed: 1, changesRequested: 0.2 } as const;

export function ratingScore(rng: Random, mean: number): number {
  return Math.min(5, Math.max(1, Math.round(mean + rng.normal(0, RATING_NOISE_SD))));
}
