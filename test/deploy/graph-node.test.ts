/**
 * What can be checked of the graph-node setup without a Docker engine: the compose file is valid
 * YAML with the three services, pinned images and graph-node's settings; the subgraph manifest
 * builds for every public network the contracts can be deployed to; subgraph:deploy refuses
 * incomplete arguments with its usage.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { Wallet } from "ethers";
import { parse as parseYaml } from "yaml";
import { ROOT, buildContracts, copySubgraph, graph } from "./support/subgraph-copy.ts";

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
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "mosaic-manifest-"));
    const networks: Record<string, unknown> = {};
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
    copySubgraph(path.join(dir, "subgraph"), path.join(dir, "networks.json"));
    graph(path.join(dir, "subgraph"), ["codegen", "subgraph.yaml", "--output-dir", "generated"]);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const network of PUBLIC_NETWORKS) {
    it(`builds for ${network}`, () => {
      const subgraph = path.join(dir, "subgraph");
      graph(subgraph, [
        "build",
        "subgraph.yaml",
        "--network",
        network,
        "--network-file",
        "networks.json",
        "--output-dir",
        `build-${network}`,
      ]);
      const manifest = parseYaml(readFileSync(path.join(subgraph, "subgraph.yaml"), "utf8")) as {
        dataSources: { network: string }[];
      };
      assert.ok(manifest.dataSources.every((source) => source.network === network));
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
