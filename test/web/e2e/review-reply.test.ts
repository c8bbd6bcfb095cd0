/**
 * A vendor answers a review from its own public page: the client of a paid job writes a review in
 * its browser, the vendor (connected in its own browser) finds "Reply" under that review on
 * /vendors/<address>, signs and publishes its answer there, and the client reads it on the same page.
 * Money moves from Node; what each person writes, signs or reads happens in their browser.
 * The same vendor then turns webhook delivery of its inbox on and off on /inbox, and a server that
 * allows loopback targets posts its next payment to an HTTP sink, once and signed.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { parseEther, zeroAddress } from "viem";
import { freePort } from "../../../scripts/dev/ports.ts";
import { ProcessGroups } from "../../../scripts/dev/processes.ts";
import { startWeb } from "../../../scripts/dev/web.ts";
import type { DeliveryBody } from "../../../web/server/notify/deliverer.ts";
import { verifySignature } from "../../../web/server/notify/webhook.ts";
import { startHttpSink } from "../api/notify-sinks.ts";
import { expectAccessible } from "../support/axe.ts";
import { NodeVendor, chainNow, contracts, sendAndIndex } from "./support/actors.ts";
import { fundedAccount } from "./support/chain.ts";
import { connect, openApp, signIn } from "./support/session.ts";
import { browser, browserSuite, skipWithoutWeb, stack } from "./support/suite.ts";

const RUN = Date.now().toString(36);
let clientKey: string;
let vendorKey: string;
let vendorAddress: string;
let jobId: bigint;

let clientNode: NodeVendor;
let vendorNode: NodeVendor;

/** A one-milestone job the vendor claimed, delivered and was paid for; returns its id. */
async function paidJob(title: string): Promise<bigint> {
  const escrow = (await contracts(stack, clientNode.wallet)).escrow;
  const vendorEscrow = (await contracts(stack, vendorNode.wallet)).escrow;
  const specCid = await clientNode.postDocument("job-spec", { title, description: "." });
  const posted = await sendAndIndex(stack, async () =>
    escrow.postJob(
      {
        token: zeroAddress,
        arbiter: zeroAddress,
        arbiterFeeBps: 0,
        reviewWindow: 86_400,
        open: true,
        minRating: 0,
        minPaidJobs: 0,
        requiredSkills: [],
        specCid,
      },
      [{ amount: parseEther("0.1"), bonus: 0n, deadline: (await chainNow(stack)) + 10 * 86_400, outcomeDeadline: 0 }],
    ),
  );
  const id: bigint = posted.logs.map((l) => escrow.interface.parseLog(l)).find((e) => e?.name === "JobPosted")!.args
    .jobId;
  await sendAndIndex(stack, () => escrow.fund(id, 0n, 1n, { value: parseEther("0.1") }));
  await sendAndIndex(stack, () => vendorEscrow.claim(id, []));
  await vendorNode.submit(id, 0, "Delivered.");
  await sendAndIndex(stack, () => escrow.approve(id, 0n));
  return id;
}

browserSuite({
  setUp: async () => {
    const [client, vendor] = await Promise.all([fundedAccount(stack), fundedAccount(stack)]);
    clientKey = client.key;
    vendorKey = vendor.key;
    vendorAddress = vendor.address;
    clientNode = new NodeVendor(stack, client.key);
    vendorNode = new NodeVendor(stack, vendor.key);
    await vendorNode.register(["solidity"], { name: `Reply Vendor ${RUN}`, bio: "Answers every review." });
    // A paid, rated one-milestone job between them.
    jobId = await paidJob(`Reply from the page ${RUN}`);
    await sendAndIndex(stack, async () => (await contracts(stack, clientNode.wallet)).escrow.rate(jobId, 5));
  },
});

