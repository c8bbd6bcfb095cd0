"use client";
/** Everything that needs wagmi, loaded on demand by LazyWallet. */
import { QueryClient } from "@tanstack/react-query";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import {
  Hydrate,
  cookieToInitialState,
  useConnect,
  useConnection,
  useConnectors,
  useDisconnect,
  useBalance,
  useSwitchChain,
} from "wagmi";
import type { PublicConfig } from "@/lib/public-config";
import { explorerAddressUrl, explorerTxUrl } from "@/lib/explorer";
import { formatUnits } from "@/lib/format";
import { onHistoryChange, readHistory, type SentTransaction } from "@/lib/tx-history";
import { describeWalletError } from "@/lib/wallet-errors";
import { usePublicConfig, useWalletLoader, type SessionApi } from "./context";
import { SAFE_CONNECTOR_ID } from "./connectors";
import { useSiweSession, useSiweSessionKeeper } from "./siwe-session";
import { createWagmiConfig, shortAddress } from "./wagmi-config";

let shared: { key: string; wagmi: ReturnType<typeof createWagmiConfig>; query: QueryClient } | undefined;

/** wagmi's config and the query client, created once per configuration (LazyWallet provides both). */
export function walletClients(config: PublicConfig) {
  const key = JSON.stringify(config);
  if (!shared || shared.key !== key) {
    shared = { key, wagmi: createWagmiConfig(config), query: new QueryClient() };
  }
  return shared;
}

/**
 * What WagmiProvider and QueryClientProvider would do around the page, done beside it (LazyWallet
 * renders this before the page, inside the contexts it provides from the first render): the page
 * keeps its state and focus when the wallet code arrives.
 */
export function WalletEffects(props: {
  config: PublicConfig;
  walletCookie: string | null;
  /** Reconnect on load only what this browser connected before (never a wallet the user did not pick). */
  remembered: boolean;
  hasSessionCookie: boolean;
  onSession: (api: SessionApi) => void;
}) {
  const { wagmi, query } = walletClients(props.config);
  const [initialState] = useState(() => cookieToInitialState(wagmi, props.walletCookie ?? undefined));
  useEffect(() => {
    query.mount();
    return () => query.unmount();
  }, [query]);
  return (
    <Hydrate config={wagmi} initialState={initialState} reconnectOnMount={props.remembered}>
      <SafeAutoConnect />
      <SessionKeeper
        chainId={props.config.chainId}
        hasSessionCookie={props.hasSessionCookie}
        onSession={props.onSession}
      />
    </Hydrate>
  );
}

/** Inside an allowed Safe (the only place the Safe connector exists) the app connects to it unasked, once. */
function SafeAutoConnect() {
  const connection = useConnection();
  const connectors = useConnectors();
  const { mutate: connect } = useConnect();
  const tried = useRef(false);
  useEffect(() => {
    const safe = connectors.find((c) => c.id === SAFE_CONNECTOR_ID);
    if (!safe || tried.current || connection.status !== "disconnected") return;
    tried.current = true;
    connect({ connector: safe });
  }, [connectors, connection.status, connect]);
  return null;
}

function SessionKeeper(props: { chainId: number; hasSessionCookie: boolean; onSession: (api: SessionApi) => void }) {
  const api = useSiweSessionKeeper(props.chainId, props.hasSessionCookie);
  const { onSession } = props;
  // Before the browser paints, so no reader shows the interim state.
  useLayoutEffect(() => onSession(api), [api, onSession]);
  return null;
}

/** Header: connect, the connected account, sign in / out. */
export function AccountMenu() {
  const connection = useConnection();
  const loader = useWalletLoader();
  const { state, signIn, signOut } = useSiweSession();
  const { mutate: disconnect } = useDisconnect();
  const [dialogOpen, setDialogOpen] = useState(false);

  useEffect(() => {
    if (loader.connectRequested) {
      loader.clearConnectRequest();
      if (!connection.isConnected) setDialogOpen(true);
    }
  }, [loader, connection.isConnected]);

  if (!connection.isConnected || !connection.address) {
    return (
      <>
        <button type="button" className="button primary" onClick={() => setDialogOpen(true)}>
          Connect wallet
        </button>
        {dialogOpen && <ConnectDialog onClose={() => setDialogOpen(false)} />}
      </>
    );
  }
  return (
    <div className="account" aria-label="Wallet">
      <AccountDetails
        address={connection.address}
        onDisconnect={() => {
          void signOut();
          disconnect();
        }}
      />
      {state.status === "signed-in" ? (
        <>
          <span className="badge ok">Signed in</span>
          <button type="button" className="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </>
      ) : (
        <button
          type="button"
          className="button primary"
          disabled={state.status === "signing-in" || state.status === "loading"}
          onClick={() => void signIn()}
        >
          {state.status === "signing-in" ? "Signing in…" : "Sign in with Ethereum"}
        </button>
      )}
      {state.status === "signed-out" && state.error && (
        <p role="alert" className="error small">
          {state.error}
        </p>
      )}
    </div>
  );
}

