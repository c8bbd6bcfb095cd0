import { readFileSync } from "node:fs";
import { MatchingInputError } from "../errors.ts";
import type { TrustSeed } from "./compute.ts";

/**
 * A published, versioned seed list: `{ "version": "2026-12-01", "chainId": 8453, "accounts": [...] }`.
 * The market's operator publishes it with the deployment's parameters and changes it only by a
 * new version; anyone recomputing trust with the same list and the same events gets the same
 * ranking.
 */
export function loadTrustSeed(file: string, chainId?: number): TrustSeed & { accounts: readonly string[] } {
  const parsed = JSON.parse(readFileSync(file, "utf8")) as { version?: unknown; chainId?: unknown; accounts?: unknown };
  if (typeof parsed.version !== "string" || parsed.version === "") {
    throw new MatchingInputError(`${file}: a trust seed needs a "version"`);
  }
  if (
    !Array.isArray(parsed.accounts) ||
    parsed.accounts.some((a) => typeof a !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(a))
  ) {
    throw new MatchingInputError(`${file}: "accounts" must be a list of addresses`);
  }
  if (chainId !== undefined && parsed.chainId !== undefined && parsed.chainId !== chainId) {
    throw new MatchingInputError(`${file}: the seed is for chain ${String(parsed.chainId)}, not ${chainId}`);
  }
  const accounts = [...new Set((parsed.accounts as string[]).map((a) => a.toLowerCase()))].sort();
  return { accounts, version: parsed.version };
}
