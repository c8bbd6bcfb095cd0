// Reuses the subgraph test runner's graph-ts host functions (subgraph/tests/runner) for the
// pure ones (bigInt.*, bigDecimal.*, typeConversion.*, crypto.*), so the mappings see the
// same arithmetic in matchstick-style tests and in the local host. Store, ethereum, log,
// dataSource and json stay this host's own (versioned store, chain access). When the
// runner is missing or its interface changed, the host falls back to its built-in set.
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { AscHeap } from "./asc-heap.ts";
import { DeterministicError } from "./errors.ts";
import { createHostImports } from "./host-imports.ts";
import type { HostContext, HostImports } from "./host-imports.ts";
import type { HostImportsFactory } from "./mapping-module.ts";

const SHARED_PREFIXES = ["bigInt.", "bigDecimal.", "typeConversion.", "crypto."];

type RunnerModules = {
  AscMemory: new (exports: unknown) => unknown;
  graphTsHostFunctions: (options: {
    memory: () => unknown;
    store: unknown;
  }) => Record<string, (...args: number[]) => unknown>;
  MappingError: new (message: string) => Error;
};

export type HostFunctionSource = { factory: HostImportsFactory; description: string };

export async function loadHostFunctions(repoRoot: string): Promise<HostFunctionSource> {
  const runnerDir = path.join(repoRoot, "subgraph/tests/runner");
  let runner: RunnerModules;
  try {
    const memory = await import(pathToFileURL(path.join(runnerDir, "asc-memory.ts")).href);
    const host = await import(pathToFileURL(path.join(runnerDir, "graph-ts-host.ts")).href);
    runner = {
      AscMemory: memory.AscMemory,
      graphTsHostFunctions: host.graphTsHostFunctions,
      MappingError: host.MappingError,
    };
    if (typeof runner.AscMemory !== "function" || typeof runner.graphTsHostFunctions !== "function")
      throw new Error("unexpected exports");
  } catch (error) {
    return {
      factory: createHostImports,
      description: `built-in host functions (subgraph test runner not usable: ${(error as Error).message})`,
    };
  }
  const memories = new WeakMap<AscHeap, unknown>();
  const refusedStore = new Proxy(
    {},
    {
      get: () => () => {
        throw new Error("the runner's store is not used by the local host");
      },
    },
  );
  const factory: HostImportsFactory = (heapOf: () => AscHeap, ctx: HostContext): HostImports => {
    const own = createHostImports(heapOf, ctx);
    const memory = () => {
      const heap = heapOf();
      let m = memories.get(heap);
      if (!m) memories.set(heap, (m = new runner.AscMemory(heap.exports)));
      return m;
    };
    const shared = runner.graphTsHostFunctions({ memory, store: refusedStore });
    const merged: Record<string, unknown> = { ...own };
    for (const [name, fn] of Object.entries(shared)) {
      if (!SHARED_PREFIXES.some((p) => name.startsWith(p))) continue;
      // Their refusals (division by zero, bad input) are the mapping's own deterministic failures.
      merged[name] = (...args: number[]) => {
        try {
          return fn(...args);
        } catch (error) {
          if (error instanceof runner.MappingError) throw new DeterministicError(error.message);
          throw error;
        }
      };
    }
    return merged as HostImports;
  };
  return {
    factory,
    description: "graph-ts host functions shared with the subgraph test runner (subgraph/tests/runner)",
  };
}
