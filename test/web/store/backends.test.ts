/**
 * The same store cases against every backend: the embedded store (one folder, the default) and
 * PostgreSQL (`DATABASE_URL`, a throwaway cluster per run).
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openPostgresStore } from "../../../web/server/store/postgres.ts";
import type { ServerStore } from "../../../web/server/store/types.ts";
import { describeStoreBehavior } from "./store.behavior.ts";
import { postgresUnavailable, startPostgresCluster } from "./support/postgres-cluster.ts";

const embeddedModule = fileURLToPath(new URL("../../../web/server/store/embedded.ts", import.meta.url));

describeStoreBehavior({
  name: "embedded",
  unavailable: () => (existsSync(embeddedModule) ? undefined : "web/server/store/embedded.ts is not on this branch"),
  async setUp() {
    const { openEmbeddedStore } = (await import(embeddedModule)) as {
      openEmbeddedStore(dir: string): Promise<ServerStore>;
    };
    const dir = mkdtempSync(path.join(tmpdir(), "mosaic-store-"));
    return {
      open: () => openEmbeddedStore(dir),
      tearDown: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
});

describeStoreBehavior({
  name: "PostgreSQL",
  // Skipped only where PostgreSQL is missing; CI installs it, so there a missing server is a failure.
  unavailable: () => (process.env.CI ? undefined : postgresUnavailable()),
  async setUp() {
    const cluster = await startPostgresCluster();
    try {
      const url = await cluster.createDatabase("mosaic_store_test");
      return { open: () => openPostgresStore(url), tearDown: () => cluster.stop() };
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  },
});
