/**
 * A project part's review layer and sub-jobs on the job page, each party in its own browser with
 * its own test wallet. Set up on chain: a one-part project whose job is hired and submitted, with a
 * reviewer named for 5% of the part. In the browser the reviewer rejects with a note (the client
 * and the vendor read the verdict and the note in the job's thread); the vendor resubmits; the
 * reviewer signs off; the client approves and settles the share, which reaches the reviewer to the
 * wei. Then the hired vendor posts a linked sub-job from the page; a sub-vendor claims it, delivers
 * and is paid (chain calls); the client's job page shows the chain of who does what. Last, a client
 * names a part's reviewer from the job page in mUSD: one permit, one transaction, the share to the unit.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Page } from "playwright-core";
import { parseEventLogs, zeroAddress, type Hex } from "viem";
import { mockUsdAbi, mosaicEscrowAbi, projectRegistryAbi, vendorRegistryAbi } from "@mosaic/sdk/contracts";
import { skillTag } from "../../../matching/index.ts";
import { expectAccessible } from "../support/axe.ts";
import { NodeVendor } from "./support/actors.ts";
import { fundedAccount } from "./support/chain.ts";
import { clickUntilDone as act, sendIndexed } from "./support/steps.ts";
import { connect, openApp, signIn, type Session } from "./support/session.ts";
import { browser, browserSuite, chain, skipWithoutWeb, stack, deployedAddress } from "./support/suite.ts";

const DAY = 86_400;
const ETHER = 10n ** 18n;
const SHARE_BPS = 500n;

let registry: Hex;
let escrow: Hex;
const sessions: Session[] = [];

type Actor = Awaited<ReturnType<typeof fundedAccount>>;

const send = (
  actor: Actor,
  address: Hex,
  abi: unknown,
  functionName: string,
  args: readonly unknown[],
  value?: bigint,
) => sendIndexed(stack, chain, actor, { address, abi, functionName, args, value });

async function open(key: string, path: string): Promise<Page> {
  const session = await openApp(browser, stack, key, { path });
  sessions.push(session);
  await connect(session.page);
  return session.page;
}

/** The thread's entry labelled `label`, once the page shows it. */
async function threadEntry(page: Page, label: string) {
  const entry = page.getByRole("list", { name: "Thread" }).locator("li", { hasText: label });
  await entry.first().waitFor();
  return entry.first().innerText();
}

const balanceOf = (address: string) => chain.getBalance({ address: address as Hex });

const SKILLS = [skillTag("solidity") as Hex];

/** Registers each vendor with the part's skill (reviewers must have it). */
async function register(...vendors: Actor[]) {
  for (const who of vendors) {
    await send(who, stack.contracts.VendorRegistry as Hex, vendorRegistryAbi, "setProfile", [
      { hourlyRateCents: 5000, timezoneOffsetMinutes: 0, availabilityHours: 30 },
      SKILLS,
      `0x${"55".repeat(32)}`,
    ]);
  }
}

/** Job terms the client posts a part's job with: open, one reviewer-free escrow job in `token`. */
function openJobTerms(token: Hex, specCid: string) {
  return {
    token,
    arbiter: zeroAddress,
    arbiterFeeBps: 0,
    reviewWindow: 3 * DAY,
    open: true,
    minRating: 0,
    minPaidJobs: 0,
    requiredSkills: [],
    specCid,
  };
}

/** A one-part project in `token` whose part (budget = the job's amount, needing SKILLS) pays `jobId`. */
async function projectFor(client: Actor, token: Hex, budget: bigint, jobId: bigint, specCid: string) {
  const now = Number((await chain.getBlock()).timestamp);
  const created = await send(client, registry, projectRegistryAbi, "createProject", [
    {
      token,
      budget,
      deadline: now + 30 * DAY,
      utcOffsetMinutes: 0,
      workStartMinute: 540,
      workEndMinute: 1020,
      specCid,
    },
    [{ budget, dependsOn: 0, skills: SKILLS }],
  ]);
  const [event] = parseEventLogs({ abi: projectRegistryAbi, eventName: "ProjectCreated", logs: created.logs });
  await send(client, registry, projectRegistryAbi, "linkJobs", [event.args.projectId, [0], [0], [jobId]]);
  return event.args.projectId;
}

