/**
 * The browser suite: starts the stacks the test files share (free ports, scratch directories, a
 * small seeded market, one production build of the web app), runs the files, and stops the stacks.
 *
 *   node test/web/e2e/run.ts [--reuse-build] [node --test flags] [file filter...]
 *
 * --reuse-build serves the existing production build (web/.next) instead of building again.
 *
 * The files run in two lanes at once, each on a stack of its own (both serve the one build):
 *   - the main lane runs the files that leave the shared state alone, then the files of SERIAL,
 *     one file at a time (each pauses new business, stops the indexer or counts on
 *     no one else posting meanwhile; one that moves the chain's clock comes last);
 *   - the clock lane runs the files of CLOCK one after another: most move the chain's clock days
 *     ahead, which would expire the quotes and deadlines of tests running beside them; the others
 *     compare a page with everything the index holds, or start stacks of their own.
 * A file in none of the lists runs alone in the main lane. With a file filter that leaves a
 * lane empty, everything runs on one stack. A main-lane file whose run hangs (a test past the
 * timeout) is run once more, and the output says so; a failed assertion is never run again.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { HOST, freePort } from "../../../scripts/dev/ports.ts";
import { ProcessGroups } from "../../../scripts/dev/processes.ts";
import { startStack, type Stack } from "../../../scripts/dev/stack.ts";
import { WEB_DIR, startWeb, waitForPage } from "../../../scripts/dev/web.ts";
import { E2E_SEED, raiseSignInLimitForTheSuite, stackToEnv, webAppPresent } from "../support/stack.ts";

/** Files that move the chain's clock: one after another, on a stack of their own. */
const CLOCK: Record<string, string> = {
  "client-outcomes.test.ts": "40 days ahead, past deadlines and outcome deadlines",
  "vendor.test.ts": "past a review window",
  "audit.test.ts": "(no clock) compares the page with every token and record the index holds",
  "job-board.test.ts": "(no clock) compares the board with every open job the index holds",
  "dev-stack.test.ts": "(no clock) starts stacks of its own; here it does not slow the main lane",
};

/** Files of the main lane that run after the others (see the reason given for each). */
const SERIAL: Record<string, string> = {
  "money-safety.test.ts": "pauses new business; stops the indexer",
  "operator.test.ts": "announces a fee; pauses new business",
  "projects-create.test.ts": "pauses new business; turns automine off",
  "board-cache.test.ts": "pauses new business",
  "client-journey.test.ts": "checks that its job is the next id: no one else may post meanwhile",
  "wallet-connectors.test.ts": "starts web servers of its own, with other settings",
  // Last on the main stack (it timed out in the clock lane on a loaded machine, and passes here).
  "hour-banks.test.ts": "moves the chain's clock 90 days ahead, past a bank's expiry: last",
};

/** Files of the main lane that leave the shared state alone. */
const STATE_NEUTRAL = new Set([
  "projects-review.test.ts",
  "people.test.ts",
  "review-reply.test.ts",
  "thread.test.ts",
  "projects-relay.test.ts",
  "wallet-remount.test.ts",
  "wallet-and-sign-in.test.ts",
  "inbox.test.ts",
  "hiring.test.ts",
  "harness.test.ts",
  "page-basics.test.ts",
  "sign-in-rate-limit.test.ts",
]);

const here = import.meta.dirname;
const reuseBuild = process.argv.includes("--reuse-build");
const flags = process.argv.slice(2).filter((a) => a.startsWith("--") && a !== "--reuse-build");
const filters = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const names = readdirSync(here)
  .filter((f) => f.endsWith(".test.ts"))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
const neutral = [...STATE_NEUTRAL].filter((f) => names.includes(f));
// Node's runner orders the files of one run by name: the last ones get a run of their own.
const last = (f: string) => SERIAL[f]?.endsWith(": last") ?? false;
const serial = names.filter((f) => !STATE_NEUTRAL.has(f) && !(f in CLOCK));
const clock = names.filter((f) => f in CLOCK);
const twoStacks = clock.length > 0 && neutral.length + serial.length > 0;

const web = webAppPresent();
const started = performance.now();
const say = (message: string) =>
  console.log(`[e2e ${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}`);

const stacks: Stack[] = [];
const scratch = mkdtempSync(path.join(tmpdir(), "mosaic-e2e-"));
const webGroups = new ProcessGroups(path.join(scratch, "stack-2", "logs"));
const interrupt = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => interrupt.abort());

