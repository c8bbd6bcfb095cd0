// The graph-ts host functions a mapping imports, implemented for this local host.
// Mappings import them by name ("store.set", "bigInt.plus", ...) from modules named
// after graph-ts files; `linkImports` matches by name whatever the module.
import { Interface, keccak256, getAddress } from "ethers";
import * as BigDecimal from "./big-decimal.ts";
import { AscHeap, TypeId } from "./asc-heap.ts";
import { DeterministicError } from "./errors.ts";
import {
  decodeToEthereumValue,
  encodeEthereumValue,
  readEthereumValue,
  toAbiValue,
  writeEthereumValue,
} from "./ethereum-values.ts";
import { fromHex, readBigDecimal, readEntityUpdate, toHex, writeBigDecimal, writeEntity } from "./store-values.ts";
import type { BlockEntityCache } from "../store/block-entity-cache.ts";
import type { SubgraphSchema } from "../schema/subgraph-schema.ts";
import { writeJsonValue, readJsonText } from "./json-values.ts";

/** Host functions by import name; arguments and results are wasm numbers (i64 as bigint). */
export type HostImports = Record<string, (...args: never[]) => number | bigint | void>;

/** What ethereum.call and friends need from the chain, answered synchronously. */
export type SyncChain = {
  /** Hex return data, or null when the call reverted. */
  call(to: string, data: string, blockNumber: number): string | null;
  getBalance(address: string, blockNumber: number): bigint;
  getCode(address: string, blockNumber: number): string;
};

export type LogLevel = "critical" | "error" | "warning" | "info" | "debug";
const LEVELS: LogLevel[] = ["critical", "error", "warning", "info", "debug"];

export type HostContext = {
  schema: SubgraphSchema;
  entities: BlockEntityCache;
  chain: SyncChain;
  blockNumber: number;
  dataSource: { name: string; address: string; network: string; abis: Map<string, Interface> };
  log: (level: LogLevel, message: string) => void;
};

/** The names of every host function this host implements. */
export function supportedHostFunctions(): string[] {
  return Object.keys(
    createHostImports(() => {
      throw new Error("unused");
    }, {} as HostContext),
  ).sort();
}

