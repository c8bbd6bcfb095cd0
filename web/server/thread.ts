/**
 * One thread per job: the notes every action carried (a quote's message, change requests,
 * deliverables, evidence, settlement offers, the arbiter's reasons) and free messages, oldest first.
 * Readable by the job's client, its vendor, its arbiter once a milestone was disputed, and a vendor
 * that quoted an invite job (its own quote, its messages and those addressed to it). A message may be
 * addressed to one party (the client answering one quoting vendor): only its author and that party
 * read it. Free messages are EIP-712 documents
 * signed by their authors (sdk/src/typed-data.ts, ThreadMessage); the other items are anchored on
 * chain by the transaction that named their CID, or signed themselves (quotes, settlements).
 */
import { getAddress, zeroAddress, type Hex } from "viem";
import { validateDocument, type DeliverableAttachment } from "@mosaic/sdk/documents";
import { threadMessageDigest, threadMessageSigner, type ThreadMessage } from "@mosaic/sdk/typed-data";
import { ERC1271_MAGIC, erc1271Abi } from "./auth/siwe.ts";
import { publicClient } from "./chain.ts";
import { chainJob } from "./chain-job.ts";
import { listDocuments, putDocument } from "./documents/service.ts";
import { jobLink, verdictEntries, type JobLinkView } from "./projects/job-link.ts";
import { querySubgraph, SubgraphError } from "./subgraph.ts";

/** How old a message's signed timestamp may be when it reaches the server (seconds). */
export const MESSAGE_MAX_AGE_SECONDS = 10 * 60;
/** How far ahead of the server's clock a message's timestamp may be (seconds). */
export const MESSAGE_CLOCK_SKEW_SECONDS = 60;

export type ThreadRole = "client" | "vendor" | "arbiter" | "quoting vendor";

export interface JobParties {
  jobId: string;
  client: string;
  vendor: string | null;
  arbiter: string;
  open: boolean;
  /** A milestone was disputed at some point: the arbiter reads the thread from then on. */
  disputed: boolean;
  /** The deliverable CID each milestone's latest submission recorded on chain. */
  deliverables: Record<number, string>;
}

export interface ThreadItem {
  cid: string;
  kind:
    | "quote"
    | "change-request"
    | "note"
    | "settlement"
    | "ruling"
    | "deliverable"
    | "evidence"
    | "message"
    /** A project reviewer's verdict on a milestone, with its note (web/server/projects/job-link.ts). */
    | "verdict";
  /** What the item is, in words ("Change request on milestone 1"). */
  label: string;
  author: string;
  /** A project part's reviewer writes verdicts in the thread without being able to read it. */
  role: ThreadRole | "reviewer";
  /** When the server stored it (unix ms): one clock orders every item. */
  at: number;
  text: string;
  index: number | null;
  /** The one party a message is addressed to (null: the whole thread). */
  to: string | null;
  deliverable?: { attachments: DeliverableAttachment[]; links: string[]; onChain: boolean };
}

interface RawJob {
  job: {
    open: boolean;
    client: { id: string };
    vendor: { id: string } | null;
    arbiter: string;
    milestones: { index: number; state: string; deliverableCid: string | null; dispute: { status: string } | null }[];
  } | null;
}

/** The job's parties from the index, or from the escrow when the index does not have it (yet). */
export async function jobParties(jobId: string): Promise<JobParties | null> {
  if (!/^\d{1,30}$/.test(jobId)) return null;
  const id = BigInt(jobId).toString();
  let indexError: unknown = null;
  try {
    const { job } = await querySubgraph<RawJob>(
      `query Parties($id: ID!) { job(id: $id) { open client { id } vendor { id } arbiter
        milestones(first: 100, orderBy: index) { index state deliverableCid dispute { status } } } }`,
      { id },
    );
    if (job) {
      return partiesOf({ ...job, id, client: job.client.id, vendor: job.vendor?.id ?? null });
    }
  } catch (error) {
    if (!(error instanceof SubgraphError)) throw error;
    indexError = error;
  }
  const onChain = await chainJob(id).catch(() => null);
  if (!onChain) {
    if (indexError) throw indexError;
    return null;
  }
  return {
    jobId: id,
    client: onChain.client,
    vendor: onChain.vendor,
    arbiter: onChain.arbiter,
    open: false,
    disputed: onChain.milestones.some((m) => m.state === "Disputed"),
    deliverables: {},
  };
}

const subjectOf = (chainId: number, jobId: string) => `job:${chainId}:${BigInt(jobId).toString()}`;

/** Who `viewer` is on this job's thread, or null when it may not read it. */
export async function threadRole(chainId: number, parties: JobParties, viewer: string | null) {
  if (!viewer) return null;
  const me = viewer.toLowerCase();
  if (me === parties.client) return "client";
  if (me === parties.vendor) return "vendor";
  if (me === parties.arbiter && parties.disputed) return "arbiter";
  if (parties.open) return null;
  const quotes = await listDocuments("quote", subjectOf(chainId, parties.jobId));
  return quotes.some((q) => q.author.toLowerCase() === me) ? "quoting vendor" : null;
}

