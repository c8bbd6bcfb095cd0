// Faults the indexer must report rather than suffer silently (problem 6) and the synchronous
// RPC bridge (problem 7): a damaged store, a wrong --rpc, replies matched by id.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { EntityStore, StoreDamagedError } from "../../indexer/src/store/entity-store.ts";
import { parseSubgraphSchema } from "../../indexer/src/schema/subgraph-schema.ts";
import { probeRpc, RpcConfigError } from "../../indexer/src/subgraph-host.ts";
import { SyncRpc } from "../../indexer/src/chain/sync-rpc.ts";
import { JsonRpc } from "../../indexer/src/chain/json-rpc.ts";
import net from "node:net";
import { FIXTURE_SCHEMA, account, block, changes } from "./helpers/fixture-store.ts";
import { freePort } from "./helpers/hardhat-node.ts";
import { tempDir } from "./helpers/fixture-subgraph.ts";

const schema = parseSubgraphSchema(FIXTURE_SCHEMA);

function storeWithData(file: string): void {
  const store = new EntityStore(file, schema, "build");
  for (let n = 1; n <= 20; n++) {
    const entries: [string, string, ReturnType<typeof account>][] = [];
    for (let i = 0; i < 50; i++) {
      const id = "0x" + (n * 1000 + i).toString(16).padStart(40, "0");
      entries.push(["Account", id, account(id, `account ${n} ${i} ${"x".repeat(200)}`, BigInt(i))]);
    }
    store.commitBlock(block(n), changes(entries));
  }
  store.db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  store.close();
}

describe("a damaged store", () => {
  it("is refused at start with the files to delete, when its pages are damaged", () => {
    const file = path.join(tempDir("indexer-damaged-"), "mosaic.sqlite");
    storeWithData(file);
    const bytes = fs.readFileSync(file);
    // Overwrite the middle of the file (B-tree pages), leaving the header intact.
    const from = Math.floor(bytes.length / 3);
    for (let i = from; i < from + 16 * 4096 && i < bytes.length; i++) bytes[i] = (i * 7) & 0xff;
    fs.writeFileSync(file, bytes);
    assert.throws(
      () => new EntityStore(file, schema, "build", { check: true }),
      (error: Error) =>
        error instanceof StoreDamagedError &&
        error.message.includes(`delete ${file}`) &&
        /damaged/.test(error.message) &&
        /re-indexes/.test(error.message),
    );
  });

  it("is refused at start when the file is not a store at all", () => {
    const file = path.join(tempDir("indexer-notdb-"), "mosaic.sqlite");
    fs.writeFileSync(file, "this is not an SQLite database, but it is long enough to have a header".repeat(100));
    assert.throws(
      () => new EntityStore(file, schema, "build", { check: true }),
      (error: Error) => error instanceof StoreDamagedError && error.message.includes(`delete ${file}`),
    );
  });
});

