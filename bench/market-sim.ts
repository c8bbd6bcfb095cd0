// Market simulation: do trust-weighted ratings keep bought reputations out of the top 10, and
// does honest ranking quality hold? Also times the trust recompute at 100,000 vendors and
// 1,000,000 ratings. Run with `node bench/market-sim.ts [--seed TEXT]`; writes bench/results/market-sim.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { computeTrust, prepareVendors, rankVendors } from "../matching/index.ts";
import type { Demand, TrustScores, VendorIndex, VendorRecord } from "../matching/index.ts";
import {
  addJob,
  ATTACK_COSTS,
  ATTACKS,
  honestMarket,
  playJob,
  Random,
  sampleDemands,
  SPECIALTIES,
  trustGraph,
  vendorRecords,
  withAttack,
} from "../market/index.ts";
import type { AttackReport, SimMarket } from "../market/index.ts";

const { values } = parseArgs({ options: { seed: { type: "string", default: "mosaic-market-sim" } } });
const SEED = values.seed!;
const MARKET = { vendors: 3_000, clients: 8_000, jobs: 60_000, seed: SEED };
const BUDGETS = [100, 1_000, 10_000];
const NDCG_DEMANDS = 300;
const ATTACK_DEMANDS = 200;
const TOP = 10;
const SCALE = { vendors: 100_000, clients: 250_000, jobs: 780_000, seed: `${SEED}-scale` };
const INCREMENT_JOBS = 1_000;

interface RankingFigures {
  ndcgAt10: number;
  /** Share of top-10 places held by attacker vendors, over demands the attackers match. */
  attackerShareOfTop10: number;
  /** Demands (of those the attackers match) with at least one attacker vendor in the top 10. */
  demandsWithAttackerInTop10: number;
  attackerDemands: number;
}

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

function eligible(records: readonly VendorRecord[], demand: Demand): VendorRecord[] {
  const excluded = new Set(demand.excludeVendors ?? []);
  return records.filter(
    (v) =>
      v.registered &&
      v.availabilityHours > 0 &&
      !excluded.has(v.id) &&
      demand.requiredSkills.every((tag) => v.skills.includes(tag)),
  );
}

/** NDCG@10 with gain = true quality − 1 (0..4), against the best 10 eligible vendors by true quality. */
function ndcgAt10(
  ranked: readonly string[],
  candidates: readonly VendorRecord[],
  quality: Map<string, number>,
): number {
  const gain = (address: string) => Math.max(0, (quality.get(address) ?? 1) - 1);
  const dcg = ranked.reduce((sum, address, i) => sum + gain(address) / Math.log2(i + 2), 0);
  const ideal = candidates
    .map((v) => gain(v.id))
    .sort((a, b) => b - a)
    .slice(0, TOP)
    .reduce((sum, g, i) => sum + g / Math.log2(i + 2), 0);
  return ideal === 0 ? 1 : dcg / ideal;
}

function evaluate(
  index: VendorIndex,
  records: readonly VendorRecord[],
  quality: Map<string, number>,
  demands: readonly Demand[],
  attackDemands: readonly Demand[],
  attackers: ReadonlySet<string>,
): RankingFigures {
  let ndcgSum = 0;
  let ndcgCount = 0;
  for (const demand of demands) {
    const candidates = eligible(records, demand);
    if (candidates.length === 0) continue;
    const ranked = rankVendors(demand, index, { top: TOP }).matches.map((m) => m.address);
    ndcgSum += ndcgAt10(ranked, candidates, quality);
    ndcgCount++;
  }
  let attackerPlaces = 0;
  let places = 0;
  let withAttacker = 0;
  let attackerDemands = 0;
  if (attackers.size > 0) {
    for (const demand of attackDemands) {
      if (!eligible(records, demand).some((v) => attackers.has(v.id))) continue;
      attackerDemands++;
      const top = rankVendors(demand, index, { top: TOP }).matches;
      const hits = top.filter((m) => attackers.has(m.address)).length;
      attackerPlaces += hits;
      places += top.length;
      if (hits > 0) withAttacker++;
    }
  }
  return {
    ndcgAt10: round(ndcgSum / Math.max(1, ndcgCount)),
    attackerShareOfTop10: round(places === 0 ? 0 : attackerPlaces / places),
    demandsWithAttackerInTop10: withAttacker,
    attackerDemands,
  };
}

