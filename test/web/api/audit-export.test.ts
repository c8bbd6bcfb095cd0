/**
 * The audit export against a stub index: every page is read (not cut at 1,000), all at the
 * requested block, and fields are quoted as RFC 4180 says. Also the ruling preview's arithmetic,
 * which must match MosaicEscrow's `_resolve` to the wei.
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";

let server: Server;
const seen: { collection: string; block: number; after: string | null; query: string }[] = [];
const TOTAL = 2_345;

before(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      const { query } = JSON.parse(body) as { query: string };
      const collection = /page: (\w+)\(/.exec(query)![1];
      const block = Number(/block: \{ number: (\d+) \}/.exec(query)![1]);
      const afterId = /id_gt: "([^"]+)"/.exec(query)?.[1] ?? null;
      seen.push({ collection, block, after: afterId, query });
      const start = afterId === null ? 0 : parseInt(afterId.slice(2), 16) + 1;
      const count = collection === "payments" ? Math.max(0, Math.min(1000, TOTAL - start)) : 0;
      const paid = /paid: (true|false)/.exec(query)?.[1];
      if (collection === "reviewShareSettlements") {
        // One share paid to a reviewer, one refunded to a client.
        const settlement = {
          id: paid === "true" ? "0xaa01" : "0xaa02",
          timestamp: "1700000100",
          blockNumber: "8",
          transactionHash: "0xdef",
          project: { id: "3", token: { id: "0x0000000000000000000000000000000000000000" } },
          part: { index: 1 },
          to: { id: paid === "true" ? "0xreviewer" : "0xclient" },
          amount: paid === "true" ? "50" : "25",
        };
        response.setHeader("content-type", "application/json");
        response.end(JSON.stringify({ data: { page: afterId === null ? [settlement] : [] } }));
        return;
      }
      const page = Array.from({ length: count }, (_, i) => ({
        id: `0x${(start + i).toString(16).padStart(6, "0")}`,
        timestamp: "1700000000",
        blockNumber: "7",
        transactionHash: "0xabc",
        kind: "Milestone",
        job: { id: "1" },
        milestone: { index: 0 },
        token: { id: "0x0000000000000000000000000000000000000000" },
        client: { id: "0xc1" },
        vendor: { id: "0xv1" },
        gross: "100",
        toVendor: "99",
        fee: "1",
      }));
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ data: { page } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.env.MOSAIC_SUBGRAPH_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

after(() => server?.close());

describe("csvLines", () => {
  it("pages every record through the index by id at one block", async () => {
    const { csvLines } = await import("../../../web/lib/audit/csv-export.ts");
    const lines: string[] = [];
    for await (const line of csvLines({ from: 0, to: 2_000_000_000, fromDate: "1970-01-01", toDate: "2033-05-18" }, 42))
      lines.push(line);
    assert.equal(lines.length, 1 + TOTAL + 2);
    assert.match(lines[0], /^record,id,timestamp,/);
    assert.match(lines[1], /^payment,0x000000,1700000000,2023-11-14T22:13:20.000Z,7,0xabc,1,0,/);
    const payments = seen.filter((s) => s.collection === "payments");
    assert.deepEqual(
      payments.map((s) => s.after),
      [null, "0x0003e7", "0x0007cf"],
    );
    assert.ok(seen.every((s) => s.block === 42));
    assert.deepEqual(
      [...new Set(seen.map((s) => s.collection))],
      [
        "payments",
        "refunds",
        "feeAccruals",
        "ratings",
        "hourBankPayments",
        "hourBankRefunds",
        "hourBankRatings",
        "reviewShareSettlements",
      ],
    );
  });

  it("writes reviewer shares paid and refunded as their own kinds, naming the project and part", async () => {
    const { csvLines, CSV_COLUMNS } = await import("../../../web/lib/audit/csv-export.ts");
    const period = { from: 0, to: 2_000_000_000, fromDate: "1970-01-01", toDate: "2033-05-18" };
    const lines: string[] = [];
    for await (const line of csvLines(period, 9, ["review_share_paid", "review_share_refunded"])) lines.push(line);
    assert.equal(lines.length, 3);
    const rows = lines.slice(1).map((l) =>
      Object.fromEntries(
        l
          .trimEnd()
          .split(",")
          .map((v, i) => [CSV_COLUMNS[i], v]),
      ),
    );
    assert.deepEqual(
      rows.map((r) => [r.record, r.kind, r.project, r.part, r.to, r.amount, r.token, r.block]),
      [
        ["review_share_paid", "Paid", "3", "1", "0xreviewer", "50", "0x0000000000000000000000000000000000000000", "8"],
        [
          "review_share_refunded",
          "Refunded",
          "3",
          "1",
          "0xclient",
          "25",
          "0x0000000000000000000000000000000000000000",
          "8",
        ],
      ],
    );
    const queries = seen.filter((s) => s.collection === "reviewShareSettlements" && s.block === 9).map((s) => s.query);
    assert.ok(queries.some((q) => /paid: true/.test(q)) && queries.some((q) => /paid: false/.test(q)));
  });

  it("quotes fields with commas, quotes and line breaks", async () => {
    const { csvField } = await import("../../../web/lib/audit/csv-export.ts");
    assert.equal(csvField("plain"), "plain");
    assert.equal(csvField('say "hi", then\nleave'), '"say ""hi"", then\nleave"');
    assert.equal(csvField(null), "");
  });
});

describe("previewRuling", () => {
  it("charges the arbiter's fee to each side by what the ruling denied it, then rounds the platform fee up", async () => {
    const { previewRuling } = await import("../../../web/lib/arbiter/ruling.ts");
    // 1 ETH, 70% to the vendor, 3% arbiter fee: the vendor pays 30% of the fee, the client 70%.
    const p = previewRuling(10n ** 18n, 7_001, 300, 50);
    assert.equal(p.arbiterFee, 3n * 10n ** 16n);
    assert.equal(p.vendorGross, 691n * 10n ** 15n);
    assert.equal(p.toClient, 279n * 10n ** 15n);
    assert.equal(p.platformFee, 3_455n * 10n ** 12n);
    assert.equal(p.toVendor + p.platformFee + p.toClient + p.arbiterFee, 10n ** 18n);
    const odd = previewRuling(1_001n, 10_001, 0, 50);
    assert.equal(odd.platformFee, 6n); // ceil(1001 * 50 / 10000) = ceil(5.005)
    // A vendor that raised the dispute bonded the fee: a ruling all for the client takes the fee from
    // the bond, and the vendor gets nothing back.
    const lost = previewRuling(10n ** 18n, 1, 300, 50, 3n * 10n ** 16n);
    assert.deepEqual([lost.toVendor, lost.toClient, lost.arbiterFee], [0n, 10n ** 18n, 3n * 10n ** 16n]);
    // All for the vendor: the client pays nothing and the whole bond comes back, without platform fee.
    const won = previewRuling(10n ** 18n, 10_001, 300, 0, 3n * 10n ** 16n);
    assert.deepEqual([won.toVendor, won.toClient, won.arbiterFee], [10n ** 18n, 0n, 3n * 10n ** 16n]);
  });

  it("splits evenly without the arbiter's fee when the arbiter refuses (ruling 0)", async () => {
    const { previewRuling } = await import("../../../web/lib/arbiter/ruling.ts");
    const p = previewRuling(1_000n, 0, 500, 0);
    assert.deepEqual([p.arbiterFee, p.vendorBps, p.toVendor, p.toClient], [0n, 5_000, 500n, 500n]);
    assert.throws(() => previewRuling(1n, 10_002, 0, 0), RangeError);
  });
});
