/** The wagmi configuration for the chain the server serves, built in the browser from PublicConfig. */
import { createConfig, createConnector, cookieStorage, createStorage, http, injected, mock } from "wagmi";
import { defineChain, type Chain } from "viem";
import { LOCAL_CHAIN_ID, type PublicConfig } from "@/lib/public-config";

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
    transports: { [chain.id]: http(config.rpcUrl) },
    connectors: [
      injected({ target: { id: "injected", name: "Browser wallet", provider: (w) => w?.ethereum } }),
      ...testAccountConnectors(config),
    ],
    // EIP-6963: every wallet the browser announces gets its own connector.
    multiInjectedProviderDiscovery: true,
    ssr: true,
    storage: createStorage({ storage: cookieStorage }),
  });
}
