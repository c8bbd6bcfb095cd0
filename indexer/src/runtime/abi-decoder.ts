// Decodes event logs for the mappings, giving the values `writeEthereumValue` takes (what
// ethers' `Interface.decodeEventLog` returns: addresses and bytes as hex strings, integers as
// bigint, tuples and arrays as arrays, indexed dynamic values as `Indexed` topic hashes), with
// ethers' leniency (integers and addresses masked to their width). A decoder is planned once
// per event signature; ethers' general decoder (type parsing, checksummed addresses, frozen
// Result objects) cost more than a handler run.
import { Indexed } from "ethers";
import type { EventFragment, ParamType } from "ethers";

type Decode = (data: Buffer, offset: number) => unknown;
type Plan = { decode: Decode; dynamic: boolean; size: number };

export class AbiDecodeError extends Error {
  name = "AbiDecodeError";
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

function word(data: Buffer, offset: number): bigint {
  if (offset < 0 || offset + 32 > data.length) throw new AbiDecodeError("data too short");
  return BigInt("0x" + data.toString("hex", offset, offset + 32));
}

/** A word that must fit a JS number (an offset or a length). */
function smallWord(data: Buffer, offset: number): number {
  if (offset < 0 || offset + 32 > data.length) throw new AbiDecodeError("data too short");
  for (let i = offset; i < offset + 24; i++) if (data[i] !== 0) throw new AbiDecodeError("offset or length too large");
  return data.readUIntBE(offset + 26, 6);
}

function planFor(type: ParamType): Plan {
  if (type.isTuple()) {
    const parts = type.components.map(planFor);
    const dynamic = parts.some((p) => p.dynamic);
    return { decode: (data, offset) => decodeSequence(parts, data, offset), dynamic, size: dynamic ? 32 : sum(parts) };
  }
  if (type.isArray()) {
    const child = planFor(type.arrayChildren);
    const fixed = type.arrayLength;
    if (fixed >= 0) {
      const parts = Array.from({ length: fixed }, () => child);
      const dynamic = child.dynamic;
      return {
        decode: (data, offset) => decodeSequence(parts, data, offset),
        dynamic,
        size: dynamic ? 32 : sum(parts),
      };
    }
    return {
      decode: (data, offset) => {
        const length = smallWord(data, offset);
        if (length * child.size > data.length) throw new AbiDecodeError("array longer than the data");
        return decodeSequence(
          Array.from({ length }, () => child),
          data,
          offset + 32,
        );
      },
      dynamic: true,
      size: 32,
    };
  }
  const base = type.baseType;
  if (base === "address") {
    return { decode: (data, offset) => "0x" + hexOf(data, offset + 12, 20), dynamic: false, size: 32 };
  }
  if (base === "bool") return { decode: (data, offset) => word(data, offset) !== 0n, dynamic: false, size: 32 };
  if (base === "string" || base === "bytes") {
    return {
      decode: (data, offset) => {
        const length = smallWord(data, offset);
        const start = offset + 32;
        if (start + length > data.length) throw new AbiDecodeError("data too short");
        return base === "string"
          ? utf8.decode(data.subarray(start, start + length))
          : "0x" + data.toString("hex", start, start + length);
      },
      dynamic: true,
      size: 32,
    };
  }
  const fixedBytes = /^bytes([0-9]+)$/.exec(base);
  if (fixedBytes) {
    const n = Number(fixedBytes[1]);
    return { decode: (data, offset) => "0x" + hexOf(data, offset, n), dynamic: false, size: 32 };
  }
  const integer = /^(u?)int([0-9]*)$/.exec(base);
  if (integer) {
    const bits = BigInt(integer[2] || "256");
    const signed = integer[1] === "";
    return {
      decode: (data, offset) => {
        const raw = word(data, offset);
        return signed ? BigInt.asIntN(Number(bits), raw) : BigInt.asUintN(Number(bits), raw);
      },
      dynamic: false,
      size: 32,
    };
  }
  throw new AbiDecodeError(`unsupported ABI type ${type.format()}`);
}

function hexOf(data: Buffer, offset: number, length: number): string {
  if (offset < 0 || offset + length > data.length) throw new AbiDecodeError("data too short");
  return data.toString("hex", offset, offset + length);
}

function sum(parts: Plan[]): number {
  return parts.reduce((s, p) => s + p.size, 0);
}

/** A tuple's values: static ones in place, dynamic ones at their offset from the tuple's start. */
function decodeSequence(parts: Plan[], data: Buffer, base: number): unknown[] {
  const out: unknown[] = new Array(parts.length);
  let head = base;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part.dynamic) out[i] = part.decode(data, base + smallWord(data, head));
    else out[i] = part.decode(data, head);
    head += part.size;
  }
  return out;
}

type EventPlan = {
  /** topic0 (the fragment computes it anew on each access). */
  topicHash: string;
  /** Per input: where its value comes from. */
  inputs: { indexed: boolean; hashed: boolean; plan: Plan }[];
  nonIndexed: Plan[];
  indexedCount: number;
};

const plans = new WeakMap<EventFragment, EventPlan>();

function eventPlan(fragment: EventFragment): EventPlan {
  let plan = plans.get(fragment);
  if (plan) return plan;
  const inputs = fragment.inputs.map((param) => ({
    indexed: Boolean(param.indexed),
    // As ethers: indexed strings, bytes, arrays and tuples are only their hash in the topic.
    hashed:
      Boolean(param.indexed) &&
      (param.type === "string" || param.type === "bytes" || param.baseType === "tuple" || param.baseType === "array"),
    plan: planFor(param),
  }));
  plan = {
    topicHash: fragment.topicHash.toLowerCase(),
    inputs,
    nonIndexed: inputs.filter((i) => !i.indexed).map((i) => i.plan),
    indexedCount: inputs.filter((i) => i.indexed).length,
  };
  plans.set(fragment, plan);
  return plan;
}

/** The values of `fragment`'s inputs in order; throws AbiDecodeError when the log does not decode. */
export function decodeEventLog(fragment: EventFragment, data: string, topics: readonly string[]): unknown[] {
  const plan = eventPlan(fragment);
  const eventTopics = fragment.anonymous ? topics : topics.slice(1);
  if (!fragment.anonymous && topics[0]?.toLowerCase() !== plan.topicHash) {
    throw new AbiDecodeError("fragment/topic mismatch");
  }
  if (eventTopics.length < plan.indexedCount) throw new AbiDecodeError("missing indexed topics");
  const body = Buffer.from(data.startsWith("0x") ? data.slice(2) : data, "hex");
  const nonIndexed = decodeSequence(plan.nonIndexed, body, 0);
  const out: unknown[] = [];
  let t = 0;
  let n = 0;
  for (const input of plan.inputs) {
    if (!input.indexed) {
      out.push(nonIndexed[n++]);
      continue;
    }
    const topic = eventTopics[t++];
    if (input.hashed) out.push(new Indexed(topic.toLowerCase()));
    else {
      const bytes = Buffer.from(topic.slice(2), "hex");
      if (bytes.length !== 32) throw new AbiDecodeError("topic is not 32 bytes");
      out.push(input.plan.decode(bytes, 0));
    }
  }
  return out;
}
