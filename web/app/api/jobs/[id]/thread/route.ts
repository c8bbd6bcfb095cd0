import { readLimited } from "../../../../../server/documents/body.ts";
import { pinQuietly } from "../../../../../server/documents/pin.ts";
import { json, jsonError } from "../../../../../server/http.ts";
import { enforceRateLimit, RATE_LIMITS } from "../../../../../server/rate-limit.ts";
import { getStore } from "../../../../../server/store/index.ts";
import { buildThread, postMessage } from "../../../../../server/thread.ts";
import { jobReader, NOT_A_PARTY } from "../../../../../server/thread-route.ts";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** Largest message document accepted (its text is at most 10,000 characters). */
const MAX_MESSAGE_BODY = 64 * 1024;

/** The job's thread, oldest first, as the signed-in party may read it; 403 for anyone else. */
export async function GET(request: Request, context: Context) {
  const { id } = await context.params;
  const reader = await jobReader(request, id);
  if (!reader.ok) return reader.response;
  if (!reader.role) return jsonError(403, NOT_A_PARTY);
  const items = await buildThread(reader.chainId, reader.parties, reader.session.address, reader.role);
  return json({ jobId: reader.parties.jobId, role: reader.role, items });
}

/** Posts a free message: the EIP-712 signed message document (see server/thread.ts). */
export async function POST(request: Request, context: Context) {
  const { id } = await context.params;
  const reader = await jobReader(request, id);
  if (!reader.ok) return reader.response;
  const store = await getStore();
  const limited = await enforceRateLimit(store.rateLimits, RATE_LIMITS.documentWrites, request, reader.session.address);
  if (limited) return limited;
  const body = await readLimited(request, MAX_MESSAGE_BODY);
  if (!body) return jsonError(413, `message too large: at most ${MAX_MESSAGE_BODY} bytes`);
  const result = await postMessage(body, reader.session.address, reader.chainId, reader.parties);
  if (!result.ok) return jsonError(result.status, result.error);
  await pinQuietly(result.bytes, result.cid);
  return json({ cid: result.cid }, 201);
}
