import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  buildVendorsQuery,
  fetchCandidates,
  MatchingInputError,
  parseVendor,
  SubgraphDataError,
  SubgraphQueryError,
  SubgraphUnreachableError,
} from "../../matching/index.ts";
import type { FetchLike } from "../../matching/index.ts";
import { rawVendor } from "./support/subgraph-entities.ts";
import { address, FOUNDRY, SOLIDITY } from "./support/vendors.ts";

/** A fetch stand-in that records queries and serves pages of a fixed vendor list. */
function fakeFetch(all: Record<string, unknown>[], options: { ignoreCursor?: boolean } = {}) {
  const queries: string[] = [];
  const fetch: FetchLike = async (_url, init) => {
    const { query } = JSON.parse(String(init.body)) as { query: string };
    queries.push(query);
    const first = Number(/first: (\d+)/.exec(query)?.[1]);
    const skip = Number(/skip: (\d+)/.exec(query)?.[1] ?? 0);
    const after = options.ignoreCursor ? undefined : /id_gt: "(0x[0-9a-f]+)"/.exec(query)?.[1];
    const remaining = all.filter((v) => after === undefined || String(v.id) > after);
    const page = remaining.slice(skip, skip + first);
    return new Response(JSON.stringify({ data: { vendors: page } }));
  };
  return { fetch, queries };
}

describe("buildVendorsQuery", () => {
  test("pushes registration, availability and every required skill into where", () => {
    const query = buildVendorsQuery({ requiredSkills: [SOLIDITY, FOUNDRY] });
    const where = /where: \{ (.*) \}/.exec(query)?.[1];
    assert.equal(where, `registered: true, availabilityHours_gt: 0, skills_contains: ["${FOUNDRY}", "${SOLIDITY}"]`);
    assert.match(query, /vendors\(first: 1000, orderBy: id, orderDirection: asc, where:/);
    for (const field of ["ratingWeightedSum", "disputesLost", "metadataCid", "skills"]) {
      assert.match(query, new RegExp(`\\n\\s+${field}\\n`));
    }
  });

  test("omits skills_contains when nothing is required", () => {
    assert.doesNotMatch(buildVendorsQuery({ requiredSkills: [] }), /skills_contains/);
  });

  test("de-duplicates and lower-cases the skill filter", () => {
    const shouted = `0x${SOLIDITY.slice(2).toUpperCase()}`;
    const query = buildVendorsQuery({ requiredSkills: [SOLIDITY, shouted] });
    assert.match(query, new RegExp(`skills_contains: \\["${SOLIDITY}"\\]`));
  });

  test("pushes the minimum of paid jobs, but not the rating ratio", () => {
    const query = buildVendorsQuery({ requiredSkills: [], minPaidJobs: 3 });
    assert.match(query, /countedPaidJobs_gte: 3/);
    assert.doesNotMatch(query, /rating(Weight|WeightedSum)_gte?:/);
  });

  test("pages with id_gt or skip", () => {
    assert.match(
      buildVendorsQuery({ requiredSkills: [], after: address(7), first: 50 }),
      new RegExp(`first: 50, orderBy.*id_gt: "${address(7)}"`),
    );
    assert.match(buildVendorsQuery({ requiredSkills: [], skip: 2000 }), /first: 1000, skip: 2000,/);
  });

  test("refuses values that could break out of the query", () => {
    assert.throws(() => buildVendorsQuery({ requiredSkills: ['0x" } } evil'] }), MatchingInputError);
    assert.throws(() => buildVendorsQuery({ requiredSkills: [], after: '0x"}' }), MatchingInputError);
    assert.throws(() => buildVendorsQuery({ requiredSkills: [], first: 1001 }), MatchingInputError);
    assert.throws(() => buildVendorsQuery({ requiredSkills: [], minPaidJobs: 1.5 }), MatchingInputError);
  });
});

describe("parseVendor", () => {
  test("reads BigInt strings as bigint and lower-cases bytes", () => {
    const vendor = parseVendor(rawVendor(1, { id: address(1).toUpperCase().replace("0X", "0x") }));
    assert.equal(vendor.id, address(1));
    assert.equal(vendor.ratingWeight, 10n ** 22n);
    assert.equal(vendor.ratingWeightedSum, 45n * 10n ** 21n);
    assert.equal(vendor.timezoneOffsetMinutes, -300);
  });

  test("names the entity and field it cannot read", () => {
    assert.throws(
      () => parseVendor(rawVendor(1, { ratingWeight: 1.5 })),
      (error: Error) =>
        error instanceof SubgraphDataError &&
        error.message.includes(`Vendor ${address(1)}.ratingWeight should be a BigInt`),
    );
    assert.throws(() => parseVendor(rawVendor(1, { skills: ["0x1234"] })), /not a bytes32 tag/);
  });
});

describe("fetchCandidates", () => {
  const all = Array.from({ length: 5 }, (_, i) => rawVendor(i + 1));

  test("follows the id cursor until a short page", async () => {
    const { fetch, queries } = fakeFetch(all);
    const pages: number[] = [];
    const vendors = await fetchCandidates(
      "http://subgraph.test",
      { requiredSkills: [SOLIDITY] },
      {
        fetch,
        pageSize: 2,
        onPage: (n) => pages.push(n),
      },
    );
    assert.deepEqual(
      vendors.map((v) => v.id),
      all.map((v) => v.id),
    );
    assert.deepEqual(pages, [2, 4, 5]);
    assert.doesNotMatch(queries[0], /id_gt/);
    assert.match(queries[1], new RegExp(`id_gt: "${address(2)}"`));
    assert.match(queries[2], new RegExp(`id_gt: "${address(4)}"`));
  });

  test("pages with skip when asked", async () => {
    const { fetch, queries } = fakeFetch(all);
    const vendors = await fetchCandidates(
      "http://subgraph.test",
      { requiredSkills: [] },
      {
        fetch,
        pageSize: 2,
        pagination: "skip",
      },
    );
    assert.equal(vendors.length, 5);
    assert.match(queries[2], /skip: 4/);
  });

  test("stops when a host ignores the cursor instead of looping forever", async () => {
    const { fetch } = fakeFetch(all, { ignoreCursor: true });
    await assert.rejects(
      fetchCandidates("http://subgraph.test", { requiredSkills: [] }, { fetch, pageSize: 2 }),
      /ignored id_gt/,
    );
  });

  test("reports an unreachable subgraph as such", async () => {
    const fetch: FetchLike = async () => {
      throw new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } });
    };
    await assert.rejects(
      fetchCandidates("http://127.0.0.1:9/x", { requiredSkills: [] }, { fetch }),
      (error: Error) =>
        error instanceof SubgraphUnreachableError && /127\.0\.0\.1:9\/x: ECONNREFUSED/.test(error.message),
    );
  });

  test("surfaces GraphQL errors with their messages", async () => {
    const fetch: FetchLike = async () =>
      new Response(
        JSON.stringify({
          errors: [{ message: "Type `Vendor` has no field `skills`" }],
        }),
      );
    await assert.rejects(
      fetchCandidates("http://subgraph.test", { requiredSkills: [] }, { fetch }),
      (error: Error) => error instanceof SubgraphQueryError && /has no field `skills`/.test(error.message),
    );
  });

  test("surfaces HTTP errors with their status", async () => {
    const fetch: FetchLike = async () => new Response("no such subgraph", { status: 404 });
    await assert.rejects(
      fetchCandidates("http://subgraph.test", { requiredSkills: [] }, { fetch }),
      (error: Error) => error instanceof SubgraphQueryError && error.status === 404,
    );
  });
});
