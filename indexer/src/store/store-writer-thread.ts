// The writer thread's side of store-writer.ts: a connection to the store file that writes the
// batches it is sent, one transaction each, and builds the postponed field indexes one at a time
// between them (a batch waits for one index at most).
import { parentPort, workerData } from "node:worker_threads";
import { parseSubgraphSchema } from "../schema/subgraph-schema.ts";
import { EntityStore } from "./entity-store.ts";
import type { WriterReply, WriterRequest, WriterThreadData } from "./store-writer.ts";

// node:sqlite's experimental notice, once per thread, is noise in the indexer's log.
process.removeAllListeners("warning");

const data = workerData as WriterThreadData;
const store = new EntityStore(data.file, parseSubgraphSchema(data.schemaText), "", { batchWriter: true });
const port = parentPort!;

/** The index build under way: the statements left and the requests to answer when it is done. */
let build: { statements: string[]; requests: number[] } | null = null;

function failure(error: unknown): string {
  return (error as Error)?.message ?? String(error);
}

function buildNext(): void {
  if (!build) return;
  const current = build;
  try {
    const sql = current.statements.shift();
    if (sql !== undefined) {
      store.db.exec(sql);
      // Batches that arrived meanwhile are written before the next index.
      setImmediate(buildNext);
      return;
    }
    store.finishAttributeIndexes();
    build = null;
    for (const id of current.requests) port.postMessage({ id } satisfies WriterReply);
  } catch (error) {
    build = null;
    for (const id of current.requests) port.postMessage({ id, error: failure(error) } satisfies WriterReply);
  }
}

port.on("message", (request: WriterRequest) => {
  if (request.type === "buildIndexes") {
    if (build) build.requests.push(request.id);
    else if (!store.attributeIndexesPostponed) port.postMessage({ id: request.id } satisfies WriterReply);
    else {
      build = { statements: store.attributeIndexStatements(), requests: [request.id] };
      setImmediate(buildNext);
    }
    return;
  }
  if (request.type === "cpu") {
    const used = process.threadCpuUsage();
    port.postMessage({ id: request.id, cpuSeconds: (used.user + used.system) / 1e6 } satisfies WriterReply);
    return;
  }
  if (request.type === "close") {
    build = null;
    store.close();
    port.postMessage({ id: request.id } satisfies WriterReply);
    port.close();
    return;
  }
  let reply: WriterReply = { id: request.id };
  try {
    store.writeBatch(request.batch, request.after);
  } catch (error) {
    reply = { id: request.id, error: failure(error) };
  }
  port.postMessage(reply);
});
