import type { Metadata } from "next";
import Link from "next/link";
import { BuyForm } from "@/components/hours/slots";
import { FlowDock } from "@/components/tx/dock";
import { addressParam } from "@/lib/hours/address-param";
import { TermsList } from "@/components/hours/terms-list";
import { chainNow } from "@/server/chain";
import { hourSellers, vendorTerms } from "@/server/hours";
import { SubgraphError } from "@/server/subgraph";
import { formatAmount, shortHex } from "@/lib/format";
import { describeTier } from "@/lib/hours/terms";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Buy hours" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

async function ChooseVendor() {
  let sellers: Awaited<ReturnType<typeof hourSellers>> | null = null;
  try {
    sellers = await hourSellers();
  } catch (error) {
    if (!(error instanceof SubgraphError)) throw error;
  }
  return (
    <>
      <h1>Buy hours</h1>
      {sellers === null ? (
        <p role="alert" className="error">
          The index cannot list the vendors selling hours right now; enter a vendor&apos;s address below.
        </p>
      ) : sellers.length === 0 ? (
        <p>No vendor sells hours yet.</p>
      ) : (
        <table aria-label="Vendors selling hours">
          <thead>
            <tr>
              <th scope="col">Vendor</th>
              <th scope="col">Rate</th>
              <th scope="col">Volume discounts</th>
              <th scope="col">Notice</th>
            </tr>
          </thead>
          <tbody>
            {sellers.map((t) => (
              <tr key={`${t.vendor}-${t.token.address}`}>
                <td>
                  <Link href={`/hours/buy?vendor=${t.vendor}`} className="mono">
                    {shortHex(t.vendor)}
                  </Link>
                </td>
                <td>{formatAmount(t.hourlyRate, t.token)} an hour</td>
                <td>{t.tiers.length === 0 ? "none" : t.tiers.map(describeTier).join(", ")}</td>
                <td>{t.noticeHours} h</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form method="get" action="/hours/buy" aria-label="Choose a vendor">
        <div className="field">
          <label htmlFor="buy-vendor">Vendor address</label>
          <input
            id="buy-vendor"
            name="vendor"
            className="mono"
            placeholder="0x…"
            required
            pattern="0x[0-9a-fA-F]{40}"
          />
        </div>
        <button type="submit" className="button">
          See the vendor&apos;s terms
        </button>
      </form>
    </>
  );
}

export default async function BuyHoursPage({ searchParams }: { searchParams: SearchParams }) {
  const vendor = addressParam((await searchParams).vendor);
  if (!vendor) return <ChooseVendor />;
  const [terms, now] = await Promise.all([vendorTerms(vendor), chainNow()]);
  return (
    <>
      <h1>Buy hours</h1>
      <p>
        From vendor{" "}
        <Link href={`/vendors/${vendor}`} className="mono wrap">
          {vendor}
        </Link>
        .
      </p>
      {terms.length === 0 ? (
        <p>This vendor sells no hours yet.</p>
      ) : (
        <>
          <TermsList terms={terms} />
          <h2>Your bank</h2>
          <BuyForm vendor={vendor} terms={terms} chainNow={now} />
        </>
      )}
      <FlowDock />
    </>
  );
}
