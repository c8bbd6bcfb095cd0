// Serves the subgraph like graph-node's query node: POST/GET /subgraphs/name/<name>
// (and .../graphql), with the query page for browsers.
import http from "node:http";
import type { GraphQLRequest, QueryAnswer } from "../graphql/query-service.ts";
import { graphiqlPage } from "./graphiql-page.ts";

/** Largest request body (graph-node has none; this keeps one request from holding much memory). */
export const MAX_BODY = 1 << 20;

/** Runs a query: the worker pool, or a QueryService in this thread. */
export type QueryRunner = { run(request: GraphQLRequest): Promise<QueryAnswer> };

export type ServerOptions = {
  host: string;
  port: number;
  subgraphName: string;
  queries: QueryRunner;
  /** A client that has not taken its whole answer this long after it was ready is cut off (ms). */
  sendTimeoutMs?: number;
  /** Bytes of answers held for clients that have not read them yet; beyond it, answers are refused. */
  maxPendingBytes?: number;
};

export const DEFAULT_SEND_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_PENDING_BYTES = 256 * 1024 * 1024;

/**
 * Answers waiting for slow readers. Each answer counts from the moment it is ready until the
 * socket has taken all of it (or closed): a client that does not read holds at most its own
 * answer for `sendTimeoutMs`, and all such clients together at most `maxPendingBytes`.
 */
class SendFlow {
  pendingBytes = 0;
  cutOff = 0;
  refused = 0;
  readonly sendTimeoutMs: number;
  readonly maxPendingBytes: number;

  constructor(options: ServerOptions) {
    this.sendTimeoutMs = options.sendTimeoutMs ?? DEFAULT_SEND_TIMEOUT_MS;
    this.maxPendingBytes = options.maxPendingBytes ?? DEFAULT_MAX_PENDING_BYTES;
  }

  get full(): boolean {
    return this.pendingBytes >= this.maxPendingBytes;
  }

  send(res: http.ServerResponse, status: number, body: string): void {
    const bytes = body.length;
    if (this.pendingBytes > 0 && this.pendingBytes + bytes > this.maxPendingBytes) {
      this.refused++;
      sendJson(res, 503, { errors: [{ message: OVERLOADED }] });
      return;
    }
    this.pendingBytes += bytes;
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      this.pendingBytes -= bytes;
      clearTimeout(timer);
    };
    const timer = setTimeout(() => {
      this.cutOff++;
      release();
      res.destroy(); // the client does not read: drop its answer rather than hold it
    }, this.sendTimeoutMs);
    timer.unref();
    res.once("finish", release);
    res.once("close", release);
    res.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(body);
  }
}

const OVERLOADED = "service is overloaded and can not run the query right now. Please try again in a few minutes";

/** The query server, with what its slow-reader protection did (for tests and benchmarks). */
export type QueryServer = http.Server & { flow: SendFlow };

export function createQueryServer(options: ServerOptions): QueryServer {
  const base = `/subgraphs/name/${options.subgraphName}`;
  const paths = new Set([base, `${base}/`, `${base}/graphql`]);
  const flow = new SendFlow(options);

  const server = http.createServer((req, res) => {
    res.setHeader("access-control-allow-origin", "*");
    res.setHeader("access-control-allow-headers", "content-type, authorization");
    res.setHeader("access-control-allow-methods", "GET, POST, OPTIONS");
    const url = new URL(req.url ?? "/", "http://localhost");
    if (req.method === "OPTIONS") {
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === "/") {
      sendJson(res, 200, { subgraphs: [{ name: options.subgraphName, url: base }] });
      return;
    }
    if (!paths.has(url.pathname)) {
      sendJson(res, 404, { errors: [{ message: `No subgraph at ${url.pathname}; this host serves ${base}` }] });
      return;
    }
    if (req.method === "GET") {
      const query = url.searchParams.get("query");
      if (query === null) {
        if ((req.headers.accept ?? "").includes("text/html")) {
          res
            .writeHead(200, { "content-type": "text/html; charset=utf-8" })
            .end(graphiqlPage(base, `Mosaic subgraph: ${options.subgraphName}`));
        } else {
          sendJson(res, 400, {
            errors: [{ message: 'GET needs a `query` parameter; POST {"query": ...} or open this URL in a browser' }],
          });
        }
        return;
      }
      let variables: unknown;
      try {
        variables = url.searchParams.has("variables") ? JSON.parse(url.searchParams.get("variables")!) : undefined;
      } catch {
        sendJson(res, 400, { errors: [{ message: "`variables` is not valid JSON" }] });
        return;
      }
      answer(res, options.queries, flow, {
        query,
        variables,
        operationName: url.searchParams.get("operationName") ?? undefined,
      });
      return;
    }
    if (req.method !== "POST") {
      sendJson(res, 405, { errors: [{ message: `Method ${req.method} not allowed; use POST or GET` }] });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        sendJson(res, 413, { errors: [{ message: "Request body too large" }] });
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("error", () => res.destroy());
    req.on("end", () => {
      if (res.headersSent) return;
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        sendJson(res, 400, { errors: [{ message: 'The body is not valid JSON; send {"query": "{ ... }"}' }] });
        return;
      }
      if (body === null || typeof body !== "object" || Array.isArray(body)) {
        sendJson(res, 400, { errors: [{ message: 'The body must be a JSON object; send {"query": "{ ... }"}' }] });
        return;
      }
      answer(res, options.queries, flow, body as GraphQLRequest);
    });
  });
  return Object.assign(server, { flow });
}

function answer(res: http.ServerResponse, queries: QueryRunner, flow: SendFlow, request: GraphQLRequest): void {
  if (flow.full) {
    flow.refused++;
    sendJson(res, 503, { errors: [{ message: OVERLOADED }] });
    return;
  }
  queries.run(request).then(
    ({ status, body }) => {
      if (!res.destroyed) flow.send(res, status, body);
    },
    (error: Error) => {
      if (!res.destroyed) sendJson(res, 500, { errors: [{ message: `internal error: ${error.message}` }] });
    },
  );
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
}

export function listen(server: http.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as { port: number }).port);
    });
  });
}
