/**
 * Kills the stack's process groups when the process that started them dies without stopping them
 * (SIGKILL, a crash). Reads one group id per line on stdin; "done" means they were stopped
 * properly. End of input without "done" means the parent is gone: kill every group.
 */
import { createInterface } from "node:readline";

const groups = new Set<number>();
let done = false;

createInterface({ input: process.stdin })
  .on("line", (line) => {
    if (line === "done") done = true;
    else if (/^\d+$/.test(line)) groups.add(Number(line));
  })
  .on("close", () => {
    if (done || groups.size === 0) process.exit(0);
    signal("SIGTERM");
    setTimeout(() => {
      signal("SIGKILL");
      process.exit(0);
    }, 3_000);
  });

function signal(name: NodeJS.Signals): void {
  for (const pid of groups) {
    try {
      process.kill(-pid, name);
    } catch {
      // already gone
    }
  }
}
