/**
 * The IPFS RPC client and `docs:pin` against an in-process stand-in for Kubo's `/api/v0/add`, which
 * stores what it is sent and answers the CID the way Kubo does for the requested settings.
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { after, before, describe, it } from "node:test";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";
import { pinAll } from "../../../scripts/docs/pin.ts";
import { createIpfsClient, IpfsCidMismatchError, IpfsError } from "../../../web/server/ipfs/client.ts";
import { makeDocument } from "../store/store.behavior.ts";

interface FakeNode {
  url: string;
  blocks: Map<string, Buffer>;
  requests: { query: URLSearchParams; authorization?: string }[];
  /** Answer this CID instead of the right one (a misconfigured node). */
  lie?: string;
  fail?: number;
  server: Server;
}

async function startFakeNode(): Promise<FakeNode> {
  const node = { blocks: new Map(), requests: [] } as unknown as FakeNode;
  node.server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    node.requests.push({ query: url.searchParams, authorization: req.headers.authorization });
    if (url.pathname !== "/api/v0/add" || req.method !== "POST") return res.writeHead(404).end("not found");
    if (node.fail) return res.writeHead(node.fail).end('{"Message":"node is out of disk"}');
    const form = await new Request("http://x", {
      method: "POST",
      body: Buffer.concat(chunks),
      headers: { "content-type": req.headers["content-type"] ?? "" },
    }).formData();
    const file = form.get("file") as File;
    const bytes = new Uint8Array(await file.arrayBuffer());
    const q = url.searchParams;
    // Kubo gives a single-block file with raw leaves and CIDv1 the raw codec's CID.
    const settingsOk =
      q.get("cid-version") === "1" &&
      q.get("raw-leaves") === "true" &&
      q.get("hash") === "sha2-256" &&
      bytes.length <= 1_048_576;
    const cid = settingsOk ? CID.create(1, raw.code, await sha256.digest(bytes)).toString() : "QmWrongSettings";
    node.blocks.set(cid, Buffer.from(bytes));
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ Name: file.name, Hash: node.lie ?? cid, Size: String(bytes.length) }) + "\n");
  });
  await new Promise<void>((resolve) => node.server.listen(0, "127.0.0.1", resolve));
  const { port } = node.server.address() as { port: number };
  node.url = `http://127.0.0.1:${port}`;
  return node;
}

describe("IPFS RPC client", () => {
  let node: FakeNode;
  before(async () => (node = await startFakeNode()));
  after(() => node.server.close());

  it("adds a document as one raw block under the server's CID", async () => {
    const doc = await makeDocument({ title: "Brand kit", milestones: 3 });
    await createIpfsClient(node.url).add(doc.bytes, doc.cid);
    assert.deepEqual(node.blocks.get(doc.cid), Buffer.from(doc.bytes));
    const query = node.requests.at(-1)!.query;
    assert.equal(query.get("pin"), "true");
  });

  it("accepts the node's answer in another multibase for the same CID", async () => {
    const doc = await makeDocument({ other: "base" });
    node.lie = CID.parse(doc.cid).toString((await import("multiformats/bases/base58")).base58btc);
    try {
      await createIpfsClient(node.url).add(doc.bytes, doc.cid);
    } finally {
      node.lie = undefined;
    }
  });

  it("rejects a node that stores the document under another CID", async () => {
    const doc = await makeDocument({ title: "mismatch" });
    const other = await makeDocument({ title: "something else" });
    node.lie = other.cid;
    try {
      await assert.rejects(createIpfsClient(node.url).add(doc.bytes, doc.cid), (error: unknown) => {
        assert.ok(error instanceof IpfsCidMismatchError);
        assert.equal(error.expected, doc.cid);
        assert.equal(error.actual, other.cid);
        return true;
      });
    } finally {
      node.lie = undefined;
    }
  });

  it("says which node failed and how", async () => {
    const doc = await makeDocument({ title: "refused" });
    node.fail = 500;
    try {
      await assert.rejects(createIpfsClient(node.url).add(doc.bytes, doc.cid), (error: unknown) => {
        assert.ok(error instanceof IpfsError);
        assert.match(error.message, /HTTP 500.*out of disk/);
        return true;
      });
    } finally {
      node.fail = undefined;
    }
    await assert.rejects(createIpfsClient("http://127.0.0.1:9").add(doc.bytes, doc.cid), /did not answer/);
  });

  it("sends credentials from the URL as basic authentication, never in the URL", async () => {
    const doc = await makeDocument({ title: "private" });
    const client = createIpfsClient(node.url.replace("http://", "http://project:s3cret@"));
    await client.add(doc.bytes, doc.cid);
    assert.equal(node.requests.at(-1)!.authorization, `Basic ${Buffer.from("project:s3cret").toString("base64")}`);
    assert.ok(!client.url.includes("s3cret"));
  });
});

describe("docs:pin", () => {
  let node: FakeNode;
  before(async () => (node = await startFakeNode()));
  after(() => node.server.close());

  it("pushes every stored document and reports the ones that fail", async () => {
    const good = [await makeDocument({ n: 1 }), await makeDocument({ n: 2 }), await makeDocument({ n: 3 })];
    const corrupted = { ...(await makeDocument({ n: 4 })), bytes: new TextEncoder().encode('{"n":5}') };
    async function* documents() {
      yield* [good[0], corrupted, good[1], good[2]];
    }
    const seen: number[] = [];
    const summary = await pinAll(documents(), createIpfsClient(node.url), (done) => seen.push(done));
    assert.equal(summary.pinned, 3);
    assert.deepEqual(
      summary.failed.map((f) => f.cid),
      [corrupted.cid],
    );
    assert.match(summary.failed[0].error, /do not match the CID/);
    for (const doc of good) assert.deepEqual(node.blocks.get(doc.cid), Buffer.from(doc.bytes));
    assert.deepEqual(seen, [1, 2, 3, 4]);
  });
});
