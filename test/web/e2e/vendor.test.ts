/// <reference lib="dom" />
/**
 * The vendor's and the arbiter's journeys in the browser with the test wallet, against the real
 * contracts, indexer and document API. The other side of each journey (a client posting and
 * funding, a keeper releasing) is played from Node with fresh accounts, so nothing here depends on
 * the seeded market or on other test files' accounts.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { BrowserContext, Page } from "playwright-core";
import { createWalletClient, http, parseEther, parseEventLogs, zeroAddress, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { mosaicEscrowAbi } from "@mosaic/sdk/contracts";
import { skillTag } from "../../../matching/index.ts";
import { expectAccessible } from "../support/axe.ts";
import { newContext } from "../support/browser.ts";
import { TestWallet } from "../support/wallet.ts";
import { fundedAccount, rpc as rpcOn, waitForIndexedBlock } from "./support/chain.ts";
import { browser, browserSuite, chain, stack } from "./support/suite.ts";

const DAY = 86_400;
/** A well-formed CID for specs, deliverables and evidence the test does not read back. */
const SOME_CID = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
const TX_TIMEOUT = 180_000;

const rpc = <T>(method: string, params: unknown[] = []) => rpcOn<T>(stack, method, params);

async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(stack.graphqlUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (!body.data) throw new Error(body.errors?.[0]?.message ?? `HTTP ${response.status}`);
  return body.data;
}

const waitForIndex = (block: bigint) => waitForIndexedBlock(stack, block);

/** A fresh account with 1,000 ETH: no other test or seed ever used it. */
const freshAccount = () => fundedAccount(stack, "1000");
type Actor = Awaited<ReturnType<typeof freshAccount>>;

const escrow = () => stack.contracts.MosaicEscrow as `0x${string}`;

/** The runtime code of contracts/mocks/RejectingReceiver.sol (refuses ETH with NotAccepting()). */
async function rejectingReceiverCode(): Promise<Hex> {
  const { readFile } = await import("node:fs/promises");
  const artifact = JSON.parse(
    await readFile(
      new URL("../../../artifacts/contracts/mocks/RejectingReceiver.sol/RejectingReceiver.json", import.meta.url),
      "utf8",
    ),
  ) as { deployedBytecode: Hex };
  return artifact.deployedBytecode;
}

async function send(actor: Actor, functionName: string, args: readonly unknown[], value?: bigint) {
  const hash = await actor.wallet.writeContract({
    address: escrow(),
    abi: mosaicEscrowAbi,
    functionName,
    args,
    value,
    chain: null,
  } as never);
  const receipt = await chain.waitForTransactionReceipt({ hash });
  assert.equal(receipt.status, "success", `${functionName} reverted`);
  await waitForIndex(receipt.blockNumber);
  return receipt;
}

async function chainTime(): Promise<number> {
  return Number((await chain.getBlock()).timestamp);
}

/** Posts and funds an ETH job; returns its id. */
async function postJob(
  client: Actor,
  options: { open: boolean; skills?: `0x${string}`[]; amounts: string[]; arbiter?: string; arbiterFeeBps?: number },
): Promise<bigint> {
  const now = await chainTime();
  const milestones = options.amounts.map((a, i) => ({
    amount: parseEther(a),
    bonus: 0n,
    deadline: now + (30 + i) * DAY,
    outcomeDeadline: 0,
  }));
  const receipt = await send(client, "postJob", [
    {
      token: zeroAddress,
      arbiter: options.arbiter ?? zeroAddress,
      arbiterFeeBps: options.arbiterFeeBps ?? 0,
      reviewWindow: DAY,
      open: options.open,
      minRating: 0,
      minPaidJobs: 0,
      requiredSkills: options.skills ?? [],
      specCid: SOME_CID,
    },
    milestones,
  ]);
  const [posted] = parseEventLogs({ abi: mosaicEscrowAbi, eventName: "JobPosted", logs: receipt.logs });
  const jobId = (posted.args as { jobId: bigint }).jobId;
  const total = milestones.reduce((t, m) => t + m.amount, 0n);
  await send(client, "fund", [jobId, 0n, BigInt(milestones.length)], total);
  return jobId;
}

