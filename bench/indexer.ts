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
 * The chain is made through the real contracts with automining off: each phase of a wave
 * (post and fund, hire, submit, review, follow-up, close, ratings) is sent at once with nonces
 * assigned here and mined into as many full blocks as it needs. Clients and vendors are derived
 * wallets sent from through `hardhat_impersonateAccount` (their keys sign quotes and dispute
 * settlements); the operator, treasury and default arbiter are node accounts. A job is posted and
 * funded in one transaction (`multicall(postJob, fund)`) in mUSD, or posted then funded with value
 * in ETH (`multicall` is not payable); job ids are known in advance because posting transactions
 * carry strictly decreasing priority fees, so the node mines them in the order planned (checked
 * against the JobPosted events). Every phase's events are counted with eth_getLogs against what
 * the plan expects, so a revert stops the run with the transaction that failed.
 *
 * events/s = the data sources' events in the indexed range / wall time from starting the host
 * until its head reaches the chain's head (manifest, wasm compilation and all RPC included).
 * Query latencies are measured sequentially over HTTP (keep-alive) against the same host; the
 * headline p50/p95 pool the runs of the typical queries (reconciliation, fees by day, a vendor's
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
import {
  Interface,
  MaxUint256,
  Wallet,
  ZeroAddress,
  encodeBytes32String,
  getCreateAddress,
  keccak256,
  toUtf8Bytes,
} from "ethers";
import type { InterfaceAbi } from "ethers";
import { Random } from "../market/random.ts";
import { QUOTE_TYPES, SETTLEMENT_TYPES, escrowDomain } from "../scripts/lib/typed-data.ts";

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
const TARGET_EVENTS_PER_S = 1_000;
const TARGET_P95_MS = 50;
const CLIENTS = 40;
const VENDORS = 150;

const repoRoot = path.resolve(import.meta.dirname, "..");
const DAY = 86_400;
const USD = 10n ** 6n;
const ETH = 10n ** 18n;
const GWEI = 10n ** 9n;
const CID = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
const SKILLS = [
  "solidity",
  "typescript",
  "react",
  "design",
  "figma",
  "rust",
  "go",
  "security",
  "devops",
  "copywriting",
  "data",
  "zk",
];
/** Gas limits: about 1.4x the most each call used (`--gas-report` prints what a run used). */
const GAS = {
  deploy: 8_000_000n,
  setup: 300_000n,
  setProfile: 450_000n,
  post: 420_000n,
  fund: 90_000n,
  claim: 140_000n,
  hire: 160_000n,
  cancel: 50_000n,
  refund: 90_000n,
  submit: 60_000n,
  approve: 115_000n,
  requestChanges: 60_000n,
  releaseBonus: 90_000n,
  returnBonus: 80_000n,
  release: 110_000n,
  dispute: 90_000n,
  rule: 150_000n,
  settle: 180_000n,
  resolveTimedOut: 140_000n,
  rate: 130_000n,
  execute: 300_000n,
  collectFees: 100_000n,
};

const started = performance.now();
const seconds = (since: number) => (performance.now() - since) / 1000;
const fmt = (n: number) => n.toLocaleString("en-US");
function say(message: string): void {
  console.log(`[${seconds(started).toFixed(1).padStart(6)} s] ${message}`);
}

// ------------------------------------------------------------------ JSON-RPC and the node

type RpcReply = { id: number; result?: unknown; error?: { code: number; message: string; data?: unknown } };

class Rpc {
  readonly url: string;
  private id = 1;
  constructor(url: string) {
    this.url = url;
  }
  private async post(body: unknown): Promise<unknown> {
    const response = await fetch(this.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`node answered HTTP ${response.status}`);
    return response.json();
  }
  async call<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    const reply = (await this.post({ jsonrpc: "2.0", id: this.id++, method, params })) as RpcReply;
    if (reply.error) throw new Error(`${method}: ${reply.error.message}`);
    return reply.result as T;
  }
  async batch<T = unknown>(calls: { method: string; params: unknown[] }[]): Promise<T[]> {
    if (calls.length === 0) return [];
    const first = this.id;
    this.id += calls.length;
    const replies = (await this.post(calls.map((c, i) => ({ jsonrpc: "2.0", id: first + i, ...c })))) as RpcReply[];
    const byId = new Map(replies.map((r) => [r.id, r]));
    return calls.map((c, i) => {
      const reply = byId.get(first + i);
      if (!reply) throw new Error(`${c.method}: no reply in batch`);
      if (reply.error) throw new Error(`${c.method}: ${reply.error.message}`);
      return reply.result as T;
    });
  }
}

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

// ------------------------------------------------------------------ contracts

function artifact(relative: string): { abi: InterfaceAbi; bytecode: string } {
  return JSON.parse(fs.readFileSync(path.join(repoRoot, "artifacts/contracts", relative), "utf8"));
}
const registryArtifact = artifact("registry/VendorRegistry.sol/VendorRegistry.json");
const escrowArtifact = artifact("escrow/MosaicEscrow.sol/MosaicEscrow.json");
const usdArtifact = artifact("mocks/MockERC20.sol/MockERC20.json");
const receiverArtifact = artifact("mocks/RejectingReceiver.sol/RejectingReceiver.json");
const escrowIface = new Interface(escrowArtifact.abi);
const registryIface = new Interface(registryArtifact.abi);
const usdIface = new Interface(usdArtifact.abi);
const receiverIface = new Interface(receiverArtifact.abi);

