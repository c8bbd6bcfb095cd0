/**
 * A vendor's work as the index sees it: open jobs ranked by fit (and why each qualifies or not),
 * invite jobs to quote, its quotes' status, and its hired jobs with their milestones.
 */
import { mosaicEscrowAbi } from "@mosaic/sdk/contracts";
import { publicClient } from "../../server/chain.ts";
import { serverConfig } from "../../server/config.ts";
import { contractsOn } from "../../server/public-config.ts";
import { listDocuments } from "../../server/documents/service.ts";
import { querySubgraph } from "../../server/subgraph.ts";
import { tokenInfo, type TokenInfo } from "../../server/tokens.ts";
import { skillLabel } from "../format.ts";

export interface VendorStanding {
  registered: boolean;
  skills: string[];
  /** The confidence-adjusted rating x100 that `claim` compares with a job's minRating (100 when unrated). */
  adjustedRatingX100: number;
  /** Paid jobs as the escrow counts them (`vendorStatsOf(v).paidJobs`), compared with a job's minPaidJobs. */
  paidJobs: number;
  quoteNonce: string;
  hourlyRateCents: number;
}

export interface MilestoneRow {
  index: number;
  amount: string;
  bonus: string;
  deadline: number;
  outcomeDeadline: number;
  state: string;
  bonusState: string;
  reviewEndsAt: number | null;
  deliverableCid: string | null;
}

export interface JobRow {
  id: string;
  client: string;
  vendor: string | null;
  open: boolean;
  status: string;
  token: TokenInfo;
  minRating: number;
  minPaidJobs: number;
  requiredSkills: string[];
  reviewWindow: number;
  /** Amounts plus bonuses of milestones not cancelled or refunded: a quote's price. */
  liveTotal: string;
  budgetUsdCents: string | null;
  createdAt: number;
  vendorRated: boolean;
  milestones: MilestoneRow[];
}

export interface OpenJobFit {
  job: JobRow;
  qualifies: boolean;
  /** What the vendor lacks, in words; empty when it qualifies. */
  lacks: string[];
  /** Why it fits, in words. */
  reasons: string[];
  coverage: number;
}

export type QuoteStatus = "pending" | "hired" | "expired" | "revoked" | "taken";

export interface MyQuote {
  cid: string;
  jobId: string;
  price: string;
  token: TokenInfo;
  nonce: string;
  expiresAt: number;
  status: QuoteStatus;
}

const JOB_FIELDS = `id client { id } vendor { id } open status token { id } minRating minPaidJobs requiredSkills reviewWindow
  budgetUsdCents createdAt vendorRated
  milestones(first: 100, orderBy: index) { index amount bonus deadline outcomeDeadline state bonusState reviewEndsAt deliverableCid }`;

interface RawJob {
  id: string;
  client: { id: string };
  vendor: { id: string } | null;
  open: boolean;
  status: string;
  token: { id: string };
  minRating: number;
  minPaidJobs: number;
  requiredSkills: string[];
  reviewWindow: number;
  budgetUsdCents: string | null;
  createdAt: string;
  vendorRated: boolean;
  milestones: {
    index: number;
    amount: string;
    bonus: string;
    deadline: string;
    outcomeDeadline: string;
    state: string;
    bonusState: string;
    reviewEndsAt: string | null;
    deliverableCid: string | null;
  }[];
}

