/**
 * Turns an Ignition deployment into the files the rest of Mosaic reads:
 *   deployments/<network>.json   chain id, addresses and start blocks
 *   subgraph/networks.json       graph-cli's addresses file (only the <network> key is touched)
 *   sdk/src/generated/contracts.ts  typed ABIs, addresses and start blocks by chain id, and the
 *                                   custom errors' NatSpec notices: what `@mosaic/sdk` exports
 *
 * Run alone to regenerate them from the last deployment:
 *   node scripts/deploy/write-outputs.ts [--rpc URL] [--network localhost] [--deployment-id chain-31337]
 * or only the contracts module, without a node (what `npm run build` does before `next build`):
 *   node scripts/deploy/write-outputs.ts --contracts-module
 *
 * Public networks write theirs from inside Hardhat (scripts/deploy/public.ts), reading the chain
 * through the network's provider, so the RPC URL never leaves the keystore.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { getAddress } from "ethers";
import * as prettier from "prettier";
import {
  DEPLOYMENTS_DIR,
  MOSAIC_CONTRACT_NAMES,
  MOSAIC_CONTRACTS,
  ROOT,
  isOptionalContract,
  readDeploymentFile,
  type DeployedContract,
  type MosaicContractName,
  type NetworkDeployment,
} from "../lib/deployments.ts";
import { requireNode, resolveRpcUrl, rpc } from "../lib/rpc.ts";
import { parseErrorNotices } from "@mosaic/sdk/natspec";

/** The one home of the generated contracts module (gitignored): `@mosaic/sdk` re-exports it. */
export const SDK_CONTRACTS_MODULE = path.join(ROOT, "sdk", "src", "generated", "contracts.ts");

/** Where the outputs go. Tests point them at a temp folder; everything else uses DEFAULT_OUTPUT_PATHS. */
export interface OutputPaths {
  /** Hardhat's `paths.ignition`: Ignition's journals live in its deployments/ folder. */
  ignitionDir: string;
  /** deployments/: <network>.json files. */
  deploymentsDir: string;
  /** graph-cli's networks file. */
  subgraphNetworks: string;
  /**
   * The generated contracts module. Default: the SDK's (sdk/src/generated/contracts.ts) when
   * deploymentsDir is the repository's, else contracts.ts next to the <network>.json files.
   */
  contractsModule?: string;
}

export function contractsModuleFile(paths: OutputPaths): string {
  if (paths.contractsModule) return paths.contractsModule;
  return path.resolve(paths.deploymentsDir) === path.resolve(DEPLOYMENTS_DIR)
    ? SDK_CONTRACTS_MODULE
    : path.join(paths.deploymentsDir, "contracts.ts");
}

export const DEFAULT_OUTPUT_PATHS: OutputPaths = {
  ignitionDir: path.join(ROOT, "ignition"),
  deploymentsDir: DEPLOYMENTS_DIR,
  subgraphNetworks: path.join(ROOT, "subgraph", "networks.json"),
};

/** A JSON-RPC request to the deployed chain: over HTTP, or through a Hardhat network's provider. */
export type RpcRequest = <T>(method: string, params: unknown[]) => Promise<T>;

export interface WriteOutputsOptions {
  /** The node, by URL or as a request function (one of the two). */
  rpcUrl?: string;
  request?: RpcRequest;
  /** Name used for deployments/<network>.json and the key in subgraph/networks.json. */
  network: string;
  /** Ignition deployment id (folder under ignition/deployments/). */
  deploymentId: string;
  paths?: OutputPaths;
}

export function ignitionDeploymentDir(deploymentId: string, paths: OutputPaths = DEFAULT_OUTPUT_PATHS): string {
  return path.join(paths.ignitionDir, "deployments", deploymentId);
}

/**
 * Reads the addresses Ignition recorded for each Mosaic contract; undefined while a required one
 * is missing (an interrupted deployment). Optional contracts (MockUSD) are left out when absent.
 */
export function readIgnitionAddresses(
  deploymentId: string,
  paths: OutputPaths = DEFAULT_OUTPUT_PATHS,
): Partial<Record<MosaicContractName, string>> | undefined {
  const file = path.join(ignitionDeploymentDir(deploymentId, paths), "deployed_addresses.json");
  if (!existsSync(file)) return undefined;
  const deployed = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
  const out: Partial<Record<MosaicContractName, string>> = {};
  for (const name of MOSAIC_CONTRACT_NAMES) {
    const address = deployed[MOSAIC_CONTRACTS[name].futureId];
    if (address) out[name] = getAddress(address);
    else if (!isOptionalContract(name)) return undefined;
  }
  return out;
}

