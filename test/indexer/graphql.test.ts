import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { CheckedQueryService as QueryService, compared } from "./query-differential.ts";
import { createQueryServer, listen } from "../../indexer/src/server/http-server.ts";
import { queryFieldNames } from "../../indexer/src/graphql/naming.ts";
import {
  ALICE,
  BOB,
  CAROL,
  FIXTURE_SCHEMA,
  account,
  block,
  changes,
  filledStore,
  job,
} from "./helpers/fixture-store.ts";
import type { EntityData } from "../../indexer/src/store/entity-values.ts";
import { EntityStore } from "../../indexer/src/store/entity-store.ts";
import { parseSubgraphSchema } from "../../indexer/src/schema/subgraph-schema.ts";

const service = new QueryService(filledStore(), { deployment: "local-test", subgraphName: "mosaic" });

function query(text: string, variables?: Record<string, unknown>) {
  return JSON.parse(JSON.stringify(service.execute({ query: text, variables })));
}

function data(text: string, variables?: Record<string, unknown>) {
  const result = query(text, variables);
  assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  return result.data;
}

function error(text: string): string {
  const result = query(text);
  assert.ok(result.errors?.length, `expected an error, got ${JSON.stringify(result.data)}`);
  return result.errors.map((e: { message: string }) => e.message).join("\n");
}

const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

describe("generated schema", () => {
  it("introspects graph-node's scalars and directives, used or not", () => {
    const result = data(`{ __schema { types { name kind } directives { name locations args { name } } } }`);
    const scalars = (result.__schema.types as { name: string; kind: string }[])
      .filter((t) => t.kind === "SCALAR")
      .map((t) => t.name);
    for (const name of ["BigDecimal", "BigInt", "Bytes", "Int8", "Timestamp", "String", "Int", "Boolean", "ID"]) {
      assert.ok(scalars.includes(name), `${name} in ${scalars.join(", ")}`);
    }
    const directives = result.__schema.directives as { name: string; locations: string[]; args: { name: string }[] }[];
    const byName = new Map(directives.map((d) => [d.name, d]));
    for (const name of ["skip", "include", "entity", "subgraphId", "derivedFrom"]) assert.ok(byName.has(name), name);
    assert.deepEqual(byName.get("derivedFrom")!.locations, ["FIELD_DEFINITION"]);
    assert.deepEqual(byName.get("derivedFrom")!.args, [{ name: "field" }]);
    assert.match(error(`{ jobs @entity { id } }`), /Directive "@entity" may not be used on FIELD/);
  });

  it("names query fields like graph-node", () => {
    assert.deepEqual(queryFieldNames("Job"), { single: "job", collection: "jobs" });
    assert.deepEqual(queryFieldNames("FeeAccrual"), { single: "feeAccrual", collection: "feeAccruals" });
    assert.deepEqual(queryFieldNames("DailyStat"), { single: "dailyStat", collection: "dailyStats" });
    assert.deepEqual(queryFieldNames("Protocol"), { single: "protocol", collection: "protocols" });
    assert.deepEqual(queryFieldNames("Activity"), { single: "activity", collection: "activities" });
    assert.deepEqual(queryFieldNames("ProtocolStats"), {
      single: "protocolStats",
      collection: "protocolStats_collection",
    });
  });

  it("serializes BigInt, BigDecimal, Int8 and Bytes as strings", () => {
    const { account } = data(`{ account(id: "${CAROL}") { id balance score posted } }`);
    assert.deepEqual(account, { id: CAROL, balance: "1000000000000000000000000000000", score: "-0.25", posted: "3" });
  });

  it("looks Bytes ids up case-insensitively and answers null for unknown ids", () => {
    assert.equal(data(`{ account(id: "${ALICE.toUpperCase().replace("0X", "0x")}") { name } }`).account.name, "Alice");
    assert.equal(data(`{ job(id: "404") { id } }`).job, null);
  });
});

