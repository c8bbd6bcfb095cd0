/**
 * A market in memory: honest clients and vendors trading over time, with the same actor
 * profiles, job fates and rating rule the seed plays through the contracts. The simulation
 * and the trust benchmark use it; attacks (attacks.ts) append their own jobs to it.
 *
 * Honest behaviour:
 * - Clients differ in how much they post (a few post a lot) and come back to vendors that
 *   served them well (repeat business).
 * - A new hire is the best of a handful of vendors with the skills, as the client perceives
 *   them (true quality plus noise): the market favours quality without knowing it.
 * - Job values are log-normal (median about $1,500).
 * - How a job ends depends on the vendor's hidden quality (fates.ts); ratings follow
 *   ratings.ts (quality less penalties, plus noise).
 */
import {
  clientProfile,
  DEFAULT_QUALITY,
  vendorProfile,
  type ClientProfile,
  type QualitySpread,
  type VendorProfile,
} from "./actors.ts";
import { SPECIALTIES, TIMEZONES, type Specialty } from "./catalog.ts";
import { simulatedFate, type SimulatedFate } from "./fates.ts";
import { Random } from "./random.ts";
import { CLIENT_PENALTY, ratingScore, VENDOR_PENALTY } from "./ratings.ts";

/** Honest, or which attack an actor belongs to. */
export type ActorKind =
  | "honest"
  | "sybilRing"
  | "collusionRing"
  | "reputationFarm"
  | "freshVendor"
  | "seedSquat"
  | "bribedClient"
  | "trustBridge"
  | "seedVendorJobs"
  | "sleeper"
  | "whitewash"
  | "slander";

export interface SimVendor {
  address: string;
  kind: ActorKind;
  profile: VendorProfile;
}

export interface SimClient {
  address: string;
  kind: ActorKind;
  profile: ClientProfile;
  specialty: Specialty;
  timezoneOffsetMinutes: number;
  /** Relative number of jobs posted. */
  activity: number;
}

/** One finished job: who, how much (US dollars, one rating-weight unit each), how it ended, how each side rated. */
export interface SimJob {
  id: number;
  /** 0..1 over the market's history, when the vendor was first paid; jobs are kept in this order. */
  time: number;
  client: string;
  vendor: string;
  kind: ActorKind;
  valueUsd: number;
  /** What the vendor was paid (gross); 0 when refunded. */
  paidUsd: number;
  fate: SimulatedFate;
  /** Client's rating of the vendor, or null. */
  clientScore: number | null;
  /** Vendor's rating of the client, or null. */
  vendorScore: number | null;
}

export interface SimMarket {
  vendors: SimVendor[];
  clients: SimClient[];
  jobs: SimJob[];
}

export interface HonestMarketOptions {
  vendors: number;
  clients: number;
  jobs: number;
  seed: string;
  /** Share of paid jobs whose client rates the vendor (default 0.8). */
  clientRatesShare?: number;
  /** Share of paid jobs whose vendor rates the client (default 0.6). */
  vendorRatesShare?: number;
  /** Vendors' hidden quality (default N(4.3, 0.5) within 2-5). */
  quality?: QualitySpread;
  /** Client activity is (1 − u)^−tail, capped: a larger tail means a few clients post most jobs (default 0.7, cap 50). */
  activityTail?: number;
  activityCap?: number;
}

/** Market history in seconds (two years): what `SimJob.time` spans on chain. */
export const HISTORY_SECONDS = 2 * 365 * 86_400;

/**
 * Two markets the simulation ranks in. `default`: quality N(4.3, 0.5), about 7.5 jobs per
 * client. `harsh`: a wider quality spread N(3.6, 0.9) within 1-5, about 4 jobs per client with
 * a heavier tail, so most clients have one or two vendors and ratings are thin.
 */
export const MARKET_PRESETS = Object.freeze({
  default: Object.freeze({ vendors: 3_000, clients: 8_000, jobs: 60_000 }),
  harsh: Object.freeze({
    vendors: 3_000,
    clients: 15_000,
    jobs: 60_000,
    quality: Object.freeze({ mean: 3.6, sd: 0.9, min: 1 }),
    activityTail: 0.9,
    activityCap: 200,
  }),
});
export type MarketPreset = keyof typeof MARKET_PRESETS;

const REHIRE_SHARE = 0.35;
const SHORTLIST = 6;
const PERCEPTION_NOISE_SD = 0.8;
const MEDIAN_JOB_USD = 1500;

export function simAddress(kind: number, serial: number): string {
  return `0x${kind.toString(16).padStart(8, "0")}${serial.toString(16).padStart(32, "0")}`;
}

export const ADDRESS_KIND = {
  vendor: 1,
  client: 2,
  sock: 3,
  ringVendor: 4,
  farm: 5,
  farmCustomer: 6,
  squat: 7,
  sybilVendor: 8,
} as const;

