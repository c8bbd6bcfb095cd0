/**
 * Response headers for production: a content security policy (no framing, scripts and connections
 * only from where the dApp needs them), HSTS when the site is served over HTTPS, and the usual
 * hardening headers. next.config's `headers()` returns `securityHeaders(...)` for every path.
 */
import { walletSettingsFromEnv } from "./wallet-settings.ts";

export interface SecurityHeaderOptions {
  /** The site's public URL (MOSAIC_PUBLIC_URL); HSTS and upgrade-insecure-requests only when https. */
  publicUrl?: string;
  /** Origins the browser may call besides the site: chain RPC URLs, the subgraph, an IPFS gateway. */
  connectSrc?: string[];
  /** A per-request nonce (from proxy.ts) for Next's inline scripts; without one they need 'unsafe-inline'. */
  nonce?: string;
  /** `next dev` needs eval for React's debugging and a websocket for hot reload. */
  development?: boolean;
  /**
   * Origins that may frame the app (Safe{Wallet} running it as a Safe app, MOSAIC_SAFE_APP_ORIGINS).
   * None by default: `frame-ancestors 'none'` and X-Frame-Options DENY.
   */
  frameAncestors?: string[];
  /** WalletConnect is on (MOSAIC_WALLETCONNECT_PROJECT_ID): its relay, verify, API, image and font hosts. */
  walletConnect?: boolean;
}

/**
 * What WalletConnect's provider and its QR modal (Reown AppKit) reach, after Reown's CSP guidance;
 * sent only when a project id is configured.
 */
export const WALLETCONNECT_SOURCES = {
  connect: [
    "https://rpc.walletconnect.com",
    "https://rpc.walletconnect.org",
    "https://relay.walletconnect.com",
    "https://relay.walletconnect.org",
    "wss://relay.walletconnect.com",
    "wss://relay.walletconnect.org",
    "https://pulse.walletconnect.com",
    "https://pulse.walletconnect.org",
    "https://verify.walletconnect.com",
    "https://verify.walletconnect.org",
    "https://api.web3modal.com",
    "https://api.web3modal.org",
  ],
  frame: [
    "https://verify.walletconnect.com",
    "https://verify.walletconnect.org",
    "https://secure.walletconnect.com",
    "https://secure.walletconnect.org",
  ],
  img: [
    "https://walletconnect.com",
    "https://walletconnect.org",
    "https://secure.walletconnect.com",
    "https://secure.walletconnect.org",
    "https://api.web3modal.com",
    "https://api.web3modal.org",
  ],
  font: ["https://fonts.reown.com"],
};

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
  const walletConnect = (kind: keyof typeof WALLETCONNECT_SOURCES) =>
    options.walletConnect ? WALLETCONNECT_SOURCES[kind] : [];
  for (const allowed of walletConnect("connect")) connect.add(allowed);
  const framers = (options.frameAncestors ?? []).map(origin).filter((o): o is string => !!o);
  const scripts = options.nonce
    ? ["'self'", `'nonce-${options.nonce}'`, "'strict-dynamic'"]
    : // Next's app router streams its payload in inline scripts.
      ["'self'", "'unsafe-inline'"];
  if (options.development) scripts.push("'unsafe-eval'");
  const directives: [string, string[]][] = [
    ["default-src", ["'self'"]],
    ["script-src", scripts],
    ["style-src", ["'self'", "'unsafe-inline'"]],
    ["img-src", ["'self'", "data:", "blob:", ...walletConnect("img")]],
    ["font-src", ["'self'", "data:", ...walletConnect("font")]],
    ["connect-src", [...connect]],
    ["frame-src", options.walletConnect ? walletConnect("frame") : ["'none'"]],
    ["frame-ancestors", framers.length ? framers : ["'none'"]],
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
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
    // Wallet SDKs open popups that talk back to the opener.
    { key: "Cross-Origin-Opener-Policy", value: "same-origin-allow-popups" },
    { key: "X-DNS-Prefetch-Control", value: "off" },
  ];
  // For browsers that predate frame-ancestors; it cannot name origins, so the CSP alone lets Safe frame the app.
  if (!options.frameAncestors?.length) headers.splice(1, 0, { key: "X-Frame-Options", value: "DENY" });
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
 * subgraph and IPFS gateway URLs, and comma-separated MOSAIC_CONNECT_SRC), and the wallets that need
 * more (MOSAIC_SAFE_APP_ORIGINS may frame the app; MOSAIC_WALLETCONNECT_PROJECT_ID opens WalletConnect's
 * hosts). A malformed wallet setting throws WalletSettingError, naming it.
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
  const wallets = walletSettingsFromEnv(env);
  return {
    publicUrl: env.MOSAIC_PUBLIC_URL ?? env.MOSAIC_PUBLIC_ORIGIN,
    connectSrc,
    development: env.NODE_ENV === "development",
    frameAncestors: wallets.safeAppOrigins,
    walletConnect: wallets.walletConnectProjectId !== null,
  };
}
