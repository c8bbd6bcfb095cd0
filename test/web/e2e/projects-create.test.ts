/**
 * Starting a project from the browser, with a real node, index and Chromium. Seven vendors register
 * from Node (two for labelling, two for review, three for a night desk eight hours apart). The
 * client decomposes a demand from the data-labelling template, adds a relay part, gets a team
 * proposal within budget whose relay covers its 24 hours, swaps one member and sees the cost change,
 * names the candidate left out as labelling's reviewer (its own vendor is refused first), then
 * double-clicks "Create and fund": one project, one approval, one multicall posting and funding
 * every job, one relay, one link, one approval and one naming of the reviewer. The chain
 * (projectOf, partOf, shiftsOf, linkOf, jobOf through the SDK's ABIs) holds the project with its
 * funded invite jobs linked to the parts and shifts and the reviewer's share held, the relay's
 * shifts are the proposed vendors, and each proposed vendor has its invitation. The form passes axe
 * and fits a phone. An ETH project whose posting fails for want of funds resumes on the next click
 * from the job: the project is created once. A project whose posting the client rejects is taken
 * up, not created again, when the same demand is proposed again in a browser that forgot it; its
 * link rejected next, it survives a reload: a second tab and the reloaded page offer "Resume project #N", which sends only the link;
 * reloaded again while that link is not mined, the page awaits it instead of sending it again (the
 * chain holds one project, its job posted, funded and linked once). While new business is
 * paused the page says so before any input, still proposes a team, and sends nothing.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Page } from "playwright-core";
import {
  erc20Abi,
  getAbiItem,
  parseEther,
  toFunctionSelector,
  zeroAddress,
  type Abi,
  type AbiFunction,
  type Address,
} from "viem";
import { mockUsdAbi, mosaicEscrowAbi, projectRegistryAbi, vendorRegistryAbi } from "@mosaic/sdk/contracts";
import { skillTag } from "../../../matching/index.ts";
import { expectAccessible } from "../support/axe.ts";
import { fundedAccount, rpc, setNewBusinessPaused, waitForIndexedBlock } from "./support/chain.ts";
import { connect, openApp, type Session } from "./support/session.ts";
import { browser, browserSuite, chain, skipWithoutWeb, stack, deployedAddress } from "./support/suite.ts";

const USD = 1_000_000n;
const BUDGET = 20_000n;
const LinkKind = { Part: 1, Shift: 2 } as const;
const FUNDED = 2;

let registry: Address;
const sessions: Session[] = [];

type Actor = Awaited<ReturnType<typeof fundedAccount>>;

async function write(actor: Actor, address: string, abi: unknown, functionName: string, args: readonly unknown[]) {
  const hash = await actor.wallet.writeContract({ address, abi, functionName, args, chain: null } as never);
  const receipt = await chain.waitForTransactionReceipt({ hash });
  assert.equal(receipt.status, "success", `${functionName} reverted`);
  return receipt;
}

/** A vendor with one skill, its rate and time zone (working 09:00-17:00 local by default). */
async function vendor(skill: string, hourlyRateCents: number, timezoneOffsetMinutes: number) {
  const actor = await fundedAccount(stack);
  const receipt = await write(actor, stack.contracts.VendorRegistry, vendorRegistryAbi, "setProfile", [
    { hourlyRateCents, timezoneOffsetMinutes, availabilityHours: 40 },
    [skillTag(skill)],
    `0x${"66".repeat(32)}`,
  ]);
  return { ...actor, block: receipt.blockNumber };
}

const read = <T>(
  functionName: string,
  args: readonly unknown[],
  address = registry,
  abi: unknown = projectRegistryAbi,
) => chain.readContract({ address, abi, functionName, args } as never) as Promise<T>;

async function cents(page: Page, testId: string): Promise<number> {
  return Number(await page.getByTestId(testId).getAttribute("data-cents"));
}

