/**
 * The wallets the server's settings turn on besides EIP-6963 and the injected one (PublicConfig
 * `wallets`): WalletConnect, Coinbase Wallet, and Safe when the app runs inside an allowed Safe.
 * Their SDKs are imported by the connectors themselves only when a provider is asked for, and the
 * wrapper below asks only once the user picks the wallet (or a reload reconnects the wallet picked
 * last): listing them in the connect dialog loads and calls nothing.
 */
import { createConnector, type CreateConnectorFn } from "wagmi";
import { coinbaseWallet } from "wagmi/connectors/coinbaseWallet";
import { safe } from "wagmi/connectors/safe";
import { walletConnect } from "wagmi/connectors/walletConnect";
import type { PublicConfig } from "@/lib/public-config";
import { safeFrameOrigin } from "./safe-frame";

/** The Safe connector's id (the runtime connects it by itself inside a Safe). */
export const SAFE_CONNECTOR_ID = "safe";

type AnyConnector = ReturnType<CreateConnectorFn>;

/**
 * A connector that stays idle (no SDK import, no provider, no network) until connect() is called,
 * or until the storage says it is the one the user connected with last.
 */
function onDemand(factory: CreateConnectorFn, id: string): CreateConnectorFn {
  return createConnector((wagmiConfig) => {
    const inner = factory(wagmiConfig) as AnyConnector;
    let chosen = false;
    const wanted = async () => chosen || (await wagmiConfig.storage?.getItem("recentConnectorId")) === id;
    return {
      ...inner,
      // WalletConnect's setup creates its provider at once (and opens its relay): deferred to connect().
      async setup() {},
      async getProvider(this: AnyConnector, parameters?: { chainId?: number }) {
        if (!(await wanted())) return undefined;
        return inner.getProvider.call(this, parameters);
      },
      async isAuthorized(this: AnyConnector) {
        return (await wanted()) && inner.isAuthorized.call(this);
      },
      async connect(this: AnyConnector, parameters?: Parameters<AnyConnector["connect"]>[0]) {
        chosen = true;
        await inner.setup?.call(this);
        return inner.connect.call(this, parameters);
      },
    } as AnyConnector;
  });
}

/** An origin as a whole-string pattern (the Safe SDK accepts messages only from these). */
function exactly(origin: string): RegExp {
  return new RegExp(`^${origin.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}$`);
}

export function optionalConnectors(config: PublicConfig): CreateConnectorFn[] {
  const { walletConnectProjectId, coinbaseWallet: coinbase, safeAppOrigins } = config.wallets;
  const connectors: CreateConnectorFn[] = [];
  const site = typeof window === "undefined" ? undefined : window.location.origin;
  const metadata = {
    name: "Mosaic",
    description: "Milestone escrow for outsourced work",
    url: site ?? "https://mosaic.invalid",
    icons: site ? [`${site}/icon.svg`] : [],
  };
  if (safeAppOrigins.length > 0 && safeFrameOrigin(safeAppOrigins)) {
    connectors.push(
      safe({
        allowedDomains: safeAppOrigins.map(exactly),
        shimDisconnect: true,
        // The connector exists only inside an allowed Safe, which answers: a busy one gets time to.
        unstable_getInfoTimeout: 3_000,
      }),
    );
  }
  if (walletConnectProjectId) {
    connectors.push(onDemand(walletConnect({ projectId: walletConnectProjectId, metadata }), "walletConnect"));
  }
  if (coinbase) {
    connectors.push(
      onDemand(
        coinbaseWallet({
          appName: metadata.name,
          appLogoUrl: metadata.icons[0] ?? null,
          preference: { options: "all" },
        }),
        "coinbaseWalletSDK",
      ),
    );
  }
  return connectors;
}
