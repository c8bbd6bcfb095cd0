"use client";
import { walletOnly } from "@/components/wallet/wallet-only";
import { WithWallet } from "@/components/wallet/lazy-wallet";

const MyJobs = walletOnly(() => import("./my-jobs").then((m) => m.default), { loading: <p>Loading your jobs…</p> });

export function MyJobsSlot() {
  return (
    <WithWallet>
      <MyJobs />
    </WithWallet>
  );
}
