/**
 * A project's relay end to end, each party in its own browser with its own test wallet. Set up on
 * chain from Node: a client's project in mUSD with a relay part of three shift vendors (00:00-08:00,
 * 08:00-16:00 and 16:00-23:00 UTC, so one hour a day is a gap) and a second part that depends on
 * it, with a reviewer; one escrow job per shift and one for the second part, posted, funded,
 * claimed and linked. In the browser: shift 1's vendor posts a handoff from the project page (a
 * double click sends one transaction), shift 2 sees it first and posts its own, shift 3 sees the
 * latest. After payments made from Node (and a sub-job the FAQ's vendor funds and links itself, shown
 * but not counted in the client's money), the client's page shows the relay chart as the registry's
 * coverageOf counts it, and money per part and in total that matches the chain's balances to the
 * unit; the page fits a phone and passes axe.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Page } from "playwright-core";
import { erc20Abi, parseEventLogs, type Address, type Hex } from "viem";
import { mockUsdAbi, projectRegistryAbi, vendorRegistryAbi } from "@mosaic/sdk/contracts";
import { postAndFund, writeEscrow, type MosaicContext } from "@mosaic/sdk/jobs";
import { skillTag } from "../../../matching/index.ts";
import { expectAccessible } from "../support/axe.ts";
import { NodeVendor, chainNow } from "./support/actors.ts";
import { fundedAccount, waitForIndexedBlock } from "./support/chain.ts";
import { connect, openApp, type Session } from "./support/session.ts";
import { browser, browserSuite, chain, skipWithoutWeb, stack, deployedAddress } from "./support/suite.ts";

const DAY = 86_400;
const USD = 1_000_000n;
const TX_TIMEOUT = 120_000;
const SUPPORT = skillTag("support");

let registry: Address;
const sessions: Session[] = [];

type Actor = Awaited<ReturnType<typeof fundedAccount>>;

async function write(actor: Actor, address: string, abi: unknown, functionName: string, args: readonly unknown[]) {
  const hash = await actor.wallet.writeContract({ address, abi, functionName, args, chain: null } as never);
  const receipt = await chain.waitForTransactionReceipt({ hash });
  assert.equal(receipt.status, "success", `${functionName} reverted`);
  return receipt;
}

const ctxOf = (actor: Actor): MosaicContext => ({
  publicClient: chain,
  walletClient: actor.wallet,
  escrow: stack.contracts.MosaicEscrow as Address,
  registry: stack.contracts.VendorRegistry as Address,
});

const usdOf = (account: string) =>
  chain.readContract({
    address: stack.contracts.MockUSD as Hex,
    abi: erc20Abi,
    functionName: "balanceOf",
    args: [account as Hex],
  });

function register(vendor: Actor) {
  return write(vendor, stack.contracts.VendorRegistry, vendorRegistryAbi, "setProfile", [
    { hourlyRateCents: 4000, timezoneOffsetMinutes: 0, availabilityHours: 40 },
    [SUPPORT],
    `0x${"55".repeat(32)}`,
  ]);
}

async function open(key: string, path: string): Promise<Session> {
  const session = await openApp(browser, stack, key, { path });
  sessions.push(session);
  await connect(session.page);
  return session;
}

/** The flow labelled `label` ended; it must say Done (with the transaction's hash). */
async function done(page: Page, label: string): Promise<void> {
  const end = page
    .getByRole("status", { name: "Transaction status" })
    .filter({ hasText: new RegExp(`${label}: (Done\\.|Reverted|Failed|Rejected)`) });
  await end.first().waitFor({ timeout: TX_TIMEOUT });
  const text = await end.first().innerText();
  assert.match(text, /: Done\./, `${label} did not end in Done: ${text}`);
}

/** A cell's exact amount in the smallest unit (data-wei). */
async function wei(page: Page, testId: string): Promise<bigint> {
  return BigInt((await page.getByTestId(testId).getAttribute("data-wei")) ?? "NaN");
}

browserSuite({
  setUp: async () => {
    registry = deployedAddress("ProjectRegistry");
  },
});

