// Seeded small markets: the proposed team equals a brute force over every team the
// candidates allow, no cheaper team has the same coverage and a score as high, the
// budget and caps hold, and the input order changes nothing.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { proposeTeam, TeamInfeasibleError, windowMask } from "../../matching/index.ts";
import type {
  PartCandidate,
  Project,
  ProjectPart,
  TeamProposal,
  VendorRecord,
  WorkingWindow,
} from "../../matching/index.ts";
import { createPrng } from "../../matching/src/synthetic/prng.ts";
import type { Prng } from "../../matching/src/synthetic/prng.ts";
import { COVERAGE_UNIT, evaluateMembers, optionValue } from "../../matching/src/team/evaluate.ts";
import { bitCount, FULL_DAY_MASK } from "../../matching/src/team/hours.ts";
import { address, makeVendor, SKILLS } from "./support/vendors.ts";

const OFFSETS = [-600, -480, -300, -180, 0, 60, 330, 480, 540, 600];
const MARKETS = 150;
const ALL = 1000; // candidates per part: every eligible vendor

interface Market {
  vendors: VendorRecord[];
  workingHours: Record<string, WorkingWindow>;
  project: Project;
}

function randomMarket(prng: Prng): Market {
  const vendors: VendorRecord[] = [];
  const workingHours: Record<string, WorkingWindow> = {};
  const count = prng.int(6, 11);
  for (let i = 0; i < count; i++) {
    const ratingCount = prng.int(0, 30);
    const weight = BigInt(prng.int(1, 4000));
    const vendor = makeVendor({
      id: address(0x1000 * prng.int(1, 15) + i),
      skills: SKILLS.slice(0, 3).filter(() => prng.chance(0.6)),
      hourlyRateCents: prng.int(2, 12) * 1000,
      timezoneOffsetMinutes: prng.pick(OFFSETS),
      ratingCount,
      ratingWeight: ratingCount === 0 ? 0n : weight,
      ratingWeightedSum: ratingCount === 0 ? 0n : (weight * BigInt(prng.int(1000, 5000))) / 1000n,
      activeJobs: prng.int(0, 2),
    });
    vendors.push(vendor);
    workingHours[vendor.id] = { startHour: prng.int(0, 23), hours: prng.int(4, 12) };
  }
  const parts: ProjectPart[] = [];
  // A relay alone cannot conflict with another part: the search then keeps only undominated relays.
  const singles = prng.chance(0.25) ? 0 : prng.int(1, 3);
  for (let p = 0; p < singles; p++) {
    parts.push({
      id: `part${p}`,
      requiredSkills: [prng.pick(SKILLS.slice(0, 3))],
      hours: prng.int(5, 40),
      ...(prng.chance(0.3) ? { budgetCapCents: prng.int(10, 40) * 10_000 } : {}),
      ...(prng.chance(0.3) ? { allowSharedVendor: true } : {}),
      ...(prng.chance(0.2) ? { minOverlapHours: prng.int(1, 6) } : {}),
    });
  }
  if (singles === 0 || prng.chance(0.6)) {
    parts.push({
      id: "relay",
      requiredSkills: [prng.pick(SKILLS.slice(0, 3))],
      relay: {
        days: prng.int(1, 3),
        ...(prng.chance(0.4) ? { window: { startHour: prng.int(0, 23), hours: prng.int(8, 20) } } : {}),
        ...(prng.chance(0.2) ? { minVendors: 3 } : prng.chance(0.2) ? { maxVendors: 2 } : {}),
      },
      ...(prng.chance(0.3) ? { allowSharedVendor: true } : {}),
    });
  }
  return {
    vendors,
    workingHours,
    project: {
      budgetCents: prng.int(3, 150) * 10_000,
      clientTimezoneOffsetMinutes: prng.pick(OFFSETS),
      parts,
    },
  };
}

interface Team {
  keys: string[];
  cost: number;
  value: number;
  coverage: number;
  scoreMilli: number;
}

