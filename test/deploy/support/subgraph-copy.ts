/**
 * A copy of subgraph/ in a temp folder, for tests that run `graph build --network`: graph-cli
 * rewrites the manifest's addresses in place, which must never touch the repository's subgraph.yaml.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../../..");
const GRAPH = path.join(ROOT, "node_modules", "@graphprotocol", "graph-cli", "bin", "run.js");

const ARTIFACTS = {
  VendorRegistry: "registry/VendorRegistry.sol/VendorRegistry.json",
  MosaicEscrow: "escrow/MosaicEscrow.sol/MosaicEscrow.json",
  HourBank: "hours/HourBank.sol/HourBank.json",
  ProjectRegistry: "projects/ProjectRegistry.sol/ProjectRegistry.json",
};

/** Compiles the contracts (a no-op when up to date), so the ABIs match the manifest's events. */
export function buildContracts(): void {
  const cli = path.join(ROOT, "node_modules", "hardhat", "dist", "src", "cli.js");
  const result = spawnSync(process.execPath, [cli, "--build-profile", "default", "build", "--no-tests", "--quiet"], {
    cwd: ROOT,
    encoding: "utf8",
  });
  assert.equal(result.status, 0, `hardhat build:\n${result.stdout}\n${result.stderr}`);
}

/** Copies the manifest, schema and mappings into `dir` with ABIs from the compiled artifacts. */
export function copySubgraph(dir: string, networksFile: string): void {
  mkdirSync(dir, { recursive: true });
  for (const entry of ["subgraph.yaml", "schema.graphql", "src"]) {
    cpSync(path.join(ROOT, "subgraph", entry), path.join(dir, entry), { recursive: true });
  }
  mkdirSync(path.join(dir, "abis"));
  for (const [name, artifact] of Object.entries(ARTIFACTS)) {
    const { abi } = JSON.parse(readFileSync(path.join(ROOT, "artifacts", "contracts", artifact), "utf8"));
    writeFileSync(path.join(dir, "abis", `${name}.json`), JSON.stringify(abi));
  }
  cpSync(networksFile, path.join(dir, "networks.json"));
  // graph-ts and the AssemblyScript compiler resolve from the copy as they do from subgraph/.
  symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
}

/**
 * `graph build --network`'s steps short of compiling the mappings (support/network-manifest.ts): the
 * manifest in `dir` takes `network`'s entry of its networks.json and passes graph-cli's validation,
 * or the test fails with graph-cli's error.
 */
export function applyNetwork(dir: string, network: string): void {
  const script = path.join(import.meta.dirname, "network-manifest.ts");
  const result = spawnSync(process.execPath, [script, "subgraph.yaml", network, "networks.json"], {
    cwd: dir,
    encoding: "utf8",
  });
  assert.equal(result.status, 0, `${network}'s manifest:\n${result.stdout}\n${result.stderr}`);
}

/** Runs graph-cli in `dir` and fails the test with its output when it fails. */
export function graph(dir: string, args: string[]): void {
  const result = spawnSync(process.execPath, [GRAPH, ...args, "--skip-migrations"], {
    cwd: dir,
    env: { ...process.env, GRAPH_SKIP_NEW_VERSION_CHECK: "true" },
    encoding: "utf8",
  });
  assert.equal(result.status, 0, `graph ${args.join(" ")}:\n${result.stdout}\n${result.stderr}`);
}
