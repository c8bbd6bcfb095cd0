import type { Metadata } from "next";
import Link from "next/link";
import { BuyForm } from "@/components/hours/slots";
import { FlowDock } from "@/components/tx/dock";
import { addressParam } from "@/lib/hours/address-param";
import { TermsList } from "@/components/hours/terms-list";
import { chainNow } from "@/server/chain";
import { vendorTerms } from "@/server/hours";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Buy hours" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function BuyHoursPage({ searchParams }: { searchParams: SearchParams }) {
  const vendor = addressParam((await searchParams).vendor);
  if (!vendor) {
    return (
      <>
        <h1>Buy hours</h1>
        <p>
          Choose a vendor from the <Link href="/vendors">vendor list</Link>, or enter the address of one that sells
          hours.
        </p>
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
