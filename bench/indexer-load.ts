/**
 * Load benchmark of the local subgraph host (indexer/): concurrent clients over HTTP against a
 * seeded index, once idle and once while the chain keeps producing jobs that it indexes.
 * Run with `node bench/indexer-load.ts` (Node 22); writes bench/results/indexer-load.json.
 *
 *   --jobs N        jobs seeded before the runs, in rounds of 200 (default 10000)
 *   --vendors N     vendors seeded (default 100)
 *   --clients N     concurrent clients (default 20)
 *   --seconds N     length of each run (default 20)
 *   --out FILE      result file (default bench/results/indexer-load.json)
 *   --keep          keep the indexed store (its directory is printed) to query or profile later
 *
 * The chain is a fresh Hardhat node on a free port, deployed with `scripts/deploy/local.ts` and
 * filled with `scripts/seed/index.ts` (the seed CLI, as a black box); the host runs as its own
 * process (`indexer/index.ts`) so its RSS is measured alone; the clients run in this process,
 * on the same cores. Each client sends the next query of a fixed mix as soon as the previous
 * answer has been read (keep-alive): the saved auditor queries (subgraph/queries), a job list
 * and a vendor search. A request counts as an error when the HTTP status is not 200 or the
 * answer has `errors` (answers are read in full but parsed only when they may carry `errors`, so
 * the clients' parsing of large answers is not counted as the host's latency). During the second run a second seed sends jobs all along and the host
 * indexes them; the blocks it indexed during the run are reported.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadSavedQueries } from "@mosaic/sdk/saved-queries";

const ROOT = path.resolve(import.meta.dirname, "..");

const { values } = parseArgs({
  options: {
    jobs: { type: "string", default: "10000" },
    vendors: { type: "string", default: "100" },
    clients: { type: "string", default: "20" },
    seconds: { type: "string", default: "20" },
    out: { type: "string", default: path.join(ROOT, "bench/results/indexer-load.json") },
    keep: { type: "boolean", default: false },
  },
});
const JOBS = Number(values.jobs);
const VENDORS = Number(values.vendors);
const CLIENTS = Number(values.clients);
const SECONDS = Number(values.seconds);

const children: ChildProcess[] = [];
const say = (message: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function start(
  args: string[],
  options: { quiet?: boolean; silent?: boolean; env?: NodeJS.ProcessEnv } = {},
): ChildProcess {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ["ignore", options.quiet || options.silent ? "ignore" : "inherit", options.silent ? "ignore" : "inherit"],
    env: {
      ...process.env,
      PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`,
      ...options.env,
    },
  });
  children.push(child);
  return child;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

function finished(child: ChildProcess, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${what} exited with ${code}`))));
  });
}

async function rpcReady(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      const r = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      if (r.ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no node at ${url}`);
}

/** The parts of answers this benchmark reads. */
type Answer = {
  data?: {
    indexingStatusForCurrentVersion?: Status;
    vendors?: { id: string; skills: string[] }[];
    jobs?: { id: string }[];
    _meta?: { block: { number: number } };
    protocol?: { jobCount: number } | null;
  };
  errors?: { message: string }[];
};

async function post(url: string, query: string, variables?: Record<string, unknown>) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as Answer };
}

const ERRORS_KEY = Buffer.from('"errors"');

/**
 * `post` for the timed runs: the whole answer is read, as bytes, and decoded and parsed only when
 * it may carry `errors` (an answer is `{"data": …}` otherwise). Twenty clients in this one
 * process decoding and parsing answers of up to a megabyte kept its event loop busy, and the time
 * a finished answer waited for that loop was counted as the host's latency.
 */
async function postTimed(url: string, query: string, variables?: Record<string, unknown>) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  const errors = bytes.includes(ERRORS_KEY) ? ((JSON.parse(bytes.toString("utf8")) as Answer).errors ?? []) : [];
  return { status: response.status, errors };
}

type Status = {
  synced: boolean;
  health: string;
  chains: { chainHeadBlock: { number: string } | null; latestBlock: { number: string } | null }[];
};

async function status(statusUrl: string): Promise<Status | null> {
  try {
    const { body } = await post(
      statusUrl,
      `{ indexingStatusForCurrentVersion(subgraphName: "mosaic") { synced health chains { chainHeadBlock { number } latestBlock { number } } } }`,
    );
    return body.data?.indexingStatusForCurrentVersion ?? null;
  } catch {
    return null;
  }
}

