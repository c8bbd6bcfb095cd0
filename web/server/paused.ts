/** Whether the operator has paused new business (posting, funding, hiring, claiming), read from the escrow. */
import { parseAbi } from "viem";
import { publicClient } from "./chain.ts";
import { serverConfig } from "./config.ts";
import { contractsOn } from "./public-config.ts";

const PAUSED_ABI = parseAbi(["function paused() view returns (bool)"]);

/** The last reading, shared by every bundle of the process (the proxy's page cache keys pages by it). */
const shared = globalThis as unknown as Record<symbol, { at: number; value: Promise<boolean> } | undefined>;
const LAST = Symbol.for("mosaic.newBusinessPaused");

/** `paused()` at the latest block (shared by the requests of one second); false when unknown. */
export function newBusinessPaused(): Promise<boolean> {
  const now = Date.now();
  const last = shared[LAST];
  if (last && now - last.at < 1_000) return last.value;
  const escrow = contractsOn(serverConfig().chainId)?.escrow;
  const value = escrow
    ? publicClient()
        .readContract({ address: escrow, abi: PAUSED_ABI, functionName: "paused" })
        .catch(() => false)
    : Promise.resolve(false);
  shared[LAST] = { at: now, value };
  return value;
}
