/**
 * EIP-712 messages of Mosaic: the escrow's quotes and dispute settlements, and EIP-2612 permits of
 * the tokens it takes. One definition for the dApp, scripts, tests and benchmarks; it mirrors the
 * typehashes in MosaicEscrow.sol (the SDK tests check it against the contract's own hashes).
 *
 * The type tables are plain mutable tuples (not `readonly`), so they work with viem (which infers
 * the message type from them) and with ethers' `signTypedData(domain, types, value)` alike.
 */
import {
  getAddress,
  hashTypedData,
  parseSignature,
  recoverTypedDataAddress,
  type Account,
  type Address,
  type Hex,
  type WalletClient,
} from "viem";

type Field = { name: string; type: string };
/** Keeps the literal field names and types (for viem's inference) in mutable arrays (for ethers). */
const typedData = <const T extends Record<string, Field[]>>(types: T): T => types;

export const QUOTE_TYPES = typedData({
  Quote: [
    { name: "jobId", type: "uint256" },
    { name: "vendor", type: "address" },
    { name: "price", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "expiresAt", type: "uint64" },
  ],
});

export const SETTLEMENT_TYPES = typedData({
  Settlement: [
    { name: "jobId", type: "uint256" },
    { name: "index", type: "uint256" },
    { name: "vendorBps", type: "uint16" },
    { name: "deadline", type: "uint64" },
  ],
});

export const PERMIT_TYPES = typedData({
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
});

/** A vendor's offer to do job `jobId` for `price` (all funded milestones), valid until `expiresAt`. */
export interface Quote {
  jobId: bigint;
  vendor: Address;
  price: bigint;
  /** The vendor's current `quoteNonce` on the escrow; `revokeQuotes` bumps it. */
  nonce: bigint;
  expiresAt: bigint;
}

/** Both parties' agreement to end a dispute on milestone `index` with `vendorBps` of it to the vendor. */
export interface Settlement {
  jobId: bigint;
  index: bigint;
  vendorBps: number;
  deadline: bigint;
}

export interface Permit {
  owner: Address;
  spender: Address;
  value: bigint;
  nonce: bigint;
  deadline: bigint;
}

export interface Eip712Domain {
  name: string;
  version: string;
  chainId: number;
  verifyingContract: Address;
}

/** The escrow's EIP-712 domain ("Mosaic Escrow", version 1). */
export function escrowDomain(chainId: bigint | number, escrow: string): Eip712Domain {
  return { name: "Mosaic Escrow", version: "1", chainId: Number(chainId), verifyingContract: getAddress(escrow) };
}

/** A token's EIP-2612 domain; `name` and `version` are what its `eip712Domain()` answers. */
export function tokenDomain(chainId: bigint | number, token: string, name: string, version = "1"): Eip712Domain {
  return { name, version, chainId: Number(chainId), verifyingContract: getAddress(token) };
}

/** Who signs: an account (local key, or a JSON-RPC account the client's node holds) through a wallet client. */
export interface Signer {
  client: WalletClient;
  account: Account | Address;
}

const quoteMessage = (quote: Quote) => ({ ...quote, vendor: getAddress(quote.vendor) });
const settlementMessage = (s: Settlement) => ({ ...s });
const permitMessage = (p: Permit) => ({ ...p, owner: getAddress(p.owner), spender: getAddress(p.spender) });

export function signQuote(signer: Signer, domain: Eip712Domain, quote: Quote): Promise<Hex> {
  return signer.client.signTypedData({
    account: signer.account,
    domain,
    types: QUOTE_TYPES,
    primaryType: "Quote",
    message: quoteMessage(quote),
  });
}

export function signSettlement(signer: Signer, domain: Eip712Domain, settlement: Settlement): Promise<Hex> {
  return signer.client.signTypedData({
    account: signer.account,
    domain,
    types: SETTLEMENT_TYPES,
    primaryType: "Settlement",
    message: settlementMessage(settlement),
  });
}

export function signPermit(signer: Signer, domain: Eip712Domain, permit: Permit): Promise<Hex> {
  return signer.client.signTypedData({
    account: signer.account,
    domain,
    types: PERMIT_TYPES,
    primaryType: "Permit",
    message: permitMessage(permit),
  });
}

/** The address that signed `quote`, or null when the signature does not parse. */
export async function quoteSigner(domain: Eip712Domain, quote: Quote, signature: Hex): Promise<Address | null> {
  try {
    return await recoverTypedDataAddress({
      domain,
      types: QUOTE_TYPES,
      primaryType: "Quote",
      message: quoteMessage(quote),
      signature,
    });
  } catch {
    return null;
  }
}

/** Whether the quote's own vendor signed it (what the escrow's `hire` checks, before nonce and expiry). */
export async function verifyQuote(domain: Eip712Domain, quote: Quote, signature: Hex): Promise<boolean> {
  const signer = await quoteSigner(domain, quote, signature);
  return signer !== null && signer === getAddress(quote.vendor);
}

/** Whether `party` signed `settlement`. */
export async function verifySettlement(
  domain: Eip712Domain,
  settlement: Settlement,
  signature: Hex,
  party: Address,
): Promise<boolean> {
  try {
    const signer = await recoverTypedDataAddress({
      domain,
      types: SETTLEMENT_TYPES,
      primaryType: "Settlement",
      message: settlementMessage(settlement),
      signature,
    });
    return signer === getAddress(party);
  } catch {
    return false;
  }
}

/** Whether the permit's owner signed it. */
export async function verifyPermit(domain: Eip712Domain, permit: Permit, signature: Hex): Promise<boolean> {
  try {
    const signer = await recoverTypedDataAddress({
      domain,
      types: PERMIT_TYPES,
      primaryType: "Permit",
      message: permitMessage(permit),
      signature,
    });
    return signer === getAddress(permit.owner);
  } catch {
    return false;
  }
}

/** The EIP-712 digest of a quote: what the escrow's `hashQuote` returns. */
export function quoteDigest(domain: Eip712Domain, quote: Quote): Hex {
  return hashTypedData({ domain, types: QUOTE_TYPES, primaryType: "Quote", message: quoteMessage(quote) });
}

/** The EIP-712 digest of a settlement: what the escrow's `hashSettlement` returns. */
export function settlementDigest(domain: Eip712Domain, settlement: Settlement): Hex {
  return hashTypedData({
    domain,
    types: SETTLEMENT_TYPES,
    primaryType: "Settlement",
    message: settlementMessage(settlement),
  });
}

/** `(v, r, s)` of a 65-byte signature, as `fundWithPermit` takes them. */
export function splitSignature(signature: Hex): { v: number; r: Hex; s: Hex } {
  const { r, s, v, yParity } = parseSignature(signature);
  return { r, s, v: Number(v ?? BigInt(yParity + 27)) };
}
