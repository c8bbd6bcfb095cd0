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

const tokenConfigAbi = [
  {
    type: "function",
    name: "tokenConfig",
    stateMutability: "view",
    inputs: [{ name: "token", type: "address" }],
    outputs: [{ name: "allowed", type: "bool" }],
  },
] as const;

/**
 * The tokens new jobs may use, checked on chain (`tokenConfig(token).allowed`) among ETH, the
 * deployment's demo token and every token the index has seen.
 */
export async function allowedTokens(escrow: `0x${string}`, candidates: string[]): Promise<TokenInfo[]> {
  const client = createPublicClient({ transport: http(serverConfig().rpcUrl, { timeout: 5_000 }) });
  const unique = [...new Set([zeroAddress, ...candidates].map((a) => a.toLowerCase()))] as `0x${string}`[];
  const allowed = await Promise.all(
    unique.map((token) =>
      client
        // Only the leading `allowed` word is decoded, whatever else the view returns.
        .readContract({ address: escrow, abi: tokenConfigAbi, functionName: "tokenConfig", args: [token] })
        .catch(() => false),
    ),
  );
  return Promise.all(unique.filter((_, i) => allowed[i]).map((t) => tokenInfo(t)));
}
