/**
 * A job's place in a project, for the job page: the project and part it pays (or the job it is a
 * sub-job of), the part's reviewer terms and verdicts, and the chain of who does what (the part's
 * job and every sub-job linked under it, with their vendors). Read from the index; when the index
 * does not have the link yet (it is behind, or down), from the project registry's views and events.
 */
import { parseEventLogs, type Hex } from "viem";
import { addresses, mosaicEscrowAbi, projectRegistryAbi, startBlocks } from "@mosaic/sdk/contracts";
import { publicClient } from "../chain.ts";
import { serverConfig } from "../config.ts";
import { listDocuments } from "../documents/service.ts";
import { querySubgraph, SubgraphError } from "../subgraph.ts";

export type LinkKind = "Part" | "Shift" | "SubJob";
export type ReviewState = "None" | "Held" | "Paid" | "Refunded";

export interface Verdict {
  jobId: string;
  milestoneIndex: number;
  signedOff: boolean;
  noteCid: string;
  reviewer: string | null;
  timestamp: number;
  transactionHash: string;
}

/** The part a job belongs to, with its review layer. */
export interface PartReview {
  index: number;
  budget: string;
  /** The part's skill tags (bytes32), as a reviewer must be named with them. */
  skills: Hex[];
  /** The part's job (null for relay parts and before one is linked). */
  jobId: string | null;
  shiftCount: number;
  reviewer: string | null;
  reviewerShareBps: number;
  reviewerShare: string;
  reviewDeadline: number;
  reviewState: ReviewState;
  signedOff: boolean;
  /** The reviewer's verdicts on the part's job, oldest first. */
  verdicts: Verdict[];
}

/** One job in the chain of who does what: a part's (or shift's) job and the sub-jobs under it. */
export interface ChainNode {
  jobId: string;
  kind: LinkKind;
  /** Who posted and pays it: the project's client, or for a sub-job the prime that linked it. */
  client: string;
  vendor: string | null;
  /** The job's status as the index has it (null when read from the chain). */
  status: string | null;
  subJobs: ChainNode[];
}

export interface JobLinkView {
  /** Where it was read: the index, or the chain while the index is behind. */
  source: "index" | "chain";
  projectId: string;
  kind: LinkKind;
  /** The part (a sub-job's: its parent's part; null when that is unknown). */
  part: PartReview | null;
  shift: number | null;
  parentJobId: string | null;
  project: { client: string; token: string; partCount: number };
  /** From the part's (or shift's) job down to this job's own sub-jobs. */
  root: ChainNode | null;
  /** The job ids from the root down to this job's parent (empty for the root itself). */
  ancestors: string[];
}

export interface ProjectContracts {
  registry: `0x${string}`;
  escrow: `0x${string}`;
  /** First block to read the registry's events from (chain fallback). */
  startBlock: bigint;
}

/** The project registry and escrow of the chain the server serves, or null where there is none. */
export function deployedProjectContracts(chainId = serverConfig().chainId): ProjectContracts | null {
  const deployed = (addresses as Record<number, Record<string, string> | undefined>)[chainId];
  const blocks = (startBlocks as Record<number, Record<string, number> | undefined>)[chainId];
  if (!deployed?.ProjectRegistry || !deployed.MosaicEscrow) return null;
  return {
    registry: deployed.ProjectRegistry as `0x${string}`,
    escrow: deployed.MosaicEscrow as `0x${string}`,
    startBlock: BigInt(blocks?.ProjectRegistry ?? 0),
  };
}

const KINDS: (LinkKind | null)[] = [null, "Part", "Shift", "SubJob"];
const STATES: ReviewState[] = ["None", "Held", "Paid", "Refunded"];

// ------------------------------------------------------------------ index

const PART_FIELDS = `index budget skills shiftCount job { id } reviewer { id } reviewerShareBps reviewerShare
  reviewDeadline reviewState signedOff
  verdicts(first: 1000, orderBy: timestamp) { job { id } milestoneIndex signedOff noteCid reviewer { id } timestamp transactionHash }`;

const QUERY = `query JobLink($id: ID!) {
  projectJobLink(id: $id) {
    kind shift { index } parentJob { id }
    part { ${PART_FIELDS} }
    project {
      id partCount client { id } token { id }
      links(first: 1000) { kind replaced job { id client { id } vendor { id } status } parentJob { id } }
    }
  }
}`;

