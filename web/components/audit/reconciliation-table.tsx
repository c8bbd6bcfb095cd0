/** The index's books per token against the escrow's balance at the same block, with the verdict. */
import { formatUnits } from "@/lib/format";
import type { Reconciliation } from "@/lib/audit/reconcile";

interface Verdict {
  verdict: "match" | "mismatch" | "unknown";
  actual: bigint | null;
  expected: bigint;
  booksBalance: boolean;
}

/** The verdict of one token's books against the contract's balance, with the difference when they disagree. */
export function VerdictCell({ books, format }: { books: Verdict; format: (v: bigint) => string }) {
  const { verdict, actual, expected } = books;
  return (
    <td>
      {verdict === "match" ? (
        <strong className="ok">match</strong>
      ) : verdict === "mismatch" ? (
        <strong className="error">
          mismatch ({actual! > expected ? "+" : "−"}
          {format(actual! > expected ? actual! - expected : expected - actual!)})
        </strong>
      ) : (
        <strong className="error">unknown: the node did not answer for this block</strong>
      )}
      {!books.booksBalance && <span className="error small"> Deposits do not equal held plus outflows.</span>}
    </td>
  );
}

export function ReconciliationTable({ data }: { data: Reconciliation }) {
  return (
    <div style={{ overflowX: "auto" }}>
      <table aria-label={`Books against balances at block ${data.block}`}>
        <thead>
          <tr>
            <th scope="col">Token</th>
            <th scope="col">Held</th>
            <th scope="col">Owed</th>
            <th scope="col">Fees accrued</th>
            <th scope="col">Books total</th>
            <th scope="col">Escrow balance</th>
            <th scope="col">Verdict</th>
          </tr>
        </thead>
        <tbody>
          {data.tokens.map((t) => {
            const f = (v: bigint) => formatUnits(v, t.token.decimals, t.token.decimals);
            return (
              <tr key={t.token.address} data-token={t.token.symbol}>
                <th scope="row">
                  {t.token.symbol}
                  {!t.allowed && <span className="muted small"> (not allowed for new jobs)</span>}
                </th>
                <td className="mono">{f(t.held)}</td>
                <td className="mono">{f(t.owed)}</td>
                <td className="mono">{f(t.feesAccrued)}</td>
                <td className="mono">{f(t.expected)}</td>
                <td className="mono">{t.actual === null ? "unreadable" : f(t.actual)}</td>
                <VerdictCell books={t} format={f} />
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
