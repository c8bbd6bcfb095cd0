/**
 * Security headers on every page and API answer (web/server/security-headers.ts). A proxy rather
 * than next.config's `headers()`: it reads the environment per request, so one build serves any
 * public URL, RPC node and subgraph.
 */
import { NextResponse } from "next/server";
import { DEFAULTS } from "./server/config.ts";
import { applySecurityHeaders, securityHeaderOptionsFromEnv } from "./server/security-headers.ts";

export function proxy() {
  const response = NextResponse.next();
  const options = securityHeaderOptionsFromEnv();
  // With no RPC URL configured the browser's wallet transport uses the server's default node.
  if (!process.env.MOSAIC_PUBLIC_RPC_URL && !process.env.MOSAIC_RPC_URL) {
    options.connectSrc = [...(options.connectSrc ?? []), DEFAULTS.rpcUrl];
  }
  applySecurityHeaders(response.headers, options);
  return response;
}

// Static build assets carry no document to protect.
export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"] };
