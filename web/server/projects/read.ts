/**
 * Projects as the index holds them: one project with its parts, their linked escrow jobs and
 * milestones, relay shifts, handoff notes, reviewer verdicts and shares, and sub-job links; and
 * the projects an account takes part in (as client, shift or part vendor, or reviewer).
 *
 * Money per part comes from its jobs' own books in the index, which the escrow keeps to the wei:
 * for every job, escrowed = held + paid to the vendor + platform fees + arbiter fees + refunded.
 * A part's money is the sum over every job ever linked to it (a job replaced after it ended unpaid
 * still counts: its refund did happen), so the project's totals add up to what the client paid in.
 * Sub-jobs are paid by the prime vendor out of its own pocket: they are shown, never counted in the
 * part's money. Reviewer shares are the registry's: deposited = held + paid + refunded.
 */
import { addresses, projectRegistryAbi } from "@mosaic/sdk/contracts";
import { publicClient } from "../chain.ts";
import { serverConfig } from "../config.ts";
import { querySubgraph } from "../subgraph.ts";
import { tokenInfo, type TokenInfo } from "../tokens.ts";

const DAY_MINUTES = 1440;

/** Where a job's (or a part's, or a project's) escrowed money is now. */
export interface Money {
  escrowed: string;
  held: string;
  paidToVendors: string;
  fees: string;
  arbiterFees: string;
  refunded: string;
}

/** A reviewer share's money: deposited = held + paid + refunded. */
export interface ReviewMoney {
  deposited: string;
  held: string;
  paid: string;
  refunded: string;
}

export const MONEY_KEYS = ["held", "paidToVendors", "fees", "arbiterFees", "refunded"] as const;
export const REVIEW_KEYS = ["held", "paid", "refunded"] as const;

export interface MilestoneSummary {
  index: number;
  state: string;
  amount: string;
  bonus: string;
}

export interface LinkedJob {
  jobId: string;
  kind: "Part" | "Shift" | "SubJob";
  /** The shift it pays (shift jobs only). */
  shift: number | null;
  /** The job a sub-job was linked under (sub-jobs only). */
  parentJobId: string | null;
  client: string;
  vendor: string | null;
  status: string;
  /** What the job escrowed when linked (0 for sub-jobs). */
  linkedAmount: string;
  /** A later job took its place after it ended unpaid. */
  replaced: boolean;
  milestones: MilestoneSummary[];
  money: Money;
}

export interface ShiftView {
  index: number;
  vendor: string;
  /** Minutes after UTC midnight. */
  startMinute: number;
  lengthMinutes: number;
  jobId: string | null;
}

export interface HandoffView {
  shift: number;
  nextShift: number;
  vendor: string;
  noteCid: string;
  timestamp: number;
  transactionHash: string;
}

export interface VerdictView {
  jobId: string;
  milestone: number;
  signedOff: boolean;
  reviewer: string | null;
  noteCid: string;
  timestamp: number;
}

export interface Readiness {
  /** The part it waits for (null for none). */
  dependsOn: number | null;
  ready: boolean;
  /** Why, in words. */
  reason: string;
}

export interface PartView {
  index: number;
  budget: string;
  committed: string;
  skills: string[];
  relay: boolean;
  status: string;
  readiness: Readiness;
  /** Every job ever linked to the part (part or shift jobs), current first. */
  jobs: LinkedJob[];
  shifts: ShiftView[];
  /** Latest first. */
  handoffs: HandoffView[];
  reviewer: string | null;
  reviewerShareBps: number;
  reviewerShare: string;
  reviewDeadline: number;
  reviewState: string;
  signedOff: boolean;
  /** Latest first. */
  verdicts: VerdictView[];
  /** Sub-jobs linked under the part's jobs (or under its sub-jobs). */
  subJobs: LinkedJob[];
  money: Money;
  review: ReviewMoney;
}

export interface ProjectView {
  id: string;
  client: string;
  token: TokenInfo;
  budget: string;
  committed: string;
  deadline: number;
  utcOffsetMinutes: number;
  workStartMinute: number;
  workEndMinute: number;
  specCid: string;
  createdAt: number;
  parts: PartView[];
  totals: Money;
  reviewTotals: ReviewMoney;
  /** The block the index answered at. */
  block: number | null;
}