interface RawPart {
  index: number;
  budget: string;
  skills: Hex[];
  shiftCount: number;
  job: { id: string } | null;
  reviewer: { id: string } | null;
  reviewerShareBps: number;
  reviewerShare: string;
  reviewDeadline: string;
  reviewState: ReviewState;
  signedOff: boolean;
  verdicts: {
    job: { id: string };
    milestoneIndex: string;
    signedOff: boolean;
    noteCid: string;
    reviewer: { id: string } | null;
    timestamp: string;
    transactionHash: string;
  }[];
}

interface RawLink {
  kind: LinkKind;
  shift: { index: number } | null;
  parentJob: { id: string } | null;
  part: RawPart | null;
  project: {
    id: string;
    partCount: number;
    client: { id: string };
    token: { id: string };
    links: {
      kind: LinkKind;
      replaced: boolean;
      job: { id: string; client: { id: string }; vendor: { id: string } | null; status: string };
      parentJob: { id: string } | null;
    }[];
  };
}

function partFromIndex(raw: RawPart): PartReview {
  return {
    index: raw.index,
    budget: raw.budget,
    skills: raw.skills,
    jobId: raw.job?.id ?? null,
    shiftCount: raw.shiftCount,
    reviewer: raw.reviewer?.id ?? null,
    reviewerShareBps: raw.reviewerShareBps,
    reviewerShare: raw.reviewerShare,
    reviewDeadline: Number(raw.reviewDeadline),
    reviewState: raw.reviewState,
    signedOff: raw.signedOff,
    verdicts: raw.verdicts.map((v) => ({
      jobId: v.job.id,
      milestoneIndex: Number(v.milestoneIndex),
      signedOff: v.signedOff,
      noteCid: v.noteCid,
      reviewer: v.reviewer?.id ?? null,
      timestamp: Number(v.timestamp),
      transactionHash: v.transactionHash,
    })),
  };
}

interface LinkRow {
  jobId: string;
  kind: LinkKind;
  client: string;
  vendor: string | null;
  status: string | null;
  parentJobId: string | null;
}

/**
 * The tree of jobs that contains `jobId`: its root is the part's (or shift's) job it descends from;
 * `ancestors` lists the root down to `jobId`'s parent. Sub-jobs are walked once each (links are
 * acyclic on chain; the guard only protects the page from a malformed index).
 */
export function chainOf(rows: LinkRow[], jobId: string): { root: ChainNode | null; ancestors: string[] } {
  const byJob = new Map(rows.map((r) => [r.jobId, r]));
  const ancestors: string[] = [];
  let top = byJob.get(jobId);
  const seen = new Set<string>();
  while (top?.parentJobId && !seen.has(top.jobId)) {
    seen.add(top.jobId);
    ancestors.unshift(top.parentJobId);
    const parent = byJob.get(top.parentJobId);
    if (!parent) break;
    top = parent;
  }
  if (!top) return { root: null, ancestors };
  const rootId = ancestors[0] ?? top.jobId;
  const rootRow = byJob.get(rootId);
  if (!rootRow) return { root: null, ancestors };
  const visited = new Set<string>();
  const build = (row: LinkRow): ChainNode => {
    visited.add(row.jobId);
    const children = rows
      .filter((r) => r.parentJobId === row.jobId && !visited.has(r.jobId))
      .sort((a, b) => Number(BigInt(a.jobId) - BigInt(b.jobId)));
    return {
      jobId: row.jobId,
      kind: row.kind,
      client: row.client,
      vendor: row.vendor,
      status: row.status,
      subJobs: children.map(build),
    };
  };
  return { root: build(rootRow), ancestors };
}

async function fromIndex(id: string): Promise<JobLinkView | null> {
  const { projectJobLink: link } = await querySubgraph<{ projectJobLink: RawLink | null }>(QUERY, { id });
  if (!link) return null;
  const rows: LinkRow[] = link.project.links
    .filter((l) => !l.replaced)
    .map((l) => ({
      jobId: l.job.id,
      kind: l.kind,
      client: l.job.client.id,
      vendor: l.job.vendor?.id ?? null,
      status: l.job.status,
      parentJobId: l.parentJob?.id ?? null,
    }));
  return {
    source: "index",
    projectId: link.project.id,
    kind: link.kind,
    part: link.part ? partFromIndex(link.part) : null,
    shift: link.shift?.index ?? null,
    parentJobId: link.parentJob?.id ?? null,
    project: { client: link.project.client.id, token: link.project.token.id, partCount: link.project.partCount },
    ...chainOf(rows, id),
  };
}

// ------------------------------------------------------------------ chain

