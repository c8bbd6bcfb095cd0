/**
 * The project file `npm run match -- --project <file.json>` reads (format in
 * matching/README.md): amounts in US dollars, skills by name, ratings as 1-5
 * averages, turned here into a Project, optional inline vendors (the
 * subgraph's Vendor shape) and vendors' working hours.
 */
import { parseVendor } from "../candidates.ts";
import { MatchingInputError } from "../errors.ts";
import { skillTag } from "../skill-tags.ts";
import type { RawEntity } from "../subgraph/fields.ts";
import type { Address, SkillTag, VendorRecord } from "../types.ts";
import type { WorkingWindow } from "./hours.ts";
import type { Project, ProjectPart } from "./types.ts";

export interface ProjectFile {
  project: Project;
  /** Inline vendors, or null: read them from the subgraph. */
  vendors: VendorRecord[] | null;
  workingHours: Record<Address, WorkingWindow>;
}

type Json = Record<string, unknown>;

export function parseProjectFile(text: string, source = "project file"): ProjectFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new MatchingInputError(`${source} is not JSON: ${(error as Error).message}`);
  }
  if (!isObject(raw)) throw new MatchingInputError(`${source} must hold a JSON object`);
  if (!Array.isArray(raw.parts)) throw new MatchingInputError(`${source}: "parts" must be a list`);
  const project: Project = {
    ...(raw.id === undefined ? {} : { id: String(raw.id) }),
    ...(raw.title === undefined ? {} : { title: String(raw.title) }),
    budgetCents: cents(`${source}: budgetUsd`, raw.budgetUsd),
    clientTimezoneOffsetMinutes: utcOffset(`${source}: clientTimezone`, raw.clientTimezone),
    ...(raw.clientWorkingHours === undefined ? {} : { clientWorkingHours: raw.clientWorkingHours as WorkingWindow }),
    ...(raw.excludeVendors === undefined ? {} : { excludeVendors: addresses(raw.excludeVendors) }),
    parts: raw.parts.map((part, i) => parsePart(part, `${source}: parts[${i}]`)),
  };
  const vendors =
    raw.vendors === undefined
      ? null
      : (list(raw.vendors, `${source}: vendors`) as Json[]).map((vendor) =>
          parseVendor({ ...vendor, skills: skills(vendor.skills ?? [], `vendor ${String(vendor.id)}`) } as RawEntity),
        );
  const workingHours: Record<Address, WorkingWindow> = {};
  if (raw.workingHours !== undefined) {
    if (!isObject(raw.workingHours)) throw new MatchingInputError(`${source}: workingHours must map addresses`);
    for (const [address, window] of Object.entries(raw.workingHours)) {
      workingHours[address.toLowerCase()] = window as WorkingWindow;
    }
  }
  return { project, vendors, workingHours };
}

function parsePart(raw: unknown, name: string): ProjectPart {
  if (!isObject(raw)) throw new MatchingInputError(`${name} must be an object`);
  const part: ProjectPart = {
    id: String(raw.id ?? ""),
    requiredSkills: skills(raw.skills ?? [], `${name}.skills`),
    ...(raw.title === undefined ? {} : { title: String(raw.title) }),
    ...(raw.niceToHave === undefined ? {} : { niceToHaveSkills: skills(raw.niceToHave, `${name}.niceToHave`) }),
    ...(raw.hours === undefined ? {} : { hours: Number(raw.hours) }),
    ...(raw.budgetCapUsd === undefined ? {} : { budgetCapCents: cents(`${name}.budgetCapUsd`, raw.budgetCapUsd) }),
    ...(raw.budgetShare === undefined ? {} : { budgetShare: Number(raw.budgetShare) }),
    ...(raw.minRating === undefined ? {} : { minRating: rating(`${name}.minRating`, raw.minRating) }),
    ...(raw.minPaidJobs === undefined ? {} : { minPaidJobs: Number(raw.minPaidJobs) }),
    ...(raw.window === undefined ? {} : { window: raw.window as WorkingWindow }),
    ...(raw.minOverlapHours === undefined ? {} : { minOverlapHours: Number(raw.minOverlapHours) }),
    ...(raw.allowSharedVendor === undefined ? {} : { allowSharedVendor: raw.allowSharedVendor === true }),
    ...(raw.excludeVendors === undefined ? {} : { excludeVendors: addresses(raw.excludeVendors) }),
  };
  if (raw.relay !== undefined) {
    if (!isObject(raw.relay)) throw new MatchingInputError(`${name}.relay must be an object`);
    part.relay = { days: Number(raw.relay.days) };
    if (raw.relay.window !== undefined) part.relay.window = raw.relay.window as WorkingWindow;
    if (raw.relay.minVendors !== undefined) part.relay.minVendors = Number(raw.relay.minVendors);
    if (raw.relay.maxVendors !== undefined) part.relay.maxVendors = Number(raw.relay.maxVendors);
  }
  return part;
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function list(value: unknown, name: string): unknown[] {
  if (!Array.isArray(value)) throw new MatchingInputError(`${name} must be a list`);
  return value;
}

function skills(value: unknown, name: string): SkillTag[] {
  return list(value, name).map((skill) => {
    if (typeof skill !== "string") throw new MatchingInputError(`${name} must list skill names`);
    return /^0x[0-9a-fA-F]{64}$/.test(skill) ? skill.toLowerCase() : skillTag(skill);
  });
}

function addresses(value: unknown): Address[] {
  return list(value, "excludeVendors").map((a) => String(a).toLowerCase());
}

function cents(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new MatchingInputError(`${name} must be an amount in US dollars >= 0, got ${String(value)}`);
  }
  return Math.round(value * 100);
}

function rating(name: string, value: unknown): number {
  if (typeof value !== "number" || !(value >= 0 && value <= 5)) {
    throw new MatchingInputError(`${name} must be an average from 0 to 5 (4.5), got ${String(value)}`);
  }
  return Math.round(value * 100);
}

/** -300, "-5", "+5:30", "UTC-03:00" -> minutes east of UTC (a number is taken as minutes). */
export function utcOffset(name: string, value: unknown): number {
  if (typeof value === "number" && Number.isInteger(value)) return value;
  const match =
    typeof value === "string" ? /^(?:UTC|GMT)?\s*([+-]?)(\d{1,2})(?::?(\d{2}))?$/i.exec(value.trim()) : null;
  if (match === null) {
    throw new MatchingInputError(`${name} must look like -5, +5:30 or UTC-03:00, got ${String(value)}`);
  }
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  if (minutes > 14 * 60) throw new MatchingInputError(`${name} is outside UTC-14..UTC+14: ${value}`);
  return match[1] === "-" ? -minutes : minutes;
}
