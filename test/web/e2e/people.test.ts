/**
 * People as the other party sees them: a quote's vendor shown to the client by name (its full
 * address one click away); a written review and the vendor's reply as a visitor reads them on the
 * vendor's page; a client's own profile and history as a visitor reads its client page; a keyword
 * search on the job board. Money moves from Node with fresh accounts; what a person writes, signs
 * or reads is done in their own browser.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseEther, zeroAddress } from "viem";
import { REVIEW_TYPES, reviewsDomain } from "@mosaic/sdk/typed-data";
import { skillTag } from "../../../matching/index.ts";
import { expectAccessible } from "../support/axe.ts";
import { newContext } from "../support/browser.ts";
import { NodeVendor, chainNow, contracts, sendAndIndex } from "./support/actors.ts";
import { fundedAccount } from "./support/chain.ts";
import { connect, openApp, signIn } from "./support/session.ts";
import { browser, browserSuite, skipWithoutWeb, stack } from "./support/suite.ts";

const DAY = 86_400;
const RUN = Date.now().toString(36);
const TITLE = `Index the marketplace events ${RUN}`;
// A 1×1 PNG for the avatar: it must decode as an image where the client is shown.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

type Actor = Awaited<ReturnType<typeof fundedAccount>>;
let client: Actor;
let vendor: Actor;
/** Both parties act from Node (money, documents) with their keys, and in their own browsers. */
let clientActor: NodeVendor;
let vendorActor: NodeVendor;
let inviteJob: bigint;

/** Calls the escrow as `actor` and waits until the index has the block. */
async function escrowCall(
  actor: NodeVendor,
  call: (escrow: Awaited<ReturnType<typeof contracts>>["escrow"]) => unknown,
) {
  const { escrow } = await contracts(stack, actor.wallet);
  const receipt = await sendAndIndex(stack, () => call(escrow) as ReturnType<Parameters<typeof sendAndIndex>[1]>);
  return { escrow, receipt };
}

/** Posts a one-milestone ETH job whose spec document has `title`; returns its id. */
async function postJob(title: string, open: boolean, requiredSkills: string[] = []): Promise<bigint> {
  const specCid = await clientActor.postDocument("job-spec", { title, description: "Map escrow events to entities." });
  const deadline = (await chainNow(stack)) + 30 * DAY;
  const terms = { token: zeroAddress, arbiter: zeroAddress, arbiterFeeBps: 0, reviewWindow: 3 * DAY, open };
  const { escrow, receipt } = await escrowCall(clientActor, (e) =>
    e.postJob({ ...terms, minRating: 0, minPaidJobs: 0, requiredSkills, specCid }, [
      { amount: parseEther("0.2"), bonus: 0n, deadline, outcomeDeadline: 0 },
    ]),
  );
  const posted = receipt.logs.map((l) => escrow.interface.parseLog(l)).find((e) => e?.name === "JobPosted");
  return posted!.args.jobId as bigint;
}

browserSuite({
  setUp: async () => {
    [client, vendor] = await Promise.all([fundedAccount(stack), fundedAccount(stack)]);
    clientActor = new NodeVendor(stack, client.key);
    vendorActor = new NodeVendor(stack, vendor.key);
    await vendorActor.register(["solidity"], { name: `Ngozi Adeyemi ${RUN}`, bio: "Indexers and subgraphs." });
    inviteJob = await postJob(TITLE, false, [skillTag("solidity")]);
  },
});

