// Follows the chain from the manifest's start blocks: fetches headers and logs, runs the
// mappings block by block, commits each block atomically, and detects reorganisations
// and reset nodes (rolling back to the common ancestor, or wiping when there is none).
import fs from "node:fs";
import type { SubgraphManifest, DataSource, EventHandler } from "../manifest/load-manifest.ts";
import { BlockSource, toEthereumBlock, toEthereumTransaction } from "../chain/block-source.ts";
import type { RpcBlock, RpcLog, RpcTransaction } from "../chain/block-source.ts";
import { BlockFeed, MOVED } from "./block-feed.ts";
import { RpcUnavailableError } from "../chain/json-rpc.ts";
import { MappingModule } from "../runtime/mapping-module.ts";
import type { HostImportsFactory, EthereumEvent } from "../runtime/mapping-module.ts";
import { createHostImports } from "../runtime/host-imports.ts";
import type { HostContext, LogLevel, SyncChain } from "../runtime/host-imports.ts";
import { DeterministicError, NonDeterministicError } from "../runtime/errors.ts";
import { decodeEventLog } from "../runtime/abi-decoder.ts";
import { BlockEntityCache } from "../store/block-entity-cache.ts";
import { damageAdvice, isStoreDamage } from "../store/entity-store.ts";
import type { BlockRecord, EntityStore } from "../store/entity-store.ts";

export type IndexerLog = (level: LogLevel, message: string) => void;

/**
 * While catching up, processed blocks are written together (one transaction, as graph-node
 * batches its writes) once this many entity versions wait, or this long after the last write.
 * Blocks are processed from the staged versions meanwhile; a kill loses only unwritten blocks,
 * indexed again from the stored head on restart.
 */
const FLUSH_VERSIONS = 20_000;
const FLUSH_MS = 1_000;
/** Blocks with triggers fetched in full ahead of the one the mappings process. */
const FULL_BLOCKS_AHEAD = 3;
/** Batches sent to the store's writer thread and not yet written before indexing waits for it. */
const MAX_BATCHES_IN_FLIGHT = 3;

export type IndexerOptions = {
  manifest: SubgraphManifest;
  store: EntityStore;
  source: BlockSource;
  chain: SyncChain & { clearCache?: () => void };
  log?: IndexerLog;
  /** Blocks fetched per step while catching up. */
  batchSize?: number;
  pollIntervalMs?: number;
  hostImports?: HostImportsFactory;
  /**
   * Wipe the store and re-index when the node turns out to be another chain (`--reset`).
   * Without it indexing stops and says so: the indexed data is kept.
   */
  allowReset?: boolean;
  /** The store file, named in advice about a damaged store. */
  storeFile?: string;
};

export type IndexingError = { block: number; hash?: string; message: string };

/** A problem that keeps indexing from progressing without being the mapping's fault. */
export type IndexingProblem = {
  kind: "rpc" | "store" | "chain-changed" | "other";
  message: string;
  /** Unix ms of the first occurrence in this run of the problem. */
  since: number;
};

type Trigger =
  | { kind: "event"; ds: DataSource; handler: EventHandler; log: RpcLog; logIndex: number }
  | { kind: "block"; ds: DataSource; handler: string };

export class Indexer {
  readonly manifest: SubgraphManifest;
  readonly store: EntityStore;
  readonly source: BlockSource;
  private readonly chain: IndexerOptions["chain"];
  private readonly log: IndexerLog;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly hostImports: HostImportsFactory;
  private readonly modules = new Map<string, MappingModule>();
  readonly startBlock: number;
  private running = false;
  private wake: (() => void) | null = null;
  private unreachableSince: number | null = null;
  private lastStepError: string | null = null;
  /** The deterministic failure that stopped indexing, if any. */
  fatalError: IndexingError | null = null;
  /** Latest block the node reported. */
  chainHead: { number: number; hash: string } | null = null;
  /** Why indexing is not progressing right now (cleared by the next good round). */
  problem: IndexingProblem | null = null;
  private readonly allowReset: boolean;
  private readonly storeFile: string;

