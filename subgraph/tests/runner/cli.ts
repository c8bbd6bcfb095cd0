/**
 * Runs the subgraph's matchstick tests without the matchstick binary.
 *
 *   node subgraph/tests/runner/cli.ts [registry escrow-jobs ...] [--recompile] [--verbose]
 *
 * Names select test files (subgraph/tests/<name>.test.ts); none runs them all.
 */
import { parseArgs } from "node:util";
import { runSuite } from "./suite.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    recompile: { type: "boolean", default: false },
    verbose: { type: "boolean", default: false },
  },
});

const green = (text: string) => (process.stdout.isTTY ? `\x1b[32m${text}\x1b[0m` : text);
const red = (text: string) => (process.stdout.isTTY ? `\x1b[31m${text}\x1b[0m` : text);

try {
  const started = performance.now();
  const result = await runSuite({ only: positionals, force: values.recompile, verbose: values.verbose });
  if (result.rebuilt) console.log("Rebuilt the subgraph (graph codegen + graph build).");
  const compiled = result.compiled.filter((test) => test.compiled).map((test) => test.name);
  if (compiled.length > 0) console.log(`Compiled ${compiled.join(", ")}.`);
  for (const file of result.files) {
    console.log(`\n${file.file}`);
    if (file.error) console.log(red(`  ✘ ${file.error}`));
    for (const test of file.tests) {
      const name = [...test.path, test.name].join(" > ");
      if (test.passed) {
        console.log(green(`  ✔ ${name}`) + ` (${test.durationMs.toFixed(1)} ms)`);
        if (values.verbose) for (const line of test.logs) console.log(`      ${line}`);
      } else {
        console.log(red(`  ✘ ${name}`));
        for (const line of (test.error ?? "").split("\n")) console.log(`      ${line}`);
      }
    }
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const summary = `${result.passed} passed, ${result.failed} failed, ${result.passed + result.failed} total (${seconds} s)`;
  console.log(`\nmatchstick tests: ${result.failed > 0 ? red(summary) : green(summary)}`);
  process.exitCode = result.failed > 0 ? 1 : 0;
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
