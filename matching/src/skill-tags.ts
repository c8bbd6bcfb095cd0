import { MatchingInputError } from "./errors.ts";
import type { SkillTag } from "./types.ts";

const SKILL_TAG_PATTERN = /^0x[0-9a-f]{64}$/;

/** Encodes a skill name like ethers `encodeBytes32String`: UTF-8, at most 31 bytes. */
export function skillTag(name: string): SkillTag {
  const bytes = new TextEncoder().encode(name);
  if (bytes.length === 0 || bytes.length > 31) {
    throw new MatchingInputError(`Skill name "${name}" must be 1 to 31 bytes to fit a bytes32 tag`);
  }
  let hex = "0x";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return hex.padEnd(66, "0");
}

/** Decodes a tag for people; tags that are not printable text come back as short hex. */
export function skillName(tag: SkillTag): string {
  const hex = tag.slice(2).replace(/(00)+$/, "");
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) {
    bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  }
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);

    if (text.length > 0 && !/[\u0000-\u001f\u007f]/.test(text)) return text;
  } catch {
    // not UTF-8: fall through to hex
  }
  return `${tag.slice(0, 10)}…`;
}

/** Lower-cases and validates a tag so equal skills compare equal as strings. */
export function normalizeSkillTag(tag: string): SkillTag {
  const normalized = tag.toLowerCase();
  if (!SKILL_TAG_PATTERN.test(normalized)) {
    throw new MatchingInputError(`"${tag}" is not a bytes32 skill tag; build one with skillTag("solidity")`);
  }
  return normalized;
}
