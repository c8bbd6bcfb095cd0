import type { MatchingConfig } from "../config.ts";
import { MatchingInputError } from "../errors.ts";
import { rankVendors } from "../rank.ts";
import { normalizeSkillTag } from "../skill-tags.ts";
import { formatUsd } from "../reasons.ts";
import type { Address, Demand, ExclusionCounts, Match, VendorRecord } from "../types.ts";
import { isVendorIndex, prepareVendors } from "../vendor-index.ts";
import type { VendorIndex } from "../vendor-index.ts";
import { COVERAGE_UNIT, evaluateMembers, optionValue, partCoverage, relayFigures, relayTable } from "./evaluate.ts";
import type { PartEvaluation, RelayFigures } from "./evaluate.ts";
import { FULL_DAY, bitCount, checkWindow, maskSlots, minutesIntoWindow, windowMask } from "./hours.ts";
import type { WorkingWindow } from "./hours.ts";
import { cheapestCost, optimizeTeam } from "./optimize.ts";
import type { TeamOption } from "./optimize.ts";
import { listSwaps } from "./swap.ts";
import type {
  PartCandidate,
  PartProposal,
  Project,
  ProjectPart,
  TeamMember,
  TeamOptions,
  TeamProposal,
} from "./types.ts";

/** No team can be proposed as asked: the message says which limit to move. */
export class TeamInfeasibleError extends MatchingInputError {
  constructor(message: string) {
    super(message);
    this.name = "TeamInfeasibleError";
  }
}

export const DEFAULT_CANDIDATES_PER_PART = 10;
export const DEFAULT_RELAY_CANDIDATES = 40;
export const DEFAULT_SWAPS_PER_PART = 5;
/** A relay's pool is picked from this many times relayCandidates of the ranking's top. */
const RELAY_POOL_DEPTH = 10;
const MAX_PARTS = 50;
const MAX_SWAPS_PER_PART = 100;

interface ResolvedPart {
  part: ProjectPart;
  relay: boolean;
  days: number | null;
  minVendors: number;
  maxVendors: number;
  requiredMask: number;
  capCents: number | null;
  shared: boolean;
  /** Whole hours of the part's window a vendor must work (0 for a relay). */
  minOverlapHours: number;
}

/**
 * Proposes a team for a project: for each part the ranking's best candidates
 * (its scores and reasons), the team chosen together under the total budget
 * (see optimize.ts), relay parts covering the most hours first. Throws
 * TeamInfeasibleError when no team fits, saying why.
 */
