/**
 * The store this server instance uses. Only the embedded store exists so far; a PostgreSQL store
 * (selected by DATABASE_URL) plugs in here behind the same ServerStore interface.
 */
import { serverConfig } from "../config";
import { openEmbeddedStore } from "./embedded";
import type { ServerStore } from "./types";

export type { ServerStore } from "./types";

const globalKey = Symbol.for("mosaic.web.store");
type Holder = { [globalKey]?: ServerStore };

/** The process-wide store, opened on first use (kept across hot reloads in development). */
export function getStore(): ServerStore {
  const holder = globalThis as Holder;
  holder[globalKey] ??= openEmbeddedStore(serverConfig().dataDir);
  return holder[globalKey];
}