describe("filters", () => {
  it("compares BigInts numerically, not as text", () => {
    assert.deepEqual(ids(data(`{ jobs(where: { budget_gt: "100" }) { id } }`).jobs), ["1", "3"]);
    assert.deepEqual(ids(data(`{ jobs(where: { budget_lte: 300 }) { id } }`).jobs), ["2", "3"]);
    assert.deepEqual(
      ids(data(`{ accounts(where: { balance_gte: "1000000000000000000000000000000" }) { id } }`).accounts),
      [CAROL],
    );
  });

  it("supports equality, _not, _in and _not_in", () => {
    assert.deepEqual(ids(data(`{ jobs(where: { state: Open }) { id } }`).jobs), ["3"]);
    assert.deepEqual(ids(data(`{ jobs(where: { state_not: Open }) { id } }`).jobs), ["1", "2"]);
    assert.deepEqual(ids(data(`{ jobs(where: { id_in: ["1", "3", "9"] }) { id } }`).jobs), ["1", "3"]);
    assert.deepEqual(ids(data(`{ jobs(where: { id_not_in: ["1"] }) { id } }`).jobs), ["2", "3"]);
    assert.deepEqual(ids(data(`{ jobs(where: { id_in: [] }) { id } }`).jobs), []);
  });

  it("supports string operators, with and without case", () => {
    assert.deepEqual(ids(data(`{ jobs(where: { title_contains: "the" }) { id } }`).jobs), ["1"]);
    assert.deepEqual(ids(data(`{ jobs(where: { title_starts_with: "Write" }) { id } }`).jobs), ["3"]);
    assert.deepEqual(ids(data(`{ jobs(where: { title_ends_with: "logo" }) { id } }`).jobs), ["2"]);
    assert.deepEqual(ids(data(`{ jobs(where: { title_starts_with_nocase: "write" }) { id } }`).jobs), ["3"]);
    assert.deepEqual(ids(data(`{ jobs(where: { title_starts_with: "write" }) { id } }`).jobs), []);
    assert.deepEqual(ids(data(`{ accounts(where: { name_contains_nocase: "ALI" }) { id } }`).accounts), [ALICE]);
    assert.deepEqual(ids(data(`{ jobs(where: { title_not_contains: "logo" }) { id } }`).jobs), ["1", "3"]);
  });

  it("keeps a NUL in a string filter: it matches no title rather than every one", () => {
    for (const op of ["contains", "contains_nocase", "starts_with", "ends_with_nocase"]) {
      assert.deepEqual(ids(data(`{ jobs(where: { title_${op}: "\\u0000zz" }) { id } }`).jobs), [], op);
    }
    assert.deepEqual(ids(data(`{ jobs(where: { title_not_contains: "\\u0000" }) { id } }`).jobs), ["1", "2", "3"]);
    assert.deepEqual(ids(data(`{ jobs(where: { title_contains: "" }) { id } }`).jobs), ["1", "2", "3"]);
  });

  it("filters Bytes on byte boundaries", () => {
    assert.deepEqual(ids(data(`{ accounts(where: { id_contains: "0xa1" }) { id } }`).accounts), [ALICE]);
    assert.deepEqual(ids(data(`{ accounts(where: { id_contains: "0x0a" }) { id } }`).accounts), []);
  });

  it("filters null and non-null fields", () => {
    assert.deepEqual(ids(data(`{ jobs(where: { rating: null }) { id } }`).jobs), ["2", "3"]);
    assert.deepEqual(ids(data(`{ jobs(where: { rating_not: null }) { id } }`).jobs), ["1"]);
  });

  it("filters lists with _contains and _not_contains", () => {
    assert.deepEqual(ids(data(`{ accounts(where: { tags_contains: ["Rust"] }) { id } }`).accounts), [ALICE]);
    assert.deepEqual(ids(data(`{ accounts(where: { tags_contains_nocase: ["rust"] }) { id } }`).accounts), [ALICE]);
    assert.deepEqual(ids(data(`{ jobs(where: { reviewers_contains: ["${BOB}"] }) { id } }`).jobs), ["3"]);
    assert.deepEqual(ids(data(`{ accounts(where: { tags_not_contains: ["Rust"] }) { id } }`).accounts), [CAROL]);
  });

  it("filters through references, lists of references and derived fields", () => {
    assert.deepEqual(ids(data(`{ jobs(where: { client_: { name: "carol" } }) { id } }`).jobs), ["3"]);
    assert.deepEqual(ids(data(`{ jobs(where: { reviewers_: { name: "Bob" } }, block: { number: 3 }) { id } }`).jobs), [
      "3",
    ]);
    assert.deepEqual(ids(data(`{ accounts(where: { jobs_: { budget_gt: "500" } }) { id } }`).accounts), [ALICE]);
    assert.deepEqual(ids(data(`{ jobs(where: { milestones_: { amount: "400" } }) { id } }`).jobs), ["1"]);
  });

  it("combines filters with and / or", () => {
    assert.deepEqual(ids(data(`{ jobs(where: { or: [{ state: Open }, { rating: 5 }] }) { id } }`).jobs), ["1", "3"]);
    assert.deepEqual(ids(data(`{ jobs(where: { and: [{ budget_gt: "60" }, { budget_lt: "500" }] }) { id } }`).jobs), [
      "3",
    ]);
  });

  it("refuses column filters beside `or`, with graph-node's error, rather than reading them as AND", () => {
    const message = error(`{ jobs(where: { budget_gt: "60", or: [{ state: Open }, { rating: 5 }] }) { id } }`);
    assert.match(
      message,
      /^Cannot mix column filters with 'or' operator at the same level\. Found column filter\(s\) 'budget_gt' alongside 'or' operator\.\n\nInstead of:\nwhere: \{ 'budget_gt', or: \[\.\.\.\] \}/,
    );
    assert.match(
      error(`{ jobs(where: { or: [{ state: Open, or: [{ rating: 5 }] }] }) { id } }`),
      /'state' alongside 'or'/,
    );
    assert.deepEqual(
      ids(data(`{ jobs(where: { or: [{ state: Open }], _change_block: { number_gte: 0 } }) { id } }`).jobs),
      ["3"],
      "_change_block may stand beside or",
    );
  });

  it("filters on the block an entity last changed at", () => {
    assert.deepEqual(ids(data(`{ jobs(where: { _change_block: { number_gte: 2 } }) { id } }`).jobs), ["1", "3"]);
  });

  it("accepts variables for every scalar", () => {
    const result = data(
      `query($min: BigInt!, $who: Bytes!) { jobs(where: { budget_gte: $min, client: $who }) { id } }`,
      { min: "1000", who: ALICE },
    );
    assert.deepEqual(ids(result.jobs), ["1"]);
  });
});

