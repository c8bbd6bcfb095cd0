/** Audit periods: dates typed by a person (YYYY-MM-DD, UTC) turned into unix-second bounds. */
export interface Period {
  /** Inclusive, unix seconds. */
  from: number;
  /** Exclusive, unix seconds. */
  to: number;
  fromDate: string;
  toDate: string;
}

const DAY = 86_400;

export function dateOf(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 10);
}

function parseDate(value: string | undefined): number | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return Number.isFinite(ms) ? ms / 1000 : null;
}

/**
 * `from` and `to` as dates, `to` inclusive (the whole day). Defaults: the 30 days that end with
 * the day of `now` (chain time, which on a local chain runs ahead of the wall clock).
 */
export function parsePeriod(fromText: string | undefined, toText: string | undefined, now: number): Period {
  const today = Math.floor(now / DAY) * DAY;
  const toDay = parseDate(toText) ?? today;
  const fromDay = parseDate(fromText) ?? toDay - 29 * DAY;
  const [a, b] = fromDay <= toDay ? [fromDay, toDay] : [toDay, fromDay];
  return { from: a, to: b + DAY, fromDate: dateOf(a), toDate: dateOf(b) };
}
