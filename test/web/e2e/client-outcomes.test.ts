/// <reference lib="dom" />
/**
 * The client's side of how a job ends, in the browser with the test wallet: a refund after the
 * vendor missed the deadline, an outcome bonus released and another returned after its deadline,
 * and a dispute raised from the page then settled by a signed offer the vendor accepts in its own
 * browser; and the vendor's own dispute of work sent back, which names and sends its bond. Jobs are posted and worked on from Node with fresh accounts; every money step the
 * client or vendor takes is a click, and the chain is checked after each.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Page } from "playwright-core";
import { formatEther, parseEther, parseEventLogs, zeroAddress } from "viem";
import { mosaicEscrowAbi, vendorRegistryAbi } from "@mosaic/sdk/contracts";
import { skillTag } from "../../../matching/index.ts";
import { fundedAccount, rpc as rpc_, waitForIndexedBlock } from "./support/chain.ts";
import { connect, openApp, signIn, type Session } from "./support/session.ts";
import { browser, browserSuite, chain, skipWithoutWeb, stack } from "./support/suite.ts";

const DAY = 86_400;
const SOME_CID = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
const TX_TIMEOUT = 180_000;
/** IMosaicEscrow.MilestoneState and BonusState, by number. */
const STATE = ["None", "Created", "Funded", "Submitted", "Paid", "Refunded", "Cancelled", "Disputed", "Resolved"];
const BONUS = ["None", "Held", "Released", "Returned", "Disputed", "Resolved"];

const ESCROW_ABI = mosaicEscrowAbi;
const REGISTRY_ABI = vendorRegistryAbi;

const rpc = <T>(method: string, params: unknown[] = []) => rpc_<T>(stack, method, params);
const waitForIndex = (block: bigint) => waitForIndexedBlock(stack, block);
const freshAccount = () => fundedAccount(stack);
type Actor = Awaited<ReturnType<typeof freshAccount>>;

async function write(
  actor: Actor,
  address: string,
  abi: typeof ESCROW_ABI | typeof REGISTRY_ABI,
  functionName: string,
  args: readonly unknown[],
  value?: bigint,
) {
  const hash = await actor.wallet.writeContract({ address, abi, functionName, args, value, chain: null } as never);
  const receipt = await chain.waitForTransactionReceipt({ hash });
  assert.equal(receipt.status, "success", `${functionName} reverted`);
  await waitForIndex(receipt.blockNumber);
  return receipt;
}
const escrowCall = (actor: Actor, fn: string, args: readonly unknown[], value?: bigint) =>
  write(actor, stack.contracts.MosaicEscrow, ESCROW_ABI, fn, args, value);

async function chainTime(): Promise<number> {
  return Number((await chain.getBlock()).timestamp);
}

async function advance(seconds: number): Promise<void> {
  await rpc("evm_increaseTime", [seconds]);
  await rpc("evm_mine");
  await waitForIndex(await chain.getBlockNumber());
}

/** A funded open ETH job claimed by `vendor`; milestones as [amount, bonus] in ETH. */
async function hiredJob(
  client: Actor,
  vendor: Actor,
  milestones: [string, string][],
  deadlineDays = 30,
  funded = milestones.length,
) {
  const now = await chainTime();
  const inputs = milestones.map(([amount, bonus], i) => {
    const deadline = now + (deadlineDays + i) * DAY;
    const hasBonus = parseEther(bonus) > 0n;
    return {
      amount: parseEther(amount),
      bonus: parseEther(bonus),
      deadline,
      outcomeDeadline: hasBonus ? deadline + 3 * DAY : 0,
    };
  });
  const receipt = await escrowCall(client, "postJob", [
    {
      token: zeroAddress,
      arbiter: zeroAddress,
      arbiterFeeBps: 0,
      reviewWindow: DAY,
      open: true,
      minRating: 0,
      minPaidJobs: 0,
      requiredSkills: [],
      specCid: SOME_CID,
    },
    inputs,
  ]);
  const [posted] = parseEventLogs({ abi: ESCROW_ABI, eventName: "JobPosted", logs: receipt.logs });
  const jobId = (posted.args as { jobId: bigint }).jobId;
  const total = inputs.slice(0, funded).reduce((t, m) => t + m.amount + m.bonus, 0n);
  await escrowCall(client, "fund", [jobId, 0n, BigInt(funded)], total);
  await write(vendor, stack.contracts.VendorRegistry, REGISTRY_ABI, "setProfile", [
    { hourlyRateCents: 5000, timezoneOffsetMinutes: 0, availabilityHours: 20 },
    [skillTag("solidity")],
    `0x${"33".repeat(32)}`,
  ]);
  await escrowCall(vendor, "claim", [jobId, []]);
  return jobId;
}

