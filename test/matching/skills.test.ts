import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { MatchingInputError, normalizeSkillTag, skillName, skillTag } from "../../matching/index.ts";
import { skillsFit } from "../../matching/src/score/skills.ts";

describe("skillTag and skillName", () => {
  test("encodes like ethers encodeBytes32String", () => {
    assert.equal(skillTag("solidity"), "0x736f6c6964697479000000000000000000000000000000000000000000000000");
  });

  test("round-trips names, including non-ASCII ones", () => {
    for (const name of ["solidity", "c++", "security-audit", "diseño"]) {
      assert.equal(skillName(skillTag(name)), name);
    }
  });

  test("refuses names that do not fit 31 bytes", () => {
    assert.throws(() => skillTag(""), MatchingInputError);
    assert.throws(() => skillTag("x".repeat(32)), MatchingInputError);
  });

  test("shows tags that are not text as short hex", () => {
    assert.equal(skillName(`0x01${"ff".repeat(31)}`), "0x01ffffff…");
  });

  test("normalizes case and rejects anything but bytes32 hex", () => {
    assert.equal(normalizeSkillTag(skillTag("go").toUpperCase().replace("0X", "0x")), skillTag("go"));
    assert.throws(() => normalizeSkillTag("solidity"), /skillTag\("solidity"\)/);
    assert.throws(() => normalizeSkillTag("0x1234"), MatchingInputError);
  });
});

describe("skillsFit", () => {
  test("is full when nothing is asked for", () => {
    assert.equal(skillsFit(0, 0, 0, 0.5), 1);
  });

  test("is full for required skills alone, since they are a hard filter", () => {
    assert.equal(skillsFit(3, 0, 0, 0.5), 1);
  });

  test("counts each nice-to-have at the configured share of a required skill", () => {
    assert.equal(skillsFit(2, 2, 0, 0.5), 2 / 3);
    assert.equal(skillsFit(2, 2, 1, 0.5), 2.5 / 3);
    assert.equal(skillsFit(2, 2, 2, 0.5), 1);
    assert.equal(skillsFit(0, 4, 1, 0.5), 0.25);
  });
});
