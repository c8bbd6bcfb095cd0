/**
 * A project as the index holds it (`npm run match -- --project <id>`): the registry's project and its
 * parts (skills, budgets, dependencies, relay shifts, linked jobs), turned into the `Project` the
 * team optimiser takes. What the chain does not say is estimated, and said so:
 *
 *   - amounts: the project's token in US cents, taking the token's `weightUnit` (the escrow's
 *     rating weight unit, one dollar's worth) as one dollar, as the index does for a job's budget;
 *   - hours: a part's budget read as hours at the median hourly rate of the vendors who have its
 *     skills (the upper median, so at least half of them fit; the part's budget caps its price); a
 *     relay part's budget as whole days of its 24 hours at that rate (at least one day);
 *   - working hours: the client's, from the project (UTC offset, start and end minute).
 */
import { MatchingInputError } from "../errors.ts";
import { readBigInt, readBytesList, readInt, readRelationId, readString } from "../subgraph/fields.ts";
import type { RawEntity } from "../subgraph/fields.ts";
import { postGraphQL, SubgraphDataError } from "../subgraph/graphql.ts";
import type { GraphQLRequestOptions } from "../subgraph/graphql.ts";
import { skillName } from "../skill-tags.ts";
import type { Address, SkillTag, VendorRecord } from "../types.ts";
import type { WorkingWindow } from "./hours.ts";
import type { Project, ProjectPart } from "./types.ts";

/** One relay shift as the registry holds it: UTC minutes. */
export interface ChainShift {
  index: number;
  vendor: Address;
  startMinute: number;
  lengthMinutes: number;
  jobId: string | null;
}

/** One part as the registry holds it. */
export interface ChainPart {
  index: number;
  budget: bigint;
  /** Index of the part it waits for, or null. */
  dependsOn: number | null;
  skills: SkillTag[];
  job: { id: string; vendor: Address | null; status: string } | null;
  reviewer: Address | null;
  shifts: ChainShift[];
}

/** A project as the registry holds it. */
export interface ChainProject {
  id: string;
  client: Address;
  token: Address;
  isEther: boolean;
  /** Token units per US dollar (0 when the token has none configured). */
  weightUnit: bigint;
  budget: bigint;
  createdAt: number;
  deadline: number;
  utcOffsetMinutes: number;
  workStartMinute: number;
  workEndMinute: number;
  specCid: string;
  parts: ChainPart[];
}

export function buildProjectQuery(projectId: string): string {
  if (!/^\d+$/.test(projectId)) {
    throw new MatchingInputError(`Project id must be a decimal number, got "${projectId}"`);
  }
  return `query MatchingProject {
  project(id: "${projectId}") {
    id
    client { id }
    token { id isEther weightUnit }
    budget
    createdAt
    deadline
    utcOffsetMinutes
    workStartMinute
    workEndMinute
    specCid
    parts(first: 32, orderBy: index) {
      index
      budget
      dependsOn { index }
      skills
      job { id vendor { id } status }
      reviewer { id }
      shifts(first: 3, orderBy: index) { index vendor { id } startMinute lengthMinutes job { id } }
    }
  }
}`;
}

export function parseProject(raw: RawEntity): ChainProject {
  const id = readString("Project", raw, "id");
  const entity = `Project ${id}`;
  const client = readRelationId(entity, raw, "client");
  const token = raw.token as RawEntity | null;
  if (client === null || token === null || typeof token !== "object") {
    throw new SubgraphDataError(`${entity} has no client or token`);
  }
  if (!Array.isArray(raw.parts)) throw new SubgraphDataError(`${entity}.parts should be a list`);
  return {
    id,
    client,
    token: readString(`${entity} token`, token, "id").toLowerCase(),
    isEther: token.isEther === true,
    weightUnit: readBigInt(`${entity} token`, token, "weightUnit"),
    budget: readBigInt(entity, raw, "budget"),
    createdAt: Number(readBigInt(entity, raw, "createdAt")),
    deadline: Number(readBigInt(entity, raw, "deadline")),
    utcOffsetMinutes: readInt(entity, raw, "utcOffsetMinutes"),
    workStartMinute: readInt(entity, raw, "workStartMinute"),
    workEndMinute: readInt(entity, raw, "workEndMinute"),
    specCid: readString(entity, raw, "specCid"),
    parts: (raw.parts as RawEntity[]).map((part) => parsePart(entity, part)),
  };
}

