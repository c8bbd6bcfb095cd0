/**
 * A client's whole journey in Chromium with the test wallet, against the real contracts and the
 * real indexer: connect, sign in, post a two-milestone mUSD job with a permit in one transaction,
 * see matches, hire from a vendor's signed quote, approve the submitted milestone, rate. After
 * each step the chain, the index and the page agree. A rejected signature and a wallet on the
 * wrong network change nothing. axe-core checks every page on the way.
 *
 * The vendor acts from Node with its Hardhat key (register, quote, submit), as a second browser
 * would; the steps share one job, so they run in order.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Page } from "playwright-core";
import { testAccount } from "../../../scripts/dev/accounts.ts";
import { graphql } from "../../../scripts/dev/probes.ts";
import { expectAccessible } from "../support/axe.ts";
import { MilestoneState, NodeVendor, contracts, provider, sendAndIndex } from "./support/actors.ts";
import { connect, openApp, short, signIn, type Session } from "./support/session.ts";
import { Wallet } from "ethers";
import { browser, browserSuite, skipWithoutWeb, stack } from "./support/suite.ts";

const CLIENT = testAccount(14);
const VENDOR = testAccount(17);
const USD = 10n ** 6n;
const AMOUNTS = [400n * USD, 600n * USD];
const TOTAL = AMOUNTS[0] + AMOUNTS[1];
const SKILL = "solidity";
const TITLE = "Audit the payment splitter";

let client: Session;
let vendor: NodeVendor;
let jobId: bigint;

browserSuite({
  setUp: async () => {
    // The client holds mUSD (open mint on the local chain); the vendor is registered with the skill.
    const { usd } = await contracts(stack, new Wallet(CLIENT.privateKey, provider(stack)));
    await sendAndIndex(stack, () => usd.mint(CLIENT.address, 5_000n * USD));
    vendor = new NodeVendor(stack, VENDOR.privateKey);
    await vendor.register([SKILL, "typescript", "react"], { name: "Vera Okafor", bio: "Smart-contract reviews." });
  },
});

/** The transaction helper's status region, where every step ends with "<label>: Done.". */
function status(page: Page) {
  return page.getByRole("status", { name: "Transaction status" });
}

async function done(page: Page, label: string): Promise<void> {
  await status(page).getByText(`${label}: Done.`).waitFor();
}

async function chainJob() {
  const { escrow } = await contracts(stack);
  const job = await escrow.jobOf(jobId);
  const milestones = await Promise.all([0, 1].map((i) => escrow.milestoneOf(jobId, i)));
  return { job, milestones };
}

interface IndexedJob {
  status: string;
  client: { id: string };
  vendor: { id: string } | null;
  token: { id: string };
  totalAmount: string;
  milestones: { index: number; state: string; amount: string; paidToVendor: string }[];
  ratings: { score: number; rater: { id: string } }[];
}

async function indexedJob(): Promise<IndexedJob> {
  const { job } = await graphql<{ job: IndexedJob }>(
    stack.graphqlUrl,
    `
      query ($id: ID!) {
        job(id: $id) {
          status
          client {
            id
          }
          vendor {
            id
          }
          token {
            id
          }
          totalAmount
          milestones(orderBy: index) {
            index
            state
            amount
            paidToVendor
          }
          ratings {
            score
            rater {
              id
            }
          }
        }
      }
    `,
    { id: jobId.toString() },
  );
  return job;
}

/** The milestone states the page shows ("Milestone 1: Funded" headings), in order. */
async function pageStates(page: Page): Promise<string[]> {
  const headings = await page.getByRole("heading", { level: 3, name: /^Milestone \d+: / }).allTextContents();
  return headings.map((h) => h.replace(/^Milestone \d+: /, "").trim());
}

const STATE_NAMES = Object.fromEntries(Object.entries(MilestoneState).map(([name, n]) => [n, name]));

/** The page, the chain and the index show the same milestone states. */
async function expectAgreement(page: Page, expected: string[]): Promise<void> {
  const { milestones } = await chainJob();
  assert.deepEqual(
    milestones.map((m) => STATE_NAMES[Number(m.state)]),
    expected,
    "chain",
  );
  assert.deepEqual(
    (await indexedJob()).milestones.map((m) => m.state),
    expected,
    "index",
  );
  assert.deepEqual(await pageStates(page), expected, "page");
}

async function jobCount(): Promise<bigint> {
  const { escrow } = await contracts(stack);
  return (await escrow.jobCount()) as bigint;
}

/** Fills the post-a-job form: two mUSD milestones, invite-only, the vendor's skill. */
async function fillJobForm(page: Page, { balance = true } = {}): Promise<void> {
  const form = page.getByRole("form", { name: "Post a job" });
  await form.getByLabel("Job title").fill(TITLE);
  await form.getByLabel("Description").fill("Review the splitter contract and its tests; report findings by severity.");
  await form.getByRole("checkbox", { name: SKILL, exact: true }).check();
  await form.getByLabel("Payment token").selectOption({ label: "mUSD" });
  if (balance) await form.getByText(/Your balance: .*mUSD/).waitFor();
  for (const [i, amount] of AMOUNTS.entries()) {
    await form
      .getByLabel(`Milestone ${i + 1} title`, { exact: true })
      .fill(i === 0 ? "Findings report" : "Fixes reviewed");
    await form.getByLabel(`Milestone ${i + 1} amount`, { exact: true }).fill((amount / USD).toString());
  }
  await form.getByRole("radio", { name: "Invite: hire from a vendor's signed quote" }).check();
}

