// Hostile and heavy queries: each fails alone with a clear GraphQL error, within graph-node's
// limits, and never holds up other queries or the indexing thread.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { CheckedQueryService as QueryService, compared } from "./query-differential.ts";
import { QueryPool } from "../../indexer/src/graphql/query-pool.ts";
import { DEFAULT_LIMITS, limitsFromEnv } from "../../indexer/src/graphql/limits.ts";
import type { QueryLimits } from "../../indexer/src/graphql/limits.ts";
import { createQueryServer, listen } from "../../indexer/src/server/http-server.ts";
import { ResultCache } from "../../indexer/src/graphql/result-cache.ts";
import { queryLane } from "../../indexer/src/graphql/query-cost.ts";
import { EntityStore } from "../../indexer/src/store/entity-store.ts";
import { parseSubgraphSchema } from "../../indexer/src/schema/subgraph-schema.ts";
import { ALICE, FIXTURE_SCHEMA, account, block, changes, filledStore, job } from "./helpers/fixture-store.ts";

const service = (limits: Partial<QueryLimits> = {}) =>
  new QueryService(filledStore(), {
    deployment: "local-test",
    subgraphName: "mosaic",
    limits: { ...DEFAULT_LIMITS, ...limits },
  });

const messages = (result: { errors?: readonly { message: string }[] }) =>
  (result.errors ?? []).map((e) => e.message).join("\n");

/** A store file with `count` jobs of Alice's at block 1. */
function bigStore(file: string, count: number): EntityStore {
  const store = new EntityStore(file, parseSubgraphSchema(FIXTURE_SCHEMA), "big");
  const entries: [string, string, ReturnType<typeof job>][] = [["Account", ALICE, account(ALICE, "Alice", 1n)]];
  for (let i = 0; i < count; i++) {
    entries.push([
      "Job",
      String(i).padStart(5, "0"),
      job(String(i).padStart(5, "0"), ALICE, `job ${i}`, BigInt(i), "Open"),
    ]);
  }
  store.commitBlock(block(1), changes(entries));
  return store;
}

/** A query of `aliases` copies of a 1000-row job list (~90 KB of rows each). */
const heavyQuery = (aliases: number) =>
  `{ ${Array.from({ length: aliases }, (_, i) => `a${i}: jobs(first: 1000) { id title budget state client { id name } }`).join(" ")} }`;

describe("result size (problem 1: one huge answer used to kill the process)", () => {
  it("answers a query over the result size limit with graph-node's error, and the next one normally", () => {
    const s = service({ maxResultBytes: 2_000 });
    const query = `{ ${Array.from({ length: 200 }, (_, i) => `a${i}: jobs { id title budget }`).join(" ")} }`;
    const result = s.execute({ query });
    assert.match(messages(result), /the result size of \d+ is larger than the allowed limit of 2000/);
    assert.equal(result.data, undefined, "no partial data");
    assert.equal(s.execute({ query: "{ jobs(first: 1) { id } }" }).errors, undefined);
  });

  it("counts every alias of a field: the limit measures the answer, not the rows read", () => {
    const s = service({ maxResultBytes: 20_000 });
    const aliases = Array.from({ length: 2000 }, (_, i) => `t${i}: title`).join(" ");
    const result = s.execute({ query: `{ jobs(first: 1) { ${aliases} } }` });
    assert.match(messages(result), /the result size of \d+ is larger than the allowed limit of 20000/);
    const fits = s.execute({ query: `{ jobs(first: 1) { ${aliases.split(" ").slice(0, 100).join(" ")} } }` });
    assert.equal(fits.errors, undefined);
    assert.ok(JSON.stringify(fits).length < 20_000);
  });

  it("reads the limits from graph-node's environment variables", () => {
    const limits = limitsFromEnv({
      GRAPH_GRAPHQL_QUERY_TIMEOUT: "2",
      GRAPH_GRAPHQL_MAX_FIRST: "10",
      GRAPH_GRAPHQL_MAX_SKIP: "20",
      GRAPH_GRAPHQL_MAX_DEPTH: "4",
      GRAPH_GRAPHQL_ERROR_RESULT_SIZE: "1_000_000",
      INDEXER_PARSE_CACHE_MB: "8",
    });
    assert.deepEqual(
      { ...limits, maxTokens: 0, resultCacheBytes: 0 },
      {
        timeoutMs: 2000,
        maxFirst: 10,
        maxSkip: 20,
        maxDepth: 4,
        maxResultBytes: 1_000_000,
        maxTokens: 0,
        parseCacheBytes: 8 * 1024 * 1024,
        resultCacheBytes: 0,
      },
    );
    const s = service(limits);
    assert.match(messages(s.execute({ query: "{ jobs(first: 11) { id } }" })), /between 0 and 10, but is 11/);
    assert.match(messages(s.execute({ query: "{ jobs(first: 1, skip: 21) { id } }" })), /between 0 and 20, but is 21/);
    assert.throws(() => limitsFromEnv({ GRAPH_GRAPHQL_MAX_FIRST: "many" }), /GRAPH_GRAPHQL_MAX_FIRST=many/);
    assert.throws(() => limitsFromEnv({ GRAPH_GRAPHQL_MAX_DEPTH: "256" }), /GRAPH_GRAPHQL_MAX_DEPTH=256 is above 255/);
    assert.equal(limitsFromEnv({ GRAPH_GRAPHQL_MAX_DEPTH: "255" }).maxDepth, 255);
    assert.equal(limitsFromEnv({ GRAPH_QUERY_CACHE_MAX_MEM: "3" }).resultCacheBytes, 3_000_000, "MB, as graph-node");
  });
});

