/**
 * Hour banks end to end, each party in its own browser with its own test wallet: the vendor
 * publishes its terms; the client buys 120 hours in mUSD at the 100-hour tier's discount (one
 * permit, one transaction) and shares 40 with a member; the vendor logs three entries; the client
 * contests one and the arbiter rules on it, the member approves its own early, the third is
 * released once its review window has passed (the node's clock moved forward); at expiry the client
 * gets the unlogged rest back. The chain's balances and the bank page's books agree to the unit.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Page } from "playwright-core";
import { erc20Abi, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hourBankAbi, mockUsdAbi, vendorRegistryAbi } from "@mosaic/sdk/contracts";
import { skillTag } from "../../../matching/index.ts";
import { expectAccessible } from "../support/axe.ts";
import { fundedAccount, rpc, waitForIndexedBlock } from "./support/chain.ts";
import { connect, openApp, type Session } from "./support/session.ts";
import { browser, browserSuite, chain, skipWithoutWeb, stack, deployedAddress } from "./support/suite.ts";

const DAY = 86_400;
const USD = 1_000_000n;
const TX_TIMEOUT = 120_000;
/** The node's account 2: the local deployment's default arbiter. */
const ARBITER_KEY = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";

let hourBank: `0x${string}`;
const sessions: Session[] = [];

type Actor = Awaited<ReturnType<typeof fundedAccount>>;

async function write(actor: Actor, address: string, abi: unknown, functionName: string, args: readonly unknown[]) {
  const hash = await actor.wallet.writeContract({ address, abi, functionName, args, chain: null } as never);
  const receipt = await chain.waitForTransactionReceipt({ hash });
  assert.equal(receipt.status, "success", `${functionName} reverted`);
  await waitForIndexedBlock(stack, receipt.blockNumber);
}

async function advance(seconds: number): Promise<void> {
  await rpc(stack, "evm_increaseTime", [seconds]);
  await rpc(stack, "evm_mine");
  await waitForIndexedBlock(stack, await chain.getBlockNumber());
}

const usdOf = (account: string) =>
  chain.readContract({
    address: stack.contracts.MockUSD as Hex,
    abi: erc20Abi,
    functionName: "balanceOf",
    args: [account as Hex],
  });

/** Every balance the bank's money can reach. */
async function balances(parties: Record<string, string>) {
  const entries = await Promise.all(Object.entries(parties).map(async ([k, a]) => [k, await usdOf(a)] as const));
  return Object.fromEntries(entries) as Record<string, bigint>;
}

/** Registers `vendor` in the vendor registry (hour-bank terms need it). */
function register(vendor: Actor) {
  return write(vendor, stack.contracts.VendorRegistry, vendorRegistryAbi, "setProfile", [
    { hourlyRateCents: 5000, timezoneOffsetMinutes: 0, availabilityHours: 30 },
    [skillTag("solidity")],
    `0x${"44".repeat(32)}`,
  ]);
}

async function open(key: string, path: string): Promise<Page> {
  const session = await openApp(browser, stack, key, { path });
  sessions.push(session);
  await connect(session.page);
  return session.page;
}

/** Clicks `button` and waits for the flow labelled `label` to end; it must say Done. */
async function act(page: Page, button: string, label: string): Promise<void> {
  await page.getByRole("button", { name: button, exact: true }).click();
  const end = page
    .getByRole("status", { name: "Transaction status" })
    .filter({ hasText: new RegExp(`${label}: (Done\\.|Reverted|Failed|Rejected)`) });
  await end.first().waitFor({ timeout: TX_TIMEOUT });
  assert.match(await end.first().innerText(), /: Done\./, `${label} did not end in Done`);
}

/** The contract's fee on a vendor payment: rounded up, held to the 2% cap. */
function feeOn(gross: bigint, feeBps: bigint): bigint {
  const fee = (gross * feeBps + 9_999n) / 10_000n;
  const cap = (gross * 200n) / 10_000n;
  return fee > cap ? cap : fee;
}

browserSuite({
  setUp: async () => {
    hourBank = deployedAddress("HourBank");
  },
});

