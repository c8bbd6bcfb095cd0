/**
 * A project's team proposal for the create flow: the parts the client declared, turned into the
 * matching library's project (skills by name, hours, caps in US cents, relays), proposed by its
 * team optimiser (matching/src/team, never a copy) over the index's vendors, as
 * web/server/matching.ts feeds the single-job ranking (candidates by skill, trust-weighted ratings).
 * The client may swap members; each swap is checked and priced by the library's swapEffect and the
 * part re-evaluated as the search evaluates it, so cost, coverage and score change as they would.
 */
import path from "node:path";
import {
  fetchCandidates,
  loadTrustSeed,
  skillTag,
  subgraphTrust,
  SubgraphUnreachableError,
} from "../../../matching/index.ts";
import { MatchingInputError, proposeTeam, swapEffect } from "../../../matching/index.ts";
import type { TeamProposal, TrustScores, VendorRecord } from "../../../matching/index.ts";
import { evaluateMembers, partCoverage } from "../../../matching/src/team/evaluate.ts";
import { coverageGaps, slotsMask } from "../../../matching/src/team/hours.ts";
import { listSwaps } from "../../../matching/src/team/swap.ts";
import type { PartCandidate, PartProposal, Project } from "../../../matching/src/team/types.ts";
import { serverConfig } from "../config.ts";

const MAX_PARTS = 32;
const MINUTES_PER_DAY = 1440;
const SWAPS_PER_PART = 5;

/** A part as the create form declares it. */
export interface PartRequest {
  title: string;
  /** Skill names ("react"), as the form lists them. */
  skills: string[];
  /** Hours of work (ordinary parts); null for a relay. */
  hours: number | null;
  /** The part's budget in US cents (the most its team may cost). */
  budgetCents: number;
  /** Days a relay runs (2 or 3 vendors in turn around the clock); null for an ordinary part. */
  relayDays: number | null;
}

export interface SwapRequest {
  part: number;
  replace: string;
  with: string;
}

/** What the create form sends: the demand's budget and hours, its parts, and the swaps made so far. */
export interface ProposalRequest {
  budgetCents: number;
  /** The client's time zone, minutes east of UTC. */
  utcOffsetMinutes: number;
  /** The client's working hours, minutes after local midnight (the end may be before the start). */
  workStartMinute: number;
  workEndMinute: number;
  parts: PartRequest[];
  /** Never proposed (the client itself). */
  exclude: string[];
  swaps: SwapRequest[];
}

export interface ProposedMember {
  address: string;
  hourlyRateCents: number;
  priceCents: number;
  score: number;
  reasons: string[];
  /** Client hours it works for the part (a relay: its shift). */
  hours: number[];
  /** A relay member's shift as the project registry takes it (UTC), else null. */
  shift: { startMinute: number; lengthMinutes: number } | null;
}

export interface ProposedCandidate {
  address: string;
  hourlyRateCents: number;
  /** Rate × hours (null for a relay: the price depends on the shift). */
  priceCents: number | null;
  score: number;
  reasons: string[];
}

export interface ProposedSwap {
  replace: string;
  with: string;
  costDeltaCents: number;
  scoreDelta: number;
  coverageDeltaHours: number;
  withinBudget: boolean;
  conflict: string | null;
}

export interface ProposedPart {
  part: number;
  title: string;
  kind: "single" | "relay";
  budgetCents: number;
  priceCents: number;
  score: number;
  members: ProposedMember[];
  coverage: {
    requiredHours: number;
    coveredHours: number;
    /** Who is on duty each client hour (null: nobody). */
    slots: (string | null)[];
    required: boolean[];
    gaps: { startHour: number; endHour: number; hours: number }[];
  };
  candidates: ProposedCandidate[];
  swaps: ProposedSwap[];
}

export interface ProjectProposal {
  budgetCents: number;
  totalCostCents: number;
  totalScore: number;
  coveredHours: number;
  requiredHours: number;
  utcOffsetMinutes: number;
  parts: ProposedPart[];
  /** The swaps applied, in order. */
  swaps: SwapRequest[];
}

