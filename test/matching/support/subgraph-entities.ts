import { address, SOLIDITY } from "./vendors.ts";

/** A vendor as the subgraph's JSON carries it: BigInt fields as strings. */
export function rawVendor(n: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: address(n),
    registered: true,
    skills: [SOLIDITY],
    hourlyRateCents: 9000,
    timezoneOffsetMinutes: -300,
    availabilityHours: 30,
    ratingWeightedSum: "45000000000000000000000",
    ratingWeight: "10000000000000000000000",
    ratingCount: 4,
    countedPaidJobs: 4,
    hiredJobs: 5,
    paidJobs: 4,
    activeJobs: 1,
    refundedMilestones: 0,
    disputedMilestones: 0,
    disputesLost: 0,
    metadataCid: "bafyraw",
    ...overrides,
  };
}

/** A job as the subgraph's JSON carries it. */
export function rawJob(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: "42",
    client: { id: address(0xc1) },
    vendor: null,
    requiredSkills: [SOLIDITY],
    minRating: 400,
    minPaidJobs: 1,
    budgetUsdCents: "500000",
    milestones: [
      { amount: "1000000000000000000", deadline: "1900000000" },
      { amount: "2000000000000000000", deadline: "1900600000" },
    ],
    status: "Open",
    createdAt: "1899000000",
    ...overrides,
  };
}
