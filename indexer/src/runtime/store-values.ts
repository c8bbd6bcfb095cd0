// graph-ts `Value` / `Entity` in wasm memory <-> the host's entity values, checked
// against the schema the way graph-node validates entities.
import * as BigDecimal from "./big-decimal.ts";
import { AscHeap, TypeId } from "./asc-heap.ts";
import type { EntityModel, FieldModel, ScalarName } from "../schema/subgraph-schema.ts";
import type { EntityData, FieldValue } from "../store/entity-values.ts";
import { DeterministicError } from "./errors.ts";

export const StoreKind = {
  STRING: 0,
  INT: 1,
  BIGDECIMAL: 2,
  BOOL: 3,
  ARRAY: 4,
  NULL: 5,
  BYTES: 6,
  BIGINT: 7,
  INT8: 8,
  TIMESTAMP: 9,
} as const;

const KIND_NAMES = ["String", "Int", "BigDecimal", "Boolean", "List", "Null", "Bytes", "BigInt", "Int8", "Timestamp"];

/** A store value as the mapping sent it: its kind and its decoded payload. */
export type TaggedValue = { kind: number; value: FieldValue | TaggedValue[] };

export function toHex(bytes: Uint8Array): string {
  return "0x" + Buffer.from(bytes).toString("hex");
}

export function fromHex(hex: string): Uint8Array {
  const clean = hex.startsWith("0x") || hex.startsWith("0X") ? hex.slice(2) : hex;
  // Buffer.from stops at the first character that is not hex: a short result means invalid.
  const decoded = Buffer.from(clean, "hex");
  if (clean.length % 2 !== 0 || decoded.length * 2 !== clean.length) throw new Error(`"${hex}" is not valid hex`);
  return new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.length);
}

export function readBigDecimal(heap: AscHeap, ptr: number): BigDecimal.BigDecimal {
  const digits = heap.readBigInt(heap.u32(ptr));
  const exp = heap.readBigInt(heap.u32(ptr + 4));
  return BigDecimal.normalize({ digits, exp: Number(exp) });
}

export function writeBigDecimal(heap: AscHeap, value: BigDecimal.BigDecimal): number {
  const normalized = BigDecimal.normalize(value);
  const digits = heap.writeBigInt(normalized.digits);
  const exp = heap.writeBigInt(BigInt(normalized.exp));
  return heap.object(TypeId.BigDecimal, [digits, exp]);
}

export function readStoreValue(heap: AscHeap, ptr: number): TaggedValue {
  const { kind, payload } = heap.readEnum(ptr);
  const p = Number(payload & 0xffffffffn);
  switch (kind) {
    case StoreKind.STRING:
      return { kind, value: heap.readString(p) };
    case StoreKind.INT:
      return { kind, value: Number(BigInt.asIntN(32, payload)) };
    case StoreKind.BIGDECIMAL:
      return { kind, value: readBigDecimal(heap, p) };
    case StoreKind.BOOL:
      return { kind, value: payload !== 0n };
    case StoreKind.ARRAY:
      return { kind, value: heap.readArray(p).map((e) => readStoreValue(heap, e)) };
    case StoreKind.NULL:
      return { kind, value: null };
    case StoreKind.BYTES:
      return { kind, value: heap.readHex(p) };
    case StoreKind.BIGINT:
      return { kind, value: heap.readBigInt(p) };
    case StoreKind.INT8:
    case StoreKind.TIMESTAMP:
      return { kind, value: BigInt.asIntN(64, payload) };
    default:
      throw new DeterministicError(`unknown store value kind ${kind}`);
  }
}

const KIND_FOR_SCALAR: Record<ScalarName, number> = {
  ID: StoreKind.STRING,
  String: StoreKind.STRING,
  Bytes: StoreKind.BYTES,
  BigInt: StoreKind.BIGINT,
  BigDecimal: StoreKind.BIGDECIMAL,
  Int: StoreKind.INT,
  Int8: StoreKind.INT8,
  Timestamp: StoreKind.TIMESTAMP,
  Boolean: StoreKind.BOOL,
};

function assignable(kind: number, scalar: ScalarName): boolean {
  if (kind === KIND_FOR_SCALAR[scalar]) return true;
  return (scalar === "Timestamp" && kind === StoreKind.INT8) || (scalar === "Int8" && kind === StoreKind.INT);
}

function describe(tagged: TaggedValue): string {
  if (Array.isArray(tagged.value)) return `[${(tagged.value as TaggedValue[]).map(describe).join(", ")}]`;
  const v = tagged.value;
  if (v !== null && typeof v === "object") return BigDecimal.toString(v as BigDecimal.BigDecimal);
  return String(v);
}

function fieldTypeName(field: FieldModel): string {
  const inner = field.typeName + (field.list && field.elementNonNull ? "!" : "");
  return (field.list ? `[${inner}]` : inner) + (field.nonNull ? "!" : "");
}

/** Checks one value against its field and converts it; null means "unset". */
export function toFieldValue(entity: EntityModel, id: string, field: FieldModel, tagged: TaggedValue): FieldValue {
  if (tagged.kind === StoreKind.NULL) return null;
  const mismatch = (actual: TaggedValue) =>
    new DeterministicError(
      `Entity ${entity.name}[${id}]: the value \`${describe(tagged)}\` for field \`${field.name}\` must have type ` +
        `${fieldTypeName(field)} but has type ${KIND_NAMES[actual.kind] ?? actual.kind}`,
    );
  if (field.list) {
    if (tagged.kind !== StoreKind.ARRAY) throw mismatch(tagged);
    return (tagged.value as TaggedValue[]).map((element) => {
      if (element.kind === StoreKind.NULL && !field.elementNonNull) return null;
      if (!assignable(element.kind, field.scalar)) throw mismatch(element);
      return convert(element, field.scalar);
    });
  }
  if (!assignable(tagged.kind, field.scalar)) throw mismatch(tagged);
  return convert(tagged, field.scalar);
}

