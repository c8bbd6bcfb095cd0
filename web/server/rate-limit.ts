/**
 * Rate limits for the web API, counted in the server store (web/server/store/types.ts) so every
 * instance behind a load balancer shares one count. Fixed windows: simple, one atomic upsert per hit.
 *
 * Route handlers call `enforceRateLimit(store.rateLimits, RATE_LIMITS.signIn, request)` first and
 * return the 429 response it gives, if any.
 */
import { peerAddress } from "./peer-address.ts";
import type { RateLimitStore } from "./store/types.ts";

export interface RateLimitRule {
  /** Names the counter (part of the store key) and the limited action in the 429 message. */
  name: string;
  action: string;
  limit: number;
  windowMs: number;
}

/** A positive whole number from the environment, or `fallback` when unset; anything else is refused. */
function limitFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new Error(`${name} must be a whole number of requests per minute, at least 1 (got "${raw}")`);
  }
  return value;
}

/**
 * The limits: generous for a person, tight for a script. Sign-in covers nonce and verify requests
 * per client address (MOSAIC_SIGN_IN_LIMIT raises it where many people share one address, as every
 * browser of a test suite shares the loopback address); document writes are per signed-in account.
 */
export const RATE_LIMITS = {
  signIn: {
    name: "sign-in",
    action: "sign-in attempts",
    limit: limitFromEnv("MOSAIC_SIGN_IN_LIMIT", 20),
    windowMs: 60_000,
  },
  documentWrites: { name: "documents", action: "document uploads", limit: 30, windowMs: 60_000 },
} as const satisfies Record<string, RateLimitRule>;

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets (at least 1). */
  retryAfterSeconds: number;
}

/** Counts one hit of `key` against `rule`. */
export async function checkRateLimit(
  store: RateLimitStore,
  rule: RateLimitRule,
  key: string,
  now: number = Date.now(),
): Promise<RateLimitDecision> {
  const windowStart = Math.floor(now / rule.windowMs) * rule.windowMs;
  const count = await store.hit(`${rule.name}:${key}`, windowStart, rule.windowMs);
  return {
    allowed: count <= rule.limit,
    limit: rule.limit,
    remaining: Math.max(0, rule.limit - count),
    retryAfterSeconds: Math.max(1, Math.ceil((windowStart + rule.windowMs - now) / 1000)),
  };
}

/** The 429 answer: a JSON error that says what happened and when to try again, with Retry-After. */
export function tooManyRequests(rule: RateLimitRule, decision: RateLimitDecision): Response {
  const seconds = decision.retryAfterSeconds;
  return Response.json(
    {
      error: `Too many ${rule.action}: at most ${rule.limit} per ${rule.windowMs / 1000} seconds. Try again in ${seconds} second${seconds === 1 ? "" : "s"}.`,
      retryAfter: seconds,
    },
    {
      status: 429,
      headers: {
        "Retry-After": String(seconds),
        "RateLimit-Limit": String(decision.limit),
        "RateLimit-Remaining": "0",
        "RateLimit-Reset": String(seconds),
        "Cache-Control": "no-store",
      },
    },
  );
}

/**
 * The client's address, as far as this server can know it.
 *
 * - No trusted proxy (TRUSTED_PROXY_HOPS=0): the TCP peer the server stamped (server/peer-address.ts).
 *   X-Forwarded-For is never read: Next passes on whatever the client sent under that name.
 * - Behind `trustedProxyHops` proxies that each append the address they saw: the entry the
 *   outermost trusted proxy appended, `trustedProxyHops` entries from the end. Entries further
 *   left are the client's own claims. A request with fewer entries did not come through the
 *   proxies: its peer is used.
 */
export function clientAddress(
  request: Request,
  trustedProxyHops: number = Number(process.env.TRUSTED_PROXY_HOPS ?? 0),
): string {
  const peer = peerAddress(request) ?? "unknown";
  const hops = Number.isInteger(trustedProxyHops) && trustedProxyHops > 0 ? trustedProxyHops : 0;
  if (hops === 0) return peer;
  const forwarded = (request.headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const index = forwarded.length - hops;
  return index >= 0 ? forwarded[index] : peer;
}

/**
 * Counts the request against `rule` and answers the 429 response when over the limit, or null when
 * the handler may go on. `key` defaults to the client's address; pass the session's account for
 * per-account limits.
 */
export async function enforceRateLimit(
  store: RateLimitStore,
  rule: RateLimitRule,
  request: Request,
  key: string = clientAddress(request),
): Promise<Response | null> {
  const decision = await checkRateLimit(store, rule, key);
  return decision.allowed ? null : tooManyRequests(rule, decision);
}
