import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { MatchingInputError, prepareVendors, rankVendors } from "../../matching/index.ts";
import type { VendorRecord } from "../../matching/index.ts";
import { address, DESIGN, FOUNDRY, makeVendor, REACT, SOLIDITY, UNIT } from "./support/vendors.ts";

const demand = { requiredSkills: [SOLIDITY] };
const ranked = (vendors: VendorRecord[], options = {}) =>
  rankVendors(demand, vendors, { top: Infinity, ...options }).matches.map((m) => m.address);

describe("rankVendors hard filters", () => {
  test("excludes each failing vendor and counts it under its first failed filter", () => {
    const vendors = [
      makeVendor({ id: address(1) }),
      makeVendor({ id: address(2), skills: [REACT] }),
      makeVendor({ id: address(3), registered: false }),
      makeVendor({ id: address(4), availabilityHours: 0 }),
      makeVendor({ id: address(5) }),
      makeVendor({ id: address(6), ratingWeightedSum: 3000n * UNIT }),
      makeVendor({ id: address(7), ratingCount: 1, countedPaidJobs: 1 }),
      makeVendor({ id: address(8), registered: false, skills: [] }),
    ];
    const result = rankVendors(
      {
        requiredSkills: [SOLIDITY],
        // The escrow's adjusted rating: 333 for the default vendor, 233 for vendor 6.
        minRating: 300,
        minPaidJobs: 2,
        excludeVendors: [address(5)],
      },
      vendors,
    );
    assert.deepEqual(
      result.matches.map((m) => m.address),
      [address(1)],
    );
    assert.equal(result.totalEligible, 1);
    assert.equal(result.totalVendors, 8);
    assert.deepEqual(result.excluded, {
      missingRequiredSkill: 2,
      notRegistered: 1,
      unavailable: 1,
      excludedByDemand: 1,
      belowMinRating: 1,
      belowMinPaidJobs: 1,
    });
  });

  test("requires every required skill, in any order and case", () => {
    const vendors = [
      makeVendor({
        id: address(1),
        skills: [FOUNDRY.toUpperCase().replace("0X", "0x"), SOLIDITY],
      }),
      makeVendor({ id: address(2), skills: [SOLIDITY] }),
    ];
    const result = rankVendors({ requiredSkills: [SOLIDITY, FOUNDRY, SOLIDITY] }, vendors);
    assert.deepEqual(
      result.matches.map((m) => m.address),
      [address(1)],
    );
  });

  test("lets unrated vendors through unless a minimum rating above 1.00 is set, as the escrow does", () => {
    const unrated = makeVendor({
      ratingWeightedSum: 0n,
      ratingWeight: 0n,
      ratingCount: 0,
    });
    assert.equal(rankVendors(demand, [unrated]).totalEligible, 1);
    // The escrow's adjusted rating of an unrated vendor is the prior's: 1.00.
    assert.equal(rankVendors({ ...demand, minRating: 100 }, [unrated]).totalEligible, 1);
    assert.equal(rankVendors({ ...demand, minRating: 101 }, [unrated]).totalEligible, 0);
  });

  test("checks minRating against the confidence-adjusted rating, as a claim does", () => {
    // 4.50 over 1,000 units with a 500-unit 1-star prior: floor(100 * (500 + 4500) / 1500) = 333.
    const vendor = makeVendor({ ratingWeightedSum: 4500n, ratingWeight: 1000n });
    assert.equal(rankVendors({ ...demand, minRating: 333 }, [vendor]).totalEligible, 1);
    assert.equal(rankVendors({ ...demand, minRating: 334 }, [vendor]).totalEligible, 0);
  });
});

describe("rankVendors ordering", () => {
  test("breaks exact ties by address, whatever the input order", () => {
    const vendors = [3, 1, 2].map((n) => makeVendor({ id: address(n) }));
    assert.deepEqual(ranked(vendors), [address(1), address(2), address(3)]);
    assert.deepEqual(ranked(vendors.reverse()), [address(1), address(2), address(3)]);
  });

  test("compares addresses case-insensitively", () => {
    const upper = makeVendor({
      id: "0xABCDEF0000000000000000000000000000000000",
    });
    const lower = makeVendor({
      id: "0xabcdef0000000000000000000000000000000001",
    });
    assert.deepEqual(ranked([lower, upper]), [
      "0xabcdef0000000000000000000000000000000000",
      "0xabcdef0000000000000000000000000000000001",
    ]);
  });

  test("returns the requested top N with the total eligible count", () => {
    const vendors = Array.from({ length: 30 }, (_, i) =>
      makeVendor({ id: address(i + 1), hourlyRateCents: 5000 + i * 100 }),
    );
    const result = rankVendors({ ...demand, rateMaxCents: 10_000 }, vendors, {
      top: 3,
    });
    assert.equal(result.totalEligible, 30);
    assert.deepEqual(
      result.matches.map((m) => m.rank),
      [1, 2, 3],
    );
    assert.deepEqual(
      result.matches.map((m) => m.address),
      [address(1), address(2), address(3)],
    );
  });

  test("gives the same top N as the head of the full ranking", () => {
    const vendors = Array.from({ length: 50 }, (_, i) =>
      makeVendor({
        id: address(50 - i),
        hourlyRateCents: 4000 + ((i * 7919) % 50) * 200,
      }),
    );
    const full = rankVendors({ ...demand, rateMaxCents: 9000 }, vendors, {
      top: Infinity,
    });
    const top7 = rankVendors({ ...demand, rateMaxCents: 9000 }, vendors, {
      top: 7,
    });
    assert.deepEqual(top7.matches, full.matches.slice(0, 7));
  });

  test("ranks better nice-to-have coverage first", () => {
    const vendors = [
      makeVendor({ id: address(1), skills: [SOLIDITY] }),
      makeVendor({ id: address(2), skills: [SOLIDITY, REACT, DESIGN] }),
      makeVendor({ id: address(3), skills: [SOLIDITY, DESIGN] }),
    ];
    const result = rankVendors({ ...demand, niceToHaveSkills: [REACT, DESIGN] }, vendors);
    assert.deepEqual(
      result.matches.map((m) => m.address),
      [address(2), address(3), address(1)],
    );
    assert.deepEqual(result.matches[1].breakdown.skills.niceToHaveMatched, [DESIGN]);
  });
});

