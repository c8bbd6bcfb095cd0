/**
 * `npm run docs:export -- --out docs.car [--data-dir .data]`: writes every stored document into a
 * CAR file (CARv1) that any IPFS node imports with the same CIDs (`ipfs dag import docs.car`).
 * Each record is checked against its CID first; a corrupted one stops the export.
 */
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { parseArgs } from "node:util";
import { CarWriter } from "@ipld/car/writer";
import { CID } from "multiformats/cid";
import { bytesMatchCid } from "@mosaic/sdk/documents";
import { openStore } from "../../web/server/store/index.ts";

export async function exportCar(outFile: string, dataDir?: string): Promise<{ count: number; bytes: number }> {
  const store = await openStore({ dataDir });
  const blocks: { cid: CID; bytes: Uint8Array }[] = [];
  try {
    for await (const doc of store.documents.all()) {
      const cid = CID.parse(doc.cid);
      if (!(await bytesMatchCid(cid, doc.bytes))) {
        throw new Error(`document ${doc.cid} is corrupted (its bytes do not match the CID); nothing exported`);
      }
      blocks.push({ cid, bytes: doc.bytes });
    }
  } finally {
    await store.close();
  }
  // Every document is a root: they are independent raw blocks, not one DAG.
  const { writer, out } = CarWriter.create(blocks.map((b) => b.cid));
  const file = createWriteStream(outFile);
  const piping = (async () => {
    for await (const chunk of out) if (!file.write(chunk)) await once(file, "drain");
    file.end();
    await once(file, "finish");
  })();
  let bytes = 0;
  for (const block of blocks) {
    await writer.put(block);
    bytes += block.bytes.byteLength;
  }
  await writer.close();
  await piping;
  return { count: blocks.length, bytes };
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { out: { type: "string" }, "data-dir": { type: "string" } } });
  if (!values.out) {
    console.error("Usage: npm run docs:export -- --out docs.car [--data-dir .data]");
    process.exit(2);
  }
  try {
    const { count, bytes } = await exportCar(values.out, values["data-dir"]);
    console.log(`Wrote ${count} documents (${bytes} bytes of content) to ${values.out}`);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
