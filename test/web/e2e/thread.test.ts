/// <reference lib="dom" />
/**
 * A job's thread as each party reads it in its own browser: a quote's message as the client sees
 * it; a deliverable the vendor submits from the page (markdown with a script in it, an image
 * attached) rendered for the client with its preview; the client's change-request note as the
 * vendor sees it; and a signed free message from the vendor that appears for the client. Jobs are
 * posted from Node with fresh accounts; every step a party takes is a click in its own context.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Page } from "playwright-core";
import { parseEther, parseEventLogs, zeroAddress } from "viem";
import { mosaicEscrowAbi, vendorRegistryAbi } from "@mosaic/sdk/contracts";
import { skillTag } from "../../../matching/index.ts";
import { NodeVendor } from "./support/actors.ts";
import { fundedAccount, waitForIndexedBlock } from "./support/chain.ts";
import { connect, openApp, signIn, type Session } from "./support/session.ts";
import { browser, browserSuite, chain, skipWithoutWeb, stack } from "./support/suite.ts";

const DAY = 86_400;
const SOME_CID = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
const TX_TIMEOUT = 120_000;
// A 1×1 PNG: the preview must decode as an image, not merely be linked.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

type Actor = Awaited<ReturnType<typeof fundedAccount>>;

async function write(
  actor: Actor,
  address: string,
  abi: unknown,
  functionName: string,
  args: unknown[],
  value?: bigint,
) {
  const hash = await actor.wallet.writeContract({ address, abi, functionName, args, value, chain: null } as never);
  const receipt = await chain.waitForTransactionReceipt({ hash });
  assert.equal(receipt.status, "success", `${functionName} reverted`);
  await waitForIndexedBlock(stack, receipt.blockNumber);
  return receipt;
}

/** Posts a one-milestone ETH job from Node; `open` jobs are claimed, invite jobs hired from quotes. */
async function postJob(client: Actor, open: boolean): Promise<bigint> {
  const now = Number((await chain.getBlock()).timestamp);
  const receipt = await write(client, stack.contracts.MosaicEscrow, mosaicEscrowAbi, "postJob", [
    {
      token: zeroAddress,
      arbiter: zeroAddress,
      arbiterFeeBps: 0,
      reviewWindow: 3 * DAY,
      open,
      minRating: 0,
      minPaidJobs: 0,
      requiredSkills: [],
      specCid: SOME_CID,
    },
    [{ amount: parseEther("0.5"), bonus: 0n, deadline: now + 30 * DAY, outcomeDeadline: 0 }],
  ]);
  const [posted] = parseEventLogs({ abi: mosaicEscrowAbi, eventName: "JobPosted", logs: receipt.logs });
  return (posted.args as { jobId: bigint }).jobId;
}

async function openJob(actor: Actor, jobId: bigint): Promise<Session> {
  const session = await openApp(browser, stack, actor.key, { path: `/jobs/${jobId}` });
  await connect(session.page);
  await signIn(session.page);
  await session.page.reload();
  // The remembered wallet's code arrives after the page and mounts it again: wait for that first.
  await session.page.locator("html[data-wallet-runtime='loaded']").waitFor({ state: "attached" });
  await session.page.getByRole("heading", { level: 2, name: "Thread" }).waitFor();
  return session;
}

/** Clicks `button` and waits for the flow labelled `label` to end Done. */
async function act(page: Page, button: string, label = button): Promise<void> {
  await page.getByRole("button", { name: button, exact: true }).click();
  const end = page
    .getByRole("status", { name: "Transaction status" })
    .filter({ hasText: new RegExp(`${label}: (Done\\.|Reverted|Failed|Rejected)`) });
  await end.first().waitFor({ timeout: TX_TIMEOUT });
  assert.match(await end.first().innerText(), /: Done\./);
}

const thread = (page: Page) => page.getByRole("list", { name: "Thread" });

browserSuite();

