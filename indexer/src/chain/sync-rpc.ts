// Synchronous JSON-RPC for host functions: a mapping calls ethereum.call from inside
// wasm, which cannot await. A worker thread does the HTTP request while this thread
// waits on an Atomics flag, then the reply is taken from a MessagePort synchronously.
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

  constructor(url: string) {
    this.url = url;
    this.flag = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(new URL("./sync-rpc-worker.ts", import.meta.url), {
      workerData: { flag: this.flag, port: port2, url },
      transferList: [port2],
    });
    this.worker.unref();
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }

  private request(method: string, params: unknown[]): { result?: unknown; error?: { code: number; message: string } } {
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage(JSON.stringify({ jsonrpc: "2.0", id: this.nextId++, method, params }));
    const waited = Atomics.wait(this.flag, 0, 0, 60_000);
    const message = receiveMessageOnPort(this.port)?.message as
      { ok: boolean; text?: string; message?: string } | undefined;
    if (waited === "timed-out" || !message)
      throw new NonDeterministicError(`${method}: no answer from ${this.url} within 60 s`);
    if (!message.ok)
      throw new NonDeterministicError(`${method}: cannot reach the Ethereum node at ${this.url} (${message.message})`);
    return JSON.parse(message.text!);
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