/** Gives the node's accounts plenty of ETH: the seeds fund their actors from them. */
async function topUp(rpcUrl: string): Promise<void> {
  const call = async (method: string, params: unknown[]) => {
    const r = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    return ((await r.json()) as { result: unknown }).result;
  };
  const accounts = (await call("eth_accounts", [])) as string[];
  for (const account of accounts) await call("hardhat_setBalance", [account, "0x" + (10n ** 30n).toString(16)]);
}

function rssMb(pid: number): number {
  const text = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(text)![1]) / 1024;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : 0;
const round = (n: number, digits = 2) => Number(n.toFixed(digits));

type Query = { name: string; text: string; variables?: Record<string, unknown> };

/**
 * `cached`: the clients repeat the mix's exact requests, as a polling dApp does, so the host's
 * answer cache (GRAPH_QUERY_CACHE_MAX_MEM) serves repeats at the same head; otherwise every
 * request carries a distinct unused variable, so every one is executed.
 */
async function load(url: string, queries: Query[], pid: number, statusUrl: string, cached: boolean) {
  const latencies: number[] = [];
  const perQuery = new Map<string, number[]>();
  const errors: Record<string, number> = {};
  const rss: number[] = [];
  const before = await status(statusUrl);
  const sampler = setInterval(() => rss.push(rssMb(pid)), 250);
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  let requests = 0;
  let nonce = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      for (let i = client; performance.now() < deadline; i++) {
        const q = queries[i % queries.length];
        const t0 = performance.now();
        let failure: string | null = null;
        try {
          const variables = cached ? q.variables : { ...q.variables, uncached: nonce++ };
          const { status: code, errors: answerErrors } = await postTimed(url, q.text, variables);
          if (code !== 200) failure = `HTTP ${code}`;
          else if (answerErrors.length) failure = answerErrors[0].message.slice(0, 120);
        } catch (error) {
          failure = (error as Error).message;
        }
        const ms = performance.now() - t0;
        requests++;
        latencies.push(ms);
        let list = perQuery.get(q.name);
        if (!list) perQuery.set(q.name, (list = []));
        list.push(ms);
        if (failure) errors[`${q.name}: ${failure}`] = (errors[`${q.name}: ${failure}`] ?? 0) + 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const after = await status(statusUrl);
  latencies.sort((a, b) => a - b);
  const blockOf = (s: Status | null) => Number(s?.chains[0].latestBlock?.number ?? 0);
  return {
    requests,
    seconds: round(elapsed, 1),
    requests_per_s: round(requests / elapsed, 1),
    p50_ms: round(percentile(latencies, 50)),
    p95_ms: round(percentile(latencies, 95)),
    p99_ms: round(percentile(latencies, 99)),
    max_ms: round(latencies[latencies.length - 1] ?? 0),
    errors: Object.values(errors).reduce((a, b) => a + b, 0),
    error_kinds: errors,
    rss_mb: {
      start: round(rss[0] ?? rssMb(pid), 1),
      end: round(rss[rss.length - 1] ?? rssMb(pid), 1),
      max: round(Math.max(...rss), 1),
    },
    blocks_indexed_during_run: blockOf(after) - blockOf(before),
    head_lag_at_end: Number(after?.chains[0].chainHeadBlock?.number ?? 0) - blockOf(after),
    per_query_p95_ms: Object.fromEntries(
      [...perQuery].map(([name, list]) => {
        list.sort((a, b) => a - b);
        return [name, round(percentile(list, 95))];
      }),
    ),
  };
}

async function main() {
  const require = createRequire(path.join(ROOT, "package.json"));
  const hardhatCli = path.join(path.dirname(require.resolve("hardhat/package.json")), "dist/src/cli.js");
  if (!fs.existsSync(path.join(ROOT, "subgraph/build/subgraph.yaml"))) {
    say("building the subgraph");
    await finished(start(["subgraph/scripts/build.ts"], { quiet: true }), "subgraph build");
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "indexer-load-"));
  const rpcPort = await freePort();
  const rpcUrl = `http://127.0.0.1:${rpcPort}`;
  say(`Hardhat node on ${rpcUrl}`);
  start([hardhatCli, "node", "--hostname", "127.0.0.1", "--port", String(rpcPort)], { quiet: true });
  await rpcReady(rpcUrl);

  // The deployment writes subgraph/networks.json for this node: keep the developer's copy.
  const networksFile = path.join(ROOT, "subgraph/networks.json");
  const savedNetworks = fs.existsSync(networksFile) ? fs.readFileSync(networksFile) : null;
  const subgraphDir = path.join(work, "subgraph");
  try {
    await finished(start(["scripts/deploy/local.ts", "--rpc", rpcUrl], { quiet: true }), "deploy");
    fs.mkdirSync(subgraphDir);
    fs.copyFileSync(networksFile, path.join(subgraphDir, "networks.json"));
  } finally {
    if (savedNetworks) fs.writeFileSync(networksFile, savedNetworks);
  }
  fs.symlinkSync(path.join(ROOT, "subgraph/build"), path.join(subgraphDir, "build"));

  const port = await freePort();
  const statusPort = await freePort();
  const url = `http://127.0.0.1:${port}/subgraphs/name/mosaic`;
  const statusUrl = `http://127.0.0.1:${statusPort}/graphql`;
  const indexer = start(
    [
      "indexer/index.ts",
      "--rpc",
      rpcUrl,
      "--port",
      String(port),
      "--status-port",
      String(statusPort),
      "--data",
      path.join(work, "data"),
      "--subgraph",
      subgraphDir,
      "--quiet",
    ],
    { quiet: true },
  );
  say(`indexer on ${url} (status ${statusUrl}); seeding ${JOBS} jobs, ${VENDORS} vendors (indexed as they come)`);
  const seedStarted = performance.now();
  // In rounds of up to 200 jobs: each run of the seed adds jobs, and larger runs were seen to
  // lose their connection to the node on a loaded machine. A round that fails is not retried
  // (its nonces are spent); the jobs indexed at the end are reported.
  let failedRounds = 0;
  for (let done = 0, round = 1; done < JOBS; round++) {
    const jobs = Math.min(200, JOBS - done);
    const args = [
      "scripts/seed/index.ts",
      "--vendors",
      String(VENDORS),
      "--jobs",
      String(jobs),
      "--seed",
      `load-${round}`,
    ];
    await topUp(rpcUrl);
    try {
      await finished(start([...args, "--rpc", rpcUrl], { silent: true }), `seed round ${round}`);
    } catch (error) {
      failedRounds++;
      if (failedRounds > 5) throw error;
      say(`${(error as Error).message}; going on with the next round`);
    }
    done += jobs;
    if (done % 1000 === 0) say(`seeded ${done} of ${JOBS} jobs`);
  }
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  say(`seeded in ${seedSeconds.toFixed(0)} s; waiting for the indexer to catch up`);
  for (let s = await status(statusUrl); !s?.synced; s = await status(statusUrl)) {
    if (s?.health === "failed") throw new Error("indexing failed");
    await new Promise((r) => setTimeout(r, 500));
  }

  // The query mix: the saved auditor queries with variables from this index, a job list, a vendor search.
  const { body: facts } = await post(
    url,
    `{ vendors(first: 1, orderBy: hiredJobs, orderDirection: desc) { id skills }
       jobs(first: 1, orderBy: createdAt, orderDirection: desc) { id }
       _meta { block { number } } }`,
  );
  if (facts.errors) throw new Error(JSON.stringify(facts.errors));
  const vendor = facts.data!.vendors![0];
  const head = facts.data!._meta!.block.number;
  const live: Record<string, unknown> = {
    vendor: vendor.id,
    job: facts.data!.jobs![0].id,
    block: Math.floor(head / 2),
    from: "0",
    to: "9999999999",
    after: "0x",
  };
  const queries: Query[] = loadSavedQueries().map((q) => ({
    name: q.name,
    text: q.text,
    variables: Object.fromEntries(Object.entries(q.variables).map(([k, v]) => [k, k in live ? live[k] : v])),
  }));
  queries.push(
    {
      name: "job list",
      text: `{ jobs(first: 50, orderBy: createdAt, orderDirection: desc) { id status client { id } vendor { id } token { id } createdAt } }`,
    },
    {
      name: "vendor search",
      text: `query($skill: Bytes!) { vendors(first: 50, where: { skills_contains: [$skill], registered: true },
        orderBy: ratingWeight, orderDirection: desc) { id skills hourlyRateCents ratingWeight ratingCount hiredJobs } }`,
      variables: { skill: vendor.skills[0] },
    },
  );
  for (const q of queries) {
    const { body } = await post(url, q.text, q.variables);
    if (body.errors) throw new Error(`${q.name}: ${body.errors[0].message}`);
  }

  const report = (name: string, r: Awaited<ReturnType<typeof load>>) =>
    say(
      `${name}: ${r.requests_per_s} req/s, p50 ${r.p50_ms} / p95 ${r.p95_ms} / p99 ${r.p99_ms} ms, ${r.errors} errors, ` +
        `RSS ${r.rss_mb.start}-${r.rss_mb.max} MB, ${r.blocks_indexed_during_run} blocks indexed`,
    );
  say(`idle: ${CLIENTS} clients for ${SECONDS} s, repeated requests, then every request distinct`);
  const idle = await load(url, queries, indexer.pid!, statusUrl, true);
  report("idle", idle);
  const idleUncached = await load(url, queries, indexer.pid!, statusUrl, false);
  report("idle, uncached", idleUncached);

  // Seeds of a few hundred jobs one after another keep sending jobs through the whole run; the
  // indexer indexes them meanwhile.
  let producing = true;
  let producedJobs = 0;
  let producer: ChildProcess | null = null;
  const production = (async () => {
    for (let round = 1; producing; round++) {
      await topUp(rpcUrl);
      producer = start(
        [
          "scripts/seed/index.ts",
          "--vendors",
          String(VENDORS),
          "--jobs",
          "200",
          "--seed",
          `live-${round}`,
          "--rpc",
          rpcUrl,
        ],
        { silent: true },
      );
      const code = await new Promise((resolve) => producer!.once("exit", resolve));
      if (code === 0) producedJobs += 200;
      else if (producing) throw new Error(`the seed producing jobs during the run exited with ${code}`);
    }
  })();
  production.catch(() => {});
  for (let i = 0; ; i++) {
    const s = await status(statusUrl);
    if (Number(s?.chains[0].chainHeadBlock?.number ?? 0) > head + 5) break;
    if (i > 1200) throw new Error("the chain did not move after the seed started");
    await Promise.race([production, new Promise((r) => setTimeout(r, 250))]);
  }
  say(`while indexing: ${CLIENTS} clients for ${SECONDS} s each, the chain producing jobs`);
  const indexing = await load(url, queries, indexer.pid!, statusUrl, true);
  report("while indexing", indexing);
  const indexingUncached = await load(url, queries, indexer.pid!, statusUrl, false);
  report("while indexing, uncached", indexingUncached);
  producing = false;
  if (producer) await stopChild(producer);
  await production.catch(() => {});

  const { body: counts } = await post(url, `{ protocol(id: "mosaic") { jobCount } }`);
  const result = {
    jobs_seeded: JOBS,
    jobs_indexed_at_end: counts.data?.protocol?.jobCount ?? null,
    vendors: VENDORS,
    clients: CLIENTS,
    seconds_per_run: SECONDS,
    cpus: os.cpus().length,
    queries: queries.map((q) => q.name),
    seed_seconds: round(seedSeconds, 1),
    seed_rounds_failed: failedRounds,
    idle,
    idle_uncached: idleUncached,
    while_indexing: indexing,
    while_indexing_uncached: indexingUncached,
    jobs_produced_during_indexing_runs: producedJobs,
    load_average_at_end: os.loadavg().map((n) => round(n, 1)),
    note:
      "clients share the cores with the host (and, while indexing, with the Hardhat node and the seed); " +
      "`*_uncached` runs make every request distinct so none is served by the host's answer cache",
  };
  fs.mkdirSync(path.dirname(values.out!), { recursive: true });
  fs.writeFileSync(values.out!, JSON.stringify(result, null, 2) + "\n");
  say(`wrote ${path.relative(ROOT, values.out!)}`);
  if (values.keep) say(`kept the store in ${path.join(work, "data")}`);
  else fs.rmSync(work, { recursive: true, force: true });
}

const stopAll = async () => {
  for (const child of children.reverse()) await stopChild(child).catch(() => {});
};
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => void stopAll().then(() => process.exit(1)));
}
try {
  await main();
} catch (error) {
  console.error(`indexer-load: ${(error as Error).stack ?? error}`);
  process.exitCode = 1;
} finally {
  await stopAll();
}
