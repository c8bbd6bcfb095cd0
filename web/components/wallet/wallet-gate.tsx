"use client";
/**
 * Pages about "my" work: until the wallet runtime is loaded (a remembered connection loads it at
 * once, a click on Connect otherwise) they offer to connect without downloading any wallet code;
 * then the address in the URL follows the connected wallet.
 */
import dynamic from "next/dynamic";
import { Suspense } from "react";
import { ConnectPrompt } from "./connect-prompt";
import { useWalletLoader } from "./context";

const WalletAddress = dynamic(() => import("./wallet-address"), { ssr: false });

export function WalletAddressSync({ current, what }: { current: string | null; what: string }) {
  const { runtime } = useWalletLoader();
  if (!runtime) return <ConnectPrompt current={current} what={what} />;
  return (
    <Suspense>
      <WalletAddress current={current} what={what} />
    </Suspense>
  );
}
