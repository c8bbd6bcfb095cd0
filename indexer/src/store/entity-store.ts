// The embedded store: entity versions with block ranges in SQLite (node:sqlite), plus
// the progress pointer and the hashes of indexed blocks.
//
// Every entity version lives in its table with [block_from, block_to); the current
// version has block_to = OPEN. A block's changes, its hash and the new head are written
// in one transaction, so a crash never leaves half a block. Rolling back to block N
// deletes versions born after N and reopens those closed after N: the same ranges give
// time-travel queries (`block: { number }`).
import fs from "node:fs";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { StatementSync } from "node:sqlite";
import type { EntityModel, FieldModel, SubgraphSchema } from "../schema/subgraph-schema.ts";
import {
  columnType,
  fromColumn,
  idKey,
  isStoredField,
  referencesId,
  scalarToColumn,
  toColumn,
} from "./entity-values.ts";
import type { EntityData, SqlValue } from "./entity-values.ts";
import { StoreWriter } from "./store-writer.ts";

/** block_to of a current version. */
export const OPEN = Number.MAX_SAFE_INTEGER;

export type BlockRecord = { number: number; hash: string; parentHash: string; timestamp: number };

/** Per entity type, per id key: the entity after the block, or null when removed. */
export type EntityChanges = Map<string, Map<string, EntityData | null>>;

/** The store file cannot be used: damaged, or not a store at all. The message says what to delete. */
export class StoreDamagedError extends Error {
  name = "StoreDamagedError";
}

/** SQLite's messages for a damaged or foreign file. */
const DAMAGE = /malformed|not a database|SQLITE_CORRUPT|SQLITE_NOTADB|file is encrypted|disk image/i;

export function isStoreDamage(error: unknown): boolean {
  return error instanceof StoreDamagedError || DAMAGE.test(String((error as Error)?.message ?? error));
}

/** What to delete to start over from a damaged store file. */
export function damageAdvice(file: string): string {
  return `stop the indexer, delete ${file} (and ${file}-wal, ${file}-shm if present) and start it again: it re-indexes from the chain`;
}

export type StoreOptions = {
  /** A reader beside the indexer's connection (query workers): no schema changes, no writes. */
  readOnly?: boolean;
  /**
   * On a new store, create the indexes of entity fields (which serve `where` and `orderBy`) only
   * when `buildAttributeIndexes` is called, once indexing has caught up: maintaining dozens of
   * indexes per version is most of the cost of writing, and an index built over existing rows is
   * cheaper (graph-node's GRAPH_POSTPONE_ATTRIBUTE_INDEX_CREATION). Queries answer meanwhile,
   * more slowly on large tables.
   */
  postponeIndexes?: boolean;
  /** Run SQLite's quick_check on open and refuse a damaged file (the indexer's connection at start). */
  check?: boolean;
  /**
   * Write staged blocks (`flushStaged`) and build the postponed indexes on a writer thread with a
   * connection of its own (store-writer.ts), while this thread goes on: the schema's text, which
   * the thread parses. A file store only.
   */
  writerThread?: { schemaText: string };
  /** The writer thread's connection to a store opened by the indexer: it only writes batches and builds indexes. */
  batchWriter?: boolean;
};

/** How long a connection waits for another's write transaction (the writer thread's) before failing. */
const BUSY_TIMEOUT_MS = 10_000;

/** Current entities kept in memory for the mappings' reads. */
const LATEST_CACHE_SIZE = 100_000;
/** Ids of open entities kept per entity type (see `openIds`). */
const OPEN_IDS_LIMIT = 1_000_000;

export class EntityStore {
  readonly db!: DatabaseSync;
  readonly schema: SubgraphSchema;
  private statements = new Map<string, StatementSync>();
  /**
   * The current version of recently read or written entities (null: known not to exist), by
   * entity type and id, as committed: filled by `getLatest`, updated by `commitBlock` after its
   * transaction, dropped by `rollback` and `wipe`. Handed out as copies (`getLatest`) or to
   * readers that promise not to change them (`peekLatest`).
   */
  private readonly latest = new RecentEntities(LATEST_CACHE_SIZE);
  /** Per entity type: the stored columns and the statements that read and write its versions. */
  private readonly writers = new Map<string, VersionWriter>();

