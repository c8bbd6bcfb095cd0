// The auditors' saved queries (subgraph/queries) on the deterministic scenario: a fresh Hardhat
// node on a free port, the scenario played through the real contracts, the real subgraph indexed
// by the local host, and every saved query's answer compared with its expected result.
// `UPDATE_SAVED_QUERIES=1` rewrites the expected results instead (review the diff).
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { Interface } from "ethers";
import { startHardhatNode, rpc } from "./helpers/hardhat-node.ts";
import type { HardhatNode } from "./helpers/hardhat-node.ts";
import { tempDir } from "./helpers/fixture-subgraph.ts";
import { startSubgraphHost } from "../../indexer/src/subgraph-host.ts";
import type { SubgraphHost } from "../../indexer/src/subgraph-host.ts";
import { ACCOUNTS, CONTRACTS, buildScenario, networksFor } from "../../subgraph/queries/scenario.ts";
import type { ScenarioResult } from "../../subgraph/queries/scenario.ts";
import { executeSavedQuery, firstDifference, loadSavedQueries } from "../../subgraph/queries/run.ts";

import { subgraphBuildUnusable } from "./helpers/subgraph-build.ts";
const repoRoot = path.resolve(import.meta.dirname, "../..");
const buildDir = path.join(repoRoot, "subgraph/build");
const unusable = subgraphBuildUnusable();
const update = process.env.UPDATE_SAVED_QUERIES === "1";
const savedQueries = loadSavedQueries();

