/**
 * What every example needs: viem clients for the node and Mosaic's addresses on its chain.
 *
 *   MOSAIC_RPC_URL     the node (default http://127.0.0.1:8545, `npm run chain`)
 *   MOSAIC_ESCROW, MOSAIC_REGISTRY, MOSAIC_TOKEN
 *                      addresses of your own deployment; by default the ones `npm run deploy:local`
 *                      generated for the node's chain (`mosaicAddresses(chainId)`)
 *   MOSAIC_INDEX_URL   the subgraph (default http://127.0.0.1:8000/subgraphs/name/mosaic)
 *
 * The examples send from the node's own unlocked accounts (a local Hardhat node has twenty).
 */
import { createPublicClient, createWalletClient, http, type Address } from "viem";
import { mosaicAddresses, type MosaicContext } from "@mosaic/sdk";

export const rpcUrl = process.env.MOSAIC_RPC_URL ?? "http://127.0.0.1:8545";
export const indexUrl = process.env.MOSAIC_INDEX_URL ?? "http://127.0.0.1:8000/subgraphs/name/mosaic";

export const publicClient = createPublicClient({ transport: http(rpcUrl) });
export const chainId = await publicClient.getChainId();

function addressesOf(): { escrow: Address; registry: Address; token?: Address } {
  const env = process.env;
  if (env.MOSAIC_ESCROW && env.MOSAIC_REGISTRY) {
    return {
      escrow: env.MOSAIC_ESCROW as Address,
      registry: env.MOSAIC_REGISTRY as Address,
      token: env.MOSAIC_TOKEN as Address | undefined,
    };
  }
  const deployed = mosaicAddresses(chainId);
  return { escrow: deployed.escrow, registry: deployed.registry, token: deployed.mockUsd };
}
export const { escrow, registry, token } = addressesOf();

/** The node's unlocked accounts: [operator, treasury, arbiter, client, vendor, ...]. */
export const accounts = (await publicClient.request({ method: "eth_accounts" } as never)) as Address[];

/** A context that sends as `account` (one of the node's accounts). */
export function contextFor(account: Address): MosaicContext {
  const walletClient = createWalletClient({ account, transport: http(rpcUrl) });
  return { publicClient, walletClient, escrow, registry };
}

/** The chain's clock (a local node may run ahead of the wall clock). */
export async function chainTime(): Promise<bigint> {
  return (await publicClient.getBlock()).timestamp;
}
