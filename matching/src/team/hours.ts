/**
 * Working hours on the client's clock: 24 one-hour slots (slot h is the client's
 * local hour h..h+1), held as 24-bit masks so coverage is an OR and a bit count.
 * A vendor covers a slot only when it works that whole hour, so a half-hour
 * offset (UTC+5:30) covers the hours fully inside its window and no more.
 */
import { MatchingInputError } from "../errors.ts";

export const SLOTS = 24;
const MINUTES_PER_DAY = 24 * 60;
export const FULL_DAY_MASK = (1 << SLOTS) - 1;

/** A working window in someone's local time: starts at `startHour` (0 ≤ h < 24, may be fractional), lasts `hours`. */
export interface WorkingWindow {
  startHour: number;
  hours: number;
}

export const FULL_DAY: WorkingWindow = Object.freeze({ startHour: 0, hours: 24 });

export function checkWindow(name: string, window: WorkingWindow): WorkingWindow {
  const { startHour, hours } = window ?? ({} as WorkingWindow);
  if (typeof startHour !== "number" || !(startHour >= 0 && startHour < 24)) {
    throw new MatchingInputError(`${name}.startHour must be a number from 0 to below 24, got ${String(startHour)}`);
  }
  if (typeof hours !== "number" || !(hours > 0 && hours <= 24)) {
    throw new MatchingInputError(`${name}.hours must be a number in (0, 24], got ${String(hours)}`);
  }
  return { startHour, hours };
}

function mod(value: number, base: number): number {
  return ((value % base) + base) % base;
}

/**
 * Client slots fully inside a window of someone at `offsetMinutes` (east of UTC),
 * seen from a client at `clientOffsetMinutes`.
 */
export function windowMask(window: WorkingWindow, offsetMinutes: number, clientOffsetMinutes: number): number {
  const startMinute = Math.round(window.startHour * 60);
  const lengthMinutes = Math.round(window.hours * 60);
  let mask = 0;
  for (let slot = 0; slot < SLOTS; slot++) {
    // The slot's first minute on this person's clock.
    const local = slot * 60 - clientOffsetMinutes + offsetMinutes;
    if (mod(local - startMinute, MINUTES_PER_DAY) + 60 <= lengthMinutes) mask |= 1 << slot;
  }
  return mask;
}

/** Minutes since the window opened, at the start of a client slot (for choosing who is on duty). */
export function minutesIntoWindow(
  window: WorkingWindow,
  offsetMinutes: number,
  clientOffsetMinutes: number,
  slot: number,
): number {
  return mod(slot * 60 - clientOffsetMinutes + offsetMinutes - Math.round(window.startHour * 60), MINUTES_PER_DAY);
}

export function bitCount(mask: number): number {
  let n = mask - ((mask >>> 1) & 0x55555555);
  n = (n & 0x33333333) + ((n >>> 2) & 0x33333333);
  return (((n + (n >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export function maskSlots(mask: number): number[] {
  const slots: number[] = [];
  for (let slot = 0; slot < SLOTS; slot++) if ((mask >>> slot) & 1) slots.push(slot);
  return slots;
}

export function slotsMask(slots: readonly number[]): number {
  let mask = 0;
  for (const slot of slots) mask |= 1 << slot;
  return mask;
}

/** A run of uncovered required hours on the client's clock: [startHour, endHour), endHour may pass 24 across midnight. */
export interface CoverageGap {
  startHour: number;
  endHour: number;
  hours: number;
}

/** The required slots missing from `covered`, as runs; a run across midnight is one gap. */
export function coverageGaps(required: number, covered: number): CoverageGap[] {
  const missing = required & ~covered & FULL_DAY_MASK;
  if (missing === 0) return [];
  if (missing === FULL_DAY_MASK) return [{ startHour: 0, endHour: 24, hours: 24 }];
  // Start scanning just after a slot that is not missing, so no run is cut in two.
  let origin = 0;
  while ((missing >>> origin) & 1) origin++;
  const gaps: CoverageGap[] = [];
  let runStart = -1;
  for (let step = 1; step <= SLOTS; step++) {
    const slot = (origin + step) % SLOTS;
    const isMissing = ((missing >>> slot) & 1) === 1;
    if (isMissing && runStart < 0) runStart = slot;
    if (!isMissing && runStart >= 0) {
      const hours = mod(slot - runStart, SLOTS);
      gaps.push({ startHour: runStart, endHour: runStart + hours, hours });
      runStart = -1;
    }
  }
  return gaps.sort((a, b) => a.startHour - b.startHour);
}
