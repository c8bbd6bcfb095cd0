/**
 * The other side of a browser journey, driven from Node with Hardhat keys: a vendor that registers,
 * signs in to the web API (SIWE), stores documents, signs quotes and submits milestones; and
 * read-only views of the escrow for assertions.
 */
import {
  Contract,
  JsonRpcProvider,
  Network,
  Wallet,
  encodeBytes32String,
  hexlify,
  type InterfaceAbi,
  type TransactionReceipt,
} from "ethers";
import { CID } from "multiformats/cid";
import { createSiweMessage } from "viem/siwe";
import { waitForIndex } from "../../../../scripts/dev/probes.ts";
import { QUOTE_TYPES, escrowDomain } from "@mosaic/sdk/typed-data";
import type { E2EStack } from "../../support/stack.ts";

/** Escrow milestone states, as `IMosaicEscrow.MilestoneState` numbers them. */
export const MilestoneState = {
  None: 0,
  Created: 1,
  Funded: 2,
  Submitted: 3,
  Paid: 4,
  Refunded: 5,
  Cancelled: 6,
  Disputed: 7,
  Resolved: 8,
} as const;

interface Abis {
  mosaicEscrowAbi: InterfaceAbi;
  vendorRegistryAbi: InterfaceAbi;
  mockUsdAbi: InterfaceAbi;
}

let abis: Promise<Abis> | undefined;
/** ABIs from the SDK's generated contracts module (written by the deployment the stack ran). */
function loadAbis(): Promise<Abis> {
  abis ??= import("@mosaic/sdk/contracts") as unknown as Promise<Abis>;
  return abis;
}

export function provider(stack: E2EStack): JsonRpcProvider {
  return new JsonRpcProvider(stack.rpcUrl, Network.from(stack.chainId), {
    staticNetwork: true,
    batchMaxCount: 1,
    cacheTimeout: -1,
  });
}

export async function contracts(stack: E2EStack, runner: Wallet | JsonRpcProvider = provider(stack)) {
  const { mosaicEscrowAbi, vendorRegistryAbi, mockUsdAbi } = await loadAbis();
  return {
    escrow: new Contract(stack.contracts.MosaicEscrow, mosaicEscrowAbi, runner),
    registry: new Contract(stack.contracts.VendorRegistry, vendorRegistryAbi, runner),
    usd: new Contract(stack.contracts.MockUSD, mockUsdAbi, runner),
  };
}

/** Sends a contract call and waits until the indexer has the block that holds it. */
export async function sendAndIndex(
  stack: E2EStack,
  send: () => Promise<{ wait: () => Promise<TransactionReceipt | null> }>,
): Promise<TransactionReceipt> {
  const receipt = await (await send()).wait();
  if (!receipt || receipt.status !== 1) throw new Error("transaction failed");
  await waitForIndex(stack.graphqlUrl, receipt.blockNumber);
  return receipt;
}

/** The latest block's timestamp: the seed ran the chain's clock ahead of the wall clock. */
export async function chainNow(stack: E2EStack): Promise<number> {
  const block = await provider(stack).getBlock("latest");
  return block!.timestamp;
}

/** A vendor acting from Node with a Hardhat key, signed in to the web API with its own cookie. */
export class NodeVendor {
  readonly wallet: Wallet;
  private readonly stack: E2EStack;
  private cookie = "";

  constructor(stack: E2EStack, privateKey: string) {
    this.stack = stack;
    this.wallet = new Wallet(privateKey, provider(stack));
  }

  get address(): string {
    return this.wallet.address;
  }

