// Limits on the work one query may cause, named after graph-node's settings where it has one.
// Each has a default and is read from the environment at start.

export type QueryLimits = {
  /** GRAPH_GRAPHQL_QUERY_TIMEOUT (seconds in the environment): a query running longer is stopped. */
  timeoutMs: number;
  /** GRAPH_GRAPHQL_MAX_FIRST: largest `first` of a collection. */
  maxFirst: number;
  /** GRAPH_GRAPHQL_MAX_SKIP: largest `skip` of a collection (graph-node: no limit). */
  maxSkip: number;
  /** GRAPH_GRAPHQL_MAX_DEPTH: deepest selection set nesting. */
  maxDepth: number;
  /** GRAPH_GRAPHQL_ERROR_RESULT_SIZE: bytes a result may hold (as JSON, about). */
  maxResultBytes: number;
  /** GRAPH_GRAPHQL_MAX_TOKENS (this host's): tokens the parser accepts in one query text. */
  maxTokens: number;
  /** INDEXER_PARSE_CACHE_MB: memory for parsed and validated query texts, per query worker. */
  parseCacheBytes: number;
  /** GRAPH_QUERY_CACHE_MAX_MEM (MB, 10^6 bytes): answers kept for queries repeated at the same head; 0 turns it off. */
  resultCacheBytes: number;
};

export const DEFAULT_LIMITS: QueryLimits = {
  timeoutMs: 10_000,
  maxFirst: 1000,
  maxSkip: 4_294_967_295, // u32::MAX, graph-node's default
  maxDepth: 255,
  maxResultBytes: 100 * 1024 * 1024,
  maxTokens: 100_000,
  parseCacheBytes: 64 * 1024 * 1024,
  resultCacheBytes: 64 * 1024 * 1024,
};

/** The environment variables that set each limit, for the README and error messages. */
export const LIMIT_VARIABLES: Record<keyof QueryLimits, string> = {
  timeoutMs: "GRAPH_GRAPHQL_QUERY_TIMEOUT",
  maxFirst: "GRAPH_GRAPHQL_MAX_FIRST",
  maxSkip: "GRAPH_GRAPHQL_MAX_SKIP",
  maxDepth: "GRAPH_GRAPHQL_MAX_DEPTH",
  maxResultBytes: "GRAPH_GRAPHQL_ERROR_RESULT_SIZE",
  maxTokens: "GRAPH_GRAPHQL_MAX_TOKENS",
  parseCacheBytes: "INDEXER_PARSE_CACHE_MB",
  resultCacheBytes: "GRAPH_QUERY_CACHE_MAX_MEM",
};

export class LimitConfigError extends Error {}

/** Reads the limits from `env`; a malformed value is an error naming the variable. */
export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): QueryLimits {
  const read = (key: keyof QueryLimits, scale: number) => {
    const name = LIMIT_VARIABLES[key];
    const raw = env[name];
    if (raw === undefined || raw.trim() === "") return DEFAULT_LIMITS[key];
    const value = Number(raw.replaceAll("_", ""));
    if (!Number.isFinite(value) || value < 0) throw new LimitConfigError(`${name}=${raw} is not a non-negative number`);
    return Math.floor(value * scale);
  };
  const limits = {
    timeoutMs: read("timeoutMs", 1000),
    maxFirst: read("maxFirst", 1),
    maxSkip: read("maxSkip", 1),
    maxDepth: read("maxDepth", 1),
    maxResultBytes: read("maxResultBytes", 1),
    maxTokens: read("maxTokens", 1),
    parseCacheBytes: read("parseCacheBytes", 1024 * 1024),
    resultCacheBytes: read("resultCacheBytes", 1000 * 1000), // MB, as graph-node reads it
  };
  if (limits.maxDepth > 255) {
    // graph-node holds it in a u8
    throw new LimitConfigError(
      `GRAPH_GRAPHQL_MAX_DEPTH=${env.GRAPH_GRAPHQL_MAX_DEPTH} is above 255, the largest depth graph-node accepts`,
    );
  }
  return limits;
}

/** Query workers: INDEXER_QUERY_WORKERS (default 2; at least 1). */
export function queryWorkersFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.INDEXER_QUERY_WORKERS;
  if (raw === undefined || raw.trim() === "") return 2;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new LimitConfigError(`INDEXER_QUERY_WORKERS=${raw} is not a whole number >= 1`);
  return n;
}
