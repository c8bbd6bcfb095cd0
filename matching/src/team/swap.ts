/**
 * Swaps: replace one member of a proposed team with another candidate of the
 * same part and see what changes (cost, coverage, score, budget, conflicts).
 * Works from a TeamProposal alone, priced exactly as the search priced it.
 */
import { MatchingInputError } from "../errors.ts";
import { COVERAGE_UNIT, evaluateMembers } from "./evaluate.ts";
import { bitCount, slotsMask } from "./hours.ts";
import type { PartCandidate, PartProposal, SwapEffect, TeamProposal } from "./types.ts";

export function swapEffect(proposal: TeamProposal, partId: string, replace: string, withAddress: string): SwapEffect {
  const part = proposal.parts.find((p) => p.partId === partId);
  if (part === undefined) throw new MatchingInputError(`The proposal has no part "${partId}"`);
  const out = replace.toLowerCase();
  const into = withAddress.toLowerCase();
  if (!part.members.some((m) => m.address === out)) {
    throw new MatchingInputError(`${replace} is not a member of part "${partId}"`);
  }
  const candidate = part.candidates.find((c) => c.address === into);
  if (candidate === undefined) throw new MatchingInputError(`${withAddress} is not a candidate of part "${partId}"`);
  if (part.members.some((m) => m.address === into)) {
    throw new MatchingInputError(`${withAddress} is already a member of part "${partId}"`);
  }
  const members = part.members.map((m) => (m.address === out ? candidate : candidateOf(part, m.address)));
  const evaluation = evaluateMembers(members, part.kind === "relay" ? part.days : null);
  const requiredMask = slotsMask(requiredSlots(part));
  const costDeltaCents = evaluation.priceCents - part.priceCents;
  const totalCostCents = proposal.totalCostCents + costDeltaCents;
  let conflict: string | null = null;
  if (evaluation.idle !== null) {
    conflict = `${evaluation.idle.address} would be on duty no hour`;
  } else if (part.budgetCapCents !== null && evaluation.priceCents > part.budgetCapCents) {
    conflict = `over the part's cap`;
  } else {
    const other = proposal.parts.find(
      (p) =>
        p.partId !== partId &&
        p.members.some((m) => m.address === into) &&
        !(p.allowSharedVendor && part.allowSharedVendor),
    );
    if (other !== undefined) conflict = `already holds part "${other.partId}"`;
  }
  return {
    partId,
    replace: out,
    with: into,
    costDeltaCents,
    scoreDelta: (evaluation.scoreMilli - Math.round(part.score * 1000)) / 1000,
    coverageDeltaHours: bitCount(evaluation.coveredMask & requiredMask) - part.coverage.coveredHours,
    totalCostCents,
    withinBudget: totalCostCents <= proposal.budgetCents,
    conflict,
  };
}

/** Every single replacement in a part, the allowed ones that keep the team best first; the first `limit`. */
export function listSwaps(proposal: TeamProposal, partId: string, limit: number): SwapEffect[] {
  const part = proposal.parts.find((p) => p.partId === partId);
  if (part === undefined) throw new MatchingInputError(`The proposal has no part "${partId}"`);
  const current = new Set(part.members.map((m) => m.address));
  const effects: SwapEffect[] = [];
  for (const member of part.members) {
    for (const candidate of part.candidates) {
      if (!current.has(candidate.address))
        effects.push(swapEffect(proposal, partId, member.address, candidate.address));
    }
  }
  const usable = (e: SwapEffect) => (e.conflict === null && e.withinBudget ? 0 : 1);
  const gain = (e: SwapEffect) => e.coverageDeltaHours * COVERAGE_UNIT + Math.round(e.scoreDelta * 1000);
  effects.sort(
    (a, b) =>
      usable(a) - usable(b) ||
      gain(b) - gain(a) ||
      a.costDeltaCents - b.costDeltaCents ||
      (a.replace + a.with < b.replace + b.with ? -1 : 1),
  );
  return effects.slice(0, limit);
}

function candidateOf(part: PartProposal, address: string): PartCandidate {
  return part.candidates.find((c) => c.address === address)!;
}

function requiredSlots(part: PartProposal): number[] {
  return part.coverage.required.flatMap((needed, slot) => (needed ? [slot] : []));
}
