/** Readiness checks for the stack's services: output lines, JSON-RPC, the index's block. */
import type { Managed } from "./processes.ts";

/** Resolves when `managed` prints a line matching `pattern`; rejects when it exits first or time runs out. */
export function waitForLine(managed: Managed, pattern: RegExp, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${managed.name} did not start within ${timeoutMs / 1000} s:\n${managed.tail()}`)),
      timeoutMs,
    );
    const check = (chunk: Buffer) => {
      if (pattern.test(managed.tail(5)) || pattern.test(String(chunk))) {
        clearTimeout(timer);
        resolve();
      }
    };
    managed.child.stdout!.on("data", check);
    managed.child.stderr!.on("data", check);
    void managed.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${managed.name} exited (code ${code}) before it was ready:\n${managed.tail()}`));
    });
  });
}

/** One JSON-RPC call. */
export async function rpc<T = unknown>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

/** One GraphQL query against the indexer; throws on GraphQL errors. */
export async function graphql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(`GraphQL: ${body.errors.map((e) => e.message).join("; ")}`);
  return body.data as T;
}

/** Where `waitForIndex` checks that the index is of the node's chain, not a store kept from another one. */
export interface IndexedChainCheck {
  rpcUrl: string;
  /** The indexer's status API (graph-node's index-node `/graphql`), read for the reason of a refusal. */
  statusUrl: string;
  /** The store directory, named in the error. */
  dataDir: string;
}

/** The chain problem the status API reports (a refused chain change), if any. */
async function indexerFatalError(statusUrl: string): Promise<string | undefined> {
  try {
    const data = await graphql<{ indexingStatuses: { fatalError: { message: string } | null }[] }>(
      statusUrl,
      "{ indexingStatuses { fatalError { message } } }",
    );
    return data.indexingStatuses.find((status) => status.fatalError)?.fatalError?.message;
  } catch {
    return undefined;
  }
}

/**
 * Waits until the indexer has processed `block`. With `chain`, also until the block it serves is
 * the node's block at that height (same hash): an index kept from another chain (a store left by
 * an earlier run on a since-restarted node) fails, with the indexer's reason, rather than passing.
 */
export async function waitForIndex(
  url: string,
  block: number,
  timeoutMs = 60_000,
  indexer?: Managed,
  chain?: IndexedChainCheck,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let mismatch = "";
  for (;;) {
    try {
      const data = await graphql<{ _meta: { block: { number: number; hash: string | null } } }>(
        url,
        "{ _meta { block { number hash } } }",
      );
      const served = data._meta.block;
      if (served.number >= block) {
        if (!chain) return;
        const node = await rpc<{ hash: string } | null>(chain.rpcUrl, "eth_getBlockByNumber", [
          `0x${served.number.toString(16)}`,
          false,
        ]);
        if (node && served.hash && node.hash.toLowerCase() === served.hash.toLowerCase()) return;
        mismatch = `the indexer serves block ${served.number} ${served.hash}, but the node's block ${served.number} is ${node?.hash ?? "missing"}`;
      }
    } catch {
      // not serving yet
    }
    if (chain) {
      const refused = await indexerFatalError(chain.statusUrl);
      if (refused) {
        throw new Error(
          `the indexer stopped: ${refused}\nIts store is in ${chain.dataDir}; deleting it starts the index afresh.`,
        );
      }
    }
    if (indexer && indexer.child.exitCode !== null) throw new Error(`the indexer exited:\n${indexer.tail()}`);
    if (Date.now() > deadline) {
      throw new Error(
        `the indexer did not reach block ${block} within ${timeoutMs / 1000} s` +
          (mismatch ? `: ${mismatch} (an index of another chain; delete ${chain?.dataDir} to start afresh)` : ""),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}
