"use client";
/**
 * The signed-in state (SIWE). Signing in asks the wallet to sign an EIP-4361 message built for this
 * site and chain; the session ends when the wallet's account or chain changes.
 */
import { useRouter } from "next/navigation";
import { useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import { useConnection, useSignMessage } from "wagmi";
import { createSiweMessage } from "viem/siwe";
import { describeWalletError } from "@/lib/wallet-errors";
import { SessionContext, type SessionApi, type SessionState } from "./context";

export type { SessionApi, SessionState } from "./context";

/** The BroadcastChannel the site's tabs announce sign-ins and sign-outs on. */
const SESSION_CHANNEL = "mosaic-session";

/** What a reader sees in the render where the runtime has arrived and its session is not handed up yet. */
const ARRIVING: SessionApi = {
  state: { status: "loading" },
  signIn: async () => false,
  signOut: async () => {},
};

export function useSiweSession(): SessionApi {
  return useContext(SessionContext) ?? ARRIVING;
}

/**
 * The session's state and actions, kept by the wallet runtime (runtime.tsx) beside the page and
 * provided to it through SessionContext by LazyWallet, so the page never mounts again for it.
 */
export function useSiweSessionKeeper(chainId: number, hasSessionCookie: boolean): SessionApi {
  // Without a session cookie there is nothing to ask the server (and no 401 in the console).
  const [state, setState] = useState<SessionState>(hasSessionCookie ? { status: "loading" } : { status: "signed-out" });
  const connection = useConnection();
  const router = useRouter();
  const { mutateAsync: signMessage } = useSignMessage();

  useEffect(() => {
    if (!hasSessionCookie) return;
    let cancelled = false;
    fetch("/api/auth/session", { cache: "no-store" })
      .then(async (response) => {
        if (cancelled) return;
        if (!response.ok) return setState({ status: "signed-out" });
        const body = (await response.json()) as { address: `0x${string}`; chainId: number };
        setState({ status: "signed-in", address: body.address, chainId: body.chainId });
      })
      .catch(() => !cancelled && setState({ status: "signed-out" }));
    return () => {
      cancelled = true;
    };
  }, [hasSessionCookie]);

  // Every tab of the site shares one session cookie: a sign-in or sign-out in one tab is announced
  // to the others, which ask the server again (and also whenever a tab comes back into view).
  const channel = useRef<BroadcastChannel | null>(null);
  const recheck = useCallback(async () => {
    try {
      const response = await fetch("/api/auth/session", { cache: "no-store" });
      if (!response.ok) {
        setState((previous) => (previous.status === "signing-in" ? previous : { status: "signed-out" }));
      } else {
        const body = (await response.json()) as { address: `0x${string}`; chainId: number };
        setState({ status: "signed-in", address: body.address, chainId: body.chainId });
      }
    } catch {
      // offline: keep what we know
    }
  }, []);
  useEffect(() => {
    if (typeof BroadcastChannel === "undefined") return;
    const ch = new BroadcastChannel(SESSION_CHANNEL);
    channel.current = ch;
    ch.onmessage = () => {
      void recheck().then(() => router.refresh());
    };
    const onVisible = () => {
      if (document.visibilityState === "visible") void recheck();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      ch.close();
      channel.current = null;
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [recheck, router]);

  const signOut = useCallback(async () => {
    await fetch("/api/auth/logout", { method: "POST" }).catch(() => undefined);
    setState({ status: "signed-out" });
    channel.current?.postMessage("signed-out");
    // Server-rendered parts that depend on the session (quotes) render again.
    router.refresh();
  }, [router]);

  // A session belongs to one account on one chain: a change in the wallet ends it. Only a change
  // seen after the wallet connected counts (on page load the wallet is briefly "disconnected"
  // while it reconnects).
  const seenConnected = useRef(false);
  useEffect(() => {
    if (connection.status === "connected") seenConnected.current = true;
    if (state.status !== "signed-in") return;
    if (connection.status === "connected") {
      const sameAccount = connection.address?.toLowerCase() === state.address.toLowerCase();
      if (!sameAccount || connection.chainId !== state.chainId) void signOut();
    } else if (connection.status === "disconnected" && seenConnected.current) {
      void signOut();
    }
  }, [connection.address, connection.chainId, connection.status, state, signOut]);

  const signIn = useCallback(async () => {
    const address = connection.address;
    if (!address) return false;
    setState({ status: "signing-in" });
    try {
      const nonceResponse = await fetch("/api/auth/nonce", { cache: "no-store" });
      const { nonce } = (await nonceResponse.json()) as { nonce: string };
      const message = createSiweMessage({
        domain: window.location.host,
        uri: window.location.origin,
        address,
        chainId,
        nonce,
        version: "1",
        statement: "Sign in to Mosaic.",
        issuedAt: new Date(),
        expirationTime: new Date(Date.now() + 24 * 60 * 60 * 1000),
      });
      const signature = await signMessage({ message, account: address });
      const response = await fetch("/api/auth/verify", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ message, signature }),
      });
      const body = (await response.json()) as { address: `0x${string}`; chainId: number; error?: string };
      if (!response.ok) {
        setState({ status: "signed-out", error: `Sign-in refused: ${body.error ?? response.statusText}` });
        return false;
      }
      setState({ status: "signed-in", address: body.address, chainId: body.chainId });
      channel.current?.postMessage("signed-in");
      router.refresh();
      return true;
    } catch (error) {
      setState({ status: "signed-out", error: describeWalletError(error, "Sign-in") });
      return false;
    }
  }, [connection.address, chainId, signMessage, router]);

  return useMemo(() => ({ state, signIn, signOut }), [state, signIn, signOut]);
}
