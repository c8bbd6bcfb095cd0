/**
 * Builds what is stale (graph codegen + build, then the test modules) and runs every matchstick
 * test file. Shared by the CLI (`cli.ts`) and the node:test wrapper in test/subgraph/.
 */
import { mkdirSync, rmSync, statSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { buildIsStale, buildSubgraph } from "../../scripts/build.ts";
import { SUBGRAPH_DIR, compileTests } from "./compile-tests.ts";
import type { CompiledTest } from "./compile-tests.ts";
import { loadSchema } from "./schema.ts";
import { runTestModule } from "./test-runner.ts";
import type { FileOutcome } from "./test-runner.ts";

const ROOT = path.resolve(SUBGRAPH_DIR, "..");

/**
 * Serializes builds across processes (node --test runs files in parallel) with a lock directory
 * in the temp dir; a lock older than ten minutes is taken as abandoned.
 */
export async function withBuildLock<T>(fn: () => Promise<T>): Promise<T> {
  const key = createHash("sha256").update(ROOT).digest("hex").slice(0, 16);
  const lock = path.join(tmpdir(), `mosaic-subgraph-build-${key}.lock`);
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      try {
        if (Date.now() - statSync(lock).mtimeMs > 10 * 60_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        // Released meanwhile.
      }
      await sleep(200);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export async function ensureSubgraphBuilt(options: { verbose?: boolean } = {}): Promise<boolean> {
  return withBuildLock(async () => {
    if (!buildIsStale()) return false;
    buildSubgraph({ verbose: options.verbose ?? false });
    return true;
  });
}

export interface SuiteResult {
  files: FileOutcome[];
  compiled: CompiledTest[];
  rebuilt: boolean;
  passed: number;
  failed: number;
}

export async function runSuite(
  options: { only?: string[]; force?: boolean; verbose?: boolean } = {},
): Promise<SuiteResult> {
  const rebuilt = await ensureSubgraphBuilt({ verbose: options.verbose });
  const compiled = await withBuildLock(() => compileTests({ only: options.only, force: options.force }));
  const schema = loadSchema(path.join(SUBGRAPH_DIR, "schema.graphql"));
  const files = compiled.map((test) => runTestModule(test.wasm, schema, path.relative(ROOT, test.source)));
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    if (file.error) failed += 1;
    for (const test of file.tests) {
      if (test.passed) passed += 1;
      else failed += 1;
    }
  }
  return { files, compiled, rebuilt, passed, failed };
}
