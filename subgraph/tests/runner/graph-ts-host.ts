/**
 * graph-node's host functions for graph-ts 0.38 mappings, keyed by import name (`store.get`,
 * `bigInt.plus`, ...), with graph-node's semantics. A host builds them once per wasm instance:
 *
 *   const host = graphTsHostFunctions({ memory: () => mapping.memory, store });
 *
 * Errors (division by zero, critical logs, store validation) are thrown as JS errors, which
 * unwind the wasm call like graph-node's host errors fail a handler.
 */
import { keccak256 } from "ethers";
import type { AscMemory } from "./asc-memory.ts";
import { TypeId, bytesToHex } from "./asc-memory.ts";
import * as decimal from "./big-decimal.ts";
import type { BigDecimalValue } from "./big-decimal.ts";
import type { EntityStore } from "./entity-store.ts";
import { newEntity, readEntity } from "./store-value.ts";

export type HostFunction = (...args: number[]) => number | bigint | void;
export type HostFunctions = Record<string, HostFunction>;

/** A mapping failed: critical log, abort, or a host function refused its input. */
export class MappingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MappingError";
  }
}

/** graph-ts `log.Level`; matchstick-as adds SUCCESS = 5. */
export const LogLevel = { CRITICAL: 0, ERROR: 1, WARNING: 2, INFO: 3, DEBUG: 4, SUCCESS: 5 } as const;
export const LOG_LEVEL_NAMES = ["CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG", "SUCCESS"];

export interface GraphTsHostOptions {
  /** The instance's memory; called lazily, so it may be set after instantiation. */
  memory: () => AscMemory;
  store: EntityStore;
  /** Receives every log line (critical ones too, before the handler fails). */
  onLog?: (level: number, message: string) => void;
}

const BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

export function base58Encode(bytes: Uint8Array): string {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  let out = "";
  while (value > 0n) {
    out = BASE58[Number(value % 58n)] + out;
    value /= 58n;
  }
  for (const byte of bytes) {
    if (byte !== 0) break;
    out = "1" + out;
  }
  return out;
}