/** The project registry's address on the configured chain (null where it is not deployed). */
export function projectRegistryAddress(): `0x${string}` | null {
  const deployed = (addresses as Record<number, Record<string, string> | undefined>)[serverConfig().chainId];
  return (deployed?.ProjectRegistry as `0x${string}` | undefined) ?? null;
}

/**
 * Whether the registry on chain has project `id` (for a project the index has not reached yet);
 * null when the chain cannot be asked.
 */
export async function projectOnChain(id: string): Promise<boolean | null> {
  const address = projectRegistryAddress();
  if (!address || !/^\d{1,30}$/.test(id)) return false;
  try {
    const count = await publicClient().readContract({ address, abi: projectRegistryAbi, functionName: "projectCount" });
    return BigInt(id) >= 1n && BigInt(id) <= count;
  } catch {
    return null;
  }
}

// ===================================================================== money arithmetic

const ZERO_MONEY: Money = { escrowed: "0", held: "0", paidToVendors: "0", fees: "0", arbiterFees: "0", refunded: "0" };
const ZERO_REVIEW: ReviewMoney = { deposited: "0", held: "0", paid: "0", refunded: "0" };

/** Field-by-field sum of records of decimal strings, with the fields of `zero`. */
function sumFields<T extends object>(zero: T, records: readonly T[]): T {
  const out = { ...zero } as Record<string, string>;
  for (const key of Object.keys(zero)) {
    out[key] = records.reduce((t, r) => t + BigInt((r as Record<string, string>)[key]), 0n).toString();
  }
  return out as T;
}

/** Field-by-field sum of money records. */
export const sumMoney = (records: readonly Money[]): Money => sumFields(ZERO_MONEY, records);

export const sumReview = (records: readonly ReviewMoney[]): ReviewMoney => sumFields(ZERO_REVIEW, records);

/** What the parts of `money` add up to, and whether that is exactly what was escrowed. */
export function moneyBalance(money: Money): { parts: bigint; balanced: boolean } {
  const parts = MONEY_KEYS.reduce((t, key) => t + BigInt(money[key]), 0n);
  return { parts, balanced: parts === BigInt(money.escrowed) };
}

export function reviewBalance(review: ReviewMoney): { parts: bigint; balanced: boolean } {
  const parts = REVIEW_KEYS.reduce((t, key) => t + BigInt(review[key]), 0n);
  return { parts, balanced: parts === BigInt(review.deposited) };
}

// ===================================================================== relay coverage

export interface RelayHour {
  /** The client's local hour (0..23). */
  hour: number;
  /** Minutes of the hour at least one shift covers (overlaps counted once), 0..60. */
  covered: number;
  /** The shifts working some of the hour. */
  shifts: number[];
  /** Whether the hour lies in the client's working hours (at least partly). */
  working: boolean;
}

export interface RelayGap {
  /** Local minutes after midnight; `end` may pass 1440 for a gap across midnight. */
  start: number;
  end: number;
}

export interface RelayChart {
  hours: RelayHour[];
  /** Minutes of the day covered, as the registry's coverageOf counts them. */
  coveredMinutes: number;
  gaps: RelayGap[];
  /** Minutes covered in each UTC hour, as the registry's coverageOf returns them. */
  utcMinutesPerHour: number[];
}

const mod = (value: number, base: number) => ((value % base) + base) % base;

/** Whether `shift` covers the UTC minute `minute` (wrapping at midnight, as the registry reads it). */
function covers(shift: Pick<ShiftView, "startMinute" | "lengthMinutes">, minute: number): boolean {
  return mod(minute - shift.startMinute, DAY_MINUTES) < shift.lengthMinutes;
}

/** Whether local minute `minute` is inside working hours [start, end) that may wrap past midnight. */
function inWorkingHours(minute: number, start: number, end: number): boolean {
  return start <= end ? minute >= start && minute < end : minute >= start || minute < end;
}

/**
 * The 24-hour relay chart on the client's clock: per local hour, the minutes covered and by which
 * shifts; the day's covered minutes and per-UTC-hour figures exactly as the registry's `coverageOf`
 * computes them; and the uncovered runs (gaps), merged across midnight.
 */
