/// <reference lib="dom" />
/**
 * Hiring like a marketplace, each side as it meets it: the client invites a vendor from the
 * matches page, the vendor's inbox has the invitation, the vendor quotes its own price, the client
 * counters in the browser, the vendor's inbox has the counter-offer, the vendor signs a quote at
 * that price and the client hires from it. (The escrow hires at the price the job escrowed, so an
 * agreement away from it means posting the job again at that price.) Nobody but the job's client can invite or counter.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseEther, type Address } from "viem";
import { postAndFund, readJob, type MosaicContext } from "@mosaic/sdk/jobs";
import { NodeVendor, chainNow } from "./support/actors.ts";
import { fundedAccount, waitForIndexedBlock } from "./support/chain.ts";
import { connect, openApp, signIn } from "./support/session.ts";
import { browser, browserSuite, chain, skipWithoutWeb, stack } from "./support/suite.ts";

browserSuite();

interface InboxBody {
  items: { kind: string; text: string; href?: string; action: boolean }[];
}

async function inboxOf(vendor: NodeVendor): Promise<InboxBody> {
  const response = await fetch(new URL("/api/inbox", stack.webUrl), {
    headers: { cookie: await vendor.sessionCookie() },
  });
  assert.equal(response.status, 200);
  return (await response.json()) as InboxBody;
}

describe("hiring", { skip: skipWithoutWeb }, () => {
  it("invites from the matches page, counters a quote and hires at the countered price", async () => {
    const client = await fundedAccount(stack);
    const vendor = new NodeVendor(stack, (await fundedAccount(stack)).key);
    // A skill only this vendor has, so that it is among the job's matches whatever else is registered.
    const skill = `subtitles-${vendor.address.slice(2, 8).toLowerCase()}`;
    await vendor.register([skill], { name: "Counter Subtitles", bio: "Subtitles in six languages." });

    const ctx: MosaicContext = {
      publicClient: chain,
      walletClient: client.wallet,
      escrow: stack.contracts.MosaicEscrow as Address,
      registry: stack.contracts.VendorRegistry as Address,
    };
    const specCid = await vendor.postDocument("job-spec", {
      version: 1,
      title: "Subtitle the launch video",
      description: "Spanish and French subtitles for a four-minute video.",
      skills: [skill],
    });
    const { jobId, receipt } = await postAndFund(
      ctx,
      { reviewWindow: 3 * 86_400, open: false, specCid, requiredSkills: [skill] },
      [{ amount: parseEther("0.3"), deadline: (await chainNow(stack)) + 14 * 86_400 }],
    );

    await waitForIndexedBlock(stack, receipt.blockNumber);

    // Nobody but the client may invite to the job.
    const stranger = await fetch(new URL("/api/documents", stack.webUrl), {
      method: "POST",
      headers: { "content-type": "application/json", cookie: await vendor.sessionCookie() },
      body: JSON.stringify({
        kind: "invitation",
        content: { chainId: stack.chainId, jobId: jobId.toString(), vendor: client.address },
      }),
    });
    assert.equal(stranger.status, 400);
    assert.match(((await stranger.json()) as { error: string }).error, /only the job's client may invite/);

    const { page, context } = await openApp(browser, stack, client.key, { path: `/jobs/${jobId}/matches` });
    await connect(page);
    await signIn(page);
    const card = page.getByRole("listitem").filter({ hasText: vendor.address });
    // Signing in renders the page again, with the client's controls.
    await card.getByLabel("Message with the invitation (optional)").fill("Could you start this week?");
    await card.getByRole("button", { name: "Invite to quote" }).click();
    await card.getByRole("status").getByText("Invited").waitFor();

    const invited = (await inboxOf(vendor)).items.find((item) => item.kind === "invitation");
    assert.ok(invited, "the invitation is in the vendor's inbox");
    assert.equal(
      invited.text,
      "The client of “Subtitle the launch video” invited you to quote: “Could you start this week?”.",
    );
    assert.equal(invited.href, "/vendor/jobs");
    assert.equal(invited.action, true);

    // The vendor quotes its own price, above the job's; the client counters with the job's budget.
    await vendor.quote(jobId, parseEther("0.35"), "Both languages, reviewed by a native speaker.");
    await page.goto(`/jobs/${jobId}`);
    const quote = page.getByRole("listitem").filter({ hasText: "reviewed by a native speaker" });
    await quote.getByRole("button", { name: "Counter this quote" }).click();
    const counter = quote.getByRole("form", { name: "Counter-offer" });
    // The escrow hires only at the price the job escrowed: the page says why this quote cannot be used.
    await quote.getByText("This quote cannot be used: its price is not the job's total.").waitFor();
    await counter.getByLabel("Your price (ETH)").fill("0.3");
    await counter.getByLabel("Message (optional)").fill("Spanish only is fine at this price.");
    await counter.getByRole("button", { name: "Send counter-offer" }).click();
    await quote.getByRole("status").getByText("Counter-offer sent: 0.3 ETH.", { exact: false }).waitFor();

    const countered = (await inboxOf(vendor)).items.find((item) => item.kind === "counter-offer");
    assert.ok(countered, "the counter-offer is in the vendor's inbox");
    assert.match(
      countered.text,
      /^The client of “Subtitle the launch video” would accept 0\.3 ETH for your quote: “Spanish only is fine at this price\.”\./,
    );

    // The vendor agrees: a quote at the countered price, which the client hires from.
    await vendor.quote(jobId, parseEther("0.3"), "Agreed: Spanish only.");
    await page.reload();
    const agreed = page.getByRole("listitem").filter({ hasText: "Agreed: Spanish only." });
    await agreed.getByRole("button", { name: /^Hire .* from this quote$/ }).click();
    await page
      .getByRole("status", { name: "Transaction status" })
      .getByText(/^Hire .*: Done\./)
      .waitFor({ timeout: 60_000 });
    const job = await readJob(ctx, jobId);
    assert.equal(job.vendor.toLowerCase(), vendor.address.toLowerCase());
    await context.close();
  });
});
