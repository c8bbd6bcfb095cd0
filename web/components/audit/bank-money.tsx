/** One hour bank's money movements and totals, for the audit page. */
import type { BankMoney } from "@/lib/audit/records";
import { formatDate, formatUnits, shortHex } from "@/lib/format";
import type { TokenInfo } from "@/server/tokens";

export function BankMoneyCard({ bank, token }: { bank: BankMoney; token: TokenInfo }) {
  const f = (v: string | bigint) => formatUnits(v, token.decimals, token.decimals);
  const log = (entry: { logId: string } | null) => (entry ? `, log ${Number(entry.logId) + 1}` : "");
  const rows = [
    {
      id: bank.createdTx,
      t: bank.createdAt,
      what: `purchase of ${bank.hoursBought - bank.topUps.reduce((sum, u) => sum + u.hours, 0)} hours`,
      amount: BigInt(bank.funded) - bank.topUps.reduce((sum, u) => sum + BigInt(u.amount), 0n),
      tx: bank.createdTx,
    },
    ...bank.topUps.map((u) => ({
      id: u.id,
      t: u.timestamp,
      what: `top-up of ${u.hours} hours`,
      amount: BigInt(u.amount),
      tx: u.transactionHash,
    })),
    ...bank.payments.map((p) => ({
      id: p.id,
      t: p.timestamp,
      what: `${p.kind.toLowerCase()} payment${log(p.log)}${p.automatic ? " (released after review)" : ""}: fee ${f(p.fee)}`,
      amount: BigInt(p.toVendor),
      tx: p.transactionHash,
    })),
    ...bank.refunds.map((r) => ({
      id: r.id,
      t: r.timestamp,
      what: `refund (${r.kind === "Unused" ? "unused time" : "dispute share"})${log(r.log)}${
        BigInt(r.arbiterFee) > 0n ? `: arbiter fee ${f(r.arbiterFee)}` : ""
      }`,
      amount: BigInt(r.amount),
      tx: r.transactionHash,
    })),
  ].sort((a, b) => Number(a.t) - Number(b.t));
  const accounted =
    BigInt(bank.held) +
    BigInt(bank.paidToVendor) +
    BigInt(bank.fees) +
    BigInt(bank.refunded) +
    BigInt(bank.disputeRefunded) +
    BigInt(bank.arbiterFees);
  return (
    <div className="card">
      <h3 id="bank-title">
        Hour bank {bank.id} ({bank.state === "ClosedEarly" ? "closed early" : bank.state.toLowerCase()}, {token.symbol})
      </h3>
      <ul className="meta" aria-label={`Totals of hour bank ${bank.id}`}>
        <li>Client {shortHex(bank.client.id)}</li>
        <li>Vendor {shortHex(bank.vendor.id)}</li>
        <li>Funded {f(bank.funded)}</li>
        <li>Held {f(bank.held)}</li>
        <li>Paid to vendor {f(bank.paidToVendor)}</li>
        <li>
          Fees {f(bank.fees)} (not collected {f(bank.feesHeld)})
        </li>
        <li>Refunded {f(BigInt(bank.refunded) + BigInt(bank.disputeRefunded))}</li>
        <li>Arbiter fees {f(bank.arbiterFees)}</li>
      </ul>
      <p role="status" className={accounted === BigInt(bank.funded) ? "ok" : "error"}>
        {accounted === BigInt(bank.funded)
          ? `Funded = held + paid + fees + refunded + arbiter fees, to the unit.`
          : `The bank's books do not add up: ${f(accounted)} accounted for, ${f(bank.funded)} funded.`}
      </p>
      <table aria-label={`Money movements of hour bank ${bank.id}`}>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">What</th>
            <th scope="col">Amount ({token.symbol})</th>
            <th scope="col">Transaction</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td>{formatDate(row.t)}</td>
              <td>{row.what}</td>
              <td className="mono">{f(row.amount)}</td>
              <td className="mono">{shortHex(row.tx)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
