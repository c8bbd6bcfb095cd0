/// <reference lib="dom" />
/**
 * The job board served from the page cache (web/server/page-cache.ts, web/proxy.ts): each response
 * still has its own CSP nonce and Chromium blocks nothing of the page's own while an injected
 * script (without a nonce, or with an earlier response's) does not run; a new block's state shows
 * on the next load; one visitor's cookies never reach another's page; a signed-in visitor's page
 * is rendered for them.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Page } from "playwright-core";
import { newContext } from "../support/browser.ts";
import { setNewBusinessPaused, waitForIndexedBlock } from "./support/chain.ts";
import { UI_TIMEOUT } from "./support/session.ts";
import { browser, browserSuite, skipWithoutWeb, stack } from "./support/suite.ts";

browserSuite();

async function board(cookie?: string, path = "/") {
  const response = await fetch(new URL(path, stack.webUrl), { headers: cookie ? { cookie } : {} });
  assert.equal(response.status, 200);
  const policy = response.headers.get("content-security-policy") ?? "";
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
  return { cache: response.headers.get("x-mosaic-page-cache"), nonce, html: await response.text() };
}

/** Loads the board again until `shown` says what it must (the server asks the index's head once a second). */
async function reloadUntil(page: Page, shown: () => Promise<boolean>): Promise<void> {
  for (const until = Date.now() + UI_TIMEOUT; ;) {
    await page.goto("/");
    await page.getByRole("heading", { level: 1 }).waitFor();
    if (await shown()) return;
    assert.ok(Date.now() < until, "the board did not change after the new block");
    await page.waitForTimeout(300);
  }
}

describe("the board from the page cache", { skip: skipWithoutWeb }, () => {
  it("gives every response its own nonce on every script; Chromium runs the page and blocks injected scripts", async () => {
    const first = await board();
    const second = await board();
    const third = await board();
    assert.equal(third.cache, "hit", "the board is served from the cache");
    const nonces = [first, second, third].map((r) => r.nonce);
    assert.equal(new Set(nonces).size, 3, `a nonce per response: ${nonces}`);
    for (const response of [second, third]) {
      for (const tag of response.html.match(/<script\b[^>]*>/g) ?? []) {
        assert.ok(tag.includes(`nonce="${response.nonce}"`), `a script without the response's nonce: ${tag}`);
      }
      for (const other of nonces) {
        if (other !== response.nonce) assert.ok(!response.html.includes(other!), "another response's nonce");
      }
    }

    const context = await newContext(browser, stack.webUrl);
    const page = await context.newPage();
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto("/");
    await page.goto("/");
    // Hydrated, and the wallet code loaded on demand: both need scripts the policy allowed.
    await page.getByRole("button", { name: "Connect wallet" }).click();
    await page.getByRole("dialog", { name: "Connect a wallet" }).waitFor();
    assert.deepEqual(violations, []);

    // The served page with two scripts slipped in: one without a nonce, one with an earlier response's.
    await page.route("**/", async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace(
        "</body>",
        `<script>document.documentElement.dataset.injected = "plain"</script>` +
          `<script nonce="${first.nonce}">document.documentElement.dataset.replayed = "yes"</script></body>`,
      );
      await route.fulfill({ response, body: html });
    });
    await page.goto("/");
    await page.getByRole("heading", { level: 1 }).waitFor();
    await page.getByRole("button", { name: "Connect wallet" }).waitFor();
    const marks = await page.evaluate(() => ({ ...document.documentElement.dataset }));
    assert.equal(marks.injected, undefined, "a script without a nonce ran");
    assert.equal(marks.replayed, undefined, "a script with an earlier response's nonce ran");
    assert.equal(violations.length, 2, `both injected scripts were refused: ${violations.join("\n")}`);
    await context.close();
  });

  it("shows a new block's state on the next load: a pause, then the resume", async () => {
    const context = await newContext(browser, stack.webUrl);
    const page = await context.newPage();
    const banner = page.getByRole("alert", { name: "New business paused" });
    await page.goto("/");
    await page.goto("/");
    assert.equal(await banner.count(), 0);
    let paused = false;
    try {
      await waitForIndexedBlock(stack, await setNewBusinessPaused(stack, true));
      paused = true;
      await reloadUntil(page, async () => (await banner.count()) === 1);
      await waitForIndexedBlock(stack, await setNewBusinessPaused(stack, false));
      paused = false;
      await reloadUntil(page, async () => (await banner.count()) === 0);
    } finally {
      if (paused) await waitForIndexedBlock(stack, await setNewBusinessPaused(stack, false));
      await context.close();
    }
  });

  it("keeps one visitor's cookies out of another's page and renders a signed-in visitor's page for them", async () => {
    const visitor = (name: string) => `wagmi.store=${encodeURIComponent(JSON.stringify({ marker: name }))}`;
    const a = await board(visitor("visitor-a-7f3c"));
    assert.ok(a.html.includes("visitor-a-7f3c"), "the page carries its visitor's wallet cookie");
    const again = await board(visitor("visitor-a-7f3c"));
    assert.equal(again.cache, "hit");
    for (const other of [await board(visitor("visitor-b-91d2")), await board()]) {
      assert.ok(!other.html.includes("visitor-a-7f3c"), "another visitor's cookie in the page");
    }
    const signedIn = await board("mosaic_session=not-a-real-session");
    assert.equal(signedIn.cache, null, "a page with a session is rendered for its request");
    assert.ok(signedIn.nonce && signedIn.html.includes(`nonce="${signedIn.nonce}"`));
  });
});