/** The vendors listed for a part, in the order shown. */
async function members(page: Page, part: number): Promise<string[]> {
  const rows = page.getByRole("table", { name: `Members of part ${part}` }).locator("tbody tr");
  return (await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-vendor") ?? ""))).filter(Boolean);
}

/** A one-part mUSD project (1000 mUSD, five hours of `skill`) proposed to its one vendor. */
async function proposeLogo(page: Page, title: string, skill: string, designer: string): Promise<void> {
  const form = page.getByRole("form", { name: "Start a project" });
  await form.getByLabel("Project title").fill(title);
  await form.getByLabel("Specification (markdown)").fill(`${title}: a logo, three variants.`);
  await form.getByLabel("Payment token").selectOption({ label: "mUSD" });
  await form.getByLabel("Total budget (mUSD)").fill("1000");
  await form.getByRole("button", { name: "Add part" }).click();
  await form.getByLabel("Part 1 title", { exact: true }).fill("Logo");
  await form.getByLabel("Part 1 skills (comma-separated)").fill(skill);
  await form.getByLabel("Part 1 hours of work").fill("5");
  await form.getByLabel("Part 1 budget (mUSD)").fill("1000");
  await form.getByRole("button", { name: "Propose a team" }).click();
  await page.getByRole("heading", { name: "Proposed team" }).waitFor();
  assert.deepEqual(await members(page, 1), [designer.toLowerCase()]);
}

browserSuite({
  setUp: async () => {
    registry = deployedAddress("ProjectRegistry");
  },
});

describe("projects: create and fund", { skip: skipWithoutWeb }, () => {
  it("decomposes a demand, proposes a team within budget, swaps a member, creates and funds it once", async () => {
    const client = await fundedAccount(stack);
    const vendors = await Promise.all([
      vendor("data-labelling", 3_000, 0),
      vendor("data-labelling", 4_500, 60),
      vendor("quality-review", 4_000, 0),
      vendor("quality-review", 5_500, 0),
      vendor("night-desk", 2_000, 0),
      vendor("night-desk", 2_500, 480),
      vendor("night-desk", 3_000, -480),
    ]);
    const mint = await write(client, stack.contracts.MockUSD, mockUsdAbi, "mint", [client.address, BUDGET * USD]);
    await waitForIndexedBlock(
      stack,
      [mint.blockNumber, ...vendors.map((v) => v.block)].reduce((a, b) => (a > b ? a : b)),
    );

    const session = await openApp(browser, stack, client.key, { path: "/projects/new" });
    sessions.push(session);
    const { page, wallet } = session;
    await connect(page);
    const form = page.getByRole("form", { name: "Start a project" });
    await form.getByLabel("Project title").fill("Label 10,000 support tickets");
    await form
      .getByLabel("Specification (markdown)")
      .fill("Label each ticket's **intent**, review a sample, and staff a night desk.");
    await form.getByLabel("Payment token").selectOption({ label: "mUSD" });
    await form.getByLabel("Total budget (mUSD)").fill(BUDGET.toString());
    await form.getByLabel("Your UTC offset (hours)").fill("0");

    // The template fills labelling and review; the client adds a relay part of its own.
    await form.getByLabel("Template").selectOption({ label: "Data-labelling batch: labelling + review" });
    await form.getByRole("button", { name: "Fill the parts from the template" }).click();
    assert.equal(await form.getByLabel("Part 1 title", { exact: true }).inputValue(), "Labelling");
    assert.equal(await form.getByLabel("Part 2 skills (comma-separated)").inputValue(), "quality-review");
    assert.equal(await form.getByLabel("Part 1 budget (mUSD)").inputValue(), "12000");
    await form.getByRole("button", { name: "Add part" }).click();
    await form.getByLabel("Part 3 title", { exact: true }).fill("Night desk");
    await form.getByLabel("Part 3 skills (comma-separated)").fill("night-desk");
    await form.getByLabel(/Part 3 is a relay/).check();
    await form.getByLabel("Part 3 relay days").fill("2");
    await form.getByLabel("Part 3 budget (mUSD)").fill("3000");

    await form.getByRole("button", { name: "Propose a team" }).click();
    await page.getByRole("heading", { name: "Proposed team" }).waitFor();
    const before = await cents(page, "team-cost");
    assert.ok(before > 0 && before <= Number(BUDGET) * 100, `team cost ${before} cents within the budget`);
    const relay = page.getByRole("region", { name: "Team for part 3: Night desk" });
    await relay.getByText("Covered 24 of 24 h; gaps: none.").waitFor();
    const desk = await members(page, 3);
    assert.deepEqual(
      [...desk].sort(),
      vendors
        .slice(4)
        .map((v) => v.address.toLowerCase())
        .sort(),
      "the relay is the three night-desk vendors",
    );
    assert.ok((await members(page, 1)).length === 1, "one vendor for labelling");

    // Swap labelling's vendor for the other candidate: the cost moves by the price difference.
    const labelling = page.getByRole("region", { name: "Team for part 1: Labelling" });
    const partBefore = await cents(page, "part-0-cost");
    const swap = labelling.getByLabel("Swap a member of part 1");
    const option = await swap.locator("option:not([disabled]):not([value=''])").first().getAttribute("value");
    await swap.selectOption(option!);
    await labelling.getByRole("button", { name: "Swap in part 1" }).click();
    await page.getByTestId("last-swap").waitFor();
    const after = await cents(page, "team-cost");
    const partAfter = await cents(page, "part-0-cost");
    assert.notEqual(after, before, "the swap changed the team's cost");
    assert.equal(after - before, partAfter - partBefore, "the team's cost moved by the part's");
    assert.match(await page.getByTestId("last-swap").innerText(), /^Swapped 0x.* in part 1: cost [+−]\$/);
    const team = [...(await members(page, 1)), ...(await members(page, 2)), ...desk];
    // The labelling candidate left out reviews labelling, paid 5% of the part's budget.
    const reviewer = [vendors[0], vendors[1]].map((v) => v.address.toLowerCase()).find((a) => a !== team[0])!;
    await labelling.getByLabel("Reviewer of part 1 (address)").fill(team[0]);
    await page.getByRole("button", { name: "Create and fund" }).click();
    await labelling.getByText("The part's own vendor cannot review its work.").waitFor();
    assert.equal(wallet.requestsOf("eth_sendTransaction").length, 0, "nothing sent for a refused reviewer");
    await labelling.getByLabel("Reviewer of part 1 (address)").fill(reviewer);
    assert.equal(await labelling.getByLabel("Reviewer's share of part 1 (%)").inputValue(), "5");

    await expectAccessible(page, "the project form with its proposed team");
    // A phone: nothing wider than the screen.
    await page.setViewportSize({ width: 375, height: 800 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 375, `the form is ${width} px wide at 375 px`);
    await page.setViewportSize({ width: 1280, height: 900 });

    // Create and fund, double-clicked: everything is sent once.
    const projectsBefore = await read<bigint>("projectCount", []);
    const usdBefore = await read<bigint>("balanceOf", [client.address], stack.contracts.MockUSD as Address, erc20Abi);
    await page.getByRole("button", { name: "Create and fund" }).dblclick();
    const stopped = page
      .getByRole("status", { name: "Transaction status" })
      .getByText(/: (Failed|Rejected|Reverted)/)
      .first();
    const outcome = await Promise.race([
      page.waitForURL(/\/projects\/\d+$/, { timeout: 180_000 }).then(() => "project"),
      stopped.waitFor({ timeout: 180_000 }).then(async () => `stopped: ${await stopped.innerText()}`),
    ]);
    assert.equal(outcome, "project");
    const projectId = BigInt(new URL(page.url()).pathname.split("/").pop()!);
    assert.equal(await read<bigint>("projectCount", []), projectsBefore + 1n, "one project, not two");
    assert.equal(projectId, projectsBefore + 1n);
    const sent = wallet.requestsOf("eth_sendTransaction").length;
    assert.equal(sent, 7, "create, approve, post and fund, relay, link, approve the share, name the reviewer");
    assert.equal(wallet.requestsOf("personal_sign").length, 1, "one sign-in");

    // The chain: the project, its parts' linked and funded invite jobs, the relay's shifts.
    const project = await read<{
      client: string;
      token: string;
      budget: bigint;
      partCount: number;
      utcOffsetMinutes: number;
    }>("projectOf", [projectId]);
    assert.equal(project.client, client.address);
    assert.equal(project.token.toLowerCase(), stack.contracts.MockUSD.toLowerCase());
    assert.equal(project.budget, BUDGET * USD);
    assert.equal(project.partCount, 3);
    assert.equal(project.utcOffsetMinutes, 0);

    const jobs: { jobId: bigint; part: number; shift: number; vendor: string }[] = [];
    let committed = 0n;
    const reviewed = await read<{ reviewer: string; reviewerShare: bigint; reviewState: number; budget: bigint }>(
      "partOf",
      [projectId, 0],
    );
    assert.equal(reviewed.reviewer.toLowerCase(), reviewer);
    assert.equal(reviewed.reviewState, 1, "the reviewer's share is held");
    assert.equal(reviewed.reviewerShare, (reviewed.budget * 500n) / 10_000n);
    assert.equal(reviewed.reviewerShare, 600n * USD);
    for (const part of [0, 1, 2]) {
      const stored = await read<{
        budget: bigint;
        committed: bigint;
        jobId: bigint;
        shiftCount: number;
        dependsOn: number;
      }>("partOf", [projectId, part]);
      committed += stored.committed;
      assert.ok(stored.committed > 0n && stored.committed <= stored.budget, `part ${part + 1} is within its budget`);
      if (part === 2) {
        assert.equal(stored.shiftCount, 3);
        const shifts = await read<{ vendor: string; startMinute: number; lengthMinutes: number; jobId: bigint }[]>(
          "shiftsOf",
          [projectId, part],
        );
        assert.deepEqual(shifts.map((s) => s.vendor.toLowerCase()).sort(), [...desk].sort());
        assert.equal(
          shifts.reduce((sum, s) => sum + s.lengthMinutes, 0),
          1440,
        );
        shifts.forEach((s, i) => jobs.push({ jobId: s.jobId, part, shift: i, vendor: s.vendor.toLowerCase() }));
      } else {
        assert.equal(stored.dependsOn, part === 1 ? 1 : 0, "review waits for labelling");
        jobs.push({ jobId: stored.jobId, part, shift: 0, vendor: team[part] });
      }
    }
    assert.equal(jobs.length, 5);
    for (const { jobId, part, shift } of jobs) {
      assert.ok(jobId > 0n, `part ${part + 1} has its job`);
      const link = await read<{ projectId: bigint; kind: number; part: number; shift: number }>("linkOf", [jobId]);
      assert.deepEqual(
        [link.projectId, link.kind, link.part, link.shift],
        [projectId, part === 2 ? LinkKind.Shift : LinkKind.Part, part, shift],
      );
      const job = await read<{ client: string; vendor: string; token: string; milestoneCount: number }>(
        "jobOf",
        [jobId],
        stack.contracts.MosaicEscrow as Address,
        mosaicEscrowAbi,
      );
      assert.equal(job.client, client.address);
      assert.equal(job.vendor, zeroAddress, "an invite job, hired from the vendor's quote");
      for (let m = 0; m < job.milestoneCount; m++) {
        const milestone = await read<{ state: number }>(
          "milestoneOf",
          [jobId, m],
          stack.contracts.MosaicEscrow as Address,
          mosaicEscrowAbi,
        );
        assert.equal(milestone.state, FUNDED, `job ${jobId} milestone ${m} is funded`);
      }
    }
    const usdAfter = await read<bigint>("balanceOf", [client.address], stack.contracts.MockUSD as Address, erc20Abi);
    assert.equal(
      usdBefore - usdAfter,
      committed + reviewed.reviewerShare,
      "the client paid exactly what the parts commit and the reviewer's share",
    );

    // Each proposed vendor is invited to quote on its job.
    for (const { jobId, vendor: invited } of jobs) {
      const response = await page.request.get(
        `/api/documents?kind=invitation&subject=invitations:${stack.chainId}:${invited}`,
      );
      const { documents } = (await response.json()) as { documents: { author: string; content: { jobId: string } }[] };
      assert.ok(
        documents.some(
          (d) => d.content.jobId === jobId.toString() && d.author.toLowerCase() === client.address.toLowerCase(),
        ),
        `${invited} is invited to job ${jobId}`,
      );
    }
  });
  it("resumes an ETH project where it stopped: the project is created once", async () => {
    // Enough ETH for gas, not for the job: posting fails after the project exists.
    const client = await fundedAccount(stack, "0.05");
    const auditor = await vendor("gas-audit", 5_000, 0);
    await waitForIndexedBlock(stack, auditor.block);
    const session = await openApp(browser, stack, client.key, { path: "/projects/new" });
    sessions.push(session);
    const { page, wallet } = session;
    await connect(page);
    const form = page.getByRole("form", { name: "Start a project" });
    await form.getByLabel("Project title").fill("Audit the gas of one contract");
    await form.getByLabel("Specification (markdown)").fill("Find the **ten** most expensive paths.");
    await form.getByLabel("Payment token").selectOption({ label: "ETH" });
    assert.equal(await form.getByLabel("US dollars per ETH").inputValue(), "", "the client prices ETH itself");
    await form.getByLabel("US dollars per ETH").fill("2500");
    await form.getByLabel("Total budget (ETH)").fill("1");
    await form.getByRole("button", { name: "Add part" }).click();
    await form.getByLabel("Part 1 title", { exact: true }).fill("Audit");
    await form.getByLabel("Part 1 skills (comma-separated)").fill("gas-audit");
    await form.getByLabel("Part 1 hours of work").fill("10");
    await form.getByLabel("Part 1 budget (ETH)").fill("1");
    await form.getByRole("button", { name: "Propose a team" }).click();
    await page.getByRole("heading", { name: "Proposed team" }).waitFor();
    assert.deepEqual(await members(page, 1), [auditor.address.toLowerCase()]);
    // 10 h at $50 is $500: 0.2 ETH at $2,500.
    assert.equal(await cents(page, "team-cost"), 50_000);

    const projectsBefore = await read<bigint>("projectCount", []);
    const create = page.getByRole("button", { name: "Create and fund" });
    await create.click();
    const status = page.getByRole("status", { name: "Transaction status" });
    await status.getByText(/Post and fund job 1 of 1: (Failed|Reverted)/).waitFor({ timeout: 120_000 });
    assert.equal(await read<bigint>("projectCount", []), projectsBefore + 1n, "the project exists");
    const sent = () => wallet.requestsOf("eth_sendTransaction").filter((r) => r.outcome === "ok").length;
    assert.equal(sent(), 1, "only the project was sent");

    // Funded now, the client clicks again: the flow goes on from the job, never a second project.
    await rpc(stack, "hardhat_setBalance", [client.address, `0x${parseEther("10").toString(16)}`]);
    await create.click();
    await page.waitForURL(/\/projects\/\d+$/, { timeout: 120_000 });
    const projectId = BigInt(new URL(page.url()).pathname.split("/").pop()!);
    assert.equal(projectId, projectsBefore + 1n);
    assert.equal(await read<bigint>("projectCount", []), projectsBefore + 1n, "one project, not two");
    assert.equal(sent(), 3, "create, post and fund, link");
    const stored = await read<{ jobId: bigint; committed: bigint }>("partOf", [projectId, 0]);
    assert.equal(stored.committed, parseEther("0.2"));
    const job = await read<{ client: string; token: string }>(
      "jobOf",
      [stored.jobId],
      stack.contracts.MosaicEscrow as Address,
      mosaicEscrowAbi,
    );
    assert.equal(job.client, client.address);
    assert.equal(job.token, zeroAddress);
  });
  it("survives a reload before the link: resumed from a second tab's offer, every step sent once", async () => {
    const client = await fundedAccount(stack);
    const designer = await vendor("resume-design", 4_000, 0);
    const mint = await write(client, stack.contracts.MockUSD, mockUsdAbi, "mint", [client.address, 1_000n * USD]);
    await waitForIndexedBlock(stack, mint.blockNumber > designer.block ? mint.blockNumber : designer.block);
    const session = await openApp(browser, stack, client.key, { path: "/projects/new" });
    sessions.push(session);
    const { page, wallet, context } = session;
    await connect(page);
    await proposeLogo(page, "Logo that survives a reload", "resume-design", designer.address);

    // The client rejects the posting in its wallet, once, and later the link, once.
    const selector = (abi: Abi, name: string) => toFunctionSelector(getAbiItem({ abi, name }) as AbiFunction);
    const rejectOnce = new Set<string>([
      selector(mosaicEscrowAbi, "multicall"),
      selector(projectRegistryAbi, "linkJobs"),
    ]);
    const record = wallet.requests.push.bind(wallet.requests);
    wallet.requests.push = (...requests) => {
      for (const r of requests) {
        const [tx] = (r.params ?? []) as { data?: string }[];
        const called = tx?.data?.slice(0, 10) ?? "";
        if (r.method === "eth_sendTransaction" && rejectOnce.delete(called)) wallet.rejectNext(r.method);
      }
      return record(...requests);
    };
    const sent = (outcome: string) => wallet.requestsOf("eth_sendTransaction").filter((r) => r.outcome === outcome);
    const status = page.getByRole("status", { name: "Transaction status" });
    const projectsBefore = await read<bigint>("projectCount", []);
    const projectId = projectsBefore + 1n;
    const from = await chain.getBlockNumber();
    await page.getByRole("button", { name: "Create and fund" }).click();
    await status.getByText("Post and fund 1 jobs: Rejected in your wallet.").waitFor({ timeout: 120_000 });
    assert.equal(sent("ok").length, 2, "create, approve");
    assert.equal(await read<bigint>("projectCount", []), projectId);

    // This browser forgets it (as another browser would know nothing): the same demand proposed
    // again takes up the project created with the same specification, and posts the job.
    await page.evaluate(() =>
      Object.keys(localStorage)
        .filter((k) => k.startsWith("mosaic:project-create"))
        .forEach((k) => localStorage.removeItem(k)),
    );
    await page.reload();
    await proposeLogo(page, "Logo that survives a reload", "resume-design", designer.address);
    assert.equal(await page.getByRole("region", { name: "Unfinished project" }).count(), 0);
    await page.getByRole("button", { name: "Create and fund" }).click();
    // The link is rejected: the project exists, its job is posted and funded.
    await status.getByText("Link the jobs to the project: Rejected in your wallet.").waitFor({ timeout: 120_000 });
    assert.equal(sent("ok").length, 3, "create, approve, post and fund: no second project, no second approval");
    assert.equal(sent("rejected").length, 2, "the posting and the link, rejected once each");
    assert.equal(await read<bigint>("projectCount", []), projectId);

    // Another tab offers to resume it; the first is reloaded (its memory is gone) and resumes.
    const other = await context.newPage();
    await other.goto("/projects/new");
    const resumeThere = other.getByRole("button", { name: `Resume project #${projectId}` });
    await resumeThere.waitFor();
    await page.reload();
    const unfinished = page.getByRole("region", { name: "Unfinished project" });
    const resume = unfinished.getByRole("button", { name: `Resume project #${projectId}` });
    await unfinished.getByText("1 of 1 jobs posted and funded, not linked yet").waitFor();
    await expectAccessible(page, "the offer to resume a project");

    // Resumed, the link is sent but not mined yet when the page is reloaded again: it is awaited, not sent twice.
    await rpc(stack, "evm_setAutomine", [false]);
    try {
      await resume.click();
      await page.waitForFunction(() =>
        Object.keys(localStorage).some((k) =>
          localStorage.getItem(k)!.includes('"pending":{"step":"Link the jobs to the project","hash":"0x'),
        ),
      );
      assert.equal(sent("ok").length, 4, "the link, sent");
      await page.reload();
      await unfinished.getByText('"Link the jobs to the project" was sent and is awaited, not sent again').waitFor();
      await resume.click();
      await page
        .getByRole("status", { name: "Transaction status" })
        .getByText('Waiting for "Link the jobs to the project", sent before…')
        .waitFor();
    } finally {
      await rpc(stack, "evm_setAutomine", [true]);
    }
    await rpc(stack, "evm_mine");
    await page.waitForURL(`**/projects/${projectId}`, { timeout: 120_000 });
    assert.equal(sent("ok").length, 4, "nothing sent after the reload: create, approve, post and fund, link");
    assert.equal(await read<bigint>("projectCount", []), projectId, "one project, not two");
    // Done: the other tab no longer offers it.
    await resumeThere.waitFor({ state: "detached" });
    await other.close();

    // The chain: one job posted and funded by the client since, linked once, to this project.
    const posted = await chain.getContractEvents({
      address: stack.contracts.MosaicEscrow as Address,
      abi: mosaicEscrowAbi,
      eventName: "JobPosted",
      args: { client: client.address as Address },
      fromBlock: from,
    });
    assert.equal(posted.length, 1, "one job posted and funded");
    const jobId = posted[0].args.jobId!;
    const linked = await chain.getContractEvents({
      address: registry,
      abi: projectRegistryAbi,
      eventName: "JobLinked",
      args: { projectId },
      fromBlock: from,
    });
    assert.deepEqual(
      linked.map((e) => e.args.jobId),
      [jobId],
      "linked once",
    );
    const link = await read<{ projectId: bigint; kind: number; part: number }>("linkOf", [jobId]);
    assert.deepEqual([link.projectId, link.kind, link.part], [projectId, LinkKind.Part, 0]);
    const part = await read<{ jobId: bigint; committed: bigint }>("partOf", [projectId, 0]);
    assert.equal(part.jobId, jobId);
    const milestone = await read<{ state: number; amount: bigint }>(
      "milestoneOf",
      [jobId, 0],
      stack.contracts.MosaicEscrow as Address,
      mosaicEscrowAbi,
    );
    assert.equal(milestone.state, FUNDED);
    assert.equal(part.committed, milestone.amount);
  });
  it("says new business is paused before any input, proposes a team and sends nothing", async () => {
    const client = await fundedAccount(stack);
    const designer = await vendor("pause-design", 4_000, 0);
    await waitForIndexedBlock(stack, designer.block);
    await setNewBusinessPaused(stack, true);
    try {
      const session = await openApp(browser, stack, client.key, { path: "/projects/new" });
      sessions.push(session);
      const { page, wallet } = session;
      await page.getByRole("alert", { name: "New business paused" }).waitFor();
      await page.getByRole("alert").filter({ hasText: "a project cannot be created or funded" }).waitFor();
      await connect(page);
      await proposeLogo(page, "Logo", "pause-design", designer.address);
      assert.equal(await page.getByRole("button", { name: "Create and fund" }).isDisabled(), true);
      assert.deepEqual(wallet.requestsOf("eth_sendTransaction", "personal_sign"), []);
    } finally {
      await setNewBusinessPaused(stack, false);
    }
  });
});
