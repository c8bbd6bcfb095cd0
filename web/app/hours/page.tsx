import type { Metadata } from "next";
import Link from "next/link";
import { Countdown } from "@/components/countdown";
import { WalletAddressSync } from "@/components/wallet/wallet-gate";
import { formatAmount, formatDate, shortHex } from "@/lib/format";
import { addressParam } from "@/lib/hours/address-param";
import { formatMinutes } from "@/lib/hours/terms";
import { chainNow } from "@/server/chain";
import { banksOf } from "@/server/hours";
import { SubgraphError } from "@/server/subgraph";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Hour banks" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function Intro() {
  return (
    <>
      <h1>Hour banks</h1>
      <p>
        Buy a vendor&apos;s hours in bulk at its published rate and volume discount, share them with your team or your
        own clients, and pay each timesheet entry after your review. Unused hours are refunded at expiry.
      </p>
      <p className="actions">
        <Link className="button primary" href="/hours/buy">
          Buy hours
        </Link>
        <Link className="button" href="/hours/terms">
          Sell hours (vendors)
        </Link>
      </p>
    </>
  );
}

export default async function HoursPage({ searchParams }: { searchParams: SearchParams }) {
  const address = addressParam((await searchParams).address);
  if (!address) {
    return (
      <>
        <Intro />
        <WalletAddressSync current={null} what="your hour banks" />
      </>
    );
  }
  let banks;
  try {
    banks = await banksOf(address);
  } catch (error) {
    if (!(error instanceof SubgraphError)) throw error;
    return (
      <>
        <Intro />
        <p role="alert" className="error">
          {error.message}
        </p>
      </>
    );
  }
  const now = await chainNow();
  return (
    <>
      <Intro />
      <WalletAddressSync current={address} what="your hour banks" />
      <section aria-labelledby="banks-title">
        <h2 id="banks-title">Your banks ({banks.length})</h2>
        {banks.length === 0 ? (
          <p>You take part in no hour bank yet.</p>
        ) : (
          <ul className="job-list" aria-label="Your hour banks">
            {banks.map((b) => (
              <li key={b.id} className="card">
                <h3>
                  <Link href={`/hours/${b.id}`}>Hour bank {b.id}</Link>
                </h3>
                <ul className="meta">
                  <li>You are: {b.roles.join(", ")}</li>
                  <li>
                    Client <span className="mono">{shortHex(b.client)}</span>, vendor{" "}
                    <span className="mono">{shortHex(b.vendor)}</span>, paid in {b.token.symbol}
                  </li>
                  <li>
                    {b.closed
                      ? "Closed"
                      : `${formatMinutes(b.minutesLeft)} unlogged; ${b.expiresAt <= now ? "expired" : "expires"} ${formatDate(b.expiresAt)}`}
                  </li>
                  {b.share !== null && <li>Your share: {formatMinutes(b.share)} left</li>}
                </ul>
                {b.roles.includes("vendor") && b.pending.length > 0 && (
                  <table aria-label={`Pending payments of hour bank ${b.id}`}>
                    <thead>
                      <tr>
                        <th scope="col">Log</th>
                        <th scope="col">Amount (before fee)</th>
                        <th scope="col">Releases</th>
                      </tr>
                    </thead>
                    <tbody>
                      {b.pending.map((p) => (
                        <tr key={p.logId}>
                          <td>{p.logId}</td>
                          <td>{formatAmount(p.amount, b.token)}</td>
                          <td>
                            <Countdown at={p.releasesAt} chainNow={now} past="now: release it on the bank page" />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
