// Arbitrary-precision decimals with graph-node's semantics: a value is digits * 10^exp,
// normalized to at most 34 significant digits (rounded half away from zero) with
// trailing zeros stripped, so equal numbers have one representation.

export type BigDecimal = { digits: bigint; exp: number };

const MAX_SIGNIFICANT_DIGITS = 34;
const DIVISION_DIGITS = 100;

export const ZERO: BigDecimal = { digits: 0n, exp: 0 };

function abs(n: bigint): bigint {
  return n < 0n ? -n : n;
}

function digitCount(n: bigint): number {
  return n === 0n ? 1 : abs(n).toString().length;
}

export function normalize(value: BigDecimal): BigDecimal {
  let { digits, exp } = value;
  if (digits === 0n) return ZERO;
  const extra = digitCount(digits) - MAX_SIGNIFICANT_DIGITS;
  if (extra > 0) {
    const divisor = 10n ** BigInt(extra);
    const negative = digits < 0n;
    let quotient = abs(digits) / divisor;
    const remainder = abs(digits) % divisor;
    if (remainder * 2n >= divisor) quotient += 1n;
    digits = negative ? -quotient : quotient;
    exp += extra;
  }
  while (digits !== 0n && digits % 10n === 0n) {
    digits /= 10n;
    exp += 1;
  }
  return digits === 0n ? ZERO : { digits, exp };
}

export function fromBigInt(n: bigint): BigDecimal {
  return normalize({ digits: n, exp: 0 });
}

/** Parses "12", "-1.50", "1e-3", "2.5E+4". Throws on anything else. */
export function parse(text: string): BigDecimal {
  const match = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text);
  if (!match || (match[2] === "" && (match[3] ?? "") === "")) {
    throw new Error(`"${text}" is not a decimal number`);
  }
  const [, sign, whole, fraction = "", exponent = "0"] = match;
  const digits = BigInt((whole || "0") + fraction) * (sign === "-" ? -1n : 1n);
  return normalize({ digits, exp: Number(exponent) - fraction.length });
}

export function toString(value: BigDecimal): string {
  const { digits, exp } = normalize(value);
  if (digits === 0n) return "0";
  const negative = digits < 0n;
  let text = abs(digits).toString();
  if (exp >= 0) {
    text = text + "0".repeat(exp);
  } else {
    const point = text.length + exp;
    text = point > 0 ? `${text.slice(0, point)}.${text.slice(point)}` : `0.${"0".repeat(-point)}${text}`;
  }
  return negative ? `-${text}` : text;
}

function align(a: BigDecimal, b: BigDecimal): [bigint, bigint, number] {
  const exp = Math.min(a.exp, b.exp);
  return [a.digits * 10n ** BigInt(a.exp - exp), b.digits * 10n ** BigInt(b.exp - exp), exp];
}

export function add(a: BigDecimal, b: BigDecimal): BigDecimal {
  const [x, y, exp] = align(a, b);
  return normalize({ digits: x + y, exp });
}

export function sub(a: BigDecimal, b: BigDecimal): BigDecimal {
  const [x, y, exp] = align(a, b);
  return normalize({ digits: x - y, exp });
}

export function mul(a: BigDecimal, b: BigDecimal): BigDecimal {
  return normalize({ digits: a.digits * b.digits, exp: a.exp + b.exp });
}

export function div(a: BigDecimal, b: BigDecimal): BigDecimal {
  if (b.digits === 0n) throw new Error("attempt to divide by zero");
  if (a.digits === 0n) return ZERO;
  // Scale the dividend so the quotient carries DIVISION_DIGITS digits before rounding.
  const shift = Math.max(0, DIVISION_DIGITS - digitCount(a.digits) + digitCount(b.digits));
  const digits = (a.digits * 10n ** BigInt(shift)) / b.digits;
  return normalize({ digits, exp: a.exp - b.exp - shift });
}

export function compare(a: BigDecimal, b: BigDecimal): number {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function equals(a: BigDecimal, b: BigDecimal): boolean {
  return compare(a, b) === 0;
}

/**
 * A string whose byte order is the numeric order, so SQLite can filter and sort
 * BigDecimal columns with plain comparisons. Decoded again by `fromSortKey`.
 */
export function toSortKey(value: BigDecimal): string {
  const { digits, exp } = normalize(value);
  if (digits === 0n) return "o";
  const mantissa = abs(digits).toString();
  const magnitude = exp + mantissa.length + 500000; // position of the leading digit, biased
  if (digits > 0n) return `p${String(magnitude).padStart(7, "0")}${mantissa}`;
  const complement = [...mantissa].map((d) => String(9 - Number(d))).join("");
  return `n${String(9999999 - magnitude).padStart(7, "0")}${complement}~`;
}

export function fromSortKey(key: string): BigDecimal {
  if (key === "o") return ZERO;
  if (key[0] === "p") {
    const magnitude = Number(key.slice(1, 8)) - 500000;
    const mantissa = key.slice(8);
    return { digits: BigInt(mantissa), exp: magnitude - mantissa.length };
  }
  const magnitude = 9999999 - Number(key.slice(1, 8)) - 500000;
  const mantissa = [...key.slice(8, -1)].map((d) => String(9 - Number(d))).join("");
  return { digits: -BigInt(mantissa), exp: magnitude - mantissa.length };
}
