/**
 * Puts the seed's off-chain documents (`--docs-out`: `{ cid: document }`) into the web app's
 * document store, so the dApp serves them and shows them as verified. Each document's author and
 * subject come from the index (who posted the job, which vendor registered the profile, ...),
 * and its bytes are checked against its CID before they are stored.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { cidOf, documentBytes } from "@mosaic/sdk/documents";
import { ROOT } from "./processes.ts";
import { graphql } from "./probes.ts";

type Kind = "job-spec" | "vendor-profile" | "deliverable" | "note" | "evidence";

/** The seed's `kind` field → the web store's document kind. */
const KINDS: Record<string, Kind> = {
  "mosaic.job-spec/v1": "job-spec",
  "mosaic.vendor-profile/v1": "vendor-profile",
  "mosaic.deliverable/v1": "deliverable",
  "mosaic.review-note/v1": "note",
  "mosaic.evidence/v1": "evidence",
  "mosaic.timesheet/v1": "note",
};

interface Provenance {
  author: string;
  subject: string | null;
}

interface EmbeddedStoreModule {
  openEmbeddedStore(dir: string): {
    documents: {
      get(cid: string): Promise<unknown>;
      put(doc: {
        cid: string;
        kind: Kind;
        bytes: Uint8Array;
        author: string;
        subject: string | null;
        createdAt: number;
      }): Promise<void>;
    };
    close(): Promise<void>;
  };
}

const STORE_MODULE = path.join(ROOT, "web", "server", "store", "embedded.ts");

export interface ImportResult {
  /** Documents stored now (the others were there already: same CID, same bytes). */
  added: number;
  /** Seed kinds this importer does not know, left out (a newer seed than this script). */
  unknownKinds: string[];
}

/** Stores every document of `file` in the embedded store in `webDataDir`. */
export async function importSeedDocuments(
  file: string,
  webDataDir: string,
  graphqlUrl: string,
  chainId: number,
): Promise<ImportResult> {
  const unknownKinds = new Set<string>();
  if (!existsSync(STORE_MODULE)) return { added: 0, unknownKinds: [] }; // no web app in this checkout
  const documents = JSON.parse(readFileSync(file, "utf8")) as Record<string, { kind?: string }>;
  const provenance = await provenanceFromIndex(graphqlUrl, chainId);
  quietSqliteWarning();
  const { openEmbeddedStore } = (await import(pathToFileURL(STORE_MODULE).href)) as EmbeddedStoreModule;
  const store = openEmbeddedStore(webDataDir);
  let added = 0;
  try {
    for (const [cid, content] of Object.entries(documents)) {
      const kind = KINDS[content.kind ?? ""];
      if (!kind) {
        unknownKinds.add(String(content.kind));
        continue;
      }
      // The seed addressed JSON.stringify(document): the same bytes, or the CID would not match.
      const bytes = documentBytes(content);
      const computed = (await cidOf(bytes)).toString();
      if (computed !== cid) throw new Error(`${file}: document ${cid} serialises to ${computed}`);
      if (await store.documents.get(cid)) continue;
      const origin = provenance.get(cid);
      await store.documents.put({
        cid,
        kind,
        bytes,
        // Referenced on chain by nobody (a seed run that was interrupted): credited to no one.
        author: origin?.author ?? "0x0000000000000000000000000000000000000000",
        subject: origin?.subject ?? null,
        createdAt: Date.now(),
      });
      added++;
    }
  } finally {
    await store.close();
  }
  return { added, unknownKinds: [...unknownKinds] };
}

/** Who wrote each document referenced on chain, and what it is about, from the index. */
async function provenanceFromIndex(url: string, chainId: number): Promise<Map<string, Provenance>> {
  const out = new Map<string, Provenance>();
  const job = (id: string) => `job:${chainId}:${id}`;
  for (const v of await all<{ id: string; metadataCid: string }>(url, "vendors", "metadataCid")) {
    out.set(v.metadataCid, { author: v.id.toLowerCase(), subject: `vendor:${v.id.toLowerCase()}` });
  }
  for (const j of await all<{ id: string; specCid: string; client: { id: string } }>(
    url,
    "jobs",
    "id specCid client { id }",
  )) {
    out.set(j.specCid, { author: j.client.id.toLowerCase(), subject: job(j.id) });
  }
  for (const s of await all<{ deliverableCid: string; job: { id: string; vendor: { id: string } | null } }>(
    url,
    "submissions",
    "deliverableCid job { id vendor { id } }",
  )) {
    out.set(s.deliverableCid, { author: (s.job.vendor?.id ?? "").toLowerCase(), subject: job(s.job.id) });
  }
  for (const c of await all<{ noteCid: string; job: { id: string; client: { id: string } } }>(
    url,
    "changeRequests",
    "noteCid job { id client { id } }",
  )) {
    out.set(c.noteCid, { author: c.job.client.id.toLowerCase(), subject: job(c.job.id) });
  }
  // Dispute evidence (ERC-1497) is indexed only by subgraphs that have the Evidence entity.
  const evidence = await all<{ evidenceCid: string; party: string; job: { id: string } }>(
    url,
    "evidences",
    "evidenceCid party job { id }",
  ).catch(() => []);
  for (const e of evidence) {
    out.set(e.evidenceCid, { author: e.party.toLowerCase(), subject: job(e.job.id) });
  }
  return out;
}

/** Every entity of a collection, paged by id (the index returns at most 1,000 per query). */
async function all<T extends object>(url: string, collection: string, fields: string): Promise<T[]> {
  const rows: T[] = [];
  let after = "";
  for (;;) {
    const where = after ? `, where: { id_gt: ${JSON.stringify(after)} }` : "";
    const data = await graphql<Record<string, (T & { id: string })[]>>(
      url,
      `{ ${collection}(first: 1000, orderBy: id${where}) { id ${fields} } }`,
    );
    const page = data[collection];
    rows.push(...page);
    if (page.length < 1000) return rows;
    after = page[page.length - 1].id;
  }
}

/** node:sqlite prints an experimental-feature warning on first load; it says nothing useful here. */
let quieted = false;
function quietSqliteWarning(): void {
  if (quieted) return;
  quieted = true;
  const emit = process.emitWarning.bind(process);
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (String(warning).includes("SQLite is an experimental feature")) return;
    (emit as (...args: unknown[]) => void)(warning, ...rest);
  }) as typeof process.emitWarning;
}