/** The reporters asked for (run-all asks for spec on stdout and TAP in a file); spec by default. */
const reporterFlags = flags.filter((f) => f.startsWith("--test-reporter"));
const otherFlags = flags.filter((f) => !f.startsWith("--test-reporter"));
// A test that hangs (a page call waiting on a browser that stopped answering) fails after 150 s,
// more than three times the slowest file on a loaded machine, instead of holding the whole suite.
const TIMEOUT_MS = 150_000;
if (!otherFlags.some((f) => f.startsWith("--test-timeout"))) otherFlags.push(`--test-timeout=${TIMEOUT_MS}`);
if (reporterFlags.length === 0) reporterFlags.push("--test-reporter=spec", "--test-reporter-destination=stdout");
const fileDestinations = reporterFlags
  .filter((f) => f.startsWith("--test-reporter-destination=") && !/=(stdout|stderr)$/.test(f))
  .map((f) => f.slice("--test-reporter-destination=".length));

interface Run {
  code: number;
  output: string;
  /** The parts of reporters' files this run wrote. */
  parts: string[];
}
let runs = 0;
const parts = new Map<string, string[]>();

/**
 * Runs `files` with node's test runner against `stack`, one file at a time. Its output
 * streams through, or (`buffered`) is printed in one piece when it ends, so lanes do not interleave.
 */
function runFiles(stack: Stack, files: string[], buffered: boolean): Promise<Run> {
  if (files.length === 0) return Promise.resolve({ code: 0, output: "", parts: [] });
  const id = runs++;
  // Each run writes its own part of a reporter's file; the parts are joined at the end.
  const written: string[] = [];
  const reporters = reporterFlags.map((flag) => {
    const file = fileDestinations.find((d) => flag === `--test-reporter-destination=${d}`);
    if (!file) return flag;
    const part = `${file}.part${id}`;
    parts.set(file, [...(parts.get(file) ?? []), part]);
    written.push(part);
    return `--test-reporter-destination=${part}`;
  });
  return new Promise<Run>((resolve) => {
    const child = spawn(
      process.execPath,
      ["--test", "--test-concurrency=1", ...reporters, ...otherFlags, ...files.map((f) => path.join(here, f))],
      { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...stackToEnv(stack) } },
    );
    let output = "";
    const take = (stream: NodeJS.WriteStream) => (chunk: Buffer) => {
      output += chunk.toString();
      if (!buffered) stream.write(chunk);
    };
    child.stdout.on("data", take(process.stdout));
    child.stderr.on("data", take(process.stderr));
    const stop = () => child.kill("SIGTERM");
    interrupt.signal.addEventListener("abort", stop);
    child.on("close", (exitCode) => {
      interrupt.signal.removeEventListener("abort", stop);
      if (buffered) process.stdout.write(output);
      resolve({ code: exitCode ?? 1, output, parts: written });
    });
  });
}

/**
 * Runs one file; a run that hung (a test past the timeout: a browser that stopped answering, not a
 * failed assertion) is said, left out of the results and run once more. The hang seen so far, a
 * context close Chromium never confirmed, is bounded where contexts are made (support/browser.ts);
 * this catches any other.
 */
async function runFileWithRetryOnHang(stack: Stack, file: string): Promise<Run> {
  const first = await runFiles(stack, [file], false);
  if (!/test timed out after \d+ms/.test(first.output)) return first;
  say(`${file} hung (a test ran past its timeout): that run is left out and the file runs once more`);
  for (const part of first.parts) rmSync(part, { force: true });
  for (const [reporterFile, list] of parts) {
    parts.set(
      reporterFile,
      list.filter((p) => !first.parts.includes(p)),
    );
  }
  return runFiles(stack, [file], false);
}

/** Joins the parts of a TAP file: one header, top-level tests numbered on, one plan and one summary. */
function joinTap(file: string, partFiles: string[]): void {
  const summary = new Map<string, number>();
  const body: string[] = [];
  let top = 0;
  for (const part of partFiles) {
    if (!existsSync(part)) continue;
    for (const line of readFileSync(part, "utf8").split("\n")) {
      const total = /^# (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) ([\d.]+)$/.exec(line);
      if (total) summary.set(total[1], (summary.get(total[1]) ?? 0) + Number(total[2]));
      else if (/^TAP version/.test(line) || /^1\.\.\d+$/.test(line) || line === "") continue;
      else if (/^(not )?ok \d+ /.test(line)) body.push(line.replace(/^((?:not )?ok) \d+/, `$1 ${++top}`));
      else body.push(line);
    }
    rmSync(part, { force: true });
  }
  const totals = [...summary].map(([name, n]) => `# ${name} ${name === "duration_ms" ? n.toFixed(3) : n}`);
  writeFileSync(file, ["TAP version 13", ...body, `1..${top}`, ...totals, ""].join("\n"));
}