export function relayChart(
  shifts: readonly Pick<ShiftView, "index" | "startMinute" | "lengthMinutes">[],
  utcOffsetMinutes: number,
  workStartMinute = 0,
  workEndMinute = DAY_MINUTES,
): RelayChart {
  const hours: RelayHour[] = Array.from({ length: 24 }, (_, hour) => ({
    hour,
    covered: 0,
    shifts: [],
    working: false,
  }));
  const utcMinutesPerHour = Array.from({ length: 24 }, () => 0);
  const uncovered: boolean[] = [];
  let coveredMinutes = 0;
  for (let local = 0; local < DAY_MINUTES; local++) {
    const utc = mod(local - utcOffsetMinutes, DAY_MINUTES);
    const hour = hours[Math.floor(local / 60)];
    const on = shifts.filter((s) => covers(s, utc));
    if (inWorkingHours(local, workStartMinute, workEndMinute)) hour.working = true;
    for (const s of on) if (!hour.shifts.includes(s.index)) hour.shifts.push(s.index);
    uncovered.push(on.length === 0);
    if (on.length > 0) {
      hour.covered += 1;
      coveredMinutes += 1;
      utcMinutesPerHour[Math.floor(utc / 60)] += 1;
    }
  }
  for (const hour of hours) hour.shifts.sort((a, b) => a - b);
  const gaps: RelayGap[] = [];
  for (let minute = 0; minute < DAY_MINUTES; minute++) {
    if (!uncovered[minute]) continue;
    const last = gaps.at(-1);
    if (last && last.end === minute) last.end = minute + 1;
    else gaps.push({ start: minute, end: minute + 1 });
  }
  // A gap running to midnight continues the one starting at midnight.
  if (gaps.length > 1 && gaps[0].start === 0 && gaps.at(-1)!.end === DAY_MINUTES) {
    const first = gaps.shift()!;
    gaps[gaps.length - 1].end = DAY_MINUTES + first.end;
  }
  return { hours, coveredMinutes, gaps, utcMinutesPerHour };
}

/** "09:30": local minutes after midnight (wrapping past 24 h) as a clock time. */
export function clockTime(minutes: number): string {
  const m = mod(minutes, DAY_MINUTES);
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}

/** "UTC+05:30", "UTC−03:00", "UTC". */
export function utcOffsetLabel(minutes: number): string {
  if (minutes === 0) return "UTC";
  const sign = minutes > 0 ? "+" : "−";
  return `UTC${sign}${clockTime(Math.abs(minutes))}`;
}

// ===================================================================== the index's records

interface RawJob {
  id: string;
  status: string;
  client: { id: string };
  vendor: { id: string } | null;
  escrowed: string;
  held: string;
  paidToVendor: string;
  fees: string;
  arbiterFees: string;
  refunded: string;
  milestones: MilestoneSummary[];
}

interface RawLink {
  kind: "Part" | "Shift" | "SubJob";
  amount: string;
  replaced: boolean;
  linkedAt: string;
  part: { index: number } | null;
  shift: { index: number } | null;
  parentJob: { id: string } | null;
  job: RawJob;
}

interface RawPart {
  index: number;
  budget: string;
  committed: string;
  dependsOn: { index: number } | null;
  skills: string[];
  job: { id: string } | null;
  shiftCount: number;
  reviewer: { id: string } | null;
  reviewerShareBps: number;
  reviewerShare: string;
  reviewDeadline: string;
  reviewState: string;
  signedOff: boolean;
  reviewShareHeld: string;
  reviewSharePaid: string;
  reviewShareRefunded: string;
  shifts: {
    index: number;
    vendor: { id: string };
    startMinute: number;
    lengthMinutes: number;
    job: { id: string } | null;
  }[];
  handoffs: {
    shift: { index: number };
    nextShift: { index: number };
    vendor: { id: string };
    noteCid: string;
    timestamp: string;
    transactionHash: string;
  }[];
  verdicts: {
    job: { id: string };
    milestoneIndex: string;
    signedOff: boolean;
    reviewer: { id: string } | null;
    noteCid: string;
    timestamp: string;
  }[];
}

/** A project as "my projects" lists it. */
interface RawSummary {
  projectId: string;
  client: { id: string };
  token: { id: string };
  budget: string;
  committed: string;
  deadline: string;
  specCid: string;
  partCount: number;
}