export function honestMarket(options: HonestMarketOptions): SimMarket {
  const rng = new Random(`market:${options.seed}`);
  const clientRates = options.clientRatesShare ?? 0.8;
  const vendorRates = options.vendorRatesShare ?? 0.6;

  const vendors: SimVendor[] = Array.from({ length: options.vendors }, (_, i) => ({
    address: simAddress(ADDRESS_KIND.vendor, i),
    kind: "honest",
    profile: vendorProfile(rng, options.quality ?? DEFAULT_QUALITY),
  }));
  const clients: SimClient[] = Array.from({ length: options.clients }, (_, i) => ({
    address: simAddress(ADDRESS_KIND.client, i),
    kind: "honest",
    profile: clientProfile(rng),
    specialty: rng.pick(SPECIALTIES),
    timezoneOffsetMinutes: rng.pick(TIMEZONES).offset,
    // Heavy-tailed: most clients post a few jobs, some post many.
    activity: Math.min(options.activityCap ?? 50, (1 - rng.next()) ** -(options.activityTail ?? 0.7)),
  }));

  const postings = skillPostings(vendors);
  const clientCumulative = cumulative(clients.map((c) => c.activity));
  const favourites = new Map<number, number[]>();
  const jobs: SimJob[] = [];

  for (let id = 0; id < options.jobs; id++) {
    const clientIndex = pickCumulative(rng, clientCumulative);
    const client = clients[clientIndex];
    let vendorIndex = -1;
    const liked = favourites.get(clientIndex);
    if (liked !== undefined && liked.length > 0 && rng.chance(REHIRE_SHARE)) {
      vendorIndex = rng.pick(liked);
    } else {
      const specialty = rng.chance(0.8) ? client.specialty : rng.pick(SPECIALTIES);
      const candidates = postings.get(rng.pick(specialty.skills)) ?? [];
      let best = -Infinity;
      for (let k = 0; k < SHORTLIST && candidates.length > 0; k++) {
        const candidate = rng.pick(candidates);
        const perceived = vendors[candidate].profile.quality + rng.normal(0, PERCEPTION_NOISE_SD);
        if (perceived > best) {
          best = perceived;
          vendorIndex = candidate;
        }
      }
    }
    if (vendorIndex < 0) continue;
    const vendor = vendors[vendorIndex];
    const valueUsd = Math.round(Math.min(50_000, Math.max(100, MEDIAN_JOB_USD * Math.exp(rng.normal(0, 1)))));
    const job = playJob(rng, id, id / options.jobs, client, vendor, valueUsd, clientRates, vendorRates);
    jobs.push(job);
    if (job.clientScore !== null && job.clientScore >= 4) {
      if (liked === undefined) favourites.set(clientIndex, [vendorIndex]);
      else if (!liked.includes(vendorIndex)) liked.push(vendorIndex);
    }
  }
  return { vendors, clients, jobs };
}

/** Plays an honest job to its end: fate from the vendor's quality, ratings from both sides. */
export function playJob(
  rng: Random,
  id: number,
  time: number,
  client: SimClient,
  vendor: SimVendor,
  valueUsd: number,
  clientRates: number,
  vendorRates: number,
): SimJob {
  const fate = simulatedFate(rng, vendor.profile.quality);
  const paidUsd =
    fate === "refundedDeadlineMissed" ? 0 : fate === "disputeRuled" ? Math.round(valueUsd * rng.float(0, 1)) : valueUsd;
  let clientScore: number | null = null;
  let vendorScore: number | null = null;
  if (paidUsd > 0) {
    const disputed = fate === "disputeRuled";
    const changes = fate === "paidAfterChanges";
    if (rng.chance(clientRates)) {
      const penalty = (disputed ? VENDOR_PENALTY.disputed : 0) + (changes ? VENDOR_PENALTY.changesRequested : 0);
      clientScore = ratingScore(rng, vendor.profile.quality - penalty);
    }
    if (rng.chance(vendorRates)) {
      const penalty =
        (fate === "autoReleased" ? CLIENT_PENALTY.silentReview : 0) +
        (disputed ? CLIENT_PENALTY.disputed : 0) +
        (changes ? CLIENT_PENALTY.changesRequested : 0);
      vendorScore = ratingScore(rng, client.profile.quality - penalty);
    }
  }
  return {
    id,
    time,
    client: client.address,
    vendor: vendor.address,
    kind: "honest",
    valueUsd,
    paidUsd,
    fate,
    clientScore,
    vendorScore,
  };
}

function skillPostings(vendors: SimVendor[]): Map<string, number[]> {
  const postings = new Map<string, number[]>();
  vendors.forEach((vendor, i) => {
    if (vendor.profile.availabilityHours === 0) return; // not taking work
    for (const skill of vendor.profile.skills) {
      let list = postings.get(skill);
      if (list === undefined) postings.set(skill, (list = []));
      list.push(i);
    }
  });
  return postings;
}

function cumulative(weights: number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => (out[i] = sum += w));
  return out;
}

function pickCumulative(rng: Random, sums: Float64Array): number {
  const target = rng.next() * sums[sums.length - 1];
  let lo = 0;
  let hi = sums.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sums[mid] > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
