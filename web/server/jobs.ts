/** Jobs as the pages show them: subgraph records plus the title from their spec document. */
import { getStore } from "./store/index.ts";
import { perIndexedBlock } from "./per-block.ts";
import { querySubgraph } from "./subgraph.ts";
import { allowedTokens, tokenInfo, type TokenInfo } from "./tokens.ts";
import { contractsOn } from "./public-config.ts";
import { serverConfig } from "./config.ts";
import { parseCid, bytesMatchCid } from "@mosaic/sdk/documents";
import { skillLabel } from "../lib/format.ts";

export const JOB_STATUSES = ["Open", "Hired", "Disputed", "Completed", "Cancelled"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface JobSummary {
  id: string;
  status: JobStatus;
  open: boolean;
  specCid: string;
  title: string;
  token: TokenInfo;
  totalAmount: string;
  totalBonus: string;
  budgetUsdCents: string | null;
  milestoneCount: number;
  requiredSkills: string[];
  client: string;
  vendor: string | null;
  createdAt: number;
}

export const JOB_SUMMARY_FIELDS = `id status open specCid totalAmount totalBonus budgetUsdCents milestoneCount
  requiredSkills token { id } client { id } vendor { id } createdAt`;

interface RawJob {
  id: string;
  status: JobStatus;
  open: boolean;
  specCid: string;
  totalAmount: string;
  totalBonus: string;
  budgetUsdCents: string | null;
  milestoneCount: number;
  requiredSkills: string[];
  token: { id: string };
  client: { id: string };
  vendor: { id: string } | null;
  createdAt: string;
}

export type SpecLookup =
  | { state: "verified"; cid: string; content: Record<string, unknown> }
  | { state: "missing"; cid: string }
  | { state: "corrupted"; cid: string };

/** The spec document a job's CID names, checked against the CID. */
export async function readSpec(cid: string): Promise<SpecLookup> {
  const parsed = parseCid(cid);
  if (!parsed) return { state: "missing", cid };
  const doc = await (await getStore()).documents.get(parsed.toString());
  if (!doc) return { state: "missing", cid };
  if (!(await bytesMatchCid(parsed, doc.bytes))) return { state: "corrupted", cid };
  try {
    return { state: "verified", cid, content: JSON.parse(new TextDecoder().decode(doc.bytes)) };
  } catch {
    return { state: "corrupted", cid };
  }
}

/** The spec's title (web and seed documents both have one). */
export function specTitle(spec: SpecLookup): string | null {
  return spec.state === "verified" && typeof spec.content.title === "string" ? spec.content.title : null;
}

/** The spec's body: `description` in documents written by the dApp, `summary` in seeded ones. */
export function specDescription(spec: SpecLookup): string | null {
  if (spec.state !== "verified") return null;
  const { description, summary } = spec.content;
  return typeof description === "string" ? description : typeof summary === "string" ? summary : null;
}

export async function summarize(raw: RawJob): Promise<JobSummary> {
  const [token, spec] = await Promise.all([tokenInfo(raw.token.id), readSpec(raw.specCid)]);
  const title = specTitle(spec) ?? `Job #${raw.id}`;
  return {
    id: raw.id,
    status: raw.status,
    open: raw.open,
    specCid: raw.specCid,
    title,
    token,
    totalAmount: raw.totalAmount,
    totalBonus: raw.totalBonus,
    budgetUsdCents: raw.budgetUsdCents,
    milestoneCount: raw.milestoneCount,
    requiredSkills: raw.requiredSkills,
    client: raw.client.id,
    vendor: raw.vendor?.id ?? null,
    createdAt: Number(raw.createdAt),
  };
}

export const JOB_SORTS = ["newest", "budget", "deadline"] as const;
export type JobSort = (typeof JOB_SORTS)[number];

export interface BoardFilters {
  /** Words that must all appear in the title or the required skills' names (any case). */
  q?: string;
  sort?: JobSort;
  skill?: `0x${string}`;
  token?: string;
  minUsd?: number;
  maxUsd?: number;
  status: "open" | "all";
  page: number;
}

export const PAGE_SIZE = 20;

/** One page of the board, computed once per indexed block for each set of filters. */
export function listJobs(filters: BoardFilters): Promise<{ jobs: JobSummary[]; hasNext: boolean }> {
  return perIndexedBlock(`board:${JSON.stringify(filters)}`, () => queryBoard(filters));
}

async function queryBoard(filters: BoardFilters): Promise<{ jobs: JobSummary[]; hasNext: boolean }> {
  const where: Record<string, unknown> = {};
  if (filters.status === "open") where.status = "Open";
  if (filters.skill) where.requiredSkills_contains = [filters.skill];
  if (filters.token) where.token = filters.token.toLowerCase();
  if (filters.minUsd !== undefined) where.budgetUsdCents_gte = String(Math.round(filters.minUsd * 100));
  if (filters.maxUsd !== undefined) where.budgetUsdCents_lte = String(Math.round(filters.maxUsd * 100));
  const skip = (filters.page - 1) * PAGE_SIZE;
  if (filters.q || filters.sort === "deadline") {
    // Titles live in spec documents and deadlines on milestones: the server narrows and orders the
    // matching jobs' ids, the index then answers the page.
    const ids = (await searchJobIds(where, filters.q ?? "", filters.sort ?? "newest")).slice(
      skip,
      skip + PAGE_SIZE + 1,
    );
    if (ids.length === 0) return { jobs: [], hasNext: false };
    const data = await querySubgraph<{ jobs: RawJob[] }>(
      `query Page($ids: [ID!]!) { jobs(where: { id_in: $ids }, first: ${PAGE_SIZE + 1}) { ${JOB_SUMMARY_FIELDS} } }`,
      { ids },
    );
    const byId = new Map(data.jobs.map((j) => [j.id, j]));
    const ordered = ids.map((id) => byId.get(id)).filter((j): j is RawJob => !!j);
    const jobs = await Promise.all(ordered.slice(0, PAGE_SIZE).map(summarize));
    return { jobs, hasNext: ordered.length > PAGE_SIZE };
  }
  const orderBy = filters.sort === "budget" ? "budgetUsdCents" : "createdAt";
  const data = await querySubgraph<{ jobs: RawJob[] }>(
    `query Board($where: Job_filter, $first: Int!, $skip: Int!) {
      jobs(where: $where, first: $first, skip: $skip, orderBy: ${orderBy}, orderDirection: desc) { ${JOB_SUMMARY_FIELDS} }
    }`,
    { where, first: PAGE_SIZE + 1, skip },
  );
  const jobs = await Promise.all(data.jobs.slice(0, PAGE_SIZE).map(summarize));
  return { jobs, hasNext: data.jobs.length > PAGE_SIZE };
}

/** Skills registered vendors offer (what the filter and the post form propose), and allowed tokens. */
export function boardOptions(): Promise<{ skills: string[]; tokens: TokenInfo[] }> {
  return perIndexedBlock("board-options", queryBoardOptions);
}

async function queryBoardOptions(): Promise<{ skills: string[]; tokens: TokenInfo[] }> {
  const data = await querySubgraph<{ vendors: { skills: string[] }[]; tokens: { id: string }[] }>(
    `{ vendors(first: 1000, where: { registered: true }) { skills } tokens(first: 100) { id } }`,
  );
  const skills = [...new Set(data.vendors.flatMap((v) => v.skills.map((s) => s.toLowerCase())))];
  const contracts = contractsOn(serverConfig().chainId);
  const candidates = [...data.tokens.map((t) => t.id), ...(contracts?.mockUsd ? [contracts.mockUsd] : [])];
  const tokens = contracts
    ? await allowedTokens(contracts.escrow, candidates)
    : await Promise.all(data.tokens.map((t) => tokenInfo(t.id)));
  return { skills, tokens };
}

export interface ClientHistory {
  client: {
    jobCount: number;
    fundedMilestones: number;
    paidMilestones: number;
    refundedMilestones: number;
    disputedMilestones: number;
    disputesLost: number;
    createdAt: number;
  } | null;
  rating: { count: number; weightedSum: string; weight: string };
  jobs: JobSummary[];
  /** Paid milestones the client approved itself, and those released after its review window lapsed. */
  approved: number;
  autoReleased: number;
  disputes: {
    id: string;
    jobId: string;
    milestone: number;
    raisedByRole: "Client" | "Vendor";
    status: "Open" | "Resolved";
    resolution: string | null;
    vendorBps: number | null;
  }[];
}

/** An address's record as a client, from the index: jobs it posted, how it paid, its disputes. */
export function clientHistory(address: string): Promise<ClientHistory> {
  return perIndexedBlock(`client:${address.toLowerCase()}`, () => queryClientHistory(address.toLowerCase()));
}

async function queryClientHistory(address: string): Promise<ClientHistory> {
  type Raw = RawJob & {
    milestones: { state: string; automaticRelease: boolean | null }[];
    disputes: {
      id: string;
      milestone: { index: number };
      raisedByRole: "Client" | "Vendor";
      status: "Open" | "Resolved";
      resolution: string | null;
      vendorBps: number | null;
    }[];
  };
  const data = await querySubgraph<{
    client: (Omit<NonNullable<ClientHistory["client"]>, "createdAt"> & { createdAt: string }) | null;
    account: { clientRatingCount: number; clientWeightedScoreSum: string; clientRatingWeight: string } | null;
    jobs: Raw[];
  }>(
    `query ClientHistory($id: ID!, $client: Bytes!) {
      client(id: $id) { jobCount fundedMilestones paidMilestones refundedMilestones disputedMilestones disputesLost createdAt }
      account(id: $id) { clientRatingCount clientWeightedScoreSum clientRatingWeight }
      jobs(where: { client: $client }, first: 100, orderBy: createdAt, orderDirection: desc) {
        ${JOB_SUMMARY_FIELDS}
        milestones(first: 256) { state automaticRelease }
        disputes(first: 256) { id milestone { index } raisedByRole status resolution vendorBps }
      }
    }`,
    { id: address, client: address },
  );
  const paid = data.jobs.flatMap((j) => j.milestones.filter((m) => m.state === "Paid"));
  return {
    client: data.client ? { ...data.client, createdAt: Number(data.client.createdAt) } : null,
    rating: {
      count: data.account?.clientRatingCount ?? 0,
      weightedSum: data.account?.clientWeightedScoreSum ?? "0",
      weight: data.account?.clientRatingWeight ?? "0",
    },
    jobs: await Promise.all(data.jobs.map(summarize)),
    approved: paid.filter((m) => m.automaticRelease !== true).length,
    autoReleased: paid.filter((m) => m.automaticRelease === true).length,
    disputes: data.jobs.flatMap((j) =>
      j.disputes.map((d) => ({
        id: d.id,
        jobId: j.id,
        milestone: d.milestone.index,
        raisedByRole: d.raisedByRole,
        status: d.status,
        resolution: d.resolution,
        vendorBps: d.vendorBps,
      })),
    ),
  };
}

/** How many jobs a keyword search or a deadline sort looks through (newest first). */
const SEARCH_SCOPE = 5_000;

/** Spec titles by CID: a CID's content never changes, so a title is read once. */
const titles = new Map<string, Promise<string | null>>();

export function titleOf(specCid: string): Promise<string | null> {
  let title = titles.get(specCid);
  if (!title) {
    title = readSpec(specCid).then(specTitle);
    titles.set(specCid, title);
    if (titles.size > 50_000) titles.delete(titles.keys().next().value!);
  }
  return title;
}

/** Whether every word of `query` appears in the title or a skill name (any case). */
export function matchesKeywords(query: string, title: string, skills: string[]): boolean {
  const text = [title, ...skills.map((s) => skillLabel(s as `0x${string}`))].join(" ").toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => text.includes(word));
}

