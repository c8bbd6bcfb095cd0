/** A small JSON-RPC client for a local node: single calls and batches. */

export type RpcReply = { id: number; result?: unknown; error?: { code: number; message: string; data?: unknown } };

export class Rpc {
  readonly url: string;
  private id = 1;
  constructor(url: string) {
    this.url = url;
  }
  private async post(body: unknown): Promise<unknown> {
    const response = await fetch(this.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`node answered HTTP ${response.status}`);
    return response.json();
  }
  async call<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    const reply = (await this.post({ jsonrpc: "2.0", id: this.id++, method, params })) as RpcReply;
    if (reply.error) throw new Error(`${method}: ${reply.error.message}`);
    return reply.result as T;
  }
  async batch<T = unknown>(calls: { method: string; params: unknown[] }[]): Promise<T[]> {
    if (calls.length === 0) return [];
    const first = this.id;
    this.id += calls.length;
    const replies = (await this.post(calls.map((c, i) => ({ jsonrpc: "2.0", id: first + i, ...c })))) as RpcReply[];
    const byId = new Map(replies.map((r) => [r.id, r]));
    return calls.map((c, i) => {
      const reply = byId.get(first + i);
      if (!reply) throw new Error(`${c.method}: no reply in batch`);
      if (reply.error) throw new Error(`${c.method}: ${reply.error.message}`);
      return reply.result as T;
    });
  }
}

export const hex = (n: number | bigint) => "0x" + BigInt(n).toString(16);
