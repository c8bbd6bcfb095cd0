// The WebAssembly JS API as Node provides it (the project's tsconfig has no DOM lib).
declare namespace WebAssembly {
  type ImportValue = unknown;
  type Imports = Record<string, Record<string, ImportValue>>;
  type ModuleDescriptor = { module: string; name: string; kind: "function" | "table" | "memory" | "global" };
  class Module {
    constructor(bytes: Uint8Array);
    static imports(module: Module): ModuleDescriptor[];
    static exports(module: Module): { name: string; kind: ModuleDescriptor["kind"] }[];
  }
  class Instance {
    constructor(module: Module, imports?: Imports);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    constructor(descriptor: { initial: number; maximum?: number });
    readonly buffer: ArrayBuffer;
  }
  class Global {
    constructor(descriptor: { value: string; mutable?: boolean }, value?: unknown);
    value: unknown;
  }
  class RuntimeError extends Error {}
}
