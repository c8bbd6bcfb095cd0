// The trust reader against the real subgraph: a Hardhat node with Mosaic and the hour bank, one
// bank driven through its life (logs paid, approved, ruled and released, rated both ways) and one
// left open, indexed by the local subgraph host. Every bank's paid work and every bank rating
// reaches the trust graph as the index has them.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { SubgraphTrust } from "../../matching/index.ts";
import { startIndexedHourBank, type IndexedHourBank } from "./helpers/indexed-hour-bank.ts";
import { subgraphBuildUnusable } from "./helpers/subgraph-build.ts";
import type { SubgraphHost } from "../../indexer/src/subgraph-host.ts";

type Party = { id: string };
interface Indexed {
  jobs: { client: Party; vendor: Party; vendorPaidUnits: string }[];
  hourBanks: { client: Party; vendor: Party; workPaid: string; weightUnit: string }[];
  ratings: { ratee: Party; raterRole: string }[];
  hourBankRatings: { ratee: Party; raterRole: string }[];
}

describe("trust from the indexed hour bank", { timeout: 300_000, skip: subgraphBuildUnusable() }, () => {
  let fixture: IndexedHourBank;
  let host: SubgraphHost;

  before(async () => {
    fixture = await startIndexedHourBank("trust-hours");
    ({ host } = fixture);
  });

  after(async () => {
    await fixture?.stop();
  });

  it("counts every bank's paid work and every bank rating as the index has them", async () => {
    const response = await fetch(host.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query: `{
          jobs(where: { vendorPaidUnits_gt: "0" }) { client { id } vendor { id } vendorPaidUnits }
          hourBanks { client { id } vendor { id } workPaid weightUnit }
          ratings { ratee { id } raterRole }
          hourBankRatings { ratee { id } raterRole }
        }`,
      }),
    });
    const { data, errors } = (await response.json()) as { data: Indexed; errors?: unknown };
    assert.equal(errors, undefined, JSON.stringify(errors));
    const paidBanks = data.hourBanks.filter((b) => BigInt(b.workPaid) > 0n);
    assert.ok(paidBanks.length > 0, "the bank's life paid logged work");
    assert.ok(
      data.hourBankRatings.some((r) => r.raterRole === "Client"),
      "the bank's client rated its vendor",
    );

    const trust = new SubgraphTrust(host.url);
    const scores = await trust.refresh();
    const { graph } = trust;
    // Each client–vendor pair holds its escrow jobs' paid units plus its banks' work paid / weight unit.
    const expected = new Map<string, number>();
    const add = (client: string, vendor: string, units: bigint) => {
      const key = `${client} ${vendor}`;
      expected.set(key, (expected.get(key) ?? 0) + Number(units));
    };
    for (const job of data.jobs) add(job.client.id, job.vendor.id, BigInt(job.vendorPaidUnits));
    for (const bank of paidBanks) add(bank.client.id, bank.vendor.id, BigInt(bank.workPaid) / BigInt(bank.weightUnit));
    for (const [key, units] of expected) {
      const [client, vendor] = key.split(" ");
      const pair = graph.findPair(graph.findAccount(client), graph.findAccount(vendor));
      assert.ok(pair >= 0, `${key} is a relationship`);
      assert.equal(graph.pairValue[pair], units, key);
    }
    assert.equal(graph.ratingCount, data.ratings.length + data.hourBankRatings.length);
    // The vendor's ratings as a vendor (its clients' ratings, from both ledgers) and paid work.
    const vendor = paidBanks[0].vendor.id;
    const asVendor = [...data.ratings, ...data.hourBankRatings].filter(
      (r) => r.ratee.id === vendor && r.raterRole === "Client",
    );
    const ratee = scores.rateeTrust(vendor)!;
    assert.equal(ratee.ratings, asVendor.length);
    assert.equal(
      ratee.paidJobs,
      data.jobs.filter((j) => j.vendor.id === vendor).length + paidBanks.filter((b) => b.vendor.id === vendor).length,
    );
  });
});
