/**
 * Price fit against the demand's hourly ceiling.
 *
 * Within the ceiling a vendor scores 0.8..1 (a little more for headroom, because
 * quality matters more than the last dollar). Over the ceiling the fit drops at
 * once to at most 0.6 and reaches 0 at 50% over: being over budget is a
 * categorical signal, so within-budget always beats over-budget, all else equal.
 * Without a ceiling every vendor gets the same neutral fit.
 */

export const WITHIN_CEILING_FLOOR = 0.8;
export const OVER_CEILING_START = 0.6;
/** Fraction over the ceiling at which the fit reaches zero. */
export const OVER_CEILING_ZERO_AT = 0.5;
export const NO_CEILING_FIT = 1;

export function priceFit(hourlyRateCents: number, ceilingCents: number | null): number {
  if (ceilingCents === null) return NO_CEILING_FIT;
  if (ceilingCents <= 0) return hourlyRateCents <= 0 ? 1 : 0;
  const ratio = Math.max(0, hourlyRateCents) / ceilingCents;
  if (ratio <= 1) return WITHIN_CEILING_FLOOR + (1 - WITHIN_CEILING_FLOOR) * (1 - ratio);
  return OVER_CEILING_START * Math.max(0, 1 - (ratio - 1) / OVER_CEILING_ZERO_AT);
}

/**
 * The hourly ceiling a demand implies: rateMax, or budget / estimatedHours, the
 * lower when both are given; null when neither is.
 */
export function rateCeilingCents(
  rateMaxCents: number | null,
  budgetUsdCents: number | null,
  estimatedHours: number | null,
): number | null {
  const fromBudget =
    budgetUsdCents !== null && estimatedHours !== null && estimatedHours > 0 ? budgetUsdCents / estimatedHours : null;
  if (rateMaxCents === null) return fromBudget;
  if (fromBudget === null) return rateMaxCents;
  return Math.min(rateMaxCents, fromBudget);
}
