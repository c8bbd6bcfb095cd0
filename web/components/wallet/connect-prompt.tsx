"use client";
import { useWalletLoader } from "./context";

/** "Connect your wallet to see …": needs no wallet code (the click loads it and opens the dialog). */
export function ConnectPrompt({ current, what }: { current: string | null; what: string }) {
  const loader = useWalletLoader();
  return (
    <p>
      {current ? `Showing ${what} of ${current}. ` : ""}
      <button type="button" className="button primary" onClick={loader.requestConnect} aria-busy={loader.loading}>
        Connect your wallet to see {what}
      </button>
    </p>
  );
}
