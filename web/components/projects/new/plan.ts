/**
 * The create form's draft and what it becomes: the proposal request (budgets in US cents at the
 * price the client gives for its token) and, once a team is accepted, the project registry's and
 * the escrow's arguments (amounts in token units, every job within its part's budget).
 */
import { amountProblem, formatUnits, parseUnits } from "@mosaic/sdk/amounts";
import { skillTagOf } from "../../../lib/format.ts";
import type { ProjectProposal, ProposalRequest } from "@/server/projects/proposal";
import type { PartTemplate } from "./templates";

export interface TokenOption {
  address: `0x${string}`;
  symbol: string;
  decimals: number;
  isEther: boolean;
}

export interface PartDraft {
  key: number;
  title: string;
  /** Comma-separated skill names. */
  skills: string;
  hours: string;
  relay: boolean;
  relayDays: string;
  /** In the project's token. */
  budget: string;
  /** One milestone title a line. */
  milestones: string;
  /** 1 + the index of an earlier part; 0 for none. */
  dependsOn: number;
}

export interface ProjectDraft {
  title: string;
  spec: string;
  token: string;
  budget: string;
  /** What one token is worth in US dollars (vendors' rates are in dollars). */
  usdPrice: string;
  /** yyyy-mm-dd, end of that day UTC. */
  deadline: string;
  /** Hours east of UTC, e.g. "1" or "-5.5". */
  utcOffset: string;
  /** HH:MM local. */
  workStart: string;
  workEnd: string;
  parts: PartDraft[];
}

export type Problems = Record<string, string>;

const DAY = 86_400;
const PRICE_DECIMALS = 6;

export function skillList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(",")
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
}

export function milestoneList(text: string): string[] {
  return text
    .split("\n")
    .map((s) => s.trim())
    .filter(Boolean);
}

export function minuteOf(hhmm: string): number | null {
  const match = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) return null;
  return Number(match[1]) * 60 + Number(match[2]);
}

export function deadlineOf(date: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const start = Date.parse(`${date}T00:00:00Z`);
  return Number.isNaN(start) ? null : start / 1000 + DAY - 1;
}

function offsetMinutes(text: string): number | null {
  const hours = Number(text.trim());
  if (text.trim() === "" || !Number.isFinite(hours)) return null;
  const minutes = Math.round(hours * 60);
  return minutes >= -720 && minutes <= 840 ? minutes : null;
}

function units(text: string, decimals: number): bigint | null {
  if (amountProblem(text, decimals) !== null) return null;
  return parseUnits(text, decimals);
}

/** Token units ↔ US cents at the client's price for the token (rounded down both ways). */
export function converter(token: TokenOption, usdPrice: string) {
  const price = units(usdPrice, PRICE_DECIMALS) ?? 0n;
  const one = 10n ** BigInt(token.decimals);
  const scale = 10n ** BigInt(PRICE_DECIMALS);
  return {
    valid: price > 0n,
    toCents: (amount: bigint) => (price > 0n ? (amount * 100n * price) / (one * scale) : 0n),
    toUnits: (cents: number | bigint) => (price > 0n ? (BigInt(cents) * one * scale) / (100n * price) : 0n),
  };
}

export function partFromTemplate(key: number, part: PartTemplate, budget: bigint | null, token: TokenOption) {
  const share = budget === null ? null : (budget * BigInt(Math.round(part.budgetShare * 10_000))) / 10_000n;
  return {
    key,
    title: part.title,
    skills: part.skills.join(", "),
    hours: part.hours === null ? "" : String(part.hours),
    relay: part.relayDays !== null,
    relayDays: part.relayDays === null ? "2" : String(part.relayDays),
    budget: share === null ? "" : formatUnits(share, token.decimals),
    milestones: part.milestones.join("\n"),
    dependsOn: part.dependsOn,
  } satisfies PartDraft;
}

