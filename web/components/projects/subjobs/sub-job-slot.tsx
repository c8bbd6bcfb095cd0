"use client";
/** Loads the sub-job form's wallet half only once the wallet runtime is loaded. */
import dynamic from "next/dynamic";
import { useWalletLoader } from "@/components/wallet/context";
import type { SubJobFormProps } from "./types";

const PostSubJob = dynamic(() => import("./post-sub-job"), { ssr: false, loading: () => <p>Loading…</p> });

export function SubJobSlot(props: SubJobFormProps) {
  const loader = useWalletLoader();
  if (!loader.runtime) return null;
  return <PostSubJob {...props} />;
}
