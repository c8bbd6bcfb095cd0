// One market model for Mosaic: actors, demands, job fates, ratings; honest and adversarial.
// The seed and the indexer benchmark play it through the contracts; the simulation keeps it in memory.
export { clientProfile, DEFAULT_QUALITY, vendorProfile } from "./actors.ts";
export type { ClientProfile, QualitySpread, VendorProfile } from "./actors.ts";
export { ALL_SKILLS, SPECIALTIES, TIMEZONES, USD_PER_ETH } from "./catalog.ts";
export type { Specialty } from "./catalog.ts";
export { allocate, ALL_SCENARIOS, SCENARIOS, simulatedFate } from "./fates.ts";
export type { Scenario, ScenarioInfo, SimulatedFate } from "./fates.ts";
export { CLIENT_PENALTY, ratingScore, VENDOR_PENALTY } from "./ratings.ts";
export { Random } from "./random.ts";
export { HISTORY_SECONDS, honestMarket, MARKET_PRESETS, playJob, simAddress } from "./simulated.ts";
export type {
  ActorKind,
  HonestMarketOptions,
  MarketPreset,
  SimClient,
  SimJob,
  SimMarket,
  SimVendor,
} from "./simulated.ts";
export { ADAPTIVE_ATTACKS, ATTACK_COSTS, ATTACKS, earliestPaidVendors, withAttack } from "./attacks.ts";
export type { AttackKind, AttackPlan, AttackReport } from "./attacks.ts";
export { addJob, paidAtSeconds, PAIR_WEIGHT_CAP, trustGraph, vendorRecords } from "./ledger.ts";
export { sampleDemands } from "./demands.ts";
export { eligibleFor, ndcgAt10 } from "./quality.ts";
