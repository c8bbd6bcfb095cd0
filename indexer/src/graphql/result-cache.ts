// Answers of recent queries at the current head, as graph-node's query cache keeps them: the
// dApp polls the same queries after every transaction, and an answer cannot change until the
// head (or the failure state) does. Bounded by bytes; only successful answers are kept. Like
// graph-node's herd cache, identical queries arriving while one runs wait for its answer
// instead of running again (when a new block drops the answers, every poller asks at once).
import type { QueryRunner } from "../server/http-server.ts";
import type { GraphQLRequest, QueryAnswer } from "./query-service.ts";

export type CacheState = () => string;

export class ResultCache implements QueryRunner {
  private readonly runner: QueryRunner;
  private readonly state: CacheState;
  private readonly maxBytes: number;
  private readonly entries = new Map<string, QueryAnswer>();
  private readonly running = new Map<string, Promise<QueryAnswer>>();
  private bytes = 0;
  private stateKey = "";
  hits = 0;
  misses = 0;

  /**
   * `state` names what answers depend on besides the query (the head block's hash, whether
   * indexing failed): when it changes, every entry is dropped.
   */
  constructor(runner: QueryRunner, state: CacheState, maxBytes: number) {
    this.runner = runner;
    this.state = state;
    this.maxBytes = maxBytes;
  }

  async run(request: GraphQLRequest): Promise<QueryAnswer> {
    if (this.maxBytes <= 0 || typeof request.query !== "string") return this.runner.run(request);
    const state = this.state();
    if (state !== this.stateKey) {
      this.entries.clear();
      this.bytes = 0;
      this.stateKey = state;
    }
    let variables: string;
    try {
      variables = JSON.stringify(request.variables ?? null);
    } catch {
      return this.runner.run(request);
    }
    const key = `${typeof request.operationName === "string" ? request.operationName : ""}\n${variables}\n${request.query}`;
    const cached = this.entries.get(key);
    if (cached) {
      this.hits++;
      this.entries.delete(key); // most recently used last
      this.entries.set(key, cached);
      return cached;
    }
    const inFlight = this.running.get(`${state}\n${key}`);
    if (inFlight) {
      this.hits++;
      return inFlight;
    }
    this.misses++;
    const pending = this.runner.run(request);
    this.running.set(`${state}\n${key}`, pending);
    let answer: QueryAnswer;
    try {
      answer = await pending;
    } finally {
      this.running.delete(`${state}\n${key}`);
    }
    // Keep it only if the head did not move meanwhile (the answer may be from either block).
    if (answer.status === 200 && this.state() === state && !answer.body.startsWith('{"errors"')) {
      const size = answer.body.length + key.length;
      if (size <= this.maxBytes / 8 && !answer.body.includes('"errors":[')) {
        while (this.bytes + size > this.maxBytes && this.entries.size) {
          const [oldest, entry] = this.entries.entries().next().value!;
          this.entries.delete(oldest);
          this.bytes -= entry.body.length + oldest.length;
        }
        this.entries.set(key, answer);
        this.bytes += size;
      }
    }
    return answer;
  }
}