export function createHostImports(heapOf: () => AscHeap, ctx: HostContext): HostImports {
  const str = (p: number) => heapOf().readString(p);
  const bigint = (p: number) => heapOf().readBigInt(p);
  const newBigInt = (v: bigint) => heapOf().writeBigInt(v);
  const decimal = (p: number) => readBigDecimal(heapOf(), p);
  const newDecimal = (v: BigDecimal.BigDecimal) => writeBigDecimal(heapOf(), v);
  const bytes = (p: number) => heapOf().readBytes(p);
  const newString = (s: string) => heapOf().writeString(s);

  const imports = {
    abort(message: number, file: number, line: number, column: number): void {
      const msg = message ? str(message) : "(no message)";
      const where = file ? ` in ${str(file)}(${line},${column})` : "";
      throw new DeterministicError(`Mapping aborted${where}, with message: ${msg}`);
    },

    // ---------------------------------------------------------------- store
    "store.get"(entity: number, id: number): number {
      return readEntity(heapOf(), ctx, str(entity), str(id), false);
    },
    "store.get_in_block"(entity: number, id: number): number {
      return readEntity(heapOf(), ctx, str(entity), str(id), true);
    },
    "store.loadRelated"(entity: number, id: number, field: number): number {
      const heap = heapOf();
      const related = ctx.entities.loadRelated(str(entity), str(id), str(field));
      const ptrs = related.map((r) => writeEntity(heap, r.entity, r.data));
      return heap.writeArray(TypeId.ArrayTypedMapEntryStringStoreValue, ptrs);
    },
    "store.set"(entity: number, id: number, data: number): void {
      const name = str(entity);
      const key = str(id);
      const model = ctx.schema.entities.get(name);
      if (!model) throw new DeterministicError(`store.set: unknown entity type ${name}`);
      ctx.entities.set(name, key, readEntityUpdate(heapOf(), data, model, key));
    },
    "store.remove"(entity: number, id: number): void {
      ctx.entities.remove(str(entity), str(id));
    },

    // ---------------------------------------------------------------- ethereum
    "ethereum.call"(call: number): number {
      return ethereumCall(heapOf(), ctx, call);
    },
    "ethereum.getBalance"(address: number): number {
      return newBigInt(ctx.chain.getBalance(toHex(bytes(address)), ctx.blockNumber));
    },
    "ethereum.hasCode"(address: number): number {
      const code = ctx.chain.getCode(toHex(bytes(address)), ctx.blockNumber);
      const heap = heapOf();
      const ptr = heap.alloc(4, TypeId.WrappedBool);
      heap.setU32(ptr, code !== "0x" && code !== "" ? 1 : 0);
      return ptr;
    },
    "ethereum.encode"(token: number): number {
      try {
        return heapOf().writeBytes(encodeEthereumValue(readEthereumValue(heapOf(), token)));
      } catch {
        return 0;
      }
    },
    "ethereum.decode"(types: number, data: number): number {
      return decodeToEthereumValue(heapOf(), str(types), bytes(data));
    },

    // ---------------------------------------------------------------- log
    "log.log"(level: number, message: number): void {
      const lvl = LEVELS[level] ?? "info";
      const msg = str(message);
      ctx.log(lvl, msg);
      if (lvl === "critical") throw new DeterministicError(`Critical error logged in mapping: ${msg}`);
    },

    // ---------------------------------------------------------------- bigInt
    "bigInt.plus": (x: number, y: number) => newBigInt(bigint(x) + bigint(y)),
    "bigInt.minus": (x: number, y: number) => newBigInt(bigint(x) - bigint(y)),
    "bigInt.times": (x: number, y: number) => newBigInt(bigint(x) * bigint(y)),
    "bigInt.dividedBy"(x: number, y: number): number {
      const divisor = bigint(y);
      if (divisor === 0n) throw new DeterministicError("attempt to divide BigInt by zero");
      return newBigInt(bigint(x) / divisor);
    },
    "bigInt.dividedByDecimal": (x: number, y: number) =>
      newDecimal(BigDecimal.div(BigDecimal.fromBigInt(bigint(x)), decimal(y))),
    "bigInt.mod"(x: number, y: number): number {
      const divisor = bigint(y);
      if (divisor === 0n) throw new DeterministicError("attempt to calculate BigInt remainder with a divisor of zero");
      return newBigInt(bigint(x) % divisor);
    },
    "bigInt.pow": (x: number, exp: number) => newBigInt(bigint(x) ** BigInt(exp & 0xff)),
    "bigInt.fromString"(s: number): number {
      const text = str(s);
      if (!/^-?\d+$/.test(text.trim())) throw new DeterministicError(`BigInt.fromString: "${text}" is not an integer`);
      return newBigInt(BigInt(text.trim()));
    },
    "bigInt.bitOr": (x: number, y: number) => newBigInt(bigint(x) | bigint(y)),
    "bigInt.bitAnd": (x: number, y: number) => newBigInt(bigint(x) & bigint(y)),
    "bigInt.leftShift": (x: number, bits: number) => newBigInt(bigint(x) << BigInt(bits & 0xff)),
    "bigInt.rightShift": (x: number, bits: number) => newBigInt(bigint(x) >> BigInt(bits & 0xff)),

    // ---------------------------------------------------------------- bigDecimal
    "bigDecimal.plus": (x: number, y: number) => newDecimal(BigDecimal.add(decimal(x), decimal(y))),
    "bigDecimal.minus": (x: number, y: number) => newDecimal(BigDecimal.sub(decimal(x), decimal(y))),
    "bigDecimal.times": (x: number, y: number) => newDecimal(BigDecimal.mul(decimal(x), decimal(y))),
    "bigDecimal.dividedBy"(x: number, y: number): number {
      const divisor = decimal(y);
      if (divisor.digits === 0n) throw new DeterministicError("attempt to divide BigDecimal by zero");
      return newDecimal(BigDecimal.div(decimal(x), divisor));
    },
    "bigDecimal.equals": (x: number, y: number) => (BigDecimal.equals(decimal(x), decimal(y)) ? 1 : 0),
    "bigDecimal.toString": (x: number) => newString(BigDecimal.toString(decimal(x))),
    "bigDecimal.fromString"(s: number): number {
      const text = str(s);
      try {
        return newDecimal(BigDecimal.parse(text));
      } catch {
        throw new DeterministicError(`BigDecimal.fromString: "${text}" is not a decimal number`);
      }
    },

    // ---------------------------------------------------------------- typeConversion
    "typeConversion.bytesToString": (b: number) =>
      newString(
        Buffer.from(bytes(b))
          .toString("utf8")
          .replace(/\u0000+$/, ""),
      ),
    "typeConversion.bytesToHex": (b: number) => newString(toHex(bytes(b))),
    "typeConversion.bigIntToString": (b: number) => newString(bigint(b).toString()),
    "typeConversion.bigIntToHex"(b: number): number {
      const value = bigint(b);
      const magnitude = value < 0n ? -value : value;
      return newString(`0x${magnitude.toString(16)}`);
    },
    "typeConversion.stringToH160"(s: number): number {
      const text = str(s);
      let address: string;
      try {
        address = getAddress(text.startsWith("0x") ? text : `0x${text}`);
      } catch {
        throw new DeterministicError(`Failed to convert string to Address/H160: '${text}'`);
      }
      return heapOf().writeBytes(fromHex(address));
    },
    "typeConversion.bytesToBase58": (b: number) => newString(base58(bytes(b))),

    // ---------------------------------------------------------------- crypto
    "crypto.keccak256": (b: number) => heapOf().writeBytes(fromHex(keccak256(bytes(b)))),

    // ---------------------------------------------------------------- dataSource
    "dataSource.address": () => heapOf().writeBytes(fromHex(ctx.dataSource.address)),
    "dataSource.network": () => newString(ctx.dataSource.network),
    "dataSource.context"(): number {
      const heap = heapOf();
      return heap.object(TypeId.TypedMapStringStoreValue, [
        heap.writeArray(TypeId.ArrayTypedMapEntryStringStoreValue, []),
      ]);
    },
    "dataSource.create"(name: number): void {
      throw new DeterministicError(
        `dataSource.create("${str(name)}"): data source templates are not supported by the local subgraph host`,
      );
    },
    "dataSource.createWithContext"(name: number): void {
      throw new DeterministicError(
        `dataSource.createWithContext("${str(name)}"): data source templates are not supported by the local subgraph host`,
      );
    },

    // ---------------------------------------------------------------- json
    "json.fromBytes"(b: number): number {
      const text = Buffer.from(bytes(b)).toString("utf8");
      let parsed: unknown;
      try {
        parsed = readJsonText(text);
      } catch (error) {
        throw new DeterministicError(`json.fromBytes: invalid JSON: ${(error as Error).message}`);
      }
      return writeJsonValue(heapOf(), parsed);
    },
    "json.try_fromBytes"(b: number): number {
      const heap = heapOf();
      const text = Buffer.from(bytes(b)).toString("utf8");
      try {
        const value = writeJsonValue(heap, readJsonText(text));
        return heap.object(TypeId.ResultJsonValueBool, [heap.object(TypeId.WrappedJsonValue, [value]), 0]);
      } catch {
        const error = heap.alloc(4, TypeId.WrappedBool);
        heap.setU32(error, 1);
        return heap.object(TypeId.ResultJsonValueBool, [0, error]);
      }
    },
    "json.toI64": (s: number) => BigInt.asIntN(64, parseInteger(str(s))),
    "json.toU64": (s: number) => BigInt.asIntN(64, parseInteger(str(s))),
    "json.toF64": (s: number) => Number(str(s)),
    "json.toBigInt": (s: number) => newBigInt(parseInteger(str(s))),

    // ---------------------------------------------------------------- ens
    "ens.nameByHash": () => 0,
  };
  return imports as unknown as HostImports;
}

