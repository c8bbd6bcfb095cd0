// The index-node status API on a thread of its own: a costly status query (hundreds of aliases)
// runs here, never on the thread that serves subgraph queries. The status itself is asked of the
// server thread, once per request, as a small object; the GraphQL work on it happens here, within
// the same limits as subgraph queries.
import { parentPort, workerData } from "node:worker_threads";
import type { QueryLimits } from "../graphql/limits.ts";
import { listen } from "./http-server.ts";
import { StatusService, createStatusServer } from "./status-server.ts";
import type { IndexingStatus } from "./status-server.ts";

export type StatusThreadData = {
  host: string;
  port: number;
  subgraphName: string;
  deployment: string;
  limits: QueryLimits;
};

/** Between the server thread and this one. */
export type StatusThreadMessage =
  | { type: "ready"; port: number }
  | { type: "failed"; message: string; code?: string }
  | { type: "want-status"; id: number }
  | { type: "stopped" };
export type StatusThreadRequest = { type: "status"; id: number; status: IndexingStatus } | { type: "stop" };

process.removeAllListeners("warning");

const data = workerData as StatusThreadData;
const post = (message: StatusThreadMessage) => parentPort!.postMessage(message);

// Requests arriving together share one status read.
let nextId = 1;
let pending: { id: number; promise: Promise<IndexingStatus>; resolve: (status: IndexingStatus) => void } | null = null;
function currentStatus(): Promise<IndexingStatus> {
  if (!pending) {
    let resolve!: (status: IndexingStatus) => void;
    const promise = new Promise<IndexingStatus>((r) => (resolve = r));
    pending = { id: nextId++, promise, resolve };
    post({ type: "want-status", id: pending.id });
  }
  return pending.promise;
}

const server = createStatusServer(
  new StatusService({
    subgraphName: data.subgraphName,
    deployment: data.deployment,
    status: currentStatus,
    limits: data.limits,
  }),
);

parentPort!.on("message", (message: StatusThreadRequest) => {
  if (message.type === "status") {
    if (pending?.id === message.id) {
      pending.resolve(message.status);
      pending = null;
    }
    return;
  }
  server.closeAllConnections();
  server.close(() => post({ type: "stopped" }));
  if (!server.listening) post({ type: "stopped" });
});

try {
  post({ type: "ready", port: await listen(server, data.host, data.port) });
} catch (error) {
  const e = error as NodeJS.ErrnoException;
  post({ type: "failed", message: e.message, code: e.code });
}
