"use client";
/**
 * "Reply" under a review on the rated party's public page. Loads the reply form (and the wallet code
 * it needs) only once the wallet runtime is loaded; the form shows itself only to the rated party.
 */
import { walletOnly } from "@/components/wallet/wallet-only";
import { useWalletLoader } from "@/components/wallet/context";

const ReviewReply = walletOnly(() => import("./review-reply").then((m) => m.default));

export function ReviewReplySlot(props: { ratee: string; review: string; jobId: string }) {
  return useWalletLoader().runtime ? <ReviewReply {...props} /> : null;
}