  /** Why the stored data was dropped on open, if it was. */
  readonly resetReason: string | null = null;

  /**
   * Opens (or creates) the store. `fingerprint` identifies the subgraph build: data
   * indexed by a different build is dropped, as graph-node would deploy a new version.
   */
  constructor(file: string, schema: SubgraphSchema, fingerprint = "", options: StoreOptions = {}) {
    this.schema = schema;
    if (options.readOnly) {
      this.db = new DatabaseSync(file, { readOnly: true });
      this.db.exec("PRAGMA cache_size = -16384; PRAGMA temp_store = MEMORY;");
      return;
    }
    if (options.batchWriter) {
      this.db = new DatabaseSync(file);
      this.db.exec(
        `PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY; PRAGMA threads = 4;`,
      );
      return;
    }
    if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      this.db = new DatabaseSync(file);
      if (options.check) {
        const rows = this.db.prepare("PRAGMA quick_check(5)").all() as Record<string, string>[];
        const problems = rows.map((r) => Object.values(r)[0]).filter((v) => v !== "ok");
        if (problems.length) throw new StoreDamagedError(problems.join("; "));
      }
      this.db.exec(
        `PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF; PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS};`,
      );
    } catch (error) {
      if (!isStoreDamage(error)) throw error;
      try {
        this.db?.close();
      } catch {
        // already unusable
      }
      throw new StoreDamagedError(
        `the store file ${file} is damaged (${(error as Error).message}); ${damageAdvice(file)}`,
      );
    }
    // Every stored field has an index, so each entity version written touches dozens of
    // B-trees, and queries read rows all over the file: SQLite's default 2 MB page cache
    // would send most page reads to the OS. 64 MB (an upper bound, allocated as used).
    this.db.exec("PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;");
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS blocks (
        number INTEGER PRIMARY KEY, hash TEXT NOT NULL, parent_hash TEXT NOT NULL, timestamp INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS blocks_hash ON blocks (hash);`);
    const stored = this.getMeta("fingerprint");
    if (stored !== undefined && stored !== fingerprint) {
      this.dropAll();
      this.resetReason = "the subgraph build changed since the data was indexed";
    }
    this.setMeta("fingerprint", fingerprint);
    const fresh = !this.db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name LIKE 'ent\\_%' ESCAPE '\\'")
      .get();
    if (fresh && options.postponeIndexes) this.setMeta("attributeIndexes", "postponed");
    this.createEntityTables();
    // A store indexed before the planner statistics were gathered (see buildAttributeIndexes).
    const analyzed = this.db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").get();
    if (!analyzed && !this.attributeIndexesPostponed && this.head()) analyze(this.db);
    if (options.writerThread && file !== ":memory:") this.writer = new StoreWriter({ file, ...options.writerThread });
  }

  /** The writer thread, when the store has one (`StoreOptions.writerThread`). */
  readonly writer: StoreWriter | null = null;

  /** Whether the field indexes wait for `buildAttributeIndexes` (a new store, catching up). */
  get attributeIndexesPostponed(): boolean {
    return this.getMeta("attributeIndexes") === "postponed";
  }

  /** The postponed build on the writer thread, once started (`startIndexBuild`). */
  private indexBuild: Promise<void> | null = null;

  /**
   * Starts building the postponed field indexes on the writer thread, which builds them one at a
   * time between the batches sent to it (before and after), so indexing goes on meanwhile. Without
   * a writer thread, nothing: `buildPostponedIndexes` builds them.
   */
  startIndexBuild(): void {
    if (!this.writer || this.indexBuild || !this.attributeIndexesPostponed) return;
    const build = this.writer.buildIndexes();
    this.indexBuild = build;
    // A failure is reported by `buildPostponedIndexes`, which starts the build again.
    build.catch(() => {
      if (this.indexBuild === build) this.indexBuild = null;
    });
  }

  /** Builds the postponed field indexes, or waits for the build `startIndexBuild` started. */
  async buildPostponedIndexes(): Promise<void> {
    if (!this.attributeIndexesPostponed) return;
    if (!this.writer) return this.buildAttributeIndexes();
    const build = this.indexBuild ?? this.writer.buildIndexes();
    this.indexBuild = build;
    try {
      await build;
    } finally {
      this.indexBuild = null;
    }
  }

  /** Creates the entity fields' indexes postponed on a new store. */
  buildAttributeIndexes(): void {
    if (!this.attributeIndexesPostponed) return;
    // SQLite sorts the rows of each new index with helper threads when allowed to.
    this.db.exec("PRAGMA threads = 4");
    try {
      this.transaction(() => {
        for (const sql of this.attributeIndexStatements()) this.db.exec(sql);
      });
      this.finishAttributeIndexes();
    } finally {
      this.db.exec("PRAGMA threads = 0");
    }
  }

  /**
   * One index per field, on (field, block_to): a filter on the field at the head reads only the
   * versions still open (block_to > head), not every version the field ever had. The statements
   * that create those still missing (each may run on its own).
   */
  attributeIndexStatements(entities: Iterable<EntityModel> = this.schema.entities.values()): string[] {
    const statements: string[] = [];
    for (const entity of entities) {
      for (const f of entity.fields) {
        if (isStoredField(f) && !f.list && f.name !== "id") {
          // Stores written before the index carried block_to have one on the field alone.
          const old = `${entity.table}_${f.name}`;
          const found = this.statement("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?").get(old) as
            { sql: string } | undefined;
          if (found?.sql.endsWith(`("${f.name}")`)) statements.push(`DROP INDEX "${old}"`);
          statements.push(
            `CREATE INDEX IF NOT EXISTS "${entity.table}_${f.name}_at" ON "${entity.table}" ("${f.name}", block_to)`,
          );
        }
      }
    }
    return statements;
  }

  /**
   * Once the field indexes exist: the query planner's statistics (readers load them with the new
   * schema; without them it reads every current version through the block range index and sorts
   * them, where walking an ordered field's index stops after `first` rows), then the build is done.
   */
  finishAttributeIndexes(): void {
    this.transaction(() => {
      analyze(this.db);
      this.deleteMeta("attributeIndexes");
    });
    // Catching up wrote the whole store through the write-ahead log: move it into the file.
    this.db.exec("PRAGMA wal_checkpoint(PASSIVE)");
  }

  /** Closes the connection; a writer thread stops after the batches sent to it (`settle` first to know how they went). */
  close(): void {
    void this.writer?.close();
    this.forgetLatest();
    this.writers.clear();
    this.statements.clear();
    this.db.close();
  }

  private dropAll(): void {
    const tables = this.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'ent\\_%' ESCAPE '\\'")
      .all() as { name: string }[];
    for (const { name } of tables) this.db.exec(`DROP TABLE "${name}"`);
    this.db.exec("DELETE FROM blocks; DELETE FROM meta;");
  }

  private createEntityTables(): void {
    for (const entity of this.schema.entities.values()) {
      const idType = entity.idScalar === "Int8" ? "INTEGER" : "TEXT";
      const columns = entity.fields
        .filter((f) => isStoredField(f) && f.name !== "id")
        .map((f) => `"${f.name}" ${columnType(f)}`);
      this.db.exec(`CREATE TABLE IF NOT EXISTS "${entity.table}" (
        vid INTEGER PRIMARY KEY, id ${idType} NOT NULL,
        block_from INTEGER NOT NULL, block_to INTEGER NOT NULL${columns.map((c) => `, ${c}`).join("")})`);
      this.db.exec(`CREATE INDEX IF NOT EXISTS "${entity.table}_id" ON "${entity.table}" (id, block_to)`);
      this.db.exec(`CREATE INDEX IF NOT EXISTS "${entity.table}_from" ON "${entity.table}" (block_from)`);
      this.db.exec(`CREATE INDEX IF NOT EXISTS "${entity.table}_to" ON "${entity.table}" (block_to)`);
      if (!this.attributeIndexesPostponed) for (const sql of this.attributeIndexStatements([entity])) this.db.exec(sql);
    }
  }

  /** A cached prepared statement; entity statements read integers as bigint (Int8 safety). */
  statement(sql: string): StatementSync {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      stmt.setReadBigInts(true);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  // ------------------------------------------------------------------ meta and progress

  getMeta(key: string): string | undefined {
    const row = this.statement("SELECT value FROM meta WHERE key = ?").get(key) as { value: string } | undefined;
    return row?.value;
  }

  setMeta(key: string, value: string): void {
    this.statement(
      "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    ).run(key, value);
  }

  deleteMeta(key: string): void {
    this.statement("DELETE FROM meta WHERE key = ?").run(key);
  }

  /** The last block whose changes are committed, or null before the first one. */
  head(): BlockRecord | null {
    const raw = this.getMeta("head");
    return raw ? (JSON.parse(raw) as BlockRecord) : null;
  }

  blockAt(number: number): BlockRecord | null {
    const row = this.statement("SELECT number, hash, parent_hash, timestamp FROM blocks WHERE number = ?").get(number);
    return row ? toBlockRecord(row) : null;
  }

  blockByHash(hash: string): BlockRecord | null {
    const row = this.statement("SELECT number, hash, parent_hash, timestamp FROM blocks WHERE hash = ?").get(
      hash.toLowerCase(),
    );
    return row ? toBlockRecord(row) : null;
  }

  lowestBlockNumber(): number | null {
    const row = this.statement("SELECT MIN(number) AS n FROM blocks").get() as { n: bigint | null };
    return row.n === null ? null : Number(row.n);
  }

  // ------------------------------------------------------------------ reads while indexing

  getLatest(entityName: string, id: string): EntityData | null {
    const data = this.peekLatest(entityName, id);
    return data ? { ...data } : null;
  }

  /** `getLatest` without the copy: the caller must not change (or keep) the result. */
  peekLatest(entityName: string, id: string): Readonly<EntityData> | null {
    const staged = this.overlay.get(entityName)?.get(id);
    if (staged !== undefined) return staged;
    const cached = this.latest.get(entityName, id);
    if (cached !== undefined) return cached;
    const entity = this.entity(entityName);
    const ids = this.openIdsOf(entity);
    if (ids !== null && !ids.has(id)) {
      this.latest.set(entityName, id, null);
      return null;
    }
    const row = this.writerFor(entity).current.get(this.idParam(entity, id));
    const data = row ? this.rowToEntity(entity, row as Record<string, unknown>) : null;
    this.latest.set(entityName, id, data);
    return data;
  }

  private forgetLatest(): void {
    this.latest.clear();
    this.openIds.clear();
  }

  /**
   * Per entity type, the ids of every entity with an open version, while there are at most
   * `OPEN_IDS_LIMIT` (null once there are more): most `store.get` calls of new ids (a mapping
   * loads an entity before creating it) are answered "absent" without a SQL lookup. Loaded on
   * first use, updated after each commit, dropped with the cache of current entities.
   */
  private readonly openIds = new Map<string, Set<string> | null>();

  private openIdsOf(entity: EntityModel): Set<string> | null {
    let ids = this.openIds.get(entity.name);
    if (ids === undefined) {
      const rows = this.statement(
        `SELECT id FROM "${entity.table}" WHERE block_to = ${OPEN} LIMIT ${OPEN_IDS_LIMIT + 1}`,
      ).all() as { id: string | bigint }[];
      ids = rows.length > OPEN_IDS_LIMIT ? null : new Set(rows.map((r) => idKey(r.id)));
      this.openIds.set(entity.name, ids);
    }
    return ids;
  }

  /** Current entities of `entityName` whose `field` is, or (for lists) contains, `id`. */
  findReferencing(entityName: string, field: string, id: string): EntityData[] {
    const entity = this.entity(entityName);
    const model = entity.fieldMap.get(field)!;
    const param = scalarToColumn(model.scalar, model.scalar === "Int8" ? BigInt(id) : id);
    const condition = model.list
      ? `EXISTS (SELECT 1 FROM json_each("${field}") WHERE json_each.value = ?)`
      : `"${field}" = ?`;
    const listParam = model.list && typeof param === "bigint" ? param.toString() : param;
    const stored = this.statement(
      `SELECT * FROM "${entity.table}" WHERE block_to = ${OPEN} AND ${condition} ORDER BY vid`,
    )
      .all(listParam as SqlValue)
      .map((row) => this.rowToEntity(entity, row as Record<string, unknown>));
    const staged = this.overlay.get(entityName);
    if (!staged?.size) return stored;
    // Blocks staged but not written yet: their versions replace the stored ones.
    const found = new Map(stored.map((data) => [idKey(data.id!), data]));
    for (const [key, data] of staged) {
      found.delete(key);
      if (data && referencesId(data[field], id)) found.set(key, data);
    }
    return [...found.values()];
  }

  entity(name: string): EntityModel {
    const entity = this.schema.entities.get(name);
    if (!entity) throw new Error(`unknown entity type ${name}`);
    return entity;
  }

  idParam(entity: EntityModel, id: string): SqlValue {
    return entity.idScalar === "Int8" ? BigInt(id) : id;
  }

  rowToEntity(entity: EntityModel, row: Record<string, unknown>): EntityData {
    const data: EntityData = {};
    for (const f of entity.fields) {
      if (!isStoredField(f)) continue;
      const value = fromColumn(f, row[f.name]);
      if (value !== null) data[f.name] = value;
    }
    return data;
  }

  // ------------------------------------------------------------------ writes

  /**
   * Writes one block atomically: its entity changes, its hash and the new head. Blocks
   * without changes may be passed in `emptyBlocks` (all below `block`) to record their hashes.
   */
  commitBlock(block: BlockRecord, changes: EntityChanges, emptyBlocks: BlockRecord[] = []): void {
    this.commitBlocks([{ block, changes, emptyBlocks }]);
  }

  /**
   * Writes consecutive blocks in one transaction (all of them or none: a kill leaves the head at
   * the block before the first), each block's changes as versions of that block. `owned`: the
   * changes are the store's (staged by `flushStaged`), so the cache of current entities keeps them
   * uncopied; with a writer thread they are sent to it instead (see `flushStaged`).
   */
  commitBlocks(batch: StagedBlock[], owned = false): void {
    if (batch.length === 0) return;
    if (owned && this.writer) return this.send(this.writer, batch);
    this.writeBatch(batch);
    this.remember(batch, owned);
  }

  /**
   * The transaction of `commitBlocks`, without updating this connection's cache (the writer
   * thread's part). `after`: the head the batch was staged on; a batch whose head differs (one
   * sent after a batch that failed) is refused.
   */
  writeBatch(batch: StagedBlock[], after?: { number: number; hash: string } | null): void {
    // An entity changed in several blocks of the batch: each version is written with the block
    // that ends it (the next change) as its block_to, so only a version from before the batch is
    // closed with an UPDATE. Walked backwards to know each change's successor.
    const ends: Map<string, number>[][] = new Array(batch.length);
    const successor = new Map<string, Map<string, number>>();
    for (let b = batch.length - 1; b >= 0; b--) {
      const { block, changes } = batch[b];
      const blockEnds: Map<string, number>[] = [];
      for (const [entityName, byId] of changes) {
        let next = successor.get(entityName);
        if (!next) successor.set(entityName, (next = new Map()));
        const endOf = new Map<string, number>();
        for (const id of byId.keys()) {
          const end = next.get(id);
          if (end !== undefined) endOf.set(id, end);
          next.set(id, block.number);
        }
        blockEnds.push(endOf);
      }
      ends[b] = blockEnds;
    }
    const seen = new Map<string, Set<string>>();
    try {
      this.transaction(() => {
        if (after !== undefined) {
          const head = this.head();
          if ((head?.hash ?? null) !== (after?.hash ?? null) || (head?.number ?? null) !== (after?.number ?? null)) {
            throw new Error(
              `blocks ${batch[0].block.number}-${batch[batch.length - 1].block.number} were staged after block ${after?.number ?? "none"}, but the stored head is ${head?.number ?? "none"}: not written`,
            );
          }
        }
        for (let b = 0; b < batch.length; b++) {
          const { block, changes, emptyBlocks, absent } = batch[b];
          for (const e of emptyBlocks ?? []) this.insertBlock(e);
          let c = 0;
          for (const [entityName, byId] of changes) {
            const entity = this.entity(entityName);
            const endOf = ends[b][c++];
            let earlier = seen.get(entityName);
            if (!earlier) seen.set(entityName, (earlier = new Set()));
            // Staged blocks know which entities have no open version to close; a direct commit asks the cache.
            const none = absent ? (absent.get(entityName) ?? EMPTY) : undefined;
            for (const [id, data] of byId) {
              // Only the entity's first change in the batch may have a stored version to close.
              const first = !earlier.has(id);
              if (first) earlier.add(id);
              const knownAbsent = !first || (none ? none.has(id) : this.latest.get(entityName, id) === null);
              this.writeVersion(entity, id, data, block.number, knownAbsent, endOf.get(id) ?? OPEN);
            }
          }
          this.insertBlock(block);
        }
        this.setMeta("head", JSON.stringify(batch[batch.length - 1].block));
      });
    } catch (error) {
      this.forgetLatest();
      throw error;
    }
  }

  /** After a batch is committed: its versions become the cached current entities. */
  private remember(batch: StagedBlock[], owned: boolean): void {
    for (const { changes } of batch) {
      for (const [entityName, byId] of changes) {
        let ids = this.openIds.get(entityName);
        for (const [id, data] of byId) {
          this.latest.set(entityName, id, data && !owned ? { ...data } : data);
          if (ids) {
            if (data === null) ids.delete(id);
            else if (ids.add(id).size > OPEN_IDS_LIMIT) this.openIds.set(entityName, (ids = null));
          }
        }
      }
    }
  }

  // ------------------------------------------------------------------ staged blocks

  /** Blocks processed but not written yet (`stageBlock`), oldest first. */
  private staged: StagedBlock[] = [];
  /** The newest staged version of each entity they change: what reads see before the store. */
  private readonly overlay = new Map<string, Map<string, EntityData | null>>();
  /** Entity versions the staged blocks will write. */
  stagedVersions = 0;

  /** Staged blocks waiting for `flushStaged`. */
  get stagedBlocks(): number {
    return this.staged.length;
  }

  /**
   * Takes a processed block to be written with the next ones by `flushStaged` (one transaction
   * for many blocks while catching up). Reads (`getLatest`, `findReferencing`) see it at once.
   * `changes` is the store's from now on: the caller must not change it.
   */
  stageBlock(block: BlockRecord, changes: EntityChanges, emptyBlocks: BlockRecord[] = []): void {
    const absent = new Map<string, Set<string>>();
    for (const [entityName, byId] of changes) {
      let staged = this.overlay.get(entityName);
      if (!staged) this.overlay.set(entityName, (staged = new Map()));
      const none = new Set<string>();
      for (const [id, data] of byId) {
        // No open version to close: removed by a staged block, or known absent from the store.
        const before = staged.get(id);
        if (before !== undefined ? before === null : this.latest.get(entityName, id) === null) none.add(id);
        staged.set(id, data);
        this.stagedVersions++;
      }
      if (none.size) absent.set(entityName, none);
    }
    this.staged.push({ block, changes, emptyBlocks, absent });
  }

  /**
   * Writes the staged blocks in one transaction; on failure they are dropped (to be indexed again).
   * With a writer thread the batch is sent to it and this returns at once: its blocks stay
   * readable here (`getLatest`, `findReferencing`) until it is committed; `settle` waits for it
   * and reports a failure, which a later `flushStaged` also throws.
   */
  flushStaged(): void {
    if (this.writerError) throw this.writerError;
    const batch = this.staged;
    if (batch.length === 0) return;
    if (this.writer) {
      // Sent: the overlay keeps the batch's versions until it is committed.
      this.staged = [];
      this.stagedVersions = 0;
      try {
        this.commitBlocks(batch, true);
      } catch (error) {
        // Not sent: dropped with what was staged on it, as a failed write (see `settle` for the rest).
        this.discardStaged();
        throw error;
      }
      return;
    }
    try {
      this.commitBlocks(batch, true);
    } finally {
      this.discardStaged();
    }
  }

  private send(writer: StoreWriter, batch: StagedBlock[]): void {
    const sending = { batch, done: Promise.resolve() };
    const last = this.inFlight[this.inFlight.length - 1];
    const after = last ? last.batch[last.batch.length - 1].block : this.head();
    sending.done = writer.commit(batch, after).then(
      () => this.acknowledge(sending, null),
      (error: Error) => this.acknowledge(sending, error),
    );
    this.inFlight.push(sending);
  }

  /** Batches sent to the writer thread, oldest first, not yet committed (or refused). */
  private inFlight: { batch: StagedBlock[]; done: Promise<void> }[] = [];
  /** Why a batch sent to the writer thread was not written; cleared by `settle`. */
  private writerError: Error | null = null;

  /** Batches sent to the writer thread and not yet answered. */
  get batchesInFlight(): number {
    return this.inFlight.length;
  }

  /** The writer thread answered a batch (in the order they were sent). */
  private acknowledge(sent: { batch: StagedBlock[] }, error: Error | null): void {
    if (this.inFlight[0] === sent) this.inFlight.shift();
    if (error || this.writerError) {
      // Every batch after a failed one is refused by the writer (it was staged on the failed one).
      if (!this.writerError) {
        this.writerError = error;
        this.forgetLatest();
      }
      return;
    }
    this.remember(sent.batch, true);
    // Reads now find these versions in the store; a newer staged version stays in the overlay.
    for (const { changes } of sent.batch) {
      for (const [entityName, byId] of changes) {
        const staged = this.overlay.get(entityName);
        if (!staged) continue;
        for (const [id, data] of byId) if (staged.get(id) === data) staged.delete(id);
      }
    }
  }

  /** Waits until at most `max` batches are in flight (holding back indexing that outruns the writer). */
  async drainTo(max: number): Promise<void> {
    while (this.inFlight.length > max) await this.inFlight[0].done;
  }

  /**
   * Waits until every batch sent to the writer thread is answered; throws (once) why one was not
   * written. The blocks staged on it are then to be discarded and indexed again from the stored head.
   */
  async settle(): Promise<void> {
    while (this.inFlight.length > 0) await this.inFlight[this.inFlight.length - 1].done;
    const error = this.writerError;
    if (error) {
      this.writerError = null;
      throw error;
    }
  }

  /** Forgets the staged blocks unwritten (the indexer re-processes them from the stored head). */
  discardStaged(): void {
    if (this.staged.length === 0 && this.overlay.size === 0) return;
    this.staged = [];
    this.overlay.clear();
    this.stagedVersions = 0;
  }

  private insertBlock(block: BlockRecord): void {
    this.statement("INSERT OR REPLACE INTO blocks (number, hash, parent_hash, timestamp) VALUES (?, ?, ?, ?)").run(
      block.number,
      block.hash,
      block.parentHash,
      block.timestamp,
    );
  }

  private writerFor(entity: EntityModel): VersionWriter {
    let writer = this.writers.get(entity.name);
    if (!writer) {
      const fields = entity.fields.filter((f) => isStoredField(f) && f.name !== "id");
      const insert = `INSERT INTO "${entity.table}" (id, block_from, block_to${fields.map((f) => `, "${f.name}"`).join("")})
        VALUES (?, ?, ?${fields.map(() => ", ?").join("")})`;
      writer = {
        fields,
        insert: this.statement(insert),
        close: this.statement(`UPDATE "${entity.table}" SET block_to = ? WHERE id = ? AND block_to = ${OPEN}`),
        current: this.statement(`SELECT * FROM "${entity.table}" WHERE id = ? AND block_to = ${OPEN}`),
        params: new Array(fields.length + 3),
      };
      this.writers.set(entity.name, writer);
    }
    return writer;
  }

  private writeVersion(
    entity: EntityModel,
    id: string,
    data: EntityData | null,
    blockNumber: number,
    knownAbsent: boolean,
    blockTo: number,
  ): void {
    const idParam = this.idParam(entity, id);
    const writer = this.writerFor(entity);
    // A version to close exists unless the entity is known not to (cached as absent), or is
    // immutable and being created (the block cache refuses updates of earlier ones).
    if (!knownAbsent && !(entity.immutable && data !== null)) writer.close.run(blockNumber, idParam);
    if (data === null) return;
    const { fields, params } = writer;
    params[0] = idParam;
    params[1] = blockNumber;
    params[2] = blockTo;
    for (let i = 0; i < fields.length; i++) params[i + 3] = toColumn(fields[i], data[fields[i].name]);
    writer.insert.run(...(params as SqlValue[]));
  }

  /** Forgets everything after block `number` (the common ancestor of a reorg). */
  rollback(number: number): void {
    this.discardStaged();
    this.forgetLatest();
    this.transaction(() => {
      for (const entity of this.schema.entities.values()) {
        this.statement(`DELETE FROM "${entity.table}" WHERE block_from > ?`).run(number);
        this.statement(
          `UPDATE "${entity.table}" SET block_to = ${OPEN} WHERE block_to > ? AND block_to <> ${OPEN}`,
        ).run(number);
      }
      this.statement("DELETE FROM blocks WHERE number > ?").run(number);
      const head = this.blockAt(number);
      if (head) this.setMeta("head", JSON.stringify(head));
      else this.deleteMeta("head");
    });
  }

  /** Drops every entity, block and pointer (a reset chain or a changed subgraph). */
  wipe(): void {
    this.discardStaged();
    this.forgetLatest();
    this.transaction(() => {
      for (const entity of this.schema.entities.values()) this.db.exec(`DELETE FROM "${entity.table}"`);
      this.db.exec("DELETE FROM blocks; DELETE FROM meta WHERE key NOT IN ('fingerprint', 'attributeIndexes');");
    });
  }

  transaction(work: () => void): void {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      work();
      this.db.exec("COMMIT");
    } catch (error) {
      this.db.exec("ROLLBACK");
      throw error;
    }
  }
}

const EMPTY: ReadonlySet<string> = new Set();

/** A processed block for `commitBlocks`; `absent` names entities with no open version to close. */
export type StagedBlock = {
  block: BlockRecord;
  changes: EntityChanges;
  emptyBlocks?: BlockRecord[];
  absent?: Map<string, Set<string>>;
};

type VersionWriter = {
  /** Stored fields but the id, in column order. */
  fields: FieldModel[];
  insert: StatementSync;
  close: StatementSync;
  /** Reads the open version by id. */
  current: StatementSync;
  /** Reused parameter array of `insert`. */
  params: unknown[];
};

/**
 * Current entities by type and id (null: known not to exist), bounded: two generations of at most
 * `capacity / 2` entries each. Reads do not reorder anything; a hit in the older generation moves
 * the entry to the newer one; when the newer is full, the older is dropped and the newer takes
 * its place (about least recently used, without the bookkeeping on every read).
 */
class RecentEntities {
  private young = new Map<string, Map<string, EntityData | null>>();
  private old = new Map<string, Map<string, EntityData | null>>();
  private youngSize = 0;
  private readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  /** The cached entity, null if known absent, undefined if not cached. */
  get(entityName: string, id: string): EntityData | null | undefined {
    const young = this.young.get(entityName)?.get(id);
    if (young !== undefined) return young;
    const old = this.old.get(entityName)?.get(id);
    if (old !== undefined) this.set(entityName, id, old);
    return old;
  }

  set(entityName: string, id: string, data: EntityData | null): void {
    let byId = this.young.get(entityName);
    if (!byId) this.young.set(entityName, (byId = new Map()));
    const before = byId.size;
    byId.set(id, data);
    this.youngSize += byId.size - before;
    if (this.youngSize >= this.capacity / 2) {
      this.old = this.young;
      this.young = new Map();
      this.youngSize = 0;
    }
  }

  clear(): void {
    this.young.clear();
    this.old.clear();
    this.youngSize = 0;
  }
}

/** Gathers the query planner's statistics from a sample of each index (enough for its choices). */
function analyze(db: DatabaseSync): void {
  db.exec("PRAGMA analysis_limit = 1000; ANALYZE;");
}

function toBlockRecord(row: unknown): BlockRecord {
  const r = row as { number: bigint; hash: string; parent_hash: string; timestamp: bigint };
  return { number: Number(r.number), hash: r.hash, parentHash: r.parent_hash, timestamp: Number(r.timestamp) };
}
