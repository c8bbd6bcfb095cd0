/**
 * What the server hands to client components (from the root layout): everything the browser needs
 * to reach the chain, read from the environment at request time rather than inlined at build time.
 */
export interface PublicConfig {
  chainId: number;
  chainName: string;
  /** JSON-RPC endpoint browsers read the chain from. */
  rpcUrl: string;
  /** Mosaic's contracts on `chainId`, or null when it is not deployed there. */
  contracts: {
    escrow: `0x${string}`;
    registry: `0x${string}`;
    /** The demo ERC-20 (permit-capable), local deployments only. */
    mockUsd: `0x${string}` | null;
    /** The hour bank beside the escrow, or null where it is not deployed. */
    hourBank: `0x${string}` | null;
    /** The project registry (projects of jobs with a review layer), or null where it is not deployed. */
    projectRegistry: `0x${string}` | null;
  } | null;
  /** The node's unlocked test accounts; only ever filled on the local chain (31337). */
  testAccounts: `0x${string}`[];
  /** Wallets offered besides EIP-6963 and the injected one, each off unless the server's settings turn it on. */
  wallets: WalletOptions;
}

export interface WalletOptions {
  /** WalletConnect (MOSAIC_WALLETCONNECT_PROJECT_ID), or null when off. */
  walletConnectProjectId: string | null;
  /** Coinbase Wallet (MOSAIC_COINBASE_WALLET=on). */
  coinbaseWallet: boolean;
  /** Safe{Wallet} origins allowed to run the app as a Safe app (MOSAIC_SAFE_APP_ORIGINS); none by default. */
  safeAppOrigins: string[];
}

export const LOCAL_CHAIN_ID = 31337;