function convert(tagged: TaggedValue, scalar: ScalarName): FieldValue {
  if (scalar === "Int8" && tagged.kind === StoreKind.INT) return BigInt(tagged.value as number);
  return tagged.value as FieldValue;
}

export function writeStoreValue(heap: AscHeap, field: FieldModel, value: FieldValue): number {
  if (value === null) return heap.writeEnum(TypeId.StoreValue, StoreKind.NULL, 0);
  if (field.list) {
    const elements = (value as FieldValue[]).map((v) => writeScalar(heap, field.scalar, v));
    const array = heap.writeArray(TypeId.ArrayStoreValue, elements);
    return heap.writeEnum(TypeId.StoreValue, StoreKind.ARRAY, array);
  }
  return writeScalar(heap, field.scalar, value);
}

function writeScalar(heap: AscHeap, scalar: ScalarName, value: FieldValue): number {
  if (value === null) return heap.writeEnum(TypeId.StoreValue, StoreKind.NULL, 0);
  const kind = KIND_FOR_SCALAR[scalar];
  switch (scalar) {
    case "ID":
    case "String":
      return heap.writeEnum(TypeId.StoreValue, kind, heap.writeString(value as string));
    case "Bytes":
      return heap.writeEnum(TypeId.StoreValue, kind, heap.writeHex(value as string));
    case "BigInt":
      return heap.writeEnum(TypeId.StoreValue, kind, heap.writeBigInt(value as bigint));
    case "BigDecimal":
      return heap.writeEnum(TypeId.StoreValue, kind, writeBigDecimal(heap, value as BigDecimal.BigDecimal));
    case "Int":
      return heap.writeEnum(TypeId.StoreValue, kind, value as number);
    case "Int8":
    case "Timestamp":
      return heap.writeEnum(TypeId.StoreValue, kind, value as bigint);
    case "Boolean":
      return heap.writeEnum(TypeId.StoreValue, kind, value ? 1 : 0);
  }
}

/**
 * `store.set`'s entity: field name -> value checked against the field (`toFieldValue`). Scalars of
 * the right kind are read straight from memory; lists, unknown fields and mismatches (whose error
 * names the value) go through `readStoreValue`.
 */
export function readEntityUpdate(heap: AscHeap, ptr: number, model: EntityModel, id: string): Map<string, FieldValue> {
  const out = new Map<string, FieldValue>();
  const entries = heap.readArray(heap.u32(ptr));
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    const name = heap.readString(heap.u32(entry));
    const valuePtr = heap.u32(entry + 4);
    const field = model.fieldMap.get(name);
    if (field && !field.list) {
      const kind = heap.i32(valuePtr);
      if (kind === StoreKind.NULL) {
        out.set(name, null);
        continue;
      }
      if (kind === KIND_FOR_SCALAR[field.scalar]) {
        out.set(name, readScalarPayload(heap, kind, valuePtr + 8));
        continue;
      }
    }
    const tagged = readStoreValue(heap, valuePtr);
    out.set(name, field ? toFieldValue(model, id, field, tagged) : (tagged.value as FieldValue));
  }
  return out;
}

/** A non-list store value's payload (at `at`) of a kind that is not a list or null. */
function readScalarPayload(heap: AscHeap, kind: number, at: number): FieldValue {
  switch (kind) {
    case StoreKind.STRING:
      return heap.readString(heap.u32(at));
    case StoreKind.INT:
      return heap.i32(at);
    case StoreKind.BIGDECIMAL:
      return readBigDecimal(heap, heap.u32(at));
    case StoreKind.BOOL:
      return heap.u32(at) !== 0 || heap.u32(at + 4) !== 0;
    case StoreKind.BYTES:
      return heap.readHex(heap.u32(at));
    case StoreKind.BIGINT:
      return heap.readBigInt(heap.u32(at));
    default:
      return heap.i64(at);
  }
}

/** Reads an `Entity` (TypedMap<string, Value>) as key -> tagged value. */
export function readEntityMap(heap: AscHeap, ptr: number): Map<string, TaggedValue> {
  const out = new Map<string, TaggedValue>();
  for (const entry of heap.readArray(heap.u32(ptr))) {
    out.set(heap.readString(heap.u32(entry)), readStoreValue(heap, heap.u32(entry + 4)));
  }
  return out;
}

/** Per entity type, its stored fields (what `writeEntity` may write). */
const storedFields = new WeakMap<EntityModel, FieldModel[]>();

export function writeEntity(heap: AscHeap, entity: EntityModel, data: Readonly<EntityData>): number {
  let fields = storedFields.get(entity);
  if (!fields) storedFields.set(entity, (fields = entity.fields.filter((f) => !f.derivedFrom)));
  const entries: number[] = [];
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i];
    const value = data[field.name];
    if (value === undefined) continue;
    const key = heap.writeString(field.name);
    entries.push(heap.object(TypeId.TypedMapEntryStringStoreValue, [key, writeStoreValue(heap, field, value)]));
  }
  const array = heap.writeArray(TypeId.ArrayTypedMapEntryStringStoreValue, entries);
  return heap.object(TypeId.TypedMapStringStoreValue, [array]);
}
