import { MAX_ATTACHMENT_BYTES, tooLarge, writeAttachment } from "../../../../../server/documents/attachments.ts";
import { readLimited } from "../../../../../server/documents/body.ts";
import { pinQuietly } from "../../../../../server/documents/pin.ts";
import { json, jsonError } from "../../../../../server/http.ts";
import { enforceRateLimit, RATE_LIMITS } from "../../../../../server/rate-limit.ts";
import { getStore } from "../../../../../server/store/index.ts";
import { jobReader } from "../../../../../server/thread-route.ts";

export const dynamic = "force-dynamic";

/** Uploads one file (the raw bytes as the body) for a deliverable of this job; answers its CID. */
export async function POST(request: Request, context: { params: Promise<{ id: string }> }) {
  const { id } = await context.params;
  const reader = await jobReader(request, id);
  if (!reader.ok) return reader.response;
  if (reader.role !== "vendor" && reader.role !== "client") {
    return jsonError(403, "only the job's client or hired vendor may attach files to it");
  }
  const store = await getStore();
  const limited = await enforceRateLimit(store.rateLimits, RATE_LIMITS.documentWrites, request, reader.session.address);
  if (limited) return limited;
  const declared = Number(request.headers.get("content-length") ?? "0");
  const body = await readLimited(request, MAX_ATTACHMENT_BYTES);
  if (!body) {
    const refused = tooLarge(declared > MAX_ATTACHMENT_BYTES ? declared : undefined);
    return jsonError(413, refused.ok ? "" : refused.error);
  }
  const result = await writeAttachment(body, reader.session.address, reader.chainId, reader.parties.jobId);
  if (!result.ok) return jsonError(result.status, result.error);
  await pinQuietly(body, result.cid);
  return json({ cid: result.cid, size: result.size, type: result.type }, 201);
}
