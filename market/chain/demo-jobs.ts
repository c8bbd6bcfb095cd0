/**
 * Demo jobs: their terms, and the transactions that take each one to its scenario's end state,
 * every transaction tagged with the phase it runs in (see timeline.ts).
 */
import { Signature, ZeroAddress, encodeBytes32String, type Interface, type TypedDataDomain } from "ethers";
import type { Client, Vendor } from "./demo-actors.ts";
import { SPECIALTIES, USD_PER_ETH, type Specialty } from "../catalog.ts";
import type { MarketDriver, MarketTx as TxRequest, Receipt } from "./driver.ts";
import type { DocumentStore } from "./documents.ts";
import type { Random } from "../random.ts";
import { CLIENT_PENALTY, ratingScore, VENDOR_PENALTY } from "../ratings.ts";
import { SCENARIOS, type Scenario } from "../fates.ts";
import { DAY, MAX_MILESTONES, historyDeadline, liveDeadline, phaseOffset } from "./demo-timeline.ts";
import { PERMIT_TYPES, QUOTE_TYPES, SETTLEMENT_TYPES } from "@mosaic/sdk/typed-data";

/**
 * Gas limits per call: about twice the most each used in a 50-vendor, 200-job run, so contract
 * changes do not break the seed. Explicit limits let a whole phase go out without estimates
 * (an estimate would run against a state that does not yet hold the phase's earlier calls).
 */
export const GAS = {
  transfer: 21_000n,
  mint: 140_000n,
  approveToken: 100_000n,
  setProfile: 1_000_000n,
  revokeQuotes: 90_000n,
  postJob: 550_000n,
  fund: 170_000n,
  fundWithPermit: 220_000n,
  hire: 230_000n,
  claim: 190_000n,
  submit: 80_000n,
  approve: 210_000n,
  requestChanges: 80_000n,
  cancel: 70_000n,
  refund: 110_000n,
  releaseBonus: 130_000n,
  returnBonus: 110_000n,
  release: 140_000n,
  dispute: 120_000n,
  rule: 260_000n,
  settle: 270_000n,
  resolveTimedOut: 210_000n,
  rate: 190_000n,
  collectFees: 110_000n,
};

export interface Contract {
  address: string;
  iface: Interface;
}

/** What job plans need from the run. */
export interface SeedContext {
  chain: MarketDriver;
  docs: DocumentStore;
  /** Unix time of phase offset 0. */
  start: number;
  escrow: Contract;
  registry: Contract;
  usd: Contract;
  arbiter: string;
  escrowDomain: TypedDataDomain;
  usdDomain: TypedDataDomain;
  /** Next quote nonce per vendor (lower-case address). */
  quoteNonces: Map<string, bigint>;
  /** Next permit nonce per client (lower-case address). */
  permitNonces: Map<string, bigint>;
}

/** One transaction of the seed, built when its phase runs (so it can use job ids and sign). */
export interface Action {
  phase: string;
  job?: JobPlan;
  build: () => TxRequest | undefined | Promise<TxRequest | undefined>;
}

/** What happens to a milestone of a history job. */
type Outcome =
  | "approve"
  | "changes"
  | "auto"
  | "bonusRelease"
  | "bonusReturn"
  | "missed"
  | "cancel"
  | "refundUnhired"
  | "disputeRule"
  | "disputeSettle"
  | "disputeTimeout"
  | "none";

export interface MilestonePlan {
  title: string;
  amount: bigint;
  bonus: bigint;
  deadline: number;
  outcomeDeadline: number;
}

export interface JobPlan {
  n: number;
  scenario: Scenario;
  client: Client;
  vendor?: Vendor;
  specialty: Specialty;
  token: "ETH" | "mUSD";
  open: boolean;
  reviewWindowDays: number;
  requiredSkills: string[];
  minRating: number;
  /** Paid jobs (vendorStatsOf(v).paidJobs) a vendor needs to claim the open job. */
  minPaidJobs: number;
  specCid: string;
  milestones: MilestonePlan[];
  usePermit: boolean;
  id?: bigint;
  /** Whether the vendor ends up paid something (ratings need it). */
  vendorPaid: boolean;
  /** A sybil ring's self-dealt job: both sides always rate 5. */
  sock?: boolean;
  /** Dispute outcome: vendor's share in basis points. */
  disputeBps?: number;
  actions: Action[];
  done: number;
}

