/** CIDv1 with the raw codec and sha-256: what IPFS gives the same bytes with `--cid-version 1 --raw-leaves`. */
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";

export async function cidOf(bytes: Uint8Array): Promise<CID> {
  return CID.createV1(raw.code, await sha256.digest(bytes));
}

/** Parses a CID string; null when it is not a CIDv1 raw sha-256 CID (the only kind this server stores). */
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
export async function bytesMatchCid(cid: CID, bytes: Uint8Array): Promise<boolean> {
  return (await cidOf(bytes)).equals(cid);
}
