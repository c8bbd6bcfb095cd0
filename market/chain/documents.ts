/**
 * Off-chain documents (profiles, job specs, deliverables, review notes) the market references on
 * chain, addressed as the dApp addresses them (`@mosaic/sdk/documents`: CIDv1, raw, sha-256 of
 * the document's JSON bytes).
 */
import { documentCid } from "@mosaic/sdk/documents";

/** Every document the seed referenced on chain, by CID, so they can be exported (--docs-out). */
export class DocumentStore {
  readonly documents = new Map<string, unknown>();

  /** Serialises `doc`, records it and returns its CID (bafkrei...). */
  async add(doc: unknown): Promise<string> {
    const cid = await documentCid(doc);
    this.documents.set(cid, doc);
    return cid;
  }

  toJSON(): Record<string, unknown> {
    return Object.fromEntries(this.documents);
  }
}