export function proposeTeam(
  project: Project,
  vendors: readonly VendorRecord[] | VendorIndex,
  options: TeamOptions = {},
): TeamProposal {
  const index = isVendorIndex(vendors) ? vendors : prepareVendors(vendors, options.config, options.trust ?? null);
  if (isVendorIndex(vendors) && (options.config !== undefined || options.trust)) {
    throw new MatchingInputError("options.config and options.trust cannot change a prepared VendorIndex");
  }
  const config = index.config;
  const clientOffset = project.clientTimezoneOffsetMinutes;
  const parts = resolveProject(project, config);
  const perPart = wholeNumber("candidatesPerPart", options.candidatesPerPart ?? DEFAULT_CANDIDATES_PER_PART, 1);
  const relayPool = wholeNumber("relayCandidates", options.relayCandidates ?? DEFAULT_RELAY_CANDIDATES, 2);
  const swapsPerPart = Math.min(
    MAX_SWAPS_PER_PART,
    wholeNumber("swapsPerPart", options.swapsPerPart ?? DEFAULT_SWAPS_PER_PART, 0),
  );
  const windows = windowLookup(options.workingHours, config);
  const dayMasks = vendorDayMasks(index, windows, project.clientTimezoneOffsetMinutes);
  const positionOf = new Map(index.addresses.map((address, position) => [address, position]));

  // Other parts may take some of a part's candidates: one more per vendor they hold, so they never take all.
  const seats = sum(parts.map((r) => r.maxVendors));
  const candidates = parts.map((resolved) =>
    partCandidates(
      project,
      resolved,
      index,
      windows,
      dayMasks,
      positionOf,
      resolved.relay ? relayPool : perPart + seats - 1,
    ),
  );
  const partsOf = new Map<Address, number>();
  for (const list of candidates) for (const c of list) partsOf.set(c.address, (partsOf.get(c.address) ?? 0) + 1);
  const contested = new Set([...partsOf].filter(([, count]) => count > 1).map(([address]) => address));
  const teamOptions = parts.map((resolved, p) => partOptions(resolved, candidates[p], contested));

  const cheapest = teamOptions.map((list) => cheapestCost(list.map(({ option }) => option)));
  const cheapestTotal = cheapest.reduce((a, b) => a + b, 0);
  if (cheapestTotal > project.budgetCents) {
    const each = parts.map((r, p) => `${r.part.id} ${formatUsd(cheapest[p])}`).join(", ");
    throw new TeamInfeasibleError(
      `The budget of ${formatUsd(project.budgetCents)} is below the cheapest team the candidates allow, ` +
        `${formatUsd(cheapestTotal)} (${each}). Raise the budget, lower the hours, or widen the candidates.`,
    );
  }
  const result = optimizeTeam(
    parts.map((resolved, p) => ({ options: teamOptions[p].map(({ option }) => option), shared: resolved.shared })),
    project.budgetCents,
  );
  if (result === null) {
    throw new TeamInfeasibleError(
      `No team within ${formatUsd(project.budgetCents)} gives each vendor a single part: the vendors the budget ` +
        "allows are wanted for several parts. Allow sharing (allowSharedVendor on those parts), raise the budget, " +
        "or widen the candidates (candidatesPerPart).",
    );
  }

  const proposals: PartProposal[] = parts.map((resolved, p) => {
    const evaluation = evaluateMembers(teamOptions[p][result.choice[p]].members, resolved.days);
    return partProposal(resolved, evaluation, candidates[p]);
  });
  const proposal: TeamProposal = {
    projectId: project.id ?? null,
    budgetCents: project.budgetCents,
    totalCostCents: result.cost,
    totalScore: sumScores(proposals),
    relayCoveredHours: sum(proposals.filter((p) => p.kind === "relay").map((p) => p.coverage.coveredHours)),
    relayRequiredHours: sum(proposals.filter((p) => p.kind === "relay").map((p) => p.coverage.requiredHours)),
    coveredHours: sum(proposals.map((p) => p.coverage.coveredHours)),
    requiredHours: sum(proposals.map((p) => p.coverage.requiredHours)),
    clientTimezoneOffsetMinutes: clientOffset,
    parts: proposals,
    search: {
      optionsPerPart: Object.fromEntries(parts.map((r, p) => [r.part.id, teamOptions[p].length])),
      nodes: result.nodes,
    },
  };
  for (const part of proposal.parts) part.swaps = listSwaps(proposal, part.partId, swapsPerPart);
  return proposal;
}

/** A relay on its own: proposeTeam over a project of this one part. */
export function proposeRelay(
  relay: Omit<ProjectPart, "relay"> & { relay: NonNullable<ProjectPart["relay"]> },
  budgetCents: number,
  clientTimezoneOffsetMinutes: number,
  vendors: readonly VendorRecord[] | VendorIndex,
  options: TeamOptions = {},
): PartProposal {
  return proposeTeam({ budgetCents, clientTimezoneOffsetMinutes, parts: [relay] }, vendors, options).parts[0];
}

export function sumScores(parts: readonly PartProposal[]): number {
  return Math.round(sum(parts.map((p) => Math.round(p.score * 1000)))) / 1000;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function wholeNumber(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new MatchingInputError(`${name} must be a whole number >= ${min}, got ${value}`);
  }
  return value;
}