export interface RawProject extends RawSummary {
  utcOffsetMinutes: number;
  workStartMinute: number;
  workEndMinute: number;
  createdAt: string;
  parts: RawPart[];
  links: RawLink[];
}

const JOB_FIELDS = `id status client { id } vendor { id } escrowed held paidToVendor fees arbiterFees refunded
  milestones(first: 100, orderBy: index) { index state amount bonus }`;

const PROJECT_QUERY = `query Project($id: ID!) {
  _meta { block { number } }
  project(id: $id) {
    projectId client { id } token { id } budget committed deadline utcOffsetMinutes workStartMinute workEndMinute
    specCid partCount createdAt
    parts(first: 32, orderBy: index) {
      index budget committed dependsOn { index } skills job { id } shiftCount reviewer { id } reviewerShareBps
      reviewerShare reviewDeadline reviewState signedOff reviewShareHeld reviewSharePaid reviewShareRefunded
      shifts(first: 3, orderBy: index) { index vendor { id } startMinute lengthMinutes job { id } }
      handoffs(first: 100, orderBy: blockNumber, orderDirection: desc) {
        shift { index } nextShift { index } vendor { id } noteCid timestamp transactionHash
      }
      verdicts(first: 100, orderBy: blockNumber, orderDirection: desc) {
        job { id } milestoneIndex signedOff reviewer { id } noteCid timestamp
      }
    }
    links(first: 1000, orderBy: linkedAt) {
      kind amount replaced linkedAt part { index } shift { index } parentJob { id } job { ${JOB_FIELDS} }
    }
  }
}`;

/** A job's books from the index. */
export function jobMoney(
  job: Pick<RawJob, "escrowed" | "held" | "paidToVendor" | "fees" | "arbiterFees" | "refunded">,
): Money {
  return {
    escrowed: job.escrowed,
    held: job.held,
    paidToVendors: job.paidToVendor,
    fees: job.fees,
    arbiterFees: job.arbiterFees,
    refunded: job.refunded,
  };
}

function linkedJob(link: RawLink): LinkedJob {
  return {
    jobId: link.job.id,
    kind: link.kind,
    shift: link.shift?.index ?? null,
    parentJobId: link.parentJob?.id ?? null,
    client: link.job.client.id,
    vendor: link.job.vendor?.id ?? null,
    status: link.job.status,
    linkedAmount: link.amount,
    replaced: link.replaced,
    milestones: link.job.milestones,
    money: jobMoney(link.job),
  };
}

/** Paid as the registry's isPartReady reads it: the job's last milestone Paid or Resolved. */
function jobPaid(job: LinkedJob): boolean {
  const last = job.milestones.at(-1);
  return last !== undefined && (last.state === "Paid" || last.state === "Resolved");
}

/** The part's current jobs (not replaced): its one job, or one per shift for a relay. */
function currentJobs(part: Pick<PartView, "jobs">): LinkedJob[] {
  return part.jobs.filter((j) => !j.replaced);
}

/** Whether a part's jobs are all paid (for a relay, every shift linked and paid). */
function partPaid(part: Pick<PartView, "jobs" | "relay" | "shifts">): boolean {
  const jobs = currentJobs(part);
  const expected = part.relay ? part.shifts.length : 1;
  return jobs.length === expected && jobs.every(jobPaid);
}

/** A part's status in words, from its current jobs. */
function partStatus(part: Pick<PartView, "jobs" | "relay" | "shifts">): string {
  const jobs = currentJobs(part);
  if (part.relay) {
    if (jobs.length === 0) return "No shift job linked yet";
    const byStatus = new Map<string, number>();
    for (const j of jobs) byStatus.set(j.status, (byStatus.get(j.status) ?? 0) + 1);
    const linked = `${jobs.length} of ${part.shifts.length} shift jobs linked`;
    return `${linked}: ${[...byStatus].map(([s, n]) => `${n} ${s.toLowerCase()}`).join(", ")}`;
  }
  const [job] = jobs;
  if (!job) return "No job linked yet";
  if (job.status === "Open") return "Funded, no vendor hired yet";
  if (job.status === "Hired") return "In progress";
  if (job.status === "Completed") return "Completed";
  if (job.status === "Cancelled") return "Ended unpaid";
  return job.status;
}

