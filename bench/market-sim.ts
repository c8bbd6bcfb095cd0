// Market simulation: can reputation be bought into the top 10 with trust-weighted ratings, and
// does honest ranking quality hold? Two market presets (default, harsh), the naive attacks and
// the adaptive attacks on the trust graph at four budgets, each figure with trust and raw.
// Run with `node bench/market-sim.ts [--seed TEXT] [--preset default|harsh]`; writes
// bench/results/market-sim.json (both presets only).
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { computeTrust, prepareVendors, rankVendors } from "../matching/index.ts";
import type { Demand, TrustOptions, TrustScores, VendorIndex, VendorRecord } from "../matching/index.ts";
import {
  ADAPTIVE_ATTACKS,
  ATTACK_COSTS,
  ATTACKS,
  eligibleFor as eligible,
  honestMarket,
  MARKET_PRESETS,
  ndcgAt10,
  sampleDemands,
  SPECIALTIES,
  trustGraph,
  vendorRecords,
  withAttack,
} from "../market/index.ts";
import type { AttackKind, AttackReport, MarketPreset, SimMarket } from "../market/index.ts";

const { values } = parseArgs({
  options: {
    seed: { type: "string", default: "mosaic-market-sim" },
    preset: { type: "string" },
    out: { type: "string" },
    /** Trust options as JSON, to try other settings than the defaults. */
    trust: { type: "string" },
  },
});
const TRUST_OPTIONS: TrustOptions = values.trust === undefined ? {} : JSON.parse(values.trust);
const SEED = values.seed!;
const PRESETS: MarketPreset[] = values.preset === undefined ? ["default", "harsh"] : [values.preset as MarketPreset];
for (const p of PRESETS) if (!(p in MARKET_PRESETS)) throw new Error(`unknown preset ${p}`);
const BUDGETS = [100, 1_000, 10_000, 100_000];
const NDCG_DEMANDS = 300;
const ATTACK_DEMANDS = 200;
const TOP = 10;
/** A vendor with fewer ratings than this is new (the ranking's newVendorMaxRatings default). */
const NEW_VENDOR_MAX_RATINGS = 3;

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;
const pct = (share: number) => `${(share * 100).toFixed(1)}%`;

interface Ranker {
  index: VendorIndex;
  records: VendorRecord[];
}

function rankers(market: SimMarket): { raw: Ranker; trusted: Ranker; trust: TrustScores } {
  const records = vendorRecords(market);
  const trust = computeTrust(trustGraph(market), TRUST_OPTIONS);
  return {
    raw: { index: prepareVendors(records), records },
    trusted: { index: prepareVendors(records, {}, trust), records },
    trust,
  };
}

const top10 = (ranker: Ranker, demand: Demand) =>
  rankVendors(demand, ranker.index, { top: TOP }).matches.map((m) => m.address);

/** Honest ranking quality and newcomers' share of top-10 places (honest vendors with under 3 ratings). */
function honestFigures(ranker: Ranker, quality: Map<string, number>, demands: readonly Demand[]) {
  const newcomers = new Set(ranker.records.filter((r) => r.ratingCount < NEW_VENDOR_MAX_RATINGS).map((r) => r.id));
  let ndcg = 0;
  let counted = 0;
  let places = 0;
  let newcomerPlaces = 0;
  for (const demand of demands) {
    const candidates = eligible(ranker.records, demand);
    if (candidates.length === 0) continue;
    const ranked = top10(ranker, demand);
    ndcg += ndcgAt10(ranked, candidates, quality);
    counted++;
    places += ranked.length;
    newcomerPlaces += ranked.filter((a) => newcomers.has(a)).length;
  }
  return {
    ndcgAt10: round(ndcg / Math.max(1, counted)),
    newcomerShareOfTop10: round(newcomerPlaces / Math.max(1, places)),
  };
}

/** Demands the attackers match, and those with an attacker vendor in the top 10. */
function attackFigures(ranker: Ranker, demands: readonly Demand[], attackers: ReadonlySet<string>) {
  let matched = 0;
  let withAttacker = 0;
  let places = 0;
  let attackerPlaces = 0;
  for (const demand of demands) {
    if (!eligible(ranker.records, demand).some((v) => attackers.has(v.id))) continue;
    matched++;
    const ranked = top10(ranker, demand);
    const hits = ranked.filter((a) => attackers.has(a)).length;
    places += ranked.length;
    attackerPlaces += hits;
    if (hits > 0) withAttacker++;
  }
  return {
    demandShare: round(withAttacker / Math.max(1, matched)),
    placeShare: round(attackerPlaces / Math.max(1, places)),
    demandsMatched: matched,
  };
}

/** Of the (demand, leader) top-10 places the targets held before, the share they lost. */
function pushedOut(
  before: Map<Demand, string[]>,
  ranker: Ranker,
  demands: readonly Demand[],
  targets: ReadonlySet<string>,
) {
  let held = 0;
  let lost = 0;
  for (const demand of demands) {
    const was = before.get(demand)!.filter((a) => targets.has(a));
    if (was.length === 0) continue;
    const now = new Set(top10(ranker, demand));
    held += was.length;
    lost += was.filter((a) => !now.has(a)).length;
  }
  return { leaderPlaces: held, pushedOutShare: round(lost / Math.max(1, held)) };
}

