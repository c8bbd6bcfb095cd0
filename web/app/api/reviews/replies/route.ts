import { serverConfig } from "../../../../server/config.ts";
import { json, jsonError } from "../../../../server/http.ts";
import { readContentBody, writeReply } from "../../../../server/reviews.ts";

export const dynamic = "force-dynamic";

/** Body `{ "content": { chainId, jobId, review, author, text, signature } }`: the rated party's one reply. */
export async function POST(request: Request) {
  const body = await readContentBody(request);
  if (!body.ok) return body.response;
  const result = await writeReply(body.content, serverConfig().chainId);
  return result.ok ? json({ cid: result.cid }, 201) : jsonError(result.status, result.error);
}