async function fromChain(id: string, contracts: ProjectContracts): Promise<JobLinkView | null> {
  const client = publicClient();
  const read = <T>(functionName: string, args: readonly unknown[]) =>
    client.readContract({
      address: contracts.registry,
      abi: projectRegistryAbi,
      functionName,
      args,
    } as never) as Promise<T>;
  const link = await read<{ projectId: bigint; kind: number; part: number; shift: number; parentJobId: bigint }>(
    "linkOf",
    [BigInt(id)],
  );
  const kind = KINDS[link.kind];
  if (!kind) return null;
  const projectId = link.projectId;
  const project = await read<{ client: string; token: string; partCount: number }>("projectOf", [projectId]);
  const projectTopic = `0x${projectId.toString(16).padStart(64, "0")}` as Hex;
  const logs = await client.getLogs({
    address: contracts.registry,
    fromBlock: contracts.startBlock,
    toBlock: "latest",
    topics: [null, projectTopic] as never,
  } as never);
  const events = parseEventLogs({ abi: projectRegistryAbi, logs, strict: false });
  const rows: LinkRow[] = [];
  const jobOf = (jobId: bigint) =>
    client.readContract({ address: contracts.escrow, abi: mosaicEscrowAbi, functionName: "jobOf", args: [jobId] });
  for (const event of events) {
    if (event.eventName !== "JobLinked" && event.eventName !== "SubJobLinked") continue;
    const args = event.args as { jobId?: bigint; subJobId?: bigint; parentJobId?: bigint; kind?: number };
    const jobId = (args.jobId ?? args.subJobId)!;
    const job = await jobOf(jobId);
    const vendor = BigInt(job.vendor) === 0n ? null : job.vendor.toLowerCase();
    const row: LinkRow = {
      jobId: jobId.toString(),
      kind: event.eventName === "SubJobLinked" ? "SubJob" : KINDS[args.kind ?? 1]!,
      client: job.client.toLowerCase(),
      vendor,
      status: null,
      parentJobId: args.parentJobId?.toString() ?? null,
    };
    // A part's job replaced after it ended unpaid: the later link is the part's.
    const replaced = rows.findIndex((r) => r.jobId === row.jobId);
    if (replaced >= 0) rows.splice(replaced, 1);
    rows.push(row);
  }
  // A sub-job's part is its parent's: walk up to the part's (or shift's) job.
  let partIndex: number | null = kind === "SubJob" ? null : link.part;
  if (kind === "SubJob") {
    let parent = link.parentJobId;
    for (let depth = 0; depth < 64 && partIndex === null; depth++) {
      const up = await read<{ kind: number; part: number; parentJobId: bigint }>("linkOf", [parent]);
      if (KINDS[up.kind] !== "SubJob") partIndex = KINDS[up.kind] ? up.part : null;
      if (KINDS[up.kind] !== "SubJob") break;
      parent = up.parentJobId;
    }
  }
  let part: PartReview | null = null;
  if (partIndex !== null) {
    const stored = await read<{
      budget: bigint;
      jobId: bigint;
      shiftCount: number;
      reviewer: string;
      reviewerShareBps: number;
      reviewDeadline: number;
      reviewState: number;
      signedOff: boolean;
      reviewerShare: bigint;
    }>("partOf", [projectId, partIndex]);
    let skills: Hex[] = [];
    const verdicts: Verdict[] = [];
    for (const event of events) {
      const args = event.args as Record<string, unknown>;
      if (Number(args.part) !== partIndex) continue;
      if (event.eventName === "PartDeclared") skills = [...(args.skills as Hex[])];
      if (event.eventName === "MilestoneReviewed") {
        const block = await client.getBlock({ blockNumber: event.blockNumber! });
        verdicts.push({
          jobId: String(args.jobId),
          milestoneIndex: Number(args.index),
          signedOff: args.signedOff as boolean,
          noteCid: args.noteCid as string,
          reviewer: BigInt(stored.reviewer) === 0n ? null : stored.reviewer.toLowerCase(),
          timestamp: Number(block.timestamp),
          transactionHash: event.transactionHash!,
        });
      }
    }
    part = {
      index: partIndex,
      budget: stored.budget.toString(),
      skills,
      jobId: stored.jobId === 0n ? null : stored.jobId.toString(),
      shiftCount: Number(stored.shiftCount),
      reviewer: BigInt(stored.reviewer) === 0n ? null : stored.reviewer.toLowerCase(),
      reviewerShareBps: Number(stored.reviewerShareBps),
      reviewerShare: stored.reviewerShare.toString(),
      reviewDeadline: Number(stored.reviewDeadline),
      reviewState: STATES[Number(stored.reviewState)] ?? "None",
      signedOff: stored.signedOff,
      verdicts,
    };
  }
  return {
    source: "chain",
    projectId: projectId.toString(),
    kind,
    part,
    shift: kind === "Shift" ? link.shift : null,
    parentJobId: kind === "SubJob" ? link.parentJobId.toString() : null,
    project: {
      client: project.client.toLowerCase(),
      token: project.token.toLowerCase(),
      partCount: Number(project.partCount),
    },
    ...chainOf(rows, id),
  };
}