/** The hash of the transaction that created each future, from Ignition's journal. */
function readDeploymentTxHashes(deploymentId: string, paths: OutputPaths): Map<string, string> {
  const journal = path.join(ignitionDeploymentDir(deploymentId, paths), "journal.jsonl");
  const hashes = new Map<string, string>();
  for (const line of readFileSync(journal, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const entry = JSON.parse(line) as { type: string; futureId?: string; hash?: string };
    if (entry.type === "TRANSACTION_CONFIRM" && entry.futureId && entry.hash) hashes.set(entry.futureId, entry.hash);
  }
  return hashes;
}

/**
 * The ABI Ignition deployed for `name` (its copy of the artifact at deploy time); undefined unless
 * the deployment recorded the contract's address (a deployment that failed on it deployed nothing).
 */
function readDeployedAbi(deploymentId: string, name: MosaicContractName, paths: OutputPaths): unknown[] | undefined {
  const dir = ignitionDeploymentDir(deploymentId, paths);
  const addressesFile = path.join(dir, "deployed_addresses.json");
  if (!existsSync(addressesFile)) return undefined;
  const deployed = JSON.parse(readFileSync(addressesFile, "utf8")) as Record<string, string>;
  if (!deployed[MOSAIC_CONTRACTS[name].futureId]) return undefined;
  const file = path.join(dir, "artifacts", `${MOSAIC_CONTRACTS[name].futureId}.json`);
  if (!existsSync(file)) return undefined;
  return (JSON.parse(readFileSync(file, "utf8")) as { abi: unknown[] }).abi;
}

/** Formats with the repository's Prettier settings so generated files pass `npm run lint`. */
async function writeFormatted(file: string, source: string, parser: "json" | "typescript"): Promise<void> {
  const options = (await prettier.resolveConfig(file)) ?? {};
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, await prettier.format(source, { ...options, parser }));
}

async function collectDeployment(options: WriteOutputsOptions, paths: OutputPaths): Promise<NetworkDeployment> {
  const { deploymentId, rpcUrl } = options;
  const request: RpcRequest =
    options.request ?? (<T>(method: string, params: unknown[]) => rpc<T>(rpcUrl!, method, params));
  const where = rpcUrl ?? options.network;
  const chainId = Number(await request<string>("eth_chainId", []));
  const addresses = readIgnitionAddresses(deploymentId, paths);
  if (!addresses) {
    throw new Error(
      `No complete Ignition deployment in ${path.relative(ROOT, ignitionDeploymentDir(deploymentId, paths))} — run \`npm run deploy -- --network ${options.network}\`.`,
    );
  }
  const hashes = readDeploymentTxHashes(deploymentId, paths);
  const contracts = {} as Record<MosaicContractName, DeployedContract>;
  for (const name of MOSAIC_CONTRACT_NAMES) {
    const address = addresses[name];
    if (!address) continue; // an optional contract this deployment does not have
    const hash = hashes.get(MOSAIC_CONTRACTS[name].futureId);
    const receipt = hash
      ? await request<{ blockNumber: string; contractAddress: string | null } | null>("eth_getTransactionReceipt", [
          hash,
        ])
      : null;
    const code = await request<string>("eth_getCode", [address, "latest"]);
    if (!receipt || code === "0x" || code === "0x0") {
      throw new Error(
        `${name} (${address}) is not on the chain at ${where}: the node was restarted since this deployment — deploy again.`,
      );
    }
    if (receipt.contractAddress && getAddress(receipt.contractAddress) !== address) {
      throw new Error(`${name}: the deployment receipt created ${receipt.contractAddress}, not ${address}.`);
    }
    contracts[name] = { address, startBlock: Number(receipt.blockNumber) };
  }
  return { chainId, contracts };
}

async function writeSubgraphNetworks(network: string, deployment: NetworkDeployment, file: string): Promise<void> {
  // The subgraph owns this file: keep every other network and entry as it is.
  const networks = existsSync(file)
    ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, Record<string, unknown>>)
    : {};
  const entry: Record<string, unknown> = { ...networks[network] };
  for (const name of MOSAIC_CONTRACT_NAMES) {
    if (!MOSAIC_CONTRACTS[name].indexed) continue;
    if (!deployment.contracts[name]) continue;
    const { address, startBlock } = deployment.contracts[name];
    entry[name] = { address, startBlock };
  }
  networks[network] = entry;
  await writeFormatted(file, JSON.stringify(networks, null, 2), "json");
}

