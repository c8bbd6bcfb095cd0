// The real subgraph (subgraph/build) on a fresh Hardhat node with Mosaic and the hour bank
// deployed: one bank through purchase, allocation, top-up, approved, ruled and released logs,
// ratings, fee collection and close at expiry, another left open, indexed by the local host over
// HTTP and compared with the hour bank's own views and balances.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { cidFor } from "./helpers/document-cids.ts";
import type { MosaicDeployment } from "./helpers/mosaic-chain.ts";
import type { HourBankLife } from "./helpers/hour-bank-chain.ts";
import { startIndexedHourBank, type IndexedHourBank } from "./helpers/indexed-hour-bank.ts";
import { subgraphBuildUnusable } from "./helpers/subgraph-build.ts";
import type { SubgraphHost } from "../../indexer/src/subgraph-host.ts";

const unusable = subgraphBuildUnusable();
const LOG_STATES = ["None", "Pending", "Paid", "Contested", "Resolved"];

type IndexedBank = {
  id: string;
  client: { id: string };
  vendor: { id: string };
  token: { id: string };
  state: string;
  discountBps: number;
  hourlyRate: string;
  minuteRate: string;
  hoursBought: number;
  minutesLeft: string;
  minutesAllocated: string;
  noticeMinutes: string;
  feeBps: number;
  expiresAt: string;
  logCount: number;
  workPaid: string;
  paidToVendor: string;
  feesHeld: string;
  held: string;
  renewed: boolean;
  logs: { logId: string; state: string; minutes: number; noteCid: string; member: { id: string } }[];
  allocations: { member: { id: string }; minutesAllocated: string; minutesUsed: string }[];
};

