import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  coverageGaps,
  proposeRelay,
  proposeTeam,
  swapEffect,
  TeamInfeasibleError,
  windowMask,
} from "../../matching/index.ts";
import type { Project, VendorRecord, WorkingWindow } from "../../matching/index.ts";
import { maskSlots } from "../../matching/src/team/hours.ts";
import { address, DESIGN, makeVendor, REACT, SOLIDITY } from "./support/vendors.ts";

const NINE_TO_FIVE: WorkingWindow = { startHour: 9, hours: 8 };
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => (from + i) % 24);

describe("working hours on the client's clock", () => {
  test("a vendor's 09:00-17:00 lands on the client's hours across midnight and negative offsets", () => {
    // Client UTC-5. UTC+8 works 01:00-09:00 UTC = 20:00-04:00 for the client.
    assert.deepEqual(maskSlots(windowMask(NINE_TO_FIVE, 480, -300)), [0, 1, 2, 3, 20, 21, 22, 23]);
    // UTC-8 works 17:00-01:00 UTC = 12:00-20:00 for the client.
    assert.deepEqual(maskSlots(windowMask(NINE_TO_FIVE, -480, -300)), range(12, 20));
    // Client UTC+9, vendor UTC-10: 19:00-03:00 UTC = 04:00-12:00 for the client.
    assert.deepEqual(maskSlots(windowMask(NINE_TO_FIVE, -600, 540)), range(4, 12));
  });

  test("a half-hour offset covers only the client's whole hours inside its window", () => {
    // UTC+5:30 09:00-17:00 = 03:30-11:30 UTC = 22:30-06:30 for a UTC-5 client.
    assert.deepEqual(maskSlots(windowMask(NINE_TO_FIVE, 330, -300)), [0, 1, 2, 3, 4, 5, 23]);
  });

  test("a window that starts late in the day wraps past midnight", () => {
    assert.deepEqual(maskSlots(windowMask({ startHour: 22, hours: 4 }, 0, 0)), [0, 1, 22, 23]);
    assert.equal(maskSlots(windowMask({ startHour: 5, hours: 24 }, 120, -300)).length, 24);
  });

  test("gaps are runs of missing required hours, one gap across midnight", () => {
    const full = (1 << 24) - 1;
    const covered = windowMask({ startHour: 4, hours: 16 }, 0, 0); // 04:00-20:00
    assert.deepEqual(coverageGaps(full, covered), [{ startHour: 20, endHour: 28, hours: 8 }]);
    assert.deepEqual(coverageGaps(full, full), []);
    assert.deepEqual(coverageGaps(full, 0), [{ startHour: 0, endHour: 24, hours: 24 }]);
    const required = windowMask({ startHour: 8, hours: 10 }, 0, 0); // 08:00-18:00
    const some = windowMask({ startHour: 10, hours: 2 }, 0, 0) | windowMask({ startHour: 15, hours: 1 }, 0, 0);
    assert.deepEqual(coverageGaps(required, some), [
      { startHour: 8, endHour: 10, hours: 2 },
      { startHour: 12, endHour: 15, hours: 3 },
      { startHour: 16, endHour: 18, hours: 2 },
    ]);
  });
});

// Client UTC-5. London (0) covers 04-12, Perth (+8) 20-04, Los Angeles (-8) 12-20: a relay of the three covers the day.
const LONDON = makeVendor({ id: address(0xa1), timezoneOffsetMinutes: 0, hourlyRateCents: 5000 });
const PERTH = makeVendor({ id: address(0xb2), timezoneOffsetMinutes: 480, hourlyRateCents: 4000 });
const LA = makeVendor({ id: address(0xc3), timezoneOffsetMinutes: -480, hourlyRateCents: 6000 });
const PARIS = makeVendor({ id: address(0xd4), timezoneOffsetMinutes: 60, hourlyRateCents: 4500 });

function relayPart(days = 1, extra: Partial<Project["parts"][number]> = {}) {
  return { id: "support", requiredSkills: [SOLIDITY], relay: { days }, ...extra };
}

