import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RATE_LIMITS, checkRateLimit, clientAddress, enforceRateLimit } from "../../../web/server/rate-limit.ts";
import type { RateLimitStore } from "../../../web/server/store/types.ts";

/** The RateLimitStore contract in memory (the backends themselves are tested in test/web/store/). */
function memoryStore(): RateLimitStore {
  const counts = new Map<string, number>();
  return {
    async hit(key, windowStart) {
      const id = `${key}@${windowStart}`;
      counts.set(id, (counts.get(id) ?? 0) + 1);
      return counts.get(id)!;
    },
  };
}

const rule = { name: "test", action: "test requests", limit: 3, windowMs: 60_000 };

describe("checkRateLimit", () => {
  it("allows the limit within a window, then refuses until the next window", async () => {
    const store = memoryStore();
    const start = 1_800_000_000_000;
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await checkRateLimit(store, rule, "k", start + 45_000));
    assert.deepEqual(
      decisions.map((d) => [d.allowed, d.remaining]),
      [
        [true, 2],
        [true, 1],
        [true, 0],
        [false, 0],
      ],
    );
    assert.equal(decisions[3].retryAfterSeconds, 15);
    assert.equal((await checkRateLimit(store, rule, "k", start + 60_000)).allowed, true);
  });

  it("counts keys apart", async () => {
    const store = memoryStore();
    for (let i = 0; i < 3; i++) await checkRateLimit(store, rule, "a", 0);
    assert.equal((await checkRateLimit(store, rule, "b", 0)).allowed, true);
  });
});

describe("enforceRateLimit", () => {
  it("answers 429 with a JSON error that says when to retry, and Retry-After", async () => {
    const store = memoryStore();
    const request = new Request("http://127.0.0.1/api/auth/nonce", { headers: { "x-forwarded-for": "203.0.113.9" } });
    for (let i = 0; i < RATE_LIMITS.signIn.limit; i++) {
      assert.equal(await enforceRateLimit(store, RATE_LIMITS.signIn, request), null);
    }
    const response = await enforceRateLimit(store, RATE_LIMITS.signIn, request);
    assert.ok(response);
    assert.equal(response.status, 429);
    assert.match(response.headers.get("content-type") ?? "", /application\/json/);
    const retryAfter = Number(response.headers.get("retry-after"));
    assert.ok(retryAfter >= 1 && retryAfter <= 60);
    const body = (await response.json()) as { error: string; retryAfter: number };
    assert.match(body.error, /^Too many sign-in attempts: at most 20 per 60 seconds\. Try again in \d+ seconds?\.$/);
    assert.equal(body.retryAfter, retryAfter);
  });
});

describe("clientAddress", () => {
  const withForwarded = (value: string) => new Request("http://x/", { headers: { "x-forwarded-for": value } });

  it("takes the peer Next appended when no proxy is trusted, whatever the client claims", () => {
    assert.equal(clientAddress(withForwarded("1.1.1.1, 198.51.100.7"), 0), "198.51.100.7");
  });

  it("steps left over each trusted proxy", () => {
    assert.equal(clientAddress(withForwarded("1.1.1.1, 198.51.100.7, 10.0.0.2"), 1), "198.51.100.7");
    assert.equal(clientAddress(withForwarded("10.0.0.2"), 1), "unknown");
  });
});
