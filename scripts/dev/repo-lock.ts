/**
 * Deploying and building the subgraph write shared files in the repository (deployments/,
 * subgraph/networks.json, subgraph/build/). A stack holds this lock while it does so, so that
 * `npm test` started next to a running `npm run dev` waits its turn instead of interleaving writes.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./processes.ts";

const LOCK = path.join(ROOT, ".data", "stack.lock");

function holderAlive(): boolean {
  try {
    const pid = Number(readFileSync(LOCK, "utf8"));
    if (!Number.isInteger(pid) || pid <= 0) return false;
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive but not ours. ENOENT (no file) or ESRCH (no process): free.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Runs `fn` holding the repository lock; waits (up to `timeoutMs`) while another process holds it. */
export async function withRepoLock<T>(fn: () => Promise<T>, onWait?: () => void, timeoutMs = 300_000): Promise<T> {
  mkdirSync(path.dirname(LOCK), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  let told = false;
  for (;;) {
    try {
      const fd = openSync(LOCK, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      if (!holderAlive()) {
        rmSync(LOCK, { force: true }); // left by a process that died
        continue;
      }
      if (Date.now() > deadline) throw new Error(`Another Mosaic stack has held ${LOCK} for too long.`);
      if (!told) onWait?.();
      told = true;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(LOCK, { force: true });
  }
}
