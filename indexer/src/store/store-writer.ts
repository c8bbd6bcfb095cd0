// The store's writer thread: batches of staged blocks are written by a connection of their own on
// another thread, so the indexing thread runs the next blocks' mappings while SQLite writes. A
// batch is written in one transaction (its versions, block hashes and the new head) only on top of
// the head it was staged after: one that follows a failed batch is refused, never written out of
// order. Replies come in the order the batches were sent.
import { Worker } from "node:worker_threads";
import type { BlockRecord, StagedBlock } from "./entity-store.ts";

export type WriterThreadData = { file: string; schemaText: string };

export type WriterRequest =
  | { type: "commit"; id: number; batch: StagedBlock[]; after: { number: number; hash: string } | null }
  | { type: "buildIndexes"; id: number }
  | { type: "cpu"; id: number }
  | { type: "close"; id: number };

/**
 * A request's outcome: `error` when it failed (a damaged file's message says so, see isStoreDamage);
 * `cpuSeconds` answers `cpu`.
 */
export type WriterReply = { id: number; error?: string; cpuSeconds?: number };

/** A failure reported by the writer thread: the batch was not written (nor any sent after it). */
export class WriterThreadError extends Error {
  name = "WriterThreadError";
}

export class StoreWriter {
  private worker: Worker | null = null;
  private readonly data: WriterThreadData;
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    { resolve: (reply: WriterReply) => void; reject: (error: Error) => void }
  >();

  constructor(data: WriterThreadData) {
    this.data = data;
  }

  /** Writes `batch` after the stored head `after` (null: none yet); settles once it is committed or refused. */
  commit(batch: StagedBlock[], after: BlockRecord | null): Promise<void> {
    const head = after && { number: after.number, hash: after.hash };
    return this.request((id) => ({ type: "commit", id, batch, after: head }));
  }

  /** Builds the postponed field indexes (`EntityStore.buildAttributeIndexes`) on the writer's connection. */
  buildIndexes(): Promise<void> {
    return this.request((id) => ({ type: "buildIndexes", id }));
  }

  /** CPU time the thread has used since it started, in seconds (0 when it is not running). */
  async cpuSeconds(): Promise<number> {
    if (!this.worker) return 0;
    const reply = await this.ask((id) => ({ type: "cpu", id }));
    return reply.cpuSeconds ?? 0;
  }

  /** Stops the thread after the requests already sent. */
  async close(): Promise<void> {
    if (!this.worker) return;
    const worker = this.worker;
    const exited = new Promise((resolve) => worker.once("exit", resolve));
    await this.request((id) => ({ type: "close", id })).catch(() => {});
    await exited;
  }

  /** Ends the thread at once (tests: a writer that dies with batches in flight). */
  async terminate(): Promise<void> {
    await this.worker?.terminate();
  }

  private async request(make: (id: number) => WriterRequest): Promise<void> {
    await this.ask(make);
  }

  private ask(make: (id: number) => WriterRequest): Promise<WriterReply> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise<WriterReply>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      // The thread keeps the process alive only while it owes an answer.
      worker.ref();
      worker.postMessage(make(id));
    });
  }

  private start(): Worker {
    const worker = new Worker(new URL("./store-writer-thread.ts", import.meta.url), { workerData: this.data });
    this.worker = worker;
    worker.on("message", (reply: WriterReply) => {
      const waiter = this.waiting.get(reply.id);
      if (!waiter) return;
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) worker.unref();
      if (reply.error === undefined) waiter.resolve(reply);
      else waiter.reject(new WriterThreadError(reply.error));
    });
    let failure: Error | null = null;
    worker.on("error", (error) => (failure = error));
    worker.on("exit", (code) => {
      if (this.worker === worker) this.worker = null;
      // Whatever was not answered was not written: the next request starts a new thread.
      const error = new WriterThreadError(
        `the store's writer thread stopped (${failure ? failure.message : `exit code ${code}`}) before writing a batch`,
      );
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    });
    worker.unref();
    return worker;
  }
}
