"use client";
import dynamic from "next/dynamic";
import { WithWallet } from "@/components/wallet/lazy-wallet";

const MyJobs = dynamic(() => import("./my-jobs"), { ssr: false, loading: () => <p>Loading your jobs…</p> });

export function MyJobsSlot() {
  return (
    <WithWallet>
      <MyJobs />
    </WithWallet>
  );
}
