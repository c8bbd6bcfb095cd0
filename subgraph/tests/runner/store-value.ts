/**
 * graph-ts store values (`Value`, `ValueKind`) and entities (`TypedMap<string, Value>`) as JS data,
 * and their codec to and from a mapping's memory.
 *
 *   Value           { kind: i32 @0, data: u64 @8 }   data holds a pointer, an i32, an i64 or a bool
 *   Entity          { entries: Array<TypedMapEntry<string, Value>> @0 }
 *   TypedMapEntry   { key: string @0, value: Value @4 }
 */
import { AscMemory, TypeId, bytesToHex } from "./asc-memory.ts";
import type { BigDecimalValue } from "./big-decimal.ts";
import { formatBigDecimal } from "./big-decimal.ts";

/** graph-ts `ValueKind` discriminants (common/value.ts). */
export const StoreValueKind = {
  String: 0,
  Int: 1,
  BigDecimal: 2,
  Bool: 3,
  Array: 4,
  Null: 5,
  Bytes: 6,
  BigInt: 7,
  Int8: 8,
  Timestamp: 9,
} as const;

export type StoreValue =
  | { kind: "String"; value: string }
  | { kind: "Int"; value: number }
  | { kind: "Int8"; value: bigint }
  | { kind: "Timestamp"; value: bigint }
  | { kind: "BigDecimal"; value: BigDecimalValue }
  | { kind: "Bool"; value: boolean }
  | { kind: "Array"; value: StoreValue[] }
  | { kind: "Null" }
  | { kind: "Bytes"; value: Uint8Array }
  | { kind: "BigInt"; value: bigint };

/** Field name to value, in the order the mapping set them. */
export type Entity = Map<string, StoreValue>;

export const NULL_VALUE: StoreValue = { kind: "Null" };

export function readStoreValue(memory: AscMemory, ptr: number): StoreValue {
  const kind = memory.i32(ptr);
  const payload = memory.u64(ptr + 8);
  const pointer = Number(payload & 0xffffffffn);
  switch (kind) {
    case StoreValueKind.String:
      return { kind: "String", value: memory.readString(pointer) };
    case StoreValueKind.Int:
      return { kind: "Int", value: Number(BigInt.asIntN(32, payload)) };
    case StoreValueKind.Int8:
      return { kind: "Int8", value: BigInt.asIntN(64, payload) };
    case StoreValueKind.Timestamp:
      return { kind: "Timestamp", value: BigInt.asIntN(64, payload) };
    case StoreValueKind.BigDecimal:
      return { kind: "BigDecimal", value: memory.readBigDecimal(pointer) };
    case StoreValueKind.Bool:
      return { kind: "Bool", value: payload !== 0n };
    case StoreValueKind.Array:
      return {
        kind: "Array",
        value: memory.readArray(pointer).map((element) => readStoreValue(memory, element)),
      };
    case StoreValueKind.Null:
      return NULL_VALUE;
    case StoreValueKind.Bytes:
      return { kind: "Bytes", value: memory.readUint8Array(pointer) };
    case StoreValueKind.BigInt:
      return { kind: "BigInt", value: memory.readBigInt(pointer) };
    default:
      throw new Error(`Unknown store value kind ${kind} at ${ptr}`);
  }
}

export function newStoreValue(memory: AscMemory, value: StoreValue): number {
  let kind: number;
  let payload: bigint;
  switch (value.kind) {
    case "String":
      kind = StoreValueKind.String;
      payload = BigInt(memory.newString(value.value));
      break;
    case "Int":
      kind = StoreValueKind.Int;
      payload = BigInt(value.value);
      break;
    case "Int8":
      kind = StoreValueKind.Int8;
      payload = value.value;
      break;
    case "Timestamp":
      kind = StoreValueKind.Timestamp;
      payload = value.value;
      break;
    case "BigDecimal":
      kind = StoreValueKind.BigDecimal;
      payload = BigInt(memory.newBigDecimal(value.value));
      break;
    case "Bool":
      kind = StoreValueKind.Bool;
      payload = value.value ? 1n : 0n;
      break;
    case "Array":
      kind = StoreValueKind.Array;
      payload = BigInt(
        memory.newArray(
          value.value.map((element) => newStoreValue(memory, element)),
          TypeId.ArrayStoreValue,
        ),
      );
      break;
    case "Null":
      kind = StoreValueKind.Null;
      payload = 0n;
      break;
    case "Bytes":
      kind = StoreValueKind.Bytes;
      payload = BigInt(memory.newUint8Array(value.value));
      break;
    case "BigInt":
      kind = StoreValueKind.BigInt;
      payload = BigInt(memory.newBigInt(value.value));
      break;
  }
  const ptr = memory.newObject(16, TypeId.StoreValue);
  memory.setI32(ptr, kind);
  memory.setU32(ptr + 4, 0);
  memory.setU64(ptr + 8, payload);
  return ptr;
}

export function readEntity(memory: AscMemory, ptr: number): Entity {
  const entity: Entity = new Map();
  for (const entry of memory.readArray(memory.u32(ptr))) {
    entity.set(memory.readString(memory.u32(entry)), readStoreValue(memory, memory.u32(entry + 4)));
  }
  return entity;
}

export function newEntity(memory: AscMemory, entity: Entity): number {
  const entries: number[] = [];
  for (const [key, value] of entity) {
    const keyPtr = memory.newString(key);
    const valuePtr = newStoreValue(memory, value);
    entries.push(memory.newPointerObject(TypeId.TypedMapEntryStringStoreValue, [keyPtr, valuePtr]));
  }
  const array = memory.newArray(entries, TypeId.ArrayTypedMapEntryStringStoreValue);
  return memory.newPointerObject(TypeId.TypedMapStringStoreValue, [array]);
}

/** A value as graph-node's `Display` prints it (what matchstick's fieldEquals compares). */
export function displayStoreValue(value: StoreValue): string {
  switch (value.kind) {
    case "String":
      return value.value;
    case "Int":
    case "Int8":
    case "Timestamp":
    case "BigInt":
      return value.value.toString();
    case "BigDecimal":
      return formatBigDecimal(value.value);
    case "Bool":
      return value.value ? "true" : "false";
    case "Array":
      return "[" + value.value.map(displayStoreValue).join(", ") + "]";
    case "Null":
      return "null";
    case "Bytes":
      return bytesToHex(value.value);
  }
}

export function storeValuesEqual(a: StoreValue, b: StoreValue): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === "Array" && b.kind === "Array") {
    return a.value.length === b.value.length && a.value.every((v, i) => storeValuesEqual(v, b.value[i]));
  }
  return displayStoreValue(a) === displayStoreValue(b);
}

/** A value in The Graph's GraphQL JSON encoding (BigInt, BigDecimal, Int8 and Timestamp as strings). */
export function storeValueToJson(value: StoreValue): unknown {
  switch (value.kind) {
    case "String":
    case "Bool":
    case "Int":
      return value.value;
    case "Int8":
    case "Timestamp":
    case "BigInt":
      return value.value.toString();
    case "BigDecimal":
      return formatBigDecimal(value.value);
    case "Array":
      return value.value.map(storeValueToJson);
    case "Null":
      return null;
    case "Bytes":
      return bytesToHex(value.value);
  }
}
