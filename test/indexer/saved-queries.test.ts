// The auditors' saved queries (subgraph/queries) on the deterministic scenario: a fresh Hardhat
// node on a free port, the scenario played through the real contracts, the real subgraph indexed
// by the local host, and every saved query's answer compared with its expected result.
// `UPDATE_SAVED_QUERIES=1` rewrites the expected results instead (review the diff).
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { Interface, type InterfaceAbi } from "ethers";
import { mosaicEscrowAbi, projectRegistryAbi } from "@mosaic/sdk/contracts";
import { BONUS_STATES, MILESTONE_STATES } from "@mosaic/sdk/jobs";
import { startHardhatNode, rpc } from "./helpers/hardhat-node.ts";
import type { HardhatNode } from "./helpers/hardhat-node.ts";
import { tempDir } from "./helpers/fixture-subgraph.ts";
import { startSubgraphHost } from "../../indexer/src/subgraph-host.ts";
import type { SubgraphHost } from "../../indexer/src/subgraph-host.ts";
import { ACCOUNTS, CONTRACTS, buildScenario, networksFor } from "../../subgraph/queries/scenario.ts";
import type { ScenarioResult } from "../../subgraph/queries/scenario.ts";
import { executeSavedQuery, firstDifference, loadSavedQueries } from "../../subgraph/queries/run.ts";

import { subgraphBuildUnusable } from "./helpers/subgraph-build.ts";
import { CheckedQueryService, compared } from "./query-differential.ts";
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
        projectRegistry: scenario.projectRegistry,
      },
      CONTRACTS,
    );
    assert.equal(scenario.startBlock, 1);
    assert.equal(scenario.lastBlock, 106);
    assert.equal(scenario.hourBankBlock, 84);
    assert.equal(scenario.projectRegistryBlock, 99);
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
        "project-money",
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

  it("answers every saved query with the compiled executor, in graphql-js's exact text", () => {
    const service = new CheckedQueryService(host.store, { deployment: "saved-queries", subgraphName: "mosaic" });
    const before = { ...compared };
    for (const query of savedQueries) {
      const answer = service.answer({ query: query.text, variables: query.variables });
      assert.ok(answer.body.startsWith('{"data":'), `${query.name}: ${answer.body.slice(0, 300)}`);
    }
    assert.equal(compared.answers - before.answers, savedQueries.length);
    assert.equal(compared.compiled - before.compiled, savedQueries.length, "none left to graphql-js");
  });

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

  it("the expected project money adds up and matches the registry's and the escrow's views, to the wei", async () => {
    type Job = Record<string, string> & { id: string; token: { id: string } };
    type Link = { kind: string; replaced: boolean; job: Job };
    type Part = Record<string, string> & { index: number; reviewState: string; links: Link[] };
    const expected = JSON.parse(
      fs.readFileSync(savedQueries.find((q) => q.name === "project-money")!.expectedFile, "utf8"),
    ) as {
      project: Record<string, string> & { parts: Part[] };
      reviewShareSettlements: { paid: boolean; amount: string; part: { index: number } }[];
      projectRegistryTokens: Record<string, string>[];
    };
    const projects = new Interface(projectRegistryAbi as unknown as InterfaceAbi);
    const escrow = new Interface(mosaicEscrowAbi as unknown as InterfaceAbi);
    const view = async (iface: Interface, to: string, method: string, args: unknown[]) =>
      iface.decodeFunctionResult(
        method,
        await rpc<string>(node.url, "eth_call", [{ to, data: iface.encodeFunctionData(method, args) }, "latest"]),
      )[0];
    const project = expected.project;
    const n = (o: Record<string, string>, k: string) => BigInt(o[k]);
    assert.deepEqual(
      project.parts.map((p) => [p.reviewState, p.links.map((l) => [l.job.id, l.kind, l.replaced])]),
      [
        ["Refunded", [["1", "Part", false]]],
        ["None", [["3", "Part", false]]],
        [
          "Held",
          [
            ["10", "Part", false],
            ["5", "Part", true],
          ],
        ],
      ],
    );
    let deposited = 0n;
    let committed = 0n;
    for (const part of project.parts) {
      const onChain = await view(projects, CONTRACTS.projectRegistry, "partOf", [1, part.index]);
      assert.equal(n(part, "budget"), onChain.budget);
      assert.equal(n(part, "committed"), onChain.committed, `part ${part.index} committed`);
      assert.equal(n(part, "reviewerShare"), onChain.reviewerShare);
      assert.equal(part.reviewState, ["None", "Held", "Paid", "Refunded"][Number(onChain.reviewState)]);
      assert.equal(n(part, "reviewShareHeld"), part.reviewState === "Held" ? onChain.reviewerShare : 0n);
      deposited += n(part, "reviewShareHeld") + n(part, "reviewSharePaid") + n(part, "reviewShareRefunded");
      committed += n(part, "committed");
      const current = part.links.filter((l) => !l.replaced);
      assert.deepEqual(
        current.map((l) => BigInt(l.job.id)),
        [onChain.jobId],
      );
      for (const { job } of part.links) {
        const link = await view(projects, CONTRACTS.projectRegistry, "linkOf", [BigInt(job.id)]);
        assert.equal(Number(link.part), part.index, `job ${job.id} is linked to part ${part.index}`);
        assert.equal(job.token.id, CONTRACTS.usd);
        assert.equal(
          n(job, "escrowed"),
          n(job, "held") + n(job, "paidToVendor") + n(job, "fees") + n(job, "refunded") + n(job, "arbiterFees"),
          `job ${job.id}: escrowed`,
        );
        assert.equal(n(job, "vendorGross"), n(job, "paidToVendor") + n(job, "fees"));
        // What the escrow still holds for the job: undecided bases and bonuses.
        const { milestoneCount } = await view(escrow, CONTRACTS.escrow, "jobOf", [BigInt(job.id)]);
        let held = 0n;
        for (let i = 0; i < Number(milestoneCount); i++) {
          const m = await view(escrow, CONTRACTS.escrow, "milestoneOf", [BigInt(job.id), i]);
          if (["Funded", "Submitted", "Disputed"].includes(MILESTONE_STATES[Number(m.state)])) held += m.amount;
          if (["Held", "Disputed"].includes(BONUS_STATES[Number(m.bonusState)])) held += m.bonus;
        }
        assert.equal(n(job, "held"), held, `job ${job.id}: held`);
      }
    }
    assert.equal(n(project, "reviewSharesDeposited"), deposited);
    assert.equal(n(project, "committed"), committed);
    const settled = (paid: boolean) =>
      expected.reviewShareSettlements.filter((s) => s.paid === paid).reduce((sum, s) => sum + BigInt(s.amount), 0n);
    assert.equal(n(project, "reviewSharesPaid"), settled(true));
    assert.equal(n(project, "reviewSharesRefunded"), settled(false));
    const erc20 = new Interface(["function balanceOf(address) view returns (uint256)"]);
    for (const t of expected.projectRegistryTokens) {
      assert.equal(n(t, "reviewSharesHeld"), await view(projects, CONTRACTS.projectRegistry, "heldOf", [t.id]));
      const balance = await view(erc20, t.id, "balanceOf", [CONTRACTS.projectRegistry]);
      assert.equal(n(t, "reviewSharesHeld") + n(t, "owed"), balance, `token ${t.id}: held + owed`);
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