describe("end to end: hour banks on the local host", { timeout: 300_000, skip: unusable }, () => {
  let fixture: IndexedHourBank;
  let m: MosaicDeployment;
  let life: HourBankLife;
  let host: SubgraphHost;

  async function query<T>(text: string): Promise<T> {
    const response = await fetch(host.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: text }),
    });
    const result = (await response.json()) as { data?: T; errors?: unknown };
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    return result.data!;
  }

  before(async () => {
    fixture = await startIndexedHourBank("indexer-hours");
    ({ m, life, host } = fixture);
  });

  after(async () => {
    await fixture?.stop();
  });

  it("indexes the hour bank's events to the chain head without errors", () => {
    assert.equal(host.indexer.fatalError, null, host.indexer.fatalError?.message);
  });

  it("has every bank, log and allocation as the hour bank stores them", async () => {
    const { hourBanks } = await query<{ hourBanks: IndexedBank[] }>(`{
      hourBanks(orderBy: bankId) {
        id client { id } vendor { id } token { id } state discountBps hourlyRate minuteRate hoursBought
        minutesLeft minutesAllocated noticeMinutes feeBps expiresAt logCount workPaid paidToVendor feesHeld held renewed
        logs(orderBy: logId) { logId state minutes noteCid member { id } }
        allocations { member { id } minutesAllocated minutesUsed }
      }
    }`);
    assert.deepEqual(
      hourBanks.map((b) => b.id),
      [String(life.closedBank), String(life.openBank)],
    );
    const hourBank = life.hourBank;
    for (const bank of hourBanks) {
      const onChain = await hourBank.bankOf(BigInt(bank.id));
      assert.equal(bank.client.id, onChain.client.toLowerCase());
      assert.equal(bank.vendor.id, onChain.vendor.toLowerCase());
      assert.equal(bank.token.id, onChain.token.toLowerCase());
      assert.equal(bank.state, onChain.closed ? "Closed" : "Active");
      assert.equal(bank.minuteRate, onChain.minuteRate.toString());
      assert.equal(bank.minutesLeft, onChain.minutesLeft.toString());
      assert.equal(bank.minutesAllocated, onChain.allocated.toString());
      assert.equal(bank.noticeMinutes, onChain.noticeMinutes.toString());
      assert.equal(bank.feeBps, Number(onChain.feeBps));
      assert.equal(bank.expiresAt, onChain.expiresAt.toString());
      assert.equal(bank.logCount, Number(onChain.logCount));
      assert.equal(bank.feesHeld, onChain.feesAccrued.toString());
      const [, minuteRate] = await hourBank.quote(onChain.vendor, onChain.token, bank.hoursBought);
      assert.equal(bank.minuteRate, minuteRate.toString(), "the bank's price is the quote for its hours");
      for (const entry of bank.logs) {
        const stored = await hourBank.logOf(BigInt(bank.id), BigInt(entry.logId));
        assert.equal(entry.member.id, stored.member.toLowerCase());
        assert.equal(entry.minutes, Number(stored.minuteCount));
        const state = LOG_STATES[Number(stored.state)];
        const expected = { Paid: ["Approved", "Released"], Resolved: ["Ruled", "TimedOut"] }[state as "Paid"] ?? [
          state,
        ];
        assert.ok(expected.includes(entry.state), `bank ${bank.id} log ${entry.logId}: ${entry.state} vs ${state}`);
      }
      for (const allocation of bank.allocations) {
        assert.equal(
          allocation.minutesAllocated,
          (await hourBank.allocationOf(BigInt(bank.id), allocation.member.id)).toString(),
        );
      }
    }
    const [closed, open] = hourBanks;
    // 120 hours reach the 10% tier (54 USD an hour); 20 hours do not.
    assert.equal(closed.discountBps, 1_000);
    assert.equal(closed.hourlyRate, (54n * 10n ** 6n).toString());
    assert.equal(open.discountBps, 0);
    assert.equal(open.hourlyRate, (60n * 10n ** 6n).toString());
    assert.deepEqual(
      closed.logs.map((l) => l.state),
      ["Approved", "Ruled", "Released"],
    );
    assert.equal(closed.logs[0].noteCid, cidFor("triage, Ana"));
    assert.equal(closed.hoursBought, 130);
    assert.equal(closed.renewed, true);
    assert.deepEqual(closed.allocations, [
      { member: { id: life.member.address.toLowerCase() }, minutesAllocated: "0", minutesUsed: "165" },
    ]);
    assert.deepEqual(
      open.logs.map((l) => l.state),
      ["Pending"],
    );
  });

  it("reconciles the hour bank's books with its balances to the wei", async () => {
    const address = await life.hourBank.getAddress();
    const { hourBankTokens } = await query<{
      hourBankTokens: { id: string; held: string; feesHeld: string; owed: string; bankCount: number }[];
    }>(`{ hourBankTokens { id held feesHeld owed bankCount } }`);
    assert.equal(hourBankTokens.length, 1);
    const [books] = hourBankTokens;
    assert.equal(books.id, (await m.usd.getAddress()).toLowerCase());
    assert.equal(BigInt(books.held) + BigInt(books.feesHeld) + BigInt(books.owed), await m.usd.balanceOf(address));
    assert.equal(books.bankCount, 2);
  });

  it("folds the hour bank's ratings into the vendor's reputation and counts banks served", async () => {
    const vendorAddress = m.signers.vendor.address;
    const { vendor } = await query<{
      vendor: {
        bankRatingWeightedSum: string;
        bankRatingWeight: string;
        bankRatingCount: number;
        bankCountedPaidJobs: number;
        reputationWeight: string;
        ratingWeight: string;
        banksServed: number;
        banksRenewed: number;
        activeBanks: number;
      };
    }>(`{ vendor(id: "${vendorAddress.toLowerCase()}") {
      bankRatingWeightedSum bankRatingWeight bankRatingCount bankCountedPaidJobs reputationWeight ratingWeight
      banksServed banksRenewed activeBanks
    } }`);
    const stats = await life.hourBank.vendorStatsOf(vendorAddress);
    assert.equal(vendor.bankRatingWeightedSum, stats.weightedScoreSum.toString());
    assert.equal(vendor.bankRatingWeight, stats.ratingWeight.toString());
    assert.equal(vendor.bankRatingCount, Number(stats.ratingCount));
    assert.equal(vendor.bankCountedPaidJobs, Number(stats.paidJobs));
    assert.ok(vendor.bankRatingCount > 0, "the client's rating of the bank has weight");
    assert.equal(BigInt(vendor.reputationWeight), BigInt(vendor.ratingWeight) + stats.ratingWeight);
    assert.equal(vendor.banksServed, 2);
    assert.equal(vendor.banksRenewed, 1);
    assert.equal(vendor.activeBanks, 1);
  });
});
