/**
 * Turns an Ignition deployment into the files the rest of Mosaic reads:
 *   deployments/<network>.json   chain id, addresses and start blocks
 *   subgraph/networks.json       graph-cli's addresses file (only the <network> key is touched)
 *   deployments/contracts.ts     typed ABIs and addresses by chain id, for viem/wagmi and scripts
 *
 * Run alone to regenerate them from the last deployment:
 *   node scripts/deploy/write-outputs.ts [--rpc URL] [--network localhost] [--deployment-id chain-31337]
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
  deploymentFile,
  readDeploymentFile,
  type DeployedContract,
  type MosaicContractName,
  type NetworkDeployment,
} from "../lib/deployments.ts";
import { hasCode, requireNode, resolveRpcUrl, rpc } from "../lib/rpc.ts";

const SUBGRAPH_NETWORKS = path.join(ROOT, "subgraph", "networks.json");
const CONTRACTS_MODULE = path.join(DEPLOYMENTS_DIR, "contracts.ts");

export interface WriteOutputsOptions {
  rpcUrl: string;
  /** Name used for deployments/<network>.json and the key in subgraph/networks.json. */
  network: string;
  /** Ignition deployment id (folder under ignition/deployments/). */
  deploymentId: string;
}

export function ignitionDeploymentDir(deploymentId: string): string {
  return path.join(ROOT, "ignition", "deployments", deploymentId);
}

/** Reads the addresses Ignition recorded for each Mosaic contract. */
export function readIgnitionAddresses(deploymentId: string): Record<MosaicContractName, string> | undefined {
  const file = path.join(ignitionDeploymentDir(deploymentId), "deployed_addresses.json");
  if (!existsSync(file)) return undefined;
  const deployed = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
  const out = {} as Record<MosaicContractName, string>;
  for (const name of MOSAIC_CONTRACT_NAMES) {
    const address = deployed[MOSAIC_CONTRACTS[name].futureId];
    if (!address) return undefined;
    out[name] = getAddress(address);
  }
  return out;
}

/** The hash of the transaction that created each future, from Ignition's journal. */
function readDeploymentTxHashes(deploymentId: string): Map<string, string> {
  const journal = path.join(ignitionDeploymentDir(deploymentId), "journal.jsonl");
  const hashes = new Map<string, string>();
  for (const line of readFileSync(journal, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const entry = JSON.parse(line) as { type: string; futureId?: string; hash?: string };
    if (entry.type === "TRANSACTION_CONFIRM" && entry.futureId && entry.hash) hashes.set(entry.futureId, entry.hash);
  }
  return hashes;
}

/** The ABI Ignition deployed for `name` (its copy of the artifact at deploy time). */
function readDeployedAbi(deploymentId: string, name: MosaicContractName): unknown[] {
  const file = path.join(ignitionDeploymentDir(deploymentId), "artifacts", `${MOSAIC_CONTRACTS[name].futureId}.json`);
  return (JSON.parse(readFileSync(file, "utf8")) as { abi: unknown[] }).abi;
}

/** Formats with the repository's Prettier settings so generated files pass `npm run lint`. */
async function writeFormatted(file: string, source: string, parser: "json" | "typescript"): Promise<void> {
  const options = (await prettier.resolveConfig(file)) ?? {};
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, await prettier.format(source, { ...options, parser }));
}

async function collectDeployment(options: WriteOutputsOptions): Promise<NetworkDeployment> {
  const { rpcUrl, deploymentId } = options;
  const chainId = await requireNode(rpcUrl);
  const addresses = readIgnitionAddresses(deploymentId);
  if (!addresses) {
    throw new Error(
      `No complete Ignition deployment in ${path.relative(ROOT, ignitionDeploymentDir(deploymentId))} — run \`npm run deploy:local\`.`,
    );
  }
  const hashes = readDeploymentTxHashes(deploymentId);
  const contracts = {} as Record<MosaicContractName, DeployedContract>;
  for (const name of MOSAIC_CONTRACT_NAMES) {
    const address = addresses[name];
    const hash = hashes.get(MOSAIC_CONTRACTS[name].futureId);
    const receipt = hash
      ? await rpc<{ blockNumber: string; contractAddress: string | null } | null>(rpcUrl, "eth_getTransactionReceipt", [
          hash,
        ])
      : null;
    if (!receipt || !(await hasCode(rpcUrl, address))) {
      throw new Error(
        `${name} (${address}) is not on the chain at ${rpcUrl}: the node was restarted since this deployment — run \`npm run deploy:local\`.`,
      );
    }
    if (receipt.contractAddress && getAddress(receipt.contractAddress) !== address) {
      throw new Error(`${name}: the deployment receipt created ${receipt.contractAddress}, not ${address}.`);
    }
    contracts[name] = { address, startBlock: Number(receipt.blockNumber) };
  }
  return { chainId, contracts };
}

