/**
 * What can be checked of the graph-node setup without a Docker engine: the compose file is valid
 * YAML with the three services, pinned images and graph-node's settings; the subgraph builds for a
 * public network and its manifest takes every other public network's addresses and start blocks and
 * passes graph-cli's validation; subgraph:deploy refuses incomplete arguments with its usage.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { Wallet } from "ethers";
import { parse as parseYaml } from "yaml";
import { ROOT, applyNetwork, buildContracts, copySubgraph, graph } from "./support/subgraph-copy.ts";

const PUBLIC_NETWORKS = ["base-sepolia", "optimism-sepolia", "arbitrum-sepolia", "base", "optimism", "arbitrum-one"];

interface ComposeService {
  image: string;
  environment?: Record<string, string>;
  ports?: string[];
  command?: string[];
  depends_on?: Record<string, unknown>;
}

describe("docker-compose.yml", () => {
  const compose = parseYaml(readFileSync(path.join(ROOT, "docker-compose.yml"), "utf8")) as {
    services: Record<string, ComposeService>;
  };

  it("runs graph-node, IPFS and PostgreSQL from pinned images", () => {
    assert.deepEqual(Object.keys(compose.services).sort(), ["graph-node", "ipfs", "postgres"]);
    for (const [name, service] of Object.entries(compose.services)) {
      assert.match(service.image, /:v?\d+\.\d+(\.\d+)?$/, `${name} pins an exact version, not ${service.image}`);
    }
  });

  it("gives graph-node its documented settings", () => {
    const node = compose.services["graph-node"];
    for (const key of ["postgres_host", "postgres_user", "postgres_pass", "postgres_db", "ipfs", "ethereum"]) {
      assert.ok(node.environment?.[key], `graph-node sets ${key}`);
    }
    assert.equal(node.environment!.postgres_host, "postgres");
    assert.equal(node.environment!.ipfs, "ipfs:5001");
    for (const port of ["8000", "8020", "8030"]) assert.ok(node.ports!.some((p) => p.endsWith(`:${port}`)));
    assert.deepEqual(Object.keys(node.depends_on ?? {}).sort(), ["ipfs", "postgres"]);
    const postgres = compose.services.postgres;
    assert.match(postgres.environment!.POSTGRES_INITDB_ARGS, /--locale=C/);
    assert.ok(postgres.command!.some((arg) => arg.includes("pg_stat_statements")));
    assert.equal(postgres.environment!.POSTGRES_USER, node.environment!.postgres_user);
    assert.equal(postgres.environment!.POSTGRES_DB, node.environment!.postgres_db);
  });
});

describe("the subgraph manifest", () => {
  let dir: string;
  let subgraph: string;
  const networks: Record<string, Record<string, { address: string; startBlock: number }>> = {};
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "mosaic-manifest-"));
    subgraph = path.join(dir, "subgraph");
    for (const [i, network] of PUBLIC_NETWORKS.entries()) {
      networks[network] = {
        VendorRegistry: { address: Wallet.createRandom().address, startBlock: 1000 + i },
        MosaicEscrow: { address: Wallet.createRandom().address, startBlock: 1001 + i },
        HourBank: { address: Wallet.createRandom().address, startBlock: 1002 + i },
        ProjectRegistry: { address: Wallet.createRandom().address, startBlock: 1003 + i },
      };
    }
    writeFileSync(path.join(dir, "networks.json"), JSON.stringify(networks));
    buildContracts();
    copySubgraph(subgraph, path.join(dir, "networks.json"));
    graph(subgraph, ["codegen", "subgraph.yaml", "--output-dir", "generated"]);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Every data source names the network and carries its networks.json address and start block. */
  function assertManifestFor(network: string): void {
    const manifest = parseYaml(readFileSync(path.join(subgraph, "subgraph.yaml"), "utf8")) as {
      dataSources: { name: string; network: string; source: { address: string; startBlock: number } }[];
    };
    assert.deepEqual(manifest.dataSources.map((source) => source.name).sort(), Object.keys(networks[network]).sort());
    for (const source of manifest.dataSources) {
      assert.equal(source.network, network);
      assert.equal(source.source.address, networks[network][source.name].address, `${source.name}'s address`);
      assert.equal(source.source.startBlock, networks[network][source.name].startBlock, `${source.name}'s start block`);
    }
  }

  // The compiled mappings do not depend on the network, only the manifest does: one network gets the
  // whole `graph build --network` (mappings compiled to WASM and checked for every handler), the
  // others graph-cli's network step and manifest validation on their own (support/network-manifest.ts).
  const [compiled, ...others] = PUBLIC_NETWORKS;
  it(`builds for ${compiled}`, () => {
    graph(subgraph, [
      "build",
      "subgraph.yaml",
      "--network",
      compiled,
      "--network-file",
      "networks.json",
      "--output-dir",
      "build",
    ]);
    assertManifestFor(compiled);
    const built = parseYaml(readFileSync(path.join(subgraph, "build", "subgraph.yaml"), "utf8")) as {
      dataSources: { network: string; mapping: { file: string } }[];
    };
    for (const source of built.dataSources) {
      assert.equal(source.network, compiled);
      assert.ok(existsSync(path.join(subgraph, "build", source.mapping.file)), `${source.mapping.file} was compiled`);
    }
  });

  for (const network of others) {
    it(`builds for ${network} (manifest only: the WASM is the same for every network)`, () => {
      applyNetwork(subgraph, network);
      assertManifestFor(network);
    });
  }
});

describe("npm run subgraph:deploy", () => {
  it("asks for both graph-node URLs before doing anything", () => {
    const result = spawnSync(process.execPath, ["subgraph/scripts/deploy.ts", "--node", "http://127.0.0.1:8020"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /needs both --node and --ipfs/);
  });

  it("names the missing network entry and how to create it", () => {
    const result = spawnSync(
      process.execPath,
      [
        "subgraph/scripts/deploy.ts",
        "--node",
        "http://127.0.0.1:9",
        "--ipfs",
        "http://127.0.0.1:9",
        "--network",
        "nowhere",
      ],
      { cwd: ROOT, encoding: "utf8" },
    );
    assert.equal(result.status, 1);
    assert.match(result.stderr, /no "nowhere" entry.*npm run deploy -- --network nowhere/s);
  });
});
