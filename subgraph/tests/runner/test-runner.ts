/**
 * Runs a matchstick-as test module the way matchstick does:
 * - instantiate, run `_start`: top-level `test`/`describe`/hook calls register table indexes;
 * - a `describe` body runs in a fresh instance (with its own store) only to collect what it
 *   registers, so describe-level code never touches the tests' store;
 * - tests then run in the first instance, in order, sharing its store (tests clear it with
 *   `clearStore`, usually in `afterEach`); beforeAll/afterAll wrap their group, outer
 *   beforeEach hooks run before inner ones and outer afterEach hooks after;
 * - a test passes when it returns (or, with `shouldFail`, when it throws).
 */
import { readFileSync } from "node:fs";
import { EntityStore } from "./entity-store.ts";
import { LOG_LEVEL_NAMES, graphTsHostFunctions } from "./graph-ts-host.ts";
import { instantiateMapping } from "./linker.ts";
import type { LinkedMapping } from "./linker.ts";
import { matchstickHostFunctions } from "./matchstick-host.ts";
import type { Registration } from "./matchstick-host.ts";
import type { EntitySchema } from "./schema.ts";
import { loadModule, wasm } from "./wasm-api.ts";
import type { WasmTable } from "./wasm-api.ts";

export interface TestOutcome {
  /** Names of the enclosing describe blocks, outermost first. */
  path: string[];
  name: string;
  passed: boolean;
  shouldFail: boolean;
  durationMs: number;
  /** Why it failed, with the test's log lines. */
  error: string | null;
  logs: string[];
}

export interface FileOutcome {
  file: string;
  tests: TestOutcome[];
  /** Set when the module could not be instantiated or registered nothing runnable. */
  error: string | null;
}

interface TestNode {
  kind: "test";
  name: string;
  shouldFail: boolean;
  funcIdx: number;
  before: number[];
  after: number[];
}

interface GroupNode {
  kind: "group";
  name: string;
  beforeAll: number[];
  afterAll: number[];
  items: (TestNode | GroupNode)[];
}

interface TestInstance {
  linked: LinkedMapping;
  table: WasmTable;
  registrations: Registration[];
  logs: string[];
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function runTestModule(wasmPath: string, schema: EntitySchema, file = wasmPath): FileOutcome {
  const module = loadModule(readFileSync(wasmPath));

  const createInstance = (): TestInstance => {
    const store = new EntityStore(schema);
    const registrations: Registration[] = [];
    const logs: string[] = [];
    const log = (line: string) => logs.push(line);
    const linked = instantiateMapping(
      module,
      [
        (memory) =>
          graphTsHostFunctions({
            memory,
            store,
            onLog: (level, message) => log(`${LOG_LEVEL_NAMES[level] ?? level}: ${message}`),
          }),
        (memory) => matchstickHostFunctions(memory, { store, registrations, log }),
      ],
      { start: true },
    );
    const table = linked.exports.table;
    if (!(table instanceof wasm.Table)) {
      throw new Error("The test module exports no table; compile it with --exportTable");
    }
    return { linked, table, registrations, logs };
  };

  const call = (instance: TestInstance, funcIdx: number): void => {
    const fn = instance.table.get(funcIdx) as (() => void) | null;
    if (!fn) throw new Error(`No function at table index ${funcIdx}`);
    fn();
  };

  const collectDescribe = (funcIdx: number): Registration[] => {
    const scratch = createInstance();
    const before = scratch.registrations.length;
    call(scratch, funcIdx);
    return scratch.registrations.slice(before);
  };

  const buildGroup = (name: string, registrations: Registration[]): GroupNode => {
    const group: GroupNode = { kind: "group", name, beforeAll: [], afterAll: [], items: [] };
    const beforeEach: number[] = [];
    const afterEach: number[] = [];
    for (const registration of registrations) {
      switch (registration.role) {
        case "beforeAll":
          group.beforeAll.push(registration.funcIdx);
          break;
        case "afterAll":
          group.afterAll.push(registration.funcIdx);
          break;
        case "beforeEach":
          beforeEach.push(registration.funcIdx);
          break;
        case "afterEach":
          afterEach.push(registration.funcIdx);
          break;
        case "test":
          group.items.push({
            kind: "test",
            name: registration.name,
            shouldFail: registration.shouldFail,
            funcIdx: registration.funcIdx,
            before: [],
            after: [],
          });
          break;
        case "describe":
          group.items.push(buildGroup(registration.name, collectDescribe(registration.funcIdx)));
          break;
      }
    }
    const applyHooks = (node: GroupNode) => {
      for (const item of node.items) {
        if (item.kind === "group") {
          applyHooks(item);
        } else {
          item.before.unshift(...beforeEach);
          item.after.push(...afterEach);
        }
      }
    };
    applyHooks(group);
    return group;
  };

  let main: TestInstance;
  let root: GroupNode;
  try {
    main = createInstance();
    root = buildGroup("", [...main.registrations]);
  } catch (error) {
    return { file, tests: [], error: `Could not load the test module: ${describeError(error)}` };
  }

  const outcomes: TestOutcome[] = [];

  const runTest = (test: TestNode, path: string[]) => {
    main.logs.length = 0;
    const started = performance.now();
    let error: string | null = null;
    try {
      for (const hook of test.before) call(main, hook);
    } catch (hookError) {
      error = `beforeEach hook failed: ${describeError(hookError)}`;
    }
    let threw: string | null = null;
    if (error === null) {
      try {
        call(main, test.funcIdx);
      } catch (testError) {
        threw = describeError(testError);
      }
      if (test.shouldFail && threw === null) error = "Test passed, but should have failed";
      if (!test.shouldFail && threw !== null) error = threw;
    }
    try {
      for (const hook of test.after) call(main, hook);
    } catch (hookError) {
      error ??= `afterEach hook failed: ${describeError(hookError)}`;
    }
    const logs = [...main.logs];
    outcomes.push({
      path,
      name: test.name,
      passed: error === null,
      shouldFail: test.shouldFail,
      durationMs: performance.now() - started,
      error: error === null ? null : [error, ...logs].join("\n"),
      logs,
    });
  };

  const runGroup = (group: GroupNode, path: string[]) => {
    const groupPath = group.name ? [...path, group.name] : path;
    let hookError: string | null = null;
    try {
      for (const hook of group.beforeAll) call(main, hook);
    } catch (error) {
      hookError = `beforeAll hook failed: ${describeError(error)}`;
    }
    for (const item of group.items) {
      if (item.kind === "group") {
        runGroup(item, groupPath);
      } else if (hookError) {
        outcomes.push({
          path: groupPath,
          name: item.name,
          passed: false,
          shouldFail: item.shouldFail,
          durationMs: 0,
          error: hookError,
          logs: [],
        });
      } else {
        runTest(item, groupPath);
      }
    }
    try {
      for (const hook of group.afterAll) call(main, hook);
    } catch (error) {
      outcomes.push({
        path: groupPath,
        name: "afterAll",
        passed: false,
        shouldFail: false,
        durationMs: 0,
        error: `afterAll hook failed: ${describeError(error)}`,
        logs: [],
      });
    }
  };

  runGroup(root, []);
  return {
    file,
    tests: outcomes,
    error: outcomes.length === 0 ? "The module registered no tests" : null,
  };
}
