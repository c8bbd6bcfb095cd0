import { destroySession } from "../../../../server/auth/session.ts";

export const dynamic = "force-dynamic";

/** Revokes the session server-side (a kept copy of the cookie stops working) and clears the cookie. */
export async function POST(request: Request) {
  const cookie = await destroySession(request);
  return new Response(null, { status: 204, headers: { "set-cookie": cookie, "cache-control": "no-store" } });
}
