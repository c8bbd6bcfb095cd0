import type { Random } from "./random.ts";

/**
 * How a demo job ends (history) or where it stands when the seed finishes (live), and how many
 * jobs of each kind a run makes.
 */
export type Scenario =
  | "paid"
  | "paidAfterChanges"
  | "autoReleased"
  | "bonusReleased"
  | "bonusReturned"
  | "refundedDeadlineMissed"
  | "refundedBeforeHire"
  | "cancelled"
  | "disputeRuled"
  | "disputeSettled"
  | "disputeTimedOut"
  | "liveOpen"
  | "liveAwaitingQuote"
  | "liveFunded"
  | "liveClaimedWithRequirements"
  | "liveInReview"
  | "liveDisputed"
  | "liveInProgress"
  | "liveBonusPending";

export interface ScenarioInfo {
  era: "history" | "live";
  /** Relative frequency. */
  weight: number;
  /** For the summary. */
  title: string;
  /** Whether the job gets a vendor (some cancelled jobs pick one at random). */
  hired: boolean | "sometimes";
  /** Whether the vendor tends to be one of the weaker ones. */
  troubled: boolean;
}

export const SCENARIOS: Record<Scenario, ScenarioInfo> = {
  paid: { era: "history", weight: 26, title: "paid on approval", hired: true, troubled: false },
  paidAfterChanges: { era: "history", weight: 7, title: "paid after requested changes", hired: true, troubled: false },
  autoReleased: {
    era: "history",
    weight: 8,
    title: "auto-released after the review window",
    hired: true,
    troubled: false,
  },
  bonusReleased: { era: "history", weight: 7, title: "paid, outcome bonus released", hired: true, troubled: false },
  bonusReturned: { era: "history", weight: 5, title: "paid, outcome bonus returned", hired: true, troubled: false },
  refundedDeadlineMissed: {
    era: "history",
    weight: 7,
    title: "refunded after a missed deadline",
    hired: true,
    troubled: true,
  },
  refundedBeforeHire: {
    era: "history",
    weight: 4,
    title: "refunded before anyone was hired",
    hired: false,
    troubled: false,
  },
  cancelled: {
    era: "history",
    weight: 5,
    title: "cancelled (unfunded milestones)",
    hired: "sometimes",
    troubled: false,
  },
  disputeRuled: { era: "history", weight: 8, title: "disputed, ruled by the arbiter", hired: true, troubled: true },
  disputeSettled: {
    era: "history",
    weight: 6,
    title: "disputed, settled by EIP-712 signatures",
    hired: true,
    troubled: true,
  },
  disputeTimedOut: {
    era: "history",
    weight: 4,
    title: "disputed, arbiter timed out (even split)",
    hired: true,
    troubled: true,
  },
  liveOpen: { era: "live", weight: 6, title: "live: open for claims", hired: false, troubled: false },
  liveAwaitingQuote: {
    era: "live",
    weight: 4,
    title: "live: invite-only, awaiting quotes",
    hired: false,
    troubled: false,
  },
  liveFunded: { era: "live", weight: 6, title: "live: funded, vendor working", hired: true, troubled: false },
  liveClaimedWithRequirements: {
    era: "live",
    weight: 3,
    title: "live: claimed under rating requirements",
    hired: true,
    troubled: false,
  },
  liveInReview: { era: "live", weight: 6, title: "live: submitted, in review", hired: true, troubled: false },
  liveDisputed: { era: "live", weight: 3, title: "live: disputed, awaiting ruling", hired: true, troubled: true },
  liveInProgress: {
    era: "live",
    weight: 5,
    title: "live: milestone paid, next in review",
    hired: true,
    troubled: false,
  },
  liveBonusPending: {
    era: "live",
    weight: 3,
    title: "live: paid, bonus awaiting outcome",
    hired: true,
    troubled: false,
  },
};

export const ALL_SCENARIOS = Object.keys(SCENARIOS) as Scenario[];

/** Share of jobs that are still live when the seed ends. */
const LIVE_SHARE = 0.3;

/**
 * How many jobs of each scenario to make: every scenario at least once when there are enough
 * jobs, the rest in proportion to the weights (largest remainder, so the total is exact).
 */
export function allocate(total: number): Map<Scenario, number> {
  const live = Math.round(total * LIVE_SHARE);
  const counts = new Map<Scenario, number>();
  for (const [era, count] of [
    ["history", total - live],
    ["live", live],
  ] as const) {
    const scenarios = ALL_SCENARIOS.filter((s) => SCENARIOS[s].era === era).sort(
      (a, b) => SCENARIOS[b].weight - SCENARIOS[a].weight,
    );
    if (count < scenarios.length) {
      scenarios.slice(0, count).forEach((s) => counts.set(s, 1));
      continue;
    }
    const weightSum = scenarios.reduce((sum, s) => sum + SCENARIOS[s].weight, 0);
    const rest = count - scenarios.length;
    const shares = scenarios.map((s) => ({ s, exact: (rest * SCENARIOS[s].weight) / weightSum }));
    shares.forEach(({ s, exact }) => counts.set(s, 1 + Math.floor(exact)));
    let left = count - [...scenarios].reduce((sum, s) => sum + counts.get(s)!, 0);
    for (const { s } of [...shares].sort((a, b) => (b.exact % 1) - (a.exact % 1))) {
      if (left-- <= 0) break;
      counts.set(s, counts.get(s)! + 1);
    }
  }
  return counts;
}

/** The history fates the in-memory market plays (disputes are ruled; the split decides who lost). */
export type SimulatedFate = Extract<
  Scenario,
  "paid" | "paidAfterChanges" | "autoReleased" | "refundedDeadlineMissed" | "disputeRuled"
>;

/**
 * How an honest job ends, from its vendor's hidden quality (1-5): trouble (a missed deadline or a
 * dispute) is rare for the best vendors (3%) and common for the weakest (38% at quality 2).
 */
export function simulatedFate(rng: Random, quality: number): SimulatedFate {
  const trouble = 0.03 + 0.35 * ((5 - Math.min(5, Math.max(2, quality))) / 3) ** 2;
  if (rng.chance(trouble)) return rng.chance(0.55) ? "refundedDeadlineMissed" : "disputeRuled";
  const r = rng.next();
  return r < 0.15 ? "paidAfterChanges" : r < 0.3 ? "autoReleased" : "paid";
}

/** The fates the bulk market (chain/bulk-market.ts) plays, a subset of the scenarios. */
export type BulkFate = Extract<
  Scenario,
  | "paid"
  | "paidAfterChanges"
  | "disputeRuled"
  | "disputeSettled"
  | "disputeTimedOut"
  | "autoReleased"
  | "refundedDeadlineMissed"
  | "refundedBeforeHire"
  | "liveOpen"
  | "liveInProgress"
>;

/** Relative frequency of each bulk fate: mostly paid work, every exit path exercised. */
export const BULK_FATES: readonly [BulkFate, number][] = [
  ["paid", 60],
  ["paidAfterChanges", 6],
  ["disputeRuled", 6],
  ["disputeSettled", 3],
  ["disputeTimedOut", 2],
  ["autoReleased", 7],
  ["refundedDeadlineMissed", 5],
  ["refundedBeforeHire", 5],
  ["liveOpen", 3],
  ["liveInProgress", 3],
];
