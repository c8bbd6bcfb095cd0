import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { EntityStore, OPEN } from "../../indexer/src/store/entity-store.ts";
import { parseSubgraphSchema } from "../../indexer/src/schema/subgraph-schema.ts";
import * as BigDecimal from "../../indexer/src/runtime/big-decimal.ts";
import * as BigIntCodec from "../../indexer/src/runtime/big-int.ts";
import { FIXTURE_SCHEMA, ALICE, BOB, account, block, changes, filledStore, job } from "./helpers/fixture-store.ts";

describe("EntityStore versioned writes", () => {
  it("writes staged blocks together, each change a version of its own block, read before they are written", () => {
    const store = new EntityStore(":memory:", parseSubgraphSchema(FIXTURE_SCHEMA), "staged");
    store.stageBlock(block(1), changes([["Account", ALICE, account(ALICE, "Alice", 1n)]]));
    store.stageBlock(block(2), changes([["Job", "j1", job("j1", ALICE, "first", 10n, "Open")]]), []);
    store.stageBlock(
      block(4),
      changes([
        ["Account", ALICE, account(ALICE, "Alice", 2n)],
        ["Job", "j2", job("j2", ALICE, "second", 20n, "Open")],
      ]),
      [block(3)],
    );
    // Nothing is written yet, but the next blocks read the staged versions.
    assert.equal(store.head(), null);
    assert.equal(store.getLatest("Account", ALICE)!.balance, 2n);
    assert.deepEqual(
      store.findReferencing("Job", "client", ALICE).map((j) => j.id),
      ["j1", "j2"],
    );
    store.flushStaged();
    assert.equal(store.head()!.number, 4);
    assert.equal(store.blockAt(3)!.number, 3, "the empty block's hash is recorded");
    const versions = store.db
      .prepare(`SELECT block_from, block_to, balance FROM "ent_Account" WHERE id = ? ORDER BY block_from`)
      .all(ALICE) as { block_from: number; block_to: number }[];
    assert.deepEqual(
      versions.map((r) => [r.block_from, r.block_to]),
      [
        [1, 4],
        [4, OPEN],
      ],
    );
    assert.equal(store.stagedBlocks, 0);
    // A block whose write fails leaves the store at the head before it, and nothing staged.
    store.stageBlock(block(5), changes([["Account", ALICE, account(ALICE, "Alice", 3n)]]));
    store.db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON "ent_Account" BEGIN SELECT RAISE(ABORT, 'refused'); END`);
    assert.throws(() => store.flushStaged(), /refused/);
    assert.equal(store.head()!.number, 4);
    assert.equal(store.stagedBlocks, 0);
    assert.equal(store.getLatest("Account", ALICE)!.balance, 2n);
  });

  it("closes the previous version and opens a new one per changed block", () => {
    const store = filledStore();
    const rows = store.db
      .prepare(`SELECT block_from, block_to FROM "ent_Account" WHERE id = ? ORDER BY block_from`)
      .all(ALICE) as { block_from: number; block_to: number }[];
    assert.deepEqual(
      rows.map((r) => [r.block_from, r.block_to]),
      [
        [1, 2],
        [2, OPEN],
      ],
    );
    assert.equal(store.getLatest("Account", ALICE)!.balance, 250n);
  });

  it("removing an entity closes its range without a new version", () => {
    const store = filledStore();
    assert.equal(store.getLatest("Account", BOB), null);
    const rows = store.db.prepare(`SELECT block_from, block_to FROM "ent_Account" WHERE id = ?`).all(BOB) as {
      block_from: number;
      block_to: number;
    }[];
    assert.deepEqual(
      rows.map((r) => [r.block_from, r.block_to]),
      [[1, 4]],
    );
  });

  it("moves the head and records the block in the same commit", () => {
    const store = filledStore();
    assert.deepEqual(store.head(), block(4));
    assert.equal(store.blockByHash(block(2).hash)!.number, 2);
  });

  it("commits nothing when a write fails inside the block", () => {
    const store = filledStore();
    const broken = changes([
      ["Account", ALICE, account(ALICE, "Alice", 1n)],
      ["Nope", "x", { id: "x" }],
    ]);
    assert.throws(() => store.commitBlock(block(5), broken), /unknown entity type Nope/);
    assert.equal(store.head()!.number, 4);
    assert.equal(store.getLatest("Account", ALICE)!.balance, 250n);
  });

  it("keeps uint256-sized BigInts and signed BigDecimals exact", () => {
    const store = filledStore();
    const carol = store.getLatest("Account", "0x00000000000000000000000000000000000000c0")!;
    assert.equal(carol.balance, 10n ** 30n);
    assert.equal(BigDecimal.toString(carol.score as BigDecimal.BigDecimal), "-0.25");
    assert.equal(carol.posted, 3n);
  });
});

describe("EntityStore batched versions", () => {
  it("ends each version of a batch at the entity's next change, closes only the stored one, and rolls back inside the batch", () => {
    const store = new EntityStore(":memory:", parseSubgraphSchema(FIXTURE_SCHEMA), "batched");
    store.commitBlock(block(1), changes([["Account", ALICE, account(ALICE, "Alice", 1n)]]));
    store.stageBlock(block(2), changes([["Account", ALICE, account(ALICE, "Alice", 2n)]]));
    store.stageBlock(block(3), changes([["Account", ALICE, account(ALICE, "Alice", 3n)]]));
    store.stageBlock(block(4), changes([["Account", ALICE, null]]));
    store.stageBlock(
      block(6),
      changes([
        ["Account", ALICE, account(ALICE, "Alice again", 6n)],
        ["Account", BOB, account(BOB, "Bob", 6n)],
      ]),
      [block(5)],
    );
    store.stageBlock(block(7), changes([["Account", BOB, account(BOB, "Bob", 7n)]]));
    store.flushStaged();
    const versions = (id: string) =>
      (
        store.db
          .prepare(`SELECT block_from, block_to, balance FROM "ent_Account" WHERE id = ? ORDER BY block_from`)
          .all(id) as { block_from: number; block_to: number; balance: string }[]
      ).map((r) => [Number(r.block_from), Number(r.block_to)]);
    assert.deepEqual(versions(ALICE), [
      [1, 2],
      [2, 3],
      [3, 4],
      [6, OPEN],
    ]);
    assert.deepEqual(versions(BOB), [
      [6, 7],
      [7, OPEN],
    ]);
    assert.equal(store.getLatest("Account", ALICE)!.name, "Alice again");
    store.rollback(3);
    assert.deepEqual(versions(ALICE), [
      [1, 2],
      [2, 3],
      [3, OPEN],
    ]);
    assert.deepEqual(versions(BOB), []);
    assert.equal(store.getLatest("Account", ALICE)!.balance, 3n);
  });
});

describe("EntityStore rollback", () => {
  it("drops versions born after the ancestor and reopens the ones it closed", () => {
    const store = filledStore();
    store.rollback(1);
    assert.deepEqual(store.head(), block(1));
    assert.equal(store.getLatest("Account", ALICE)!.balance, 100n);
    assert.equal(store.getLatest("Account", BOB)!.name, "Bob");
    assert.equal(store.getLatest("Job", "3"), null);
    assert.equal(store.getLatest("Milestone", "1-0"), null);
    assert.equal(store.blockAt(2), null);
  });

  it("then indexes a different fork on top of the ancestor", () => {
    const store = filledStore();
    store.rollback(2);
    store.commitBlock(block(3, "b"), changes([["Account", BOB, account(BOB, "Bob on fork b", 7n)]]));
    assert.equal(store.head()!.hash, block(3, "b").hash);
    assert.equal(store.getLatest("Account", BOB)!.name, "Bob on fork b");
    assert.equal(store.getLatest("Job", "1")!.state, "Open");
  });

  it("wipe forgets entities, blocks and the head", () => {
    const store = filledStore();
    store.wipe();
    assert.equal(store.head(), null);
    assert.equal(store.getLatest("Account", ALICE), null);
    assert.equal(store.blockAt(1), null);
  });
});

describe("EntityStore persistence", () => {
  it("reopens a file with its data and drops it when the subgraph build changed", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "store-test-")), "s.sqlite");
    const schema = parseSubgraphSchema(FIXTURE_SCHEMA);
    const first = new EntityStore(file, schema, "build-1");
    first.commitBlock(block(1), changes([["Account", ALICE, account(ALICE, "Alice", 1n)]]));
    first.close();
    const again = new EntityStore(file, schema, "build-1");
    assert.equal(again.resetReason, null);
    assert.equal(again.head()!.number, 1);
    again.close();
    const rebuilt = new EntityStore(file, schema, "build-2");
    assert.match(rebuilt.resetReason!, /build changed/);
    assert.equal(rebuilt.head(), null);
    assert.equal(rebuilt.getLatest("Account", ALICE), null);
    rebuilt.close();
  });
});

describe("sortable encodings", () => {
  it("orders BigInt keys like the numbers", () => {
    const values = [-(10n ** 40n), -1000n, -999n, -5n, -1n, 0n, 1n, 9n, 10n, 999n, 10n ** 40n];
    const keys = values.map(BigIntCodec.toSortKey);
    assert.deepEqual([...keys].sort(), keys);
    assert.deepEqual(keys.map(BigIntCodec.fromSortKey), values);
  });

  it("orders BigDecimal keys like the numbers and round-trips them", () => {
    const values = ["-1000", "-1.234", "-1.23", "-0.001", "0", "0.0001", "0.5", "1", "1.5", "2", "19", "1e40"].map(
      BigDecimal.parse,
    );
    const keys = values.map(BigDecimal.toSortKey);
    assert.deepEqual([...keys].sort(), keys);
    for (const v of values) assert.ok(BigDecimal.equals(BigDecimal.fromSortKey(BigDecimal.toSortKey(v)), v));
  });

  it("normalizes BigDecimals to 34 significant digits like graph-node", () => {
    assert.equal(
      BigDecimal.toString(BigDecimal.div(BigDecimal.parse("1"), BigDecimal.parse("3"))),
      "0.3333333333333333333333333333333333",
    );
    assert.equal(
      BigDecimal.toString(BigDecimal.div(BigDecimal.parse("2"), BigDecimal.parse("3"))),
      "0.6666666666666666666666666666666667",
    );
    assert.equal(BigDecimal.toString(BigDecimal.parse("1.500")), "1.5");
    assert.equal(BigDecimal.toString(BigDecimal.parse("1e3")), "1000");
    assert.equal(BigDecimal.toString(BigDecimal.mul(BigDecimal.parse("-0.5"), BigDecimal.parse("0.02"))), "-0.01");
  });
});
