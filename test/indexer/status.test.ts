// The index-node status API (graph-node's field names) and the faults it must show: a store
// error, an unreachable node; and the CLI's refusals at start (problem 6).
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { Worker } from "node:worker_threads";
import fs from "node:fs";
import path from "node:path";
import { freePort } from "./helpers/hardhat-node.ts";
import type { HardhatNode } from "./helpers/hardhat-node.ts";
import { tempDir } from "./helpers/fixture-subgraph.ts";
import type { RegistryChain } from "./helpers/registry-chain.ts";
import { startRegistryFixture, stopRegistryFixture } from "./helpers/registry-fixture.ts";
import { startSubgraphHost } from "../../indexer/src/subgraph-host.ts";
import type { SubgraphHost } from "../../indexer/src/subgraph-host.ts";
import { StatusService } from "../../indexer/src/server/status-server.ts";
import type { IndexingStatus } from "../../indexer/src/server/status-server.ts";
import { DEFAULT_LIMITS } from "../../indexer/src/graphql/limits.ts";

const repoRoot = path.resolve(import.meta.dirname, "../..");

const STATUS_FIELDS = `subgraph synced health entityCount node paused historyBlocks
  fatalError { message block { number hash } handler deterministic }
  nonFatalErrors { message block { number hash } handler deterministic }
  chains { network chainHeadBlock { number hash } earliestBlock { number hash } latestBlock { number hash } lastHealthyBlock { number hash } }`;

type Status = {
  subgraph: string;
  synced: boolean;
  health: string;
  entityCount: string;
  fatalError: { message: string; deterministic: boolean } | null;
  nonFatalErrors: { message: string; deterministic: boolean }[];
  chains: {
    network: string;
    chainHeadBlock: { number: string; hash: string } | null;
    latestBlock: { number: string; hash: string } | null;
  }[];
};

async function post(url: string, query: string): Promise<{ data?: Record<string, unknown>; errors?: unknown[] }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
}

async function statusOf(host: SubgraphHost): Promise<Status> {
  const result = await post(
    host.statusUrl,
    `{ indexingStatusForCurrentVersion(subgraphName: "mosaic") { ${STATUS_FIELDS} } }`,
  );
  assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  return result.data!.indexingStatusForCurrentVersion as Status;
}

/** Polls until `ok` holds (bounded by a number of tries, not a time). */
async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < 600; i++) {
    last = await read();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`${what}: last seen ${JSON.stringify(last)}`);
}