describe("ordering and pagination", () => {
  it("orders by id by default and by any scalar field on request", () => {
    assert.deepEqual(ids(data(`{ jobs { id } }`).jobs), ["1", "2", "3"]);
    assert.deepEqual(ids(data(`{ jobs(orderBy: budget) { id } }`).jobs), ["2", "3", "1"]);
    assert.deepEqual(ids(data(`{ jobs(orderBy: budget, orderDirection: desc) { id } }`).jobs), ["1", "3", "2"]);
    assert.deepEqual(ids(data(`{ accounts(orderBy: score) { id } }`).accounts), [CAROL, ALICE]);
  });

  it("orders by a referenced entity's field", () => {
    assert.deepEqual(ids(data(`{ jobs(orderBy: client__name, block: { number: 3 }) { id } }`).jobs), ["1", "2", "3"]);
    assert.deepEqual(
      ids(data(`{ jobs(orderBy: client__balance, orderDirection: desc, block: { number: 3 }) { id } }`).jobs),
      ["3", "1", "2"],
    );
    // Bob is removed at block 4: his job sorts as null, last ascending like Postgres.
    assert.deepEqual(ids(data(`{ jobs(orderBy: client__name) { id } }`).jobs), ["1", "3", "2"]);
  });

  it("pages with first and skip", () => {
    assert.deepEqual(ids(data(`{ jobs(first: 2) { id } }`).jobs), ["1", "2"]);
    assert.deepEqual(ids(data(`{ jobs(first: 2, skip: 2) { id } }`).jobs), ["3"]);
  });

  it("refuses first above 1000 like graph-node, and leaves skip unbounded like its default", () => {
    assert.match(error(`{ jobs(first: 1001) { id } }`), /The `first` argument must be between 0 and 1000, but is 1001/);
    assert.deepEqual(data(`{ jobs(skip: 5001) { id } }`).jobs, []);
  });
});

