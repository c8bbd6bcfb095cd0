"use client";
/** Hour-bank widgets that need wallet code, loaded only once the wallet runtime is (the page asks for it). */
import type { ComponentProps } from "react";
import { walletOnly } from "@/components/wallet/wallet-only";
import { WithWallet, useWalletLoader } from "@/components/wallet/lazy-wallet";
import type * as Actions from "./hour-actions";

const load = () => import("./hour-actions");
const loading = <p>Loading the form…</p>;

export const TermsForm = walletOnly(() => load().then((m) => m.TermsForm), { loading });
const Bank = walletOnly(() => load().then((m) => m.BankActions));

/** The bank's actions once the wallet code is loaded; until then, where to connect. */
export function BankActions(props: ComponentProps<typeof Actions.BankActions>) {
  const { runtime } = useWalletLoader();
  if (runtime) return <Bank {...props} />;
  return (
    <section aria-labelledby="actions-title" className="card">
      <h2 id="actions-title">Your actions</h2>
      <p className="muted">
        Connect your wallet (top of the page) to act on this bank as its client, vendor, member or arbiter.
      </p>
    </section>
  );
}
export const LogActions = walletOnly(() => load().then((m) => m.LogActions));
const Buy = walletOnly(() => load().then((m) => m.BuyForm), { loading });

/** Buying is what the page is for: it loads the wallet code on mount. */
export function BuyForm(props: ComponentProps<typeof Actions.BuyForm>) {
  return (
    <WithWallet>
      <Buy {...props} />
    </WithWallet>
  );
}
