// A query worker: its own read-only connection to the store (SQLite WAL lets it read while
// the indexer writes) and its own generated schema and parse cache. Answers one request at
// a time; the pool kills it when a query overruns its time.
import { parentPort, workerData } from "node:worker_threads";
import { parseSubgraphSchema } from "../schema/subgraph-schema.ts";
import { EntityStore, isStoreDamage } from "../store/entity-store.ts";
import { QueryService } from "./query-service.ts";
import type { GraphQLRequest } from "./query-service.ts";
import type { QueryLimits } from "./limits.ts";

export type QueryWorkerData = {
  file: string;
  schemaText: string;
  deployment: string;
  subgraphName: string;
  limits: QueryLimits;
};

export type QueryWorkerReply = { id: number; status: number; body: string; storeError?: string };

// node:sqlite's experimental notice, once per worker, is noise in the indexer's log.
process.removeAllListeners("warning");

const data = workerData as QueryWorkerData;
const store = new EntityStore(data.file, parseSubgraphSchema(data.schemaText), "", { readOnly: true });
const service = new QueryService(store, {
  deployment: data.deployment,
  subgraphName: data.subgraphName,
  limits: data.limits,
  snapshot: true,
  // INDEXER_COMPILED_QUERIES=0: graphql-js executes every query (the compiled executor's reference).
  compiled: process.env.INDEXER_COMPILED_QUERIES !== "0",
});

parentPort!.on("message", ({ id, request, timeoutMs }: { id: number; request: GraphQLRequest; timeoutMs?: number }) => {
  // The pool passes what is left of the query's time after its wait in the queue.
  const answer = service.answer(request, timeoutMs);
  const reply: QueryWorkerReply = { id, ...answer };
  if (answer.body.length < 10_000 && answer.body.includes('"errors"') && isStoreDamage(answer.body)) {
    reply.storeError = (JSON.parse(answer.body) as { errors: { message: string }[] }).errors[0]?.message;
  }
  parentPort!.postMessage(reply);
});
parentPort!.postMessage({ ready: true });