/** Every deployments/<network>.json, by chain id (the last file wins if two share a chain). */
function readAllDeployments(dir: string): Map<number, NetworkDeployment> {
  const byChain = new Map<number, NetworkDeployment>();
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith(".json")) continue;
    const deployment = readDeploymentFile(path.join(dir, file));
    if (typeof deployment.chainId === "number" && deployment.contracts) byChain.set(deployment.chainId, deployment);
  }
  return byChain;
}

/** The compiled artifact's ABI, for a contract this deployment does not have (MockUSD on public networks). */
function readBuiltAbi(name: MosaicContractName): unknown[] | undefined {
  const fileName = `${MOSAIC_CONTRACTS[name].contract}.json`;
  const search = (dir: string): string | undefined => {
    if (!existsSync(dir)) return undefined;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        const found = search(full);
        if (found) return found;
      } else if (entry.name === fileName) return full;
    }
    return undefined;
  };
  const file = search(path.join(ROOT, "artifacts", "contracts"));
  return file ? (JSON.parse(readFileSync(file, "utf8")) as { abi: unknown[] }).abi : undefined;
}

/**
 * Every contract's ABI: as this deployment deployed it, else as another chain's deployment did,
 * else as compiled. So the module exports the same names whichever networks are deployed.
 */
function collectAbis(deploymentIds: string[], paths: OutputPaths): Map<MosaicContractName, unknown[]> {
  const abis = new Map<MosaicContractName, unknown[]>();
  for (const name of MOSAIC_CONTRACT_NAMES) {
    let abi: unknown[] | undefined;
    for (const id of deploymentIds) {
      abi = readDeployedAbi(id, name, paths) ?? readDeployedAbi(id, name, DEFAULT_OUTPUT_PATHS);
      if (abi) break;
    }
    abi ??= readBuiltAbi(name);
    if (abi) abis.set(name, abi);
  }
  return abis;
}

/** `{ ErrorName: "notice" }` from the `@notice` NatSpec of every contract interface's custom errors. */
function readErrorNotices(): Record<string, string> {
  const dir = path.join(ROOT, "contracts", "interfaces");
  const notices: Record<string, string> = {};
  if (!existsSync(dir)) return notices;
  for (const file of readdirSync(dir).sort()) {
    if (file.endsWith(".sol")) Object.assign(notices, parseErrorNotices(readFileSync(path.join(dir, file), "utf8")));
  }
  return notices;
}

async function writeContractsModule(deploymentId: string, paths: OutputPaths): Promise<void> {
  const deployments = (
    existsSync(paths.deploymentsDir) ? [...readAllDeployments(paths.deploymentsDir).entries()] : []
  ).sort(([a], [b]) => a - b);
  // Numeric keys, so `addresses[chainId]` type-checks with the number a wallet reports.
  const byChain = (pick: (c: DeployedContract) => string | number) =>
    `{ ${deployments
      .map(([chainId, d]) => {
        const fields = MOSAIC_CONTRACT_NAMES.filter((name) => d.contracts[name]).map(
          (name) => `${name}: ${JSON.stringify(pick(d.contracts[name]))}`,
        );
        return `${chainId}: { ${fields.join(", ")} }`;
      })
      .join(", ")} }`;
  const abiSources = collectAbis([deploymentId, ...deployments.map(([chainId]) => `chain-${chainId}`)], paths);
  const abis = MOSAIC_CONTRACT_NAMES.filter((name) => abiSources.has(name)).map(
    (name) =>
      `/** ABI of ${name === "MockUSD" ? "MockUSD (MockERC20: ERC-20 with EIP-2612 permit and an open mint; local networks only)" : name}. */\n` +
      `export const ${MOSAIC_CONTRACTS[name].abiExport} = ${JSON.stringify(abiSources.get(name))} as const;`,
  );
  const source = `// Generated by scripts/deploy/write-outputs.ts (run by \`npm run deploy\`) from the ABIs
// Ignition deployed (else the compiled artifacts), deployments/*.json and the NatSpec of
// contracts/interfaces/*.sol. Do not edit: re-run \`npm run deploy:outputs\`.

${abis.join("\n\n")}

/** Contract addresses by chain id. */
export const addresses = ${byChain((c) => c.address)} as const;

/** Block of each contract's deployment by chain id: where an indexer starts. */
export const startBlocks = ${byChain((c) => c.startBlock)} as const;

export type MosaicChainId = keyof typeof addresses;
/** Every contract name; MockUSD exists on local chains only, so test \`name in addresses[chainId]\`. */
export type MosaicContractName = ${JSON.stringify(MOSAIC_CONTRACT_NAMES.filter((n) => abiSources.has(n)))
    .replaceAll(",", " | ")
    .slice(1, -1)};

/** Whether Mosaic is deployed on \`chainId\`. */
export function isMosaicChain(chainId: number): chainId is MosaicChainId {
  return chainId in addresses;
}

/** Each custom error's \`@notice\` (contracts/interfaces/*.sol): what a revert means, in the authors' words. */
export const errorNotices: Readonly<Record<string, string>> = ${JSON.stringify(readErrorNotices())};
`;
  await writeFormatted(contractsModuleFile(paths), source, "typescript");
}

