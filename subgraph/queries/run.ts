/**
 * Runs the saved auditor queries (subgraph/queries/*.graphql) against a subgraph endpoint and
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

export const QUERIES_DIR = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_URL = "http://127.0.0.1:8000/subgraphs/name/mosaic";

export type SavedQuery = {
  name: string;
  text: string;
  variables: Record<string, unknown>;
  paginate: { field: string; variable: string } | null;
  expectedFile: string;
};

export type QueryOutcome = { name: string; ok: boolean; message: string; actual?: unknown };

/** The saved queries in `dir`, by name. */
export function loadSavedQueries(dir = QUERIES_DIR): SavedQuery[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".graphql"))
    .sort()
    .map((file) => {
      const name = file.slice(0, -".graphql".length);
      const text = fs.readFileSync(path.join(dir, file), "utf8");
      const variablesFile = path.join(dir, `${name}.variables.json`);
      const variables = fs.existsSync(variablesFile)
        ? (JSON.parse(fs.readFileSync(variablesFile, "utf8")) as Record<string, unknown>)
        : {};
      const page = /^#\s*paginate:\s*(\w+)\s+(\w+)\s*$/m.exec(text);
      return {
        name,
        text,
        variables,
        paginate: page ? { field: page[1], variable: page[2] } : null,
        expectedFile: path.join(dir, `${name}.expected.json`),
      };
    });
}

async function post(url: string, query: string, variables: Record<string, unknown>): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body: { data?: Record<string, unknown>; errors?: { message: string }[] };
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`);
  }
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join("; "));
  if (!response.ok || !body.data) throw new Error(`HTTP ${response.status}: no data`);
  return body.data;
}

/** The answer's `data`; for a paginated query, every page's rows together. */
export async function executeSavedQuery(url: string, query: SavedQuery): Promise<Record<string, unknown>> {
  if (!query.paginate) return post(url, query.text, query.variables);
  const { field, variable } = query.paginate;
  const first = Number(query.variables.first);
  if (!Number.isInteger(first) || first < 1) {
    throw new Error(`${query.name}: a paginated query needs a positive "first" in its variables`);
  }
  const rows: { id: string }[] = [];
  let cursor = query.variables[variable];
  let result: Record<string, unknown> = {};
  for (let page = 0; page < 10_000; page++) {
    result = await post(url, query.text, { ...query.variables, [variable]: cursor });
    const batch = result[field] as { id: string }[] | undefined;
    if (!Array.isArray(batch)) throw new Error(`${query.name}: the answer has no list \`${field}\` to paginate`);
    rows.push(...batch);
    if (batch.length < first) break;
    cursor = batch[batch.length - 1].id;
  }
  return { ...result, [field]: rows };
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
  const deadline = Date.now() + timeoutMs;
  let last = "no answer yet";
  for (;;) {
    try {
      const data = await post(url, "{ _meta { block { number } hasIndexingErrors } }", {});
      const meta = data._meta as { block: { number: number }; hasIndexingErrors: boolean };
      if (meta.hasIndexingErrors) throw new Error(`${url} reports indexing errors`);
      if (meta.block.number >= block) return;
      last = `indexed up to block ${meta.block.number}`;
    } catch (error) {
      if ((error as Error).message.includes("indexing errors")) throw error;
      last = (error as Error).message;
    }
    if (Date.now() > deadline) throw new Error(`${url} did not reach block ${block} in time (${last})`);
    await new Promise((r) => setTimeout(r, 500));
  }
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
