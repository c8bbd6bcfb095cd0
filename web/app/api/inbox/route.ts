import { readSession } from "../../../server/auth/session.ts";
import { serverConfig } from "../../../server/config.ts";
import { json, jsonError } from "../../../server/http.ts";
import { INBOX_READ_COOKIE, inboxOf, readMarkOf, unreadOf } from "../../../server/inbox.ts";
import { SubgraphError } from "../../../server/subgraph.ts";

export const dynamic = "force-dynamic";

/** The signed-in address's inbox, newest first, with what is unread since the browser's read mark. */
export async function GET(request: Request) {
  const found = await readSession(request);
  if (!found.ok) return jsonError(401, `${found.reason}; sign in with Ethereum to read your inbox`);
  try {
    const items = await inboxOf(found.session.address);
    const unread = unreadOf(items, readMarkOf(request.headers.get("cookie")));
    return json({ address: found.session.address, unread: unread.length, items });
  } catch (error) {
    if (error instanceof SubgraphError) return jsonError(502, error.message);
    throw error;
  }
}

/** `{ "at": <unix seconds> }`: everything up to `at` counts as read in this browser. */
export async function POST(request: Request) {
  const found = await readSession(request);
  if (!found.ok) return jsonError(401, `${found.reason}; sign in with Ethereum to read your inbox`);
  let at: unknown;
  try {
    ({ at } = (await request.json()) as { at?: unknown });
  } catch {
    return jsonError(400, 'send JSON: { "at": <unix seconds of the newest item read> }');
  }
  if (typeof at !== "number" || !Number.isSafeInteger(at) || at < 0) {
    return jsonError(400, "at must be the unix time in seconds of the newest item read");
  }
  const secure = serverConfig().production ? "; Secure" : "";
  return json({ at }, 200, {
    "set-cookie": `${INBOX_READ_COOKIE}=${at}; Path=/; Max-Age=${365 * 24 * 3600}; SameSite=Lax${secure}`,
  });
}