  constructor(options: IndexerOptions) {
    this.manifest = options.manifest;
    this.store = options.store;
    this.source = options.source;
    this.chain = options.chain;
    this.log = options.log ?? (() => {});
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.hostImports = options.hostImports ?? createHostImports;
    this.allowReset = options.allowReset ?? false;
    this.storeFile = options.storeFile ?? "the store file";
    this.startBlock = Math.min(...this.manifest.dataSources.map((d) => d.startBlock));
    for (const ds of this.manifest.dataSources) {
      const module = new MappingModule(ds.name, fs.readFileSync(ds.wasmFile));
      for (const h of [...ds.eventHandlers.map((e) => e.handler), ...ds.blockHandlers.map((b) => b.handler)]) {
        if (!module.exportsHandler(h))
          throw new Error(`mapping ${ds.name} does not export handler ${h}: rebuild the subgraph`);
      }
      const missing = module.missingImports(
        this.hostImports(() => {
          throw new Error("unused");
        }, {} as HostContext),
      );
      if (missing.length) {
        this.log(
          "warning",
          `mapping ${ds.name} imports host functions this host lacks (calls fail): ${missing.join(", ")}`,
        );
      }
      this.modules.set(ds.name, module);
    }
    const stored = this.store.getMeta("fatalError");
    if (stored) this.store.deleteMeta("fatalError"); // retried once per start, like a redeploy
  }

  /** Runs until `stop()`: keeps indexing, keeps retrying an unreachable node. */
  async run(): Promise<void> {
    this.running = true;
    while (this.running) {
      let more = false;
      try {
        more = await this.step();
        this.lastStepError = null;
        if (this.problem?.kind !== "chain-changed") this.problem = null;
        if (this.unreachableSince !== null) {
          this.log("info", `Ethereum node at ${this.source.rpc.url} is reachable again`);
          this.unreachableSince = null;
        }
      } catch (error) {
        if (!this.running) break; // stopping: the requests in flight were aborted
        if (error instanceof RpcUnavailableError || error instanceof NonDeterministicError) {
          this.setProblem("rpc", error.message);
          if (this.unreachableSince === null) {
            this.unreachableSince = Date.now();
            this.log(
              "warning",
              `${error.message}; retrying every ${this.pollIntervalMs} ms (is the node running? npm run chain)`,
            );
          }
        } else if (isStoreDamage(error)) {
          const message = `store error: ${(error as Error).message}; ${damageAdvice(this.storeFile)}`;
          if (this.problem?.message !== message) this.log("error", message);
          this.setProblem("store", message);
        } else {
          this.setProblem("other", `indexing step failed: ${(error as Error).message}`);
          const message = `indexing step failed: ${(error as Error).stack ?? error}`;
          if (message !== this.lastStepError)
            this.log("error", `${message}\n(retrying every ${this.pollIntervalMs} ms)`);
          this.lastStepError = message;
        }
      }
      if (this.running && !more) await this.sleep(this.pollIntervalMs);
    }
  }

  private setProblem(kind: IndexingProblem["kind"], message: string): void {
    if (this.problem?.kind === kind && this.problem.message === message) return;
    this.problem = { kind, message, since: this.problem?.kind === kind ? this.problem.since : Date.now() };
  }

