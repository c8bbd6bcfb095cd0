/**
 * graph-ts `ethereum.*` objects as JS data, and their codec to and from a mapping's memory:
 * `ethereum.Value` (event parameters, matchstick's assert.equals), and the Event, Block,
 * Transaction, TransactionReceipt and Log a host hands to an event handler.
 *
 *   ethereum.Value   { kind: i32 @0, data: u64 @8 }
 *   EventParam       { name: string @0, value: ethereum.Value @4 }
 *   Event            { address, logIndex, transactionLogIndex, logType, block, transaction,
 *                      parameters, receipt }                      (8 pointers)
 *   Block            { hash, parentHash, unclesHash, author, stateRoot, transactionsRoot,
 *                      receiptsRoot, number, gasUsed, gasLimit, timestamp, difficulty,
 *                      totalDifficulty, size, baseFeePerGas }      (15 pointers)
 *   Transaction      { hash, index, from, to, value, gasLimit, gasPrice, input, nonce }
 */
import { AscMemory, TypeId } from "./asc-memory.ts";

/** graph-ts `ethereum.ValueKind` discriminants (chain/ethereum.ts). */
export const EthereumValueKind = {
  address: 0,
  fixedBytes: 1,
  bytes: 2,
  int: 3,
  uint: 4,
  bool: 5,
  string: 6,
  fixedArray: 7,
  array: 8,
  tuple: 9,
} as const;

export type EthereumValue =
  | { kind: "address"; value: Uint8Array }
  | { kind: "fixedBytes"; value: Uint8Array }
  | { kind: "bytes"; value: Uint8Array }
  | { kind: "int"; value: bigint }
  | { kind: "uint"; value: bigint }
  | { kind: "bool"; value: boolean }
  | { kind: "string"; value: string }
  | { kind: "fixedArray"; value: EthereumValue[] }
  | { kind: "array"; value: EthereumValue[] }
  | { kind: "tuple"; value: EthereumValue[] };

const KIND_NAMES = Object.keys(EthereumValueKind) as EthereumValue["kind"][];

export function readEthereumValue(memory: AscMemory, ptr: number): EthereumValue {
  const kind = KIND_NAMES[memory.i32(ptr)];
  const payload = memory.u64(ptr + 8);
  const pointer = Number(payload & 0xffffffffn);
  switch (kind) {
    case "address":
    case "fixedBytes":
    case "bytes":
      return { kind, value: memory.readUint8Array(pointer) };
    case "int":
    case "uint":
      return { kind, value: memory.readBigInt(pointer) };
    case "bool":
      return { kind, value: payload !== 0n };
    case "string":
      return { kind, value: memory.readString(pointer) };
    case "fixedArray":
    case "array":
    case "tuple":
      return {
        kind,
        value: memory.readArray(pointer).map((element) => readEthereumValue(memory, element)),
      };
    default:
      throw new Error(`Unknown ethereum value kind ${memory.i32(ptr)} at ${ptr}`);
  }
}

export function newEthereumValue(memory: AscMemory, value: EthereumValue): number {
  let payload: bigint;
  switch (value.kind) {
    case "address":
    case "fixedBytes":
    case "bytes":
      payload = BigInt(memory.newUint8Array(value.value));
      break;
    case "int":
    case "uint":
      payload = BigInt(memory.newBigInt(value.value));
      break;
    case "bool":
      payload = value.value ? 1n : 0n;
      break;
    case "string":
      payload = BigInt(memory.newString(value.value));
      break;
    case "fixedArray":
    case "array":
    case "tuple":
      payload = BigInt(
        memory.newArray(
          value.value.map((element) => newEthereumValue(memory, element)),
          TypeId.ArrayEthereumValue,
        ),
      );
      break;
  }
  const ptr = memory.newObject(16, TypeId.EthereumValue);
  memory.setI32(ptr, EthereumValueKind[value.kind]);
  memory.setU32(ptr + 4, 0);
  memory.setU64(ptr + 8, payload);
  return ptr;
}

