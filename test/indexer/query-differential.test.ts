// The compiled executor against graphql-js on generated queries: filters, ordering, paging,
// nested references, stored and @derivedFrom lists with their own arguments, time travel,
// aliases, fragments, variables, __typename, directives and errors. Every answer text must be
// graphql-js's, byte for byte; most must come from the compiled executor.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { EntityStore } from "../../indexer/src/store/entity-store.ts";
import { parseSubgraphSchema } from "../../indexer/src/schema/subgraph-schema.ts";
import * as BigDecimal from "../../indexer/src/runtime/big-decimal.ts";
import type { EntityData } from "../../indexer/src/store/entity-values.ts";
import { DEFAULT_LIMITS } from "../../indexer/src/graphql/limits.ts";
import { ALICE, FIXTURE_SCHEMA, account, block, changes, filledStore, job } from "./helpers/fixture-store.ts";
import { CheckedQueryService, compared } from "./query-differential.ts";

/** A small deterministic random source (mulberry32), so a failure names a query that repeats. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const chance = (p: number) => next() < p;
  return { next, pick, chance };
}

const address = (n: number) => "0x" + n.toString(16).padStart(40, "0");

/** 40 accounts, 300 jobs, 900 milestones over 6 blocks, with changes and removals along the way. */
function biggerStore(): EntityStore {
  const store = new EntityStore(":memory:", parseSubgraphSchema(FIXTURE_SCHEMA), "bigger");
  const r = random(7);
  const states = ["Open", "Hired", "Done"];
  for (let b = 1; b <= 6; b++) {
    const entries: [string, string, EntityData | null][] = [];
    for (let a = (b - 1) * 8; a < b * 8 && a < 40; a++) {
      const tags = ["solidity", "Rust", "design", "ZK", "docs"].filter(() => r.chance(0.4));
      entries.push([
        "Account",
        address(a + 1),
        account(address(a + 1), `name ${a % 7} ${a}`, BigInt(a * 37) - 100n, {
          score: r.chance(0.7) ? BigDecimal.parse(`${a % 9}.${a % 4}`) : undefined,
          tags,
          posted: BigInt(a % 5),
          favorite: r.chance(0.5) ? String(1 + Math.floor(r.next() * 50 * b)) : undefined,
        }),
      ]);
    }
    for (let j = (b - 1) * 50; j < b * 50; j++) {
      const id = String(j + 1);
      const reviewers = Array.from({ length: Math.floor(r.next() * 3) }, () =>
        address(1 + Math.floor(r.next() * b * 8)),
      );
      entries.push([
        "Job",
        id,
        job(
          id,
          address(1 + Math.floor(r.next() * b * 8)),
          `job ${j % 13} title`,
          BigInt(Math.floor(r.next() * 500)),
          r.pick(states),
          {
            rating: r.chance(0.5) ? Math.floor(r.next() * 6) : undefined,
            reviewers: [...new Set(reviewers)],
          },
        ),
      ]);
      for (let m = 0; m < 3; m++) {
        entries.push([
          "Milestone",
          `${id}-${m}`,
          { id: `${id}-${m}`, job: id, index: m, amount: BigInt(Math.floor(r.next() * 100)) },
        ]);
      }
    }
    if (b >= 4) {
      // Some jobs change state and some accounts go away.
      for (let j = 0; j < 20; j++) {
        const id = String(1 + Math.floor(r.next() * (b - 1) * 50));
        entries.push(["Job", id, job(id, address(1 + (j % 8)), `changed ${j}`, BigInt(j), "Done", { rating: j % 6 })]);
      }
      entries.push(["Account", address(b), null]);
    }
    store.commitBlock(block(b), changes(entries));
  }
  return store;
}

