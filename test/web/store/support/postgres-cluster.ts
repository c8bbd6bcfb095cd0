/**
 * A throwaway PostgreSQL cluster for tests: Debian's server binaries (`apt-get install postgresql`),
 * a fresh data directory in a temp folder, a free port on 127.0.0.1, trust authentication, no fsync.
 * Stopped and deleted by `stop()`. As root (CI), the server runs as the `postgres` user, since
 * PostgreSQL refuses to run as root.
 */
import { execFileSync, spawnSync, type SpawnSyncOptions } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export interface PostgresCluster {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  url: string;
  /** A new empty database on this cluster, and its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

/** The newest installed server's bin folder, or undefined when PostgreSQL is not installed. */
export function findPostgresBin(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], "bin") : undefined;
}

/** Why the PostgreSQL cases cannot run here, or undefined when they can. */
export function postgresUnavailable(): string | undefined {
  if (findPostgresBin()) return undefined;
  return "PostgreSQL is not installed (apt-get install -y postgresql; .ci/run does it)";
}

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = findPostgresBin();
  if (!bin) throw new Error(postgresUnavailable());
  const dir = mkdtempSync(path.join(tmpdir(), "mosaic-pg-"));
  const dataDir = path.join(dir, "data");
  const runAs: SpawnSyncOptions = {};
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
    Object.assign(runAs, { uid, gid, env: { ...process.env, HOME: dir, USER: "postgres" } });
  }
  chmodSync(dir, 0o700);
  const run = (tool: string, args: string[]) => {
    const result = spawnSync(path.join(bin, tool), args, { ...runAs, cwd: dir, encoding: "utf8" });
    if (result.status !== 0) {
      throw new Error(`${tool} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
    }
  };

  const superuser = "postgres";
  run("initdb", ["-D", dataDir, "-U", superuser, "-A", "trust", "-E", "UTF8", "--no-sync", "--no-locale"]);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${dir}`,
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
    "-c max_connections=100",
  ].join(" ");
  run("pg_ctl", ["-D", dataDir, "-o", options, "-l", path.join(dir, "server.log"), "-w", "-t", "60", "start"]);

  const url = `postgres://${superuser}@127.0.0.1:${port}/postgres`;
  let stopped = false;
  return {
    url,
    async createDatabase(name: string) {
      const { default: pg } = await import("pg");
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, "")}"`);
      } finally {
        await client.end();
      }
      return `postgres://${superuser}@127.0.0.1:${port}/${encodeURIComponent(name)}`;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        run("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
