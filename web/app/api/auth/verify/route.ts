import { createSession, SESSION_MAX_AGE_SECONDS } from "../../../../server/auth/session.ts";
import { verifySignIn } from "../../../../server/auth/siwe.ts";
import { serverConfig } from "../../../../server/config.ts";
import { json, jsonError, requestHost, requestOrigin } from "../../../../server/http.ts";
import { enforceRateLimit, RATE_LIMITS } from "../../../../server/rate-limit.ts";
import { getStore } from "../../../../server/store/index.ts";

export const dynamic = "force-dynamic";

/** Verifies a signed EIP-4361 message and opens a session; every refusal is a 401 saying why. */
export async function POST(request: Request) {
  const limited = await enforceRateLimit((await getStore()).rateLimits, RATE_LIMITS.signIn, request);
  if (limited) return limited;
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return jsonError(401, "body must be JSON { message, signature }");
  }
  const config = serverConfig();
  const result = await verifySignIn(body, {
    host: requestHost(request),
    origin: requestOrigin(request),
    chainId: config.chainId,
    rpcUrl: config.rpcUrl,
  });
  if (!result.ok) return jsonError(401, result.reason);
  const maxExpiry = Date.now() + SESSION_MAX_AGE_SECONDS * 1000;
  const expiresAt = Math.min(result.expiresAt ?? maxExpiry, maxExpiry);
  const cookie = await createSession(result.address, result.chainId, expiresAt);
  return json({ address: result.address, chainId: result.chainId }, 200, { "set-cookie": cookie });
}
