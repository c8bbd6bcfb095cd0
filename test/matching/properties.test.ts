import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { FACTORS, rankVendors } from "../../matching/index.ts";
import type { Demand, RankResult, VendorRecord } from "../../matching/index.ts";
import { createPrng } from "../../matching/src/synthetic/prng.ts";
import type { Prng } from "../../matching/src/synthetic/prng.ts";
import { randomDemand, randomVendor, randomVendors, SKILLS } from "./support/vendors.ts";

// Fixed seeds: a failure replays exactly. Raise TRIALS locally to search harder.
const TRIALS = 150;
const SEED = 0x6d6f7361;

/** Runs `check` on TRIALS seeded cases and names the failing trial. */
function forAll(name: string, check: (prng: Prng, trial: number) => void): void {
  test(name, () => {
    for (let trial = 0; trial < TRIALS; trial++) {
      const prng = createPrng(SEED + trial);
      try {
        check(prng, trial);
      } catch (error) {
        (error as Error).message = `trial ${trial} (seed ${SEED + trial}): ${(error as Error).message}`;
        throw error;
      }
    }
  });
}

function fullRanking(demand: Demand, vendors: VendorRecord[]): RankResult {
  return rankVendors(demand, vendors, { top: Infinity });
}

/** 1-based rank of `id`, or Infinity when it was filtered out. */
function rankOf(result: RankResult, id: string): number {
  const match = result.matches.find((m) => m.address === id);
  return match === undefined ? Infinity : match.rank;
}

/** A copy of `vendor` under a fresh address that sorts before or after it at random. */
function twin(prng: Prng, vendor: VendorRecord, overrides: Partial<VendorRecord>): VendorRecord {
  const prefix = prng.chance(0.5) ? "0000" : "ffff";
  return {
    ...vendor,
    id: `0x${prefix}${vendor.id.slice(6, 40)}ee`,
    ...overrides,
  };
}

describe("ranking properties", () => {
  forAll("more paid weight at the same average never lowers a vendor's rank", (prng) => {
    const vendors = randomVendors(prng, prng.int(5, 60));
    const demand = randomDemand(prng);
    const rated = vendors.filter((v) => v.ratingWeight > 0n);
    if (rated.length === 0) return;
    const target = prng.pick(rated);
    const factor = BigInt(prng.int(2, 50));
    const heavier = vendors.map((v) =>
      v === target
        ? {
            ...v,
            ratingWeight: v.ratingWeight * factor,
            ratingWeightedSum: v.ratingWeightedSum * factor,
          }
        : v,
    );
    const before = rankOf(fullRanking(demand, vendors), target.id);
    const after = rankOf(fullRanking(demand, heavier), target.id);
    assert.ok(after <= before, `rank went from ${before} to ${after}`);
  });

  forAll("a vendor missing a required skill never outranks one that has it, all else equal", (prng) => {
    const required = prng.shuffle(SKILLS).slice(0, prng.int(1, 3));
    const demand = { ...randomDemand(prng), requiredSkills: required };
    const base = randomVendor(prng, 10_000);
    const skilled = {
      ...base,
      skills: [...new Set([...base.skills, ...required])],
    };
    const missing = prng.pick(required);
    const unskilled = twin(prng, skilled, {
      skills: skilled.skills.filter((tag) => tag !== missing),
    });
    const vendors = prng.shuffle([...randomVendors(prng, prng.int(0, 40)), skilled, unskilled]);
    const result = fullRanking(demand, vendors);
    // Missing a required skill is a hard filter: the twin is never ranked at all.
    assert.equal(rankOf(result, unskilled.id), Infinity);
    assert.ok(rankOf(result, unskilled.id) >= rankOf(result, skilled.id));
  });

  forAll("within budget beats over budget, all else equal", (prng) => {
    const ceiling = prng.int(20, 150) * 100;
    const demand = { ...randomDemand(prng), rateMaxCents: ceiling };
    const within = {
      ...randomVendor(prng, 10_000),
      hourlyRateCents: prng.int(0, ceiling),
    };
    const over = twin(prng, within, {
      hourlyRateCents: ceiling + prng.int(1, ceiling),
    });
    const vendors = prng.shuffle([...randomVendors(prng, prng.int(0, 40)), within, over]);
    const result = fullRanking(demand, vendors);
    const withinRank = rankOf(result, within.id);
    if (withinRank === Infinity) {
      assert.equal(rankOf(result, over.id), Infinity, "the twins passed different filters");
      return;
    }
    assert.ok(withinRank < rankOf(result, over.id), `within ${withinRank}, over ${rankOf(result, over.id)}`);
  });

  forAll("shuffling the input never changes the output", (prng) => {
    const vendors = randomVendors(prng, prng.int(0, 80));
    const demand = randomDemand(prng);
    const top = prng.chance(0.5) ? Infinity : prng.int(1, 20);
    const shuffledDemand = {
      ...demand,
      requiredSkills: prng.shuffle(demand.requiredSkills),
      niceToHaveSkills: prng.shuffle(demand.niceToHaveSkills ?? []),
    };
    assert.deepEqual(
      rankVendors(shuffledDemand, prng.shuffle(vendors), { top }),
      rankVendors(demand, vendors, { top }),
    );
  });

  forAll("the breakdown always sums to the score", (prng) => {
    const result = fullRanking(randomDemand(prng), randomVendors(prng, prng.int(1, 60)));
    for (const match of result.matches) {
      let sum = 0;
      let max = 0;
      for (const factor of FACTORS) {
        const part = match.breakdown[factor];
        assert.ok(part.fit >= 0 && part.fit <= 1, `${factor} fit ${part.fit}`);
        assert.equal(part.points, part.fit * part.maxPoints);
        sum += part.points;
        max += part.maxPoints;
      }
      assert.equal(sum, match.score);
      assert.ok(match.score >= 0 && match.score <= max);
    }
  });

  forAll("every eligible vendor appears exactly once, ranks run 1..N", (prng) => {
    const result = fullRanking(randomDemand(prng), randomVendors(prng, prng.int(0, 60)));
    assert.equal(result.matches.length, result.totalEligible);
    assert.deepEqual(
      result.matches.map((m) => m.rank),
      result.matches.map((_, i) => i + 1),
    );
    assert.equal(new Set(result.matches.map((m) => m.address)).size, result.matches.length);
    const excluded = Object.values(result.excluded).reduce((a, b) => a + b, 0);
    assert.equal(result.totalEligible + excluded, result.totalVendors);
  });

  forAll("the top N is the head of the full ranking, new-vendor slots included", (prng) => {
    const vendors = randomVendors(prng, prng.int(0, 80));
    const demand = randomDemand(prng);
    const top = prng.int(1, 25);
    assert.deepEqual(rankVendors(demand, vendors, { top }).matches, fullRanking(demand, vendors).matches.slice(0, top));
  });

  forAll("placed by score means better than every later vendor placed by score", (prng) => {
    const result = fullRanking(randomDemand(prng), randomVendors(prng, prng.int(0, 60)));
    const byScore = result.matches.filter((m) => m.placement === "score");
    for (let i = 1; i < byScore.length; i++) {
      const [a, b] = [byScore[i - 1], byScore[i]];
      assert.ok(a.score > b.score || (a.score === b.score && a.address < b.address));
    }
  });
});
