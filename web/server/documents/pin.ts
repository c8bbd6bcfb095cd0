/** Adding stored documents to the IPFS node (IPFS_RPC_URL), when one is configured. */
import { ipfsClientFromEnv } from "../ipfs/client.ts";

/** The IPFS node documents are also added to, or null; the store stays the source of truth. */
const ipfs = ipfsClientFromEnv();

/** Adds `bytes` to IPFS (checking the node's CID equals `cid`); a failure is logged, never thrown. */
export async function pinQuietly(bytes: Uint8Array, cid: string): Promise<void> {
  if (!ipfs) return;
  try {
    await ipfs.add(bytes, cid);
  } catch (error) {
    // Stored and served by this app all the same; `npm run docs:pin` adds it later.
    console.error(`IPFS pin of ${cid} failed: ${(error as Error).message}`);
  }
}
