import { readSession } from "../../../../server/auth/session.ts";
import { json, jsonError } from "../../../../server/http.ts";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const found = await readSession(request);
  if (!found.ok) return jsonError(401, found.reason);
  return json({ address: found.session.address, chainId: found.session.chainId });
}
