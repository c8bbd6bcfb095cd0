// Builds the fixture subgraph (test/indexer/fixtures/registry-subgraph) with graph-cli in a
// temporary directory (cached by content), and lays out subgraph directories that point
// the build at a deployment through networks.json.
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const repoRoot = path.resolve(import.meta.dirname, "../../..");
export const fixtureDir = path.join(repoRoot, "test/indexer/fixtures/registry-subgraph");
const artifactsDir = path.join(repoRoot, "artifacts");
const SOURCES = ["schema.graphql", "subgraph.yaml", "src/registry.as"];

function sourceHash(): string {
  const hash = crypto.createHash("sha256");
  for (const file of SOURCES) hash.update(fs.readFileSync(path.join(fixtureDir, file)));
  hash.update(fs.readFileSync(path.join(artifactsDir, "contracts/registry/VendorRegistry.sol/VendorRegistry.json")));
  hash.update(fs.readFileSync(path.join(repoRoot, "node_modules/@graphprotocol/graph-ts/package.json")));
  return hash.digest("hex").slice(0, 16);
}

/** Runs `graph codegen` and `graph build` unless a build of the same sources exists; returns its build dir. */
export function buildFixtureSubgraph(): string {
  const target = path.join(os.tmpdir(), `mosaic-indexer-fixture-${sourceHash()}`);
  if (fs.existsSync(path.join(target, "build/subgraph.yaml"))) return path.join(target, "build");
  const work = fs.mkdtempSync(`${target}-tmp-`);
  fs.mkdirSync(path.join(work, "src"));
  fs.copyFileSync(path.join(fixtureDir, "schema.graphql"), path.join(work, "schema.graphql"));
  fs.copyFileSync(path.join(fixtureDir, "src/registry.as"), path.join(work, "src/registry.ts"));
  const manifest = fs
    .readFileSync(path.join(fixtureDir, "subgraph.yaml"), "utf8")
    .replaceAll("${ARTIFACTS}", artifactsDir);
  fs.writeFileSync(path.join(work, "subgraph.yaml"), manifest);
  // graph-cli finds graph-ts (and asc finds its libraries) through node_modules.
  fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(work, "node_modules"));
  const graph = path.join(repoRoot, "node_modules/@graphprotocol/graph-cli/bin/run.js");
  const env = {
    ...process.env,
    GRAPH_SKIP_NEW_VERSION_CHECK: "true",
    PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`,
  };
  for (const command of ["codegen", "build"]) {
    try {
      execFileSync(process.execPath, [graph, command], { cwd: work, env, stdio: "pipe" });
    } catch (error) {
      const e = error as { stdout?: Buffer; stderr?: Buffer };
      throw new Error(`graph ${command} of the fixture subgraph failed:\n${e.stdout}\n${e.stderr}`);
    }
  }
  try {
    fs.renameSync(work, target);
  } catch {
    fs.rmSync(work, { recursive: true, force: true }); // another test process built it first
  }
  return path.join(target, "build");
}

/** A subgraph directory (the fixture build + networks.json) for a registry deployed at `address`. */
export function fixtureSubgraphFor(address: string, startBlock = 0): string {
  const build = buildFixtureSubgraph();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "indexer-subgraph-"));
  fs.symlinkSync(build, path.join(dir, "build"));
  fs.writeFileSync(
    path.join(dir, "networks.json"),
    JSON.stringify({ localhost: { VendorRegistry: { address, startBlock } } }),
  );
  return dir;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
