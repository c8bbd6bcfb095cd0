/**
 * The store this server instance uses. Only the embedded store exists so far; a PostgreSQL store
 * (selected by DATABASE_URL) plugs in here behind the same ServerStore interface.
 */
import path from "node:path";
import { serverConfig } from "../config.ts";
import { openEmbeddedStore } from "./embedded.ts";
import type { ServerStore } from "./types.ts";

export type { ServerStore } from "./types.ts";

/** Opens the configured backend; used by the server and by scripts (docs:export). */
export function openStore(options: { dataDir?: string } = {}): ServerStore {
  const dataDir =
    options.dataDir ?? process.env.MOSAIC_DATA_DIR ?? path.join(/*turbopackIgnore: true*/ process.cwd(), ".data");
  return openEmbeddedStore(path.resolve(/*turbopackIgnore: true*/ dataDir));
}

const globalKey = Symbol.for("mosaic.web.store");
type Holder = { [globalKey]?: ServerStore };

/** The process-wide store, opened on first use (kept across hot reloads in development). */
export function getStore(): ServerStore {
  const holder = globalThis as Holder;
  holder[globalKey] ??= openStore({ dataDir: serverConfig().dataDir });
  return holder[globalKey];
}
