/**
 * Delivery of inbox items by webhook and e-mail (web/server/notify/) against a real embedded store,
 * a real HTTP receiver and a real SMTP receiver on 127.0.0.1. The inbox source is a list the test
 * controls (the inbox itself is built from the index, which the browser suite drives): what is
 * under test is that each new item reaches each target exactly once, signed, across restarts.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { InboxItem } from "../../../web/server/inbox.ts";
import { Deliverer, type DeliveryBody } from "../../../web/server/notify/deliverer.ts";
import { newSecret, verifySignature } from "../../../web/server/notify/webhook.ts";
import { openEmbeddedStore } from "../../../web/server/store/embedded.ts";
import type { ServerStore } from "../../../web/server/store/types.ts";
import { startHttpSink, startSmtpSink, type HttpSink, type SmtpSink } from "./notify-sinks.ts";

const ALICE = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
const BOB = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

const item = (id: string, kind: InboxItem["kind"] = "submission"): InboxItem => ({
  id,
  kind,
  at: 1_800_000_000,
  jobId: "7",
  text: `Milestone 1 of “Logo” (${id}) was submitted.`,
  action: true,
});

let dir: string;
let store: ServerStore;
let sink: HttpSink;
let smtp: SmtpSink;
const inboxes = new Map<string, InboxItem[]>();
let mark = 0;

function deliverer(options: { retryMs?: number } = {}) {
  return new Deliverer({
    store: store.notifications,
    inbox: async (address) => inboxes.get(address) ?? [],
    // Every round sees a new mark, as if a block had been indexed.
    mark: async () => String(++mark),
    retryMs: options.retryMs ?? 20,
    timeoutMs: 2_000,
    publicUrl: "https://mosaic.example",
    log: () => {},
  });
}

async function subscribe(address: string, fields: { webhookUrl?: string; email?: string; kinds?: string[] }) {
  const secret = newSecret();
  await store.notifications.putSubscription({
    address,
    webhookUrl: fields.webhookUrl ?? null,
    email: fields.email ?? null,
    kinds: fields.kinds ?? [],
    secret,
    primed: false,
    updatedAt: Date.now(),
  });
  return secret;
}

const bodies = () => sink.requests.map((r) => JSON.parse(r.body) as DeliveryBody);

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "mosaic-notify-"));
  store = openEmbeddedStore(dir);
  sink = await startHttpSink();
  smtp = await startSmtpSink();
  process.env.MOSAIC_NOTIFY_ALLOW_PRIVATE = "1";
});
after(async () => {
  await store.close();
  await sink.close();
  await smtp.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("notification delivery", () => {
  it("sends nothing while nobody has subscribed (off by default)", async () => {
    inboxes.set(ALICE, [item("before-1"), item("before-2")]);
    await deliverer().tick();
    assert.equal(sink.requests.length, 0);
    assert.equal(smtp.messages.length, 0);
    assert.deepEqual(await store.notifications.deliveries(ALICE, 10), []);
  });

  it("posts each new item once, signed with the subscription's secret; what was there before is not sent", async () => {
    const secret = await subscribe(ALICE, { webhookUrl: sink.url });
    const first = deliverer();
    await first.tick(); // primes: the two items already in the inbox are recorded as not to send
    assert.equal(sink.requests.length, 0);

    inboxes.get(ALICE)!.unshift(item("new-1"));
    await first.tick();
    await first.tick();
    assert.equal(sink.requests.length, 1);
    const [request] = sink.requests;
    assert.equal(request.headers["content-type"], "application/json");
    assert.ok(verifySignature(secret, String(request.headers["x-mosaic-signature"]), request.body));
    assert.ok(!verifySignature(newSecret(), String(request.headers["x-mosaic-signature"]), request.body));
    assert.ok(!verifySignature(secret, String(request.headers["x-mosaic-signature"]), request.body + " "));
    const body = bodies()[0];
    assert.equal(body.item.id, "new-1");
    assert.equal(body.address, ALICE);
    assert.equal(body.url, "https://mosaic.example/jobs/7");
    assert.equal(request.headers["x-mosaic-delivery"], body.delivery);
  });

  it("does not send an item again after a restart, and sends what arrived meanwhile exactly once", async () => {
    await store.close();
    store = openEmbeddedStore(dir);
    inboxes.get(ALICE)!.unshift(item("while-down"));
    const restarted = deliverer();
    await restarted.tick();
    await restarted.tick();
    assert.deepEqual(
      bodies().map((b) => b.item.id),
      ["new-1", "while-down"],
    );
  });

  it("retries a failed post with backoff, under the same delivery id, until the receiver accepts it", async () => {
    sink.failNext(2, 503);
    inboxes.get(ALICE)!.unshift(item("flaky"));
    const d = deliverer({ retryMs: 20 });
    const deadline = Date.now() + 5_000;
    while (!bodies().some((b) => b.item.id === "flaky") || sink.requests.length < 5) {
      assert.ok(Date.now() < deadline, "the retries did not happen");
      await d.tick();
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    await d.tick();
    const flaky = sink.requests.filter((r) => (JSON.parse(r.body) as DeliveryBody).item.id === "flaky");
    assert.equal(flaky.length, 3, "two refusals, then one accepted delivery");
    assert.equal(new Set(flaky.map((r) => r.headers["x-mosaic-delivery"])).size, 1);
    const [latest] = await store.notifications.deliveries(ALICE, 1);
    assert.equal(latest.status, "sent");
    assert.equal(latest.attempts, 3);
  });

  it("e-mails new items of the chosen kinds through SMTP", async () => {
    process.env.SMTP_URL = smtp.url;
    process.env.SMTP_FROM = "Mosaic <notify@mosaic.example>";
    try {
      inboxes.set(BOB, [item("old-payment", "payment")]);
      await subscribe(BOB, { email: "bob@example.org", kinds: ["payment"] });
      const d = deliverer();
      await d.tick();
      inboxes.get(BOB)!.unshift(item("paid", "payment"), item("ignored-kind", "rating"));
      await d.tick();
      await d.tick();
      assert.equal(smtp.messages.length, 1);
      const [mail] = smtp.messages;
      assert.deepEqual(mail.to, ["bob@example.org"]);
      assert.equal(mail.from, "notify@mosaic.example");
      assert.match(mail.data, /^Subject: Mosaic: Payments/m);
      assert.match(mail.data, /\(paid\) was submitted/);
      assert.match(mail.data, /https:\/\/mosaic\.example\/jobs\/7/);
    } finally {
      delete process.env.SMTP_URL;
      delete process.env.SMTP_FROM;
    }
  });

  it("refuses to post to a loopback address at send time unless the operator allows private targets", async () => {
    delete process.env.MOSAIC_NOTIFY_ALLOW_PRIVATE;
    try {
      const carol = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";
      inboxes.set(carol, []);
      // Saved while allowed (or a name that resolved elsewhere then); "localhost" now resolves inward.
      await subscribe(carol, { webhookUrl: sink.url.replace("127.0.0.1", "localhost") });
      const before = sink.requests.length;
      const d = deliverer();
      await d.tick();
      inboxes.get(carol)!.push(item("to-loopback"));
      await d.tick();
      assert.equal(sink.requests.length, before);
      const [delivery] = await store.notifications.deliveries(carol, 1);
      assert.equal(delivery.status, "failed");
      assert.match(delivery.lastError ?? "", /private or loopback address/);
    } finally {
      process.env.MOSAIC_NOTIFY_ALLOW_PRIVATE = "1";
    }
  });

  it("skips pending deliveries once delivery is turned off", async () => {
    sink.failNext(1, 500);
    inboxes.get(ALICE)!.unshift(item("then-off"));
    const d = deliverer({ retryMs: 60_000 });
    await d.tick();
    await store.notifications.deleteSubscription(ALICE);
    const [latest] = await store.notifications.deliveries(ALICE, 1);
    assert.equal(latest.status, "skipped");
    const count = sink.requests.length;
    await d.tick();
    assert.equal(sink.requests.length, count);
  });
});
