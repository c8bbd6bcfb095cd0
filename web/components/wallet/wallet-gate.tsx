"use client";
/** Loads the wallet code for pages whose every action needs it, then renders the address sync and the client part. */
import dynamic from "next/dynamic";
import { Suspense } from "react";
import { WithWallet } from "./lazy-wallet";

const WalletAddress = dynamic(() => import("./wallet-address"), { ssr: false });

export function WalletAddressSync({ current, what }: { current: string | null; what: string }) {
  return (
    <WithWallet fallback={<p className="muted">Loading wallet…</p>}>
      <Suspense>
        <WalletAddress current={current} what={what} />
      </Suspense>
    </WithWallet>
  );
}
