import { readSession } from "../../../../server/auth/session.ts";
import { json, jsonError } from "../../../../server/http.ts";
import { MAX_AVATAR_BYTES, writeAvatar } from "../../../../server/names.ts";
import { enforceRateLimit, RATE_LIMITS } from "../../../../server/rate-limit.ts";
import { getStore } from "../../../../server/store/index.ts";

export const dynamic = "force-dynamic";

const tooLarge = () => jsonError(413, `avatar too large: at most ${MAX_AVATAR_BYTES / 1024} KiB`);

/** Stores the signed-in account's avatar image (the raw bytes as the body); answers its CID. */
export async function POST(request: Request) {
  const found = await readSession(request);
  if (!found.ok) return jsonError(401, found.reason);
  const store = await getStore();
  const limited = await enforceRateLimit(store.rateLimits, RATE_LIMITS.documentWrites, request, found.session.address);
  if (limited) return limited;
  if (Number(request.headers.get("content-length") ?? "0") > MAX_AVATAR_BYTES) return tooLarge();
  // Read at most one byte past the limit, whatever Content-Length said.
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  for (let next = await reader?.read(); next && !next.done; next = await reader!.read()) {
    size += next.value.byteLength;
    if (size > MAX_AVATAR_BYTES) {
      await reader!.cancel();
      return tooLarge();
    }
    chunks.push(next.value);
  }
  const result = await writeAvatar(new Uint8Array(Buffer.concat(chunks)), found.session.address.toLowerCase());
  if (!result.ok) return jsonError(result.status, result.error);
  return json({ cid: result.cid }, 201);
}
