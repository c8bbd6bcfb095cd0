/// <reference lib="dom" />
/**
 * The auditor's journey, without a wallet: the books match the escrow's balance for every token at
 * the index's head and at a past block, and the CSV export holds as many rows as the index has
 * records for the same period and block. Also checks the read-only pages for accessibility.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { BrowserContext, Locator, Page } from "playwright-core";
import { encodeFunctionData, parseAbi, zeroAddress } from "viem";
import { expectAccessible } from "../support/axe.ts";
import { newContext } from "../support/browser.ts";
import { browser, browserSuite, stack } from "./support/suite.ts";

let context: BrowserContext;
let page: Page;

async function graphql<T>(query: string): Promise<T> {
  const response = await fetch(stack.graphqlUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (!body.data) throw new Error(body.errors?.[0]?.message ?? `HTTP ${response.status}`);
  return body.data;
}

async function rpc<T>(method: string, params: unknown[]): Promise<T> {
  const response = await fetch(stack.rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(body.error.message);
  return body.result as T;
}

/** What `holder` holds of `token` (the zero address is ETH) at `block`, read from the node. */
async function balanceAt(token: string, holder: string, block: number): Promise<bigint> {
  const at = `0x${block.toString(16)}`;
  return BigInt(
    token === zeroAddress
      ? await rpc<string>("eth_getBalance", [holder, at])
      : await rpc<string>("eth_call", [{ to: token, data: `0x70a08231${holder.slice(2).padStart(64, "0")}` }, at]),
  );
}

const HELD_OF = parseAbi(["function heldOf(address token) view returns (uint256)"]);

/** The last cell's text of every body row of `table` (the verdict, or whether a row adds up). */
function lastCells(table: Locator): Promise<string[]> {
  return table.getByRole("row").evaluateAll((rows) => rows.slice(1).map((r) => r.lastElementChild?.textContent ?? ""));
}

/** Counts every record of `collection` in the period at `block` (and `filter`), paging by id as the index allows. */
async function countAll(collection: string, from: number, to: number, block: number, filter = ""): Promise<number> {
  let count = 0;
  for (let after = ""; ;) {
    const where = `timestamp_gte: "${from}", timestamp_lt: "${to}"${filter ? `, ${filter}` : ""}${after ? `, id_gt: "${after}"` : ""}`;
    const data = await graphql<{ page: { id: string }[] }>(
      `{ page: ${collection}(first: 1000, orderBy: id, block: { number: ${block} }, where: { ${where} }) { id } }`,
    );
    count += data.page.length;
    if (data.page.length < 1000) return count;
    after = data.page[data.page.length - 1].id;
  }
}

browserSuite({
  setUp: async () => {
    context = await newContext(browser, stack.webUrl);
    page = await context.newPage();
  },
});

