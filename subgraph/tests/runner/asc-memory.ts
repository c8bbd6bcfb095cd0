/**
 * Reads and writes AssemblyScript objects in a mapping's linear memory, for the object layouts of
 * AssemblyScript 0.19 (the compiler graph-cli 0.98 ships) with the stub runtime, as graph-ts 0.38
 * lays them out. Every object is preceded by a 20-byte header:
 *
 *   ptr-20 mmInfo | ptr-16 gcInfo | ptr-12 gcInfo2 | ptr-8 rtId (class id) | ptr-4 rtSize (payload bytes)
 *
 *   string          UTF-16LE code units at ptr; length = rtSize / 2
 *   ArrayBuffer     raw bytes at ptr; byteLength = rtSize
 *   Uint8Array      { buffer: ArrayBuffer @0, dataStart: usize @4, byteLength: i32 @8 }
 *                   (Bytes, ByteArray, Address and BigInt extend it without adding fields)
 *   Array<T>        { buffer @0, dataStart @4, byteLength @8, length @12 }
 *   class instance  fields in declaration order, each aligned to its size (pointers are u32)
 *
 * Class ids come from the module's `id_of_type` export (graph-ts's TypeId discriminants), as
 * graph-node does. This module knows nothing about any particular host.
 */

import { wasm } from "./wasm-api.ts";
import type { WasmMemory } from "./wasm-api.ts";

/** graph-ts's `TypeId` discriminants (global/global.ts) for the classes a host allocates. */
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
  ArrayTypedMapEntryStringStoreValue: 21,
  SmartContractCall: 22,
  EventParam: 23,
  EthereumTransaction: 24,
  EthereumBlock: 25,
  EthereumCall: 26,
  WrappedBool: 28,
  EthereumValue: 30,
  StoreValue: 31,
  JsonValue: 32,
  EthereumEvent: 33,
  TypedMapEntryStringStoreValue: 34,
  TypedMapStringStoreValue: 36,
  TransactionReceipt: 1000,
  Log: 1001,
  ArrayH256: 1002,
  ArrayLog: 1003,
} as const;

export type TypeIdName = keyof typeof TypeId;

/** The runtime exports a mapping compiled by graph-cli (or matchstick) provides. */
export interface AscRuntimeExports {
  memory: WasmMemory;
  /** Present with `--exportRuntime`. */
  __new?: (size: number, classId: number) => number;
  /** graph-ts's `allocate` (the stub runtime's `__alloc`). */
  allocate?: (size: number) => number;
  id_of_type?: (typeId: number) => number;
}

const OBJECT_OVERHEAD = 16;
const utf16 = new TextDecoder("utf-16le");

export class AscMemory {
  readonly exports: AscRuntimeExports;
  private readonly classIds = new Map<number, number>();

  constructor(exports: AscRuntimeExports) {
    if (!(exports.memory instanceof wasm.Memory)) {
      throw new Error("The module exports no memory; is it an AssemblyScript mapping?");
    }
    if (!exports.__new && !exports.allocate) {
      throw new Error("The module exports neither __new nor allocate; compile with --exportRuntime");
    }
    this.exports = exports;
  }

  // ---------------------------------------------------------------- raw access
  // Views are kept until memory.grow detaches the buffer they were made on (a detached buffer
  // has byteLength 0; a wasm memory never shrinks to 0), rather than made anew for every read
  // and write of every host call.
  private buffer: ArrayBuffer | null = null;
  private u8View = new Uint8Array(0);
  private dataView = new DataView(new ArrayBuffer(0));

  private sync(): void {
    if (this.buffer !== null && this.buffer.byteLength !== 0) return;
    this.buffer = this.exports.memory.buffer;
    this.u8View = new Uint8Array(this.buffer);
    this.dataView = new DataView(this.buffer);
  }

  bytes(): Uint8Array {
    this.sync();
    return this.u8View;
  }

  view(): DataView {
    this.sync();
    return this.dataView;
  }

  u8(ptr: number): number {
    return this.view().getUint8(ptr);
  }

  u32(ptr: number): number {
    return this.view().getUint32(ptr, true);
  }

  i32(ptr: number): number {
    return this.view().getInt32(ptr, true);
  }

  u64(ptr: number): bigint {
    return this.view().getBigUint64(ptr, true);
  }