function scenario(market: SimMarket, attackers: ReadonlySet<string>, demands: Demand[], attackDemands: Demand[]) {
  const records = vendorRecords(market);
  const trust: TrustScores = computeTrust(trustGraph(market));
  const quality = new Map(market.vendors.map((v) => [v.address, v.profile.quality]));
  const raw = evaluate(prepareVendors(records), records, quality, demands, attackDemands, attackers);
  const trusted = evaluate(prepareVendors(records, {}, trust), records, quality, demands, attackDemands, attackers);
  return { raw, trusted, trust };
}

// --- the simulated market -------------------------------------------------------------------
const started = performance.now();
const honest = honestMarket(MARKET);
const demands = sampleDemands(honest, NDCG_DEMANDS, SEED);
// Attackers list every skill of the first specialty: these demands are the ones they match.
const attackDemands = sampleDemands(honest, ATTACK_DEMANDS, SEED, SPECIALTIES[0]);
const ratings = honest.jobs.reduce(
  (n, j) => n + (j.clientScore === null ? 0 : 1) + (j.vendorScore === null ? 0 : 1),
  0,
);
console.log(
  `Market simulation (seed "${SEED}"): ${MARKET.vendors} vendors, ${MARKET.clients} clients, ` +
    `${honest.jobs.length} jobs, ${ratings} ratings`,
);

const baseline = scenario(honest, new Set(), demands, attackDemands);
console.log(
  `  honest market       NDCG@10 raw ${baseline.raw.ndcgAt10}  trusted ${baseline.trusted.ndcgAt10}` +
    `  (${demands.length} demands; trust: ${baseline.trust.iterations} iterations, ${round(baseline.trust.computeMs, 1)} ms)`,
);

const attacks: Record<string, unknown>[] = [];
for (const kind of ATTACKS) {
  for (const budgetUsd of BUDGETS) {
    const { market, report } = withAttack(honest, { kind, budgetUsd, seed: SEED });
    const attackers = new Set(report.attackerVendors);
    const result = scenario(market, attackers, demands, attackDemands);
    attacks.push(describeAttack(report, result.raw, result.trusted));
    console.log(
      `  ${kind.padEnd(15)} $${String(budgetUsd).padEnd(6)} attacker share of top 10: raw ${pct(result.raw.attackerShareOfTop10)}` +
        ` (${result.raw.demandsWithAttackerInTop10}/${result.raw.attackerDemands} demands)` +
        `  trusted ${pct(result.trusted.attackerShareOfTop10)} (${result.trusted.demandsWithAttackerInTop10}/${result.trusted.attackerDemands})` +
        `  NDCG@10 raw ${result.raw.ndcgAt10} trusted ${result.trusted.ndcgAt10}` +
        `  [${report.fakeJobs} fake jobs, ${report.realJobs} real, $${report.spentUsd} spent]`,
    );
  }
}
const simulationMs = performance.now() - started;

function describeAttack(report: AttackReport, raw: RankingFigures, trusted: RankingFigures) {
  return {
    attack: report.kind,
    budgetUsd: report.budgetUsd,
    spentUsd: report.spentUsd,
    attackerVendors: report.attackerVendors.length,
    sockAccounts: report.sockAccounts,
    fakeJobs: report.fakeJobs,
    realJobs: report.realJobs,
    demandsMatched: trusted.attackerDemands,
    trusted: {
      attackerShareOfTop10: trusted.attackerShareOfTop10,
      demandsWithAttackerInTop10: trusted.demandsWithAttackerInTop10,
      honestNdcgAt10: trusted.ndcgAt10,
    },
    raw: {
      attackerShareOfTop10: raw.attackerShareOfTop10,
      demandsWithAttackerInTop10: raw.demandsWithAttackerInTop10,
      honestNdcgAt10: raw.ndcgAt10,
    },
  };
}

