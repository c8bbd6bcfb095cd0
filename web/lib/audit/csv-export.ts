/**
 * The auditors' CSV export: payments, refunds, fee accruals and ratings of a period, every row,
 * read at one block and streamed as it is paged out of the index; then the hour banks' payments
 * (fee included in each row), refunds and ratings, which name the bank and the log; then the
 * projects' reviewer shares paid to reviewers and refunded to clients, which name the project and part.
 */
import { pageAll } from "./pager.ts";
import type { Period } from "./period.ts";

export const CSV_COLUMNS = [
  "record",
  "id",
  "timestamp",
  "date_utc",
  "block",
  "transaction",
  "job",
  "milestone",
  "token",
  "kind",
  "from",
  "to",
  "amount",
  "fee",
  "gross",
  "fee_bps",
  "score",
  "weight",
  "bank",
  "log",
  "project",
  "part",
] as const;

type Row = Partial<Record<(typeof CSV_COLUMNS)[number], string | number | boolean | null>>;

export type RecordKind =
  | "payment"
  | "refund"
  | "fee"
  | "rating"
  | "bank_payment"
  | "bank_refund"
  | "bank_rating"
  | "review_share_paid"
  | "review_share_refunded";
export const RECORD_KINDS: RecordKind[] = [
  "payment",
  "refund",
  "fee",
  "rating",
  "bank_payment",
  "bank_refund",
  "bank_rating",
  "review_share_paid",
  "review_share_refunded",
];