describe("people on Mosaic, as the other party sees them", { skip: skipWithoutWeb }, () => {
  it("shows the client a quote's vendor by name, the full address one click away", async () => {
    await vendorActor.quote(inviteJob, parseEther("0.2"), "Ready this week.");
    const { page, context } = await openApp(browser, stack, client.key, { path: `/jobs/${inviteJob}` });
    await connect(page);
    await signIn(page);
    await page.reload();
    const row = page.getByRole("row").filter({ hasText: `Ngozi Adeyemi ${RUN}` });
    await row.getByRole("link", { name: `Ngozi Adeyemi ${RUN}` }).waitFor();
    const full = row.getByText(vendor.address.toLowerCase(), { exact: true });
    assert.equal(await full.isVisible(), false, "the full address waits for a click");
    await row.getByText(`${vendor.address.slice(0, 6).toLowerCase()}…`).click();
    await full.waitFor();
    await context.close();
  });

  it("publishes a written review and the vendor's reply, which a visitor reads on the vendor page", async () => {
    const jobId = await postJob(`Review the indexer ${RUN}`, true);
    await escrowCall(clientActor, (e) => e.fund(jobId, 0n, 1n, { value: parseEther("0.2") }));
    await escrowCall(vendorActor, (e) => e.claim(jobId, []));
    await vendorActor.submit(jobId, 0, "Done: every event mapped.");
    await escrowCall(clientActor, (e) => e.approve(jobId, 0n));
    await escrowCall(clientActor, (e) => e.rate(jobId, 4));

    // Against the real chain and index: a signed review claiming 5 stars is refused.
    const claimed = { jobId, rater: client.address, rating: 5, text: "Perfect" };
    const domain = reviewsDomain(stack.chainId, stack.contracts.MosaicEscrow);
    const signature = await clientActor.wallet.signTypedData(domain, REVIEW_TYPES, claimed);
    const refused = await fetch(new URL("/api/reviews", stack.webUrl), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ content: { ...claimed, chainId: stack.chainId, jobId: jobId.toString(), signature } }),
    });
    assert.equal(refused.status, 400);
    assert.match(((await refused.json()) as { error: string }).error, /says 5 of 5 but .* 4 of 5 on chain/);

    const clientSession = await openApp(browser, stack, client.key, { path: `/jobs/${jobId}` });
    await connect(clientSession.page);
    const review = clientSession.page.getByLabel("Review of the vendor");
    await review.fill("Careful work <script>window.pwned = 1</script>, on time.");
    await clientSession.page.getByRole("button", { name: "Sign and publish the review" }).click();
    await clientSession.page.getByText("Published with your 4 of 5 rating:").waitFor();
    await clientSession.context.close();

    const vendorSession = await openApp(browser, stack, vendor.key, { path: `/jobs/${jobId}` });
    await connect(vendorSession.page);
    await vendorSession.page.getByLabel("Your reply (one only)").fill("Thank you, a pleasure.");
    await vendorSession.page.getByRole("button", { name: "Sign and publish the reply" }).click();
    await vendorSession.page.getByText("You replied: Thank you, a pleasure.").waitFor();
    await vendorSession.context.close();

    const visitor = await newContext(browser, stack.webUrl);
    const page = await visitor.newPage();
    await page.goto(`/vendors/${vendor.address}`);
    const reviews = page.getByRole("list", { name: "Written reviews" });
    const item = reviews.getByRole("listitem").filter({ hasText: `job ${jobId}` });
    await item.getByText("Careful work <script>window.pwned = 1</script>, on time.").waitFor();
    await item.getByLabel("4 of 5").waitFor();
    await item.getByText("Thank you, a pleasure.").waitFor();
    assert.equal(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);
    await expectAccessible(page, "the vendor page with its reviews");
    await visitor.close();
  });

  it("lets a client publish its profile, shown with its history on its client page", async () => {
    const { page, context } = await openApp(browser, stack, client.key, { path: "/me/profile" });
    await connect(page);
    await page.getByLabel("Display name").fill(`Amara Client ${RUN}`);
    await page.getByLabel("Short bio").fill("I fund indexers. <script>window.pwned = 1</script>");
    await page.getByLabel(/^Avatar image/).setInputFiles({ name: "me.png", mimeType: "image/png", buffer: PNG });
    await page.getByRole("button", { name: "Save profile" }).click();
    await page.getByText("Profile saved.").waitFor();
    await context.close();

    const visitor = await newContext(browser, stack.webUrl);
    const visit = await visitor.newPage();
    await visit.goto(`/clients/${client.address}`);
    await visit.getByRole("heading", { level: 1, name: `Amara Client ${RUN}` }).waitFor();
    await visit.getByText("I fund indexers. <script>window.pwned = 1</script>").waitFor();
    assert.equal(await visit.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);
    const record = visit.getByRole("list", { name: "Client record" });
    await record.getByText("2 jobs posted").waitFor();
    await record.getByText(/1 paid: 1 approved in the review window/).waitFor();
    await visit.getByRole("list", { name: "Jobs posted" }).getByRole("link", { name: TITLE }).waitFor();
    const avatar = visit.getByRole("heading", { level: 1 }).locator("img");
    assert.match((await avatar.getAttribute("src"))!, /^\/api\/profiles\/avatar\/bafk/);
    await visit.waitForFunction(
      (img) => (img as HTMLImageElement | null)?.naturalWidth === 1,
      await avatar.elementHandle(),
    );
    await expectAccessible(visit, "the client page");
    await visitor.close();
  });

  it("finds a job by keywords on the board and on Find work, in a shareable URL", async () => {
    const visitor = await newContext(browser, stack.webUrl);
    const page = await visitor.newPage();
    await page.goto("/");
    await page.getByLabel("Search titles and skills").fill(`marketplace ${RUN}`);
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL((url) => url.searchParams.get("q") === `marketplace ${RUN}`);
    const jobs = page.getByRole("list", { name: "Jobs" });
    await jobs.getByRole("link", { name: TITLE }).waitFor();
    // Posted by the client, named from the profile it published above.
    await jobs.getByRole("link", { name: `Amara Client ${RUN}` }).waitFor();
    assert.equal(await jobs.locator(":scope > li").count(), 1);

    // The vendor's "Find work" searches the same way; the invite job shows its title and skills.
    await page.goto(`/vendor/jobs?address=${vendor.address.toLowerCase()}`);
    await page.getByLabel("Search titles and skills").fill(`solidity ${RUN}`);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get("q") === `solidity ${RUN}`);
    const invites = page.getByRole("list", { name: "Invite jobs" });
    const card = invites.getByRole("listitem").filter({ hasText: TITLE });
    await card.getByRole("link", { name: `Job ${inviteJob}: ${TITLE}` }).waitFor();
    await card.getByRole("list", { name: "Required skills" }).getByText("solidity").waitFor();
    assert.equal(await invites.locator(":scope > li").count(), 1);
    await visitor.close();
  });
});