browserSuite({
  setUp: async () => {
    registry = deployedAddress("ProjectRegistry");
    escrow = stack.contracts.MosaicEscrow as Hex;
  },
});

describe("projects: review layer and sub-jobs on the job page", { skip: skipWithoutWeb }, () => {
  it("a reviewer rejects then signs off, its share is settled to the wei, and a sub-job is linked and paid", async () => {
    const [client, vendor, reviewer, subVendor] = await Promise.all([
      fundedAccount(stack),
      fundedAccount(stack),
      fundedAccount(stack),
      fundedAccount(stack),
    ]);
    await register(vendor, reviewer, subVendor);
    const clientApi = new NodeVendor(stack, client.key);
    const vendorApi = new NodeVendor(stack, vendor.key);
    const now = Number((await chain.getBlock()).timestamp);

    // The part's job: 1 ETH in one milestone, posted and funded by the client, claimed by the vendor.
    const specCid = await clientApi.postDocument("job-spec", {
      version: 1,
      title: "Payments service",
      description: "Build the payments service of the shop.",
    });
    const posted = await send(
      client,
      escrow,
      mosaicEscrowAbi,
      "postAndFund",
      [
        openJobTerms(zeroAddress, specCid),
        [{ amount: ETHER, bonus: 0n, deadline: now + 10 * DAY, outcomeDeadline: 0 }],
      ],
      ETHER,
    );
    const [jobPosted] = parseEventLogs({ abi: mosaicEscrowAbi, eventName: "JobPosted", logs: posted.logs });
    const jobId = jobPosted.args.jobId;
    await send(vendor, escrow, mosaicEscrowAbi, "claim", [jobId, []]);

    // The project: one part of 1 ETH needing solidity, its job linked, a reviewer named for 5%.
    const projectId = await projectFor(client, zeroAddress, ETHER, jobId, specCid);
    const share = (ETHER * SHARE_BPS) / 10_000n;
    await send(
      client,
      registry,
      projectRegistryAbi,
      "nameReviewer",
      [
        projectId,
        0,
        { reviewer: reviewer.address, shareBps: Number(SHARE_BPS), deadline: now + 14 * DAY, skills: SKILLS },
      ],
      share,
    );
    await vendorApi.submit(jobId, 0, "First cut of the payments service.");

    // The reviewer finds the part on the job page and rejects the submission with a note.
    const reviewerPage = await open(reviewer.key, `/jobs/${jobId}`);
    const project = reviewerPage.getByRole("region", { name: "Project", exact: true });
    await project.getByText(`Part 1 of project #${projectId}`).waitFor();
    assert.equal(
      await project.getByRole("link", { name: `project #${projectId}` }).getAttribute("href"),
      `/projects/${projectId}`,
    );
    await reviewerPage.getByLabel("Review note on milestone 1").waitFor();
    await expectAccessible(reviewerPage, "a project job's page as its reviewer sees it");
    await reviewerPage.getByLabel("Review note on milestone 1").fill("Refunds are missing: add them.");
    await act(reviewerPage, "Reject milestone 1", "Reject milestone 1");

    // The client and the vendor read the verdict and its note in the job's thread.
    const clientPage = await open(client.key, `/jobs/${jobId}`);
    await signIn(clientPage);
    await clientPage.reload();
    const vendorPage = await open(vendor.key, `/jobs/${jobId}`);
    await signIn(vendorPage);
    await vendorPage.reload();
    for (const page of [clientPage, vendorPage]) {
      const entry = await threadEntry(page, "Reviewer's rejection of milestone 1");
      assert.match(entry, /Refunds are missing: add them\./);
      assert.match(entry, /\(reviewer\)/);
    }

    // The client sends the work back; the vendor resubmits; the reviewer signs off.
    const changes = await clientApi.postDocument("note", {
      text: "Please add refunds.",
      jobId: String(jobId),
      index: 0,
    });
    await send(client, escrow, mosaicEscrowAbi, "requestChanges", [jobId, 0n, changes]);
    await vendorApi.submit(jobId, 0, "Payments service with refunds.");
    await reviewerPage.reload();
    await reviewerPage.getByLabel("Review note on milestone 1").fill("Refunds are in. Signed off.");
    await act(reviewerPage, "Sign off milestone 1", "Sign off milestone 1");
    const signed = await chain.readContract({
      address: registry,
      abi: projectRegistryAbi,
      functionName: "partOf",
      args: [projectId, 0],
    });
    assert.equal(signed.signedOff, true);

    // The client reads the sign-off, approves, and settles the share: the reviewer gets it to the wei.
    await clientPage.reload();
    assert.match(await threadEntry(clientPage, "Reviewer's sign-off on milestone 1"), /Refunds are in\. Signed off\./);
    await act(clientPage, "Approve milestone 1", "Approve milestone 1");
    const before = { reviewer: await balanceOf(reviewer.address), registry: await balanceOf(registry) };
    await act(clientPage, "Pay the reviewer's share (0.05 ETH)", "Pay the reviewer's share");
    assert.equal((await balanceOf(reviewer.address)) - before.reviewer, share, "the reviewer got exactly its share");
    assert.equal(before.registry - (await balanceOf(registry)), share, "the registry paid out exactly the share");
    const settled = await chain.readContract({
      address: registry,
      abi: projectRegistryAbi,
      functionName: "partOf",
      args: [projectId, 0],
    });
    assert.equal(settled.reviewState, 2, "Paid");
    await clientPage.getByTestId("review-state").and(clientPage.locator('[data-state="Paid"]')).waitFor();

    // The hired vendor subcontracts part of the job from the page.
    await vendorPage.reload();
    const form = vendorPage.getByRole("form", { name: "Post a linked sub-job" });
    await form.getByLabel("Sub-job title").fill("Refund e-mails");
    await form.getByLabel("What the sub-vendor does").fill("Write the refund confirmation e-mails.");
    await form.getByLabel("Amount (ETH)").fill("0.25");
    await form.getByLabel("Hiring").selectOption("open");
    const status = await act(
      vendorPage,
      "Post, fund and link the sub-job (0.25 ETH)",
      new RegExp(`Link sub-job #\\d+ to job #${jobId}`),
    );
    const subJobId = BigInt(/Link sub-job #(\d+)/.exec(status)![1]);
    const link = await chain.readContract({
      address: registry,
      abi: projectRegistryAbi,
      functionName: "linkOf",
      args: [subJobId],
    });
    assert.equal(link.kind, 3, "SubJob");
    assert.equal(link.parentJobId, jobId);
    const sub = await chain.readContract({
      address: escrow,
      abi: mosaicEscrowAbi,
      functionName: "jobOf",
      args: [subJobId],
    });
    assert.equal(sub.client.toLowerCase(), vendor.address.toLowerCase(), "the prime posted the sub-job");

    // The sub-vendor claims it, delivers and is paid by the prime.
    await send(subVendor, escrow, mosaicEscrowAbi, "claim", [subJobId, []]);
    await new NodeVendor(stack, subVendor.key).submit(subJobId, 0, "Refund e-mails written.");
    await send(vendor, escrow, mosaicEscrowAbi, "approve", [subJobId, 0n]);
    const milestone = await chain.readContract({
      address: escrow,
      abi: mosaicEscrowAbi,
      functionName: "milestoneOf",
      args: [subJobId, 0n],
    });
    assert.equal(milestone.state, 4, "Paid");

    // The client's job page shows who does what: its vendor's job and the sub-job under it.
    await clientPage.reload();
    const chainList = clientPage.getByRole("list", { name: "Chain of jobs" });
    const subItem = chainList.locator(`li[data-job="${subJobId}"]`);
    await subItem.waitFor();
    assert.match(await subItem.innerText(), /sub-job/);
    assert.match(await subItem.innerText(), /Completed/);
    const subVendorLink = subItem.locator(`a[href*="${subVendor.address.toLowerCase()}" i]`);
    assert.ok((await subVendorLink.count()) > 0, "the sub-vendor is named");
    assert.equal(await chainList.locator(`li[data-job="${jobId}"] > p[aria-current="true"]`).count(), 1);

    // The sub-job's own page says where it belongs.
    await clientPage.goto(`/jobs/${subJobId}`);
    await clientPage
      .getByRole("region", { name: "Project", exact: true })
      .getByText(`Sub-job of job #${jobId}`)
      .waitFor();
  });

  it("the client names a reviewer from the job page, depositing the share by permit to the unit", async () => {
    const USD = 1_000_000n;
    const usd = stack.contracts.MockUSD as Hex;
    const [client, vendor, reviewer] = await Promise.all([
      fundedAccount(stack),
      fundedAccount(stack),
      fundedAccount(stack),
    ]);
    await register(vendor, reviewer);
    const amount = 500n * USD;
    await send(client, usd, mockUsdAbi, "mint", [client.address, amount * 2n]);
    await send(client, usd, mockUsdAbi, "approve", [escrow, amount]);
    const now = Number((await chain.getBlock()).timestamp);
    const specCid = await new NodeVendor(stack, client.key).postDocument("job-spec", {
      version: 1,
      title: "Design system",
      description: "Tokens and components.",
    });
    const posted = await send(client, escrow, mosaicEscrowAbi, "postAndFund", [
      openJobTerms(usd, specCid),
      [{ amount, bonus: 0n, deadline: now + 10 * DAY, outcomeDeadline: 0 }],
    ]);
    const [jobPosted] = parseEventLogs({ abi: mosaicEscrowAbi, eventName: "JobPosted", logs: posted.logs });
    const jobId = jobPosted.args.jobId;
    await send(vendor, escrow, mosaicEscrowAbi, "claim", [jobId, []]);
    const projectId = await projectFor(client, usd, amount, jobId, specCid);

    const page = await open(client.key, `/jobs/${jobId}`);
    const form = page.getByRole("form", { name: "Name a reviewer" });
    await form.waitFor();
    await expectAccessible(page, "a project job's page as its client sees it");
    await form.getByLabel("Reviewer address").fill(reviewer.address);
    await form.getByLabel(/Share of the part's budget/).fill("750");
    const share = (amount * 750n) / 10_000n;
    assert.equal(await form.getByTestId("reviewer-deposit").getAttribute("data-wei"), share.toString());
    const usdOf = (account: string) =>
      chain.readContract({ address: usd, abi: mockUsdAbi, functionName: "balanceOf", args: [account as Hex] });
    const before = { client: await usdOf(client.address), registry: await usdOf(registry) };
    const wallet = sessions.at(-1)!.wallet;
    await act(page, "Name reviewer and deposit 37.5 mUSD", "Name the reviewer");
    assert.equal(wallet.requestsOf("eth_signTypedData_v4").length, 1, "one permit signature");
    assert.equal(wallet.requestsOf("eth_sendTransaction").length, 1, "one transaction");
    assert.equal(before.client - (await usdOf(client.address)), share, "the client deposited exactly the share");
    assert.equal((await usdOf(registry)) - before.registry, share, "the registry holds exactly the share");
    const part = await chain.readContract({
      address: registry,
      abi: projectRegistryAbi,
      functionName: "partOf",
      args: [projectId, 0],
    });
    assert.equal(part.reviewer, reviewer.address);
    assert.equal(part.reviewState, 1, "Held");
    assert.equal(part.reviewerShare, share);
    await page.locator('[data-testid="review-state"][data-state="Held"]').waitFor();
    await page.getByRole("region", { name: "Review layer" }).getByText("37.5 mUSD (7.50% of the part").waitFor();
  });
});