type Doc = Awaited<ReturnType<typeof listDocuments>>[number];

function itemFrom(kind: string, doc: Doc, parties: JobParties): Omit<ThreadItem, "role"> | null {
  const c = doc.content as Record<string, unknown>;
  const index = typeof c.index === "number" ? c.index : null;
  const milestone = index === null ? "" : ` on milestone ${index + 1}`;
  const base = { cid: doc.cid, author: doc.author.toLowerCase(), at: doc.createdAt, index, to: null };
  switch (kind) {
    case "quote":
      return { ...base, kind: "quote", label: "Quote", text: typeof c.message === "string" ? c.message : "" };
    case "deliverable": {
      const onChain = index !== null && parties.deliverables[index] === doc.cid;
      return {
        ...base,
        kind: "deliverable",
        label: `Deliverable${milestone}`,
        text: String(c.summary ?? ""),
        deliverable: {
          attachments: (c.attachments as DeliverableAttachment[] | undefined) ?? [],
          links: (c.links as string[] | undefined) ?? [],
          onChain,
        },
      };
    }
    case "evidence":
      return { ...base, kind: "evidence", label: `Evidence${milestone}`, text: String(c.description ?? "") };
    case "message": {
      const to = typeof c.to === "string" && BigInt(c.to) !== 0n ? c.to.toLowerCase() : null;
      const label = to ? "Private message" : "Message";
      return { ...base, kind: "message", label, text: String(c.text ?? ""), to };
    }
    default: {
      const text = String(c.text ?? "");
      if (typeof c.ruling === "number") {
        if (base.author !== parties.arbiter) return null;
        return { ...base, kind: "ruling", label: `Arbiter's reasons for the ruling${milestone}`, text };
      }
      if (c.settlement) return { ...base, kind: "settlement", label: `Settlement proposal${milestone}`, text };
      if (base.author === parties.client && index !== null) {
        return { ...base, kind: "change-request", label: `Change request${milestone}`, text };
      }
      return { ...base, kind: "note", label: `Note${milestone}`, text };
    }
  }
}

/**
 * The thread as `role` may read it, for the job page and `GET /api/jobs/<id>/thread` alike. Items
 * written by anyone who is not a party are left out (the document store takes notes about any job
 * from any signed-in account); a project part's reviewer is not a party, but its verdicts join the
 * thread with their notes (web/server/projects/job-link.ts). `link` is the job's project link when
 * the caller reads it anyway; otherwise it is read here (a thread still renders without it when the
 * index and the registry cannot answer).
 */
export async function buildThread(
  chainId: number,
  parties: JobParties,
  viewer: string,
  role: ThreadRole,
  link: Promise<JobLinkView | null> = jobLink(parties.jobId).catch(() => null),
): Promise<ThreadItem[]> {
  const subject = subjectOf(chainId, parties.jobId);
  const kinds = ["quote", "note", "deliverable", "evidence", "message"] as const;
  const [lists, verdicts] = await Promise.all([
    Promise.all(kinds.map((kind) => listDocuments(kind, subject))),
    link.then((found) => (found?.part ? verdictEntries(chainId, parties.jobId, found.part.verdicts) : [])),
  ]);
  const quoters = new Set(parties.open ? [] : lists[0].map((q) => q.author.toLowerCase()));
  const me = viewer.toLowerCase();
  const roleOf = (author: string): ThreadRole | null =>
    author === parties.client
      ? "client"
      : author === parties.vendor
        ? "vendor"
        : author === parties.arbiter && parties.disputed
          ? "arbiter"
          : quoters.has(author)
            ? "quoting vendor"
            : null;
  const items: ThreadItem[] = [];
  kinds.forEach((kind, k) => {
    for (const doc of lists[k]) {
      const item = itemFrom(kind, doc, parties);
      if (!item) continue;
      const authorRole = roleOf(item.author);
      if (!authorRole) continue;
      // Quotes and pre-hire messages stay between the client and the vendor that wrote them; an
      // addressed message between its author and its addressee.
      const visible = item.to
        ? item.author === me || item.to === me
        : role === "client" || item.author === me || (role !== "quoting vendor" && authorRole !== "quoting vendor");
      if (visible) items.push({ ...item, role: authorRole });
    }
  });
  // A verdict's note is the reviewer's: it shows once, as the verdict.
  const noted = new Set(verdicts.map((v) => v.cid));
  return [...items.filter((item) => !noted.has(item.cid)), ...verdicts].sort((a, b) => a.at - b.at);
}

