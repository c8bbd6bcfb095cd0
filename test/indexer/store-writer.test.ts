// The store's writer thread: staged batches written by another connection on another thread while
// the indexing thread goes on reading them, a writer that dies with batches in flight, batches
// refused after a failed one, and a process killed while a batch is being written.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { DatabaseSync } from "node:sqlite";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { EntityStore, OPEN } from "../../indexer/src/store/entity-store.ts";
import { parseSubgraphSchema } from "../../indexer/src/schema/subgraph-schema.ts";
import { FIXTURE_SCHEMA, ALICE, BOB, account, block, changes, job } from "./helpers/fixture-store.ts";

const schema = parseSubgraphSchema(FIXTURE_SCHEMA);
const storeFile = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), "store-writer-test-")), "s.sqlite");
const withWriter = (file: string) =>
  new EntityStore(file, schema, "writer", { writerThread: { schemaText: FIXTURE_SCHEMA } });

/** Every version of every entity table, and the blocks and head: what a dump compares. */
function dump(file: string): unknown {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'ent\\_%' ESCAPE '\\' ORDER BY name")
      .all() as { name: string }[];
    const rows = Object.fromEntries(
      tables.map(({ name }) => [
        name,
        db
          .prepare(`SELECT * FROM "${name}" ORDER BY id, block_from`)
          .all()
          .map((r) => ({ ...r, vid: undefined })),
      ]),
    );
    const blocks = db.prepare("SELECT * FROM blocks ORDER BY number").all();
    const head = db.prepare("SELECT value FROM meta WHERE key = 'head'").get();
    return { rows, blocks, head };
  } finally {
    db.close();
  }
}

/** Blocks 1-6: Alice changes in most, a job is created, updated and removed, Bob comes late. */
function stageSome(store: EntityStore, from = 1): void {
  store.stageBlock(block(from), changes([["Account", ALICE, account(ALICE, "Alice", 1n)]]));
  store.stageBlock(
    block(from + 1),
    changes([
      ["Account", ALICE, account(ALICE, "Alice", 2n)],
      ["Job", "j1", job("j1", ALICE, "first", 10n, "Open")],
    ]),
  );
  store.stageBlock(block(from + 3), changes([["Job", "j1", job("j1", ALICE, "first", 11n, "Hired")]]), [
    block(from + 2),
  ]);
}

