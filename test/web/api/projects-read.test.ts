/**
 * The project page's read model (web/server/projects/read.ts) against a stub index answering as
 * the subgraph does: money per part and in total adds up to the wei (replaced jobs counted, sub-jobs
 * not), dependency readiness as the registry's isPartReady reads it, roles merged in "my projects",
 * an index error surfaced as SubgraphError; and the relay chart's minutes as the registry's
 * coverageOf counts them, on the client's clock, with gaps merged across midnight.
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";

const ZERO = "0x0000000000000000000000000000000000000000";
const CLIENT = "0x00000000000000000000000000000000000000c1";
const V1 = "0x00000000000000000000000000000000000000a1";
const V2 = "0x00000000000000000000000000000000000000a2";
const V3 = "0x00000000000000000000000000000000000000a3";
const REVIEWER = "0x00000000000000000000000000000000000000e1";
const SUB = "0x00000000000000000000000000000000000000b1";

let server: Server;
const queries: { query: string; variables: Record<string, unknown> }[] = [];
let read: typeof import("../../../web/server/projects/read.ts");
let SubgraphErrorClass: typeof import("../../../web/server/subgraph.ts").SubgraphError;

type Books = [escrowed: bigint, held: bigint, paid: bigint, fees: bigint, arbiter: bigint, refunded: bigint];

function job(id: string, vendor: string | null, status: string, books: Books, states: string[]) {
  const [escrowed, held, paid, fees, arbiterFees, refunded] = books;
  return {
    id,
    status,
    client: { id: CLIENT },
    vendor: vendor ? { id: vendor } : null,
    escrowed: escrowed.toString(),
    held: held.toString(),
    paidToVendor: paid.toString(),
    fees: fees.toString(),
    arbiterFees: arbiterFees.toString(),
    refunded: refunded.toString(),
    milestones: states.map((state, index) => ({ index, state, amount: "1", bonus: "0" })),
  };
}

const E = 10n ** 18n;
// Relay part 0: shift 0's first job ended refunded and was replaced; shift 0's second job and
// shift 1's job are paid (fees rounded up, odd wei). Part 1 (after part 0): a disputed job split by
// the arbiter, its reviewer share paid; a sub-job under it paid by the prime.
const refundedJob = job("11", null, "Cancelled", [3n * E, 0n, 0n, 0n, 0n, 3n * E], ["Refunded"]);
const shift0 = job(
  "12",
  V1,
  "Completed",
  [3n * E + 7n, 0n, 2_940_000_000_000_000_006n, 60_000_000_000_000_001n, 0n, 0n],
  ["Paid"],
);
const shift1 = job(
  "13",
  V2,
  "Completed",
  [2n * E, 0n, 1_960_000_000_000_000_000n, 40_000_000_000_000_000n, 0n, 0n],
  ["Paid", "Paid"],
);
const partJob = job(
  "14",
  V3,
  "Completed",
  [5n * E, E, 1_470_000_000_000_000_000n, 30_000_000_000_000_000n, 25n * 10n ** 15n, 2_475_000_000_000_000_000n],
  ["Resolved", "Funded"],
);
const subJob = job(
  "15",
  SUB,
  "Completed",
  [E / 2n, 0n, 490_000_000_000_000_000n, 10_000_000_000_000_000n, 0n, 0n],
  ["Paid"],
);

function part(index: number, extra: Record<string, unknown>) {
  return {
    index,
    budget: (6n * E).toString(),
    committed: "0",
    dependsOn: null,
    skills: [],
    job: null,
    shiftCount: 0,
    reviewer: null,
    reviewerShareBps: 0,
    reviewerShare: "0",
    reviewDeadline: "0",
    reviewState: "None",
    signedOff: false,
    reviewShareHeld: "0",
    reviewSharePaid: "0",
    reviewShareRefunded: "0",
    shifts: [],
    handoffs: [],
    verdicts: [],
    ...extra,
  };
}

const link = (kind: string, partIndex: number, j: ReturnType<typeof job>, extra: Record<string, unknown> = {}) => ({
  kind,
  amount: kind === "SubJob" ? "0" : j.escrowed,
  replaced: false,
  linkedAt: "1",
  part: { index: partIndex },
  shift: null,
  parentJob: null,
  job: j,
  ...extra,
});

const PROJECT = {
  projectId: "7",
  client: { id: CLIENT },
  token: { id: ZERO },
  budget: (12n * E).toString(),
  committed: (10n * E + 7n).toString(),
  deadline: "1900000000",
  utcOffsetMinutes: 60,
  workStartMinute: 540,
  workEndMinute: 1020,
  specCid: "bafkreiexample",
  partCount: 2,
  createdAt: "1800000000",
  parts: [
    part(0, {
      shiftCount: 2,
      shifts: [
        { index: 0, vendor: { id: V1 }, startMinute: 0, lengthMinutes: 720, job: { id: "12" } },
        { index: 1, vendor: { id: V2 }, startMinute: 720, lengthMinutes: 600, job: { id: "13" } },
      ],
      handoffs: [
        {
          shift: { index: 1 },
          nextShift: { index: 0 },
          vendor: { id: V2 },
          noteCid: "b2",
          timestamp: "20",
          transactionHash: "0x2",
        },
        {
          shift: { index: 0 },
          nextShift: { index: 1 },
          vendor: { id: V1 },
          noteCid: "b1",
          timestamp: "10",
          transactionHash: "0x1",
        },
      ],
    }),
    part(1, {
      dependsOn: { index: 0 },
      job: { id: "14" },
      reviewer: { id: REVIEWER },
      reviewerShareBps: 500,
      reviewerShare: (3n * 10n ** 17n).toString(),
      reviewState: "Paid",
      signedOff: true,
      reviewSharePaid: (3n * 10n ** 17n).toString(),
      reviewShareRefunded: (1n * 10n ** 17n + 3n).toString(),
      verdicts: [
        {
          job: { id: "14" },
          milestoneIndex: "1",
          signedOff: true,
          reviewer: { id: REVIEWER },
          noteCid: "v2",
          timestamp: "30",
        },
      ],
    }),
  ],
  links: [
    link("Shift", 0, refundedJob, { shift: { index: 0 }, replaced: true }),
    link("Shift", 0, shift0, { shift: { index: 0 } }),
    link("Shift", 0, shift1, { shift: { index: 1 } }),
    link("Part", 1, partJob),
    link("SubJob", 1, subJob, { parentJob: { id: "14" } }),
  ],
};

const summary = (id: string) => ({
  projectId: id,
  client: { id: CLIENT },
  token: { id: ZERO },
  budget: "10",
  committed: "5",
  deadline: "1900000000",
  specCid: "bafk",
  partCount: 2,
});

before(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      const parsed = JSON.parse(body) as { query: string; variables: Record<string, unknown> };
      queries.push(parsed);
      response.setHeader("content-type", "application/json");
      if (parsed.query.includes("query Project(")) {
        const id = parsed.variables.id;
        if (id === "666") return response.end(JSON.stringify({ errors: [{ message: "indexing error" }] }));
        return response.end(
          JSON.stringify({ data: { _meta: { block: { number: 42 } }, project: id === "7" ? PROJECT : null } }),
        );
      }
      if (parsed.query.includes("query ProjectsOf(")) {
        return response.end(
          JSON.stringify({
            data: {
              asClient: [summary("3")],
              shifts: [{ part: { project: summary("3") } }, { part: { project: summary("9") } }],
              links: [{ project: summary("9") }],
              reviews: [{ project: summary("4") }],
            },
          }),
        );
      }
      response.end(JSON.stringify({ errors: [{ message: "unexpected query" }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.env.MOSAIC_SUBGRAPH_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  process.env.MOSAIC_CHAIN_ID = "31337";
  // No node: the check against the registry says it cannot tell.
  process.env.MOSAIC_RPC_URL = "http://127.0.0.1:9";
  read = await import("../../../web/server/projects/read.ts");
  SubgraphErrorClass = (await import("../../../web/server/subgraph.ts")).SubgraphError;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** The registry's coverageOf, transcribed from ProjectRegistry.sol: minutes per UTC hour. */
