/**
 * Security headers on every page and API answer (web/server/security-headers.ts). A proxy rather
 * than next.config's `headers()`: it reads the environment per request, so one build serves any
 * public URL, RPC node and subgraph.
 */
import { NextResponse, type NextRequest } from "next/server";
import { DEFAULTS } from "./server/config.ts";
import {
  applySecurityHeaders,
  contentSecurityPolicy,
  securityHeaderOptionsFromEnv,
} from "./server/security-headers.ts";

export function proxy(request: NextRequest) {
  const options = securityHeaderOptionsFromEnv();
  // A fresh nonce per response: Next reads it from the request's CSP header and puts it on every
  // script it renders, so the policy needs no 'unsafe-inline' for scripts.
  options.nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  // With no RPC URL configured the browser's wallet transport uses the server's default node.
  if (!process.env.MOSAIC_PUBLIC_RPC_URL && !process.env.MOSAIC_RPC_URL) {
    options.connectSrc = [...(options.connectSrc ?? []), DEFAULTS.rpcUrl];
  }
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", contentSecurityPolicy(options));
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  applySecurityHeaders(response.headers, options);
  return response;
}

// Static build assets carry no document to protect.
export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"] };
