// Host functions against a stand-in for a mapping's memory: a bump allocator that lays
// objects out like AssemblyScript's stub runtime (rtId at ptr-8, rtSize at ptr-4).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { AbiCoder } from "ethers";
import { AscHeap, TypeId } from "../../indexer/src/runtime/asc-heap.ts";
import type { MappingExports } from "../../indexer/src/runtime/asc-heap.ts";
import { createHostImports, supportedHostFunctions } from "../../indexer/src/runtime/host-imports.ts";
import type { HostContext } from "../../indexer/src/runtime/host-imports.ts";
import { readEthereumValue, EthKind } from "../../indexer/src/runtime/ethereum-values.ts";
import { readBigDecimal, writeBigDecimal, toHex } from "../../indexer/src/runtime/store-values.ts";
import { DeterministicError } from "../../indexer/src/runtime/errors.ts";
import * as BigDecimal from "../../indexer/src/runtime/big-decimal.ts";
import { fromSignedBytesLE, toSignedBytesLE } from "../../indexer/src/runtime/big-int.ts";

function fakeMapping(): MappingExports {
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

function setup() {
  const heap = new AscHeap(fakeMapping());
  const host = createHostImports(() => heap, { log: () => {} } as unknown as HostContext) as unknown as Record<
    string,
    (...a: unknown[]) => number
  >;
  return { heap, host };
}

describe("AscHeap", () => {
  it("round-trips strings, bytes and BigInts with graph-node's class ids", () => {
    const { heap } = setup();
    const s = heap.writeString("héllo ✓");
    assert.equal(heap.readString(s), "héllo ✓");
    assert.equal(heap.u32(s - 8), 1000 + TypeId.String);
    const b = heap.writeBytes(Uint8Array.from([1, 2, 255]));
    assert.deepEqual([...heap.readBytes(b)], [1, 2, 255]);
    for (const n of [0n, 1n, -1n, 127n, 128n, -129n, 2n ** 255n, -(2n ** 200n)]) {
      assert.equal(heap.readBigInt(heap.writeBigInt(n)), n);
      assert.equal(fromSignedBytesLE(toSignedBytesLE(n)), n);
    }
  });

  it("round-trips BigDecimals", () => {
    const { heap } = setup();
    const value = BigDecimal.parse("-12.3450");
    assert.equal(BigDecimal.toString(readBigDecimal(heap, writeBigDecimal(heap, value))), "-12.345");
  });
});

describe("host functions", () => {
  it("does BigInt and BigDecimal arithmetic like graph-node, failing deterministically on zero", () => {
    const { heap, host } = setup();
    const big = (n: bigint) => heap.writeBigInt(n);
    assert.equal(heap.readBigInt(host["bigInt.dividedBy"](big(-7n), big(2n))), -3n);
    assert.equal(heap.readBigInt(host["bigInt.mod"](big(-7n), big(2n))), -1n);
    assert.equal(heap.readBigInt(host["bigInt.pow"](big(10n), 30)), 10n ** 30n);
    assert.throws(() => host["bigInt.dividedBy"](big(1n), big(0n)), DeterministicError);
    const dec = (s: string) => writeBigDecimal(heap, BigDecimal.parse(s));
    assert.equal(
      heap.readString(host["bigDecimal.toString"](host["bigDecimal.dividedBy"](dec("10"), dec("4")))),
      "2.5",
    );
    assert.equal(host["bigDecimal.equals"](dec("1.0"), dec("1")), 1);
    assert.throws(() => host["bigDecimal.fromString"](heap.writeString("abc")), DeterministicError);
  });

  it("converts types like graph-ts expects", () => {
    const { heap, host } = setup();
    const bytes = heap.writeBytes(Buffer.from("mosaic\0\0", "utf8"));
    assert.equal(heap.readString(host["typeConversion.bytesToString"](bytes)), "mosaic");
    assert.equal(
      heap.readString(host["typeConversion.bytesToHex"](heap.writeBytes(Uint8Array.from([0, 171])))),
      "0x00ab",
    );
    assert.equal(heap.readString(host["typeConversion.bigIntToHex"](heap.writeBigInt(255n))), "0xff");
    assert.equal(
      heap.readString(host["typeConversion.bytesToBase58"](heap.writeBytes(Uint8Array.from([0, 0, 1])))),
      "112",
    );
    assert.equal(
      toHex(
        heap.readBytes(
          host["typeConversion.stringToH160"](heap.writeString("0x00000000000000000000000000000000000000AA")),
        ),
      ),
      "0x00000000000000000000000000000000000000aa",
    );
  });

  it("decodes and encodes ABI values with ethereum.decode / ethereum.encode", () => {
    const { heap, host } = setup();
    const data = AbiCoder.defaultAbiCoder().encode(
      ["(uint256,address,string)"],
      [[42n, "0x00000000000000000000000000000000000000aa", "hi"]],
    );
    const ptr = host["ethereum.decode"](
      heap.writeString("(uint256,address,string)"),
      heap.writeBytes(Buffer.from(data.slice(2), "hex")),
    );
    const value = readEthereumValue(heap, ptr);
    assert.equal(value.kind, EthKind.TUPLE);
    const items = value.value as { kind: number; value: unknown }[];
    assert.equal(items[0].value, 42n);
    assert.equal(toHex(items[1].value as Uint8Array), "0x00000000000000000000000000000000000000aa");
    assert.equal(items[2].value, "hi");
    const encoded = heap.readBytes(host["ethereum.encode"](ptr));
    assert.equal(toHex(encoded), data);
    assert.equal(host["ethereum.decode"](heap.writeString("uint256"), heap.writeBytes(Uint8Array.from([1]))), 0);
  });

  it("parses JSON keeping number text, and reports bad JSON through try_fromBytes", () => {
    const { heap, host } = setup();
    const ptr = host["json.fromBytes"](
      heap.writeBytes(Buffer.from('{"a":[1,"x",true,null],"big":123456789012345678901234567890}')),
    );
    assert.equal(heap.i32(ptr), 5); // OBJECT
    const entries = heap.readArray(heap.u32(heap.u32(ptr + 8)));
    const big = entries
      .map((e) => [heap.readString(heap.u32(e)), heap.u32(e + 4)] as const)
      .find(([k]) => k === "big")![1];
    assert.equal(heap.i32(big), 2); // NUMBER, as its source text
    assert.equal(heap.readString(heap.u32(big + 8)), "123456789012345678901234567890");
    const failed = host["json.try_fromBytes"](heap.writeBytes(Buffer.from("{oops")));
    assert.equal(heap.u32(failed), 0);
    assert.notEqual(heap.u32(failed + 4), 0);
    assert.equal(host["json.toI64"](heap.writeString("-5")), -5n);
  });

  it("refuses data source templates with a clear error", () => {
    const { heap, host } = setup();
    assert.throws(() => host["dataSource.create"](heap.writeString("Job"), 0), /templates are not supported/);
  });

  it("lists what it implements", () => {
    const names = supportedHostFunctions();
    for (const name of [
      "store.get",
      "store.set",
      "store.loadRelated",
      "ethereum.call",
      "bigInt.plus",
      "log.log",
      "json.fromBytes",
    ]) {
      assert.ok(names.includes(name), name);
    }
  });
});
