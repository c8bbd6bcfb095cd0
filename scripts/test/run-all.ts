/**
 * `npm test`: runs every suite, streams its output, and closes with one line of its own:
 * `N passed, N failed` (plus `, N skipped` when any were skipped).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

interface Suite {
  name: string;
  command: string[];
  /** Reads the counts from the suite's output; the TAP file is set for node:test suites. */
  parse: (output: string, tapFile?: string) => Counts | undefined;
  nodeTest?: boolean;
}

const node = process.execPath;
const hardhat = ["node_modules/hardhat/dist/src/cli.js"];

function sum(pattern: RegExp, text: string): number {
  let total = 0;
  for (const match of text.matchAll(pattern)) total += Number(match[1]);
  return total;
}

/** Mocha's closing lines: "12 passing", "1 failing", "2 pending". */
function parseMocha(output: string): Counts | undefined {
  if (!/\d+ passing/.test(output) && !/\d+ failing/.test(output)) return undefined;
  return {
    passed: sum(/(\d+) passing/g, output),
    failed: sum(/(\d+) failing/g, output),
    skipped: sum(/(\d+) pending/g, output),
  };
}

/** Hardhat's Solidity test runner: "N passing", "N failing", "N skipped" per run summary. */
function parseSolidity(output: string): Counts | undefined {
  const clean = output.replace(/\x1b\[[0-9;]*m/g, "");
  if (!/\d+ passing/.test(clean) && !/\d+ failing/.test(clean)) return undefined;
  return {
    passed: sum(/(\d+) passing/g, clean),
    failed: sum(/(\d+) failing/g, clean),
    skipped: sum(/(\d+) skipped/g, clean),
  };
}

/** Node's test runner, read from its TAP report: "# pass N", "# fail N", "# skipped N", "# todo N". */
function parseTap(_output: string, tapFile?: string): Counts | undefined {
  if (!tapFile) return undefined;
  let tap: string;
  try {
    tap = readFileSync(tapFile, "utf8");
  } catch {
    return undefined;
  }
  const last = (name: string) => {
    const all = [...tap.matchAll(new RegExp(`^# ${name} (\\d+)$`, "gm"))];
    return all.length ? Number(all[all.length - 1][1]) : undefined;
  };
  const passed = last("pass");
  const failed = last("fail");
  if (passed === undefined || failed === undefined) return undefined;
  // "# skipped" counts skipped tests only; a skipped describe is one "# SKIP" line and no tests.
  const skipLines = [...tap.matchAll(/^\s*ok \d+ - .* # SKIP\b/gm)].length;
  const skipped = Math.max(last("skipped") ?? 0, skipLines);
  return { passed, failed: failed + (last("cancelled") ?? 0), skipped: skipped + (last("todo") ?? 0) };
}

const suites: Suite[] = [
  {
    name: "contracts: Solidity fuzz, invariant and unit tests",
    command: [node, ...hardhat, "test", "solidity"],
    parse: parseSolidity,
  },
  { name: "contracts: TypeScript tests", command: [node, ...hardhat, "test", "mocha"], parse: parseMocha },
  { name: "matching", command: [node, "--test", "test/matching/"], parse: parseTap, nodeTest: true },
  {
    name: "subgraph: build and mapping tests",
    command: [node, "--test", "test/subgraph/"],
    parse: parseTap,
    nodeTest: true,
  },
  {
    // Unit tests, then sdk/examples/*.ts run against a Hardhat node on a free port (and the local
    // indexer, for the index example: after the subgraph suite, which builds the subgraph).
    name: "sdk: unit tests and the README's examples against a local node",
    command: [node, "--test", "--import=./scripts/test/contracts-module.ts", "sdk/test/*.test.ts"],
    parse: parseTap,
    nodeTest: true,
  },
  {
    name: "market driver: fast and signing paths through the contracts, automining restored, dropped connections retried",
    command: [node, "--test", "--import=./scripts/test/contracts-module.ts", "market/chain/test/*.test.ts"],
    parse: parseTap,
    nodeTest: true,
  },
  {
    name: "indexer: store, GraphQL, reorgs, end to end",
    command: [node, "--test", "test/indexer/*.test.ts"],
    parse: parseTap,
    nodeTest: true,
  },
  {
    name: "web API: sign-in, sessions, documents, CAR export",
    command: [node, "--test", "test/web/api/*.test.ts"],
    parse: parseTap,
    nodeTest: true,
  },
  {
    // One stack and one production build of the web app for every browser test (test/web/e2e/run.ts);
    // the two-instance test in the next suite serves the same build.
    name: "web: browser end to end in Chromium",
    command: [node, "test/web/e2e/run.ts"],
    parse: parseTap,
    nodeTest: true,
  },
  {
    name: "web store: the same cases on the embedded and PostgreSQL backends; two instances on one database",
    command: [node, "--test", "test/web/store/*.test.ts", "test/web/multi-instance.test.ts"],
    parse: parseTap,
    nodeTest: true,
  },
  {
    name: "web production: IPFS client, docs:pin, CAR export in Helia, rate limits, headers",
    command: [node, "--test", "test/web/ipfs/*.test.ts", "test/web/server/*.test.ts"],
    parse: parseTap,
    nodeTest: true,
  },
  {
    name: "deploy: public-network pipeline, graph-node setup",
    // One file at a time: both compile the contracts into the same artifacts folder.
    command: [node, "--test", "--test-concurrency=1", "test/deploy/*.test.ts"],
    parse: parseTap,
    nodeTest: true,
  },
];

const only = process.argv.slice(2);
const selected = only.length ? suites.filter((s) => only.some((o) => s.name.startsWith(o))) : suites;
const scratch = mkdtempSync(join(tmpdir(), "mosaic-test-"));
const totals: Counts = { passed: 0, failed: 0, skipped: 0 };
const report: string[] = [];

for (const suite of selected) {
  console.log(`\n━━ ${suite.name} ━━`);
  let args = suite.command.slice(1);
  let tapFile: string | undefined;
  if (suite.nodeTest) {
    tapFile = join(scratch, `${report.length}.tap`);
    args = [
      args[0],
      "--test-reporter=spec",
      "--test-reporter-destination=stdout",
      "--test-reporter=tap",
      `--test-reporter-destination=${tapFile}`,
      ...args.slice(1),
    ];
  }
  const started = performance.now();
  const { code, output } = await run(suite.command[0], args);
  // Wall time per suite: what keeps the whole run inside its budget is visible in every log.
  const took = `(${((performance.now() - started) / 1000).toFixed(0)} s)`;
  const counts = suite.parse(output, tapFile);
  if (!counts) {
    // A suite that crashed before reporting counts as one failure, never as silence.
    totals.failed += 1;
    report.push(`${suite.name}: crashed (exit ${code}) before reporting results ${took}`);
    continue;
  }
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  report.push(
    `${suite.name}: ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ""} ${took}`,
  );
}
rmSync(scratch, { recursive: true, force: true });

console.log("\n━━ summary ━━");
for (const line of report) console.log(line);
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`);
process.exitCode = totals.failed === 0 ? 0 : 1;

function run(command: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, FORCE_COLOR: "0" },
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk;
      process.stderr.write(chunk);
    });
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}
