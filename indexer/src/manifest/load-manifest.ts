// Reads the built subgraph (subgraph/build/subgraph.yaml, written by `graph build`),
// applies subgraph/networks.json (addresses and start blocks per network) and loads
// what each data source needs: its ABIs, its event handlers and its compiled wasm.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { EventFragment, Interface, id as keccakId } from "ethers";
import { parse as parseYaml } from "yaml";
import { parseSubgraphSchema } from "../schema/subgraph-schema.ts";
import type { SubgraphSchema } from "../schema/subgraph-schema.ts";

export type EventHandler = {
  /** The manifest's signature, e.g. `Transfer(indexed address,indexed address,uint256)`. */
  event: string;
  handler: string;
  topic0: string;
  fragment: EventFragment;
  /** Optional topic filters (topic1..topic3), lowercase 32-byte hex. */
  topics: (string[] | null)[];
};

export type BlockHandler = { handler: string; every: number; once: boolean };

export type DataSource = {
  name: string;
  network: string;
  /** Lowercase address, or null to match the events of every contract. */
  address: string | null;
  startBlock: number;
  endBlock: number | null;
  abiName: string;
  abis: Map<string, Interface>;
  eventHandlers: EventHandler[];
  blockHandlers: BlockHandler[];
  wasmFile: string;
  apiVersion: string;
};

export type SubgraphManifest = {
  dir: string;
  buildDir: string;
  network: string;
  schema: SubgraphSchema;
  /** schema.graphql as built (query workers parse it again). */
  schemaText: string;
  dataSources: DataSource[];
  /** Changes whenever the build or the addresses change: stored data from another build is dropped. */
  fingerprint: string;
  warnings: string[];
};

export class ManifestError extends Error {}

type RawManifest = {
  schema: { file: string };
  dataSources?: RawDataSource[];
  templates?: unknown[];
  features?: string[];
};

type RawDataSource = {
  kind: string;
  name: string;
  network: string;
  source: { address?: string; abi: string; startBlock?: number; endBlock?: number };
  mapping: {
    apiVersion: string;
    file: string;
    abis: { name: string; file: string }[];
    eventHandlers?: {
      event: string;
      handler: string;
      receipt?: boolean;
      topic1?: string[];
      topic2?: string[];
      topic3?: string[];
    }[];
    blockHandlers?: { handler: string; filter?: { kind: string; every?: number } }[];
    callHandlers?: unknown[];
  };
};

