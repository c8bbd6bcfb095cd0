// Parses, validates and executes queries against the generated API (graphql-js), with a
// consistent view: everything runs synchronously at one head block. Every failure of a query
// (a parser stack overflow, a store error, a result too large to serialize) becomes a GraphQL
// error in that query's answer.
import { GraphQLError, Kind, executeSync, parse, validate } from "graphql";
import type { DocumentNode, ExecutionResult, FragmentDefinitionNode, GraphQLSchema, SelectionSetNode } from "graphql";
import type { EntityStore } from "../store/entity-store.ts";
import { buildApiSchema } from "./api-schema.ts";
import { CompiledExecutor } from "./compiled-executor.ts";
import type { QueryContext } from "./api-schema.ts";
import { EntityQueries, QueryBudget, registerSqlFunctions } from "./entity-queries.ts";
import { DEFAULT_LIMITS } from "./limits.ts";
import type { QueryLimits } from "./limits.ts";

export type GraphQLRequest = { query?: unknown; variables?: unknown; operationName?: unknown };

/** An answer ready to send: HTTP status and the JSON text. */
export type QueryAnswer = { status: number; body: string };

export type QueryStatus = () => { hasIndexingErrors: boolean };

/**
 * Memory a parsed and validated document takes per character of query text, about: a 1 MB
 * text of aliases was measured at ~48 MB of AST. The parse cache counts entries with it.
 */
const AST_BYTES_PER_CHAR = 50;

export type QueryServiceOptions = {
  deployment: string;
  subgraphName: string;
  status?: QueryStatus;
  limits?: QueryLimits;
  /** Run each query in a read transaction (a snapshot: a reader connection beside the indexer's). */
  snapshot?: boolean;
  /**
   * Write answers with the compiled executor where it covers the query (default true); false:
   * graphql-js executes every query (the reference the compiled answers are compared with).
   */
  compiled?: boolean;
};

/**
 * A compiled answer whose counted bytes come this close to the result-size limit is executed by
 * graphql-js again, so that whether the limit is hit, and the figure in its error, are graphql-js's.
 */
const NEAR_RESULT_LIMIT = 0.9;

export class QueryService {
  readonly schema: GraphQLSchema;
  readonly limits: QueryLimits;
  private readonly documents = new Map<string, { document: DocumentNode; bytes: number }>();
  private documentBytes = 0;
  private readonly store: EntityStore;
  private readonly entityQueries: EntityQueries;
  private readonly deployment: string;
  private readonly subgraphName: string;
  private readonly status: QueryStatus;
  private readonly snapshot: boolean;
  private readonly compiled: CompiledExecutor | null;
  /** Answers written by the compiled executor, and by graphql-js (tests and benchmarks read them). */
  readonly answered = { compiled: 0, executed: 0 };

  constructor(store: EntityStore, options: QueryServiceOptions) {
    this.store = store;
    this.deployment = options.deployment;
    this.subgraphName = options.subgraphName;
    this.limits = options.limits ?? DEFAULT_LIMITS;
    this.snapshot = options.snapshot ?? false;
    this.status = options.status ?? (() => ({ hasIndexingErrors: store.getMeta("fatalError") !== undefined }));
    registerSqlFunctions(store);
    this.entityQueries = new EntityQueries(store, this.limits);
    this.schema = buildApiSchema(store.schema, this.entityQueries);
    this.compiled =
      (options.compiled ?? true) ? new CompiledExecutor(this.schema, store.schema, this.entityQueries) : null;
  }

  /** Bytes the parse cache holds (estimated). */
  get cachedDocumentBytes(): number {
    return this.documentBytes;
  }

  /** `timeoutMs` overrides the limit for this query (what is left of it after a wait in a queue). */
  execute(request: GraphQLRequest, timeoutMs?: number): ExecutionResult {
    try {
      return this.executeUnsafe(request, timeoutMs, false) as ExecutionResult;
    } catch (error) {
      return { errors: [asGraphQLError(error)] };
    }
  }

  /**
   * Executes and serializes; the answer always fits in a string. The compiled executor writes the
   * text where it covers the query; graphql-js executes the rest, with the same text as result.
   */
  answer(request: GraphQLRequest, timeoutMs?: number): QueryAnswer {
    let result: ExecutionResult | string;
    try {
      result = this.executeUnsafe(request, timeoutMs, true);
    } catch (error) {
      result = { errors: [asGraphQLError(error)] };
    }
    if (typeof result === "string") {
      this.answered.compiled++;
      return { status: 200, body: result };
    }
    this.answered.executed++;
    try {
      return { status: 200, body: JSON.stringify(result) };
    } catch (error) {
      return errorAnswer(200, `the result cannot be sent: ${(error as Error).message}`);
    }
  }

  /** `answer` for callers that also use the worker pool. */
  async run(request: GraphQLRequest): Promise<QueryAnswer> {
    return this.answer(request);
  }