export function graphTsHostFunctions(options: GraphTsHostOptions): HostFunctions {
  const mem = options.memory;
  const store = options.store;
  const big = (ptr: number) => mem().readBigInt(ptr);
  const newBig = (value: bigint) => mem().newBigInt(value);
  const dec = (ptr: number): BigDecimalValue => mem().readBigDecimal(ptr);
  const newDec = (value: BigDecimalValue) => mem().newBigDecimal(decimal.normalize(value));
  const str = (ptr: number) => mem().readString(ptr);
  const bytes = (ptr: number) => mem().readUint8Array(ptr);

  return {
    // ------------------------------------------------------------ store
    "store.get": (type, id) => {
      const entity = store.get(str(type), str(id));
      return entity ? newEntity(mem(), entity) : 0;
    },
    "store.get_in_block": (type, id) => {
      const entity = store.getInBlock(str(type), str(id));
      return entity ? newEntity(mem(), entity) : 0;
    },
    "store.set": (type, id, data) => {
      store.set(str(type), str(id), readEntity(mem(), data));
    },
    "store.remove": (type, id) => {
      store.remove(str(type), str(id));
    },
    "store.loadRelated": (type, id, field) => {
      const related = store.loadRelated(str(type), str(id), str(field));
      const memory = mem();
      return memory.newArray(
        related.map((entity) => newEntity(memory, entity)),
        TypeId.ArrayTypedMapEntryStringStoreValue,
      );
    },

    // ------------------------------------------------------------ log
    "log.log": (level, message) => {
      const text = str(message);
      options.onLog?.(level, text);
      if (level === LogLevel.CRITICAL) {
        throw new MappingError(`Critical error logged in mapping: ${text}`);
      }
    },

    // ------------------------------------------------------------ bigInt
    "bigInt.plus": (x, y) => newBig(big(x) + big(y)),
    "bigInt.minus": (x, y) => newBig(big(x) - big(y)),
    "bigInt.times": (x, y) => newBig(big(x) * big(y)),
    "bigInt.dividedBy": (x, y) => {
      const divisor = big(y);
      if (divisor === 0n) throw new MappingError("attempted to divide BigInt by zero");
      return newBig(big(x) / divisor);
    },
    "bigInt.dividedByDecimal": (x, y) => newDec(decimal.divide(decimal.fromBigInt(big(x)), dec(y))),
    "bigInt.mod": (x, y) => {
      const divisor = big(y);
      if (divisor === 0n) throw new MappingError("attempted to calculate the remainder of BigInt by zero");
      return newBig(big(x) % divisor);
    },
    "bigInt.pow": (x, exp) => newBig(big(x) ** BigInt(exp & 0xff)),
    "bigInt.fromString": (s) => {
      const text = str(s);
      if (!/^[+-]?\d+$/.test(text)) throw new MappingError(`Not a valid BigInt: "${text}"`);
      return newBig(BigInt(text));
    },
    "bigInt.bitOr": (x, y) => newBig(big(x) | big(y)),
    "bigInt.bitAnd": (x, y) => newBig(big(x) & big(y)),
    "bigInt.leftShift": (x, bits) => newBig(big(x) << BigInt(bits & 0xff)),
    "bigInt.rightShift": (x, bits) => newBig(big(x) >> BigInt(bits & 0xff)),

    // ------------------------------------------------------------ bigDecimal
    "bigDecimal.plus": (x, y) => newDec(decimal.add(dec(x), dec(y))),
    "bigDecimal.minus": (x, y) => newDec(decimal.subtract(dec(x), dec(y))),
    "bigDecimal.times": (x, y) => newDec(decimal.multiply(dec(x), dec(y))),
    "bigDecimal.dividedBy": (x, y) => {
      try {
        return newDec(decimal.divide(dec(x), dec(y)));
      } catch (error) {
        throw new MappingError((error as Error).message);
      }
    },
    "bigDecimal.equals": (x, y) => (decimal.equals(dec(x), dec(y)) ? 1 : 0),
    "bigDecimal.toString": (x) => mem().newString(decimal.formatBigDecimal(dec(x))),
    "bigDecimal.fromString": (s) => {
      try {
        return newDec(decimal.parseBigDecimal(str(s)));
      } catch (error) {
        throw new MappingError((error as Error).message);
      }
    },

    // ------------------------------------------------------------ typeConversion
    "typeConversion.bytesToString": (b) =>
      // Fixed-size buffers arrive padded with NULs; graph-node trims them.
      mem().newString(
        Buffer.from(bytes(b))
          .toString("utf8")
          .replace(/\u0000+$/, ""),
      ),
    "typeConversion.bytesToHex": (b) => mem().newString(bytesToHex(bytes(b))),
    "typeConversion.bigIntToString": (b) => mem().newString(big(b).toString()),
    "typeConversion.bigIntToHex": (b) => {
      const value = big(b);
      return mem().newString(value < 0n ? "-0x" + (-value).toString(16) : "0x" + value.toString(16));
    },
    "typeConversion.stringToH160": (s) => {
      const text = str(s);
      const hex = text.startsWith("0x") ? text.slice(2) : text;
      if (!/^[0-9a-fA-F]{40}$/.test(hex)) throw new MappingError(`Not an address: "${text}"`);
      return mem().newUint8Array(Uint8Array.from(Buffer.from(hex, "hex")));
    },
    "typeConversion.bytesToBase58": (b) => mem().newString(base58Encode(bytes(b))),

    // ------------------------------------------------------------ crypto
    "crypto.keccak256": (b) => mem().newUint8Array(Uint8Array.from(Buffer.from(keccak256(bytes(b)).slice(2), "hex"))),
  };
}
