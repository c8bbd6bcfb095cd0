import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  buildJobQuery,
  demandFromJob,
  fetchJob,
  MatchingInputError,
  parseJob,
  SubgraphDataError,
} from "../../matching/index.ts";
import type { FetchLike } from "../../matching/index.ts";
import { rawJob } from "./support/subgraph-entities.ts";
import { address, SOLIDITY } from "./support/vendors.ts";

describe("buildJobQuery", () => {
  test("asks for the job by its decimal id", () => {
    const query = buildJobQuery("42");
    assert.match(query, /job\(id: "42"\)/);
    assert.match(query, /client \{ id \}/);
    assert.match(query, /milestones \{ amount deadline \}/);
  });

  test("refuses ids that are not decimal", () => {
    assert.throws(() => buildJobQuery('1") { id } evil: job(id: "2'), MatchingInputError);
    assert.throws(() => buildJobQuery("0x2a"), MatchingInputError);
  });
});

describe("parseJob", () => {
  test("reads relations, BigInts and a missing budget", () => {
    const job = parseJob(rawJob({ budgetUsdCents: null, vendor: { id: address(7) } }));
    assert.equal(job.client, address(0xc1));
    assert.equal(job.vendor, address(7));
    assert.equal(job.budgetUsdCents, null);
    assert.deepEqual(job.milestones[1], {
      amount: 2n * 10n ** 18n,
      deadline: 1_900_600_000,
    });
  });

  test("refuses a job without a client", () => {
    assert.throws(() => parseJob(rawJob({ client: null })), SubgraphDataError);
  });
});

describe("fetchJob", () => {
  test("returns null for an unknown job", async () => {
    const fetch: FetchLike = async () => new Response(JSON.stringify({ data: { job: null } }));
    assert.equal(await fetchJob("http://subgraph.test", "9", { fetch }), null);
  });
});

describe("demandFromJob", () => {
  test("takes the on-chain requirements, the last deadline and excludes the client", () => {
    const demand = demandFromJob(parseJob(rawJob()), {
      now: 1_899_500_000,
      rateMaxCents: 9000,
    });
    assert.deepEqual(demand, {
      requiredSkills: [SOLIDITY],
      minRating: 400,
      minPaidJobs: 1,
      budgetUsdCents: 500_000n,
      deadline: 1_900_600_000,
      now: 1_899_500_000,
      rateMaxCents: 9000,
      excludeVendors: [address(0xc1)],
    });
  });

  test("has no deadline when no milestone has one", () => {
    assert.equal(demandFromJob(parseJob(rawJob({ milestones: [] }))).deadline, null);
  });
});