  i64(ptr: number): bigint {
    return this.view().getBigInt64(ptr, true);
  }

  f64(ptr: number): number {
    return this.view().getFloat64(ptr, true);
  }

  setU8(ptr: number, value: number): void {
    this.view().setUint8(ptr, value);
  }

  setU32(ptr: number, value: number): void {
    this.view().setUint32(ptr, value >>> 0, true);
  }

  setI32(ptr: number, value: number): void {
    this.view().setInt32(ptr, value, true);
  }

  setU64(ptr: number, value: bigint): void {
    this.view().setBigUint64(ptr, BigInt.asUintN(64, value), true);
  }

  // ---------------------------------------------------------------- objects

  /** The class id (rtId) graph-ts assigns to a TypeId, through the module's `id_of_type`. */
  classId(typeId: number): number {
    let id = this.classIds.get(typeId);
    if (id === undefined) {
      if (!this.exports.id_of_type) {
        throw new Error("The module exports no id_of_type; is graph-ts's global.ts compiled in?");
      }
      id = this.exports.id_of_type(typeId) >>> 0;
      this.classIds.set(typeId, id);
    }
    return id;
  }

  /** The class id of the object at `ptr`. */
  rtId(ptr: number): number {
    return this.u32(ptr - 8);
  }

  /** The payload size of the object at `ptr`. */
  rtSize(ptr: number): number {
    return this.u32(ptr - 4);
  }

  /** Allocates an object of `size` payload bytes with the class of `typeId`; returns its pointer. */
  newObject(size: number, typeId: number): number {
    const classId = this.classId(typeId);
    if (this.exports.__new) return this.exports.__new(size, classId) >>> 0;
    const block = this.exports.allocate!(OBJECT_OVERHEAD + size) >>> 0;
    const view = this.view();
    view.setUint32(block, 0, true); // gcInfo
    view.setUint32(block + 4, 0, true); // gcInfo2
    view.setUint32(block + 8, classId, true);
    view.setUint32(block + 12, size, true);
    return block + OBJECT_OVERHEAD;
  }

  /** Allocates an object whose fields are all pointers or u32, in order. */
  newPointerObject(typeId: number, fields: readonly number[]): number {
    const ptr = this.newObject(fields.length * 4, typeId);
    const view = this.view();
    fields.forEach((field, i) => view.setUint32(ptr + i * 4, field >>> 0, true));
    return ptr;
  }

  /** Reads the `index`-th pointer field of an object whose fields are all pointers. */
  pointerField(ptr: number, index: number): number {
    return this.u32(ptr + index * 4);
  }

  // ---------------------------------------------------------------- strings

  readString(ptr: number): string {
    if (ptr === 0) throw new Error("Null pointer where a string was expected");
    const byteLength = this.rtSize(ptr);
    return utf16.decode(this.bytes().subarray(ptr, ptr + byteLength));
  }

  readNullableString(ptr: number): string | null {
    return ptr === 0 ? null : this.readString(ptr);
  }

  newString(value: string): number {
    const ptr = this.newObject(value.length * 2, TypeId.String);
    const view = this.view();
    for (let i = 0; i < value.length; i++) view.setUint16(ptr + i * 2, value.charCodeAt(i), true);
    return ptr;
  }

  // ---------------------------------------------------------------- byte arrays

  readArrayBuffer(ptr: number): Uint8Array {
    return this.bytes().slice(ptr, ptr + this.rtSize(ptr));
  }

  newArrayBuffer(data: Uint8Array): number {
    const ptr = this.newObject(data.length, TypeId.ArrayBuffer);
    this.bytes().set(data, ptr);
    return ptr;
  }

  /** Reads a Uint8Array (Bytes, ByteArray, Address, BigInt) as a copy of its bytes. */
  readUint8Array(ptr: number): Uint8Array {
    if (ptr === 0) throw new Error("Null pointer where bytes were expected");
    const dataStart = this.u32(ptr + 4);
    const byteLength = this.i32(ptr + 8);
    return this.bytes().slice(dataStart, dataStart + byteLength);
  }

  newUint8Array(data: Uint8Array): number {
    const buffer = this.newArrayBuffer(data);
    return this.newPointerObject(TypeId.Uint8Array, [buffer, buffer, data.length]);
  }

  // ---------------------------------------------------------------- numbers