/** A job's next deadline: the earliest of its milestones still to deliver, else its earliest at all. */
export function nextDeadline(milestones: { deadline: string | number; state: string }[]): number {
  const open = milestones.filter((m) => m.state === "Created" || m.state === "Funded");
  const pool = (open.length ? open : milestones).map((m) => Number(m.deadline));
  return pool.length ? Math.min(...pool) : Number.MAX_SAFE_INTEGER;
}

interface Candidate {
  id: string;
  specCid: string;
  requiredSkills: string[];
  createdAt: string;
  budgetUsdCents: string | null;
  milestones: { deadline: string; state: string }[];
}

/** Ids of the jobs matching `where` and `query`, ordered by `sort`. */
async function searchJobIds(where: Record<string, unknown>, query: string, sort: JobSort): Promise<string[]> {
  const candidates: Candidate[] = [];
  for (let skip = 0; skip < SEARCH_SCOPE; skip += 1000) {
    const data = await querySubgraph<{ jobs: Candidate[] }>(
      `query Candidates($where: Job_filter, $skip: Int!) {
        jobs(where: $where, first: 1000, skip: $skip, orderBy: createdAt, orderDirection: desc) {
          id specCid requiredSkills createdAt budgetUsdCents milestones(first: 64) { deadline state }
        }
      }`,
      { where, skip },
    );
    candidates.push(...data.jobs);
    if (data.jobs.length < 1000) break;
  }
  const kept = query
    ? (
        await Promise.all(
          candidates.map(async (c) =>
            matchesKeywords(query, (await titleOf(c.specCid)) ?? "", c.requiredSkills) ? c : null,
          ),
        )
      ).filter((c): c is Candidate => c !== null)
    : candidates;
  return orderJobs(kept, sort, (c) => Number(c.createdAt)).map((c) => c.id);
}

