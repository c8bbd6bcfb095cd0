import { getAddress } from "viem";
import { addresses } from "@mosaic/sdk/contracts";
import { LOCAL_CHAIN_ID, type PublicConfig } from "../lib/public-config.ts";
import { serverConfig } from "./config.ts";
import { walletSettingsFromEnv } from "./wallet-settings.ts";

let testAccounts: { at: number; accounts: `0x${string}`[] } | undefined;

/** The local node's unlocked accounts (Hardhat's well-known test keys), cached for a minute. */
async function localTestAccounts(rpcUrl: string): Promise<`0x${string}`[]> {
  if (testAccounts && Date.now() - testAccounts.at < 60_000) return testAccounts.accounts;
  try {
    const response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_accounts", params: [] }),
      signal: AbortSignal.timeout(2_000),
    });
    const { result } = (await response.json()) as { result?: `0x${string}`[] };
    testAccounts = { at: Date.now(), accounts: (result ?? []).slice(0, 10).map((a) => getAddress(a)) };
    return testAccounts.accounts;
  } catch {
    // Remember the failure too, so a stopped node does not slow every page by the timeout.
    testAccounts = { at: Date.now(), accounts: [] };
    return [];
  }
}

/** Mosaic's addresses on `chainId` from the generated deployments module. */
export function contractsOn(chainId: number): PublicConfig["contracts"] {
  const deployed = (addresses as Record<number, Record<string, string> | undefined>)[chainId];
  if (!deployed?.MosaicEscrow || !deployed.VendorRegistry) return null;
  return {
    escrow: deployed.MosaicEscrow as `0x${string}`,
    registry: deployed.VendorRegistry as `0x${string}`,
    mockUsd: (deployed.MockUSD as `0x${string}` | undefined) ?? null,
    hourBank: (deployed.HourBank as `0x${string}` | undefined) ?? null,
    projectRegistry: (deployed.ProjectRegistry as `0x${string}` | undefined) ?? null,
  };
}

const CHAIN_NAMES: Record<number, string> = {
  1: "Ethereum",
  10: "OP Mainnet",
  8453: "Base",
  42161: "Arbitrum One",
  11155111: "Sepolia",
  84532: "Base Sepolia",
  [LOCAL_CHAIN_ID]: "Hardhat (local)",
};

export async function publicConfig(): Promise<PublicConfig> {
  const config = serverConfig();
  return {
    chainId: config.chainId,
    chainName: process.env.MOSAIC_CHAIN_NAME || CHAIN_NAMES[config.chainId] || `Chain ${config.chainId}`,
    rpcUrl: config.publicRpcUrl,
    contracts: contractsOn(config.chainId),
    testAccounts: config.chainId === LOCAL_CHAIN_ID ? await localTestAccounts(config.rpcUrl) : [],
    wallets: walletSettingsFromEnv(),
  };
}
