// store.set of an entity store.get handed out: fields whose values the mapping left alone take
// the values they were written from, and whatever the mapping changed (a value replaced, the
// bytes of a value changed in place, a field added) is read from memory.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { AscHeap, TypeId } from "../../indexer/src/runtime/asc-heap.ts";
import type { MappingExports } from "../../indexer/src/runtime/asc-heap.ts";
import { StoreKind, readEntityUpdate, writeEntity } from "../../indexer/src/runtime/store-values.ts";
import { parseSubgraphSchema } from "../../indexer/src/schema/subgraph-schema.ts";
import * as BigDecimal from "../../indexer/src/runtime/big-decimal.ts";
import type { EntityData } from "../../indexer/src/store/entity-values.ts";
import { toSignedBytesLE } from "../../indexer/src/runtime/big-int.ts";

// A bump allocator laying objects out like AssemblyScript's stub runtime.
function stubMapping(): MappingExports {
  const memory = new WebAssembly.Memory({ initial: 4 });
  let next = 64;
  return {
    memory,
    __new(size: number, id: number) {
      const ptr = next + 20;
      next = (ptr + size + 15) & ~15;
      const view = new DataView(memory.buffer);
      view.setUint32(ptr - 8, id, true);
      view.setUint32(ptr - 4, size, true);
      return ptr;
    },
    id_of_type: (typeId: number) => 1000 + typeId,
  };
}

const schema = parseSubgraphSchema(`
  type Thing @entity {
    id: ID!
    count: BigInt!
    hash: Bytes!
    price: BigDecimal
    tags: [String!]
    flag: Boolean
    n: Int
    note: String
    owner: Owner
  }
  type Owner @entity {
    id: ID!
    things: [Thing!]! @derivedFrom(field: "owner")
  }
`);
const thing = schema.entities.get("Thing")!;

const stored: EntityData = {
  id: "t1",
  count: 12345678901234567890n,
  hash: "0xabcdef",
  price: { digits: 1500n, exp: -3 },
  tags: ["a", "b"],
  flag: true,
  n: -7,
  note: null,
  owner: "o1",
};

/** The entry of `map` whose key is `name`. */
function entryOf(heap: AscHeap, map: number, name: string): number {
  const entry = heap.readArray(heap.u32(map)).find((e) => heap.readString(heap.u32(e)) === name);
  assert.ok(entry, `no entry ${name}`);
  return entry;
}

describe("store.set of an entity store.get wrote", () => {
  it("gives back every field as store.get had it when the mapping changed nothing", () => {
    const heap = new AscHeap(stubMapping());
    const map = writeEntity(heap, thing, stored);
    const update = readEntityUpdate(heap, map, thing, "t1");
    assert.equal(update.storedFieldsOnly, true);
    assert.deepEqual(Object.fromEntries(update.values), {
      ...stored,
      price: BigDecimal.normalize({ digits: 1500n, exp: -3 }),
    });
  });

  it("reads a value the mapping replaced, and one whose bytes it changed in place", () => {
    const heap = new AscHeap(stubMapping());
    const map = writeEntity(heap, thing, stored);
    // count = 5: a new Value in the entry.
    heap.setU32(
      entryOf(heap, map, "count") + 4,
      heap.writeEnum(TypeId.StoreValue, StoreKind.BIGINT, heap.writeBigInt(5n)),
    );
    // hash's first byte changed in its own buffer.
    const hashValue = heap.u32(entryOf(heap, map, "hash") + 4);
    const bytes = heap.u32(hashValue + 8);
    heap.setU8(heap.u32(bytes + 4), 0x12);
    const update = readEntityUpdate(heap, map, thing, "t1");
    assert.equal(update.values.get("count"), 5n);
    assert.equal(update.values.get("hash"), "0x12cdef");
    assert.equal(update.values.get("n"), -7);
    assert.equal(update.values.get("flag"), true);
  });

  it("reads a field the mapping added and reports names that are not stored fields", () => {
    const heap = new AscHeap(stubMapping());
    const map = writeEntity(heap, thing, { id: "t2", count: 1n, hash: "0x01" });
    const added = (name: string, value: number) => {
      const entry = heap.object2(TypeId.TypedMapEntryStringStoreValue, heap.writeString(name), value);
      const old = heap.readArray(heap.u32(map));
      heap.setU32(map, heap.writeArray(TypeId.ArrayTypedMapEntryStringStoreValue, [...old, entry]));
    };
    added("n", heap.writeEnum(TypeId.StoreValue, StoreKind.INT, 42));
    let update = readEntityUpdate(heap, map, thing, "t2");
    assert.equal(update.storedFieldsOnly, true);
    assert.deepEqual(Object.fromEntries(update.values), { id: "t2", count: 1n, hash: "0x01", n: 42 });
    added("things", heap.writeEnum(TypeId.StoreValue, StoreKind.NULL, 0));
    update = readEntityUpdate(heap, map, thing, "t2");
    assert.equal(update.storedFieldsOnly, false);
  });

  it("reads everything again after the memory was reset for the next trigger", () => {
    const heap = new AscHeap(stubMapping());
    const map = writeEntity(heap, thing, stored);
    heap.reset();
    // The next trigger's objects where the first one's were: the same pointers, other values.
    const countEntry = entryOf(heap, map, "count");
    const countValue = heap.u32(countEntry + 4);
    const countBytes = heap.u32(countValue + 8);
    const dataStart = heap.u32(countBytes + 4);
    const length = heap.u32(countBytes + 8);
    for (let i = 0; i < length; i++) heap.setU8(dataStart + i, i === 0 ? 9 : 0);
    assert.equal(readEntityUpdate(heap, map, thing, "t1").values.get("count"), 9n);
  });
});

describe("writeBigInt", () => {
  it("writes num-bigint's minimal signed little-endian bytes for every size", () => {
    const heap = new AscHeap(stubMapping());
    for (let bits = 0n; bits < 300n; bits++) {
      const x = 1n << bits;
      for (const value of [x, x - 1n, x + 1n, -x, 1n - x, -x - 1n, x * 3n, x * 0x7fn]) {
        const ptr = heap.writeBigInt(value);
        const start = heap.u32(ptr + 4);
        const written = Buffer.from(heap.exports.memory.buffer, start, heap.u32(ptr + 8));
        assert.deepEqual([...written], [...toSignedBytesLE(value)], `${value}`);
        assert.equal(heap.readBigInt(ptr), value);
      }
    }
  });
});
