"use client";
/**
 * Keeps wallet code (wagmi, viem, connectors) out of the first load: the runtime is imported only
 * when the user asks to connect, when a page needs a wallet, when the browser remembers a
 * connection from an earlier visit, or when the page runs as a Safe app.
 *
 * The contexts wallet-using components read (wagmi's, TanStack Query's, the SIWE session) are
 * provided around the page from the first render, empty until the runtime arrives; the runtime
 * then renders beside the page (WalletEffects), so its arrival changes context values only and
 * the page never mounts again (a click or keystroke in that moment takes effect).
 */
import { QueryClientContext, type QueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState, type ContextType, type ReactNode } from "react";
import { WagmiContext } from "wagmi";
import type { PublicConfig } from "@/lib/public-config";
import {
  PublicConfigContext,
  SessionContext,
  WalletLoaderContext,
  useWalletLoader,
  type SessionApi,
  type WalletLoader,
  type WalletRuntimeModule,
} from "./context";

export { usePublicConfig, useWalletLoader } from "./context";

export function LazyWallet(props: {
  config: PublicConfig;
  walletCookie: string | null;
  remembered: boolean;
  /** Whether the request carried a session cookie (HttpOnly, so the browser cannot tell). */
  hasSessionCookie: boolean;
  children: ReactNode;
}) {
  const { config, walletCookie, remembered, hasSessionCookie, children } = props;
  const [runtime, setRuntime] = useState<WalletRuntimeModule | null>(null);
  const [loading, setLoading] = useState(false);
  const [connectRequested, setConnectRequested] = useState(false);
  const [session, setSession] = useState<SessionApi | null>(null);
  const pending = useRef<Promise<void> | null>(null);

  // Marks that the wallet code is there (tests and tools may wait for the reconnected wallet).
  useEffect(() => {
    if (runtime) document.documentElement.dataset.walletRuntime = "loaded";
  }, [runtime]);

  const load = useCallback(() => {
    pending.current ??= (async () => {
      setLoading(true);
      try {
        const mod: WalletRuntimeModule = await import("./runtime");
        setRuntime(() => mod);
      } finally {
        setLoading(false);
      }
    })();
    return pending.current;
  }, []);

  // Framed where Safe apps are allowed (frame-ancestors lets only those Safe origins frame the app),
  // the wallet is the Safe: the runtime loads at once, checks the framing origin and connects it.
  const safeApps = config.wallets.safeAppOrigins.length > 0;
  useEffect(() => {
    if (remembered || (safeApps && window.parent !== window)) void load();
  }, [remembered, load, safeApps]);

  const loader = useMemo<WalletLoader>(
    () => ({
      runtime,
      loading,
      load,
      requestConnect: () => {
        setConnectRequested(true);
        void load();
      },
      connectRequested,
      clearConnectRequest: () => setConnectRequested(false),
    }),
    [runtime, loading, load, connectRequested],
  );

  const clients = runtime?.walletClients(config);
  // The same elements at the same places before and after the runtime arrives: only values change.
  return (
    <PublicConfigContext.Provider value={config}>
      <WalletLoaderContext.Provider value={loader}>
        <WagmiContext.Provider value={clients?.wagmi as ContextType<typeof WagmiContext>}>
          <QueryClientContext.Provider value={clients?.query as QueryClient | undefined}>
            <SessionContext.Provider value={session}>
              {runtime ? (
                <runtime.WalletEffects
                  config={config}
                  walletCookie={walletCookie}
                  remembered={remembered}
                  hasSessionCookie={hasSessionCookie}
                  onSession={setSession}
                />
              ) : null}
              {children}
            </SessionContext.Provider>
          </QueryClientContext.Provider>
        </WagmiContext.Provider>
      </WalletLoaderContext.Provider>
    </PublicConfigContext.Provider>
  );
}

/** The header's wallet area: a plain button until the wallet runtime is loaded. */
export function WalletSlot() {
  const loader = useWalletLoader();
  if (loader.runtime) return <loader.runtime.AccountMenu />;
  return (
    <button type="button" className="button primary" onClick={loader.requestConnect} aria-busy={loader.loading}>
      Connect wallet
    </button>
  );
}

/** Wrong-network banner, once a wallet is loaded. */
export function NetworkBannerSlot() {
  const { runtime } = useWalletLoader();
  return runtime ? <runtime.NetworkBanner /> : null;
}

/** Renders `children` (which may use wagmi hooks) once the wallet runtime is loaded; loads it on mount. */
export function WithWallet({ children, fallback }: { children: ReactNode; fallback?: ReactNode }) {
  const { runtime, load } = useWalletLoader();
  useEffect(() => {
    void load();
  }, [load]);
  if (!runtime) return fallback ?? <p className="muted">Loading wallet…</p>;
  return children;
}
