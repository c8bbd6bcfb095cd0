/// <reference lib="dom" />
/**
 * What a new client meets before money moves, in Chromium with the test wallet against the real
 * escrow and indexer: a pause shown before any input, a double-click on "Post and fund job" that
 * escrows once, the exact amount sent, the job shown from the chain while the index is paused
 * (an unreachable index said in plain words), the account menu with the transaction just sent,
 * and sessions that follow across tabs.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { describe, it } from "node:test";
import type { Page } from "playwright-core";
import { parseAbi, parseEther } from "viem";
import { fundedAccount, setNewBusinessPaused } from "./support/chain.ts";
import { connect, openApp, signIn, waitForNewJobPage } from "./support/session.ts";
import { browser, browserSuite, chain, skipWithoutWeb, stack } from "./support/suite.ts";

const ESCROW_ABI = parseAbi(["function jobCount() view returns (uint256)"]);

/** A fresh account with 100 ETH that no other test or the seed used. */
const freshAccount = () => fundedAccount(stack);

const escrow = () => stack.contracts.MosaicEscrow as `0x${string}`;
const jobCount = () => chain.readContract({ address: escrow(), abi: ESCROW_ABI, functionName: "jobCount" });

/** The process that serves the index's GraphQL port: stopping it is an index that does not answer. */
function indexerPid(): number {
  const port = new URL(stack.graphqlUrl).port;
  const out = execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
  const pid = /pid=(\d+)/.exec(out)?.[1];
  assert.ok(pid, `no process listens on the index's port ${port}: ${out}`);
  return Number(pid);
}

function status(page: Page) {
  return page.getByRole("status", { name: "Transaction status" });
}

/** An ETH job with amounts that have more than four decimals, invite-only. */
const AMOUNTS = ["0.123456789", "0.1"];
const TOTAL = "0.223456789";
const TITLE = "Translate the onboarding guide";

async function fillEthJob(page: Page, amounts: string[] = AMOUNTS): Promise<void> {
  const form = page.getByRole("form", { name: "Post a job" });
  await form.getByLabel("Job title").fill(TITLE);
  await form
    .getByLabel("Description")
    .fill("Translate the eight-page onboarding guide into Spanish, keeping the glossary.");
  await form.getByLabel("Other skills (comma-separated)").fill("translation");
  await form.getByLabel("Payment token").selectOption({ label: "ETH" });
  for (const [i, amount] of amounts.entries()) {
    await form.getByLabel(`Milestone ${i + 1} title`, { exact: true }).fill(i === 0 ? "First half" : "Second half");
    await form.getByLabel(`Milestone ${i + 1} amount`, { exact: true }).fill(amount);
  }
  await form.getByRole("radio", { name: "Invite: hire from a vendor's signed quote" }).check();
}

browserSuite();

