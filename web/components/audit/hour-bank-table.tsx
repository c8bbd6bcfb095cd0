/** The hour bank's books per token against its balance at the same block, with the verdict. */
import { formatUnits } from "@/lib/format";
import type { Reconciliation } from "@/lib/audit/reconcile";
import { VerdictCell } from "./reconciliation-table";

export function HourBankTable({ data, block }: { data: NonNullable<Reconciliation["hourBank"]>; block: number }) {
  return (
    <div style={{ overflowX: "auto" }}>
      <table aria-label={`The hour bank's books against its balances at block ${block}`}>
        <thead>
          <tr>
            <th scope="col">Token</th>
            <th scope="col">Banks</th>
            <th scope="col">Deposited</th>
            <th scope="col">Paid to vendors</th>
            <th scope="col">Fees (collected)</th>
            <th scope="col">Refunded</th>
            <th scope="col">Arbiter fees</th>
            <th scope="col">Held</th>
            <th scope="col">Fees held</th>
            <th scope="col">Owed</th>
            <th scope="col">Books total</th>
            <th scope="col">Hour bank balance</th>
            <th scope="col">Verdict</th>
          </tr>
        </thead>
        <tbody>
          {data.tokens.map((t) => {
            const f = (v: bigint) => formatUnits(v, t.token.decimals, t.token.decimals);
            return (
              <tr key={t.token.address} data-token={t.token.symbol}>
                <th scope="row">{t.token.symbol}</th>
                <td>{t.bankCount}</td>
                <td className="mono">{f(t.totalDeposited)}</td>
                <td className="mono">{f(t.totalPaidToVendors)}</td>
                <td className="mono">
                  {f(t.totalFees)} ({f(t.feesCollected)})
                </td>
                <td className="mono">{f(t.totalRefunded)}</td>
                <td className="mono">{f(t.totalArbiterFees)}</td>
                <td className="mono">{f(t.held)}</td>
                <td className="mono">{f(t.feesHeld)}</td>
                <td className="mono">{f(t.owed)}</td>
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
