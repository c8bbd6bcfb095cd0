/**
 * The API's rate limits through the route handlers: sign-in requests (nonce and verify) per client
 * address, document writes per signed-in account. Over the limit the answer is 429 with a JSON
 * error, `retryAfter` and a Retry-After header, before any other work is done.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  bob,
  carol,
  freshNonce,
  nonceRoute,
  postDocument,
  request,
  signIn,
  signedMessage,
  verify,
  verifyRoute,
} from "./harness.ts";
import { RATE_LIMITS } from "../../../web/server/rate-limit.ts";
import { peerHeader } from "../../../web/server/peer-address.ts";

/** Counts are per fixed minute: start near the beginning of one so a test never straddles two. */
async function atStartOfWindow(windowMs = 60_000) {
  const left = windowMs - (Date.now() % windowMs);
  if (left < 10_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

const from = (address: string) => ({ [peerHeader()]: address });

async function assertTooMany(response: Response, action: RegExp) {
  assert.equal(response.status, 429);
  const body = (await response.json()) as { error: string; retryAfter: number };
  assert.match(body.error, action);
  assert.match(body.error, /Try again in \d+ seconds?/);
  assert.ok(body.retryAfter >= 1 && body.retryAfter <= 60, `retryAfter ${body.retryAfter}`);
  assert.equal(response.headers.get("retry-after"), String(body.retryAfter));
  assert.equal(response.headers.get("set-cookie"), null);
}

describe("sign-in rate limit", () => {
  it("answers 429 once a client address has made 20 nonce and verify requests in a minute", async () => {
    await atStartOfWindow();
    const client = "203.0.113.7";
    assert.equal(RATE_LIMITS.signIn.limit, 20);
    for (let i = 0; i < 10; i++) {
      const nonce = await nonceRoute.GET(request("/api/auth/nonce", { headers: from(client) }));
      assert.equal(nonce.status, 200);
      const refused = await verifyRoute.POST(
        request("/api/auth/verify", { method: "POST", headers: from(client), body: "{}" }),
      );
      assert.equal(refused.status, 401, "a refused attempt still counts");
    }
    await assertTooMany(
      await nonceRoute.GET(request("/api/auth/nonce", { headers: from(client) })),
      /Too many sign-in attempts/,
    );

    // A valid message from the throttled address is refused without spending its nonce...
    const signed = await signedMessage();
    await assertTooMany(
      await verifyRoute.POST(
        request("/api/auth/verify", {
          method: "POST",
          headers: { ...from(client), "content-type": "application/json" },
          body: JSON.stringify(signed),
        }),
      ),
      /Too many sign-in attempts/,
    );
    // ...so it still signs in from another address, and other clients are not held back.
    assert.equal((await verify(signed)).status, 200);
    assert.match(await freshNonce(), /^[0-9a-f]+$/);
  });
});

describe("document write rate limit", () => {
  it("answers 401, not 429, to a write without a session", async () => {
    const response = await postDocument({ kind: "note", content: { text: "no session" } });
    assert.equal(response.status, 401);
  });

  it("answers 429 after 30 writes by one account in a minute, and not to another account", async () => {
    const bobCookie = await signIn(bob);
    const carolCookie = await signIn(carol);
    await atStartOfWindow();
    assert.equal(RATE_LIMITS.documentWrites.limit, 30);
    for (let i = 0; i < 30; i++) {
      const written = await postDocument({ kind: "note", content: { text: `note ${i}` } }, bobCookie);
      assert.equal(written.status, 201, await written.clone().text());
    }
    await assertTooMany(
      await postDocument({ kind: "note", content: { text: "one too many" } }, bobCookie),
      /Too many document uploads/,
    );
    assert.equal((await postDocument({ kind: "note", content: { text: "carol's" } }, carolCookie)).status, 201);
    // Signing in again (a new session) does not reset the account's count.
    const again = await signIn(bob);
    assert.equal((await postDocument({ kind: "note", content: { text: "again" } }, again)).status, 429);
  });
});
