/**
 * `npm run docs:export -- --out F.car` read back by an in-process IPFS implementation (Helia, memory
 * blockstore, never started: no network): every stored document comes back by its CID, bytes identical.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { car } from "@helia/car";
import { CarReader } from "@ipld/car";
import { MemoryBlockstore } from "blockstore-core";
import { createHelia } from "helia";
import { CID } from "multiformats/cid";
import type { ServerStore, StoredDocument } from "../../../web/server/store/types.ts";
import { makeDocument } from "../store/store.behavior.ts";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const EXPORT_SCRIPT = path.join(ROOT, "scripts", "docs", "export-car.ts");
const EMBEDDED = path.join(ROOT, "web", "server", "store", "embedded.ts");
const missing = [EXPORT_SCRIPT, EMBEDDED].find((file) => !existsSync(file));

async function toBytes(value: Uint8Array | AsyncIterable<Uint8Array>): Promise<Buffer> {
  if (value instanceof Uint8Array) return Buffer.from(value);
  const parts: Uint8Array[] = [];
  for await (const part of value) parts.push(part);
  return Buffer.concat(parts);
}

describe(
  "the CAR export in an IPFS implementation",
  { skip: missing && `${path.relative(ROOT, missing)} is not on this branch` },
  () => {
    let dir: string;
    const documents: StoredDocument[] = [];

    before(async () => {
      dir = mkdtempSync(path.join(tmpdir(), "mosaic-car-"));
      const { openEmbeddedStore } = (await import(pathToFileURL(EMBEDDED).href)) as {
        openEmbeddedStore(dir: string): ServerStore | Promise<ServerStore>;
      };
      const store = await openEmbeddedStore(path.join(dir, "data"));
      const kinds = ["job-spec", "vendor-profile", "deliverable", "quote", "evidence", "note"] as const;
      for (let i = 0; i < 24; i++) {
        const doc = await makeDocument(
          { n: i, text: "é ✓ ".repeat(i * 50), nested: { list: Array.from({ length: i }, (_, j) => j) } },
          { kind: kinds[i % kinds.length], subject: `job:84532:${i % 5}` },
        );
        await store.documents.put(doc);
        documents.push(doc);
      }
      await store.close();
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it("gives back every document by its CID, bytes identical", async () => {
      const carFile = path.join(dir, "docs.car");
      const result = spawnSync(
        process.execPath,
        [EXPORT_SCRIPT, "--out", carFile, "--data-dir", path.join(dir, "data")],
        {
          cwd: ROOT,
          encoding: "utf8",
        },
      );
      assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);

      const helia = await createHelia({ blockstore: new MemoryBlockstore(), start: false });
      try {
        const reader = await CarReader.fromBytes(readFileSync(carFile));
        const roots = (await reader.getRoots()).map((cid) => cid.toString()).sort();
        assert.deepEqual(roots, documents.map((doc) => doc.cid).sort());
        await car(helia).import(reader);
        for (const doc of documents) {
          const cid = CID.parse(doc.cid);
          assert.ok(await helia.blockstore.has(cid), `${doc.cid} is in the blockstore`);
          const bytes = await toBytes(await helia.blockstore.get(cid, { offline: true }));
          assert.deepEqual(bytes, Buffer.from(doc.bytes), `${doc.cid} comes back identical`);
        }
      } finally {
        await helia.stop();
      }
    });
  },
);
