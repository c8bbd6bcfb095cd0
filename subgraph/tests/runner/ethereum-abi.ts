/**
 * Turns a log decoded by ethers into the event parameters graph-node hands a mapping. Like
 * graph-node, an indexed parameter of a dynamic type (string, bytes, array, tuple) arrives as
 * the 32-byte topic hash (FixedBytes).
 */
import { Indexed, getBytes } from "ethers";
import type { LogDescription, ParamType } from "ethers";
import type { EthereumValue, EventParam } from "./ethereum-value.ts";

export function ethereumValueFromAbi(param: ParamType, value: unknown): EthereumValue {
  if (Indexed.isIndexed(value)) {
    return { kind: "fixedBytes", value: getBytes((value as Indexed).hash!) };
  }
  const base = param.baseType;
  if (base === "address") return { kind: "address", value: getBytes(value as string) };
  if (base === "bool") return { kind: "bool", value: value as boolean };
  if (base === "string") return { kind: "string", value: value as string };
  if (base === "bytes") return { kind: "bytes", value: getBytes(value as string) };
  if (/^bytes\d+$/.test(base)) return { kind: "fixedBytes", value: getBytes(value as string) };
  if (base.startsWith("uint")) return { kind: "uint", value: BigInt(value as bigint) };
  if (base.startsWith("int")) return { kind: "int", value: BigInt(value as bigint) };
  if (base === "tuple") {
    const items = value as unknown[];
    return {
      kind: "tuple",
      value: param.components!.map((component, i) => ethereumValueFromAbi(component, items[i])),
    };
  }
  if (base === "array") {
    const items = (value as unknown[]).map((item) => ethereumValueFromAbi(param.arrayChildren!, item));
    return { kind: param.arrayLength === -1 ? "array" : "fixedArray", value: items };
  }
  throw new Error(`Unsupported ABI type ${param.type}`);
}

/** The `event.parameters` graph-node would build for a decoded log. */
export function eventParamsFromLog(description: LogDescription): EventParam[] {
  return description.fragment.inputs.map((input, i) => ({
    name: input.name,
    value: ethereumValueFromAbi(input, description.args[i]),
  }));
}
