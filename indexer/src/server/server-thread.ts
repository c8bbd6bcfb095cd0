// The server thread: both HTTP servers (queries, index-node status), the answer cache and the
// query worker pool live here, off the indexing thread, so a block whose mappings keep the
// indexing thread busy never delays an answer. The indexing thread posts what only it knows
// (the chain head, indexing problems); the rest is read from the store through a read-only
// connection.
import type http from "node:http";
import { parentPort, workerData } from "node:worker_threads";
import { parseSubgraphSchema } from "../schema/subgraph-schema.ts";
import { EntityStore, OPEN, damageAdvice } from "../store/entity-store.ts";
import { QueryPool } from "../graphql/query-pool.ts";
import { buildApiSchema } from "../graphql/api-schema.ts";
import { EntityQueries } from "../graphql/entity-queries.ts";
import { ResultCache } from "../graphql/result-cache.ts";
import type { QueryLimits } from "../graphql/limits.ts";
import { Worker } from "node:worker_threads";
import { createQueryServer, listen } from "./http-server.ts";
import type { IndexingStatus, StatusError } from "./status-server.ts";
import type { StatusThreadData, StatusThreadMessage, StatusThreadRequest } from "./status-thread.ts";

export type ServerThreadData = {
  host: string;
  port: number;
  statusPort: number;
  subgraphName: string;
  deployment: string;
  network: string;
  startBlock: number;
  file: string;
  schemaText: string;
  limits: QueryLimits;
  workers: number;
};

/** What the indexing thread knows and posts whenever it changes. */
export type IndexingState = {
  chainHead: { number: number; hash: string } | null;
  problem: { kind: "rpc" | "store" | "chain-changed" | "other"; message: string; since: number } | null;
  fatalError: { block: number; hash?: string; message: string } | null;
};

export type ServerThreadMessage =
  | { type: "ready"; port: number; statusPort: number }
  | { type: "failed"; message: string; code?: string; port?: number }
  | { type: "log"; level: "error" | "warning" | "info"; message: string }
  | { type: "stopped" };

// node:sqlite's experimental notice, once per thread, is noise in the indexer's log.
process.removeAllListeners("warning");

const data = workerData as ServerThreadData;
const post = (message: ServerThreadMessage) => parentPort!.postMessage(message);

let state: IndexingState = { chainHead: null, problem: null, fatalError: null };
let queryStoreError: string | null = null;

const schema = parseSubgraphSchema(data.schemaText);
const store = new EntityStore(data.file, schema, "", { readOnly: true });
const pool = new QueryPool({
  workers: data.workers,
  // The API schema's types tell lists from single references in the cost estimate (never executed here).
  apiSchema: buildApiSchema(schema, new EntityQueries(store, data.limits)),
  file: data.file,
  schemaText: data.schemaText,
  deployment: data.deployment,
  subgraphName: data.subgraphName,
  limits: data.limits,
  onStoreError: (message) => {
    if (queryStoreError) return;
    queryStoreError = `store error in a query: ${message}; ${damageAdvice(data.file)}`;
    post({ type: "log", level: "error", message: queryStoreError });
  },
});
const cache = new ResultCache(
  pool,
  () => `${store.head()?.hash ?? "none"}|${state.fatalError ? "failed" : "ok"}`,
  data.limits.resultCacheBytes,
);

let entityCount = { key: "", value: 0n };
let storeSize: { key: string; value: IndexingStatus["subgraphSize"] } = {
  key: "",
  value: { rowEstimate: "0", tableSize: "0", indexSize: "0", toastSize: "0", totalSize: "0" },
};

/** graph-node's `subgraphSize` for the store file: its tables' and indexes' pages, its rows. */
function measureStore(): IndexingStatus["subgraphSize"] {
  let tables = 0;
  let indexes = 0;
  let rows = 0n;
  try {
    const sizes = store
      .statement(
        "SELECT s.name AS name, m.type AS type, SUM(s.pgsize) AS bytes FROM dbstat s JOIN sqlite_schema m ON m.name = s.name GROUP BY s.name",
      )
      .all() as { name: string; type: string; bytes: number }[];
    for (const row of sizes) {
      if (row.type === "index") indexes += Number(row.bytes);
      else tables += Number(row.bytes);
    }
    for (const entity of schema.entities.values()) {
      rows += BigInt((store.statement(`SELECT COUNT(*) AS n FROM "${entity.table}"`).get() as { n: number }).n);
    }
  } catch {
    // a damaged store: the errors say so
  }
  return {
    rowEstimate: String(rows),
    tableSize: String(tables),
    indexSize: String(indexes),
    toastSize: "0",
    totalSize: String(tables + indexes),
  };
}