/** topic0 -> event name, for the two indexed contracts. */
const EVENT_NAMES = new Map<string, string>();
for (const iface of [escrowIface, registryIface]) iface.forEachEvent((e) => EVENT_NAMES.set(e.topicHash, e.name));

// ------------------------------------------------------------------ sending and mining

type Tx = {
  from: string;
  to: string | null;
  data: string;
  value?: bigint;
  gas: bigint;
  /** Priority fee; phases that post jobs make it strictly decreasing so blocks keep the planned order. */
  tip?: bigint;
  label: string;
  /** Events of the indexed contracts it must emit. */
  events: string[];
};

const MAX_FEE = 50n * GWEI;
const TIP = 1n * GWEI;

class Chain {
  readonly rpc: Rpc;
  private readonly nonces = new Map<string, number>();
  txCount = 0;
  blockCount = 0;
  /** Events of the indexed contracts per block, from the phase checks. */
  readonly eventsPerBlock = new Map<number, number>();
  readonly eventCounts = new Map<string, number>();
  addresses: string[] = [];

  constructor(rpc: Rpc) {
    this.rpc = rpc;
  }

  nextNonce(address: string): number {
    const key = address.toLowerCase();
    const n = this.nonces.get(key) ?? 0;
    this.nonces.set(key, n + 1);
    return n;
  }

  async latest(): Promise<number> {
    return Number(await this.rpc.call<string>("eth_blockNumber"));
  }

  async timestamp(): Promise<number> {
    const block = await this.rpc.call<{ timestamp: string }>("eth_getBlockByNumber", ["latest", false]);
    return Number(block.timestamp);
  }

  /** Sends `txs` (nonces in the order given, per sender), mines them all, checks their events. */
  async run(label: string, txs: Tx[], options: { check?: boolean } = {}): Promise<{ from: number; to: number }> {
    const t0 = performance.now();
    const from = (await this.latest()) + 1;
    if (txs.length === 0) return { from, to: from - 1 };
    const calls = txs.map((tx) => ({
      method: "eth_sendTransaction",
      params: [
        {
          from: tx.from,
          ...(tx.to ? { to: tx.to } : {}),
          data: tx.data,
          value: hex(tx.value ?? 0n),
          gas: hex(tx.gas),
          nonce: hex(this.nextNonce(tx.from)),
          maxFeePerGas: hex(MAX_FEE),
          maxPriorityFeePerGas: hex(tx.tip ?? TIP),
        },
      ],
    }));
    const CHUNK = 250;
    const chunks: (typeof calls)[] = [];
    for (let i = 0; i < calls.length; i += CHUNK) chunks.push(calls.slice(i, i + CHUNK));
    // Two requests in flight keep the node busy without reordering anything that matters
    // (nonces order each sender; priority fees order the posts).
    let next = 0;
    const hashes: string[] = [];
    await Promise.all(
      [0, 1].map(async () => {
        while (next < chunks.length) {
          const i = next++;
          const sent = await this.rpc.batch<string>(chunks[i]);
          sent.forEach((h, k) => (hashes[i * CHUNK + k] = h));
        }
      }),
    );
    const sentAt = performance.now();
    let mined = 0;
    let blocks = 0;
    while (mined < txs.length) {
      // Full blocks would raise the base fee 12.5% each; keep it at the floor.
      await this.rpc.call("hardhat_setNextBlockBaseFeePerGas", ["0x1"]);
      await this.rpc.call("evm_mine");
      const block = await this.rpc.call<{ transactions: string[] }>("eth_getBlockByNumber", ["latest", false]);
      if (block.transactions.length === 0) {
        throw new Error(`${label}: ${txs.length - mined} transactions stay in the mempool (nonces or fees wrong?)`);
      }
      mined += block.transactions.length;
      blocks += 1;
    }
    this.txCount += txs.length;
    this.blockCount += blocks;
    const to = from + blocks - 1;
    await this.checkEvents(label, txs, from, to, options.check ?? true);
    if (GAS_REPORT) await this.recordGas(txs, hashes);
    const s = seconds(t0);
    say(
      `${label}: ${fmt(txs.length)} txs in ${blocks} blocks (${from}-${to}), ${s.toFixed(1)} s ` +
        `(send ${((sentAt - t0) / 1000).toFixed(1)} s, ${Math.round(txs.length / s)} tx/s)`,
    );
    return { from, to };
  }

  /** Compares the phase's events per name with what its transactions must emit. */
  private async checkEvents(label: string, txs: Tx[], from: number, to: number, check: boolean): Promise<void> {
    const expected = new Map<string, number>();
    for (const tx of txs) for (const e of tx.events) expected.set(e, (expected.get(e) ?? 0) + 1);
    const actual = new Map<string, number>();
    for (const log of await this.logs(from, to)) {
      const name = EVENT_NAMES.get(log.topics[0]) ?? log.topics[0];
      actual.set(name, (actual.get(name) ?? 0) + 1);
      const n = Number(log.blockNumber);
      this.eventsPerBlock.set(n, (this.eventsPerBlock.get(n) ?? 0) + 1);
      this.eventCounts.set(name, (this.eventCounts.get(name) ?? 0) + 1);
    }
    if (!check) return;
    const names = new Set([...expected.keys(), ...actual.keys()]);
    const wrong = [...names].filter((n) => (expected.get(n) ?? 0) !== (actual.get(n) ?? 0));
    if (wrong.length === 0) return;
    const detail = wrong.map((n) => `${n} ${actual.get(n) ?? 0}/${expected.get(n) ?? 0}`).join(", ");
    throw new Error(`${label}: events differ from the plan (${detail}); ${await this.firstFailure(txs, from, to)}`);
  }