function parsePart(project: string, raw: RawEntity): ChainPart {
  const index = readInt(`${project} part`, raw, "index");
  const entity = `${project} part ${index}`;
  const dependsOn = raw.dependsOn as RawEntity | null;
  const job = raw.job as RawEntity | null;
  const shifts = raw.shifts;
  if (!Array.isArray(shifts)) throw new SubgraphDataError(`${entity}.shifts should be a list`);
  return {
    index,
    budget: readBigInt(entity, raw, "budget"),
    dependsOn: dependsOn ? readInt(`${entity} dependsOn`, dependsOn, "index") : null,
    skills: readBytesList(entity, raw, "skills").map((tag) => tag.toLowerCase()),
    job: job
      ? {
          id: readString(`${entity} job`, job, "id"),
          vendor: readRelationId(`${entity} job`, job, "vendor"),
          status: readString(`${entity} job`, job, "status"),
        }
      : null,
    reviewer: readRelationId(entity, raw, "reviewer"),
    shifts: (shifts as RawEntity[]).map((shift) => ({
      index: readInt(`${entity} shift`, shift, "index"),
      vendor: readRelationId(`${entity} shift`, shift, "vendor") ?? "",
      startMinute: readInt(`${entity} shift`, shift, "startMinute"),
      lengthMinutes: readInt(`${entity} shift`, shift, "lengthMinutes"),
      jobId: readRelationId(`${entity} shift`, shift, "job"),
    })),
  };
}

/** The project, or null when the index has no project with that id. */
export async function fetchChainProject(
  subgraphUrl: string,
  projectId: string,
  options: GraphQLRequestOptions = {},
): Promise<ChainProject | null> {
  const data = await postGraphQL<{ project?: RawEntity | null }>(subgraphUrl, buildProjectQuery(projectId), options);
  return data.project ? parseProject(data.project) : null;
}

/** `amount` of the project's token in US cents (its weight unit is one dollar). */
export function usdCents(project: ChainProject, amount: bigint): number {
  if (project.weightUnit <= 0n) {
    throw new MatchingInputError(
      `Project ${project.id}'s token ${project.token} has no dollar value configured in the escrow (weightUnit 0)`,
    );
  }
  return Number((amount * 100n) / project.weightUnit);
}

/** A part's name in the proposal: its index from 1 and its skills. */
export function partId(part: ChainPart): string {
  return `part-${part.index + 1}`;
}

function partTitle(part: ChainPart): string {
  const skills = part.skills.map(skillName).join(", ");
  const kind = part.shifts.length > 0 ? `relay of ${part.shifts.length} shifts` : "";
  return [skills, kind].filter((s) => s.length > 0).join(", ") || "any skills";
}

/**
 * The median hourly rate (cents) of `vendors` holding every skill of `skills`, the upper one of an
 * even count (so at least half of them fit a budget read at it); null when none.
 */
export function medianRate(vendors: readonly VendorRecord[], skills: readonly SkillTag[]): number | null {
  const rates = vendors
    .filter((v) => v.hourlyRateCents > 0 && skills.every((s) => v.skills.includes(s)))
    .map((v) => v.hourlyRateCents)
    .sort((a, b) => a - b);
  return rates.length === 0 ? null : rates[Math.floor(rates.length / 2)];
}

export interface ProjectEstimate {
  partId: string;
  /** The median rate the hours were read at (cents), or null when no vendor has the skills. */
  rateCents: number | null;
  /** Hours (ordinary part) or relay days the budget buys at that rate. */
  hours: number | null;
  days: number | null;
}

/**
 * The optimiser's project for `project`, with `vendors` the candidates read for its skills (for
 * the going rates). The client never takes a part of its own project, nor a reviewer the part it reviews.
 */
export function projectFromChain(
  project: ChainProject,
  vendors: readonly VendorRecord[],
): { project: Project; estimates: ProjectEstimate[] } {
  const estimates: ProjectEstimate[] = [];
  const parts: ProjectPart[] = project.parts.map((part) => {
    const capCents = usdCents(project, part.budget);
    const rate = medianRate(vendors, part.skills);
    const id = partId(part);
    const base = {
      id,
      title: partTitle(part),
      requiredSkills: part.skills,
      budgetCapCents: capCents,
      // A reviewer never reviews its own work.
      ...(part.reviewer === null ? {} : { excludeVendors: [part.reviewer] }),
    };
    if (part.shifts.length > 0) {
      const days = rate === null ? 1 : Math.max(1, Math.floor(capCents / (rate * 24)));
      estimates.push({ partId: id, rateCents: rate, hours: null, days });
      return { ...base, relay: { days, minVendors: 2, maxVendors: 3 } };
    }
    const hours = rate === null ? 1 : Math.max(1, Math.floor(capCents / rate));
    estimates.push({ partId: id, rateCents: rate, hours, days: null });
    return { ...base, hours };
  });
  const span = (((project.workEndMinute - project.workStartMinute) % 1440) + 1440) % 1440 || 1440;
  const workingHours: WorkingWindow = { startHour: project.workStartMinute / 60, hours: span / 60 };
  return {
    project: {
      id: project.id,
      title: `Project #${project.id}`,
      budgetCents: usdCents(project, project.budget),
      clientTimezoneOffsetMinutes: project.utcOffsetMinutes,
      clientWorkingHours: workingHours,
      excludeVendors: [project.client],
      parts,
    },
    estimates,
  };
}