async function milestone(jobId: bigint, index: number) {
  const m = (await chain.readContract({
    address: stack.contracts.MosaicEscrow as `0x${string}`,
    abi: ESCROW_ABI,
    functionName: "milestoneOf",
    args: [jobId, BigInt(index)],
  })) as { state: number; bonusState: number };
  return { state: STATE[m.state], bonus: BONUS[m.bonusState] };
}

/** Clicks `button` on the job page and waits for the flow labelled `label` to say Done. */
async function act(page: Page, button: string, label = button): Promise<void> {
  await page.getByRole("button", { name: button, exact: true }).click();
  const end = page
    .getByRole("status", { name: "Transaction status" })
    .filter({ hasText: new RegExp(`${label}: (Done\\.|Reverted|Failed|Rejected)`) });
  await end.first().waitFor({ timeout: TX_TIMEOUT });
  assert.match(await end.first().innerText(), /: Done\./);
}

async function openJob(actor: Actor, jobId: bigint): Promise<Session> {
  const session = await openApp(browser, stack, actor.key, { path: `/jobs/${jobId}` });
  await connect(session.page);
  await session.page.getByRole("heading", { level: 2, name: "Your actions" }).waitFor();
  return session;
}

browserSuite();

describe("how a client's job ends", { skip: skipWithoutWeb }, () => {
  it("cancels an unfunded milestone after a confirmation, and refunds one whose deadline the vendor missed", async () => {
    const [client, vendor] = await Promise.all([freshAccount(), freshAccount()]);
    // Milestone 2 was never funded: the client cancels it, after saying yes to a plain question.
    const jobId = await hiredJob(
      client,
      vendor,
      [
        ["0.4", "0"],
        ["0.2", "0"],
      ],
      2,
      1,
    );
    await advance(3 * DAY);
    const { page, wallet, context } = await openJob(client, jobId);
    await page.getByRole("button", { name: "Cancel milestone 2" }).click();
    const confirm = page.getByRole("alertdialog", { name: "Confirm: Cancel milestone 2" });
    await confirm.getByText(/can never be funded or paid\. This cannot be undone\./).waitFor();
    assert.equal(wallet.requestsOf("eth_sendTransaction").length, 0, "nothing sent before the answer");
    await confirm.getByRole("button", { name: "Yes, cancel milestone 2" }).click();
    await page
      .getByRole("status", { name: "Transaction status" })
      .getByText(/Cancel milestone 2: Done\./)
      .waitFor({ timeout: TX_TIMEOUT });
    assert.equal((await milestone(jobId, 1)).state, "Cancelled");

    const before = await chain.getBalance({ address: client.address });
    await act(page, "Refund milestone 1");
    assert.equal((await milestone(jobId, 0)).state, "Refunded");
    const back = (await chain.getBalance({ address: client.address })) - before;
    assert.ok(back > parseEther("0.39") && back <= parseEther("0.4"), `refunded ${back}`);
    await page
      .getByRole("row")
      .filter({ hasText: /Refunded to client/ })
      .first()
      .waitFor();
    await context.close();
  });

  it("releases one outcome bonus and gets the other back after its deadline", async () => {
    const [client, vendor] = await Promise.all([freshAccount(), freshAccount()]);
    const jobId = await hiredJob(client, vendor, [
      ["0.3", "0.05"],
      ["0.3", "0.07"],
    ]);
    await escrowCall(vendor, "submit", [jobId, 0n, SOME_CID]);
    await escrowCall(vendor, "submit", [jobId, 1n, SOME_CID]);
    const { page, context } = await openJob(client, jobId);
    await act(page, "Approve milestone 1");
    await act(page, "Approve milestone 2");
    const vendorBefore = await chain.getBalance({ address: vendor.address });
    await act(page, "Release bonus of milestone 1");
    assert.deepEqual(await milestone(jobId, 0), { state: "Paid", bonus: "Released" });
    assert.ok((await chain.getBalance({ address: vendor.address })) > vendorBefore, "the vendor got the bonus");

    // The second outcome was not met: the client lets the outcome deadline pass and takes it back.
    await advance(40 * DAY);
    await page.reload();
    const clientBefore = await chain.getBalance({ address: client.address });
    await act(page, "Return bonus of milestone 2");
    assert.deepEqual(await milestone(jobId, 1), { state: "Paid", bonus: "Returned" });
    const back = (await chain.getBalance({ address: client.address })) - clientBefore;
    assert.ok(back > parseEther("0.069") && back <= parseEther("0.07"), `returned ${back}`);
    await context.close();
  });

  it("raises a dispute from the page, and settles it by a signed offer the vendor accepts in its browser", async () => {
    const [client, vendor] = await Promise.all([freshAccount(), freshAccount()]);
    const jobId = await hiredJob(client, vendor, [["1", "0"]]);
    await escrowCall(vendor, "submit", [jobId, 0n, SOME_CID]);

    const clientSession = await openJob(client, jobId);
    const { page } = clientSession;
    await signIn(page);
    await page.getByLabel("Evidence for milestone 1").fill("The report covers two of the five contracts agreed.");
    await act(page, "Dispute milestone 1");
    assert.equal((await milestone(jobId, 0)).state, "Disputed");

    await page.reload();
    await page.getByLabel("Vendor's share for milestone 1 (%)").fill("60");
    await page.getByRole("button", { name: "Propose settlement for milestone 1" }).click();
    await page
      .getByRole("status", { name: "Transaction status" })
      .getByText("Offer signed and sent", { exact: false })
      .waitFor({ timeout: TX_TIMEOUT });
    assert.equal((await milestone(jobId, 0)).state, "Disputed", "an offer alone moves nothing");

    const vendorSession = await openJob(vendor, jobId);
    const vendorBefore = await chain.getBalance({ address: vendor.address });
    const clientBefore = await chain.getBalance({ address: client.address });
    await act(
      vendorSession.page,
      "Accept settlement: the vendor gets 60% of milestone 1",
      "Accept settlement for milestone 1",
    );
    assert.equal((await milestone(jobId, 0)).state, "Resolved");
    const toVendor = (await chain.getBalance({ address: vendor.address })) - vendorBefore;
    const toClient = (await chain.getBalance({ address: client.address })) - clientBefore;
    assert.equal(toClient, parseEther("0.4"), "the client gets 40% back");
    assert.ok(
      toVendor > parseEther("0.59") && toVendor < parseEther("0.6"),
      `vendor ${toVendor} (60% less fee and gas)`,
    );
    await vendorSession.context.close();
    await clientSession.context.close();
  });
  it("lets the vendor dispute only work sent back, naming the bond before it is sent with the dispute", async () => {
    const [client, vendor] = await Promise.all([freshAccount(), freshAccount()]);
    const jobId = await hiredJob(client, vendor, [["2", "0"]]);
    await escrowCall(vendor, "submit", [jobId, 0n, SOME_CID]);

    const vendorSession = await openJob(vendor, jobId);
    const { page } = vendorSession;
    // A submission under review is the client's to judge: the vendor has no dispute to raise yet.
    assert.equal(await page.getByRole("button", { name: /^Dispute milestone 1/ }).count(), 0);

    await escrowCall(client, "requestChanges", [jobId, 0n, SOME_CID]);
    const job = (await chain.readContract({
      address: stack.contracts.MosaicEscrow as `0x${string}`,
      abi: ESCROW_ABI,
      functionName: "jobOf",
      args: [jobId],
    })) as { arbiterFeeBps: number };
    const bond = (parseEther("2") * BigInt(job.arbiterFeeBps)) / 10_000n;
    assert.ok(bond > 0n, "the job's arbiter charges a fee");
    await page.reload();
    await signIn(page);
    await page.getByLabel("Evidence for milestone 1").fill("The change request asks for work the spec never mentions.");
    const button = `Dispute milestone 1 (bond ${formatEther(bond)} ETH)`;
    await page.getByRole("button", { name: button, exact: true }).click();
    // Asked first, with the amount: nothing is sent until the vendor says yes.
    await page.getByText(`you send a bond of ${formatEther(bond)} ETH now`, { exact: false }).waitFor();
    assert.equal((await milestone(jobId, 0)).state, "Funded");
    const escrowBefore = await chain.getBalance({ address: stack.contracts.MosaicEscrow as `0x${string}` });
    await act(page, `Yes, d${button.slice(1)}`, "Dispute milestone 1");
    assert.equal((await milestone(jobId, 0)).state, "Disputed");
    assert.equal(
      (await chain.getBalance({ address: stack.contracts.MosaicEscrow as `0x${string}` })) - escrowBefore,
      bond,
      "the bond went into escrow with the dispute",
    );
    await vendorSession.context.close();
  });
});
