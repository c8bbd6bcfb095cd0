// The blocks of one indexing round, fetched ahead of the mappings: headers and logs in chunks
// of a few blocks (the next chunk is requested while this one is processed, so the mappings
// start after the first chunk rather than after the logs of the whole range), and the full
// blocks (with their transactions) of the blocks that have triggers, a few ahead of the one
// being processed. Each chunk's headers must link to the block before, and its logs must name
// their header's hash; otherwise the chain moved under us and the feed ends with `moved`.
import type { BlockHeader, BlockSource, RpcBlock, RpcLog } from "../chain/block-source.ts";

/** A block of the range: its header, its triggers and (when it has triggers) its full block. */
export type FedBlock<T> = { header: BlockHeader; triggers: T[]; full: Promise<RpcBlock | null> | null };

/** The chain changed while the range was read: the caller retries after the poll interval. */
export const MOVED = Symbol("moved");

/** Logs aimed at per chunk: the next chunk's size follows the density of the last one. */
const CHUNK_LOGS = 4_000;
const FIRST_CHUNK_BLOCKS = 4;
const MAX_CHUNK_BLOCKS = 500;

export type BlockFeedOptions<T> = {
  source: BlockSource;
  from: number;
  to: number;
  /** Hash the first block's parent must have (the stored head), or null at the start block. */
  parentHash: string | null;
  /** The data sources' logs of [from, to], ordered by block and log index. */
  logs: (from: number, to: number) => Promise<RpcLog[]>;
  /** A block's triggers from its logs. */
  triggers: (number: number, logs: RpcLog[]) => T[];
  /** Blocks with triggers whose full block is requested before the mappings reach them. */
  fullAhead: number;
};

type Chunk = { from: number; to: number; data: Promise<[(BlockHeader | null)[], RpcLog[]]> };

export class BlockFeed<T> {
  private readonly options: BlockFeedOptions<T>;
  private readonly ready: (FedBlock<T> | typeof MOVED)[] = [];
  /** Fed blocks with a full block requested and not taken yet. */
  private fullsAhead = 0;
  private done = false;
  private closed = false;
  private failure: { error: unknown } | null = null;
  private wakeConsumer: (() => void) | null = null;
  private wakeProducer: (() => void) | null = null;

  constructor(options: BlockFeedOptions<T>) {
    this.options = options;
    this.produce().then(
      () => this.finish(),
      (error) => {
        this.failure = { error };
        this.finish();
      },
    );
  }

  /** The next block of the range, `MOVED` when the chain changed under us, null at the end. */
  async next(): Promise<FedBlock<T> | typeof MOVED | null> {
    for (;;) {
      const item = this.ready.shift();
      if (item !== undefined) {
        if (item !== MOVED && item.full) {
          this.fullsAhead--;
          this.wakeProducer?.();
        }
        return item;
      }
      if (this.failure) throw this.failure.error;
      if (this.done) return null;
      await new Promise<void>((resolve) => (this.wakeConsumer = resolve));
      this.wakeConsumer = null;
    }
  }

  /** Stops fetching (the round ended early); requests in flight are left to finish unread. */
  close(): void {
    this.closed = true;
    this.wakeProducer?.();
  }

  private finish(): void {
    this.done = true;
    this.wakeConsumer?.();
  }

  private push(item: FedBlock<T> | typeof MOVED): void {
    this.ready.push(item);
    this.wakeConsumer?.();
  }

  private chunk(from: number, size: number): Chunk {
    const to = Math.min(this.options.to, from + size - 1);
    const data = Promise.all([this.options.source.headers(from, to), this.options.logs(from, to)]);
    data.catch(() => {}); // awaited in turn, or abandoned when the feed closes
    return { from, to, data };
  }

  private async produce(): Promise<void> {
    const { from, to, fullAhead } = this.options;
    let parentHash = this.options.parentHash;
    let size = FIRST_CHUNK_BLOCKS;
    let chunk: Chunk | null = this.chunk(from, size);
    while (chunk && !this.closed) {
      const [headers, logs] = await chunk.data;
      if (this.closed) return;
      // The next chunk is requested now, sized after this one's density of logs.
      const blocks = chunk.to - chunk.from + 1;
      size = Math.max(1, Math.min(MAX_CHUNK_BLOCKS, Math.round((blocks * CHUNK_LOGS) / Math.max(1, logs.length))));
      const current: Chunk = chunk;
      chunk = current.to < to ? this.chunk(current.to + 1, size) : null;

      for (const header of headers) {
        if (!header || (parentHash !== null && header.parentHash !== parentHash)) return this.push(MOVED);
        parentHash = header.hash;
      }
      const known = headers as BlockHeader[];
      const logsByBlock = new Map<number, RpcLog[]>();
      for (const log of logs) {
        const n = Number(BigInt(log.blockNumber));
        const header = known[n - current.from];
        if (!header || header.hash !== log.blockHash.toLowerCase() || log.removed) return this.push(MOVED);
        let list = logsByBlock.get(n);
        if (!list) logsByBlock.set(n, (list = []));
        list.push(log);
      }
      for (const header of known) {
        const triggers = this.options.triggers(header.number, logsByBlock.get(header.number) ?? []);
        if (triggers.length === 0) {
          this.push({ header, triggers, full: null });
          continue;
        }
        while (this.fullsAhead >= fullAhead && !this.closed) {
          await new Promise<void>((resolve) => (this.wakeProducer = resolve));
          this.wakeProducer = null;
        }
        if (this.closed) return;
        const full = this.options.source.fullBlock(header.hash);
        full.catch(() => {}); // awaited when its turn comes, or abandoned with the round
        this.fullsAhead++;
        this.push({ header, triggers, full });
      }
    }
  }
}
