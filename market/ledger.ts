/**
 * What the chain and the subgraph would record for an in-memory market: each vendor's `Vendor`
 * entity (the Reputation contract's rating weights, with its per-counterparty cap) and the
 * paid-relationship graph that trust is computed from. One rating-weight unit is one US dollar.
 */
import { skillTag, TrustGraph } from "../matching/index.ts";
import type { VendorRecord } from "../matching/index.ts";
import { HISTORY_SECONDS, type SimMarket } from "./simulated.ts";

/** The contract's cap on one counterparty's total rating weight on an address. */
export const PAIR_WEIGHT_CAP = 10_000;

interface AccountStats {
  weightedSum: bigint;
  weight: bigint;
  count: number;
}

export function vendorRecords(market: SimMarket): VendorRecord[] {
  const stats = new Map<string, AccountStats>();
  const influence = new Map<string, number>();
  const track = new Map<string, { hired: number; paid: number; refunded: number; disputed: number; lost: number }>();
  const rate = (rater: string, ratee: string, score: number, paidUnits: number) => {
    const key = `${rater}>${ratee}`;
    const used = influence.get(key) ?? 0;
    const weight = Math.min(paidUnits, PAIR_WEIGHT_CAP - used);
    if (weight <= 0) return; // weightless ratings count toward nothing
    influence.set(key, used + weight);
    let s = stats.get(ratee);
    if (s === undefined) stats.set(ratee, (s = { weightedSum: 0n, weight: 0n, count: 0 }));
    s.weightedSum += BigInt(score * weight);
    s.weight += BigInt(weight);
    s.count++;
  };
  for (const job of market.jobs) {
    let t = track.get(job.vendor);
    if (t === undefined) track.set(job.vendor, (t = { hired: 0, paid: 0, refunded: 0, disputed: 0, lost: 0 }));
    t.hired++;
    if (job.paidUsd > 0) t.paid++;
    if (job.fate === "refundedDeadlineMissed") t.refunded++;
    if (job.fate === "disputeRuled") {
      t.disputed++;
      if (job.paidUsd * 2 < job.valueUsd) t.lost++;
    }
    const units = Math.floor(job.paidUsd);
    if (job.clientScore !== null) rate(job.client, job.vendor, job.clientScore, units);
    // A vendor's rating of its client counts toward the client's record only (as in the escrow).
  }
  const tags = new Map<string, string>();
  const tag = (name: string) => tags.get(name) ?? tags.set(name, skillTag(name)).get(name)!;
  return market.vendors.map((vendor) => {
    const s = stats.get(vendor.address);
    const t = track.get(vendor.address);
    return {
      id: vendor.address,
      registered: true,
      skills: vendor.profile.skills.map(tag),
      hourlyRateCents: vendor.profile.hourlyRateCents,
      timezoneOffsetMinutes: vendor.profile.timezoneOffsetMinutes,
      availabilityHours: vendor.profile.availabilityHours,
      ratingWeightedSum: s?.weightedSum ?? 0n,
      ratingWeight: s?.weight ?? 0n,
      ratingCount: s?.count ?? 0,
      countedPaidJobs: s?.count ?? 0,
      hiredJobs: t?.hired ?? 0,
      paidJobs: t?.paid ?? 0,
      activeJobs: 0,
      refundedMilestones: t?.refunded ?? 0,
      disputedMilestones: t?.disputed ?? 0,
      disputesLost: t?.lost ?? 0,
      metadataCid: "",
    };
  });
}

/**
 * The paid relationships and ratings, as trust reads them from the subgraph on a fresh read: in
 * job-id order (a job's id is fixed when it is posted, before it is funded), each job with the
 * time its vendor was first paid.
 */
export function trustGraph(market: SimMarket, graph: TrustGraph = new TrustGraph()): TrustGraph {
  const jobs = market.jobs.slice().sort((a, b) => a.id - b.id);
  for (const job of jobs) addJob(graph, job);
  return graph;
}

/** When a simulated job was first paid, in seconds from the market's start. */
export function paidAtSeconds(job: SimMarket["jobs"][number]): number {
  return Math.round(job.time * HISTORY_SECONDS);
}

export function addJob(graph: TrustGraph, job: SimMarket["jobs"][number]): void {
  if (job.paidUsd <= 0) return;
  graph.setJobPaid(job.id, job.client, job.vendor, Math.floor(job.paidUsd), paidAtSeconds(job));
  if (job.clientScore !== null) graph.addRating(job.client, job.vendor, job.clientScore);
  if (job.vendorScore !== null) graph.addRating(job.vendor, job.client, job.vendorScore, undefined, false);
}