/** The request is not one the optimiser can take, or no team fits it: the message says why. */
export class ProposalError extends Error {}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function whole(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new ProposalError(`${name} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

const isAddress = (value: unknown): value is string => typeof value === "string" && /^0x[0-9a-fA-F]{40}$/.test(value);

/** Checks what the browser sent; throws ProposalError naming the first problem. */
export function parseProposalRequest(body: unknown): ProposalRequest {
  if (!isObject(body)) throw new ProposalError("the body must be a JSON object");
  if (!Array.isArray(body.parts) || body.parts.length === 0 || body.parts.length > MAX_PARTS) {
    throw new ProposalError(`parts must list 1 to ${MAX_PARTS} parts`);
  }
  const parts = body.parts.map((raw, i): PartRequest => {
    const name = `parts[${i}]`;
    if (!isObject(raw)) throw new ProposalError(`${name} must be an object`);
    const title = typeof raw.title === "string" ? raw.title.trim() : "";
    if (title.length === 0 || title.length > 200) throw new ProposalError(`${name}.title must be 1 to 200 characters`);
    if (!Array.isArray(raw.skills) || raw.skills.length > 16) {
      throw new ProposalError(`${name}.skills must list at most 16 skill names`);
    }
    const skills = raw.skills.map((skill) => {
      if (typeof skill !== "string" || skill.trim() === "") throw new ProposalError(`${name}.skills must be names`);
      return skill.trim().toLowerCase();
    });
    const relayDays =
      raw.relayDays === null || raw.relayDays === undefined ? null : whole(`${name}.relayDays`, raw.relayDays, 1, 365);
    const hours = relayDays !== null ? null : whole(`${name}.hours`, raw.hours, 1, 100_000);
    return { title, skills, hours, budgetCents: whole(`${name}.budgetCents`, raw.budgetCents, 1, 1e13), relayDays };
  });
  const exclude = Array.isArray(body.exclude) ? body.exclude : [];
  if (!exclude.every(isAddress)) throw new ProposalError("exclude must list addresses");
  const swaps = Array.isArray(body.swaps) ? body.swaps : [];
  const parsedSwaps = swaps.map((raw, i): SwapRequest => {
    if (!isObject(raw) || !isAddress(raw.replace) || !isAddress(raw.with)) {
      throw new ProposalError(`swaps[${i}] must name a part, the member to replace and the candidate`);
    }
    return { part: whole(`swaps[${i}].part`, raw.part, 0, parts.length - 1), replace: raw.replace, with: raw.with };
  });
  const request: ProposalRequest = {
    budgetCents: whole("budgetCents", body.budgetCents, 1, 1e14),
    utcOffsetMinutes: whole("utcOffsetMinutes", body.utcOffsetMinutes, -720, 840),
    workStartMinute: whole("workStartMinute", body.workStartMinute, 0, MINUTES_PER_DAY - 1),
    workEndMinute: whole("workEndMinute", body.workEndMinute, 0, MINUTES_PER_DAY - 1),
    parts,
    exclude: exclude.map((a) => a.toLowerCase()),
    swaps: parsedSwaps,
  };
  if (request.workStartMinute === request.workEndMinute) {
    throw new ProposalError("the working hours must not be empty (start and end are the same)");
  }
  const partsTotal = parts.reduce((sum, p) => sum + p.budgetCents, 0);
  if (partsTotal > request.budgetCents) {
    throw new ProposalError("the parts' budgets add up to more than the project's budget");
  }
  return request;
}

const partId = (index: number) => `part-${index + 1}`;

/** The matching library's project for a request (caps per part, the client excluded). */
export function toMatchingProject(request: ProposalRequest): Project {
  const length = (request.workEndMinute - request.workStartMinute + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  return {
    budgetCents: request.budgetCents,
    clientTimezoneOffsetMinutes: request.utcOffsetMinutes,
    clientWorkingHours: { startHour: request.workStartMinute / 60, hours: length / 60 },
    excludeVendors: request.exclude,
    parts: request.parts.map((part, i) => ({
      id: partId(i),
      title: part.title,
      requiredSkills: part.skills.map(skillTag),
      budgetCapCents: part.budgetCents,
      ...(part.relayDays === null ? { hours: part.hours! } : { relay: { days: part.relayDays } }),
    })),
  };
}

/**
 * A relay member's shift as one UTC window for the registry: its longest run of client hours
 * (a member's hours are one run whenever the next region takes over as its day starts).
 */
export function shiftWindow(hours: readonly number[], utcOffsetMinutes: number) {
  const runs = coverageGaps(slotsMask(hours), 0);
  if (runs.length === 0) return null;
  const longest = runs.reduce((best, run) => (run.hours > best.hours ? run : best));
  const startMinute =
    (((longest.startHour * 60 - utcOffsetMinutes) % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  return { startMinute, lengthMinutes: longest.hours * 60 };
}

/** Replaces one member of a part with another of its candidates, re-evaluated as the search evaluates a team. */
function applySwap(proposal: TeamProposal, swap: SwapRequest): TeamProposal {
  const id = partId(swap.part);
  let effect;
  try {
    effect = swapEffect(proposal, id, swap.replace, swap.with);
  } catch (error) {
    if (error instanceof MatchingInputError) throw new ProposalError(`part ${swap.part + 1}: ${error.message}`);
    throw error;
  }
  if (effect.conflict !== null) throw new ProposalError(`part ${swap.part + 1}: ${swap.with} ${effect.conflict}`);
  if (!effect.withinBudget) throw new ProposalError(`part ${swap.part + 1}: that swap puts the team over the budget`);
  const parts = proposal.parts.map((part): PartProposal => {
    if (part.partId !== id) return part;
    const byAddress = new Map<string, PartCandidate>(part.candidates.map((c) => [c.address, c]));
    const members = part.members.map((m) => byAddress.get(m.address === effect.replace ? effect.with : m.address)!);
    const evaluation = evaluateMembers(members, part.kind === "relay" ? part.days : null);
    const requiredMask = slotsMask(part.coverage.required.flatMap((needed, slot) => (needed ? [slot] : [])));
    return {
      ...part,
      members: evaluation.members.map((member, i) => ({
        address: member.address,
        hourlyRateCents: member.hourlyRateCents,
        priceCents:
          part.kind === "relay"
            ? member.hourlyRateCents * evaluation.shifts[i].length * part.days!
            : member.priceCents!,
        score: member.score,
        reasons: member.reasons,
        placement: member.placement,
        window: member.window,
        hours: evaluation.shifts[i],
      })),
      priceCents: evaluation.priceCents,
      score: evaluation.scoreMilli / 1000,
      coverage: partCoverage(evaluation, requiredMask),
    };
  });
  const sum = (of: (p: PartProposal) => number) => parts.reduce((total, p) => total + of(p), 0);
  const next: TeamProposal = {
    ...proposal,
    parts,
    totalCostCents: sum((p) => p.priceCents),
    totalScore: Math.round(sum((p) => Math.round(p.score * 1000))) / 1000,
    coveredHours: sum((p) => p.coverage.coveredHours),
    requiredHours: sum((p) => p.coverage.requiredHours),
  };
  for (const part of next.parts) part.swaps = listSwaps(next, part.partId, SWAPS_PER_PART);
  return next;
}

/** The browser's view of a proposal: per part its members (relay shifts in UTC), candidates and swaps. */
export function describeProposal(request: ProposalRequest, proposal: TeamProposal): ProjectProposal {
  return {
    budgetCents: proposal.budgetCents,
    totalCostCents: proposal.totalCostCents,
    totalScore: proposal.totalScore,
    coveredHours: proposal.coveredHours,
    requiredHours: proposal.requiredHours,
    utcOffsetMinutes: request.utcOffsetMinutes,
    swaps: request.swaps,
    parts: proposal.parts.map((part, i) => ({
      part: i,
      title: request.parts[i].title,
      kind: part.kind,
      budgetCents: request.parts[i].budgetCents,
      priceCents: part.priceCents,
      score: part.score,
      members: part.members.map((m) => ({
        address: m.address,
        hourlyRateCents: m.hourlyRateCents,
        priceCents: m.priceCents,
        score: m.score,
        reasons: m.reasons,
        hours: m.hours,
        shift: part.kind === "relay" ? shiftWindow(m.hours, request.utcOffsetMinutes) : null,
      })),
      coverage: {
        requiredHours: part.coverage.requiredHours,
        coveredHours: part.coverage.coveredHours,
        slots: part.coverage.slots,
        required: part.coverage.required,
        gaps: part.coverage.gaps,
      },
      candidates: part.candidates.map((c) => ({
        address: c.address,
        hourlyRateCents: c.hourlyRateCents,
        priceCents: c.priceCents,
        score: c.score,
        reasons: c.reasons,
      })),
      swaps: part.swaps.map((s) => ({
        replace: s.replace,
        with: s.with,
        costDeltaCents: s.costDeltaCents,
        scoreDelta: s.scoreDelta,
        coverageDeltaHours: s.coverageDeltaHours,
        withinBudget: s.withinBudget,
        conflict: s.conflict,
      })),
    })),
  };
}

/** Proposes the team for `request` among `vendors` and applies its swaps in order. */
export function proposeProjectTeam(
  request: ProposalRequest,
  vendors: readonly VendorRecord[],
  trust: TrustScores | null = null,
): ProjectProposal {
  let proposal: TeamProposal;
  try {
    proposal = proposeTeam(toMatchingProject(request), vendors, { trust, swapsPerPart: SWAPS_PER_PART });
  } catch (error) {
    if (error instanceof MatchingInputError) throw new ProposalError(error.message);
    throw error;
  }
  for (const swap of request.swaps) proposal = applySwap(proposal, swap);
  return describeProposal(request, proposal);
}

/** Every vendor of the index that can take some part: one candidate query per distinct skill set. */
async function indexVendors(subgraphUrl: string, request: ProposalRequest): Promise<VendorRecord[]> {
  const sets = new Map(request.parts.map((p) => [[...p.skills].sort().join(","), p.skills.map(skillTag)]));
  const lists = await Promise.all(
    [...sets.values()].map((skills) => fetchCandidates(subgraphUrl, { requiredSkills: skills })),
  );
  return [...new Map(lists.flat().map((v) => [v.id, v])).values()];
}

/** The proposal against the index's vendors, ratings weighed by trust when the index can serve it. */
export async function proposeFromIndex(request: ProposalRequest): Promise<ProjectProposal> {
  const { subgraphUrl, dataDir } = serverConfig();
  // The published seed list when the operator gives one, as the single-job ranking uses.
  const seedFile = process.env.MOSAIC_TRUST_SEED;
  const trustOptions = seedFile ? { seed: loadTrustSeed(seedFile) } : {};
  const [vendors, trust] = await Promise.all([
    indexVendors(subgraphUrl, request),
    subgraphTrust(subgraphUrl, trustOptions, path.join(dataDir, "matching"))
      .refresh()
      .catch((error: unknown) => {
        // An unreachable index fails the candidates too; anything else ranks by raw ratings.
        if (error instanceof SubgraphUnreachableError) throw error;
        return null;
      }),
  ]);
  return proposeProjectTeam(request, vendors, trust);
}
