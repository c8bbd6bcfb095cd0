/** The wagmi configuration for the chain the server serves, built in the browser from PublicConfig. */
import {
  createConfig,
  createConnector,
  cookieStorage,
  createStorage,
  fallback,
  http,
  injected,
  mock,
  unstable_connector,
} from "wagmi";
import { safe } from "wagmi/connectors/safe";
import { defineChain, type Chain } from "viem";
import { LOCAL_CHAIN_ID, type PublicConfig } from "@/lib/public-config";
import { optionalConnectors } from "./connectors";
import { safeFrameOrigin } from "./safe-frame";

export function chainFor(config: PublicConfig): Chain {
  return defineChain({
    id: config.chainId,
    name: config.chainName,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [config.rpcUrl] } },
  });
}

export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

/**
 * One connector per unlocked account of the local node. Requests the connector does not answer
 * itself (signing, sending) go to the node, which signs for its own accounts. Local chain only.
 */
function testAccountConnectors(config: PublicConfig) {
  if (config.chainId !== LOCAL_CHAIN_ID) return [];
  return config.testAccounts.map((account, i) => {
    const base = mock({ accounts: [account], features: { reconnect: true } });
    const id = `hardhat-test-account-${i}`;
    return createConnector((wagmiConfig) => ({
      ...base(wagmiConfig),
      id,
      name: `Test account ${i} (${shortAddress(account)})`,
      // The mock forgets its connection on reload; the node's account is always there, so the
      // account the user picked last reconnects (and only that one).
      isAuthorized: async () => (await wagmiConfig.storage?.getItem("recentConnectorId")) === id,
    }));
  });
}

export function createWagmiConfig(config: PublicConfig) {
  const chain = chainFor(config);
  return createConfig({
    chains: [chain],
    transports: {
      // Inside a Safe, reads go through the Safe first: it maps the safeTxHash a Safe transaction
      // returns to the executed transaction, so a transaction's receipt arrives once the owners execute it.
      [chain.id]: safeFrameOrigin(config.wallets.safeAppOrigins)
        ? fallback([unstable_connector(safe), http(config.rpcUrl)])
        : http(config.rpcUrl),
    },
    connectors: [
      injected({ target: { id: "injected", name: "Browser wallet", provider: (w) => w?.ethereum } }),
      // WalletConnect, Coinbase Wallet, Safe: only those the server's settings turn on.
      ...optionalConnectors(config),
      ...testAccountConnectors(config),
    ],
    // EIP-6963: every wallet the browser announces gets its own connector.
    multiInjectedProviderDiscovery: true,
    ssr: true,
    storage: createStorage({ storage: cookieStorage }),
  });
}