function resolveProject(project: Project, config: MatchingConfig): ResolvedPart[] {
  if (project === null || typeof project !== "object") throw new MatchingInputError("project must be an object");
  wholeNumber("project.budgetCents", project.budgetCents, 0);
  const offset = project.clientTimezoneOffsetMinutes;
  if (typeof offset !== "number" || !Number.isInteger(offset) || Math.abs(offset) > 14 * 60) {
    throw new MatchingInputError(
      `project.clientTimezoneOffsetMinutes must be whole minutes within ±840, got ${String(offset)}`,
    );
  }
  const working = checkWindow(
    "project.clientWorkingHours",
    project.clientWorkingHours ?? { startHour: config.workdayStartHour, hours: config.workdayHours },
  );
  if (!Array.isArray(project.parts) || project.parts.length === 0 || project.parts.length > MAX_PARTS) {
    throw new MatchingInputError(`project.parts must list 1 to ${MAX_PARTS} parts`);
  }
  const ids = new Set<string>();
  return project.parts.map((part, p) => {
    const name = `part ${typeof part?.id === "string" ? `"${part.id}"` : p}`;
    if (typeof part?.id !== "string" || part.id.length === 0) throw new MatchingInputError(`${name} needs an id`);
    if (ids.has(part.id)) throw new MatchingInputError(`${name} appears twice: part ids must be unique`);
    ids.add(part.id);
    let capCents: number | null = null;
    if (part.budgetCapCents !== undefined) capCents = wholeNumber(`${name}.budgetCapCents`, part.budgetCapCents, 0);
    if (part.budgetShare !== undefined) {
      if (typeof part.budgetShare !== "number" || !(part.budgetShare > 0 && part.budgetShare <= 1)) {
        throw new MatchingInputError(`${name}.budgetShare must be in (0, 1], got ${String(part.budgetShare)}`);
      }
      const share = Math.floor(project.budgetCents * part.budgetShare);
      capCents = capCents === null ? share : Math.min(capCents, share);
    }
    const shared = part.allowSharedVendor === true;
    if (part.relay !== undefined) {
      const days = wholeNumber(`${name}.relay.days`, part.relay.days, 1);
      const minVendors = wholeNumber(`${name}.relay.minVendors`, part.relay.minVendors ?? 2, 2);
      const maxVendors = wholeNumber(`${name}.relay.maxVendors`, part.relay.maxVendors ?? 3, minVendors);
      if (maxVendors > 3) throw new MatchingInputError(`${name}.relay.maxVendors is at most 3`);
      const window = checkWindow(`${name}.relay.window`, part.relay.window ?? FULL_DAY);
      return {
        part,
        relay: true,
        days,
        minVendors,
        maxVendors,
        requiredMask: windowMask(window, offset, offset),
        capCents,
        shared,
        minOverlapHours: 0,
      };
    }
    if (typeof part.hours !== "number" || !(part.hours > 0) || !Number.isFinite(part.hours)) {
      throw new MatchingInputError(`${name}.hours must be a number > 0 (the price is rate x hours)`);
    }
    const window = checkWindow(`${name}.window`, part.window ?? working);
    const minOverlapHours = part.minOverlapHours ?? 0;
    if (typeof minOverlapHours !== "number" || !(minOverlapHours >= 0 && minOverlapHours <= 24)) {
      throw new MatchingInputError(`${name}.minOverlapHours must be a number from 0 to 24, got ${minOverlapHours}`);
    }
    return {
      part,
      relay: false,
      days: null,
      minVendors: 1,
      maxVendors: 1,
      requiredMask: windowMask(window, offset, offset),
      capCents,
      shared,
      minOverlapHours,
    };
  });
}

type WindowOf = (address: Address) => WorkingWindow;

function windowLookup(given: TeamOptions["workingHours"], config: MatchingConfig): WindowOf {
  const fallback: WorkingWindow = { startHour: config.workdayStartHour, hours: config.workdayHours };
  const map = new Map<Address, WorkingWindow>();
  const entries = given === undefined ? [] : given instanceof Map ? [...given] : Object.entries(given);
  for (const [address, window] of entries) {
    map.set(address.toLowerCase(), checkWindow(`workingHours[${address}]`, window));
  }
  return (address) => map.get(address) ?? fallback;
}

