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

/** A written review: the words a rater adds to its on-chain `rating` of job `jobId`. */
export const REVIEW_TYPES = typedData({
  Review: [
    { name: "jobId", type: "uint256" },
    { name: "rater", type: "address" },
    { name: "rating", type: "uint8" },
    { name: "text", type: "string" },
  ],
});

/** The rated party's one reply to a review, naming the review by its CID. */
export const REVIEW_REPLY_TYPES = typedData({
  ReviewReply: [
    { name: "jobId", type: "uint256" },
    { name: "review", type: "string" },
    { name: "author", type: "address" },
    { name: "text", type: "string" },
  ],
});

/**
 * Reviews are signed off chain only; their domain names the escrow whose ratings they belong to,
 * so a review cannot be replayed against another deployment or chain.
 */
export function reviewsDomain(chainId: bigint | number, escrow: string): Eip712Domain {
  return { name: "Mosaic Reviews", version: "1", chainId: Number(chainId), verifyingContract: getAddress(escrow) };
}

/**
 * A free message in a job's thread. Signed with EIP-712 so that anyone the thread is shared with can
 * check its author later, without the server: the chain id and job id pin it to one job, the
 * timestamp and random nonce make each signature unique (the server refuses one seen before).
 */
export const THREAD_MESSAGE_TYPES = typedData({
  ThreadMessage: [
    { name: "jobId", type: "uint256" },
    { name: "author", type: "address" },
    { name: "to", type: "address" },
    { name: "text", type: "string" },
    { name: "createdAt", type: "uint64" },
    { name: "nonce", type: "bytes32" },
  ],
});

export interface ThreadMessage {
  jobId: bigint;
  author: Address;
  /** The one party it is for (e.g. the client answering one quoting vendor), or the zero address: the whole thread. */
  to: Address;
  text: string;
  /** Unix seconds. */
  createdAt: bigint;
  nonce: Hex;
}

/** The domain of thread messages: not a contract's, only the chain's ("Mosaic Thread", version 1). */
export function threadDomain(chainId: bigint | number): { name: string; version: string; chainId: number } {
  return { name: "Mosaic Thread", version: "1", chainId: Number(chainId) };
}

const threadMessage = (m: ThreadMessage) => ({ ...m, author: getAddress(m.author), to: getAddress(m.to) });

export function signThreadMessage(signer: Signer, chainId: bigint | number, message: ThreadMessage): Promise<Hex> {
  return signer.client.signTypedData({
    account: signer.account,
    domain: threadDomain(chainId),
    types: THREAD_MESSAGE_TYPES,
    primaryType: "ThreadMessage",
    message: threadMessage(message),
  });
}

/** The EIP-712 digest of a thread message (what an ERC-1271 wallet is asked to validate). */
export function threadMessageDigest(chainId: bigint | number, message: ThreadMessage): Hex {
  return hashTypedData({
    domain: threadDomain(chainId),
    types: THREAD_MESSAGE_TYPES,
    primaryType: "ThreadMessage",
    message: threadMessage(message),
  });
}

/** The address whose key signed `message` (an EOA), or null when the signature does not parse. */
export async function threadMessageSigner(
  chainId: bigint | number,
  message: ThreadMessage,
  signature: Hex,
): Promise<Address | null> {
  try {
    return await recoverTypedDataAddress({
      domain: threadDomain(chainId),
      types: THREAD_MESSAGE_TYPES,
      primaryType: "ThreadMessage",
      message: threadMessage(message),
      signature,
    });
  } catch {
    return null;
  }
}
