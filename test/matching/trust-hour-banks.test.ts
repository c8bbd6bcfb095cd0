// Hour banks in the trust graph: paid hours and their ratings count as paid work, with the escrow's
// rules. The reader's queries are checked against the real subgraph schema (the API schema the
// local subgraph host builds from subgraph/schema.graphql); a fake subgraph serves a small market
// with escrow jobs and hour banks (ids overlapping on purpose) through those queries.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, validate } from "graphql";
import { buildApiSchema } from "../../indexer/src/graphql/api-schema.ts";
import type { EntityQueries } from "../../indexer/src/graphql/entity-queries.ts";
import { parseSubgraphSchema } from "../../indexer/src/schema/subgraph-schema.ts";
import { buildTrustJobsQuery, buildTrustRatingsQuery, SubgraphTrust } from "../../matching/index.ts";
import { honestMarket, paidAtSeconds } from "../../market/index.ts";
import { startFakeServer } from "./support/fake-subgraph.ts";
import { assertSameTrust } from "./support/trust-compare.ts";

type Row = Record<string, unknown>;
const WEIGHT_UNIT = 10n ** 18n;
const vendorX = `0x${"a1".repeat(20)}`;
const vendorY = `0x${"b2".repeat(20)}`;

/** Paid work as the subgraph shows it at a time: payments up to then, with their sum. */
interface Work {
  id: bigint;
  client: string;
  vendor: string;
  /** [time, paid units] */
  payments: [number, number][];
  bank: boolean;
}
interface Rated {
  id: string;
  rater: string;
  ratee: string;
  raterRole: "Client" | "Vendor";
  score: number;
  block: number;
  bank: boolean;
}

/** A market with escrow jobs, plus vendor X paid and rated through escrow jobs and vendor Y through hour banks. */
function buildMarket() {
  const market = honestMarket({ vendors: 30, clients: 100, jobs: 800, seed: "trust-hour-banks" });
  const work: Work[] = [];
  const rated: Rated[] = [];
  let ratingNumber = 0;
  const rate = (
    rater: string,
    ratee: string,
    raterRole: Rated["raterRole"],
    score: number,
    block: number,
    bank: boolean,
  ) =>
    rated.push({
      id: `0x${(ratingNumber++).toString(16).padStart(8, "0")}`,
      rater,
      ratee,
      raterRole,
      score,
      block,
      bank,
    });
  let end = 0;
  for (const job of market.jobs) {
    if (job.paidUsd <= 0) continue;
    const at = paidAtSeconds(job);
    end = Math.max(end, at);
    work.push({
      id: BigInt(job.id),
      client: job.client,
      vendor: job.vendor,
      payments: [[at, Math.floor(job.paidUsd)]],
      bank: false,
    });
    if (job.clientScore !== null) rate(job.client, job.vendor, "Client", job.clientScore, at, false);
    if (job.vendorScore !== null) rate(job.vendor, job.client, "Vendor", job.vendorScore, at, false);
  }
  // Four clients with the widest history each buy the same paid work from X (escrow jobs) and from
  // Y (hour banks paid in two log payments), at the same times, and rate both alike.
  const vendorsOf = new Map<string, Set<string>>();
  for (const w of work) vendorsOf.set(w.client, (vendorsOf.get(w.client) ?? new Set()).add(w.vendor));
  const raters = [...vendorsOf.entries()]
    .sort((a, b) => b[1].size - a[1].size || (a[0] < b[0] ? -1 : 1))
    .slice(0, 4)
    .map(([client]) => client);
  raters.forEach((client, i) => {
    const at = Math.round(end * (0.3 + 0.15 * i));
    const later = at + 3 * 86_400;
    const score = i === 2 ? 4 : 5;
    work.push({
      id: BigInt(100_000 + i),
      client,
      vendor: vendorX,
      payments: [
        [at, 400],
        [later, 500],
      ],
      bank: false,
    });
    work.push({
      id: BigInt(i),
      client,
      vendor: vendorY,
      payments: [
        [at, 400],
        [later, 500],
      ],
      bank: true,
    });
    for (const [ratee, bank] of [
      [vendorX, false],
      [vendorY, true],
    ] as const) {
      rate(client, ratee, "Client", score, later, bank);
      rate(ratee, client, "Vendor", 5, later, bank);
    }
  });
  return { work, rated, end, raters, accounts: [...new Set(work.flatMap((w) => [w.client, w.vendor]))] };
}

const { work, rated, end } = buildMarket();

/** Filters of a root list: `field_gt: "v"` and `field_gte: "v"`. */
function matches(row: Row, where: string): boolean {
  for (const [, field, op, value] of where.matchAll(/(\w+?)_(gte|gt): "([^"]*)"/g)) {
    const a = compareKey(String(row[field]));
    const b = compareKey(value);
    if (op === "gt" ? !(a > b) : !(a >= b)) return false;
  }
  return true;
}

function compareKey(value: string): bigint | string {
  return /^\d+$/.test(value) ? BigInt(value) : value;
}

/**
 * The subgraph as of time `now`: jobs and banks with what they had paid by then (banks with their
 * work paid in token units and the weight unit), ratings up to then, each list filtered, ordered
 * and cut to its page as graph-node does.
 */
