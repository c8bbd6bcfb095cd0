/**
 * A small JSON-RPC client for a local node: single calls and batches. A request that fails
 * because the node closed a kept-alive connection ("fetch failed", "socket hang up", ECONNRESET:
 * seen when this process was blocked a while) is sent again, a few times.
 */

export type RpcReply = { id: number; result?: unknown; error?: { code: number; message: string; data?: unknown } };

/** A JSON-RPC error answered by the node; `data` holds revert data when a call reverted. */
export class NodeRpcError extends Error {
  readonly code: number;
  readonly data: unknown;
  constructor(method: string, error: { code: number; message: string; data?: unknown }) {
    super(`${method}: ${error.message}`);
    this.code = error.code;
    this.data = error.data;
  }
}

/** Whether `error` is a dropped connection (safe to send again: the node never read the request). */
export function isDroppedConnection(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const { message, code } = e as { message?: string; code?: string };
    if (code === "ECONNRESET" || code === "UND_ERR_SOCKET" || code === "EPIPE") return true;
    if (message && /fetch failed|socket hang up|other side closed/i.test(message)) return true;
  }
  return false;
}

export class Rpc {
  readonly url: string;
  private id = 1;
  /** Attempts per request when the connection drops. */
  retries = 3;
  /** Time a request may take before it is abandoned (none by default: a big batch can take long). */
  private readonly timeoutMs?: number;

  constructor(url: string, options: { timeoutMs?: number } = {}) {
    this.url = url;
    this.timeoutMs = options.timeoutMs;
  }

  private async post(body: unknown): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await fetch(this.url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
          signal: this.timeoutMs ? AbortSignal.timeout(this.timeoutMs) : undefined,
        });
        if (!response.ok) throw new Error(`node answered HTTP ${response.status}`);
        return await response.json();
      } catch (error) {
        if (attempt >= this.retries || !isDroppedConnection(error)) throw error;
        await new Promise((r) => setTimeout(r, 50 * attempt));
      }
    }
  }

  async call<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    const reply = (await this.post({ jsonrpc: "2.0", id: this.id++, method, params })) as RpcReply;
    if (reply.error) throw new NodeRpcError(method, reply.error);
    return reply.result as T;
  }

  /** Calls in one request; `label` names the first in errors. */
  async batch<T = unknown>(calls: { method: string; params: unknown[] }[], label?: string): Promise<T[]> {
    if (calls.length === 0) return [];
    const first = this.id;
    this.id += calls.length;
    const replies = (await this.post(calls.map((c, i) => ({ jsonrpc: "2.0", id: first + i, ...c })))) as RpcReply[];
    const byId = new Map(replies.map((r) => [r.id, r]));
    return calls.map((c, i) => {
      const reply = byId.get(first + i);
      if (!reply) throw new Error(`${c.method}: no reply in batch`);
      if (reply.error) throw new NodeRpcError(label ? `${label} (${c.method})` : c.method, reply.error);
      return reply.result as T;
    });
  }
}

export const hex = (n: number | bigint) => "0x" + BigInt(n).toString(16);
