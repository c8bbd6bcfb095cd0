"use client";
/** Hour-bank widgets that need wallet code, loaded only once the wallet runtime is (the page asks for it). */
import dynamic from "next/dynamic";
import type { ComponentProps } from "react";
import { walletOnly } from "@/components/wallet/wallet-only";
import { WithWallet } from "@/components/wallet/lazy-wallet";
import type * as Actions from "./hour-actions";

const load = () => import("./hour-actions");
const loading = () => <p>Loading the form…</p>;

export const TermsForm = walletOnly(
  dynamic<ComponentProps<typeof Actions.TermsForm>>(() => load().then((m) => m.TermsForm), { ssr: false, loading }),
);
export const BankActions = walletOnly(
  dynamic<ComponentProps<typeof Actions.BankActions>>(() => load().then((m) => m.BankActions), { ssr: false }),
);
export const LogActions = walletOnly(
  dynamic<ComponentProps<typeof Actions.LogActions>>(() => load().then((m) => m.LogActions), { ssr: false }),
);
const Buy = dynamic<ComponentProps<typeof Actions.BuyForm>>(() => load().then((m) => m.BuyForm), {
  ssr: false,
  loading,
});

/** Buying is what the page is for: it loads the wallet code on mount. */
export function BuyForm(props: ComponentProps<typeof Actions.BuyForm>) {
  return (
    <WithWallet>
      <Buy {...props} />
    </WithWallet>
  );
}