function pct(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

// --- trust recompute at scale ---------------------------------------------------------------
const scaleStart = performance.now();
const big = honestMarket(SCALE);
const generateMs = performance.now() - scaleStart;
const ingestStart = performance.now();
const graph = trustGraph(big);
const ingestMs = performance.now() - ingestStart;
// CPU time next to wall time: on a shared machine the wall clock also counts other processes.
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};
const fullCpu = process.cpuUsage();
const full = computeTrust(graph);
const fullCpuMs = cpuMs(fullCpu);
// New events: more jobs between existing actors, ingested and recomputed from the last result.
const rng = new Random(`${SEED}:increment`);
const incrementStart = performance.now();
const incrementCpu = process.cpuUsage();
for (let i = 0; i < INCREMENT_JOBS; i++) {
  const client = rng.pick(big.clients);
  const vendor = rng.pick(big.vendors);
  addJob(graph, playJob(rng, big.jobs.length + i, 1, client, vendor, 1_000, 0.8, 0.6));
}
const incremental = computeTrust(graph, {}, full);
const incrementMs = performance.now() - incrementStart;
const incrementCpuMs = cpuMs(incrementCpu);
console.log(
  `  trust at scale      ${SCALE.vendors} vendors, ${graph.accountCount} accounts, ${graph.pairCount} relationships, ` +
    `${graph.ratingCount} ratings (generated in ${round(generateMs / 1000, 1)} s)`,
);
console.log(
  `    full recompute    ${round(full.computeMs, 1)} ms (${round(fullCpuMs, 1)} ms of CPU; ${full.iterations} iterations; ` +
    `load average ${round(loadavg()[0], 1)} on ${cpus().length} cores)` +
    `; reading the events into the graph ${round(ingestMs, 1)} ms`,
);
console.log(
  `    incremental       ${round(incrementMs, 1)} ms (${round(incrementCpuMs, 1)} ms of CPU) for ${INCREMENT_JOBS} new jobs ` +
    `(${incremental.iterations} iterations from the last result, ${round(incremental.computeMs, 1)} ms computing)`,
);

const result = {
  seed: SEED,
  market: {
    vendors: MARKET.vendors,
    clients: MARKET.clients,
    jobs: honest.jobs.length,
    ratings,
    ndcgDemands: demands.length,
    attackDemands: attackDemands.length,
  },
  costs: ATTACK_COSTS,
  honest: {
    ndcgAt10Trusted: baseline.trusted.ndcgAt10,
    ndcgAt10Raw: baseline.raw.ndcgAt10,
  },
  attacks,
  trustAtScale: {
    vendors: SCALE.vendors,
    accounts: graph.accountCount,
    relationships: graph.pairCount,
    ratings: graph.ratingCount,
    fullRecomputeMs: round(full.computeMs, 1),
    fullRecomputeCpuMs: round(fullCpuMs, 1),
    fullIterations: full.iterations,
    ingestMs: round(ingestMs, 1),
    incrementalJobs: INCREMENT_JOBS,
    incrementalMs: round(incrementMs, 1),
    incrementalCpuMs: round(incrementCpuMs, 1),
    incrementalIterations: incremental.iterations,
  },
  simulationSeconds: round(simulationMs / 1000, 1),
  // Shared machines: timings move with the load other processes put on the cores.
  machine: { cores: cpus().length, loadAverage1m: round(loadavg()[0], 2) },
};
const resultsDir = new URL("./results/", import.meta.url);
mkdirSync(resultsDir, { recursive: true });
writeFileSync(new URL("market-sim.json", resultsDir), `${JSON.stringify(result, null, 2)}\n`);
console.log("  wrote bench/results/market-sim.json");
