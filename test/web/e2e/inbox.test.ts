/// <reference lib="dom" />
/**
 * The inbox, as each party meets it in Chromium against the real escrow and index: a client who
 * signed in sees the vendor's claim and submission counted in the header and listed, with what
 * waits for it; opening the inbox marks them read; the vendor's inbox tells it it was paid.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseEther, type Address } from "viem";
import { postAndFund, writeEscrow, type MosaicContext } from "@mosaic/sdk/jobs";
import { NodeVendor, chainNow, sendAndIndex, contracts } from "./support/actors.ts";
import { fundedAccount, waitForIndexedBlock } from "./support/chain.ts";
import { connect, openApp, signIn } from "./support/session.ts";
import { browser, browserSuite, chain, skipWithoutWeb, stack } from "./support/suite.ts";

browserSuite();

describe("inbox", { skip: skipWithoutWeb }, () => {
  it("tells the client of a claim and a submission, and the vendor of its payment", async () => {
    const client = await fundedAccount(stack);
    const vendorAccount = await fundedAccount(stack);
    const vendor = new NodeVendor(stack, vendorAccount.key);
    await vendor.register(["translation"], { name: "Inbox Translations", bio: "Spanish and Catalan." });

    const { page, context } = await openApp(browser, stack, client.key, { path: "/inbox" });
    await connect(page);
    await signIn(page);
    // Signed in, the header links to the inbox; its name is what it shows ("Inbox", "Inbox 2 unread").
    const inboxLink = page.getByRole("banner").getByRole("link", { name: /^Inbox/ });
    await page.getByRole("banner").getByRole("link", { name: "Inbox", exact: true }).waitFor();
    await page.getByText("Nothing yet").waitFor();

    // The client funds an open job from Node; the vendor claims and submits it.
    const ctx: MosaicContext = {
      publicClient: chain,
      walletClient: client.wallet,
      escrow: stack.contracts.MosaicEscrow as Address,
      registry: stack.contracts.VendorRegistry as Address,
    };
    const specCid = await vendor.postDocument("job-spec", {
      version: 1,
      title: "Translate the inbox guide",
      description: "Translate the four-page guide into Spanish.",
    });
    const now = await chainNow(stack);
    const { jobId } = await postAndFund(ctx, { reviewWindow: 3 * 86_400, open: true, specCid }, [
      { amount: parseEther("0.05"), deadline: now + 14 * 86_400 },
    ]);
    const { escrow } = await contracts(stack, vendor.wallet);
    await sendAndIndex(stack, () => escrow.claim(jobId, []));
    await vendor.submit(jobId, 0, "The guide in Spanish.");

    // The pages the client opens next count them in the header (within the few seconds the
    // header's count is shared between page views).
    const label = async () => (await inboxLink.textContent())?.replace(/\s+/g, " ").trim();
    for (const until = Date.now() + 15_000; (await label()) !== "Inbox 2 unread" && Date.now() < until;) {
      await page.goto("/");
      if ((await label()) !== "Inbox 2 unread") await page.waitForTimeout(1_000);
    }
    assert.equal(await label(), "Inbox 2 unread");
    await inboxLink.click();
    await page.waitForURL(/\/inbox$/);
    const list = page.getByRole("list", { name: "Notifications" });
    const submitted = list
      .getByRole("listitem")
      .filter({ hasText: "Milestone 1 of “Translate the inbox guide” was submitted" });
    await submitted.waitFor();
    assert.match(await submitted.innerText(), /Needs you/);
    assert.match(await submitted.innerText(), /approve it or request changes/);
    await list
      .getByRole("listitem")
      .filter({ hasText: /claimed “Translate the inbox guide”/ })
      .waitFor();
    // Shown once, they are read: the header says so without another visit.
    await page.getByRole("banner").getByRole("link", { name: "Inbox", exact: true }).waitFor();
    assert.equal(await inboxLink.count(), 1);

    // The link goes to the job; the client approves (from Node), and the vendor's inbox says it was paid.
    assert.equal(await submitted.getByRole("link").getAttribute("href"), `/jobs/${jobId}`);
    const { receipt } = await writeEscrow(ctx, "approve", [jobId, 0n]);
    await waitForIndexedBlock(stack, receipt.blockNumber);
    const response = await fetch(new URL("/api/inbox", stack.webUrl), {
      headers: { cookie: await vendor.sessionCookie() },
    });
    assert.equal(response.status, 200);
    const body = (await response.json()) as { items: { kind: string; text: string }[]; unread: number };
    const paid = body.items.find((item) => item.kind === "payment");
    assert.ok(paid, `the vendor's inbox: ${JSON.stringify(body.items)}`);
    assert.match(paid.text, /^You were paid 0\.04975 ETH for Milestone 1 of “Translate the inbox guide”\.$/);
    await context.close();
  });
});
