/**
 * The wallets a deployment may turn on besides EIP-6963: WalletConnect and Coinbase Wallet (listed
 * in the connect dialog, their SDKs loaded only once picked) and Safe (the app runs as a Safe app
 * inside an allowed Safe{Wallet} origin and connects to the Safe by itself). With no setting the
 * dialog lists neither and the browser calls no host but the app's own.
 *
 * This machine has no network: a real WalletConnect pairing (relay, a phone wallet) cannot happen
 * here. The test stops where the app reaches for WalletConnect's relay (the browser resolves no
 * outside host). Safe is played by a local page that frames the app and answers the Safe apps
 * SDK's messages as Safe{Wallet} does.
 */
import assert from "node:assert/strict";
import http from "node:http";
import { describe, it } from "node:test";
import type { BrowserContext, Page } from "playwright-core";
import { testAccount } from "../../../scripts/dev/accounts.ts";
import { freePort, HOST } from "../../../scripts/dev/ports.ts";
import { WALLET_NAME } from "../support/wallet.ts";
import { OwnWebServers } from "./support/own-web-server.ts";
import { openApp, short } from "./support/session.ts";
import { browser, browserSuite, skipWithoutWeb, stack } from "./support/suite.ts";

const USER = testAccount(17);
/** The Safe the fake Safe{Wallet} reports (an address no test uses). */
const SAFE_ADDRESS = "0x5afe5afe5afe5afe5afe5afe5afe5afe5afe5afe";
const PROJECT_ID = "0123456789abcdef0123456789abcdef";

const webServers = new OwnWebServers("wallet-connectors");
const servers: http.Server[] = [];

browserSuite({
  tearDown: async () => {
    for (const server of servers) server.close();
    await webServers.stop();
  },
});

/** `next start` on the suite's build with the wallet settings in `settings`. */
async function startServer(settings: Record<string, string>): Promise<string> {
  return `http://${HOST}:${await webServers.start(stack, "web-wallets", settings)}`;
}

/**
 * A stand-in for Safe{Wallet}: a page on its own origin framing `?app=`, answering the Safe apps
 * SDK's `getSafeInfo` with SAFE_ADDRESS on the app's chain, and keeping the methods it was asked.
 */
async function fakeSafe(chainId: number): Promise<{ origin: string }> {
  const port = await freePort();
  const page = `<!doctype html><html lang="en"><head><title>Safe</title></head><body>
<script>
window.safeCalls = [];
window.addEventListener("message", (event) => {
  const request = event.data;
  if (!request || typeof request.method !== "string" || !request.id) return;
  window.safeCalls.push(request.method);
  const reply = request.method === "getSafeInfo"
    ? { id: request.id, success: true, version: "9.1.0",
        data: { safeAddress: ${JSON.stringify(SAFE_ADDRESS)}, chainId: ${chainId}, threshold: 1,
                owners: [${JSON.stringify(USER.address)}], isReadOnly: false } }
    : { id: request.id, success: false, version: "9.1.0", error: "not offered by this Safe" };
  event.source.postMessage(reply, event.origin);
});
const frame = document.createElement("iframe");
frame.title = "Safe app";
frame.width = "1200";
frame.height = "800";
frame.src = new URLSearchParams(location.search).get("app");
document.body.append(frame);
</script></body></html>`;
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(port, HOST, resolve));
  return { origin: `http://${HOST}:${port}` };
}

/** Every URL the page's context requests (documents, scripts, fetches) and the page's websockets, from now on. */
function recordRequests(context: BrowserContext, page: Page): string[] {
  const urls: string[] = [];
  context.on("request", (request) => urls.push(request.url()));
  page.on("websocket", (socket) => urls.push(socket.url()));
  return urls;
}

function outsideHosts(urls: string[]): string[] {
  return urls.filter((url) => {
    const { protocol, hostname } = new URL(url);
    return !["data:", "blob:", "about:"].includes(protocol) && !["127.0.0.1", "localhost"].includes(hostname);
  });
}

async function openDialog(page: Page) {
  await page.getByRole("button", { name: "Connect wallet" }).click();
  const wallets = page.getByRole("dialog", { name: "Connect a wallet" }).getByRole("list", { name: "Wallets" });
  await wallets.getByRole("button", { name: WALLET_NAME }).waitFor();
  return wallets;
}