/** Upper bound of a job designed later (see `deferred`), reserved when funding its client. */
export const DEFERRED_BUDGET = { ETH: 14n * 10n ** 18n, mUSD: 40_000n * 10n ** 6n };

export function tokenAddress(ctx: SeedContext, job: JobPlan): string {
  return job.token === "ETH" ? ZeroAddress : ctx.usd.address;
}

export function jobTotal(job: JobPlan, first = 0, count = job.milestones.length): bigint {
  return job.milestones.slice(first, first + count).reduce((sum, m) => sum + m.amount + m.bonus, 0n);
}

/** Picks a vendor for a job: strong vendors for smooth jobs, weaker ones for troubled jobs. */
export function pickVendor(rng: Random, vendors: Vendor[], troubled: boolean, live: boolean): Vendor {
  const pool = live ? vendors.filter((v) => v.availabilityHours > 0) : vendors;
  return rng.weighted(pool.length ? pool : vendors, (v) => (troubled ? (6 - v.quality) ** 2 : v.quality ** 3));
}

function milestoneCount(rng: Random, scenario: Scenario): number {
  if (scenario === "liveBonusPending") return 1;
  const min = scenario === "cancelled" || scenario === "liveInProgress" ? 2 : 1;
  const live = SCENARIOS[scenario].era === "live";
  const n = rng.weighted(live ? [1, 2, 3] : [1, 2, 3, 4], (k) => ({ 1: 30, 2: 30, 3: 25, 4: 15 })[k] ?? 0);
  return Math.min(MAX_MILESTONES, Math.max(min, n));
}

function toTokenAmount(usd: number, token: "ETH" | "mUSD"): bigint {
  if (token === "mUSD") return BigInt(usd) * 10n ** 6n;
  // Milli-ether precision reads like a human-chosen price.
  return BigInt(Math.max(1, Math.round((usd / USD_PER_ETH) * 1000))) * 10n ** 15n;
}

/**
 * Chooses who, what and how much. Jobs marked `deferred` (claimed under rating requirements) get
 * their vendor and terms later, from ratings the history produced (see `designDeferred`).
 */
export function designJob(
  rng: Random,
  n: number,
  scenario: Scenario,
  clients: Client[],
  vendors: Vendor[],
): JobPlan & { deferred: boolean } {
  const info = SCENARIOS[scenario];
  const live = info.era === "live";
  const client = rng.pick(clients);
  const hired = info.hired === "sometimes" ? rng.chance(0.5) : info.hired;
  const deferred = scenario === "liveClaimedWithRequirements";
  const vendor = hired && !deferred ? pickVendor(rng, vendors, info.troubled, live) : undefined;
  const token = rng.chance(0.55) ? "mUSD" : "ETH";
  const open =
    scenario === "liveOpen" || scenario === "refundedBeforeHire" || deferred
      ? true
      : scenario === "liveAwaitingQuote"
        ? false
        : rng.chance(0.45);
  return {
    n,
    scenario,
    client,
    vendor,
    specialty: vendor?.specialty ?? rng.pick(SPECIALTIES),
    token,
    open,
    reviewWindowDays: live ? rng.pick([3, 4, 5, 7]) : rng.pick([2, 3, 3, 4, 5]),
    requiredSkills: [],
    minRating: 0,
    minPaidJobs: 0,
    specCid: "",
    milestones: [],
    usePermit: token === "mUSD" && client.usesPermit,
    vendorPaid: false,
    actions: [],
    done: 0,
    deferred,
  };
}

