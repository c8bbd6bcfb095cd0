// ABI values <-> graph-ts `ethereum.Value` in wasm memory.
import { AbiCoder, getAddress, Indexed, ParamType } from "ethers";
import { AscHeap, TypeId } from "./asc-heap.ts";
import { fromHex, toHex } from "./store-values.ts";
import { DeterministicError } from "./errors.ts";

export const EthKind = {
  ADDRESS: 0,
  FIXED_BYTES: 1,
  BYTES: 2,
  INT: 3,
  UINT: 4,
  BOOL: 5,
  STRING: 6,
  FIXED_ARRAY: 7,
  ARRAY: 8,
  TUPLE: 9,
} as const;

/** An `ethereum.Value` read from the mapping: its kind and payload. */
export type EthValue =
  | { kind: 0 | 1 | 2; value: Uint8Array }
  | { kind: 3 | 4; value: bigint }
  | { kind: 5; value: boolean }
  | { kind: 6; value: string }
  | { kind: 7 | 8 | 9; value: EthValue[] };

/** Writes a decoded ABI value (as ethers returns it) with its type as an `ethereum.Value`. */
export function writeEthereumValue(heap: AscHeap, type: ParamType, value: unknown): number {
  // An indexed dynamic parameter only carries its hash in the topic.
  if (value instanceof Indexed) {
    return heap.writeEnum(TypeId.EthereumValue, EthKind.FIXED_BYTES, heap.writeHex(value.hash ?? "0x"));
  }
  if (type.isTuple()) {
    const items = type.components.map((c, i) => writeEthereumValue(heap, c, (value as unknown[])[i]));
    return heap.writeEnum(TypeId.EthereumValue, EthKind.TUPLE, heap.writeArray(TypeId.ArrayEthereumValue, items));
  }
  if (type.isArray()) {
    const items = Array.from(value as unknown[], (v) => writeEthereumValue(heap, type.arrayChildren, v));
    const kind = type.arrayLength >= 0 ? EthKind.FIXED_ARRAY : EthKind.ARRAY;
    return heap.writeEnum(TypeId.EthereumValue, kind, heap.writeArray(TypeId.ArrayEthereumValue, items));
  }
  const base = type.baseType;
  if (base === "address") {
    return heap.writeEnum(TypeId.EthereumValue, EthKind.ADDRESS, heap.writeHex(value as string));
  }
  if (base === "bool") return heap.writeEnum(TypeId.EthereumValue, EthKind.BOOL, value ? 1 : 0);
  if (base === "string") return heap.writeEnum(TypeId.EthereumValue, EthKind.STRING, heap.writeString(value as string));
  if (base === "bytes") return heap.writeEnum(TypeId.EthereumValue, EthKind.BYTES, heap.writeHex(value as string));
  if (base.startsWith("bytes")) {
    return heap.writeEnum(TypeId.EthereumValue, EthKind.FIXED_BYTES, heap.writeHex(value as string));
  }
  if (base.startsWith("uint"))
    return heap.writeEnum(TypeId.EthereumValue, EthKind.UINT, heap.writeBigInt(BigInt(value as bigint)));
  if (base.startsWith("int"))
    return heap.writeEnum(TypeId.EthereumValue, EthKind.INT, heap.writeBigInt(BigInt(value as bigint)));
  throw new DeterministicError(`unsupported ABI type ${type.format()}`);
}

export function readEthereumValue(heap: AscHeap, ptr: number): EthValue {
  const { kind, payload } = heap.readEnum(ptr);
  const p = Number(payload & 0xffffffffn);
  switch (kind) {
    case EthKind.ADDRESS:
    case EthKind.FIXED_BYTES:
    case EthKind.BYTES:
      return { kind, value: heap.readBytes(p) };
    case EthKind.INT:
    case EthKind.UINT:
      return { kind, value: heap.readBigInt(p) };
    case EthKind.BOOL:
      return { kind, value: payload !== 0n };
    case EthKind.STRING:
      return { kind, value: heap.readString(p) };
    case EthKind.FIXED_ARRAY:
    case EthKind.ARRAY:
    case EthKind.TUPLE:
      return { kind, value: heap.readArray(p).map((e) => readEthereumValue(heap, e)) };
    default:
      throw new DeterministicError(`unknown ethereum.Value kind ${kind}`);
  }
}

/** The JS value ethers' coder expects for `value`. */
export function toAbiValue(value: EthValue): unknown {
  switch (value.kind) {
    case EthKind.ADDRESS:
      return getAddress(toHex(value.value));
    case EthKind.FIXED_BYTES:
    case EthKind.BYTES:
      return toHex(value.value);
    case EthKind.FIXED_ARRAY:
    case EthKind.ARRAY:
    case EthKind.TUPLE:
      return value.value.map(toAbiValue);
    default:
      return value.value;
  }
}

/** The ABI type a value stands for, as ethabi infers it from a token. */
export function inferAbiType(value: EthValue): string {
  switch (value.kind) {
    case EthKind.ADDRESS:
      return "address";
    case EthKind.FIXED_BYTES:
      return `bytes${value.value.length}`;
    case EthKind.BYTES:
      return "bytes";
    case EthKind.INT:
      return "int256";
    case EthKind.UINT:
      return "uint256";
    case EthKind.BOOL:
      return "bool";
    case EthKind.STRING:
      return "string";
    case EthKind.FIXED_ARRAY:
    case EthKind.ARRAY: {
      const first = value.value[0];
      if (!first) throw new DeterministicError("cannot encode an empty array without its type");
      const inner = inferAbiType(first);
      return value.kind === EthKind.ARRAY ? `${inner}[]` : `${inner}[${value.value.length}]`;
    }
    case EthKind.TUPLE:
      return `(${value.value.map(inferAbiType).join(",")})`;
  }
}

export function encodeEthereumValue(value: EthValue): Uint8Array {
  const encoded = AbiCoder.defaultAbiCoder().encode([inferAbiType(value)], [toAbiValue(value)]);
  return fromHex(encoded);
}

/** `ethereum.decode(types, data)`: null when the data does not decode. */
export function decodeToEthereumValue(heap: AscHeap, types: string, data: Uint8Array): number {
  let type: ParamType;
  try {
    type = ParamType.from(types);
  } catch {
    throw new DeterministicError(`ethereum.decode: invalid type "${types}"`);
  }
  try {
    const [decoded] = AbiCoder.defaultAbiCoder().decode([type], data);
    return writeEthereumValue(heap, type, decoded);
  } catch {
    return 0;
  }
}
