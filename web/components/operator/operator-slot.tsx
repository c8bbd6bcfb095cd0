"use client";
import { walletOnly } from "@/components/wallet/wallet-only";
import { useWalletLoader } from "@/components/wallet/context";
import type { OperatorActionsProps } from "./operator-actions";

const OperatorActions = walletOnly(() => import("./operator-actions").then((m) => m.default), {
  loading: <p>Loading actions…</p>,
});

/** Settings are public; the controls (and the wallet code) load only when a wallet is connected or asked for. */
export function OperatorActionsSlot(props: OperatorActionsProps) {
  const loader = useWalletLoader();
  if (!loader.runtime) {
    return (
      <section aria-labelledby="actions-title">
        <h2 id="actions-title">Actions</h2>
        <p>The owner connects its wallet to change settings; anyone can collect accrued fees to the treasury.</p>
        <button type="button" className="button" onClick={loader.requestConnect}>
          Connect a wallet to act
        </button>
      </section>
    );
  }
  return <OperatorActions {...props} />;
}