function status(): IndexingStatus {
  const head = store.head();
  const { problem, fatalError: fatal, chainHead } = state;
  const block = (n: number, hash: string | undefined) => ({ hash: hash ?? "0x", number: String(n) });
  let fatalError: StatusError | null = null;
  const nonFatalErrors: StatusError[] = [];
  if (fatal) {
    fatalError = { message: fatal.message, block: block(fatal.block, fatal.hash), handler: null, deterministic: true };
  } else if (problem && (problem.kind === "store" || problem.kind === "chain-changed")) {
    fatalError = { message: problem.message, block: null, handler: null, deterministic: false };
  } else if (queryStoreError) {
    fatalError = { message: queryStoreError, block: null, handler: null, deterministic: false };
  }
  if (problem && (problem.kind === "rpc" || problem.kind === "other")) {
    nonFatalErrors.push({
      message: `${problem.message} (since ${new Date(problem.since).toISOString()})`,
      block: null,
      handler: null,
      deterministic: false,
    });
  }
  // graph-node's `synced` stays true once the chain head was reached (the indexer records it in
  // the store; a wipe clears it): later lag shows in the blocks and the health, not here.
  const synced =
    store.getMeta("synced") === "true" ||
    (!fatalError && !problem && chainHead !== null && (head?.number ?? data.startBlock - 1) >= chainHead.number);
  const countKey = head?.hash ?? "none";
  if (storeSize.key !== countKey) storeSize = { key: countKey, value: measureStore() };
  if (entityCount.key !== countKey) {
    // Counted once per head, however often the status is asked for.
    let n = 0n;
    try {
      for (const entity of schema.entities.values()) {
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
    subgraph: data.deployment,
    synced,
    health: fatalError ? "failed" : nonFatalErrors.length ? "unhealthy" : "healthy",
    fatalError,
    nonFatalErrors,
    chains: [
      {
        network: data.network,
        chainHeadBlock: chainHead ? block(chainHead.number, chainHead.hash) : null,
        earliestBlock: { hash: "0x0", number: String(data.startBlock) },
        latestBlock: head ? block(head.number, head.hash) : null,
        lastHealthyBlock: fatal && head ? block(head.number, head.hash) : null,
      },
    ],
    entityCount: entityCount.value.toString(),
    subgraphSize: storeSize.value,
    node: "local",
    paused: false,
    historyBlocks: 2_147_483_647,
  };
}

const server = createQueryServer({ host: data.host, port: data.port, subgraphName: data.subgraphName, queries: cache });

// The status API runs on its own thread; it asks this one for the status, a small object.
const statusThreadData: StatusThreadData = {
  host: data.host,
  port: data.statusPort,
  subgraphName: data.subgraphName,
  deployment: data.deployment,
  limits: data.limits,
};
const statusThread = new Worker(new URL("./status-thread.ts", import.meta.url), { workerData: statusThreadData });
let statusStopped: () => void = () => {};
const statusThreadStopped = new Promise<void>((resolve) => (statusStopped = resolve));
const statusReady = new Promise<number>((resolve, reject) => {
  statusThread.on("message", (message: StatusThreadMessage) => {
    if (message.type === "ready") resolve(message.port);
    else if (message.type === "failed") reject(Object.assign(new Error(message.message), { code: message.code }));
    else if (message.type === "stopped") statusStopped();
    else if (message.type === "want-status") {
      statusThread.postMessage({ type: "status", id: message.id, status: status() } satisfies StatusThreadRequest);
    }
  });
  statusThread.once("error", reject);
  statusThread.once("exit", () => {
    statusStopped();
    reject(new Error("the status thread stopped"));
  });
});
statusReady.catch(() => {});

async function close(s: http.Server): Promise<void> {
  if (!s.listening) return;
  s.closeAllConnections();
  await new Promise<void>((resolve) => s.close(() => resolve()));
}

parentPort!.on("message", (message: { type: "state"; state: IndexingState } | { type: "stop" }) => {
  if (message.type === "state") {
    state = message.state;
    return;
  }
  void (async () => {
    await close(server);
    statusThread.postMessage({ type: "stop" } satisfies StatusThreadRequest);
    await Promise.race([statusThreadStopped, new Promise((r) => setTimeout(r, 2000))]);
    await statusThread.terminate();
    await pool.close();
    store.close();
    post({ type: "stopped" });
  })();
});

try {
  await pool.ready();
  let bound = data.port;
  try {
    const port = await listen(server, data.host, data.port);
    bound = data.statusPort;
    const statusPort = await statusReady;
    post({ type: "ready", port, statusPort });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    post({ type: "failed", message: e.message, code: e.code, port: bound });
  }
} catch (error) {
  post({ type: "failed", message: (error as Error).message });
}
