// Runs a data source's compiled mapping: one fresh instance per trigger, like graph-node,
// so globals and the (never freed) stub-runtime heap never leak between events.
import type { ParamType } from "ethers";
import { AscHeap, TypeId } from "./asc-heap.ts";
import type { MappingExports } from "./asc-heap.ts";
import { DeterministicError, NonDeterministicError } from "./errors.ts";
import { writeEthereumValue } from "./ethereum-values.ts";
import { createHostImports } from "./host-imports.ts";
import type { HostContext, HostImports } from "./host-imports.ts";
import { fromHex } from "./store-values.ts";

export type EthereumBlock = {
  hash: string;
  parentHash: string;
  unclesHash: string;
  author: string;
  stateRoot: string;
  transactionsRoot: string;
  receiptsRoot: string;
  number: bigint;
  gasUsed: bigint;
  gasLimit: bigint;
  timestamp: bigint;
  difficulty: bigint;
  totalDifficulty: bigint;
  size: bigint | null;
  baseFeePerGas: bigint | null;
};

export type EthereumTransaction = {
  hash: string;
  index: bigint;
  from: string;
  to: string | null;
  value: bigint;
  gasLimit: bigint;
  gasPrice: bigint;
  input: string;
  nonce: bigint;
};

export type EventParam = { name: string; type: ParamType; value: unknown };

export type EthereumEvent = {
  address: string;
  logIndex: bigint;
  transactionLogIndex: bigint;
  logType: string | null;
  block: EthereumBlock;
  transaction: EthereumTransaction;
  parameters: EventParam[];
};

/** Builds the host functions for one instance; the default is this host's own set. */
export type HostImportsFactory = (heapOf: () => AscHeap, ctx: HostContext) => HostImports;

export class MappingModule {
  readonly name: string;
  private readonly module: WebAssembly.Module;

  constructor(name: string, wasm: Uint8Array) {
    this.name = name;
    this.module = new WebAssembly.Module(wasm);
  }

  /** Host functions the mapping imports that `imports` does not provide. */
  missingImports(imports: HostImports): string[] {
    return WebAssembly.Module.imports(this.module)
      .filter((i) => i.kind === "function" && !(i.name in imports))
      .map((i) => `${i.module}.${i.name}`);
  }

  exportsHandler(name: string): boolean {
    return WebAssembly.Module.exports(this.module).some((e) => e.name === name && e.kind === "function");
  }

  private instantiate(
    ctx: HostContext,
    factory: HostImportsFactory,
  ): { heap: AscHeap; exports: Record<string, unknown> } {
    let heap: AscHeap | null = null;
    const heapOf = () => {
      if (!heap) throw new DeterministicError("host function called before the mapping's memory was ready");
      return heap;
    };
    const host = factory(heapOf, ctx);
    const importObject: Record<string, Record<string, unknown>> = {};
    for (const imp of WebAssembly.Module.imports(this.module)) {
      const fn = host[imp.name] ?? unsupported(imp.name);
      (importObject[imp.module] ??= {})[imp.name] = fn;
    }
    const instance = new WebAssembly.Instance(this.module, importObject as WebAssembly.Imports);
    const exports = instance.exports as Record<string, unknown>;
    heap = new AscHeap(exports as unknown as MappingExports);
    if (typeof exports._start === "function") run(() => (exports._start as () => void)());
    return { heap, exports };
  }

  runEventHandler(
    handler: string,
    event: EthereumEvent,
    ctx: HostContext,
    factory: HostImportsFactory = createHostImports,
  ): void {
    const { heap, exports } = this.instantiate(ctx, factory);
    const fn = exports[handler];
    if (typeof fn !== "function")
      throw new DeterministicError(`mapping ${this.name} does not export handler ${handler}`);
    const ptr = writeEvent(heap, event);
    run(() => (fn as (p: number) => void)(ptr));
  }

  runBlockHandler(
    handler: string,
    block: EthereumBlock,
    ctx: HostContext,
    factory: HostImportsFactory = createHostImports,
  ): void {
    const { heap, exports } = this.instantiate(ctx, factory);
    const fn = exports[handler];
    if (typeof fn !== "function")
      throw new DeterministicError(`mapping ${this.name} does not export handler ${handler}`);
    const ptr = writeBlock(heap, block);
    run(() => (fn as (p: number) => void)(ptr));
  }
}

function unsupported(name: string) {
  return () => {
    throw new DeterministicError(
      `host function ${name} is not supported by the local subgraph host (see indexer/README.md)`,
    );
  };
}

/** Traps inside the mapping (unreachable, out of bounds) are the mapping's own failure. */
function run(work: () => void): void {
  try {
    work();
  } catch (error) {
    if (error instanceof DeterministicError || error instanceof NonDeterministicError) throw error;
    if (error instanceof WebAssembly.RuntimeError) throw new DeterministicError(`Mapping trapped: ${error.message}`);
    throw error;
  }
}

function bytesOrNull(heap: AscHeap, hex: string | null): number {
  return hex === null ? 0 : heap.writeBytes(fromHex(hex));
}

function bigIntOrNull(heap: AscHeap, value: bigint | null): number {
  return value === null ? 0 : heap.writeBigInt(value);
}

export function writeBlock(heap: AscHeap, b: EthereumBlock): number {
  return heap.object(TypeId.EthereumBlock, [
    heap.writeBytes(fromHex(b.hash)),
    heap.writeBytes(fromHex(b.parentHash)),
    heap.writeBytes(fromHex(b.unclesHash)),
    heap.writeBytes(fromHex(b.author)),
    heap.writeBytes(fromHex(b.stateRoot)),
    heap.writeBytes(fromHex(b.transactionsRoot)),
    heap.writeBytes(fromHex(b.receiptsRoot)),
    heap.writeBigInt(b.number),
    heap.writeBigInt(b.gasUsed),
    heap.writeBigInt(b.gasLimit),
    heap.writeBigInt(b.timestamp),
    heap.writeBigInt(b.difficulty),
    heap.writeBigInt(b.totalDifficulty),
    bigIntOrNull(heap, b.size),
    bigIntOrNull(heap, b.baseFeePerGas),
  ]);
}

export function writeTransaction(heap: AscHeap, t: EthereumTransaction): number {
  return heap.object(TypeId.EthereumTransaction, [
    heap.writeBytes(fromHex(t.hash)),
    heap.writeBigInt(t.index),
    heap.writeBytes(fromHex(t.from)),
    bytesOrNull(heap, t.to),
    heap.writeBigInt(t.value),
    heap.writeBigInt(t.gasLimit),
    heap.writeBigInt(t.gasPrice),
    heap.writeBytes(fromHex(t.input)),
    heap.writeBigInt(t.nonce),
  ]);
}

export function writeEvent(heap: AscHeap, e: EthereumEvent): number {
  const params = e.parameters.map((p) =>
    heap.object(TypeId.EventParam, [heap.writeString(p.name), writeEthereumValue(heap, p.type, p.value)]),
  );
  return heap.object(TypeId.EthereumEvent, [
    heap.writeBytes(fromHex(e.address)),
    heap.writeBigInt(e.logIndex),
    heap.writeBigInt(e.transactionLogIndex),
    e.logType === null ? 0 : heap.writeString(e.logType),
    writeBlock(heap, e.block),
    writeTransaction(heap, e.transaction),
    heap.writeArray(TypeId.ArrayEventParam, params),
    0, // receipt: only with `receipt: true`, which this host does not offer
  ]);
}
