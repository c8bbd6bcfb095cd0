/**
 * The slice of the WebAssembly JS API the host uses, typed here because the project's tsconfig
 * has no DOM lib (which is where TypeScript declares `WebAssembly`).
 */

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

export interface WasmTable {
  get(index: number): unknown;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface WasmModule {}

export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

export interface WasmModuleImport {
  module: string;
  name: string;
  kind: "function" | "table" | "memory" | "global" | "tag";
}

export type WasmImports = Record<string, Record<string, unknown>>;

interface WasmApi {
  Module: {
    new (bytes: Uint8Array): WasmModule;
    imports(module: WasmModule): WasmModuleImport[];
    exports(module: WasmModule): { name: string; kind: string }[];
  };
  Instance: new (module: WasmModule, imports: WasmImports) => WasmInstance;
  Memory: abstract new (...args: never[]) => WasmMemory;
  Table: abstract new (...args: never[]) => WasmTable;
}

export const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

export function loadModule(bytes: Uint8Array): WasmModule {
  return new wasm.Module(bytes);
}