describe("projects: relay and money", { skip: skipWithoutWeb }, () => {
  it("hands off twice around a relay, and the client's page adds up to the unit", async () => {
    const [client, v1, v2, v3, v4] = await Promise.all(Array.from({ length: 5 }, () => fundedAccount(stack)));
    const shiftVendors = [v1, v2, v3];
    await Promise.all([...shiftVendors, v4].map(register));
    await write(client, stack.contracts.MockUSD, mockUsdAbi, "mint", [client.address, 5_000n * USD]);
    const specCid = await new NodeVendor(stack, client.key).postDocument("job-spec", {
      version: 1,
      title: "Round-the-clock support desk",
      description: "Answer customer tickets 24 hours a day, then write the FAQ.",
    });

    // The project: a relay part (600 mUSD) and an FAQ part (300 mUSD) that waits for it.
    const now = await chainNow(stack);
    const created = await write(client, registry, projectRegistryAbi, "createProject", [
      {
        token: stack.contracts.MockUSD,
        budget: 1_000n * USD,
        deadline: now + 30 * DAY,
        utcOffsetMinutes: 60,
        workStartMinute: 540,
        workEndMinute: 1020,
        specCid,
      },
      [
        { budget: 600n * USD, dependsOn: 0, skills: [SUPPORT] },
        { budget: 300n * USD, dependsOn: 1, skills: [SUPPORT] },
      ],
    ]);
    const [event] = parseEventLogs({ abi: projectRegistryAbi, eventName: "ProjectCreated", logs: created.logs });
    const projectId = event.args.projectId;
    await write(client, registry, projectRegistryAbi, "setRelay", [
      projectId,
      0,
      [
        { vendor: v1.address, startMinute: 0, lengthMinutes: 480, jobId: 0n },
        { vendor: v2.address, startMinute: 480, lengthMinutes: 480, jobId: 0n },
        { vendor: v3.address, startMinute: 960, lengthMinutes: 420, jobId: 0n },
      ],
    ]);

    // One open job per shift and one for the FAQ, with odd units so nothing rounds unnoticed.
    const start = {
      client: await usdOf(client.address),
      escrow: await usdOf(stack.contracts.MosaicEscrow),
      registry: await usdOf(registry),
      vendors: await Promise.all([v1, v2, v3, v4].map((v) => usdOf(v.address))),
    };
    const amounts = [200n * USD + 7n, 150n * USD + 3n, 120n * USD + 1n, 250n * USD + 9n];
    const jobIds: bigint[] = [];
    for (const amount of amounts) {
      const { jobId } = await postAndFund(
        ctxOf(client),
        { token: stack.contracts.MockUSD as Address, reviewWindow: 3 * DAY, open: true, specCid },
        [{ amount, deadline: now + 14 * DAY }],
      );
      jobIds.push(jobId);
    }
    const workers = [v1, v2, v3, v4];
    await Promise.all(workers.map((v, i) => writeEscrow(ctxOf(v), "claim", [jobIds[i], []])));
    await write(client, registry, projectRegistryAbi, "linkJobs", [projectId, [0, 0, 0, 1], [0, 1, 2, 0], jobIds]);
    // A reviewer (shift 1's vendor, not the FAQ's) for the FAQ part: 5% of its budget, held.
    const share = (300n * USD * 500n) / 10_000n;
    await write(client, stack.contracts.MockUSD, erc20Abi, "approve", [registry, share]);
    const named = await write(client, registry, projectRegistryAbi, "nameReviewer", [
      projectId,
      1,
      { reviewer: v1.address, shareBps: 500, deadline: now + 20 * DAY, skills: [SUPPORT] },
    ]);
    await waitForIndexedBlock(stack, named.blockNumber);
    const path = `/projects/${projectId}`;

    // Shift 1 hands off to shift 2 from the page; a double click sends one transaction.
    const first = await open(v1.key, path);
    await first.page.getByRole("heading", { name: "Round-the-clock support desk" }).waitFor();
    await first.page.getByText("No handoff to your shift yet.").waitFor();
    const firstForm = first.page.getByRole("form", { name: "Post a handoff for part 1" });
    await firstForm.getByLabel("Handoff note").fill("Tickets 101-140 answered; 141 waits for billing.");
    assert.equal(await firstForm.getByLabel("Shift taking over").inputValue(), "1");
    await firstForm.getByRole("button", { name: "Post handoff" }).dblclick();
    await done(first.page, "Hand off shift 1");
    assert.equal(first.wallet.requestsOf("eth_sendTransaction").length, 1, "one transaction for a double click");
    assert.match(
      await first.page.getByRole("status", { name: "Transaction status" }).first().innerText(),
      /Transaction 0x[0-9a-f]{64}\./i,
      "the transaction's hash is shown",
    );
    const handoffs = (page: Page) => page.getByRole("list", { name: "Handoffs of part 1" }).getByRole("listitem");
    await handoffs(first.page)
      .first()
      .getByText(/Tickets 101-140 answered/)
      .waitFor();

    // Shift 2 sees that handoff first, then hands off to shift 3.
    const second = await open(v2.key, path);
    await second.page
      .getByTestId("latest-handoff-0")
      .getByText(/Tickets 101-140 answered/)
      .waitFor();
    assert.match(await handoffs(second.page).first().innerText(), /shift 1 to shift 2/);
    const secondForm = second.page.getByRole("form", { name: "Post a handoff for part 1" });
    await secondForm.getByLabel("Handoff note").fill("Billing fixed 141; 142-150 need the refund policy.");
    await secondForm.getByRole("button", { name: "Post handoff" }).click();
    await done(second.page, "Hand off shift 2");

    // Shift 3 sees the latest handoff first.
    const third = await open(v3.key, path);
    await third.page
      .getByTestId("latest-handoff-0")
      .getByText(/142-150 need the refund policy/)
      .waitFor();
    assert.equal(await handoffs(third.page).count(), 2);
    assert.match(await handoffs(third.page).first().innerText(), /shift 2 to shift 3[\s\S]*refund policy/);
    assert.match(await handoffs(third.page).nth(1).innerText(), /shift 1 to shift 2[\s\S]*Tickets 101-140/);

    // Payments from Node: shifts 1 and 2 and the FAQ are submitted and approved; shift 3 waits.
    for (const i of [0, 1, 3]) {
      await writeEscrow(ctxOf(workers[i]), "submit", [jobIds[i], 0n, specCid]);
      const { receipt } = await writeEscrow(ctxOf(client), "approve", [jobIds[i], 0n]);
      await waitForIndexedBlock(stack, receipt.blockNumber);
    }
    const end = {
      client: await usdOf(client.address),
      escrow: await usdOf(stack.contracts.MosaicEscrow),
      registry: await usdOf(registry),
      vendors: await Promise.all(workers.map((v) => usdOf(v.address))),
    };
    const paid = end.vendors.map((b, i) => b - start.vendors[i]);

    // The FAQ's vendor subcontracts part of it: it posts and funds a sub-job itself, then links it.
    const subAmount = 40n * USD + 1n;
    await write(v4, stack.contracts.MockUSD, mockUsdAbi, "mint", [v4.address, subAmount]);
    const { jobId: subJobId } = await postAndFund(
      ctxOf(v4),
      { token: stack.contracts.MockUSD as Address, reviewWindow: 3 * DAY, open: true, specCid },
      [{ amount: subAmount, deadline: now + 10 * DAY }],
    );
    const linked = await write(v4, registry, projectRegistryAbi, "linkSubJob", [jobIds[3], subJobId]);
    await waitForIndexedBlock(stack, linked.blockNumber);

    // The client's page: the relay chart as coverageOf counts it, on the client's clock (UTC+01:00).
    const { page } = await open(client.key, path);
    const [perHour, covered] = await chain.readContract({
      address: registry,
      abi: projectRegistryAbi,
      functionName: "coverageOf",
      args: [projectId, 0],
    });
    assert.equal(covered, 1380n);
    const coveredCell = page.getByTestId("relay-0-covered");
    assert.equal(await coveredCell.getAttribute("data-minutes"), covered.toString());
    for (let hour = 0; hour < 24; hour++) {
      const row = page.getByTestId(`relay-0-hour-${hour}`);
      assert.equal(Number(await row.getAttribute("data-minutes")), perHour[(hour + 23) % 24], `local hour ${hour}`);
    }
    assert.equal(
      (await page.getByTestId("relay-0-gaps").innerText()).trim(),
      "Gap 00:00–01:00 (60 min uncovered)",
      "23:00-24:00 UTC is midnight to one in the client's time zone",
    );
    assert.match(await page.getByTestId("part-1-ready").innerText(), /Waiting for part 1 to be paid/);
    assert.match(await page.getByTestId("chain-check").innerText(), /review state agree\.$/);
    await page
      .getByTestId("part-1-review-state")
      .getByText(/Share held/)
      .waitFor();

    // Money per part and in total, against the chain's balances.
    assert.equal(await wei(page, "part-0-escrowed"), amounts[0] + amounts[1] + amounts[2]);
    assert.equal(await wei(page, "part-0-paidToVendors"), paid[0] + paid[1]);
    assert.equal(await wei(page, "part-0-fees"), amounts[0] + amounts[1] - paid[0] - paid[1]);
    assert.equal(await wei(page, "part-0-held"), amounts[2]);
    assert.equal(await wei(page, "part-0-refunded"), 0n);
    assert.equal(paid[2], 0n, "shift 3 is not paid yet");
    assert.equal(await wei(page, "part-1-escrowed"), amounts[3]);
    assert.equal(await wei(page, "part-1-paidToVendors"), paid[3]);
    assert.equal(await wei(page, "part-1-fees"), amounts[3] - paid[3]);
    assert.equal(await wei(page, "part-1-review-held"), share);
    const subJobs = page.getByRole("list", { name: "Sub-jobs of part 2" });
    assert.match(
      await subJobs.innerText(),
      new RegExp(`Job #${subJobId} under job #${jobIds[3]}: Open, 40\\.000001 mUSD`),
    );
    const escrowed = amounts.reduce((t, a) => t + a, 0n);
    assert.equal(await wei(page, "total-escrowed"), escrowed);
    assert.equal(await wei(page, "total-paidToVendors"), paid[0] + paid[1] + paid[3]);
    assert.equal(
      (await wei(page, "total-held")) + (await wei(page, "total-fees")),
      end.escrow - start.escrow,
      "what the escrow gained is what it holds plus the fees it keeps",
    );
    assert.equal(await wei(page, "total-review-held"), end.registry - start.registry);
    assert.equal(await wei(page, "total-paid-in"), start.client - end.client, "what the client paid in");
    const balanced = page.getByRole("region", { name: "Totals" }).getByText("Adds up to the smallest unit.");
    assert.equal(await balanced.count(), 2, "both total tables balance");
    assert.equal(
      await page.getByRole("table", { name: "Money of every part" }).getByTestId("total-paidToVendors").innerText(),
      `${formatUsd(paid[0] + paid[1] + paid[3])} mUSD`,
      "exact amounts, every digit",
    );

    // Each party finds the project in its list; the page fits a phone and passes axe.
    await third.page.goto(`/projects?address=${v3.address.toLowerCase()}`);
    await third.page.getByRole("link", { name: "Round-the-clock support desk" }).waitFor();
    await third.page.getByText("You are: shift vendor").waitFor();
    await page.goto(`/projects?address=${client.address.toLowerCase()}`);
    await page.getByText("You are: client").first().waitFor();
    await page.getByRole("contentinfo").getByRole("link", { name: "Projects" }).waitFor();
    await page.goto(path);
    await page.setViewportSize({ width: 375, height: 800 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 375, `the project page is ${width} px wide at 375 px`);
    await expectAccessible(page, "the project page");
  });
});

/** mUSD units as the page writes them: grouped, every decimal kept, trailing zeros dropped. */
function formatUsd(units: bigint): string {
  const whole = (units / USD).toLocaleString("en-US");
  const fraction = (units % USD).toString().padStart(6, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : whole;
}