/** Every team the candidates allow within the budget, caps and one-part-per-vendor rule. */
function everyTeam(project: Project, candidates: PartCandidate[][]): Team[] {
  const options = project.parts.map((part, p) => {
    const list = candidates[p];
    const sets: PartCandidate[][] = [];
    if (part.relay === undefined) for (const c of list) sets.push([c]);
    else {
      const min = part.relay.minVendors ?? 2;
      const max = part.relay.maxVendors ?? 3;
      for (let i = 0; i < list.length; i++) {
        for (let j = i + 1; j < list.length; j++) {
          if (min <= 2) sets.push([list[i], list[j]]);
          if (max >= 3) for (let k = j + 1; k < list.length; k++) sets.push([list[i], list[j], list[k]]);
        }
      }
    }
    return sets
      .map((members) => evaluateMembers(members, part.relay === undefined ? null : part.relay.days))
      .filter((e) => e.idle === null && (part.budgetCapCents === undefined || e.priceCents <= part.budgetCapCents));
  });
  const teams: Team[] = [];
  const holders = new Map<string, boolean[]>();
  const walk = (p: number, cost: number, value: number, keys: string[]) => {
    if (cost > project.budgetCents) return;
    if (p === project.parts.length) {
      const coverage = Math.floor(value / COVERAGE_UNIT);
      teams.push({ keys, cost, value, coverage, scoreMilli: value - coverage * COVERAGE_UNIT });
      return;
    }
    const shared = project.parts[p].allowSharedVendor === true;
    for (const option of options[p]) {
      const addresses = option.members.map((m) => m.address);
      if (addresses.some((a) => holders.has(a) && !(shared && holders.get(a)!.every(Boolean)))) continue;
      for (const a of addresses) holders.set(a, [...(holders.get(a) ?? []), shared]);
      const relay = project.parts[p].relay !== undefined;
      walk(p + 1, cost + option.priceCents, value + optionValue(option, relay), [...keys, addresses.join(",")]);
      for (const a of addresses) {
        const left = holders.get(a)!.slice(0, -1);
        if (left.length === 0) holders.delete(a);
        else holders.set(a, left);
      }
    }
  };
  walk(0, 0, 0, []);
  return teams;
}

function better(a: Team, b: Team): boolean {
  if (a.value !== b.value) return a.value > b.value;
  if (a.cost !== b.cost) return a.cost < b.cost;
  return a.keys.join("|") < b.keys.join("|");
}

function eligible(market: Market, part: ProjectPart): string[] {
  const { project, vendors, workingHours } = market;
  const offset = project.clientTimezoneOffsetMinutes;
  const required =
    part.relay === undefined
      ? windowMask(part.window ?? { startHour: 9, hours: 8 }, offset, offset)
      : part.relay.window === undefined
        ? FULL_DAY_MASK
        : windowMask(part.relay.window, offset, offset);
  return vendors
    .filter((v) => part.requiredSkills.every((s) => v.skills.includes(s)))
    .filter((v) => {
      const covered = bitCount(windowMask(workingHours[v.id], v.timezoneOffsetMinutes, offset) & required);
      if (part.relay !== undefined) return covered > 0;
      if (part.budgetCapCents !== undefined && v.hourlyRateCents * part.hours! > part.budgetCapCents) return false;
      return covered >= (part.minOverlapHours ?? 0);
    })
    .map((v) => v.id)
    .sort();
}

function propose(market: Market, vendors = market.vendors, workingHours = market.workingHours): TeamProposal {
  return proposeTeam(market.project, vendors, { workingHours, candidatesPerPart: ALL, relayCandidates: ALL });
}

function proposeOrNull(market: Market): TeamProposal | null {
  try {
    return propose(market);
  } catch (error) {
    if (error instanceof TeamInfeasibleError) return null;
    throw error;
  }
}

