"use client";
/** Loads the message composer (and the wallet code that signs) once the wallet runtime is loaded. */
import { walletOnly } from "@/components/wallet/wallet-only";
import { useWalletLoader } from "@/components/wallet/context";
import type { Recipient } from "./composer";

const Composer = walletOnly(() => import("./composer").then((m) => m.default), {
  loading: <p>Loading the composer…</p>,
});

export function ComposerSlot({ jobId, recipients }: { jobId: string; recipients?: Recipient[] }) {
  const loader = useWalletLoader();
  if (!loader.runtime) return <p className="muted">Connect your wallet to write in this thread.</p>;
  return <Composer jobId={jobId} recipients={recipients} />;
}
