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
/** The naive attacks: sock rings, collusion rings, rating farms. */
export const ATTACKS: readonly AttackKind[] = ["sybilRing", "collusionRing", "reputationFarm"];
/**
 * Attacks on the trust graph itself (each ends with sybil vendors rated 5 by accounts that got
 * standing somehow), plus whitewashing; `slander` pushes honest leaders down instead.
 *
 * - seedSquat: post jobs between own accounts at launch (cheap: no funds), pay them much later,
 *   so that by job id they are the market's earliest relationships; those clients then 5-star
 *   sybil vendors.
 * - bribedClient: pay the honest clients with the most vendors $100 each to hire a sybil vendor
 *   for a $1,000 job (the attacker's money, which comes back) and rate it 5.
 * - trustBridge: ten attacker clients buy real $200 jobs from the honest vendors with the most
 *   clients, then hire sybil vendors and rate them 5.
 * - seedVendorJobs: the same, buying from the vendors of the market's earliest relationships.
 * - sleeper: the honest vendor with the best record turns: from 60% of the history on it hires
 *   sybil vendors and rates them 5.
 * - whitewash: a poor vendor with a bad record (real jobs, honest low ratings) drops its
 *   address, lists a fresh one and buys 5-star sock ratings for it.
 * - slander: squatted seed clients buy real $100 jobs from honest leaders and rate them 1.
 */
export const ADAPTIVE_ATTACKS: readonly AttackKind[] = [
  "seedSquat",
  "bribedClient",
  "trustBridge",
  "seedVendorJobs",
  "sleeper",
  "whitewash",
];

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
  /** Value of each real job a farm (or bridge) buys from an honest vendor. */
  farmRealJobUsd: 200,
  /** Share of a farm's budget spent on buying standing (the rest on selling ratings). */
  farmStandingShare: 0.6,
  /** What an honest client takes to hire a sybil vendor and rate it 5. */
  bribeUsd: 90,
  /** Value of each real job bought to slander an honest vendor. */
  slanderJobUsd: 100,
  /** Gas to post an unfunded job (no funds move). */
  gasUsdPerPosting: 0.01,
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
  /** slander: the honest vendors rated 1. */
  targets: string[];
}

const RING_VENDORS = 5;
const FARM_ACCOUNTS = 10;
const FARM_CUSTOMERS = 10;
const ATTACK_START = 0.3;

/** A copy of the market with the attack's actors and jobs merged in by time. */
export function withAttack(market: SimMarket, plan: AttackPlan): { market: SimMarket; report: AttackReport } {
  const rng = new Random(`attack:${plan.kind}:${plan.budgetUsd}:${plan.seed}`);
  const build = new AttackBuilder(rng, plan, market);
  build.run();
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
      targets: build.targets,
    },
  };
}

class AttackBuilder {
  readonly vendors: SimVendor[] = [];
  readonly clients: SimClient[] = [];
  readonly jobs: SimJob[] = [];
  readonly targets: string[] = [];
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

