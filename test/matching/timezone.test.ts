import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { timezoneFit, workdayOverlapHours } from "../../matching/src/score/timezone.ts";

describe("workdayOverlapHours", () => {
  test("shares the whole day in the same timezone", () => {
    assert.equal(workdayOverlapHours(-300, -300, 8), 8);
  });

  test("loses an hour of overlap per hour apart", () => {
    assert.equal(workdayOverlapHours(0, -300, 8), 3);
    assert.equal(workdayOverlapHours(60, 0, 8), 7);
    assert.equal(workdayOverlapHours(330, 0, 8), 2.5);
    assert.equal(workdayOverlapHours(540, -300, 8), 0);
  });

  test("measures the shorter way around the clock", () => {
    // UTC-10 and UTC+12 are 22 hours apart one way, 2 the other.
    assert.equal(workdayOverlapHours(-600, 720, 8), 6);
  });

  test("is symmetric", () => {
    assert.equal(workdayOverlapHours(330, -180, 8), workdayOverlapHours(-180, 330, 8));
  });

  test("counts both sides of the clock for very long workdays", () => {
    assert.equal(workdayOverlapHours(0, 720, 24), 24);
    assert.equal(workdayOverlapHours(0, 720, 14), 4);
  });
});

describe("timezoneFit", () => {
  test("is the met share of the wanted overlap, capped at 1", () => {
    assert.equal(timezoneFit(2, 4), 0.5);
    assert.equal(timezoneFit(6, 4), 1);
    assert.equal(timezoneFit(0, 4), 0);
  });

  test("is neutral when the client's timezone is unknown or no overlap is wanted", () => {
    assert.equal(timezoneFit(null, 4), 1);
    assert.equal(timezoneFit(0, 0), 1);
  });
});
