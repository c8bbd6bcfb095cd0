/**
 * Instantiates a mapping (or matchstick test) module with host functions resolved by import
 * name, as graph-node does: the module name ("index", "numbers", "conversion", ...) only says
 * which graph-ts file declared the function. `env.abort` becomes a MappingError.
 */
import { AscMemory } from "./asc-memory.ts";
import type { AscRuntimeExports } from "./asc-memory.ts";
import type { HostFunctions } from "./graph-ts-host.ts";
import { MappingError } from "./graph-ts-host.ts";
import { wasm } from "./wasm-api.ts";
import type { WasmImports, WasmInstance, WasmModule } from "./wasm-api.ts";

/** Builds host functions for one instance; `memory` works once the instance exists. */
export type HostFactory = (memory: () => AscMemory) => HostFunctions;

export class MissingHostFunctionsError extends Error {
  readonly missing: string[];

  constructor(missing: string[]) {
    super(`The module imports host functions this host does not provide: ${missing.join(", ")}`);
    this.name = "MissingHostFunctionsError";
    this.missing = missing;
  }
}

export interface LinkedMapping {
  instance: WasmInstance;
  memory: AscMemory;
  exports: Record<string, unknown>;
}

/** The host functions a module imports, as `module.name`. */
export function importedHostFunctions(module: WasmModule): string[] {
  return wasm.Module.imports(module)
    .filter((entry) => entry.kind === "function")
    .map((entry) => `${entry.module}.${entry.name}`);
}

export function instantiateMapping(
  module: WasmModule,
  factories: readonly HostFactory[],
  options: { start?: boolean } = {},
): LinkedMapping {
  let memory: AscMemory | undefined;
  const getMemory = (): AscMemory => {
    if (!memory) throw new Error("A host function ran before the module was instantiated");
    return memory;
  };
  const functions: HostFunctions = Object.assign({}, ...factories.map((factory) => factory(getMemory)));

  const imports: WasmImports = {};
  const missing: string[] = [];
  for (const entry of wasm.Module.imports(module)) {
    if (entry.kind !== "function") continue;
    let implementation: ((...args: number[]) => unknown) | undefined;
    if (entry.module === "env" && entry.name === "abort") {
      implementation = (message: number, file: number, line: number, column: number) => {
        const m = getMemory();
        const text = message ? m.readString(message) : "abort";
        const where = file ? ` in ${m.readString(file)}(${line}:${column})` : "";
        throw new MappingError(`Mapping aborted: ${text}${where}`);
      };
    } else {
      implementation = functions[entry.name];
    }
    if (!implementation) {
      missing.push(`${entry.module}.${entry.name}`);
      continue;
    }
    (imports[entry.module] ??= {})[entry.name] = implementation;
  }
  if (missing.length > 0) throw new MissingHostFunctionsError(missing);

  const instance = new wasm.Instance(module, imports);
  memory = new AscMemory(instance.exports as unknown as AscRuntimeExports);
  // Modules compiled with --explicitStart run their top-level code here.
  if (options.start !== false && typeof instance.exports._start === "function") {
    (instance.exports._start as () => void)();
  }
  return { instance, memory, exports: instance.exports };
}
