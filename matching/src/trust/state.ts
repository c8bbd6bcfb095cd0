import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { MatchingInputError } from "../errors.ts";
import { trustScoresFrom } from "./compute.ts";
import type { ComputedTrust, TrustScores } from "./compute.ts";
import { TrustGraph } from "./graph.ts";
import type { TrustGraphSnapshot } from "./graph.ts";

/**
 * Trust state on disk: the graph, the last computation's results (so a restart can rank at
 * once, before any new event arrives; also its distribution, a warm start for the next one)
 * and what the reader needs to resume (`meta`: the subgraph's fingerprint, its cursors,
 * the block the state reflects). A restart loads it and reads only newer events.
 *
 * Layout: "MOSAICTRUST1", a little-endian u32 header length, a JSON header naming each
 * section's type and length, then the sections, each 8-byte aligned. Strings (addresses) are
 * one UTF-8 section joined by newlines.
 */
const MAGIC = "MOSAICTRUST1";

type ArrayKind = "i32" | "u8" | "f64";
type NumericSection = Exclude<keyof TrustGraphSnapshot, "version" | "latestPaidAt" | "addresses" | "ratingKeys">;
const SECTIONS: Record<NumericSection, ArrayKind> = {
  pairLo: "i32",
  pairHi: "i32",
  pairValue: "f64",
  pairFirstPaid: "f64",
  jobKeys: "f64",
  jobClient: "i32",
  jobVendor: "i32",
  jobUnits: "f64",
  jobPair: "i32",
  jobPaidAt: "f64",
  ratingRater: "i32",
  ratingRatee: "i32",
  ratingScore: "u8",
  ratingAsVendor: "u8",
  ratingPair: "i32",
};

/** The computation's arrays a restart answers from. */
const COMPUTED_SECTIONS = {
  trust: "f64",
  weight: "f64",
  outTotal: "f64",
  flowTotal: "f64",
  cut: "u8",
} as const satisfies Partial<Record<keyof ComputedTrust, ArrayKind>>;
type ComputedSection = keyof typeof COMPUTED_SECTIONS;
type ComputedScalars = Omit<ComputedTrust, "distribution" | ComputedSection>;

export interface TrustState<Meta> {
  meta: Meta;
  graph: TrustGraph;
  /** The converged distribution (sums to 1), or null. */
  distribution: Float64Array | null;
  /** The saved computation's scores, when they were computed at the saved graph's version. */
  scores: TrustScores | null;
}

/** `scores`: the last computation (its distribution is saved; with its arrays, its answers too). */
export function encodeTrustState<Meta>(
  meta: Meta,
  graph: TrustGraph,
  scores: Pick<TrustScores, "distribution" | "computed"> | null,
  ratingKeys: readonly string[] = [],
): Buffer {
  const distribution = scores?.distribution ?? null;
  const computed = scores?.computed?.graphVersion === graph.version ? scores.computed : undefined;
  const snap = graph.snapshot(ratingKeys);
  const parts: Buffer[] = [];
  const lengths: Record<string, number> = {};
  let offset = 0;
  const push = (name: string, bytes: Buffer, length: number) => {
    lengths[name] = length;
    parts.push(bytes);
    offset += bytes.length;
    const pad = (8 - (offset % 8)) % 8;
    if (pad > 0) {
      parts.push(Buffer.alloc(pad));
      offset += pad;
    }
  };
  for (const name of Object.keys(SECTIONS) as NumericSection[]) {
    const array = snap[name];
    push(name, Buffer.from(array.buffer, array.byteOffset, array.byteLength), array.length);
  }
  const addresses = Buffer.from(snap.addresses.join("\n"), "utf8");
  push("addresses", addresses, addresses.length);
  const pushArray = (name: string, array: Int32Array | Uint8Array | Float64Array) =>
    push(name, Buffer.from(array.buffer, array.byteOffset, array.byteLength), array.length);
  if (distribution !== null) pushArray("distribution", distribution);
  if (computed !== undefined) {
    for (const name of Object.keys(COMPUTED_SECTIONS) as ComputedSection[])
      pushArray(`computed.${name}`, computed[name]);
  }
  const header = Buffer.from(
    JSON.stringify({
      meta,
      version: snap.version,
      latestPaidAt: Number.isFinite(snap.latestPaidAt) ? snap.latestPaidAt : null,
      accounts: snap.addresses.length,
      ratingKeys: snap.ratingKeys,
      lengths,
      computed:
        computed === undefined
          ? null
          : ({
              graphVersion: computed.graphVersion,
              seedAccounts: computed.seedAccounts,
              seedRule: computed.seedRule,
              iterations: computed.iterations,
              converged: computed.converged,
              computeMs: computed.computeMs,
              standingThreshold: computed.standingThreshold,
              damping: computed.damping,
              raterCap: computed.raterCap,
              minIndependentRaters: computed.minIndependentRaters,
            } satisfies ComputedScalars),
    }),
    "utf8",
  );
  const prefix = Buffer.alloc(MAGIC.length + 4);
  prefix.write(MAGIC, 0, "latin1");
  prefix.writeUInt32LE(header.length, MAGIC.length);
  const headPad = Buffer.alloc((8 - ((prefix.length + header.length) % 8)) % 8);
  return Buffer.concat([prefix, header, headPad, ...parts]);
}

