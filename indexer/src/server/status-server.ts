// The index-node status API graph-node serves on port 8030 (`/graphql`), with its field names:
// `indexingStatusForCurrentVersion(subgraphName)` and `indexingStatuses`, so the dApp and
// auditors can show lag and health with the query they would send to graph-node. This host
// also reports here what graph-node would only log: an unreachable node, a store error, a
// changed chain it refuses to wipe.
import http from "node:http";
import { GraphQLError, buildSchema, defaultFieldResolver, execute, parse, validate } from "graphql";
import type { DocumentNode, GraphQLFieldResolver, GraphQLSchema } from "graphql";
import { DEFAULT_LIMITS } from "../graphql/limits.ts";
import type { QueryLimits } from "../graphql/limits.ts";
import { QueryBudget } from "../graphql/entity-queries.ts";
import { asGraphQLError, errorAnswer, queryDepth } from "../graphql/query-service.ts";
import type { GraphQLRequest, QueryAnswer } from "../graphql/query-service.ts";
import { graphiqlPage } from "./graphiql-page.ts";
import { MAX_BODY } from "./http-server.ts";

/** graph-node's server/index-node/src/schema.graphql, the part this host can answer. */
export const STATUS_SCHEMA = /* GraphQL */ `
  scalar BigInt
  scalar Bytes

  type Query {
    indexingStatusForCurrentVersion(subgraphName: String!): SubgraphIndexingStatus
    indexingStatusForPendingVersion(subgraphName: String!): SubgraphIndexingStatus
    indexingStatusesForSubgraphName(subgraphName: String!): [SubgraphIndexingStatus!]!
    indexingStatuses(subgraphs: [String!]): [SubgraphIndexingStatus!]!
    version: Version!
  }

  type Version {
    version: String!
    commit: String!
  }

  type SubgraphIndexingStatus {
    subgraph: String!
    synced: Boolean!
    health: Health!
    fatalError: SubgraphError
    nonFatalErrors: [SubgraphError!]!
    chains: [ChainIndexingStatus!]!
    entityCount: BigInt!
    node: String
    paused: Boolean
    historyBlocks: Int!
    subgraphSize: SubgraphSize!
  }

  type SubgraphSize {
    rowEstimate: BigInt!
    tableSize: BigInt!
    indexSize: BigInt!
    toastSize: BigInt!
    totalSize: BigInt!
  }

  interface ChainIndexingStatus {
    network: String!
    chainHeadBlock: Block
    earliestBlock: EarliestBlock
    latestBlock: Block
    lastHealthyBlock: Block
  }

  type EthereumIndexingStatus implements ChainIndexingStatus {
    network: String!
    chainHeadBlock: Block
    earliestBlock: EarliestBlock
    latestBlock: Block
    lastHealthyBlock: Block
  }

  type Block {
    hash: Bytes!
    number: BigInt!
  }

  type EarliestBlock {
    hash: Bytes!
    number: BigInt!
  }

  type SubgraphError {
    message: String!
    block: Block
    handler: String
    deterministic: Boolean!
  }

  enum Health {
    healthy
    unhealthy
    failed
  }
`;

/** A block as graph-node reports it (BigInt numbers are strings). */
export type StatusBlock = { hash: string; number: string };
export type StatusError = {
  message: string;
  block: StatusBlock | null;
  handler: string | null;
  deterministic: boolean;
};

/** One subgraph's status as graph-node reports it. */
export type IndexingStatus = {
  subgraph: string;
  synced: boolean;
  health: "healthy" | "unhealthy" | "failed";
  fatalError: StatusError | null;
  nonFatalErrors: StatusError[];
  chains: {
    network: string;
    chainHeadBlock: StatusBlock | null;
    earliestBlock: StatusBlock | null;
    latestBlock: StatusBlock | null;
    lastHealthyBlock: StatusBlock | null;
  }[];
  entityCount: string;
  /** Bytes of the store (SQLite pages of its tables and indexes; no TOAST here). */
  subgraphSize: { rowEstimate: string; tableSize: string; indexSize: string; toastSize: string; totalSize: string };
  node: string | null;
  paused: boolean | null;
  historyBlocks: number;
};

export type StatusSource = {
  /** The subgraph name this host serves (`mosaic`). */
  subgraphName: string;
  /** The deployment id, as in `_meta { deployment }`. */
  deployment: string;
  /** The current status: read once per request, however many fields ask for it. */
  status: () => IndexingStatus | Promise<IndexingStatus>;
  /** The query limits (graph-node's variables), applied to status queries as to subgraph queries. */
  limits?: QueryLimits;
};

export function buildStatusSchema(): GraphQLSchema {
  const schema = buildSchema(STATUS_SCHEMA);
  const chain = schema.getType("ChainIndexingStatus") as unknown as { resolveType: () => string };
  chain.resolveType = () => "EthereumIndexingStatus";
  return schema;
}

export class StatusService {
  private readonly schema = buildStatusSchema();
  private readonly source: StatusSource;
  private readonly limits: QueryLimits;
  private readonly documents = new Map<string, DocumentNode>();

  constructor(source: StatusSource) {
    this.source = source;
    this.limits = source.limits ?? DEFAULT_LIMITS;
  }

  private matches(nameOrId: string): boolean {
    return nameOrId === this.source.subgraphName || nameOrId === this.source.deployment;
  }