/** The account's menu: full address (copy), disconnect, balance, explorer link, the transactions sent from here. */
function AccountDetails({ address, onDisconnect }: { address: `0x${string}`; onDisconnect: () => void }) {
  const config = usePublicConfig();
  const balance = useBalance({ address, query: { refetchInterval: 15_000 } });
  const [copied, setCopied] = useState(false);
  const [history, setHistory] = useState<SentTransaction[]>([]);
  useEffect(() => {
    const load = () => setHistory(readHistory(config.chainId, address));
    load();
    return onHistoryChange(load);
  }, [config.chainId, address]);
  const explorer = explorerAddressUrl(config.chainId, address);
  return (
    <details className="account-menu">
      <summary className="account-address" title={address}>
        Connected: {shortAddress(address)}
      </summary>
      <div className="account-panel" role="group" aria-label="Your account">
        <p className="mono wrap small">{address}</p>
        <div className="actions">
          <button
            type="button"
            className="button"
            onClick={() =>
              void navigator.clipboard
                ?.writeText(address)
                .then(() => setCopied(true))
                .catch(() => setCopied(false))
            }
          >
            {copied ? "Copied" : "Copy address"}
          </button>
          {explorer && (
            <a className="button" href={explorer} target="_blank" rel="noreferrer">
              View on explorer
            </a>
          )}
          <button type="button" className="button" onClick={onDisconnect}>
            Disconnect
          </button>
        </div>
        <p>
          Balance:{" "}
          {balance.data ? `${formatUnits(balance.data.value, balance.data.decimals)} ${balance.data.symbol}` : "…"}
        </p>
        <h3 className="small">Your transactions</h3>
        {history.length === 0 ? (
          <p className="muted small">None sent from this browser yet.</p>
        ) : (
          <ol className="tx-history small" aria-label="Your transactions">
            {history.slice(0, 10).map((t) => {
              const url = explorerTxUrl(config.chainId, t.hash);
              return (
                <li key={t.hash}>
                  {t.label}: {t.ok ? "confirmed" : "reverted"}, {new Date(t.at).toLocaleString()}.{" "}
                  {url ? (
                    <a className="mono wrap" href={url} target="_blank" rel="noreferrer">
                      {t.hash}
                    </a>
                  ) : (
                    <span className="mono wrap">{t.hash}</span>
                  )}
                </li>
              );
            })}
          </ol>
        )}
      </div>
    </details>
  );
}

/**
 * The wallets this browser offers: EIP-6963 announcements, the generic injected one, WalletConnect
 * and Coinbase Wallet when the server turns them on (their SDKs load only once picked), local test accounts.
 */
function ConnectDialog({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const connectors = useConnectors();
  const { mutateAsync: connect, isPending, variables } = useConnect();
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  // The generic entry only when the page has a window.ethereum to talk to.
  const hasInjected = typeof window !== "undefined" && "ethereum" in window && !!window.ethereum;
  // A wallet that announces itself (EIP-6963) is also window.ethereum: list it once, by its name.
  const announced = connectors.some((c) => c.type === "injected" && c.id !== "injected");
  const wallets = connectors.filter((c) => c.type !== "mock" && (c.id !== "injected" || (hasInjected && !announced)));
  const testAccounts = connectors.filter((c) => c.type === "mock");

  const choose = async (connector: (typeof connectors)[number]) => {
    setError(null);
    try {
      await connect({ connector });
      onClose();
    } catch (e) {
      setError(describeWalletError(e, "Connecting"));
    }
  };

  const entry = (connector: (typeof connectors)[number]) => (
    <li key={connector.uid}>
      <button
        type="button"
        className="wallet-entry"
        disabled={isPending}
        aria-busy={isPending && variables?.connector === connector}
        onClick={() => void choose(connector)}
      >
        {connector.icon && <img src={connector.icon} alt="" width={24} height={24} />}
        <span>{connector.name}</span>
      </button>
    </li>
  );

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="connect-title" onClose={onClose}>
      <h2 id="connect-title">Connect a wallet</h2>
      {wallets.length > 0 ? (
        <ul className="wallet-list" aria-label="Wallets">
          {wallets.map(entry)}
        </ul>
      ) : (
        <p>No wallet found in this browser. Install a wallet extension (for example MetaMask or Rabby) and reload.</p>
      )}
      {testAccounts.length > 0 && (
        <>
          <h3>Local test accounts</h3>
          <p className="muted small">Unlocked accounts of the local Hardhat node (chain 31337 only).</p>
          <ul className="wallet-list" aria-label="Test accounts">
            {testAccounts.map(entry)}
          </ul>
        </>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <form method="dialog">
        <button type="submit" className="button">
          Close
        </button>
      </form>
    </dialog>
  );
}

/** Shown while the wallet is on another chain than the one Mosaic serves. */
export function NetworkBanner() {
  const config = usePublicConfig();
  const connection = useConnection();
  const { mutate: switchChain, isPending, error } = useSwitchChain();
  if (!connection.isConnected || connection.chainId === config.chainId) return null;
  return (
    <div role="alert" className="banner warning">
      <p>
        Wrong network: your wallet is on chain {connection.chainId}. Mosaic runs on {config.chainName} (chain{" "}
        {config.chainId}). Nothing will be sent until you switch.
      </p>
      <button
        type="button"
        className="button primary"
        disabled={isPending}
        onClick={() => switchChain({ chainId: config.chainId })}
      >
        Switch to {config.chainName}
      </button>
      {error && <p className="error small">{describeWalletError(error, "Switching network")}</p>}
    </div>
  );
}