/** RFC 4180 quoting: a field with a comma, quote or line break is quoted, quotes doubled. */
export function csvField(value: string | number | boolean | null | undefined): string {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(row: Row): string {
  return CSV_COLUMNS.map((c) => csvField(row[c])).join(",") + "\r\n";
}

const iso = (t: string) => new Date(Number(t) * 1000).toISOString();

interface Base {
  id: string;
  timestamp: string;
  blockNumber: string;
  transactionHash: string;
}
type WithJob = Base & { job: { id: string }; milestone: { index: number }; token: { id: string } };

async function* records(kind: RecordKind, period: Period, block: number): AsyncGenerator<Row> {
  const where = { timestamp_gte: String(period.from), timestamp_lt: String(period.to) };
  const common = "timestamp blockNumber transactionHash";
  const base = (r: Base, record: RecordKind): Row => ({
    record,
    id: r.id,
    timestamp: r.timestamp,
    date_utc: iso(r.timestamp),
    block: r.blockNumber,
    transaction: r.transactionHash,
  });
  if (kind === "payment") {
    type P = WithJob & {
      kind: string;
      client: { id: string };
      vendor: { id: string };
      gross: string;
      toVendor: string;
      fee: string;
    };
    for await (const r of pageAll<P>({
      collection: "payments",
      fields: `${common} kind job { id } milestone { index } token { id } client { id } vendor { id } gross toVendor fee`,
      where,
      block,
    })) {
      yield {
        ...base(r, kind),
        job: r.job.id,
        milestone: r.milestone.index,
        token: r.token.id,
        kind: r.kind,
        from: r.client.id,
        to: r.vendor.id,
        amount: r.toVendor,
        fee: r.fee,
        gross: r.gross,
      };
    }
  } else if (kind === "refund") {
    type R = WithJob & { kind: string; client: { id: string }; amount: string };
    for await (const r of pageAll<R>({
      collection: "refunds",
      fields: `${common} kind job { id } milestone { index } token { id } client { id } amount`,
      where,
      block,
    })) {
      yield {
        ...base(r, kind),
        job: r.job.id,
        milestone: r.milestone.index,
        token: r.token.id,
        kind: r.kind,
        to: r.client.id,
        amount: r.amount,
      };
    }
  } else if (kind === "fee") {
    type F = WithJob & { source: string; amount: string; feeBps: number };
    for await (const r of pageAll<F>({
      collection: "feeAccruals",
      fields: `${common} source job { id } milestone { index } token { id } amount feeBps`,
      where,
      block,
    })) {
      yield {
        ...base(r, kind),
        job: r.job.id,
        milestone: r.milestone.index,
        token: r.token.id,
        kind: r.source,
        amount: r.amount,
        fee: r.amount,
        fee_bps: r.feeBps,
      };
    }
  } else if (kind === "bank_payment") {
    type P = Base & {
      kind: string;
      bank: { id: string };
      log: { logId: string } | null;
      token: { id: string };
      client: { id: string };
      vendor: { id: string };
      gross: string;
      toVendor: string;
      fee: string;
      feeBps: number;
    };
    for await (const r of pageAll<P>({
      collection: "hourBankPayments",
      fields: `${common} kind bank { id } log { logId } token { id } client { id } vendor { id } gross toVendor fee feeBps`,
      where,
      block,
    })) {
      yield {
        ...base(r, kind),
        bank: r.bank.id,
        log: r.log?.logId ?? null,
        token: r.token.id,
        kind: r.kind,
        from: r.client.id,
        to: r.vendor.id,
        amount: r.toVendor,
        fee: r.fee,
        gross: r.gross,
        fee_bps: r.feeBps,
      };
    }
  } else if (kind === "bank_refund") {
    type R = Base & {
      kind: string;
      bank: { id: string };
      log: { logId: string } | null;
      token: { id: string };
      client: { id: string };
      amount: string;
    };
    for await (const r of pageAll<R>({
      collection: "hourBankRefunds",
      fields: `${common} kind bank { id } log { logId } token { id } client { id } amount`,
      where,
      block,
    })) {
      yield {
        ...base(r, kind),
        bank: r.bank.id,
        log: r.log?.logId ?? null,
        token: r.token.id,
        kind: r.kind,
        to: r.client.id,
        amount: r.amount,
      };
    }
  } else if (kind === "review_share_paid" || kind === "review_share_refunded") {
    // A reviewer's share leaving the project registry: to the reviewer (paid) or back to the client.
    type S = Base & {
      project: { id: string; token: { id: string } };
      part: { index: number };
      to: { id: string };
      amount: string;
    };
    for await (const r of pageAll<S>({
      collection: "reviewShareSettlements",
      fields: `${common} project { id token { id } } part { index } to { id } amount`,
      where: { ...where, paid: kind === "review_share_paid" },
      block,
    })) {
      yield {
        ...base(r, kind),
        project: r.project.id,
        part: r.part.index,
        token: r.project.token.id,
        kind: kind === "review_share_paid" ? "Paid" : "Refunded",
        to: r.to.id,
        amount: r.amount,
      };
    }
  } else {
    // Ratings of escrow jobs and of hour banks: the same row, under the job or the bank it rates.
    const parent = kind === "bank_rating" ? "bank" : "job";
    type G = Base & {
      job?: { id: string };
      bank?: { id: string };
      rater: { id: string };
      ratee: { id: string };
      raterRole: string;
      score: number;
      weight: string;
    };
    for await (const r of pageAll<G>({
      collection: kind === "bank_rating" ? "hourBankRatings" : "ratings",
      fields: `${common} ${parent} { id } rater { id } ratee { id } raterRole score weight`,
      where,
      block,
    })) {
      yield {
        ...base(r, kind),
        [parent]: r[parent]!.id,
        kind: r.raterRole,
        from: r.rater.id,
        to: r.ratee.id,
        score: r.score,
        weight: r.weight,
      };
    }
  }
}

/** The CSV text as a stream of lines: the header, then every record of each kind. */
export async function* csvLines(
  period: Period,
  block: number,
  kinds: RecordKind[] = RECORD_KINDS,
): AsyncGenerator<string> {
  yield CSV_COLUMNS.join(",") + "\r\n";
  for (const kind of kinds) {
    for await (const row of records(kind, period, block)) yield csvLine(row);
  }
}