/** What is wrong with the draft, by field id (empty when nothing is). */
export function draftProblems(draft: ProjectDraft, token: TokenOption | undefined, now: number): Problems {
  const problems: Problems = {};
  if (!draft.title.trim()) problems["project-title"] = "Give the project a title.";
  if (!draft.spec.trim()) problems["project-spec"] = "Describe the demand (markdown).";
  if (!token) problems["project-token"] = "Choose a payment token.";
  const decimals = token?.decimals ?? 18;
  const budget = units(draft.budget, decimals);
  if (budget === null || budget <= 0n) problems["project-budget"] = "Enter the total budget.";
  if (!converter(token ?? { address: "0x", symbol: "", decimals, isEther: false }, draft.usdPrice).valid) {
    problems["project-usd-price"] = "Enter what one token is worth in US dollars (vendors' rates are in dollars).";
  }
  const deadline = deadlineOf(draft.deadline);
  if (deadline === null || deadline <= now + DAY) problems["project-deadline"] = "Choose a deadline after tomorrow.";
  if (offsetMinutes(draft.utcOffset) === null) problems["project-utc-offset"] = "Your UTC offset is -12 to +14 hours.";
  const start = minuteOf(draft.workStart);
  const end = minuteOf(draft.workEnd);
  if (start === null) problems["project-work-start"] = "Enter a time like 09:00.";
  if (end === null) problems["project-work-end"] = "Enter a time like 17:00.";
  if (start !== null && start === end) problems["project-work-end"] = "The working hours must not be empty.";
  if (draft.parts.length === 0) problems.parts = "Add at least one part.";
  if (draft.parts.length > 32) problems.parts = "A project has at most 32 parts.";
  let partsTotal = 0n;
  draft.parts.forEach((part, i) => {
    const id = `part-${part.key}`;
    if (!part.title.trim()) problems[`${id}-title`] = `Part ${i + 1} needs a title.`;
    const skills = skillList(part.skills);
    if (skills.length === 0) problems[`${id}-skills`] = `Part ${i + 1} needs at least one skill.`;
    const tooLong = skills.find((s) => new TextEncoder().encode(s).length > 31);
    if (tooLong) problems[`${id}-skills`] = `"${tooLong}" is too long for a skill tag (31 bytes).`;
    if (part.relay) {
      if (!/^\d{1,3}$/.test(part.relayDays.trim()) || Number(part.relayDays) < 1) {
        problems[`${id}-days`] = `Part ${i + 1}: the relay runs a whole number of days.`;
      }
    } else if (!/^\d{1,6}$/.test(part.hours.trim()) || Number(part.hours) < 1) {
      problems[`${id}-hours`] = `Part ${i + 1}: enter the hours of work.`;
    }
    const partBudget = units(part.budget, decimals);
    if (partBudget === null || partBudget === 0n) problems[`${id}-budget`] = `Part ${i + 1} needs a budget.`;
    else partsTotal += partBudget;
    const milestones = milestoneList(part.milestones);
    if (milestones.length === 0 || milestones.length > 16) {
      problems[`${id}-milestones`] = `Part ${i + 1}: one to 16 milestones, one a line.`;
    }
    if (part.dependsOn > i) problems[`${id}-depends`] = `Part ${i + 1} may only wait for an earlier part.`;
  });
  if (budget !== null && partsTotal > budget) {
    problems.parts = "The parts' budgets add up to more than the total budget.";
  }
  return problems;
}

/** The proposal request for a valid draft (check draftProblems first). */
export function proposalRequest(draft: ProjectDraft, token: TokenOption, client: string | null): ProposalRequest {
  const { toCents } = converter(token, draft.usdPrice);
  const cents = (text: string) => Number(toCents(parseUnits(text, token.decimals)));
  return {
    budgetCents: cents(draft.budget),
    utcOffsetMinutes: offsetMinutes(draft.utcOffset)!,
    workStartMinute: minuteOf(draft.workStart)!,
    workEndMinute: minuteOf(draft.workEnd)!,
    exclude: client ? [client.toLowerCase()] : [],
    swaps: [],
    parts: draft.parts.map((part) => ({
      title: part.title.trim(),
      skills: skillList(part.skills),
      hours: part.relay ? null : Number(part.hours),
      relayDays: part.relay ? Number(part.relayDays) : null,
      budgetCents: cents(part.budget),
    })),
  };
}

export interface MilestonePlan {
  amount: bigint;
  bonus: bigint;
  deadline: number;
  outcomeDeadline: number;
}

/** One escrow job to post: a part's, or one relay shift's. */
export interface JobPlan {
  part: number;
  /** The shift it pays (relay parts), else 0. */
  shift: number;
  vendor: `0x${string}`;
  title: string;
  skills: string[];
  milestoneTitles: string[];
  milestones: MilestonePlan[];
  total: bigint;
}

/** A reviewer the client names for an ordinary part, paid a share of its budget after a final sign-off. */
export interface ReviewerDraft {
  address: string;
  /** Share of the part's budget, in percent (up to 20). */
  percent: string;
}

export interface ReviewerPlan {
  part: number;
  reviewer: `0x${string}`;
  shareBps: number;
  /** What the client deposits: the part's budget × shareBps / 10,000, as the registry computes it. */
  share: bigint;
  deadline: number;
  /** The part's skills, exactly as declared. */
  skills: `0x${string}`[];
}

/** A reviewer's share goes back to the client when no final sign-off came this long after the deadline. */
const REVIEW_GRACE = 30 * DAY;

/** What is wrong with the reviewers named, by part (empty when nothing is). */
export function reviewerProblems(
  reviewers: Record<number, ReviewerDraft>,
  proposal: ProjectProposal,
  client: string | null,
): Record<number, string> {
  const problems: Record<number, string> = {};
  for (const [key, draft] of Object.entries(reviewers)) {
    const part = Number(key);
    const address = draft.address.trim().toLowerCase();
    if (address === "") continue;
    const proposed = proposal.parts[part];
    if (!/^0x[0-9a-f]{40}$/.test(address)) problems[part] = "A reviewer is an address (0x and 40 hex digits).";
    else if (proposed?.kind !== "single") problems[part] = "A relay part takes no reviewer.";
    else if (proposed.members.some((m) => m.address === address)) {
      problems[part] = "The part's own vendor cannot review its work.";
    } else if (client && address === client.toLowerCase()) problems[part] = "You cannot review your own project.";
    else {
      const percent = Number(draft.percent.trim());
      if (
        draft.percent.trim() === "" ||
        !(percent > 0 && percent <= 20) ||
        Math.abs(Math.round(percent * 100) - percent * 100) > 1e-9
      ) {
        problems[part] = "The reviewer's share is 0.01% to 20% of the part's budget.";
      }
    }
  }
  return problems;
}

