// Wires the pieces together: manifest, store and indexer on this thread; the query server, the
// index-node status server and the query workers on a server thread.
import path from "node:path";
import { Worker } from "node:worker_threads";
import { loadManifest } from "./manifest/load-manifest.ts";
import type { SubgraphManifest } from "./manifest/load-manifest.ts";
import { EntityStore } from "./store/entity-store.ts";
import { Indexer } from "./indexing/indexer.ts";
import type { IndexerLog } from "./indexing/indexer.ts";
import { BlockSource } from "./chain/block-source.ts";
import { JsonRpc, RpcProtocolError, RpcUnavailableError } from "./chain/json-rpc.ts";
import { SyncRpc } from "./chain/sync-rpc.ts";
import { limitsFromEnv, queryWorkersFromEnv } from "./graphql/limits.ts";
import type { QueryLimits } from "./graphql/limits.ts";
import type { IndexingState, ServerThreadData, ServerThreadMessage } from "./server/server-thread.ts";
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
  /** Keep the store at start, but wipe and re-index when the node is another chain (`npm run dev`). */
  resetOnChainChange?: boolean;
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
  if (parsed.port === "0") {
    throw new RpcConfigError(`--rpc ${url} has port 0; expected the node's port, such as http://127.0.0.1:8545`);
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
  // Batches of indexed blocks are written, and the postponed indexes built, on a writer thread.
  const store = new EntityStore(file, manifest.schema, manifest.fingerprint, {
    check: true,
    postponeIndexes: true,
    writerThread: { schemaText: manifest.schemaText },
  });
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
    allowReset: Boolean(options.reset || options.resetOnChainChange),
    storeFile: file,
  });
  const deployment = `local-${manifest.fingerprint.slice(0, 16)}`;

  // Queries and the status API are served by another thread (which runs the query workers):
  // the mappings running here never delay an answer.
  const serverData: ServerThreadData = {
    host: options.host,
    port: options.port,
    statusPort: options.statusPort ?? 0,
    subgraphName: name,
    deployment,
    network: manifest.network,
    startBlock: indexer.startBlock,
    file,
    schemaText: manifest.schemaText,
    limits,
    workers,
  };
  const serverThread = new Worker(new URL("./server/server-thread.ts", import.meta.url), { workerData: serverData });
  // Indexing starts while the server thread and its query workers start (they only read the
  // store): starting them takes seconds of CPU that catching up need not wait for.
  const running = indexer.run();
  let stoppedServer: () => void = () => {};
  const serverStopped = new Promise<void>((resolve) => (stoppedServer = resolve));
  let ports: { port: number; statusPort: number };
  try {
    ports = await new Promise<{ port: number; statusPort: number }>((resolve, reject) => {
      serverThread.on("message", (message: ServerThreadMessage) => {
        if (message.type === "ready") resolve({ port: message.port, statusPort: message.statusPort });
        else if (message.type === "failed") reject(Object.assign(new Error(message.message), message));
        else if (message.type === "log") log(message.level, message.message);
        else if (message.type === "stopped") stoppedServer();
      });
      serverThread.once("error", reject);
      serverThread.once("exit", (code) => {
        stoppedServer();
        reject(new Error(`the server thread stopped (exit code ${code})`));
      });
    });
  } catch (error) {
    indexer.stop();
    indexer.source.rpc.close();
    await running;
    await serverThread.terminate();
    store.close();
    await chain.close();
    throw error;
  }
  serverThread.on("error", (error) => log("error", `server thread: ${error.stack ?? error.message}`));
  serverThread.on("exit", (code) => {
    if (!stopped)
      log("error", `the query server stopped (exit code ${code}): queries are not answered; restart the indexer`);
  });

  // What only this thread knows, sent whenever it changes.
  let sent = "";
  const sendState = () => {
    const state: IndexingState = {
      chainHead: indexer.chainHead,
      problem: indexer.problem,
      fatalError: indexer.fatalError,
    };
    const text = JSON.stringify(state);
    if (text === sent) return;
    sent = text;
    serverThread.postMessage({ type: "state", state });
  };
  sendState();
  const stateTimer = setInterval(sendState, 100);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    indexer.stop();
    indexer.source.rpc.close(); // a request to a hung node ends now, not at its timeout
    await running;
    clearInterval(stateTimer);
    serverThread.postMessage({ type: "stop" });
    await Promise.race([serverStopped, new Promise((r) => setTimeout(r, 5000))]);
    await serverThread.terminate();
    await chain.close();
    store.close();
  };
  return {
    url: `http://${options.host}:${ports.port}/subgraphs/name/${name}`,
    statusUrl: `http://${options.host}:${ports.statusPort}/graphql`,
    manifest,
    store,
    indexer,
    running,
    stop,
  };
}
