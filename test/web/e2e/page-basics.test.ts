/// <reference lib="dom" />
/**
 * What every page must do regardless of the journey: run under a content security policy without
 * 'unsafe-inline' scripts (a nonce per response), put the keyboard on the first field that needs
 * fixing when a form is refused, and fit a phone (375 × 667): the post-a-job form with a long
 * arbiter address typed in, a one-row header, the site's links behind a menu.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { newContext } from "../support/browser.ts";
import { browser, browserSuite, skipWithoutWeb, stack } from "./support/suite.ts";

const WIDTH = 375;
const HEIGHT = 667;

browserSuite();

function scriptSrc(csp: string): string[] {
  const directive = csp.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
  return directive.trim().split(/\s+/).slice(1);
}

describe("every page", { skip: skipWithoutWeb }, () => {
  it("allows only its own scripts: a fresh nonce per response, no 'unsafe-inline', and nothing blocked", async () => {
    const nonces = new Set<string>();
    for (const path of ["/", "/jobs/new", "/audit"]) {
      const response = await fetch(new URL(path, stack.webUrl));
      const csp = response.headers.get("content-security-policy") ?? "";
      const scripts = scriptSrc(csp);
      assert.ok(!scripts.includes("'unsafe-inline'"), `${path}: ${csp}`);
      const nonce = scripts.find((s) => s.startsWith("'nonce-"));
      assert.ok(nonce, `${path} has a nonce: ${csp}`);
      nonces.add(nonce);
      const html = await response.text();
      const value = nonce.slice("'nonce-".length, -1);
      for (const tag of html.match(/<script\b[^>]*>/g) ?? []) {
        assert.ok(tag.includes(`nonce="${value}"`), `${path}: a script without the nonce: ${tag}`);
      }
    }
    assert.equal(nonces.size, 3, "each response has its own nonce");

    const context = await newContext(browser, stack.webUrl);
    const page = await context.newPage();
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto("/jobs/new");
    // The page hydrated and its wallet code loaded: both need scripts the policy allowed.
    await page.getByRole("form", { name: "Post a job" }).waitFor();
    await page.getByRole("button", { name: "Connect wallet" }).click();
    await page.getByRole("dialog", { name: "Connect a wallet" }).waitFor();
    assert.deepEqual(violations, []);
    await context.close();
  });

  it("a refused post-a-job form puts the keyboard on the first field to fix", async () => {
    const context = await newContext(browser, stack.webUrl);
    const page = await context.newPage();
    await page.goto("/jobs/new");
    const form = page.getByRole("form", { name: "Post a job" });
    await form.getByLabel("Description").fill("Only a description: the title is missing.");
    // The first focus loads the wallet code, and the page mounts again inside its providers (keeping
    // what was typed): the refusal is asked for once that has happened.
    await page.locator("html[data-wallet-runtime='loaded']").waitFor({ state: "attached" });
    await form.getByRole("button", { name: "Post and fund job" }).click();
    await form.getByLabel("Job title").and(page.locator("[aria-invalid='true']")).waitFor();
    await page.waitForFunction(() => document.activeElement?.id === "title", null, { timeout: 10_000 });
    assert.equal(await page.evaluate(() => document.activeElement?.id), "title");
    await context.close();
  });

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
    await page.locator("html[data-wallet-runtime='loaded']").waitFor({ state: "attached" });

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
