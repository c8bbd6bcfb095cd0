/** Reads from the node the server is configured with. */
import { createPublicClient, http } from "viem";
import { serverConfig } from "./config.ts";

export function publicClient() {
  return createPublicClient({ transport: http(serverConfig().rpcUrl, { timeout: 5_000 }) });
}

/**
 * The latest block's timestamp (unix seconds). Deadlines are compared against chain time, which on
 * a local chain whose history was replayed runs ahead of the wall clock.
 */
export async function chainNow(): Promise<number> {
  try {
    const block = await publicClient().getBlock({ blockTag: "latest" });
    return Number(block.timestamp);
  } catch {
    return Math.floor(Date.now() / 1000);
  }
}
