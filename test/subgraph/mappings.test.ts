/**
 * The subgraph's matchstick-as tests (subgraph/tests/*.test.ts), run by the in-repo runner and
 * reported one node:test subtest per matchstick test, nested by file and describe block.
 * Builds the subgraph and compiles the test modules first when they are stale.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { runSuite } from "../../subgraph/tests/runner/suite.ts";
import type { SuiteResult } from "../../subgraph/tests/runner/suite.ts";
import type { TestOutcome } from "../../subgraph/tests/runner/test-runner.ts";

interface Block {
  blocks: Map<string, Block>;
  tests: TestOutcome[];
}

function blockTree(tests: TestOutcome[]): Block {
  const root: Block = { blocks: new Map(), tests: [] };
  for (const outcome of tests) {
    let block = root;
    for (const name of outcome.path) {
      let child = block.blocks.get(name);
      if (!child) {
        child = { blocks: new Map(), tests: [] };
        block.blocks.set(name, child);
      }
      block = child;
    }
    block.tests.push(outcome);
  }
  return root;
}

function register(block: Block): void {
  for (const outcome of block.tests) {
    test(outcome.name, () => {
      if (!outcome.passed) assert.fail(outcome.error ?? "failed");
    });
  }
  for (const [name, child] of block.blocks) describe(name, () => register(child));
}

let result: SuiteResult | undefined;
let setupError: Error | undefined;
try {
  result = await runSuite();
} catch (error) {
  setupError = error as Error;
}

if (setupError || !result) {
  test("subgraph builds and its matchstick tests compile", () => {
    throw setupError ?? new Error("The suite produced no result");
  });
} else {
  for (const file of result.files) {
    describe(file.file, () => {
      if (file.error) test("loads its test module", () => assert.fail(file.error!));
      register(blockTree(file.tests));
    });
  }
}
