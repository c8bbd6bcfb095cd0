/**
 * Runs the saved auditor queries (subgraph/queries/*.graphql, loaded and run by `@mosaic/sdk/saved-queries`) against a subgraph endpoint and
 * compares each answer with its expected result (<name>.expected.json), produced on the
 * deterministic scenario (scenario.ts). The endpoint can be the local host (indexer/) or a
 * graph-node that indexed the same scenario.
 *
 *   node subgraph/queries/run.ts [--url http://127.0.0.1:8000/subgraphs/name/mosaic]
 *                                [--only name,name] [--wait-block N] [--update]
 *
 * Files per query: <name>.graphql (one operation), optional <name>.variables.json, and
 * <name>.expected.json (the `data` of the answer). A query whose file has a line
 * `# paginate: <field> <variable>` is run page by page: <variable> (used as `id_gt`) starts at
 * its value in the variables file and becomes the last id of each page, until a page has fewer
 * rows than `$first`; the expected result holds all the rows.
 *
 * --wait-block N  first wait until the endpoint has indexed block N (`_meta`), up to 2 minutes
 * --update        write the answers as the new expected results (review the diff!)
 * Exit status: 0 when every query matched, 1 otherwise.
 *
 * test/indexer/saved-queries.test.ts plays the scenario on a fresh Hardhat node, indexes it with
 * the local host and checks every query; `UPDATE_SAVED_QUERIES=1` there regenerates the expected
 * results after a deliberate change to the scenario, the queries or the subgraph.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createIndexClient, waitUntilIndexed } from "@mosaic/sdk/index-client";
import { loadSavedQueries, runSavedQuery, type SavedQuery } from "@mosaic/sdk/saved-queries";

export const DEFAULT_URL = "http://127.0.0.1:8000/subgraphs/name/mosaic";

export type QueryOutcome = { name: string; ok: boolean; message: string; actual?: unknown };

export { loadSavedQueries, type SavedQuery };

/** The answer's `data`; for a paginated query, every page's rows together. */
export function executeSavedQuery(url: string, query: SavedQuery): Promise<Record<string, unknown>> {
  return runSavedQuery(url, query);
}

/** Where two JSON values first differ (a path and both values), or null when they are equal. */
export function firstDifference(expected: unknown, actual: unknown, at = "data"): string | null {
  const show = (v: unknown) => {
    const s = JSON.stringify(v);
    return s === undefined ? "nothing" : s.length > 120 ? `${s.slice(0, 117)}...` : s;
  };
  if (Array.isArray(expected) || Array.isArray(actual)) {
    if (!Array.isArray(expected) || !Array.isArray(actual)) {
      return `${at}: expected ${show(expected)}, got ${show(actual)}`;
    }
    for (let i = 0; i < Math.min(expected.length, actual.length); i++) {
      const d = firstDifference(expected[i], actual[i], `${at}[${i}]`);
      if (d) return d;
    }
    if (expected.length !== actual.length) {
      return `${at}: expected ${expected.length} items, got ${actual.length}`;
    }
    return null;
  }
  if (expected && actual && typeof expected === "object" && typeof actual === "object") {
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    for (const key of new Set([...Object.keys(e), ...Object.keys(a)])) {
      if (!(key in a)) return `${at}.${key}: expected ${show(e[key])}, missing`;
      if (!(key in e)) return `${at}.${key}: not expected, got ${show(a[key])}`;
      const d = firstDifference(e[key], a[key], `${at}.${key}`);
      if (d) return d;
    }
    return null;
  }
  return expected === actual ? null : `${at}: expected ${show(expected)}, got ${show(actual)}`;
}

/** Waits until the endpoint's `_meta` block is at least `block`. */
export async function waitForBlock(url: string, block: number, timeoutMs = 120_000): Promise<void> {
  await waitUntilIndexed(createIndexClient(url), block, { timeoutMs });
}

/** Runs the queries and compares (or, with `update`, rewrites) their expected results. */
export async function runSavedQueries(options: {
  url?: string;
  dir?: string;
  only?: string[];
  update?: boolean;
}): Promise<QueryOutcome[]> {
  const url = options.url ?? DEFAULT_URL;
  const all = loadSavedQueries(options.dir);
  const queries = all.filter((q) => !options.only?.length || options.only.includes(q.name));
  const outcomes: QueryOutcome[] = [];
  for (const name of options.only ?? []) {
    if (!all.some((q) => q.name === name)) outcomes.push({ name, ok: false, message: "no saved query by that name" });
  }
  for (const query of queries) {
    let actual: Record<string, unknown>;
    try {
      actual = await executeSavedQuery(url, query);
    } catch (error) {
      outcomes.push({ name: query.name, ok: false, message: `query failed: ${(error as Error).message}` });
      continue;
    }
    if (options.update) {
      fs.writeFileSync(query.expectedFile, JSON.stringify(actual, null, 2) + "\n");
      outcomes.push({ name: query.name, ok: true, message: "expected result written", actual });
      continue;
    }
    if (!fs.existsSync(query.expectedFile)) {
      outcomes.push({ name: query.name, ok: false, message: `no ${path.basename(query.expectedFile)}`, actual });
      continue;
    }
    const expected = JSON.parse(fs.readFileSync(query.expectedFile, "utf8"));
    const difference = firstDifference(expected, actual);
    outcomes.push({ name: query.name, ok: difference === null, message: difference ?? "matches", actual });
  }
  return outcomes;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      url: { type: "string", default: DEFAULT_URL },
      only: { type: "string" },
      "wait-block": { type: "string" },
      update: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(
      "Usage: node subgraph/queries/run.ts [--url URL] [--only name,name] [--wait-block N] [--update]\n" +
        `Runs subgraph/queries/*.graphql against URL (default ${DEFAULT_URL}) and compares with *.expected.json.`,
    );
    process.exit(0);
  }
  const url = values.url!;
  try {
    if (values["wait-block"]) await waitForBlock(url, Number(values["wait-block"]));
    const outcomes = await runSavedQueries({
      url,
      only: values.only?.split(",").map((s) => s.trim()),
      update: values.update,
    });
    for (const o of outcomes) console.log(`${o.ok ? "ok  " : "FAIL"} ${o.name.padEnd(24)} ${o.message}`);
    const failed = outcomes.filter((o) => !o.ok).length;
    console.log(
      values.update
        ? `wrote ${outcomes.length} expected results from ${url}`
        : `${outcomes.length - failed}/${outcomes.length} saved queries match at ${url}`,
    );
    process.exitCode = failed || outcomes.length === 0 ? 1 : 0;
  } catch (error) {
    console.error(`saved queries: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