  run(): void {
    const kind = this.plan.kind;
    if (kind === "sybilRing") this.sybilRing();
    else if (kind === "collusionRing") this.collusionRing();
    else if (kind === "reputationFarm") this.reputationFarm();
    else if (kind === "freshVendor") this.attackerVendor(ADDRESS_KIND.sybilVendor);
    else if (kind === "seedSquat") this.seedSquat(false);
    else if (kind === "slander") this.seedSquat(true);
    else if (kind === "bribedClient") this.bribedClient();
    else if (kind === "trustBridge") this.bridge(this.mostClientsHonestVendors(200));
    else if (kind === "seedVendorJobs") this.bridge(earliestPaidVendors(this.market, 50));
    else if (kind === "sleeper") this.sleeperVendor();
    else this.whitewash();
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
      // The same timezone for the n-th attacker vendor of every attack (and the fresh vendor), so
      // attacks are compared on what they bought, not on where their vendor sits.
      timezoneOffsetMinutes: new Random(`attacker-vendor:${this.plan.seed}:${this.vendors.length}`).pick(TIMEZONES)
        .offset,
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
  private fakeJob(client: string, vendor: string, from = ATTACK_START, to = 1): void {
    this.spent += this.fakeJobCost;
    this.fakeJobs++;
    const value = ATTACK_COSTS.fakeJobUsd;
    this.jobs.push({
      id: this.nextId++,
      time: this.rng.float(from, to),
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

  /** Sybil vendors for a budget: one per $1,000, from 1 to 10. */
  private sybils(): SimVendor[] {
    const count = Math.max(1, Math.min(10, Math.floor(this.plan.budgetUsd / 1_000)));
    return Array.from({ length: count }, () => this.attackerVendor(ADDRESS_KIND.sybilVendor));
  }

  /** A real job the attacker pays in full (work it does not need), rated by the attacker. */
  private realJob(client: string, vendor: string, valueUsd: number, score: number, from: number, to: number): void {
    this.spent += valueUsd * (1 + ATTACK_COSTS.feeRate) + ATTACK_COSTS.gasUsdPerJob;
    this.realJobs++;
    const vendorScore = this.rng.chance(0.6)
      ? Math.min(5, Math.max(1, Math.round(4.4 + this.rng.normal(0, 0.6))))
      : null;
    this.jobs.push({
      id: this.nextId++,
      time: this.rng.float(from, to),
      client,
      vendor,
      kind: this.plan.kind,
      valueUsd,
      paidUsd: valueUsd,
      fate: "paid",
      clientScore: score,
      vendorScore,
    });
  }

  /**
   * Up to 50 pairs of own accounts post jobs at launch (ids before every honest job) and pay them
   * between 30% and 50% of the history. Their clients then 5-star sybil vendors, or (slander)
   * buy real jobs from honest leaders and rate them 1.
   */
  seedSquat(slander: boolean): void {
    const pairCost = ATTACK_COSTS.gasUsdPerPosting + this.fakeJobCost + 2 * ATTACK_COSTS.gasUsdPerNewAccount;
    const pairs = Math.max(1, Math.min(50, Math.floor((this.plan.budgetUsd * 0.3) / pairCost)));
    const clients: SimClient[] = [];
    for (let i = 0; i < pairs && this.canAfford(pairCost); i++) {
      const client = this.sock(ADDRESS_KIND.squat);
      const vendor = this.sock(ADDRESS_KIND.squat);
      clients.push(client);
      this.spent += ATTACK_COSTS.gasUsdPerPosting;
      this.fakeJob(client.address, vendor.address, ATTACK_START, 0.5);
      // Posted at launch: the lowest job ids of the market.
      this.jobs[this.jobs.length - 1].id = -1 - i;
    }
    if (clients.length === 0) return;
    if (slander) {
      const leaders = this.bestHonestVendors(3_000)
        .filter((v) => v.profile.specialty === SPECIALTIES[0])
        .slice(0, 20);
      this.targets.push(...leaders.map((v) => v.address));
      const cost = ATTACK_COSTS.slanderJobUsd * (1 + ATTACK_COSTS.feeRate) + ATTACK_COSTS.gasUsdPerJob;
      for (let k = 0; leaders.length > 0 && this.canAfford(cost); k++) {
        this.realJob(
          clients[k % clients.length].address,
          leaders[k % leaders.length].address,
          ATTACK_COSTS.slanderJobUsd,
          1,
          0.5,
          1,
        );
      }
      return;
    }
    const sybils = this.sybils();
    for (let k = 0; this.canAfford(this.fakeJobCost); k++) {
      this.fakeJob(clients[k % clients.length].address, sybils[k % sybils.length].address, 0.5, 1);
    }
  }

  /** Honest clients with the most vendors take $100 each to hire a sybil and rate it 5. */
  bribedClient(): void {
    const sybils = this.sybils();
    const distinct = new Map<string, Set<string>>();
    for (const job of this.market.jobs) {
      if (job.paidUsd <= 0) continue;
      let set = distinct.get(job.client);
      if (set === undefined) distinct.set(job.client, (set = new Set()));
      set.add(job.vendor);
    }
    const clients = [...distinct.entries()]
      .sort((a, b) => b[1].size - a[1].size || (a[0] < b[0] ? -1 : 1))
      .map(([address]) => address);
    const cost = ATTACK_COSTS.bribeUsd + this.fakeJobCost;
    for (let k = 0; k < clients.length && this.canAfford(cost); k++) {
      this.spent += ATTACK_COSTS.bribeUsd;
      this.fakeJob(clients[k], sybils[k % sybils.length].address);
    }
  }

  /** Ten attacker clients buy real jobs from `vendors` with 60% of the budget, then 5-star sybils. */
  bridge(vendors: readonly SimVendor[]): void {
    const clients = Array.from({ length: FARM_ACCOUNTS }, () => this.sock(ADDRESS_KIND.farm));
    const realCost = ATTACK_COSTS.farmRealJobUsd * (1 + ATTACK_COSTS.feeRate) + ATTACK_COSTS.gasUsdPerJob;
    const standingBudget = this.plan.budgetUsd * ATTACK_COSTS.farmStandingShare;
    for (let k = 0; vendors.length > 0 && this.spent + realCost <= standingBudget; k++) {
      this.realJob(
        clients[k % clients.length].address,
        vendors[k % vendors.length].address,
        ATTACK_COSTS.farmRealJobUsd,
        5,
        ATTACK_START,
        0.6,
      );
    }
    const sybils = this.sybils();
    for (let k = 0; this.canAfford(this.fakeJobCost); k++) {
      this.fakeJob(clients[k % clients.length].address, sybils[k % sybils.length].address, 0.6, 1);
    }
  }

  /** The honest vendor with the best record turns and 5-stars sybil vendors from 60% of the history on. */
  sleeperVendor(): void {
    const sleeper = this.bestHonestVendors(1)[0];
    if (sleeper === undefined) return;
    const sybils = this.sybils();
    for (let k = 0; this.canAfford(this.fakeJobCost); k++) {
      this.fakeJob(sleeper.address, sybils[k % sybils.length].address, 0.6, 1);
    }
  }

  /** A poor vendor's bad record (real jobs from honest clients, rated as earned), then a fresh address with sock ratings. */
  whitewash(): void {
    const old = this.attackerVendor(ADDRESS_KIND.sybilVendor);
    this.vendors.pop(); // the old address is abandoned: it is not counted among the attacker's listings
    const honestClients = this.market.clients.filter((c) => c.kind === "honest");
    for (let k = 0; k < 20 && honestClients.length > 0; k++) {
      const client = this.rng.pick(honestClients);
      const score = Math.min(5, Math.max(1, Math.round(old.profile.quality + this.rng.normal(0, 0.6))));
      this.jobs.push({
        id: this.nextId++,
        time: this.rng.float(0.1, 0.5),
        client: client.address,
        vendor: old.address,
        kind: "whitewash",
        valueUsd: 1_000,
        paidUsd: 1_000,
        fate: "paid",
        clientScore: score,
        vendorScore: null,
      });
    }
    const fresh = this.attackerVendor(ADDRESS_KIND.sybilVendor);
    while (this.canAfford(this.fakeJobCost + ATTACK_COSTS.gasUsdPerNewAccount)) {
      this.fakeJob(this.sock(ADDRESS_KIND.sock).address, fresh.address, 0.5, 1);
    }
  }

  /** Honest vendors by the number of distinct clients that paid them, most first. */
  private mostClientsHonestVendors(count: number): SimVendor[] {
    const clients = new Map<string, Set<string>>();
    for (const job of this.market.jobs) {
      if (job.paidUsd <= 0) continue;
      let set = clients.get(job.vendor);
      if (set === undefined) clients.set(job.vendor, (set = new Set()));
      set.add(job.client);
    }
    return this.market.vendors
      .filter((v) => v.kind === "honest" && clients.has(v.address))
      .sort((a, b) => clients.get(b.address)!.size - clients.get(a.address)!.size || (a.address < b.address ? -1 : 1))
      .slice(0, count);
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

/** The honest vendors of the market's earliest paid relationships (by time paid): who a seed list would hold. */
export function earliestPaidVendors(market: SimMarket, pairs: number): SimVendor[] {
  const byAddress = new Map(market.vendors.map((v) => [v.address, v]));
  const seen = new Set<string>();
  const out: SimVendor[] = [];
  const jobs = market.jobs
    .filter((j) => j.paidUsd > 0 && j.kind === "honest")
    .sort((a, b) => a.time - b.time || a.id - b.id);
  for (const job of jobs) {
    if (seen.size >= pairs) break;
    const key = `${job.client}>${job.vendor}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const vendor = byAddress.get(job.vendor);
    if (vendor !== undefined && !out.includes(vendor)) out.push(vendor);
  }
  return out;
}