  /** graph-ts BigInt: two's complement, little-endian, any length (empty is zero). */
  readBigInt(ptr: number): bigint {
    return bigIntFromSignedBytesLE(this.readUint8Array(ptr));
  }

  newBigInt(value: bigint): number {
    return this.newUint8Array(bigIntToSignedBytesLE(value));
  }

  /** graph-ts BigDecimal: { digits: BigInt @0, exp: BigInt @4 }, value = digits x 10^exp. */
  readBigDecimal(ptr: number): { digits: bigint; exp: bigint } {
    return { digits: this.readBigInt(this.u32(ptr)), exp: this.readBigInt(this.u32(ptr + 4)) };
  }

  newBigDecimal(value: { digits: bigint; exp: bigint }): number {
    const digits = this.newBigInt(value.digits);
    const exp = this.newBigInt(value.exp);
    return this.newPointerObject(TypeId.BigDecimal, [digits, exp]);
  }

  // ---------------------------------------------------------------- arrays

  /** Element pointers (or u32 values) of an Array<T> whose elements are 4 bytes wide. */
  readArray(ptr: number): number[] {
    if (ptr === 0) throw new Error("Null pointer where an array was expected");
    const dataStart = this.u32(ptr + 4);
    const length = this.i32(ptr + 12);
    const view = this.view();
    const out: number[] = new Array(length);
    for (let i = 0; i < length; i++) out[i] = view.getUint32(dataStart + i * 4, true);
    return out;
  }

  /** Allocates an Array<T> of 4-byte elements (pointers) with the class of `typeId`. */
  newArray(elements: readonly number[], typeId: number): number {
    const byteLength = elements.length * 4;
    const buffer = this.newObject(byteLength, TypeId.ArrayBuffer);
    const view = this.view();
    elements.forEach((element, i) => view.setUint32(buffer + i * 4, element >>> 0, true));
    return this.newPointerObject(typeId, [buffer, buffer, byteLength, elements.length]);
  }

  readStringArray(ptr: number): string[] {
    return this.readArray(ptr).map((element) => this.readString(element));
  }

  newStringArray(values: readonly string[]): number {
    return this.newArray(
      values.map((value) => this.newString(value)),
      TypeId.ArrayString,
    );
  }
}

export function bigIntFromSignedBytesLE(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  if (bytes.length <= 6) {
    // Up to 48 bits fit a double exactly: no BigInt arithmetic per byte.
    let value = 0;
    for (let i = bytes.length - 1; i >= 0; i--) value = value * 256 + bytes[i];
    const negative = (bytes[bytes.length - 1] & 0x80) !== 0;
    return BigInt(negative ? value - 2 ** (bytes.length * 8) : value);
  }
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]);
  const negative = (bytes[bytes.length - 1] & 0x80) !== 0;
  return negative ? value - (1n << BigInt(bytes.length * 8)) : value;
}

/** Minimal two's complement little-endian bytes, like num-bigint's `to_signed_bytes_le` (zero is [0]). */
export function bigIntToSignedBytesLE(value: bigint): Uint8Array {
  if (value >= -0x800000000000n && value < 0x800000000000n) {
    // Within 48 bits, with doubles: bytes until the rest is the sign extension of the last one.
    let rest = Number(value);
    const small: number[] = [];
    for (;;) {
      const byte = ((rest % 256) + 256) % 256;
      small.push(byte);
      rest = Math.floor(rest / 256);
      const signBit = (byte & 0x80) !== 0;
      if ((rest === 0 && !signBit) || (rest === -1 && signBit)) return Uint8Array.from(small);
    }
  }
  const out: number[] = [];
  let rest = value;
  for (;;) {
    const byte = Number(BigInt.asUintN(8, rest));
    out.push(byte);
    rest >>= 8n;
    const signBit = (byte & 0x80) !== 0;
    if ((rest === 0n && !signBit) || (rest === -1n && signBit)) break;
  }
  return Uint8Array.from(out);
}

export function bytesToHex(bytes: Uint8Array): string {
  return "0x" + Buffer.from(bytes).toString("hex");
}

export function hexToBytes(hex: string): Uint8Array {
  const digits = hex.startsWith("0x") || hex.startsWith("0X") ? hex.slice(2) : hex;
  if (digits.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(digits)) {
    throw new Error(`Not an even-length hex string: ${hex}`);
  }
  return Uint8Array.from(Buffer.from(digits, "hex"));
}
