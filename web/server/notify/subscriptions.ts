/**
 * An address's delivery settings (`/api/notifications`): a webhook URL and/or an e-mail address and
 * the inbox kinds to send; nothing is sent until one is saved. The webhook secret is generated
 * here and returned only by the save that created (or renewed) it.
 */
import { getStore } from "../store/index.ts";
import type { NotificationDelivery } from "../store/types.ts";
import { NOTIFY_KINDS } from "./kinds.ts";
import { emailEnabled } from "./smtp.ts";
import { checkEmail, checkWebhookUrl, TargetError } from "./targets.ts";
import { newSecret } from "./webhook.ts";

export interface NotificationSettings {
  webhookUrl: string | null;
  email: string | null;
  /** Empty: every kind. */
  kinds: string[];
  /** Whether this server sends e-mail (SMTP_URL is set). */
  emailAvailable: boolean;
  /** Whether a deliverer has taken the saved settings in (items from then on are sent). */
  ready: boolean;
  /** The latest deliveries, newest first. */
  recent: { item: string; channel: string; status: string; attempts: number; error: string | null }[];
}

export type SaveOutcome =
  { ok: true; settings: NotificationSettings; secret?: string } | { ok: false; status: 400; error: string };

function recentOf(deliveries: NotificationDelivery[]): NotificationSettings["recent"] {
  return deliveries
    .filter((d) => d.status !== "skipped")
    .map((d) => ({
      item: (JSON.parse(d.payload) as { text?: string }).text ?? "",
      channel: d.channel,
      status: d.status,
      attempts: d.attempts,
      error: d.lastError,
    }));
}

export async function settingsOf(address: string): Promise<NotificationSettings> {
  const store = (await getStore()).notifications;
  const me = address.toLowerCase();
  const [subscription, deliveries] = await Promise.all([store.getSubscription(me), store.deliveries(me, 20)]);
  return {
    webhookUrl: subscription?.webhookUrl ?? null,
    email: subscription?.email ?? null,
    kinds: subscription?.kinds ?? [],
    emailAvailable: emailEnabled(),
    ready: subscription?.primed ?? false,
    recent: recentOf(deliveries),
  };
}

function optionalText(value: unknown, name: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw new TargetError(`${name} must be a string or null`);
  return value.trim() === "" ? null : value.trim();
}

/**
 * Saves `input` ({ webhookUrl, email, kinds, newSecret }) for `address`. Both targets empty turns
 * delivery off. Items already in the inbox when the settings are saved are never sent.
 */
export async function saveSettings(address: string, input: unknown): Promise<SaveOutcome> {
  const me = address.toLowerCase();
  const body = (typeof input === "object" && input !== null ? input : {}) as Record<string, unknown>;
  let webhookUrl: string | null;
  let email: string | null;
  let kinds: string[];
  try {
    const rawUrl = optionalText(body.webhookUrl, "webhookUrl");
    const rawEmail = optionalText(body.email, "email");
    webhookUrl = rawUrl === null ? null : await checkWebhookUrl(rawUrl);
    email = rawEmail === null ? null : checkEmail(rawEmail);
    if (email !== null && !emailEnabled()) {
      throw new TargetError("this server does not send e-mail (its operator has not configured SMTP); use a webhook");
    }
    const given = body.kinds ?? [];
    if (!Array.isArray(given) || given.some((k) => !NOTIFY_KINDS.includes(k as never))) {
      throw new TargetError(`kinds must be a list of: ${NOTIFY_KINDS.join(", ")}`);
    }
    kinds = [...new Set(given as string[])];
  } catch (error) {
    if (error instanceof TargetError) return { ok: false, status: 400, error: error.message };
    throw error;
  }
  const store = (await getStore()).notifications;
  if (webhookUrl === null && email === null) {
    await store.deleteSubscription(me);
    return { ok: true, settings: await settingsOf(me) };
  }
  const existing = await store.getSubscription(me);
  const renew = !existing || body.newSecret === true;
  const secret = renew ? newSecret() : existing.secret;
  await store.putSubscription({
    address: me,
    webhookUrl,
    email,
    kinds,
    secret,
    primed: false,
    updatedAt: Math.max(Date.now(), (existing?.updatedAt ?? 0) + 1),
  });
  return { ok: true, settings: await settingsOf(me), ...(renew ? { secret } : {}) };
}
