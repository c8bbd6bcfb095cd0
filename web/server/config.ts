/**
 * Every setting of the web server, read from the environment when the server runs (never inlined
 * at build time), so one production build serves any chain, port and deployment.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface ServerConfig {
  /** JSON-RPC endpoint the server reads the chain from. */
  rpcUrl: string;
  /** JSON-RPC endpoint handed to browsers (defaults to `rpcUrl`). */
  publicRpcUrl: string;
  /** The chain the app serves; SIWE messages for other chains are refused. */
  chainId: number;
  /** GraphQL endpoint of the Mosaic subgraph. */
  subgraphUrl: string;
  /** GraphQL endpoint answering `_meta { block { number } }` (defaults to the subgraph's). */
  indexerStatusUrl: string;
  /** Where the server keeps documents, nonces and sessions (embedded store). */
  dataDir: string;
  /** iron-session password (32+ characters). */
  sessionSecret: string;
  production: boolean;
}

export const DEFAULTS = {
  rpcUrl: "http://127.0.0.1:8545",
  chainId: 31337,
  subgraphUrl: "http://127.0.0.1:8000/subgraphs/name/mosaic",
} as const;

export const MIN_SECRET_LENGTH = 32;

export class ConfigError extends Error {}

let cached: ServerConfig | undefined;

/** The server's configuration; throws ConfigError when a setting is missing or invalid. */
export function serverConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  if (cached && env === process.env) return cached;
  const production = env.NODE_ENV === "production";
  const rpcUrl = env.MOSAIC_RPC_URL || DEFAULTS.rpcUrl;
  const chainId = Number(env.MOSAIC_CHAIN_ID || DEFAULTS.chainId);
  if (!Number.isSafeInteger(chainId) || chainId <= 0) {
    throw new ConfigError(`MOSAIC_CHAIN_ID must be a positive integer, got "${env.MOSAIC_CHAIN_ID}".`);
  }
  const dataDir = path.resolve(env.MOSAIC_DATA_DIR || path.join(/*turbopackIgnore: true*/ process.cwd(), ".data"));
  const config: ServerConfig = {
    rpcUrl,
    publicRpcUrl: env.MOSAIC_PUBLIC_RPC_URL || rpcUrl,
    chainId,
    subgraphUrl: env.MOSAIC_SUBGRAPH_URL || DEFAULTS.subgraphUrl,
    indexerStatusUrl: env.MOSAIC_INDEXER_STATUS_URL || env.MOSAIC_SUBGRAPH_URL || DEFAULTS.subgraphUrl,
    dataDir,
    sessionSecret: resolveSessionSecret(env.MOSAIC_SESSION_SECRET, production, dataDir),
    production,
  };
  if (env === process.env) cached = config;
  return config;
}

/**
 * Production refuses to run without a real secret. Development generates one once into the data
 * directory so sessions survive restarts.
 */
function resolveSessionSecret(given: string | undefined, production: boolean, dataDir: string): string {
  if (given !== undefined && given !== "") {
    if (given.length < MIN_SECRET_LENGTH) {
      throw new ConfigError(`MOSAIC_SESSION_SECRET must be at least ${MIN_SECRET_LENGTH} characters.`);
    }
    return given;
  }
  if (production) {
    throw new ConfigError(
      `MOSAIC_SESSION_SECRET is not set: production needs a secret of at least ${MIN_SECRET_LENGTH} characters ` +
        "(for example `openssl rand -hex 32`).",
    );
  }
  const file = path.join(dataDir, "session-secret");
  if (existsSync(file)) {
    const stored = readFileSync(file, "utf8").trim();
    if (stored.length >= MIN_SECRET_LENGTH) return stored;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("hex");
  writeFileSync(file, secret + "\n", { mode: 0o600 });
  return secret;
}
