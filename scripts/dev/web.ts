/**
 * The web app (Next.js, in web/) as part of the stack: `next dev` for development, or `next start`
 * on the production build for tests and benchmarks. Every setting comes from the environment at
 * run time (web/server/config.ts), so one build serves any ports and data directory.
 */
import path from "node:path";
import { HOST } from "./ports.ts";
import { ProcessGroups, ROOT, childEnv, type Managed } from "./processes.ts";
import { waitForLine } from "./probes.ts";

export type WebMode = "dev" | "production";

export const WEB_DIR = path.join(ROOT, "web");
const NEXT_CLI = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");

export interface WebOptions {
  mode: WebMode;
  port: number;
  rpcUrl: string;
  graphqlUrl: string;
  chainId: number;
  dataDir: string;
  onLine?: (line: string) => void;
}

/** A fixed secret for local stacks only; production sets its own MOSAIC_SESSION_SECRET. */
const LOCAL_SESSION_SECRET = "mosaic-local-stack-session-secret-not-for-production";

/** The environment the web server reads its settings from (documented in the README). */
export function webEnv(options: Omit<WebOptions, "onLine">): NodeJS.ProcessEnv {
  return childEnv({
    NODE_ENV: options.mode === "production" ? "production" : "development",
    PORT: String(options.port),
    HOSTNAME: HOST,
    MOSAIC_RPC_URL: options.rpcUrl,
    MOSAIC_PUBLIC_RPC_URL: options.rpcUrl,
    MOSAIC_CHAIN_ID: String(options.chainId),
    MOSAIC_SUBGRAPH_URL: options.graphqlUrl,
    MOSAIC_DATA_DIR: options.dataDir,
    MOSAIC_SESSION_SECRET: process.env.MOSAIC_SESSION_SECRET ?? LOCAL_SESSION_SECRET,
  });
}

/** `next build`: the production build that `next start` serves (web/.next). */
export async function buildWeb(groups: ProcessGroups, onLine?: (line: string) => void): Promise<void> {
  await groups.run({
    name: "web-build",
    command: process.execPath,
    args: [NEXT_CLI, "build", WEB_DIR],
    env: childEnv({ NODE_ENV: "production" }),
    onLine,
  });
}

/** Starts the web app; resolves when Next says it is ready (pages may still compile on first request). */
export async function startWeb(groups: ProcessGroups, options: WebOptions): Promise<Managed> {
  const command = options.mode === "dev" ? "dev" : "start";
  const web = groups.start({
    name: "web",
    command: process.execPath,
    args: [NEXT_CLI, command, WEB_DIR, "--port", String(options.port), "--hostname", HOST],
    env: webEnv(options),
    onLine: options.onLine,
  });
  await waitForLine(web, /Ready in|✓ Ready|started server on/i, 120_000);
  return web;
}

/** Resolves once `url` answers 200; in development the first request compiles the page. */
export async function waitForPage(url: string, web: Managed, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (web.child.exitCode !== null) throw new Error(`the web app exited:\n${web.tail()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(120_000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // still starting
    }
    if (Date.now() > deadline) throw new Error(`the web app did not answer ${url} in time:\n${web.tail()}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
