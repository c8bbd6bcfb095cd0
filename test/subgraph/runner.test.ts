/**
 * The matchstick runner itself, on a fixture module whose tests pass and fail on purpose
 * (subgraph/tests/runner/fixtures/runner-fixture.ts).
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { before, describe, test } from "node:test";
import { BIN_DIR, SUBGRAPH_DIR, compileModule } from "../../subgraph/tests/runner/compile-tests.ts";
import { loadSchema } from "../../subgraph/tests/runner/schema.ts";
import { runTestModule } from "../../subgraph/tests/runner/test-runner.ts";
import type { FileOutcome, TestOutcome } from "../../subgraph/tests/runner/test-runner.ts";

const FIXTURE = path.join(SUBGRAPH_DIR, "tests/runner/fixtures/runner-fixture.ts");
const WASM = path.join(BIN_DIR, "runner-fixture.wasm");

let outcome: FileOutcome;

function find(name: string): TestOutcome {
  const found = outcome.tests.find((t) => t.name === name);
  assert.ok(found, `test "${name}" was run`);
  return found;
}

before(async () => {
  mkdirSync(BIN_DIR, { recursive: true });
  if (!existsSync(WASM) || statSync(WASM).mtimeMs < statSync(FIXTURE).mtimeMs) {
    await compileModule(FIXTURE, WASM);
  }
  outcome = runTestModule(WASM, loadSchema(path.join(SUBGRAPH_DIR, "schema.graphql")), "runner-fixture");
});

describe("the matchstick runner", () => {
  test("runs every registered test in order, nested ones with their describe path", () => {
    assert.equal(outcome.error, null);
    assert.deepEqual(
      outcome.tests.map((t) => [...t.path, t.name].join(" > ")),
      [
        "passes",
        "fails an assertion",
        "throws as it should",
        "passes though it should fail",
        "fails on an entity missing a required field",
        "fails on a critical log",
        "outer > nested",
        "outer > inner > deep",
      ],
    );
  });

  test("reports a failed assertion with matchstick's message", () => {
    const failed = find("fails an assertion");
    assert.equal(failed.passed, false);
    assert.match(failed.error!, /assert\.stringEquals Assertion Error/);
    assert.match(failed.error!, /Expected value was 'expected' but actual value was 'actual'/);
  });

  test("passes a throwing test marked shouldFail and fails one that returns", () => {
    assert.equal(find("throws as it should").passed, true);
    const wrong = find("passes though it should fail");
    assert.equal(wrong.passed, false);
    assert.match(wrong.error!, /should have failed/);
  });

  test("fails a save that the schema refuses, and a critical log", () => {
    assert.match(
      find("fails on an entity missing a required field").error!,
      /Protocol\[mosaic\] is missing non-nullable field/,
    );
    assert.match(find("fails on a critical log").error!, /Critical error logged in mapping: stop here/);
  });

  test("runs outer beforeEach hooks first and outer afterEach hooks last", () => {
    assert.deepEqual(find("nested").logs, [
      "INFO: beforeEach root",
      "INFO: beforeEach outer",
      "INFO: body nested",
      "INFO: afterEach outer",
      "INFO: afterEach root",
    ]);
    assert.deepEqual(find("deep").logs, [
      "INFO: beforeEach root",
      "INFO: beforeEach outer",
      "INFO: body deep",
      "INFO: afterEach outer",
      "INFO: afterEach root",
    ]);
    assert.deepEqual(find("passes").logs, ["INFO: beforeEach root", "INFO: body passes", "INFO: afterEach root"]);
  });
});
