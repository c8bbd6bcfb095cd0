import type { Metadata } from "next";
import Link from "next/link";
import { BankMoneyCard } from "@/components/audit/bank-money";
import { BooksStatus } from "@/components/audit/contract-books-table";
import { FeeChart } from "@/components/audit/fee-chart";
import { HourBankTable } from "@/components/audit/hour-bank-table";
import { ProjectMoneyTable } from "@/components/audit/project-money-table";
import { ProjectRegistryTable } from "@/components/audit/project-registry-table";
import { ReconciliationTable } from "@/components/audit/reconciliation-table";
import { feesByPeriod, type Bucket } from "@/lib/audit/fees";
import { parsePeriod } from "@/lib/audit/period";
import { AuditInputError, reconcile } from "@/lib/audit/reconcile";
import { bankMoney, jobMoney, projectsMoney, recentDisputes } from "@/lib/audit/records";
import { formatDate, formatUnits, shortHex } from "@/lib/format";
import { SubgraphError } from "@/server/subgraph";
import { tokenInfo } from "@/server/tokens";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function one(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v === undefined || v.trim() === "" ? undefined : v.trim();
}

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const blockText = one(params.block);
  const requestedBlock = blockText === undefined ? undefined : Number(blockText);
  const bucket: Bucket = one(params.bucket) === "week" ? "week" : "day";
  const jobId = one(params.job);
  const vendor = one(params.vendor);
  const bankId = one(params.bank);

  let books: Awaited<ReturnType<typeof reconcile>>;
  try {
    if (requestedBlock !== undefined && !Number.isSafeInteger(requestedBlock)) {
      throw new AuditInputError(
        `"${blockText}" is not a block number. Enter a whole number, or leave it empty for the latest indexed block.`,
      );
    }
    books = await reconcile(requestedBlock);
  } catch (error) {
    if (!(error instanceof SubgraphError || error instanceof AuditInputError)) throw error;
    return (
      <>
        <h1>Audit</h1>
        <p role="alert" className="error">
          {error.message}
        </p>
        <p>
          <Link href="/audit">Back to the latest indexed block</Link>
        </p>
      </>
    );
  }
  const period = parsePeriod(one(params.from), one(params.to), books.blockTime ?? Math.floor(Date.now() / 1000));
  const [fees, disputes, job, bank, projects] = await Promise.all([
    feesByPeriod(period, bucket, books.block),
    recentDisputes(books.block),
    jobId && /^\d+$/.test(jobId) ? jobMoney(jobId, books.block) : Promise.resolve(null),
    bankId && /^\d+$/.test(bankId) ? bankMoney(bankId, books.block) : Promise.resolve(null),
    books.projectRegistry ? projectsMoney(books.block) : Promise.resolve([]),
  ]);
  const tokens = new Map(
    await Promise.all(
      [...new Set([...disputes.map((d) => d.job.token.id), ...projects.map((p) => p.token)])].map(
        async (id) => [id.toLowerCase(), await tokenInfo(id)] as const,
      ),
    ),
  );
  const jobToken = job ? await tokenInfo(job.token.id) : null;
  const bankToken = bank ? await tokenInfo(bank.token.id) : null;
  const exportQuery = new URLSearchParams({ from: period.fromDate, to: period.toDate, block: String(books.block) });

  return (
    <>
      <h1>Audit</h1>
      <p>
        Everything here is read from the public index and the chain; no wallet is needed. Amounts are exact, in each
        token&apos;s units.
      </p>

      <section aria-labelledby="books-title">
        <h2 id="books-title">Books against the escrow&apos;s balance</h2>
        <form method="get" action="/audit" className="filters" aria-label="Choose a block">
          <div className="field">
            <label htmlFor="audit-block">Block</label>
            <input
              id="audit-block"
              name="block"
              type="number"
              min="0"
              max={books.indexedBlock}
              step="1"
              inputMode="numeric"
              defaultValue={blockText ?? ""}
              placeholder={String(books.indexedBlock)}
              aria-describedby="audit-block-hint"
            />
            <span id="audit-block-hint" className="hint">
              Any block up to {books.indexedBlock}; empty for the latest indexed block.
            </span>
          </div>
          <div className="field">
            <button type="submit" className="button primary">
              Reconcile at this block
            </button>
          </div>
        </form>
        <ul className="meta" aria-label="Index status">
          <li>
            Reconciled at block <strong data-testid="audit-block">{books.block}</strong>
            {books.blockTime !== null && ` (${formatDate(books.blockTime)})`}
          </li>
          <li>Index at block {books.indexedBlock}</li>
          <li>
            Chain head {books.chainHead ?? "unknown"}:{" "}
            {books.lag === null
              ? "lag unknown"
              : books.lag === 0
                ? "the index is up to date"
                : `the index is ${books.lag} block${books.lag === 1 ? "" : "s"} behind`}
          </li>
          <li>
            Escrow <span className="mono">{books.escrow}</span>
          </li>
        </ul>
        <BooksStatus
          tokens={books.tokens}
          match={`Every token matches at block ${books.block}: the escrow holds exactly what the books say.`}
          mismatch={`At block ${books.block} at least one token does not match its books.`}
        />
        <ReconciliationTable data={books} />
        <p className="muted small">
          Books total = held + owed + fees accrued; it must equal the escrow&apos;s balance of the token read from the
          node at the same block.
        </p>
      </section>

      {books.hourBank && (
        <section aria-labelledby="hour-banks-title">
          <h2 id="hour-banks-title">Hour banks against the hour bank&apos;s balance</h2>
          <ul className="meta" aria-label="Hour bank contract">
            <li>
              Hour bank <span className="mono">{books.hourBank.address}</span>
            </li>
          </ul>
          {books.hourBank.tokens.length === 0 ? (
            <p>No hour bank has been bought at block {books.block}.</p>
          ) : (
            <>
              <BooksStatus
                tokens={books.hourBank.tokens}
                match={`The hour bank holds exactly what its books say, for every token, at block ${books.block}.`}
                mismatch={`The hour bank does not hold what its books say for at least one token at block ${books.block}.`}
              />
              <HourBankTable data={books.hourBank} block={books.block} />
            </>
          )}
          <p className="muted small">
            Books total = held (unlogged, pending and contested time) + fees not collected + owed; it must equal the
            hour bank&apos;s balance of the token at the same block. Deposited = paid to vendors + fees + refunded +
            arbiter fees + held.
          </p>
          <form method="get" action="/audit#bank-title" className="filters" aria-label="Hour bank money">
            {blockText && <input type="hidden" name="block" value={blockText} />}
            <div className="field">
              <label htmlFor="audit-bank">Hour bank id</label>
              <input id="audit-bank" name="bank" type="number" min="1" step="1" defaultValue={bankId ?? ""} required />
            </div>
            <div className="field">
              <button type="submit" className="button">
                Show hour bank money
              </button>
            </div>
          </form>
          {bankId && !bank && <p role="alert">The index has no hour bank {bankId}.</p>}
          {bank && bankToken && <BankMoneyCard bank={bank} token={bankToken} />}
        </section>
      )}

      {books.projectRegistry && (
        <section aria-labelledby="projects-title">
          <h2 id="projects-title">Projects against the project registry&apos;s balance</h2>
          <ul className="meta" aria-label="Project registry contract">
            <li>
              Project registry <span className="mono">{books.projectRegistry.address}</span>
            </li>
          </ul>
          {books.projectRegistry.tokens.length === 0 ? (
            <p>No project has been started at block {books.block}.</p>
          ) : (
            <>
              <BooksStatus
                tokens={books.projectRegistry.tokens}
                match={`The project registry holds exactly what its books say, for every token, at block ${books.block}.`}
                mismatch={`The project registry does not hold what its books say for at least one token at block ${books.block}.`}
              />
              <ProjectRegistryTable data={books.projectRegistry} block={books.block} />
            </>
          )}
          <p className="muted small">
            The registry holds reviewers&apos; shares only; the parts&apos; jobs hold their money in the escrow, in the
            books above. Books total = shares held + owed; it must equal the registry&apos;s balance of the token at the
            same block. Deposited = paid to reviewers + refunded to clients + held.
          </p>
          {projects.length > 0 && (
            <>
              <h3 id="project-money-title">Each project&apos;s money</h3>
              <ProjectMoneyTable projects={projects} tokens={tokens} block={books.block} />
              <p className="muted small">
                Escrowed by the project&apos;s own jobs (parts and relay shifts, replaced jobs included; sub-jobs are
                funded by the prime, not the client) = held + paid to vendors + fees + refunded + arbiter fees.
              </p>
            </>
          )}
        </section>
      )}

      <section aria-labelledby="fees-title">
        <h2 id="fees-title">Fees by period</h2>
        <form method="get" action="/audit" className="filters" aria-label="Choose a period">
          {blockText && <input type="hidden" name="block" value={blockText} />}
          <div className="field">
            <label htmlFor="audit-from">From (UTC)</label>
            <input id="audit-from" name="from" type="date" defaultValue={period.fromDate} />
          </div>
          <div className="field">
            <label htmlFor="audit-to">To (UTC, inclusive)</label>
            <input id="audit-to" name="to" type="date" defaultValue={period.toDate} />
          </div>
          <div className="field">
            <label htmlFor="audit-bucket">Group by</label>
            <select id="audit-bucket" name="bucket" defaultValue={bucket}>
              <option value="day">Day</option>
              <option value="week">Week</option>
            </select>
          </div>
          <div className="field">
            <button type="submit" className="button primary">
              Show period
            </button>
          </div>
        </form>
        {fees.length === 0 ? (
          <p>No fees in this period.</p>
        ) : (
          fees.map((s) => <FeeChart key={s.token.address} series={s} bucket={bucket} />)
        )}
        <p>
          <a className="button" href={`/api/audit/export?${exportQuery}`} download>
            Export payments, refunds, fees and ratings of jobs and hour banks, and projects&apos; reviewer shares, from{" "}
            {period.fromDate} to {period.toDate} (CSV)
          </a>
        </p>
        <p className="muted small">
          Every record of the period as the index holds it at block {books.block}, paged through the whole index.
          Everything on this page is read at that block.
        </p>
      </section>

      <section aria-labelledby="disputes-title">
        <h2 id="disputes-title">Disputes and their splits</h2>
        {disputes.length === 0 ? (
          <p>No disputes yet.</p>
        ) : (
          <div style={{ overflowX: "auto" }}>
            <table aria-label="Latest disputes">
              <thead>
                <tr>
                  <th scope="col">Job, milestone</th>
                  <th scope="col">Raised by</th>
                  <th scope="col">Amount</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Vendor share</th>
                  <th scope="col">To vendor / client / arbiter / fee</th>
                </tr>
              </thead>
              <tbody>
                {disputes.map((d) => {
                  const t = tokens.get(d.job.token.id.toLowerCase())!;
                  const f = (v: string | null) => (v === null ? "—" : formatUnits(v, t.decimals));
                  return (
                    <tr key={d.id}>
                      <td>
                        <Link href={`/audit?job=${d.job.id}#job-title`}>
                          Job {d.job.id}, milestone {d.milestone.index + 1}
                        </Link>
                      </td>
                      <td>
                        {d.raisedByRole.toLowerCase()} {shortHex(d.raisedBy)}
                      </td>
                      <td>
                        {f(d.amount)} {t.symbol}
                      </td>
                      <td>
                        {d.status === "Open"
                          ? `open since ${formatDate(d.raisedAt)}`
                          : `${d.resolution?.toLowerCase()} ${d.resolvedAt ? formatDate(d.resolvedAt) : ""}`}
                      </td>
                      <td>{d.vendorBps === null ? "—" : `${(d.vendorBps / 100).toFixed(2)}%`}</td>
                      <td className="mono">
                        {f(d.toVendor)} / {f(d.toClient)} / {f(d.arbiterFee)} / {f(d.fee)}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="lookup-title">
        <h2 id="lookup-title">A vendor&apos;s history, a job&apos;s payments</h2>
        <div className="row">
          <form method="get" action="/vendors" className="filters" aria-label="Vendor history">
            <div className="field">
              <label htmlFor="audit-vendor">Vendor address</label>
              <input
                id="audit-vendor"
                name="address"
                defaultValue={vendor ?? ""}
                pattern="0x[0-9a-fA-F]{40}"
                required
              />
            </div>
            <div className="field">
              <button type="submit" className="button">
                Show vendor history
              </button>
            </div>
          </form>
          <form method="get" action="/audit" className="filters" aria-label="Job payments">
            <div className="field">
              <label htmlFor="audit-job">Job id</label>
              <input id="audit-job" name="job" type="number" min="0" step="1" defaultValue={jobId ?? ""} required />
            </div>
            <div className="field">
              <button type="submit" className="button">
                Show job payments
              </button>
            </div>
          </form>
        </div>
        {jobId && !job && <p role="alert">The index has no job {jobId}.</p>}
        {job && jobToken && (
          <div className="card">
            <h3 id="job-title">
              Job <Link href={`/jobs/${job.id}`}>{job.id}</Link> ({job.status.toLowerCase()}, {jobToken.symbol})
            </h3>
            <ul className="meta">
              <li>Escrowed {formatUnits(job.escrowed, jobToken.decimals)}</li>
              <li>Held {formatUnits(job.held, jobToken.decimals)}</li>
              <li>Paid to vendor {formatUnits(job.paidToVendor, jobToken.decimals)}</li>
              <li>Fees {formatUnits(job.fees, jobToken.decimals)}</li>
              <li>Refunded {formatUnits(job.refunded, jobToken.decimals)}</li>
              <li>Arbiter fees {formatUnits(job.arbiterFees, jobToken.decimals)}</li>
            </ul>
            <table aria-label={`Money movements of job ${job.id}`}>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">What</th>
                  <th scope="col">Amount ({jobToken.symbol})</th>
                  <th scope="col">Transaction</th>
                </tr>
              </thead>
              <tbody>
                {[
                  ...job.deposits.map((d) => ({
                    id: d.id,
                    t: d.timestamp,
                    what: `deposit for milestones ${d.first + 1}–${d.first + d.count}`,
                    amount: d.amount,
                    tx: d.transactionHash,
                  })),
                  ...job.payments.map((p) => ({
                    id: p.id,
                    t: p.timestamp,
                    what: `${p.kind.toLowerCase()} payment, milestone ${p.milestone.index + 1}${p.automatic ? " (automatic release)" : ""}: fee ${formatUnits(p.fee, jobToken.decimals)}`,
                    amount: p.toVendor,
                    tx: p.transactionHash,
                  })),
                  ...job.refunds.map((r) => ({
                    id: r.id,
                    t: r.timestamp,
                    what: `refund (${r.kind}), milestone ${r.milestone.index + 1}`,
                    amount: r.amount,
                    tx: r.transactionHash,
                  })),
                ]
                  .sort((a, b) => Number(a.t) - Number(b.t))
                  .map((row) => (
                    <tr key={row.id}>
                      <td>{formatDate(row.t)}</td>
                      <td>{row.what}</td>
                      <td className="mono">{formatUnits(row.amount, jobToken.decimals, jobToken.decimals)}</td>
                      <td className="mono">{shortHex(row.tx)}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
