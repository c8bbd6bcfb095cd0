import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_RPC_URL, hasCode } from "./rpc.ts";

/** The repository root (scripts/lib/ is two levels down). */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const DEPLOYMENTS_DIR = path.join(ROOT, "deployments");

/**
 * What Mosaic deploys, keyed by the name used in deployments/*.json and the SDK's generated contracts module.
 * `futureId` is the Ignition future in ignition/modules/Mosaic.ts; `indexed` marks the contracts
 * the subgraph listens to.
 */
export const MOSAIC_CONTRACTS = {
  VendorRegistry: {
    futureId: "MosaicCore#VendorRegistry",
    contract: "VendorRegistry",
    abiExport: "vendorRegistryAbi",
    indexed: true,
  },
  MosaicEscrow: {
    futureId: "MosaicCore#MosaicEscrow",
    contract: "MosaicEscrow",
    abiExport: "mosaicEscrowAbi",
    indexed: true,
  },
  // Deployed beside the escrow since hour banks came; absent from deployments made before them.
  HourBank: {
    futureId: "MosaicCore#HourBank",
    contract: "HourBank",
    abiExport: "hourBankAbi",
    indexed: true,
    optional: true,
  },
  // Deployed beside the escrow since projects came; absent from deployments made before them.
  ProjectRegistry: {
    futureId: "MosaicCore#ProjectRegistry",
    contract: "ProjectRegistry",
    abiExport: "projectRegistryAbi",
    indexed: true,
    optional: true,
  },
  // Local networks only (ignition/modules/Mosaic.ts): absent from public deployments.
  MockUSD: {
    futureId: "Mosaic#MockUSD",
    contract: "MockERC20",
    abiExport: "mockUsdAbi",
    indexed: false,
    optional: true,
  },
} as const;

/** Whether a deployment may lack `name` (MockUSD exists on local networks only; HourBank and ProjectRegistry are newer). */
export function isOptionalContract(name: MosaicContractName): boolean {
  const entry = MOSAIC_CONTRACTS[name];
  return "optional" in entry && entry.optional === true;
}

export type MosaicContractName = keyof typeof MOSAIC_CONTRACTS;
export const MOSAIC_CONTRACT_NAMES = Object.keys(MOSAIC_CONTRACTS) as MosaicContractName[];

export interface DeployedContract {
  address: string;
  /** Block of the deployment transaction: where an indexer starts. */
  startBlock: number;
}

/** The shape of deployments/<network>.json. */
export interface NetworkDeployment {
  chainId: number;
  /** Every contract of MOSAIC_CONTRACTS; the optional ones may be missing (see isOptionalContract). */
  contracts: Record<MosaicContractName, DeployedContract>;
}

export function deploymentFile(network: string): string {
  return path.join(DEPLOYMENTS_DIR, `${network}.json`);
}

export function readDeploymentFile(file: string): NetworkDeployment {
  return JSON.parse(readFileSync(file, "utf8")) as NetworkDeployment;
}

/**
 * Reads deployments/<network>.json and checks it matches the node at `rpcUrl`: same chain, code at
 * every address. Exits with what to do next when it does not (the usual cause: the node restarted).
 */
export async function requireDeployment(network: string, rpcUrl: string, chainId: number): Promise<NetworkDeployment> {
  const file = deploymentFile(network);
  const rpcFlag = rpcUrl === DEFAULT_RPC_URL ? "" : ` -- --rpc ${rpcUrl}`;
  const redeploy =
    network === "localhost" ? `run \`npm run deploy:local${rpcFlag}\` first` : `deploy to ${network} first`;
  if (!existsSync(file)) {
    console.error(`No deployment found at ${path.relative(ROOT, file)} — ${redeploy}.`);
    process.exit(1);
  }
  const deployment = readDeploymentFile(file);
  if (deployment.chainId !== chainId) {
    console.error(
      `${path.relative(ROOT, file)} is for chain ${deployment.chainId} but the node at ${rpcUrl} is chain ${chainId} — ${redeploy}.`,
    );
    process.exit(1);
  }
  for (const name of MOSAIC_CONTRACT_NAMES) {
    const entry = deployment.contracts[name];
    if (!entry && isOptionalContract(name)) continue;
    if (!entry || !(await hasCode(rpcUrl, entry.address))) {
      console.error(
        `${name} has no code at ${entry?.address ?? "(missing)"} on ${rpcUrl}: this node was restarted (or is not the one deployed to) — ${redeploy}.`,
      );
      process.exit(1);
    }
  }
  return deployment;
}
