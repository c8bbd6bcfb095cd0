/// <reference lib="dom" />
/**
 * A phone (375 × 667): the post-a-job form fits the screen with a long arbiter address typed in,
 * the header stays one compact row, and the site's links are behind a menu.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { launchChromium } from "../support/browser.ts";
import { useStack, webAppPresent, type E2EStack } from "../support/stack.ts";

const WIDTH = 375;
const HEIGHT = 667;

let stack: E2EStack;
let browser: Browser;

before(async () => {
  stack = await useStack();
  if (stack.webUrl) browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

describe("on a phone", { skip: !webAppPresent() && "no web app in this checkout" }, () => {
  it("the post-a-job form fits 375 px, the header is one short row, and a menu holds the links", async () => {
    const context = await browser.newContext({
      baseURL: stack.webUrl,
      viewport: { width: WIDTH, height: HEIGHT },
      locale: "en-US",
      timezoneId: "UTC",
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await page.goto("/jobs/new");
    const form = page.getByRole("form", { name: "Post a job" });
    await form.waitFor();
    await form.getByLabel("Arbiter address (empty for the default)").fill(`0x${"ab".repeat(20)}`);
    await form.getByLabel("Arbiter fee (%)").waitFor();

    const sizes = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      form: document.querySelector("form[aria-label='Post a job']")!.getBoundingClientRect().width,
      header: document.querySelector(".site-header")!.getBoundingClientRect().height,
    }));
    assert.ok(sizes.form <= WIDTH, `the form is ${sizes.form} px wide`);
    assert.ok(sizes.page <= WIDTH, `the page scrolls sideways: ${sizes.page} px`);
    assert.ok(sizes.header <= HEIGHT / 6, `the header takes ${sizes.header} px of ${HEIGHT}`);

    // The links are one tap away, not spread over the header.
    assert.equal(await page.getByRole("link", { name: "Find work" }).isVisible(), false);
    await page.locator("summary", { hasText: "Menu" }).click();
    await page.getByRole("link", { name: "Find work" }).click();
    await page.waitForURL(/\/vendor\/jobs/);
    await context.close();
  });
});
