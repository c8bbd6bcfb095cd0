"use client";
/** Loads the review actions (and the wallet code they need) only once the wallet runtime is loaded. */
import { walletOnly } from "@/components/wallet/wallet-only";
import { useWalletLoader } from "@/components/wallet/context";
import type { ProjectPartActionsProps } from "./types";

const ReviewActions = walletOnly(() => import("./review-actions").then((m) => m.default), {
  loading: <p>Loading review actions…</p>,
});

export function ReviewActionsSlot(props: ProjectPartActionsProps) {
  const loader = useWalletLoader();
  if (!loader.runtime) return <p className="muted">Connect your wallet to review, name a reviewer or settle.</p>;
  return <ReviewActions {...props} />;
}
