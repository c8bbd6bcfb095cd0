import type { Metadata } from "next";
import Link from "next/link";
import { TermsForm } from "@/components/hours/slots";
import { TermsList } from "@/components/hours/terms-list";
import { FlowDock } from "@/components/tx/dock";
import { WalletAddressSync } from "@/components/wallet/wallet-gate";
import { addressParam } from "@/lib/hours/address-param";
import { serverConfig } from "@/server/config";
import { vendorTerms } from "@/server/hours";
import { contractsOn } from "@/server/public-config";
import { allowedTokens } from "@/server/tokens";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sell hours" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function TermsPage({ searchParams }: { searchParams: SearchParams }) {
  const address = addressParam((await searchParams).address);
  const contracts = contractsOn(serverConfig().chainId);
  const [terms, tokens] = await Promise.all([
    address ? vendorTerms(address) : [],
    contracts ? allowedTokens(contracts.escrow, contracts.mockUsd ? [contracts.mockUsd] : []) : [],
  ]);
  return (
    <>
      <h1>Sell hours</h1>
      <p>
        Publish your hourly rate, the notice a client owes you when it closes a bank early, and your volume discounts,
        per token. You must be a <Link href="/vendor/profile">registered vendor</Link>. Clients buy banks at these
        terms; a bank keeps the price it was bought at.
      </p>
      <WalletAddressSync current={address} what="your hour-bank terms" />
      {address && (
        <section aria-labelledby="current-title">
          <h2 id="current-title">Your terms now</h2>
          {terms.length === 0 ? <p>You sell no hours yet.</p> : <TermsList terms={terms} />}
          {terms.length > 0 && (
            <p>
              Clients buy at <Link href={`/hours/buy?vendor=${address}`}>/hours/buy?vendor={address}</Link>.
            </p>
          )}
        </section>
      )}
      {address && (
        <TermsForm tokens={tokens.map((t) => ({ address: t.address, symbol: t.symbol, decimals: t.decimals }))} />
      )}
      <FlowDock />
    </>
  );
}
