// Serves queries off the indexing thread: a few workers, each with a read-only connection to
// the store. A query runs in one worker; a worker that overruns the query timeout (a single
// slow SQL statement cannot be interrupted otherwise) or runs out of memory is replaced, and
// only that query gets the error.
//
// Two lanes: light queries (`_meta`, by id, small `first`: see query-cost.ts) have workers of
// their own besides taking any idle worker first, so they never queue behind expensive ones. A
// query's time in the queue counts toward its timeout.
import { Worker } from "node:worker_threads";
import type { GraphQLSchema } from "graphql";
import { LIGHT_COST, queryCost } from "./query-cost.ts";
import type { QueryLane } from "./query-cost.ts";
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
  /** Workers that take only light queries (default 1), besides `workers`, which take both. */
  lightWorkers?: number;
  /**
   * A query estimated heavy whose recent runs (same text and estimate) took at most this long
   * goes to the light lane (default `LIGHT_OBSERVED_MS`).
   */
  lightObservedMs?: number;
  /** The API schema, for the cost estimate that picks a query's lane (without it, field names guess). */
  apiSchema?: GraphQLSchema;
};

type Job = {
  id: number;
  request: GraphQLRequest;
  resolve: (answer: QueryAnswer) => void;
  lane: QueryLane;
  /** performance.now() past which the query has timed out, queue time included. */
  deadline: number;
  /** Answers "Query timed out" if the job is still queued at its deadline. */
  expiry: NodeJS.Timeout | null;
  /** The query's text and estimate (see `observed`), when it has them. */
  shape: string | null;
  /** performance.now() when a worker took it. */
  started: number;
};

/**
 * A query estimated heavy whose last runs with the same text and estimate took at most this long
 * goes to the light lane: an estimate counts the rows a query may read (`first: 1000` over a
 * table of two tokens counts a thousand), the run shows what it does read. The time is the
 * worker's wall time, which a busy machine stretches: a few milliseconds of work can take 20.
 */
const LIGHT_OBSERVED_MS = 25;
/** Query shapes whose run time is remembered (the oldest are forgotten). */
const OBSERVED_SHAPES = 2_000;

