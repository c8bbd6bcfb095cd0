import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { trackRecordEvidence } from "../../matching/src/score/track-record.ts";

describe("trackRecordEvidence", () => {
  test("gives a vendor without finished jobs a middling, smoothed record", () => {
    const evidence = trackRecordEvidence(0, 0, 0, 0, 0, 0);
    assert.equal(evidence.finishedJobs, 0);
    assert.equal(evidence.completionRate, 0.5);
    assert.equal(evidence.fit, 0.6 * 0.5 + 0.4);
  });

  test("does not count active jobs as finished", () => {
    assert.equal(trackRecordEvidence(10, 6, 4, 0, 0, 0).finishedJobs, 6);
  });

  test("rewards a long clean record more than a short one", () => {
    const long = trackRecordEvidence(40, 40, 0, 0, 0, 0);
    const short = trackRecordEvidence(2, 2, 0, 0, 0, 0);
    assert.ok(long.fit > short.fit);
    assert.ok(long.fit < 1);
  });

  test("costs a lost dispute or refund more than a dispute not lost", () => {
    const clean = trackRecordEvidence(10, 10, 0, 0, 0, 0).fit;
    const disputedWon = trackRecordEvidence(10, 10, 0, 0, 1, 0).fit;
    const disputedLost = trackRecordEvidence(10, 10, 0, 0, 1, 1).fit;
    const refunded = trackRecordEvidence(10, 10, 0, 1, 0, 0).fit;
    assert.ok(clean > disputedWon);
    assert.ok(disputedWon > disputedLost);
    assert.equal(disputedLost, refunded);
  });

  test("keeps the incident rate within 0..1", () => {
    const evidence = trackRecordEvidence(1, 0, 0, 9, 9, 9);
    assert.equal(evidence.incidentRate, 1);
    assert.ok(evidence.fit >= 0);
  });
});
