// The indexer against a real Hardhat node and the fixture subgraph's compiled wasm:
// handlers and host functions, ethereum.call at the event's block, reorgs, reset nodes,
// mapping failures, and a restart after a kill in the middle of indexing.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { keccak256, toUtf8Bytes } from "ethers";
import path from "node:path";
import { startHardhatNode, freePort, rpc } from "./helpers/hardhat-node.ts";
import type { HardhatNode } from "./helpers/hardhat-node.ts";
import { buildFixtureSubgraph, fixtureSubgraphFor, tempDir } from "./helpers/fixture-subgraph.ts";
import { cidFor } from "./helpers/document-cids.ts";
import { deployRegistry } from "./helpers/registry-chain.ts";
import type { RegistryChain } from "./helpers/registry-chain.ts";
import { startRegistryFixture, stopRegistryFixture } from "./helpers/registry-fixture.ts";
import { loadManifest } from "../../indexer/src/manifest/load-manifest.ts";
import { EntityStore } from "../../indexer/src/store/entity-store.ts";
import { Indexer } from "../../indexer/src/indexing/indexer.ts";
import type { IndexerOptions } from "../../indexer/src/indexing/indexer.ts";
import { BlockSource } from "../../indexer/src/chain/block-source.ts";
import { JsonRpc } from "../../indexer/src/chain/json-rpc.ts";
import { SyncRpc } from "../../indexer/src/chain/sync-rpc.ts";
import { QueryService } from "../../indexer/src/graphql/query-service.ts";
import { createHostImports } from "../../indexer/src/runtime/host-imports.ts";
import { DeterministicError } from "../../indexer/src/runtime/errors.ts";

const repoRoot = path.resolve(import.meta.dirname, "../..");

type Harness = {
  indexer: Indexer;
  store: EntityStore;
  queries: QueryService;
  chain: SyncRpc;
  close: () => Promise<void>;
};

function harness(
  url: string,
  subgraphDir: string,
  dbFile = ":memory:",
  extra: Partial<IndexerOptions> = {},
  writerThread = false,
): Harness {
  const manifest = loadManifest(subgraphDir);
  const store = new EntityStore(
    dbFile,
    manifest.schema,
    manifest.fingerprint,
    writerThread ? { postponeIndexes: true, writerThread: { schemaText: manifest.schemaText } } : {},
  );
  const chain = new SyncRpc(url);
  const indexer = new Indexer({
    manifest,
    store,
    source: new BlockSource(new JsonRpc(url)),
    chain,
    batchSize: 50,
    ...extra,
  });
  const queries = new QueryService(store, {
    deployment: "test",
    subgraphName: "mosaic",
    status: () => ({ hasIndexingErrors: indexer.fatalError !== null }),
  });
  return {
    indexer,
    store,
    queries,
    chain,
    close: async () => {
      await chain.close();
      store.close();
    },
  };
}

async function catchUp(indexer: Indexer): Promise<void> {
  for (let i = 0; i < 1000 && (await indexer.step()); i++);
}

function gql(h: Harness, query: string) {
  const result = JSON.parse(JSON.stringify(h.queries.execute({ query })));
  assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  return result.data;
}

