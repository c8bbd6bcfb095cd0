import { NodeRpcError, Rpc } from "../../market/chain/rpc.ts";

/** Where the local node listens unless `--rpc URL` or MOSAIC_RPC_URL says otherwise. */
export const DEFAULT_RPC_URL = "http://127.0.0.1:8545";

/** The RPC URL to use: the `--rpc` flag, then MOSAIC_RPC_URL, then the default. */
export function resolveRpcUrl(flag?: string): string {
  return flag ?? process.env.MOSAIC_RPC_URL ?? DEFAULT_RPC_URL;
}

/** A JSON-RPC error answered by the node (as opposed to no answer at all). */
export { NodeRpcError as RpcError } from "../../market/chain/rpc.ts";

/**
 * One JSON-RPC call over HTTP; throws RpcError when the node answers with an error. A kept-alive
 * connection the node closed while this process was blocked (spawnSync) is retried.
 */
export function rpc<T = unknown>(url: string, method: string, params: unknown[] = [], timeoutMs = 30_000): Promise<T> {
  return new Rpc(url, { timeoutMs }).call<T>(method, params);
}

/**
 * Checks that a node answers at `url` and returns its chain id. Exits with a message that says
 * what to do when nothing answers: a stack trace about ECONNREFUSED helps nobody.
 */
export async function requireNode(url: string): Promise<number> {
  try {
    return Number(await rpc<string>(url, "eth_chainId", [], 3_000));
  } catch (error) {
    if (error instanceof NodeRpcError) throw error;
    const hint =
      url === DEFAULT_RPC_URL
        ? "start one with `npm run chain`"
        : "start one there, or point --rpc / MOSAIC_RPC_URL at a running node";
    console.error(`No node at ${url} — ${hint}`);
    process.exit(1);
  }
}

/** Whether `address` holds contract code on the node at `url`. */
export async function hasCode(url: string, address: string): Promise<boolean> {
  const code = await rpc<string>(url, "eth_getCode", [address, "latest"]);
  return code !== "0x" && code !== "0x0";
}
