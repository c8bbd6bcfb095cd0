/**
 * Starts notification delivery in this server process (instrumentation.ts). MOSAIC_NOTIFY=off
 * turns it off; otherwise it idles until an address saves a webhook or an e-mail address.
 */
import { inboxOf } from "../inbox.ts";
import { getStore } from "../store/index.ts";
import { indexedBlock } from "../subgraph.ts";
import { Deliverer } from "./deliverer.ts";

const globalKey = Symbol.for("mosaic.web.notify");
type Holder = { [globalKey]?: Deliverer };

function positive(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

export async function startNotificationDelivery(): Promise<void> {
  const holder = globalThis as Holder;
  if (process.env.MOSAIC_NOTIFY === "off" || process.env.NEXT_PHASE === "phase-production-build") return;
  if (holder[globalKey]) return;
  let store;
  try {
    store = await getStore();
  } catch (error) {
    // A database down at start must not stop the server: delivery starts when it answers.
    console.error(`Notification delivery waits for the store: ${(error as Error).message}`);
    setTimeout(() => void startNotificationDelivery(), 30_000).unref();
    return;
  }
  const deliverer = new Deliverer({
    store: store.notifications,
    inbox: inboxOf,
    mark: async () => `${await indexedBlock()}:${await store.notifications.documentsMark()}`,
    pollMs: positive("MOSAIC_NOTIFY_POLL_MS", 5_000),
    retryMs: positive("MOSAIC_NOTIFY_RETRY_MS", 30_000),
    timeoutMs: positive("MOSAIC_NOTIFY_TIMEOUT_MS", 10_000),
    publicUrl: process.env.MOSAIC_PUBLIC_URL || process.env.MOSAIC_PUBLIC_ORIGIN || null,
  });
  holder[globalKey] = deliverer;
  deliverer.start();
}
