/**
 * EIP-712 shapes of the escrow's signed messages (quotes, settlements) and of EIP-2612 permits,
 * defined once for scripts, tests and benchmarks. They mirror the typehashes in MosaicEscrow.sol.
 */

/** The escrow's EIP-712 domain. */
export function escrowDomain(chainId: bigint | number, escrow: string) {
  return { name: "Mosaic Escrow", version: "1", chainId, verifyingContract: escrow };
}

export const QUOTE_TYPES = {
  Quote: [
    { name: "jobId", type: "uint256" },
    { name: "vendor", type: "address" },
    { name: "price", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "expiresAt", type: "uint64" },
  ],
};

export const SETTLEMENT_TYPES = {
  Settlement: [
    { name: "jobId", type: "uint256" },
    { name: "index", type: "uint256" },
    { name: "vendorBps", type: "uint16" },
    { name: "deadline", type: "uint64" },
  ],
};

export const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};
