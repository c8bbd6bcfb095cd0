// graph-ts BigInts cross the wasm boundary as little-endian two's-complement bytes.

export function fromSignedBytesLE(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]);
  if (bytes[bytes.length - 1] & 0x80) value -= 1n << BigInt(bytes.length * 8);
  return value;
}

/** Minimal encoding, like num-bigint's `to_signed_bytes_le` (zero is one 0x00 byte). */
export function toSignedBytesLE(value: bigint): Uint8Array {
  const out: number[] = [];
  let v = value;
  for (;;) {
    const byte = Number(v & 0xffn);
    v >>= 8n;
    out.push(byte);
    const signBit = byte & 0x80;
    if ((v === 0n && !signBit) || (v === -1n && signBit)) break;
  }
  return Uint8Array.from(out);
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
