/** The index's books per token against the escrow's balance at the same block, with the verdict. */
import { formatUnits } from "@/lib/format";
import type { Reconciliation } from "@/lib/audit/reconcile";

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
                <td>
                  {t.verdict === "match" ? (
                    <strong className="ok">match</strong>
                  ) : t.verdict === "mismatch" ? (
                    <strong className="error">
                      mismatch ({t.actual! > t.expected ? "+" : "−"}
                      {f(t.actual! > t.expected ? t.actual! - t.expected : t.expected - t.actual!)})
                    </strong>
                  ) : (
                    <strong className="error">unknown: the node did not answer for this block</strong>
                  )}
                  {!t.booksBalance && <span className="error small"> Deposits do not equal held plus outflows.</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
