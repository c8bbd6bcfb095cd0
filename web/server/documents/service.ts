/**
 * Writing and reading documents: size limit, schema per kind, content addressing, and a check of
 * the stored bytes against their CID on every read.
 */
import { getAddress, recoverTypedDataAddress, type Hex } from "viem";
import { QUOTE_TYPES, SETTLEMENT_TYPES, escrowDomain } from "@mosaic/sdk/typed-data";
import { hiringProblem, hiringSubject } from "../hiring.ts";
import { getStore } from "../store/index.ts";
import type { DocumentKind, StoredDocument } from "../store/types.ts";
import { bytesMatchCid, cidOf, parseCid } from "@mosaic/sdk/documents";
import { DOCUMENT_KINDS, isDocumentKind, validateDocument } from "@mosaic/sdk/documents";

/**
 * What the document store keeps: the JSON kinds, and files attached to deliverables (raw bytes).
 * Stored as text by both backends, so the store's own kind list need not name them all.
 */
export type StoredKind = DocumentKind | "message" | "attachment";

/** Largest request body accepted by `POST /api/documents`. */
export const MAX_DOCUMENT_BYTES = 256 * 1024;

export type WriteResult =
  { ok: true; cid: string; created: boolean; bytes: Uint8Array } | { ok: false; status: 400 | 413; error: string };

export class CorruptDocumentError extends Error {
  constructor(cid: string) {
    super(`the stored bytes of ${cid} do not match its CID: the record is corrupted`);
  }
}

/** Where a document is listed: a job's quotes, notes and evidence; a vendor's profile, invitations and counter-offers. */
export function subjectFor(kind: DocumentKind, content: Record<string, unknown>, chainId: number, author: string) {
  if (kind === "vendor-profile") return `vendor:${author}`;
  if (kind === "invitation" || kind === "counter-offer") return hiringSubject(kind, chainId, String(content.vendor));
  if (typeof content.jobId === "string") return `job:${chainId}:${BigInt(content.jobId).toString()}`;
  return null;
}

/** Checks a quote's signature is its vendor's and that the vendor is the author. */
async function quoteProblem(content: Record<string, unknown>, author: string, chainId: number) {
  if (content.chainId !== chainId) return `content.chainId must be ${chainId}, the chain this app serves`;
  if ((content.vendor as string).toLowerCase() !== author) return "content.vendor must be the signed-in account";
  try {
    const signer = await recoverTypedDataAddress({
      domain: escrowDomain(chainId, getAddress(content.escrow as string)) as {
        name: string;
        version: string;
        chainId: number;
        verifyingContract: `0x${string}`;
      },
      types: QUOTE_TYPES,
      primaryType: "Quote",
      message: {
        jobId: BigInt(content.jobId as string),
        vendor: getAddress(content.vendor as string),
        price: BigInt(content.price as string),
        nonce: BigInt(content.nonce as string),
        expiresAt: BigInt(content.expiresAt as number),
      },
      signature: content.signature as Hex,
    });
    if (signer.toLowerCase() !== author) return "content.signature is not the vendor's signature of this quote";
  } catch {
    return "content.signature is not a valid EIP-712 signature";
  }
  return null;
}

/** Checks a settlement offer in a note is signed by its author, for a milestone of a job. */
async function settlementProblem(content: Record<string, unknown>, author: string, chainId: number) {
  const offer = content.settlement as { vendorBps: number; deadline: number; signer: string; signature: Hex };
  if (typeof content.jobId !== "string" || typeof content.index !== "number") {
    return "a settlement offer needs content.jobId and content.index";
  }
  if (offer.signer.toLowerCase() !== author) return "content.settlement.signer must be the signed-in account";
  // Loaded on demand: the generated deployments module exists only after a deployment.
  const escrow = await import("../public-config.ts").then((m) => m.contractsOn(chainId)?.escrow).catch(() => undefined);
  if (!escrow) return "Mosaic is not deployed on this chain";
  try {
    const signer = await recoverTypedDataAddress({
      domain: escrowDomain(chainId, escrow) as {
        name: string;
        version: string;
        chainId: number;
        verifyingContract: `0x${string}`;
      },
      types: SETTLEMENT_TYPES,
      primaryType: "Settlement",
      message: {
        jobId: BigInt(content.jobId),
        index: BigInt(content.index),
        vendorBps: offer.vendorBps,
        deadline: BigInt(offer.deadline),
      },
      signature: offer.signature,
    });
    if (signer.toLowerCase() !== author)
      return "content.settlement.signature is not the author's signature of this settlement";
  } catch {
    return "content.settlement.signature is not a valid EIP-712 signature";
  }
  return null;
}

