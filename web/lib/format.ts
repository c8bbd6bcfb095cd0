/** Formatting shared by server and client components; exact amounts come from the SDK. */
import { formatUnits as formatTokenUnits } from "@mosaic/sdk/amounts";

/**
 * `amount` in the token's smallest unit as an exact decimal string (trailing zeros dropped). Pass
 * `maxFraction` only where the page says the figure is shortened: digits beyond it are cut.
 * Grouped by thousands for reading.
 */
export function formatUnits(amount: bigint | string, decimals: number, maxFraction = decimals): string {
  return formatTokenUnits(amount, decimals, { maxFraction, grouping: true });
}

/** An exact amount with its symbol: what money is committed or audited in. */
export function formatAmount(amount: bigint | string, token: { symbol: string; decimals: number }): string {
  return `${formatUnits(amount, token.decimals)} ${token.symbol}`;
}

const USD = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 });

export function formatUsdCents(cents: bigint | string | number): string {
  return USD.format(Number(cents) / 100);
}

export function formatDate(unixSeconds: number | string | bigint): string {
  return new Date(Number(unixSeconds) * 1000).toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

/** "3 days 4 h", "5 h 12 min", "40 s": a span in words. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d} day${d === 1 ? "" : "s"}${h ? ` ${h} h` : ""}`;
  if (h > 0) return `${h} h${m ? ` ${m} min` : ""}`;
  if (m > 0) return `${m} min`;
  return `${s} s`;
}

export function shortHex(value: string): string {
  return value.length > 12 ? `${value.slice(0, 6)}…${value.slice(-4)}` : value;
}

export { skillName as skillLabel, skillTag as skillTagOf } from "../../matching/src/skill-tags.ts";
