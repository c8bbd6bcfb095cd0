/**
 * `npm run bench:web-load`: the job board under load. Starts a stack with a seeded market and the
 * production build of the web app, warms the board up, then drives it with autocannon (20
 * connections by default) and reports requests per second, latency percentiles, and board
 * renders per second of the web server's CPU time (read from /proc for the `next start` process
 * group), so the figure does not depend on how many cores the machine lends it. Writes
 * bench/results/web-load.json.
 *
 *   node bench/web-load.ts [--connections 20] [--seconds 20] [--no-build]
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { ROOT } from "../scripts/dev/processes.ts";
import { startStack, type Stack } from "../scripts/dev/stack.ts";

const { values } = parseArgs({
  options: {
    connections: { type: "string", default: "20" },
    seconds: { type: "string", default: "20" },
    "no-build": { type: "boolean", default: false },
  },
});
const CONNECTIONS = Math.max(1, Number(values.connections));
const SECONDS = Math.max(1, Number(values.seconds));
const TARGETS = { rendersPerCpuSecond: 300, p95Ms: 100 };
const OUT = path.join(ROOT, "bench", "results", "web-load.json");
const CLOCK_TICKS = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

/** CPU seconds (user + system) used so far by every process in the process group `pgid`. */
function groupCpuSeconds(pgid: number): number {
  let ticks = 0;
  for (const pid of execFileSync("pgrep", ["-g", String(pgid)], { encoding: "utf8" })
    .split("\n")
    .filter(Boolean)) {
    try {
      // Fields after the command name (which may contain spaces) start at field 3.
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks / CLOCK_TICKS;
}

/** The process group of the process that listens on `port` (the `next start` server). */
function processGroupListeningOn(port: number): number {
  const out = execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
  const pid = /pid=(\d+)/.exec(out)?.[1];
  if (!pid) throw new Error(`nothing listens on port ${port}`);
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
}

/** The `q` quantile of `values` (nearest rank). */
function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
}

/** Drives `url`; also every response's time, since autocannon's summary has no 95th percentile. */
function run(
  url: string,
  connections: number,
  duration: number,
): Promise<{ result: autocannon.Result; times: number[] }> {
  const times: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url, connections, duration, timeout: 30 }, (error, result) =>
      error ? reject(error) : resolve({ result, times }),
    );
    instance.on("response", (_client, _status, _bytes, responseTime: number) => times.push(responseTime));
  });
}

const dataDir = mkdtempSync(path.join(tmpdir(), "mosaic-bench-web-load-"));
let stack: Stack | undefined;
try {
  stack = await startStack({
    dataDir,
    seed: { vendors: 30, jobs: 120 },
    web: "production",
    buildWeb: !values["no-build"],
    onStep: (message) => console.log(message),
  });
  const url = `${stack.webUrl}/`;
  const webGroup = processGroupListeningOn(Number(new URL(url).port));
  console.log(`Warming up ${url}`);
  await run(url, 2, 3);

  const cpuBefore = groupCpuSeconds(webGroup);
  const { result, times } = await run(url, CONNECTIONS, SECONDS);
  const p95 = Number(quantile(times, 0.95).toFixed(1));
  const cpuSeconds = groupCpuSeconds(webGroup) - cpuBefore;
  const ok = result.requests.total - result.non2xx - result.errors - result.timeouts;
  const report = {
    date: new Date().toISOString(),
    page: "job board (/)",
    tool: "autocannon",
    connections: CONNECTIONS,
    seconds: SECONDS,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    requestsPerSecond: Math.round(result.requests.average),
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p95,
      p97_5: result.latency.p97_5,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    webServerCpuSeconds: Number(cpuSeconds.toFixed(2)),
    rendersPerCpuSecond: Math.round(ok / cpuSeconds),
    targets: TARGETS,
    loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
  };
  console.log(JSON.stringify(report, null, 2));
  console.log(
    `Board: ${report.requestsPerSecond} req/s at ${CONNECTIONS} connections, p95 ${p95} ms, ` +
      `${report.rendersPerCpuSecond} renders per CPU-second of the web server ` +
      `(targets: ≥ ${TARGETS.rendersPerCpuSecond}/s per core, p95 < ${TARGETS.p95Ms} ms)`,
  );
  writeFileSync(OUT, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`Wrote ${path.relative(ROOT, OUT)}`);
} finally {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
