import { readSession } from "../../../server/auth/session.ts";
import { readLimited } from "../../../server/documents/body.ts";
import { listDocuments, MAX_DOCUMENT_BYTES, writeDocument } from "../../../server/documents/service.ts";
import { isDocumentKind } from "@mosaic/sdk/documents";
import { json, jsonError } from "../../../server/http.ts";
import { pinQuietly } from "../../../server/documents/pin.ts";
import { jobClient, visibleTo } from "../../../server/quote-access.ts";
import { enforceRateLimit, RATE_LIMITS } from "../../../server/rate-limit.ts";
import { getStore } from "../../../server/store/index.ts";
import { SubgraphError } from "../../../server/subgraph.ts";

export const dynamic = "force-dynamic";

/** Stores a JSON document written by the signed-in account; answers its CID. */
export async function POST(request: Request) {
  const found = await readSession(request);
  if (!found.ok) return jsonError(401, found.reason);
  const store = await getStore();
  const limited = await enforceRateLimit(store.rateLimits, RATE_LIMITS.documentWrites, request, found.session.address);
  if (limited) return limited;
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_DOCUMENT_BYTES) {
    return jsonError(413, `document too large: at most ${MAX_DOCUMENT_BYTES} bytes`);
  }
  const body = await readLimited(request, MAX_DOCUMENT_BYTES);
  if (!body) return jsonError(413, `document too large: at most ${MAX_DOCUMENT_BYTES} bytes`);
  const result = await writeDocument(body, found.session.address, found.session.chainId);
  if (!result.ok) return jsonError(result.status, result.error);
  await pinQuietly(result.bytes, result.cid);
  return json({ cid: result.cid }, 201);
}

/** `?kind=quote&subject=job:31337:12`: the verified documents listed under a subject. */
export async function GET(request: Request) {
  const params = new URL(request.url).searchParams;
  const kind = params.get("kind");
  const subject = params.get("subject");
  if (!isDocumentKind(kind)) return jsonError(400, "kind must be a document kind");
  if (!subject || subject.length > 200) return jsonError(400, "subject is required");
  if (kind === "message") return jsonError(403, "a job's messages are read from its thread: /api/jobs/<id>/thread");
  const documents = await listDocuments(kind, subject);
  if (kind !== "quote") return json({ documents });
  // Quotes: the job's client sees them all, a vendor its own; anyone else none.
  const found = await readSession(request);
  if (!found.ok) return jsonError(401, found.reason);
  const jobId = /^job:\d+:(\d{1,30})$/.exec(subject)?.[1];
  if (!jobId) return jsonError(400, "quotes are listed by subject job:<chainId>:<jobId>");
  let client: string | null;
  try {
    client = await jobClient(jobId);
  } catch (error) {
    if (error instanceof SubgraphError) return jsonError(502, error.message);
    throw error;
  }
  return json({ documents: visibleTo(documents, found.session.address, client) });
}
