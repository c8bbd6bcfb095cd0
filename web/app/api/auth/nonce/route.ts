import { issueNonce } from "../../../../server/auth/nonce.ts";
import { json } from "../../../../server/http.ts";
import { enforceRateLimit, RATE_LIMITS } from "../../../../server/rate-limit.ts";
import { getStore } from "../../../../server/store/index.ts";

export const dynamic = "force-dynamic";

/** A single-use sign-in nonce, valid for 10 minutes. */
export async function GET(request: Request) {
  const limited = await enforceRateLimit((await getStore()).rateLimits, RATE_LIMITS.signIn, request);
  if (limited) return limited;
  const { nonce, expiresAt } = await issueNonce();
  return json({ nonce, expiresAt: new Date(expiresAt).toISOString() });
}