  /** Registers (or updates) the on-chain profile with `skills` and a stored profile document. */
  async register(skills: string[], profile: { name: string; bio: string }): Promise<void> {
    const cid = await this.postDocument("vendor-profile", profile);
    const { registry } = await contracts(this.stack, this.wallet);
    // The registry takes the profile's CID, or only its sha-256 digest (bytes32) in newer deployments.
    const takesDigest = registry.interface.getFunction("setProfile")!.inputs[2].type === "bytes32";
    const metadata = takesDigest ? hexlify(CID.parse(cid).multihash.digest) : cid;
    await sendAndIndex(this.stack, () =>
      registry.setProfile(
        { hourlyRateCents: 6_000, timezoneOffsetMinutes: 60, availabilityHours: 30 },
        skills.map(encodeBytes32String),
        metadata,
      ),
    );
  }

  /** Sign-In with Ethereum against the web API, as the dApp does it, keeping the session cookie. */
  async signIn(): Promise<void> {
    const web = new URL(this.stack.webUrl!);
    const nonceResponse = await fetch(new URL("/api/auth/nonce", web));
    const { nonce } = (await nonceResponse.json()) as { nonce: string };
    const message = createSiweMessage({
      domain: web.host,
      uri: `${web.origin}/`,
      address: this.wallet.address as `0x${string}`,
      chainId: this.stack.chainId,
      nonce,
      version: "1",
      statement: "Sign in to Mosaic.",
      issuedAt: new Date(),
    });
    const signature = await this.wallet.signMessage(message);
    const response = await fetch(new URL("/api/auth/verify", web), {
      method: "POST",
      headers: { "content-type": "application/json", cookie: cookieHeader(nonceResponse) },
      body: JSON.stringify({ message, signature }),
    });
    if (response.status !== 200) throw new Error(`sign-in refused (${response.status}): ${await response.text()}`);
    this.cookie = cookieHeader(response);
  }

  /** The Cookie header of this vendor's web session (signing in first if needed). */
  async sessionCookie(): Promise<string> {
    if (!this.cookie) await this.signIn();
    return this.cookie;
  }

  /** POST /api/documents with this vendor's session; returns the CID. */
  async postDocument(kind: string, content: unknown): Promise<string> {
    if (!this.cookie) await this.signIn();
    const response = await fetch(new URL("/api/documents", this.stack.webUrl), {
      method: "POST",
      headers: { "content-type": "application/json", cookie: this.cookie },
      body: JSON.stringify({ kind, content }),
    });
    if (response.status !== 201 && response.status !== 200) {
      throw new Error(`POST /api/documents (${kind}) answered ${response.status}: ${await response.text()}`);
    }
    return ((await response.json()) as { cid: string }).cid;
  }

  /** Signs an EIP-712 quote for `jobId` at `price` (no gas) and stores it for the client. */
  async quote(jobId: bigint, price: bigint, message: string): Promise<{ cid: string; expiresAt: number }> {
    const { escrow } = await contracts(this.stack);
    const nonce = (await escrow.quoteNonce(this.address)) as bigint;
    const expiresAt = (await chainNow(this.stack)) + 7 * 86_400;
    const quote = { jobId, vendor: this.address, price, nonce, expiresAt };
    const signature = await this.wallet.signTypedData(
      escrowDomain(this.stack.chainId, this.stack.contracts.MosaicEscrow),
      QUOTE_TYPES,
      quote,
    );
    const cid = await this.postDocument("quote", {
      chainId: this.stack.chainId,
      escrow: this.stack.contracts.MosaicEscrow,
      jobId: jobId.toString(),
      vendor: this.address,
      price: price.toString(),
      nonce: nonce.toString(),
      expiresAt,
      signature,
      message,
    });
    return { cid, expiresAt };
  }

  /** Submits milestone `index` with a stored deliverable document. */
  async submit(jobId: bigint, index: number, summary: string): Promise<string> {
    const cid = await this.postDocument("deliverable", { jobId: jobId.toString(), index, summary });
    const { escrow } = await contracts(this.stack, this.wallet);
    await sendAndIndex(this.stack, () => escrow.submit(jobId, index, cid));
    return cid;
  }
}

/** `name=value` pairs of a response's Set-Cookie headers, for the next request. */
function cookieHeader(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}