/** A human-readable form, for assertion messages. */
export function displayEthereumValue(value: EthereumValue): string {
  switch (value.kind) {
    case "address":
    case "fixedBytes":
    case "bytes":
      return "0x" + Buffer.from(value.value).toString("hex");
    case "int":
    case "uint":
      return value.value.toString();
    case "bool":
      return String(value.value);
    case "string":
      return value.value;
    case "fixedArray":
    case "array":
      return "[" + value.value.map(displayEthereumValue).join(", ") + "]";
    case "tuple":
      return "(" + value.value.map(displayEthereumValue).join(", ") + ")";
  }
}

export function ethereumValuesEqual(a: EthereumValue, b: EthereumValue): boolean {
  return a.kind === b.kind && displayEthereumValue(a) === displayEthereumValue(b);
}

// ------------------------------------------------------------------ events

export interface EthereumBlock {
  hash: Uint8Array;
  parentHash: Uint8Array;
  unclesHash: Uint8Array;
  author: Uint8Array;
  stateRoot: Uint8Array;
  transactionsRoot: Uint8Array;
  receiptsRoot: Uint8Array;
  number: bigint;
  gasUsed: bigint;
  gasLimit: bigint;
  timestamp: bigint;
  difficulty: bigint;
  totalDifficulty: bigint;
  size: bigint | null;
  baseFeePerGas: bigint | null;
}

export interface EthereumTransaction {
  hash: Uint8Array;
  index: bigint;
  from: Uint8Array;
  to: Uint8Array | null;
  value: bigint;
  gasLimit: bigint;
  gasPrice: bigint;
  input: Uint8Array;
  nonce: bigint;
}

export interface EthereumLog {
  address: Uint8Array;
  topics: Uint8Array[];
  data: Uint8Array;
  blockHash: Uint8Array;
  /** graph-ts types it as Bytes. */
  blockNumber: Uint8Array;
  transactionHash: Uint8Array;
  transactionIndex: bigint;
  logIndex: bigint;
  transactionLogIndex: bigint;
  logType: string;
  removed: boolean | null;
}

export interface EthereumReceipt {
  transactionHash: Uint8Array;
  transactionIndex: bigint;
  blockHash: Uint8Array;
  blockNumber: bigint;
  cumulativeGasUsed: bigint;
  gasUsed: bigint;
  contractAddress: Uint8Array;
  logs: EthereumLog[];
  status: bigint;
  root: Uint8Array;
  logsBloom: Uint8Array;
}

export interface EventParam {
  name: string;
  value: EthereumValue;
}

export interface EthereumEvent {
  address: Uint8Array;
  logIndex: bigint;
  transactionLogIndex: bigint;
  logType: string | null;
  block: EthereumBlock;
  transaction: EthereumTransaction;
  parameters: EventParam[];
  /** Only for handlers declared with `receipt: true`. */
  receipt: EthereumReceipt | null;
}

function newNullableBigInt(memory: AscMemory, value: bigint | null): number {
  return value === null ? 0 : memory.newBigInt(value);
}

export function newEthereumBlock(memory: AscMemory, block: EthereumBlock): number {
  const bytes = (value: Uint8Array) => memory.newUint8Array(value);
  const big = (value: bigint) => memory.newBigInt(value);
  return memory.newPointerObject(TypeId.EthereumBlock, [
    bytes(block.hash),
    bytes(block.parentHash),
    bytes(block.unclesHash),
    bytes(block.author),
    bytes(block.stateRoot),
    bytes(block.transactionsRoot),
    bytes(block.receiptsRoot),
    big(block.number),
    big(block.gasUsed),
    big(block.gasLimit),
    big(block.timestamp),
    big(block.difficulty),
    big(block.totalDifficulty),
    newNullableBigInt(memory, block.size),
    newNullableBigInt(memory, block.baseFeePerGas),
  ]);
}

