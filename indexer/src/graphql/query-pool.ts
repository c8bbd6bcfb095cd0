// Serves queries off the indexing thread: a few workers, each with a read-only connection to
// the store. A query runs in one worker; a worker that overruns the query timeout (a single
// slow SQL statement cannot be interrupted otherwise) or runs out of memory is replaced, and
// only that query gets the error.
import { Worker } from "node:worker_threads";
import { errorAnswer } from "./query-service.ts";
import type { GraphQLRequest, QueryAnswer } from "./query-service.ts";
import type { QueryWorkerData, QueryWorkerReply } from "./query-worker.ts";

export type QueryPoolOptions = QueryWorkerData & {
  workers: number;
  /** Heap of each worker; a query that needs more fails alone. */
  workerHeapMb?: number;
  /** Requests waiting for a worker beyond this are refused (graph-node's "overloaded" answer). */
  maxQueued?: number;
  /** Told when a query found the store damaged. */
  onStoreError?: (message: string) => void;
};

type Job = { id: number; request: GraphQLRequest; resolve: (answer: QueryAnswer) => void };

type Slot = {
  worker: Worker;
  ready: Promise<void>;
  /** Loaded and not being replaced: may take a query. */
  usable: boolean;
  job: Job | null;
  timer: NodeJS.Timeout | null;
};

/** Time a worker gets past the query timeout to stop by itself before it is killed. */
const KILL_GRACE_MS = 1000;

export class QueryPool {
  private readonly options: QueryPoolOptions;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  /** Workers replaced after a timeout or a crash (for tests and the log). */
  replaced = 0;

  constructor(options: QueryPoolOptions) {
    this.options = options;
    for (let i = 0; i < Math.max(1, options.workers); i++) this.slots.push(this.spawn());
  }

  /** Resolves when every worker has loaded the schema and opened the store; rejects if one could not. */
  async ready(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.ready));
    if (this.startError) throw this.startError;
  }

  /** Why a worker could not start (it is not replaced: the next would fail the same way). */
  private startError: Error | null = null;

  run(request: GraphQLRequest): Promise<QueryAnswer> {
    if (this.closed) return Promise.resolve(errorAnswer(503, "the indexer is stopping"));
    if (this.queue.length >= (this.options.maxQueued ?? 1000)) {
      return Promise.resolve(
        errorAnswer(
          503,
          "service is overloaded and can not run the query right now. Please try again in a few minutes",
        ),
      );
    }
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, request, resolve });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.resolve(errorAnswer(503, "the indexer is stopping"));
    await Promise.all(
      this.slots.map((slot) => {
        if (slot.timer) clearTimeout(slot.timer);
        slot.job?.resolve(errorAnswer(503, "the indexer is stopping"));
        slot.job = null;
        return slot.worker.terminate();
      }),
    );
  }

  private spawn(): Slot {
    const { workers: _w, workerHeapMb, maxQueued: _q, onStoreError: _o, ...data } = this.options;
    const worker = new Worker(new URL("./query-worker.ts", import.meta.url), {
      workerData: data,
      resourceLimits: { maxOldGenerationSizeMb: workerHeapMb ?? 768 },
    });
    let markReady!: () => void;
    const slot: Slot = {
      worker,
      ready: new Promise<void>((resolve) => (markReady = resolve)),
      usable: false,
      job: null,
      timer: null,
    };
    let started = false;
    worker.on("message", (message: QueryWorkerReply | { ready: true }) => {
      if ("ready" in message) {
        started = true;
        slot.usable = true;
        markReady();
        this.dispatch();
        return;
      }
      if (!slot.job || slot.job.id !== message.id) return; // the answer of a query already given up
      if (message.storeError) this.options.onStoreError?.(message.storeError);
      this.finish(slot, { status: message.status, body: message.body });
    });
    worker.on("error", (error) => {
      slot.usable = false;
      if (this.closed) return;
      const job = slot.job;
      const outOfMemory = (error as NodeJS.ErrnoException).code === "ERR_WORKER_OUT_OF_MEMORY";
      if (job) {
        this.finish(
          slot,
          errorAnswer(
            200,
            outOfMemory
              ? "query needs more memory than a query worker has; ask for fewer entities (smaller `first`, fewer aliases or nested lists)"
              : `internal error: ${error.message}`,
          ),
        );
      }
      if (!started) {
        this.startError ??= new Error(`a query worker could not start: ${error.message}`);
        markReady();
      }
    });
    worker.on("exit", () => {
      if (this.closed || !started) return;
      const index = this.slots.indexOf(slot);
      if (index === -1) return;
      if (slot.job) this.finish(slot, errorAnswer(200, "internal error: the query worker stopped"));
      this.replaced++;
      this.slots[index] = this.spawn();
    });
    return slot;
  }

  private finish(slot: Slot, answer: QueryAnswer): void {
    const job = slot.job;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
    job?.resolve(answer);
    this.dispatch();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.job || !slot.usable) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      const timeout = this.options.limits.timeoutMs;
      if (timeout > 0) {
        slot.timer = setTimeout(() => {
          if (slot.job !== job) return;
          // The worker is stuck in one long statement: answer now, replace it (on exit).
          slot.usable = false;
          this.finish(slot, errorAnswer(200, "Query timed out"));
          void slot.worker.terminate();
        }, timeout + KILL_GRACE_MS);
      }
      slot.worker.postMessage({ id: job.id, request: job.request });
    }
  }
}
