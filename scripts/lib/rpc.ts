/** Where the local node listens unless `--rpc URL` or MOSAIC_RPC_URL says otherwise. */
export const DEFAULT_RPC_URL = "http://127.0.0.1:8545";

/** The RPC URL to use: the `--rpc` flag, then MOSAIC_RPC_URL, then the default. */
export function resolveRpcUrl(flag?: string): string {
  return flag ?? process.env.MOSAIC_RPC_URL ?? DEFAULT_RPC_URL;
}

/** A JSON-RPC error answered by the node (as opposed to no answer at all). */
export class RpcError extends Error {
  code: number;
  data: unknown;

  constructor(method: string, error: { code: number; message: string; data?: unknown }) {
    super(`${method}: ${error.message}`);
    this.code = error.code;
    this.data = error.data;
  }
}

/** One JSON-RPC call over HTTP; throws RpcError when the node answers with an error. */
export async function rpc<T = unknown>(
  url: string,
  method: string,
  params: unknown[] = [],
  timeoutMs = 30_000,
): Promise<T> {
  const request = () =>
    fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  let response: Response;
  try {
    response = await request();
  } catch {
    // A kept-alive socket the node closed while this process was blocked (spawnSync) fails once.
    response = await request();
  }
  const body = (await response.json()) as { result?: T; error?: { code: number; message: string; data?: unknown } };
  if (body.error) throw new RpcError(method, body.error);
  return body.result as T;
}

/**
 * Checks that a node answers at `url` and returns its chain id. Exits with a message that says
 * what to do when nothing answers: a stack trace about ECONNREFUSED helps nobody.
 */
export async function requireNode(url: string): Promise<number> {
  try {
    return Number(await rpc<string>(url, "eth_chainId", [], 3_000));
  } catch (error) {
    if (error instanceof RpcError) throw error;
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