/** A random query over the fixture schema, and its variables. */
function generate(
  r: ReturnType<typeof random>,
  blocks: number,
): { query: string; variables?: Record<string, unknown> } {
  const variables: Record<string, unknown> = {};
  const definitions: string[] = [];
  const fragments = new Map<string, string>();
  let aliasCount = 0;
  const alias = (name: string) => (r.chance(0.15) ? `${name}_${aliasCount++}: ${name}` : name);
  const variable = (name: string, type: string, value: unknown) => {
    const v = `v${definitions.length}`;
    definitions.push(`$${v}: ${type}`);
    variables[v] = value;
    void name;
    return `$${v}`;
  };

  const blockArg = () => {
    const kind = r.pick(["none", "none", "none", "number", "hash", "gte", "future", "var"]);
    if (kind === "number") return `block: { number: ${1 + Math.floor(r.next() * blocks)} }`;
    if (kind === "hash") return `block: { hash: "${block(1 + Math.floor(r.next() * blocks)).hash}" }`;
    if (kind === "gte") return `block: { number_gte: ${Math.floor(r.next() * (blocks + 1))} }`;
    if (kind === "future") return `block: { number: ${blocks + 5} }`;
    if (kind === "var")
      return `block: ${variable("block", "Block_height", { number: 1 + Math.floor(r.next() * blocks) })}`;
    return "";
  };

  const filters: Record<string, (() => string)[]> = {
    Account: [
      () => `name_contains: "${r.pick(["a", "1", "name 3", "Al"])}"`,
      () => `name_starts_with_nocase: "${r.pick(["NAME", "al", "b"])}"`,
      () => `balance_gt: "${r.pick(["0", "100", "-50"])}"`,
      () => `tags_contains: ["${r.pick(["Rust", "design", "ZK"])}"]`,
      () => `score: null`,
      () => `score_not: null`,
      () => `jobs_: { state: ${r.pick(["Open", "Done"])} }`,
      () => `id_in: ["${ALICE}", "${address(3)}", "${address(12)}"]`,
      () => `posted_gte: "${Math.floor(r.next() * 4)}"`,
    ],
    Job: [
      () => `state: ${r.pick(["Open", "Hired", "Done"])}`,
      () => `state_in: [Open, Done]`,
      () => `budget_lt: "${Math.floor(r.next() * 600)}"`,
      () => `title_contains_nocase: "${r.pick(["JOB 1", "escrow", "changed"])}"`,
      () => `rating_not: null`,
      () => `open: ${r.pick(["true", "false"])}`,
      () => `client_: { name_starts_with: "${r.pick(["name 1", "Alice", "carol"])}" }`,
      () => `reviewers_contains: ["${r.pick([ALICE, address(2), address(9)])}"]`,
      () => `or: [{ state: Open }, { budget_gt: "200" }]`,
      () => `and: [{ rating_gte: 1 }, { rating_lte: 4 }]`,
      () => `id_gt: "${Math.floor(r.next() * 200)}"`,
      () => `budget_gt: "1", or: [{ state: Open }]`, // refused: column filter beside `or`
    ],
    Milestone: [
      () => `index: ${Math.floor(r.next() * 3)}`,
      () => `amount_gte: "${Math.floor(r.next() * 100)}"`,
      () => `job_: { state: Done }`,
      () => `job: "${1 + Math.floor(r.next() * 30)}"`,
    ],
  };
  const orders: Record<string, string[]> = {
    Account: ["id", "name", "balance", "score", "posted", "favorite", "favorite__budget"],
    Job: ["id", "title", "budget", "state", "rating", "open", "client", "client__name", "client__balance"],
    Milestone: ["id", "index", "amount", "job", "job__budget", "job__title"],
  };
  const collectionArgs = (type: string, top: boolean) => {
    const args: string[] = [];
    if (r.chance(0.5)) {
      const first = r.pick([0, 1, 2, 3, 5, 10, 50, 1000, 1001]);
      args.push(r.chance(0.2) ? `first: ${variable("first", "Int", first)}` : `first: ${first}`);
    }
    if (r.chance(0.3)) args.push(`skip: ${r.pick([0, 1, 2, 7, 40])}`);
    if (r.chance(0.5)) args.push(`orderBy: ${r.pick(orders[type])}`);
    if (r.chance(0.4)) args.push(`orderDirection: ${r.pick(["asc", "desc"])}`);
    if (r.chance(0.45)) {
      const parts = [r.pick(filters[type])()];
      if (r.chance(0.3)) parts.push(r.pick(filters[type])());
      args.push(`where: { ${parts.join(", ")} }`);
    }
    if (top) {
      const b = blockArg();
      if (b) args.push(b);
    }
    return args.length ? `(${args.join(", ")})` : "";
  };

  const scalars: Record<string, string[]> = {
    Account: ["id", "name", "balance", "score", "tags", "posted"],
    Job: ["id", "title", "budget", "state", "rating", "open"],
    Milestone: ["id", "index", "amount"],
  };
  const relations: Record<string, [string, string, boolean][]> = {
    // field, type, list
    Account: [
      ["jobs", "Job", true],
      ["favorite", "Job", false],
    ],
    Job: [
      ["client", "Account", false],
      ["reviewers", "Account", true],
      ["milestones", "Milestone", true],
    ],
    Milestone: [["job", "Job", false]],
  };

  const selection = (type: string, depth: number): string => {
    const parts: string[] = [];
    const count = 1 + Math.floor(r.next() * 4);
    for (let i = 0; i < count; i++) parts.push(alias(r.pick(scalars[type])));
    if (r.chance(0.2)) parts.push("__typename");
    if (r.chance(0.08)) parts.push(`${r.pick(scalars[type])} @include(if: ${r.pick(["true", "false"])})`);
    if (depth < 3) {
      for (const [field, target, list] of relations[type]) {
        if (!r.chance(depth === 0 ? 0.45 : 0.3)) continue;
        const args = list ? collectionArgs(target, false) : "";
        parts.push(`${alias(field)}${args} { ${selection(target, depth + 1)} }`);
      }
    }
    if (r.chance(0.15)) {
      const name = `F${fragments.size}`;
      fragments.set(name, `fragment ${name} on ${type} { ${r.pick(scalars[type])} ${r.pick(scalars[type])} }`);
      parts.push(`...${name}`);
      if (r.chance(0.3)) parts.push(`...${name}`);
    }
    if (r.chance(0.1)) parts.push(`... on ${type} { ${r.pick(scalars[type])} }`);
    if (r.chance(0.03)) parts.push("noSuchField"); // a validation error
    return parts.join(" ");
  };

  const roots: string[] = [];
  const rootCount = 1 + Math.floor(r.next() * 2);
  for (let i = 0; i < rootCount; i++) {
    const kind = r.pick(["list", "list", "list", "single", "meta", "typename"]);
    const type = r.pick(["Account", "Job", "Milestone"]);
    const plural = { Account: "accounts", Job: "jobs", Milestone: "milestones" }[type]!;
    const single = type.toLowerCase();
    const name = (n: string) => (r.chance(0.3) ? `r${i}: ${n}` : n);
    if (kind === "list") roots.push(`${name(plural)}${collectionArgs(type, true)} { ${selection(type, 0)} }`);
    else if (kind === "single") {
      const id =
        type === "Account"
          ? r.pick([ALICE, ALICE.toUpperCase().replace("0X", "0x"), address(5), address(99)])
          : r.pick(["1", "2", "3", "17", "1-0", "404"]);
      const idArg = r.chance(0.2) ? variable("id", "ID!", id) : `"${id}"`;
      const b = blockArg();
      roots.push(`${name(single)}(id: ${idArg}${b ? `, ${b}` : ""}) { ${selection(type, 0)} }`);
    } else if (kind === "meta") {
      const b = blockArg();
      roots.push(
        `${name("_meta")}${b ? `(${b})` : ""} { block { number hash ${r.pick(["timestamp", "parentHash", "__typename"])} } deployment hasIndexingErrors }`,
      );
    } else roots.push(name("__typename"));
  }
  const head = definitions.length ? `query Q(${definitions.join(", ")}) ` : r.chance(0.2) ? "query Named " : "";
  const query = `${head}{ ${roots.join(" ")} } ${[...fragments.values()].join(" ")}`;
  return { query, variables: definitions.length ? variables : undefined };
}

