/**
 * The node and the index as browser tests drive them from Node: raw JSON-RPC (Hardhat's test
 * methods included), waiting for the index to reach a block, and fresh funded accounts that no
 * other test or the seed ever used.
 */
import assert from "node:assert/strict";
import { createPublicClient, createWalletClient, http, parseEther } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { mosaicEscrowAbi } from "@mosaic/sdk/contracts";
import { testAccounts } from "../../../../scripts/dev/accounts.ts";
import type { E2EStack } from "../../support/stack.ts";

export async function rpc<T>(stack: E2EStack, method: string, params: unknown[] = []): Promise<T> {
  const response = await fetch(stack.rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

/** The block the index has processed (0 when it does not say). */
export async function indexedBlock(stack: E2EStack): Promise<bigint> {
  const response = await fetch(stack.graphqlUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: "{ _meta { block { number } } }" }),
  });
  const body = (await response.json()) as { data?: { _meta: { block: { number: number } } | null } };
  return BigInt(body.data?._meta?.block.number ?? 0);
}

export async function waitForIndexedBlock(stack: E2EStack, block: bigint, timeoutMs = 60_000): Promise<void> {
  for (const until = Date.now() + timeoutMs; Date.now() < until;) {
    if ((await indexedBlock(stack)) >= block) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the index did not reach block ${block}`);
}

/** A new account holding `ether` ETH, with a wallet client on the node. */
export async function fundedAccount(stack: E2EStack, ether = "100") {
  const key = generatePrivateKey();
  const account = privateKeyToAccount(key);
  await rpc(stack, "hardhat_setBalance", [account.address, `0x${parseEther(ether).toString(16)}`]);
  return { key, address: account.address, wallet: createWalletClient({ account, transport: http(stack.rpcUrl) }) };
}

/**
 * Pauses or resumes new business as the escrow's owner (one of the node's test accounts), and
 * returns the block that did it once mined successfully.
 */
export async function setNewBusinessPaused(stack: E2EStack, paused: boolean): Promise<bigint> {
  const escrow = stack.contracts.MosaicEscrow as `0x${string}`;
  const chain = createPublicClient({ transport: http(stack.rpcUrl) });
  const owner = await chain.readContract({ address: escrow, abi: mosaicEscrowAbi, functionName: "owner" });
  const key = testAccounts().find((a) => a.address.toLowerCase() === owner.toLowerCase())?.privateKey;
  assert.ok(key, "the escrow's owner is one of the node's test accounts");
  const operator = createWalletClient({
    account: privateKeyToAccount(key as `0x${string}`),
    transport: http(stack.rpcUrl),
  });
  const hash = await operator.writeContract({
    address: escrow,
    abi: mosaicEscrowAbi,
    functionName: paused ? "pause" : "unpause",
    chain: null,
  });
  const receipt = await chain.waitForTransactionReceipt({ hash });
  assert.equal(receipt.status, "success", `${paused ? "pause" : "unpause"} reverted`);
  return receipt.blockNumber;
}
