"use client";
/**
 * Pages about "my" work: until the wallet runtime is loaded (a remembered connection loads it at
 * once, a click on Connect otherwise) they offer to connect without downloading any wallet code;
 * then the address in the URL follows the connected wallet.
 */
import { Suspense } from "react";
import { ConnectPrompt } from "./connect-prompt";
import { useWalletLoader } from "./context";
import { walletOnly } from "./wallet-only";

const WalletAddress = walletOnly(() => import("./wallet-address").then((m) => m.default));

export function WalletAddressSync({ current, what }: { current: string | null; what: string }) {
  const { runtime } = useWalletLoader();
  if (!runtime) return <ConnectPrompt current={current} what={what} />;
  return (
    <Suspense>
      <WalletAddress current={current} what={what} />
    </Suspense>
  );
}
