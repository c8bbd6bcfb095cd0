/**
 * Response headers for production: a content security policy (no framing, scripts and connections
 * only from where the dApp needs them), HSTS when the site is served over HTTPS, and the usual
 * hardening headers. next.config's `headers()` returns `securityHeaders(...)` for every path.
 */

export interface SecurityHeaderOptions {
  /** The site's public URL (MOSAIC_PUBLIC_URL); HSTS and upgrade-insecure-requests only when https. */
  publicUrl?: string;
  /** Origins the browser may call besides the site: chain RPC URLs, the subgraph, an IPFS gateway. */
  connectSrc?: string[];
  /** A per-request nonce (from proxy.ts) for Next's inline scripts; without one they need 'unsafe-inline'. */
  nonce?: string;
  /** `next dev` needs eval for React's debugging and a websocket for hot reload. */
  development?: boolean;
}

export interface HeaderEntry {
  key: string;
  value: string;
}

/** Two years, as the HSTS preload list asks. */
const HSTS_MAX_AGE = 63_072_000;

function origin(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" || parsed.protocol.startsWith("ws")
      ? parsed.origin
      : undefined;
  } catch {
    return undefined;
  }
}

export function isHttps(publicUrl: string | undefined): boolean {
  return publicUrl?.startsWith("https://") ?? false;
}

export function contentSecurityPolicy(options: SecurityHeaderOptions = {}): string {
  const connect = new Set(["'self'"]);
  for (const url of options.connectSrc ?? []) {
    const allowed = origin(url);
    if (allowed) connect.add(allowed);
  }
  if (options.development) connect.add("ws:");
  const scripts = options.nonce
    ? ["'self'", `'nonce-${options.nonce}'`, "'strict-dynamic'"]
    : // Next's app router streams its payload in inline scripts.
      ["'self'", "'unsafe-inline'"];
  if (options.development) scripts.push("'unsafe-eval'");
  const directives: [string, string[]][] = [
    ["default-src", ["'self'"]],
    ["script-src", scripts],
    ["style-src", ["'self'", "'unsafe-inline'"]],
    ["img-src", ["'self'", "data:", "blob:"]],
    ["font-src", ["'self'", "data:"]],
    ["connect-src", [...connect]],
    ["frame-src", ["'none'"]],
    ["frame-ancestors", ["'none'"]],
    ["object-src", ["'none'"]],
    ["base-uri", ["'self'"]],
    ["form-action", ["'self'"]],
    ["worker-src", ["'self'", "blob:"]],
  ];
  const policy = directives.map(([name, values]) => `${name} ${values.join(" ")}`);
  if (isHttps(options.publicUrl)) policy.push("upgrade-insecure-requests");
  return policy.join("; ");
}

/** Every header for every response of the dApp. */
export function securityHeaders(options: SecurityHeaderOptions = {}): HeaderEntry[] {
  const headers: HeaderEntry[] = [
    { key: "Content-Security-Policy", value: contentSecurityPolicy(options) },
    // For browsers that predate frame-ancestors.
    { key: "X-Frame-Options", value: "DENY" },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
    // Wallet SDKs open popups that talk back to the opener.
    { key: "Cross-Origin-Opener-Policy", value: "same-origin-allow-popups" },
    { key: "X-DNS-Prefetch-Control", value: "off" },
  ];
  if (isHttps(options.publicUrl)) {
    headers.push({ key: "Strict-Transport-Security", value: `max-age=${HSTS_MAX_AGE}; includeSubDomains` });
  }
  return headers;
}

/** Sets the headers on a response's Headers (route handlers, proxy.ts). */
export function applySecurityHeaders(target: Headers, options: SecurityHeaderOptions = {}): Headers {
  for (const { key, value } of securityHeaders(options)) target.set(key, value);
  return target;
}

/**
 * The options from the environment: the public URL (MOSAIC_PUBLIC_URL or MOSAIC_PUBLIC_ORIGIN), and the
 * URLs the browser calls (MOSAIC_PUBLIC_RPC_URL, MOSAIC_RPC_URL, MOSAIC_SUBGRAPH_URL, NEXT_PUBLIC_* RPC,
 * subgraph and IPFS gateway URLs, and comma-separated MOSAIC_CONNECT_SRC).
 */
export function securityHeaderOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): SecurityHeaderOptions {
  const connectSrc = Object.entries(env)
    .filter(
      ([name, value]) =>
        value &&
        (/^NEXT_PUBLIC_.*(RPC|SUBGRAPH|GRAPH|IPFS|GATEWAY).*URL/.test(name) ||
          ["MOSAIC_PUBLIC_RPC_URL", "MOSAIC_RPC_URL", "MOSAIC_SUBGRAPH_URL"].includes(name)),
    )
    .map(([, value]) => value as string);
  for (const url of (env.MOSAIC_CONNECT_SRC ?? "").split(",")) if (url.trim()) connectSrc.push(url.trim());
  return {
    publicUrl: env.MOSAIC_PUBLIC_URL ?? env.MOSAIC_PUBLIC_ORIGIN,
    connectSrc,
    development: env.NODE_ENV === "development",
  };
}