async function toRow(raw: RawJob): Promise<JobRow> {
  const milestones = raw.milestones.map((m) => ({
    index: m.index,
    amount: m.amount,
    bonus: m.bonus,
    deadline: Number(m.deadline),
    outcomeDeadline: Number(m.outcomeDeadline),
    state: m.state,
    bonusState: m.bonusState,
    reviewEndsAt: m.reviewEndsAt === null ? null : Number(m.reviewEndsAt),
    deliverableCid: m.deliverableCid,
  }));
  const liveTotal = milestones
    .filter((m) => m.state !== "Cancelled" && m.state !== "Refunded")
    .reduce((t, m) => t + BigInt(m.amount) + (m.outcomeDeadline !== 0 ? BigInt(m.bonus) : 0n), 0n);
  return {
    id: raw.id,
    client: raw.client.id,
    vendor: raw.vendor?.id ?? null,
    open: raw.open,
    status: raw.status,
    token: await tokenInfo(raw.token.id),
    minRating: raw.minRating,
    minPaidJobs: raw.minPaidJobs,
    requiredSkills: raw.requiredSkills,
    reviewWindow: raw.reviewWindow,
    liveTotal: liveTotal.toString(),
    budgetUsdCents: raw.budgetUsdCents,
    createdAt: Number(raw.createdAt),
    vendorRated: raw.vendorRated,
    milestones,
  };
}

export async function vendorStanding(address: string): Promise<VendorStanding> {
  const { vendor, account } = await querySubgraph<{
    vendor: {
      registered: boolean;
      skills: string[];
      ratingWeightedSum: string;
      ratingWeight: string;
      ratingCount: number;
      hourlyRateCents: number;
    } | null;
    account: { quoteNonce: string; ratingCount: number; weightedScoreSum: string; ratingWeight: string } | null;
  }>(
    `query($id: ID!, $acc: ID!) {
      vendor(id: $id) { registered skills ratingWeightedSum ratingWeight ratingCount hourlyRateCents }
      account(id: $acc) { quoteNonce ratingCount weightedScoreSum ratingWeight } }`,
    { id: address.toLowerCase(), acc: address.toLowerCase() },
  );
  // Claims are checked against the escrow's own vendor stats; read them from the chain.
  const contracts = contractsOn(serverConfig().chainId);
  let adjustedRatingX100 = 100;
  let paidJobs = 0;
  if (contracts) {
    const client = publicClient();
    const [adjusted, stats] = await Promise.all([
      client.readContract({
        address: contracts.escrow,
        abi: mosaicEscrowAbi,
        functionName: "adjustedVendorRatingOf",
        args: [address as `0x${string}`],
      } as never) as Promise<bigint>,
      client.readContract({
        address: contracts.escrow,
        abi: mosaicEscrowAbi,
        functionName: "vendorStatsOf",
        args: [address as `0x${string}`],
      } as never) as Promise<{ paidJobs: number }>,
    ]).catch(() => [100n, { paidJobs: 0 }] as const);
    adjustedRatingX100 = Number(adjusted);
    paidJobs = Number(stats.paidJobs);
  }
  return {
    registered: vendor?.registered ?? false,
    skills: vendor?.skills ?? [],
    adjustedRatingX100,
    paidJobs,
    quoteNonce: account?.quoteNonce ?? "0",
    hourlyRateCents: vendor?.hourlyRateCents ?? 0,
  };
}

/** Why `standing` may or may not claim `job`, as the escrow's `claim` checks it. */
export function fitOf(job: JobRow, standing: VendorStanding, self: string): OpenJobFit {
  const lacks: string[] = [];
  const reasons: string[] = [];
  if (!standing.registered) lacks.push("a vendor profile (register first)");
  if (job.client.toLowerCase() === self.toLowerCase()) lacks.push("another client: this is your own job");
  const have = new Set(standing.skills.map((s) => s.toLowerCase()));
  const missing = job.requiredSkills.filter((s) => !have.has(s.toLowerCase()));
  if (missing.length)
    lacks.push(
      `skill${missing.length === 1 ? "" : "s"} ${missing.map((s) => skillLabel(s as `0x${string}`)).join(", ")}`,
    );
  else if (job.requiredSkills.length) reasons.push(`you list all ${job.requiredSkills.length} required skills`);
  else reasons.push("no skills required");
  if (job.minRating > 0 && standing.adjustedRatingX100 < job.minRating) {
    lacks.push(
      `a rating of ${(job.minRating / 100).toFixed(2)} (yours counts as ${(standing.adjustedRatingX100 / 100).toFixed(2)} once weighed by how much paid work backs it)`,
    );
  } else if (job.minRating > 0) reasons.push(`your rating meets the minimum ${(job.minRating / 100).toFixed(2)}`);
  if (standing.paidJobs < job.minPaidJobs) {
    lacks.push(`${job.minPaidJobs} paid jobs (you have ${standing.paidJobs})`);
  } else if (job.minPaidJobs > 0) reasons.push(`you have the ${job.minPaidJobs} paid jobs it asks for`);
  const coverage =
    job.requiredSkills.length === 0 ? 1 : (job.requiredSkills.length - missing.length) / job.requiredSkills.length;
  return { job, qualifies: lacks.length === 0, lacks, reasons, coverage };
}