  async logs(from: number, to: number): Promise<{ topics: string[]; blockNumber: string }[]> {
    const out: { topics: string[]; blockNumber: string }[] = [];
    for (let start = from; start <= to; start += 20) {
      const end = Math.min(to, start + 19);
      out.push(
        ...(await this.rpc.call<{ topics: string[]; blockNumber: string }[]>("eth_getLogs", [
          { fromBlock: hex(start), toBlock: hex(end), address: this.addresses },
        ])),
      );
    }
    return out;
  }

  private async firstFailure(txs: Tx[], from: number, to: number): Promise<string> {
    for (let n = from; n <= to; n++) {
      const block = await this.rpc.call<{ transactions: { hash: string; input: string; from: string }[] }>(
        "eth_getBlockByNumber",
        [hex(n), true],
      );
      const receipts = await this.rpc.batch<{ status: string; transactionHash: string }>(
        block.transactions.map((t) => ({ method: "eth_getTransactionReceipt", params: [t.hash] })),
      );
      const failed = receipts.findIndex((r) => r.status !== "0x1");
      if (failed >= 0) {
        const t = block.transactions[failed];
        const tx = txs.find((x) => x.data === t.input && x.from.toLowerCase() === t.from.toLowerCase());
        return `first revert: ${tx?.label ?? "?"} (${t.hash}, block ${n})`;
      }
    }
    return "no reverted transaction found";
  }

  /** Most gas used per label (the text before ":"), against its limit: to keep GAS honest. */
  readonly gasUsed = new Map<string, { used: bigint; limit: bigint }>();
  private async recordGas(txs: Tx[], hashes: string[]): Promise<void> {
    for (let i = 0; i < hashes.length; i += 500) {
      const receipts = await this.rpc.batch<{ gasUsed: string }>(
        hashes.slice(i, i + 500).map((h) => ({ method: "eth_getTransactionReceipt", params: [h] })),
      );
      receipts.forEach((r, k) => {
        const tx = txs[i + k];
        const key = tx.label.split(":")[0];
        const used = BigInt(r.gasUsed);
        const seen = this.gasUsed.get(key);
        if (!seen || used > seen.used) this.gasUsed.set(key, { used, limit: tx.gas });
      });
    }
  }

  async advance(secondsForward: number): Promise<void> {
    await this.rpc.call("evm_increaseTime", [secondsForward]);
    await this.rpc.call("hardhat_setNextBlockBaseFeePerGas", ["0x1"]);
    await this.rpc.call("evm_mine");
    this.blockCount += 1;
  }
}

const hex = (n: number | bigint) => "0x" + BigInt(n).toString(16);

// ------------------------------------------------------------------ the plan

type Actor = { address: string; wallet: Wallet };
type Fate =
  "happy" | "changes" | "rule" | "settle" | "timeout" | "auto" | "ghost" | "withdrawn" | "waiting" | "inProgress";
const FATES: [Fate, number][] = [
  ["happy", 60],
  ["changes", 6],
  ["rule", 6],
  ["settle", 3],
  ["timeout", 2],
  ["auto", 7],
  ["ghost", 5],
  ["withdrawn", 5],
  ["waiting", 3],
  ["inProgress", 3],
];
type MState = "Created" | "Funded" | "Submitted" | "Paid" | "Refunded" | "Cancelled" | "Disputed" | "Resolved";
type Milestone = {
  amount: bigint;
  bonus: bigint;
  deadline: number;
  outcomeDeadline: number;
  state: MState;
  bonusHeld: boolean;
};
type Job = {
  id: bigint;
  wave: number;
  client: Actor;
  vendor: Actor | null;
  /** The vendor is the rejecting contract: ETH pushes to it are deferred. */
  rejecting: boolean;
  eth: boolean;
  open: boolean;
  skills: string[];
  fate: Fate;
  milestones: Milestone[];
  funded: number;
  /** The arbiter's raw ERC-792 ruling for fate "rule": 0 refuses (even split), r gives the vendor r - 1 bps. */
  ruling: number;
  /** The vendor's share of a dispute, in basis points. */
  disputeBps: number;
  vendorPaid: boolean;
  clientRated: boolean;
  vendorRated: boolean;
};

