// graph-ts BigInts cross the wasm boundary as little-endian two's-complement bytes.

export function fromSignedBytesLE(bytes: Uint8Array): bigint {
  const n = bytes.length;
  if (n === 0) return 0n;
  if (n <= 6) {
    // Fits a double exactly: no BigInt arithmetic per byte.
    let v = 0;
    for (let i = n - 1; i >= 0; i--) v = v * 256 + bytes[i];
    if (bytes[n - 1] & 0x80) v -= 2 ** (8 * n);
    return BigInt(v);
  }
  const be = Buffer.from(bytes).reverse();
  const value = BigInt("0x" + be.toString("hex"));
  return bytes[n - 1] & 0x80 ? value - (1n << BigInt(n * 8)) : value;
}

/** Minimal encoding, like num-bigint's `to_signed_bytes_le` (zero is one 0x00 byte). */
export function toSignedBytesLE(value: bigint): Uint8Array {
  if (value >= -0x800000n && value < 0x800000n) {
    // Up to three bytes, the common case for counters and small amounts.
    let v = Number(value);
    const out: number[] = [];
    for (;;) {
      const byte = v & 0xff;
      v >>= 8;
      out.push(byte);
      if ((v === 0 && !(byte & 0x80)) || (v === -1 && byte & 0x80)) break;
    }
    return Uint8Array.from(out);
  }
  let hex: string;
  if (value >= 0n) {
    hex = value.toString(16);
    if (hex.length % 2) hex = "0" + hex;
    if (parseInt(hex[0], 16) >= 8) hex = "00" + hex; // keep the sign bit clear
  } else {
    // Two's complement in the fewest bytes whose sign bit is set.
    let bytes = Math.ceil((-value).toString(16).length / 2);
    if (-value > 1n << BigInt(bytes * 8 - 1)) bytes += 1;
    hex = ((1n << BigInt(bytes * 8)) + value).toString(16).padStart(bytes * 2, "0");
  }
  return Uint8Array.from(Buffer.from(hex, "hex").reverse());
}

/**
 * A string whose byte order is the numeric order (sign, digit count, digits), so
 * SQLite can filter and sort uint256-sized values with plain text comparisons.
 */
export function toSortKey(value: bigint): string {
  if (value === 0n) return "o";
  if (value > 0n) {
    const digits = value.toString();
    return `p${String(digits.length).padStart(5, "0")}${digits}`;
  }
  const digits = (-value).toString();
  const complement = [...digits].map((d) => String(9 - Number(d))).join("");
  return `n${String(99999 - digits.length).padStart(5, "0")}${complement}`;
}

export function fromSortKey(key: string): bigint {
  if (key === "o") return 0n;
  if (key[0] === "p") return BigInt(key.slice(6));
  return -BigInt([...key.slice(6)].map((d) => String(9 - Number(d))).join(""));
}
