/**
 * Every custom error the contracts in this repository can revert with (the escrow's, the
 * registry's, the tokens' and libraries', and any contract a payment may reach), read from the
 * compiled artifacts so that the dApp decodes a revert from any of them, never shows a raw selector.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export interface AbiErrorItem {
  type: "error";
  name: string;
  inputs: { name: string; type: string; internalType?: string; components?: unknown[] }[];
}

let cached: AbiErrorItem[] | undefined;

function artifactFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return artifactFiles(full);
    return entry.name.endsWith(".json") && !entry.name.endsWith(".dbg.json") ? [full] : [];
  });
}

/** The error items, one per signature. */
export function contractErrorAbi(root: string = process.cwd()): AbiErrorItem[] {
  if (cached) return cached;
  const seen = new Map<string, AbiErrorItem>();
  for (const file of artifactFiles(path.join(/*turbopackIgnore: true*/ root, "artifacts"))) {
    let abi: unknown;
    try {
      abi = (JSON.parse(readFileSync(file, "utf8")) as { abi?: unknown }).abi;
    } catch {
      continue;
    }
    if (!Array.isArray(abi)) continue;
    for (const item of abi as AbiErrorItem[]) {
      if (item?.type !== "error") continue;
      const key = `${item.name}(${item.inputs.map((i) => i.type).join(",")})`;
      if (!seen.has(key)) seen.set(key, { type: "error", name: item.name, inputs: item.inputs });
    }
  }
  cached = [...seen.values()];
  return cached;
}
