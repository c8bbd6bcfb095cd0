/**
 * `npm run docs:pin [-- --ipfs URL] [--data-dir .data]`: adds every stored document to the IPFS node
 * (IPFS_RPC_URL or --ipfs) with the same CID, checking each answer against ours. Re-running is safe:
 * adding a block the node already has changes nothing. Reads the store the server uses: PostgreSQL
 * when DATABASE_URL is set, otherwise the embedded store in --data-dir (MOSAIC_DATA_DIR, `.data`).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { bytesMatchCid } from "@mosaic/sdk/documents";
import { createIpfsClient, type IpfsClient } from "../../web/server/ipfs/client.ts";
import { openPostgresStore } from "../../web/server/store/postgres.ts";
import type { ServerStore, StoredDocument } from "../../web/server/store/types.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface PinSummary {
  pinned: number;
  failed: { cid: string; error: string }[];
}

/** Pins every document of `documents` to `ipfs`; a failure is reported and the rest still go. */
export async function pinAll(
  documents: AsyncIterable<StoredDocument>,
  ipfs: IpfsClient,
  onProgress: (done: number) => void = () => {},
): Promise<PinSummary> {
  const summary: PinSummary = { pinned: 0, failed: [] };
  for await (const doc of documents) {
    try {
      if (!(await bytesMatchCid(doc.cid, doc.bytes)))
        throw new Error("its stored bytes do not match the CID (corrupted); not sent");
      await ipfs.add(doc.bytes, doc.cid);
      summary.pinned++;
    } catch (error) {
      summary.failed.push({ cid: doc.cid, error: (error as Error).message });
    }
    onProgress(summary.pinned + summary.failed.length);
  }
  return summary;
}

/** The store the web server is configured with. */
export async function openConfiguredStore(dataDir?: string): Promise<ServerStore> {
  if (process.env.DATABASE_URL) return await openPostgresStore(process.env.DATABASE_URL);
  const embedded = path.join(ROOT, "web", "server", "store", "embedded.ts");
  if (!existsSync(embedded)) throw new Error("No DATABASE_URL and no embedded store in this checkout.");
  const { openEmbeddedStore } = (await import(pathToFileURL(embedded).href)) as {
    openEmbeddedStore(dir: string): ServerStore | Promise<ServerStore>;
  };
  const dir = path.resolve(dataDir ?? process.env.MOSAIC_DATA_DIR ?? path.join(ROOT, ".data"));
  return await openEmbeddedStore(dir);
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { ipfs: { type: "string" }, "data-dir": { type: "string" } } });
  const url = values.ipfs ?? process.env.IPFS_RPC_URL;
  if (!url) {
    console.error("Which IPFS node? Set IPFS_RPC_URL (e.g. http://127.0.0.1:5001) or pass -- --ipfs URL.");
    process.exit(2);
  }
  const ipfs = createIpfsClient(url);
  let store: ServerStore;
  try {
    store = await openConfiguredStore(values["data-dir"]);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  try {
    const summary = await pinAll(store.documents.all(), ipfs, (done) => {
      if (process.stdout.isTTY) process.stdout.write(`\rPinning to ${ipfs.url}: ${done} documents`);
    });
    if (process.stdout.isTTY) process.stdout.write("\n");
    for (const failure of summary.failed) console.error(`  ${failure.cid}: ${failure.error}`);
    console.log(`Pinned ${summary.pinned} documents to ${ipfs.url}; ${summary.failed.length} failed.`);
    process.exitCode = summary.failed.length ? 1 : 0;
  } finally {
    await store.close();
  }
}
