// Mosaic's local subgraph host: runs the subgraph's compiled mappings against an Ethereum
// node and serves The Graph's query API, where graph-node would run with Docker.
//
//   node indexer/index.ts [--rpc http://127.0.0.1:8545] [--port 8000] [--status-port 8030]
//                         [--host 127.0.0.1] [--data .data/indexer] [--subgraph subgraph]
//                         [--name mosaic] [--reset] [--reset-on-chain-change] [--quiet]
import { parseArgs } from "node:util";
import type { LogLevel } from "./src/runtime/host-imports.ts";

// node:sqlite is stable enough for this use; keep its experimental notice out of the log.
// (Installed before the modules that load node:sqlite are imported, below.)
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  if (String(warning).includes("SQLite is an experimental feature")) return;
  (emitWarning as (...a: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;

const { values } = parseArgs({
  options: {
    rpc: { type: "string", default: "http://127.0.0.1:8545" },
    port: { type: "string", default: "8000" },
    "status-port": { type: "string", default: "8030" },
    reset: { type: "boolean", default: false },
    "reset-on-chain-change": { type: "boolean", default: false },
    host: { type: "string", default: "127.0.0.1" },
    data: { type: "string", default: ".data/indexer" },
    subgraph: { type: "string", default: "subgraph" },
    name: { type: "string", default: "mosaic" },
    quiet: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});

if (values.help) {
  console.log(`Usage: node indexer/index.ts [options]

  --rpc URL         Ethereum JSON-RPC node (default http://127.0.0.1:8545)
  --port N          query port (default 8000)
  --status-port N   index-node status API port, /graphql (default 8030)
  --host ADDR       query host (default 127.0.0.1)
  --data DIR        embedded store directory (default .data/indexer)
  --subgraph DIR    subgraph directory with build/ and networks.json (default subgraph)
  --name NAME       subgraph name in the URL (default mosaic)
  --reset           wipe the stored data and re-index; also re-index (rather than stop)
                    when the node turns out to be another chain (a restarted local node)
  --reset-on-chain-change
                    keep the stored data while the node is the chain it was indexed from;
                    wipe it and re-index (rather than stop) when the node is another chain
  --quiet           only warnings and errors

Query limits (environment, graph-node's names): GRAPH_GRAPHQL_QUERY_TIMEOUT (s, default 10),
GRAPH_GRAPHQL_MAX_FIRST (1000), GRAPH_GRAPHQL_MAX_SKIP (no limit), GRAPH_GRAPHQL_MAX_DEPTH (255),
GRAPH_GRAPHQL_ERROR_RESULT_SIZE (bytes, 100 MiB), GRAPH_GRAPHQL_MAX_TOKENS (100000);
INDEXER_PARSE_CACHE_MB (64 per worker), INDEXER_QUERY_WORKERS (2).`);
  process.exit(0);
}

const COLORS: Record<LogLevel, string> = { critical: "31", error: "31", warning: "33", info: "36", debug: "90" };
const useColor = process.stdout.isTTY;
function log(level: LogLevel, message: string): void {
  if (values.quiet && (level === "info" || level === "debug")) return;
  const time = new Date().toISOString().slice(11, 19);
  const tag = useColor
    ? `\x1b[${COLORS[level]}m${level.toUpperCase().padEnd(7)}\x1b[0m`
    : level.toUpperCase().padEnd(7);
  (level === "error" || level === "critical" ? console.error : console.log)(`${time} ${tag} ${message}`);
}

const { ManifestError } = await import("./src/manifest/load-manifest.ts");
const { startSubgraphHost, RpcConfigError } = await import("./src/subgraph-host.ts");
const { StoreDamagedError } = await import("./src/store/entity-store.ts");
const { LimitConfigError } = await import("./src/graphql/limits.ts");

let host;
try {
  host = await startSubgraphHost({
    rpcUrl: values.rpc,
    subgraphDir: values.subgraph,
    dataDir: values.data,
    host: values.host,
    port: Number(values.port),
    statusPort: Number(values["status-port"]),
    reset: values.reset,
    resetOnChainChange: values["reset-on-chain-change"],
    subgraphName: values.name,
    log,
  });
} catch (error) {
  if (
    error instanceof ManifestError ||
    error instanceof RpcConfigError ||
    error instanceof StoreDamagedError ||
    error instanceof LimitConfigError
  ) {
    console.error(`indexer: ${error.message}`);
  } else if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
    console.error(
      `indexer: port ${(error as { port?: number }).port ?? values.port} on ${values.host} is in use (another indexer or graph-node?). Stop it or pass --port / --status-port.`,
    );
  } else {
    console.error(`indexer: ${(error as Error).stack ?? error}`);
  }
  process.exit(1);
}

const head = host.store.head();
log(
  "info",
  `indexing ${host.manifest.dataSources.map((d) => `${d.name}@${d.address ?? "any"}`).join(", ")} from ${values.rpc}` +
    (head ? ` (resuming after block ${head.number})` : ""),
);
console.log(
  `\nSubgraph "${values.name}" queries: ${host.url}\n  (open it in a browser for the query page)\n` +
    `Indexing status (graph-node's index-node API): ${host.statusUrl}\n`,
);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    log("info", "stopping (the store is consistent: each block is committed whole)");
    host.stop().then(() => process.exit(0));
  });
}
