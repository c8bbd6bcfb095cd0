// Wires the pieces together: manifest, store, indexer and query server.
import path from "node:path";
import type http from "node:http";
import { loadManifest } from "./manifest/load-manifest.ts";
import type { SubgraphManifest } from "./manifest/load-manifest.ts";
import { EntityStore } from "./store/entity-store.ts";
import { Indexer } from "./indexing/indexer.ts";
import type { IndexerLog } from "./indexing/indexer.ts";
import { BlockSource } from "./chain/block-source.ts";
import { JsonRpc } from "./chain/json-rpc.ts";
import { SyncRpc } from "./chain/sync-rpc.ts";
import { QueryService } from "./graphql/query-service.ts";
import { createQueryServer, listen } from "./server/http-server.ts";
import { loadHostFunctions } from "./runtime/runner-host-functions.ts";
import type { HostImportsFactory } from "./runtime/mapping-module.ts";

export type HostOptions = {
  rpcUrl: string;
  subgraphDir: string;
  dataDir: string;
  host: string;
  port: number;
  subgraphName?: string;
  pollIntervalMs?: number;
  log?: IndexerLog;
  /** Host functions for the mappings; by default the test runner's shared ones plus this host's. */
  hostImports?: HostImportsFactory;
};

export type SubgraphHost = {
  url: string;
  manifest: SubgraphManifest;
  store: EntityStore;
  indexer: Indexer;
  queries: QueryService;
  server: http.Server;
  /** Resolves when indexing stopped (after `stop()`). */
  running: Promise<void>;
  stop: () => Promise<void>;
};

export async function startSubgraphHost(options: HostOptions): Promise<SubgraphHost> {
  const log = options.log ?? (() => {});
  const name = options.subgraphName ?? "mosaic";
  const manifest = loadManifest(options.subgraphDir);
  for (const warning of manifest.warnings) log("warning", warning);
  const store = new EntityStore(path.join(options.dataDir, `${name}.sqlite`), manifest.schema, manifest.fingerprint);
  if (store.resetReason) log("info", `stored data dropped: ${store.resetReason}; re-indexing`);
  let hostImports = options.hostImports;
  if (!hostImports) {
    const loaded = await loadHostFunctions(path.resolve(import.meta.dirname, "../.."));
    log("info", `mappings run with ${loaded.description}`);
    hostImports = loaded.factory;
  }
  const chain = new SyncRpc(options.rpcUrl);
  const indexer = new Indexer({
    manifest,
    store,
    source: new BlockSource(new JsonRpc(options.rpcUrl)),
    chain,
    log,
    pollIntervalMs: options.pollIntervalMs,
    hostImports,
  });
  const queries = new QueryService(store, {
    deployment: `local-${manifest.fingerprint.slice(0, 16)}`,
    subgraphName: name,
    status: () => ({ hasIndexingErrors: indexer.fatalError !== null }),
  });
  const server = createQueryServer({ host: options.host, port: options.port, subgraphName: name, queries });
  let port: number;
  try {
    port = await listen(server, options.host, options.port);
  } catch (error) {
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
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await chain.close();
    store.close();
  };
  return {
    url: `http://${options.host}:${port}/subgraphs/name/${name}`,
    manifest,
    store,
    indexer,
    queries,
    server,
    running,
    stop,
  };
}