function coverageOf(shifts: { startMinute: number; lengthMinutes: number }[]): { perHour: number[]; covered: number } {
  const perHour = Array.from({ length: 24 }, () => 0);
  let covered = 0;
  for (let minute = 0; minute < 1440; minute++) {
    for (const s of shifts) {
      if ((minute + 1440 - s.startMinute) % 1440 < s.lengthMinutes) {
        perHour[Math.floor(minute / 60)]++;
        covered++;
        break;
      }
    }
  }
  return { perHour, covered };
}

describe("project read model: money", () => {
  it("adds each part's jobs (replaced ones too) and the totals up to the wei, leaving sub-jobs out", async () => {
    const project = (await read.projectView("7"))!;
    assert.equal(project.block, 42);
    assert.equal(project.token.symbol, "ETH");
    const [relay, reviewed] = project.parts;
    // Part 0: the refunded job, shift 0's replacement and shift 1's job.
    assert.deepEqual(relay.money, {
      escrowed: (8n * E + 7n).toString(),
      held: "0",
      paidToVendors: (2_940_000_000_000_000_006n + 1_960_000_000_000_000_000n).toString(),
      fees: (60_000_000_000_000_001n + 40_000_000_000_000_000n).toString(),
      arbiterFees: "0",
      refunded: (3n * E).toString(),
    });
    assert.deepEqual(
      relay.jobs.map((j) => [j.jobId, j.replaced]),
      [
        ["12", false],
        ["13", false],
        ["11", true],
      ],
      "current jobs first, the replaced one last",
    );
    assert.deepEqual(reviewed.money, read.jobMoney(partJob));
    assert.deepEqual(
      reviewed.subJobs.map((j) => [j.jobId, j.parentJobId, j.vendor]),
      [["15", "14", SUB]],
    );
    for (const p of project.parts) assert.ok(read.moneyBalance(p.money).balanced, `part ${p.index} balances`);
    assert.equal(project.totals.escrowed, (13n * E + 7n).toString(), "sub-job money is the prime's, not the client's");
    assert.ok(read.moneyBalance(project.totals).balanced);
    assert.equal(read.moneyBalance(project.totals).parts, 13n * E + 7n);
    assert.deepEqual(project.reviewTotals, {
      deposited: (4n * 10n ** 17n + 3n).toString(),
      held: "0",
      paid: (3n * 10n ** 17n).toString(),
      refunded: (1n * 10n ** 17n + 3n).toString(),
    });
    assert.ok(read.reviewBalance(project.reviewTotals).balanced);
  });

  it("says when the rows do not add up, by how much", () => {
    const broken = { escrowed: "10", held: "1", paidToVendors: "5", fees: "1", arbiterFees: "0", refunded: "2" };
    assert.deepEqual(read.moneyBalance(broken), { parts: 9n, balanced: false });
    assert.deepEqual(read.reviewBalance({ deposited: "5", held: "1", paid: "1", refunded: "1" }), {
      parts: 3n,
      balanced: false,
    });
    assert.deepEqual(read.sumMoney([]), {
      escrowed: "0",
      held: "0",
      paidToVendors: "0",
      fees: "0",
      arbiterFees: "0",
      refunded: "0",
    });
  });
});

