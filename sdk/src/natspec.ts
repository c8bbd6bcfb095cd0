/**
 * Reads the `@notice` NatSpec of custom errors from Solidity source: the plain words a revert is
 * explained with. The generator (scripts/deploy/write-outputs.ts) runs it over
 * contracts/interfaces/*.sol and writes the table into the contracts module.
 */

/** `{ ErrorName: "notice" }` for every `error` in `source` preceded by a `/// @notice` block. */
export function parseErrorNotices(source: string): Record<string, string> {
  const out: Record<string, string> = {};
  let notice: string[] = [];
  let inNotice = false;
  for (const line of source.split("\n")) {
    const trimmed = line.trim();
    if (trimmed.startsWith("///")) {
      const text = trimmed.slice(3).trim();
      if (text.startsWith("@notice")) {
        notice = [text.slice("@notice".length).trim()];
        inNotice = true;
      } else if (text.startsWith("@")) {
        inNotice = false;
      } else if (inNotice) {
        notice.push(text);
      }
      continue;
    }
    const match = /^error\s+(\w+)\s*\(/.exec(trimmed);
    if (match && notice.length) out[match[1]] = notice.join(" ");
    if (trimmed !== "") {
      notice = [];
      inNotice = false;
    }
  }
  return out;
}
