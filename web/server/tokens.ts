/** Symbol and decimals of payment tokens, read from the chain once per token. */
import { createPublicClient, erc20Abi, http, zeroAddress } from "viem";
import { serverConfig } from "./config.ts";

export interface TokenInfo {
  address: `0x${string}`;
  symbol: string;
  decimals: number;
  isEther: boolean;
}

const cache = new Map<string, Promise<TokenInfo>>();

export function tokenInfo(address: string): Promise<TokenInfo> {
  const key = address.toLowerCase();
  let found = cache.get(key);
  if (!found) {
    found = load(key as `0x${string}`);
    cache.set(key, found);
    found.catch(() => cache.delete(key));
  }
  return found;
}

async function load(address: `0x${string}`): Promise<TokenInfo> {
  if (address === zeroAddress) return { address, symbol: "ETH", decimals: 18, isEther: true };
  const client = createPublicClient({ transport: http(serverConfig().rpcUrl, { timeout: 5_000 }) });
  try {
    const [symbol, decimals] = await Promise.all([
      client.readContract({ address, abi: erc20Abi, functionName: "symbol" }),
      client.readContract({ address, abi: erc20Abi, functionName: "decimals" }),
    ]);
    return { address, symbol, decimals, isEther: false };
  } catch {
    return { address, symbol: `${address.slice(0, 6)}…`, decimals: 18, isEther: false };
  }
}