/** Fills skills, milestones and the spec document of a job whose vendor (if any) is known. */
export async function writeTerms(rng: Random, job: JobPlan, ctx: SeedContext): Promise<void> {
  const live = SCENARIOS[job.scenario].era === "live";
  const { specialty, vendor } = job;
  const skillPool = vendor ? vendor.skills : specialty.skills;
  job.requiredSkills = rng.sample(skillPool, rng.int(1, Math.min(3, skillPool.length)));
  if (job.scenario === "liveOpen" && rng.chance(0.4)) {
    job.minRating = rng.pick([300, 350, 400]);
    job.minPaidJobs = rng.pick([1, 2]);
  }
  const rateUsd = vendor ? vendor.hourlyRateCents / 100 : rng.int(specialty.rate[0], specialty.rate[1]);
  const count = milestoneCount(rng, job.scenario);
  const special = bonusIndex(rng, job, count);
  job.milestones = Array.from({ length: count }, (_, i) => {
    const hours = rng.int(6, 60);
    const usd = Math.max(50, Math.round((rateUsd * hours) / 10) * 10);
    const amount = toTokenAmount(usd, job.token);
    const bonus = i === special ? (amount * BigInt(rng.pick([10, 15, 20, 25]))) / 100n : 0n;
    const deadline = ctx.start + (live ? liveDeadline(i) : historyDeadline(i));
    // The escrow wants the outcome decided no sooner than a review window after the deadline.
    const outcomeDeadline = bonus > 0n ? deadline + (job.reviewWindowDays + (live ? 14 : 0)) * DAY : 0;
    return { title: specialty.milestones[i % specialty.milestones.length], amount, bonus, deadline, outcomeDeadline };
  });
  const title = rng.pick(specialty.titles).replace("{x}", rng.pick(specialty.subjects));
  job.specCid = await ctx.docs.add({
    kind: "mosaic.job-spec/v1",
    title,
    client: job.client.company,
    summary: `${job.client.company} is looking for help: ${title.toLowerCase()}.`,
    skills: job.requiredSkills,
    currency: job.token,
    milestones: job.milestones.map((m, i) => ({
      index: i,
      title: m.title,
      amount: m.amount.toString(),
      bonus: m.bonus.toString(),
      acceptance: `${m.title} delivered, reviewed and accepted by ${job.client.company}.`,
    })),
  });
}

/** The milestone that carries an outcome bonus, or -1. */
function bonusIndex(rng: Random, job: JobPlan, count: number): number {
  if (job.scenario === "bonusReleased" || job.scenario === "bonusReturned") return rng.int(0, count - 1);
  if (job.scenario === "liveBonusPending") return 0;
  return -1;
}

/** What happens to each milestone of a history job. */
function outcomesOf(rng: Random, job: JobPlan): Outcome[] {
  const count = job.milestones.length;
  const last = count - 1;
  const special = job.milestones.findIndex((m) => m.bonus > 0n);
  const anyIndex = rng.int(0, last);
  const at = (index: number, outcome: Outcome): Outcome[] =>
    Array.from({ length: count }, (_, i) => (i === index ? outcome : "approve"));
  switch (job.scenario) {
    case "paid":
      return at(-1, "approve");
    case "paidAfterChanges":
      return at(anyIndex, "changes");
    case "autoReleased":
      return at(last, "auto");
    case "bonusReleased":
      return at(special, "bonusRelease");
    case "bonusReturned":
      return at(special, "bonusReturn");
    case "refundedDeadlineMissed":
      return at(last, "missed");
    case "refundedBeforeHire":
      return Array(count).fill("refundUnhired");
    case "cancelled":
      return job.vendor
        ? at(-1, "cancel").map((o, i) => (i === 0 ? "approve" : "cancel"))
        : Array(count).fill("cancel");
    case "disputeRuled":
      return at(anyIndex, "disputeRule");
    case "disputeSettled":
      return at(anyIndex, "disputeSettle");
    case "disputeTimedOut":
      // Milestone 0: its 30-day timeout then ends early enough to keep the history short.
      return at(0, "disputeTimeout");
    default:
      return Array(count).fill("none");
  }
}

/** Builds the plan's actions. */
export function planActions(rng: Random, job: JobPlan, ctx: SeedContext): void {
  const a = new ActionWriter(job, ctx);
  if (SCENARIOS[job.scenario].era === "live") planLive(rng, job, a);
  else planHistory(rng, job, a);
}