describe("relay proposal", () => {
  test("three time zones cover the client's 24 hours; each hour has one vendor on duty", () => {
    const part = proposeRelay(relayPart(2), 10_000_000, -300, [LONDON, PERTH, LA]);
    assert.equal(part.kind, "relay");
    assert.equal(part.coverage.requiredHours, 24);
    assert.equal(part.coverage.coveredHours, 24);
    assert.deepEqual(part.coverage.gaps, []);
    const onDuty = (hour: number) => part.coverage.slots[hour];
    assert.equal(onDuty(0), PERTH.id);
    assert.equal(onDuty(3), PERTH.id);
    assert.equal(onDuty(4), LONDON.id);
    assert.equal(onDuty(11), LONDON.id);
    assert.equal(onDuty(12), LA.id);
    assert.equal(onDuty(19), LA.id);
    assert.equal(onDuty(20), PERTH.id);
    // Each member is paid its 8-hour shift for 2 days.
    assert.equal(part.priceCents, (5000 + 4000 + 6000) * 8 * 2);
    for (const member of part.members) assert.equal(member.hours.length, 8);
  });

  test("overlapping windows: the vendor whose day started last takes over (the handoff)", () => {
    // Paris covers 03-11 for the client, London 04-12: Paris holds 03, London takes over at 04.
    const part = proposeRelay(
      relayPart(1, { relay: { days: 1, window: { startHour: 3, hours: 9 } } }),
      1_000_000,
      -300,
      [LONDON, PARIS],
    );
    assert.equal(part.coverage.requiredHours, 9);
    assert.equal(part.coverage.coveredHours, 9);
    const byAddress = Object.fromEntries(part.members.map((m) => [m.address, m.hours]));
    assert.deepEqual(byAddress[PARIS.id], [3]);
    assert.deepEqual(byAddress[LONDON.id], range(4, 12));
    assert.equal(part.priceCents, 4500 * 1 + 5000 * 8);
  });

  test("more hours covered beats a better score; the gap across midnight is reported", () => {
    // Without Perth the best relay (Paris from 03:00) leaves 20:00-03:00 uncovered.
    const part = proposeRelay(relayPart(), 1_000_000, -300, [LONDON, LA, PARIS]);
    assert.equal(part.coverage.coveredHours, 17);
    assert.deepEqual(part.coverage.gaps, [{ startHour: 20, endHour: 27, hours: 7 }]);
    // A top-rated vendor that adds no hour loses to a weak one that closes the gap.
    const star = makeVendor({
      id: address(0xe5),
      timezoneOffsetMinutes: 0,
      ratingWeightedSum: 50_000n,
      ratingWeight: 10_000n,
    });
    const weakPerth = makeVendor({ ...PERTH, ratingWeightedSum: 1500n, ratingWeight: 1000n, ratingCount: 1 });
    const relay = proposeRelay(relayPart(), 1_000_000, -300, [LONDON, LA, star, weakPerth]);
    assert.equal(relay.coverage.coveredHours, 24);
    assert.ok(relay.members.some((m) => m.address === weakPerth.id));
  });

  test("the relay stays within the budget: the cheaper pair when the triple costs too much", () => {
    const triple = (5000 + 4000 + 6000) * 8;
    const part = proposeRelay(relayPart(), triple - 1, -300, [LONDON, PERTH, LA]);
    assert.ok(part.priceCents <= triple - 1);
    assert.equal(part.members.length, 2);
    assert.equal(part.coverage.coveredHours, 16);
  });

  test("a relay nobody can staff within the budget is refused with the cheapest figure", () => {
    assert.throws(
      () => proposeRelay(relayPart(), 100, -300, [LONDON, PERTH, LA]),
      (error: Error) => error instanceof TeamInfeasibleError && /below the cheapest team/.test(error.message),
    );
    assert.throws(
      () => proposeRelay(relayPart(), 1_000_000, -300, [LONDON]),
      (error: Error) =>
        error instanceof TeamInfeasibleError &&
        /"support" has fewer than 2 eligible vendors for a relay/.test(error.message),
    );
  });
});

function project(parts: Project["parts"], budgetCents: number): Project {
  return { id: "p1", budgetCents, clientTimezoneOffsetMinutes: -300, parts };
}

