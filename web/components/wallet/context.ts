"use client";
/**
 * What every wallet-aware component reads: the public configuration and the wallet loader. Kept
 * apart from lazy-wallet.tsx (which imports the runtime) and runtime.tsx (which reads these), so
 * that neither imports the other.
 */
import { createContext, useContext, type ComponentType, type ReactNode } from "react";
import type { PublicConfig } from "@/lib/public-config";

/** What the lazily imported runtime module (runtime.tsx) provides. */
export interface WalletRuntimeModule {
  WalletRuntime: ComponentType<{
    config: PublicConfig;
    walletCookie: string | null;
    remembered: boolean;
    hasSessionCookie: boolean;
    children: ReactNode;
  }>;
  AccountMenu: ComponentType;
  NetworkBanner: ComponentType;
}

export interface WalletLoader {
  runtime: WalletRuntimeModule | null;
  loading: boolean;
  load: () => Promise<void>;
  /** Loads the runtime and opens the connect dialog. */
  requestConnect: () => void;
  connectRequested: boolean;
  clearConnectRequest: () => void;
}

export const PublicConfigContext = createContext<PublicConfig | null>(null);
export const WalletLoaderContext = createContext<WalletLoader | null>(null);

export function usePublicConfig(): PublicConfig {
  const config = useContext(PublicConfigContext);
  if (!config) throw new Error("usePublicConfig outside <LazyWallet>");
  return config;
}

export function useWalletLoader(): WalletLoader {
  const loader = useContext(WalletLoaderContext);
  if (!loader) throw new Error("useWalletLoader outside <LazyWallet>");
  return loader;
}