/**
 * Writes the contracts module alone, from the deployments recorded in deployments/*.json and the
 * compiled artifacts, without a node: so the web app builds on a fresh clone, before any deployment
 * (its addresses table is then empty and the app says Mosaic is not deployed on the chain).
 */
export async function writeContractsModuleOnly(paths: OutputPaths = DEFAULT_OUTPUT_PATHS): Promise<void> {
  mkdirSync(paths.deploymentsDir, { recursive: true });
  const recorded = [...readAllDeployments(paths.deploymentsDir).keys()].sort((a, b) => a - b);
  const missing = MOSAIC_CONTRACT_NAMES.filter((name) => !isOptionalContract(name) && !readBuiltAbi(name));
  if (recorded.length === 0 && missing.length > 0) {
    throw new Error(`No compiled ABI for ${missing.join(", ")}: run \`npm run build:contracts\` first.`);
  }
  await writeContractsModule(recorded.length ? `chain-${recorded[recorded.length - 1]}` : "none", paths);
}

/** Writes the three outputs for the deployment `deploymentId` and returns what was recorded. */
export async function writeOutputs(options: WriteOutputsOptions): Promise<NetworkDeployment> {
  const paths = options.paths ?? DEFAULT_OUTPUT_PATHS;
  const deployment = await collectDeployment(options, paths);
  await writeFormatted(
    path.join(paths.deploymentsDir, `${options.network}.json`),
    JSON.stringify(deployment, null, 2),
    "json",
  );
  await writeSubgraphNetworks(options.network, deployment, paths.subgraphNetworks);
  await writeContractsModule(options.deploymentId, paths);
  return deployment;
}

export function printOutputs(
  network: string,
  deployment: NetworkDeployment,
  paths: OutputPaths = DEFAULT_OUTPUT_PATHS,
): void {
  console.log(`\nMosaic on ${network} (chain ${deployment.chainId}):`);
  for (const name of MOSAIC_CONTRACT_NAMES) {
    if (!deployment.contracts[name]) continue;
    const { address, startBlock } = deployment.contracts[name];
    console.log(`  ${name.padEnd(15)} ${address}  (block ${startBlock})`);
  }
  const rel = (file: string) => path.relative(ROOT, file);
  console.log(
    `Wrote ${rel(path.join(paths.deploymentsDir, `${network}.json`))}, ${rel(paths.subgraphNetworks)} (${network}), ` +
      rel(contractsModuleFile(paths)),
  );
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      rpc: { type: "string" },
      network: { type: "string" },
      "deployment-id": { type: "string" },
      "contracts-module": { type: "boolean" },
    },
  });
  if (values["contracts-module"]) {
    try {
      await writeContractsModuleOnly();
      console.log(`Wrote ${path.relative(ROOT, SDK_CONTRACTS_MODULE)} from deployments/*.json and the compiled ABIs.`);
      process.exit(0);
    } catch (error) {
      console.error((error as Error).message);
      process.exit(1);
    }
  }
  const rpcUrl = resolveRpcUrl(values.rpc);
  const network = values.network ?? "localhost";
  const chainId = await requireNode(rpcUrl);
  const deploymentId = values["deployment-id"] ?? `chain-${chainId}`;
  try {
    printOutputs(network, await writeOutputs({ rpcUrl, network, deploymentId }));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
