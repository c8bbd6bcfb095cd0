/**
 * Connecting a wallet and signing in, in a real browser: the happy path, a rejected signature and
 * a wallet on the wrong network, each leaving the server and the chain exactly as they were; the
 * header with a signed-in wallet at tablet and desktop widths.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { testAccount } from "../../../scripts/dev/accounts.ts";
import { rpc } from "../../../scripts/dev/probes.ts";
import { expectAccessible } from "../support/axe.ts";
import { connect, openApp, serverSession, short, signIn } from "./support/session.ts";
import { browser, browserSuite, skipWithoutWeb, stack } from "./support/suite.ts";

const CLIENT = testAccount(15);
const OTHER = testAccount(16);

browserSuite();

/** What a signature or transaction could have changed: the account's nonce and balance, and the head. */
async function chainState(address: string) {
  const [nonce, balance] = await Promise.all([
    rpc<string>(stack.rpcUrl, "eth_getTransactionCount", [address, "latest"]),
    rpc<string>(stack.rpcUrl, "eth_getBalance", [address, "latest"]),
  ]);
  return { nonce, balance };
}

describe("connect and sign in", { skip: skipWithoutWeb }, () => {
  it("connects the EIP-6963 test wallet and signs in with Ethereum", async () => {
    const { context, page, wallet } = await openApp(browser, stack, CLIENT.privateKey);
    await connect(page, true);
    await page.getByText(`Connected: ${short(CLIENT.address)}`).waitFor();
    assert.equal(await serverSession(page), undefined);

    await signIn(page);
    await expectAccessible(page, "the job board, signed in");
    const session = await serverSession(page);
    assert.equal(session?.address.toLowerCase(), CLIENT.address.toLowerCase());
    assert.equal(session?.chainId, stack.chainId);
    const [signature] = wallet.requestsOf("personal_sign");
    assert.match(String((signature.params as string[])[0]), /^0x/);

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("button", { name: "Sign in with Ethereum" }).waitFor();
    assert.equal(await serverSession(page), undefined);
    await context.close();
  });

  it("keeps a signed-in wallet's header to one row from tablet to desktop; disconnect is in the account's panel, whole on a phone", async () => {
    const { context, page } = await openApp(browser, stack, CLIENT.privateKey);
    await connect(page);
    await signIn(page);
    for (const width of [700, 768, 1024, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      const header = await page.evaluate(() => ({
        height: document.querySelector(".site-header")!.getBoundingClientRect().height,
        pageWidth: document.documentElement.scrollWidth,
      }));
      assert.ok(header.height < 80, `at ${width} px the header is ${header.height} px tall`);
      assert.ok(header.pageWidth <= width, `at ${width} px the page scrolls sideways: ${header.pageWidth} px`);
    }
    // On a phone the account's panel opens on the screen, whole.
    await page.setViewportSize({ width: 375, height: 800 });
    await page.getByText(`Connected: ${short(CLIENT.address)}`).click();
    const panel = page.getByRole("group", { name: "Your account" });
    const box = (await panel.boundingBox())!;
    assert.ok(box.x >= 0 && box.x + box.width <= 375, `the panel spans ${box.x}..${box.x + box.width} px of 375`);
    await panel.getByRole("button", { name: "Disconnect" }).click();
    await page.getByRole("button", { name: "Connect wallet" }).waitFor();
    assert.equal(await serverSession(page), undefined);
    await context.close();
  });

  it("stays signed out when the signature is rejected in the wallet", async () => {
    const { context, page, wallet } = await openApp(browser, stack, CLIENT.privateKey);
    const before = await chainState(CLIENT.address);
    await connect(page);
    wallet.rejectNext("personal_sign");
    await page.getByRole("button", { name: "Sign in with Ethereum" }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: "Sign-in cancelled: you rejected the request in your wallet. Nothing changed." })
      .waitFor();
    assert.deepEqual(
      wallet.requestsOf("personal_sign").map((r) => r.outcome),
      ["rejected"],
    );
    assert.equal(await serverSession(page), undefined);
    assert.deepEqual(await chainState(CLIENT.address), before);
    await expectAccessible(page, "the job board after a rejected sign-in");

    // The next attempt works: the refused one consumed nothing the user needs.
    await signIn(page);
    assert.equal((await serverSession(page))?.address.toLowerCase(), CLIENT.address.toLowerCase());
    await context.close();
  });

  it("on the wrong network shows a banner, asks for no signature and switches on request", async () => {
    const { context, page, wallet } = await openApp(browser, stack, CLIENT.privateKey, { chainId: 1 });
    const before = await chainState(CLIENT.address);
    await connect(page);
    const banner = page.getByRole("alert").filter({ hasText: "Wrong network" });
    await banner.waitFor();
    await expectAccessible(page, "the wrong-network banner");
    assert.deepEqual(wallet.requestsOf("personal_sign", "eth_sendTransaction", "eth_signTypedData_v4"), []);
    assert.equal(await serverSession(page), undefined);
    assert.deepEqual(await chainState(CLIENT.address), before);

    await page.getByRole("button", { name: "Switch to Hardhat (local)" }).click();
    await banner.waitFor({ state: "detached" });
    assert.equal(wallet.currentChainId, stack.chainId);
    await signIn(page);
    await context.close();
  });

  it("signs out when the wallet switches account", async () => {
    const { context, page, wallet } = await openApp(browser, stack, CLIENT.privateKey);
    await connect(page);
    await signIn(page);
    await wallet.switchAccount(OTHER.privateKey);
    await page.getByText(`Connected: ${short(OTHER.address)}`).waitFor();
    await page.getByRole("button", { name: "Sign in with Ethereum" }).waitFor();
    assert.equal(await serverSession(page), undefined);
    await context.close();
  });
});
