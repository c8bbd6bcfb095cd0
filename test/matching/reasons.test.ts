import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { formatUsd, formatUtcOffset, rankVendors } from "../../matching/index.ts";
import { makeVendor, REACT, SOLIDITY, UNIT } from "./support/vendors.ts";

describe("explainMatch", () => {
  test("says one short thing per factor", () => {
    const [match] = rankVendors(
      {
        requiredSkills: [SOLIDITY],
        niceToHaveSkills: [REACT],
        rateMaxCents: 10_000,
        clientTimezoneOffsetMinutes: -300,
        hoursPerWeek: 20,
      },
      [
        makeVendor({
          skills: [SOLIDITY, REACT],
          activeJobs: 1,
          hiredJobs: 11,
          disputedMilestones: 2,
          disputesLost: 1,
        }),
      ],
    ).matches;
    assert.deepEqual(match.reasons, [
      "Rated 4.50/5 over 10 ratings (67% confidence)",
      "Has the required skill; 1 of 1 nice-to-have (react)",
      "$80/h, within the $100/h ceiling",
      "3 h workday overlap (UTC+00:00 vs client UTC-05:00; 4 h wanted)",
      "30 h/week free of 40 h (1 active job); job needs 20 h/week",
      "10 of 10 finished jobs paid, 1 dispute lost",
    ]);
  });

  test("explains missing evidence and neutral factors plainly", () => {
    const [match] = rankVendors({ requiredSkills: [] }, [
      makeVendor({
        ratingWeight: 0n,
        ratingWeightedSum: 0n,
        ratingCount: 0,
        hiredJobs: 0,
        paidJobs: 0,
        hourlyRateCents: 12_050,
      }),
    ]).matches;
    assert.equal(match.reasons[0], "No ratings yet");
    assert.equal(match.reasons[1], "No required skills");
    assert.equal(match.reasons[2], "$120.50/h; no rate ceiling given");
    assert.equal(match.reasons[3], "Works in UTC+00:00; client timezone unknown");
    assert.equal(match.reasons[5], "No finished jobs yet");
  });

  test("says how far over the ceiling a rate is", () => {
    const [match] = rankVendors({ requiredSkills: [], rateMaxCents: 10_000 }, [
      makeVendor({
        hourlyRateCents: 12_000,
        ratingWeight: 3000n * UNIT,
        ratingWeightedSum: 15_000n * UNIT,
      }),
    ]).matches;
    assert.equal(match.reasons[2], "$120/h, 20% over the $100/h ceiling");
  });
});

describe("formatting", () => {
  test("formats dollars and UTC offsets", () => {
    assert.equal(formatUsd(8000), "$80");
    assert.equal(formatUsd(8050), "$80.50");
    assert.equal(formatUsd(1_234_567), "$12,345.67");
    assert.equal(formatUtcOffset(330), "UTC+05:30");
    assert.equal(formatUtcOffset(-570), "UTC-09:30");
  });
});
