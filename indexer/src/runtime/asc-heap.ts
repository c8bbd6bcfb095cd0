// Reading and writing AssemblyScript 0.19 objects (graph-cli's `--runtime stub`) in a
// mapping's linear memory. Layouts follow graph-node's Asc* types:
//   object header: rtId (u32) at ptr-8 and rtSize (u32) at ptr-4
//   String: UTF-16LE code units, rtSize bytes
//   ArrayBuffer: rtSize raw bytes
//   Uint8Array (also Bytes, BigInt, Address): buffer, dataStart, byteLength
//   Array<T>: buffer, dataStart, byteLength, length
//   classes: fields in declaration order, pointers as u32
import { fromSignedBytesLE, toSignedBytesLE } from "./big-int.ts";

/** graph-ts `TypeId` values (global/global.ts), resolved to class ids through `id_of_type`. */
export const TypeId = {
  String: 0,
  ArrayBuffer: 1,
  Uint8Array: 6,
  BigDecimal: 12,
  ArrayBool: 13,
  ArrayUint8Array: 14,
  ArrayEthereumValue: 15,
  ArrayStoreValue: 16,
  ArrayJsonValue: 17,
  ArrayString: 18,
  ArrayEventParam: 19,
  ArrayTypedMapEntryStringJsonValue: 20,
  ArrayTypedMapEntryStringStoreValue: 21,
  SmartContractCall: 22,
  EventParam: 23,
  EthereumTransaction: 24,
  EthereumBlock: 25,
  EthereumCall: 26,
  WrappedTypedMapStringJsonValue: 27,
  WrappedBool: 28,
  WrappedJsonValue: 29,
  EthereumValue: 30,
  StoreValue: 31,
  JsonValue: 32,
  EthereumEvent: 33,
  TypedMapEntryStringStoreValue: 34,
  TypedMapEntryStringJsonValue: 35,
  TypedMapStringStoreValue: 36,
  TypedMapStringJsonValue: 37,
  ResultJsonValueBool: 40,
} as const;

export type MappingExports = {
  memory: WebAssembly.Memory;
  __new: (size: number, id: number) => number;
  id_of_type: (typeId: number) => number;
};

export class AscHeap {
  readonly exports: MappingExports;
  private readonly classIds = new Map<number, number>();

  constructor(exports: MappingExports) {
    this.exports = exports;
  }

  private get bytes(): Uint8Array {
    return new Uint8Array(this.exports.memory.buffer);
  }

  private get view(): DataView {
    return new DataView(this.exports.memory.buffer);
  }

  classId(typeId: number): number {
    let id = this.classIds.get(typeId);
    if (id === undefined) {
      id = this.exports.id_of_type(typeId) >>> 0;
      this.classIds.set(typeId, id);
    }
    return id;
  }

  alloc(size: number, typeId: number): number {
    return this.exports.__new(size, this.classId(typeId)) >>> 0;
  }

  u32(address: number): number {
    return this.view.getUint32(address, true);
  }

  i32(address: number): number {
    return this.view.getInt32(address, true);
  }

  u64(address: number): bigint {
    return this.view.getBigUint64(address, true);
  }

  setU32(address: number, value: number): void {
    this.view.setUint32(address, value >>> 0, true);
  }

  setU64(address: number, value: bigint): void {
    this.view.setBigUint64(address, BigInt.asUintN(64, value), true);
  }

  setU8(address: number, value: number): void {
    this.view.setUint8(address, value);
  }

  /** Allocates an object whose fields are all u32 (pointers or small values). */
  object(typeId: number, fields: number[]): number {
    const ptr = this.alloc(fields.length * 4, typeId);
    fields.forEach((f, i) => this.setU32(ptr + i * 4, f));
    return ptr;
  }

  // ------------------------------------------------------------------ strings

  readString(ptr: number): string {
    if (ptr === 0) throw new Error("null string pointer");
    const size = this.u32(ptr - 4);
    return Buffer.from(this.exports.memory.buffer, ptr, size).toString("utf16le");
  }

  writeString(value: string): number {
    const encoded = Buffer.from(value, "utf16le");
    const ptr = this.alloc(encoded.length, TypeId.String);
    this.bytes.set(encoded, ptr);
    return ptr;
  }

  // ------------------------------------------------------------------ typed arrays

  readBytes(ptr: number): Uint8Array {
    if (ptr === 0) throw new Error("null bytes pointer");
    const dataStart = this.u32(ptr + 4);
    const length = this.u32(ptr + 8);
    return this.bytes.slice(dataStart, dataStart + length);
  }

  /** A Uint8Array (Bytes, Address, BigInt all share graph-node's Uint8Array class id). */
  writeBytes(value: Uint8Array): number {
    const buffer = this.alloc(value.length, TypeId.ArrayBuffer);
    this.bytes.set(value, buffer);
    return this.object(TypeId.Uint8Array, [buffer, buffer, value.length]);
  }

  readBigInt(ptr: number): bigint {
    return fromSignedBytesLE(this.readBytes(ptr));
  }

  writeBigInt(value: bigint): number {
    return this.writeBytes(toSignedBytesLE(value));
  }

  // ------------------------------------------------------------------ arrays

  /** Elements of an Array<T> of pointers (or of u32-sized values). */
  readArray(ptr: number): number[] {
    if (ptr === 0) throw new Error("null array pointer");
    const dataStart = this.u32(ptr + 4);
    const length = this.u32(ptr + 12);
    const out: number[] = [];
    for (let i = 0; i < length; i++) out.push(this.u32(dataStart + i * 4));
    return out;
  }

  writeArray(typeId: number, elements: number[]): number {
    const buffer = this.alloc(elements.length * 4, TypeId.ArrayBuffer);
    elements.forEach((e, i) => this.setU32(buffer + i * 4, e));
    return this.object(typeId, [buffer, buffer, elements.length * 4, elements.length]);
  }

  /** Array<bool>: one byte per element. */
  writeBoolArray(values: boolean[]): number {
    const buffer = this.alloc(values.length, TypeId.ArrayBuffer);
    values.forEach((v, i) => this.setU8(buffer + i, v ? 1 : 0));
    return this.object(TypeId.ArrayBool, [buffer, buffer, values.length, values.length]);
  }

  // ------------------------------------------------------------------ enums {kind, payload}

  /** `Value`/`ethereum.Value`/`JSONValue`: kind i32, 4 bytes padding, payload u64. */
  readEnum(ptr: number): { kind: number; payload: bigint } {
    return { kind: this.i32(ptr), payload: this.u64(ptr + 8) };
  }

  writeEnum(typeId: number, kind: number, payload: bigint | number): number {
    const ptr = this.alloc(16, typeId);
    this.setU32(ptr, kind);
    this.setU32(ptr + 4, 0);
    this.setU64(ptr + 8, BigInt(payload));
    return ptr;
  }
}