/** Builds the project's view from the index's records (pure: no I/O beyond the token). */
export function projectFromIndex(raw: RawProject, token: TokenInfo, block: number | null): ProjectView {
  const links = raw.links.map((l) => ({ raw: l, job: linkedJob(l) }));
  const parts: PartView[] = raw.parts.map((p) => {
    const relay = p.shiftCount > 0;
    const own = links.filter((l) => l.raw.kind !== "SubJob" && l.raw.part?.index === p.index).map((l) => l.job);
    // Current jobs first, in link order.
    own.sort((a, b) => Number(a.replaced) - Number(b.replaced));
    const subJobs = links.filter((l) => l.raw.kind === "SubJob" && l.raw.part?.index === p.index).map((l) => l.job);
    return {
      index: p.index,
      budget: p.budget,
      committed: p.committed,
      skills: p.skills,
      relay,
      status: "",
      readiness: { dependsOn: p.dependsOn?.index ?? null, ready: true, reason: "" },
      jobs: own,
      shifts: p.shifts.map((s) => ({
        index: s.index,
        vendor: s.vendor.id,
        startMinute: s.startMinute,
        lengthMinutes: s.lengthMinutes,
        jobId: s.job?.id ?? null,
      })),
      handoffs: p.handoffs.map((h) => ({
        shift: h.shift.index,
        nextShift: h.nextShift.index,
        vendor: h.vendor.id,
        noteCid: h.noteCid,
        timestamp: Number(h.timestamp),
        transactionHash: h.transactionHash,
      })),
      reviewer: p.reviewer?.id ?? null,
      reviewerShareBps: p.reviewerShareBps,
      reviewerShare: p.reviewerShare,
      reviewDeadline: Number(p.reviewDeadline),
      reviewState: p.reviewState,
      signedOff: p.signedOff,
      verdicts: p.verdicts.map((v) => ({
        jobId: v.job.id,
        milestone: Number(v.milestoneIndex),
        signedOff: v.signedOff,
        reviewer: v.reviewer?.id ?? null,
        noteCid: v.noteCid,
        timestamp: Number(v.timestamp),
      })),
      subJobs,
      money: own.length ? sumMoney(own.map((j) => j.money)) : ZERO_MONEY,
      review: {
        deposited: (BigInt(p.reviewShareHeld) + BigInt(p.reviewSharePaid) + BigInt(p.reviewShareRefunded)).toString(),
        held: p.reviewShareHeld,
        paid: p.reviewSharePaid,
        refunded: p.reviewShareRefunded,
      },
    };
  });
  for (const part of parts) {
    part.status = partStatus(part);
    const dep = part.readiness.dependsOn;
    if (dep === null) {
      part.readiness = { dependsOn: null, ready: true, reason: "Depends on no other part: may start now" };
    } else {
      const before = parts.find((p) => p.index === dep);
      const ready = before !== undefined && partPaid(before);
      part.readiness = {
        dependsOn: dep,
        ready,
        reason: ready ? `Ready: part ${dep + 1} is paid` : `Waiting for part ${dep + 1} to be paid`,
      };
    }
  }
  return {
    id: raw.projectId,
    client: raw.client.id,
    token,
    budget: raw.budget,
    committed: raw.committed,
    deadline: Number(raw.deadline),
    utcOffsetMinutes: raw.utcOffsetMinutes,
    workStartMinute: raw.workStartMinute,
    workEndMinute: raw.workEndMinute,
    specCid: raw.specCid,
    createdAt: Number(raw.createdAt),
    parts,
    totals: sumMoney(parts.map((p) => p.money)),
    reviewTotals: sumReview(parts.map((p) => p.review)),
    block,
  };
}

/** One project from the index, or null when the index has no such project. Throws SubgraphError. */
export async function projectView(id: string): Promise<ProjectView | null> {
  if (!/^\d{1,30}$/.test(id)) return null;
  const data = await querySubgraph<{ _meta: { block: { number: number } } | null; project: RawProject | null }>(
    PROJECT_QUERY,
    { id: BigInt(id).toString() },
  );
  if (!data.project) return null;
  return projectFromIndex(data.project, await tokenInfo(data.project.token.id), data._meta?.block.number ?? null);
}

