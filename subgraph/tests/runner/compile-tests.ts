/**
 * Compiles matchstick-as test files the way matchstick does: each `tests/*.test.ts` is the entry
 * of its own module, with graph-ts's global.ts, by graph-cli's AssemblyScript (0.19), with
 * `--explicitStart --exportRuntime --runtime stub --exportTable --debug`.
 *
 * A module is recompiled only when a source it may import (subgraph/src, subgraph/generated,
 * subgraph/tests outside the runner) or the toolchain changed.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const RUNNER_DIR = path.dirname(fileURLToPath(import.meta.url));
export const TESTS_DIR = path.resolve(RUNNER_DIR, "..");
export const SUBGRAPH_DIR = path.resolve(TESTS_DIR, "..");
const ROOT = path.resolve(SUBGRAPH_DIR, "..");
const NODE_MODULES = path.join(ROOT, "node_modules");
export const BIN_DIR = path.join(TESTS_DIR, ".bin");

export const ASC_FLAGS = [
  "--explicitStart",
  "--exportRuntime",
  "--runtime",
  "stub",
  "--exportTable",
  "--debug",
] as const;

export interface CompiledTest {
  name: string;
  source: string;
  wasm: string;
  /** Whether this call compiled it (false: up to date). */
  compiled: boolean;
}

export class CompileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CompileError";
  }
}

function listFiles(dir: string, filter: (file: string) => boolean, skip: Set<string>): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (skip.has(full)) continue;
    if (entry.isDirectory()) out.push(...listFiles(full, filter, skip));
    else if (filter(full)) out.push(full);
  }
  return out.sort();
}

export function testSources(dir = TESTS_DIR): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith(".test.ts"))
    .sort()
    .map((file) => path.join(dir, file));
}

function packageVersion(name: string): string {
  const manifest = path.join(NODE_MODULES, name, "package.json");
  return existsSync(manifest) ? (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version : "missing";
}

/** A digest of everything the test modules are built from. */
export function sourcesDigest(): string {
  const hash = createHash("sha256");
  hash.update(ASC_FLAGS.join(" "));
  for (const name of ["assemblyscript", "@graphprotocol/graph-ts", "matchstick-as"]) {
    hash.update(`${name}@${packageVersion(name)}\n`);
  }
  const skip = new Set([RUNNER_DIR, BIN_DIR]);
  const isTs = (file: string) => file.endsWith(".ts");
  const files = [
    ...listFiles(path.join(SUBGRAPH_DIR, "src"), isTs, skip),
    ...listFiles(path.join(SUBGRAPH_DIR, "generated"), isTs, skip),
    ...listFiles(TESTS_DIR, isTs, skip),
  ];
  for (const file of files) {
    hash.update(path.relative(SUBGRAPH_DIR, file) + "\n");
    hash.update(readFileSync(file));
  }
  return hash.digest("hex");
}

/** Compiles one AssemblyScript entry file as matchstick compiles a test file. */
export function compileModule(source: string, wasm: string): Promise<void> {
  const args = [
    path.join(NODE_MODULES, "assemblyscript", "bin", "asc"),
    source,
    path.join(NODE_MODULES, "@graphprotocol", "graph-ts", "global", "global.ts"),
    "--lib",
    NODE_MODULES,
    ...ASC_FLAGS,
    "--outFile",
    wasm,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve();
      else reject(new CompileError(`asc failed on ${path.relative(ROOT, source)}:\n${output.trim()}`));
    });
  });
}

/**
 * Compiles every test file (or `only` those) into tests/.bin/<name>.wasm, skipping modules
 * whose sources did not change.
 */
export async function compileTests(options: { only?: string[]; force?: boolean } = {}): Promise<CompiledTest[]> {
  if (!existsSync(path.join(SUBGRAPH_DIR, "generated", "schema.ts"))) {
    throw new CompileError("subgraph/generated is missing: run node subgraph/scripts/build.ts first");
  }
  mkdirSync(BIN_DIR, { recursive: true });
  const digest = sourcesDigest();
  let sources = testSources();
  if (options.only && options.only.length > 0) {
    const wanted = new Set(options.only.map((name) => name.replace(/\.test\.ts$/, "").replace(/^.*\//, "")));
    sources = sources.filter((source) => wanted.has(path.basename(source, ".test.ts")));
  }
  const jobs = sources.map((source) => {
    const name = path.basename(source, ".test.ts");
    const wasm = path.join(BIN_DIR, `${name}.wasm`);
    const stamp = path.join(BIN_DIR, `${name}.digest`);
    const upToDate =
      !options.force &&
      existsSync(wasm) &&
      existsSync(stamp) &&
      readFileSync(stamp, "utf8") === digest &&
      statSync(wasm).size > 0;
    return { name, source, wasm, stamp, upToDate };
  });

  const pending = jobs.filter((job) => !job.upToDate);
  const workers = Math.max(1, Math.min(availableParallelism(), pending.length));
  const errors: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < pending.length) {
        const job = pending[next++];
        try {
          await compileModule(job.source, job.wasm);
          writeFileSync(job.stamp, digest);
        } catch (error) {
          errors.push((error as Error).message);
        }
      }
    }),
  );
  if (errors.length > 0) throw new CompileError(errors.join("\n\n"));
  return jobs.map((job) => ({ name: job.name, source: job.source, wasm: job.wasm, compiled: !job.upToDate }));
}
