/**
 * Demands honest clients post, shaped like the market's jobs: one or two required skills of a
 * specialty (the client's own most of the time), a nice-to-have skill, the client's timezone and
 * a rate ceiling around the specialty's range.
 */
import { skillTag } from "../matching/index.ts";
import type { Demand } from "../matching/index.ts";
import { SPECIALTIES, type Specialty } from "./catalog.ts";
import { Random } from "./random.ts";
import type { SimMarket } from "./simulated.ts";

export function sampleDemands(
  market: SimMarket,
  count: number,
  seed: string,
  specialty: Specialty | null = null,
): Demand[] {
  const rng = new Random(`demands:${seed}:${specialty?.name ?? "any"}`);
  const clients = market.clients.filter((c) => c.kind === "honest");
  return Array.from({ length: count }, () => {
    const client = rng.weighted(clients, (c) => c.activity);
    const field = specialty ?? (rng.chance(0.8) ? client.specialty : rng.pick(SPECIALTIES));
    const skills = rng.sample(field.skills, rng.chance(0.3) ? 3 : 2);
    const required = skills.slice(0, -1);
    const [low, high] = field.rate;
    return {
      requiredSkills: required.map(skillTag),
      niceToHaveSkills: [skillTag(skills[skills.length - 1])],
      clientTimezoneOffsetMinutes: client.timezoneOffsetMinutes,
      overlapHoursWanted: 4,
      rateMaxCents: Math.round(rng.float(low + (high - low) * 0.4, high * 1.1)) * 100,
      excludeVendors: [client.address],
    };
  });
}
