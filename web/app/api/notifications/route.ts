import { readSession } from "../../../server/auth/session.ts";
import { json, jsonError } from "../../../server/http.ts";
import { saveSettings, settingsOf } from "../../../server/notify/subscriptions.ts";

export const dynamic = "force-dynamic";

const SIGN_IN = "sign in with Ethereum to manage your notifications";

/** The signed-in address's delivery settings and its latest deliveries (never the webhook secret). */
export async function GET(request: Request) {
  const found = await readSession(request);
  if (!found.ok) return jsonError(401, `${found.reason}; ${SIGN_IN}`);
  return json(await settingsOf(found.session.address));
}

/**
 * `{ "webhookUrl": "https://…" | null, "email": "…" | null, "kinds": ["submission", …], "newSecret": true? }`:
 * both targets null turns delivery off. The answer carries `secret` only when one was created.
 */
export async function POST(request: Request) {
  const found = await readSession(request);
  if (!found.ok) return jsonError(401, `${found.reason}; ${SIGN_IN}`);
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return jsonError(400, 'send JSON: { "webhookUrl": "https://…", "email": "…", "kinds": [] }');
  }
  const outcome = await saveSettings(found.session.address, body);
  if (!outcome.ok) return jsonError(outcome.status, outcome.error);
  return json({ ...outcome.settings, ...(outcome.secret ? { secret: outcome.secret } : {}) });
}

/** Turns delivery off. */
export async function DELETE(request: Request) {
  const found = await readSession(request);
  if (!found.ok) return jsonError(401, `${found.reason}; ${SIGN_IN}`);
  const outcome = await saveSettings(found.session.address, { webhookUrl: null, email: null });
  return json(outcome.ok ? outcome.settings : {});
}