/** Each vendor's working hours on the client's clock, by index position, computed once per distinct window. */
function vendorDayMasks(index: VendorIndex, windowOf: WindowOf, clientOffset: number): Int32Array {
  const masks = new Int32Array(index.size);
  const memo = new Map<WorkingWindow, Map<number, number>>();
  for (let position = 0; position < index.size; position++) {
    const window = windowOf(index.addresses[position]);
    const offset = index.timezoneOffsetMinutes[position];
    let byOffset = memo.get(window);
    if (byOffset === undefined) memo.set(window, (byOffset = new Map()));
    let mask = byOffset.get(offset);
    if (mask === undefined) byOffset.set(offset, (mask = windowMask(window, offset, clientOffset)));
    masks[position] = mask;
  }
  return masks;
}

/** The ranking's best candidates for one part, among vendors that fit its cap and hours. */
function partCandidates(
  project: Project,
  resolved: ResolvedPart,
  index: VendorIndex,
  windowOf: WindowOf,
  dayMasks: Int32Array,
  positionOf: ReadonlyMap<Address, number>,
  top: number,
): PartCandidate[] {
  const { part, relay, requiredMask, capCents, minOverlapHours } = resolved;
  const clientOffset = project.clientTimezoneOffsetMinutes;
  const excluded: Address[] = [...(project.excludeVendors ?? []), ...(part.excludeVendors ?? [])];
  // Counted for the refusal message among vendors with the skills only (the ranking names the others).
  const skills = part.requiredSkills.map(normalizeSkillTag);
  const hasSkills = (position: number) => skills.every((tag) => index.records[position].skills.includes(tag));
  let outOfBudget = 0;
  let outOfHours = 0;
  for (let position = 0; position < index.size; position++) {
    const mask = dayMasks[position] & requiredMask;
    let reason: "budget" | "hours" | null = null;
    if (relay) reason = mask === 0 ? "hours" : null;
    else if (capCents !== null && index.hourlyRateCents[position] * part.hours! > capCents) reason = "budget";
    else if (bitCount(mask) < minOverlapHours) reason = "hours";
    if (reason === null) continue;
    excluded.push(index.addresses[position]);
    if (!hasSkills(position)) continue;
    if (reason === "budget") outOfBudget++;
    else outOfHours++;
  }
  const requiredHours = bitCount(requiredMask);
  const ceiling =
    capCents === null
      ? null
      : relay
        ? Math.floor(capCents / (requiredHours * resolved.days!))
        : Math.floor(capCents / part.hours!);
  const demand: Demand = {
    requiredSkills: part.requiredSkills,
    niceToHaveSkills: part.niceToHaveSkills ?? [],
    // A relay is about covering hours in other time zones: the coverage decides, not overlap with the client.
    clientTimezoneOffsetMinutes: relay ? null : clientOffset,
    overlapHoursWanted: relay || minOverlapHours === 0 ? undefined : minOverlapHours,
    rateMaxCents: ceiling,
    estimatedHours: relay ? null : part.hours,
    minRating: part.minRating ?? 0,
    minPaidJobs: part.minPaidJobs ?? 0,
    excludeVendors: excluded,
  };
  const ranking = rankVendors(demand, index, { top: relay ? top * RELAY_POOL_DEPTH : top });
  if (ranking.matches.length < resolved.minVendors) {
    throw new TeamInfeasibleError(noCandidatesMessage(resolved, ranking.excluded, outOfBudget, outOfHours));
  }
  const maskOf = (match: Match) => dayMasks[positionOf.get(match.address)!] & requiredMask;
  const matches = relay ? relayPool(ranking.matches, maskOf, top) : ranking.matches;
  return matches.map((match) => {
    const window = windowOf(match.address);
    const offset = match.vendor.timezoneOffsetMinutes;
    return {
      address: match.address,
      hourlyRateCents: match.vendor.hourlyRateCents,
      priceCents: relay ? null : match.vendor.hourlyRateCents * part.hours!,
      score: match.score,
      rank: match.rank,
      placement: match.placement,
      reasons: match.reasons,
      window,
      coveredHours: maskSlots(maskOf(match)),
      minutesIntoWindow: Array.from({ length: 24 }, (_, slot) => minutesIntoWindow(window, offset, clientOffset, slot)),
    };
  });
}