describe("saved auditor queries on the deterministic scenario", { timeout: 300_000, skip: unusable }, () => {
  let node: HardhatNode;
  let host: SubgraphHost;
  let scenario: ScenarioResult;

  before(async () => {
    node = await startHardhatNode();
    scenario = await buildScenario(node.url);
    const subgraphDir = tempDir("saved-queries-subgraph-");
    fs.symlinkSync(buildDir, path.join(subgraphDir, "build"));
    fs.writeFileSync(path.join(subgraphDir, "networks.json"), JSON.stringify(networksFor(scenario)));
    host = await startSubgraphHost({
      rpcUrl: node.url,
      subgraphDir,
      dataDir: tempDir("saved-queries-data-"),
      host: "127.0.0.1",
      port: 0,
      pollIntervalMs: 50,
    });
    while ((host.store.head()?.number ?? -1) < scenario.lastBlock && !host.indexer.fatalError)
      await new Promise((r) => setTimeout(r, 50));
  });

  after(async () => {
    await host?.stop();
    await node?.stop();
  });

  it("indexes the scenario at the addresses and blocks the saved queries name", () => {
    assert.equal(host.indexer.fatalError, null, host.indexer.fatalError?.message);
    assert.deepEqual(
      {
        registry: scenario.registry,
        escrow: scenario.escrow,
        usd: scenario.usd,
        receiver: scenario.receiver,
        hourBank: scenario.hourBank,
      },
      CONTRACTS,
    );
    assert.equal(scenario.startBlock, 1);
    assert.equal(scenario.lastBlock, 98);
    assert.equal(scenario.hourBankBlock, 84);
    const atBlock = savedQueries.find((q) => q.name === "reconciliation-at-block")!;
    assert.equal(atBlock.variables.block, scenario.blocks["job 7 approve 0 (deferred)"]);
    assert.equal(savedQueries.find((q) => q.name === "vendor-history")!.variables.vendor, ACCOUNTS.vendor1);
    assert.equal(savedQueries.find((q) => q.name === "vendor-ratings")!.variables.vendor, ACCOUNTS.vendor2);
  });

  it("has the saved query set", () => {
    assert.deepEqual(
      savedQueries.map((q) => q.name),
      [
        "disputes",
        "fees-by-period",
        "hour-bank-money",
        "job-detail",
        "payments-export",
        "reconciliation-at-block",
        "reconciliation",
        "vendor-history",
        "vendor-ratings",
      ],
    );
    for (const q of savedQueries) assert.ok(update || fs.existsSync(q.expectedFile), `${q.name}.expected.json`);
  });

  for (const query of savedQueries) {
    it(`${query.name} answers as expected`, async () => {
      const actual = await executeSavedQuery(host.url, query);
      if (update) {
        fs.writeFileSync(query.expectedFile, JSON.stringify(actual, null, 2) + "\n");
        return;
      }
      const expected = JSON.parse(fs.readFileSync(query.expectedFile, "utf8"));
      const difference = firstDifference(expected, actual);
      assert.equal(difference, null, `${query.name}: ${difference}`);
    });
  }

  it("pages the payments export through several pages, without gaps or repeats", async () => {
    const exportQuery = savedQueries.find((q) => q.name === "payments-export")!;
    const { payments } = (await executeSavedQuery(host.url, exportQuery)) as { payments: { id: string }[] };
    const first = Number(exportQuery.variables.first);
    assert.ok(payments.length > 2 * first, `${payments.length} payments make more than two pages of ${first}`);
    const ids = payments.map((p) => p.id);
    assert.deepEqual(ids, [...new Set(ids)].sort());
    const { protocol } = (await post(host.url, `{ protocol(id: "mosaic") { paymentCount } }`)) as {
      protocol: { paymentCount: number };
    };
    assert.equal(payments.length, protocol.paymentCount);
  });

  it("the expected reconciliation balances with the escrow's holdings, to the wei", async () => {
    const expected = JSON.parse(
      fs.readFileSync(savedQueries.find((q) => q.name === "reconciliation")!.expectedFile, "utf8"),
    ) as { tokens: Record<string, string>[]; owedBalances: { token: { id: string }; amount: string }[] };
    const erc20 = new Interface(["function balanceOf(address) view returns (uint256)"]);
    for (const t of expected.tokens) {
      const balance =
        t.id === "0x0000000000000000000000000000000000000000"
          ? BigInt(await rpc<string>(node.url, "eth_getBalance", [CONTRACTS.escrow, "latest"]))
          : BigInt(
              await rpc<string>(node.url, "eth_call", [
                { to: t.id, data: erc20.encodeFunctionData("balanceOf", [CONTRACTS.escrow]) },
                "latest",
              ]),
            );
      const n = (k: string) => BigInt(t[k]);
      assert.equal(n("held") + n("owed") + n("feesAccrued"), balance, `token ${t.id}: held + owed + feesAccrued`);
      assert.equal(
        n("totalDeposited"),
        n("held") +
          n("totalPaidToVendors") +
          n("totalRefunded") +
          n("totalArbiterFees") +
          n("feesAccrued") +
          n("feesCollected"),
        `token ${t.id}: deposits account for every outflow`,
      );
      const owed = expected.owedBalances
        .filter((o) => o.token.id === t.id)
        .reduce((sum, o) => sum + BigInt(o.amount), 0n);
      assert.equal(n("owed"), owed, `token ${t.id}: owed is the sum of its owed balances`);
      assert.equal(n("owed"), n("totalDeferred") - n("totalWithdrawn"));
    }
    assert.ok(
      expected.tokens.every((t) => BigInt(t.totalDeposited) > 0n),
      "both tokens saw deposits",
    );
  });

  it("the expected hour bank money adds up and reconciles with the hour bank's balance, to the wei", async () => {
    const expected = JSON.parse(
      fs.readFileSync(savedQueries.find((q) => q.name === "hour-bank-money")!.expectedFile, "utf8"),
    ) as {
      hourBank: Record<string, string> & { state: string; logs: { state: string }[] };
      hourBankTokens: Record<string, string>[];
    };
    const bank = expected.hourBank;
    const n = (k: string) => BigInt(bank[k]);
    assert.equal(
      n("funded"),
      n("held") + n("paidToVendor") + n("fees") + n("refunded") + n("disputeRefunded") + n("arbiterFees"),
    );
    assert.equal(bank.state, "Closed");
    assert.deepEqual(
      bank.logs.map((l) => l.state),
      ["Approved", "Ruled", "Released"],
    );
    const erc20 = new Interface(["function balanceOf(address) view returns (uint256)"]);
    for (const t of expected.hourBankTokens) {
      const balance = BigInt(
        await rpc<string>(node.url, "eth_call", [
          { to: t.id, data: erc20.encodeFunctionData("balanceOf", [CONTRACTS.hourBank]) },
          "latest",
        ]),
      );
      assert.equal(BigInt(t.held) + BigInt(t.feesHeld) + BigInt(t.owed), balance, `token ${t.id}`);
    }
  });

  it("the expected past reconciliation shows the deferred payment later withdrawn", () => {
    const atBlock = JSON.parse(
      fs.readFileSync(savedQueries.find((q) => q.name === "reconciliation-at-block")!.expectedFile, "utf8"),
    ) as { tokens: { id: string; owed: string }[]; owedBalances: { account: { id: string }; amount: string }[] };
    const eth = atBlock.tokens.find((t) => t.id === "0x0000000000000000000000000000000000000000")!;
    assert.ok(BigInt(eth.owed) > 0n);
    assert.deepEqual(
      atBlock.owedBalances.map((o) => o.account.id),
      [CONTRACTS.receiver],
    );
  });
});

async function post(url: string, query: string): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: unknown };
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data;
}
