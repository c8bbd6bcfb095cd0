/**
 * The seed's calendar. Every transaction belongs to a phase; phases run in this order, each at its
 * offset from the start of the seed, moving the node's clock forward (evm_increaseTime) as needed.
 *
 * History (days 0-35) produces every finished state: four six-day rounds of submissions and
 * reviews, then the sweeps that only time allows (auto-release, refunds after missed deadlines,
 * returned bonuses, and disputes past the 30-day arbiter timeout), then ratings. The live era
 * (from day 36) leaves jobs open, funded, in review and in dispute, with deadlines still ahead.
 */
export const HOUR = 3600;
export const DAY = 24 * HOUR;

/** Milestone i of a history job is due at start + ROUND * (i + 1). */
export const ROUND = 6 * DAY;
export const MAX_MILESTONES = 4;
/** Start of the live era. */
export const LIVE = 36 * DAY;

export interface Phase {
  key: string;
  label: string;
  /** Seconds after the seed's start. */
  at: number;
}

function roundPhases(i: number): Phase[] {
  const base = ROUND * i;
  const round = `round ${i + 1}/${MAX_MILESTONES}`;
  return [
    { key: `r${i}.fund`, label: `${round}: funding milestones`, at: base + DAY },
    { key: `r${i}.submit`, label: `${round}: vendors submit`, at: base + 2 * DAY },
    { key: `r${i}.review`, label: `${round}: clients review`, at: base + 3 * DAY },
    { key: `r${i}.respond`, label: `${round}: revisions, rulings, settlements`, at: base + 4 * DAY },
    { key: `r${i}.close`, label: `${round}: approving revisions`, at: base + 5 * DAY },
  ];
}

export const PHASES: readonly Phase[] = [
  { key: "wallets", label: "funding wallets", at: 0 },
  { key: "setup", label: "registering vendors, minting mUSD", at: 60 },
  { key: "post", label: "posting jobs", at: HOUR },
  { key: "hire", label: "funding and hiring", at: 2 * HOUR },
  ...Array.from({ length: MAX_MILESTONES }, (_, i) => roundPhases(i)).flat(),
  { key: "sweep", label: "auto-releases, missed-deadline refunds, bonus returns", at: 29 * DAY + 12 * HOUR },
  { key: "timeouts", label: "disputes past the arbiter timeout", at: 34 * DAY },
  { key: "rate", label: "ratings and fee collection", at: 35 * DAY },
  { key: "live.post", label: "live: posting jobs", at: LIVE },
  { key: "live.hire", label: "live: funding and hiring", at: LIVE + HOUR },
  { key: "live.submit", label: "live: vendors submit", at: LIVE + DAY },
  { key: "live.review", label: "live: clients review and dispute", at: LIVE + 2 * DAY },
  { key: "live.submit2", label: "live: next submissions", at: LIVE + 3 * DAY },
  { key: "live.rate", label: "live: ratings", at: LIVE + 3 * DAY + 2 * HOUR },
];

const OFFSETS = new Map(PHASES.map((p) => [p.key, p.at]));

/** Seconds after the start at which `phase` runs. */
export function phaseOffset(phase: string): number {
  const at = OFFSETS.get(phase);
  if (at === undefined) throw new Error(`Unknown phase ${phase}`);
  return at;
}

/** Deadline of milestone `index` of a history job, as an offset. */
export function historyDeadline(index: number): number {
  return ROUND * (index + 1);
}

/** Deadline of milestone `index` of a live job: comfortably after the seed ends. */
export function liveDeadline(index: number): number {
  return LIVE + 10 * DAY + 7 * DAY * index;
}