function planHistory(rng: Random, job: JobPlan, a: ActionWriter): void {
  const outcomes = outcomesOf(rng, job);
  const count = outcomes.length;
  const funded = outcomes.map((o) => o !== "cancel");
  const allFunded = funded.every(Boolean);
  const perMilestone = !allFunded || (count > 1 && job.vendor !== undefined && rng.chance(0.3));

  a.post("post");
  if (allFunded && !perMilestone) a.fund("hire", 0, count);
  else if (funded[0]) a.fund("hire", 0, 1);
  if (job.vendor) a.hire("hire");

  for (let i = 0; i < count; i++) {
    const r = `r${i}`;
    if (i > 0 && perMilestone && funded[i]) a.fund(`${r}.fund`, i, 1);
    const outcome = outcomes[i];
    const submits = !["cancel", "refundUnhired", "missed"].includes(outcome);
    if (submits) a.submit(`${r}.submit`, i);
    switch (outcome) {
      case "approve":
        a.approve(`${r}.review`, i);
        break;
      case "bonusRelease":
        a.approve(`${r}.review`, i);
        a.releaseBonus(`${r}.review`, i);
        break;
      case "bonusReturn":
        a.approve(`${r}.review`, i);
        a.returnBonus("sweep", i);
        break;
      case "changes":
        a.requestChanges(`${r}.review`, i);
        a.submit(`${r}.respond`, i, 2);
        a.approve(`${r}.close`, i);
        break;
      case "auto":
        a.release("sweep", i);
        break;
      case "missed":
        a.refund("sweep", i);
        break;
      case "refundUnhired":
        a.refund("r0.review", i);
        break;
      case "cancel":
        a.cancel("r0.review", i);
        break;
      case "disputeRule":
        job.disputeBps = rng.pick([0, 2500, 5000, 7000, 8000, 10_000]);
        a.dispute(`${r}.review`, i, rng.chance(0.7));
        a.rule(`${r}.respond`, i, job.disputeBps);
        break;
      case "disputeSettle":
        job.disputeBps = rng.pick([3000, 5000, 6000, 7500]);
        a.dispute(`${r}.review`, i, rng.chance(0.7));
        a.settle(`${r}.respond`, i, job.disputeBps, rng.chance(0.5) ? "client" : "vendor");
        break;
      case "disputeTimeout":
        job.disputeBps = 5000;
        a.dispute(`${r}.review`, i, rng.chance(0.7));
        a.resolveTimedOut("timeouts", i, rng.chance(0.5) ? "client" : "vendor");
        break;
      case "none":
        break;
    }
  }

  job.vendorPaid =
    job.vendor !== undefined &&
    outcomes.some(
      (o) =>
        ["approve", "changes", "auto", "bonusRelease", "bonusReturn", "disputeSettle", "disputeTimeout"].includes(o) ||
        (o === "disputeRule" && (job.disputeBps ?? 0) > 0),
    );
  if (job.vendorPaid) planRatings(rng, job, a, "rate", outcomes, 0.85, 0.7);
}

function planLive(rng: Random, job: JobPlan, a: ActionWriter): void {
  a.post("live.post");
  switch (job.scenario) {
    case "liveOpen":
      if (rng.chance(0.7)) a.fund("live.hire", 0);
      return;
    case "liveAwaitingQuote":
      return;
    default:
      break;
  }
  // Deferred jobs get their milestones later: fund them all, whatever their number.
  a.fund("live.hire", 0);
  a.hire("live.hire");
  switch (job.scenario) {
    case "liveInReview":
      a.submit("live.submit", 0);
      break;
    case "liveDisputed":
      a.submit("live.submit", 0);
      a.dispute("live.review", 0, rng.chance(0.6));
      break;
    case "liveInProgress":
      a.submit("live.submit", 0);
      a.approve("live.review", 0);
      a.submit("live.submit2", 1);
      job.vendorPaid = true;
      break;
    case "liveBonusPending":
      a.submit("live.submit", 0);
      a.approve("live.review", 0);
      job.vendorPaid = true;
      break;
    default:
      break;
  }
  if (job.vendorPaid) planRatings(rng, job, a, "live.rate", [], 0.5, 0.4);
}