/**
 * The project link of job `jobId`, or null when it belongs to no project. The index answers first;
 * when it has no link for the job (it may be behind) or cannot be reached, the registry does.
 */
export async function jobLink(
  jobId: string,
  contracts: ProjectContracts | null = deployedProjectContracts(),
): Promise<JobLinkView | null> {
  if (!/^\d{1,30}$/.test(jobId)) return null;
  const id = BigInt(jobId).toString();
  let indexError: unknown = null;
  try {
    const indexed = await fromIndex(id);
    if (indexed) return indexed;
  } catch (error) {
    if (!(error instanceof SubgraphError)) throw error;
    indexError = error;
  }
  if (!contracts) {
    if (indexError) throw indexError;
    return null;
  }
  try {
    return await fromChain(id, contracts);
  } catch (error) {
    if (indexError) throw indexError;
    throw error;
  }
}

// ------------------------------------------------------------------ thread

/** A reviewer's verdict as an entry of the job's thread, with the note it carried. */
export interface VerdictEntry {
  cid: string;
  kind: "verdict";
  label: string;
  author: string;
  role: "reviewer";
  /** When the note was stored (unix ms), as the thread orders its other items; else the block's time. */
  at: number;
  text: string;
  index: number;
  to: null;
  signedOff: boolean;
  transactionHash: string;
}

/**
 * The verdicts on job `jobId` as thread entries: the note's text from the document store (the
 * reviewer stored it under the job before sending `review`), anchored by the verdict's transaction.
 */
export async function verdictEntries(chainId: number, jobId: string, verdicts: Verdict[]): Promise<VerdictEntry[]> {
  // One entry per note: a verdict repeating an earlier note (same text, same milestone) replaces it.
  const byNote = new Map(verdicts.filter((v) => v.jobId === jobId).map((v) => [v.noteCid, v]));
  const mine = [...byNote.values()];
  if (mine.length === 0) return [];
  const notes = await listDocuments("note", `job:${chainId}:${BigInt(jobId).toString()}`);
  return mine.map((v) => {
    const note = notes.find((n) => n.cid === v.noteCid && (!v.reviewer || n.author.toLowerCase() === v.reviewer));
    const text = note ? String((note.content as { text?: unknown }).text ?? "") : "";
    return {
      cid: v.noteCid,
      kind: "verdict",
      label: `Reviewer's ${v.signedOff ? "sign-off on" : "rejection of"} milestone ${v.milestoneIndex + 1}`,
      author: v.reviewer ?? "",
      role: "reviewer",
      at: note?.createdAt ?? v.timestamp * 1000,
      text: note ? text : "(the reviewer's note is not stored on this server)",
      index: v.milestoneIndex,
      to: null,
      signedOff: v.signedOff,
      transactionHash: v.transactionHash,
    };
  });
}

/**
 * What `settleReview` would do now for a part whose job is the one given (the registry's rule):
 * pay the reviewer once the job's last milestone is paid after a final sign-off; refund the client
 * when the job ended otherwise, was hired to the reviewer, or the deadline passed without a sign-off.
 */
export function reviewSettlement(
  part: Pick<PartReview, "reviewState" | "signedOff" | "reviewer" | "reviewDeadline">,
  job: { vendor: string | null; lastMilestoneState: string },
  now: number,
): "pay" | "refund" | null {
  if (part.reviewState !== "Held") return null;
  const paid = job.lastMilestoneState === "Paid" || job.lastMilestoneState === "Resolved";
  const ended = paid || job.lastMilestoneState === "Refunded" || job.lastMilestoneState === "Cancelled";
  const conflict = !!job.vendor && job.vendor.toLowerCase() === part.reviewer;
  if (paid && part.signedOff) return "pay";
  if (ended || conflict || (!part.signedOff && now >= part.reviewDeadline)) return "refund";
  return null;
}
