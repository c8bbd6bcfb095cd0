"use client";
/**
 * Pages about "my" work render on the server for `?address=`; this keeps that address in step
 * with the connected wallet, and asks to connect when there is none.
 */
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect } from "react";
import { useConnection } from "wagmi";
import { ConnectPrompt } from "./connect-prompt";

export default function WalletAddress({ current, what }: { current: string | null; what: string }) {
  const connection = useConnection();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const address = connection.address?.toLowerCase();
  useEffect(() => {
    if (address && address !== current) {
      const next = new URLSearchParams(params.toString());
      next.set("address", address);
      router.replace(`${pathname}?${next}`);
    }
  }, [address, current, params, pathname, router]);
  if (connection.isConnected) return null;
  return <ConnectPrompt current={current} what={what} />;
}