function runGenerated(service: CheckedQueryService, seed: number, count: number, blocks: number) {
  const r = random(seed);
  const before = { ...compared };
  for (let i = 0; i < count; i++) service.answer(generate(r, blocks));
  const answers = compared.answers - before.answers;
  const compiled = compared.compiled - before.compiled;
  console.log(`generated queries (seed ${seed}): ${compiled} of ${answers} answers written by the compiled executor`);
  return { answers, compiled };
}

describe("compiled executor against graphql-js", () => {
  it("answers generated queries on the fixture store with graphql-js's exact text", () => {
    const service = new CheckedQueryService(filledStore(), { deployment: "fixture", subgraphName: "mosaic" });
    const { answers, compiled } = runGenerated(service, 1, 600, 4);
    assert.equal(answers, 600);
    assert.ok(compiled > answers / 2, `${compiled} of ${answers} compiled`);
  });

  it("answers generated queries on a store of hundreds of rows (batched lists, shared references) alike", () => {
    const service = new CheckedQueryService(biggerStore(), { deployment: "bigger", subgraphName: "mosaic" });
    const { answers, compiled } = runGenerated(service, 2, 500, 6);
    assert.equal(answers, 500);
    assert.ok(compiled > answers / 2, `${compiled} of ${answers} compiled`);
  });

  it("answers the same under small result-size, first and skip limits", () => {
    const store = biggerStore();
    for (const limits of [{ maxResultBytes: 3_000 }, { maxResultBytes: 40_000 }, { maxFirst: 5, maxSkip: 10 }]) {
      const service = new CheckedQueryService(store, {
        deployment: "limits",
        subgraphName: "mosaic",
        limits: { ...DEFAULT_LIMITS, ...limits },
      });
      runGenerated(service, 3, 200, 6);
    }
  });

  it("answers operation names, variables and their errors alike", () => {
    const service = new CheckedQueryService(filledStore(), { deployment: "fixture", subgraphName: "mosaic" });
    const two = `query A { jobs { id } } query B($n: Int) { accounts(first: $n) { name } }`;
    for (const request of [
      { query: two },
      { query: two, operationName: "B", variables: { n: 1 } },
      { query: two, operationName: "C" },
      { query: `query($n: Int!) { jobs(first: $n) { id } }` },
      { query: `query($n: Int!) { jobs(first: $n) { id } }`, variables: { n: "two" } },
      { query: `query($w: Job_filter) { jobs(where: $w) { id } }`, variables: { w: { budget_gt: "ten" } } },
      { query: `query($w: Job_filter) { jobs(where: $w) { id title } }`, variables: { w: { title_contains: "o" } } },
      { query: `{ __schema { queryType { name } } }` },
      { query: `{ __type(name: "Job") { name } jobs { id } }` },
      { query: `subscription { jobs { id } }` },
      { query: `{ jobs(first: 2) { id client { jobs(first: 1001) { id } } } }` },
      { query: `{ accounts(block: { number: 1 }) { id favorite { id } } }` },
    ]) {
      service.answer(request);
    }
  });
});