describe("nested and derived fields", () => {
  it("resolves references and @derivedFrom lists with their own arguments", () => {
    const { account } = data(`{ account(id: "${ALICE}") {
      favorite { id title }
      jobs(orderBy: budget, orderDirection: desc) { id milestones(orderBy: index, first: 1) { id amount } }
    } }`);
    assert.deepEqual(account.favorite, { id: "2", title: "Design a logo" });
    assert.deepEqual(account.jobs, [{ id: "1", milestones: [{ id: "1-0", amount: "600" }] }]);
  });

  it("reads a level's @derivedFrom lists for all its rows at once, each row's list filtered, ordered and paged alone", () => {
    // Three clients with jobs, each job with milestones: accounts -> jobs -> milestones.
    const store = new EntityStore(":memory:", parseSubgraphSchema(FIXTURE_SCHEMA), "batched-lists");
    const entries: [string, string, EntityData | null][] = [];
    for (const [a, client] of [ALICE, BOB, CAROL].entries()) {
      entries.push(["Account", client, account(client, `client ${a}`, 1n)]);
      for (let j = 0; j < 3; j++) {
        const id = `${a}${j}`;
        entries.push(["Job", id, job(id, client, `job ${id}`, BigInt(100 * j + a), j === 1 ? "Hired" : "Open")]);
        for (let m = 0; m < 4; m++) {
          entries.push(["Milestone", `${id}-${m}`, { id: `${id}-${m}`, job: id, index: m, amount: BigInt(10 * m) }]);
        }
      }
    }
    store.commitBlock(block(1), changes(entries.filter(([type]) => type !== "Milestone")));
    store.commitBlock(block(2), changes(entries.filter(([type]) => type === "Milestone")));
    const own = new QueryService(store, { deployment: "batched", subgraphName: "mosaic" });
    const answer = (text: string) => {
      const result = JSON.parse(JSON.stringify(own.execute({ query: text })));
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      return result.data;
    };
    const milestones = `milestones(orderBy: index, orderDirection: desc, first: 2, skip: 1, where: { amount_gt: 0 }) { id amount }`;
    const jobs = `jobs(orderBy: budget, first: 2, where: { state: Open }) { id budget ${milestones} }`;
    for (const at of ["", "block: { number: 1 }", "block: { number: 2 }"]) {
      const batched = answer(`{ accounts(orderBy: id${at ? `, ${at}` : ""}) { id ${jobs} } }`).accounts;
      // One account at a time: a single parent row, so each list is read on its own.
      const single = batched.map(
        (a: { id: string }) => answer(`{ account(id: "${a.id}"${at ? `, ${at}` : ""}) { id ${jobs} } }`).account,
      );
      assert.deepEqual(batched, single);
      assert.equal(batched.length, 3);
      for (const a of batched) assert.equal(a.jobs.length, 2);
    }
    const atHead = answer(`{ accounts(orderBy: id) { ${jobs} } }`).accounts;
    assert.deepEqual(
      atHead[0].jobs.map((j: { milestones: { id: string }[] }) => j.milestones.map((m) => m.id)),
      [
        ["00-2", "00-1"],
        ["02-2", "02-1"],
      ],
    );
    // A list's bad arguments are still reported on that list.
    const bad = JSON.parse(JSON.stringify(own.execute({ query: `{ accounts { jobs(first: 5000) { id } } }` })));
    assert.match(bad.errors[0].message, /The `first` argument must be between 0 and 1000/);
    assert.deepEqual(bad.errors[0].path.slice(-1), ["jobs"]);
  });

  it("reads a nested @derivedFrom list for a parent that its level's batch did not include", () => {
    // Job 1's two reviewers read their jobs in one batch; job 2's one reviewer is not in that
    // batch (under the same field of the query) and reads its own.
    const store = new EntityStore(":memory:", parseSubgraphSchema(FIXTURE_SCHEMA), "nested");
    store.commitBlock(
      block(1),
      changes([
        ["Account", ALICE, account(ALICE, "Alice", 1n)],
        ["Account", BOB, account(BOB, "Bob", 1n)],
        ["Account", CAROL, account(CAROL, "carol", 1n)],
        ["Job", "1", job("1", ALICE, "one", 1n, "Open", { reviewers: [ALICE, BOB] })],
        ["Job", "2", job("2", CAROL, "two", 2n, "Open", { reviewers: [CAROL] })],
      ]),
    );
    const own = new QueryService(store, { deployment: "nested", subgraphName: "mosaic" });
    const result = own.execute({ query: `{ jobs(orderBy: id) { id reviewers { id jobs { id } } } }` });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    assert.deepEqual((result.data as { jobs: unknown[] }).jobs, [
      {
        id: "1",
        reviewers: [
          { id: ALICE, jobs: [{ id: "1" }] },
          { id: BOB, jobs: [] },
        ],
      },
      { id: "2", reviewers: [{ id: CAROL, jobs: [{ id: "2" }] }] },
    ]);
  });

  it("resolves stored lists of references, filtered", () => {
    const { job } = data(`{ job(id: "3") { reviewers(where: { name_starts_with: "A" }) { name } client { name } } }`);
    assert.deepEqual(job, { reviewers: [{ name: "Alice" }], client: { name: "carol" } });
  });
});