describe("indexing the fixture subgraph on a Hardhat node", { timeout: 240_000 }, () => {
  let node: HardhatNode;
  let chain: RegistryChain;
  let subgraphDir: string;

  before(async () => {
    ({ node, chain, subgraphDir } = await startRegistryFixture());
  });
  after(() => stopRegistryFixture(node, chain));

  it("runs the handlers and answers ethereum.call at the event's block", async () => {
    const vendor = await chain.vendor(1);
    await chain.setProfile(1, 12_345, ["solidity", "rust"], "bafy-one");
    await chain.setProfile(1, 20_000, ["solidity"], "bafy-two");
    await chain.setProfile(2, 5_000, ["design"], "bafy-three");
    const h = harness(node.url, subgraphDir);
    await catchUp(h.indexer);
    const result = gql(
      h,
      `{
      vendor(id: "${vendor}") { hourlyRateCents rateUsd skillTags { id } updateCount timezoneOffsetMinutes
        updates(orderBy: blockNumber) { kind onChainRate registeredOnChain txFrom cidHash } }
      registry(id: "registry") { vendorCount totalRateCents averageRateUsd }
      skillTags(orderBy: name) { name vendorCount vendors { id } }
    }`,
    );
    assert.equal(result.vendor.hourlyRateCents, "20000");
    assert.equal(result.vendor.rateUsd, "200");
    assert.equal(result.vendor.updateCount, "2");
    assert.equal(result.vendor.timezoneOffsetMinutes, -60);
    assert.deepEqual(result.vendor.skillTags, [{ id: "solidity" }]);
    // Each update read the rate through eth_call at its own block, not at the head.
    assert.deepEqual(
      result.vendor.updates.map((u: { onChainRate: string }) => u.onChainRate),
      ["12345", "20000"],
    );
    assert.equal(result.vendor.updates[0].txFrom, vendor);
    assert.equal(result.vendor.updates[0].cidHash, keccak256(toUtf8Bytes(cidFor("bafy-one"))));
    assert.deepEqual(result.registry, { vendorCount: 2, totalRateCents: "25000", averageRateUsd: "125" });
    assert.deepEqual(
      result.skillTags.map((t: { name: string; vendorCount: number }) => [t.name, t.vendorCount]),
      [
        ["design", 1],
        ["rust", 0],
        ["solidity", 1],
      ],
    );
    const head = await chain.provider.getBlockNumber();
    assert.equal(h.store.head()!.number, head);
    // The polling block handler ran on every second block from the start block.
    const due = Array.from({ length: head - chain.startBlock + 1 }, (_, i) => chain.startBlock + i).filter(
      (n) => (n - chain.startBlock) % 2 === 0,
    );
    const { blockCounter } = gql(h, `{ blockCounter(id: "blocks") { count lastBlock lastHash } }`);
    const last = await chain.provider.getBlock(due[due.length - 1]);
    assert.deepEqual(blockCounter, { count: due.length, lastBlock: String(last!.number), lastHash: last!.hash });
    await h.close();
  });

  it("rolls back to the common ancestor after a reorg and indexes the new fork", async () => {
    const h = harness(node.url, subgraphDir);
    await catchUp(h.indexer);
    const vendor = await chain.vendor(3);
    const snapshot = await rpc<string>(node.url, "evm_snapshot");
    const ancestor = await chain.provider.getBlockNumber();
    const forkA = await chain.setProfile(3, 1_111, ["fork-a"], "bafy-fork-a");
    await catchUp(h.indexer);
    assert.equal(gql(h, `{ vendor(id: "${vendor}") { metadataCid } }`).vendor.metadataCid, cidFor("bafy-fork-a"));

    await rpc(node.url, "evm_revert", [snapshot]);
    await rpc(node.url, "evm_mine");
    const forkB = await chain.setProfile(3, 2_222, ["fork-b"], "bafy-fork-b");
    assert.equal(forkB, forkA + 1);
    await catchUp(h.indexer);

    const result = gql(
      h,
      `{
      vendor(id: "${vendor}") { metadataCid hourlyRateCents updates { onChainRate } }
      atFork: vendor(id: "${vendor}", block: { number: ${forkA} }) { metadataCid }
      skillTags(where: { name_starts_with: "fork" }) { name vendorCount }
      _meta { block { number hash } }
    }`,
    );
    assert.equal(result.vendor.metadataCid, cidFor("bafy-fork-b"));
    assert.deepEqual(result.vendor.updates, [{ onChainRate: "2222" }]);
    assert.equal(result.atFork, null, "the block that replaced fork A's has no profile yet");
    assert.deepEqual(result.skillTags, [{ name: "fork-b", vendorCount: 1 }]);
    const head = await chain.provider.getBlock("latest");
    assert.deepEqual(result._meta.block, { number: head!.number, hash: head!.hash });
    assert.ok(h.store.blockAt(ancestor), "blocks up to the common ancestor are kept");
    await h.close();
  });

  it("with the store's writer thread, indexes through a reorg to the same entities and blocks as without", async () => {
    const direct = harness(node.url, subgraphDir);
    const file = path.join(tempDir("indexer-writer-"), "store.sqlite");
    const threaded = harness(node.url, subgraphDir, file, {}, true);
    const both = async () => {
      await catchUp(direct.indexer);
      await catchUp(threaded.indexer);
    };
    const query = `{
      vendors(first: 1000, orderBy: id) { id metadataCid hourlyRateCents updateCount skillTags { id }
        updates(first: 1000, orderBy: id) { id kind onChainRate blockNumber } }
      skillTags(first: 1000, orderBy: id) { id name vendorCount }
      registry(id: "registry") { vendorCount totalRateCents averageRateUsd }
      blockCounter(id: "blocks") { count lastBlock lastHash }
      _meta { block { number hash } }
    }`;
    await both();
    // At the head, a round waits for the field indexes the writer thread started building.
    await threaded.indexer.step();
    assert.equal(threaded.store.attributeIndexesPostponed, false, "the field indexes were built at the head");
    const vendor = await chain.vendor(9);
    const snapshot = await rpc<string>(node.url, "evm_snapshot");
    await chain.setProfile(9, 3_333, ["writer-fork-a"], "bafy-writer-a");
    await both();
    await rpc(node.url, "evm_revert", [snapshot]);
    await rpc(node.url, "evm_mine");
    await chain.setProfile(9, 4_444, ["writer-fork-b"], "bafy-writer-b");
    await both();
    const expected = gql(direct, query);
    assert.deepEqual(gql(threaded, query), expected);
    assert.equal(expected.vendors.find((v: { id: string }) => v.id === vendor).metadataCid, cidFor("bafy-writer-b"));
    assert.equal(threaded.store.batchesInFlight, 0);
    await direct.close();
    await threaded.close();
  });

  it("stops at a mapping failure, reports it in _meta and serves the blocks before it", async () => {
    const failing: IndexerOptions["hostImports"] = (heapOf, ctx) => ({
      ...createHostImports(heapOf, ctx),
      "crypto.keccak256": () => {
        throw new DeterministicError("keccak256 refused by the test");
      },
    });
    const h = harness(node.url, subgraphDir, ":memory:", { hostImports: failing });
    await catchUp(h.indexer);
    const firstProfileBlock = chain.firstUseBlock;
    assert.equal(h.indexer.fatalError?.block, firstProfileBlock);
    assert.match(h.indexer.fatalError!.message, /keccak256 refused/);
    const result = gql(h, `{ _meta { block { number } hasIndexingErrors } vendors { id } }`);
    assert.deepEqual(result, {
      _meta: { block: { number: firstProfileBlock - 1 }, hasIndexingErrors: true },
      vendors: [],
    });
    await h.close();
  });

  it("resumes after being killed in the middle of indexing, without losing or double-counting", async () => {
    for (let i = 0; i < 60; i++)
      await chain.setProfile(4 + (i % 5), 1_000 + i, ["kill-test", `s${i % 7}`], `bafy-kill-${i}`);
    const latest = await chain.provider.getBlockNumber();
    const dataDir = tempDir("indexer-kill-");
    const port = await freePort();
    const args = [
      path.join(repoRoot, "indexer/index.ts"),
      "--rpc",
      node.url,
      "--port",
      String(port),
      "--status-port",
      String(await freePort()),
      "--data",
      dataDir,
      "--subgraph",
      subgraphDir,
      "--quiet",
    ];
    const url = `http://127.0.0.1:${port}/subgraphs/name/mosaic`;
    const headOf = async () => {
      try {
        const r = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ query: "{ _meta { block { number } } }" }),
        });
        return ((await r.json()) as { data: { _meta: { block: { number: number } } } }).data._meta.block.number;
      } catch {
        return -1;
      }
    };
    let stderr = "";
    const start = () => {
      const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ["ignore", "ignore", "pipe"] });
      child.stderr!.on("data", (d) => (stderr += d));
      return child;
    };
    const exited = (child: ReturnType<typeof start>) => new Promise((resolve) => child.once("exit", resolve));
    const waitFor = async (child: ReturnType<typeof start>, block: number, pause: number) => {
      while ((await headOf()) < block) {
        assert.equal(child.exitCode, null, `the indexer exited: ${stderr}`);
        await new Promise((r) => setTimeout(r, pause));
      }
    };

    const first = start();
    await waitFor(first, chain.startBlock + 20, 20);
    first.kill("SIGKILL");
    await exited(first);

    const second = start();
    try {
      await waitFor(second, latest, 50);
      const query = `{ vendors(first: 1000, orderBy: id) { id updateCount hourlyRateCents skillTags { id } updates(first: 1000, orderBy: blockNumber) { id onChainRate } }
        registry(id: "registry") { vendorCount totalRateCents averageRateUsd }
        skillTags(first: 1000, orderBy: id) { id vendorCount } }`;
      const resumed = await (
        await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ query }),
        })
      ).json();

      const reference = harness(node.url, subgraphDir);
      await catchUp(reference.indexer);
      const expected = JSON.parse(JSON.stringify(reference.queries.execute({ query })));
      await reference.close();
      assert.deepEqual(resumed, expected);
      const killTestVendors = (expected.data.vendors as { updateCount: string; skillTags: { id: string }[] }[]).filter(
        (v) => v.skillTags.some((t) => t.id === "kill-test"),
      );
      assert.deepEqual(
        killTestVendors.map((v) => v.updateCount),
        ["12", "12", "12", "12", "12"],
      );
    } finally {
      second.kill("SIGTERM");
      await exited(second);
    }
  });
});

