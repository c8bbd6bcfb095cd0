/**
 * The set-up every browser test file shares. `browserSuite()` registers the file's `before` and
 * `after` hooks: join the suite's stack (or start one for a file run on its own), a viem client on
 * its node, and one headless Chromium for the file, closed when the file's tests end.
 *
 * The stack, the browser and the chain client are exported as live bindings: they hold their
 * values once the `before` hook has run, so a test (or the file's `setUp`) reads them by name:
 *
 *   import { browser, browserSuite, skipWithoutWeb, stack } from "./support/suite.ts";
 *   browserSuite();
 *   describe("…", { skip: skipWithoutWeb }, () => { it("…", async () => openApp(browser, stack, key)) });
 *
 * Without a web app in the checkout, no browser is launched and the files skip their describes.
 */
import assert from "node:assert/strict";
import { after, before } from "node:test";
import type { Browser } from "playwright-core";
import { createPublicClient, http, type PublicClient } from "viem";
import { addresses } from "@mosaic/sdk/contracts";
import { launchChromium } from "../../support/browser.ts";
import { useStack, webAppPresent, type E2EStack } from "../../support/stack.ts";

export let stack: E2EStack;
export let browser: Browser;
export let chain: PublicClient;

/** A describe's `skip` option: skipped, saying why, when the checkout has no web app. */
export const skipWithoutWeb: string | false = !webAppPresent() && "no web app in this checkout";

/**
 * Registers the file's `before` and `after` hooks. Node runs a file's top-level hooks at the same
 * time, not one after another, so a file's own set-up goes here as `setUp`: it runs once the
 * stack, the chain client and Chromium are there (and only with the web app, unless `withoutWeb`).
 * `tearDown` runs after the tests, before Chromium closes (closing it closes every page).
 * `browser: false` for a file that drives no browser.
 */
export function browserSuite(
  options: {
    setUp?: () => Promise<void>;
    tearDown?: () => Promise<void>;
    browser?: boolean;
    withoutWeb?: boolean;
  } = {},
): void {
  before(async () => {
    stack = await useStack();
    chain = createPublicClient({ transport: http(stack.rpcUrl) });
    if (!stack.webUrl && !options.withoutWeb) return;
    if (options.browser !== false) browser = await launchChromium();
    await options.setUp?.();
  });
  after(async () => {
    await options.tearDown?.();
    await browser?.close();
  });
}

/** The address of `contract` in the stack's deployment (the SDK's generated address book). */
export function deployedAddress(contract: string): `0x${string}` {
  const deployed = (addresses as Record<number, Record<string, string> | undefined>)[stack.chainId];
  assert.ok(deployed?.[contract], `the deployment has a ${contract}`);
  return deployed[contract] as `0x${string}`;
}
