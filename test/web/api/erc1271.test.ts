/**
 * Sign-in for a contract wallet (ERC-1271): a local Hardhat node on a free port runs the repository's
 * MockERC1271Wallet, which accepts its owner's signatures.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { createPublicClient, createWalletClient, http, type Hex } from "viem";

const root = path.resolve(import.meta.dirname, "../../..");
const hardhatCli = path.join(root, "node_modules", "hardhat", "dist", "src", "cli.js");
const artifact = path.join(root, "artifacts", "contracts", "mocks", "MockERC1271Wallet.sol", "MockERC1271Wallet.json");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

const port = await freePort();
const rpcUrl = `http://127.0.0.1:${port}`;
process.env.MOSAIC_RPC_URL = rpcUrl;
const harness = await import("./harness.ts");

describe("POST /api/auth/verify with a contract wallet", () => {
  let node: ReturnType<typeof spawn>;
  let wallet: `0x${string}`;

  before(async () => {
    if (!existsSync(artifact)) {
      const built = spawnSync(process.execPath, [hardhatCli, "build", "--no-tests", "--quiet"], {
        cwd: root,
        stdio: "inherit",
      });
      assert.equal(built.status, 0, "hardhat build failed");
    }
    node = spawn(process.execPath, [hardhatCli, "node", "--hostname", "127.0.0.1", "--port", String(port)], {
      cwd: root,
      stdio: "ignore",
    });
    const client = createPublicClient({ transport: http(rpcUrl) });
    for (let i = 0; ; i++) {
      try {
        await client.getChainId();
        break;
      } catch {
        if (i > 120) throw new Error("the Hardhat node did not start");
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    const { abi, bytecode } = JSON.parse(readFileSync(artifact, "utf8")) as { abi: unknown[]; bytecode: Hex };
    // The node's first unlocked account deploys a wallet owned by Alice.
    const [deployer] = (await client.request({ method: "eth_accounts" } as never)) as `0x${string}`[];
    const walletClient = createWalletClient({ account: deployer, chain: null, transport: http(rpcUrl) });
    const hash = await walletClient.deployContract({ abi, bytecode, args: [harness.alice.address] });
    const receipt = await client.waitForTransactionReceipt({ hash });
    wallet = receipt.contractAddress!;
  });

  after(() => {
    node?.kill();
  });

  it("signs in the contract wallet when its owner signed the message", async () => {
    const signed = await harness.signedMessage({ address: wallet }, harness.alice);
    const response = await harness.verify(signed);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { address: wallet.toLowerCase(), chainId: harness.CHAIN_ID });
  });

  it("refuses the contract wallet when someone else signed", async () => {
    const signed = await harness.signedMessage({ address: wallet }, harness.bob);
    const response = await harness.verify(signed);
    assert.equal(response.status, 401);
    assert.match(((await response.json()) as { error: string }).error, /signature does not match/);
  });
});