describe("index-node status API", { timeout: 240_000 }, () => {
  let node: HardhatNode;
  let chain: RegistryChain;
  let subgraphDir: string;
  let host: SubgraphHost;

  before(async () => {
    ({ node, chain, subgraphDir } = await startRegistryFixture());
    await chain.setProfile(1, 12_345, ["solidity"], "bafy-one");
    host = await startSubgraphHost({
      rpcUrl: node.url,
      subgraphDir,
      dataDir: tempDir("indexer-status-"),
      host: "127.0.0.1",
      port: 0,
      statusPort: 0,
      pollIntervalMs: 50,
    });
  });
  after(async () => {
    await host?.stop();
    await stopRegistryFixture(node, chain);
  });

  it("answers graph-node's status queries with its field names, healthy and synced", async () => {
    const head = await chain.provider.getBlock("latest");
    const status = await until(
      () => statusOf(host),
      (s) => s.synced,
      "synced",
    );
    assert.equal(status.health, "healthy");
    assert.equal(status.fatalError, null);
    assert.deepEqual(status.nonFatalErrors, []);
    assert.ok(Number(status.entityCount) > 0);
    assert.equal(status.chains[0].network, "localhost");
    assert.deepEqual(status.chains[0].latestBlock, { number: String(head!.number), hash: head!.hash });
    assert.deepEqual(status.chains[0].chainHeadBlock, { number: String(head!.number), hash: head!.hash });
    const meta = await post(host.url, "{ _meta { deployment } }");
    assert.equal(status.subgraph, (meta.data!._meta as { deployment: string }).deployment);

    const all = await post(host.statusUrl, `{ indexingStatuses { subgraph health synced } }`);
    assert.deepEqual(all.data, { indexingStatuses: [{ subgraph: status.subgraph, health: "healthy", synced: true }] });
    const byDeployment = await post(
      host.statusUrl,
      `{ indexingStatuses(subgraphs: ["${status.subgraph}"]) { health } }`,
    );
    assert.deepEqual(byDeployment.data, { indexingStatuses: [{ health: "healthy" }] });
    const empty = await post(host.statusUrl, `{ indexingStatuses(subgraphs: []) { health } }`);
    assert.deepEqual(empty.data, { indexingStatuses: [{ health: "healthy" }] }, "an empty list is all, as graph-node");
    const size = await post(
      host.statusUrl,
      `{ indexingStatuses { subgraphSize { rowEstimate tableSize indexSize toastSize totalSize } } }`,
    );
    const subgraphSize = (size.data!.indexingStatuses as { subgraphSize: Record<string, string> }[])[0].subgraphSize;
    assert.ok(Number(subgraphSize.rowEstimate) >= Number(status.entityCount), JSON.stringify(subgraphSize));
    assert.ok(Number(subgraphSize.tableSize) > 0 && Number(subgraphSize.indexSize) > 0);
    assert.equal(Number(subgraphSize.totalSize), Number(subgraphSize.tableSize) + Number(subgraphSize.indexSize));
    const unknown = await post(host.statusUrl, `{ indexingStatusForCurrentVersion(subgraphName: "other") { health } }`);
    assert.deepEqual(unknown.data, { indexingStatusForCurrentVersion: null });
  });

  it("answers queries and the status API while the indexing thread is busy", () => {
    // This thread (which indexes) blocks until a helper thread has both answers: it can only
    // wake before the safety timeout if something other than this thread serves HTTP.
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const helper = new Worker(
      `const { workerData } = require("node:worker_threads");
       const post = (url, query) => fetch(url, { method: "POST", headers: { "content-type": "application/json" },
         body: JSON.stringify({ query }) }).then((r) => r.json());
       Promise.all([
         post(workerData.url, "{ _meta { block { number } } }"),
         post(workerData.statusUrl, '{ indexingStatuses { health } }'),
       ]).then(([meta, status]) => {
         if (meta.data && status.data) Atomics.store(workerData.flag, 0, 1);
         else Atomics.store(workerData.flag, 0, 2);
         Atomics.notify(workerData.flag, 0);
       });`,
      { eval: true, workerData: { url: host.url, statusUrl: host.statusUrl, flag } },
    );
    try {
      const woke = Atomics.wait(flag, 0, 0, 60_000);
      assert.notEqual(woke, "timed-out", "answered while this thread was blocked");
      assert.equal(flag[0], 1);
    } finally {
      void helper.terminate();
    }
  });

  it("runs costly status queries off the query server's thread, within the query limits", async () => {
    const aliases = Array.from({ length: 850 }, (_, i) => `s${i}: indexingStatuses { ${STATUS_FIELDS} }`).join("\n");
    const order: string[] = [];
    const heavy = Array.from({ length: 4 }, () =>
      post(host.statusUrl, `{ ${aliases} }`).then((answer) => {
        order.push("status");
        return answer;
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    const meta = await post(host.url, "{ _meta { block { number } } }");
    order.push("meta");
    assert.equal(meta.errors, undefined);
    const answers = await Promise.all(heavy);
    assert.ok(order.indexOf("meta") < 3, `_meta answered before the costly status queries: ${order.join(", ")}`);
    for (const answer of answers) assert.equal((answer.data!.s849 as unknown[]).length, 1);

    // The limits of subgraph queries apply: depth, result size.
    const current = (await statusOf(host)) as unknown as IndexingStatus;
    const limited = (limits: Partial<typeof DEFAULT_LIMITS>) =>
      new StatusService({
        subgraphName: "mosaic",
        deployment: current.subgraph,
        status: () => ({
          ...current,
          subgraphSize: { rowEstimate: "1", tableSize: "1", indexSize: "0", toastSize: "0", totalSize: "1" },
        }),
        limits: { ...DEFAULT_LIMITS, ...limits },
      });
    const big = JSON.parse((await limited({ maxResultBytes: 10_000 }).run({ query: `{ ${aliases} }` })).body);
    assert.match(big.errors[0].message, /the result size of \d+ is larger than the allowed limit of 10000/);
    assert.equal(big.data, undefined);
    const deep = JSON.parse(
      (await limited({ maxDepth: 3 }).run({ query: "{ indexingStatuses { chains { latestBlock { number } } } }" }))
        .body,
    );
    assert.match(deep.errors[0].message, /depth that exceeds the limit of `3`/);
  });

  it("shows lag: the chain head ahead of the latest indexed block", async () => {
    const original = host.store.commitBlocks.bind(host.store);
    // Hold indexing back while the chain moves on.
    host.store.commitBlocks = () => {
      throw new Error("held back by the test");
    };
    try {
      await chain.setProfile(2, 5_000, ["design"], "bafy-two");
      const head = await chain.provider.getBlockNumber();
      const status = await until(
        () => statusOf(host),
        (s) => s.chains[0].chainHeadBlock?.number === String(head),
        "chain head seen",
      );
      assert.equal(status.synced, true, "graph-node keeps synced once the head was reached");
      assert.ok(Number(status.chains[0].latestBlock!.number) < head);
    } finally {
      host.store.commitBlocks = original;
    }
    await until(
      () => statusOf(host),
      (s) => s.synced && s.health === "healthy",
      "caught up again",
    );
  });

  it("shows a store error as a failure that says what to delete", async () => {
    const original = host.store.commitBlocks.bind(host.store);
    host.store.commitBlocks = () => {
      throw new Error("database disk image is malformed");
    };
    try {
      await chain.setProfile(3, 7_000, ["rust"], "bafy-three");
      const status = await until(
        () => statusOf(host),
        (s) => s.health === "failed",
        "store failure reported",
      );
      assert.match(
        status.fatalError!.message,
        /store error: database disk image is malformed; stop the indexer, delete .*mosaic\.sqlite/,
      );
      assert.equal(status.fatalError!.deterministic, false);
      assert.equal(status.synced, true, "sticky, as graph-node's");
    } finally {
      host.store.commitBlocks = original;
    }
    await until(
      () => statusOf(host),
      (s) => s.health === "healthy" && s.synced,
      "recovered",
    );
  });

  it("shows an unreachable node as unhealthy while queries keep answering", async () => {
    await node.stop();
    const status = await until(
      () => statusOf(host),
      (s) => s.health === "unhealthy",
      "outage reported",
    );
    assert.equal(status.synced, true, "sticky, as graph-node's");
    assert.equal(status.fatalError, null);
    assert.match(status.nonFatalErrors[0].message, new RegExp(`cannot reach the Ethereum node at ${node.url}`));
    const meta = await post(host.url, "{ _meta { block { number } hasIndexingErrors } }");
    assert.equal(meta.errors, undefined);
  });
});

describe("the CLI at start", { timeout: 240_000 }, () => {
  let node: HardhatNode;
  let subgraphDir: string;
  let chain: RegistryChain;

  before(async () => {
    ({ node, chain, subgraphDir } = await startRegistryFixture());
  });
  after(() => stopRegistryFixture(node, chain));

  async function run(args: string[]): Promise<{ code: number | null; stderr: string }> {
    const child = spawn(
      process.execPath,
      [path.join(repoRoot, "indexer/index.ts"), "--subgraph", subgraphDir, "--quiet", ...args],
      { cwd: repoRoot, stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr!.on("data", (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    return { code, stderr };
  }

  it("exits with the advice when the store is damaged", async () => {
    const data = tempDir("indexer-cli-damaged-");
    const file = path.join(data, "mosaic.sqlite");
    fs.writeFileSync(file, "not a database ".repeat(500));
    const ports = ["--port", String(await freePort()), "--status-port", String(await freePort())];
    const { code, stderr } = await run(["--rpc", node.url, "--data", data, ...ports]);
    assert.equal(code, 1);
    assert.match(stderr, new RegExp(`the store file ${file} is damaged .*delete ${file}`));
    assert.doesNotMatch(stderr, /\n\s+at /, "no stack trace");
  });

  it("exits naming the URL when --rpc is not an Ethereum node", async () => {
    // The Hardhat node's port serves JSON-RPC; an indexer's status port does not.
    const other = await startSubgraphHost({
      rpcUrl: node.url,
      subgraphDir,
      dataDir: tempDir("indexer-cli-other-"),
      host: "127.0.0.1",
      port: 0,
      statusPort: 0,
    });
    try {
      const notRpc = other.url;
      const ports = ["--port", String(await freePort()), "--status-port", String(await freePort())];
      const { code, stderr } = await run(["--rpc", notRpc, "--data", tempDir("indexer-cli-rpc-"), ...ports]);
      assert.equal(code, 1);
      assert.ok(stderr.includes(notRpc), stderr);
      assert.match(stderr, /Expected an Ethereum JSON-RPC node answering eth_chainId/);
      const bad = await run(["--rpc", "127.0.0.1:8545", "--data", tempDir("indexer-cli-rpc-"), ...ports]);
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /--rpc 127.0.0.1:8545 is not a URL; expected an Ethereum JSON-RPC URL/);
    } finally {
      await other.stop();
    }
  });
});
