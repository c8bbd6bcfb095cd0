/**
 * Attackers buying reputation in an honest market, each with a budget in US dollars spent on
 * what really leaves their pockets: platform fees, gas, and (for a farm) real work bought from
 * honest vendors. Money an attacker pays itself (sock client to own vendor) comes back and is
 * not counted.
 *
 * - sybilRing: one vendor, many sock clients, each paying it one job and rating it 5.
 * - collusionRing: five vendors that hire each other and share sock clients, every job rated 5
 *   both ways, so every sock and vendor has several counterparties.
 * - reputationFarm: ten farm accounts first buy standing by paying honest, well-rated vendors
 *   for real jobs, then sell 5-star ratings: they pay up to ten customer vendors fake jobs.
 *
 * Attacker vendors list every core skill of the largest specialty at a low rate with full
 * availability, so they match as many demands as they can. Their hidden quality is low (they
 * do not deliver real work). Attack jobs happen over the later 70% of the market's history.
 */
import type { VendorProfile } from "./actors.ts";
import { SPECIALTIES, TIMEZONES } from "./catalog.ts";
import { Random } from "./random.ts";
import {
  ADDRESS_KIND,
  simAddress,
  type ActorKind,
  type SimClient,
  type SimJob,
  type SimMarket,
  type SimVendor,
} from "./simulated.ts";

export type AttackKind = Exclude<ActorKind, "honest">;
export const ATTACKS: readonly AttackKind[] = ["sybilRing", "collusionRing", "reputationFarm"];

/**
 * What an attacker pays per job. Fee: the escrow's default 0.5% of what the vendor is paid.
 * Gas: a whole job life (post and fund, hire, submit, approve, two ratings) is about 441,000 gas
 * (bench/results/gas.json); at 0.03 gwei on an L2 and $3,000/ETH that is about $0.04, rounded up
 * to $0.05, plus $0.005 to fund a fresh sock address. Cheap gas favours the attacker.
 */
export const ATTACK_COSTS = Object.freeze({
  feeRate: 0.005,
  gasUsdPerJob: 0.05,
  gasUsdPerNewAccount: 0.005,
  /** Value of each fake job: large enough for real rating weight, small enough to look ordinary. */
  fakeJobUsd: 1_000,
  /** Value of each real job a farm buys from an honest vendor. */
  farmRealJobUsd: 200,
  /** Share of a farm's budget spent on buying standing (the rest on selling ratings). */
  farmStandingShare: 0.6,
});

export interface AttackPlan {
  kind: AttackKind;
  budgetUsd: number;
  seed: string;
}

export interface AttackReport {
  kind: AttackKind;
  budgetUsd: number;
  spentUsd: number;
  attackerVendors: string[];
  fakeJobs: number;
  realJobs: number;
  sockAccounts: number;
}

const RING_VENDORS = 5;
const FARM_ACCOUNTS = 10;
const FARM_CUSTOMERS = 10;
const ATTACK_START = 0.3;

/** A copy of the market with the attack's actors and jobs merged in by time. */
export function withAttack(market: SimMarket, plan: AttackPlan): { market: SimMarket; report: AttackReport } {
  const rng = new Random(`attack:${plan.kind}:${plan.budgetUsd}:${plan.seed}`);
  const build = new AttackBuilder(rng, plan, market);
  if (plan.kind === "sybilRing") build.sybilRing();
  else if (plan.kind === "collusionRing") build.collusionRing();
  else build.reputationFarm();
  const jobs = [...market.jobs, ...build.jobs].sort((a, b) => a.time - b.time || a.id - b.id);
  return {
    market: { vendors: [...market.vendors, ...build.vendors], clients: [...market.clients, ...build.clients], jobs },
    report: {
      kind: plan.kind,
      budgetUsd: plan.budgetUsd,
      spentUsd: Math.round(build.spent * 100) / 100,
      attackerVendors: build.vendors.map((v) => v.address),
      fakeJobs: build.fakeJobs,
      realJobs: build.realJobs,
      sockAccounts: build.clients.filter((c) => c.kind === plan.kind).length,
    },
  };
}

class AttackBuilder {
  readonly vendors: SimVendor[] = [];
  readonly clients: SimClient[] = [];
  readonly jobs: SimJob[] = [];
  spent = 0;
  fakeJobs = 0;
  realJobs = 0;
  private nextId: number;
  private serial = 0;
  private readonly rng: Random;
  private readonly plan: AttackPlan;
  private readonly market: SimMarket;

  constructor(rng: Random, plan: AttackPlan, market: SimMarket) {
    this.rng = rng;
    this.plan = plan;
    this.market = market;
    this.nextId = market.jobs.reduce((max, job) => Math.max(max, job.id), 0) + 1;
  }

  private get fakeJobCost(): number {
    return ATTACK_COSTS.feeRate * ATTACK_COSTS.fakeJobUsd + ATTACK_COSTS.gasUsdPerJob;
  }

