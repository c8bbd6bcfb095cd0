/**
 * Off-chain documents (profiles, job specs, deliverables, review notes) addressed the way the dApp
 * addresses them: CIDv1, raw codec, sha-256 of the document's JSON bytes.
 */
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";

/** The 32-byte sha-256 digest of a CIDv1 raw sha-256 CID: what the registry stores for a profile. */
export function cidDigest(cid: string): string {
  const digest = CID.parse(cid).multihash.digest;
  return `0x${Buffer.from(digest).toString("hex")}`;
}

/** Every document the seed referenced on chain, by CID, so they can be exported (--docs-out). */
export class DocumentStore {
  readonly documents = new Map<string, unknown>();

  /** Serialises `doc`, records it and returns its CID (bafkrei...). */
  async add(doc: unknown): Promise<string> {
    const bytes = new TextEncoder().encode(JSON.stringify(doc));
    const cid = CID.create(1, raw.code, await sha256.digest(bytes)).toString();
    this.documents.set(cid, doc);
    return cid;
  }

  toJSON(): Record<string, unknown> {
    return Object.fromEntries(this.documents);
  }
}