/** "ℹ pass 12" (spec) or "# pass 12" (TAP) summed over the runs. */
function count(outputs: string[], name: string): number {
  const pattern = new RegExp(`^(?:ℹ|#) ${name} (\\d+)$`, "gm");
  return outputs.reduce((sum, out) => sum + [...out.matchAll(pattern)].reduce((s, m) => s + Number(m[1]), 0), 0);
}

/** Serves the production build for `stack` (started without a web app), as the stack would. */
async function serveBuild(stack: Stack): Promise<string> {
  const port = await freePort();
  say(`stack 2: Starting the web app (production build) on http://${HOST}:${port}`);
  const managed = await startWeb(webGroups, {
    mode: "production",
    port,
    rpcUrl: stack.rpcUrl,
    graphqlUrl: stack.graphqlUrl,
    chainId: stack.chainId,
    dataDir: path.join(stack.dataDir, "web"),
  });
  const url = `http://${HOST}:${port}`;
  await waitForPage(`${url}/`, managed);
  return url;
}

let code = 1;
raiseSignInLimitForTheSuite();
try {
  if (!web) say("web/ has no Next.js app in this checkout: browser tests that need it are skipped.");
  const start = (n: number, withWeb: boolean, build: boolean, onStep?: (message: string) => void) =>
    startStack({
      dataDir: path.join(scratch, `stack-${n}`),
      seed: E2E_SEED,
      web: withWeb ? "production" : false,
      buildWeb: build,
      signal: interrupt.signal,
      onStep: (message) => {
        say(twoStacks ? `stack ${n}: ${message}` : message);
        onStep?.(message);
      },
    });
  // The clock lane's stack starts once the main stack has deployed (the deployments take turns
  // under the repository's lock, and the build waits for the first), its web app once the build
  // exists: both serve it.
  let deployed = () => {};
  const clockStack = twoStacks
    ? new Promise<void>((resolve) => (deployed = resolve)).then(() => start(2, false, false))
    : undefined;
  clockStack?.then((s) => stacks.push(s)).catch(() => {});
  const build = web && !(reuseBuild && existsSync(path.join(WEB_DIR, ".next", "BUILD_ID")));
  const main = await start(1, web, build, (message) => {
    if (/^Starting the indexer/.test(message)) deployed();
  });
  stacks.push(main);
  say(`stack ready: web ${main.webUrl ?? "(none)"}, GraphQL ${main.graphqlUrl}, RPC ${main.rpcUrl}`);
  if (twoStacks) {
    say(`main lane: ${neutral.length} files, then ${serial.length} more; clock lane: ${clock.length} files`);
  }
  const unlisted = serial.filter((f) => !(f in SERIAL));
  if (unlisted.length) say(`not listed in run.ts, so run alone: ${unlisted.join(", ")}`);

  const mainLane = async (): Promise<Run[]> => {
    const alone = twoStacks ? serial : [...serial, ...clock];
    // One file at a time: two browsers signing in on one stack at once made sign-in steps wait
    // past their timeouts (a review never published, a wallet call that never returned).
    const runs: Run[] = [];
    for (const file of [...neutral, ...alone.filter((f) => !last(f)), ...alone.filter(last)]) {
      runs.push(await runFileWithRetryOnHang(main, file));
    }
    return runs;
  };
  const clockLane = async (): Promise<Run[]> => {
    if (!clockStack) return [];
    const second = await clockStack;
    const webUrl = web ? await serveBuild(second) : undefined;
    say(`stack 2 ready for the clock lane (${clock.join(", ")}); its output follows when it ends`);
    return [await runFiles({ ...second, webUrl }, clock, true)];
  };
  const results = (await Promise.all([mainLane(), clockLane()])).flat();
  for (const [file, partFiles] of parts) joinTap(file, partFiles);
  const outputs = results.map((r) => r.output);
  const failed = count(outputs, "fail") + count(outputs, "cancelled");
  code = results.every((r) => r.code === 0) && failed === 0 ? 0 : 1;
  say(
    `browser suite: ${count(outputs, "tests")} tests, ${count(outputs, "pass")} passed, ${failed} failed` +
      (count(outputs, "skipped") ? `, ${count(outputs, "skipped")} skipped` : ""),
  );
} catch (error) {
  console.error(`The browser suite could not start its stacks: ${(error as Error).message}`);
  interrupt.abort();
} finally {
  await Promise.all([webGroups.stop(), ...stacks.map((s) => s.stop())]);
}
if (code === 0) rmSync(scratch, { recursive: true, force: true });
else console.error(`Stack logs kept in ${scratch}/stack-*/logs`);
process.exit(code);
