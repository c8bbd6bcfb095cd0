/**
 * Indexing benchmark: a seeded chain of at least 10,000 jobs on a fresh Hardhat node, indexed
 * from scratch by the local subgraph host (indexer/), then the auditors' and matching's queries
 * over HTTP. Run with `node bench/indexer.ts` (Node 22); writes bench/results/indexer.json.
 *
 *   --jobs N     jobs to generate (default 10000)
 *   --waves N    days the jobs are spread over (default 5)
 *   --runs N     timed runs per query (default 100, after a few warm-up runs)
 *   --seed TEXT  PRNG seed (default "mosaic-bench")
 *   --keep DIR   keep the indexed store in DIR/data (and the subgraph dir in DIR/subgraph) to
 *                query or profile it later; by default both are temporary
 *   --gas-report print the most gas each kind of transaction used (slower)
 *
 * The chain is the market's bulk market (market/chain/bulk-market.ts): fresh contracts, then
 * waves of jobs with every fate, played through the real contracts with automining off. This
 * file only measures.
 *
 * events/s = the data sources' events in the indexed range / wall time from starting the host
 * until its head reaches the chain's head and the field indexes it builds then are done
 * (manifest, wasm compilation, all RPC and the index build included). Less sensitive to other work
 * on the machine: events per CPU-second of the host (this process while it indexes: the indexing
 * thread plus the store's writer thread and the host's server and query worker threads) and of
 * the indexing thread alone; the writer thread's CPU is printed beside them.
 * Query latencies are measured sequentially over HTTP (keep-alive) against the same host, each
 * query both executed (a distinct request every run: the answer cache off) and repeated (served
 * by the answer cache at one head); the headline p50/p95 are the executed ones and pool the runs
 * of the typical queries (reconciliation, fees by day, a vendor's
 * history, matching's lists, a job, disputes, a 100-row export page), while the 1000-row export
 * page is timed and reported on its own ("bulk").
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { encodeBytes32String } from "ethers";
import { playBulkMarket } from "../market/chain/bulk-market.ts";
import { Rpc } from "../market/chain/rpc.ts";

// node:sqlite prints an experimental warning once; keep it out of the bench output.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  if (String(warning).includes("SQLite is an experimental feature")) return;
  (emitWarning as (...a: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;

const { values } = parseArgs({
  options: {
    jobs: { type: "string", default: "10000" },
    waves: { type: "string", default: "5" },
    runs: { type: "string", default: "100" },
    seed: { type: "string", default: "mosaic-bench" },
    "gas-report": { type: "boolean", default: false },
    keep: { type: "string" },
  },
});
const GAS_REPORT = values["gas-report"]!;
const JOBS = Number(values.jobs);
const WAVES = Math.max(1, Number(values.waves));
const RUNS = Math.max(1, Number(values.runs));
const WARM_UP = 5;
const TARGET_EVENTS_PER_S = 5_000;
const TARGET_P95_MS = 20; // executed, one client

const repoRoot = path.resolve(import.meta.dirname, "..");

const started = performance.now();
const seconds = (since: number) => (performance.now() - since) / 1000;
const fmt = (n: number) => n.toLocaleString("en-US");
function say(message: string): void {
  console.log(`[${seconds(started).toFixed(1).padStart(6)} s] ${message}`);
}

// ------------------------------------------------------------------ JSON-RPC and the node

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

type Node = { url: string; stop: () => Promise<void> };

/** `hardhat node` on a free port; its per-request log goes to /dev/null (it would be huge). */
async function startHardhatNode(): Promise<Node> {
  const require = createRequire(path.join(repoRoot, "package.json"));
  const pkg = require("hardhat/package.json") as { bin: Record<string, string> | string };
  const bin = typeof pkg.bin === "string" ? pkg.bin : pkg.bin.hardhat;
  const cli = path.join(path.dirname(require.resolve("hardhat/package.json")), bin);
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [cli, "node", "--hostname", "127.0.0.1", "--port", String(port)],
    {
      cwd: repoRoot,
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}` },
    },
  );
  let errors = "";
  child.stderr!.on("data", (d) => (errors = (errors + d).slice(-4000)));
  // However this process ends (an uncaught error, a closed stdout), the node goes with it.
  const killOnExit = () => child.kill("SIGTERM");
  process.once("exit", killOnExit);
  child.once("exit", () => process.off("exit", killOnExit));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  };
  const rpc = new Rpc(url);
  for (let attempt = 0; attempt < 600; attempt++) {
    if (child.exitCode !== null) throw new Error(`hardhat node exited: ${errors}`);
    try {
      await rpc.call("eth_chainId");
      return { url, stop };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await stop();
  throw new Error(`hardhat node did not start: ${errors}`);
}

// ------------------------------------------------------------------ main

let node: Node | null = null;
let host: import("../indexer/src/subgraph-host.ts").SubgraphHost | null = null;
const temps: string[] = [];
async function cleanup(): Promise<void> {
  await host?.stop().catch(() => {});
  host = null;
  await node?.stop().catch(() => {});
  node = null;
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
// A closed stdout (`| head`) must not kill the run before the node is stopped.
process.stdout.on("error", () => {});
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the node and the host`);
    cleanup().finally(() => process.exit(130));
  });
}