export function newEthereumTransaction(memory: AscMemory, tx: EthereumTransaction): number {
  return memory.newPointerObject(TypeId.EthereumTransaction, [
    memory.newUint8Array(tx.hash),
    memory.newBigInt(tx.index),
    memory.newUint8Array(tx.from),
    tx.to === null ? 0 : memory.newUint8Array(tx.to),
    memory.newBigInt(tx.value),
    memory.newBigInt(tx.gasLimit),
    memory.newBigInt(tx.gasPrice),
    memory.newUint8Array(tx.input),
    memory.newBigInt(tx.nonce),
  ]);
}

function newEthereumLog(memory: AscMemory, log: EthereumLog): number {
  const topics = memory.newArray(
    log.topics.map((topic) => memory.newUint8Array(topic)),
    TypeId.ArrayH256,
  );
  // Wrapped<bool> is { inner: bool @0 }.
  let removed = 0;
  if (log.removed !== null) {
    removed = memory.newObject(1, TypeId.WrappedBool);
    memory.setU8(removed, log.removed ? 1 : 0);
  }
  return memory.newPointerObject(TypeId.Log, [
    memory.newUint8Array(log.address),
    topics,
    memory.newUint8Array(log.data),
    memory.newUint8Array(log.blockHash),
    memory.newUint8Array(log.blockNumber),
    memory.newUint8Array(log.transactionHash),
    memory.newBigInt(log.transactionIndex),
    memory.newBigInt(log.logIndex),
    memory.newBigInt(log.transactionLogIndex),
    memory.newString(log.logType),
    removed,
  ]);
}

export function newEthereumReceipt(memory: AscMemory, receipt: EthereumReceipt): number {
  const logs = memory.newArray(
    receipt.logs.map((log) => newEthereumLog(memory, log)),
    TypeId.ArrayLog,
  );
  return memory.newPointerObject(TypeId.TransactionReceipt, [
    memory.newUint8Array(receipt.transactionHash),
    memory.newBigInt(receipt.transactionIndex),
    memory.newUint8Array(receipt.blockHash),
    memory.newBigInt(receipt.blockNumber),
    memory.newBigInt(receipt.cumulativeGasUsed),
    memory.newBigInt(receipt.gasUsed),
    memory.newUint8Array(receipt.contractAddress),
    logs,
    memory.newBigInt(receipt.status),
    memory.newUint8Array(receipt.root),
    memory.newUint8Array(receipt.logsBloom),
  ]);
}

/** Writes an event for a handler call; returns the pointer to pass to `handleX(event)`. */
export function newEthereumEvent(memory: AscMemory, event: EthereumEvent): number {
  const parameters = memory.newArray(
    event.parameters.map((param) =>
      memory.newPointerObject(TypeId.EventParam, [memory.newString(param.name), newEthereumValue(memory, param.value)]),
    ),
    TypeId.ArrayEventParam,
  );
  return memory.newPointerObject(TypeId.EthereumEvent, [
    memory.newUint8Array(event.address),
    memory.newBigInt(event.logIndex),
    memory.newBigInt(event.transactionLogIndex),
    event.logType === null ? 0 : memory.newString(event.logType),
    newEthereumBlock(memory, event.block),
    newEthereumTransaction(memory, event.transaction),
    parameters,
    event.receipt === null ? 0 : newEthereumReceipt(memory, event.receipt),
  ]);
}

/** Reads an event's parameters back (for checks and debugging). */
export function readEventParams(memory: AscMemory, eventPtr: number): EventParam[] {
  return memory.readArray(memory.pointerField(eventPtr, 6)).map((param) => ({
    name: memory.readString(memory.pointerField(param, 0)),
    value: readEthereumValue(memory, memory.pointerField(param, 1)),
  }));
}