describe("team proposal", () => {
  const designer = makeVendor({ id: address(0x11), skills: [DESIGN], hourlyRateCents: 9000 });
  const cheapDesigner = makeVendor({
    id: address(0x12),
    skills: [DESIGN],
    hourlyRateCents: 3000,
    ratingWeightedSum: 2000n,
    ratingWeight: 1000n,
  });
  const dev = makeVendor({ id: address(0x21), skills: [REACT, SOLIDITY], hourlyRateCents: 10_000 });
  const cheapDev = makeVendor({
    id: address(0x22),
    skills: [REACT],
    hourlyRateCents: 4000,
    ratingWeightedSum: 2500n,
    ratingWeight: 1000n,
  });
  const vendors: VendorRecord[] = [designer, cheapDesigner, dev, cheapDev];
  const parts = [
    { id: "design", requiredSkills: [DESIGN], hours: 10 },
    { id: "frontend", requiredSkills: [REACT], hours: 20 },
  ];

  test("with room, each part gets its best vendor; totals add up", () => {
    const team = proposeTeam(project(parts, 1_000_000), vendors);
    assert.deepEqual(
      team.parts.map((p) => p.members[0].address),
      [designer.id, dev.id],
    );
    assert.equal(team.totalCostCents, 9000 * 10 + 10_000 * 20);
    assert.equal(team.totalCostCents, team.parts[0].priceCents + team.parts[1].priceCents);
    assert.ok(Math.abs(team.totalScore - (team.parts[0].score + team.parts[1].score)) < 1e-9);
  });

  test("chosen together: a tight budget spends where the score gained per dollar is largest", () => {
    const budget = 9000 * 10 + 4000 * 20; // best designer + cheap developer
    const team = proposeTeam(project(parts, budget), vendors);
    assert.ok(team.totalCostCents <= budget);
    const all = [
      [designer, dev],
      [designer, cheapDev],
      [cheapDesigner, dev],
      [cheapDesigner, cheapDev],
    ];
    // Brute force on the candidates' own scores.
    const score = (partIndex: number, id: string) =>
      team.parts[partIndex].candidates.find((c) => c.address === id)!.score;
    let best = -1;
    for (const [d, f] of all) {
      if (d.hourlyRateCents * 10 + f.hourlyRateCents * 20 > budget) continue;
      best = Math.max(best, Math.round(score(0, d.id) * 1000) + Math.round(score(1, f.id) * 1000));
    }
    assert.equal(Math.round(team.totalScore * 1000), best);
  });

  test("a part's cap and share exclude vendors above them", () => {
    const capped = [
      { ...parts[0], budgetCapCents: 50_000 },
      { ...parts[1], budgetShare: 0.5 },
    ];
    const team = proposeTeam(project(capped, 200_000), vendors);
    assert.equal(team.parts[0].members[0].address, cheapDesigner.id);
    assert.equal(team.parts[1].members[0].address, cheapDev.id);
    assert.equal(team.parts[1].budgetCapCents, 100_000);
  });

  test("one vendor per part unless both parts allow sharing", () => {
    const both = [
      { id: "contracts", requiredSkills: [SOLIDITY], hours: 10 },
      { id: "audit", requiredSkills: [SOLIDITY], hours: 5 },
    ];
    assert.throws(
      () => proposeTeam(project(both, 1_000_000), vendors),
      (error: Error) => error instanceof TeamInfeasibleError && /single part/.test(error.message),
    );
    const sharing = both.map((p) => ({ ...p, allowSharedVendor: true }));
    const team = proposeTeam(project(sharing, 1_000_000), vendors);
    assert.equal(team.parts[0].members[0].address, dev.id);
    assert.equal(team.parts[1].members[0].address, dev.id);
  });

  test("hours of the client's day: minOverlapHours excludes vendors who do not work them", () => {
    const far = makeVendor({ id: address(0x31), skills: [DESIGN], timezoneOffsetMinutes: 540 });
    const near = makeVendor({
      id: address(0x32),
      skills: [DESIGN],
      timezoneOffsetMinutes: -300,
      ratingWeightedSum: 2000n,
    });
    const part = [{ id: "design", requiredSkills: [DESIGN], hours: 10, minOverlapHours: 6 }];
    const team = proposeTeam(project(part, 1_000_000), [far, near]);
    assert.equal(team.parts[0].members[0].address, near.id);
    assert.equal(team.parts[0].coverage.coveredHours, 8);
    assert.deepEqual(team.parts[0].coverage.gaps, []);
    assert.throws(
      () => proposeTeam(project(part, 1_000_000), [far]),
      (error: Error) => error instanceof TeamInfeasibleError && /do not work enough of its hours/.test(error.message),
    );
  });

  test("infeasible budgets and parts give a clear error", () => {
    assert.throws(
      () => proposeTeam(project(parts, 1000), vendors),
      (error: Error) =>
        error instanceof TeamInfeasibleError &&
        /budget of \$10 is below the cheapest team .*\$1,100 \(design \$300, frontend \$800\)/.test(error.message),
    );
    assert.throws(
      () => proposeTeam(project([{ id: "rust", requiredSkills: [SOLIDITY, DESIGN], hours: 1 }], 1_000_000), vendors),
      (error: Error) =>
        error instanceof TeamInfeasibleError &&
        /"rust" has no eligible vendor: 4 lack a required skill\./.test(error.message),
    );
    assert.throws(
      () => proposeTeam(project([{ ...parts[0], budgetCapCents: 100 }], 1_000_000), vendors),
      (error: Error) =>
        error instanceof TeamInfeasibleError &&
        /"design" has no eligible vendor: 2 lack a required skill, 2 cost more than its cap of \$1\./.test(
          error.message,
        ),
    );
    assert.throws(() => proposeTeam(project([], 1), vendors), /1 to 50 parts/);
    assert.throws(() => proposeTeam(project([{ id: "x", requiredSkills: [] }], 1), vendors), /hours must be/);
  });

  test("swap: the effect on cost, score and coverage of replacing a member", () => {
    const team = proposeTeam(project(parts, 1_000_000), vendors);
    const effect = swapEffect(team, "frontend", dev.id, cheapDev.id);
    assert.equal(effect.costDeltaCents, (4000 - 10_000) * 20);
    assert.equal(effect.totalCostCents, team.totalCostCents + effect.costDeltaCents);
    const candidate = team.parts[1].candidates.find((c) => c.address === cheapDev.id)!;
    assert.equal(
      effect.scoreDelta,
      (Math.round(candidate.score * 1000) - Math.round(team.parts[1].score * 1000)) / 1000,
    );
    assert.equal(effect.coverageDeltaHours, 0);
    assert.equal(effect.withinBudget, true);
    assert.equal(effect.conflict, null);
    assert.deepEqual(team.parts[1].swaps[0], effect);
  });

  test("swap in a relay: dropping the night shift shows the hours lost", () => {
    const team = proposeTeam(project([relayPart()], 1_000_000), [LONDON, PERTH, LA, PARIS]);
    assert.equal(team.parts[0].coverage.coveredHours, 24);
    // Paris (03-11) instead of Perth (20-04) leaves 20:00-03:00 open.
    const effect = swapEffect(team, "support", PERTH.id, PARIS.id);
    assert.equal(effect.coverageDeltaHours, -7);
    assert.equal(effect.conflict, null);
  });
});

