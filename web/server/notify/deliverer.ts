/**
 * Sends new inbox items to the addresses that asked for them (webhook and/or e-mail). Runs inside
 * the web server process (started from instrumentation.ts); any number of instances may run it on
 * one PostgreSQL store.
 *
 * Each poll builds the inbox of every subscribed address (when the index or the document store has
 * moved, or a minute has passed, for review windows coming due) and records one delivery per item
 * and channel under a unique key: recording is idempotent, so an item is recorded once whatever
 * the restarts and instances. Pending deliveries are then leased (one instance takes a row; a
 * lease that is not settled comes back) and sent, with exponential backoff on failure.
 */
import type { InboxItem } from "../inbox.ts";
import type { NotificationDelivery, NotificationStore, NotificationSubscription } from "../store/types.ts";
import { NOTIFY_KIND_LABELS } from "./kinds.ts";
import { sendEmail } from "./smtp.ts";
import { TargetError } from "./targets.ts";
import { DELIVERY_HEADER, postWebhook, SIGNATURE_HEADER, signBody } from "./webhook.ts";

export interface DelivererOptions {
  store: NotificationStore;
  /** The address's inbox (server/inbox.ts in the server). */
  inbox: (address: string) => Promise<InboxItem[]>;
  /** Changes whenever the inbox may have changed (indexed block, documents stored). */
  mark: () => Promise<string>;
  pollMs?: number;
  /** First retry delay; doubled on each failure. */
  retryMs?: number;
  maxAttempts?: number;
  timeoutMs?: number;
  /** Prefix for links in deliveries (the site's public URL), or none. */
  publicUrl?: string | null;
  log?: (message: string) => void;
}

export interface DeliveryBody {
  delivery: string;
  address: string;
  item: InboxItem;
  url: string | null;
}

const LEASE_MARGIN_MS = 30_000;
const BATCH = 25;
/** Even with no new block or document, inboxes are rebuilt this often (deadlines come due with time). */
const REBUILD_MS = 60_000;

export class Deliverer {
  private readonly o: Required<Omit<DelivererOptions, "publicUrl">> & { publicUrl: string | null };
  private timer: NodeJS.Timeout | undefined;
  private started = false;
  private running: Promise<void> | undefined;
  private lastMark: string | undefined;
  private lastRebuild = 0;

  constructor(options: DelivererOptions) {
    this.o = {
      pollMs: 5_000,
      retryMs: 30_000,
      maxAttempts: 6,
      timeoutMs: 10_000,
      publicUrl: null,
      log: (message) => console.error(message),
      ...options,
    };
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    const schedule = () => {
      this.timer = setTimeout(async () => {
        await this.tick();
        if (this.started) schedule();
      }, this.o.pollMs);
      this.timer.unref();
    };
    schedule();
  }

  /** Stops polling and waits for the current round. */
  async stop(): Promise<void> {
    this.started = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One round: record what is new, then send what is due. Rounds never overlap. */
  tick(): Promise<void> {
    this.running ??= this.round()
      .catch((error: Error) => this.o.log(`Notification delivery round failed: ${error.message}`))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async round(): Promise<void> {
    const subscriptions = await this.o.store.subscriptions();
    if (subscriptions.length > 0) await this.record(subscriptions);
    await this.send();
  }

  private async record(subscriptions: NotificationSubscription[]): Promise<void> {
    const mark = await this.o.mark();
    const now = Date.now();
    const moved = mark !== this.lastMark || now - this.lastRebuild >= REBUILD_MS;
    const due = moved ? subscriptions : subscriptions.filter((s) => !s.primed);
    let complete = true;
    for (const subscription of due) {
      let items: InboxItem[];
      try {
        items = await this.o.inbox(subscription.address);
      } catch (error) {
        this.o.log(`Notifications for ${subscription.address}: the inbox cannot be built: ${(error as Error).message}`);
        complete = false; // the mark is not advanced, so the next round tries again
        continue;
      }
      const wanted = items.filter((i) => subscription.kinds.length === 0 || subscription.kinds.includes(i.kind));
      const channels = [subscription.webhookUrl && "webhook", subscription.email && "email"].filter(Boolean) as (
        "webhook" | "email"
      )[];
      // What was in the inbox when the settings were saved is recorded as skipped: only news is sent.
      const status = subscription.primed ? "pending" : "skipped";
      await this.o.store.record(
        channels.flatMap((channel) =>
          wanted.map((item) => ({
            key: `${channel}:${subscription.address}:${item.id}`,
            address: subscription.address,
            channel,
            payload: JSON.stringify(item),
            status,
            nextAt: now,
          })),
        ),
      );
      if (!subscription.primed) await this.o.store.markPrimed(subscription.address, subscription.updatedAt);
    }
    if (!complete) return;
    this.lastMark = mark;
    if (moved) this.lastRebuild = now;
  }

  private async send(): Promise<void> {
    for (;;) {
      const now = Date.now();
      const batch = await this.o.store.lease(now, now + this.o.timeoutMs + LEASE_MARGIN_MS, BATCH);
      if (batch.length === 0) return;
      await Promise.all(batch.map((delivery) => this.deliver(delivery)));
      if (batch.length < BATCH) return;
    }
  }

  private async deliver(delivery: NotificationDelivery): Promise<void> {
    const store = this.o.store;
    const subscription = await store.getSubscription(delivery.address);
    const target = delivery.channel === "webhook" ? subscription?.webhookUrl : subscription?.email;
    if (!subscription || !target) {
      await store.settle(delivery.key, "skipped", Date.now(), "delivery was turned off");
      return;
    }
    const item = JSON.parse(delivery.payload) as InboxItem;
    const path = item.href ?? `/jobs/${item.jobId}`;
    const url = this.o.publicUrl ? new URL(path, this.o.publicUrl).toString() : null;
    try {
      if (delivery.channel === "webhook") {
        const body = JSON.stringify({
          delivery: delivery.key,
          address: delivery.address,
          item,
          url,
        } satisfies DeliveryBody);
        await postWebhook(
          target,
          body,
          {
            [SIGNATURE_HEADER]: signBody(subscription.secret, Math.floor(Date.now() / 1000), body),
            [DELIVERY_HEADER]: delivery.key,
          },
          this.o.timeoutMs,
        );
      } else {
        await sendEmail(
          {
            to: target,
            subject: `Mosaic: ${NOTIFY_KIND_LABELS[item.kind] ?? item.kind}${item.action ? " (needs you)" : ""}`,
            text: `${item.text}\n\n${url ?? `Open ${path} on Mosaic.`}\n\nYou receive this because you asked for Mosaic notifications; change or turn them off in your inbox.\n`,
            headers: { "X-Mosaic-Delivery": delivery.key },
          },
          this.o.timeoutMs,
        );
      }
      await store.settle(delivery.key, "sent", Date.now(), null);
    } catch (error) {
      const reason = (error as Error).message;
      const final = error instanceof TargetError || delivery.attempts >= this.o.maxAttempts;
      const delay = Math.min(this.o.retryMs * 2 ** (delivery.attempts - 1), 3_600_000);
      await store.settle(delivery.key, final ? "failed" : "pending", Date.now() + delay, reason);
      this.o.log(`Notification ${delivery.key} ${final ? "failed" : "will be retried"}: ${reason}`);
    }
  }
}