/** Whether `author` signed `message`: an EOA's key, or a contract wallet's ERC-1271 answer. */
async function signedBy(chainId: number, message: ThreadMessage, signature: Hex): Promise<boolean> {
  const recovered = await threadMessageSigner(chainId, message, signature);
  if (recovered && recovered.toLowerCase() === message.author.toLowerCase()) return true;
  try {
    const client = publicClient();
    const code = await client.getCode({ address: message.author });
    if (!code || code === "0x") return false;
    const magic = await client.readContract({
      address: message.author,
      abi: erc1271Abi,
      functionName: "isValidSignature",
      args: [threadMessageDigest(chainId, message), signature],
    });
    return magic.toLowerCase() === ERC1271_MAGIC;
  } catch {
    return false;
  }
}

const SPENT = "this message was already posted: its nonce is spent, sign a new message";

export type PostResult =
  { ok: true; cid: string; bytes: Uint8Array } | { ok: false; status: 400 | 403 | 409; error: string };

/**
 * Checks and stores a free message `body` (the JSON message document) posted by the signed-in
 * `sessionAddress` to job `parties.jobId`. Refused: another chain or job, another author than the
 * session, a stale or future timestamp, a signature that is not the author's, a message already
 * posted (its nonce is spent), an author who is not a party.
 */
export async function postMessage(
  body: Uint8Array,
  sessionAddress: string,
  chainId: number,
  parties: JobParties,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<PostResult> {
  let content: unknown;
  try {
    content = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch {
    return { ok: false, status: 400, error: "body must be a JSON message document" };
  }
  const problem = validateDocument("message", content);
  if (problem) return { ok: false, status: 400, error: problem };
  const doc = content as {
    chainId: number;
    jobId: string;
    author: string;
    to?: string;
    text: string;
    createdAt: number;
    nonce: Hex;
    signature: Hex;
  };
  const author = doc.author.toLowerCase();
  if (doc.chainId !== chainId) return { ok: false, status: 400, error: `chainId must be ${chainId}` };
  if (BigInt(doc.jobId).toString() !== parties.jobId) {
    return { ok: false, status: 400, error: `jobId must be ${parties.jobId}, the job of this thread` };
  }
  if (author !== sessionAddress.toLowerCase()) {
    return { ok: false, status: 403, error: "author must be the signed-in account" };
  }
  if (doc.createdAt > nowSeconds + MESSAGE_CLOCK_SKEW_SECONDS) {
    return { ok: false, status: 400, error: "createdAt is in the future" };
  }
  if (doc.createdAt < nowSeconds - MESSAGE_MAX_AGE_SECONDS) {
    return {
      ok: false,
      status: 400,
      error: `message signed too long ago (more than ${MESSAGE_MAX_AGE_SECONDS / 60} minutes): sign it again`,
    };
  }
  const message: ThreadMessage = {
    jobId: BigInt(doc.jobId),
    author: getAddress(doc.author),
    to: getAddress(doc.to ?? zeroAddress),
    text: doc.text,
    createdAt: BigInt(doc.createdAt),
    nonce: doc.nonce,
  };
  if (!(await signedBy(chainId, message, doc.signature))) {
    return { ok: false, status: 400, error: "signature is not the author's EIP-712 signature of this message" };
  }
  if (!(await threadRole(chainId, parties, author))) {
    return { ok: false, status: 403, error: "only the job's parties may write in its thread" };
  }
  const to = message.to.toLowerCase();
  if (BigInt(to) !== 0n && (to === author || !(await threadRole(chainId, parties, to)))) {
    return { ok: false, status: 400, error: "to must be another party of this job (or absent, for the whole thread)" };
  }
  const subject = subjectOf(chainId, parties.jobId);
  const earlier = await listDocuments("message", subject);
  const spent = earlier.some((m) => {
    const c = m.content as { author: string; nonce: string };
    return c.author.toLowerCase() === author && c.nonce.toLowerCase() === doc.nonce.toLowerCase();
  });
  if (spent) {
    return { ok: false, status: 409, error: SPENT };
  }
  const bytes = new TextEncoder().encode(JSON.stringify(content));
  const { cid, created } = await putDocument("message", bytes, author, subject);
  // Stored meanwhile by another request (the content is its address: the store keeps one copy).
  if (!created) return { ok: false, status: 409, error: SPENT };
  return { ok: true, cid, bytes };
}

/** The parties as the job page already has them from the index (no second query). */
export function partiesOf(job: {
  id: string;
  client: string;
  vendor: string | null;
  arbiter: string;
  open: boolean;
  milestones: { index: number; state: string; deliverableCid: string | null; dispute: unknown }[];
}): JobParties {
  const deliverables: Record<number, string> = {};
  for (const m of job.milestones) if (m.deliverableCid) deliverables[m.index] = m.deliverableCid;
  return {
    jobId: job.id,
    client: job.client.toLowerCase(),
    vendor: job.vendor?.toLowerCase() ?? null,
    arbiter: job.arbiter.toLowerCase(),
    open: job.open,
    disputed: job.milestones.some((m) => m.dispute !== null || m.state === "Disputed"),
    deliverables,
  };
}
