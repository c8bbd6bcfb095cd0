import { Bytes } from "@graphprotocol/graph-ts";

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

/**
 * The CIDv1 string (raw codec, sha-256; multibase base32, "bafkrei...") of a document whose
 * sha-256 digest is `digest`: what the SDK's `cidOf` gives for the document's bytes.
 */
export function rawCidOfDigest(digest: Bytes): string {
  // version 1, raw codec 0x55, multihash sha2-256 (0x12) of 32 bytes (0x20), then the digest.
  let bytes = new Uint8Array(4 + digest.length);
  bytes[0] = 0x01;
  bytes[1] = 0x55;
  bytes[2] = 0x12;
  bytes[3] = 0x20;
  for (let i = 0; i < digest.length; i++) bytes[4 + i] = digest[i];
  let out = "b";
  let buffer: u32 = 0;
  let bits: u32 = 0;
  for (let i = 0; i < bytes.length; i++) {
    buffer = (buffer << 8) | bytes[i];
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32.charAt(((buffer >> bits) & 31) as i32);
    }
  }
  if (bits > 0) out += BASE32.charAt(((buffer << (5 - bits)) & 31) as i32);
  return out;
}