/** Indices of the options no other option beats: value as high at a lower cost, or higher at no more cost. */
function undominated(costs: readonly number[], values: readonly number[]): number[] {
  const order = costs.map((_, i) => i).sort((a, b) => costs[a] - costs[b] || values[b] - values[a]);
  const kept: number[] = [];
  let best = -Infinity; // the best value at any lower cost
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end < order.length && costs[order[end]] === costs[order[start]]) end++;
    const top = values[order[start]];
    if (top > best) {
      for (let i = start; i < end && values[order[i]] === top; i++) kept.push(order[i]);
      best = top;
    }
    start = end;
  }
  return kept;
}

/**
 * A relay's candidates: the best-ranked vendor of each distinct set of hours first (so the
 * pool holds every way the ranking's top can cover the day), then the next best overall, up to
 * `size`, in rank order.
 */
function relayPool(matches: readonly Match[], maskOf: (match: Match) => number, size: number): Match[] {
  const chosen = new Set<Match>();
  const seen = new Set<number>();
  for (const match of matches) {
    if (chosen.size >= size) break;
    const mask = maskOf(match);
    if (!seen.has(mask)) {
      seen.add(mask);
      chosen.add(match);
    }
  }
  for (const match of matches) {
    if (chosen.size >= size) break;
    chosen.add(match);
  }
  return matches.filter((match) => chosen.has(match));
}

function noCandidatesMessage(
  resolved: ResolvedPart,
  excluded: ExclusionCounts,
  outOfBudget: number,
  outOfHours: number,
): string {
  const { part } = resolved;
  const why: string[] = [];
  if (excluded.missingRequiredSkill > 0) why.push(`${excluded.missingRequiredSkill} lack a required skill`);
  if (outOfBudget > 0) why.push(`${outOfBudget} cost more than its cap of ${formatUsd(resolved.capCents!)}`);
  if (outOfHours > 0) why.push(`${outOfHours} do not work enough of its hours`);
  if (excluded.belowMinRating > 0) why.push(`${excluded.belowMinRating} are below its minimum rating`);
  if (excluded.belowMinPaidJobs > 0) why.push(`${excluded.belowMinPaidJobs} have too few paid jobs`);
  const other = excluded.notRegistered + excluded.unavailable;
  if (other > 0) why.push(`${other} are not registered or not available`);
  const has = resolved.relay ? `fewer than ${resolved.minVendors} eligible vendors for a relay` : "no eligible vendor";
  return `Part "${part.id}" has ${has}${why.length > 0 ? `: ${why.join(", ")}` : ""}.`;
}

interface PartOption {
  option: TeamOption;
  members: PartCandidate[];
}

/**
 * Every way to staff a part: each candidate, or each relay of minVendors..maxVendors candidates.
 * A relay none of whose members is a candidate of another part (`contested` holds those who
 * are) can never conflict; among such relays, one that another such relay beats on value at no
 * more cost, or on cost at the same value, is left out: swapping the better one in would improve
 * any team, so it is never the best.
 */
