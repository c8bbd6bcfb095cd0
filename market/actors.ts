/**
 * Who takes part in a market, before any chain is involved: a vendor's specialty, skills, rate,
 * timezone, availability and hidden quality; a client's hidden fairness. The seed gives these
 * profiles wallets and documents; the simulation uses them as they are.
 */
import { SPECIALTIES, TIMEZONES, type Specialty } from "./catalog.ts";
import type { Random } from "./random.ts";

export interface VendorProfile {
  specialty: Specialty;
  skills: string[];
  hourlyRateCents: number;
  timezoneOffsetMinutes: number;
  city: string;
  availabilityHours: number;
  /** Hidden talent, 1-5: drives how jobs end and how clients rate. */
  quality: number;
}

export interface ClientProfile {
  /** Hidden fairness, 1-5: drives how vendors rate the client. */
  quality: number;
  /** Funds token jobs with an EIP-2612 permit instead of a standing approval. */
  usesPermit: boolean;
}

/** How vendors' hidden quality is spread: normal, clamped to [min, 5]. */
export interface QualitySpread {
  mean: number;
  sd: number;
  min: number;
}

export const DEFAULT_QUALITY: QualitySpread = Object.freeze({ mean: 4.3, sd: 0.5, min: 2 });

export function vendorProfile(rng: Random, spread: QualitySpread = DEFAULT_QUALITY): VendorProfile {
  const specialty = rng.pick(SPECIALTIES);
  const core = rng.sample(specialty.skills, rng.int(3, Math.min(6, specialty.skills.length)));
  // Some vendors straddle two specialties, as real freelancers do.
  const extra = rng.chance(0.35) ? rng.sample(rng.pick(SPECIALTIES).skills, rng.int(1, 2)) : [];
  const skills = [...new Set([...core, ...extra])];
  const quality = Math.min(5, Math.max(spread.min, rng.normal(spread.mean, spread.sd)));
  const [low, high] = specialty.rate;
  // Better vendors ask more, with plenty of noise.
  const rateUsd =
    low + (high - low) * Math.min(1, Math.max(0, (quality - spread.min) / (5 - spread.min) + rng.normal(0, 0.2)));
  const timezone = rng.pick(TIMEZONES);
  const availabilityHours = rng.chance(0.08) ? 0 : rng.pick([10, 15, 20, 25, 30, 40, 40, 40, 50]);
  return {
    specialty,
    skills,
    hourlyRateCents: Math.round(rateUsd) * 100,
    timezoneOffsetMinutes: timezone.offset,
    city: timezone.city,
    availabilityHours,
    quality,
  };
}

export function clientProfile(rng: Random): ClientProfile {
  return { quality: Math.min(5, Math.max(2, rng.normal(4.4, 0.5))), usesPermit: rng.chance(0.4) };
}
