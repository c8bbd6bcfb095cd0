// Both executors on every query a test sends: the compiled executor's answer text must be
// graphql-js's, byte for byte (data, errors, limits). Used by the GraphQL and limits tests and by
// the differential test of generated queries.
import assert from "node:assert/strict";
import type { ExecutionResult } from "graphql";
import { QueryService } from "../../indexer/src/graphql/query-service.ts";
import type { GraphQLRequest, QueryAnswer, QueryServiceOptions } from "../../indexer/src/graphql/query-service.ts";
import type { EntityStore } from "../../indexer/src/store/entity-store.ts";

/** Answers compared, and how many of them the compiled executor wrote (not handed to graphql-js). */
export const compared = { answers: 0, compiled: 0 };

/**
 * A query service executing with graphql-js (the reference) that also answers every query with
 * the compiled executor and fails when the two texts differ. `execute` returns the parsed answer.
 */
export class CheckedQueryService extends QueryService {
  readonly compiledService: QueryService;

  constructor(store: EntityStore, options: QueryServiceOptions) {
    super(store, { ...options, compiled: false });
    this.compiledService = new QueryService(store, { ...options, compiled: true });
  }

  override answer(request: GraphQLRequest, timeoutMs?: number): QueryAnswer {
    const reference = super.answer(request, timeoutMs);
    const before = this.compiledService.answered.compiled;
    const compiled = this.compiledService.answer(request, timeoutMs);
    compared.answers++;
    compared.compiled += this.compiledService.answered.compiled - before;
    // Whether a query runs out of time depends on the machine: only answers in time compare.
    if (!reference.body.includes('"Query timed out"') && !compiled.body.includes('"Query timed out"')) {
      assert.equal(compiled.status, reference.status, `status of ${JSON.stringify(request)}`);
      if (compiled.body !== reference.body) {
        let at = 0;
        while (compiled.body[at] === reference.body[at]) at++;
        const around = (body: string) => body.slice(Math.max(0, at - 300), at + 300);
        assert.fail(
          `the compiled answer differs at character ${at} for ${JSON.stringify(request).slice(0, 2000)}\n` +
            `graphql-js: …${around(reference.body)}\ncompiled:   …${around(compiled.body)}`,
        );
      }
    }
    return reference;
  }

  override execute(request: GraphQLRequest, timeoutMs?: number): ExecutionResult {
    return JSON.parse(this.answer(request, timeoutMs).body) as ExecutionResult;
  }
}