describe("a reset local node", { timeout: 120_000 }, () => {
  it("is detected by its genesis; the store is kept unless --reset, then rebuilt from the new chain only", async () => {
    buildFixtureSubgraph();
    const dbFile = path.join(tempDir("indexer-reset-"), "store.sqlite");
    const nodeA = await startHardhatNode();
    let subgraphDir: string;
    let vendor: string;
    let address: string;
    try {
      const a = await deployRegistry(nodeA.url);
      address = a.address;
      subgraphDir = fixtureSubgraphFor(a.address, a.startBlock);
      vendor = await a.vendor(1);
      await a.setProfile(1, 100, ["old-chain"], "bafy-old");
      const h = harness(nodeA.url, subgraphDir, dbFile);
      await catchUp(h.indexer);
      assert.equal(gql(h, `{ vendor(id: "${vendor}") { metadataCid } }`).vendor.metadataCid, cidFor("bafy-old"));
      await h.close();
      a.close();
    } finally {
      await nodeA.stop();
    }

    // A Hardhat node's genesis carries its start time in seconds: two nodes started within the same
    // second share a genesis hash and would look like one chain. A restart is always later than that.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const nodeB = await startHardhatNode();
    try {
      const b = await deployRegistry(nodeB.url);
      // Same deployer, same nonce: the registry lands at the same address on the new chain.
      assert.equal(b.address, address);
      await b.setProfile(1, 200, ["new-chain"], "bafy-new");
      const h = harness(nodeB.url, subgraphDir, dbFile);
      // Without --reset the indexed data is kept, indexing stops and the log says what to do.
      const refusing: string[] = [];
      const careful = new Indexer({
        manifest: h.indexer.manifest,
        store: h.store,
        source: h.indexer.source,
        chain: h.chain,
        log: (_l, m) => refusing.push(m),
      });
      await catchUp(careful);
      assert.equal(careful.problem?.kind, "chain-changed");
      assert.ok(
        refusing.some((m) => /different chain/.test(m) && /restart the indexer with --reset/.test(m)),
        refusing.join("\n"),
      );
      assert.equal(gql(h, `{ vendor(id: "${vendor}") { metadataCid } }`).vendor.metadataCid, cidFor("bafy-old"));

      const logs: string[] = [];
      const logged = new Indexer({
        manifest: h.indexer.manifest,
        store: h.store,
        source: h.indexer.source,
        chain: h.chain,
        log: (_l, m) => logs.push(m),
        allowReset: true,
      });
      await catchUp(logged);
      assert.ok(
        logs.some((m) => /different chain/.test(m) && /wiping the store/.test(m)),
        logs.join("\n"),
      );
      const result = gql(h, `{ vendor(id: "${vendor}") { metadataCid updateCount } skillTags { id } }`);
      assert.deepEqual(result, {
        vendor: { metadataCid: cidFor("bafy-new"), updateCount: "1" },
        skillTags: [{ id: "new-chain" }],
      });
      await h.close();
      b.close();
    } finally {
      await nodeB.stop();
    }
  });
});
