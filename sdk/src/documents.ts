/**
 * Off-chain documents (job specs, vendor profiles, deliverables, quotes, evidence, notes): their
 * content address, and the shape of each kind.
 *
 * A document is addressed by CIDv1 with the raw codec and sha-256 of its exact bytes: what IPFS
 * gives the same bytes with `--cid-version 1 --raw-leaves`. The contracts store the CID string
 * (the registry keeps only its 32-byte digest).
 */
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";

export { CID };

/** The CID of `bytes`. */
export async function cidOf(bytes: Uint8Array): Promise<CID> {
  return CID.createV1(raw.code, await sha256.digest(bytes));
}

/** The bytes a JSON document is stored as: `JSON.stringify` of it, UTF-8. */
export function documentBytes(document: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(document));
}

/** The CID string (bafkrei...) of a JSON document, as stored by `documentBytes`. */
export async function documentCid(document: unknown): Promise<string> {
  return (await cidOf(documentBytes(document))).toString();
}

/** Parses a CID string; null when it is not a CIDv1 raw sha-256 CID (the only kind Mosaic stores). */
export function parseCid(text: string): CID | null {
  try {
    const cid = CID.parse(text);
    if (cid.version !== 1 || cid.code !== raw.code || cid.multihash.code !== sha256.code) return null;
    return cid;
  } catch {
    return null;
  }
}

/** Whether `bytes` are exactly what `cid` addresses. */
export async function bytesMatchCid(cid: CID | string, bytes: Uint8Array): Promise<boolean> {
  const parsed = typeof cid === "string" ? parseCid(cid) : cid;
  return parsed !== null && (await cidOf(bytes)).equals(parsed);
}

/**
 * Verifies a document fetched by CID (from the dApp's `/api/documents/<cid>`, an IPFS gateway or
 * anywhere else): the bytes must hash to the CID; the content is then parsed as JSON.
 */
export async function verifyDocument(
  cid: string,
  bytes: Uint8Array,
): Promise<{ ok: true; content: unknown } | { ok: false; error: string }> {
  const parsed = parseCid(cid);
  if (!parsed) return { ok: false, error: `${cid} is not a CIDv1 raw sha-256 CID` };
  if (!(await bytesMatchCid(parsed, bytes))) return { ok: false, error: `the bytes do not match ${cid}` };
  try {
    return { ok: true, content: JSON.parse(new TextDecoder().decode(bytes)) };
  } catch {
    return { ok: true, content: undefined };
  }
}

/** The 32-byte sha-256 digest of a CID (0x...): what the vendor registry stores for a profile. */
export function cidDigest(cid: string): `0x${string}` {
  const digest = CID.parse(cid).multihash.digest;
  let hex = "";
  for (const byte of digest) hex += byte.toString(16).padStart(2, "0");
  return `0x${hex}`;
}

export * from "./document-schemas.ts";
