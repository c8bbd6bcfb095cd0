/**
 * Steps the browser tests share: open the app with a test wallet, connect it through the connect
 * dialog, sign in with Ethereum, read the server's view of the session.
 */
import assert from "node:assert/strict";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { expectAccessible } from "../../support/axe.ts";
import { newContext } from "../../support/browser.ts";
import type { E2EStack } from "../../support/stack.ts";
import { TestWallet, WALLET_NAME } from "../../support/wallet.ts";

/** Time allowed for one thing to appear on the page (a transaction plus the index catching up). */
export const UI_TIMEOUT = 30_000;

export interface Session {
  context: BrowserContext;
  page: Page;
  wallet: TestWallet;
}

export async function openApp(
  browser: Browser,
  stack: E2EStack,
  privateKey: string,
  options: { chainId?: number; path?: string } = {},
): Promise<Session> {
  const context = await newContext(browser, stack.webUrl);
  context.setDefaultTimeout(UI_TIMEOUT);
  const wallet = new TestWallet({
    rpcUrl: stack.rpcUrl,
    nodeChainId: stack.chainId,
    privateKey,
    chainId: options.chainId,
  });
  await wallet.install(context);
  const page = await context.newPage();
  await page.goto(options.path ?? "/");
  return { context, page, wallet };
}

/** Opens the connect dialog and picks the test wallet (announced through EIP-6963). */
export async function connect(page: Page, checkAccessibility = false): Promise<void> {
  await page.getByRole("button", { name: "Connect wallet" }).click();
  const dialog = page.getByRole("dialog", { name: "Connect a wallet" });
  const walletButton = dialog.getByRole("list", { name: "Wallets" }).getByRole("button", { name: WALLET_NAME });
  await walletButton.waitFor();
  if (checkAccessibility) await expectAccessible(page, "the connect dialog");
  await walletButton.click();
  await page.getByText(/^Connected: 0x/).waitFor();
}

export async function signIn(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign in with Ethereum" }).click();
  await page.getByText("Signed in", { exact: true }).waitFor();
}

/** The session as the server sees it (the page's cookies), or undefined when signed out. */
export async function serverSession(page: Page): Promise<{ address: string; chainId: number } | undefined> {
  const response = await page.request.get("/api/auth/session");
  if (response.status() === 401) return undefined;
  assert.equal(response.status(), 200, `GET /api/auth/session answered ${response.status()}`);
  return (await response.json()) as { address: string; chainId: number };
}

/** "0xf39F…2266": how the app shortens addresses. */
export function short(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

/**
 * Waits for the page of the job just posted. If the transaction status says the flow stopped
 * (failed or rejected), or time runs out, the error carries what the status and the page said.
 */
export async function waitForNewJobPage(page: Page, timeout = 90_000): Promise<bigint> {
  const stopped = page
    .getByRole("status", { name: "Transaction status" })
    .getByText(/: (Failed|Rejected)/)
    .first();
  const outcome = await Promise.race([
    page.waitForURL(/\/jobs\/\d+$/, { timeout }).then(() => "job page" as const),
    stopped.waitFor({ timeout }).then(() => "stopped" as const),
  ]).catch((error: Error) => error);
  if (outcome !== "job page") {
    const said = await page
      .locator("main")
      .innerText({ timeout: 2_000 })
      .catch(() => "(unreadable)");
    const why = outcome === "stopped" ? "the flow stopped" : outcome.message.split("\n")[0];
    throw new Error(`no job page (${why}) at ${page.url()}; the page said:\n${said}`);
  }
  return BigInt(new URL(page.url()).pathname.split("/").pop()!);
}
