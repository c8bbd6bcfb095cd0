/**
 * graph-node's BigDecimal semantics: value = digits x 10^exp, every result normalized to at most
 * 34 significant digits (rounded half to even) with trailing zeros stripped.
 */

export interface BigDecimalValue {
  digits: bigint;
  exp: bigint;
}

export const MAX_SIGNIFICANT_DIGITS = 34;

const ZERO: BigDecimalValue = { digits: 0n, exp: 0n };

function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}

function digitCount(value: bigint): number {
  return abs(value).toString().length;
}

/**
 * Rounds |digits| to MAX_SIGNIFICANT_DIGITS, half to even; `sticky` says whether non-zero digits
 * were already dropped below the last one (makes an exact half round up).
 */
function round(digits: bigint, exp: bigint, sticky: boolean): BigDecimalValue {
  const negative = digits < 0n;
  let magnitude = abs(digits);
  let scale = exp;
  const excess = magnitude.toString().length - MAX_SIGNIFICANT_DIGITS;
  if (excess > 0) {
    const divisor = 10n ** BigInt(excess);
    const kept = magnitude / divisor;
    const dropped = magnitude % divisor;
    const half = divisor / 2n;
    const roundUp = dropped > half || (dropped === half && (sticky || kept % 2n === 1n));
    magnitude = roundUp ? kept + 1n : kept;
    scale += BigInt(excess);
  }
  return normalize({ digits: negative ? -magnitude : magnitude, exp: scale }, false);
}

/** Strips trailing zeros (and rounds to 34 digits unless told not to). */
export function normalize(value: BigDecimalValue, limit = true): BigDecimalValue {
  if (value.digits === 0n) return ZERO;
  if (limit && digitCount(value.digits) > MAX_SIGNIFICANT_DIGITS) {
    return round(value.digits, value.exp, false);
  }
  let { digits, exp } = value;
  while (digits % 10n === 0n) {
    digits /= 10n;
    exp += 1n;
  }
  return { digits, exp };
}

/** Aligns two values to the smaller exponent. */
function align(a: BigDecimalValue, b: BigDecimalValue): [bigint, bigint, bigint] {
  const exp = a.exp < b.exp ? a.exp : b.exp;
  return [a.digits * 10n ** (a.exp - exp), b.digits * 10n ** (b.exp - exp), exp];
}

export function add(a: BigDecimalValue, b: BigDecimalValue): BigDecimalValue {
  const [x, y, exp] = align(a, b);
  return normalize({ digits: x + y, exp });
}

export function subtract(a: BigDecimalValue, b: BigDecimalValue): BigDecimalValue {
  const [x, y, exp] = align(a, b);
  return normalize({ digits: x - y, exp });
}

export function multiply(a: BigDecimalValue, b: BigDecimalValue): BigDecimalValue {
  return normalize({ digits: a.digits * b.digits, exp: a.exp + b.exp });
}

export function divide(a: BigDecimalValue, b: BigDecimalValue): BigDecimalValue {
  if (b.digits === 0n) throw new Error("Cannot divide by zero-valued `BigDecimal`!");
  if (a.digits === 0n) return ZERO;
  const negative = a.digits < 0n !== b.digits < 0n;
  const n = abs(a.digits);
  const m = abs(b.digits);
  // Shift so the quotient has at least one digit more than we keep.
  const shift = Math.max(0, MAX_SIGNIFICANT_DIGITS + 1 - (digitCount(n) - digitCount(m)));
  const scaled = n * 10n ** BigInt(shift);
  const quotient = scaled / m;
  const remainder = scaled % m;
  const exp = a.exp - b.exp - BigInt(shift);
  return round(negative ? -quotient : quotient, exp, remainder !== 0n);
}

export function equals(a: BigDecimalValue, b: BigDecimalValue): boolean {
  const x = normalize(a);
  const y = normalize(b);
  return x.digits === y.digits && x.exp === y.exp;
}

export function fromBigInt(value: bigint): BigDecimalValue {
  return normalize({ digits: value, exp: 0n });
}

export function parseBigDecimal(text: string): BigDecimalValue {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!match || (match[2] === "" && (match[3] ?? "") === "")) {
    throw new Error(`Not a decimal number: "${text}"`);
  }
  const fraction = match[3] ?? "";
  let digits = BigInt((match[2] || "0") + fraction);
  if (match[1] === "-") digits = -digits;
  const exp = BigInt(match[4] ?? "0") - BigInt(fraction.length);
  return normalize({ digits, exp });
}

/** Plain decimal notation, as graph-node prints a BigDecimal. */
export function formatBigDecimal(value: BigDecimalValue): string {
  const { digits, exp } = normalize(value);
  const negative = digits < 0n;
  const magnitude = abs(digits).toString();
  let text: string;
  if (exp >= 0n) {
    text = magnitude + "0".repeat(Number(exp));
  } else {
    const point = magnitude.length + Number(exp);
    text = point > 0 ? magnitude.slice(0, point) + "." + magnitude.slice(point) : "0." + "0".repeat(-point) + magnitude;
  }
  return negative ? "-" + text : text;
}