describe("time travel", () => {
  it("answers at a past block by number or hash", () => {
    assert.equal(data(`{ account(id: "${ALICE}", block: { number: 1 }) { balance } }`).account.balance, "100");
    assert.equal(
      data(`{ account(id: "${ALICE}", block: { hash: "${block(2).hash}" }) { balance } }`).account.balance,
      "250",
    );
    assert.deepEqual(ids(data(`{ jobs(block: { number: 1 }) { id } }`).jobs), ["1", "2"]);
    assert.equal(data(`{ job(id: "1", block: { number: 2 }) { state milestones { id } } }`).job.state, "Open");
  });

  it("sees removed entities before their removal only", () => {
    assert.equal(data(`{ account(id: "${BOB}", block: { number: 3 }) { name } }`).account.name, "Bob");
    assert.equal(data(`{ account(id: "${BOB}") { name } }`).account, null);
  });

  it("keeps nested fields at the query's block", () => {
    const { job } = data(`{ job(id: "2", block: { number: 3 }) { client { name } } }`);
    assert.equal(job.client.name, "Bob");
  });

  it("refuses blocks not indexed yet and unknown hashes", () => {
    assert.match(
      error(`{ jobs(block: { number: 99 }) { id } }`),
      /has only indexed up to block number 4 and data for block number 99 is therefore not yet available/,
    );
    assert.match(error(`{ jobs(block: { hash: "0x${"ee".repeat(32)}" }) { id } }`), /no block with that hash found/);
    assert.match(error(`{ jobs(block: { number_gte: 10 }) { id } }`), /only indexed up to block number 4/);
    assert.deepEqual(ids(data(`{ jobs(block: { number_gte: 4 }) { id } }`).jobs), ["1", "2", "3"]);
  });
});

describe("_meta", () => {
  it("reports the head block, the deployment and indexing errors", () => {
    const { _meta } = data(`{ _meta { block { number hash timestamp parentHash } deployment hasIndexingErrors } }`);
    assert.deepEqual(_meta, {
      block: { number: 4, hash: block(4).hash, timestamp: block(4).timestamp, parentHash: block(4).parentHash },
      deployment: "local-test",
      hasIndexingErrors: false,
    });
    assert.equal(data(`{ _meta(block: { number: 2 }) { block { number hash } } }`)._meta.block.hash, block(2).hash);
  });
});

