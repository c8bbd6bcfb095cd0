"use client";
/** Loads the sub-job form's wallet half only once the wallet runtime is loaded. */
import { walletOnly } from "@/components/wallet/wallet-only";
import { useWalletLoader } from "@/components/wallet/context";
import type { SubJobFormProps } from "./types";

const PostSubJob = walletOnly(() => import("./post-sub-job").then((m) => m.default), { loading: <p>Loading…</p> });

export function SubJobSlot(props: SubJobFormProps) {
  const loader = useWalletLoader();
  if (!loader.runtime) return null;
  return <PostSubJob {...props} />;
}