async function advance(seconds: number): Promise<void> {
  await rpc("evm_increaseTime", [seconds]);
  await rpc("evm_mine");
  await waitForIndex(await chain.getBlockNumber());
}

async function openAs(actor: Actor): Promise<{ context: BrowserContext; page: Page; wallet: TestWallet }> {
  const wallet = new TestWallet({ rpcUrl: stack.rpcUrl, nodeChainId: stack.chainId, privateKey: actor.key });
  const context = await newContext(browser, stack.webUrl);
  await wallet.install(context);
  const page = await context.newPage();
  return { context, page, wallet };
}

/** Connects the test wallet from the header, as a user would; the page then shows the account's data. */
async function connect(page: Page, address: string): Promise<void> {
  await page.getByRole("banner").getByRole("button", { name: "Connect wallet", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Connect a wallet" });
  await dialog.getByRole("button", { name: "Mosaic Test Wallet" }).click();
  await page.getByText(/^Connected: 0x/).waitFor();
  await page.waitForURL(new RegExp(`address=${address.toLowerCase()}`));
}

/** Waits for the transaction flow labelled `label` to end, and fails with its message unless it is done. */
async function expectDone(page: Page, label: string | RegExp): Promise<void> {
  const source = typeof label === "string" ? label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") : label.source;
  const end = page
    .getByRole("status", { name: "Transaction status" })
    .filter({ hasText: new RegExp(`${source}: (Done\\.|Reverted|Failed|Rejected)`) });
  await end.first().waitFor({ timeout: TX_TIMEOUT });
  const text = await end.first().innerText();
  assert.match(text, /: Done\./, text);
}

browserSuite();

describe("vendor journey", () => {
  let vendor: Actor;
  let client: Actor;
  let keeper: Actor;
  let session: Awaited<ReturnType<typeof openAs>>;
  let jobId: bigint;
  const skill = `e2e-${Math.random().toString(36).slice(2, 8)}`;

  before(async () => {
    [vendor, client, keeper] = await Promise.all([freshAccount(), freshAccount(), freshAccount()]);
    session = await openAs(vendor);
  });
  after(async () => session?.context.close());

  it("registers a vendor profile from the profile editor", async () => {
    const { page } = session;
    await page.goto("/vendor/profile");
    await connect(page, vendor.address);
    await page.getByLabel("Name", { exact: true }).fill("E2E Vendor");
    await page.getByLabel("Other skills (comma-separated)").fill(skill);
    await page.getByLabel("Availability (hours per week)").fill("30");
    await page.getByLabel("Bio", { exact: true }).fill("Builds dApps end to end.");
    // A rate the registry cannot hold is called too high, not missing.
    await page.getByLabel("Hourly rate (USD)").fill("99999999999");
    await page.getByRole("button", { name: "Register as a vendor" }).click();
    await page.getByText(/That rate is too high: at most \$42,949,672\.95 per hour/).waitFor();
    await page.getByLabel("Hourly rate (USD)").fill("85");
    // Skill tags are the registry's slugs: anything else is refused here, with the slug to use.
    await page.getByLabel("Other skills (comma-separated)").fill(`${skill}, Smart Contracts`);
    await page.getByRole("button", { name: "Register as a vendor" }).click();
    await page.getByText(/"smart contracts" is not a skill tag: .*\(try "smart-contracts"\)/).waitFor();
    await page.getByLabel("Other skills (comma-separated)").fill(skill);
    // Every time zone in use, the :45 ones included.
    const zones = await page.getByLabel("Time zone").locator("option").allTextContents();
    for (const zone of ["UTC+05:45", "UTC+08:45", "UTC+12:45", "UTC+05:30", "UTC−09:30"]) {
      assert.ok(zones.includes(zone), `${zone} is offered`);
    }
    await page.getByText(/Saving costs about [\d,]+ gas/).waitFor();
    await expectAccessible(page);
    await page.getByRole("button", { name: "Register as a vendor" }).click();
    await expectDone(page, "Register as a vendor");
    const { vendor: indexed } = await graphql<{
      vendor: { registered: boolean; skills: string[]; hourlyRateCents: number } | null;
    }>(
      `
        query ($id: ID!) {
          vendor(id: $id) {
            registered
            skills
            hourlyRateCents
          }
        }
      `,
      { id: vendor.address.toLowerCase() },
    );
    assert.deepEqual(indexed, { registered: true, skills: [skillTag(skill)], hourlyRateCents: 8500 });
    // Removing the profile takes the vendor off the board: the page asks first, and "keep" sends nothing.
    await page.reload();
    const sent = session.wallet.requestsOf("eth_sendTransaction").length;
    await page.getByRole("button", { name: "Remove my profile" }).click();
    const confirm = page.getByRole("alertdialog", { name: "Confirm: Remove my profile" });
    await confirm.getByText(/clients can no longer find or hire you/).waitFor();
    await confirm.getByRole("button", { name: "Keep it as it is" }).click();
    await confirm.waitFor({ state: "detached" });
    assert.equal(session.wallet.requestsOf("eth_sendTransaction").length, sent);
  });

  it("shows the public profile without a wallet", async () => {
    const context = await newContext(browser, stack.webUrl);
    const page = await context.newPage();
    await page.goto(`/vendors/${vendor.address.toLowerCase()}`);
    await page.getByRole("heading", { name: "E2E Vendor" }).waitFor();
    await page.getByText("No ratings yet").waitFor();
    await expectAccessible(page);
    await context.close();
  });

  it("claims an open job it qualifies for in one transaction", async () => {
    jobId = await postJob(client, { open: true, skills: [skillTag(skill) as `0x${string}`], amounts: ["0.5", "0.3"] });
    const { page } = session;
    await page.goto("/vendor/jobs");
    const card = page
      .getByRole("listitem")
      .filter({ has: page.getByRole("heading", { name: new RegExp(`^Job ${jobId}:`) }) });
    await card.getByText("You qualify").waitFor();
    await expectAccessible(page);
    await card.getByRole("button", { name: `Claim job ${jobId}` }).click();
    await expectDone(page, `Claim job ${jobId}`);
    const { job } = await graphql<{ job: { vendor: { id: string } } }>(
      `
        query ($id: ID!) {
          job(id: $id) {
            vendor {
              id
            }
          }
        }
      `,
      { id: String(jobId) },
    );
    assert.equal(job.vendor.id, vendor.address.toLowerCase());
  });

  it("submits both milestones with deliverable documents", async () => {
    const { page } = session;
    await page.goto("/vendor/jobs");
    for (const n of [1, 2]) {
      await page.getByLabel(`Deliverable for milestone ${n}`).fill(`Milestone ${n} is done: see the repository.`);
      await page.getByRole("button", { name: `Submit milestone ${n}` }).click();
      await expectDone(page, `Submit milestone ${n}`);
    }
    const { job } = await graphql<{ job: { milestones: { state: string; deliverableCid: string }[] } }>(
      `
        query ($id: ID!) {
          job(id: $id) {
            milestones(orderBy: index) {
              state
              deliverableCid
            }
          }
        }
      `,
      { id: String(jobId) },
    );
    assert.deepEqual(
      job.milestones.map((m) => m.state),
      ["Submitted", "Submitted"],
    );
    const document = await (await fetch(`${stack.webUrl}/api/documents/${job.milestones[0].deliverableCid}`)).json();
    assert.equal(document.summary, "Milestone 1 is done: see the repository.");
  });

  it("is paid without the client once the review window is over", async () => {
    await advance(DAY + 60);
    const { page } = session;
    await page.goto("/vendor/jobs");
    await page.getByRole("button", { name: "Release payment for milestone 1" }).click();
    await expectDone(page, "Release milestone 1");
    const { payments } = await graphql<{ payments: { automatic: boolean; toVendor: string }[] }>(
      `
        query ($job: String!) {
          payments(where: { job: $job }) {
            automatic
            toVendor
          }
        }
      `,
      { job: String(jobId) },
    );
    assert.equal(payments.length, 1);
    assert.equal(payments[0].automatic, true);
  });

  it("withdraws a payment that could not be pushed to it, to another address", async () => {
    // The vendor's address refuses ETH while a keeper releases milestone 2, as a contract wallet would.
    await rpc("hardhat_setCode", [vendor.address, "0x60006000fd"]);
    await send(keeper, "release", [jobId, 1n]);
    await rpc("hardhat_setCode", [vendor.address, "0x"]);
    const owed = (await chain.readContract({
      address: escrow(),
      abi: mosaicEscrowAbi,
      functionName: "owed",
      args: [zeroAddress, vendor.address],
    })) as bigint;
    assert.ok(owed > 0n, "the payment was deferred");

    const recipient = privateKeyToAccount(generatePrivateKey()).address;
    const { page } = session;
    // The job's page says the payment is owed, not paid.
    await page.goto(`/jobs/${jobId}`);
    const owedRow = page.getByRole("row").filter({ hasText: /Owed to vendor/ });
    await owedRow.first().waitFor();
    assert.equal(
      await page
        .getByRole("row")
        .filter({ hasText: /Paid to vendor/ })
        .count(),
      1,
      "milestone 1 only",
    );

    await page.goto("/vendor/payouts");
    await page.getByRole("list", { name: "Owed balances" }).waitFor();
    await expectAccessible(page);
    const sentBefore = session.wallet.requestsOf("eth_sendTransaction").length;
    // No default destination: the vendor's own address is the one that refused the payment.
    await page.getByRole("button", { name: /^Withdraw / }).click();
    await page
      .getByRole("status", { name: "Transaction status" })
      .getByText(/Withdraw: Failed: enter the address to send to/)
      .waitFor();
    // A destination contract that refuses payments: the revert is decoded, never a raw selector.
    const refusing = privateKeyToAccount(generatePrivateKey()).address;
    await rpc("hardhat_setCode", [refusing, await rejectingReceiverCode()]);
    await page.getByLabel("Send to").fill(refusing);
    await page.getByRole("button", { name: /^Withdraw / }).click();
    const reverted = page
      .getByRole("status", { name: "Transaction status" })
      .filter({ hasText: /Withdraw [\d.]+ ETH: Reverted/ });
    await reverted.waitFor({ timeout: TX_TIMEOUT });
    const reason = await reverted.innerText();
    assert.match(reason, /refuses payments \(NotAccepting\)/, reason);
    assert.doesNotMatch(reason, /0x741d34dd/, reason);
    assert.equal(session.wallet.requestsOf("eth_sendTransaction").length, sentBefore, "nothing was sent");
    await page.getByLabel("Send to").fill(recipient);
    await page.getByRole("button", { name: /^Withdraw / }).click();
    await expectDone(page, /Withdraw [\d.]+ ETH/);
    assert.equal(await chain.getBalance({ address: recipient }), owed);
    assert.equal(
      await chain.readContract({
        address: escrow(),
        abi: mosaicEscrowAbi,
        functionName: "owed",
        args: [zeroAddress, vendor.address],
      }),
      0n,
    );
  });

  it("is hired on an invite job from a quote it signed in the browser", async () => {
    const invite = await postJob(client, { open: false, amounts: ["0.2"] });
    const { page, wallet } = session;
    await page.goto("/vendor/jobs");
    const before = wallet.requestsOf("eth_signTypedData_v4").length;
    await page.getByRole("button", { name: `Sign a quote for job ${invite} (0.2 ETH)` }).click();
    await page.getByText("Quote signed and sent to the client").waitFor({ timeout: TX_TIMEOUT });
    assert.equal(wallet.requestsOf("eth_signTypedData_v4").length, before + 1);

    // The stored quote (read with the vendor's session: quotes are private to the two parties) hires the vendor.
    const response = await page.request.get(`/api/documents?kind=quote&subject=job:${stack.chainId}:${invite}`);
    assert.equal(response.status(), 200);
    const listed = (await response.json()) as {
      documents: { content: { vendor: string; price: string; nonce: string; expiresAt: number; signature: Hex } }[];
    };
    assert.equal(listed.documents.length, 1);
    assert.equal(
      (await fetch(`${stack.webUrl}/api/documents?kind=quote&subject=job:${stack.chainId}:${invite}`)).status,
      401,
      "anyone else cannot list it",
    );
    const q = listed.documents[0].content;
    await send(client, "hire", [
      {
        jobId: invite,
        vendor: q.vendor,
        price: BigInt(q.price),
        nonce: BigInt(q.nonce),
        expiresAt: BigInt(q.expiresAt),
      },
      q.signature,
    ]);
    await page.goto("/vendor/jobs");
    const row = page
      .getByRole("table", { name: "Your quotes" })
      .getByRole("row")
      .filter({ hasText: `Job ${invite}` });
    assert.match(await row.innerText(), /hired/);
  });

  it("revokes every outstanding quote in one transaction", async () => {
    const invite = await postJob(client, { open: false, amounts: ["0.1"] });
    const { page } = session;
    await page.goto("/vendor/jobs");
    await page.getByRole("button", { name: `Sign a quote for job ${invite} (0.1 ETH)` }).click();
    await page.getByText("Quote signed and sent to the client").waitFor({ timeout: TX_TIMEOUT });
    await page.goto("/vendor/jobs");
    const row = () =>
      page
        .getByRole("table", { name: "Your quotes" })
        .getByRole("row")
        .filter({ hasText: `Job ${invite}` });
    assert.match(await row().innerText(), /pending/);
    await page.getByRole("button", { name: "Revoke all my quotes" }).click();
    await expectDone(page, "Revoke all quotes");
    await row().filter({ hasText: "revoked" }).waitFor();
  });

  it("rates the client of a paid job", async () => {
    const { page } = session;
    await page.goto("/vendor/jobs");
    await page.getByLabel(`Your rating of the client of job ${jobId}`).selectOption("4");
    await page.getByRole("button", { name: `Rate the client of job ${jobId}` }).click();
    await expectDone(page, `Rate the client of job ${jobId}`);
    const { job } = await graphql<{ job: { vendorRated: boolean } }>(
      `
        query ($id: ID!) {
          job(id: $id) {
            vendorRated
          }
        }
      `,
      {
        id: String(jobId),
      },
    );
    assert.equal(job.vendorRated, true);
  });
});

describe("arbiter journey", () => {
  it("rules a dispute with the slider, and both balances change as previewed", async () => {
    const [arbiter, client, vendor] = await Promise.all([freshAccount(), freshAccount(), freshAccount()]);
    const jobId = await postJob(client, { open: true, amounts: ["1"], arbiter: arbiter.address, arbiterFeeBps: 300 });
    await vendorRegisters(vendor);
    await send(vendor, "claim", [jobId, []]);
    await send(vendor, "submit", [jobId, 0n, SOME_CID]);
    await send(client, "dispute", [jobId, 0n, SOME_CID]);

    const { context, page } = await openAs(arbiter);
    await page.goto("/arbiter");
    await connect(page, arbiter.address);
    await page.getByRole("heading", { name: /Open disputes \(1\)/ }).waitFor();
    await page.getByRole("slider", { name: `Ruling for job ${jobId}, milestone 1` }).waitFor();
    await expectAccessible(page);
    // A negative exact ruling is refused as typed, not turned into 0 (which refuses to arbitrate).
    await page.getByLabel(/^Exact ruling/).fill("-5");
    await page.getByText(/A ruling is a whole number from 0 to 10001/).waitFor();
    assert.equal(await page.getByRole("button", { name: /^Rule: / }).isDisabled(), true);
    assert.doesNotMatch(await page.getByTestId("preview-ruling").innerText(), /^0 /);
    await page.getByLabel(/^Exact ruling/).fill("7001");
    await page.getByTestId("preview-ruling").filter({ hasText: "7001 (70.00% to the vendor)" }).waitFor();
    const toVendor = BigInt((await page.getByTestId("preview-vendor").getAttribute("data-wei"))!);
    const toClient = BigInt((await page.getByTestId("preview-client").getAttribute("data-wei"))!);
    // 1 ETH, 70% to the vendor; the 3% arbiter fee is charged 30% to the vendor and 70% to the
    // client (what the ruling denied each); the job's platform fee comes out of the vendor's part.
    assert.equal(toClient, parseEther("0.279"));
    assert.ok(toVendor > 0n && toVendor < parseEther("0.691"));

    const vendorBefore = await chain.getBalance({ address: vendor.address });
    const clientBefore = await chain.getBalance({ address: client.address });
    await page.getByRole("button", { name: "Rule: 70.00% to the vendor" }).click();
    await expectDone(page, `Rule on job ${jobId}, milestone 1`);
    assert.equal((await chain.getBalance({ address: vendor.address })) - vendorBefore, toVendor);
    assert.equal((await chain.getBalance({ address: client.address })) - clientBefore, toClient);
    await page.getByRole("heading", { name: /Resolved disputes \(1\)/ }).waitFor();
    // The job's payments table accounts for the whole milestone: the arbiter's fee has its row.
    await page.goto(`/jobs/${jobId}`);
    const fee = page.getByRole("row").filter({ hasText: "Arbiter's fee (dispute ruling)" });
    await fee.waitFor();
    assert.match(await fee.innerText(), /0\.03 ETH/);
    await page
      .getByRole("row")
      .filter({ hasText: /Paid to vendor/ })
      .first()
      .waitFor();
    await page
      .getByRole("row")
      .filter({ hasText: /Refunded to client/ })
      .first()
      .waitFor();
    await context.close();
  });
});

describe("curated skill tags", () => {
  /** Opens or closes tag creation by profiles, as the registry's owner (one of the node's accounts). */
  async function setTagCreation(open: boolean): Promise<void> {
    const { vendorRegistryAbi } = await import("@mosaic/sdk/contracts");
    const { testAccount } = await import("../../../scripts/dev/accounts.ts");
    const registry = stack.contracts.VendorRegistry as `0x${string}`;
    const owner = await chain.readContract({ address: registry, abi: vendorRegistryAbi, functionName: "owner" });
    const key = [0, 1, 2, 3].map(testAccount).find((a) => a.address.toLowerCase() === owner.toLowerCase())?.privateKey;
    assert.ok(key, "the registry's owner is one of the node's test accounts");
    const wallet = createWalletClient({ account: privateKeyToAccount(key as Hex), transport: http(stack.rpcUrl) });
    const hash = await wallet.writeContract({
      address: registry,
      abi: vendorRegistryAbi,
      functionName: "setTagCreationOpen",
      args: [open],
      chain: null,
    });
    await chain.waitForTransactionReceipt({ hash });
  }

  it("refuses a skill the curator has not added while tag creation is closed, before anything is sent", async () => {
    const vendor = await freshAccount();
    await setTagCreation(false);
    try {
      const { context, page, wallet } = await openAs(vendor);
      await page.goto("/vendor/profile");
      await connect(page, vendor.address);
      await page.getByLabel("Name", { exact: true }).fill("Curated Vendor");
      await page.getByLabel("Other skills (comma-separated)").fill("uncurated-skill");
      await page.getByLabel("Hourly rate (USD)").fill("60");
      await page.getByRole("button", { name: "Register as a vendor" }).click();
      await page
        .getByRole("alert")
        .filter({
          hasText: /"uncurated-skill" is not in Mosaic's skill list, and new skills are added by its curator only/,
        })
        .waitFor();
      assert.deepEqual(wallet.requestsOf("personal_sign", "eth_sendTransaction"), []);
      await context.close();
    } finally {
      await setTagCreation(true);
    }
  });
});

/** Registers from Node (the arbiter journey needs a vendor, not the profile editor). */
async function vendorRegisters(vendor: Actor): Promise<void> {
  const { vendorRegistryAbi } = await import("@mosaic/sdk/contracts");
  const hash = await vendor.wallet.writeContract({
    address: stack.contracts.VendorRegistry as `0x${string}`,
    abi: vendorRegistryAbi,
    functionName: "setProfile",
    args: [
      { hourlyRateCents: 5000, timezoneOffsetMinutes: 0, availabilityHours: 20 },
      [skillTag("solidity")],
      `0x${"22".repeat(32)}`, // the profile document's sha-256 digest
    ],
    chain: null,
  } as never);
  await chain.waitForTransactionReceipt({ hash });
}