  stop(): void {
    this.running = false;
    this.wake?.();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  /** One round: identity and reorg checks, then up to `batchSize` blocks. True if more are waiting. */
  async step(): Promise<boolean> {
    try {
      return await this.indexBlocks();
    } finally {
      // Blocks processed before a failure are written, and the batches on the store's writer
      // thread finish; if writing fails, the blocks not written are indexed again.
      let failure: unknown = null;
      try {
        this.store.flushStaged();
      } catch (error) {
        failure = error;
      }
      try {
        await this.store.settle();
      } catch (error) {
        failure ??= error;
      }
      if (failure !== null) {
        this.store.discardStaged();
        throw failure;
      }
    }
  }

  private async indexBlocks(): Promise<boolean> {
    if (!(await this.checkChainIdentity())) return false;
    if (!(await this.checkHead())) return false;
    if (this.problem?.kind === "chain-changed") {
      this.log("info", "the node is the indexed chain again: indexing resumes");
      this.problem = null;
    }
    const latestHeader = await this.source.latestHeader();
    const latest = latestHeader.number;
    this.chainHead = { number: latest, hash: latestHeader.hash };
    if (this.fatalError) return false;
    const head = this.store.head();
    const from = head ? head.number + 1 : this.startBlock;
    if (from > latest) {
      // Caught up with the chain head: graph-node's `synced`, which stays set (a wipe clears it).
      if (this.store.getMeta("synced") !== "true") this.store.setMeta("synced", "true");
      if (this.store.attributeIndexesPostponed) {
        const started = performance.now();
        await this.store.buildPostponedIndexes();
        this.log(
          "info",
          `caught up with the chain head: built the query indexes in ${((performance.now() - started) / 1000).toFixed(1)} s`,
        );
      }
      return false;
    }
    const to = Math.min(latest, from + this.batchSize - 1);

    // Headers and logs come in chunks and full blocks a few ahead (BlockFeed), so the node
    // prepares the next ones while the mappings run.
    const feed = new BlockFeed<Trigger>({
      source: this.source,
      from,
      to,
      parentHash: head?.hash ?? null,
      logs: (a, b) => this.fetchLogs(a, b),
      triggers: (number, logs) => this.triggersFor(number, logs),
      fullAhead: FULL_BLOCKS_AHEAD,
    });
    let pending: BlockRecord[] = [];
    try {
      let stepStarted = performance.now();
      for (;;) {
        const next = await feed.next();
        if (next === null) break;
        if (next === MOVED) {
          this.commitEmpty(pending);
          return false; // the chain moved under us: retry after the poll interval
        }
        const { header, triggers } = next;
        const record = {
          number: header.number,
          hash: header.hash,
          parentHash: header.parentHash,
          timestamp: header.timestamp,
        };
        if (next.full === null) {
          pending.push(record);
          continue;
        }
        const full = await next.full;
        if (!full) {
          this.commitEmpty(pending);
          return false; // the block was just reorganised away: retry after the poll interval
        }
        const cache = new BlockEntityCache(this.store);
        try {
          this.processBlock(full, triggers, cache);
        } catch (error) {
          if (error instanceof DeterministicError) {
            this.commitEmpty(pending);
            this.fail({ block: header.number, hash: header.hash, message: error.message });
            return false;
          }
          this.commitEmpty(pending);
          throw error;
        }
        this.store.stageBlock(record, cache.changes, pending);
        pending = [];
        if (this.store.stagedVersions >= FLUSH_VERSIONS || performance.now() - stepStarted >= FLUSH_MS) {
          this.store.flushStaged();
          stepStarted = performance.now();
          await this.store.drainTo(MAX_BATCHES_IN_FLIGHT);
        }
      }
    } finally {
      feed.close();
    }
    this.commitEmpty(pending);
    // Reaching the chain head on a new store: the writer thread builds the postponed field
    // indexes once it has written this round's last batch (started earlier, they would make
    // those writes several times dearer).
    if (to === latest) this.store.startIndexBuild();
    return to < latest;
  }

  /** Stages the blocks without changes, then writes every staged block (one transaction). */
  private commitEmpty(blocks: BlockRecord[]): void {
    if (blocks.length > 0) this.store.stageBlock(blocks[blocks.length - 1], new Map(), blocks.slice(0, -1));
    this.store.flushStaged();
  }

  private fail(error: IndexingError): void {
    this.fatalError = error;
    this.store.setMeta("fatalError", JSON.stringify(error));
    this.log(
      "error",
      `Subgraph failed at block ${error.block}: ${error.message}. Indexing stopped; queries answer up to block ${error.block - 1}. Fix the mapping, rebuild the subgraph and restart the indexer.`,
    );
  }

  private async fetchLogs(from: number, to: number): Promise<RpcLog[]> {
    const active = this.manifest.dataSources.filter(
      (d) => d.eventHandlers.length && d.startBlock <= to && (d.endBlock === null || d.endBlock >= from),
    );
    if (active.length === 0) return [];
    const topic0s = [...new Set(active.flatMap((d) => d.eventHandlers.map((h) => h.topic0)))];
    const addresses = active.some((d) => d.address === null) ? null : [...new Set(active.map((d) => d.address!))];
    const logs = await this.source.logs(from, to, addresses, topic0s);
    return logs.sort(
      (a, b) =>
        Number(BigInt(a.blockNumber) - BigInt(b.blockNumber)) || Number(BigInt(a.logIndex) - BigInt(b.logIndex)),
    );
  }

  /** A block's triggers in graph-node's order: logs by log index (data sources in manifest order), then block handlers. */
  private triggersFor(number: number, logs: RpcLog[]): Trigger[] {
    const triggers: Trigger[] = [];
    for (const log of logs) {
      for (const ds of this.manifest.dataSources) {
        if (number < ds.startBlock || (ds.endBlock !== null && number > ds.endBlock)) continue;
        if (ds.address !== null && ds.address !== log.address.toLowerCase()) continue;
        for (const handler of ds.eventHandlers) {
          if (handler.topic0 !== log.topics[0]?.toLowerCase()) continue;
          const topicsMatch = handler.topics.every(
            (allowed, i) => !allowed || allowed.includes((log.topics[i + 1] ?? "").toLowerCase()),
          );
          if (topicsMatch) triggers.push({ kind: "event", ds, handler, log, logIndex: Number(BigInt(log.logIndex)) });
        }
      }
    }
    for (const ds of this.manifest.dataSources) {
      if (number < ds.startBlock || (ds.endBlock !== null && number > ds.endBlock)) continue;
      for (const bh of ds.blockHandlers) {
        const due = bh.once ? number === ds.startBlock : (number - ds.startBlock) % bh.every === 0;
        if (due) triggers.push({ kind: "block", ds, handler: bh.handler });
      }
    }
    return triggers;
  }

  private processBlock(block: RpcBlock, triggers: Trigger[], cache: BlockEntityCache): void {
    const ethBlock = toEthereumBlock(block);
    const transactions = new Map<string, RpcTransaction>();
    for (const tx of block.transactions) if (typeof tx !== "string") transactions.set(tx.hash.toLowerCase(), tx);
    const number = Number(ethBlock.number);
    for (const trigger of triggers) {
      const ctx: HostContext = {
        schema: this.manifest.schema,
        entities: cache,
        chain: this.chain,
        blockNumber: number,
        dataSource: {
          name: trigger.ds.name,
          address: trigger.ds.address ?? "0x0000000000000000000000000000000000000000",
          network: trigger.ds.network,
          abis: trigger.ds.abis,
        },
        log: (level, message) => this.log(level, `[${trigger.ds.name}] ${message}`),
      };
      const module = this.modules.get(trigger.ds.name)!;
      if (trigger.kind === "block") {
        module.runBlockHandler(trigger.handler, ethBlock, ctx, this.hostImports);
        continue;
      }
      const tx = transactions.get(trigger.log.transactionHash.toLowerCase());
      if (!tx)
        throw new NonDeterministicError(`transaction ${trigger.log.transactionHash} missing from block ${number}`);
      const event = this.decodeEvent(trigger.handler, trigger.log, trigger.logIndex);
      if (!event) continue;
      module.runEventHandler(
        trigger.handler.handler,
        { ...event, block: ethBlock, transaction: toEthereumTransaction(tx) },
        ctx,
        this.hostImports,
      );
    }
  }

  private decodeEvent(
    handler: EventHandler,
    log: RpcLog,
    logIndex: number,
  ): Omit<EthereumEvent, "block" | "transaction"> | null {
    let decoded;
    try {
      decoded = decodeEventLog(handler.fragment, log.data, log.topics);
    } catch (error) {
      this.log(
        "warning",
        `skipping log ${logIndex} of block ${Number(BigInt(log.blockNumber))}: it does not decode as ${handler.event} (${(error as Error).message})`,
      );
      return null;
    }
    return {
      address: log.address,
      logIndex: BigInt(logIndex),
      transactionLogIndex: BigInt(logIndex), // graph-node passes the log index here too
      logType: null,
      parameters: handler.fragment.inputs.map((type, i) => ({ name: type.name, type, value: decoded[i] })),
    };
  }

  // ------------------------------------------------------------------ chain identity and reorgs

  /** False when the node is another chain and the store is kept (no `--reset`). */
  private async checkChainIdentity(): Promise<boolean> {
    const chainId = String(await this.source.chainId());
    const genesis = (await this.source.header(0))?.hash ?? "unknown";
    const storedId = this.store.getMeta("chainId");
    const storedGenesis = this.store.getMeta("genesis");
    if (storedId !== undefined && (storedId !== chainId || storedGenesis !== genesis)) {
      const what = `the node at ${this.source.rpc.url} is a different chain from the one indexed (chain id ${storedId} -> ${chainId}, genesis ${storedGenesis} -> ${genesis})`;
      if (!this.chainChanged(what)) return false;
      this.resetAll();
    }
    if (this.store.getMeta("chainId") !== chainId) this.store.setMeta("chainId", chainId);
    if (this.store.getMeta("genesis") !== genesis) this.store.setMeta("genesis", genesis);
    return true;
  }

  /** With `--reset`: logs the wipe and says go. Without: stops indexing with advice, says stop. */
  private chainChanged(what: string): boolean {
    if (this.allowReset) {
      this.log("warning", `${what}: wiping the store and re-indexing from block ${this.startBlock} (--reset)`);
      return true;
    }
    const message = `${what}. Indexing stopped and the indexed data is kept; queries answer from it. To index the new chain, restart the indexer with --reset (it wipes ${this.storeFile}); or point --rpc at the original node.`;
    if (this.problem?.kind !== "chain-changed") this.log("error", message);
    this.setProblem("chain-changed", message);
    return false;
  }

  /** Compares the stored head with the node; rolls back to the common ancestor if they differ. */
  private async checkHead(): Promise<boolean> {
    const head = this.store.head();
    if (!head) return true;
    const current = await this.source.header(head.number);
    if (current && current.hash === head.hash) return true;
    const ancestor = await this.findCommonAncestor(head.number);
    if (ancestor === null) {
      const what = `none of the indexed blocks (from ${this.startBlock} to ${head.number}) is on the node's chain at ${this.source.rpc.url} any more (a restarted local node?)`;
      if (!this.chainChanged(what)) return false;
      this.resetAll();
      return true;
    }
    this.log(
      "warning",
      `chain reorganisation: block ${head.number} ${head.hash} is no longer canonical; rolled back to block ${ancestor}`,
    );
    this.store.rollback(ancestor);
    this.chain.clearCache?.();
    if (this.fatalError && this.fatalError.block > ancestor) {
      this.fatalError = null;
      this.store.deleteMeta("fatalError");
    }
    return true;
  }

  /** Highest stored block the node still has; hashes chain, so the matches form a prefix. */
  private async findCommonAncestor(below: number): Promise<number | null> {
    const lowest = this.store.lowestBlockNumber();
    if (lowest === null) return null;
    const matches = async (n: number) => {
      const stored = this.store.blockAt(n);
      if (!stored) return false;
      const header = await this.source.header(n);
      return header !== null && header.hash === stored.hash;
    };
    if (!(await matches(lowest))) return null;
    let lo = lowest; // matches
    let hi = below; // does not match
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (await matches(mid)) lo = mid;
      else hi = mid;
    }
    return lo;
  }

  private resetAll(): void {
    this.store.wipe();
    this.chain.clearCache?.();
    this.fatalError = null;
  }
}