describe("audit page", () => {
  it("shows match for every token at the index's head", async () => {
    await page.goto("/audit");
    await page.getByRole("heading", { name: "Books against the escrow's balance" }).waitFor();
    const rows = page.getByRole("table", { name: /Books against balances at block/ }).getByRole("row");
    const tokens = (await rows.count()) - 1;
    assert.ok(tokens >= 2, `expected ETH and mUSD, got ${tokens} rows`);
    for (let i = 1; i <= tokens; i++) {
      assert.match(await rows.nth(i).getByRole("cell").last().innerText(), /^match/);
    }
    await page.getByText(/Every token matches at block \d+/).waitFor();
    await expectAccessible(page);
  });

  it("shows match for every token at a past block chosen in the form", async () => {
    await page.goto("/audit");
    const head = Number(await page.getByTestId("audit-block").innerText());
    // A block in the past at which every payment token was already configured.
    const { operatorActions } = await graphql<{ operatorActions: { blockNumber: string }[] }>(`
      {
        operatorActions(first: 1, orderBy: blockNumber, orderDirection: desc, where: { kind: TokenConfigured }) {
          blockNumber
        }
      }
    `);
    const past = Math.max(Number(operatorActions[0]?.blockNumber ?? 1), Math.floor(head / 2));
    assert.ok(past < head, "the chain has history to go back to");
    await page.getByLabel("Block", { exact: true }).fill(String(past));
    await page.getByRole("button", { name: "Reconcile at this block" }).click();
    await page.waitForURL(new RegExp(`block=${past}`));
    assert.equal(await page.getByTestId("audit-block").innerText(), String(past));
    const table = page.getByRole("table", { name: `Books against balances at block ${past}` });
    const verdicts = await lastCells(table);
    assert.ok(verdicts.length >= 1);
    for (const verdict of verdicts) assert.match(verdict, /^match/);
  });

  it("exports a CSV with one row per payment, refund, fee and rating the index holds for the period", async () => {
    await page.goto("/audit");
    const from = "2000-01-01";
    const to = "2099-12-31";
    await page.getByLabel("From (UTC)").fill(from);
    await page.getByLabel("To (UTC, inclusive)").fill(to);
    await page.getByRole("button", { name: "Show period" }).click();
    await page.waitForURL(/from=2000-01-01/);
    const link = page.getByRole("link", { name: /^Export payments, refunds, fees and ratings/ });
    const href = await link.getAttribute("href");
    assert.ok(href);
    const response = await page.request.get(href);
    assert.equal(response.status(), 200);
    assert.match(response.headers()["content-type"], /^text\/csv/);
    const block = Number(response.headers()["x-mosaic-block"]);
    const lines = (await response.text()).split("\r\n").filter((l) => l !== "");
    assert.equal(lines[0].split(",")[0], "record");
    const rows = lines.slice(1);
    const lo = Date.parse(`${from}T00:00:00Z`) / 1000;
    const hi = Date.parse(`${to}T00:00:00Z`) / 1000 + 86_400;
    const expected = {
      payment: await countAll("payments", lo, hi, block),
      refund: await countAll("refunds", lo, hi, block),
      fee: await countAll("feeAccruals", lo, hi, block),
      rating: await countAll("ratings", lo, hi, block),
      bank_payment: await countAll("hourBankPayments", lo, hi, block),
      bank_refund: await countAll("hourBankRefunds", lo, hi, block),
      bank_rating: await countAll("hourBankRatings", lo, hi, block),
      review_share_paid: await countAll("reviewShareSettlements", lo, hi, block, "paid: true"),
      review_share_refunded: await countAll("reviewShareSettlements", lo, hi, block, "paid: false"),
    };
    assert.ok(expected.bank_payment > 0 && expected.bank_refund > 0, "the seed's hour banks paid and refunded");
    assert.ok(
      expected.review_share_paid > 0 && expected.review_share_refunded > 0,
      "the seed's projects paid a reviewer's share and refunded one",
    );
    const got = Object.fromEntries(Object.keys(expected).map((kind) => [kind, 0])) as Record<string, number>;
    for (const row of rows) got[row.split(",")[0]]++;
    assert.deepEqual(got, expected);
  });
});

describe("audit page: hour banks", () => {
  it("reconciles the hour bank's books with its balance, and a closed bank's money adds up", async () => {
    await page.goto("/audit");
    await page.getByRole("heading", { name: "Hour banks against the hour bank's balance" }).waitFor();
    const block = Number(await page.getByTestId("audit-block").innerText());
    const table = page.getByRole("table", { name: `The hour bank's books against its balances at block ${block}` });
    const verdicts = await lastCells(table);
    assert.ok(verdicts.length >= 1, "the seed bought hour banks");
    for (const verdict of verdicts) assert.match(verdict, /^match/);
    await page.getByText(/The hour bank holds exactly what its books say/).waitFor();

    // The same books against the chain, read here rather than by the page.
    const { protocol, hourBankTokens } = await graphql<{
      protocol: { hourBank: string };
      hourBankTokens: { id: string; held: string; feesHeld: string; owed: string }[];
    }>(`{ protocol(id: "mosaic", block: { number: ${block} }) { hourBank }
          hourBankTokens(block: { number: ${block} }) { id held feesHeld owed } }`);
    for (const token of hourBankTokens) {
      const balance = await balanceAt(token.id, protocol.hourBank, block);
      assert.equal(BigInt(token.held) + BigInt(token.feesHeld) + BigInt(token.owed), balance);
    }

    const { hourBanks } = await graphql<{ hourBanks: { id: string }[] }>(
      `{ hourBanks(first: 1, orderBy: bankId, where: { state: Closed }, block: { number: ${block} }) { id } }`,
    );
    assert.equal(hourBanks.length, 1, "the seed closed a bank at expiry");
    await page.getByLabel("Hour bank id").fill(hourBanks[0].id);
    await page.getByRole("button", { name: "Show hour bank money" }).click();
    await page.waitForURL(new RegExp(`bank=${hourBanks[0].id}`));
    await page.getByText("Funded = held + paid + fees + refunded + arbiter fees, to the unit.").waitFor();
    const movements = page.getByRole("table", { name: `Money movements of hour bank ${hourBanks[0].id}` });
    const what = await movements.getByRole("row").evaluateAll((rows) => rows.slice(1).map((r) => r.textContent ?? ""));
    assert.ok(what.some((w) => w.includes("purchase of 120 hours")));
    assert.ok(what.some((w) => w.includes("log payment")));
    assert.ok(what.some((w) => w.includes("refund (unused time)")));
    await expectAccessible(page);
  });
});

