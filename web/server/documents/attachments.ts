/**
 * Files attached to deliverables (images, PDFs, archives): stored as raw bytes by CID in the
 * document store, at most MAX_ATTACHMENT_BYTES each. Their type is recognised from the bytes, never
 * taken from the uploader: only images and PDFs are served for display, anything else as a download.
 */
import { MAX_ATTACHMENT_BYTES } from "@mosaic/sdk/documents";
import { putDocument, readDocument } from "./service.ts";

export { MAX_ATTACHMENT_BYTES };

const MIB = 1024 * 1024;
export const ATTACHMENT_LIMIT_TEXT = `${MAX_ATTACHMENT_BYTES / MIB} MiB (${MAX_ATTACHMENT_BYTES} bytes)`;

const startsWith = (bytes: Uint8Array, prefix: number[], at = 0) => prefix.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** The MIME type the bytes show; `application/octet-stream` when none of the known ones. */
export function sniffType(bytes: Uint8Array): string {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(bytes, ascii("GIF87a")) || startsWith(bytes, ascii("GIF89a"))) return "image/gif";
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) return "image/webp";
  if (startsWith(bytes, ascii("%PDF-"))) return "application/pdf";
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06]))
    return "application/zip";
  if (startsWith(bytes, [0x1f, 0x8b])) return "application/gzip";
  if (startsWith(bytes, ascii("ustar"), 257)) return "application/x-tar";
  return "application/octet-stream";
}

/**
 * Kinds stored as raw uploaded files (deliverable attachments, profile avatars). The store is
 * content-addressed and keeps a CID's first write: the same bytes uploaded first as an avatar and
 * later as an attachment (or the other way round) are one record, served by either route.
 */
const FILE_KINDS: readonly string[] = ["attachment", "avatar"];
export const isStoredFile = (kind: string) => FILE_KINDS.includes(kind);

/** Whether a type is shown in the page (image) or opened by the browser's viewer (PDF). */
export const isImage = (type: string) => type.startsWith("image/");
export const isPreviewable = (type: string) => isImage(type) || type === "application/pdf";

export type AttachmentWrite =
  { ok: true; cid: string; size: number; type: string } | { ok: false; status: 400 | 413; error: string };

export function tooLarge(size?: number): AttachmentWrite {
  const got = size === undefined ? "" : ` (this one has ${size} bytes)`;
  return { ok: false, status: 413, error: `attachment too large: at most ${ATTACHMENT_LIMIT_TEXT} per file${got}` };
}

/** Stores an uploaded file for job `jobId`'s thread; answers its CID, size and recognised type. */
export async function writeAttachment(
  bytes: Uint8Array,
  author: string,
  chainId: number,
  jobId: string,
): Promise<AttachmentWrite> {
  if (bytes.byteLength > MAX_ATTACHMENT_BYTES) return tooLarge(bytes.byteLength);
  if (bytes.byteLength === 0) return { ok: false, status: 400, error: "the attachment is empty" };
  const { cid } = await putDocument("attachment", bytes, author, `job:${chainId}:${BigInt(jobId).toString()}`);
  return { ok: true, cid, size: bytes.byteLength, type: sniffType(bytes) };
}

/** The attachment's bytes checked against its CID, with the type they show. */
export async function readAttachment(cid: string) {
  const result = await readDocument(cid);
  if (!result.ok) return result;
  if (!isStoredFile(result.document.kind)) {
    return { ok: false as const, status: 404 as const, error: `${cid} is not an attachment` };
  }
  return { ok: true as const, bytes: result.document.bytes, type: sniffType(result.document.bytes) };
}