  /** With `text`, the compiled executor's answer text where it covers the query. */
  private executeUnsafe(
    request: GraphQLRequest,
    timeoutMs: number | undefined,
    text: boolean,
  ): ExecutionResult | string {
    if (request === null || typeof request !== "object" || Array.isArray(request)) {
      return { errors: [new GraphQLError('The body must be a JSON object: send {"query": "{ ... }"}')] };
    }
    if (typeof request.query !== "string" || request.query.trim() === "") {
      return { errors: [new GraphQLError('The request has no query: send {"query": "{ ... }"}')] };
    }
    if (
      request.variables !== undefined &&
      request.variables !== null &&
      (typeof request.variables !== "object" || Array.isArray(request.variables))
    ) {
      return { errors: [new GraphQLError("`variables` must be a JSON object")] };
    }
    const prepared = this.prepare(request.query);
    if ("errors" in prepared) return prepared;
    let budget = new QueryBudget(timeoutMs ? { ...this.limits, timeoutMs } : this.limits);
    this.entityQueries.budget = budget;
    if (this.snapshot) this.store.db.exec("BEGIN");
    try {
      const context: QueryContext = {
        head: this.store.head(),
        hasIndexingErrors: this.status().hasIndexingErrors,
        deployment: this.deployment,
        subgraphName: this.subgraphName,
        memo: new Map(),
        lists: new WeakMap(),
      };
      const variables = (request.variables ?? undefined) as Record<string, unknown> | undefined;
      const operationName = typeof request.operationName === "string" ? request.operationName : undefined;
      if (text && this.compiled) {
        let written: string | null;
        try {
          written = this.compiled.answer(prepared.document, variables, operationName, context);
        } catch (error) {
          // Over its time: graphql-js would stop the same way. Anything else (a store error) is the query's error.
          if (!budget.stopped) throw error;
          return { errors: [budget.stopped] };
        }
        const limit = this.limits.maxResultBytes > 0 ? this.limits.maxResultBytes : Infinity;
        if (written !== null && budget.used <= limit * NEAR_RESULT_LIMIT) return written;
        this.entityQueries.budget = budget = budget.again();
      }
      const result = executeSync({
        schema: this.schema,
        document: prepared.document,
        variableValues: variables,
        operationName,
        contextValue: context,
      });
      // A query stopped by a limit answers with that error alone, not with thousands of
      // field errors and partial data.
      if (budget.stopped) return { errors: [budget.stopped] };
      return result;
    } finally {
      this.entityQueries.budget = null;
      if (this.snapshot) this.store.db.exec("COMMIT");
    }
  }

  /** Parsed and validated document, from the cache when the same text came before. */
  private prepare(text: string): { document: DocumentNode } | { errors: readonly GraphQLError[] } {
    const cached = this.documents.get(text);
    if (cached) {
      this.documents.delete(text); // most recently used last
      this.documents.set(text, cached);
      return cached;
    }
    let document: DocumentNode;
    try {
      document = parse(text, { maxTokens: this.limits.maxTokens || undefined });
    } catch (error) {
      if (error instanceof RangeError) {
        return { errors: [new GraphQLError("query is nested too deeply to parse; make it shallower")] };
      }
      return { errors: [asGraphQLError(error)] };
    }
    const depth = queryDepth(document, this.limits.maxDepth);
    if (depth > this.limits.maxDepth) {
      return { errors: [new GraphQLError(`query has a depth that exceeds the limit of \`${this.limits.maxDepth}\``)] };
    }
    const errors = validate(this.schema, document);
    if (errors.length) return { errors };
    const bytes = text.length * AST_BYTES_PER_CHAR;
    if (bytes <= this.limits.parseCacheBytes / 4) {
      while (this.documentBytes + bytes > this.limits.parseCacheBytes && this.documents.size) {
        const [oldest, entry] = this.documents.entries().next().value!;
        this.documents.delete(oldest);
        this.documentBytes -= entry.bytes;
      }
      this.documents.set(text, { document, bytes });
      this.documentBytes += bytes;
    }
    return { document };
  }
}

/**
 * The deepest nesting of selection sets in the document's operations, through fragments (each
 * fragment's depth is worked out once, so fragments spread many times cost nothing extra).
 * Above `limit` the exact figure does not matter: the walk stops there.
 */
export function queryDepth(document: DocumentNode, limit: number): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const fragmentDepth = new Map<string, number>();
  const depthOf = (set: SelectionSetNode, visiting: Set<string>): number => {
    let deepest = 1;
    for (const sel of set.selections) {
      let d = 1;
      if (sel.kind === Kind.FIELD) d = sel.selectionSet ? 1 + depthOf(sel.selectionSet, visiting) : 1;
      else if (sel.kind === Kind.INLINE_FRAGMENT) d = depthOf(sel.selectionSet, visiting);
      else {
        const name = sel.name.value;
        const fragment = fragments.get(name);
        if (!fragment || visiting.has(name)) continue; // undefined or cyclic: validation reports it
        let known = fragmentDepth.get(name);
        if (known === undefined) {
          visiting.add(name);
          known = depthOf(fragment.selectionSet, visiting);
          visiting.delete(name);
          fragmentDepth.set(name, known);
        }
        d = known;
      }
      if (d > deepest) deepest = d;
      if (deepest > limit) return deepest;
    }
    return deepest;
  };
  let deepest = 0;
  try {
    for (const def of document.definitions) {
      if (def.kind === Kind.OPERATION_DEFINITION) deepest = Math.max(deepest, depthOf(def.selectionSet, new Set()));
    }
  } catch (error) {
    if (error instanceof RangeError) return Infinity;
    throw error;
  }
  return deepest;
}

/** Any thrown value as a GraphQL error with a message (a bare RangeError serializes as `{}`). */
export function asGraphQLError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return new GraphQLError("query is nested too deeply to execute; make it shallower");
  }
  const message = error instanceof Error ? error.message : String(error);
  return new GraphQLError(`internal error: ${message || "unknown failure"}`);
}

export function errorAnswer(status: number, message: string): QueryAnswer {
  return { status, body: JSON.stringify({ errors: [{ message }] }) };
}