describe("rankVendors new-vendor slots", () => {
  const veterans = Array.from({ length: 9 }, (_, i) => makeVendor({ id: address(100 + i) }));
  const newcomer = makeVendor({
    id: address(1),
    ratingWeightedSum: 0n,
    ratingWeight: 0n,
    ratingCount: 0,
    hiredJobs: 0,
    paidJobs: 0,
  });

  test("reserves every fifth position for the best new vendor", () => {
    const result = rankVendors(demand, [...veterans, newcomer], { top: 10 });
    assert.equal(result.matches[4].address, address(1));
    assert.equal(result.matches[4].placement, "newVendorSlot");
    assert.equal(result.matches[4].isNewVendor, true);
    assert.match(result.matches[4].reasons[0], /reserved for vendors with fewer than 3 ratings/);
    assert.ok(result.matches[3].score > result.matches[4].score);
  });

  test("keeps the order by score when the list is shorter than a slot", () => {
    const result = rankVendors(demand, [...veterans, newcomer], { top: 4 });
    assert.ok(result.matches.every((m) => m.placement === "score"));
    assert.ok(!result.matches.some((m) => m.address === address(1)));
  });

  test("labels a new vendor that earned its place by score as such", () => {
    const strongNewcomer = {
      ...newcomer,
      hourlyRateCents: 100,
      ratingCount: 2,
      ratingWeight: 10_000n * UNIT,
      ratingWeightedSum: 50_000n * UNIT,
    };
    const result = rankVendors(demand, [...veterans, strongNewcomer]);
    assert.equal(result.matches[0].address, address(1));
    assert.equal(result.matches[0].placement, "score");
  });

  test("can be switched off", () => {
    const result = rankVendors(demand, [...veterans, newcomer], {
      top: 10,
      config: { newVendorSlotEvery: 0 },
    });
    assert.equal(result.matches[9].address, address(1));
    assert.ok(result.matches.every((m) => m.placement === "score"));
  });
});

describe("rankVendors inputs", () => {
  test("ranks a prepared index exactly like the records", () => {
    const vendors = Array.from({ length: 20 }, (_, i) =>
      makeVendor({
        id: address(i + 1),
        activeJobs: i % 4,
        timezoneOffsetMinutes: (i % 5) * 120,
      }),
    );
    const fullDemand = { ...demand, clientTimezoneOffsetMinutes: -300 };
    assert.deepEqual(
      rankVendors(fullDemand, prepareVendors(vendors), { top: 20 }),
      rankVendors(fullDemand, vendors, { top: 20 }),
    );
  });

  test("refuses a config that would contradict a prepared index", () => {
    const index = prepareVendors([makeVendor()]);
    assert.throws(() => rankVendors(demand, index, { config: { newVendorSlotEvery: 0 } }), MatchingInputError);
  });

  test("refuses two records for one address", () => {
    const twice = [makeVendor({ id: address(9) }), makeVendor({ id: address(9).toUpperCase().replace("0X", "0x") })];
    assert.throws(() => rankVendors(demand, twice), /appears twice/);
  });

  test("refuses a deadline without the current time, rather than reading the clock", () => {
    assert.throws(() => rankVendors({ ...demand, deadline: 1_900_000_000 }, [makeVendor()]), /demand\.now/);
  });

  test("refuses skills that are names rather than tags", () => {
    assert.throws(() => rankVendors({ requiredSkills: ["solidity"] }, []), MatchingInputError);
  });

  test("refuses a fractional or negative top", () => {
    assert.throws(() => rankVendors(demand, [], { top: 2.5 }), MatchingInputError);
    assert.throws(() => rankVendors(demand, [], { top: -1 }), MatchingInputError);
  });

  test("uses the deadline to spread estimated hours over the weeks left", () => {
    const week = 7 * 24 * 3600;
    const result = rankVendors({ ...demand, estimatedHours: 120, deadline: 3 * week, now: 0 }, [makeVendor()]);
    assert.equal(result.matches[0].breakdown.availability.neededHoursPerWeek, 40);
  });

  test("turns budget and estimated hours into a rate ceiling", () => {
    const result = rankVendors({ ...demand, budgetUsdCents: 600_000n, estimatedHours: 100 }, [
      makeVendor({ hourlyRateCents: 8000 }),
    ]);
    assert.equal(result.matches[0].breakdown.price.ceilingCents, 6000);
    assert.equal(result.matches[0].breakdown.price.withinCeiling, false);
  });
});
