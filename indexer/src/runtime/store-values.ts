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
      return heap.writeEnum(TypeId.StoreValue, kind, heap.writeNewString(value as string));
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

/** `store.set`'s entity as `readEntityUpdate` read it. */
export type EntityUpdate = {
  values: Map<string, FieldValue>;
  /** Every name is a stored (not derived) field of the entity type. */
  storedFieldsOnly: boolean;
};

/**
 * `store.set`'s entity: field name -> value checked against the field (`toFieldValue`). A field
 * whose value is still the one `writeEntity` handed out for the same entity takes that value;
 * other scalars of the right kind are read straight from memory; lists, unknown fields and
 * mismatches (whose error names the value) go through `readStoreValue`.
 */
export function readEntityUpdate(heap: AscHeap, ptr: number, model: EntityModel, id: string): EntityUpdate {
  const out = new Map<string, FieldValue>();
  const entries = heap.readArray(heap.u32(ptr));
  const { fields } = storedLayout(model);
  const written = writtenEntity(heap, ptr, model);
  setCalls++;
  let storedFieldsOnly = true;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    const keyPtr = heap.u32(entry);
    const valuePtr = heap.u32(entry + 4);
    let field: FieldModel | undefined;
    let name: string;
    if (written !== null && i < written.entries.length && entry === written.entries[i] && keyPtr === written.keys[i]) {
      // The entry writeEntity made for this field, still with its key.
      const at = written.fieldAt[i];
      field = fields[at];
      name = field.name;
      // Lists are read back: their elements are converted one by one.
      if (!field.list && valuePtr === written.valuePtrs[at] && intact(heap, written)) {
        out.set(name, asRead(written.values[at]));
        continue;
      }
    } else {
      name = heap.readString(keyPtr);
      field = model.fieldMap.get(name);
      if (!field || field.derivedFrom) storedFieldsOnly = false;
    }
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
  return { values: out, storedFieldsOnly };
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

/**
 * Per entity type, its stored fields (what `writeEntity` may write) and, per mapping memory,
 * where `intern` wrote their names (0: not interned).
 */
type StoredLayout = { fields: FieldModel[]; internedNames: WeakMap<AscHeap, number[]> };
const storedLayouts = new WeakMap<EntityModel, StoredLayout>();

function storedLayout(entity: EntityModel): StoredLayout {
  let layout = storedLayouts.get(entity);
  if (!layout) {
    layout = { fields: entity.fields.filter((f) => !f.derivedFrom), internedNames: new WeakMap() };
    storedLayouts.set(entity, layout);
  }
  return layout;
}

function internedNames(heap: AscHeap, layout: StoredLayout): number[] {
  let names = layout.internedNames.get(heap);
  if (!names) layout.internedNames.set(heap, (names = layout.fields.map((f) => heap.internedString(f.name))));
  return names;
}

/**
 * An entity `writeEntity` handed to the mapping (the TypedMap at `map`): its entries (key and
 * field position each), where it wrote each field's value, the values, and a copy of the
 * memory span holding the values (and nothing else). While the memory still holds that copy,
 * the value pointer it wrote for a field denotes the value it was written from.
 */
type WrittenEntity = {
  model: EntityModel;
  map: number;
  entries: number[];
  keys: number[];
  fieldAt: number[];
  valuePtrs: number[];
  values: FieldValue[];
  start: number;
  copy: Buffer | null;
  /** The `store.set` call that last compared the memory with `copy`, and what it found. */
  checkedBy: number;
  intact: boolean;
};
type WrittenEntities = { generation: number; list: WrittenEntity[] };
const writtenEntities = new WeakMap<AscHeap, WrittenEntities>();
let setCalls = 0;

function writtenOf(heap: AscHeap): WrittenEntity[] {
  let written = writtenEntities.get(heap);
  if (!written) writtenEntities.set(heap, (written = { generation: heap.generation, list: [] }));
  else if (written.generation !== heap.generation) {
    written.generation = heap.generation;
    written.list = [];
  }
  return written.list;
}

/** The latest entity of type `model` that `writeEntity` handed out as the TypedMap at `map`. */
function writtenEntity(heap: AscHeap, map: number, model: EntityModel): WrittenEntity | null {
  const list = writtenOf(heap);
  for (let i = list.length - 1; i >= 0; i--) {
    if (list[i].map === map) return list[i].model === model ? list[i] : null;
  }
  return null;
}

function intact(heap: AscHeap, written: WrittenEntity): boolean {
  if (written.checkedBy !== setCalls) {
    written.checkedBy = setCalls;
    written.intact = written.copy !== null && heap.holds(written.start, written.copy);
  }
  return written.intact;
}

/** A scalar as reading back what `writeStoreValue` wrote of it gives it (BigDecimals normalized). */
function asRead(value: FieldValue): FieldValue {
  return value !== null && typeof value === "object" ? BigDecimal.normalize(value as BigDecimal.BigDecimal) : value;
}

export function writeEntity(heap: AscHeap, entity: EntityModel, data: Readonly<EntityData>): number {
  const layout = storedLayout(entity);
  const fields = layout.fields;
  const names = internedNames(heap, layout);
  // The values first, so that they lie in one span of their own (the entries, which the
  // mapping changes when it sets a field, come after).
  heap.markAllocations();
  const valuePtrs: number[] = new Array(fields.length);
  const values: FieldValue[] = new Array(fields.length);
  let count = 0;
  for (let i = 0; i < fields.length; i++) {
    const value = data[fields[i].name];
    if (value === undefined) {
      valuePtrs[i] = 0;
      values[i] = null;
      continue;
    }
    valuePtrs[i] = writeStoreValue(heap, fields[i], value);
    values[i] = value;
    count++;
  }
  const span = heap.allocatedSpan();
  const entries: number[] = new Array(count);
  const keys: number[] = new Array(count);
  const fieldAt: number[] = new Array(count);
  for (let i = 0, at = 0; i < fields.length; i++) {
    if (valuePtrs[i] === 0) continue;
    const key = names[i] !== 0 ? names[i] : heap.writeString(fields[i].name);
    keys[at] = key;
    fieldAt[at] = i;
    entries[at++] = heap.object2(TypeId.TypedMapEntryStringStoreValue, key, valuePtrs[i]);
  }
  const array = heap.writeArray(TypeId.ArrayTypedMapEntryStringStoreValue, entries);
  const map = heap.object(TypeId.TypedMapStringStoreValue, [array]);
  writtenOf(heap).push({
    model: entity,
    map,
    entries,
    keys,
    fieldAt,
    valuePtrs,
    values,
    start: span ? span[0] : 0,
    copy: span ? heap.copyOf(span[0], span[1]) : null,
    checkedBy: 0,
    intact: false,
  });
  return map;
}
