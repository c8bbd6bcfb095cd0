import { skillTag } from "../skill-tags.ts";
import type { VendorRecord } from "../types.ts";
import type { Prng } from "./prng.ts";

/** Synthetic vendors shaped like the subgraph's, for benchmarks and property tests. */

export const SYNTHETIC_SKILLS = [
  "solidity",
  "typescript",
  "react",
  "rust",
  "go",
  "python",
  "foundry",
  "hardhat",
  "subgraph",
  "design",
  "ux",
  "devops",
  "kubernetes",
  "postgres",
  "security-audit",
  "smart-contracts",
  "nextjs",
  "node",
  "graphql",
  "ethers",
  "viem",
  "wagmi",
  "zk",
  "cairo",
  "move",
  "vyper",
  "java",
  "kotlin",
  "swift",
  "flutter",
  "copywriting",
  "seo",
  "marketing",
  "data-science",
  "ml",
  "tokenomics",
  "legal",
  "accounting",
  "project-management",
  "qa",
  "figma",
  "webflow",
  "wordpress",
  "php",
  "ruby",
  "elixir",
  "c++",
  "embedded",
] as const;

export const SYNTHETIC_SKILL_TAGS = SYNTHETIC_SKILLS.map(skillTag);

const TIMEZONES = [-480, -420, -360, -300, -240, -180, 0, 60, 120, 180, 240, 330, 420, 480, 540, 600];
// One rating-weight unit is about one US dollar of paid work (see Reputation.sol).
const WEIGHT_UNIT = 1n;

export function syntheticVendor(prng: Prng, serial: number): VendorRecord {
  // Random prefix for a realistic address order, serial suffix for uniqueness.
  let id = "0x";
  for (let i = 0; i < 4; i++) id += prng.int(0, 0xffffffff).toString(16).padStart(8, "0");
  id += (serial >>> 0).toString(16).padStart(8, "0");

  const skillCount = prng.int(1, 7);
  const skills = new Set<string>();
  // Squaring skews towards the first skills: some are common, most are niche.
  while (skills.size < skillCount) {
    skills.add(SYNTHETIC_SKILL_TAGS[Math.floor(prng.next() ** 2 * SYNTHETIC_SKILL_TAGS.length)]);
  }

  const ratingCount = prng.chance(0.3) ? 0 : prng.int(1, 120);
  const ratingWeight = ratingCount === 0 ? 0n : BigInt(ratingCount) * BigInt(prng.int(20, 3000)) * WEIGHT_UNIT;
  const averageMilli = BigInt(Math.round((1 + 4 * Math.sqrt(prng.next())) * 1000));
  const hiredJobs = ratingCount + prng.int(0, 10);
  const activeJobs = Math.min(hiredJobs, prng.int(0, 4));
  const paidJobs = Math.max(ratingCount, hiredJobs - activeJobs - prng.int(0, 2));
  const disputedMilestones = prng.chance(0.2) ? prng.int(1, 5) : 0;

  return {
    id,
    registered: prng.chance(0.97),
    skills: [...skills],
    hourlyRateCents: prng.int(15, 250) * 100,
    timezoneOffsetMinutes: prng.pick(TIMEZONES),
    availabilityHours: prng.chance(0.05) ? 0 : prng.int(5, 60),
    ratingWeightedSum: (ratingWeight * averageMilli) / 1000n,
    ratingWeight,
    ratingCount,
    countedPaidJobs: ratingCount,
    hiredJobs,
    paidJobs,
    activeJobs,
    refundedMilestones: prng.chance(0.15) ? prng.int(1, 3) : 0,
    disputedMilestones,
    disputesLost: prng.int(0, disputedMilestones),
    metadataCid: `bafysynthetic${serial}`,
  };
}

export function syntheticVendors(prng: Prng, count: number): VendorRecord[] {
  return Array.from({ length: count }, (_, serial) => syntheticVendor(prng, serial));
}