/** Validates and stores the JSON body of `POST /api/documents` written by `author`. */
export async function writeDocument(body: Uint8Array, author: string, chainId: number): Promise<WriteResult> {
  if (body.byteLength > MAX_DOCUMENT_BYTES) {
    return { ok: false, status: 413, error: `document too large: at most ${MAX_DOCUMENT_BYTES} bytes` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch {
    return { ok: false, status: 400, error: "body must be JSON { kind, content }" };
  }
  if (typeof parsed !== "object" || parsed === null) {
    return { ok: false, status: 400, error: "body must be JSON { kind, content }" };
  }
  const { kind, content, ...rest } = parsed as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (extra.length) return { ok: false, status: 400, error: `unknown field "${extra[0]}"; send { kind, content }` };
  if (!isDocumentKind(kind)) {
    return { ok: false, status: 400, error: `kind must be one of ${DOCUMENT_KINDS.join(", ")}` };
  }
  if (kind === "message") {
    // Signed by their authors and written only by parties: see server/thread.ts.
    return { ok: false, status: 400, error: "a thread message is posted to /api/jobs/<id>/thread" };
  }
  const problem = validateDocument(kind, content);
  if (problem) return { ok: false, status: 400, error: problem };
  const record = content as Record<string, unknown>;
  if (kind === "quote") {
    const quote = await quoteProblem(record, author, chainId);
    if (quote) return { ok: false, status: 400, error: quote };
  }
  if (kind === "invitation" || kind === "counter-offer") {
    const hiring = await hiringProblem(kind, record, author, chainId);
    if (hiring) return { ok: false, status: 400, error: hiring };
  }
  if (kind === "note" && record.settlement !== undefined) {
    const settlement = await settlementProblem(record, author, chainId);
    if (settlement) return { ok: false, status: 400, error: settlement };
  }
  // The stored bytes are the content's JSON text: what the CID addresses and what reads return.
  const bytes = new TextEncoder().encode(JSON.stringify(content));
  return { ok: true, ...(await putDocument(kind, bytes, author, subjectFor(kind, record, chainId, author))), bytes };
}

/** Stores `bytes` under their CID (a no-op when that CID is already stored). */
export async function putDocument(kind: StoredKind, bytes: Uint8Array, author: string, subject: string | null) {
  const cid = (await cidOf(bytes)).toString();
  const store = (await getStore()).documents;
  const existing = await store.get(cid);
  if (!existing) {
    await store.put({ cid, kind: kind as DocumentKind, bytes, author, subject, createdAt: Date.now() });
  }
  return { cid, created: !existing };
}

export type ReadResult = { ok: true; document: StoredDocument } | { ok: false; status: 400 | 404 | 500; error: string };

/** Reads a document and proves its bytes are what the CID addresses. */
export async function readDocument(cidText: string): Promise<ReadResult> {
  const cid = parseCid(cidText);
  if (!cid) return { ok: false, status: 400, error: "malformed CID: expected a CIDv1 (raw codec, sha-256)" };
  const document = await (await getStore()).documents.get(cid.toString());
  if (!document) return { ok: false, status: 404, error: `no document with CID ${cid.toString()}` };
  if (!(await bytesMatchCid(cid, document.bytes))) {
    return { ok: false, status: 500, error: new CorruptDocumentError(cid.toString()).message };
  }
  return { ok: true, document };
}

/** The verified documents of `kind` about `subject`, oldest first; corrupted ones are skipped. */
export async function listDocuments(kind: StoredKind, subject: string) {
  const out: { cid: string; author: string; createdAt: number; content: unknown }[] = [];
  for (const doc of await (await getStore()).documents.listBySubject(kind as DocumentKind, subject)) {
    const cid = parseCid(doc.cid);
    if (!cid || !(await bytesMatchCid(cid, doc.bytes))) continue;
    out.push({
      cid: doc.cid,
      author: doc.author,
      createdAt: doc.createdAt,
      content: JSON.parse(new TextDecoder().decode(doc.bytes)),
    });
  }
  return out;
}
