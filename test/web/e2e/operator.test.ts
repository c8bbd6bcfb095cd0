/// <reference lib="dom" />
/**
 * The operator's page with the owner's wallet: announce a fee (the current one, so other test
 * files keep their figures), pause new business and resume it. Everyone else sees the settings
 * read-only (audit.test.ts checks that without a wallet).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { mosaicEscrowAbi } from "@mosaic/sdk/contracts";
import { testAccount } from "../../../scripts/dev/accounts.ts";
import { expectAccessible } from "../support/axe.ts";
import { newContext } from "../support/browser.ts";
import { TestWallet } from "../support/wallet.ts";
import { browser, browserSuite, chain, stack } from "./support/suite.ts";

browserSuite();

describe("operator page", () => {
  it("lets the owner announce a fee, pause and resume new business", async () => {
    const escrow = stack.contracts.MosaicEscrow as `0x${string}`;
    const owner = (await chain.readContract({
      address: escrow,
      abi: mosaicEscrowAbi,
      functionName: "owner",
    })) as string;
    const key = [0, 1, 2, 3].map(testAccount).find((a) => a.address.toLowerCase() === owner.toLowerCase())?.privateKey;
    assert.ok(key, "the owner is one of the node's test accounts");
    const feeBps = Number(await chain.readContract({ address: escrow, abi: mosaicEscrowAbi, functionName: "feeBps" }));

    const wallet = new TestWallet({ rpcUrl: stack.rpcUrl, nodeChainId: stack.chainId, privateKey: key });
    const context = await newContext(browser, stack.webUrl);
    await wallet.install(context);
    const page = await context.newPage();
    await page.goto("/operator");
    await page.getByRole("banner").getByRole("button", { name: "Connect wallet", exact: true }).click();
    await page
      .getByRole("dialog", { name: "Connect a wallet" })
      .getByRole("button", { name: "Mosaic Test Wallet" })
      .click();
    await page.getByRole("button", { name: "Pause new business" }).waitFor();
    await expectAccessible(page);

    const done = async (label: string) => {
      const end = page
        .getByRole("status", { name: "Transaction status" })
        .filter({ hasText: new RegExp(`${label}: (Done\\.|Reverted|Failed|Rejected)`) });
      await end.first().waitFor({ timeout: 120_000 });
      assert.match(await end.first().innerText(), /: Done\./);
    };

    await page.getByLabel("New fee (%)").fill((feeBps / 100).toFixed(2));
    await page.getByRole("button", { name: "Announce a new platform fee" }).click();
    await done("Announce a new platform fee");
    await page.getByText(new RegExp(`${(feeBps / 100).toFixed(2)}% for jobs posted from`)).waitFor();

    await page.getByRole("button", { name: "Pause new business" }).click();
    // Pausing stops everyone's new business: the page asks first.
    const sentBefore = wallet.requestsOf("eth_sendTransaction").length;
    const confirm = page.getByRole("alertdialog", { name: "Confirm: Pause new business" });
    await confirm.getByText(/stops every client and vendor/).waitFor();
    assert.equal(wallet.requestsOf("eth_sendTransaction").length, sentBefore, "nothing sent before the answer");
    await confirm.getByRole("button", { name: "Yes, pause new business" }).click();
    await done("Pause");
    assert.equal(await chain.readContract({ address: escrow, abi: mosaicEscrowAbi, functionName: "paused" }), true);
    await page.getByText("paused", { exact: true }).waitFor();
    await page.getByRole("button", { name: "Unpause new business" }).click();
    await done("Unpause");
    assert.equal(await chain.readContract({ address: escrow, abi: mosaicEscrowAbi, functionName: "paused" }), false);
    await context.close();
  });
});
