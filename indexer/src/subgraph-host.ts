// Wires the pieces together: manifest, store, indexer, query workers, query server and the
// index-node status server.
import path from "node:path";
import type http from "node:http";
import { loadManifest } from "./manifest/load-manifest.ts";
import type { SubgraphManifest } from "./manifest/load-manifest.ts";
import { EntityStore, OPEN, damageAdvice } from "./store/entity-store.ts";
import { Indexer } from "./indexing/indexer.ts";
import type { IndexerLog } from "./indexing/indexer.ts";
import { BlockSource } from "./chain/block-source.ts";
import { JsonRpc, RpcProtocolError, RpcUnavailableError } from "./chain/json-rpc.ts";
import { SyncRpc } from "./chain/sync-rpc.ts";
import { QueryPool } from "./graphql/query-pool.ts";
import { ResultCache } from "./graphql/result-cache.ts";
import { limitsFromEnv, queryWorkersFromEnv } from "./graphql/limits.ts";
import type { QueryLimits } from "./graphql/limits.ts";
import { createQueryServer, listen } from "./server/http-server.ts";
import { StatusService, createStatusServer } from "./server/status-server.ts";
import type { IndexingStatus, StatusError } from "./server/status-server.ts";
import { loadHostFunctions } from "./runtime/runner-host-functions.ts";
import type { HostImportsFactory } from "./runtime/mapping-module.ts";

export type HostOptions = {
  rpcUrl: string;
  subgraphDir: string;
  dataDir: string;
  host: string;
  port: number;
  /** Index-node status API port (graph-node: 8030); 0 or absent picks a free port. */
  statusPort?: number;
  subgraphName?: string;
  pollIntervalMs?: number;
  log?: IndexerLog;
  /** Host functions for the mappings; by default the test runner's shared ones plus this host's. */
  hostImports?: HostImportsFactory;
  /** Wipe the store at start, and re-index (rather than stop) when the node is another chain. */
  reset?: boolean;
  /** Query limits; by default from the environment (graph-node's variable names). */
  limits?: QueryLimits;
  /** Query worker threads; by default INDEXER_QUERY_WORKERS or 2. */
  queryWorkers?: number;
  /** Longest wait of a mapping's synchronous chain call (ethereum.call), in ms. */
  rpcCallTimeoutMs?: number;
};

export type SubgraphHost = {
  url: string;
  /** The index-node status API, `http://<host>:<port>/graphql`. */
  statusUrl: string;
  manifest: SubgraphManifest;
  store: EntityStore;
  indexer: Indexer;
  queries: QueryPool;
  /** The answers of repeated queries at the current head, in front of `queries`. */
  cache: ResultCache;
  status: () => IndexingStatus;
  server: http.Server;
  statusServer: http.Server;
  /** Resolves when indexing stopped (after `stop()`). */
  running: Promise<void>;
  stop: () => Promise<void>;
};

/** The --rpc value is unusable: not a URL, or something other than an Ethereum node answers. */
export class RpcConfigError extends Error {
  name = "RpcConfigError";
}

/**
 * Checks the RPC URL before indexing: a malformed URL or a server that is not a JSON-RPC node
 * is an error; an unreachable node is only logged (it may be starting), and retried.
 */
export async function probeRpc(url: string, log: IndexerLog): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RpcConfigError(
      `--rpc ${url} is not a URL; expected an Ethereum JSON-RPC URL such as http://127.0.0.1:8545`,
    );
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new RpcConfigError(
      `--rpc ${url} is not an http(s) URL; expected an Ethereum JSON-RPC URL such as http://127.0.0.1:8545`,
    );
  }
  try {
    const chainId = await new JsonRpc(url, 5_000).request<string>("eth_chainId");
    if (typeof chainId !== "string" || !/^0x[0-9a-f]+$/i.test(chainId)) {
      throw new RpcProtocolError(`${url} answered eth_chainId with ${JSON.stringify(chainId)}, not a chain id`);
    }
    log("info", `Ethereum node at ${url}: chain id ${Number(BigInt(chainId))}`);
  } catch (error) {
    if (error instanceof RpcProtocolError) {
      throw new RpcConfigError(
        `${error.message}. Expected an Ethereum JSON-RPC node answering eth_chainId (npm run chain serves one at http://127.0.0.1:8545); pass its URL with --rpc`,
      );
    }
    if (error instanceof RpcUnavailableError) {
      log(
        "warning",
        `${error.message}: expected an Ethereum JSON-RPC node there (npm run chain). Waiting for it; queries answer from the store meanwhile`,
      );
      return;
    }
    throw error;
  }
}

