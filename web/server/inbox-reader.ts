/** The inbox of whoever is signed in on the request being rendered (server components). */
import { headers } from "next/headers";
import { pageSession } from "./auth/page-session.ts";
import { inboxOf, readMarkOf, unreadOf, type InboxItem } from "./inbox.ts";
import { SubgraphError } from "./subgraph.ts";

export type RenderedInbox =
  | { state: "signed-out" }
  | { state: "unavailable"; reason: string }
  | { state: "ready"; address: string; items: InboxItem[]; unread: InboxItem[] };

/** Counts for the header are asked on every page: the same address's inbox is built at most once a few seconds. */
const recent = new Map<string, { at: number; items: Promise<InboxItem[]> }>();
const FRESH_MS = 3_000;

function cachedInbox(address: string): Promise<InboxItem[]> {
  const now = Date.now();
  const hit = recent.get(address);
  if (hit && now - hit.at < FRESH_MS) return hit.items;
  for (const [key, value] of recent) if (now - value.at >= FRESH_MS) recent.delete(key);
  const items = inboxOf(address);
  recent.set(address, { at: now, items });
  items.catch(() => recent.delete(address));
  return items;
}

export async function renderedInbox(options: { fresh?: boolean } = {}): Promise<RenderedInbox> {
  const session = await pageSession();
  if (!session) return { state: "signed-out" };
  const cookie = (await headers()).get("cookie");
  const address = session.address.toLowerCase();
  try {
    const items = options.fresh ? await inboxOf(address) : await cachedInbox(address);
    return { state: "ready", address, items, unread: unreadOf(items, readMarkOf(cookie)) };
  } catch (error) {
    if (error instanceof SubgraphError) return { state: "unavailable", reason: error.message };
    throw error;
  }
}