export function decodeTrustState<Meta>(buffer: Buffer): TrustState<Meta> {
  if (buffer.length < MAGIC.length + 4 || buffer.toString("latin1", 0, MAGIC.length) !== MAGIC) {
    throw new MatchingInputError("Not a trust state file");
  }
  const headerLength = buffer.readUInt32LE(MAGIC.length);
  const headerStart = MAGIC.length + 4;
  const header = JSON.parse(buffer.toString("utf8", headerStart, headerStart + headerLength)) as {
    meta: Meta;
    version: number;
    latestPaidAt: number | null;
    accounts: number;
    ratingKeys: string[];
    lengths: Record<string, number>;
    computed: ComputedScalars | null;
  };
  let offset = headerStart + headerLength;
  offset += (8 - (offset % 8)) % 8;
  // One aligned copy of the body, so every section is a view on it.
  const body = new Uint8Array(buffer.length - offset);
  body.set(buffer.subarray(offset));
  let at = 0;
  const take = (bytes: number): number => {
    const start = at;
    at += bytes + ((8 - (bytes % 8)) % 8);
    return start;
  };
  const snap = {
    version: header.version,
    latestPaidAt: header.latestPaidAt ?? -Infinity,
    ratingKeys: header.ratingKeys,
  } as TrustGraphSnapshot;
  for (const [name, kind] of Object.entries(SECTIONS) as [NumericSection, ArrayKind][]) {
    const length = header.lengths[name];
    if (kind === "i32") (snap[name] as Int32Array) = new Int32Array(body.buffer, take(length * 4), length);
    else if (kind === "u8") (snap[name] as Uint8Array) = new Uint8Array(body.buffer, take(length), length);
    else (snap[name] as Float64Array) = new Float64Array(body.buffer, take(length * 8), length);
  }
  const addressBytes = header.lengths.addresses;
  const text = Buffer.from(body.buffer, take(addressBytes), addressBytes).toString("utf8");
  snap.addresses = header.accounts === 0 ? [] : text.split("\n");
  const section = (name: string, kind: ArrayKind): Int32Array | Uint8Array | Float64Array => {
    const length = header.lengths[name];
    if (kind === "i32") return new Int32Array(body.buffer, take(length * 4), length);
    if (kind === "u8") return new Uint8Array(body.buffer, take(length), length);
    return new Float64Array(body.buffer, take(length * 8), length);
  };
  const distribution =
    header.lengths.distribution === undefined ? null : (section("distribution", "f64") as Float64Array);
  const graph = TrustGraph.fromSnapshot(snap);
  let scores: TrustScores | null = null;
  if (header.computed !== null && header.computed !== undefined && distribution !== null) {
    const arrays = {} as Record<ComputedSection, Float64Array | Uint8Array>;
    for (const [name, kind] of Object.entries(COMPUTED_SECTIONS) as [ComputedSection, ArrayKind][]) {
      arrays[name] = section(`computed.${name}`, kind) as Float64Array | Uint8Array;
    }
    scores = trustScoresFrom(graph, {
      ...header.computed,
      distribution,
      ...(arrays as Pick<ComputedTrust, ComputedSection>),
    });
  }
  return { meta: header.meta, graph, distribution, scores };
}

/** Writes the state atomically (a temporary file renamed over the old one). */
export function saveTrustState<Meta>(
  file: string,
  meta: Meta,
  graph: TrustGraph,
  scores: Pick<TrustScores, "distribution" | "computed"> | null,
  ratingKeys: readonly string[] = [],
): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, encodeTrustState(meta, graph, scores, ratingKeys));
  renameSync(temporary, file);
}

/** The saved state, or null when there is none or it cannot be read. */
export function loadTrustState<Meta>(file: string): TrustState<Meta> | null {
  let buffer: Buffer;
  try {
    buffer = readFileSync(file);
  } catch {
    return null;
  }
  try {
    return decodeTrustState<Meta>(buffer);
  } catch {
    return null;
  }
}