describe("a job's thread, each party in its own browser", { skip: skipWithoutWeb }, () => {
  it("shows the client a quote's message in the thread of an invite job", async () => {
    const [client, vendor] = await Promise.all([fundedAccount(stack), fundedAccount(stack)]);
    const jobId = await postJob(client, false);
    await new NodeVendor(stack, vendor.key).quote(
      jobId,
      parseEther("0.5"),
      "I can start Monday; two audits like this last month.",
    );
    const { page, context } = await openJob(client, jobId);
    const item = thread(page).getByRole("listitem").filter({ hasText: "Quote" });
    await item.getByText("I can start Monday; two audits like this last month.").waitFor();
    assert.match(await item.innerText(), /quoting vendor/);
    await context.close();
  });

  it("carries the deliverable, the change request and a free message between the two parties", async () => {
    const [client, vendor] = await Promise.all([fundedAccount(stack), fundedAccount(stack)]);
    const jobId = await postJob(client, true);
    await write(client, stack.contracts.MosaicEscrow, mosaicEscrowAbi, "fund", [jobId, 0n, 1n], parseEther("0.5"));
    await write(vendor, stack.contracts.VendorRegistry, vendorRegistryAbi, "setProfile", [
      { hourlyRateCents: 5000, timezoneOffsetMinutes: 0, availabilityHours: 20 },
      [skillTag("solidity")],
      `0x${"33".repeat(32)}`,
    ]);
    await write(vendor, stack.contracts.MosaicEscrow, mosaicEscrowAbi, "claim", [jobId, []]);

    // The vendor submits from its page: markdown with a script in it, and a screenshot attached.
    const vendorSession = await openJob(vendor, jobId);
    const vendorPage = vendorSession.page;
    await vendorPage
      .getByLabel("Deliverable for milestone 1")
      .fill("## Audit report\n\n**No critical issues.**\n\n<script>window.pwned = 1</script>");
    await vendorPage
      .getByLabel("Files for milestone 1")
      .setInputFiles({ name: "screenshot.png", mimeType: "image/png", buffer: PNG });
    await act(vendorPage, "Submit milestone 1");

    // The client reads it rendered, with the image's preview, and sends it back with a note.
    const clientSession = await openJob(client, jobId);
    const clientPage = clientSession.page;
    const deliverable = clientPage.locator(".deliverable").first();
    await deliverable.getByRole("heading", { name: "Audit report" }).waitFor();
    await deliverable.locator("strong", { hasText: "No critical issues." }).waitFor();
    await deliverable.getByText("<script>window.pwned = 1</script>").waitFor();
    assert.equal(await clientPage.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);
    const preview = deliverable.getByRole("img", { name: "Preview of screenshot.png" });
    await preview.waitFor();
    // The preview loads lazily, when the reader scrolls to it. Looked up again on every check:
    // an element handle would go stale if the page mounted again.
    await preview.scrollIntoViewIfNeeded();
    await clientPage.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('.deliverable img[alt="Preview of screenshot.png"]');
      return img !== null && img.complete && img.naturalWidth === 1;
    });
    await clientPage.getByText("against the CID on chain", { exact: false }).first().waitFor();
    await clientPage.getByLabel("Change request for milestone 1").fill("Please add the gas report for withdraw().");
    await act(clientPage, "Request changes on milestone 1");

    // The vendor sees the note, and answers with a signed message.
    await vendorPage.reload();
    const change = thread(vendorPage).getByRole("listitem").filter({ hasText: "Change request on milestone 1" });
    await change.getByText("Please add the gas report for withdraw().").waitFor();
    assert.match(await change.innerText(), /\(client\)/);
    await vendorPage.getByLabel("Message (markdown)").fill("Gas report coming **tomorrow**.");
    await vendorPage.getByRole("button", { name: "Sign and send" }).click();
    // What the composer said: posted, or why not (shown in the failure).
    const composer = vendorPage.getByRole("form", { name: "Write in the thread" });
    const outcome = composer.getByRole("status").or(composer.getByRole("alert"));
    await outcome.waitFor();
    assert.equal(await outcome.innerText(), "Message signed and posted.");

    await clientPage.reload();
    const message = thread(clientPage).getByRole("listitem").filter({ hasText: "Gas report coming" });
    await message.locator("strong", { hasText: "tomorrow" }).waitFor();
    assert.match(await message.innerText(), /\(vendor\)/);
    await vendorSession.context.close();
    await clientSession.context.close();
  });
});
