// Parses, validates and executes queries against the generated API (graphql-js), with a
// consistent view: everything runs synchronously at one head block.
import { executeSync, GraphQLError, parse, validate } from "graphql";
import type { DocumentNode, ExecutionResult, GraphQLSchema } from "graphql";
import type { EntityStore } from "../store/entity-store.ts";
import { buildApiSchema } from "./api-schema.ts";
import type { QueryContext } from "./api-schema.ts";
import { EntityQueries, registerSqlFunctions } from "./entity-queries.ts";

export type GraphQLRequest = { query?: unknown; variables?: unknown; operationName?: unknown };

export type QueryStatus = () => { hasIndexingErrors: boolean };

/** Parsed and validated documents kept for queries that come again (most recently used last). */
const DOCUMENT_CACHE_SIZE = 200;

export class QueryService {
  readonly schema: GraphQLSchema;
  private readonly documents = new Map<string, DocumentNode>();
  private readonly store: EntityStore;
  private readonly deployment: string;
  private readonly subgraphName: string;
  private readonly status: QueryStatus;

  constructor(store: EntityStore, options: { deployment: string; subgraphName: string; status?: QueryStatus }) {
    this.store = store;
    this.deployment = options.deployment;
    this.subgraphName = options.subgraphName;
    this.status = options.status ?? (() => ({ hasIndexingErrors: store.getMeta("fatalError") !== undefined }));
    registerSqlFunctions(store);
    this.schema = buildApiSchema(store.schema, new EntityQueries(store));
  }

  execute(request: GraphQLRequest): ExecutionResult {
    if (typeof request.query !== "string" || request.query.trim() === "") {
      return { errors: [new GraphQLError('The request has no query: send {"query": "{ ... }"}')] };
    }
    if (request.variables !== undefined && request.variables !== null && typeof request.variables !== "object") {
      return { errors: [new GraphQLError("`variables` must be a JSON object")] };
    }
    let document = this.documents.get(request.query);
    if (document) {
      this.documents.delete(request.query);
    } else {
      try {
        document = parse(request.query);
      } catch (error) {
        return { errors: [error as GraphQLError] };
      }
      const errors = validate(this.schema, document);
      if (errors.length) return { errors };
      if (this.documents.size >= DOCUMENT_CACHE_SIZE) this.documents.delete(this.documents.keys().next().value!);
    }
    this.documents.set(request.query, document);
    const context: QueryContext = {
      head: this.store.head(),
      hasIndexingErrors: this.status().hasIndexingErrors,
      deployment: this.deployment,
      subgraphName: this.subgraphName,
      memo: new Map(),
    };
    return executeSync({
      schema: this.schema,
      document,
      variableValues: (request.variables ?? undefined) as Record<string, unknown> | undefined,
      operationName: typeof request.operationName === "string" ? request.operationName : undefined,
      contextValue: context,
    });
  }
}
