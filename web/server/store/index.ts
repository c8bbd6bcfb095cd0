/**
 * The store this server instance uses: PostgreSQL when DATABASE_URL is set (any number of
 * instances share it), else the embedded store in the data folder (one instance).
 */
import path from "node:path";
import { serverConfig } from "../config.ts";
import { openEmbeddedStore } from "./embedded.ts";
import { openPostgresStore } from "./postgres.ts";
import type { ServerStore } from "./types.ts";

export type { ServerStore } from "./types.ts";

/** Opens the configured backend; used by the server and by scripts (docs:export). */
export async function openStore(options: { dataDir?: string } = {}): Promise<ServerStore> {
  const url = process.env.DATABASE_URL;
  if (url) return openPostgresStore(url);
  const dataDir =
    options.dataDir ?? process.env.MOSAIC_DATA_DIR ?? path.join(/*turbopackIgnore: true*/ process.cwd(), ".data");
  return openEmbeddedStore(path.resolve(/*turbopackIgnore: true*/ dataDir));
}

const globalKey = Symbol.for("mosaic.web.store");
type Holder = { [globalKey]?: Promise<ServerStore> };

/** The process-wide store, opened on first use (kept across hot reloads in development). */
export function getStore(): Promise<ServerStore> {
  const holder = globalThis as Holder;
  holder[globalKey] ??= openStore({ dataDir: serverConfig().dataDir }).catch((error: unknown) => {
    // A database that is down at the first request must not stay cached: the next request retries.
    delete holder[globalKey];
    throw error;
  });
  return holder[globalKey];
}
