/**
 * Token amounts as exact integers of the token's smallest unit: formatting and parsing work on
 * decimal strings and bigints only, never on floating point.
 */

/** Native ETH and the demo's mUSD; other tokens give their own symbol and decimals. */
export const ETH = { symbol: "ETH", decimals: 18 } as const;
export const MUSD = { symbol: "mUSD", decimals: 6 } as const;

export interface FormatOptions {
  /** Most fraction digits shown (cut, not rounded); default: all of them (exact). */
  maxFraction?: number;
  /** Group the whole part by thousands with commas ("12,500.5"). Default false. */
  grouping?: boolean;
}

/**
 * `amount` (smallest units) as a decimal string: `formatUnits(1_500_000n, 6)` is "1.5". With
 * `maxFraction`, extra digits are cut, and a non-zero amount too small to show reads as the
 * smallest step ("0.0001") rather than zero.
 */
export function formatUnits(amount: bigint | string, decimals: number, options: FormatOptions = {}): string {
  const value = BigInt(amount);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const base = 10n ** BigInt(decimals);
  const whole = abs / base;
  const rest = abs % base;
  const digits = options.maxFraction ?? decimals;
  let fraction = rest.toString().padStart(decimals, "0").slice(0, digits).replace(/0+$/, "");
  if (fraction === "" && rest !== 0n && whole === 0n && digits > 0) fraction = "0".repeat(digits - 1) + "1";
  const wholeText = options.grouping ? whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",") : whole.toString();
  return `${negative ? "-" : ""}${wholeText}${fraction ? `.${fraction}` : ""}`;
}

/** "1.5 mUSD". */
export function formatAmount(
  amount: bigint | string,
  token: { symbol: string; decimals: number },
  options: FormatOptions = {},
): string {
  return `${formatUnits(amount, token.decimals, options)} ${token.symbol}`;
}

/** Why `text` is not an amount of a token with `decimals` decimals, or null when it is one. */
export function amountProblem(text: string, decimals: number): string | null {
  const trimmed = text.trim().replaceAll(",", "").replaceAll("_", "");
  if (trimmed === "") return "enter an amount";
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(trimmed)) return "an amount is digits with at most one decimal point";
  const fraction = trimmed.split(".")[1] ?? "";
  if (fraction.length > decimals) return `at most ${decimals} digits after the decimal point`;
  return null;
}

/**
 * Parses a decimal amount ("1.5", "1,000", ".25") into smallest units, exactly: `parseUnits("1.5", 6)`
 * is 1_500_000n. Throws when the text is not a number or has more fraction digits than the token.
 */
export function parseUnits(text: string, decimals: number): bigint {
  const problem = amountProblem(text, decimals);
  if (problem) throw new RangeError(`"${text}": ${problem}`);
  let trimmed = text.trim().replaceAll(",", "").replaceAll("_", "");
  const negative = trimmed.startsWith("-");
  if (negative) trimmed = trimmed.slice(1);
  const [whole, fraction = ""] = trimmed.split(".");
  const value = BigInt(whole || "0") * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, "0") || "0");
  return negative ? -value : value;
}

/** `amount * bps / 10_000`, rounded down: a share in basis points, as the escrow computes it. */
export function bpsOf(amount: bigint, bps: number | bigint): bigint {
  return (amount * BigInt(bps)) / 10_000n;
}
