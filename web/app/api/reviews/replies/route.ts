import { serverConfig } from "../../../../server/config.ts";
import { json, jsonError } from "../../../../server/http.ts";
import { enforceRateLimit, RATE_LIMITS } from "../../../../server/rate-limit.ts";
import { getStore } from "../../../../server/store/index.ts";
import { readContentBody, writeReply } from "../../../../server/reviews.ts";

export const dynamic = "force-dynamic";

/** Body `{ "content": { chainId, jobId, review, author, text, signature } }`: the rated party's one reply. */
export async function POST(request: Request) {
  // Signed, so no session: the limit keys on the client's address.
  const limited = await enforceRateLimit((await getStore()).rateLimits, RATE_LIMITS.documentWrites, request);
  if (limited) return limited;
  const body = await readContentBody(request);
  if (!body.ok) return body.response;
  const result = await writeReply(body.content, serverConfig().chainId);
  return result.ok ? json({ cid: result.cid }, 201) : jsonError(result.status, result.error);
}
