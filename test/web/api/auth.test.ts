import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  CHAIN_ID,
  alice,
  bob,
  cookieOf,
  freshNonce,
  logoutRoute,
  postDocument,
  request,
  session,
  signIn,
  signedMessage,
  verify,
} from "./harness.ts";
import { getStore } from "../../../web/server/store/index.ts";
import { ConfigError, serverConfig } from "../../../web/server/config.ts";

/** A refusal: 401, a JSON error matching `why`, and no session cookie. */
async function assertRefused(response: Response, why: RegExp) {
  assert.equal(response.status, 401);
  assert.equal(response.headers.get("set-cookie"), null, "a refusal must not set a cookie");
  const body = (await response.json()) as { error: string };
  assert.match(body.error, why);
}

describe("GET /api/auth/nonce", () => {
  it("issues a different alphanumeric nonce each time", async () => {
    const a = await freshNonce();
    const b = await freshNonce();
    assert.match(a, /^[0-9a-zA-Z]{16,}$/);
    assert.notEqual(a, b);
  });
});

describe("POST /api/auth/verify", () => {
  it("signs in with a valid message and opens a session", async () => {
    const response = await verify(await signedMessage());
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { address: alice.address.toLowerCase(), chainId: CHAIN_ID });
    const setCookie = response.headers.get("set-cookie") ?? "";
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Lax/);
    assert.match(setCookie, /Path=\//);
    const current = await session(cookieOf(response));
    assert.equal(current.status, 200);
    assert.deepEqual(await current.json(), { address: alice.address.toLowerCase(), chainId: CHAIN_ID });
  });

  it("refuses a replayed nonce", async () => {
    const signed = await signedMessage();
    assert.equal((await verify(signed)).status, 200);
    await assertRefused(await verify(signed), /unknown or already used nonce/);
  });

  it("refuses a nonce the server never issued", async () => {
    await assertRefused(
      await verify(await signedMessage({ nonce: "a1b2c3d4e5f6a7b8c9d0" })),
      /unknown or already used nonce/,
    );
  });

  it("refuses a nonce past its ten minutes", async () => {
    const nonce = "expirednonce0123456789";
    await (await getStore()).nonces.issue(nonce, Date.now() - 1);
    await assertRefused(await verify(await signedMessage({ nonce })), /nonce expired/);
  });

  it("refuses an expired message", async () => {
    const signed = await signedMessage({
      issuedAt: new Date(Date.now() - 2 * 60 * 60 * 1000),
      expirationTime: new Date(Date.now() - 60 * 1000),
    });
    await assertRefused(await verify(signed), /expired/);
  });

  it("refuses a message issued in the future", async () => {
    await assertRefused(
      await verify(await signedMessage({ issuedAt: new Date(Date.now() + 10 * 60 * 1000) })),
      /issued in the future/,
    );
  });

  it("refuses a message for another domain", async () => {
    await assertRefused(await verify(await signedMessage({ domain: "evil.example" })), /domain "evil.example"/);
  });

  it("refuses a message whose URI is another origin", async () => {
    await assertRefused(await verify(await signedMessage({ uri: "https://evil.example/login" })), /URI/);
  });

  it("refuses a message for a chain the app does not serve", async () => {
    await assertRefused(await verify(await signedMessage({ chainId: 1 })), /chain 1 is not served/);
  });

  it("refuses a signature made by another key", async () => {
    await assertRefused(await verify(await signedMessage({ address: alice.address }, bob)), /signature does not match/);
  });

  it("refuses a body that is not an EIP-4361 message", async () => {
    await assertRefused(await verify({ message: "hello", signature: "0x1234" }), /EIP-4361/);
    await assertRefused(await verify({}), /message is missing/);
  });

  it("spends the nonce even when the attempt is refused", async () => {
    const nonce = await freshNonce();
    await assertRefused(await verify(await signedMessage({ nonce }, bob)), /signature/);
    await assertRefused(await verify(await signedMessage({ nonce })), /unknown or already used nonce/);
  });
});

describe("session cookie", () => {
  it("refuses a tampered cookie", async () => {
    const cookie = await signIn();
    const [name, value] = cookie.split("=");
    const flipped = value.slice(0, 20) + (value[20] === "a" ? "b" : "a") + value.slice(21);
    const tampered = `${name}=${flipped}`;
    await assertRefused(await session(tampered), /invalid session cookie/);
    await assertRefused(
      await postDocument({ kind: "note", content: { text: "hi" } }, tampered),
      /invalid session cookie/,
    );
  });

  it("refuses a cookie sealed with another secret", async () => {
    const { sealData } = await import("iron-session");
    const forged = await sealData({ sid: "x" }, { password: "another-secret-another-secret-0123456" });
    await assertRefused(await session(`mosaic_session=${encodeURIComponent(forged)}`), /invalid session cookie/);
  });

  it("no longer accepts a cookie from before logout", async () => {
    const cookie = await signIn();
    assert.equal((await session(cookie)).status, 200);
    const logout: Response = await logoutRoute.POST(request("/api/auth/logout", { method: "POST", cookie }));
    assert.equal(logout.status, 204);
    assert.match(logout.headers.get("set-cookie") ?? "", /mosaic_session=;.*Max-Age=0/);
    await assertRefused(await session(cookie), /signed out/);
    await assertRefused(await postDocument({ kind: "note", content: { text: "hi" } }, cookie), /signed out/);
  });

  it("answers 401 without a cookie", async () => {
    await assertRefused(await session(), /not signed in/);
  });
});

describe("configuration", () => {
  it("production refuses to start without a session secret of 32 characters", () => {
    assert.throws(() => serverConfig({ NODE_ENV: "production" }), ConfigError);
    assert.throws(() => serverConfig({ NODE_ENV: "production", MOSAIC_SESSION_SECRET: "x".repeat(31) }), ConfigError);
    const ok = serverConfig({ NODE_ENV: "production", MOSAIC_SESSION_SECRET: "x".repeat(32) });
    assert.equal(ok.production, true);
  });

  it("development generates a secret into the data directory and keeps it", async () => {
    const { mkdtempSync, readFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const dir = mkdtempSync(join(tmpdir(), "mosaic-secret-"));
    const first = serverConfig({ NODE_ENV: "development", MOSAIC_DATA_DIR: dir });
    const second = serverConfig({ NODE_ENV: "development", MOSAIC_DATA_DIR: dir });
    assert.ok(first.sessionSecret.length >= 32);
    assert.equal(first.sessionSecret, second.sessionSecret);
    assert.equal(readFileSync(join(dir, "session-secret"), "utf8").trim(), first.sessionSecret);
  });
});
