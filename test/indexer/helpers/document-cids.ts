// The registry stores a profile document's CID as its sha-256 digest (CIDv1, raw codec): tests
// name documents by a label and use the CID of the label's bytes.
import crypto from "node:crypto";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { create as createDigest } from "multiformats/hashes/digest";

const SHA2_256 = 0x12;

function digestOf(label: string): Uint8Array {
  return new Uint8Array(crypto.createHash("sha256").update(label, "utf8").digest());
}

/** The CID (`bafkrei…`) of the document whose bytes are `label`. */
export function cidFor(label: string): string {
  return CID.create(1, raw.code, createDigest(SHA2_256, digestOf(label))).toString();
}

/** The 32-byte digest `setProfile` takes for the document `label`. */
export function metadataDigestFor(label: string): string {
  return "0x" + Buffer.from(digestOf(label)).toString("hex");
}
