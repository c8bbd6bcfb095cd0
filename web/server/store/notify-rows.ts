/** Rows of the notification tables as both backends return them (SQLite integers, PostgreSQL bigint strings). */
import type { NotificationDelivery, NotificationSubscription } from "./types.ts";

export interface SubscriptionRow {
  address: string;
  webhook_url: string | null;
  email: string | null;
  /** JSON array. */
  kinds: string;
  secret: string;
  primed: number | boolean;
  updated_at: number | string;
}

export interface DeliveryRow {
  key: string;
  address: string;
  channel: string;
  payload: string;
  status: string;
  attempts: number;
  next_at: number | string;
  last_error: string | null;
}

export function toSubscription(row: SubscriptionRow): NotificationSubscription {
  return {
    address: row.address,
    webhookUrl: row.webhook_url,
    email: row.email,
    kinds: JSON.parse(row.kinds) as string[],
    secret: row.secret,
    primed: Boolean(row.primed),
    updatedAt: Number(row.updated_at),
  };
}

export function toDelivery(row: DeliveryRow): NotificationDelivery {
  return {
    key: row.key,
    address: row.address,
    channel: row.channel as NotificationDelivery["channel"],
    payload: row.payload,
    status: row.status as NotificationDelivery["status"],
    attempts: Number(row.attempts),
    nextAt: Number(row.next_at),
    lastError: row.last_error,
  };
}