type Slot = {
  /** Takes only light queries. */
  lightOnly: boolean;
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
  private readonly queues: Record<QueryLane, Job[]> = { light: [], heavy: [] };
  private nextId = 1;
  private closed = false;
  /** Workers replaced after a timeout or a crash (for tests and the log). */
  replaced = 0;
  /**
   * Run time (ms) of recent queries by shape (text and estimate): the longest of the last run
   * and half the time remembered before, so one slow run makes a shape heavy at once.
   */
  private readonly observed = new Map<string, number>();

  constructor(options: QueryPoolOptions) {
    this.options = options;
    for (let i = 0; i < Math.max(1, options.workers); i++) this.slots.push(this.spawn(false));
    for (let i = 0; i < (options.lightWorkers ?? 1); i++) this.slots.push(this.spawn(true));
  }

  /** Queries waiting for a worker, per lane. */
  get queued(): Record<QueryLane, number> {
    return { light: this.queues.light.length, heavy: this.queues.heavy.length };
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
    const cost = queryCost(request?.query, request?.variables, this.options.apiSchema);
    const shape = Number.isFinite(cost) && cost > LIGHT_COST ? `${cost}\n${request.query as string}` : null;
    const ran = shape === null ? undefined : this.observed.get(shape);
    const lane: QueryLane =
      cost <= LIGHT_COST || (ran !== undefined && ran <= (this.options.lightObservedMs ?? LIGHT_OBSERVED_MS))
        ? "light"
        : "heavy";
    if (this.queues[lane].length >= (this.options.maxQueued ?? 1000)) {
      return Promise.resolve(
        errorAnswer(
          503,
          "service is overloaded and can not run the query right now. Please try again in a few minutes",
        ),
      );
    }
    const timeout = this.options.limits.timeoutMs;
    return new Promise((resolve) => {
      const job: Job = {
        id: this.nextId++,
        request,
        resolve,
        lane,
        deadline: timeout > 0 ? performance.now() + timeout : Infinity,
        expiry: null,
        shape,
        started: 0,
      };
      this.queues[lane].push(job);
      this.dispatch();
      if (this.queues[lane].includes(job) && timeout > 0) {
        job.expiry = setTimeout(() => {
          const queue = this.queues[lane];
          const at = queue.indexOf(job);
          if (at === -1) return;
          queue.splice(at, 1);
          resolve(errorAnswer(200, "Query timed out"));
        }, timeout);
      }
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of [...this.queues.light.splice(0), ...this.queues.heavy.splice(0)]) {
      if (job.expiry) clearTimeout(job.expiry);
      job.resolve(errorAnswer(503, "the indexer is stopping"));
    }
    await Promise.all(
      this.slots.map((slot) => {
        if (slot.timer) clearTimeout(slot.timer);
        slot.job?.resolve(errorAnswer(503, "the indexer is stopping"));
        slot.job = null;
        return slot.worker.terminate();
      }),
    );
  }

  private spawn(lightOnly: boolean): Slot {
    const {
      workers: _w,
      workerHeapMb,
      maxQueued: _q,
      onStoreError: _o,
      lightWorkers: _l,
      lightObservedMs: _m,
      apiSchema: _s,
      ...data
    } = this.options;
    const worker = new Worker(new URL("./query-worker.ts", import.meta.url), {
      workerData: data,
      resourceLimits: { maxOldGenerationSizeMb: workerHeapMb ?? 768 },
    });
    let markReady!: () => void;
    const slot: Slot = {
      lightOnly,
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
      this.slots[index] = this.spawn(slot.lightOnly);
    });
    return slot;
  }

  private finish(slot: Slot, answer: QueryAnswer): void {
    const job = slot.job;
    if (job?.shape) this.observe(job.shape, performance.now() - job.started);
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
    job?.resolve(answer);
    this.dispatch();
  }

  private observe(shape: string, ms: number): void {
    const before = this.observed.get(shape);
    this.observed.delete(shape); // most recent last
    this.observed.set(shape, Math.max(ms, (before ?? 0) / 2));
    if (this.observed.size > OBSERVED_SHAPES) this.observed.delete(this.observed.keys().next().value!);
  }

  /**
   * Next job for `slot`: a light worker takes light ones; a shared worker takes the one that has
   * waited longest, whichever its lane (light ones also have the light worker: taking them first
   * here too left heavy ones waiting for as long as light ones kept coming).
   */
  private take(slot: Slot): Job | undefined {
    const { light, heavy } = this.queues;
    if (slot.lightOnly || heavy.length === 0) return light.shift();
    if (light.length === 0 || heavy[0].id < light[0].id) return heavy.shift();
    return light.shift();
  }

  private dispatch(): void {
    // Light-only workers first, so a light query leaves the shared workers to heavy ones.
    const order = [...this.slots.filter((s) => s.lightOnly), ...this.slots.filter((s) => !s.lightOnly)];
    for (const slot of order) {
      if (slot.job || !slot.usable) continue;
      let job: Job | undefined;
      let remaining = 0;
      while ((job = this.take(slot))) {
        if (job.expiry) clearTimeout(job.expiry);
        remaining = job.deadline - performance.now();
        if (remaining > 0) break;
        job.resolve(errorAnswer(200, "Query timed out"));
      }
      if (!job) continue;
      slot.job = job;
      job.started = performance.now();
      if (remaining !== Infinity) {
        slot.timer = setTimeout(() => {
          if (slot.job !== job) return;
          // The worker is stuck in one long statement: answer now, replace it (on exit).
          slot.usable = false;
          this.finish(slot, errorAnswer(200, "Query timed out"));
          void slot.worker.terminate();
        }, remaining + KILL_GRACE_MS);
      }
      slot.worker.postMessage({ id: job.id, request: job.request, timeoutMs: remaining === Infinity ? 0 : remaining });
    }
  }
}
