/**
 * What a set of members gives one part: price, score, the hours covered and who
 * is on duty each hour. Shared by the search (every option), the proposal and
 * the swaps, so a swap is priced exactly as the search priced the team.
 */
import { SLOTS, bitCount, coverageGaps, slotsMask } from "./hours.ts";
import type { PartCandidate, PartCoverage } from "./types.ts";

/** Relay coverage outranks any score: one more hour covered beats every score difference. */
export const COVERAGE_UNIT = 1e8;

export interface PartEvaluation {
  /** Sorted by address. */
  members: PartCandidate[];
  /** Per member (same order): the client hours it works for this part. */
  shifts: number[][];
  priceCents: number;
  /** Score in millipoints: the vendor's, or the mean of a relay's members. */
  scoreMilli: number;
  coveredMask: number;
  /** A relay member that would be on duty no hour (such a relay is not proposed), else null. */
  idle: PartCandidate | null;
}

export function scoreMilli(score: number): number {
  return Math.round(score * 1000);
}

/**
 * `days` null: an ordinary part (one member, its price fixed). A relay: every
 * client hour covered goes to the member whose window opened last before it
 * (the next region takes over when its day starts: that is the handoff); ties
 * go to the lower rate, then the lower address. Each member is paid its shift.
 */
export function evaluateMembers(given: readonly PartCandidate[], days: number | null): PartEvaluation {
  const members = [...given].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  if (days === null) {
    const only = members[0];
    return {
      members,
      shifts: [only.coveredHours],
      priceCents: only.priceCents ?? 0,
      scoreMilli: scoreMilli(only.score),
      coveredMask: slotsMask(only.coveredHours),
      idle: null,
    };
  }
  const masks = members.map((m) => slotsMask(m.coveredHours));
  const shifts: number[][] = members.map(() => []);
  let coveredMask = 0;
  for (let slot = 0; slot < SLOTS; slot++) {
    let onDuty = -1;
    for (let i = 0; i < members.length; i++) {
      if (((masks[i] >>> slot) & 1) === 0) continue;
      if (onDuty < 0) {
        onDuty = i;
        continue;
      }
      const a = members[i];
      const b = members[onDuty];
      const since = a.minutesIntoWindow[slot] - b.minutesIntoWindow[slot];
      if (since < 0 || (since === 0 && a.hourlyRateCents < b.hourlyRateCents)) onDuty = i;
    }
    if (onDuty >= 0) {
      shifts[onDuty].push(slot);
      coveredMask |= 1 << slot;
    }
  }
  let priceCents = 0;
  let scoreSum = 0;
  let idle: PartCandidate | null = null;
  members.forEach((member, i) => {
    priceCents += member.hourlyRateCents * shifts[i].length * days;
    scoreSum += member.score;
    if (shifts[i].length === 0 && idle === null) idle = member;
  });
  return { members, shifts, priceCents, scoreMilli: Math.round((scoreSum * 1000) / members.length), coveredMask, idle };
}

/** The search's value of a part: score, plus relay coverage ahead of it. */
export function optionValue(evaluation: PartEvaluation, relay: boolean): number {
  return evaluation.scoreMilli + (relay ? bitCount(evaluation.coveredMask) * COVERAGE_UNIT : 0);
}

export function partCoverage(evaluation: PartEvaluation, requiredMask: number): PartCoverage {
  const slots: (string | null)[] = new Array(SLOTS).fill(null);
  evaluation.shifts.forEach((hours, i) => {
    for (const hour of hours) slots[hour] ??= evaluation.members[i].address;
  });
  const required = Array.from({ length: SLOTS }, (_, slot) => ((requiredMask >>> slot) & 1) === 1);
  return {
    requiredHours: bitCount(requiredMask),
    coveredHours: bitCount(evaluation.coveredMask & requiredMask),
    slots,
    required,
    gaps: coverageGaps(requiredMask, evaluation.coveredMask),
  };
}

/** A relay's candidates as typed columns (in address order), so every pair and triple is priced without allocating. */
export interface RelayTable {
  size: number;
  masks: Int32Array;
  rates: Float64Array;
  scores: Float64Array;
  /** minutesIntoWindow, 24 per candidate. */
  minutes: Int32Array;
}

export function relayTable(sortedByAddress: readonly PartCandidate[]): RelayTable {
  const size = sortedByAddress.length;
  const table: RelayTable = {
    size,
    masks: new Int32Array(size),
    rates: new Float64Array(size),
    scores: new Float64Array(size),
    minutes: new Int32Array(size * SLOTS),
  };
  sortedByAddress.forEach((candidate, i) => {
    table.masks[i] = slotsMask(candidate.coveredHours);
    table.rates[i] = candidate.hourlyRateCents;
    table.scores[i] = candidate.score;
    table.minutes.set(candidate.minutesIntoWindow, i * SLOTS);
  });
  return table;
}

/** Scratch for relayFigures: the answer is read from it. */
export interface RelayFigures {
  priceCents: number;
  scoreMilli: number;
  coveredMask: number;
}

/**
 * evaluateMembers for a relay of table rows given in ascending (address) order, to the same
 * figures (same on-duty rule, same summation order), without allocating. False when a member
 * would be on duty no hour.
 */
export function relayFigures(
  table: RelayTable,
  rows: readonly number[],
  count: number,
  days: number,
  out: RelayFigures,
): boolean {
  const { masks, rates, minutes } = table;
  let hours0 = 0;
  let hours1 = 0;
  let hours2 = 0;
  let coveredMask = 0;
  for (let slot = 0; slot < SLOTS; slot++) {
    let onDuty = -1;
    for (let i = 0; i < count; i++) {
      const row = rows[i];
      if (((masks[row] >>> slot) & 1) === 0) continue;
      if (onDuty < 0) {
        onDuty = i;
        continue;
      }
      const current = rows[onDuty];
      const since = minutes[row * SLOTS + slot] - minutes[current * SLOTS + slot];
      if (since < 0 || (since === 0 && rates[row] < rates[current])) onDuty = i;
    }
    if (onDuty < 0) continue;
    coveredMask |= 1 << slot;
    if (onDuty === 0) hours0++;
    else if (onDuty === 1) hours1++;
    else hours2++;
  }
  if (hours0 === 0 || hours1 === 0 || (count === 3 && hours2 === 0)) return false;
  const hours = [hours0, hours1, hours2];
  let priceCents = 0;
  let scoreSum = 0;
  for (let i = 0; i < count; i++) {
    priceCents += rates[rows[i]] * hours[i] * days;
    scoreSum += table.scores[rows[i]];
  }
  out.priceCents = priceCents;
  out.scoreMilli = Math.round((scoreSum * 1000) / count);
  out.coveredMask = coveredMask;
  return true;
}