describe("the distinct-vendor bound", () => {
  test("maxWeightAssignment equals a brute force over every assignment", async () => {
    const { maxWeightAssignment } = await import("../../matching/src/team/optimize.ts");
    const { createPrng } = await import("../../matching/src/synthetic/prng.ts");
    const prng = createPrng(2026);
    for (let round = 0; round < 300; round++) {
      const n = prng.int(1, 5);
      const m = prng.int(1, 7);
      const rows = Array.from({ length: n }, () => {
        const row = new Map<number, number>();
        for (let j = 0; j < m; j++) if (prng.chance(0.6)) row.set(j, prng.int(-50, 100) * 1_000_003);
        return row;
      });
      let best: number | null = null;
      const taken = new Set<number>();
      const walk = (i: number, total: number) => {
        if (i === n) {
          best = best === null ? total : Math.max(best, total);
          return;
        }
        for (const [j, weight] of rows[i]) {
          if (taken.has(j)) continue;
          taken.add(j);
          walk(i + 1, total + weight);
          taken.delete(j);
        }
      };
      walk(0, 0);
      assert.equal(maxWeightAssignment(rows, m), best, `round ${round}`);
    }
  });

  test("ten parts wanting the same vendors: the best assignment without trying them all", () => {
    const vendors = Array.from({ length: 14 }, (_, i) =>
      makeVendor({ id: address(0x100 + i), hourlyRateCents: 3000 + 500 * i, ratingWeight: BigInt(500 + 200 * i) }),
    );
    const parts = Array.from({ length: 10 }, (_, i) => ({ id: `p${i}`, requiredSkills: [SOLIDITY], hours: 10 + i }));
    const team = proposeTeam(project(parts, 100_000_000), vendors);
    assert.equal(new Set(team.parts.map((p) => p.members[0].address)).size, 10);
    // 14 vendors for 10 parts: 14!/4! orders. Without the distinct-vendor bound the search
    // expands about 100 million partial teams here; with it, under 10,000.
    assert.ok(team.search.nodes < 50_000, `${team.search.nodes} nodes`);
  });
});