export function loadManifest(subgraphDir: string): SubgraphManifest {
  const dir = path.resolve(subgraphDir);
  const buildDir = path.join(dir, "build");
  const manifestFile = path.join(buildDir, "subgraph.yaml");
  if (!fs.existsSync(manifestFile)) {
    throw new ManifestError(
      `${path.relative(process.cwd(), manifestFile) || manifestFile} not found: the subgraph is not built. ` +
        (fs.existsSync(path.join(dir, "scripts/build.ts"))
          ? `Run the subgraph build first: node ${path.relative(process.cwd(), path.join(dir, "scripts/build.ts"))} --network localhost`
          : `Run the subgraph build first (in ${path.relative(process.cwd(), dir) || dir}: npx graph codegen && npx graph build --network localhost).`),
    );
  }
  const hash = crypto.createHash("sha256");
  const manifestText = fs.readFileSync(manifestFile, "utf8");
  hash.update(manifestText);
  const raw = parseYaml(manifestText) as RawManifest;
  const warnings: string[] = [];
  if (raw.templates?.length) {
    warnings.push(
      `the manifest declares ${raw.templates.length} data source template(s); this host does not create dynamic data sources`,
    );
  }

  const schemaText = fs.readFileSync(path.join(buildDir, raw.schema.file), "utf8");
  hash.update(schemaText);
  const schema = parseSubgraphSchema(schemaText);

  const networksFile = path.join(dir, "networks.json");
  const networks = fs.existsSync(networksFile)
    ? (JSON.parse(fs.readFileSync(networksFile, "utf8")) as Record<
        string,
        Record<string, { address?: string; startBlock?: number }>
      >)
    : {};

  const dataSources: DataSource[] = [];
  for (const ds of raw.dataSources ?? []) {
    if (ds.kind !== "ethereum/contract" && ds.kind !== "ethereum") {
      throw new ManifestError(`data source ${ds.name}: kind ${ds.kind} is not supported (only ethereum/contract)`);
    }
    if (ds.mapping.callHandlers?.length) {
      throw new ManifestError(
        `data source ${ds.name}: call handlers need call traces, which this local host does not support`,
      );
    }
    const override = networks[ds.network]?.[ds.name];
    const address = override?.address ?? ds.source.address ?? null;
    const startBlock = override?.startBlock ?? ds.source.startBlock ?? 0;
    hash.update(`${ds.name}:${address}:${startBlock}`);

    const abis = new Map<string, Interface>();
    for (const abi of ds.mapping.abis) {
      const json = JSON.parse(fs.readFileSync(path.join(buildDir, abi.file), "utf8"));
      const entries = Array.isArray(json) ? json : (json.abi ?? json.compilerOutput?.abi);
      if (!entries) throw new ManifestError(`data source ${ds.name}: no ABI in ${abi.file}`);
      abis.set(abi.name, new Interface(entries));
    }
    const main = abis.get(ds.source.abi);
    if (!main) throw new ManifestError(`data source ${ds.name}: source ABI ${ds.source.abi} is not in mapping.abis`);

    const eventHandlers = (ds.mapping.eventHandlers ?? []).map((h) => {
      if (h.receipt) {
        throw new ManifestError(
          `data source ${ds.name}: handler ${h.handler} asks for receipt: true, which this local host does not support`,
        );
      }
      const canonical = h.event.replace(/\bindexed\s+/g, "").replace(/\s+/g, "");
      const topic0 = keccakId(canonical);
      let fragment: EventFragment | undefined;
      main.forEachEvent((e) => {
        if (e.topicHash === topic0) fragment = e;
      });
      if (!fragment) throw new ManifestError(`data source ${ds.name}: event ${h.event} is not in ABI ${ds.source.abi}`);
      const topics = [h.topic1, h.topic2, h.topic3].map((t) => (t ? t.map(topicValue) : null));
      return { event: h.event, handler: h.handler, topic0, fragment, topics };
    });
    const blockHandlers = (ds.mapping.blockHandlers ?? []).map((h) => {
      if (h.filter && h.filter.kind !== "polling" && h.filter.kind !== "once") {
        throw new ManifestError(`data source ${ds.name}: block handler filter kind ${h.filter.kind} is not supported`);
      }
      return {
        handler: h.handler,
        every: h.filter?.kind === "polling" ? Math.max(1, h.filter.every ?? 1) : 1,
        once: h.filter?.kind === "once",
      };
    });

    const wasmFile = path.join(buildDir, ds.mapping.file);
    hash.update(fs.readFileSync(wasmFile));
    dataSources.push({
      name: ds.name,
      network: ds.network,
      address: address ? address.toLowerCase() : null,
      startBlock,
      endBlock: ds.source.endBlock ?? null,
      abiName: ds.source.abi,
      abis,
      eventHandlers,
      blockHandlers,
      wasmFile,
      apiVersion: ds.mapping.apiVersion,
    });
  }
  if (dataSources.length === 0) throw new ManifestError("the manifest has no data sources");
  const networkNames = new Set(dataSources.map((d) => d.network));
  if (networkNames.size > 1)
    throw new ManifestError(`data sources use several networks (${[...networkNames].join(", ")}); one chain only`);

  return {
    dir,
    buildDir,
    network: dataSources[0].network,
    schema,
    schemaText,
    dataSources,
    fingerprint: hash.digest("hex"),
    warnings,
  };
}

/** A topic filter value as 32-byte hex: addresses and numbers are left-padded. */
function topicValue(value: string): string {
  const hex = value.toLowerCase().replace(/^0x/, "");
  return "0x" + hex.padStart(64, "0");
}
