/**
 * The create flow's team proposal (web/server/projects/proposal.ts) on the real matching library:
 * requests refused with a reason, a team under the budget whose relay covers the client's 24 hours
 * with UTC shifts the project registry takes, swaps that change cost and score as the library
 * prices them (and refuse what would break the team), and the API route's answers when the body
 * is wrong or the index cannot be reached.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { skillTag, type VendorRecord } from "../../../matching/index.ts";
import { request } from "./harness.ts";

// The route reads the index at this address: nothing listens there.
process.env.MOSAIC_SUBGRAPH_URL = "http://127.0.0.1:9/subgraphs/name/mosaic";
const { parseProposalRequest, proposeProjectTeam, shiftWindow, ProposalError } =
  await import("../../../web/server/projects/proposal.ts");
const route = await import("../../../web/app/api/projects/proposal/route.ts");

let next = 0;
function vendor(skills: string[], hourlyRateCents: number, timezoneOffsetMinutes = 0): VendorRecord {
  next++;
  return {
    id: `0x${next.toString(16).padStart(40, "0")}`,
    registered: true,
    skills: skills.map(skillTag),
    hourlyRateCents,
    timezoneOffsetMinutes,
    availabilityHours: 40,
    ratingWeightedSum: 0n,
    ratingWeight: 0n,
    ratingCount: 0,
    countedPaidJobs: 0,
    hiredJobs: 0,
    paidJobs: 0,
    activeJobs: 0,
    refundedMilestones: 0,
    disputedMilestones: 0,
    disputesLost: 0,
    metadataCid: "",
  };
}

const labelCheap = vendor(["labelling"], 3_000);
const labelDear = vendor(["labelling"], 6_000);
const reviewA = vendor(["review"], 4_000);
const reviewB = vendor(["review"], 5_000);
// Three support vendors eight hours apart: with the default 09:00-17:00 workday they cover the day.
const supportUtc = vendor(["support"], 2_000, 0);
const supportAsia = vendor(["support"], 2_500, 480);
const supportAmericas = vendor(["support"], 3_000, -480);
const client = vendor(["labelling"], 100);
const market = [labelCheap, labelDear, reviewA, reviewB, supportUtc, supportAsia, supportAmericas, client];

const body = (overrides: Record<string, unknown> = {}) => ({
  budgetCents: 2_000_000,
  utcOffsetMinutes: 60,
  workStartMinute: 9 * 60,
  workEndMinute: 17 * 60,
  exclude: [client.id],
  swaps: [],
  parts: [
    { title: "Labelling", skills: ["labelling"], hours: 40, budgetCents: 500_000, relayDays: null },
    { title: "Review", skills: ["Review"], hours: 10, budgetCents: 100_000, relayDays: null },
    { title: "Support relay", skills: ["support"], hours: null, budgetCents: 1_000_000, relayDays: 2 },
  ],
  ...overrides,
});

describe("team proposal for a new project", () => {
  it("refuses requests the optimiser cannot take, saying why", () => {
    const refusal = (raw: unknown) => {
      assert.throws(() => parseProposalRequest(raw), ProposalError);
      try {
        parseProposalRequest(raw);
      } catch (error) {
        return (error as Error).message;
      }
      return "";
    };
    assert.match(refusal(body({ budgetCents: 1_000_000 })), /add up to more than the project's budget/);
    assert.match(refusal(body({ workEndMinute: 9 * 60 })), /working hours must not be empty/);
    assert.match(refusal(body({ parts: [] })), /parts must list 1 to 32 parts/);
    assert.match(refusal(body({ utcOffsetMinutes: 900 })), /utcOffsetMinutes must be a whole number from -720 to 840/);
    assert.match(
      refusal(body({ parts: [{ title: "X", skills: ["a"], hours: 0, budgetCents: 1, relayDays: null }] })),
      /parts\[0\]\.hours must be a whole number/,
    );
    assert.match(refusal(body({ exclude: ["me"] })), /exclude must list addresses/);
  });

  it("proposes a team under the budget with a relay covering the client's 24 hours", () => {
    const proposal = proposeProjectTeam(parseProposalRequest(body()), market);
    assert.ok(proposal.totalCostCents <= proposal.budgetCents);
    assert.equal(
      proposal.totalCostCents,
      proposal.parts.reduce((sum, p) => sum + p.priceCents, 0),
    );
    const [labelling, review, relay] = proposal.parts;
    assert.equal(labelling.kind, "single");
    assert.equal(labelling.members.length, 1);
    assert.ok(labelling.members[0].priceCents <= 500_000);
    assert.equal(labelling.members[0].priceCents, labelling.members[0].hourlyRateCents * 40);
    assert.ok(labelling.members[0].reasons.length > 0, "each member comes with the ranking's reasons");
    assert.ok(!proposal.parts.some((p) => p.members.some((m) => m.address === client.id)), "the client is left out");
    assert.ok([reviewA.id, reviewB.id].includes(review.members[0].address));

    assert.equal(relay.kind, "relay");
    assert.equal(relay.members.length, 3);
    assert.equal(relay.coverage.requiredHours, 24);
    assert.equal(relay.coverage.coveredHours, 24);
    assert.deepEqual(relay.coverage.gaps, []);
    // Each shift is one UTC window of the registry's kind, and together they cover the day once.
    const covered = new Array<number>(24).fill(0);
    for (const member of relay.members) {
      assert.ok(member.shift, "a relay member has a shift");
      assert.equal(member.shift.lengthMinutes, member.hours.length * 60);
      assert.equal(member.priceCents, member.hourlyRateCents * member.hours.length * 2);
      for (let h = 0; h < member.shift.lengthMinutes / 60; h++) covered[(member.shift.startMinute / 60 + h) % 24]++;
    }
    assert.deepEqual(covered, new Array<number>(24).fill(1));
    // The UTC vendor works 09:00-17:00 UTC, which is 10:00-18:00 for the client at UTC+1.
    const utc = relay.members.find((m) => m.address === supportUtc.id)!;
    assert.equal(utc.shift!.startMinute % 60, 0);
    assert.ok(utc.hours.every((h) => h >= 10 && h < 18));
  });

  it("swaps a member: the cost and score move as the library prices them", () => {
    const first = proposeProjectTeam(parseProposalRequest(body()), market);
    const labelling = first.parts[0];
    const current = labelling.members[0].address;
    const other = labelling.candidates.find((c) => c.address !== current)!;
    const listed = labelling.swaps.find((s) => s.replace === current && s.with === other.address)!;
    assert.ok(listed, "the swap is listed with its effect");
    const swapped = proposeProjectTeam(
      parseProposalRequest(body({ swaps: [{ part: 0, replace: current, with: other.address }] })),
      market,
    );
    assert.equal(swapped.parts[0].members[0].address, other.address);
    assert.equal(swapped.parts[0].priceCents, other.priceCents);
    assert.equal(swapped.totalCostCents - first.totalCostCents, listed.costDeltaCents);
    assert.equal(swapped.totalCostCents - first.totalCostCents, other.priceCents! - labelling.priceCents);
    assert.equal(Math.round((swapped.totalScore - first.totalScore) * 1000), Math.round(listed.scoreDelta * 1000));
    assert.deepEqual(swapped.swaps, [{ part: 0, replace: current, with: other.address }]);
    // The swapped part lists the way back.
    assert.ok(swapped.parts[0].swaps.some((s) => s.replace === other.address && s.with === current));

    // A relay swap keeps the day covered or says what it loses.
    const relay = first.parts[2];
    const out = relay.members[0].address;
    assert.throws(
      () =>
        proposeProjectTeam(
          parseProposalRequest(body({ swaps: [{ part: 2, replace: out, with: labelCheap.id }] })),
          market,
        ),
      /not a candidate of part/,
    );
    assert.throws(
      () =>
        proposeProjectTeam(
          parseProposalRequest(body({ swaps: [{ part: 0, replace: reviewA.id, with: other.address }] })),
          market,
        ),
      /is not a member of part/,
    );
  });

  it("says which limit to move when no team fits", () => {
    const tight = body({
      parts: [{ title: "Labelling", skills: ["labelling"], hours: 40, budgetCents: 50_000, relayDays: null }],
    });
    assert.throws(() => proposeProjectTeam(parseProposalRequest(tight), market), /no candidate|no eligible vendor/);
    const nobody = body({
      parts: [{ title: "Rust", skills: ["rust"], hours: 4, budgetCents: 50_000, relayDays: null }],
    });
    assert.throws(() => proposeProjectTeam(parseProposalRequest(nobody), market), /no eligible vendor/);
  });

  it("puts a relay shift that wraps past midnight into one UTC window", () => {
    // Client hours 22, 23, 0, 1 at UTC-5 are 03:00-07:00 UTC.
    assert.deepEqual(shiftWindow([0, 1, 22, 23], -300), { startMinute: 180, lengthMinutes: 240 });
    assert.deepEqual(shiftWindow([5, 6], 330), { startMinute: 1410, lengthMinutes: 120 });
    assert.equal(shiftWindow([], 0), null);
  });
});

describe("POST /api/projects/proposal", () => {
  const post = (raw: string) =>
    route.POST(
      request("/api/projects/proposal", { method: "POST", body: raw, headers: { "content-type": "application/json" } }),
    );

  it("answers 400 with the reason for a wrong body", async () => {
    const notJson = await post("{");
    assert.equal(notJson.status, 400);
    assert.match(((await notJson.json()) as { error: string }).error, /must be JSON/);
    const wrong = await post(JSON.stringify(body({ budgetCents: 0 })));
    assert.equal(wrong.status, 400);
    assert.match(((await wrong.json()) as { error: string }).error, /budgetCents/);
  });

  it("answers 502 when the index cannot be reached", async () => {
    const response = await post(JSON.stringify(body()));
    assert.equal(response.status, 502);
    assert.match(((await response.json()) as { error: string }).error, /index cannot be read/);
  });
});

describe("the create flow's chain plan", async () => {
  const { chainPlan, converter, draftProblems, proposalRequest, reviewerProblems } =
    await import("../../../web/components/projects/new/plan.ts");
  const mUsd = {
    address: "0x00000000000000000000000000000000000000aa",
    symbol: "mUSD",
    decimals: 6,
    isEther: false,
  } as const;
  const eth = {
    address: "0x0000000000000000000000000000000000000000",
    symbol: "ETH",
    decimals: 18,
    isEther: true,
  } as const;
  const NOW = 1_800_000_000;
  const part = (key: number, patch: Record<string, unknown> = {}) => ({
    key,
    title: `Part ${key}`,
    skills: "labelling",
    hours: "40",
    relay: false,
    relayDays: "2",
    budget: "5000",
    milestones: "First\nSecond\nThird",
    dependsOn: 0,
    ...patch,
  });
  const draft = (patch: Record<string, unknown> = {}) => ({
    title: "Tickets",
    spec: "Label them.",
    token: mUsd.address,
    budget: "20000",
    usdPrice: "1",
    deadline: new Date((NOW + 40 * 86_400) * 1000).toISOString().slice(0, 10),
    utcOffset: "1",
    workStart: "09:00",
    workEnd: "17:00",
    parts: [
      part(1),
      part(2, { skills: "review", hours: "10", budget: "1000", milestones: "Report", dependsOn: 1 }),
      part(3, { skills: "support", relay: true, budget: "10000" }),
    ],
    ...patch,
  });

  it("refuses a draft the registry would refuse, by field", () => {
    assert.deepEqual(draftProblems(draft(), mUsd, NOW), {});
    const problems = draftProblems(
      draft({ budget: "6000", usdPrice: "", parts: [part(1, { dependsOn: 1, skills: "" })] }),
      mUsd,
      NOW,
    );
    assert.match(problems["project-usd-price"], /US dollars/);
    assert.match(problems["part-1-depends"], /earlier part/);
    assert.match(problems["part-1-skills"], /at least one skill/);
    assert.match(draftProblems(draft({ budget: "6000" }), mUsd, NOW).parts, /add up to more than the total/);
  });

  it("prices in cents at the token's dollar price, rounding down both ways", () => {
    const usd = converter(mUsd, "1");
    assert.equal(usd.toCents(12_345_678n), 1234n);
    assert.equal(usd.toUnits(1234), 12_340_000n);
    const ether = converter(eth, "2500");
    assert.equal(ether.toUnits(250_000), 10n ** 18n);
    assert.equal(ether.toCents(10n ** 18n), 250_000n);
    const request = proposalRequest(draft(), mUsd, "0x00000000000000000000000000000000000000Cc");
    assert.equal(request.budgetCents, 2_000_000);
    assert.deepEqual(
      request.parts.map((p) => [p.budgetCents, p.hours, p.relayDays]),
      [
        [500_000, 40, null],
        [100_000, 10, null],
        [1_000_000, null, 2],
      ],
    );
    assert.deepEqual(request.exclude, ["0x00000000000000000000000000000000000000cc"]);
    assert.equal(request.utcOffsetMinutes, 60);
  });

  it("posts one job a part and one a relay shift, each within its part's budget, milestones adding up", () => {
    const labelling = [vendor(["labelling"], 3_333), vendor(["labelling"], 4_000)];
    const reviewers = [vendor(["review"], 5_000)];
    const desk = [vendor(["support"], 2_000, 0), vendor(["support"], 2_100, 480), vendor(["support"], 2_200, -480)];
    const d = draft();
    const proposal = proposeProjectTeam(parseProposalRequest(proposalRequest(d, mUsd, null)), [
      ...labelling,
      ...reviewers,
      ...desk,
    ]);
    const plan = chainPlan(d, mUsd, proposal, NOW, { 0: { address: labelling[1].id, percent: "5" } });
    assert.deepEqual(
      plan.jobs.map((j) => [j.part, j.shift]),
      [
        [0, 0],
        [1, 0],
        [2, 0],
        [2, 1],
        [2, 2],
      ],
    );
    assert.equal(plan.relays.length, 1);
    assert.equal(
      plan.relays[0].shifts.reduce((sum, s) => sum + s.lengthMinutes, 0),
      1440,
    );
    for (const job of plan.jobs) {
      assert.equal(
        job.total,
        job.milestones.reduce((sum, m) => sum + m.amount, 0n),
      );
      assert.ok(job.milestones.every((m) => m.amount > 0n && m.deadline > NOW && m.deadline <= plan.terms.deadline));
    }
    const byPart = (p: number) => plan.jobs.filter((j) => j.part === p).reduce((sum, j) => sum + j.total, 0n);
    plan.parts.forEach((p, i) => assert.ok(byPart(i) <= p.budget, `part ${i + 1} within its budget`));
    // 40 h at $33.33 is $1,333.20: 1,333.2 mUSD over three milestones.
    assert.equal(plan.jobs[0].total, 1_333_200_000n);
    assert.deepEqual(
      plan.jobs[0].milestones.map((m) => m.amount),
      [444_400_000n, 444_400_000n, 444_400_000n],
    );
    assert.equal(plan.parts[1].dependsOn, 1);
    assert.equal(
      plan.total,
      plan.jobs.reduce((sum, j) => sum + j.total, 0n),
    );
    assert.deepEqual(
      plan.reviewers.map((r) => [r.part, r.reviewer, r.shareBps, r.share]),
      [[0, labelling[1].id, 500, 250_000_000n]],
    );
    assert.deepEqual(plan.reviewers[0].skills, plan.parts[0].skills);

    // A part's own vendor, a relay part or a share over 20% is refused before anything is sent.
    const own = proposal.parts[0].members[0].address;
    assert.match(reviewerProblems({ 0: { address: own, percent: "5" } }, proposal, null)[0], /own vendor/);
    assert.match(reviewerProblems({ 2: { address: labelling[1].id, percent: "5" } }, proposal, null)[2], /relay/);
    assert.match(reviewerProblems({ 0: { address: labelling[1].id, percent: "25" } }, proposal, null)[0], /20%/);
    assert.deepEqual(reviewerProblems({ 0: { address: labelling[1].id, percent: "0.05" } }, proposal, null), {});
  });
});
