/**
 * Sign-In with Ethereum (EIP-4361): every check the server makes before it opens a session, each
 * refusal with its own reason. The message is parsed by `siwe`; the signature is checked for an
 * EOA (ecrecover) or, when the address holds code, through ERC-1271 `isValidSignature`.
 */
import { SiweMessage } from "siwe";
import { createPublicClient, hashMessage, http, isAddress, isHex, recoverMessageAddress, type Hex } from "viem";
import { getStore } from "../store/index.ts";

/** Tolerated clock difference between the wallet's machine and the server. */
export const CLOCK_SKEW_MS = 60_000;

export interface VerifyContext {
  /** The Host the request was sent to; the message's domain must equal it. */
  host: string;
  /** The app's origin; the message's URI must be on it. */
  origin: string;
  /** The chain the app serves. */
  chainId: number;
  /** RPC endpoint for ERC-1271 checks. */
  rpcUrl: string;
  now?: number;
}

export type VerifyResult =
  { ok: true; address: `0x${string}`; chainId: number; expiresAt: number | null } | { ok: false; reason: string };

/** What ERC-1271 `isValidSignature` answers for a valid signature; the ABI of that call. */
export const ERC1271_MAGIC = "0x1626ba7e";
export const erc1271Abi = [
  {
    type: "function",
    name: "isValidSignature",
    stateMutability: "view",
    inputs: [
      { name: "hash", type: "bytes32" },
      { name: "signature", type: "bytes" },
    ],
    outputs: [{ name: "", type: "bytes4" }],
  },
] as const;

function refuse(reason: string): VerifyResult {
  return { ok: false, reason };
}

export async function verifySignIn(body: unknown, context: VerifyContext): Promise<VerifyResult> {
  const now = context.now ?? Date.now();
  if (typeof body !== "object" || body === null) return refuse("body must be JSON { message, signature }");
  const { message, signature } = body as { message?: unknown; signature?: unknown };
  if (typeof message !== "string" || message.length === 0) return refuse("message is missing");
  if (message.length > 4096) return refuse("message is too long");
  if (typeof signature !== "string" || !isHex(signature) || signature.length < 4) {
    return refuse("signature must be 0x-prefixed hex");
  }

  let parsed: SiweMessage;
  try {
    parsed = new SiweMessage(message);
  } catch (error) {
    return refuse(`not a valid EIP-4361 message: ${(error as Error).message ?? "parse error"}`);
  }

  // The nonce is spent by any attempt that names it, so a message can never be tried twice.
  const outcome = await (await getStore()).nonces.consume(parsed.nonce, now);
  if (outcome === "unknown") return refuse("unknown or already used nonce: request a new one");
  if (outcome === "expired") return refuse("nonce expired: request a new one");

  if (parsed.domain !== context.host) {
    return refuse(`domain "${parsed.domain}" does not match this site (${context.host})`);
  }
  let uriOrigin: string;
  try {
    uriOrigin = new URL(parsed.uri).origin;
  } catch {
    return refuse("URI is not a valid URL");
  }
  if (uriOrigin !== context.origin) return refuse(`URI "${parsed.uri}" is not on this site (${context.origin})`);
  if (parsed.version !== "1") return refuse(`unsupported SIWE version ${parsed.version}`);
  if (parsed.chainId !== context.chainId) {
    return refuse(`chain ${parsed.chainId} is not served here: switch to chain ${context.chainId}`);
  }
  const issuedAt = Date.parse(parsed.issuedAt ?? "");
  if (Number.isNaN(issuedAt)) return refuse("issued-at is missing or invalid");
  if (issuedAt > now + CLOCK_SKEW_MS) return refuse("message is issued in the future");
  let expiresAt: number | null = null;
  if (parsed.expirationTime) {
    expiresAt = Date.parse(parsed.expirationTime);
    if (Number.isNaN(expiresAt)) return refuse("expiration time is invalid");
    if (expiresAt <= now) return refuse("message has expired");
  }
  if (parsed.notBefore) {
    const notBefore = Date.parse(parsed.notBefore);
    if (Number.isNaN(notBefore)) return refuse("not-before time is invalid");
    if (notBefore > now + CLOCK_SKEW_MS) return refuse("message is not valid yet (not-before)");
  }
  if (!isAddress(parsed.address, { strict: false })) return refuse("address is invalid");
  const address = parsed.address.toLowerCase() as `0x${string}`;

  if (!(await signatureMatches(address, message, signature as Hex, context.rpcUrl))) {
    return refuse("signature does not match the message's address");
  }
  return { ok: true, address, chainId: parsed.chainId, expiresAt };
}

async function signatureMatches(address: `0x${string}`, message: string, signature: Hex, rpcUrl: string) {
  try {
    const recovered = await recoverMessageAddress({ message, signature });
    if (recovered.toLowerCase() === address) return true;
  } catch {
    // Not a 65-byte ECDSA signature: may still be a contract wallet's.
  }
  try {
    const client = createPublicClient({ transport: http(rpcUrl, { timeout: 10_000 }) });
    const code = await client.getCode({ address });
    if (!code || code === "0x") return false;
    const result = await client.readContract({
      address,
      abi: erc1271Abi,
      functionName: "isValidSignature",
      args: [hashMessage(message), signature],
    });
    return result.toLowerCase() === ERC1271_MAGIC;
  } catch {
    return false;
  }
}
