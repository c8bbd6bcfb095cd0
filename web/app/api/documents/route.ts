import { readSession } from "../../../server/auth/session.ts";
import { listDocuments, MAX_DOCUMENT_BYTES, writeDocument } from "../../../server/documents/service.ts";
import { isDocumentKind } from "../../../server/documents/schemas.ts";
import { json, jsonError } from "../../../server/http.ts";

export const dynamic = "force-dynamic";

/** Stores a JSON document written by the signed-in account; answers its CID. */
export async function POST(request: Request) {
  const found = await readSession(request);
  if (!found.ok) return jsonError(401, found.reason);
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_DOCUMENT_BYTES) {
    return jsonError(413, `document too large: at most ${MAX_DOCUMENT_BYTES} bytes`);
  }
  const body = await readLimited(request, MAX_DOCUMENT_BYTES);
  if (!body) return jsonError(413, `document too large: at most ${MAX_DOCUMENT_BYTES} bytes`);
  const result = await writeDocument(body, found.session.address, found.session.chainId);
  if (!result.ok) return jsonError(result.status, result.error);
  return json({ cid: result.cid }, 201);
}

/** `?kind=quote&subject=job:31337:12`: the verified documents listed under a subject. */
export async function GET(request: Request) {
  const params = new URL(request.url).searchParams;
  const kind = params.get("kind");
  const subject = params.get("subject");
  if (!isDocumentKind(kind)) return jsonError(400, "kind must be a document kind");
  if (!subject || subject.length > 200) return jsonError(400, "subject is required");
  return json({ documents: await listDocuments(kind, subject) });
}

/** The body, or null once it grows past `limit` bytes (a missing or lying Content-Length). */
async function readLimited(request: Request, limit: number): Promise<Uint8Array | null> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
