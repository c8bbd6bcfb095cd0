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
  } | null;
  /** The node's unlocked test accounts; only ever filled on the local chain (31337). */
  testAccounts: `0x${string}`[];
}

export const LOCAL_CHAIN_ID = 31337;
