import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { adjustedRatingX100, meetsMinRating, ratingEvidence, ratingX100 } from "../../matching/src/score/rating.ts";
import { UNIT } from "./support/vendors.ts";

const PRIOR = 500n * UNIT;

describe("ratingEvidence", () => {
  test("gives an unrated vendor no average, no confidence and no fit", () => {
    assert.deepEqual(ratingEvidence(0n, 0n, PRIOR), {
      average: null,
      confidence: 0,
      fit: 0,
    });
  });

  test("mixes the average with a 1-star prior in proportion to paid weight", () => {
    // weight == prior: half confidence, so the estimate sits halfway between 1 and 4.5.
    const evidence = ratingEvidence(((4500n * UNIT) / 10n) * 5n, 500n * UNIT, PRIOR);
    assert.equal(evidence.average, 4.5);
    assert.equal(evidence.confidence, 0.5);
    assert.equal(evidence.fit, ((4.5 - 1) / 4) * 0.5);
  });

  test("lets confidence grow with weight without ever reaching 1", () => {
    let previous = 0;
    for (const weight of [1n, UNIT, 100n * UNIT, 10_000n * UNIT, 10n ** 40n]) {
      const { confidence } = ratingEvidence(weight * 4n, weight, PRIOR);
      assert.ok(confidence >= previous, `confidence fell at weight ${weight}`);
      assert.ok(confidence < 1 || weight === 10n ** 40n);
      previous = confidence;
    }
  });

  test("ranks a few perfect ratings below many good ones", () => {
    const few = ratingEvidence(5n * 100n * UNIT, 100n * UNIT, PRIOR);
    const many = ratingEvidence((45n * 20_000n * UNIT) / 10n, 20_000n * UNIT, PRIOR);
    assert.ok(many.fit > few.fit, `${many.fit} should beat ${few.fit}`);
  });

  test("never lowers the fit when weight grows at the same average, even a poor one", () => {
    for (const averageTenths of [10n, 18n, 30n, 42n, 50n]) {
      let previous = -1;
      for (let k = 1n; k <= 64n; k *= 2n) {
        const weight = 37n * UNIT * k;
        const { fit } = ratingEvidence((weight * averageTenths) / 10n, weight, PRIOR);
        assert.ok(fit >= previous);
        previous = fit;
      }
    }
  });

  test("divides values beyond 2^53 exactly in BigInt", () => {
    const weight = 10n ** 30n + 7n;
    const evidence = ratingEvidence((weight * 425n) / 100n, weight, PRIOR);
    assert.ok(Math.abs((evidence.average ?? 0) - 4.25) < 1e-9);
    assert.ok(evidence.confidence > 0.999999);
  });

  test("clamps an out-of-range average into 1..5", () => {
    assert.equal(ratingEvidence(9n * UNIT, UNIT, PRIOR).average, 5);
    assert.equal(ratingEvidence(0n, UNIT, PRIOR).average, 1);
  });
});

describe("ratingX100 and meetsMinRating", () => {
  test("rounds the average x100 down, as the job board compares it", () => {
    assert.equal(ratingX100(4499n, 1000n), 449);
    assert.equal(ratingX100(4500n, 1000n), 450);
    assert.equal(ratingX100(0n, 0n), -1);
  });

  test("adjustedRatingX100 is the escrow's floor(100 * (prior + sum) / (prior + weight))", () => {
    assert.equal(adjustedRatingX100(0n, 0n, 500n), 100);
    assert.equal(adjustedRatingX100(4500n, 1000n, 500n), 333);
    assert.equal(adjustedRatingX100(5n * 10n ** 9n, 10n ** 9n, 500n), 499);
  });

  test("agrees with weightedSum*100 >= minRating*weight", () => {
    for (const [sum, weight] of [
      [4499n, 1000n],
      [4500n, 1000n],
      [10n ** 30n * 449n + 1n, 10n ** 32n],
    ]) {
      for (const minRating of [100, 449, 450, 451]) {
        const exact = sum * 100n >= BigInt(minRating) * weight;
        assert.equal(meetsMinRating(ratingX100(sum, weight), minRating), exact);
      }
    }
  });

  test("lets unrated vendors through only when no minimum is set", () => {
    assert.equal(meetsMinRating(-1, 0), true);
    assert.equal(meetsMinRating(-1, 100), false);
  });
});