describe("project read model: parts", () => {
  it("reads readiness as isPartReady does: every shift's job paid, a replaced job ignored", async () => {
    const project = (await read.projectView("7"))!;
    const [relay, reviewed] = project.parts;
    assert.equal(relay.readiness.ready, true);
    assert.equal(relay.readiness.dependsOn, null);
    assert.deepEqual(reviewed.readiness, { dependsOn: 0, ready: true, reason: "Ready: part 1 is paid" });
    assert.match(relay.status, /^2 of 2 shift jobs linked: 2 completed$/);
    // Part 1's job: its last milestone is only funded, so a part after it would wait.
    const raw = structuredClone(PROJECT);
    raw.parts.push(part(2, { dependsOn: { index: 1 } }) as never);
    const withThird = read.projectFromIndex(raw as never, project.token, 1);
    assert.equal(withThird.parts[2].readiness.ready, false);
    assert.equal(withThird.parts[2].readiness.reason, "Waiting for part 2 to be paid");
    // A relay with one shift unlinked is not paid.
    raw.links = raw.links.filter((l) => l.job.id !== "13");
    const unlinked = read.projectFromIndex(raw as never, project.token, 1);
    assert.equal(unlinked.parts[1].readiness.ready, false);
  });

  it("keeps handoffs and verdicts latest first as the index orders them", async () => {
    const [relay, reviewed] = (await read.projectView("7"))!.parts;
    assert.deepEqual(
      relay.handoffs.map((h) => [h.shift, h.nextShift, h.vendor]),
      [
        [1, 0, V2],
        [0, 1, V1],
      ],
    );
    assert.deepEqual(reviewed.verdicts, [
      { jobId: "14", milestone: 1, signedOff: true, reviewer: REVIEWER, noteCid: "v2", timestamp: 30 },
    ]);
    const query = queries.find((q) => q.query.includes("query Project("))!.query;
    assert.match(query, /handoffs\(first: 100, orderBy: blockNumber, orderDirection: desc\)/);
  });

  it("cannot check the index against the registry without a node, and says so with null", async () => {
    const project = (await read.projectView("7"))!;
    assert.equal(await read.checkAgainstChain(project), null);
  });

  it("answers null for an unknown or malformed id, and a SubgraphError when the index fails", async () => {
    assert.equal(await read.projectView("8"), null);
    assert.equal(await read.projectView("1; drop"), null);
    await assert.rejects(read.projectView("666"), (e: unknown) => e instanceof SubgraphErrorClass);
  });

  it("lists an account's projects once each with every role, newest first", async () => {
    const list = await read.projectsOf(CLIENT.toUpperCase().replace("0X", "0x"));
    assert.deepEqual(
      list.map((p) => [p.id, p.roles]),
      [
        ["9", ["shift vendor", "part vendor"]],
        ["4", ["reviewer"]],
        ["3", ["client", "shift vendor"]],
      ],
    );
    assert.equal(queries.at(-1)!.variables.me, CLIENT);
    assert.deepEqual(await read.projectsOf("not an address"), []);
  });
});

