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

/** Waits until the indexer has processed `block`. */
export async function waitForIndex(url: string, block: number, timeoutMs = 60_000, indexer?: Managed): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const data = await graphql<{ _meta: { block: { number: number } } }>(url, "{ _meta { block { number } } }");
      if (data._meta.block.number >= block) return;
    } catch {
      // not serving yet
    }
    if (indexer && indexer.child.exitCode !== null) throw new Error(`the indexer exited:\n${indexer.tail()}`);
    if (Date.now() > deadline) throw new Error(`the indexer did not reach block ${block} within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}
