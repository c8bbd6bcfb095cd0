/** The session of the request a server component is rendering, or null when signed out. */
import { headers } from "next/headers";
import { readSession, type Session } from "./session.ts";

export async function pageSession(): Promise<Session | null> {
  const found = await readSession(new Request("http://localhost/", { headers: await headers() }));
  return found.ok ? found.session : null;
}
