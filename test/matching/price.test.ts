import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { priceFit, rateCeilingCents } from "../../matching/src/score/price.ts";

describe("priceFit", () => {
  test("scores 0.8 at the ceiling and up to 1 with headroom", () => {
    assert.equal(priceFit(10_000, 10_000), 0.8);
    assert.equal(priceFit(5_000, 10_000), 0.9);
    assert.equal(priceFit(0, 10_000), 1);
  });

  test("drops to at most 0.6 as soon as the rate is over the ceiling", () => {
    assert.ok(priceFit(10_001, 10_000) <= 0.6);
    assert.equal(priceFit(12_500, 10_000), 0.3);
    assert.equal(priceFit(15_000, 10_000), 0);
    assert.equal(priceFit(90_000, 10_000), 0);
  });

  test("never rises as the rate rises", () => {
    let previous = Infinity;
    for (let rate = 0; rate <= 20_000; rate += 37) {
      const fit = priceFit(rate, 10_000);
      assert.ok(fit <= previous, `fit rose at ${rate}`);
      previous = fit;
    }
  });

  test("is neutral without a ceiling", () => {
    assert.equal(priceFit(1_000, null), priceFit(100_000, null));
  });
});

describe("rateCeilingCents", () => {
  test("uses rateMax alone, or budget / estimated hours, or the lower of both", () => {
    assert.equal(rateCeilingCents(9_000, null, null), 9_000);
    assert.equal(rateCeilingCents(null, 400_000, 50), 8_000);
    assert.equal(rateCeilingCents(9_000, 400_000, 50), 8_000);
    assert.equal(rateCeilingCents(7_000, 400_000, 50), 7_000);
  });

  test("ignores a budget without an hours estimate", () => {
    assert.equal(rateCeilingCents(null, 400_000, null), null);
    assert.equal(rateCeilingCents(null, 400_000, 0), null);
  });
});