function partOptions(
  resolved: ResolvedPart,
  candidates: readonly PartCandidate[],
  contested: ReadonlySet<Address>,
): PartOption[] {
  const options: PartOption[] = [];
  const { capCents } = resolved;
  if (!resolved.relay) {
    for (const candidate of candidates) {
      const evaluation = evaluateMembers([candidate], null);
      if (capCents !== null && evaluation.priceCents > capCents) continue;
      const option = { cost: evaluation.priceCents, value: optionValue(evaluation, false) };
      options.push({
        members: [candidate],
        option: { ...option, members: [candidate.address], key: candidate.address },
      });
    }
  } else {
    // Address order: each pair and triple below is then in the order evaluateMembers sorts to.
    const sorted = [...candidates].sort((a, b) => (a.address < b.address ? -1 : 1));
    const table = relayTable(sorted);
    const figures: RelayFigures = { priceCents: 0, scoreMilli: 0, coveredMask: 0 };
    const rows = [0, 0, 0];
    // Figures first, objects only for the relays kept: a pool of 40 has 10,660 pairs and triples.
    const costs: number[] = [];
    const values: number[] = [];
    const picked: number[][] = [[], [], []];
    const add = (count: number) => {
      if (!relayFigures(table, rows, count, resolved.days!, figures)) return;
      if (capCents !== null && figures.priceCents > capCents) return;
      costs.push(figures.priceCents);
      values.push(figures.scoreMilli + bitCount(figures.coveredMask) * COVERAGE_UNIT);
      for (let m = 0; m < 3; m++) picked[m].push(m < count ? rows[m] : -1);
    };
    const n = sorted.length;
    for (let i = 0; i < n; i++) {
      rows[0] = i;
      for (let j = i + 1; j < n; j++) {
        rows[1] = j;
        if (resolved.minVendors <= 2) add(2);
        if (resolved.maxVendors < 3) continue;
        for (let k = j + 1; k < n; k++) {
          rows[2] = k;
          add(3);
        }
      }
    }
    const wanted = sorted.map((candidate) => contested.has(candidate.address));
    const free: number[] = [];
    const kept: number[] = [];
    for (let i = 0; i < costs.length; i++) {
      if (picked.some((column) => column[i] >= 0 && wanted[column[i]])) kept.push(i);
      else free.push(i);
    }
    for (const f of undominated(
      free.map((i) => costs[i]),
      free.map((i) => values[i]),
    )) {
      kept.push(free[f]);
    }
    kept.sort((a, b) => a - b);
    for (const i of kept) {
      const members = picked.filter((column) => column[i] >= 0).map((column) => sorted[column[i]]);
      const addresses = members.map((m) => m.address);
      options.push({
        members,
        option: { cost: costs[i], value: values[i], members: addresses, key: addresses.join(",") },
      });
    }
  }
  if (options.length === 0) {
    const cap = capCents === null ? "" : ` within its cap of ${formatUsd(capCents)}`;
    throw new TeamInfeasibleError(
      resolved.relay
        ? `Part "${resolved.part.id}": no relay of ${resolved.minVendors} to ${resolved.maxVendors} of its ` +
            `${candidates.length} best candidates gives every member a shift${cap}. ` +
            "Widen relayCandidates, the budget or the window."
        : `Part "${resolved.part.id}" has no candidate${cap}.`,
    );
  }
  return options;
}

function partProposal(resolved: ResolvedPart, evaluation: PartEvaluation, candidates: PartCandidate[]): PartProposal {
  const members: TeamMember[] = evaluation.members.map((member, i) => ({
    address: member.address,
    hourlyRateCents: member.hourlyRateCents,
    priceCents: resolved.relay
      ? member.hourlyRateCents * evaluation.shifts[i].length * resolved.days!
      : member.priceCents!,
    score: member.score,
    reasons: member.reasons,
    placement: member.placement,
    window: member.window,
    hours: evaluation.shifts[i],
  }));
  return {
    partId: resolved.part.id,
    title: resolved.part.title ?? null,
    kind: resolved.relay ? "relay" : "single",
    allowSharedVendor: resolved.shared,
    members,
    priceCents: evaluation.priceCents,
    score: evaluation.scoreMilli / 1000,
    coverage: partCoverage(evaluation, resolved.requiredMask),
    budgetCapCents: resolved.capCents,
    days: resolved.days,
    candidates,
    swaps: [],
  };
}