/** An HTTP server in another process (this thread blocks in the RPC bridge while it waits). */
async function fakeServer(script: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      "-e",
      `const http = require("node:http");
       const handle = ${script};
       http.createServer((req, res) => { let b = ""; req.on("data", (d) => (b += d)); req.on("end", () => handle(req, res, b)); })
         .listen(${port}, "127.0.0.1", () => console.log("ready"));`,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise<void>((resolve) => child.stdout!.once("data", () => resolve()));
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

describe("a wrong --rpc", () => {
  const servers: { stop: () => Promise<void> }[] = [];
  after(async () => {
    for (const s of servers) await s.stop();
  });

  it("is refused at start when it is not a URL", async () => {
    await assert.rejects(
      probeRpc("localhost:8545", () => {}),
      (e: Error) => {
        return e instanceof RpcConfigError && /--rpc localhost:8545 is not an http\(s\) URL/.test(e.message);
      },
    );
    await assert.rejects(
      probeRpc("not a url", () => {}),
      /--rpc not a url is not a URL; expected an Ethereum JSON-RPC URL/,
    );
  });

  it("is refused at start when a web server that is not a node answers, naming the URL and what was expected", async () => {
    const page = await fakeServer(
      `(req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<html>hello</html>")`,
    );
    const json = await fakeServer(
      `(req, res) => res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}')`,
    );
    const missing = await fakeServer(`(req, res) => res.writeHead(404).end("not found")`);
    servers.push(page, json, missing);
    for (const url of [page.url, json.url, missing.url]) {
      await assert.rejects(
        probeRpc(url, () => {}),
        (e: Error) => {
          assert.ok(e instanceof RpcConfigError, e.message);
          assert.ok(e.message.includes(url), e.message);
          assert.match(e.message, /Expected an Ethereum JSON-RPC node answering eth_chainId/);
          return true;
        },
      );
    }
  });

  it("is refused at start, not waited for, when https:// meets a plain-HTTP node, or the port speaks no HTTP", async () => {
    const node = await fakeServer(
      `(req, res, body) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ jsonrpc: "2.0", id: JSON.parse(body).id, result: "0x7a69" }))`,
    );
    servers.push(node);
    const https = node.url.replace("http:", "https:");
    await assert.rejects(
      probeRpc(https, () => {}),
      (e: Error) => {
        assert.ok(e instanceof RpcConfigError, e.message);
        assert.match(e.message, new RegExp(`TLS connection to ${https} failed .*use ${node.url}`));
        return true;
      },
    );
    await probeRpc(node.url, () => {}); // the same node over http:// is fine

    const other = net.createServer((socket) => socket.end("SSH-2.0-OpenSSH_9.6\r\n")).listen(0, "127.0.0.1");
    await new Promise((resolve) => other.once("listening", resolve));
    const url = `http://127.0.0.1:${(other.address() as net.AddressInfo).port}`;
    try {
      await assert.rejects(
        probeRpc(url, () => {}),
        (e: Error) => {
          assert.ok(e instanceof RpcConfigError, e.message);
          assert.match(e.message, /answered something other than HTTP/);
          return true;
        },
      );
    } finally {
      other.close();
    }
    await assert.rejects(
      probeRpc("http://127.0.0.1:1", () => {}),
      /refuses to connect to this port/,
    );
    await assert.rejects(
      probeRpc("http://127.0.0.1:0", () => {}),
      /has port 0/,
    );
  });

  it("ends a request to a hung node when the client is closed (a shutdown does not wait for its timeout)", async () => {
    const hung = await fakeServer(`() => {}`);
    servers.push(hung);
    const rpc = new JsonRpc(hung.url, 600_000);
    const pending = rpc.request("eth_blockNumber");
    await new Promise((resolve) => setTimeout(resolve, 100));
    rpc.close();
    await assert.rejects(pending, /the connection to .* was closed/);
  });

  it("is reported at start when nothing listens, and waited for", async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const logs: string[] = [];
    await probeRpc(url, (level, message) => logs.push(`${level}: ${message}`));
    assert.equal(logs.length, 1);
    assert.match(
      logs[0],
      new RegExp(`warning: cannot reach the Ethereum node at ${url}.*expected an Ethereum JSON-RPC node`),
    );
  });
});

describe("the synchronous RPC bridge", () => {
  let server: { url: string; stop: () => Promise<void> };
  before(async () => {
    // eth_getCode answers with the address asked about; a call for "0x…dead" is held until the
    // next call comes, then answered just before it (a late reply to a call already given up).
    server = await fakeServer(`(() => {
      let held = null;
      return (req, res, body) => {
        const call = JSON.parse(body);
        const reply = (r, c) => { try { r.writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ jsonrpc: "2.0", id: c.id, result: c.params[0] })); } catch {} };
        if (call.params[0].endsWith("dead")) { held = () => reply(res, call); return; }
        if (held) { held(); held = null; setTimeout(() => reply(res, call), 50); } else reply(res, call);
      };
    })()`);
  });
  after(() => server.stop());

  it("gives each call its own reply after a call timed out", () => {
    const bridge = new SyncRpc(server.url, { timeoutMs: 3000 });
    try {
      const slow = "0x000000000000000000000000000000000000dead";
      const fast = "0x000000000000000000000000000000000000beef";
      assert.throws(() => bridge.getCode(slow, 1), /eth_getCode: no answer from .* within 3 s/);
      assert.equal(bridge.getCode(fast, 1), fast);
      assert.equal(bridge.getCode(fast, 2), fast);
    } finally {
      void bridge.close();
    }
  });
});
