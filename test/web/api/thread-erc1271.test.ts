/**
 * A thread message from a contract wallet (ERC-1271): a local Hardhat node runs the repository's
 * MockERC1271Wallet, which accepts its owner's signatures; the wallet is the vendor of a job in a
 * stand-in index. Its owner's signature is accepted, anyone else's refused.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { createPublicClient, createWalletClient, http, zeroAddress, type Hex } from "viem";
import type { PrivateKeyAccount } from "viem/accounts";
import { THREAD_MESSAGE_TYPES, threadDomain } from "@mosaic/sdk/typed-data";
import { startHardhatNode, type HardhatNode } from "../../indexer/helpers/hardhat-node.ts";

const root = path.resolve(import.meta.dirname, "../../..");
const artifact = path.join(root, "artifacts", "contracts", "mocks", "MockERC1271Wallet.sol", "MockERC1271Wallet.json");

const node: HardhatNode = await startHardhatNode();
after(() => node.stop());
process.env.MOSAIC_RPC_URL = node.url;
const harness = await import("./harness.ts");
const threadRoute = await import("../../../web/app/api/jobs/[id]/thread/route.ts");

let wallet: `0x${string}` = "0x0000000000000000000000000000000000000000";
const index = createServer((_req, res) => {
  res.setHeader("content-type", "application/json");
  res.end(
    JSON.stringify({
      data: {
        job: {
          open: true,
          client: { id: harness.alice.address.toLowerCase() },
          vendor: { id: wallet.toLowerCase() },
          arbiter: "0x0000000000000000000000000000000000000000",
          milestones: [{ index: 0, state: "Funded", deliverableCid: null, dispute: null }],
        },
      },
    }),
  );
});
await new Promise<void>((resolve) => index.listen(0, "127.0.0.1", resolve));
process.env.MOSAIC_SUBGRAPH_URL = `http://127.0.0.1:${(index.address() as { port: number }).port}/`;
after(() => index.close());

async function message(signer: PrivateKeyAccount, text: string) {
  const createdAt = Math.floor(Date.now() / 1000);
  const nonce = `0x${randomBytes(32).toString("hex")}` as Hex;
  const signature = await signer.signTypedData({
    domain: threadDomain(harness.CHAIN_ID),
    types: THREAD_MESSAGE_TYPES,
    primaryType: "ThreadMessage",
    message: { jobId: 9n, author: wallet, to: zeroAddress, text, createdAt: BigInt(createdAt), nonce },
  });
  return { chainId: harness.CHAIN_ID, jobId: "9", author: wallet, text, createdAt, nonce, signature };
}

const post = (body: unknown, cookie: string) =>
  threadRoute.POST(
    harness.request("/api/jobs/9/thread", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      cookie,
    }),
    { params: Promise.resolve({ id: "9" }) },
  );

describe("a thread message from a contract wallet", () => {
  let cookie = "";

  before(async () => {
    if (!existsSync(artifact)) {
      const cli = path.join(root, "node_modules", "hardhat", "dist", "src", "cli.js");
      const built = spawnSync(process.execPath, [cli, "build", "--no-tests", "--quiet"], {
        cwd: root,
        stdio: "inherit",
      });
      assert.equal(built.status, 0, "hardhat build failed");
    }
    const { abi, bytecode } = JSON.parse(readFileSync(artifact, "utf8")) as { abi: unknown[]; bytecode: Hex };
    const client = createPublicClient({ transport: http(node.url) });
    const [deployer] = (await client.request({ method: "eth_accounts" } as never)) as `0x${string}`[];
    const deployerClient = createWalletClient({ account: deployer, transport: http(node.url) });
    const hash = await deployerClient.deployContract({
      abi,
      bytecode,
      args: [harness.alice.address],
      chain: null,
    } as never);
    wallet = (await client.waitForTransactionReceipt({ hash })).contractAddress!;
    // The wallet signs in (its owner signs the SIWE message), then writes in its job's thread.
    const signedIn = await harness.verify(await harness.signedMessage({ address: wallet }, harness.alice));
    assert.equal(signedIn.status, 200, await signedIn.clone().text());
    cookie = harness.cookieOf(signedIn);
  });

  it("accepts the message its owner signed", async () => {
    const response = await post(await message(harness.alice, "Signed through my Safe"), cookie);
    assert.equal(response.status, 201, await response.clone().text());
  });

  it("refuses the message someone else signed in its name", async () => {
    const response = await post(await message(harness.bob, "Not the owner"), cookie);
    assert.equal(response.status, 400);
    assert.match(((await response.json()) as { error: string }).error, /not the author's EIP-712 signature/);
  });
});