/** Titles of the jobs `ids` from their spec documents (absent when a spec is missing). */
export async function jobTitles(ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const data = await querySubgraph<{ jobs: { id: string; specCid: string }[] }>(
    `query Titles($ids: [ID!]!) { jobs(where: { id_in: $ids }, first: 1000) { id specCid } }`,
    { ids },
  );
  const entries = await Promise.all(data.jobs.map(async (j) => [j.id, await titleOf(j.specCid)] as const));
  return new Map(entries.filter((e): e is readonly [string, string] => e[1] !== null));
}

/** Rows a page already holds, narrowed to `query` and ordered by `sort` (the vendor's "Find work"). */
export function searchRows<
  T extends {
    id: string;
    requiredSkills: string[];
    createdAt: number;
    budgetUsdCents: string | null;
    milestones: { deadline: number; state: string }[];
  },
>(rows: T[], titles: Map<string, string>, query: string | undefined, sort: JobSort | undefined): T[] {
  const kept = query ? rows.filter((r) => matchesKeywords(query, titles.get(r.id) ?? "", r.requiredSkills)) : rows;
  return sort ? orderJobs(kept, sort, (r) => r.createdAt) : kept;
}

/** Jobs in `sort` order: newest, largest budget or nearest deadline first; ties newest job first. */
function orderJobs<
  T extends { id: string; budgetUsdCents: string | null; milestones: { deadline: string | number; state: string }[] },
>(jobs: T[], sort: JobSort, createdAt: (job: T) => number): T[] {
  const key: Record<JobSort, (job: T) => number> = {
    newest: (job) => -createdAt(job),
    budget: (job) => -Number(job.budgetUsdCents ?? -1),
    deadline: (job) => nextDeadline(job.milestones),
  };
  return [...jobs].sort((a, b) => key[sort](a) - key[sort](b) || Number(b.id) - Number(a.id));
}