function answer(query: string, now: number, banks: boolean): unknown {
  if (query.includes("TrustFingerprint"))
    return { data: { jobs: [{ jobId: "0", createdTx: `0x${"cd".repeat(32)}` }] } };
  const lists: Record<string, Row[]> = {};
  for (const w of work) {
    const paid = w.payments.filter(([at]) => at <= now);
    if (paid.length === 0 || (w.bank && !banks)) continue;
    const units = paid.reduce((sum, [, u]) => sum + u, 0);
    const common = {
      client: { id: w.client },
      vendor: { id: w.vendor },
      updatedAt: String(paid.at(-1)![0]),
      payments: [{ timestamp: String(paid[0][0]) }],
    };
    if (w.bank) {
      (lists.hourBanks ??= []).push({
        bankId: String(w.id),
        ...common,
        workPaid: String(BigInt(units) * WEIGHT_UNIT + 12345n),
        weightUnit: String(WEIGHT_UNIT),
      });
    } else {
      (lists.jobs ??= []).push({ jobId: String(w.id), ...common, vendorPaidUnits: String(units) });
    }
  }
  for (const r of rated) {
    if (r.block > now || (r.bank && !banks)) continue;
    (lists[r.bank ? "hourBankRatings" : "ratings"] ??= []).push({
      id: r.id,
      rater: { id: r.rater },
      ratee: { id: r.ratee },
      raterRole: r.raterRole,
      score: r.score,
      blockNumber: String(r.block),
    });
  }
  const data: Record<string, Row[]> = {};
  for (const [, name, first, orderBy, where] of query.matchAll(
    /\b(jobs|hourBanks|ratings|hourBankRatings)\(first: (\d+), orderBy: (\w+), orderDirection: asc, where: \{ ([^}]*) \}\)/g,
  )) {
    data[name] = (lists[name] ?? [])
      .filter((row) => matches(row, where))
      .sort((a, b) => (compareKey(String(a[orderBy])) < compareKey(String(b[orderBy])) ? -1 : 1))
      .slice(0, Number(first));
  }
  return { data };
}

describe("hour banks in the trust graph", () => {
  let server: Awaited<ReturnType<typeof startFakeServer>>;
  let now = Infinity;
  let banks = true;
  const dir = mkdtempSync(join(tmpdir(), "mosaic-trust-banks-"));

  before(async () => {
    server = await startFakeServer((body) => answer(String(body.query), now, banks));
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await server.close();
  });

  test("the reader's queries are valid against the subgraph's schema", () => {
    const schema = buildApiSchema(
      parseSubgraphSchema(readFileSync(new URL("../../subgraph/schema.graphql", import.meta.url), "utf8")),
      {} as EntityQueries,
    );
    for (const query of [
      buildTrustJobsQuery(5n, -1n, -1n),
      buildTrustJobsQuery(5n, 12n, null),
      buildTrustJobsQuery(5n, null, 7n),
      buildTrustRatingsQuery(3n, null, null),
      buildTrustRatingsQuery(3n, "0x0a", undefined),
      buildTrustRatingsQuery(3n, undefined, "0x0b"),
    ]) {
      assert.deepEqual(
        validate(schema, parse(query)).map((error) => error.message),
        [],
        query,
      );
    }
  });

  test("a vendor rated only through hour banks gains the trusted weight of one rated through escrow jobs of the same paid value", async () => {
    now = Infinity;
    banks = true;
    const scores = await new SubgraphTrust(server.url).refresh();
    const x = scores.rateeTrust(vendorX)!;
    const y = scores.rateeTrust(vendorY)!;
    assert.ok(x.trustedWeight > 0, "the escrow-rated vendor has trusted weight");
    assert.equal(y.ratings, 4);
    assert.equal(y.paidJobs, 4);
    assert.equal(y.countingRatings, x.countingRatings);
    assert.equal(y.backedJobs, x.backedJobs);
    assert.ok(
      Math.abs(y.trustedWeight - x.trustedWeight) <= 1e-9 * x.trustedWeight,
      `${y.trustedWeight} vs ${x.trustedWeight}`,
    );
    assert.ok(Math.abs(y.trustedAverage! - x.trustedAverage!) <= 1e-9);
    assert.ok(Math.abs(scores.trustOf(vendorY) - scores.trustOf(vendorX)) <= 1e-9);

    // An index without the hour banks knows nothing of Y: its weight comes from its banks.
    banks = false;
    const escrowOnly = await new SubgraphTrust(server.url).refresh();
    assert.equal(escrowOnly.rateeTrust(vendorY), null);
    assert.ok(escrowOnly.rateeTrust(vendorX)!.trustedWeight > 0);
  });

  test("increments and a restart from the saved state give the trust of a full read, with jobs, banks and their ratings mixed", async () => {
    banks = true;
    const stateFile = join(dir, "trust.bin");
    const steps = [0.45, 0.6, 0.75, 0.9, 1.01].map((f) => Math.round(end * f));
    now = steps[0];
    const live = new SubgraphTrust(server.url, {}, { stateFile, saveIntervalMs: 0 });
    let scores = await live.refresh();
    for (const [i, at] of steps.slice(1).entries()) {
      now = at;
      scores = await live.refresh();
      const full = await new SubgraphTrust(server.url).refresh();
      const addresses = live.graph.addresses;
      assertSameTrust(scores, full, addresses, `increment ${i + 1}`);
      // A restart resumes from the saved state and reads only what is newer.
      const restarted = await new SubgraphTrust(server.url, {}, { stateFile }).refresh();
      assertSameTrust(restarted, full, addresses, `restart ${i + 1}`);
    }
    assert.ok(scores.rateeTrust(vendorY)!.trustedWeight > 0);
  });
});