function planRatings(
  rng: Random,
  job: JobPlan,
  a: ActionWriter,
  phase: string,
  outcomes: Outcome[],
  clientRates: number,
  vendorRates: number,
): void {
  if (job.sock) {
    a.rate(phase, "client", 5);
    a.rate(phase, "vendor", 5);
    return;
  }
  const has = (o: Outcome) => outcomes.includes(o);
  const disputed = has("disputeRule") || has("disputeSettle") || has("disputeTimeout");
  if (rng.chance(clientRates)) {
    const penalty =
      (has("missed") ? VENDOR_PENALTY.missedDeadline : 0) +
      (disputed ? VENDOR_PENALTY.disputed : 0) +
      (has("changes") ? VENDOR_PENALTY.changesRequested : 0);
    a.rate(phase, "client", ratingScore(rng, job.vendor!.quality - penalty));
  }
  if (rng.chance(vendorRates)) {
    const penalty =
      (has("auto") ? CLIENT_PENALTY.silentReview : 0) +
      (disputed ? CLIENT_PENALTY.disputed : 0) +
      (has("changes") ? CLIENT_PENALTY.changesRequested : 0);
    a.rate(phase, "vendor", ratingScore(rng, job.client.quality - penalty));
  }
}

/** Appends a job's actions; each builds its transaction when its phase comes. */
class ActionWriter {
  private readonly job: JobPlan;
  private readonly ctx: SeedContext;

  constructor(job: JobPlan, ctx: SeedContext) {
    this.job = job;
    this.ctx = ctx;
  }

  private add(phase: string, build: Action["build"]): void {
    phaseOffset(phase); // fails fast on a typo
    this.job.actions.push({ phase, job: this.job, build });
  }

  private escrowCall(from: string, label: string, method: string, args: unknown[], gas: bigint, value = 0n): TxRequest {
    const { escrow } = this.ctx;
    return {
      from,
      to: escrow.address,
      data: escrow.iface.encodeFunctionData(method, args),
      gas,
      value,
      label: `${label}: job #${this.job.id ?? `(plan ${this.job.n})`}`,
    };
  }

  private party(who: "client" | "vendor"): string {
    return who === "client" ? this.job.client.address : this.job.vendor!.address;
  }

  private id(): bigint {
    if (this.job.id === undefined) throw new Error(`Job plan ${this.job.n} has no on-chain id yet`);
    return this.job.id;
  }

  post(phase: string): void {
    const { job, ctx } = this;
    this.add(phase, () => {
      const terms = {
        token: tokenAddress(ctx, job),
        arbiter: ZeroAddress,
        arbiterFeeBps: 0,
        reviewWindow: job.reviewWindowDays * DAY,
        open: job.open,
        minRating: job.minRating,
        minPaidJobs: job.minPaidJobs,
        requiredSkills: job.requiredSkills.map(encodeBytes32String),
        specCid: job.specCid,
      };
      const milestones = job.milestones.map((m) => ({
        amount: m.amount,
        bonus: m.bonus,
        deadline: m.deadline,
        outcomeDeadline: m.outcomeDeadline,
      }));
      const tx = this.escrowCall(job.client.address, "postJob", "postJob", [terms, milestones], GAS.postJob);
      tx.onReceipt = (receipt) => {
        job.id = jobIdFrom(ctx, receipt);
      };
      return tx;
    });
  }

  /** Funds `count` milestones from `first` (all of them when `count` is omitted). */
  fund(phase: string, first: number, count?: number): void {
    const { job, ctx } = this;
    this.add(phase, async () => {
      count ??= job.milestones.length;
      const total = jobTotal(job, first, count);
      if (job.token === "ETH")
        return this.escrowCall(job.client.address, "fund", "fund", [this.id(), first, count], GAS.fund, total);
      if (!job.usePermit)
        return this.escrowCall(job.client.address, "fund", "fund", [this.id(), first, count], GAS.fund);
      // Taken before any await: permits of one client are signed in the order its transactions run.
      const key = job.client.address.toLowerCase();
      const nonce = ctx.permitNonces.get(key) ?? 0n;
      ctx.permitNonces.set(key, nonce + 1n);
      const deadline = ctx.start + phaseOffset(phase) + DAY;
      const signature = await ctx.chain.signTypedData(job.client.address, ctx.usdDomain, PERMIT_TYPES, {
        owner: job.client.address,
        spender: ctx.escrow.address,
        value: total,
        nonce,
        deadline,
      });
      const { v, r, s } = Signature.from(signature);
      return this.escrowCall(
        job.client.address,
        "fundWithPermit",
        "fundWithPermit",
        [this.id(), first, count, deadline, v, r, s],
        GAS.fundWithPermit,
      );
    });
  }

