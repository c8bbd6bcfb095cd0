/**
 * Two steps browser tests repeat: a contract call sent from Node by a funded test account, waited
 * for until the index has its block; and a click on a button that starts a transaction flow,
 * waited for until the flow's status says how it ended (it must be Done).
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import type { PublicClient, TransactionReceipt } from "viem";
import type { E2EStack } from "../../support/stack.ts";
import { waitForIndexedBlock, type fundedAccount } from "./chain.ts";

type Actor = Awaited<ReturnType<typeof fundedAccount>>;

/** Sends `functionName` from `actor`, requires success and waits for the index to reach its block. */
export async function sendIndexed(
  stack: E2EStack,
  chain: PublicClient,
  actor: Actor,
  call: { address: string; abi: unknown; functionName: string; args: readonly unknown[]; value?: bigint },
): Promise<TransactionReceipt> {
  const hash = await actor.wallet.writeContract({ ...call, chain: null } as never);
  const receipt = await chain.waitForTransactionReceipt({ hash });
  assert.equal(receipt.status, "success", `${call.functionName} reverted`);
  await waitForIndexedBlock(stack, receipt.blockNumber);
  return receipt;
}

/**
 * Clicks `button` and waits for the flow labelled `label` (text, or a pattern) to end; it must say
 * Done. Returns the status's text (its transaction hash, a label naming a new id).
 */
export async function clickUntilDone(
  page: Page,
  button: string,
  label: string | RegExp,
  timeout = 120_000,
): Promise<string> {
  await page.getByRole("button", { name: button, exact: true }).click();
  const pattern = typeof label === "string" ? label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") : label.source;
  const end = page
    .getByRole("status", { name: "Transaction status" })
    .filter({ hasText: new RegExp(`${pattern}: (Done\\.|Reverted|Failed|Rejected)`) });
  await end.first().waitFor({ timeout });
  const text = await end.first().innerText();
  assert.match(text, /: Done\./, `${button} did not end in Done: ${text}`);
  return text;
}
