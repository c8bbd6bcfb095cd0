import { skillTag } from "../../../matching/index.ts";
import type { Demand, VendorRecord } from "../../../matching/index.ts";
import type { Prng } from "../../../matching/src/synthetic/prng.ts";

/** Weight unit of the default rating prior (DEFAULT_RATING_PRIOR_WEIGHT is 500 of these). */
export const UNIT = 1n;

export const SOLIDITY = skillTag("solidity");
export const REACT = skillTag("react");
export const FOUNDRY = skillTag("foundry");
export const DESIGN = skillTag("design");
/** A small universe so random demands and vendors overlap often. */
export const SKILLS = [SOLIDITY, REACT, FOUNDRY, DESIGN, skillTag("rust"), skillTag("go")];

export function address(n: number): string {
  return `0x${n.toString(16).padStart(40, "0")}`;
}

/** A solid, eligible vendor; override what a test is about. */
export function makeVendor(overrides: Partial<VendorRecord> = {}): VendorRecord {
  return {
    id: address(1),
    registered: true,
    skills: [SOLIDITY],
    hourlyRateCents: 8000,
    timezoneOffsetMinutes: 0,
    availabilityHours: 40,
    ratingWeightedSum: 4500n * UNIT,
    ratingWeight: 1000n * UNIT,
    ratingCount: 10,
    countedPaidJobs: 10,
    hiredJobs: 10,
    paidJobs: 10,
    activeJobs: 0,
    refundedMilestones: 0,
    disputedMilestones: 0,
    disputesLost: 0,
    metadataCid: "bafytest",
    ...overrides,
  };
}

/** Random vendor over edge-heavy ranges; `serial` keeps addresses unique. */
export function randomVendor(prng: Prng, serial: number): VendorRecord {
  const skills = SKILLS.filter(() => prng.chance(0.45));
  const ratingCount = prng.chance(0.3) ? 0 : prng.int(1, 40);
  const weight =
    ratingCount === 0
      ? 0n
      : BigInt(prng.int(1, 5000)) * (prng.chance(0.5) ? UNIT : UNIT / 1000n) + BigInt(prng.int(0, 999));
  const averageMilli = BigInt(prng.int(1000, 5000));
  const hiredJobs = ratingCount + prng.int(0, 6);
  const activeJobs = prng.int(0, Math.min(3, hiredJobs));
  const disputedMilestones = prng.chance(0.2) ? prng.int(1, 4) : 0;
  // High random prefix so address order is unrelated to serial order.
  const id = `0x${prng.int(0, 0xffff).toString(16).padStart(4, "0")}${serial.toString(16).padStart(36, "0")}`;
  return {
    id,
    registered: prng.chance(0.92),
    skills,
    hourlyRateCents: prng.int(10, 200) * 100,
    timezoneOffsetMinutes: prng.pick([-600, -300, -180, 0, 60, 330, 540, 720]),
    availabilityHours: prng.chance(0.08) ? 0 : prng.int(1, 60),
    ratingWeightedSum: (weight * averageMilli) / 1000n,
    ratingWeight: weight,
    ratingCount,
    countedPaidJobs: ratingCount,
    hiredJobs,
    paidJobs: Math.max(ratingCount, hiredJobs - activeJobs - prng.int(0, 2)),
    activeJobs,
    refundedMilestones: prng.chance(0.15) ? prng.int(1, 3) : 0,
    disputedMilestones,
    disputesLost: prng.int(0, disputedMilestones),
    metadataCid: `bafy${serial}`,
  };
}

export function randomVendors(prng: Prng, count: number, firstSerial = 0): VendorRecord[] {
  return Array.from({ length: count }, (_, i) => randomVendor(prng, firstSerial + i));
}

export function randomDemand(prng: Prng): Demand {
  const required = SKILLS.filter(() => prng.chance(0.2)).slice(0, 2);
  return {
    requiredSkills: required,
    niceToHaveSkills: SKILLS.filter((tag) => !required.includes(tag) && prng.chance(0.3)),
    clientTimezoneOffsetMinutes: prng.chance(0.3) ? null : prng.pick([-300, 0, 60, 330]),
    overlapHoursWanted: prng.int(0, 6),
    rateMaxCents: prng.chance(0.3) ? null : prng.int(30, 150) * 100,
    hoursPerWeek: prng.chance(0.5) ? null : prng.int(5, 40),
    minRating: prng.chance(0.6) ? 0 : prng.int(200, 450),
    minPaidJobs: prng.chance(0.7) ? 0 : prng.int(1, 3),
  };
}
