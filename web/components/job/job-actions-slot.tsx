"use client";
/** Loads the job actions (and the wallet code they need) only when a wallet is connected or asked for. */
import { walletOnly } from "@/components/wallet/wallet-only";
import { useWalletLoader } from "@/components/wallet/context";
import type { ActionJob, QuoteView, SettlementOffer } from "./types";

const JobActions = walletOnly(() => import("./job-actions").then((m) => m.default), {
  loading: <p>Loading actions…</p>,
});

export function JobActionsSlot(props: {
  job: ActionJob;
  quotes: QuoteView[];
  settlements: SettlementOffer[];
  chainNow: number;
}) {
  const loader = useWalletLoader();
  if (!loader.runtime) {
    return (
      <section aria-labelledby="actions-title">
        <h2 id="actions-title">Your actions</h2>
        <p>Connect your wallet to fund, approve, dispute or rate.</p>
      </section>
    );
  }
  return <JobActions {...props} />;
}