describe("unsupported or invalid queries", () => {
  it("answers each with a GraphQL error, never a different result", () => {
    assert.match(error(`{ jobs(where: { title_like: "x" }) { id } }`), /title_like/);
    assert.match(error(`{ jobs(orderBy: reviewers) { id } }`), /Job_orderBy/);
    assert.match(error(`{ jobSearch(text: "audit") { id } }`), /Cannot query field "jobSearch"/);
    assert.match(error(`mutation { jobs { id } }`), /mutation/i);
    assert.match(error(`subscription { jobs { id } }`), /subscription/i);
    assert.match(error(`{ accounts(where: { balance_gt: "ten" }) { id } }`), /Invalid BigInt value/);
    assert.match(error(`{ accounts(where: { id: "0xabc" }) { id } }`), /Invalid Bytes value/);
    assert.match(error(`{ jobs { id `), /Syntax Error/);
  });

  it("explains an empty request", () => {
    assert.match(JSON.stringify(service.execute({})), /has no query/);
  });
});

describe("interfaces", () => {
  const schema = `
    interface Event { id: ID! amount: BigInt! }
    type Deposit implements Event @entity(immutable: true) { id: ID! amount: BigInt! from: String! }
    type Refund implements Event @entity(immutable: true) { id: ID! amount: BigInt! reason: String! }
  `;
  const store = new EntityStore(":memory:", parseSubgraphSchema(schema), "interfaces");
  store.commitBlock(
    block(1),
    changes([
      ["Deposit", "d1", { id: "d1", amount: 30n, from: "alice" }],
      ["Refund", "r1", { id: "r1", amount: 10n, reason: "late" }],
      ["Deposit", "d2", { id: "d2", amount: 20n, from: "bob" }],
    ]),
  );
  const events = new QueryService(store, { deployment: "x", subgraphName: "mosaic" });

  it("queries every implementation, ordered and paged across them", () => {
    const result = JSON.parse(
      JSON.stringify(
        events.execute({
          query: `{ events(orderBy: amount, first: 2) { id amount ... on Deposit { from } ... on Refund { reason } } event(id: "r1") { __typename } }`,
        }),
      ),
    );
    assert.deepEqual(result, {
      data: {
        events: [
          { id: "r1", amount: "10", reason: "late" },
          { id: "d2", amount: "20", from: "bob" },
        ],
        event: { __typename: "Refund" },
      },
    });
  });
});

describe("HTTP server", () => {
  let url = "";
  const server = createQueryServer({ host: "127.0.0.1", port: 0, subgraphName: "mosaic", queries: service });
  before(async () => {
    const port = await listen(server, "127.0.0.1", 0);
    url = `http://127.0.0.1:${port}/subgraphs/name/mosaic`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("answers POST with JSON on both endpoint paths, with CORS", async () => {
    for (const endpoint of [url, `${url}/graphql`]) {
      const response = await fetch(endpoint, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ jobs(first: 1) { id } }" }),
      });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get("access-control-allow-origin"), "*");
      assert.deepEqual(await response.json(), { data: { jobs: [{ id: "1" }] } });
    }
  });

  it("answers GET with a query string", async () => {
    const response = await fetch(`${url}?query=${encodeURIComponent('{ job(id: "2") { title } }')}`);
    assert.deepEqual(await response.json(), { data: { job: { title: "Design a logo" } } });
  });

  it("serves the self-contained query page to browsers", async () => {
    const response = await fetch(url, { headers: { accept: "text/html" } });
    assert.match(response.headers.get("content-type")!, /text\/html/);
    const html = await response.text();
    assert.match(html, /<textarea id="query"/);
    assert.doesNotMatch(html, /<script src=|<link [^>]*href="http/);
  });

  it("explains bad requests and unknown paths", async () => {
    const bad = await fetch(url, { method: "POST", body: "not json" });
    assert.equal(bad.status, 400);
    const missing = await fetch(url.replace("mosaic", "other"), { method: "POST", body: "{}" });
    assert.equal(missing.status, 404);
    assert.match(JSON.stringify(await missing.json()), /this host serves \/subgraphs\/name\/mosaic/);
  });
});

describe("compiled executor", () => {
  it("answered these tests' queries with graphql-js's text, most of them without graphql-js", () => {
    assert.ok(compared.answers > 0);
    assert.ok(compared.compiled > compared.answers / 3, `${compared.compiled} of ${compared.answers} compiled`);
    console.log(`compiled executor: ${compared.compiled} of ${compared.answers} answers written without graphql-js`);
  });
});
