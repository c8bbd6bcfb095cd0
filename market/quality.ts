/**
 * How good a ranking is against the market's hidden truth: NDCG@10 with gain = true quality − 1
 * (0..4), against the best 10 eligible vendors by true quality.
 */
import type { Demand, VendorRecord } from "../matching/index.ts";

const TOP = 10;

/** The vendors a demand could rank: registered, available, not excluded, with every required skill. */
export function eligibleFor(records: readonly VendorRecord[], demand: Demand): VendorRecord[] {
  const excluded = new Set(demand.excludeVendors ?? []);
  return records.filter(
    (v) =>
      v.registered &&
      v.availabilityHours > 0 &&
      !excluded.has(v.id) &&
      demand.requiredSkills.every((tag) => v.skills.includes(tag)),
  );
}

export function ndcgAt10(
  ranked: readonly string[],
  candidates: readonly VendorRecord[],
  quality: ReadonlyMap<string, number>,
): number {
  const gain = (address: string) => Math.max(0, (quality.get(address) ?? 1) - 1);
  const dcg = ranked.slice(0, TOP).reduce((sum, address, i) => sum + gain(address) / Math.log2(i + 2), 0);
  const ideal = candidates
    .map((v) => gain(v.id))
    .sort((a, b) => b - a)
    .slice(0, TOP)
    .reduce((sum, g, i) => sum + g / Math.log2(i + 2), 0);
  return ideal === 0 ? 1 : dcg / ideal;
}
