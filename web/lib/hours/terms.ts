/**
 * Hour-bank arithmetic shared by server and client components, as `HourBank.sol` does it: the
 * volume tier that applies, the discounted hourly rate, the price per minute (rounded down) and the
 * total to the wei; log states; minutes in words.
 */

/** A volume discount: `discountBps` off the hourly rate for banks of at least `minHours`. */
export interface Tier {
  minHours: number;
  discountBps: number;
}

/** A vendor's published terms in one token (amounts in the token's smallest unit). */
export interface HourTerms {
  hourlyRate: bigint;
  noticeHours: number;
  tiers: Tier[];
}

export interface HourQuote {
  /** The tier that applies, or null when the bank is below every tier. */
  tier: Tier | null;
  /** Discounted hourly rate. */
  hourlyRate: bigint;
  /** Price of one minute: the discounted hourly rate divided by 60, rounded down. */
  minuteRate: bigint;
  /** What the bank costs: hours × 60 × minuteRate. */
  total: bigint;
}

const BPS = 10_000n;

/** `IHourBank.LogState` by number. */
export const LOG_STATES = ["None", "Pending", "Paid", "Contested", "Resolved"] as const;
export type LogState = (typeof LOG_STATES)[number];

/** The highest tier whose `minHours` the bank reaches (tiers rise strictly), as the contract picks it. */
export function tierFor(tiers: readonly Tier[], hourCount: number): Tier | null {
  let found: Tier | null = null;
  for (const tier of tiers) {
    if (tier.minHours > hourCount) break;
    found = tier;
  }
  return found;
}

/** What `quote(vendor, token, hourCount)` returns on chain; null when a minute would cost nothing. */
export function quoteHours(terms: HourTerms, hourCount: number): HourQuote | null {
  const tier = tierFor(terms.tiers, hourCount);
  const hourlyRate = (terms.hourlyRate * (BPS - BigInt(tier?.discountBps ?? 0))) / BPS;
  const minuteRate = hourlyRate / 60n;
  if (minuteRate === 0n || hourCount <= 0) return null;
  return { tier, hourlyRate, minuteRate, total: BigInt(hourCount) * 60n * minuteRate };
}

/** "2 h 30 min", "45 min", "120 h": a number of minutes as people read time sheets. */
export function formatMinutes(minutes: number | bigint): string {
  const m = Number(minutes);
  const h = Math.floor(m / 60);
  const rest = m % 60;
  if (h === 0) return `${rest} min`;
  return rest === 0 ? `${h} h` : `${h} h ${rest} min`;
}

/** "10% from 100 h": a tier in words. */
export function describeTier(tier: Tier): string {
  return `${tier.discountBps / 100}% off from ${tier.minHours} h`;
}

/**
 * Parses tiers typed as "100:10, 500:20" (hours: percent off, up to two decimals); the first
 * problem found otherwise. Checks what the contract checks: strictly rising, each below 100%.
 */
export function parseTiers(text: string): { tiers: Tier[] } | { problem: string } {
  const tiers: Tier[] = [];
  for (const part of text
    .split(/[,\n]/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^(\d{1,9})\s*h?\s*:\s*(\d{1,2}(?:\.\d{1,2})?)\s*%?$/.exec(part);
    if (!match) return { problem: `"${part}" is not "hours: percent off" (for example 100: 10)` };
    const tier = { minHours: Number(match[1]), discountBps: Math.round(Number(match[2]) * 100) };
    const previous = tiers.at(-1);
    if (tier.minHours === 0 || tier.discountBps === 0)
      return { problem: `"${part}": hours and discount must be above 0` };
    if (previous && (tier.minHours <= previous.minHours || tier.discountBps <= previous.discountBps)) {
      return { problem: `"${part}": each tier needs more hours and a larger discount than the one before` };
    }
    tiers.push(tier);
  }
  if (tiers.length > 8) return { problem: "at most 8 tiers" };
  return { tiers };
}