export async function startSubgraphHost(options: HostOptions): Promise<SubgraphHost> {
  const log = options.log ?? (() => {});
  const name = options.subgraphName ?? "mosaic";
  const limits = options.limits ?? limitsFromEnv();
  const workers = options.queryWorkers ?? queryWorkersFromEnv();
  const manifest = loadManifest(options.subgraphDir);
  for (const warning of manifest.warnings) log("warning", warning);
  await probeRpc(options.rpcUrl, log);
  const file = path.join(options.dataDir, `${name}.sqlite`);
  const store = new EntityStore(file, manifest.schema, manifest.fingerprint, { check: true });
  if (store.resetReason) log("info", `stored data dropped: ${store.resetReason}; re-indexing`);
  if (options.reset && store.head()) {
    store.wipe();
    log("info", `--reset: stored data dropped; re-indexing from the start block`);
  }
  let hostImports = options.hostImports;
  if (!hostImports) {
    const loaded = await loadHostFunctions(path.resolve(import.meta.dirname, "../.."));
    log("info", `mappings run with ${loaded.description}`);
    hostImports = loaded.factory;
  }
  const chain = new SyncRpc(options.rpcUrl, { timeoutMs: options.rpcCallTimeoutMs });
  const indexer = new Indexer({
    manifest,
    store,
    source: new BlockSource(new JsonRpc(options.rpcUrl)),
    chain,
    log,
    pollIntervalMs: options.pollIntervalMs,
    hostImports,
    allowReset: options.reset ?? false,
    storeFile: file,
  });
  const deployment = `local-${manifest.fingerprint.slice(0, 16)}`;
  let queryStoreError: { message: string; since: number } | null = null;
  const queries = new QueryPool({
    workers,
    file,
    schemaText: manifest.schemaText,
    deployment,
    subgraphName: name,
    limits,
    onStoreError: (message) => {
      if (queryStoreError) return;
      queryStoreError = { message: `store error in a query: ${message}; ${damageAdvice(file)}`, since: Date.now() };
      log("error", queryStoreError.message);
    },
  });

  let entityCount = { key: "", value: 0n };
  const status = (): IndexingStatus => {
    const head = store.head();
    const problem = indexer.problem;
    const fatal = indexer.fatalError;
    const block = (n: number, hash: string | undefined) => ({ hash: hash ?? "0x", number: String(n) });
    let fatalError: StatusError | null = null;
    const nonFatalErrors: StatusError[] = [];
    if (fatal) {
      fatalError = {
        message: fatal.message,
        block: block(fatal.block, fatal.hash),
        handler: null,
        deterministic: true,
      };
    } else if (problem && (problem.kind === "store" || problem.kind === "chain-changed")) {
      fatalError = { message: problem.message, block: null, handler: null, deterministic: false };
    } else if (queryStoreError) {
      fatalError = { message: queryStoreError.message, block: null, handler: null, deterministic: false };
    }
    if (problem && (problem.kind === "rpc" || problem.kind === "other")) {
      nonFatalErrors.push({
        message: `${problem.message} (since ${new Date(problem.since).toISOString()})`,
        block: null,
        handler: null,
        deterministic: false,
      });
    }
    const chainHead = indexer.chainHead;
    const synced =
      !fatalError && !problem && chainHead !== null && (head?.number ?? indexer.startBlock - 1) >= chainHead.number;
    const countKey = head?.hash ?? "none";
    if (entityCount.key !== countKey) {
      // Counted once per head: status pollers should not make the indexing thread count rows.
      let n = 0n;
      try {
        for (const entity of manifest.schema.entities.values()) {
          const row = store.statement(`SELECT COUNT(*) AS n FROM "${entity.table}" WHERE block_to = ${OPEN}`).get() as {
            n: bigint;
          };
          n += BigInt(row.n);
        }
        entityCount = { key: countKey, value: n };
      } catch {
        // a damaged store: the errors above say so
      }
    }
    return {
      subgraph: deployment,
      synced,
      health: fatalError ? "failed" : nonFatalErrors.length ? "unhealthy" : "healthy",
      fatalError,
      nonFatalErrors,
      chains: [
        {
          network: manifest.network,
          chainHeadBlock: chainHead ? block(chainHead.number, chainHead.hash) : null,
          earliestBlock: { hash: "0x0", number: String(indexer.startBlock) },
          latestBlock: head ? block(head.number, head.hash) : null,
          lastHealthyBlock: fatal && head ? block(head.number, head.hash) : null,
        },
      ],
      entityCount: entityCount.value.toString(),
      node: "local",
      paused: false,
      historyBlocks: 2_147_483_647,
    };
  };

  const cache = new ResultCache(
    queries,
    () => `${store.head()?.hash ?? "none"}|${indexer.fatalError ? "failed" : "ok"}`,
    limits.resultCacheBytes,
  );
  const server = createQueryServer({ host: options.host, port: options.port, subgraphName: name, queries: cache });
  const statusServer = createStatusServer(new StatusService({ subgraphName: name, deployment, status }));
  let port: number;
  let statusPort: number;
  try {
    await queries.ready();
    port = await listen(server, options.host, options.port);
    statusPort = await listen(statusServer, options.host, options.statusPort ?? 0);
  } catch (error) {
    if (server.listening) server.close();
    await queries.close();
    store.close();
    await chain.close();
    throw error;
  }
  const running = indexer.run();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    indexer.stop();
    await running;
    for (const s of [server, statusServer]) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
    await queries.close();
    await chain.close();
    store.close();
  };
  return {
    url: `http://${options.host}:${port}/subgraphs/name/${name}`,
    statusUrl: `http://${options.host}:${statusPort}/graphql`,
    manifest,
    store,
    indexer,
    queries,
    cache,
    status,
    server,
    statusServer,
    running,
    stop,
  };
}
