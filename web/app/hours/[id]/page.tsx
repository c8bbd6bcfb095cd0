import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Countdown } from "@/components/countdown";
import { BankActions, LogActions } from "@/components/hours/slots";
import { FlowDock } from "@/components/tx/dock";
import { formatAmount, formatDate, formatDuration, shortHex } from "@/lib/format";
import { formatMinutes } from "@/lib/hours/terms";
import { chainNow } from "@/server/chain";
import { bankView, type BankView, type Books } from "@/server/hours";

export const dynamic = "force-dynamic";

type Params = Promise<{ id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Hour bank ${(await params).id}` };
}

/** Who an address is in this bank, for people reading the page. */
function who(bank: BankView, address: string): string {
  if (address === bank.client) return "client";
  if (address === bank.vendor) return "vendor";
  return `member ${shortHex(address)}`;
}

const BOOK_ROWS: [keyof Books, string][] = [
  ["unlogged", "Unlogged time"],
  ["pending", "Logged, in review"],
  ["contested", "Contested, with the arbiter"],
  ["toVendor", "Paid to the vendor"],
  ["fees", "Platform fees"],
  ["arbiterFees", "Arbiter's fees"],
  ["toClient", "Returned to the client"],
];

function BooksTable({ bank }: { bank: BankView }) {
  const parts = BOOK_ROWS.reduce((t, [key]) => t + BigInt(bank.books[key]), 0n);
  const balanced = parts === BigInt(bank.books.funded);
  return (
    <section aria-labelledby="books-title">
      <h2 id="books-title">Books</h2>
      <table aria-label="Books of the bank">
        <tbody>
          <tr>
            <th scope="row">Funded (bank and top-ups)</th>
            <td data-testid="books-funded" data-wei={bank.books.funded}>
              {formatAmount(bank.books.funded, bank.token)}
            </td>
          </tr>
          {BOOK_ROWS.map(([key, label]) => (
            <tr key={key}>
              <th scope="row">{label}</th>
              <td data-testid={`books-${key}`} data-wei={bank.books[key]}>
                {formatAmount(bank.books[key], bank.token)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className={balanced ? "ok" : "error"} role={balanced ? undefined : "alert"}>
        {balanced
          ? "Every unit funded is accounted for, to the smallest unit."
          : `The parts add up to ${formatAmount(parts, bank.token)}, not the amount funded.`}
      </p>
    </section>
  );
}

export default async function HourBankPage({ params }: { params: Params }) {
  const { id } = await params;
  const [bank, now] = await Promise.all([bankView(id), chainNow()]);
  if (!bank) notFound();
  const hourly = BigInt(bank.minuteRate) * 60n;
  const pool = bank.minutesLeft - bank.allocated;
  return (
    <>
      <h1>Hour bank {bank.id}</h1>
      <ul className="meta" aria-label="Bank">
        <li>
          Client <span className="mono">{shortHex(bank.client)}</span>
        </li>
        <li>
          Vendor <Link href={`/vendors/${bank.vendor}`}>{shortHex(bank.vendor)}</Link>
        </li>
        <li>
          Arbiter <span className="mono">{shortHex(bank.arbiter)}</span> ({bank.arbiterFeeBps / 100}% of a contested
          log)
        </li>
        <li>
          {formatAmount(hourly, bank.token)} an hour ({formatAmount(bank.minuteRate, bank.token)} a minute)
        </li>
        <li>
          {bank.hoursBought} h bought; <strong data-testid="minutes-left">{formatMinutes(bank.minutesLeft)}</strong>{" "}
          unlogged, of which {formatMinutes(pool)} in the client&apos;s own pool
        </li>
        <li>
          {bank.closed ? (
            "Closed"
          ) : (
            <>
              Expires {formatDate(bank.expiresAt)} (<Countdown at={bank.expiresAt} chainNow={now} past="expired" />)
            </>
          )}
        </li>
        <li>Review window {formatDuration(bank.reviewWindow)} per log</li>
        <li>Notice on early close {formatMinutes(bank.noticeMinutes)}</li>
      </ul>

      <section aria-labelledby="shares-title">
        <h2 id="shares-title">Shares</h2>
        {bank.shares.length === 0 ? (
          <p>No hours are shared out.</p>
        ) : (
          <table aria-label="Shares">
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Unlogged share</th>
              </tr>
            </thead>
            <tbody>
              {bank.shares.map((s) => (
                <tr key={s.member}>
                  <td className="mono wrap">{s.member}</td>
                  <td>{formatMinutes(s.minutes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="logs-title">
        <h2 id="logs-title">Timesheet ({bank.logs.length})</h2>
        {bank.logs.length === 0 && <p>No time logged yet.</p>}
        <ul className="timeline" aria-label="Logs">
          {bank.logs.map((log) => (
            <li key={log.id} className="card" aria-label={`Log ${log.id}`}>
              <h3>
                Log {log.id}: {formatMinutes(log.minutes)} for the {who(bank, log.member)},{" "}
                {formatAmount(log.value, bank.token)}
              </h3>
              <ul className="meta">
                <li>Logged {formatDate(log.loggedAt)}</li>
                <li>
                  <a href={`/api/documents/${log.noteCid}`}>Timesheet note</a>
                </li>
                <li data-testid={`log-${log.id}-state`}>
                  {log.state === "Pending" && log.reviewEndsAt !== null && (
                    <>
                      In review: pays out{" "}
                      <Countdown at={log.reviewEndsAt} chainNow={now} past="now (anyone may release it)" />
                    </>
                  )}
                  {log.state === "Paid" &&
                    `Paid: ${formatAmount(log.toVendor ?? "0", bank.token)} to the vendor${log.approvedBy ? " (approved early)" : ""}`}
                  {log.state === "Contested" && "Contested: waiting for the arbiter's ruling"}
                  {log.state === "Resolved" &&
                    `Ruled: ${(log.vendorBps ?? 0) / 100}% to the vendor; ${formatAmount(log.toVendor ?? "0", bank.token)} to the vendor, ${formatAmount(log.toClient ?? "0", bank.token)} back to the client, ${formatAmount(log.arbiterFee ?? "0", bank.token)} to the arbiter`}
                </li>
              </ul>
              <LogActions bank={bank} logId={log.id} chainNow={now} />
            </li>
          ))}
        </ul>
      </section>

      {bank.requests.length > 0 && (
        <section aria-labelledby="requests-title">
          <h2 id="requests-title">Work requests</h2>
          <ul>
            {bank.requests.map((r) => (
              <li key={r.cid}>
                {formatDate(r.at)}: <a href={`/api/documents/${r.cid}`}>request</a> from the {who(bank, r.requester)}
              </li>
            ))}
          </ul>
        </section>
      )}

      <BooksTable bank={bank} />
      <BankActions bank={bank} chainNow={now} />
      <p className="muted small">Read from the chain at block {bank.block}.</p>
      <FlowDock />
    </>
  );
}
