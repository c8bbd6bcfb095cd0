// Serves the subgraph like graph-node's query node: POST/GET /subgraphs/name/<name>
// (and .../graphql), with the query page for browsers.
import http from "node:http";
import type { QueryService, GraphQLRequest } from "../graphql/query-service.ts";
import { graphiqlPage } from "./graphiql-page.ts";

const MAX_BODY = 1 << 20;

export type ServerOptions = { host: string; port: number; subgraphName: string; queries: QueryService };

export function createQueryServer(options: ServerOptions): http.Server {
  const base = `/subgraphs/name/${options.subgraphName}`;
  const paths = new Set([base, `${base}/`, `${base}/graphql`]);

  return http.createServer((req, res) => {
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
      answer(res, options.queries, {
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
    req.on("end", () => {
      if (res.headersSent) return;
      let body: GraphQLRequest;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        sendJson(res, 400, { errors: [{ message: 'The body is not valid JSON; send {"query": "{ ... }"}' }] });
        return;
      }
      answer(res, options.queries, body);
    });
  });
}

function answer(res: http.ServerResponse, queries: QueryService, request: GraphQLRequest): void {
  let result;
  try {
    result = queries.execute(request);
  } catch (error) {
    sendJson(res, 500, { errors: [{ message: `Internal error: ${(error as Error).message}` }] });
    return;
  }
  sendJson(res, 200, result);
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
