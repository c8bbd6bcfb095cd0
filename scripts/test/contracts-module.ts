// Preloaded by the SDK suite (`node --test --import=./scripts/test/contracts-module.ts "sdk/test/*.test.ts"`): on a fresh
// clone the contracts module has not been generated yet, so write it from the compiled artifacts
// (what `npm run build` does). An existing module, written by the last deployment, is kept.
import { existsSync } from "node:fs";
import { SDK_CONTRACTS_MODULE, writeContractsModuleOnly } from "../deploy/write-outputs.ts";

if (!existsSync(SDK_CONTRACTS_MODULE)) await writeContractsModuleOnly();
