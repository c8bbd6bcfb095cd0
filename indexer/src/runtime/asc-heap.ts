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
  // Views of the memory, made again when memory.grow detached the buffer they were made on
  // (a detached ArrayBuffer has byteLength 0; the memory never shrinks to 0).
  private buffer: ArrayBuffer | null = null;
  private u8View!: Uint8Array;
  private dataView!: DataView;
  private nodeBuffer!: Buffer;

  constructor(exports: MappingExports) {
    this.exports = exports;
  }

  private sync(): void {
    if (this.buffer !== null && this.buffer.byteLength !== 0) return;
    const buffer = this.exports.memory.buffer;
    this.buffer = buffer;
    this.u8View = new Uint8Array(buffer);
    this.dataView = new DataView(buffer);
    this.nodeBuffer = Buffer.from(buffer);
  }

  /**
   * Strings read once: those in the module's static data (string literals, below `staticEnd`,
   * never freed or changed) and those `intern` wrote (pinned, immutable, restored with the
   * instance's memory). Pointers above are read every time.
   */
  private staticEnd = 0;
  private readonly knownStrings = new Map<number, string>();
  private readonly internedStrings = new Map<string, number>();

  /** Forgets the views (the instance is about to be reused). */
  reset(): void {
    this.buffer = null;
  }

  /** Strings below `end` are static data: `readString` keeps what it read there. */
  setStaticEnd(end: number): void {
    this.staticEnd = end;
  }

  /**
   * Writes each of `values` once (pinned, so a collecting runtime keeps them) for `writeString`
   * to hand out from then on. Only for an instance whose memory is restored to a snapshot
   * taken after this call before each use.
   */
  intern(values: Iterable<string>): void {
    const pin = (this.exports as unknown as { __pin?: (ptr: number) => number }).__pin;
    for (const value of values) {
      if (this.internedStrings.has(value)) continue;
      const ptr = this.writeString(value);
      pin?.(ptr);
      this.internedStrings.set(value, ptr);
      this.knownStrings.set(ptr, value);
    }
  }

  private get bytes(): Uint8Array {
    this.sync();
    return this.u8View;
  }

  private get view(): DataView {
    this.sync();
    return this.dataView;
  }

  private get node(): Buffer {
    this.sync();
    return this.nodeBuffer;
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

  i64(address: number): bigint {
    return this.view.getBigInt64(address, true);
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
    const view = this.view;
    for (let i = 0; i < fields.length; i++) view.setUint32(ptr + i * 4, fields[i] >>> 0, true);
    return ptr;
  }

  // ------------------------------------------------------------------ strings

  readString(ptr: number): string {
    if (ptr === 0) throw new Error("null string pointer");
    const known = this.knownStrings.get(ptr);
    if (known !== undefined) return known;
    const size = this.u32(ptr - 4);
    const value = this.node.toString("utf16le", ptr, ptr + size);
    if (ptr < this.staticEnd) this.knownStrings.set(ptr, value);
    return value;
  }

  writeString(value: string): number {
    const interned = this.internedStrings.get(value);
    if (interned !== undefined) return interned;
    const ptr = this.alloc(value.length * 2, TypeId.String);
    this.node.write(value, ptr, value.length * 2, "utf16le");
    return ptr;
  }

  // ------------------------------------------------------------------ typed arrays

  readBytes(ptr: number): Uint8Array {
    if (ptr === 0) throw new Error("null bytes pointer");
    const dataStart = this.u32(ptr + 4);
    const length = this.u32(ptr + 8);
    return this.bytes.slice(dataStart, dataStart + length);
  }

  /** The bytes of a Uint8Array as 0x-prefixed lowercase hex. */
  readHex(ptr: number): string {
    if (ptr === 0) throw new Error("null bytes pointer");
    const dataStart = this.u32(ptr + 4);
    const length = this.u32(ptr + 8);
    return "0x" + this.node.toString("hex", dataStart, dataStart + length);
  }

  /** A Uint8Array (Bytes, Address, BigInt all share graph-node's Uint8Array class id). */
  writeBytes(value: Uint8Array): number {
    const buffer = this.alloc(value.length, TypeId.ArrayBuffer);
    this.bytes.set(value, buffer);
    return this.object(TypeId.Uint8Array, [buffer, buffer, value.length]);
  }

  /** `writeBytes` of a hex string (0x-prefixed or not), without an intermediate array. */
  writeHex(hex: string): number {
    const start = hex.startsWith("0x") || hex.startsWith("0X") ? 2 : 0;
    const length = (hex.length - start) / 2;
    if (!Number.isInteger(length)) throw new Error(`"${hex}" is not valid hex`);
    const buffer = this.alloc(length, TypeId.ArrayBuffer);
    const written = this.node.write(start ? hex.slice(start) : hex, buffer, length, "hex");
    if (written !== length) throw new Error(`"${hex}" is not valid hex`);
    return this.object(TypeId.Uint8Array, [buffer, buffer, length]);
  }

  readBigInt(ptr: number): bigint {
    if (ptr === 0) throw new Error("null bytes pointer");
    const dataStart = this.u32(ptr + 4);
    const length = this.u32(ptr + 8);
    return fromSignedBytesLE(this.bytes.subarray(dataStart, dataStart + length));
  }

  writeBigInt(value: bigint): number {
    // Small values (most counters and amounts in smallest units up to 2^47) without BigInt
    // arithmetic or intermediate arrays: minimal two's complement, little-endian.
    if (value >= -0x800000000000n && value < 0x800000000000n) {
      let v = Number(value);
      let length = 1;
      for (let rest = v; rest >= 0x80 || rest < -0x80; length++) rest = Math.floor(rest / 256);
      const buffer = this.alloc(length, TypeId.ArrayBuffer);
      const bytes = this.bytes;
      for (let i = 0; i < length; i++) {
        bytes[buffer + i] = ((v % 256) + 256) % 256;
        v = Math.floor(v / 256);
      }
      return this.object(TypeId.Uint8Array, [buffer, buffer, length]);
    }
    return this.writeBytes(toSignedBytesLE(value));
  }

  // ------------------------------------------------------------------ arrays

  /** Elements of an Array<T> of pointers (or of u32-sized values). */
  readArray(ptr: number): number[] {
    if (ptr === 0) throw new Error("null array pointer");
    const view = this.view;
    const dataStart = view.getUint32(ptr + 4, true);
    const length = view.getUint32(ptr + 12, true);
    const out: number[] = new Array(length);
    for (let i = 0; i < length; i++) out[i] = view.getUint32(dataStart + i * 4, true);
    return out;
  }

  writeArray(typeId: number, elements: number[]): number {
    const buffer = this.alloc(elements.length * 4, TypeId.ArrayBuffer);
    const view = this.view;
    for (let i = 0; i < elements.length; i++) view.setUint32(buffer + i * 4, elements[i] >>> 0, true);
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
    const view = this.view;
    view.setUint32(ptr, kind >>> 0, true);
    view.setUint32(ptr + 4, 0, true);
    if (typeof payload === "number" && payload >= 0 && payload <= 0xffffffff) {
      view.setUint32(ptr + 8, payload, true);
      view.setUint32(ptr + 12, 0, true);
    } else if (typeof payload === "number" && payload < 0 && payload >= -0x80000000 && Number.isInteger(payload)) {
      // A negative i32, sign-extended to 64 bits.
      view.setInt32(ptr + 8, payload, true);
      view.setInt32(ptr + 12, -1, true);
    } else {
      view.setBigUint64(ptr + 8, BigInt.asUintN(64, BigInt(payload)), true);
    }
    return ptr;
  }
}
