import { readSession } from "../../../server/auth/session.ts";
import { json, jsonError } from "../../../server/http.ts";
import { identityOf, latestProfile, writeProfile } from "../../../server/names.ts";
import { enforceRateLimit, RATE_LIMITS } from "../../../server/rate-limit.ts";
import { getStore } from "../../../server/store/index.ts";

export const dynamic = "force-dynamic";

/** Largest profile body: a name, a short bio and a CID. */
const MAX_PROFILE_BODY = 8 * 1024;

/** `?address=0x…`: who the address is (name, bio, avatar CID) and its own profile document, if any. */
export async function GET(request: Request) {
  const address = new URL(request.url).searchParams.get("address")?.toLowerCase();
  if (!address || !/^0x[0-9a-f]{40}$/.test(address)) return jsonError(400, "address must be a 0x-prefixed address");
  const [identity, profile] = await Promise.all([identityOf(address), latestProfile(address)]);
  return json({ identity, profile });
}

/** Publishes the signed-in account's profile: body `{ "name", "bio"?, "avatar"? }` (avatar by CID). */
export async function POST(request: Request) {
  const found = await readSession(request);
  if (!found.ok) return jsonError(401, found.reason);
  const store = await getStore();
  const limited = await enforceRateLimit(store.rateLimits, RATE_LIMITS.documentWrites, request, found.session.address);
  if (limited) return limited;
  const text = await request.text();
  if (text.length > MAX_PROFILE_BODY) return jsonError(413, `profile too large: at most ${MAX_PROFILE_BODY} bytes`);
  let content: unknown;
  try {
    content = JSON.parse(text);
  } catch {
    return jsonError(400, "body must be JSON { name, bio, avatar }");
  }
  const result = await writeProfile(content, found.session.address.toLowerCase());
  if (!result.ok) return jsonError(result.status, result.error);
  return json({ cid: result.cid }, 201);
}
