import type { Metadata } from "next";
import Link from "next/link";
import { VendorNav } from "@/components/vendor/vendor-nav";
import { WalletAddressSync } from "@/components/wallet/wallet-gate";
import { FlowDock } from "@/components/tx/dock";
import { WithdrawForm } from "@/components/vendor/slots";
import { formatAmount, formatDate, shortHex } from "@/lib/format";
import { vendorPayouts } from "@/lib/vendor/payouts";
import { SubgraphError } from "@/server/subgraph";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Payouts" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function PayoutsPage({ searchParams }: { searchParams: SearchParams }) {
  const raw = (await searchParams).address;
  const text = (Array.isArray(raw) ? raw[0] : raw)?.toLowerCase();
  const address = text && /^0x[0-9a-f]{40}$/.test(text) ? text : null;
  if (!address) {
    return (
      <>
        <h1>Payouts</h1>
        <VendorNav current="payouts" />
        <p>What you were paid, what the escrow owes you, and withdrawals to any address.</p>
        <WalletAddressSync current={null} what="your payouts" />
      </>
    );
  }
  let payouts;
  try {
    payouts = await vendorPayouts(address);
  } catch (error) {
    if (!(error instanceof SubgraphError)) throw error;
    return (
      <>
        <h1>Payouts</h1>
        <VendorNav current="payouts" />
        <p role="alert" className="error">
          {error.message}
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Payouts</h1>
      <VendorNav current="payouts" />
      <WalletAddressSync current={address} what="your payouts" />
      <section aria-labelledby="owed-title">
        <h2 id="owed-title">Owed to you</h2>
        <p className="muted">
          When a payment cannot be pushed to you (a contract wallet that refuses it, a token that blocks your address),
          the escrow keeps it for you; withdraw it to any address.
        </p>
        {payouts.owed.length === 0 ? (
          <p>Nothing is owed to you.</p>
        ) : (
          <ul aria-label="Owed balances">
            {payouts.owed.map((o) => (
              <li key={o.token.address}>
                <strong>{formatAmount(o.amount, o.token)}</strong>
              </li>
            ))}
          </ul>
        )}
        <WithdrawForm owed={payouts.owed} />
      </section>
      <section aria-labelledby="paid-title">
        <h2 id="paid-title">Paid to you</h2>
        {payouts.volumes.length === 0 ? (
          <p>No payments yet.</p>
        ) : (
          <ul className="meta" aria-label="Totals by token">
            {payouts.volumes.map((v) => (
              <li key={v.token.address}>
                {formatAmount(v.net, v.token)} net in {v.count} payment{v.count === 1 ? "" : "s"} (fees{" "}
                {formatAmount(v.fees, v.token)})
              </li>
            ))}
          </ul>
        )}
        {payouts.payments.length > 0 && (
          <table aria-label="Payments">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Job, milestone</th>
                <th scope="col">What</th>
                <th scope="col">To you</th>
                <th scope="col">Fee</th>
              </tr>
            </thead>
            <tbody>
              {payouts.payments.map((p) => (
                <tr key={p.id}>
                  <td>{formatDate(p.timestamp)}</td>
                  <td>
                    <Link href={`/jobs/${p.jobId}`}>
                      Job {p.jobId}, milestone {p.index + 1}
                    </Link>
                  </td>
                  <td>
                    {p.kind.toLowerCase()}
                    {p.automatic ? " (released after the review window)" : ""}
                  </td>
                  <td>{formatAmount(p.toVendor, p.token)}</td>
                  <td>{formatAmount(p.fee, p.token)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {payouts.withdrawals.length > 0 && (
        <section aria-labelledby="withdrawals-title">
          <h2 id="withdrawals-title">Withdrawals</h2>
          <ul>
            {payouts.withdrawals.map((w) => (
              <li key={w.id}>
                {formatDate(w.timestamp)}: {formatAmount(w.amount, w.token)} to{" "}
                <span className="mono">{shortHex(w.to)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <FlowDock />
    </>
  );
}
