/**
 * Plain-words explanations of the contracts' custom errors, read from the `@notice` NatSpec in
 * contracts/interfaces/*.sol so the dApp says what the contract authors wrote.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

let cached: Record<string, string> | undefined;

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

export function contractErrorNotices(): Record<string, string> {
  if (cached) return cached;
  const dir = path.join(/*turbopackIgnore: true*/ process.cwd(), "contracts", "interfaces");
  const notices: Record<string, string> = {};
  if (existsSync(dir)) {
    for (const file of readdirSync(dir)) {
      if (file.endsWith(".sol")) Object.assign(notices, parseErrorNotices(readFileSync(path.join(dir, file), "utf8")));
    }
  }
  cached = notices;
  return notices;
}
