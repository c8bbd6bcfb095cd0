// Synchronous JSON-RPC for host functions: a mapping calls ethereum.call from inside
// wasm, which cannot await. A worker thread does the HTTP request while this thread
// waits on an Atomics flag, then the reply is taken from a MessagePort synchronously.
// Replies carry the request's id: a late reply to a call that timed out is discarded, never
// taken for the next call's. A call waits at most `timeoutMs` (default 10 s).
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import type { MessagePort } from "node:worker_threads";
import { NonDeterministicError } from "../runtime/errors.ts";
import type { SyncChain } from "../runtime/host-imports.ts";
import { toQuantity } from "./json-rpc.ts";

export class SyncRpc implements SyncChain {
  readonly url: string;
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly flag: Int32Array;
  private nextId = 1;
  private readonly cache = new Map<string, string | null>();
  readonly timeoutMs: number;

  constructor(url: string, options: { timeoutMs?: number } = {}) {
    this.url = url;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.flag = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(new URL("./sync-rpc-worker.ts", import.meta.url), {
      workerData: { flag: this.flag, port: port2, url, timeoutMs: this.timeoutMs },
      transferList: [port2],
    });
    this.worker.unref();
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }

  private request(method: string, params: unknown[]): { result?: unknown; error?: { code: number; message: string } } {
    const id = this.nextId++;
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage({ id, body: JSON.stringify({ jsonrpc: "2.0", id, method, params }) });
    const message = this.awaitReply(id);
    if (!message)
      throw new NonDeterministicError(`${method}: no answer from ${this.url} within ${this.timeoutMs / 1000} s`);
    if (!message.ok)
      throw new NonDeterministicError(`${method}: cannot reach the Ethereum node at ${this.url} (${message.message})`);
    let reply: { id?: unknown; result?: unknown; error?: { code: number; message: string } };
    try {
      reply = JSON.parse(message.text!);
    } catch {
      throw new NonDeterministicError(`${method}: ${this.url} answered with something other than JSON-RPC`);
    }
    if (reply === null || typeof reply !== "object" || reply.id !== id)
      throw new NonDeterministicError(
        `${method}: ${this.url} answered another request (id ${JSON.stringify(reply?.id)}, expected ${id})`,
      );
    return reply;
  }

  /** The worker's reply to request `id`, or null after the timeout; stale replies are dropped. */
  private awaitReply(id: number): { ok: boolean; text?: string; message?: string } | null {
    const deadline = performance.now() + this.timeoutMs;
    for (;;) {
      for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) {
        if ((m.message as { id: number }).id === id) return m.message as { ok: boolean; text?: string };
      }
      const left = deadline - performance.now();
      if (left <= 0) return null;
      // A stale reply may have raised the flag: lower it, look again, then sleep until the next reply.
      Atomics.store(this.flag, 0, 0);
      const m = receiveMessageOnPort(this.port);
      if (m && (m.message as { id: number }).id === id) return m.message as { ok: boolean; text?: string };
      Atomics.wait(this.flag, 0, 0, left);
    }
  }

  call(to: string, data: string, blockNumber: number): string | null {
    const key = `${blockNumber}:${to}:${data}`;
    if (this.cache.has(key)) return this.cache.get(key)!;
    const reply = this.request("eth_call", [{ to, data }, toQuantity(blockNumber)]);
    let result: string | null;
    if (reply.error) {
      if (/header not found|unknown block|missing trie node|block not found/i.test(reply.error.message)) {
        throw new NonDeterministicError(`eth_call at block ${blockNumber}: ${reply.error.message}`);
      }
      result = null; // reverted (or failed inside the EVM): the mapping sees a reverted call
    } else {
      result = reply.result as string;
    }
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(key, result);
    return result;
  }

  getBalance(address: string, blockNumber: number): bigint {
    const reply = this.request("eth_getBalance", [address, toQuantity(blockNumber)]);
    if (reply.error) throw new NonDeterministicError(`eth_getBalance: ${reply.error.message}`);
    return BigInt(reply.result as string);
  }

  getCode(address: string, blockNumber: number): string {
    const reply = this.request("eth_getCode", [address, toQuantity(blockNumber)]);
    if (reply.error) throw new NonDeterministicError(`eth_getCode: ${reply.error.message}`);
    return reply.result as string;
  }

  /** Forgets cached call results (after a reorg the same block number may mean another block). */
  clearCache(): void {
    this.cache.clear();
  }
}