describe("before money moves", { skip: skipWithoutWeb }, () => {
  it("shows a pause on the post-a-job page before any input, and the form sends nothing", async () => {
    const client = await freshAccount();
    await setNewBusinessPaused(stack, true);
    try {
      const { page, wallet, context } = await openApp(browser, stack, client.key, { path: "/jobs/new" });
      const banner = page.getByRole("alert", { name: "New business paused" });
      await banner.waitFor();
      assert.match(await banner.innerText(), /posting and funding jobs/);
      // Every page that starts new business shows it, before the visitor types anything.
      for (const path of ["/", "/vendor/jobs", "/vendor/profile"]) {
        await page.goto(path);
        await banner.waitFor();
      }
      await page.goto("/jobs/new");
      await connect(page);
      await fillEthJob(page);
      await page.getByRole("button", { name: "Post and fund job" }).click();
      await status(page).getByText("Post and fund job: Failed: new business is paused by the operator").waitFor();
      assert.deepEqual(wallet.requestsOf("personal_sign", "eth_sendTransaction"), []);
      await context.close();
    } finally {
      await setNewBusinessPaused(stack, false);
    }
  });

  it("a double-click on Post and fund job escrows once, sign-in and the spec upload included", async () => {
    const client = await freshAccount();
    const { page, wallet, context } = await openApp(browser, stack, client.key, { path: "/jobs/new" });
    await connect(page);
    await fillEthJob(page, ["0.1", "0.2"]);
    const countBefore = await jobCount();
    const balanceBefore = await chain.getBalance({ address: client.address });
    // Signed out: the first click signs in and stores the spec before the transaction; the second
    // click lands while that runs.
    await page.getByRole("button", { name: "Post and fund job" }).dblclick();
    await waitForNewJobPage(page);
    await page.getByRole("heading", { level: 1, name: TITLE }).waitFor({ timeout: 60_000 });
    assert.equal(await jobCount(), countBefore + 1n, "one job, not two");
    assert.equal(wallet.requestsOf("personal_sign").length, 1, "one sign-in");
    assert.equal(wallet.requestsOf("eth_sendTransaction").length, 1, "one transaction");
    const spent = balanceBefore - (await chain.getBalance({ address: client.address }));
    assert.ok(spent >= parseEther("0.3") && spent < parseEther("0.31"), `spent ${spent}`);
    await context.close();
  });

  it("sends the exact amount shown, and shows the job from the chain while the index is paused", async () => {
    const client = await freshAccount();
    const { page, wallet, context } = await openApp(browser, stack, client.key, { path: "/jobs/new" });
    await connect(page);
    await signIn(page);
    await fillEthJob(page);
    const totals = page.getByRole("region", { name: "Totals" });
    // The escrow total is what the wallet sends: every digit.
    await totals.getByText(`${TOTAL} ETH`, { exact: true }).first().waitFor();
    const countBefore = await jobCount();
    const balanceBefore = await chain.getBalance({ address: client.address });

    const indexer = indexerPid();
    process.kill(indexer, "SIGSTOP");
    let resumed = false;
    try {
      await page.getByRole("button", { name: "Post and fund job" }).click();
      const jobId = await waitForNewJobPage(page);
      assert.equal(jobId, countBefore + 1n);

      // The index does not answer: the page reads the escrow, says so plainly, names no server.
      const note = page.getByRole("status").filter({ hasText: /read from the escrow contract/ });
      await note.waitFor({ timeout: 60_000 });
      await page.getByRole("heading", { level: 3, name: "Milestone 1: Funded" }).waitFor();
      const text = await page.locator("main").innerText();
      assert.ok(text.includes(`${TOTAL} ETH`), `the exact total is shown: ${text}`);
      assert.ok(!text.includes(new URL(stack.graphqlUrl).host), "no internal address is shown");
      assert.doesNotMatch(text, /This page could not be found|404/);

      process.kill(indexer, "SIGCONT");
      resumed = true;
      // The index catches up and the full page replaces the chain view on its own.
      await page.getByRole("heading", { level: 1, name: TITLE }).waitFor({ timeout: 60_000 });
      await page.getByText(`${TOTAL} ETH`, { exact: true }).first().waitFor();
      await page.getByText("First half", { exact: true }).waitFor();

      // The account menu: the full address to copy, the balance, and the transaction just sent.
      await page.getByText(/^Connected: 0x/).click();
      const account = page.getByRole("group", { name: "Your account" });
      await account.getByRole("button", { name: "Copy address" }).waitFor();
      await account.getByText(client.address, { exact: true }).waitFor();
      await account.getByText(/^Balance: [\d.,]+ ETH$/).waitFor();
      const sent = account.getByRole("list", { name: "Your transactions" }).getByRole("listitem");
      assert.equal(await sent.count(), 1);
      assert.match(await sent.first().innerText(), /^Post and fund job: confirmed, .*0x[0-9a-f]{64}/s);

      assert.equal(wallet.requestsOf("eth_sendTransaction").length, 1);
      const spent = balanceBefore - (await chain.getBalance({ address: client.address }));
      assert.ok(spent >= parseEther(TOTAL) && spent < parseEther(TOTAL) + parseEther("0.01"), `spent ${spent}`);
    } finally {
      if (!resumed) process.kill(indexer, "SIGCONT");
      await context.close();
    }
  });

  it("signing out in one tab signs the other tab out too", async () => {
    const client = await freshAccount();
    const { page, context } = await openApp(browser, stack, client.key, { path: "/me" });
    await connect(page);
    await signIn(page);
    const other = await context.newPage();
    await other.goto("/me");
    await other.getByText("Signed in", { exact: true }).waitFor();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("button", { name: "Sign in with Ethereum" }).waitFor();
    // The other tab follows without a reload, and says so rather than failing on its next action.
    await other.getByRole("button", { name: "Sign in with Ethereum" }).waitFor();
    assert.equal(await other.getByText("Signed in", { exact: true }).count(), 0);
    await page.getByRole("button", { name: "Sign in with Ethereum" }).click();
    await page.getByText("Signed in", { exact: true }).waitFor();
    await other.getByText("Signed in", { exact: true }).waitFor();
    await context.close();
  });

  it("the connect dialog lists the announced wallet once, not also as a generic browser wallet", async () => {
    const client = await freshAccount();
    const { page, context } = await openApp(browser, stack, client.key, { path: "/" });
    await page.getByRole("button", { name: "Connect wallet" }).click();
    const list = page.getByRole("dialog", { name: "Connect a wallet" }).getByRole("list", { name: "Wallets" });
    await list.getByRole("button", { name: "Mosaic Test Wallet" }).waitFor();
    assert.deepEqual(await list.getByRole("listitem").allInnerTexts(), ["Mosaic Test Wallet"]);
    await context.close();
  });
});
