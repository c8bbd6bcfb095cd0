"use client";
import dynamic from "next/dynamic";
import { WithWallet } from "@/components/wallet/lazy-wallet";
import type { PostJobOptions } from "./types";

const PostJobForm = dynamic(() => import("./post-job-form"), { ssr: false, loading: () => <p>Loading the form…</p> });

/** The form needs wallet code (balances, permit, sending), so the page loads it right away. */
export function PostJobSlot({ options }: { options: PostJobOptions }) {
  return (
    <WithWallet fallback={<p>Loading the form…</p>}>
      <PostJobForm options={options} />
    </WithWallet>
  );
}