describe("client journey", { skip: skipWithoutWeb }, () => {
  it("a wallet on the wrong network cannot post: nothing is signed or sent", async () => {
    const session = await openApp(browser, stack, CLIENT.privateKey, { chainId: 1, path: "/jobs/new" });
    const before = await jobCount();
    await connect(session.page);
    await session.page.getByRole("alert").filter({ hasText: "Wrong network" }).waitFor();
    await fillJobForm(session.page, { balance: false });
    await session.page.getByRole("button", { name: "Post and fund job" }).click();
    await status(session.page)
      .getByText("Post and fund job: Failed: switch your wallet to Hardhat (local) first; nothing was sent")
      .waitFor();
    assert.deepEqual(session.wallet.requestsOf("eth_sendTransaction", "eth_signTypedData_v4"), []);
    assert.equal(await jobCount(), before);
    await session.context.close();
  });

  it("connects, signs in and posts a two-milestone mUSD job with a permit in one transaction (after a rejected permit changed nothing)", async () => {
    client = await openApp(browser, stack, CLIENT.privateKey, { path: "/jobs/new" });
    const { page, wallet } = client;
    await expectAccessible(page, "post a job (no wallet)");
    await connect(page);
    await signIn(page);
    await fillJobForm(page);
    const totals = page.getByRole("region", { name: "Totals" });
    await totals
      .getByText(/1,000 mUSD/)
      .first()
      .waitFor();
    await expectAccessible(page, "post a job (filled in)");

    const { usd } = await contracts(stack);
    const balanceBefore = (await usd.balanceOf(CLIENT.address)) as bigint;
    const countBefore = await jobCount();

    // First the user rejects the permit in the wallet: nothing is sent, nothing changes.
    wallet.rejectNext("eth_signTypedData_v4");
    await page.getByRole("button", { name: "Post and fund job" }).click();
    await status(page).getByText("Permit signature: Rejected in your wallet. Nothing was sent.").waitFor();
    assert.equal(await jobCount(), countBefore);
    assert.equal(await usd.balanceOf(CLIENT.address), balanceBefore);
    assert.equal(wallet.requestsOf("eth_sendTransaction").length, 0);

    await page.getByRole("button", { name: "Post and fund job" }).click();
    await page.waitForURL(/\/jobs\/\d+$/, { timeout: 60_000 });
    jobId = BigInt(new URL(page.url()).pathname.split("/").pop()!);
    assert.equal(jobId, countBefore + 1n, "the new job is the next id");

    // One permit signature (after the rejected one) and one transaction: no separate approval.
    assert.deepEqual(
      wallet.requestsOf("eth_signTypedData_v4").map((r) => r.outcome),
      ["rejected", "ok"],
    );
    assert.equal(wallet.requestsOf("eth_sendTransaction").length, 1);
    assert.equal(await usd.allowance(CLIENT.address, stack.contracts.MosaicEscrow), 0n);
    assert.equal(balanceBefore - ((await usd.balanceOf(CLIENT.address)) as bigint), TOTAL);

    const { job, milestones } = await chainJob();
    assert.equal(job.client, CLIENT.address);
    assert.equal(job.token, stack.contracts.MockUSD);
    assert.equal(Number(job.milestoneCount), 2);
    assert.deepEqual(
      milestones.map((m) => m.amount as bigint),
      AMOUNTS,
    );
    await page.getByRole("heading", { level: 1, name: TITLE }).waitFor();
    await page.getByText("Verified", { exact: true }).first().waitFor();
    await expectAgreement(page, ["Funded", "Funded"]);
    const indexed = await indexedJob();
    assert.equal(indexed.client.id, CLIENT.address.toLowerCase());
    assert.equal(indexed.totalAmount, TOTAL.toString());
    await expectAccessible(page, "the new job's page");
  });

  it("sees the vendors that match, with the score breakdown", async () => {
    const { page } = client;
    await page.getByRole("link", { name: "See matching vendors" }).click();
    await page.waitForURL(/\/matches$/);
    const ranked = page.getByRole("list", { name: "Ranked vendors" });
    await ranked.getByRole("listitem").first().waitFor();
    await ranked.getByRole("heading", { level: 2, name: new RegExp(VENDOR.address, "i") }).waitFor();
    await page.getByRole("table", { name: "Score breakdown" }).first().waitFor();
    await expectAccessible(page, "the matches page");
  });

  it("hires the vendor from its signed quote in one transaction", async () => {
    const { page, wallet } = client;
    await vendor.quote(jobId, TOTAL, "I can start Monday.");
    await page.goto(`/jobs/${jobId}`);
    await page.getByRole("heading", { level: 2, name: "Quotes" }).waitFor();
    const sentBefore = wallet.requestsOf("eth_sendTransaction").length;
    await page.getByRole("button", { name: `Hire ${short(VENDOR.address)} from this quote` }).click();
    await done(page, `Hire ${short(VENDOR.address)}`);
    assert.equal(wallet.requestsOf("eth_sendTransaction").length, sentBefore + 1);
    // "Done." names the transaction, so the client can look it up.
    const statusText = await status(page).innerText();
    assert.match(statusText, /Done\. Transaction 0x[0-9a-f]{64}\./, statusText);
    const { job } = await chainJob();
    assert.equal(job.vendor, VENDOR.address);
    assert.equal((await indexedJob()).vendor?.id, VENDOR.address.toLowerCase());
    await page.getByText(VENDOR.address.toLowerCase()).first().waitFor();
    await expectAccessible(page, "the job page after hiring");
  });

  it("a rejected transaction leaves the milestone as it was", async () => {
    const { page, wallet } = client;
    const sentBefore = wallet.requestsOf("eth_sendTransaction").length;
    wallet.rejectNext("eth_sendTransaction");
    // Nothing is delivered yet: approving asks first, in words, and only "Yes" goes to the wallet.
    await page.getByRole("button", { name: "Approve milestone 2" }).click();
    const confirm = page.getByRole("alertdialog", { name: "Confirm: Approve milestone 2" });
    await confirm.getByText(/Nothing has been delivered for milestone 2 yet/).waitFor();
    await confirm.getByRole("button", { name: "Keep it as it is" }).click();
    await confirm.waitFor({ state: "detached" });
    assert.equal(wallet.requestsOf("eth_sendTransaction").length, sentBefore, "keeping it sends nothing");
    await page.getByRole("button", { name: "Approve milestone 2" }).click();
    await confirm.getByRole("button", { name: "Yes, approve milestone 2" }).click();
    await status(page).getByText("Approve milestone 2: Rejected in your wallet. Nothing was sent.").waitFor();
    await expectAgreement(page, ["Funded", "Funded"]);
  });

  it("an action on the wrong network is refused before the wallet is asked", async () => {
    const { page, wallet } = client;
    const sent = wallet.requestsOf("eth_sendTransaction").length;
    await wallet.switchChain(1);
    const banner = page.getByRole("alert").filter({ hasText: "Wrong network" });
    await banner.waitFor();
    await page.getByRole("button", { name: "Approve milestone 2" }).click();
    await page.getByRole("button", { name: "Yes, approve milestone 2" }).click();
    await status(page)
      .getByText("Approve milestone 2: Failed: switch your wallet to Hardhat (local) first; nothing was sent")
      .waitFor();
    assert.equal(wallet.requestsOf("eth_sendTransaction").length, sent);
    await expectAgreement(page, ["Funded", "Funded"]);
    await page.getByRole("button", { name: "Switch to Hardhat (local)" }).click();
    await banner.waitFor({ state: "detached" });
  });

  it("approves the milestone the vendor submitted, and the vendor is paid less the platform fee", async () => {
    const { page } = client;
    await vendor.submit(jobId, 0, "Findings report: two medium issues, five low; fixes proposed in the PR.");
    await page.reload();
    await expectAgreement(page, ["Submitted", "Funded"]);
    const { usd } = await contracts(stack);
    const vendorBefore = (await usd.balanceOf(VENDOR.address)) as bigint;
    await page.getByRole("button", { name: "Approve milestone 1" }).click();
    await done(page, "Approve milestone 1");
    await page.getByRole("heading", { level: 3, name: "Milestone 1: Paid" }).waitFor();
    await expectAgreement(page, ["Paid", "Funded"]);
    const { job } = await chainJob();
    // Amounts are whole multiples of 10,000 units, so rounding the fee up or down gives the same figure.
    const fee = (AMOUNTS[0] * BigInt(job.feeBps)) / 10_000n;
    assert.equal(((await usd.balanceOf(VENDOR.address)) as bigint) - vendorBefore, AMOUNTS[0] - fee);
    assert.equal((await indexedJob()).milestones[0].paidToVendor, (AMOUNTS[0] - fee).toString());
  });

  it("rates the vendor, once", async () => {
    const { page } = client;
    await page.getByLabel("Score").selectOption("5");
    await page.getByRole("button", { name: "Rate the vendor" }).click();
    await done(page, "Rate the vendor");
    const { ratings } = await indexedJob();
    assert.deepEqual(ratings, [{ score: 5, rater: { id: CLIENT.address.toLowerCase() } }]);
    await page.reload();
    assert.equal(await page.getByRole("button", { name: "Rate the vendor" }).count(), 0);
    await expectAccessible(page, "the job page after rating");
  });

  it("finds the job under My jobs", async () => {
    const { page } = client;
    await page.goto("/me");
    const list = page.getByRole("list", { name: "My jobs" });
    await list.getByRole("link", { name: TITLE }).waitFor();
    await expectAccessible(page, "my jobs");
  });
});