describe("parse cache (problem 2: it kept 200 documents whatever their size)", () => {
  it("stays within its byte budget whatever the queries", () => {
    const budget = 4 * 1024 * 1024;
    const s = service({ parseCacheBytes: budget });
    for (let q = 0; q < 60; q++) {
      const text = `{ ${Array.from({ length: 400 }, (_, i) => `q${q}_${i}: jobs(first: 1) { id }`).join(" ")} }`;
      assert.equal(s.execute({ query: text }).errors, undefined);
      assert.ok(s.cachedDocumentBytes <= budget, `cache holds ${s.cachedDocumentBytes} bytes`);
    }
    assert.ok(s.cachedDocumentBytes > 0, "small documents are still cached");
  });
});

describe("query workers (problem 3: queries ran on the indexing thread)", () => {
  let dir: string;
  let store: EntityStore;
  let pool: QueryPool;
  const data = () => ({
    file: path.join(dir, "big.sqlite"),
    schemaText: FIXTURE_SCHEMA,
    deployment: "local-test",
    subgraphName: "mosaic",
  });

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "indexer-limits-"));
    store = bigStore(path.join(dir, "big.sqlite"), 3000);
    pool = new QueryPool({ ...data(), workers: 2, limits: DEFAULT_LIMITS });
    await pool.ready();
  });
  after(async () => {
    await pool.close();
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("answers _meta and lets the indexer commit while a heavy query runs", async () => {
    const order: string[] = [];
    const heavy = pool.run({ query: heavyQuery(60) }).then((answer) => {
      order.push("heavy");
      return answer;
    });
    // The indexing thread is free: it commits a block while the heavy query runs.
    await new Promise((resolve) => setTimeout(resolve, 0));
    store.commitBlock(block(2), changes([["Job", "new", job("new", ALICE, "while querying", 1n, "Open")]]));
    order.push("committed");
    const meta = await pool.run({ query: '{ _meta { block { number } } job(id: "new") { title } }' });
    order.push("meta");
    assert.deepEqual(JSON.parse(meta.body), {
      data: { _meta: { block: { number: 2 } }, job: { title: "while querying" } },
    });
    const answer = await heavy;
    assert.deepEqual(order, ["committed", "meta", "heavy"]);
    const result = JSON.parse(answer.body);
    assert.equal(result.errors, undefined);
    assert.equal(result.data.a59.length, 1000);
  });

  it("answers light queries on their own lane while heavy ones queue", async () => {
    const lanes = new QueryPool({
      ...data(),
      workers: 1,
      lightWorkers: 1,
      limits: DEFAULT_LIMITS,
      apiSchema: service().schema,
    });
    try {
      await lanes.ready();
      const order: string[] = [];
      const heavy = [0, 1, 2].map((i) =>
        lanes.run({ query: heavyQuery(20) }).then((answer) => {
          order.push(`heavy ${i}`);
          return answer;
        }),
      );
      assert.equal(lanes.queued.heavy, 2, "two heavy queries wait for the shared worker");
      const light = [
        "{ _meta { block { number } } }",
        '{ job(id: "00001") { title client { name } } }',
        "{ jobs(first: 5) { id client { id } } }",
      ].map((query, i) =>
        lanes.run({ query }).then((answer) => {
          order.push(`light ${i}`);
          return answer;
        }),
      );
      for (const answer of await Promise.all(light)) assert.equal(JSON.parse(answer.body).errors, undefined);
      assert.deepEqual(order, ["light 0", "light 1", "light 2"], "no light query waited for a heavy one");
      for (const answer of await Promise.all(heavy)) assert.equal(JSON.parse(answer.body).errors, undefined);
    } finally {
      await lanes.close();
    }
  });

  it("sends a query estimated heavy to the light lane once its runs show that it reads little", async () => {
    const lanes = new QueryPool({
      ...data(),
      workers: 1,
      lightWorkers: 1,
      limits: DEFAULT_LIMITS,
      apiSchema: service().schema,
      // Far below the heavy queries' time, far above the cheap one's on a busy machine.
      lightObservedMs: 100,
    });
    try {
      await lanes.ready();
      // `first: 1000` counts a thousand rows; the filter leaves one.
      const cheap = '{ jobs(first: 1000, where: { id: "00001" }) { id title } }';
      assert.equal(queryLane(cheap, undefined, service().schema), "heavy");
      for (let i = 0; i < 3; i++) {
        assert.deepEqual(JSON.parse((await lanes.run({ query: cheap })).body), {
          data: { jobs: [{ id: "00001", title: "job 1" }] },
        });
      }
      const order: string[] = [];
      const heavy = [0, 1, 2].map((i) =>
        lanes.run({ query: heavyQuery(20) }).then((answer) => {
          order.push(`heavy ${i}`);
          return answer;
        }),
      );
      assert.equal(lanes.queued.heavy, 2, "two heavy queries wait for the shared worker");
      const again = lanes.run({ query: cheap }).then((answer) => {
        order.push("cheap");
        return answer;
      });
      // Never run: its estimate decides, and it waits with the heavy ones.
      const unseen = lanes.run({ query: '{ jobs(first: 999, where: { id: "00001" }) { id } }' });
      assert.equal(lanes.queued.heavy, 3);
      assert.equal(JSON.parse((await again).body).errors, undefined);
      assert.deepEqual(order, ["cheap"], "the cheap query did not wait for a heavy one");
      for (const answer of await Promise.all([...heavy, unseen])) {
        assert.equal(JSON.parse(answer.body).errors, undefined);
      }
    } finally {
      await lanes.close();
    }
  });

  it("counts the time a query waits in the queue toward its timeout", async () => {
    const strict = new QueryPool({
      ...data(),
      workers: 1,
      lightWorkers: 0,
      limits: { ...DEFAULT_LIMITS, timeoutMs: 200 },
    });
    try {
      await strict.ready();
      const slow = strict.run({ query: heavyQuery(400) });
      const queued = strict.run({ query: "{ jobs(first: 1) { id } }" });
      assert.deepEqual(JSON.parse((await queued).body), { errors: [{ message: "Query timed out" }] });
      assert.deepEqual(JSON.parse((await slow).body), { errors: [{ message: "Query timed out" }] });
      const next = await strict.run({ query: "{ jobs(first: 1) { id } }" });
      assert.deepEqual(JSON.parse(next.body), { data: { jobs: [{ id: "00000" }] } });
    } finally {
      await strict.close();
    }
  });

  it("estimates which queries are light: _meta, by id, a small first", () => {
    const schema = service().schema;
    const lane = (query: string, variables?: unknown) => queryLane(query, variables, schema);
    assert.equal(lane("{ _meta { block { number hash } } }"), "light");
    assert.equal(lane('{ job(id: "1") { title client { name jobs(first: 10) { id } } } }'), "light");
    assert.equal(lane("{ jobs(first: 20) { id client { id name } } }"), "light");
    assert.equal(lane("query ($n: Int) { jobs(first: $n) { id } }", { n: 10 }), "light");
    assert.equal(lane("query ($n: Int) { jobs(first: $n) { id } }", { n: 1000 }), "heavy");
    assert.equal(lane("{ jobs { id } accounts { id } jobs2: jobs(skip: 5) { id } }"), "heavy");
    assert.equal(lane("{ accounts(first: 10) { jobs { id } } }"), "heavy", "nested lists multiply");
    assert.equal(lane("fragment F on Job { id } { jobs(first: 1000) { ...F } }"), "heavy");
    assert.equal(lane(`{ ${"a: _meta { deployment } ".repeat(1000)} }`), "heavy", "long texts are not estimated");
  });

  it("stops a query at GRAPH_GRAPHQL_QUERY_TIMEOUT and keeps serving", async () => {
    const strict = new QueryPool({ ...data(), workers: 1, limits: { ...DEFAULT_LIMITS, timeoutMs: 50 } });
    try {
      await strict.ready();
      const slow = await strict.run({ query: heavyQuery(400) });
      assert.deepEqual(JSON.parse(slow.body), { errors: [{ message: "Query timed out" }] });
      const next = await strict.run({ query: "{ jobs(first: 1) { id } }" });
      assert.deepEqual(JSON.parse(next.body), { data: { jobs: [{ id: "00000" }] } });
    } finally {
      await strict.close();
    }
  });

  it("refuses to start, rather than respawn forever, when a worker cannot open the store", async () => {
    const broken = new QueryPool({
      ...data(),
      file: path.join(dir, "missing", "nothing.sqlite"),
      workers: 1,
      limits: DEFAULT_LIMITS,
    });
    try {
      await assert.rejects(broken.ready(), /a query worker could not start/);
    } finally {
      await broken.close();
    }
  });

  it("holds answers for clients that do not read them within a bound, and cuts those clients off", async () => {
    const answerBytes = 8 * 1024 * 1024;
    const limits = { ...DEFAULT_LIMITS, maxResultBytes: 4 * answerBytes };
    const slowPool = new QueryPool({ ...data(), workers: 2, limits });
    const server = createQueryServer({
      host: "127.0.0.1",
      port: 0,
      subgraphName: "mosaic",
      queries: slowPool,
      sendTimeoutMs: 3000,
      maxPendingBytes: 3 * answerBytes,
    });
    const sockets: net.Socket[] = [];
    try {
      await slowPool.ready();
      const port = await listen(server, "127.0.0.1", 0);
      const rssBefore = process.memoryUsage.rss();
      const body = JSON.stringify({ query: heavyQuery(60) }); // ~8 MB of JSON
      for (let i = 0; i < 10; i++) {
        const socket = net.connect(port, "127.0.0.1");
        socket.setNoDelay(true);
        socket.write(
          `POST /subgraphs/name/mosaic HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`,
        );
        socket.pause(); // never reads its answer
        socket.on("error", () => {});
        sockets.push(socket);
      }
      let peakPending = 0;
      let peakRss = 0;
      const deadline = Date.now() + 120_000;
      const { flow } = server;
      while (flow.cutOff + flow.refused < 10 || flow.pendingBytes > 0) {
        assert.ok(
          Date.now() < deadline,
          `cut off ${flow.cutOff}, refused ${flow.refused} of 10 clients that do not read`,
        );
        peakPending = Math.max(peakPending, server.flow.pendingBytes);
        peakRss = Math.max(peakRss, process.memoryUsage.rss());
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.ok(peakPending <= 3 * answerBytes, `answers held for slow readers: ${peakPending} bytes`);
      assert.ok(flow.cutOff >= 1 && flow.refused >= 1, `cut off ${flow.cutOff}, refused ${flow.refused}`);
      // Ten unread 8 MB answers held at once would add 80 MB twice over (the string and its copy).
      assert.ok(
        peakRss - rssBefore < 400 * 1024 * 1024,
        `RSS grew by ${((peakRss - rssBefore) / 2 ** 20).toFixed(0)} MB`,
      );
      const ok = await fetch(`http://127.0.0.1:${port}/subgraphs/name/mosaic`, {
        method: "POST",
        body: JSON.stringify({ query: "{ jobs(first: 1) { id } }" }),
      });
      assert.deepEqual(await ok.json(), { data: { jobs: [{ id: "00000" }] } });
    } finally {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await slowPool.close();
    }
  });

  it("isolates a query that exhausts a worker's memory", async () => {
    const small = new QueryPool({ ...data(), workers: 1, workerHeapMb: 48, limits: DEFAULT_LIMITS });
    try {
      await small.ready();
      const huge = await small.run({ query: heavyQuery(400) });
      assert.match(JSON.parse(huge.body).errors[0].message, /memory|result size/);
      const next = await small.run({ query: "{ jobs(first: 1) { id } }" });
      assert.deepEqual(JSON.parse(next.body), { data: { jobs: [{ id: "00000" }] } });
    } finally {
      await small.close();
    }
  });
});

describe('depth (problem 4: a parser stack overflow answered {"errors":[{}]})', () => {
  it("answers a query nested too deeply for the parser with a message", () => {
    const s = service();
    const result = JSON.parse(JSON.stringify(s.execute({ query: "{".repeat(50_000) + "}".repeat(50_000) })));
    assert.equal(result.errors.length, 1);
    assert.ok(result.errors[0].message.length > 0, JSON.stringify(result));
  });

  it("refuses selections deeper than GRAPH_GRAPHQL_MAX_DEPTH with graph-node's message", () => {
    const s = service({ maxDepth: 6 });
    const deep = `{ jobs { client { jobs { client { jobs { client { id } } } } } } }`;
    assert.match(messages(s.execute({ query: deep })), /query has a depth that exceeds the limit of `6`/);
    const viaFragment = `{ jobs { ...J } } fragment J on Job { client { jobs { client { jobs { client { id } } } } } }`;
    assert.match(messages(s.execute({ query: viaFragment })), /exceeds the limit of `6`/);
    assert.equal(s.execute({ query: `{ jobs(where: { id: "1" }) { client { jobs { id } } } }` }).errors, undefined);
  });

  it("refuses by default a query deeper than 255 levels", () => {
    const s = service();
    const levels = 130;
    const query = "{ jobs { " + "client { jobs { ".repeat(levels) + "id" + " } }".repeat(levels) + " } }";
    assert.match(messages(s.execute({ query })), /exceeds the limit of `255`/);
  });
});

describe("fidelity (problem 5)", () => {
  it("refuses a child filter inside a child filter, as graph-node does", () => {
    const s = service();
    const result = s.execute({ query: `{ jobs(where: { client_: { favorite_: { title: "x" } } }) { id } }` });
    assert.match(messages(result), /Child filter nesting not supported by value `favorite`: `favorite_`/);
    assert.equal(s.execute({ query: `{ jobs(where: { client_: { name: "Alice" } }) { id } }` }).errors, undefined);
  });

  it("pages interface collections correctly past 1,000 rows", () => {
    const schema = `
      interface Event { id: ID! n: Int! }
      type Deposit implements Event @entity(immutable: true) { id: ID! n: Int! }
      type Refund implements Event @entity(immutable: true) { id: ID! n: Int! }`;
    const store = new EntityStore(":memory:", parseSubgraphSchema(schema), "paging");
    const entries: [string, string, { id: string; n: number }][] = [];
    for (let n = 0; n < 1600; n++) {
      const id = String(n).padStart(5, "0");
      entries.push([n % 2 ? "Refund" : "Deposit", id, { id, n }]);
    }
    store.commitBlock(block(1), changes(entries));
    const events = new QueryService(store, { deployment: "x", subgraphName: "mosaic" });
    const result = events.execute({ query: `{ events(orderBy: n, skip: 900, first: 200) { n } }` });
    assert.equal(result.errors, undefined);
    const ns = (result.data!.events as { n: number }[]).map((e) => e.n);
    assert.deepEqual(
      ns,
      Array.from({ length: 200 }, (_, i) => 900 + i),
    );
    const desc = events.execute({
      query: `{ events(orderBy: n, orderDirection: desc, skip: 1500, first: 200) { n } }`,
    });
    assert.deepEqual(
      (desc.data!.events as { n: number }[]).map((e) => e.n),
      Array.from({ length: 100 }, (_, i) => 99 - i),
    );
  });

  it("refuses a negative block number", () => {
    const s = service();
    assert.match(
      messages(s.execute({ query: `{ jobs(block: { number: -1 }) { id } }` })),
      /`block.number`.*not negative/,
    );
    assert.match(
      messages(s.execute({ query: `{ _meta(block: { number_gte: -5 }) { block { number } } }` })),
      /not negative/,
    );
  });
});

describe("requests (problem 7)", () => {
  it("filters with 40,000 values in id_in", () => {
    const s = service();
    const ids = Array.from({ length: 40_000 }, (_, i) => String(i));
    const result = s.execute({
      query: `query($ids: [ID!]) { jobs(where: { id_in: $ids }) { id } }`,
      variables: { ids },
    });
    assert.equal(result.errors, undefined, messages(result));
    assert.deepEqual(
      (result.data!.jobs as { id: string }[]).map((j) => j.id),
      ["1", "2", "3"],
    );
    const not = s.execute({
      query: `query($ids: [ID!]) { jobs(where: { id_not_in: $ids }) { id } }`,
      variables: { ids },
    });
    assert.deepEqual(not.data!.jobs, []);
  });

  it("answers a body of null, a number or an array with 400 and a message", async () => {
    const server = createQueryServer({ host: "127.0.0.1", port: 0, subgraphName: "mosaic", queries: service() });
    const port = await listen(server, "127.0.0.1", 0);
    try {
      for (const body of ["null", "42", "[]", '"{ jobs { id } }"']) {
        const response = await fetch(`http://127.0.0.1:${port}/subgraphs/name/mosaic`, { method: "POST", body });
        assert.equal(response.status, 400, body);
        const answer = (await response.json()) as { errors: { message: string }[] };
        assert.match(answer.errors[0].message, /must be a JSON object/);
      }
      const ok = await fetch(`http://127.0.0.1:${port}/subgraphs/name/mosaic`, {
        method: "POST",
        body: JSON.stringify({ query: "{ jobs(first: 1) { id } }" }),
      });
      assert.deepEqual(await ok.json(), { data: { jobs: [{ id: "1" }] } });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("answers variables that are not an object with a GraphQL error", () => {
    const s = service();
    assert.match(messages(s.execute({ query: "{ jobs { id } }", variables: [1] })), /must be a JSON object/);
  });
});

describe("result cache (GRAPH_QUERY_CACHE_MAX_MEM)", () => {
  it("answers a repeated query at the same head once, and again after the head moves", async () => {
    const s = service();
    let runs = 0;
    let head = "0xa";
    const cache = new ResultCache({ run: async (request) => (runs++, s.answer(request)) }, () => head, 1024 * 1024);
    const q = { query: "{ jobs(first: 2) { id } }" };
    const first = await cache.run(q);
    assert.deepEqual(await cache.run(q), first);
    assert.equal(runs, 1);
    await cache.run({ ...q, variables: { other: 1 } });
    assert.equal(runs, 2, "other variables are another query");
    head = "0xb";
    await cache.run(q);
    assert.equal(runs, 3, "a new head drops the answers");
    await cache.run({ query: "{ jobs(first: 5000) { id } }" });
    await cache.run({ query: "{ jobs(first: 5000) { id } }" });
    assert.equal(runs, 5, "errors are not kept");
    // Identical queries arriving while one runs share its answer.
    const before = runs;
    const together = await Promise.all([1, 2, 3].map(() => cache.run({ query: "{ jobs(first: 3) { id } }" })));
    assert.equal(runs, before + 1);
    assert.deepEqual(together[0], together[2]);
    const off = new ResultCache({ run: async (request) => (runs++, s.answer(request)) }, () => head, 0);
    await off.run(q);
    await off.run(q);
    assert.equal(runs, 8, "GRAPH_QUERY_CACHE_MAX_MEM=0 turns it off");
  });
});

describe("compiled executor", () => {
  it("answered these tests' queries with graphql-js's text, most of them without graphql-js", () => {
    assert.ok(compared.answers > 0);
    assert.ok(compared.compiled > compared.answers / 3, `${compared.compiled} of ${compared.answers} compiled`);
    console.log(`compiled executor: ${compared.compiled} of ${compared.answers} answers written without graphql-js`);
  });
});
