// A small Ethereum JSON-RPC client over fetch, with batching.

export class RpcUnavailableError extends Error {
  name = "RpcUnavailableError";
}

/** Something answered at the URL, but not like an Ethereum JSON-RPC node. */
export class RpcProtocolError extends RpcUnavailableError {
  name = "RpcProtocolError";
}

/** The node answered with a JSON-RPC error object. */
export class RpcResponseError extends Error {
  name = "RpcResponseError";
  readonly code: number;
  readonly data: unknown;
  constructor(message: string, code: number, data: unknown) {
    super(message);
    this.code = code;
    this.data = data;
  }
}

type RpcReply = { id: number; result?: unknown; error?: { code: number; message: string; data?: unknown } };

export class JsonRpc {
  readonly url: string;
  private nextId = 1;
  private readonly timeoutMs: number;
  private readonly closing = new AbortController();

  constructor(url: string, timeoutMs = 30_000) {
    this.url = url;
    this.timeoutMs = timeoutMs;
  }

  /** Aborts the requests in flight (a hung node must not hold up a shutdown) and every later one. */
  close(): void {
    this.closing.abort();
  }

  private async post(body: unknown): Promise<unknown> {
    let response: Response | null = null;
    // A kept-alive connection the node closed while idle fails once: retry on a new one.
    for (let attempt = 0; response === null; attempt++) {
      try {
        response = await fetch(this.url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
          signal: AbortSignal.any([AbortSignal.timeout(this.timeoutMs), this.closing.signal]),
        });
      } catch (error) {
        const cause = describeFetchError(error);
        if (this.closing.signal.aborted) throw new RpcUnavailableError(`the connection to ${this.url} was closed`);
        if (attempt === 0 && (cause === "UND_ERR_SOCKET" || cause === "ECONNRESET")) continue;
        const misconfigured = misconfiguration(this.url, cause);
        if (misconfigured) throw new RpcProtocolError(misconfigured);
        throw new RpcUnavailableError(`cannot reach the Ethereum node at ${this.url} (${cause})`);
      }
    }
    if (!response.ok) {
      const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
      await response.body?.cancel().catch(() => {});
      // 5xx may be a node having a bad moment; anything else means this is not a JSON-RPC endpoint.
      if (response.status >= 500)
        throw new RpcUnavailableError(`the Ethereum node at ${this.url} answered HTTP ${status}`);
      throw new RpcProtocolError(`${this.url} answered HTTP ${status}: it is not an Ethereum JSON-RPC endpoint`);
    }
    const text = await response.text();
    try {
      return JSON.parse(text);
    } catch {
      throw new RpcProtocolError(
        `${this.url} answered ${JSON.stringify(text.slice(0, 60))}${text.length > 60 ? "..." : ""}, not JSON-RPC: it is not an Ethereum node`,
      );
    }
  }

  async request<T>(method: string, params: unknown[] = []): Promise<T> {
    const reply = (await this.post({ jsonrpc: "2.0", id: this.nextId++, method, params })) as RpcReply;
    if (reply === null || typeof reply !== "object" || (!("result" in reply) && !reply.error)) {
      throw new RpcProtocolError(
        `${this.url} answered ${method} with ${JSON.stringify(reply).slice(0, 80)}, not a JSON-RPC reply: it is not an Ethereum node`,
      );
    }
    if (reply.error)
      throw new RpcResponseError(`${method}: ${reply.error.message}`, reply.error.code, reply.error.data);
    return reply.result as T;
  }

  /** Several calls in one HTTP request; results in the same order. */
  async batch<T>(calls: { method: string; params: unknown[] }[]): Promise<T[]> {
    if (calls.length === 0) return [];
    const first = this.nextId;
    this.nextId += calls.length;
    const replies = (await this.post(calls.map((c, i) => ({ jsonrpc: "2.0", id: first + i, ...c })))) as RpcReply[];
    if (!Array.isArray(replies))
      throw new RpcUnavailableError(`the Ethereum node at ${this.url} does not support batch requests`);
    const byId = new Map(replies.map((r) => [r.id, r]));
    return calls.map((c, i) => {
      const reply = byId.get(first + i);
      if (!reply) throw new RpcUnavailableError(`${c.method}: missing reply in batch`);
      if (reply.error)
        throw new RpcResponseError(`${c.method}: ${reply.error.message}`, reply.error.code, reply.error.data);
      return reply.result as T;
    });
  }
}

export function hexToNumber(hex: string): number {
  return Number(BigInt(hex));
}

export function toQuantity(n: number | bigint): string {
  return "0x" + BigInt(n).toString(16);
}

/**
 * A failure that retrying cannot cure, said plainly: TLS to a plain-HTTP node (an https:// URL for
 * http://), something other than HTTP on the port, or a port fetch refuses to use.
 */
function misconfiguration(url: string, cause: string): string | null {
  if (cause.startsWith("ERR_SSL_") || cause === "EPROTO" || cause === "ERR_TLS_CERT_ALTNAME_INVALID") {
    const plain = url.startsWith("https:")
      ? `; if the node serves plain HTTP, use ${url.replace(/^https:/, "http:")}`
      : "";
    return `the TLS connection to ${url} failed (${cause})${plain}`;
  }
  if (cause.startsWith("HPE_")) {
    return `${url} answered something other than HTTP (${cause}): it is not an Ethereum JSON-RPC endpoint`;
  }
  if (cause === "bad port")
    return `${url}: fetch refuses to connect to this port (a port reserved for other protocols)`;
  return null;
}

/** The useful part of a failed fetch: ECONNREFUSED rather than "fetch failed". */
export function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
