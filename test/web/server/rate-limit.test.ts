import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RATE_LIMITS, checkRateLimit, clientAddress, enforceRateLimit } from "../../../web/server/rate-limit.ts";
import type { RateLimitStore } from "../../../web/server/store/types.ts";
import { peerHeader } from "../../../web/server/peer-address.ts";

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
    const request = new Request("http://127.0.0.1/api/auth/nonce", { headers: { [peerHeader()]: "203.0.113.9" } });
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
  const request = (headers: Record<string, string>) => new Request("http://x/", { headers });

  it("takes the connection's peer when no proxy is trusted, whatever X-Forwarded-For claims", () => {
    assert.equal(
      clientAddress(request({ [peerHeader()]: "192.0.2.4", "x-forwarded-for": "1.1.1.1, 198.51.100.7" }), 0),
      "192.0.2.4",
    );
    assert.equal(clientAddress(request({ "x-forwarded-for": "198.51.100.7" }), 0), "unknown");
    // The stamp's header name is drawn per process: a client cannot send it.
    assert.equal(clientAddress(request({ "x-mosaic-peer": "198.51.100.7" }), 0), "unknown");
    assert.match(peerHeader(), /^x-mosaic-peer-[0-9a-f]{24}$/);
  });

  it("takes the entry the outermost trusted proxy appended", () => {
    const through = (forwarded: string) => request({ [peerHeader()]: "10.0.0.9", "x-forwarded-for": forwarded });
    // One proxy: it appended the client it saw, after whatever the client claimed.
    assert.equal(clientAddress(through("1.1.1.1, 198.51.100.7"), 1), "198.51.100.7");
    assert.equal(clientAddress(through("198.51.100.7"), 1), "198.51.100.7");
    // Two proxies: the CDN appended the client, the load balancer the CDN.
    assert.equal(clientAddress(through("1.1.1.1, 198.51.100.7, 10.0.0.2"), 2), "198.51.100.7");
    // Fewer entries than proxies: the request did not come through them; its peer counts.
    assert.equal(clientAddress(request({ [peerHeader()]: "10.0.0.9" }), 1), "10.0.0.9");
  });
});