  /** Open jobs: the vendor claims. Invite jobs: the client hires from the vendor's signed quote. */
  hire(phase: string): void {
    const { job, ctx } = this;
    this.add(phase, async () => {
      const vendor = job.vendor!;
      if (job.open) {
        return this.escrowCall(
          vendor.address,
          "claim",
          "claim",
          [this.id(), job.requiredSkills.map(encodeBytes32String)],
          GAS.claim,
        );
      }
      const quote = {
        jobId: this.id(),
        vendor: vendor.address,
        price: jobTotal(job),
        nonce: ctx.quoteNonces.get(vendor.address.toLowerCase()) ?? 0n,
        expiresAt: ctx.start + phaseOffset(phase) + 7 * DAY,
      };
      const signature = await ctx.chain.signTypedData(vendor.address, ctx.escrowDomain, QUOTE_TYPES, quote);
      return this.escrowCall(job.client.address, "hire", "hire", [quote, signature], GAS.hire);
    });
  }

  submit(phase: string, index: number, version = 1): void {
    const { job, ctx } = this;
    this.add(phase, async () => {
      const milestone = job.milestones[index];
      const cid = await ctx.docs.add({
        kind: "mosaic.deliverable/v1",
        spec: job.specCid,
        milestone: index,
        version,
        summary:
          version === 1
            ? `${milestone.title}: delivered as agreed.`
            : `${milestone.title}: revised after review, all notes addressed.`,
        files: [`ipfs://${job.specCid}/deliverables/${index}-v${version}.zip`],
      });
      return this.escrowCall(job.vendor!.address, "submit", "submit", [this.id(), index, cid], GAS.submit);
    });
  }

  approve(phase: string, index: number): void {
    this.add(phase, () =>
      this.escrowCall(this.job.client.address, "approve", "approve", [this.id(), index], GAS.approve),
    );
  }

  requestChanges(phase: string, index: number): void {
    const { job, ctx } = this;
    this.add(phase, async () => {
      const note = await ctx.docs.add({
        kind: "mosaic.review-note/v1",
        spec: job.specCid,
        milestone: index,
        note: `Close, but ${job.milestones[index].title.toLowerCase()} misses part of the acceptance criteria. Please revise.`,
      });
      return this.escrowCall(
        job.client.address,
        "requestChanges",
        "requestChanges",
        [this.id(), index, note],
        GAS.requestChanges,
      );
    });
  }

  cancel(phase: string, index: number): void {
    this.add(phase, () => this.escrowCall(this.job.client.address, "cancel", "cancel", [this.id(), index], GAS.cancel));
  }

  refund(phase: string, index: number): void {
    this.add(phase, () => this.escrowCall(this.job.client.address, "refund", "refund", [this.id(), index], GAS.refund));
  }

  releaseBonus(phase: string, index: number): void {
    this.add(phase, () =>
      this.escrowCall(this.job.client.address, "releaseBonus", "releaseBonus", [this.id(), index], GAS.releaseBonus),
    );
  }

  returnBonus(phase: string, index: number): void {
    this.add(phase, () =>
      this.escrowCall(this.job.client.address, "returnBonus", "returnBonus", [this.id(), index], GAS.returnBonus),
    );
  }

  release(phase: string, index: number): void {
    this.add(phase, () =>
      this.escrowCall(this.job.vendor!.address, "release", "release", [this.id(), index], GAS.release),
    );
  }

