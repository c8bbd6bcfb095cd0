// Runs a data source's compiled mapping. Each trigger sees a fresh instance, like graph-node,
// so globals and the (never freed) stub-runtime heap never leak between events. Instantiating
// costs more than most handlers (about 0.45 ms for the Mosaic mappings), so one instance is kept
// and, before each trigger, put back in the state a fresh instance has after `_start`: its
// linear memory is restored from a snapshot (and zeroed above it) and its mutable globals
// (exported for this by `exportMutableGlobals`) get their saved values back. The only
// difference from a new instance: `_start` (top-level statements) does not run again, so host
// calls made there (a top-level log) happen once.
import type { ParamType } from "ethers";
import { AscHeap, TypeId } from "./asc-heap.ts";
import type { MappingExports } from "./asc-heap.ts";
import { DeterministicError, NonDeterministicError } from "./errors.ts";
import { writeEthereumValue } from "./ethereum-values.ts";
import { createHostImports } from "./host-imports.ts";
import type { HostContext, HostImports } from "./host-imports.ts";
import { exportMutableGlobals } from "./wasm-globals.ts";

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

/** A memory larger than this after a trigger is not reused: zeroing it each time would cost more than a new instance. */
const MAX_REUSED_MEMORY = 8 << 20;

type PooledInstance = {
  heap: AscHeap;
  exports: Record<string, unknown>;
  /** The context the host functions read; its fields are replaced for each trigger. */
  ctx: HostContext;
  memory: WebAssembly.Memory;
  snapshot: Uint8Array;
  globals: { global: WebAssembly.Global; value: unknown }[];
};

export class MappingModule {
  readonly name: string;
  private readonly module: WebAssembly.Module;
  private readonly mutableGlobals: string[] | null;
  private readonly dataEnd: number;
  /** One reusable instance per host function factory (the indexer uses one). */
  private readonly pool = new WeakMap<HostImportsFactory, PooledInstance>();

  constructor(name: string, wasm: Uint8Array) {
    this.name = name;
    let bytes = wasm;
    let mutableGlobals: string[] | null = null;
    let dataEnd = 0;
    try {
      ({ bytes, mutableGlobals, dataEnd } = exportMutableGlobals(wasm));
    } catch {
      mutableGlobals = null; // not parseable here: fall back to a new instance per trigger
    }
    this.module = new WebAssembly.Module(bytes);
    this.mutableGlobals = mutableGlobals;
    this.dataEnd = dataEnd;
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
    heap.setStaticEnd(this.dataEnd);
    if (typeof exports._start === "function") run(() => (exports._start as () => void)());
    return { heap, exports };
  }

  /** An instance in its just-started state, for a trigger with context `ctx`. */
  private acquire(ctx: HostContext, factory: HostImportsFactory): { heap: AscHeap; exports: Record<string, unknown> } {
    if (this.mutableGlobals === null) return this.instantiate(ctx, factory);
    const pooled = this.pool.get(factory);
    if (pooled && pooled.memory.buffer.byteLength <= MAX_REUSED_MEMORY) {
      Object.assign(pooled.ctx, ctx);
      const bytes = new Uint8Array(pooled.memory.buffer);
      bytes.set(pooled.snapshot, 0);
      bytes.fill(0, pooled.snapshot.length);
      for (const { global, value } of pooled.globals) global.value = value;
      pooled.heap.reset();
      return pooled;
    }
    // A context object of our own, so the next triggers can swap its fields.
    const shared = { ...ctx };
    const { heap, exports } = this.instantiate(shared, factory);
    // Entity and field names, which every store.get writes, are written once into the state
    // each trigger starts from.
    const names = new Set<string>();
    for (const entity of ctx.schema.entities.values()) {
      names.add(entity.name);
      for (const field of entity.fields) names.add(field.name);
    }
    heap.intern(names);
    const memory = exports.memory as WebAssembly.Memory;
    const globals = this.mutableGlobals.map((name) => {
      const global = exports[name] as WebAssembly.Global;
      return { global, value: global.value };
    });
    this.pool.set(factory, {
      heap,
      exports,
      ctx: shared,
      memory,
      snapshot: new Uint8Array(memory.buffer).slice(),
      globals,
    });
    return { heap, exports };
  }

  runEventHandler(
    handler: string,
    event: EthereumEvent,
    ctx: HostContext,
    factory: HostImportsFactory = createHostImports,
  ): void {
    const { heap, exports } = this.acquire(ctx, factory);
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
    const { heap, exports } = this.acquire(ctx, factory);
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
  return hex === null ? 0 : heap.writeHex(hex);
}

function bigIntOrNull(heap: AscHeap, value: bigint | null): number {
  return value === null ? 0 : heap.writeBigInt(value);
}

export function writeBlock(heap: AscHeap, b: EthereumBlock): number {
  return heap.object(TypeId.EthereumBlock, [
    heap.writeHex(b.hash),
    heap.writeHex(b.parentHash),
    heap.writeHex(b.unclesHash),
    heap.writeHex(b.author),
    heap.writeHex(b.stateRoot),
    heap.writeHex(b.transactionsRoot),
    heap.writeHex(b.receiptsRoot),
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
    heap.writeHex(t.hash),
    heap.writeBigInt(t.index),
    heap.writeHex(t.from),
    bytesOrNull(heap, t.to),
    heap.writeBigInt(t.value),
    heap.writeBigInt(t.gasLimit),
    heap.writeBigInt(t.gasPrice),
    heap.writeHex(t.input),
    heap.writeBigInt(t.nonce),
  ]);
}

export function writeEvent(heap: AscHeap, e: EthereumEvent): number {
  const params = e.parameters.map((p) =>
    heap.object(TypeId.EventParam, [heap.writeString(p.name), writeEthereumValue(heap, p.type, p.value)]),
  );
  return heap.object(TypeId.EthereumEvent, [
    heap.writeHex(e.address),
    heap.writeBigInt(e.logIndex),
    heap.writeBigInt(e.transactionLogIndex),
    e.logType === null ? 0 : heap.writeString(e.logType),
    writeBlock(heap, e.block),
    writeTransaction(heap, e.transaction),
    heap.writeArray(TypeId.ArrayEventParam, params),
    0, // receipt: only with `receipt: true`, which this host does not offer
  ]);
}
