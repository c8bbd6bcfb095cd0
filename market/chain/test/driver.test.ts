// The market driver on a fresh Hardhat node (free port): the fast path (the bulk market, every
// phase checked by its events), the signing path (derived wallets sign, receipts checked, a revert
// decoded into the contract's words), automining restored however the process ends, and JSON-RPC
// requests sent again when the node drops a kept-alive connection.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { Interface, Wallet, parseEther, type InterfaceAbi } from "ethers";
import { startHardhatNode, type HardhatNode } from "../../../test/indexer/helpers/hardhat-node.ts";
import { playBulkMarket } from "../bulk-market.ts";
import { MarketDriver } from "../driver.ts";
import { Rpc } from "../rpc.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");

async function automine(url: string): Promise<boolean> {
  return new Rpc(url).call<boolean>("hardhat_getAutomine");
}

describe("market driver", { timeout: 300_000 }, () => {
  let node: HardhatNode;
  before(async () => {
    node = await startHardhatNode();
  });
  after(async () => {
    await node?.stop();
  });

  it("plays the bulk market on the fast path, each phase's events as planned", async () => {
    const market = await playBulkMarket(node.url, { jobs: 40, waves: 1, seed: "driver-test" });
    assert.equal(market.jobs.length, 40);
    assert.ok(market.chain.txCount > 100);
    assert.equal(market.chain.eventCounts.get("JobPosted"), 40);
    assert.equal(await automine(node.url), true);
  });

  it("signs on the signing path, checks receipts and explains a revert in the contract's words", async () => {
    const chainId = Number(await new Rpc(node.url).call<string>("eth_chainId"));
    const driver = new MarketDriver(node.url, chainId);
    const [funder] = await driver.init();
    const wallet = Wallet.createRandom();
    driver.addWallet(wallet);
    const artifact = JSON.parse(
      fs.readFileSync(path.join(ROOT, "artifacts/contracts/registry/VendorRegistry.sol/VendorRegistry.json"), "utf8"),
    ) as { abi: InterfaceAbi; bytecode: string };
    const registry = new Interface(artifact.abi);
    const seen: string[] = [];
    const result = await driver.withManualMining(async () => {
      await driver.run("fund", [
        { from: funder, to: wallet.address, data: "0x", value: parseEther("10"), gas: 21_000n, label: "fund" },
      ]);
      // Two transactions of the derived wallet in one phase: a deployment, then a self-transfer.
      return driver.run("deploy", [
        { from: wallet.address, to: null, data: artifact.bytecode, gas: 8_000_000n, label: "deploy registry" },
        {
          from: wallet.address,
          to: wallet.address,
          data: "0x",
          gas: 21_000n,
          label: "self-transfer",
          onReceipt: (r) => seen.push(r.status),
        },
      ]);
    });
    assert.deepEqual(seen, ["0x1"]);
    const address = (result.receipts[0] as unknown as { contractAddress: string }).contractAddress;
    assert.match(address, /^0x[0-9a-fA-F]{40}$/);
    assert.equal(await automine(node.url), true);

    // No skills and 200 hours a week: the registry refuses, and the driver says why.
    const bad = registry.encodeFunctionData("setProfile", [
      { hourlyRateCents: 100, timezoneOffsetMinutes: 0, availabilityHours: 200 },
      [],
      `0x${"11".repeat(32)}`,
    ]);
    await assert.rejects(
      driver.withManualMining(() =>
        driver.run("profile", [{ from: wallet.address, to: address, data: bad, gas: 1_000_000n, label: "setProfile" }]),
      ),
      // The error's NatSpec notice, then its name (whichever check of the registry refuses first).
      /setProfile reverted: [A-Z][^(]+ \(Registry\w+(: [^)]*)?\)$/,
    );
    assert.equal(await automine(node.url), true);
  });

  for (const [how, code] of [
    ["crash", 1],
    ["signal", 130],
  ] as const) {
    it(`switches automining back on when the process ends by ${how === "crash" ? "an uncaught error" : "Ctrl-C"}`, async () => {
      const child = spawn(
        process.execPath,
        [path.join(import.meta.dirname, "crash-inside-manual-mining.ts"), node.url, how],
        {
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (out += d));
      while (!out.includes("manual mining")) await new Promise((r) => setTimeout(r, 20));
      assert.equal(await automine(node.url), false);
      if (how === "signal") child.kill("SIGINT");
      const exitCode = await new Promise((r) => child.once("exit", r));
      assert.equal(exitCode, code, out);
      assert.match(out, /automining restored/);
      assert.equal(await automine(node.url), true);
    });
  }
});

describe("JSON-RPC client", () => {
  it("sends a request again when the connection drops, a few times at most", async () => {
    let requests = 0;
    let dropFirst = 1;
    const server = http.createServer((req, res) => {
      requests += 1;
      if (requests <= dropFirst) {
        req.socket.destroy(); // the node closed the connection
        return;
      }
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        const { id } = JSON.parse(body) as { id: number };
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ jsonrpc: "2.0", id, result: "0x7a69" }));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      assert.equal(await new Rpc(url).call("eth_chainId"), "0x7a69");
      assert.equal(requests, 2);
      requests = 0;
      dropFirst = 5;
      await assert.rejects(new Rpc(url).call("eth_chainId"), /fetch failed|socket hang up|other side closed/);
      assert.equal(requests, 3);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
