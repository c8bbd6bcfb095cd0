/**
 * POST /api/documents with IPFS_RPC_URL set: after the store has the document, its exact stored
 * bytes go to the IPFS node (Kubo's /api/v0/add, stood in for here). A node that fails or answers
 * another CID is logged and the write still succeeds: the store is the source of truth.
 */
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, describe, it } from "node:test";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";

const node = {
  added: [] as Buffer[],
  mode: "ok" as "ok" | "fail" | "lie",
};
const server = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (req.method !== "POST" || !req.url?.startsWith("/api/v0/add?")) return res.writeHead(404).end();
  if (node.mode === "fail") return res.writeHead(500).end('{"Message":"node is out of disk"}');
  const form = await new Request("http://x", {
    method: "POST",
    body: Buffer.concat(chunks),
    headers: { "content-type": req.headers["content-type"] ?? "" },
  }).formData();
  const bytes = Buffer.from(await (form.get("file") as File).arrayBuffer());
  node.added.push(bytes);
  const cid = CID.createV1(raw.code, await sha256.digest(bytes)).toString();
  // A node set to another chunker or hash publishes the same bytes under another CID.
  const other = CID.createV1(raw.code, await sha256.digest(Buffer.concat([bytes, Buffer.from("\n")]))).toString();
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ Name: "document.json", Hash: node.mode === "lie" ? other : cid }) + "\n");
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
process.env.IPFS_RPC_URL = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
after(() => server.close());

// The route reads IPFS_RPC_URL when it is loaded, so the harness (which loads it) comes after.
const { getDocument, postDocument, signIn } = await import("./harness.ts");

async function write(text: string, cookie: string) {
  const response = await postDocument({ kind: "note", content: { text } }, cookie);
  assert.equal(response.status, 201, await response.clone().text());
  return ((await response.json()) as { cid: string }).cid;
}

describe("POST /api/documents with an IPFS node", () => {
  it("adds the stored bytes to the node, which answers the same CID", async () => {
    const cookie = await signIn();
    node.mode = "ok";
    node.added.length = 0;
    const cid = await write("pinned as it is stored", cookie);
    assert.equal(node.added.length, 1);
    const served = Buffer.from(await (await getDocument(cid)).arrayBuffer());
    assert.deepEqual(node.added[0], served);
  });

  it("still stores and answers 201 when the node fails, and logs why", async (t) => {
    const cookie = await signIn();
    const logged = t.mock.method(console, "error", () => {});
    node.mode = "fail";
    const cid = await write("the node is down", cookie);
    assert.equal((await getDocument(cid)).status, 200);
    assert.equal(logged.mock.callCount(), 1);
    assert.match(String(logged.mock.calls[0].arguments[0]), new RegExp(`IPFS pin of ${cid} failed: .*HTTP 500`));
  });

  it("logs a node that stores the document under another CID", async (t) => {
    const cookie = await signIn();
    const logged = t.mock.method(console, "error", () => {});
    node.mode = "lie";
    const cid = await write("hashed differently", cookie);
    assert.equal((await getDocument(cid)).status, 200);
    assert.equal(logged.mock.callCount(), 1);
    assert.match(String(logged.mock.calls[0].arguments[0]), /stored the document as bafk\w+, not bafk/);
  });
});
