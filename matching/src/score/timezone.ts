/**
 * Timezone overlap: both parties are assumed to work the same local hours
 * (09:00 for `workdayHours`). Shifting one window by the offset difference on a
 * 24-hour circle, the shared hours are max(0, workdayHours - shift).
 */

const MINUTES_PER_DAY = 24 * 60;

export function workdayOverlapHours(
  vendorOffsetMinutes: number,
  clientOffsetMinutes: number,
  workdayHours: number,
): number {
  const difference = Math.abs(vendorOffsetMinutes - clientOffsetMinutes) % MINUTES_PER_DAY;
  const shiftHours = Math.min(difference, MINUTES_PER_DAY - difference) / 60;
  // Windows longer than 12 h also meet on the far side of the circle.
  const nearSide = Math.max(0, workdayHours - shiftHours);
  const farSide = Math.max(0, workdayHours - (24 - shiftHours));
  return Math.min(workdayHours, nearSide + farSide);
}

/** Fit is the share of the wanted overlap that is met; unknown client timezone is neutral. */
export function timezoneFit(overlapHours: number | null, overlapHoursWanted: number): number {
  if (overlapHours === null || overlapHoursWanted <= 0) return 1;
  return Math.min(1, overlapHours / overlapHoursWanted);
}
