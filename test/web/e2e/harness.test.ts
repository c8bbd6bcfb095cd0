/// <reference lib="dom" />
/**
 * The browser-test harness itself: Debian Chromium launches offline, the test wallet behaves as
 * an EIP-1193/EIP-6963 wallet that signs with a Hardhat key, and the axe helper tells a broken page
 * from a clean one. Runs on a page served here, so it needs no web app.
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, it } from "node:test";
import { JsonRpcProvider, verifyMessage, verifyTypedData } from "ethers";
import type { BrowserContext, Page } from "playwright-core";
import { testAccount } from "../../../scripts/dev/accounts.ts";
import { axeProblems, expectAccessible } from "../support/axe.ts";
import { newContext } from "../support/browser.ts";
import { TestWallet, WALLET_NAME, WALLET_RDNS, signedText } from "../support/wallet.ts";
import { browser, browserSuite, stack } from "./support/suite.ts";

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Harness</title></head>
<body><main><h1>Harness</h1><p id="events">none</p></main><script>
  window.providers = [];
  window.events = [];
  window.addEventListener("eip6963:announceProvider", (e) => window.providers.push(e.detail));
  window.dispatchEvent(new Event("eip6963:requestProvider"));
  window.call = async (method, params) => {
    const { provider } = window.providers[0];
    try { return { result: await provider.request({ method, params }) }; }
    catch (error) { return { code: error.code, message: error.message }; }
  };
  window.listen = () => {
    const { provider } = window.providers[0];
    provider.on("accountsChanged", (a) => window.events.push(["accountsChanged", a]));
    provider.on("chainChanged", (c) => window.events.push(["chainChanged", c]));
  };
</script></body></html>`;

const BROKEN = `<!doctype html><html lang="en"><head><title>Broken</title></head><body><main>
<button><svg width="10" height="10"></svg></button><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
</main></body></html>`;

const FRESH = testAccount(19);
const OTHER = testAccount(18);

let server: Server;
let origin: string;

browserSuite({
  setUp: async () => {
    server = createServer((request, response) => {
      response.setHeader("content-type", "text/html; charset=utf-8");
      response.end(request.url === "/broken" ? BROKEN : PAGE);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  },
  tearDown: async () => {
    server?.close();
  },
  withoutWeb: true,
});

async function pageWith(wallet: TestWallet): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser, origin);
  await wallet.install(context);
  const page = await context.newPage();
  await page.goto("/");
  return { context, page };
}

function call(page: Page, method: string, params: unknown[] = []) {
  return page.evaluate(([m, p]) => (window as never as { call: (m: string, p: unknown) => unknown }).call(m, p), [
    method,
    params,
  ] as const) as Promise<{ result?: unknown; code?: number; message?: string }>;
}

describe("test wallet", () => {
  it("announces itself through EIP-6963 and sets window.ethereum", async () => {
    const wallet = new TestWallet({ rpcUrl: stack.rpcUrl, nodeChainId: stack.chainId, privateKey: FRESH.privateKey });
    const { context, page } = await pageWith(wallet);
    const info = await page.evaluate(() => {
      const w = window as never as { providers: { info: { name: string; rdns: string } }[]; ethereum?: unknown };
      return { names: w.providers.map((p) => p.info.name), rdns: w.providers[0]?.info.rdns, injected: !!w.ethereum };
    });
    assert.deepEqual(info, { names: [WALLET_NAME], rdns: WALLET_RDNS, injected: true });
    await context.close();
  });

  it("connects, reports its chain and forwards reads to the node", async () => {
    const wallet = new TestWallet({ rpcUrl: stack.rpcUrl, nodeChainId: stack.chainId, privateKey: FRESH.privateKey });
    const { context, page } = await pageWith(wallet);
    assert.deepEqual((await call(page, "eth_accounts")).result, []);
    assert.deepEqual((await call(page, "eth_requestAccounts")).result, [FRESH.address]);
    assert.equal((await call(page, "eth_chainId")).result, `0x${stack.chainId.toString(16)}`);
    const balance = (await call(page, "eth_getBalance", [FRESH.address, "latest"])).result as string;
    assert.ok(BigInt(balance) > 0n);
    await context.close();
  });

  it("signs messages and typed data with its Hardhat key", async () => {
    const wallet = new TestWallet({ rpcUrl: stack.rpcUrl, nodeChainId: stack.chainId, privateKey: FRESH.privateKey });
    const { context, page } = await pageWith(wallet);
    await call(page, "eth_requestAccounts");
    const text = "Sign in to Mosaic";
    const hex = `0x${Buffer.from(text).toString("hex")}`;
    const signature = (await call(page, "personal_sign", [hex, FRESH.address])).result as string;
    assert.equal(verifyMessage(text, signature), FRESH.address);
    assert.equal(signedText(wallet.requestsOf("personal_sign")[0]), text);

    const domain = {
      name: "Mosaic",
      version: "1",
      chainId: stack.chainId,
      verifyingContract: stack.contracts.MosaicEscrow,
    };
    const types = { Note: [{ name: "text", type: "string" }] };
    const typed = JSON.stringify({
      domain,
      types: { EIP712Domain: [{ name: "name", type: "string" }], ...types },
      primaryType: "Note",
      message: { text },
    });
    const typedSignature = (await call(page, "eth_signTypedData_v4", [FRESH.address, typed])).result as string;
    assert.equal(verifyTypedData(domain, types, { text }, typedSignature), FRESH.address);
    await context.close();
  });

  it("sends transactions signed in Node through the node", async () => {
    const wallet = new TestWallet({ rpcUrl: stack.rpcUrl, nodeChainId: stack.chainId, privateKey: FRESH.privateKey });
    const { context, page } = await pageWith(wallet);
    await call(page, "eth_requestAccounts");
    const hash = (await call(page, "eth_sendTransaction", [{ from: FRESH.address, to: FRESH.address, value: "0x1" }]))
      .result as string;
    const receipt = await new JsonRpcProvider(stack.rpcUrl).waitForTransaction(hash);
    assert.equal(receipt?.status, 1);
    assert.equal(receipt?.from, FRESH.address);
    await context.close();
  });

  it("rejects the next request of a method as a user would (4001), then answers again", async () => {
    const wallet = new TestWallet({ rpcUrl: stack.rpcUrl, nodeChainId: stack.chainId, privateKey: FRESH.privateKey });
    const { context, page } = await pageWith(wallet);
    wallet.rejectNext("eth_requestAccounts");
    assert.equal((await call(page, "eth_requestAccounts")).code, 4001);
    assert.deepEqual((await call(page, "eth_requestAccounts")).result, [FRESH.address]);
    assert.deepEqual(
      wallet.requestsOf("eth_requestAccounts").map((r) => r.outcome),
      ["rejected", "ok"],
    );
    await context.close();
  });

  it("emits accountsChanged and chainChanged, and sends nothing on another chain", async () => {
    const wallet = new TestWallet({ rpcUrl: stack.rpcUrl, nodeChainId: stack.chainId, privateKey: FRESH.privateKey });
    const { context, page } = await pageWith(wallet);
    await page.evaluate(() => (window as never as { listen: () => void }).listen());
    await call(page, "eth_requestAccounts");
    await wallet.switchAccount(OTHER.privateKey);
    await wallet.switchChain(1);
    const sent = await call(page, "eth_sendTransaction", [{ from: OTHER.address, to: OTHER.address, value: "0x1" }]);
    assert.match(sent.message ?? "", /chain 1/);
    await call(page, "wallet_switchEthereumChain", [{ chainId: `0x${stack.chainId.toString(16)}` }]);
    const events = await page.evaluate(() => (window as never as { events: unknown[] }).events);
    assert.deepEqual(events, [
      ["accountsChanged", [OTHER.address]],
      ["chainChanged", "0x1"],
      ["chainChanged", `0x${stack.chainId.toString(16)}`],
    ]);
    await context.close();
  });
});

describe("axe helper", () => {
  it("reports serious violations with their rule and element, and passes a clean page", async () => {
    const context = await newContext(browser, origin);
    const page = await context.newPage();
    await page.goto("/broken");
    const rules = (await axeProblems(page)).map((p) => p.rule).sort();
    assert.ok(rules.includes("button-name"), `button-name not in ${rules}`);
    assert.ok(rules.includes("image-alt"), `image-alt not in ${rules}`);
    await assert.rejects(expectAccessible(page), /button-name/);
    await page.goto("/");
    await expectAccessible(page);
    await context.close();
  });
});
