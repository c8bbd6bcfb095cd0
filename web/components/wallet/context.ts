"use client";
/**
 * What every wallet-aware component reads: the public configuration and the wallet loader. Kept
 * apart from lazy-wallet.tsx (which imports the runtime) and runtime.tsx (which reads these), so
 * that neither imports the other.
 */
import { createContext, useContext, type ComponentType } from "react";
import type { PublicConfig } from "@/lib/public-config";

/** The signed-in state (SIWE), as every wallet-using component reads it (siwe-session.tsx keeps it). */
export type SessionState =
  | { status: "loading" }
  | { status: "signed-out"; error?: string }
  | { status: "signing-in" }
  | { status: "signed-in"; address: `0x${string}`; chainId: number };

export interface SessionApi {
  state: SessionState;
  signIn: () => Promise<boolean>;
  signOut: () => Promise<void>;
}

/** The clients the wallet runtime creates once per configuration (wagmi's config, TanStack Query's client). */
export interface WalletClients {
  wagmi: unknown;
  query: unknown;
}

/** What the lazily imported runtime module (runtime.tsx) provides. */
export interface WalletRuntimeModule {
  walletClients: (config: PublicConfig) => WalletClients;
  /**
   * Rendered beside the page, never around it: hydrates wagmi from the cookie, reconnects a
   * remembered wallet, keeps the SIWE session and hands it up through `onSession`.
   */
  WalletEffects: ComponentType<{
    config: PublicConfig;
    walletCookie: string | null;
    remembered: boolean;
    hasSessionCookie: boolean;
    onSession: (api: SessionApi) => void;
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
export const SessionContext = createContext<SessionApi | null>(null);
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
