/**
 * Builds the subgraph offline: ABIs from the Hardhat artifacts, then `graph codegen` and
 * `graph build`.
 *
 *   node subgraph/scripts/build.ts [--network localhost] [--codegen-only]
 *
 * `graph build --network` rewrites subgraph.yaml's addresses and start blocks from
 * subgraph/networks.json (graph-cli's own networks workflow).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

export const SUBGRAPH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ROOT = path.resolve(SUBGRAPH_DIR, "..");
const GRAPH_CLI = path.join(ROOT, "node_modules", "@graphprotocol", "graph-cli", "bin", "run.js");

/** The contracts the manifest indexes, with where Hardhat writes their artifacts. */
const CONTRACTS = [
  { name: "VendorRegistry", artifact: "artifacts/contracts/registry/VendorRegistry.sol/VendorRegistry.json" },
  { name: "MosaicEscrow", artifact: "artifacts/contracts/escrow/MosaicEscrow.sol/MosaicEscrow.json" },
  { name: "HourBank", artifact: "artifacts/contracts/hours/HourBank.sol/HourBank.json" },
  { name: "ProjectRegistry", artifact: "artifacts/contracts/projects/ProjectRegistry.sol/ProjectRegistry.json" },
] as const;

export interface BuildOptions {
  network?: string;
  codegenOnly?: boolean;
  /** Print graph-cli's output (default true). */
  verbose?: boolean;
}

/** Where a successful build records the digest of what it was built from. */
export const BUILD_STAMP = path.join(SUBGRAPH_DIR, "build", ".built");

function abiOf(contract: (typeof CONTRACTS)[number]): unknown[] {
  const artifactPath = path.join(ROOT, contract.artifact);
  if (!existsSync(artifactPath)) {
    throw new Error(`${contract.artifact} is missing. Compile the contracts first: npx hardhat build`);
  }
  return (JSON.parse(readFileSync(artifactPath, "utf8")) as { abi: unknown[] }).abi;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? sourceFiles(path.join(dir, entry.name)) : [path.join(dir, entry.name)]))
    .sort();
}

/**
 * A digest of everything the build depends on: the ABIs (not the artifacts' timestamps), the
 * manifest, networks, schema, mappings and this script.
 */
export function buildInputsDigest(): string {
  const hash = createHash("sha256");
  for (const contract of CONTRACTS) hash.update(JSON.stringify(abiOf(contract)));
  const files = [
    "subgraph.yaml",
    "networks.json",
    "schema.graphql",
    "scripts/build.ts",
    ...sourceFiles(path.join(SUBGRAPH_DIR, "src")).map((file) => path.relative(SUBGRAPH_DIR, file)),
  ];
  for (const file of files) {
    const full = path.join(SUBGRAPH_DIR, file);
    hash.update(file + "\n");
    if (existsSync(full)) hash.update(readFileSync(full));
  }
  return hash.digest("hex");
}

/** Whether `buildSubgraph` would change anything: no stamp, or inputs changed since. */
export function buildIsStale(): boolean {
  const outputs = [
    "generated/schema.ts",
    "build/MosaicEscrow/MosaicEscrow.wasm",
    "build/VendorRegistry/VendorRegistry.wasm",
    "build/HourBank/HourBank.wasm",
    "build/ProjectRegistry/ProjectRegistry.wasm",
  ];
  if (outputs.some((file) => !existsSync(path.join(SUBGRAPH_DIR, file)))) return true;
  if (!existsSync(BUILD_STAMP)) return true;
  return readFileSync(BUILD_STAMP, "utf8").trim() !== buildInputsDigest();
}

export function copyAbis(): void {
  const abiDir = path.join(SUBGRAPH_DIR, "abis");
  mkdirSync(abiDir, { recursive: true });
  for (const contract of CONTRACTS) {
    const abi = abiOf(contract);
    const target = path.join(abiDir, `${contract.name}.json`);
    const text = JSON.stringify(abi, null, 2) + "\n";
    // Leave an unchanged file alone so its timestamp keeps build caches valid.
    if (!existsSync(target) || readFileSync(target, "utf8") !== text) writeFileSync(target, text);
  }
}

function graph(args: string[], verbose: boolean): void {
  const result = spawnSync(process.execPath, [GRAPH_CLI, ...args], {
    cwd: SUBGRAPH_DIR,
    env: { ...process.env, GRAPH_SKIP_NEW_VERSION_CHECK: "true" },
    encoding: "utf8",
    stdio: verbose ? "inherit" : "pipe",
  });
  if (result.status !== 0) {
    const output = verbose ? "" : `\n${result.stdout ?? ""}${result.stderr ?? ""}`;
    throw new Error(`graph ${args[0]} failed (exit ${result.status ?? result.signal})${output}`);
  }
}

export function buildSubgraph(options: BuildOptions = {}): void {
  const network = options.network ?? "localhost";
  const verbose = options.verbose ?? true;
  copyAbis();
  graph(["codegen", "subgraph.yaml", "--output-dir", "generated", "--skip-migrations"], verbose);
  if (options.codegenOnly) return;
  graph(
    [
      "build",
      "subgraph.yaml",
      "--network",
      network,
      "--network-file",
      "networks.json",
      "--output-dir",
      "build",
      "--skip-migrations",
    ],
    verbose,
  );
  // Taken after `graph build`, which rewrites subgraph.yaml from networks.json.
  writeFileSync(BUILD_STAMP, buildInputsDigest() + "\n");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      network: { type: "string", default: "localhost" },
      "codegen-only": { type: "boolean", default: false },
    },
  });
  try {
    buildSubgraph({ network: values.network, codegenOnly: values["codegen-only"] });
    console.log(
      values["codegen-only"]
        ? "Subgraph types generated in subgraph/generated/"
        : `Subgraph built for network "${values.network}" in subgraph/build/`,
    );
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
