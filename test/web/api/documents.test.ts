import assert from "node:assert/strict";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { after, describe, it } from "node:test";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";
import { createServer } from "node:http";

// A stand-in index answering the one query quote listing makes: job 7's client is Alice.
const ALICE = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
const index = createServer((_req, res) => {
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify({ data: { job: { client: { id: ALICE } } } }));
});
await new Promise<void>((resolve) => index.listen(0, "127.0.0.1", resolve));
process.env.MOSAIC_SUBGRAPH_URL = `http://127.0.0.1:${(index.address() as { port: number }).port}/`;
after(() => index.close());

const { DATA_DIR, CHAIN_ID, alice, bob, carol, documentsRoute, getDocument, postDocument, request, signIn } =
  await import("./harness.ts");
import { EMBEDDED_STORE_FILE } from "../../../web/server/store/embedded.ts";
import { escrowDomain, QUOTE_TYPES } from "@mosaic/sdk/typed-data";

const ESCROW = "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0" as const;
const spec = { title: "Audit a vault", description: "Review the ERC-4626 vault.", skills: ["solidity"] };

async function cidFor(bytes: Uint8Array) {
  return CID.createV1(raw.code, await sha256.digest(bytes)).toString();
}

describe("POST /api/documents", () => {
  it("stores a job spec and answers its CIDv1 (raw, sha-256)", async () => {
    const cookie = await signIn();
    const response = await postDocument({ kind: "job-spec", content: spec }, cookie);
    assert.equal(response.status, 201);
    const { cid } = (await response.json()) as { cid: string };
    assert.match(cid, /^bafk/);
    assert.equal(cid, await cidFor(new TextEncoder().encode(JSON.stringify(spec))));
    // Content addressing: the same content gives the same CID.
    const again = await postDocument({ kind: "job-spec", content: spec }, cookie);
    assert.equal(((await again.json()) as { cid: string }).cid, cid);
  });

  it("refuses a write without a session", async () => {
    const response = await postDocument({ kind: "job-spec", content: spec });
    assert.equal(response.status, 401);
    assert.match(((await response.json()) as { error: string }).error, /not signed in/);
  });

  it("refuses a body over 256 KiB with 413", async () => {
    const cookie = await signIn();
    const big = { kind: "note", content: { text: "x".repeat(256 * 1024) } };
    const response = await postDocument(big, cookie);
    assert.equal(response.status, 413);
    assert.match(((await response.json()) as { error: string }).error, /too large/);
  });

  it("refuses content that does not fit its kind's schema, saying which field", async () => {
    const cookie = await signIn();
    const missing = await postDocument({ kind: "job-spec", content: { description: "no title" } }, cookie);
    assert.equal(missing.status, 400);
    assert.match(((await missing.json()) as { error: string }).error, /content\.title is required/);
    const wrongType = await postDocument(
      { kind: "deliverable", content: { jobId: 3, index: 0, summary: "x" } },
      cookie,
    );
    assert.equal(wrongType.status, 400);
    assert.match(((await wrongType.json()) as { error: string }).error, /content\.jobId/);
    const unknownKind = await postDocument({ kind: "poem", content: {} }, cookie);
    assert.equal(unknownKind.status, 400);
    assert.match(((await unknownKind.json()) as { error: string }).error, /kind must be one of/);
    const notJson = await postDocument("{not json", cookie);
    assert.equal(notJson.status, 400);
  });

  it("stores a vendor's signed quote under the job and lists it for the client", async () => {
    const quote = { jobId: 7n, vendor: bob.address, price: 1_000_000n, nonce: 0n, expiresAt: 4_000_000_000n };
    const signature = await bob.signTypedData({
      domain: escrowDomain(CHAIN_ID, ESCROW) as {
        name: string;
        version: string;
        chainId: number;
        verifyingContract: `0x${string}`;
      },
      types: QUOTE_TYPES,
      primaryType: "Quote",
      message: quote,
    });
    const content = {
      chainId: CHAIN_ID,
      escrow: ESCROW,
      jobId: "7",
      vendor: bob.address,
      price: "1000000",
      nonce: "0",
      expiresAt: 4_000_000_000,
      signature,
    };
    // Only the signing vendor may store it.
    const byAlice = await postDocument({ kind: "quote", content }, await signIn(alice));
    assert.equal(byAlice.status, 400);
    const response = await postDocument({ kind: "quote", content }, await signIn(bob));
    assert.equal(response.status, 201);
    const { cid } = (await response.json()) as { cid: string };
    // A forged signature is refused.
    const forged = await postDocument({ kind: "quote", content: { ...content, price: "2000000" } }, await signIn(bob));
    assert.equal(forged.status, 400);
    assert.match(((await forged.json()) as { error: string }).error, /signature/);

    const list = async (cookie?: string) => {
      const response: Response = await documentsRoute.GET(
        request(`/api/documents?kind=quote&subject=job:${CHAIN_ID}:7`, { cookie }),
      );
      return {
        status: response.status,
        body: (await response.json()) as { documents?: { cid: string; author: string; content: unknown }[] },
      };
    };
    // The job's client sees every quote, with its content.
    const forClient = await list(await signIn(alice));
    assert.equal(forClient.status, 200);
    assert.deepEqual(
      forClient.body.documents!.map((d) => d.cid),
      [cid],
    );
    assert.equal(forClient.body.documents![0].author, bob.address.toLowerCase());
    assert.deepEqual(forClient.body.documents![0].content, content);
    // The vendor sees its own; another account none; nobody without a session.
    assert.equal((await list(await signIn(bob))).body.documents!.length, 1);
    assert.equal((await list(await signIn(carol))).body.documents!.length, 0);
    assert.equal((await list()).status, 401);
  });
});

describe("GET /api/documents/<cid>", () => {
  it("serves the exact stored bytes as immutable JSON", async () => {
    const cookie = await signIn();
    const content = { text: "Please add tests for the edge cases.", jobId: "1", index: 0 };
    const { cid } = (await (await postDocument({ kind: "note", content }, cookie)).json()) as { cid: string };
    const response = await getDocument(cid);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "application/json");
    assert.match(response.headers.get("cache-control") ?? "", /immutable/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    assert.equal(await cidFor(bytes), cid);
    assert.deepEqual(JSON.parse(new TextDecoder().decode(bytes)), content);
  });

  it("answers 404 for a well-formed CID it does not hold", async () => {
    const unknown = await cidFor(new TextEncoder().encode("never stored"));
    const response = await getDocument(unknown);
    assert.equal(response.status, 404);
  });

  it("answers 400 for a malformed CID", async () => {
    for (const bad of ["not-a-cid", "bafkreiXYZ", "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG"]) {
      const response = await getDocument(bad);
      assert.equal(response.status, 400, bad);
      assert.match(((await response.json()) as { error: string }).error, /malformed CID/);
    }
  });

  it("refuses to serve a record corrupted on disk", async () => {
    const cookie = await signIn();
    const content = { text: "original words" };
    const { cid } = (await (await postDocument({ kind: "note", content }, cookie)).json()) as { cid: string };
    const db = new DatabaseSync(path.join(DATA_DIR, EMBEDDED_STORE_FILE));
    db.prepare("UPDATE documents SET bytes = ? WHERE cid = ?").run(
      new TextEncoder().encode(JSON.stringify({ text: "altered words" })),
      cid,
    );
    db.close();
    const response = await getDocument(cid);
    assert.equal(response.status, 500);
    const body = await response.text();
    assert.match(body, /corrupted/);
    assert.doesNotMatch(body, /altered words/);
  });
});