/** How the index's project compares with the registry's own views at the chain's latest block. */
export interface ChainCheck {
  block: string;
  /** What the index has differently (it is behind, or wrong), in words; empty when it agrees. */
  differences: string[];
}

const REVIEW_STATE_NAMES = ["None", "Held", "Paid", "Refunded"];

/**
 * Checks each part's committed money, reviewer share and review state against the registry's
 * `partOf`; null when the chain cannot be asked.
 */
export async function checkAgainstChain(project: ProjectView): Promise<ChainCheck | null> {
  const address = projectRegistryAddress();
  if (!address) return null;
  try {
    const client = publicClient();
    const block = await client.getBlockNumber();
    const stored = await Promise.all(
      project.parts.map((p) =>
        client.readContract({
          address,
          abi: projectRegistryAbi,
          functionName: "partOf",
          args: [BigInt(project.id), p.index],
          blockNumber: block,
        }),
      ),
    );
    const differences: string[] = [];
    stored.forEach((onChain, i) => {
      const part = project.parts[i];
      const n = part.index + 1;
      if (onChain.committed.toString() !== part.committed) differences.push(`part ${n}'s committed money`);
      if (onChain.reviewerShare.toString() !== part.reviewerShare) differences.push(`part ${n}'s reviewer share`);
      if (REVIEW_STATE_NAMES[Number(onChain.reviewState)] !== part.reviewState) {
        differences.push(`part ${n}'s review state`);
      }
    });
    return { block: block.toString(), differences };
  } catch {
    return null;
  }
}

// ===================================================================== an account's projects

export type ProjectRole = "client" | "shift vendor" | "part vendor" | "reviewer";

export interface ProjectSummary {
  id: string;
  client: string;
  token: TokenInfo;
  budget: string;
  committed: string;
  deadline: number;
  specCid: string;
  partCount: number;
  roles: ProjectRole[];
}

const SUMMARY_FIELDS = "projectId client { id } token { id } budget committed deadline specCid partCount";

/** The projects `account` takes part in, newest first, from the index. Throws SubgraphError. */
export async function projectsOf(account: string): Promise<ProjectSummary[]> {
  if (!/^0x[0-9a-fA-F]{40}$/.test(account)) return [];
  const me = account.toLowerCase();
  const data = await querySubgraph<{
    asClient: RawSummary[];
    shifts: { part: { project: RawSummary } }[];
    links: { project: RawSummary }[];
    reviews: { project: RawSummary }[];
  }>(
    `query ProjectsOf($me: Bytes!) {
      asClient: projects(where: { client: $me }, first: 200, orderBy: createdAt, orderDirection: desc) { ${SUMMARY_FIELDS} }
      shifts: projectShifts(where: { vendor: $me }, first: 200) { part { project { ${SUMMARY_FIELDS} } } }
      links: projectJobLinks(where: { kind: Part, job_: { vendor: $me } }, first: 200) { project { ${SUMMARY_FIELDS} } }
      reviews: projectParts(where: { reviewer: $me }, first: 200) { project { ${SUMMARY_FIELDS} } }
    }`,
    { me },
  );
  const byId = new Map<string, { raw: RawSummary; roles: Set<ProjectRole> }>();
  const add = (raw: RawSummary, role: ProjectRole) => {
    const entry = byId.get(raw.projectId) ?? { raw, roles: new Set<ProjectRole>() };
    entry.roles.add(role);
    byId.set(raw.projectId, entry);
  };
  for (const raw of data.asClient) add(raw, "client");
  for (const s of data.shifts) add(s.part.project, "shift vendor");
  for (const l of data.links) add(l.project, "part vendor");
  for (const r of data.reviews) add(r.project, "reviewer");
  const order: ProjectRole[] = ["client", "shift vendor", "part vendor", "reviewer"];
  const list = await Promise.all(
    [...byId.values()].map(async ({ raw, roles }) => ({
      id: raw.projectId,
      client: raw.client.id,
      token: await tokenInfo(raw.token.id),
      budget: raw.budget,
      committed: raw.committed,
      deadline: Number(raw.deadline),
      specCid: raw.specCid,
      partCount: raw.partCount,
      roles: order.filter((r) => roles.has(r)),
    })),
  );
  return list.sort((a, b) => Number(BigInt(b.id) - BigInt(a.id)));
}