describe("a vendor's reviews and notifications, from its own pages", { skip: skipWithoutWeb }, () => {
  it("the client reviews, the vendor replies on /vendors/<address>, the client reads the reply", async () => {
    const review = `Clear and quick ${RUN}.`;
    const reply = `Thanks, glad it helped ${RUN}.`;

    const client = await openApp(browser, stack, clientKey, { path: `/jobs/${jobId}` });
    await connect(client.page);
    await client.page.getByLabel("Review of the vendor").fill(review);
    await client.page.getByRole("button", { name: "Sign and publish the review" }).click();
    await client.page.getByText("Published with your 5 of 5 rating:").waitFor();

    const vendor = await openApp(browser, stack, vendorKey, { path: `/vendors/${vendorAddress}` });
    await connect(vendor.page);
    const mine = vendor.page
      .getByRole("list", { name: "Written reviews" })
      .getByRole("listitem")
      .filter({ hasText: review });
    await mine.getByRole("button", { name: "Reply" }).click();
    await mine.getByLabel("Your reply (one only)").fill(reply);
    await mine.getByRole("button", { name: "Sign and publish the reply" }).click();
    await mine.getByLabel("Reply", { exact: true }).getByText(reply).waitFor();
    assert.equal(await mine.getByRole("button", { name: "Reply" }).count(), 0, "a review gets one reply");
    await vendor.context.close();

    // The client, connected in its own browser, reads the reply and is offered no "Reply" of its own.
    await client.page.goto(`/vendors/${vendorAddress}`);
    const seen = client.page
      .getByRole("list", { name: "Written reviews" })
      .getByRole("listitem")
      .filter({ hasText: review });
    await seen.getByLabel("Reply", { exact: true }).getByText(reply).waitFor();
    await client.page.getByText(/^Connected: 0x/).waitFor();
    assert.equal(await client.page.getByRole("button", { name: "Reply", exact: true }).count(), 0);
    await client.context.close();
  });

  it("the vendor turns webhook delivery on and off on /inbox; an inward URL is refused with the reason", async () => {
    const { page, context } = await openApp(browser, stack, vendorKey, { path: "/inbox" });
    await connect(page);
    await signIn(page);
    const form = page.getByRole("form", { name: "Notification delivery" });
    await page.getByText("Off: nothing is sent anywhere.").waitFor();

    // This server does not allow private targets (MOSAIC_NOTIFY_ALLOW_PRIVATE is unset).
    await form.getByLabel("Webhook URL").fill("http://127.0.0.1:9/hook");
    await form.getByRole("button", { name: "Save delivery settings" }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: /127\.0\.0\.1, a private or loopback address/ })
      .waitFor();
    await expectAccessible(page, "the inbox with its delivery settings");

    await form.getByLabel("Webhook URL").fill("https://203.0.113.7/mosaic");
    await form.getByLabel("Payments").check();
    await form.getByRole("button", { name: "Save delivery settings" }).click();
    const secret = page.getByRole("status").filter({ hasText: "Your webhook secret, shown only now" });
    await secret.waitFor();
    assert.match((await secret.locator("code").textContent()) ?? "", /^[0-9a-f]{64}$/);

    await page.reload();
    await page.getByText("On: new items are sent as they arrive.").waitFor();
    assert.equal(await form.getByLabel("Webhook URL").inputValue(), "https://203.0.113.7/mosaic");
    assert.equal(await form.getByLabel("Payments").isChecked(), true);
    assert.equal(await page.getByText("Your webhook secret, shown only now").count(), 0, "shown once");
    await form.getByRole("button", { name: "Turn off" }).click();
    await page.getByText("Off: nothing is sent anywhere.").waitFor();
    await context.close();
  });

  it("posts the vendor's payment to its webhook once, signed, from a server that allows loopback targets", async () => {
    // A second web server on the same chain and index, with its own store, where loopback webhooks
    // are allowed (the suite's server refuses them, as production does).
    const logs = mkdtempSync(path.join(tmpdir(), "mosaic-notify-web-"));
    const groups = new ProcessGroups(logs);
    const sink = await startHttpSink();
    process.env.MOSAIC_NOTIFY_ALLOW_PRIVATE = "1";
    process.env.MOSAIC_NOTIFY_POLL_MS = "300";
    try {
      const port = await freePort();
      await startWeb(groups, {
        mode: "production",
        port,
        rpcUrl: stack.rpcUrl,
        graphqlUrl: stack.graphqlUrl,
        chainId: stack.chainId,
        dataDir: path.join(logs, "data"),
      });
      const web = `http://127.0.0.1:${port}`;
      const cookie = await new NodeVendor({ ...stack, webUrl: web }, vendorKey).sessionCookie();
      const settings = (init?: RequestInit) =>
        fetch(`${web}/api/notifications`, { ...init, headers: { cookie, "content-type": "application/json" } });
      const saved = await settings({ method: "POST", body: JSON.stringify({ webhookUrl: sink.url }) });
      assert.equal(saved.status, 200, await saved.clone().text());
      const { secret } = (await saved.json()) as { secret: string };
      const deadline = Date.now() + 20_000;
      while (!((await (await settings()).json()) as { ready: boolean }).ready) {
        assert.ok(Date.now() < deadline, "the deliverer never took the settings in");
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      assert.equal(sink.requests.length, 0, "what was in the inbox before is not sent");

      const paid = await paidJob(`Notify me ${RUN}`);
      while (sink.requests.length === 0) {
        assert.ok(Date.now() < deadline + 30_000, "no delivery reached the webhook");
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      await new Promise((resolve) => setTimeout(resolve, 1_500)); // several more rounds: nothing twice
      assert.equal(sink.requests.length, 1);
      const [request] = sink.requests;
      assert.ok(verifySignature(secret, String(request.headers["x-mosaic-signature"]), request.body));
      const body = JSON.parse(request.body) as DeliveryBody;
      assert.equal(body.address, vendorAddress.toLowerCase());
      assert.equal(body.item.kind, "payment");
      assert.equal(body.item.jobId, paid.toString());
      // This server's own store does not hold the job's spec document, so the job goes by its number.
      assert.match(body.item.text, new RegExp(`^You were paid .* for Milestone 1 of “Job #${paid}”\\.$`));
    } finally {
      delete process.env.MOSAIC_NOTIFY_ALLOW_PRIVATE;
      delete process.env.MOSAIC_NOTIFY_POLL_MS;
      await groups.stop();
      await sink.close();
      rmSync(logs, { recursive: true, force: true });
    }
  });
});