export interface ChainPlan {
  terms: {
    token: `0x${string}`;
    budget: bigint;
    deadline: number;
    utcOffsetMinutes: number;
    workStartMinute: number;
    workEndMinute: number;
  };
  parts: { budget: bigint; dependsOn: number; skills: `0x${string}`[] }[];
  relays: { part: number; shifts: { vendor: `0x${string}`; startMinute: number; lengthMinutes: number }[] }[];
  jobs: JobPlan[];
  /** What the jobs escrow together. */
  total: bigint;
  reviewers: ReviewerPlan[];
  /** What the reviewers' shares hold together. */
  reviewerTotal: bigint;
}

/** Splits `total` over `count` milestones (the last takes the rest); fewer when the amount is too small. */
function split(total: bigint, count: number): bigint[] {
  const n = BigInt(Math.max(1, Math.min(count, Number(total > 16n ? 16n : total))));
  const each = total / n;
  return Array.from({ length: Number(n) }, (_, i) => (i === Number(n) - 1 ? total - each * (n - 1n) : each));
}

/** The project, its relays and every job of the accepted team, in the order they are posted. */
export function chainPlan(
  draft: ProjectDraft,
  token: TokenOption,
  proposal: ProjectProposal,
  now: number,
  reviewerDrafts: Record<number, ReviewerDraft> = {},
): ChainPlan {
  const { toUnits } = converter(token, draft.usdPrice);
  const deadline = deadlineOf(draft.deadline)!;
  const jobs: JobPlan[] = [];
  const relays: ChainPlan["relays"] = [];
  draft.parts.forEach((part, i) => {
    const proposed = proposal.parts[i];
    const titles = milestoneList(part.milestones);
    const skills = skillList(part.skills);
    const jobFor = (vendor: string, priceCents: number, shift: number, title: string): JobPlan => {
      const amounts = split(toUnits(priceCents), titles.length);
      const milestones = amounts.map((amount, m) => ({
        amount,
        bonus: 0n,
        deadline: Math.floor(now + ((deadline - now) * (m + 1)) / amounts.length),
        outcomeDeadline: 0,
      }));
      const total = amounts.reduce((a, b) => a + b, 0n);
      return {
        part: i,
        shift,
        vendor: vendor as `0x${string}`,
        title,
        skills,
        milestoneTitles: titles.slice(0, amounts.length),
        milestones,
        total,
      };
    };
    if (proposed.kind === "relay") {
      relays.push({
        part: i,
        shifts: proposed.members.map((m) => ({ vendor: m.address as `0x${string}`, ...m.shift! })),
      });
      proposed.members.forEach((m, s) =>
        jobs.push(jobFor(m.address, m.priceCents, s, `${draft.title.trim()}: ${part.title.trim()}, shift ${s + 1}`)),
      );
    } else {
      const [m] = proposed.members;
      jobs.push(jobFor(m.address, m.priceCents, 0, `${draft.title.trim()}: ${part.title.trim()}`));
    }
  });
  const parts = draft.parts.map((part) => ({
    budget: parseUnits(part.budget, token.decimals),
    dependsOn: part.dependsOn,
    skills: skillList(part.skills).map((s) => skillTagOf(s) as `0x${string}`),
  }));
  const reviewers = Object.entries(reviewerDrafts)
    .filter(([, r]) => r.address.trim() !== "")
    .map(([key, r]): ReviewerPlan => {
      const part = Number(key);
      const shareBps = Math.round(Number(r.percent.trim()) * 100);
      return {
        part,
        reviewer: r.address.trim().toLowerCase() as `0x${string}`,
        shareBps,
        share: (parts[part].budget * BigInt(shareBps)) / 10_000n,
        deadline: deadline + REVIEW_GRACE,
        skills: parts[part].skills,
      };
    })
    .sort((a, b) => a.part - b.part);
  return {
    terms: {
      token: token.address,
      budget: parseUnits(draft.budget, token.decimals),
      deadline,
      utcOffsetMinutes: offsetMinutes(draft.utcOffset)!,
      workStartMinute: minuteOf(draft.workStart)!,
      workEndMinute: minuteOf(draft.workEnd)!,
    },
    parts,
    relays,
    jobs,
    total: jobs.reduce((sum, job) => sum + job.total, 0n),
    reviewers,
    reviewerTotal: reviewers.reduce((sum, r) => sum + r.share, 0n),
  };
}