function pickFate(rng: Random): Fate {
  return rng.weighted(FATES, ([, w]) => w)[0];
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
  const rpc = new Rpc(node.url);
  const chain = new Chain(rpc);
  say(`hardhat node at ${node.url}; generating ${fmt(JOBS)} jobs in ${WAVES} waves`);
  const generationStarted = performance.now();
  await rpc.call("evm_setAutomine", [false]);
  const chainId = Number(await rpc.call<string>("eth_chainId"));

  const accounts = await rpc.call<string[]>("eth_accounts");
  const [operator, treasury, arbiter] = accounts;
  const rng = new Random(values.seed!);
  const makeActor = (kind: string, i: number): Actor => {
    const wallet = new Wallet(keccak256(toUtf8Bytes(`${values.seed}:${kind}:${i}`)));
    return { address: wallet.address, wallet };
  };
  const clients = Array.from({ length: CLIENTS }, (_, i) => makeActor("client", i));
  const vendors = Array.from({ length: VENDORS }, (_, i) => makeActor("vendor", i));
  const people = [...clients, ...vendors];
  await rpc.batch(people.map((p) => ({ method: "hardhat_impersonateAccount", params: [p.address] })));
  await rpc.batch(people.map((p) => ({ method: "hardhat_setBalance", params: [p.address, hex(1_000_000n * ETH)] })));

  // -------------------------------------------------------------- deployment and setup
  const registry = getCreateAddress({ from: operator, nonce: 0 });
  const escrow = getCreateAddress({ from: operator, nonce: 1 });
  const usd = getCreateAddress({ from: operator, nonce: 2 });
  const receiver = getCreateAddress({ from: operator, nonce: 3 });
  chain.addresses = [registry, escrow];
  const deployData = (a: { abi: InterfaceAbi; bytecode: string }, args: unknown[]) =>
    a.bytecode + new Interface(a.abi).encodeDeploy(args).slice(2);
  const deployTx = (data: string, label: string): Tx => ({
    from: operator,
    to: null,
    data,
    gas: GAS.deploy,
    label,
    events: [],
  });
  const { from: startBlock } = await chain.run(
    "deploy",
    [
      deployTx(deployData(registryArtifact, []), "deploy VendorRegistry"),
      deployTx(deployData(escrowArtifact, [operator, treasury, registry, 5n * 10n ** 14n]), "deploy MosaicEscrow"),
      deployTx(deployData(usdArtifact, ["Mock USD", "mUSD", 6]), "deploy MockERC20"),
      deployTx(deployData(receiverArtifact, []), "deploy RejectingReceiver"),
    ],
    { check: false },
  );
  for (const address of [registry, escrow, usd, receiver]) {
    if ((await rpc.call<string>("eth_getCode", [address, "latest"])) === "0x")
      throw new Error(`no contract at ${address}`);
  }

  const E = (method: string, args: unknown[] = []) => escrowIface.encodeFunctionData(method, args);
  const skillTag = (s: string) => encodeBytes32String(s);
  type VendorInfo = { skills: string[]; weight: number; quoteNonce: bigint };
  const vendorInfo = new Map<string, VendorInfo>();
  const setup: Tx[] = [
    {
      from: operator,
      to: escrow,
      data: E("setDefaultArbiter", [arbiter, 100]),
      gas: GAS.setup,
      label: "setDefaultArbiter",
      events: ["DefaultArbiterSet"],
    },
    {
      from: operator,
      to: escrow,
      data: E("configureToken", [usd, true, USD]),
      gas: GAS.setup,
      label: "configureToken",
      events: ["TokenConfigured"],
    },
    // Takes effect 48 hours later: jobs from the third wave on snapshot the new fee.
    {
      from: operator,
      to: escrow,
      data: E("announceFee", [100]),
      gas: GAS.setup,
      label: "announceFee",
      events: ["FeeChangeAnnounced"],
    },
  ];
  const profileData = (info: VendorInfo, i: number) =>
    registryIface.encodeFunctionData("setProfile", [
      {
        hourlyRateCents: 3_000 + (i % 20) * 500,
        timezoneOffsetMinutes: ((i % 25) - 12) * 60,
        availabilityHours: 10 + (i % 31),
      },
      info.skills.map(skillTag),
      `${CID.slice(0, -6)}${String(i).padStart(6, "0")}`,
    ]);
  const vendorRng = rng.fork("vendors");
  vendors.forEach((v, i) => {
    const info: VendorInfo = {
      skills: vendorRng.sample(SKILLS, vendorRng.int(2, 4)),
      // A long tail: a few vendors get most of the work.
      weight: 1 / (1 + i) ** 0.8,
      quoteNonce: 0n,
    };
    vendorInfo.set(v.address, info);
    setup.push({
      from: v.address,
      to: registry,
      data: profileData(info, i),
      gas: GAS.setProfile,
      label: "setProfile",
      events: ["VendorProfileSet"],
    });
  });
  for (const v of vendorRng.sample(vendors, 5)) {
    vendorInfo.get(v.address)!.quoteNonce += 1n;
    setup.push({
      from: v.address,
      to: escrow,
      data: E("revokeQuotes"),
      gas: GAS.setup,
      label: "revokeQuotes",
      events: ["QuotesRevoked"],
    });
  }
  for (const c of clients) {
    setup.push({
      from: c.address,
      to: usd,
      data: usdIface.encodeFunctionData("mint", [c.address, 10n ** 12n * USD]),
      gas: GAS.setup,
      label: "mint",
      events: [],
    });
    setup.push({
      from: c.address,
      to: usd,
      data: usdIface.encodeFunctionData("approve", [escrow, MaxUint256]),
      gas: GAS.setup,
      label: "approve mUSD",
      events: [],
    });
  }
  // A vendor that is a contract refusing ETH: its ETH payments are deferred until it withdraws.
  const receiverSkills = ["solidity", "security"];
  const viaReceiver = (target: string, data: string, label: string, events: string[], gas = GAS.execute): Tx => ({
    from: operator,
    to: receiver,
    data: receiverIface.encodeFunctionData("execute", [target, data]),
    gas,
    label,
    events,
  });
  setup.push(
    viaReceiver(
      registry,
      profileData({ skills: receiverSkills, weight: 0, quoteNonce: 0n }, VENDORS),
      "setProfile (receiver)",
      ["VendorProfileSet"],
      GAS.setProfile,
    ),
  );
  await chain.run("setup", setup);

  // -------------------------------------------------------------- waves of jobs
  const domain = escrowDomain(chainId, escrow);
  const jobRng = rng.fork("jobs");
  const jobs: Job[] = [];
  let nextJobId = 1n;
  const vendorTx = (job: Job, to: string, data: string, label: string, events: string[], gas: bigint): Tx =>
    job.rejecting
      ? viaReceiver(to, data, `${label} (receiver)`, events, gas + 100_000n)
      : { from: job.vendor!.address, to, data, gas, label, events };
  /** Events of a credit to the vendor: the rejecting contract's ETH credits are deferred. */
  const credit = (job: Job, event: string) => (job.rejecting && job.eth ? [event, "PaymentDeferred"] : [event]);
  const rate = (job: Job, byClient: boolean, score: number): Tx => {
    if (byClient) job.clientRated = true;
    else job.vendorRated = true;
    const data = E("rate", [job.id, score]);
    return byClient
      ? { from: job.client.address, to: escrow, data, gas: GAS.rate, label: "rate vendor", events: ["Rated"] }
      : vendorTx(job, escrow, data, "rate client", ["Rated"], GAS.rate);
  };
  const approve = (job: Job, i: number): Tx => {
    job.milestones[i].state = "Paid";
    job.vendorPaid = true;
    return {
      from: job.client.address,
      to: escrow,
      data: E("approve", [job.id, i]),
      gas: GAS.approve,
      label: "approve",
      events: credit(job, "MilestoneReleased"),
    };
  };
  const funded = (job: Job) =>
    job.milestones.map((m, i) => ({ m, i })).filter(({ m }) => m.state !== "Created" && m.state !== "Cancelled");

  for (let wave = 0; wave < WAVES; wave++) {
    const waveJobs: Job[] = [];
    const count = Math.floor((JOBS * (wave + 1)) / WAVES) - Math.floor((JOBS * wave) / WAVES);
    const now = await chain.timestamp();
    for (let n = 0; n < count; n++) {
      const fate = pickFate(jobRng);
      const eth = jobRng.chance(0.4);
      const open = jobRng.chance(0.7);
      const rejecting = eth && open && fate === "happy" && jobRng.chance(0.02);
      const hired = fate !== "withdrawn" && fate !== "waiting";
      const client = jobRng.pick(clients);
      const vendor = rejecting ? null : jobRng.weighted(vendors, (v) => vendorInfo.get(v.address)!.weight);
      const vendorSkills = rejecting ? receiverSkills : vendorInfo.get(vendor!.address)!.skills;
      const skills = open ? jobRng.sample(vendorSkills, jobRng.int(0, 2)) : [];
      const count = jobRng.weighted([1, 2, 3], (k) => ({ 1: 40, 2: 35, 3: 25 })[k]!);
      const deadline = now + 20 * DAY;
      const milestones: Milestone[] = Array.from({ length: count }, (_, i) => {
        const amount = eth ? BigInt(jobRng.int(1, 200)) * 5n * 10n ** 15n : BigInt(jobRng.int(1, 50)) * 100n * USD;
        const bonus = jobRng.chance(0.15) ? amount / 5n : 0n;
        return {
          amount,
          bonus,
          deadline: deadline + i * DAY,
          outcomeDeadline: bonus ? deadline + (i + 5) * DAY : 0,
          state: "Created",
          bonusHeld: false,
        };
      });
      const fundedCount = count > 1 && jobRng.chance(0.1) ? jobRng.int(1, count - 1) : count;
      for (let i = 0; i < fundedCount; i++) {
        milestones[i].state = "Funded";
        milestones[i].bonusHeld = milestones[i].bonus > 0n;
      }
      const ruling = jobRng.pick([0, 1, 2501, 5001, 7501, 10001]);
      waveJobs.push({
        id: nextJobId++,
        wave,
        client,
        vendor: hired ? (rejecting ? { address: receiver, wallet: null as unknown as Wallet } : vendor) : null,
        rejecting,
        eth,
        open: rejecting ? true : open,
        skills,
        fate,
        milestones,
        funded: fundedCount,
        ruling,
        disputeBps:
          fate === "settle"
            ? jobRng.pick([2000, 5000, 8000])
            : fate === "timeout"
              ? 5000
              : ruling === 0
                ? 5000
                : ruling - 1,
        vendorPaid: false,
        clientRated: false,
        vendorRated: false,
      });
    }
    jobs.push(...waveJobs);
    const W = `wave ${wave + 1}/${WAVES}`;

    // 1. post and fund, in the planned order (strictly decreasing priority fees).
    const post: Tx[] = [];
    for (const job of waveJobs) {
      const terms = {
        token: job.eth ? ZeroAddress : usd,
        arbiter: ZeroAddress,
        arbiterFeeBps: 0,
        reviewWindow: 3 * DAY,
        open: job.open,
        minRating: 0,
        minRatings: 0,
        requiredSkills: job.skills.map(skillTag),
        specCid: CID,
      };
      const ms = job.milestones.map((m) => ({
        amount: m.amount,
        bonus: m.bonus,
        deadline: m.deadline,
        outcomeDeadline: m.outcomeDeadline,
      }));
      const total = job.milestones.slice(0, job.funded).reduce((s, m) => s + m.amount + m.bonus, 0n);
      const postData = E("postJob", [terms, ms]);
      const fundData = E("fund", [job.id, 0, job.funded]);
      if (job.eth) {
        post.push({
          from: job.client.address,
          to: escrow,
          data: postData,
          gas: GAS.post,
          label: "postJob",
          events: ["JobPosted"],
        });
        post.push({
          from: job.client.address,
          to: escrow,
          data: fundData,
          value: total,
          gas: GAS.fund,
          label: "fund",
          events: ["MilestonesFunded"],
        });
      } else {
        post.push({
          from: job.client.address,
          to: escrow,
          data: E("multicall", [[postData, fundData]]),
          gas: GAS.post,
          label: "multicall(postJob, fund)",
          events: ["JobPosted", "MilestonesFunded"],
        });
      }
    }
    post.forEach((tx, i) => (tx.tip = TIP + BigInt(post.length - i)));
    const posted = await chain.run(`${W} post+fund`, post);
    const logs = await rpc.call<{ topics: string[] }[]>("eth_getLogs", [
      {
        fromBlock: hex(posted.from),
        toBlock: hex(posted.to),
        address: escrow,
        topics: [escrowIface.getEvent("JobPosted")!.topicHash],
      },
    ]);
    for (const [i, log] of logs.entries()) {
      const job = waveJobs[i];
      if (BigInt(log.topics[1]) !== job.id || BigInt(log.topics[2]) !== BigInt(job.client.address)) {
        throw new Error(
          `job ${job.id} was mined out of the planned order: the node does not order its mempool by priority fee`,
        );
      }
    }

    // 2. hire (claim or quote), or withdraw; unfunded milestones are cancelled first.
    const hire: Tx[] = [];
    const chainNow = await chain.timestamp();
    for (const job of waveJobs) {
      for (const [i, m] of job.milestones.entries()) {
        if (m.state !== "Created" || job.fate === "waiting") continue;
        m.state = "Cancelled";
        hire.push({
          from: job.client.address,
          to: escrow,
          data: E("cancel", [job.id, i]),
          gas: GAS.cancel,
          label: "cancel",
          events: ["MilestoneCancelled"],
        });
      }
      if (job.fate === "withdrawn") {
        for (const { m, i } of funded(job)) {
          m.state = "Refunded";
          m.bonusHeld = false;
          hire.push({
            from: job.client.address,
            to: escrow,
            data: E("refund", [job.id, i]),
            gas: GAS.refund,
            label: "refund before hire",
            events: ["MilestoneRefunded"],
          });
        }
        continue;
      }
      if (!job.vendor) continue;
      if (job.open) {
        hire.push(
          vendorTx(job, escrow, E("claim", [job.id, job.skills.map(skillTag)]), "claim", ["VendorHired"], GAS.claim),
        );
      } else {
        const quote = {
          jobId: job.id,
          vendor: job.vendor.address,
          price: funded(job).reduce((s, { m }) => s + m.amount + m.bonus, 0n),
          nonce: vendorInfo.get(job.vendor.address)!.quoteNonce,
          expiresAt: chainNow + 2 * DAY,
        };
        const signature = await job.vendor.wallet.signTypedData(domain, QUOTE_TYPES, quote);
        hire.push({
          from: job.client.address,
          to: escrow,
          data: E("hire", [quote, signature]),
          gas: GAS.hire,
          label: "hire",
          events: ["VendorHired"],
        });
      }
    }
    await chain.run(`${W} hire`, hire);

    // 3. the vendors deliver (ghost vendors never do).
    const submit: Tx[] = [];
    for (const job of waveJobs) {
      if (!job.vendor || job.fate === "ghost") continue;
      for (const { m, i } of funded(job)) {
        m.state = "Submitted";
        submit.push(vendorTx(job, escrow, E("submit", [job.id, i, CID]), "submit", ["MilestoneSubmitted"], GAS.submit));
      }
    }
    await chain.run(`${W} submit`, submit);

    // 4. the clients review: approve (bonus, rating), ask for changes, or dispute.
    const review: Tx[] = [];
    for (const job of waveJobs) {
      const live = funded(job);
      if (job.fate === "happy") {
        for (const { i } of live) review.push(approve(job, i));
        for (const { m, i } of live) {
          if (!m.bonusHeld || !jobRng.chance(0.7)) continue;
          m.bonusHeld = false;
          review.push({
            from: job.client.address,
            to: escrow,
            data: E("releaseBonus", [job.id, i]),
            gas: GAS.releaseBonus,
            label: "releaseBonus",
            events: credit(job, "BonusReleased"),
          });
        }
        if (jobRng.chance(0.85))
          review.push(
            rate(
              job,
              true,
              jobRng.weighted([3, 4, 5], (s) => s * s),
            ),
          );
      } else if (job.fate === "changes") {
        live[0].m.state = "Funded";
        review.push({
          from: job.client.address,
          to: escrow,
          data: E("requestChanges", [job.id, 0, CID]),
          gas: GAS.requestChanges,
          label: "requestChanges",
          events: ["ChangesRequested"],
        });
        for (const { i } of live.slice(1)) review.push(approve(job, i));
      } else if (job.fate === "rule" || job.fate === "settle" || job.fate === "timeout") {
        const m0 = live[0].m;
        m0.state = "Disputed";
        m0.bonusHeld = false;
        const byVendor = jobRng.chance(0.4);
        const data = E("dispute", [job.id, 0]);
        review.push(
          byVendor
            ? vendorTx(job, escrow, data, "dispute (vendor)", ["DisputeRaised"], GAS.dispute)
            : {
                from: job.client.address,
                to: escrow,
                data,
                gas: GAS.dispute,
                label: "dispute (client)",
                events: ["DisputeRaised"],
              },
        );
        for (const { i } of live.slice(1)) review.push(approve(job, i));
      }
    }
    await chain.run(`${W} review`, review);

    // 5. resubmissions, rulings, settlements; vendors of happy jobs rate their clients.
    const follow: Tx[] = [];
    const settleDeadline = (await chain.timestamp()) + DAY;
    for (const job of waveJobs) {
      if (job.fate === "changes") {
        job.milestones[0].state = "Submitted";
        follow.push(
          vendorTx(job, escrow, E("submit", [job.id, 0, CID]), "resubmit", ["MilestoneSubmitted"], GAS.submit),
        );
      } else if (job.fate === "rule") {
        const ruling = job.ruling;
        job.milestones[0].state = "Resolved";
        if (job.disputeBps > 0) job.vendorPaid = true;
        follow.push({
          from: arbiter,
          to: escrow,
          data: E("rule", [(job.id << 8n) | 0n, ruling]),
          gas: GAS.rule,
          label: "rule",
          events: ["Ruling", ...credit(job, "DisputeResolved")],
        });
      } else if (job.fate === "settle") {
        const settlement = { jobId: job.id, index: 0, vendorBps: job.disputeBps, deadline: settleDeadline };
        const clientSig = await job.client.wallet.signTypedData(domain, SETTLEMENT_TYPES, settlement);
        const vendorSig = await job.vendor!.wallet.signTypedData(domain, SETTLEMENT_TYPES, settlement);
        job.milestones[0].state = "Resolved";
        job.vendorPaid = true;
        follow.push({
          from: job.client.address,
          to: escrow,
          data: E("settle", [job.id, 0, job.disputeBps, settleDeadline, clientSig, vendorSig]),
          gas: GAS.settle,
          label: "settle",
          events: ["DisputeResolved"],
        });
      } else if (job.fate === "happy" && !job.rejecting && jobRng.chance(0.8)) {
        follow.push(rate(job, false, jobRng.int(4, 5)));
      }
    }
    await chain.run(`${W} follow-up`, follow);

    // 6. approvals after changes; clients rate disputed jobs that paid something.
    const close: Tx[] = [];
    for (const job of waveJobs) {
      if (job.fate === "changes") close.push(approve(job, 0));
      if (
        (job.fate === "changes" || job.fate === "rule" || job.fate === "settle") &&
        job.vendorPaid &&
        jobRng.chance(0.85)
      ) {
        close.push(rate(job, true, job.fate === "changes" ? jobRng.int(3, 5) : jobRng.int(1, 4)));
      }
    }
    await chain.run(`${W} close`, close);

    // 7. vendors rate the clients of those jobs.
    const vendorRatings: Tx[] = [];
    for (const job of waveJobs) {
      if (
        (job.fate === "changes" || job.fate === "rule" || job.fate === "settle") &&
        job.vendorPaid &&
        jobRng.chance(0.8)
      ) {
        vendorRatings.push(rate(job, false, jobRng.int(2, 5)));
      }
    }
    await chain.run(`${W} vendor ratings`, vendorRatings);
    await chain.advance(DAY);
  }

  // -------------------------------------------------------------- weeks later
  await chain.advance(41 * DAY);
  const late: Tx[] = [];
  for (const job of jobs) {
    if (job.fate === "auto") {
      for (const { m, i } of funded(job)) {
        m.state = "Paid";
        job.vendorPaid = true;
        late.push(
          vendorTx(
            job,
            escrow,
            E("release", [job.id, i]),
            "release (automatic)",
            credit(job, "MilestoneReleased"),
            GAS.release,
          ),
        );
      }
    } else if (job.fate === "ghost") {
      for (const { m, i } of funded(job)) {
        m.state = "Refunded";
        m.bonusHeld = false;
        late.push({
          from: job.client.address,
          to: escrow,
          data: E("refund", [job.id, i]),
          gas: GAS.refund,
          label: "refund (deadline missed)",
          events: ["MilestoneRefunded"],
        });
      }
    } else if (job.fate === "timeout") {
      job.milestones[0].state = "Resolved";
      job.vendorPaid = true;
      late.push(
        vendorTx(
          job,
          escrow,
          E("resolveTimedOut", [job.id, 0]),
          "resolveTimedOut",
          credit(job, "DisputeResolved"),
          GAS.resolveTimedOut,
        ),
      );
    }
    if (job.fate === "waiting" || job.fate === "inProgress") continue;
    for (const [i, m] of job.milestones.entries()) {
      if (m.state !== "Paid" || !m.bonusHeld) continue;
      m.bonusHeld = false;
      late.push({
        from: job.client.address,
        to: escrow,
        data: E("returnBonus", [job.id, i]),
        gas: GAS.returnBonus,
        label: "returnBonus",
        events: ["BonusReturned"],
      });
    }
  }
  late.push({
    from: operator,
    to: receiver,
    data: receiverIface.encodeFunctionData("setAccepting", [true]),
    gas: GAS.setup,
    label: "setAccepting",
    events: [],
  });
  if (jobs.some((j) => j.rejecting && j.vendorPaid)) {
    late.push(viaReceiver(escrow, E("withdraw", [ZeroAddress, receiver]), "withdraw (receiver)", ["Withdrawn"]));
  }
  for (const token of [ZeroAddress, usd]) {
    late.push({
      from: operator,
      to: escrow,
      data: E("collectFees", [token]),
      gas: GAS.collectFees,
      label: "collectFees",
      events: ["FeesCollected"],
    });
  }
  await chain.run("late: releases, refunds, timeouts, bonuses, fees", late);
  const lateRatings: Tx[] = [];
  for (const job of jobs) {
    if ((job.fate === "auto" || job.fate === "timeout") && job.vendorPaid) {
      if (jobRng.chance(0.85)) lateRatings.push(rate(job, true, jobRng.int(2, 5)));
      if (!job.rejecting && jobRng.chance(0.8)) lateRatings.push(rate(job, false, jobRng.int(3, 5)));
    }
  }
  await chain.run("late ratings", lateRatings);
  await rpc.call("evm_setAutomine", [true]);

  const latest = await chain.latest();
  const events = [...chain.eventsPerBlock.values()].reduce((a, b) => a + b, 0);
  const generationSeconds = seconds(generationStarted);
  say(
    `chain ready: ${fmt(jobs.length)} jobs, ${fmt(chain.txCount)} transactions, ${fmt(latest)} blocks, ` +
      `${fmt(events)} events, in ${generationSeconds.toFixed(1)} s`,
  );
  if (GAS_REPORT) {
    for (const [key, { used, limit }] of [...chain.gasUsed].sort())
      console.log(`gas ${key.padEnd(26)} ${used} / ${limit}`);
  }

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
  while ((host.store.head()?.number ?? -1) < latest) {
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
  const eventsPerS = events / indexSeconds;
  say(
    `indexed ${fmt(events)} events in ${indexSeconds.toFixed(1)} s: ${fmt(Math.round(eventsPerS))} events/s ` +
      `(host CPU ${indexCpuSeconds.toFixed(1)} s; the node serves the blocks meanwhile)`,
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
  const bigJob = jobs.find((j) => j.milestones.length === 3 && j.fate === "rule")!;
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
          open minRating minRatings requiredSkills budgetUsdCents totalAmount totalBonus milestoneCount createdAt } }`,
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
  say(`queries: ${QUERIES.length} kinds x ${RUNS} runs (after ${WARM_UP} warm-up runs each), sequential over HTTP`);
  const perQuery: Record<string, { p50_ms: number; p95_ms: number; max_ms: number; entities: number; bulk?: true }> =
    {};
  const all: number[] = [];
  for (const q of QUERIES) {
    let rows = 0;
    for (let i = 0; i < WARM_UP; i++) {
      const data = await query(q.text, q.variables);
      rows = countRows(data);
    }
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await query(q.text, q.variables);
      samples.push(performance.now() - t);
    }
    samples.sort((a, b) => a - b);
    if (!q.bulk) all.push(...samples);
    perQuery[q.name] = {
      p50_ms: round(percentile(samples, 50)),
      p95_ms: round(percentile(samples, 95)),
      max_ms: round(samples[samples.length - 1]),
      entities: rows,
      ...(q.bulk ? { bulk: true as const } : {}),
    };
    say(
      `  ${q.name.padEnd(40)} p50 ${perQuery[q.name].p50_ms.toFixed(2).padStart(7)} ms  ` +
        `p95 ${perQuery[q.name].p95_ms.toFixed(2).padStart(7)} ms  (${rows} entities${q.bulk ? "; bulk, not in the headline figures" : ""})`,
    );
  }
  all.sort((a, b) => a - b);
  const p50 = round(percentile(all, 50));
  const p95 = round(percentile(all, 95));

  const results = {
    events,
    events_per_s: Math.round(eventsPerS),
    query_p50_ms: p50,
    query_p95_ms: p95,
    jobs: jobs.length,
    transactions: chain.txCount,
    blocks: latest - startBlock + 1,
    event_counts: Object.fromEntries([...chain.eventCounts].sort((a, b) => b[1] - a[1])),
    generation_seconds: round(generationSeconds),
    indexing_seconds: round(indexSeconds),
    indexing_cpu_seconds: round(indexCpuSeconds),
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
  console.log(`query p50       ${p50} ms`);
  console.log(`query p95       ${p95} ms   (target < ${TARGET_P95_MS} ms: ${p95 < TARGET_P95_MS ? "met" : "MISSED"})`);
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