  private attackerVendor(addressKind: number): SimVendor {
    const specialty = SPECIALTIES[0];
    const profile: VendorProfile = {
      specialty,
      skills: [...specialty.skills],
      hourlyRateCents: Math.round(specialty.rate[0] * 1.1) * 100,
      timezoneOffsetMinutes: this.rng.pick(TIMEZONES).offset,
      city: "",
      availabilityHours: 50,
      quality: 1.5,
    };
    const vendor: SimVendor = { address: simAddress(addressKind, this.serial++), kind: this.plan.kind, profile };
    this.vendors.push(vendor);
    return vendor;
  }

  private sock(addressKind: number): SimClient {
    const client: SimClient = {
      address: simAddress(addressKind, this.serial++),
      kind: this.plan.kind,
      profile: { quality: 5, usesPermit: false },
      specialty: SPECIALTIES[0],
      timezoneOffsetMinutes: 0,
      activity: 0,
    };
    this.clients.push(client);
    this.spent += ATTACK_COSTS.gasUsdPerNewAccount;
    return client;
  }

  private canAfford(cost: number): boolean {
    return this.spent + cost <= this.plan.budgetUsd;
  }

  /** A self-dealt job rated 5 both ways. */
  private fakeJob(client: string, vendor: string): void {
    this.spent += this.fakeJobCost;
    this.fakeJobs++;
    const value = ATTACK_COSTS.fakeJobUsd;
    this.jobs.push({
      id: this.nextId++,
      time: this.rng.float(ATTACK_START, 1),
      client,
      vendor,
      kind: this.plan.kind,
      valueUsd: value,
      paidUsd: value,
      fate: "paid",
      clientScore: 5,
      vendorScore: 5,
    });
  }

  sybilRing(): void {
    const vendor = this.attackerVendor(ADDRESS_KIND.ringVendor);
    while (this.canAfford(this.fakeJobCost + ATTACK_COSTS.gasUsdPerNewAccount)) {
      this.fakeJob(this.sock(ADDRESS_KIND.sock).address, vendor.address);
    }
  }

  collusionRing(): void {
    const ring = Array.from({ length: RING_VENDORS }, () => this.attackerVendor(ADDRESS_KIND.ringVendor));
    // Vendors hire each other first, then shared socks hire every vendor of the ring.
    for (const a of ring) {
      for (const b of ring) {
        if (a !== b && this.canAfford(this.fakeJobCost)) this.fakeJob(a.address, b.address);
      }
    }
    while (this.canAfford(RING_VENDORS * this.fakeJobCost + ATTACK_COSTS.gasUsdPerNewAccount)) {
      const sock = this.sock(ADDRESS_KIND.sock);
      for (const vendor of ring) this.fakeJob(sock.address, vendor.address);
    }
  }

  reputationFarm(): void {
    const farms = Array.from({ length: FARM_ACCOUNTS }, () => this.sock(ADDRESS_KIND.farm));
    // Standing: real jobs with the honest vendors clients rate best, each farm account with different ones.
    const honest = this.bestHonestVendors(200);
    const standingBudget = this.plan.budgetUsd * ATTACK_COSTS.farmStandingShare;
    const realCost = ATTACK_COSTS.farmRealJobUsd * (1 + ATTACK_COSTS.feeRate) + ATTACK_COSTS.gasUsdPerJob;
    let k = 0;
    while (this.spent + realCost <= standingBudget && honest.length > 0) {
      const farm = farms[k % farms.length];
      const vendor = honest[k % honest.length];
      k++;
      this.spent += realCost;
      this.realJobs++;
      const clientScore = 5;
      // The honest vendor rates the farm as the paying client it is.
      const vendorScore = this.rng.chance(0.6)
        ? Math.min(5, Math.max(1, Math.round(4.4 + this.rng.normal(0, 0.6))))
        : null;
      this.jobs.push({
        id: this.nextId++,
        time: this.rng.float(ATTACK_START, 0.6),
        client: farm.address,
        vendor: vendor.address,
        kind: this.plan.kind,
        valueUsd: ATTACK_COSTS.farmRealJobUsd,
        paidUsd: ATTACK_COSTS.farmRealJobUsd,
        fate: "paid",
        clientScore,
        vendorScore,
      });
    }
    // Selling: a customer buys a package, one fake job from every farm account; up to ten
    // customers in turn, then again, until the money runs out.
    const customers: SimVendor[] = [];
    for (let round = 0; this.canAfford(this.fakeJobCost); round++) {
      const c = Math.floor(round / farms.length) % FARM_CUSTOMERS;
      if (c === customers.length) customers.push(this.attackerVendor(ADDRESS_KIND.farmCustomer));
      this.fakeJob(farms[round % farms.length].address, customers[c].address);
      this.jobs[this.jobs.length - 1].time = this.rng.float(0.6, 1);
    }
  }

  /** Honest vendors by the number of 4- and 5-star ratings they received, most first. */
  private bestHonestVendors(count: number): SimVendor[] {
    const good = new Map<string, number>();
    for (const job of this.market.jobs) {
      if (job.clientScore !== null && job.clientScore >= 4) good.set(job.vendor, (good.get(job.vendor) ?? 0) + 1);
    }
    return this.market.vendors
      .filter((v) => v.kind === "honest" && good.has(v.address))
      .sort((a, b) => good.get(b.address)! - good.get(a.address)! || (a.address < b.address ? -1 : 1))
      .slice(0, count);
  }
}
