/**
 * Security headers on every page and API answer (web/server/security-headers.ts), and the job
 * board served from the page cache (web/server/page-cache.ts). A proxy rather than next.config's
 * `headers()`: it reads the environment at run time, so one build serves any public URL, RPC node
 * and subgraph. The environment is read once per process and the headers built once from it; per
 * response only the nonce changes.
 */
import { randomBytes } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { DEFAULTS } from "./server/config.ts";
import { PageCache, pageWithNonce, policyNonce, type RenderedPage } from "./server/page-cache.ts";
import { newBusinessPaused } from "./server/paused.ts";
import { indexHead } from "./server/per-block.ts";
import {
  contentSecurityPolicy,
  securityHeaderOptionsFromEnv,
  securityHeaders,
  type HeaderEntry,
} from "./server/security-headers.ts";

interface HeaderSet {
  /** Every header but the policy, the same for every response. */
  fixed: HeaderEntry[];
  /** The nonce policy with NONCE_SLOT where each response's nonce goes. */
  noncePolicy: string;
}

const NONCE_SLOT = "__mosaic_nonce__";
let built: HeaderSet | undefined;

function headerSet(): HeaderSet {
  if (built) return built;
  const options = securityHeaderOptionsFromEnv();
  // With no RPC URL configured the browser's wallet transport uses the server's default node.
  if (!process.env.MOSAIC_PUBLIC_RPC_URL && !process.env.MOSAIC_RPC_URL) {
    options.connectSrc = [...(options.connectSrc ?? []), DEFAULTS.rpcUrl];
  }
  built = {
    fixed: securityHeaders(options).filter((h) => h.key !== "Content-Security-Policy"),
    noncePolicy: contentSecurityPolicy({ ...options, nonce: NONCE_SLOT }),
  };
  return built;
}

function withHeaders(response: NextResponse, policy: string): NextResponse {
  for (const { key, value } of headerSet().fixed) response.headers.set(key, value);
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

/** Pages served from the cache: the board, for each query string and cookie header. */
const CACHED_PATHS = new Set(["/"]);
/** The header that marks the proxy's own render of a page (its value is this process's secret). */
const RENDER_HEADER = "x-mosaic-page-render";
const RENDER_SECRET = randomBytes(16).toString("hex");
/** A board page is about 100 kB; a few hundred filter combinations and wallet cookies fit. */
const cache = new PageCache({ maxEntries: 256, maxBytes: 32 * 1024 * 1024 });

/** Where this server answers itself (`next start` sets PORT; HOSTNAME when bound to one address). */
function ownOrigin(): string | undefined {
  const port = process.env.PORT;
  if (!port) return undefined;
  const host = process.env.HOSTNAME;
  const loopback = !host || host === "0.0.0.0" || host === "::" || host === "localhost";
  return `http://${loopback ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host}:${port}`;
}

/**
 * Whether the request is a first load of a cached page by a visitor the server knows nothing
 * about: no session (the header's inbox is per user and changes between blocks), no navigation
 * of the app's router (those ask for its payload, not HTML).
 */
function cacheable(request: NextRequest): boolean {
  if (process.env.NODE_ENV !== "production" || request.method !== "GET") return false;
  if (!CACHED_PATHS.has(request.nextUrl.pathname) || request.nextUrl.searchParams.has("_rsc")) return false;
  const h = request.headers;
  if (h.has("rsc") || h.has("next-router-state-tree") || h.has("next-router-prefetch") || h.has("next-action")) {
    return false;
  }
  return !/(?:^|;\s*)mosaic_session=/.test(h.get("cookie") ?? "");
}

/** What the page shows depends on the indexed block and whether new business is paused. */
async function generation(): Promise<string | null> {
  const [block, paused] = await Promise.all([indexHead(), newBusinessPaused()]);
  return block === null ? null : `${block}:${paused}`;
}

async function render(origin: string, request: NextRequest): Promise<RenderedPage> {
  const headers: Record<string, string> = {
    [RENDER_HEADER]: RENDER_SECRET,
    accept: "text/html",
    "accept-encoding": "identity",
  };
  const cookie = request.headers.get("cookie");
  if (cookie) headers.cookie = cookie;
  const response = await fetch(`${origin}${request.nextUrl.pathname}${request.nextUrl.search}`, {
    headers,
    redirect: "manual",
    cache: "no-store",
    signal: AbortSignal.timeout(30_000),
  });
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    setsCookie: response.headers.has("set-cookie"),
    nonce: policyNonce(response.headers.get("content-security-policy")),
    html: await response.text(),
  };
}

function freshNonce(): string {
  return randomBytes(16).toString("base64");
}

function noncePolicy(nonce: string): string {
  return headerSet().noncePolicy.replace(NONCE_SLOT, nonce);
}

async function fromCache(request: NextRequest): Promise<NextResponse | undefined> {
  const origin = ownOrigin();
  if (!origin || !cacheable(request)) return undefined;
  const current = await generation();
  if (current === null) return undefined;
  const key = `${request.nextUrl.search}\n${request.headers.get("cookie") ?? ""}`;
  const hit = cache.has(current, key);
  const page = await cache.page(current, key, () => render(origin, request));
  if (!page) return undefined;
  const nonce = freshNonce();
  const response = new NextResponse(pageWithNonce(page, nonce) as BodyInit, {
    status: 200,
    headers: {
      "content-type": page.contentType,
      // As Next sends for a dynamic page: nothing on the way may keep it.
      "cache-control": "private, no-cache, no-store, max-age=0, must-revalidate",
      vary: "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch, cookie",
      // Whether this response's page was rendered before it (for operators and tests).
      "x-mosaic-page-cache": hit ? "hit" : "miss",
    },
  });
  return withHeaders(response, noncePolicy(nonce));
}

export async function proxy(request: NextRequest) {
  const ownRender = request.headers.get(RENDER_HEADER) === RENDER_SECRET;
  if (!ownRender) {
    const cached = await fromCache(request);
    if (cached) return cached;
  }
  // A fresh nonce per response: Next reads it from the request's CSP header and puts it on every
  // script it renders, so the policy needs no 'unsafe-inline' for scripts.
  const policy = noncePolicy(freshNonce());
  const requestHeaders = new Headers(request.headers);
  requestHeaders.delete(RENDER_HEADER);
  requestHeaders.set("content-security-policy", policy);
  return withHeaders(NextResponse.next({ request: { headers: requestHeaders } }), policy);
}

// Static build assets carry no document to protect.
export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"] };
