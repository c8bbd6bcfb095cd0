/**
 * Two web instances on one PostgreSQL database both run the deliverer: every new inbox item still
 * reaches the webhook exactly once (unique delivery keys, leases taken with SKIP LOCKED), and a
 * third instance started later sends nothing again.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { InboxItem } from "../../../web/server/inbox.ts";
import { Deliverer, type DeliveryBody } from "../../../web/server/notify/deliverer.ts";
import { newSecret } from "../../../web/server/notify/webhook.ts";
import { openPostgresStore } from "../../../web/server/store/postgres.ts";
import type { ServerStore } from "../../../web/server/store/types.ts";
import { postgresUnavailable, startPostgresCluster, type PostgresCluster } from "../store/support/postgres-cluster.ts";
import { startHttpSink, type HttpSink } from "./notify-sinks.ts";

const ALICE = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
const skip = process.env.CI ? false : postgresUnavailable();

let cluster: PostgresCluster;
let url: string;
let stores: ServerStore[] = [];
let sink: HttpSink;
const inbox: InboxItem[] = [];

const item = (id: string): InboxItem => ({ id, kind: "quote", at: 1_800_000_000, jobId: "3", text: id, action: true });

function deliverer(store: ServerStore) {
  let mark = 0;
  return new Deliverer({
    store: store.notifications,
    inbox: async () => [...inbox],
    mark: async () => String(++mark),
    retryMs: 20,
    timeoutMs: 2_000,
    log: () => {},
  });
}

before(async () => {
  if (skip) return;
  process.env.MOSAIC_NOTIFY_ALLOW_PRIVATE = "1";
  cluster = await startPostgresCluster();
  url = await cluster.createDatabase("mosaic_notify_test");
  stores = await Promise.all([openPostgresStore(url), openPostgresStore(url)]);
  sink = await startHttpSink();
});
after(async () => {
  for (const store of stores) await store.close();
  await sink?.close();
  await cluster?.stop();
});

describe("notification delivery on PostgreSQL", { skip }, () => {
  it("sends each new item once although two instances deliver at the same time", async () => {
    inbox.push(item("old"));
    await stores[0].notifications.putSubscription({
      address: ALICE,
      webhookUrl: sink.url,
      email: null,
      kinds: [],
      secret: newSecret(),
      primed: false,
      updatedAt: Date.now(),
    });
    const [a, b] = stores.map(deliverer);
    await Promise.all([a.tick(), b.tick()]);
    for (let i = 0; i < 12; i++) inbox.unshift(item(`new-${i}`));
    for (let round = 0; round < 3; round++) await Promise.all([a.tick(), b.tick()]);

    const ids = sink.requests.map((r) => (JSON.parse(r.body) as DeliveryBody).item.id).sort();
    assert.deepEqual(ids, Array.from({ length: 12 }, (_, i) => `new-${i}`).sort());

    // An instance started afterwards (a restart) finds everything recorded and sends nothing.
    stores.push(await openPostgresStore(url));
    await deliverer(stores[2]).tick();
    assert.equal(sink.requests.length, 12);
    const deliveries = await stores[2].notifications.deliveries(ALICE, 50);
    assert.equal(deliveries.filter((d) => d.status === "sent").length, 12);
    assert.equal(deliveries.filter((d) => d.status === "skipped").length, 1, "the item there before subscribing");
  });
});