  /** Parsed and validated, within the token and depth limits (the last 100 texts kept). */
  private prepare(text: string): DocumentNode | readonly GraphQLError[] {
    const cached = this.documents.get(text);
    if (cached) return cached;
    let document: DocumentNode;
    try {
      document = parse(text, { maxTokens: this.limits.maxTokens || undefined });
    } catch (error) {
      if (error instanceof RangeError)
        return [new GraphQLError("query is nested too deeply to parse; make it shallower")];
      return [asGraphQLError(error)];
    }
    if (queryDepth(document, this.limits.maxDepth) > this.limits.maxDepth) {
      return [new GraphQLError(`query has a depth that exceeds the limit of \`${this.limits.maxDepth}\``)];
    }
    const errors = validate(this.schema, document);
    if (errors.length) return errors;
    if (this.documents.size >= 100) this.documents.delete(this.documents.keys().next().value!);
    if (text.length <= 64 * 1024) this.documents.set(text, document);
    return document;
  }

  async run(request: GraphQLRequest): Promise<QueryAnswer> {
    if (typeof request.query !== "string" || request.query.trim() === "") {
      return errorAnswer(200, 'The request has no query: send {"query": "{ indexingStatuses { ... } }"}');
    }
    const prepared = this.prepare(request.query);
    if (!("kind" in prepared)) return { status: 200, body: JSON.stringify({ errors: prepared }) };
    let current: IndexingStatus;
    try {
      current = await this.source.status();
    } catch (error) {
      return errorAnswer(200, `internal error: ${(error as Error).message}`);
    }
    const root = {
      indexingStatusForCurrentVersion: ({ subgraphName }: { subgraphName: string }) =>
        this.matches(subgraphName) ? current : null,
      indexingStatusForPendingVersion: () => null,
      indexingStatusesForSubgraphName: ({ subgraphName }: { subgraphName: string }) =>
        this.matches(subgraphName) ? [current] : [],
      // graph-node: no list, or an empty one, is every subgraph.
      indexingStatuses: ({ subgraphs }: { subgraphs?: string[] | null }) =>
        !subgraphs || subgraphs.length === 0 || subgraphs.some((s) => this.matches(s)) ? [current] : [],
      version: () => ({ version: "mosaic-local-indexer", commit: "" }),
    };
    // The same time and result-size limits as subgraph queries, counted field by field.
    const budget = new QueryBudget(this.limits);
    const fieldResolver: GraphQLFieldResolver<unknown, unknown> = (source, args, context, info) => {
      budget.check();
      const value = defaultFieldResolver(source, args, context, info);
      const size = value === null || typeof value !== "object" ? String(value).length + 2 : 2;
      budget.charge(String(info.path.key).length + 4 + size);
      return value;
    };
    try {
      const result = await execute({
        schema: this.schema,
        document: prepared,
        rootValue: root,
        fieldResolver,
        variableValues: (request.variables ?? undefined) as Record<string, unknown> | undefined,
        operationName: typeof request.operationName === "string" ? request.operationName : undefined,
      });
      if (budget.stopped) return { status: 200, body: JSON.stringify({ errors: [budget.stopped] }) };
      return { status: 200, body: JSON.stringify(result) };
    } catch (error) {
      return errorAnswer(200, `internal error: ${(error as Error).message}`);
    }
  }
}

/** The status server: `/graphql` (POST, or GET with `?query=`), like graph-node's index node. */
export function createStatusServer(service: StatusService): http.Server {
  return http.createServer((req, res) => {
    res.setHeader("access-control-allow-origin", "*");
    res.setHeader("access-control-allow-headers", "content-type");
    res.setHeader("access-control-allow-methods", "GET, POST, OPTIONS");
    const url = new URL(req.url ?? "/", "http://localhost");
    const send = (answer: QueryAnswer) =>
      res.writeHead(answer.status, { "content-type": "application/json; charset=utf-8" }).end(answer.body);
    if (req.method === "OPTIONS") return void res.writeHead(204).end();
    if (url.pathname !== "/graphql" && url.pathname !== "/graphql/") {
      return send(errorAnswer(404, `No status API at ${url.pathname}; it is at /graphql`));
    }
    if (req.method === "GET") {
      const query = url.searchParams.get("query");
      if (query === null) {
        if ((req.headers.accept ?? "").includes("text/html")) {
          return void res
            .writeHead(200, { "content-type": "text/html; charset=utf-8" })
            .end(graphiqlPage("/graphql", "Mosaic indexer status"));
        }
        return send(errorAnswer(400, "GET needs a `query` parameter"));
      }
      void service.run({ query }).then(send);
      return;
    }
    if (req.method !== "POST") return send(errorAnswer(405, `Method ${req.method} not allowed; use POST or GET`));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        send(errorAnswer(413, "Request body too large"));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("error", () => res.destroy());
    req.on("end", () => {
      if (res.headersSent) return;
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return send(errorAnswer(400, 'The body is not valid JSON; send {"query": "{ ... }"}'));
      }
      if (body === null || typeof body !== "object" || Array.isArray(body)) {
        return send(errorAnswer(400, 'The body must be a JSON object; send {"query": "{ ... }"}'));
      }
      void service.run(body as GraphQLRequest).then(send);
    });
  });
}
