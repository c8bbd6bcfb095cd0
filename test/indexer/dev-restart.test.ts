/**
 * `npm run dev` twice on one data folder: the second run starts a fresh Hardhat node (another
 * chain with the same deterministic deployment, so the same head), and the indexer's store still
 * holds the first chain. The launcher must not report "running" over an index of the old chain:
 * the index it serves is the new node's, and it keeps following it.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { freePort } from "../../scripts/dev/ports.ts";
import { ROOT } from "../../scripts/dev/processes.ts";
import { graphql, rpc } from "../../scripts/dev/probes.ts";

const dataDir = mkdtempSync(path.join(tmpdir(), "mosaic-dev-restart-"));
after(() => rmSync(dataDir, { recursive: true, force: true }));

type Dev = { stop: () => Promise<number | null>; output: () => string; rpcUrl: string; graphqlUrl: string };

async function startDev(): Promise<Dev> {
  const [rpcPort, indexerPort, statusPort] = [await freePort(), await freePort(), await freePort()];
  const child = spawn(
    process.execPath,
    [
      path.join(ROOT, "scripts/dev/index.ts"),
      "--no-web",
      "--jobs",
      "0",
      "--rpc-port",
      String(rpcPort),
      "--indexer-port",
      String(indexerPort),
      "--indexer-status-port",
      String(statusPort),
      "--data",
      dataDir,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const deadline = Date.now() + 180_000;
  while (!output.includes("Mosaic is running")) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`npm run dev did not report running:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    output: () => output,
    rpcUrl: `http://127.0.0.1:${rpcPort}`,
    graphqlUrl: `http://127.0.0.1:${indexerPort}/subgraphs/name/mosaic`,
    stop: () => {
      child.kill("SIGINT");
      return exited;
    },
  };
}

async function servedBlock(url: string): Promise<{ number: number; hash: string }> {
  const data = await graphql<{ _meta: { block: { number: number; hash: string } } }>(
    url,
    "{ _meta { block { number hash } } }",
  );
  return data._meta.block;
}

async function nodeHash(rpcUrl: string, number: number): Promise<string> {
  const block = await rpc<{ hash: string }>(rpcUrl, "eth_getBlockByNumber", [`0x${number.toString(16)}`, false]);
  return block.hash;
}

describe("npm run dev on a data folder left by an earlier run", { timeout: 600_000 }, () => {
  it("serves and follows the new chain, not the stored index of the first one", async () => {
    const first = await startDev();
    const firstHead = await servedBlock(first.graphqlUrl);
    assert.equal(firstHead.hash, await nodeHash(first.rpcUrl, firstHead.number));
    assert.equal(await first.stop(), 0);
    assert.ok(existsSync(path.join(dataDir, "indexer", "mosaic.sqlite")), "the first run left its store");

    const second = await startDev();
    try {
      const served = await servedBlock(second.graphqlUrl);
      assert.equal(served.number, firstHead.number, "the deterministic deployment gives the same head");
      assert.notEqual(served.hash, firstHead.hash, "the second node is another chain");
      assert.equal(served.hash, await nodeHash(second.rpcUrl, served.number), "the index is the new node's");

      // New blocks on the new chain are indexed.
      await rpc(second.rpcUrl, "evm_mine");
      const head = Number(await rpc<string>(second.rpcUrl, "eth_blockNumber"));
      const deadline = Date.now() + 30_000;
      while ((await servedBlock(second.graphqlUrl)).number < head) {
        assert.ok(Date.now() < deadline, `block ${head} is indexed:\n${second.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      assert.equal((await servedBlock(second.graphqlUrl)).hash, await nodeHash(second.rpcUrl, head));
    } finally {
      assert.equal(await second.stop(), 0);
    }
  });
});