function parseInteger(text: string): bigint {
  if (!/^-?\d+$/.test(text)) throw new DeterministicError(`"${text}" is not an integer`);
  return BigInt(text);
}

function readEntity(heap: AscHeap, ctx: HostContext, name: string, id: string, inBlock: boolean): number {
  const model = ctx.schema.entities.get(name);
  if (!model) throw new DeterministicError(`store.get: unknown entity type ${name}`);
  const data = inBlock ? ctx.entities.getInBlock(name, id) : ctx.entities.peek(name, id);
  return data ? writeEntity(heap, model, data) : 0;
}

function ethereumCall(heap: AscHeap, ctx: HostContext, callPtr: number): number {
  const contractName = heap.readString(heap.u32(callPtr));
  const address = toHex(heap.readBytes(heap.u32(callPtr + 4)));
  const functionName = heap.readString(heap.u32(callPtr + 8));
  const signature = heap.readString(heap.u32(callPtr + 12));
  const params = heap.readArray(heap.u32(callPtr + 16)).map((p) => readEthereumValue(heap, p));
  const abi = ctx.dataSource.abis.get(contractName);
  if (!abi) {
    throw new DeterministicError(
      `ethereum.call: no ABI named ${contractName} in data source ${ctx.dataSource.name}; add it to the manifest's abis`,
    );
  }
  const inputsSignature = signature.split(":")[0];
  const fragment = (inputsSignature && abi.getFunction(inputsSignature)) || abi.getFunction(functionName);
  if (!fragment)
    throw new DeterministicError(
      `ethereum.call: function ${signature || functionName} not found in ABI ${contractName}`,
    );
  let data: string;
  try {
    data = abi.encodeFunctionData(fragment, params.map(toAbiValue));
  } catch (error) {
    throw new DeterministicError(
      `ethereum.call ${contractName}.${fragment.name}: cannot encode arguments: ${(error as Error).message}`,
    );
  }
  const result = ctx.chain.call(address, data, ctx.blockNumber);
  if (result === null) return 0;
  let decoded;
  try {
    decoded = abi.decodeFunctionResult(fragment, result);
  } catch {
    return 0; // no code at the address or malformed output: graph-node reports a revert too
  }
  const values = fragment.outputs.map((type, i) => writeEthereumValue(heap, type, decoded[i]));
  return heap.writeArray(TypeId.ArrayEthereumValue, values);
}

const BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

function base58(input: Uint8Array): string {
  let n = 0n;
  for (const b of input) n = (n << 8n) | BigInt(b);
  let out = "";
  while (n > 0n) {
    out = BASE58[Number(n % 58n)] + out;
    n /= 58n;
  }
  for (const b of input) {
    if (b !== 0) break;
    out = "1" + out;
  }
  return out;
}