describe("hour banks", { skip: skipWithoutWeb }, () => {
  it("buys 120 hours at a tier discount, shares 40, settles three logs and refunds the rest at expiry", async () => {
    const [client, vendor, member] = await Promise.all([
      fundedAccount(stack),
      fundedAccount(stack),
      fundedAccount(stack),
    ]);
    const arbiter = privateKeyToAccount(ARBITER_KEY).address;
    await register(vendor);
    await write(client, stack.contracts.MockUSD, mockUsdAbi, "mint", [client.address, 6_000n * USD]);

    // The vendor publishes 50 mUSD an hour, 10% off from 100 hours, 20% from 500.
    const vendorPage = await open(vendor.key, "/hours/terms");
    const terms = vendorPage.getByRole("form", { name: "Hour bank terms" });
    await terms.getByLabel("Token").selectOption({ label: "mUSD" });
    await terms.getByLabel("Hourly rate (mUSD)").fill("50");
    await terms.getByLabel(/Discount tiers/).fill("100: 10, 500: 20");
    await act(vendorPage, "Publish terms", "Publish terms in mUSD");
    await vendorPage
      .getByRole("list", { name: "Published terms" })
      .getByText("50 mUSD an hour; 10% off from 100 h, 20% off from 500 h")
      .waitFor();

    // The client finds the vendor among those selling hours; it sees the tiers, the one that
    // applies and the total to the unit, then buys.
    const clientPage = await open(client.key, "/hours/buy");
    await clientPage
      .getByRole("table", { name: "Vendors selling hours" })
      .locator(`a[href="/hours/buy?vendor=${vendor.address.toLowerCase()}"]`)
      .click();
    await clientPage.waitForURL(/\/hours\/buy\?vendor=0x/);
    const buy = clientPage.getByRole("form", { name: "Buy a bank of hours" });
    await buy.getByLabel("Pay in").selectOption({ label: "mUSD" });
    await buy.getByLabel("Hours", { exact: true }).fill("120");
    await buy.getByTestId("buy-tier").getByText("10% off from 100 h").waitFor();
    assert.equal(await buy.getByRole("row", { name: /100 h/ }).getAttribute("aria-current"), "true");
    const total = 120n * 60n * ((50n * USD * 9_000n) / 10_000n / 60n);
    assert.equal(total, 5_400n * USD);
    assert.equal(await buy.getByTestId("buy-total").getAttribute("data-wei"), total.toString());
    const start = await balances({ client: client.address, vendor: vendor.address, arbiter, bank: hourBank });
    const wallet = sessions.at(-1)!.wallet;
    await buy.getByRole("button", { name: "Buy 120 hours for 5,400 mUSD" }).click();
    await clientPage.waitForURL(/\/hours\/\d+$/, { timeout: TX_TIMEOUT });
    assert.equal(wallet.requestsOf("eth_signTypedData_v4").length, 1, "one permit signature");
    assert.equal(wallet.requestsOf("eth_sendTransaction").length, 1, "one transaction");
    const bankId = BigInt(new URL(clientPage.url()).pathname.split("/").pop()!);
    assert.equal(start.client - (await usdOf(client.address)), total, "the client paid exactly the total");
    const bank = await chain.readContract({
      address: hourBank,
      abi: hourBankAbi,
      functionName: "bankOf",
      args: [bankId],
    });
    assert.equal(bank.arbiter, arbiter, "the local deployment's default arbiter is the node's account 2");
    assert.equal(bank.minutesLeft, 7_200);

    // The client shares 40 hours with a member.
    await clientPage.getByLabel("Member address").fill(member.address);
    await clientPage.getByLabel("Hours for the member").fill("40");
    await act(clientPage, "Share hours", "Share 40 hours");
    await clientPage.getByRole("table", { name: "Shares" }).getByRole("cell", { name: "40 h" }).waitFor();

    // The vendor logs three entries: 10 h and 2 h to the client's pool, 5 h to the member's share.
    await vendorPage.goto(`/hours/${bankId}`);
    const logForm = vendorPage.getByRole("form", { name: "Log hours" });
    const log = async (to: string, hours: string, note: string) => {
      await logForm.getByLabel("Charge to").selectOption(to.toLowerCase());
      await logForm.getByLabel("Hours", { exact: true }).fill(hours);
      await logForm.getByLabel("Timesheet note").fill(note);
      await act(vendorPage, "Log hours", `Log ${hours} hours`);
    };
    await log(client.address, "10", "Translated the onboarding guide (Ana).");
    await log(member.address, "5", "Support tickets for the member's team (Ben).");
    await log(client.address, "2", "Proofread the release notes (Ana).");
    assert.equal(
      (await chain.readContract({ address: hourBank, abi: hourBankAbi, functionName: "bankOf", args: [bankId] }))
        .logCount,
      3,
    );

    // The vendor's list shows the three pending payments and when each releases.
    await vendorPage.goto(`/hours?address=${vendor.address.toLowerCase()}`);
    const pending = vendorPage.getByRole("table", { name: `Pending payments of hour bank ${bankId}` });
    await pending.waitFor();
    assert.equal(await pending.getByRole("row").count(), 4, "a header and three pending logs");
    await pending.getByRole("cell", { name: "450 mUSD" }).waitFor();

    // The client contests log 0 with a reason; the member approves its own log 1 early.
    await clientPage.reload();
    await clientPage.getByLabel("Reason to contest log 0").fill("Only half of the guide was translated.");
    await act(clientPage, "Contest log 0", "Contest log 0");
    await clientPage
      .getByTestId("log-0-state")
      .getByText(/Contested/)
      .waitFor();
    const memberPage = await open(member.key, `/hours/${bankId}`);
    assert.equal(await memberPage.getByRole("button", { name: "Approve log 0" }).count(), 0, "not the member's log");
    await act(memberPage, "Approve log 1", "Approve log 1");
    await memberPage
      .getByTestId("log-1-state")
      .getByText(/Paid: .* \(approved early\)/)
      .waitFor();

    // Log 2's review window passes without a word: the vendor releases it.
    await advance(3 * DAY + 60);
    await vendorPage.goto(`/hours/${bankId}`);
    await act(vendorPage, "Release log 2", "Release log 2");

    // The arbiter finds the contested log among its disputes and rules 60% to the vendor on the bank page.
    const arbiterPage = await open(ARBITER_KEY, "/arbiter");
    await arbiterPage
      .getByRole("list", { name: "Contested hour logs" })
      .getByRole("link", { name: `Hour bank ${bankId}, log 0` })
      .click();
    await arbiterPage.waitForURL(new RegExp(`/hours/${bankId}$`));
    await arbiterPage.getByLabel("Share of log 0 to the vendor (%)").fill("60");
    const frozen = 600n * 750_000n;
    const arbiterFee = (frozen * BigInt(bank.arbiterFeeBps)) / 10_000n;
    const vendorPart = (arbiterFee * 4_000n) / 10_000n;
    const vendorGross = (frozen * 6_000n) / 10_000n - vendorPart;
    const ruledToClient = frozen - (frozen * 6_000n) / 10_000n - (arbiterFee - vendorPart);
    await arbiterPage.getByLabel("Ruling preview for log 0").locator(`[data-wei="${ruledToClient}"]`).waitFor();
    await act(arbiterPage, "Rule on log 0", "Rule on log 0");

    // At expiry the client refunds the unlogged 103 hours.
    await advance(90 * DAY);
    await clientPage.reload();
    const unlogged = (7_200n - 600n - 300n - 120n) * 750_000n;
    await act(clientPage, `Refund ${(Number(unlogged) / 1e6).toLocaleString("en-US")} mUSD`, "Refund unused hours");

    // The books, to the unit: on chain…
    const feeBps = BigInt(bank.feeBps);
    const paid = [300n * 750_000n, 120n * 750_000n];
    const fees = paid.reduce((t, g) => t + feeOn(g, feeBps), 0n) + feeOn(vendorGross, feeBps);
    const toVendor = paid.reduce((t, g) => t + g, 0n) + vendorGross - fees;
    const end = await balances({ client: client.address, vendor: vendor.address, arbiter, bank: hourBank });
    assert.equal(end.vendor - start.vendor, toVendor, "vendor");
    assert.equal(end.arbiter - start.arbiter, arbiterFee, "arbiter");
    assert.equal(end.client - start.client, -total + ruledToClient + unlogged, "client");
    assert.equal(end.bank - start.bank, fees, "the bank keeps only the platform fees");
    const closed = await chain.readContract({
      address: hourBank,
      abi: hourBankAbi,
      functionName: "bankOf",
      args: [bankId],
    });
    assert.equal(closed.feesAccrued, fees);
    assert.equal(toVendor + arbiterFee + ruledToClient + unlogged + fees, total);

    // …and on the page, as each party reads it.
    await clientPage.reload();
    const wei = async (key: string) => BigInt((await clientPage.getByTestId(`books-${key}`).getAttribute("data-wei"))!);
    assert.equal(await wei("funded"), total);
    assert.equal(await wei("toVendor"), toVendor);
    assert.equal(await wei("fees"), fees);
    assert.equal(await wei("arbiterFees"), arbiterFee);
    assert.equal(await wei("toClient"), ruledToClient + unlogged);
    for (const key of ["unlogged", "pending", "contested"]) assert.equal(await wei(key), 0n, key);
    await clientPage.getByText("Every unit funded is accounted for, to the smallest unit.").waitFor();
    await clientPage
      .getByTestId("log-0-state")
      .getByText(/Ruled: 60% to the vendor/)
      .waitFor();

    // The member's list shows its share of the bank; the page fits a phone and passes axe.
    await memberPage.goto(`/hours?address=${member.address.toLowerCase()}`);
    await memberPage.getByRole("link", { name: `Hour bank ${bankId}` }).waitFor();
    await memberPage.getByText("You are: member").first().waitFor();
    // The vendor's public page counts the bank it served, from the index.
    const served = memberPage
      .getByRole("region", { name: "Hour banks" })
      .getByText(/^Served 1 hour bank, 0 active now/);
    for (let tries = 0; tries < 20 && !(await served.isVisible()); tries++) {
      await memberPage.goto(`/vendors/${vendor.address}`);
      if (!(await served.isVisible())) await memberPage.waitForTimeout(500);
    }
    await served.waitFor();
    await clientPage.setViewportSize({ width: 375, height: 800 });
    const overflow = await clientPage.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(overflow <= 375, `the bank page is ${overflow} px wide at 375 px`);
    await expectAccessible(clientPage, "the hour bank page");
  });
  it("buys in ETH for the exact value, tops up, asks for work and closes early paying the notice", async () => {
    const [client, vendor] = await Promise.all([fundedAccount(stack), fundedAccount(stack)]);
    await register(vendor);
    const vendorPage = await open(vendor.key, "/hours/terms");
    const terms = vendorPage.getByRole("form", { name: "Hour bank terms" });
    await terms.getByLabel("Token").selectOption({ label: "ETH" });
    await terms.getByLabel("Hourly rate (ETH)").fill("0.06");
    await terms.getByLabel(/Notice owed/).fill("2");
    await terms.getByLabel(/Discount tiers/).fill("");
    await act(vendorPage, "Publish terms", "Publish terms in ETH");
    await vendorPage.getByText("0.06 ETH an hour; no volume discount; 2 h of notice").waitFor();

    const clientPage = await open(client.key, `/hours/buy?vendor=${vendor.address}`);
    const wallet = sessions.at(-1)!.wallet;
    const buy = clientPage.getByRole("form", { name: "Buy a bank of hours" });
    await buy.getByLabel("Hours", { exact: true }).fill("10");
    await buy.getByTestId("buy-tier").getByText("list price").waitFor();
    await buy.getByRole("button", { name: "Buy 10 hours for 0.6 ETH" }).click();
    await clientPage.waitForURL(/\/hours\/\d+$/, { timeout: TX_TIMEOUT });
    const bankId = BigInt(new URL(clientPage.url()).pathname.split("/").pop()!);
    const [sent] = wallet.requestsOf("eth_sendTransaction");
    assert.equal(BigInt((sent.params as { value: string }[])[0].value), 600_000_000_000_000_000n, "exactly the total");

    await clientPage.getByLabel("Hours to add").fill("5");
    await act(clientPage, "Top up 5 hours for 0.3 ETH", "Top up 5 hours");
    await clientPage.getByTestId("minutes-left").getByText("15 h").waitFor();
    await clientPage.getByLabel("What you need done").fill("Translate the FAQ into German.");
    await act(clientPage, "Send request", "Request work");
    await vendorPage.goto(`/hours/${bankId}`);
    await vendorPage.getByRole("link", { name: "request" }).waitFor();

    // Closing before expiry pays the vendor its 2 hours of notice and refunds the other 13.
    const bankBefore = await chain.getBalance({ address: hourBank });
    const vendorBefore = await chain.getBalance({ address: vendor.address as Hex });
    await act(clientPage, "Refund 0.78 ETH", "Refund unused hours");
    const bank = await chain.readContract({
      address: hourBank,
      abi: hourBankAbi,
      functionName: "bankOf",
      args: [bankId],
    });
    const notice = 120n * 1_000_000_000_000_000n;
    const fee = feeOn(notice, BigInt(bank.feeBps));
    assert.equal((await chain.getBalance({ address: vendor.address as Hex })) - vendorBefore, notice - fee);
    assert.equal(bankBefore - (await chain.getBalance({ address: hourBank })), 780_000_000_000_000_000n + notice - fee);
    await clientPage.reload();
    const wei = async (key: string) => BigInt((await clientPage.getByTestId(`books-${key}`).getAttribute("data-wei"))!);
    assert.equal(await wei("funded"), 900_000_000_000_000_000n);
    assert.equal(await wei("toClient"), 780_000_000_000_000_000n);
    assert.equal(await wei("toVendor"), notice - fee);
    assert.equal(await wei("fees"), fee);
    await clientPage.getByText("Every unit funded is accounted for, to the smallest unit.").waitFor();
  });
});
