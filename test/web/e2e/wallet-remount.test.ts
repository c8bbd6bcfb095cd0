/**
 * A returning user's first click: on a page the browser remembers a wallet on, the wallet code
 * arrives after the page is interactive. What the user did in that moment (a click that opened
 * something, a keystroke, a click that changed the page's state) must still be there once the
 * wallet has reconnected: the page must not mount again when the wallet code arrives.
 *
 * The wallet code is held back for two seconds (any script the page's HTML did not name), so the
 * clicks land before it arrives on every run, and the page is opened without the test helper's
 * wait for the wallet (which would hide the defect).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Page } from "playwright-core";
import { testAccount } from "../../../scripts/dev/accounts.ts";
import { connect, openApp, short } from "./support/session.ts";
import { browser, browserSuite, skipWithoutWeb, stack } from "./support/suite.ts";

const CLIENT = testAccount(17);
const HELD_BACK_MS = 2_000;

browserSuite();

/**
 * Opens `path` as a browser would, returning as soon as the document has loaded (the page helper's
 * `goto` waits for the wallet code; its prototype's does not). Scripts the HTML does not name (the
 * wallet code, loaded after hydration) are held back.
 */
async function openWithWalletHeldBack(page: Page, path: string): Promise<void> {
  const html = await (await page.request.get(path)).text();
  const named = new Set(html.match(/\/_next\/static\/chunks\/[^"'\s]+\.js/g) ?? []);
  await page.unroute("**/_next/static/chunks/**");
  await page.route("**/_next/static/chunks/**", async (route) => {
    if (!named.has(new URL(route.request().url()).pathname)) {
      await new Promise((resolve) => setTimeout(resolve, HELD_BACK_MS));
    }
    await route.continue().catch(() => {});
  });
  const plainGoto = Object.getPrototypeOf(page).goto as Page["goto"];
  await plainGoto.call(page, path, { waitUntil: "domcontentloaded" });
  // Hydrated, with the remembered wallet's code on its way: the placeholder says it is busy.
  await page.locator("header button[aria-busy='true']", { hasText: "Connect wallet" }).waitFor();
  assert.equal(await walletRuntime(page), undefined, "the wallet code arrived before the test could act");
}

function walletRuntime(page: Page): Promise<string | undefined> {
  return page.evaluate(() => document.documentElement.dataset.walletRuntime);
}

/** The wallet code has arrived and reconnected the remembered account. */
async function walletArrived(page: Page): Promise<void> {
  await page.waitForFunction(() => document.documentElement.dataset.walletRuntime === "loaded");
  await page.getByText(`Connected: ${short(CLIENT.address)}`).waitFor();
}

describe("a remembered wallet's code arriving", { skip: skipWithoutWeb }, () => {
  it("keeps what the user clicked and typed before it arrived", async () => {
    const { context, page } = await openApp(browser, stack, CLIENT.privateKey);
    await connect(page);

    // The job board: a click that opens a poster's address, a search being typed.
    await openWithWalletHeldBack(page, "/");
    const address = page.locator(".job-card details.person-address").first();
    await address.locator("summary").click();
    const search = page.getByLabel("Search titles and skills");
    await search.fill("port");
    assert.equal(await walletRuntime(page), undefined, "the clicks must land before the wallet code");
    await walletArrived(page);
    assert.equal(await address.evaluate((d) => (d as HTMLDetailsElement).open), true, "the opened address closed");
    assert.equal(await search.inputValue(), "port", "the typed search was lost");

    // Post a job: a click that adds a milestone (React state) and a typed title.
    await openWithWalletHeldBack(page, "/jobs/new");
    const milestones = page.getByLabel(/^Milestone \d+ title/);
    const before = await milestones.count();
    await page.getByRole("button", { name: "Add milestone" }).click();
    await page.getByLabel("Job title").fill("Audit the payment flow");
    assert.equal(await walletRuntime(page), undefined, "the clicks must land before the wallet code");
    await walletArrived(page);
    assert.equal(await milestones.count(), before + 1, "the added milestone disappeared");
    assert.equal(await page.getByLabel("Job title").inputValue(), "Audit the payment flow");
    await context.close();
  });
});