describe("relay chart", () => {
  const cases: {
    name: string;
    offset: number;
    shifts: { index: number; startMinute: number; lengthMinutes: number }[];
  }[] = [
    {
      name: "two 12-hour shifts, UTC",
      offset: 0,
      shifts: [
        { index: 0, startMinute: 0, lengthMinutes: 720 },
        { index: 1, startMinute: 720, lengthMinutes: 720 },
      ],
    },
    {
      name: "overlap and wrap, UTC+05:30",
      offset: 330,
      shifts: [
        { index: 0, startMinute: 1380, lengthMinutes: 180 },
        { index: 1, startMinute: 60, lengthMinutes: 500 },
        { index: 2, startMinute: 900, lengthMinutes: 200 },
      ],
    },
    {
      name: "one short shift, UTC−08:00",
      offset: -480,
      shifts: [
        { index: 0, startMinute: 1439, lengthMinutes: 1 },
        { index: 1, startMinute: 30, lengthMinutes: 45 },
      ],
    },
  ];
  for (const c of cases) {
    it(`counts minutes as coverageOf does: ${c.name}`, () => {
      const chart = read.relayChart(c.shifts, c.offset);
      const expected = coverageOf(c.shifts);
      assert.deepEqual(chart.utcMinutesPerHour, expected.perHour);
      assert.equal(chart.coveredMinutes, expected.covered);
      assert.equal(
        chart.hours.reduce((t, h) => t + h.covered, 0),
        expected.covered,
      );
      const gapMinutes = chart.gaps.reduce((t, g) => t + g.end - g.start, 0);
      assert.equal(gapMinutes + chart.coveredMinutes, 1440, "gaps and coverage make the day");
    });
  }

  it("draws the day on the client's clock and merges a gap across local midnight", () => {
    // UTC 00:00-16:00 covered; the client is at UTC+01:00, so 17:00-01:00 local is the gap.
    const chart = read.relayChart(
      [
        { index: 0, startMinute: 0, lengthMinutes: 480 },
        { index: 1, startMinute: 480, lengthMinutes: 480 },
      ],
      60,
      540,
      1020,
    );
    assert.equal(chart.coveredMinutes, 960);
    assert.deepEqual(chart.gaps, [{ start: 1020, end: 1500 }]);
    assert.deepEqual(
      chart.hours.map((h) => h.covered),
      [0, ...Array.from({ length: 16 }, () => 60), 0, 0, 0, 0, 0, 0, 0],
    );
    assert.deepEqual(chart.hours[9].shifts, [1], "09:00 local is 08:00 UTC: shift 2");
    assert.deepEqual(chart.hours[8].shifts, [0], "08:00 local is 07:00 UTC: shift 1");
    assert.equal(chart.hours[9].working, true);
    assert.equal(chart.hours[17].working, false);
    assert.equal(read.clockTime(1500), "01:00");
    assert.equal(read.utcOffsetLabel(330), "UTC+05:30");
    assert.equal(read.utcOffsetLabel(-480), "UTC−08:00");
    assert.equal(read.utcOffsetLabel(0), "UTC");
  });

  it("marks no gap when the shifts cover the whole day, and the whole day when nothing does", () => {
    assert.deepEqual(read.relayChart([{ index: 0, startMinute: 300, lengthMinutes: 1440 }], 0).gaps, []);
    assert.deepEqual(read.relayChart([], 0).gaps, [{ start: 0, end: 1440 }]);
  });
});