async function writeSubgraphNetworks(network: string, deployment: NetworkDeployment): Promise<void> {
  // The subgraph owns this file: keep every other network and entry as it is.
  const networks = existsSync(SUBGRAPH_NETWORKS)
    ? (JSON.parse(readFileSync(SUBGRAPH_NETWORKS, "utf8")) as Record<string, Record<string, unknown>>)
    : {};
  const entry: Record<string, unknown> = { ...networks[network] };
  for (const name of MOSAIC_CONTRACT_NAMES) {
    if (!MOSAIC_CONTRACTS[name].indexed) continue;
    const { address, startBlock } = deployment.contracts[name];
    entry[name] = { address, startBlock };
  }
  networks[network] = entry;
  await writeFormatted(SUBGRAPH_NETWORKS, JSON.stringify(networks, null, 2), "json");
}

/** Every deployments/<network>.json, by chain id (the last file wins if two share a chain). */
function readAllDeployments(): Map<number, NetworkDeployment> {
  const byChain = new Map<number, NetworkDeployment>();
  for (const file of readdirSync(DEPLOYMENTS_DIR).sort()) {
    if (!file.endsWith(".json")) continue;
    const deployment = readDeploymentFile(path.join(DEPLOYMENTS_DIR, file));
    if (typeof deployment.chainId === "number" && deployment.contracts) byChain.set(deployment.chainId, deployment);
  }
  return byChain;
}

async function writeContractsModule(deploymentId: string): Promise<void> {
  const deployments = [...readAllDeployments().entries()].sort(([a], [b]) => a - b);
  // Numeric keys, so `addresses[chainId]` type-checks with the number a wallet reports.
  const byChain = (pick: (c: DeployedContract) => string | number) =>
    `{ ${deployments
      .map(([chainId, d]) => {
        const fields = MOSAIC_CONTRACT_NAMES.map((name) => `${name}: ${JSON.stringify(pick(d.contracts[name]))}`);
        return `${chainId}: { ${fields.join(", ")} }`;
      })
      .join(", ")} }`;
  const abis = MOSAIC_CONTRACT_NAMES.map(
    (name) =>
      `/** ABI of ${name === "MockUSD" ? "MockUSD (MockERC20: ERC-20 with EIP-2612 permit and an open mint)" : name}. */\n` +
      `export const ${MOSAIC_CONTRACTS[name].abiExport} = ${JSON.stringify(readDeployedAbi(deploymentId, name))} as const;`,
  );
  const source = `// Generated by scripts/deploy/write-outputs.ts (run by \`npm run deploy:local\`) from the ABIs
// Ignition deployed and deployments/*.json. Do not edit: re-run \`node scripts/deploy/write-outputs.ts\`.

${abis.join("\n\n")}

/** Contract addresses by chain id. */
export const addresses = ${byChain((c) => c.address)} as const;

/** Block of each contract's deployment by chain id: where an indexer starts. */
export const startBlocks = ${byChain((c) => c.startBlock)} as const;

export type MosaicChainId = keyof typeof addresses;
export type MosaicContractName = keyof (typeof addresses)[MosaicChainId];

/** Whether Mosaic is deployed on \`chainId\`. */
export function isMosaicChain(chainId: number): chainId is MosaicChainId {
  return chainId in addresses;
}
`;
  await writeFormatted(CONTRACTS_MODULE, source, "typescript");
}

/** Writes the three outputs for the deployment `deploymentId` and returns what was recorded. */
export async function writeOutputs(options: WriteOutputsOptions): Promise<NetworkDeployment> {
  const deployment = await collectDeployment(options);
  await writeFormatted(deploymentFile(options.network), JSON.stringify(deployment, null, 2), "json");
  await writeSubgraphNetworks(options.network, deployment);
  await writeContractsModule(options.deploymentId);
  return deployment;
}

export function printOutputs(network: string, deployment: NetworkDeployment): void {
  console.log(`\nMosaic on ${network} (chain ${deployment.chainId}):`);
  for (const name of MOSAIC_CONTRACT_NAMES) {
    const { address, startBlock } = deployment.contracts[name];
    console.log(`  ${name.padEnd(15)} ${address}  (block ${startBlock})`);
  }
  const rel = (file: string) => path.relative(ROOT, file);
  console.log(
    `Wrote ${rel(deploymentFile(network))}, ${rel(SUBGRAPH_NETWORKS)} (${network}), ${rel(CONTRACTS_MODULE)}`,
  );
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { rpc: { type: "string" }, network: { type: "string" }, "deployment-id": { type: "string" } },
  });
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
