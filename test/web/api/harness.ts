/**
 * Runs the web API's route handlers in this process with real Request objects against a real
 * embedded store in a temporary directory (no mocks). Import this before any route module: the
 * server reads its configuration from the environment on first use.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { privateKeyToAccount } from "viem/accounts";
import { createSiweMessage } from "viem/siwe";
import { peerHeader } from "../../../web/server/peer-address.ts";

export const DATA_DIR = mkdtempSync(path.join(tmpdir(), "mosaic-web-api-"));
process.env.MOSAIC_DATA_DIR = DATA_DIR;
process.env.MOSAIC_SESSION_SECRET = "test-secret-test-secret-test-secret-0123";
process.env.MOSAIC_CHAIN_ID = "31337";
// No node: EOA signatures are checked locally; a contract-wallet check would fail closed.
process.env.MOSAIC_RPC_URL ??= "http://127.0.0.1:9";
delete process.env.MOSAIC_PUBLIC_ORIGIN;

export const HOST = "127.0.0.1:3000";
export const ORIGIN = `http://${HOST}`;
export const CHAIN_ID = 31337;

// Hardhat's well-known test keys (accounts 0, 1 and 2).
export const alice = privateKeyToAccount("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
export const bob = privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7b7a8bd5f7d4e1e3d6f4");
export const carol = privateKeyToAccount("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");

const routes = "../../../web/app/api";
export const nonceRoute = await import(`${routes}/auth/nonce/route.ts`);
export const verifyRoute = await import(`${routes}/auth/verify/route.ts`);
export const sessionRoute = await import(`${routes}/auth/session/route.ts`);
export const logoutRoute = await import(`${routes}/auth/logout/route.ts`);
export const documentsRoute = await import(`${routes}/documents/route.ts`);
export const documentRoute = await import(`${routes}/documents/[cid]/route.ts`);

let requestCount = 0;

/**
 * A request as Next hands it to a route handler. Each one comes from its own client address
 * (the connection's peer, as the server stamps it: web/server/peer-address.ts) so the per-address sign-in limit does not
 * throttle the suite; tests of the limit pass one address explicitly.
 */
export function request(pathname: string, init: RequestInit & { cookie?: string } = {}): Request {
  const headers = new Headers(init.headers);
  headers.set("host", HOST);
  if (!headers.has(peerHeader())) {
    const n = ++requestCount;
    headers.set(peerHeader(), `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`);
  }
  if (init.cookie) headers.set("cookie", init.cookie);
  return new Request(`${ORIGIN}${pathname}`, { ...init, headers });
}

export async function freshNonce(): Promise<string> {
  const response: Response = await nonceRoute.GET(request("/api/auth/nonce"));
  return ((await response.json()) as { nonce: string }).nonce;
}

export interface MessageOverrides {
  domain?: string;
  uri?: string;
  chainId?: number;
  nonce?: string;
  issuedAt?: Date;
  expirationTime?: Date;
  address?: `0x${string}`;
}

export async function signedMessage(overrides: MessageOverrides = {}, signer = alice) {
  const message = createSiweMessage({
    domain: overrides.domain ?? HOST,
    uri: overrides.uri ?? `${ORIGIN}/`,
    address: overrides.address ?? alice.address,
    chainId: overrides.chainId ?? CHAIN_ID,
    nonce: overrides.nonce ?? (await freshNonce()),
    version: "1",
    statement: "Sign in to Mosaic.",
    issuedAt: overrides.issuedAt ?? new Date(),
    expirationTime: overrides.expirationTime ?? new Date(Date.now() + 60 * 60 * 1000),
  });
  const signature = await signer.signMessage({ message });
  return { message, signature };
}

export async function verify(body: unknown): Promise<Response> {
  return verifyRoute.POST(
    request("/api/auth/verify", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );
}

/** The `name=value` part of the response's Set-Cookie, to send back as a Cookie header. */
export function cookieOf(response: Response): string {
  const header = response.headers.get("set-cookie");
  if (!header) throw new Error("no Set-Cookie in the response");
  return header.split(";")[0];
}

export async function signIn(signer = alice): Promise<string> {
  const response = await verify(await signedMessage({ address: signer.address }, signer));
  if (response.status !== 200) throw new Error(`sign-in failed: ${await response.text()}`);
  return cookieOf(response);
}

export async function session(cookie?: string): Promise<Response> {
  return sessionRoute.GET(request("/api/auth/session", { cookie }));
}

export async function postDocument(body: unknown, cookie?: string): Promise<Response> {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return documentsRoute.POST(
    request("/api/documents", { method: "POST", headers: { "content-type": "application/json" }, body: text, cookie }),
  );
}

export async function getDocument(cid: string): Promise<Response> {
  return documentRoute.GET(request(`/api/documents/${cid}`), { params: Promise.resolve({ cid }) });
}
