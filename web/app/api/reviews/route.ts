import { serverConfig } from "../../../server/config.ts";
import { json, jsonError } from "../../../server/http.ts";
import { enforceRateLimit, RATE_LIMITS } from "../../../server/rate-limit.ts";
import { getStore } from "../../../server/store/index.ts";
import { ratingOf, readContentBody, reviewsReceivedBy, writeReview } from "../../../server/reviews.ts";
import { SubgraphError } from "../../../server/subgraph.ts";

export const dynamic = "force-dynamic";

/**
 * `?ratee=0x…&as=vendor|client`: the written reviews an address received on that side, with replies;
 * `?job=<id>&rater=0x…`: the score that rater gave on that job as the index has it (or null); with
 * `&wait=1` the answer waits a few seconds for an index that is behind (a rating sent a moment ago).
 */
export async function GET(request: Request) {
  const params = new URL(request.url).searchParams;
  const job = params.get("job");
  const rater = params.get("rater")?.toLowerCase();
  if (job !== null || rater !== undefined) {
    if (!job || !/^\d{1,30}$/.test(job) || !rater || !/^0x[0-9a-f]{40}$/.test(rater)) {
      return jsonError(400, "job must be a job id and rater an address");
    }
    try {
      const waitMs = params.get("wait") === "1" ? undefined : 0;
      return json({ rating: (await ratingOf(job, rater, waitMs))?.score ?? null });
    } catch (error) {
      if (error instanceof SubgraphError) return jsonError(502, error.message);
      throw error;
    }
  }
  const ratee = params.get("ratee")?.toLowerCase();
  const as = params.get("as") ?? "vendor";
  if (!ratee || !/^0x[0-9a-f]{40}$/.test(ratee)) return jsonError(400, "ratee must be a 0x-prefixed address");
  if (as !== "vendor" && as !== "client") return jsonError(400, "as must be vendor or client");
  return json({ reviews: await reviewsReceivedBy(ratee, as) });
}

/**
 * Body `{ "content": { chainId, jobId, rater, rating, text, signature } }`: the signature (EIP-712
 * Review) authenticates the rater, so no session is needed; the rating must match the chain's.
 */
export async function POST(request: Request) {
  // Signed, so no session: the limit keys on the client's address.
  const limited = await enforceRateLimit((await getStore()).rateLimits, RATE_LIMITS.documentWrites, request);
  if (limited) return limited;
  const body = await readContentBody(request);
  if (!body.ok) return body.response;
  try {
    const result = await writeReview(body.content, serverConfig().chainId);
    return result.ok ? json({ cid: result.cid }, 201) : jsonError(result.status, result.error);
  } catch (error) {
    if (error instanceof SubgraphError) return jsonError(502, error.message);
    throw error;
  }
}