describe("audit page: project registry", () => {
  it("reconciles the project registry's books with its balance, and lists each project's money", async () => {
    await page.goto("/audit");
    await page.getByRole("heading", { name: "Projects against the project registry's balance" }).waitFor();
    const block = Number(await page.getByTestId("audit-block").innerText());
    const table = page.getByRole("table", {
      name: `The project registry's books against its balances at block ${block}`,
    });
    const verdicts = await lastCells(table);
    assert.ok(verdicts.length >= 1, "the seed started projects");
    for (const verdict of verdicts) assert.match(verdict, /^match/);
    await page.getByText(/The project registry holds exactly what its books say/).waitFor();

    // The same books against the chain, read here rather than by the page.
    const registry = await page.locator('ul[aria-label="Project registry contract"] .mono').innerText();
    const { projectRegistryTokens, projects, paid, refunded } = await graphql<{
      projectRegistryTokens: { id: string; reviewSharesHeld: string; owed: string }[];
      projects: { id: string }[];
      paid: { id: string }[];
      refunded: { id: string }[];
    }>(`{ projectRegistryTokens(block: { number: ${block} }) { id reviewSharesHeld owed }
          projects(first: 1000, block: { number: ${block} }) { id }
          paid: reviewShareSettlements(first: 1000, where: { paid: true }, block: { number: ${block} }) { id }
          refunded: reviewShareSettlements(first: 1000, where: { paid: false }, block: { number: ${block} }) { id } }`);
    assert.equal(projectRegistryTokens.length, verdicts.length);
    for (const token of projectRegistryTokens) {
      const balance = await balanceAt(token.id, registry, block);
      assert.equal(BigInt(token.reviewSharesHeld) + BigInt(token.owed), balance);
      // The address the page names is the registry: its heldOf(token) is the index's shares held.
      const held = await rpc<string>("eth_call", [
        { to: registry, data: encodeFunctionData({ abi: HELD_OF, args: [token.id as `0x${string}`] }) },
        `0x${block.toString(16)}`,
      ]);
      assert.equal(BigInt(held), BigInt(token.reviewSharesHeld));
    }
    assert.ok(paid.length > 0 && refunded.length > 0, "the seed paid a reviewer's share and refunded one");

    // One row per project, each adding up, each linking to its project page.
    const money = page.getByRole("table", { name: `Projects' money at block ${block}` });
    const rows = money.getByRole("row");
    assert.equal((await rows.count()) - 1, projects.length);
    for (const cell of await lastCells(money)) assert.equal(cell, "yes");
    const first = money.getByRole("link").first();
    const href = await first.getAttribute("href");
    assert.match(href ?? "", /^\/projects\/\d+$/);
    await expectAccessible(page);
  });
});

describe("operator page", () => {
  it("shows the settings read-only without a wallet", async () => {
    await page.goto("/operator");
    await page.getByRole("heading", { name: "Operator settings" }).waitFor();
    await page.getByText(/Platform fee now/).waitFor();
    assert.equal(await page.getByRole("button", { name: "Pause new business" }).count(), 0);
    await expectAccessible(page);
  });
});
