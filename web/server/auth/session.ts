/**
 * The session cookie: an iron-session seal holding only a session id. The id is looked up in the
 * SessionStore on every request, so logout (revoke) invalidates a cookie even if someone kept a copy.
 */
import { randomBytes } from "node:crypto";
import { sealData, unsealData } from "iron-session";
import { serverConfig } from "../config.ts";
import { getStore } from "../store/index.ts";

export const SESSION_COOKIE = "mosaic_session";
/** Longest a session lives, whatever the SIWE message's expiration says. */
export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

export interface Session {
  id: string;
  address: `0x${string}`;
  chainId: number;
}

export type SessionLookup = { ok: true; session: Session } | { ok: false; reason: string };

function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** The live session named by the request's cookie, or why there is none. */
export async function readSession(request: Request): Promise<SessionLookup> {
  const sealed = readCookie(request, SESSION_COOKIE);
  if (!sealed) return { ok: false, reason: "not signed in: no session cookie" };
  const { sessionSecret } = serverConfig();
  let data: { sid?: unknown };
  try {
    data = await unsealData<{ sid?: unknown }>(sealed, { password: sessionSecret, ttl: SESSION_MAX_AGE_SECONDS });
  } catch {
    return { ok: false, reason: "invalid session cookie" };
  }
  // unsealData answers {} for a seal it cannot open (tampered, expired or another secret's).
  if (typeof data.sid !== "string") return { ok: false, reason: "invalid session cookie" };
  const found = await (await getStore()).sessions.get(data.sid, Date.now());
  if (!found) return { ok: false, reason: "session expired or signed out: sign in again" };
  return { ok: true, session: { id: data.sid, address: found.address as `0x${string}`, chainId: found.chainId } };
}

/** Creates a session in the store and returns the Set-Cookie header value for it. */
export async function createSession(address: string, chainId: number, expiresAt: number): Promise<string> {
  const id = randomBytes(32).toString("hex");
  await (await getStore()).sessions.create({ id, address: address.toLowerCase(), chainId, expiresAt });
  const { sessionSecret } = serverConfig();
  const maxAge = Math.max(1, Math.floor((expiresAt - Date.now()) / 1000));
  const sealed = await sealData({ sid: id }, { password: sessionSecret, ttl: SESSION_MAX_AGE_SECONDS });
  return cookieHeader(sealed, maxAge);
}

/** Revokes the request's session (if any) and returns the Set-Cookie header that clears it. */
export async function destroySession(request: Request): Promise<string> {
  const found = await readSession(request);
  if (found.ok) await (await getStore()).sessions.revoke(found.session.id);
  return cookieHeader("", 0);
}

function cookieHeader(value: string, maxAge: number): string {
  const parts = [
    `${SESSION_COOKIE}=${encodeURIComponent(value)}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${maxAge}`,
  ];
  if (serverConfig().production) parts.push("Secure");
  return parts.join("; ");
}
