/**
 * The auditors' saved queries (subgraph/queries/*.graphql in the repository): loading them with
 * their variables, and running them, page by page for those marked `# paginate: <field> <variable>`.
 * Node only (reads files); `subgraph/queries/run.ts` checks them against their expected results.
 */
import fs from "node:fs";
import path from "node:path";
import { createIndexClient, paginate, type IndexClient } from "./index-client.ts";

/** The saved set, by file name. */
export const SAVED_QUERY_NAMES = [
  "disputes",
  "fees-by-period",
  "hour-bank-money",
  "job-detail",
  "payments-export",
  "project-money",
  "reconciliation",
  "reconciliation-at-block",
  "vendor-history",
  "vendor-ratings",
] as const;
export type SavedQueryName = (typeof SAVED_QUERY_NAMES)[number];

/** The repository's saved queries (this package lives in sdk/ next to subgraph/). */
export const SAVED_QUERIES_DIR = path.resolve(import.meta.dirname, "..", "..", "subgraph", "queries");

export interface SavedQuery {
  name: string;
  text: string;
  variables: Record<string, unknown>;
  /** `# paginate: <field> <variable>`: the list to page through and the `id_gt` variable. */
  paginate: { field: string; variable: string } | null;
  expectedFile: string;
}

/** The saved queries in `dir`, sorted by name. */
export function loadSavedQueries(dir = SAVED_QUERIES_DIR): SavedQuery[] {
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

/** One saved query by name, with `variables` over its saved ones. */
export function savedQuery(name: SavedQueryName, variables: Record<string, unknown> = {}, dir?: string): SavedQuery {
  const query = loadSavedQueries(dir).find((q) => q.name === name);
  if (!query) throw new Error(`no saved query ${name}`);
  return { ...query, variables: { ...query.variables, ...variables } };
}

/** The answer's `data`; for a paginated query, every page's rows together. */
export async function runSavedQuery(client: IndexClient | string, query: SavedQuery): Promise<Record<string, unknown>> {
  const index = typeof client === "string" ? createIndexClient(client) : client;
  if (!query.paginate) return index.query<Record<string, unknown>>(query.text, query.variables);
  const { field, variable } = query.paginate;
  const first = Number(query.variables.first);
  if (!Number.isInteger(first) || first < 1) {
    throw new Error(`${query.name}: a paginated query needs a positive "first" in its variables`);
  }
  const { rows, last } = await paginate(index, query.text, {
    field,
    variables: query.variables,
    first,
    cursorVariable: variable,
  });
  return { ...last, [field]: rows };
}