  /**
   * The client disputes a submitted milestone under review, with an ERC-1497 evidence document (the
   * escrow requires one). A vendor may dispute only work the client sent back, posting a bond, so
   * the seed's disputes are the clients'; `_drawn` keeps the plan's random draws where they were.
   */
  dispute(phase: string, index: number, _drawn: boolean): void {
    const by = "client" as "client" | "vendor";
    this.add(phase, async () => {
      const evidence = await this.ctx.docs.add({
        kind: "mosaic.evidence/v1",
        job: String(this.id()),
        milestone: index,
        party: by,
        statement:
          by === "client"
            ? `The submission for milestone ${index + 1} does not meet the agreed specification.`
            : `Milestone ${index + 1} was delivered as specified; the client has not approved it.`,
      });
      return this.escrowCall(this.party(by), "dispute", "dispute", [this.id(), index, evidence], GAS.dispute);
    });
  }

  /** ERC-792 ruling r gives the vendor r - 1 basis points. */
  rule(phase: string, index: number, vendorBps: number): void {
    this.add(phase, () => {
      const disputeId = (this.id() << 8n) | BigInt(index);
      return this.escrowCall(this.ctx.arbiter, "rule", "rule", [disputeId, vendorBps + 1], GAS.rule);
    });
  }

  settle(phase: string, index: number, vendorBps: number, by: "client" | "vendor"): void {
    const { job, ctx } = this;
    this.add(phase, async () => {
      const value = { jobId: this.id(), index, vendorBps, deadline: ctx.start + phaseOffset(phase) + 3 * DAY };
      const [clientSignature, vendorSignature] = await Promise.all(
        [job.client.address, job.vendor!.address].map((signer) =>
          ctx.chain.signTypedData(signer, ctx.escrowDomain, SETTLEMENT_TYPES, value),
        ),
      );
      return this.escrowCall(
        this.party(by),
        "settle",
        "settle",
        [value.jobId, index, vendorBps, value.deadline, clientSignature, vendorSignature],
        GAS.settle,
      );
    });
  }

  resolveTimedOut(phase: string, index: number, by: "client" | "vendor"): void {
    this.add(phase, () =>
      this.escrowCall(this.party(by), "resolveTimedOut", "resolveTimedOut", [this.id(), index], GAS.resolveTimedOut),
    );
  }

  rate(phase: string, by: "client" | "vendor", value: number): void {
    this.add(phase, () => this.escrowCall(this.party(by), `rate by ${by}`, "rate", [this.id(), value], GAS.rate));
  }
}

function jobIdFrom(ctx: SeedContext, receipt: Receipt): bigint {
  const topic = ctx.escrow.iface.getEvent("JobPosted")!.topicHash;
  const log = receipt.logs.find(
    (l) => l.address.toLowerCase() === ctx.escrow.address.toLowerCase() && l.topics[0] === topic,
  );
  if (!log) throw new Error(`postJob ${receipt.transactionHash} emitted no JobPosted`);
  return BigInt(log.topics[1]);
}

/** A vendor's on-chain track record, read after the history was played: what a claim checks. */
export interface TrackRecord {
  /** adjustedVendorRatingOf: the confidence-adjusted rating x100. */
  rating: number;
  /** vendorStatsOf(v).paidJobs. */
  paidJobs: number;
}

/**
 * Designs a job claimed under rating requirements: a vendor whose real on-chain record meets them
 * (requirements set just below its record), so the claim shows the checks passing.
 */
export async function designDeferred(
  rng: Random,
  job: JobPlan,
  vendors: Vendor[],
  records: Map<string, TrackRecord>,
  ctx: SeedContext,
): Promise<void> {
  const recordOf = (v: Vendor) => records.get(v.address.toLowerCase()) ?? { rating: 0, paidJobs: 0 };
  const qualified = vendors.filter(
    (v) =>
      v.availabilityHours > 0 &&
      recordOf(v).paidJobs >= 1 &&
      recordOf(v).rating >= 300 &&
      v.address !== job.client.address,
  );
  const vendor = qualified.length
    ? rng.weighted(qualified, (v) => v.quality ** 3)
    : pickVendor(rng, vendors, false, true);
  const record = recordOf(vendor);
  job.vendor = vendor;
  job.specialty = vendor.specialty;
  job.minRating = qualified.length ? Math.min(450, Math.floor(record.rating / 50) * 50) : 0;
  job.minPaidJobs = qualified.length ? Math.min(record.paidJobs, rng.pick([1, 2, 3])) : 0;
  await writeTerms(rng, job, ctx);
}