describe("team proposal on small random markets", () => {
  test(`equals the brute force over every team, in ${MARKETS} seeded markets`, () => {
    let feasible = 0;
    let withRelay = 0;
    for (let seed = 1; seed <= MARKETS; seed++) {
      const market = randomMarket(createPrng(seed * 7919));
      // The candidates do not depend on the total budget: read them with room and sharing.
      const roomy: Market = {
        ...market,
        project: {
          ...market.project,
          budgetCents: 1e12,
          parts: market.project.parts.map((p) => ({ ...p, allowSharedVendor: true })),
        },
      };
      const reference = proposeOrNull(roomy);
      const proposal = proposeOrNull(market);
      if (reference === null) {
        assert.equal(proposal, null, `seed ${seed}: a part without candidates, yet a team`);
        // Refused with room only when a part has too few candidates, or no relay of them where all take a shift.
        const tooFew = market.project.parts.some(
          (part) => eligible(market, part).length < (part.relay ? (part.relay.minVendors ?? 2) : 1),
        );
        assert.throws(
          () => propose(roomy),
          (error: Error) =>
            (tooFew
              ? /has (no eligible vendor|fewer than \d eligible vendors)/
              : /no relay of .* gives every member a shift/
            ).test(error.message),
          `seed ${seed}`,
        );
        continue;
      }
      const candidates = reference.parts.map((p) => p.candidates);
      market.project.parts.forEach((part, p) => {
        assert.deepEqual(candidates[p].map((c) => c.address).sort(), eligible(market, part), `seed ${seed}`);
      });
      const teams = everyTeam(market.project, candidates);
      if (teams.length === 0) {
        assert.equal(proposal, null, `seed ${seed}: proposed a team where none fits`);
        continue;
      }
      assert.notEqual(proposal, null, `seed ${seed}: refused though a team fits`);
      feasible++;
      if (market.project.parts.some((p) => p.relay)) withRelay++;
      const best = teams.reduce((a, b) => (better(b, a) ? b : a));
      const got = proposal!;
      const gotKeys = got.parts.map((p) => p.members.map((m) => m.address).join(","));
      assert.deepEqual(gotKeys, best.keys, `seed ${seed}: not the optimum`);
      assert.equal(got.totalCostCents, best.cost);
      assert.ok(got.totalCostCents <= market.project.budgetCents);
      assert.equal(got.relayCoveredHours, best.coverage);
      assert.equal(Math.round(got.totalScore * 1000), best.scoreMilli);
      for (const part of got.parts) {
        if (part.budgetCapCents !== null) assert.ok(part.priceCents <= part.budgetCapCents);
      }
      for (const team of teams) {
        assert.ok(team.coverage <= best.coverage, `seed ${seed}: a team covers more hours`);
        const cheaperAsGood =
          team.coverage === best.coverage && team.scoreMilli >= best.scoreMilli && team.cost < best.cost;
        assert.ok(!cheaperAsGood, `seed ${seed}: a cheaper team with the same coverage scores as high`);
      }
    }
    // The markets must exercise the search, not only its refusals.
    assert.ok(feasible >= MARKETS / 3, `only ${feasible} feasible markets`);
    assert.ok(withRelay >= MARKETS / 6, `only ${withRelay} feasible markets with a relay`);
  });

  test("the same input in any order gives the same proposal", () => {
    for (let seed = 1; seed <= 40; seed++) {
      const market = randomMarket(createPrng(seed * 104_729));
      const first = proposeOrNull(market);
      const prng = createPrng(seed);
      const reversedHours = Object.fromEntries(Object.entries(market.workingHours).reverse());
      for (let round = 0; round < 3; round++) {
        let again: TeamProposal | null;
        try {
          again = propose(market, prng.shuffle(market.vendors), reversedHours);
        } catch (error) {
          if (!(error instanceof TeamInfeasibleError)) throw error;
          again = null;
        }
        assert.deepEqual(again, first, `seed ${seed}`);
      }
    }
  });
});
