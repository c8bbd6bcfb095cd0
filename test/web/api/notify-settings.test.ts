/**
 * `/api/notifications`: delivery settings of the signed-in address, off by default, with the
 * webhook secret shown once and bad targets refused with a clear error (real sessions, real store).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { bob, request, signIn } from "./harness.ts";
import { startHttpSink, type HttpSink } from "./notify-sinks.ts";

const route = await import("../../../web/app/api/notifications/route.ts");

const get = (cookie?: string) => route.GET(request("/api/notifications", { cookie }));
const save = (body: unknown, cookie?: string) =>
  route.POST(
    request("/api/notifications", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
      cookie,
    }),
  );
const json = async (response: Response) => (await response.json()) as Record<string, unknown>;

let sink: HttpSink;
before(async () => {
  sink = await startHttpSink();
  delete process.env.MOSAIC_NOTIFY_ALLOW_PRIVATE;
  delete process.env.SMTP_URL;
});
after(async () => {
  delete process.env.MOSAIC_NOTIFY_ALLOW_PRIVATE;
  await sink.close();
});

describe("notification settings API", () => {
  it("asks a visitor without a session to sign in", async () => {
    const response = await get();
    assert.equal(response.status, 401);
    assert.match(String((await json(response)).error), /sign in with Ethereum/);
    assert.equal((await save({ webhookUrl: sink.url })).status, 401);
  });

  it("is off by default, and says when this server sends no e-mail", async () => {
    const body = await json(await get(await signIn(bob)));
    assert.equal(body.webhookUrl, null);
    assert.equal(body.email, null);
    assert.equal(body.emailAvailable, false);
    assert.deepEqual(body.recent, []);
  });

  it("refuses bad webhook URLs, private targets and e-mail without SMTP, each with a clear error", async () => {
    const cookie = await signIn();
    const refusals: [unknown, RegExp][] = [
      [{ webhookUrl: "ftp://example.com/hook" }, /must start with https:\/\/ or http:\/\/, not ftp:/],
      [{ webhookUrl: "javascript:alert(1)" }, /must start with https:\/\/ or http:\/\//],
      [{ webhookUrl: "not a url" }, /not a valid URL/],
      [{ webhookUrl: "https://user:pw@example.com/" }, /user name or password/],
      [{ webhookUrl: sink.url }, /resolves to 127\.0\.0\.1, a private or loopback address/],
      [{ webhookUrl: "http://localhost:9/hook" }, /private or loopback address/],
      [{ webhookUrl: "http://10.1.2.3/hook" }, /private or loopback address/],
      [{ webhookUrl: "http://169.254.169.254/latest" }, /private or loopback address/],
      [{ webhookUrl: "http://[::1]:8080/" }, /private or loopback address/],
      [{ webhookUrl: "http://[::ffff:127.0.0.1]/" }, /private or loopback address/],
      [{ email: "someone@example.org" }, /does not send e-mail/],
      [{ kinds: ["everything"] }, /kinds must be a list of: quote, /],
      ["{", /send JSON/],
    ];
    for (const [body, error] of refusals) {
      const response = await save(body, cookie);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.match(String((await json(response)).error), error);
    }
    assert.equal((await json(await get(cookie))).webhookUrl, null, "nothing was saved");
  });

  it("saves a webhook (loopback allowed by the operator), shows its secret once, renews it on request, turns off", async () => {
    process.env.MOSAIC_NOTIFY_ALLOW_PRIVATE = "1";
    const cookie = await signIn();
    const created = await json(await save({ webhookUrl: sink.url, kinds: ["submission", "payment"] }, cookie));
    assert.equal(created.webhookUrl, sink.url);
    assert.deepEqual(created.kinds, ["submission", "payment"]);
    assert.match(String(created.secret), /^[0-9a-f]{64}$/);

    const read = await json(await get(cookie));
    assert.equal(read.webhookUrl, sink.url);
    assert.equal("secret" in read, false, "the secret is never read back");

    const changed = await json(await save({ webhookUrl: sink.url, kinds: [] }, cookie));
    assert.equal("secret" in changed, false, "changing the settings keeps the secret");
    const renewed = await json(await save({ webhookUrl: sink.url, newSecret: true }, cookie));
    assert.match(String(renewed.secret), /^[0-9a-f]{64}$/);
    assert.notEqual(renewed.secret, created.secret);

    const off = await route.DELETE(request("/api/notifications", { method: "DELETE", cookie }));
    assert.equal(off.status, 200);
    assert.equal((await json(await get(cookie))).webhookUrl, null);
    assert.equal(sink.requests.length, 0, "saving settings sends nothing");
  });
});
