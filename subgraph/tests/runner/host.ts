/**
 * The reusable host layer, for any Node host of graph-ts 0.38 mappings (the matchstick runner
 * here, a local indexer): AssemblyScript memory codec, graph-node's host functions, an entity
 * store with graph-node's write semantics, and the event writer. Nothing in it knows matchstick.
 */
export {
  AscMemory,
  TypeId,
  bigIntFromSignedBytesLE,
  bigIntToSignedBytesLE,
  bytesToHex,
  hexToBytes,
} from "./asc-memory.ts";
export type { AscRuntimeExports } from "./asc-memory.ts";
export * as bigDecimal from "./big-decimal.ts";
export type { BigDecimalValue } from "./big-decimal.ts";
export { EntityStore, StoreError } from "./entity-store.ts";
export { eventParamsFromLog, ethereumValueFromAbi } from "./ethereum-abi.ts";
export {
  EthereumValueKind,
  displayEthereumValue,
  ethereumValuesEqual,
  newEthereumBlock,
  newEthereumEvent,
  newEthereumReceipt,
  newEthereumTransaction,
  newEthereumValue,
  readEthereumValue,
  readEventParams,
} from "./ethereum-value.ts";
export type {
  EthereumBlock,
  EthereumEvent,
  EthereumLog,
  EthereumReceipt,
  EthereumTransaction,
  EthereumValue,
  EventParam,
} from "./ethereum-value.ts";
export { LOG_LEVEL_NAMES, LogLevel, MappingError, base58Encode, graphTsHostFunctions } from "./graph-ts-host.ts";
export type { GraphTsHostOptions, HostFunction, HostFunctions } from "./graph-ts-host.ts";
export { MissingHostFunctionsError, importedHostFunctions, instantiateMapping } from "./linker.ts";
export type { HostFactory, LinkedMapping } from "./linker.ts";
export { loadSchema, parseSchema, storeKindOf } from "./schema.ts";
export type { EntityDef, EntitySchema, FieldDef } from "./schema.ts";
export {
  NULL_VALUE,
  StoreValueKind,
  displayStoreValue,
  newEntity,
  newStoreValue,
  readEntity,
  readStoreValue,
  storeValueToJson,
  storeValuesEqual,
} from "./store-value.ts";
export type { Entity, StoreValue } from "./store-value.ts";
export { loadModule, wasm } from "./wasm-api.ts";
export type { WasmInstance, WasmMemory, WasmModule, WasmModuleImport, WasmTable } from "./wasm-api.ts";
