/**
 * The browser suite: starts one stack for every test file (free ports, a scratch directory, a
 * small seeded market, one production build of the web app), runs the files with Node's test
 * runner one after another, and stops the stack.
 *
 *   node test/web/e2e/run.ts [--reuse-build] [node --test flags] [file filter...]
 *
 * --reuse-build serves the existing production build (web/.next) instead of building again.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startStack, type Stack } from "../../../scripts/dev/stack.ts";
import { WEB_DIR } from "../../../scripts/dev/web.ts";
import { E2E_SEED, raiseSignInLimitForTheSuite, stackToEnv, webAppPresent } from "../support/stack.ts";

const here = import.meta.dirname;
const reuseBuild = process.argv.includes("--reuse-build");
const flags = process.argv.slice(2).filter((a) => a.startsWith("--") && a !== "--reuse-build");
const filters = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const files = readdirSync(here)
  .filter((f) => f.endsWith(".test.ts"))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort()
  .map((f) => path.join(here, f));

const dataDir = mkdtempSync(path.join(tmpdir(), "mosaic-e2e-"));
const web = webAppPresent();
const started = performance.now();
const say = (message: string) =>
  console.log(`[e2e ${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}`);

let stack: Stack | undefined;
let code = 1;
const interrupt = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => interrupt.abort());

raiseSignInLimitForTheSuite();
try {
  if (!web) say("web/ has no Next.js app in this checkout: browser tests that need it are skipped.");
  stack = await startStack({
    dataDir,
    seed: E2E_SEED,
    web: web ? "production" : false,
    buildWeb: web && !(reuseBuild && existsSync(path.join(WEB_DIR, ".next", "BUILD_ID"))),
    signal: interrupt.signal,
    onStep: say,
  });
  say(`stack ready: web ${stack.webUrl ?? "(none)"}, GraphQL ${stack.graphqlUrl}, RPC ${stack.rpcUrl}`);
  code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ["--test", "--test-concurrency=1", ...flags, ...files], {
      stdio: "inherit",
      env: { ...process.env, ...stackToEnv(stack!) },
    });
    interrupt.signal.addEventListener("abort", () => child.kill("SIGTERM"));
    child.on("exit", (exitCode) => resolve(exitCode ?? 1));
  });
} catch (error) {
  console.error(`The browser suite could not start its stack: ${(error as Error).message}`);
  console.error(`Logs: ${path.join(dataDir, "logs")}`);
} finally {
  await stack?.stop();
}
if (code === 0) rmSync(dataDir, { recursive: true, force: true });
else console.error(`Stack logs kept in ${path.join(dataDir, "logs")}`);
process.exit(code);