export async function openJobsFor(address: string, standing: VendorStanding): Promise<OpenJobFit[]> {
  const { jobs } = await querySubgraph<{ jobs: RawJob[] }>(
    `{ jobs(first: 200, orderBy: createdAt, orderDirection: desc, where: { status: Open, open: true }) { ${JOB_FIELDS} } }`,
  );
  const rows = await Promise.all(jobs.map(toRow));
  return rows
    .map((job) => fitOf(job, standing, address))
    .sort(
      (a, b) =>
        Number(b.qualifies) - Number(a.qualifies) ||
        b.coverage - a.coverage ||
        Number(BigInt(b.job.budgetUsdCents ?? "0") - BigInt(a.job.budgetUsdCents ?? "0")) ||
        Number(b.job.id) - Number(a.job.id),
    );
}

/** Invite jobs still without a vendor: a vendor quotes them. */
export async function inviteJobs(): Promise<JobRow[]> {
  const { jobs } = await querySubgraph<{ jobs: RawJob[] }>(
    `{ jobs(first: 100, orderBy: createdAt, orderDirection: desc, where: { status: Open, open: false }) { ${JOB_FIELDS} } }`,
  );
  return Promise.all(jobs.map(toRow));
}

/** Jobs the vendor was hired for and that still have work or money undecided. */
export async function myJobs(address: string): Promise<JobRow[]> {
  const { jobs } = await querySubgraph<{ jobs: RawJob[] }>(
    `query($v: Bytes!) { jobs(first: 200, orderBy: createdAt, orderDirection: desc, where: { vendor: $v }) { ${JOB_FIELDS} } }`,
    { v: address.toLowerCase() },
  );
  return Promise.all(jobs.map(toRow));
}

interface QuoteContent {
  jobId: string;
  vendor: string;
  price: string;
  nonce: string;
  expiresAt: number;
}

/** The vendor's stored quotes on recent invite jobs, with their status. */
export async function myQuotes(
  address: string,
  standing: VendorStanding,
  chainNow: number,
  chainId: number,
): Promise<MyQuote[]> {
  const { jobs } = await querySubgraph<{
    jobs: { id: string; vendor: { id: string } | null; hiredByQuote: boolean | null; token: { id: string } }[];
  }>(
    `{ jobs(first: 200, orderBy: createdAt, orderDirection: desc, where: { open: false }) { id vendor { id } hiredByQuote token { id } } }`,
  );
  const me = address.toLowerCase();
  const out: MyQuote[] = [];
  for (const job of jobs) {
    const docs = await listDocuments("quote", `job:${chainId}:${job.id}`);
    for (const doc of docs) {
      const q = doc.content as QuoteContent;
      if (q.vendor.toLowerCase() !== me) continue;
      let status: QuoteStatus;
      if (job.vendor) status = job.vendor.id === me ? "hired" : "taken";
      else if (BigInt(q.nonce) < BigInt(standing.quoteNonce)) status = "revoked";
      else if (q.expiresAt <= chainNow) status = "expired";
      else status = "pending";
      out.push({
        cid: doc.cid,
        jobId: job.id,
        price: q.price,
        token: await tokenInfo(job.token.id),
        nonce: q.nonce,
        expiresAt: q.expiresAt,
        status,
      });
    }
  }
  return out;
}