describe("EntityStore with a writer thread", () => {
  it("writes what the same batches write on the store's own connection, and reads batches in flight", async () => {
    const direct = storeFile();
    const threaded = storeFile();
    const plain = new EntityStore(direct, schema, "writer");
    const store = withWriter(threaded);
    try {
      for (const s of [plain, store]) {
        stageSome(s);
        s.flushStaged();
        s.stageBlock(block(5), changes([["Job", "j1", null]]));
        s.stageBlock(block(6), changes([["Account", BOB, account(BOB, "Bob", 6n)]]));
        s.flushStaged();
      }
      // Sent, maybe not written yet: this thread still reads both batches.
      assert.equal(store.getLatest("Account", ALICE)!.balance, 2n);
      assert.equal(store.getLatest("Job", "j1"), null);
      assert.equal(store.getLatest("Account", BOB)!.name, "Bob");
      assert.deepEqual(store.findReferencing("Job", "client", ALICE), []);
      await store.drainTo(1);
      assert.ok(store.batchesInFlight <= 1);
      await store.settle();
      assert.equal(store.batchesInFlight, 0);
      assert.ok((await store.writer!.cpuSeconds()) > 0, "the writer thread reports the CPU it used");
      assert.equal(store.head()!.number, 6);
      assert.deepEqual(dump(threaded), dump(direct));
      // Once written, the same answers come from the store.
      assert.equal(store.getLatest("Account", ALICE)!.balance, 2n);
      assert.equal(store.getLatest("Job", "j1"), null);
      const jobVersions = store.db
        .prepare(`SELECT block_from, block_to FROM "ent_Job" WHERE id = 'j1' ORDER BY block_from`)
        .all()
        .map((r) => [Number(r.block_from), Number(r.block_to)]);
      assert.deepEqual(jobVersions, [
        [2, 4],
        [4, 5],
      ]);
      assert.equal(OPEN > 6, true);
    } finally {
      plain.close();
      store.close();
    }
  });

  it("builds the postponed field indexes on the writer thread, after the batches sent before", async () => {
    const file = storeFile();
    const store = new EntityStore(file, schema, "writer", {
      postponeIndexes: true,
      writerThread: { schemaText: FIXTURE_SCHEMA },
    });
    try {
      stageSome(store);
      store.flushStaged();
      assert.equal(store.attributeIndexesPostponed, true);
      await store.buildPostponedIndexes();
      assert.equal(store.attributeIndexesPostponed, false);
      assert.equal(store.head()!.number, 4, "the batch sent before was written first");
      const indexes = store.db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'ent_Job_budget_at'")
        .all();
      assert.equal(indexes.length, 1);
    } finally {
      store.close();
    }
  });

  it("when the writer thread dies with batches in flight: none is written, settle says so, and the next batch starts a new thread", async () => {
    const file = storeFile();
    const store = withWriter(file);
    // Another connection holds the write lock: the writer waits for it with the batches.
    const blocker = new DatabaseSync(file);
    try {
      stageSome(store);
      store.flushStaged();
      store.stageBlock(block(5), changes([["Account", BOB, account(BOB, "Bob", 5n)]]));
      store.flushStaged();
      blocker.exec("BEGIN IMMEDIATE");
      await new Promise((r) => setTimeout(r, 300));
      await store.writer!.terminate();
      blocker.exec("ROLLBACK");
      await assert.rejects(store.settle(), /writer thread stopped/);
      await store.settle(); // reported once
      assert.equal(store.head(), null);
      // The indexer discards what was staged on the lost batches and indexes them again.
      store.discardStaged();
      assert.equal(store.getLatest("Account", ALICE), null);
      stageSome(store);
      store.flushStaged();
      await store.settle();
      assert.equal(store.head()!.number, 4);
      assert.equal(store.getLatest("Account", ALICE)!.balance, 2n);
    } finally {
      blocker.close();
      store.close();
    }
  });

  it("refuses the batches sent after one that failed, and a flush before the failure is settled throws it", async () => {
    const file = storeFile();
    const store = withWriter(file);
    try {
      stageSome(store);
      store.flushStaged();
      await store.settle();
      // The writer's connection refuses new Account versions from now on.
      store.db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON "ent_Account" BEGIN SELECT RAISE(ABORT, 'refused'); END`);
      store.stageBlock(block(5), changes([["Account", BOB, account(BOB, "Bob", 5n)]]));
      store.flushStaged();
      // Staged on the failing batch: the writer must not write it on top of block 4.
      store.stageBlock(block(6), changes([["Job", "j2", job("j2", BOB, "second", 20n, "Open")]]));
      store.flushStaged();
      await assert.rejects(store.settle(), /refused/);
      assert.equal(store.head()!.number, 4);
      assert.equal(store.db.prepare(`SELECT COUNT(*) AS n FROM "ent_Job" WHERE id = 'j2'`).get()!.n, 0);
      store.discardStaged();
      assert.equal(store.getLatest("Account", BOB), null);
      assert.equal(store.getLatest("Account", ALICE)!.balance, 2n);

      store.stageBlock(block(5), changes([["Account", BOB, account(BOB, "Bob", 5n)]]));
      store.flushStaged();
      store.stageBlock(block(6), changes([["Job", "j2", job("j2", BOB, "second", 20n, "Open")]]));
      // The failure is known here once answered: a flush throws it rather than send more.
      await new Promise((r) => setTimeout(r, 200));
      assert.throws(() => store.flushStaged(), /refused/);
      await assert.rejects(store.settle(), /refused/);
      store.discardStaged();
      store.db.exec("DROP TRIGGER refuse");
      assert.equal(store.head()!.number, 4);
    } finally {
      store.close();
    }
  });

  it("a write of a batch staged after another head than the stored one is refused", () => {
    const file = storeFile();
    const store = new EntityStore(file, schema, "writer");
    try {
      store.commitBlock(block(1), changes([["Account", ALICE, account(ALICE, "Alice", 1n)]]));
      const batch = [{ block: block(3), changes: changes([["Account", BOB, account(BOB, "Bob", 3n)]]) }];
      assert.throws(() => store.writeBatch(batch, { number: 2, hash: block(2).hash }), /stored head is 1/);
      assert.throws(() => store.writeBatch(batch, null), /stored head is 1/);
      assert.equal(store.head()!.number, 1);
      store.writeBatch(batch, { number: 1, hash: block(1).hash });
      assert.equal(store.head()!.number, 3);
    } finally {
      store.close();
    }
  });

  it("a process killed while its writer thread writes leaves the head at a batch's end, with exactly that batch's versions", async () => {
    // The child writes block 1, then stages and sends 30 batches of 1,000 versions each, and is
    // killed at a moment of the test's choosing; a batch is written or not, never in part.
    const child = `
      import { EntityStore } from ${JSON.stringify(path.resolve(import.meta.dirname, "../../indexer/src/store/entity-store.ts"))};
      import { parseSubgraphSchema } from ${JSON.stringify(path.resolve(import.meta.dirname, "../../indexer/src/schema/subgraph-schema.ts"))};
      import { FIXTURE_SCHEMA, account, block, changes } from ${JSON.stringify(path.resolve(import.meta.dirname, "helpers/fixture-store.ts"))};
      const store = new EntityStore(process.argv[2], parseSubgraphSchema(FIXTURE_SCHEMA), "writer", { writerThread: { schemaText: FIXTURE_SCHEMA } });
      const stage = (b) => {
        const list = [];
        for (let i = 0; i < 1000; i++) {
          const id = "0x" + i.toString(16).padStart(40, "0");
          list.push(["Account", id, account(id, "n" + b, BigInt(b))]);
        }
        store.stageBlock(block(b), changes(list));
        store.flushStaged();
      };
      stage(1);
      await store.settle();
      for (let b = 2; b <= 31; b++) stage(b);
      process.stdout.write("sent\\n");
      await store.settle();
      process.stdout.write("settled\\n");
      setInterval(() => {}, 1000);
    `;
    const script = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "store-writer-kill-")), "child.ts");
    fs.writeFileSync(script, child);
    const outcomes = new Set<number>();
    for (const delay of [0, 30, 100, 250]) {
      const file = storeFile();
      const proc = spawn(process.execPath, [script, file], { stdio: ["ignore", "pipe", "pipe"] });
      let stderr = "";
      proc.stderr!.on("data", (d) => (stderr += d));
      await new Promise<void>((resolve, reject) => {
        proc.stdout!.on("data", (d) => {
          if (String(d).includes("sent")) setTimeout(resolve, delay);
        });
        proc.once("exit", () => reject(new Error(`the child exited early: ${stderr}`)));
      });
      const exited = new Promise((resolve) => proc.once("exit", resolve));
      proc.kill("SIGKILL");
      await exited;
      const reopened = new EntityStore(file, schema, "writer");
      try {
        const head = reopened.head()?.number ?? 0;
        outcomes.add(head);
        const rows = reopened.db.prepare(`SELECT COUNT(*) AS n, MAX(block_from) AS last FROM "ent_Account"`).get() as {
          n: bigint;
          last: bigint | null;
        };
        assert.equal(Number(rows.n), head * 1000, `versions of ${head} whole blocks`);
        assert.equal(Number(rows.last ?? 0), head);
        const open = reopened.db.prepare(`SELECT COUNT(*) AS n FROM "ent_Account" WHERE block_to = ${OPEN}`).get() as {
          n: bigint;
        };
        assert.equal(Number(open.n), 1000, "one open version per account");
        assert.equal(reopened.getLatest("Account", "0x" + "0".repeat(40))!.name, `n${head}`);
      } finally {
        reopened.close();
      }
    }
    assert.ok([...outcomes].every((head) => head >= 1 && head <= 31));
  });
});
