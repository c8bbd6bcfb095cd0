import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { availabilityFit, freeHoursPerWeek, neededHoursPerWeek } from "../../matching/src/score/availability.ts";

describe("freeHoursPerWeek", () => {
  test("takes the assumed hours of each active job off the advertised hours", () => {
    assert.equal(freeHoursPerWeek(40, 0, 10), 40);
    assert.equal(freeHoursPerWeek(40, 3, 10), 10);
    assert.equal(freeHoursPerWeek(20, 3, 10), 0);
  });
});

describe("availabilityFit", () => {
  test("is full for an idle vendor with the hours the job needs", () => {
    assert.equal(availabilityFit(40, 0, 20, 10), 1);
  });

  test("falls with load even when hours remain", () => {
    assert.ok(availabilityFit(60, 1, 20, 10) < availabilityFit(60, 0, 20, 10));
    assert.ok(availabilityFit(60, 2, 20, 10) < availabilityFit(60, 1, 20, 10));
  });

  test("falls when the free hours do not cover the job", () => {
    assert.equal(availabilityFit(10, 0, 20, 10), 0.7 * 0.5 + 0.3);
  });

  test("never falls when advertised hours grow", () => {
    let previous = -1;
    for (let hours = 0; hours <= 80; hours++) {
      const fit = availabilityFit(hours, 1, 25, 10);
      assert.ok(fit >= previous);
      previous = fit;
    }
  });
});

describe("neededHoursPerWeek", () => {
  const week = 7 * 24 * 3600;

  test("prefers the explicit weekly hours", () => {
    assert.equal(neededHoursPerWeek(12, 100, week, 0, 20), 12);
  });

  test("spreads the estimated hours over the weeks before the deadline", () => {
    assert.equal(neededHoursPerWeek(null, 100, 4 * week, 0, 20), 25);
  });

  test("treats a deadline closer than a day, or past, as a day away", () => {
    assert.equal(neededHoursPerWeek(null, 10, 60, 0, 20), 70);
    assert.equal(neededHoursPerWeek(null, 10, 0, week, 20), 70);
  });

  test("falls back to the default", () => {
    assert.equal(neededHoursPerWeek(null, null, week, 0, 20), 20);
    assert.equal(neededHoursPerWeek(null, 100, null, null, 20), 20);
  });
});