describe("wallet connectors", { skip: skipWithoutWeb }, () => {
  it("with no setting, lists neither WalletConnect nor Coinbase Wallet, calls no outside host and cannot be framed", async () => {
    const { context, page } = await openApp(browser, stack, USER.privateKey);
    // From a fresh load of the page on.
    const urls = recordRequests(context, page);
    const response = await page.goto("/");
    const headers = response!.headers();
    assert.match(headers["content-security-policy"], /frame-ancestors 'none'/);
    assert.doesNotMatch(headers["content-security-policy"], /walletconnect/);
    assert.equal(headers["x-frame-options"], "DENY");

    const wallets = await openDialog(page);
    const names = await wallets.getByRole("button").allInnerTexts();
    assert.ok(!names.some((n) => /WalletConnect|Coinbase/.test(n)), names.join(", "));
    assert.deepEqual(outsideHosts(urls), []);

    // The Safe apps manifest is there for any origin to read; its icon is served.
    const manifest = await fetch(new URL("/manifest.json", stack.webUrl!), {
      headers: { origin: "https://app.safe.global" },
    });
    assert.equal(manifest.headers.get("access-control-allow-origin"), "*");
    const body = (await manifest.json()) as { name: string; description: string; iconPath: string };
    assert.equal(body.name, "Mosaic");
    assert.ok(body.description.length > 10);
    assert.equal((await fetch(new URL(body.iconPath, `${stack.webUrl}/`))).status, 200);
    await context.close();
  });

  it("with the settings on, lists WalletConnect and Coinbase Wallet without loading them, runs as a Safe app in an allowed Safe", async () => {
    const safe = await fakeSafe(stack.chainId);
    const webUrl = await startServer({
      MOSAIC_WALLETCONNECT_PROJECT_ID: PROJECT_ID,
      MOSAIC_COINBASE_WALLET: "on",
      MOSAIC_SAFE_APP_ORIGINS: safe.origin,
    });
    const own = { ...stack, webUrl };

    // WalletConnect and Coinbase Wallet are offered; listing them calls nothing outside.
    const { context, page } = await openApp(browser, own, USER.privateKey);
    const urls = recordRequests(context, page);
    const response = await page.goto("/");
    const csp = response!.headers()["content-security-policy"];
    assert.match(csp, /connect-src [^;]*wss:\/\/relay\.walletconnect\.org/);
    assert.match(csp, new RegExp(`frame-ancestors ${safe.origin.replace(/[./]/g, "\\$&")}(;|$)`));
    assert.equal(response!.headers()["x-frame-options"], undefined);
    const wallets = await openDialog(page);
    await wallets.getByRole("button", { name: "WalletConnect" }).waitFor();
    await wallets.getByRole("button", { name: "Coinbase Wallet" }).waitFor();
    // No Safe outside a Safe.
    assert.equal(await wallets.getByRole("button", { name: "Safe", exact: true }).count(), 0);
    assert.deepEqual(outsideHosts(urls), []);

    // Picking WalletConnect loads its SDK, which reaches for WalletConnect's services (unreachable here).
    await wallets.getByRole("button", { name: "WalletConnect" }).click();
    await waitFor(() => outsideHosts(urls).some((url) => /walletconnect\.(org|com)|web3modal\.(org|com)/.test(url)));
    assert.ok(!outsideHosts(urls).some((url) => url.includes("coinbase.com")), "Coinbase's SDK stayed unloaded");

    // Picking Coinbase Wallet (on a fresh page: the pending WalletConnect attempt holds the dialog) opens its popup.
    await page.goto("/");
    await (await openDialog(page)).getByRole("button", { name: "Coinbase Wallet" }).click();
    await waitFor(() => outsideHosts(urls).some((url) => url.startsWith("https://keys.coinbase.com/")));
    await context.close();

    // Inside the allowed Safe the app connects to the Safe unasked.
    const framed = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
    const safePage = await framed.newPage();
    await safePage.goto(`${safe.origin}/?app=${encodeURIComponent(`${webUrl}/`)}`);
    const app = safePage.frameLocator('iframe[title="Safe app"]');
    await app.getByText(`Connected: ${short(SAFE_ADDRESS)}`).waitFor({ timeout: 30_000 });
    assert.ok(
      (await safePage.evaluate(() => (window as unknown as { safeCalls: string[] }).safeCalls)).includes("getSafeInfo"),
    );

    // A Safe origin the deployment does not name cannot frame it (frame-ancestors).
    const stranger = await fakeSafe(stack.chainId);
    await safePage.goto(`${stranger.origin}/?app=${encodeURIComponent(`${webUrl}/`)}`);
    const frame = await (await safePage.waitForSelector('iframe[title="Safe app"]')).contentFrame();
    await waitFor(async () => frame?.url().startsWith("chrome-error:") ?? false);
    assert.deepEqual(await safePage.evaluate(() => (window as unknown as { safeCalls: string[] }).safeCalls), []);
    await framed.close();
  });
});

async function waitFor(condition: () => boolean | Promise<boolean>, timeout = 30_000): Promise<void> {
  const until = Date.now() + timeout;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