function runPreset(preset: MarketPreset) {
  const started = performance.now();
  const options = { ...MARKET_PRESETS[preset], seed: `${SEED}:${preset}` };
  const honest = honestMarket(options);
  const demands = sampleDemands(honest, NDCG_DEMANDS, SEED);
  // Attackers list every skill of the first specialty: these demands are the ones they match.
  const attackDemands = sampleDemands(honest, ATTACK_DEMANDS, SEED, SPECIALTIES[0]);
  const quality = new Map(honest.vendors.map((v) => [v.address, v.profile.quality]));
  const base = rankers(honest);
  const honestRaw = honestFigures(base.raw, quality, demands);
  const honestTrusted = honestFigures(base.trusted, quality, demands);
  const clients = new Set(honest.jobs.map((j) => j.client)).size;
  console.log(
    `[${preset}] ${honest.vendors.length} vendors, ${clients} clients with jobs, ${honest.jobs.length} jobs ` +
      `(${round(honest.jobs.length / clients, 1)} per client)`,
  );
  console.log(
    `  honest market  NDCG@10 trust ${honestTrusted.ndcgAt10} raw ${honestRaw.ndcgAt10}` +
      `  newcomers' share of top 10: trust ${pct(honestTrusted.newcomerShareOfTop10)} raw ${pct(honestRaw.newcomerShareOfTop10)}` +
      `  (trust: ${base.trust.seedAccounts} seeds, ${base.trust.iterations} iterations, ${round(base.trust.computeMs, 1)} ms)`,
  );

  const attackOnce = (kind: AttackKind, budgetUsd: number) => {
    const { market, report } = withAttack(honest, { kind, budgetUsd, seed: SEED });
    return { report, ...rankers(market) };
  };
  // Listing a fresh vendor: what buying reputation must not beat.
  const freshRun = attackOnce("freshVendor", 0);
  const freshSet = new Set(freshRun.report.attackerVendors);
  const fresh = {
    trusted: attackFigures(freshRun.trusted, attackDemands, freshSet),
    raw: attackFigures(freshRun.raw, attackDemands, freshSet),
  };
  console.log(
    `  fresh vendor   in the top 10 of ${pct(fresh.trusted.demandShare)} of target demands with trust, ${pct(fresh.raw.demandShare)} raw`,
  );

  const attacks: Record<string, unknown>[] = [];
  for (const kind of [...ATTACKS, ...ADAPTIVE_ATTACKS]) {
    for (const budgetUsd of BUDGETS) {
      const run = attackOnce(kind, budgetUsd);
      const attackers = new Set(run.report.attackerVendors);
      const trusted = attackFigures(run.trusted, attackDemands, attackers);
      const raw = attackFigures(run.raw, attackDemands, attackers);
      const overFresh = round((trusted.demandShare - fresh.trusted.demandShare) * 100, 1);
      attacks.push({ ...describe(run.report), trusted, raw, pointsOverFreshVendor: overFresh });
      console.log(
        `  ${kind.padEnd(15)} $${String(budgetUsd).padEnd(7)} demands with an attacker in the top 10: ` +
          `trust ${pct(trusted.demandShare).padStart(6)} raw ${pct(raw.demandShare).padStart(6)}` +
          `  (fresh vendor ${overFresh >= 0 ? "+" : ""}${overFresh} pts)` +
          `  [${run.report.fakeJobs} fake, ${run.report.realJobs} real jobs, $${run.report.spentUsd}]`,
      );
    }
  }

  const beforeTrusted = new Map(attackDemands.map((d) => [d, top10(base.trusted, d)]));
  const beforeRaw = new Map(attackDemands.map((d) => [d, top10(base.raw, d)]));
  const slander: Record<string, unknown>[] = [];
  for (const budgetUsd of BUDGETS) {
    const run = attackOnce("slander", budgetUsd);
    const targets = new Set(run.report.targets);
    const trusted = pushedOut(beforeTrusted, run.trusted, attackDemands, targets);
    const raw = pushedOut(beforeRaw, run.raw, attackDemands, targets);
    slander.push({ ...describe(run.report), trusted, raw });
    console.log(
      `  slander         $${String(budgetUsd).padEnd(7)} leaders' top-10 places lost: trust ${pct(trusted.pushedOutShare)} ` +
        `raw ${pct(raw.pushedOutShare)}  [${run.report.realJobs} real jobs, $${run.report.spentUsd}]`,
    );
  }
  return {
    preset,
    market: { ...options, clientsWithJobs: clients, ndcgDemands: demands.length, attackDemands: attackDemands.length },
    honest: {
      trusted: honestTrusted,
      raw: honestRaw,
      trust: {
        seedAccounts: base.trust.seedAccounts,
        seedRule: base.trust.seedRule,
        iterations: base.trust.iterations,
      },
    },
    freshVendor: fresh,
    attacks,
    slander,
    seconds: round((performance.now() - started) / 1000, 1),
  };
}

function describe(report: AttackReport) {
  return {
    attack: report.kind,
    budgetUsd: report.budgetUsd,
    spentUsd: report.spentUsd,
    attackerVendors: report.attackerVendors.length,
    sockAccounts: report.sockAccounts,
    fakeJobs: report.fakeJobs,
    realJobs: report.realJobs,
  };
}

const presets = PRESETS.map(runPreset);
const result = {
  seed: SEED,
  measure:
    "demandShare: share of target demands (those the attacker vendors match) with an attacker vendor in the top 10; " +
    "pointsOverFreshVendor: percentage points above listing one fresh vendor with no ratings (trust ranking)",
  costs: ATTACK_COSTS,
  presets,
  machine: { cores: cpus().length, loadAverage1m: round(loadavg()[0], 2) },
};
const out = values.out ?? (values.preset === undefined ? "market-sim.json" : `market-sim-${values.preset}.json`);
const resultsDir = new URL("./results/", import.meta.url);
mkdirSync(resultsDir, { recursive: true });
writeFileSync(new URL(out, resultsDir), `${JSON.stringify(result, null, 2)}\n`);
console.log(`wrote bench/results/${out}`);
