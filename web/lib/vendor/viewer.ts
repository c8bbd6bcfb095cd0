/** The signed-in account of the request a server component renders (SIWE session cookie), or null. */
import { headers } from "next/headers";
import { readSession } from "../../server/auth/session.ts";

export async function signedInAddress(): Promise<string | null> {
  const cookie = (await headers()).get("cookie");
  if (!cookie) return null;
  const found = await readSession(new Request("http://viewer.invalid/", { headers: { cookie } }));
  return found.ok ? found.session.address.toLowerCase() : null;
}
