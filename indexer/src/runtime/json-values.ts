// graph-ts `JSONValue` in wasm memory. Numbers keep their source text, as graph-node
// hands them to the mapping as strings (toBigInt/toI64/toF64 parse them there).
import { AscHeap, TypeId } from "./asc-heap.ts";

const JsonKind = { NULL: 0, BOOL: 1, NUMBER: 2, STRING: 3, ARRAY: 4, OBJECT: 5 } as const;

class JsonNumber {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

export function readJsonText(text: string): unknown {
  return JSON.parse(text, function (this: unknown, _key: string, value: unknown, context?: { source?: string }) {
    return typeof value === "number" ? new JsonNumber(context?.source ?? String(value)) : value;
  } as (key: string, value: unknown) => unknown);
}

export function writeJsonValue(heap: AscHeap, value: unknown): number {
  if (value === null) return heap.writeEnum(TypeId.JsonValue, JsonKind.NULL, 0);
  if (typeof value === "boolean") return heap.writeEnum(TypeId.JsonValue, JsonKind.BOOL, value ? 1 : 0);
  if (value instanceof JsonNumber)
    return heap.writeEnum(TypeId.JsonValue, JsonKind.NUMBER, heap.writeString(value.text));
  if (typeof value === "string") return heap.writeEnum(TypeId.JsonValue, JsonKind.STRING, heap.writeString(value));
  if (Array.isArray(value)) {
    const items = value.map((v) => writeJsonValue(heap, v));
    return heap.writeEnum(TypeId.JsonValue, JsonKind.ARRAY, heap.writeArray(TypeId.ArrayJsonValue, items));
  }
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) =>
    heap.object(TypeId.TypedMapEntryStringJsonValue, [heap.writeString(k), writeJsonValue(heap, v)]),
  );
  const map = heap.object(TypeId.TypedMapStringJsonValue, [
    heap.writeArray(TypeId.ArrayTypedMapEntryStringJsonValue, entries),
  ]);
  return heap.writeEnum(TypeId.JsonValue, JsonKind.OBJECT, map);
}