try {
  await main();
} catch (error) {
  console.error(`bench:indexer failed: ${(error as Error).stack ?? error}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}

async function main(): Promise<void> {
  if (!Number.isInteger(JOBS) || JOBS < 1) throw new Error(`--jobs must be a positive integer, got ${values.jobs}`);
  // The subgraph build: rebuilt only when its inputs changed (as the test runners do).
  const build = await import("../subgraph/scripts/build.ts");
  if (build.buildIsStale()) {
    say("subgraph build is missing or stale: building it");
    build.buildSubgraph({ verbose: false });
  }

  node = await startHardhatNode();
  say(`hardhat node at ${node.url}; generating ${fmt(JOBS)} jobs in ${WAVES} waves`);
  const { jobs, chain, registry, escrow, startBlock, latest, events, generationSeconds } = await playBulkMarket(
    node.url,
    { jobs: JOBS, waves: WAVES, seed: values.seed!, gasReport: GAS_REPORT, log: say },
  );
  const skillTag = (s: string) => encodeBytes32String(s);
  // -------------------------------------------------------------- indexing from scratch
  const { startSubgraphHost } = await import("../indexer/src/subgraph-host.ts");
  let subgraphDir: string;
  let dataDir: string;
  if (values.keep) {
    subgraphDir = path.resolve(values.keep, "subgraph");
    dataDir = path.resolve(values.keep, "data");
    fs.rmSync(values.keep, { recursive: true, force: true });
    fs.mkdirSync(subgraphDir, { recursive: true });
    fs.mkdirSync(dataDir, { recursive: true });
  } else {
    subgraphDir = fs.mkdtempSync(path.join(os.tmpdir(), "mosaic-bench-subgraph-"));
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "mosaic-bench-data-"));
    temps.push(subgraphDir, dataDir);
  }
  fs.symlinkSync(path.join(repoRoot, "subgraph/build"), path.join(subgraphDir, "build"));
  fs.writeFileSync(
    path.join(subgraphDir, "networks.json"),
    JSON.stringify({
      localhost: {
        VendorRegistry: { address: registry, startBlock },
        MosaicEscrow: { address: escrow, startBlock },
      },
    }),
  );
  const eventsUpTo = (n: number) => {
    let sum = 0;
    for (const [block, count] of chain.eventsPerBlock) if (block <= n) sum += count;
    return sum;
  };
  say(`indexing blocks ${startBlock}-${latest} (${fmt(events)} events) from scratch`);
  const indexStarted = performance.now();
  const indexCpu = process.cpuUsage();
  // The host indexes on this thread (mappings, store writes, the index build); its server and
  // query workers have threads of their own, counted in the process's CPU.
  const threadCpu = process.threadCpuUsage();
  host = await startSubgraphHost({
    rpcUrl: node.url,
    subgraphDir,
    dataDir,
    host: "127.0.0.1",
    port: 0,
    pollIntervalMs: 20,
    log: (level, message) => {
      if (level !== "info" && level !== "debug") console.error(`indexer ${level}: ${message}`);
    },
  });
  let lastReport = performance.now();
  // Indexed = the head reached the chain's head and the field indexes, postponed on a new store
  // until then, are built (queries are at full speed from there).
  while ((host.store.head()?.number ?? -1) < latest || host.store.attributeIndexesPostponed) {
    if (host.indexer.fatalError) throw new Error(`indexing failed: ${host.indexer.fatalError.message}`);
    await new Promise((r) => setTimeout(r, 20));
    if (performance.now() - lastReport > 5_000) {
      lastReport = performance.now();
      const head = host.store.head()?.number ?? startBlock - 1;
      const done = eventsUpTo(head);
      say(
        `  indexed to block ${head}/${latest}: ${fmt(done)} events, ${fmt(Math.round(done / seconds(indexStarted)))} events/s`,
      );
    }
  }
  const indexSeconds = seconds(indexStarted);
  const cpu = process.cpuUsage(indexCpu);
  const indexCpuSeconds = (cpu.user + cpu.system) / 1e6;
  const thread = process.threadCpuUsage(threadCpu);
  const indexThreadCpuSeconds = (thread.user + thread.system) / 1e6;
  const writerThreadCpuSeconds = (await host.store.writer?.cpuSeconds()) ?? 0;
  const indexLoad = os.loadavg().map((n) => Math.round(n * 100) / 100);
  const eventsPerS = events / indexSeconds;
  say(
    `indexed ${fmt(events)} events in ${indexSeconds.toFixed(1)} s: ${fmt(Math.round(eventsPerS))} events/s ` +
      `(host CPU ${indexCpuSeconds.toFixed(1)} s: ${fmt(Math.round(events / indexCpuSeconds))} events per CPU-second; ` +
      `indexing thread ${indexThreadCpuSeconds.toFixed(1)} s: ${fmt(Math.round(events / indexThreadCpuSeconds))} per CPU-second; ` +
      `the store's writer thread ${writerThreadCpuSeconds.toFixed(1)} s; ` +
      `load average ${indexLoad.join(", ")}; the node serves the blocks meanwhile)`,
  );

  // -------------------------------------------------------------- queries
  const url = host.url;
  async function query<T = Record<string, unknown>>(text: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: text, variables }),
    });
    const result = (await response.json()) as { data?: T; errors?: { message: string }[] };
    if (result.errors) throw new Error(`query failed: ${result.errors.map((e) => e.message).join("; ")}\n${text}`);
    return result.data!;
  }

  // Sanity: the indexed protocol counters match the plan.
  const { protocol } = await query<{ protocol: { jobCount: number; ratingCount: number } }>(
    `{ protocol(id: "mosaic") { jobCount ratingCount } }`,
  );
  const planned = { jobCount: jobs.length, ratingCount: chain.eventCounts.get("Rated") ?? 0 };
  if (protocol.jobCount !== planned.jobCount || protocol.ratingCount !== planned.ratingCount) {
    throw new Error(`indexed counters ${JSON.stringify(protocol)} differ from the chain's ${JSON.stringify(planned)}`);
  }

  const busiest = await query<{ vendors: { id: string }[] }>(
    `{ vendors(first: 1, orderBy: hiredJobs, orderDirection: desc) { id } }`,
  );
  const vendorId = busiest.vendors[0].id;
  const bigJob = jobs.find((j) => j.milestones.length === 3 && j.fate === "disputeRuled")!;
  const midBlock = Math.floor((startBlock + latest) / 2);
  const paymentsPage = await query<{ payments: { id: string }[] }>(
    `{ payments(first: 1, skip: 5000, orderBy: id) { id } }`,
  );
  const pageAfter = paymentsPage.payments[0]?.id ?? "0x";
  const skill = skillTag("solidity");

  // The headline p50/p95 cover the typical queries; `bulk` ones (a 1000-row export page) are
  // timed and reported on their own.
  const QUERIES: { name: string; text: string; variables?: Record<string, unknown>; bulk?: boolean }[] = [
    {
      name: "token reconciliation",
      text: `{ tokens { id held owed feesAccrued feesCollected totalDeposited totalPaidToVendors totalRefunded
          totalArbiterFees totalDeferred totalWithdrawn jobCount } }`,
    },
    {
      name: "token reconciliation at a past block",
      text: `query($block: Int!) { tokens(block: { number: $block }) { id held owed feesAccrued feesCollected totalDeposited
          totalPaidToVendors totalRefunded totalArbiterFees totalDeferred totalWithdrawn } }`,
      variables: { block: midBlock },
    },
    {
      name: "fees by day",
      text: `{ dailyStats(first: 100, orderBy: date) { id date jobsPosted hires milestonesPaid milestonesRefunded
          disputesRaised disputesResolved ratings tokens(orderBy: token) { token { id } deposited paidToVendors
          refunded arbiterFees feesAccrued feesCollected closingHeld closingOwed closingFeesAccrued } } }`,
    },
    {
      name: "vendor full history",
      text: `query($vendor: ID!) { vendor(id: $vendor) { id registered skills hourlyRateCents ratingWeightedSum ratingWeight
          ratingCount hiredJobs paidJobs activeJobs refundedMilestones disputedMilestones disputesLost paidVolume
          volumes { token { id } gross net fees paymentCount }
          jobs(first: 100, orderBy: createdAt, orderDirection: desc) { id status token { id } totalAmount paidToVendor
            fees refunded createdAt payments { kind gross toVendor fee timestamp } ratings { score raterRole weight } }
          payments(first: 100, orderBy: timestamp, orderDirection: desc) { id kind job { id } token { id } gross toVendor fee timestamp transactionHash }
          ratings(first: 100, orderBy: timestamp, orderDirection: desc) { id job { id } rater { id } score weight timestamp } } }`,
      variables: { vendor: vendorId },
    },
    {
      name: "open jobs (matching)",
      text: `{ jobs(first: 100, where: { status: Open }, orderBy: createdAt, orderDirection: desc) { id client { id } token { id }
          open minRating minPaidJobs requiredSkills budgetUsdCents totalAmount totalBonus milestoneCount createdAt } }`,
    },
    {
      name: "hired jobs by creation",
      text: `{ jobs(first: 100, where: { status: Hired }, orderBy: createdAt) { id client { id } vendor { id } token { id }
          held escrowed milestonesInProgress createdAt hiredAt } }`,
    },
    {
      name: "vendors by skill and rating (matching)",
      text: `query($skill: Bytes!) { vendors(first: 100, where: { skills_contains: [$skill], ratingCount_gte: 1, registered: true },
          orderBy: ratingWeight, orderDirection: desc) { id skills hourlyRateCents timezoneOffsetMinutes availabilityHours
          ratingWeightedSum ratingWeight ratingCount hiredJobs paidJobs activeJobs disputesLost paidVolume } }`,
      variables: { skill },
    },
    {
      name: "job with milestones",
      text: `query($job: ID!) { job(id: $job) { id status client { id } vendor { id } token { id } feeBps escrowed held
          paidToVendor fees refunded arbiterFees milestones(orderBy: index) { id index amount bonus state bonusState held
            paidToVendor fees refunded submissions { deliverableCid timestamp } payments { kind gross fee }
            refunds { kind amount } dispute { id vendorBps toVendor toClient arbiterFee fee resolution } }
          ratings { raterRole score weight } } }`,
      variables: { job: String(bigJob.id) },
    },
    {
      name: "disputes with their splits",
      text: `{ disputes(first: 100, orderBy: raisedAt, orderDirection: desc) { id job { id } milestone { index } raisedBy
          raisedByRole amount status resolution vendorBps toVendor toClient arbiterFee fee resolvedAt } }`,
    },
    {
      name: "payments export page (100)",
      text: `query($after: Bytes!) { payments(first: 100, where: { id_gt: $after }, orderBy: id) { id kind job { id }
          milestone { index } vendor { id } client { id } token { id } gross toVendor fee automatic timestamp blockNumber
          transactionHash } }`,
      variables: { after: pageAfter },
    },
    {
      name: "payments export page (1000)",
      text: `query($after: Bytes!) { payments(first: 1000, where: { id_gt: $after }, orderBy: id) { id kind job { id }
          milestone { index } vendor { id } client { id } token { id } gross toVendor fee automatic timestamp blockNumber
          transactionHash } }`,
      variables: { after: pageAfter },
      bulk: true,
    },
  ];

  if (values.keep) fs.writeFileSync(path.join(values.keep, "queries.json"), JSON.stringify(QUERIES, null, 2));
  // Each query is timed twice: repeated as a polling dApp sends it (the answer cache serves the
  // repeats at one head) and with an unused variable that changes every run, so every run is
  // executed (as with GRAPH_QUERY_CACHE_MAX_MEM=0). The executed figures are the headline.
  say(
    `queries: ${QUERIES.length} kinds x ${RUNS} runs x 2 (cached, executed), after ${WARM_UP} warm-up runs each, sequential over HTTP`,
  );
  type Timing = { p50_ms: number; p95_ms: number; max_ms: number };
  const perQuery: Record<string, { executed: Timing; cached: Timing; entities: number; bulk?: true }> = {};
  const pooled = { executed: [] as number[], cached: [] as number[] };
  const timing = (samples: number[]): Timing => ({
    p50_ms: round(percentile(samples, 50)),
    p95_ms: round(percentile(samples, 95)),
    max_ms: round(samples[samples.length - 1]),
  });
  let run = 0;
  for (const q of QUERIES) {
    let rows = 0;
    for (let i = 0; i < WARM_UP; i++) rows = countRows(await query(q.text, q.variables));
    const samples = { executed: [] as number[], cached: [] as number[] };
    for (let i = 0; i < RUNS; i++) {
      let t = performance.now();
      await query(q.text, q.variables);
      samples.cached.push(performance.now() - t);
      t = performance.now();
      await query(q.text, { ...q.variables, benchRun: run++ });
      samples.executed.push(performance.now() - t);
    }
    for (const kind of ["executed", "cached"] as const) {
      samples[kind].sort((a, b) => a - b);
      if (!q.bulk) pooled[kind].push(...samples[kind]);
    }
    perQuery[q.name] = {
      executed: timing(samples.executed),
      cached: timing(samples.cached),
      entities: rows,
      ...(q.bulk ? { bulk: true as const } : {}),
    };
    const { executed, cached } = perQuery[q.name];
    say(
      `  ${q.name.padEnd(40)} executed p50 ${executed.p50_ms.toFixed(2).padStart(7)} p95 ${executed.p95_ms.toFixed(2).padStart(7)} ms; ` +
        `cached p50 ${cached.p50_ms.toFixed(2).padStart(6)} p95 ${cached.p95_ms.toFixed(2).padStart(6)} ms  (${rows} entities${q.bulk ? "; bulk, not in the headline figures" : ""})`,
    );
  }
  for (const kind of ["executed", "cached"] as const) pooled[kind].sort((a, b) => a - b);
  const p50 = round(percentile(pooled.executed, 50));
  const p95 = round(percentile(pooled.executed, 95));
  const cachedP50 = round(percentile(pooled.cached, 50));
  const cachedP95 = round(percentile(pooled.cached, 95));
  const load = os.loadavg().map((n) => round(n));

  const results = {
    events,
    events_per_s: Math.round(eventsPerS),
    query_p50_ms: p50,
    query_p95_ms: p95,
    query_cached_p50_ms: cachedP50,
    query_cached_p95_ms: cachedP95,
    query_p50_p95_are:
      "executed (every run a distinct request, so the answer cache cannot serve it); cached: the same request repeated",
    load_average_1_5_15: load,
    cores: os.cpus().length,
    jobs: jobs.length,
    seed: values.seed,
    transactions: chain.txCount,
    blocks: latest - startBlock + 1,
    event_counts: Object.fromEntries([...chain.eventCounts].sort((a, b) => b[1] - a[1])),
    generation_seconds: round(generationSeconds),
    indexing_seconds: round(indexSeconds),
    indexing_cpu_seconds: round(indexCpuSeconds),
    events_per_cpu_s: Math.round(events / indexCpuSeconds),
    indexing_thread_cpu_seconds: round(indexThreadCpuSeconds),
    events_per_indexing_thread_cpu_s: Math.round(events / indexThreadCpuSeconds),
    writer_thread_cpu_seconds: round(writerThreadCpuSeconds),
    load_average_at_indexing_end: indexLoad,
    total_seconds: round(seconds(started)),
    query_runs: RUNS,
    query_p50_p95_cover: "every query below except the bulk ones, all runs pooled",
    queries: perQuery,
    targets: { events_per_s: TARGET_EVENTS_PER_S, query_p95_ms: TARGET_P95_MS },
  };
  console.log("");
  console.log(`events          ${fmt(events)}`);
  console.log(
    `events/s        ${fmt(Math.round(eventsPerS))}   (target >= ${fmt(TARGET_EVENTS_PER_S)}: ${eventsPerS >= TARGET_EVENTS_PER_S ? "met" : "MISSED"})`,
  );
  console.log(`query p50       ${p50} ms executed, ${cachedP50} ms cached`);
  console.log(
    `query p95       ${p95} ms executed (target < ${TARGET_P95_MS} ms: ${p95 < TARGET_P95_MS ? "met" : "MISSED"}), ${cachedP95} ms cached`,
  );
  console.log(`load average    ${load.join(", ")} (1, 5, 15 min) on ${os.cpus().length} cores`);
  fs.mkdirSync(path.join(repoRoot, "bench/results"), { recursive: true });
  fs.writeFileSync(path.join(repoRoot, "bench/results/indexer.json"), JSON.stringify(results, null, 2) + "\n");
  console.log(`wrote bench/results/indexer.json (${seconds(started).toFixed(0)} s in all)`);
}

function percentile(sorted: number[], p: number): number {
  // Nearest rank, as bench/match.ts.
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Entities in an answer (objects with an id), to show what each query returns. */
function countRows(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((s: number, v) => s + countRows(v), 0);
  if (value && typeof value === "object") {
    const own = "id" in value ? 1 : 0;
    return own + Object.values(value).reduce((s: number, v) => s + countRows(v), 0);
  }
  return 0;
}
