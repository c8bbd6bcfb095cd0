import { issueNonce } from "../../../../server/auth/nonce.ts";
import { json } from "../../../../server/http.ts";

export const dynamic = "force-dynamic";

/** A single-use sign-in nonce, valid for 10 minutes. */
export async function GET() {
  const { nonce, expiresAt } = await issueNonce();
  return json({ nonce, expiresAt: new Date(expiresAt).toISOString() });
}
