/**
 * An address's inbox: everything on its jobs that happened to it or waits for it, as a client, a
 * vendor or an arbiter. Built from the index's event records (submissions, change requests,
 * payments, refunds, hires, disputes, ratings), the quotes in the document store and the review
 * windows about to auto-pay. Nothing is stored per user: what was read is a timestamp the browser
 * keeps in a cookie (INBOX_READ_COOKIE).
 */
import { formatAmount, shortHex } from "../lib/format.ts";
import { chainNow } from "./chain.ts";
import { serverConfig } from "./config.ts";
import { listDocuments } from "./documents/service.ts";
import { readSpec, specTitle } from "./jobs.ts";
import { hiringSubject, type HiringKind } from "./hiring.ts";
import { querySubgraph } from "./subgraph.ts";
import { tokenInfo } from "./tokens.ts";

export const INBOX_READ_COOKIE = "mosaic_inbox_read";

/** A review window ending within this many seconds is announced as a deadline ahead. */
const DEADLINE_AHEAD = 24 * 3600;
/** Items older than this are not listed (the job pages keep the full history). */
const HORIZON = 90 * 24 * 3600;
const PER_KIND = 50;

export type InboxKind =
  | "hired"
  | "submission"
  | "change-request"
  | "payment"
  | "refund"
  | "dispute"
  | "ruling"
  | "rating"
  | "quote"
  | "invitation"
  | "counter-offer"
  | "deadline";

export interface InboxItem {
  /** Stable across reads: the index record's id (or the quote's CID, or the milestone and its window). */
  id: string;
  kind: InboxKind;
  /** Unix seconds: when it happened (for a deadline ahead, when the window was opened). */
  at: number;
  jobId: string;
  text: string;
  /** Whether the reader has something to do about it now. */
  action: boolean;
  /** Where to act, when not the job's page. */
  href?: string;
}

interface JobRef {
  id: string;
  specCid: string;
  client: { id: string };
  vendor: { id: string } | null;
}
interface MilestoneRef {
  index: number;
  state: string;
  reviewEndsAt: string | null;
}
interface EventRef {
  id: string;
  timestamp: string;
  job: JobRef;
  milestone: MilestoneRef;
}

const JOB = "job { id specCid client { id } vendor { id } }";
const MILESTONE = "milestone { index state reviewEndsAt }";

const QUERY = `query Inbox($me: Bytes!, $since: BigInt!) {
  submissions(where: { job_: { client: $me }, timestamp_gt: $since }, first: ${PER_KIND}, orderBy: timestamp, orderDirection: desc) {
    id timestamp reviewEndsAt ${JOB} ${MILESTONE}
  }
  changeRequests(where: { job_: { vendor: $me }, timestamp_gt: $since }, first: ${PER_KIND}, orderBy: timestamp, orderDirection: desc) {
    id timestamp newDeadline ${JOB} ${MILESTONE}
  }
  payments(where: { vendor: $me, timestamp_gt: $since }, first: ${PER_KIND}, orderBy: timestamp, orderDirection: desc) {
    id timestamp toVendor automatic token { id } ${JOB} ${MILESTONE}
  }
  refunds(where: { job_: { vendor: $me }, timestamp_gt: $since }, first: ${PER_KIND}, orderBy: timestamp, orderDirection: desc) {
    id timestamp kind ${JOB} ${MILESTONE}
  }
  hires(where: { client: $me, timestamp_gt: $since }, first: ${PER_KIND}, orderBy: timestamp, orderDirection: desc) {
    id timestamp byQuote vendor { id } job { id specCid client { id } vendor { id } }
  }
  raised: disputes(where: { or: [{ job_: { client: $me }, raisedAt_gt: $since }, { job_: { vendor: $me }, raisedAt_gt: $since }, { arbiter: $me, raisedAt_gt: $since }] }, first: ${PER_KIND}, orderBy: raisedAt, orderDirection: desc) {
    id raisedAt resolvedAt status raisedBy arbiter vendorBps ${JOB} ${MILESTONE}
  }
  ratings(where: { ratee: $me, timestamp_gt: $since }, first: ${PER_KIND}, orderBy: timestamp, orderDirection: desc) {
    id timestamp score job { id specCid client { id } vendor { id } }
  }
  waiting: milestones(where: { state: Submitted, job_: { client: $me } }, first: ${PER_KIND}, orderBy: reviewEndsAt) {
    id index reviewEndsAt job { id specCid client { id } vendor { id } }
  }
  inviteJobs: jobs(where: { client: $me, open: false, status: Open }, first: ${PER_KIND}, orderBy: createdAt, orderDirection: desc) {
    id specCid client { id } vendor { id }
  }
}`;

interface InboxData {
  submissions: (EventRef & { reviewEndsAt: string })[];
  changeRequests: (EventRef & { newDeadline: string })[];
  payments: (EventRef & { toVendor: string; automatic: boolean; token: { id: string } })[];
  refunds: (EventRef & { kind: string })[];
  hires: { id: string; timestamp: string; byQuote: boolean; vendor: { id: string }; job: JobRef }[];
  raised: {
    id: string;
    raisedAt: string;
    resolvedAt: string | null;
    status: string;
    raisedBy: string;
    arbiter: string;
    vendorBps: number | null;
    job: JobRef;
    milestone: MilestoneRef;
  }[];
  ratings: { id: string; timestamp: string; score: number; job: JobRef }[];
  waiting: { id: string; index: number; reviewEndsAt: string | null; job: JobRef }[];
  inviteJobs: JobRef[];
}

function hoursLeft(seconds: number): string {
  const hours = Math.max(1, Math.round(seconds / 3600));
  return hours === 1 ? "about an hour" : `about ${hours} hours`;
}

/** The inbox of `address`, newest first. */
export async function inboxOf(address: string): Promise<InboxItem[]> {
  const me = address.toLowerCase();
  const now = await chainNow();
  const data = await querySubgraph<InboxData>(QUERY, { me, since: String(now - HORIZON) });

  const titles = new Map<string, Promise<string>>();
  const title = (job: JobRef) => {
    if (!titles.has(job.id)) {
      titles.set(
        job.id,
        readSpec(job.specCid).then((spec) => `“${specTitle(spec) ?? `Job #${job.id}`}”`),
      );
    }
    return titles.get(job.id)!;
  };
  const m = (milestone: { index: number }) => `Milestone ${milestone.index + 1}`;

  const items: Promise<InboxItem>[] = [];
  const add: AddItem = (item, text, job) => {
    items.push(title(job).then(async (t) => ({ ...item, text: await text(t) })));
  };

  // Lists come newest first: only a milestone's latest submission or change request can still wait.
  const seen = new Set<string>();
  const latest = (kind: string, e: EventRef) => {
    const key = `${kind}-${e.job.id}-${e.milestone.index}`;
    const first = !seen.has(key);
    seen.add(key);
    return first;
  };
  for (const s of data.submissions) {
    const open = latest("submission", s) && s.milestone.state === "Submitted";
    add(
      { id: s.id, kind: "submission", at: Number(s.timestamp), jobId: s.job.id, action: open },
      (t) =>
        `${m(s.milestone)} of ${t} was submitted${open ? ": approve it or request changes before the review window ends" : ""}.`,
      s.job,
    );
  }
  for (const c of data.changeRequests) {
    add(
      {
        id: c.id,
        kind: "change-request",
        at: Number(c.timestamp),
        jobId: c.job.id,
        action: latest("change", c) && c.milestone.state === "Funded",
      },
      (t) => `The client asked for changes to ${m(c.milestone)} of ${t}: read the note on the job page.`,
      c.job,
    );
  }
  for (const p of data.payments) {
    add(
      { id: p.id, kind: "payment", at: Number(p.timestamp), jobId: p.job.id, action: false },
      async (t) =>
        `You were paid ${formatAmount(p.toVendor, await tokenInfo(p.token.id))} for ${m(p.milestone)} of ${t}${p.automatic ? " (the review window passed)" : ""}.`,
      p.job,
    );
  }
  for (const r of data.refunds) {
    add(
      { id: r.id, kind: "refund", at: Number(r.timestamp), jobId: r.job.id, action: false },
      (t) => `${m(r.milestone)} of ${t} was refunded to the client.`,
      r.job,
    );
  }
  for (const h of data.hires) {
    add(
      { id: h.id, kind: "hired", at: Number(h.timestamp), jobId: h.job.id, action: false },
      (t) => `${shortHex(h.vendor.id)} ${h.byQuote ? "was hired from its quote" : "claimed"} ${t}.`,
      h.job,
    );
  }
  for (const d of data.raised) {
    const isArbiter = d.arbiter.toLowerCase() === me;
    const byMe = d.raisedBy.toLowerCase() === me;
    add(
      {
        id: `${d.id}-raised`,
        kind: "dispute",
        at: Number(d.raisedAt),
        jobId: d.job.id,
        action: d.status === "Open" && !byMe,
      },
      (t) =>
        isArbiter
          ? `${m(d.milestone)} of ${t} is disputed and waits for your ruling.`
          : byMe
            ? `You disputed ${m(d.milestone)} of ${t}.`
            : `${m(d.milestone)} of ${t} was disputed: add your evidence for the arbiter.`,
      d.job,
    );
    if (d.resolvedAt) {
      add(
        { id: `${d.id}-ruled`, kind: "ruling", at: Number(d.resolvedAt), jobId: d.job.id, action: false },
        (t) =>
          d.vendorBps === null
            ? `The dispute over ${m(d.milestone)} of ${t} was resolved.`
            : `The dispute over ${m(d.milestone)} of ${t} was resolved: ${d.vendorBps / 100}% to the vendor.`,
        d.job,
      );
    }
  }
  for (const r of data.ratings) {
    add(
      { id: r.id, kind: "rating", at: Number(r.timestamp), jobId: r.job.id, action: false },
      (t) => `You were rated ${r.score} of 5 for ${t}.`,
      r.job,
    );
  }
  for (const w of data.waiting) {
    const ends = Number(w.reviewEndsAt ?? 0);
    if (ends <= now || ends - now > DEADLINE_AHEAD) continue;
    add(
      { id: `${w.id}-window`, kind: "deadline", at: ends - DEADLINE_AHEAD, jobId: w.job.id, action: true },
      (t) => `${m(w)} of ${t} is paid automatically in ${hoursLeft(ends - now)} unless you act.`,
      w.job,
    );
  }
  const { chainId } = serverConfig();
  await Promise.all(
    data.inviteJobs
      .filter((job) => job.vendor === null)
      .map(async (job) => {
        for (const quote of await listDocuments("quote", `job:${chainId}:${job.id}`)) {
          add(
            {
              id: quote.cid,
              kind: "quote",
              at: Math.floor(quote.createdAt / 1000),
              jobId: job.id,
              action: true,
            },
            (t) => `A vendor sent a signed quote for ${t}.`,
            job,
          );
        }
      }),
  );
  await addHiring(me, chainId, add);
  return (await Promise.all(items)).sort((a, b) => b.at - a.at || a.id.localeCompare(b.id));
}

type AddItem = (
  item: Omit<InboxItem, "text">,
  text: (jobTitle: string) => string | Promise<string>,
  job: JobRef,
) => void;

/** A vendor's invitations and counter-offers: those their job's client wrote, while the job has no vendor. */
async function addHiring(me: string, chainId: number, add: AddItem): Promise<void> {
  const kinds: HiringKind[] = ["invitation", "counter-offer"];
  const docs = (
    await Promise.all(
      kinds.map(async (kind) =>
        (await listDocuments(kind, hiringSubject(kind, chainId, me))).map((doc) => ({ kind, ...doc })),
      ),
    )
  ).flat();
  if (docs.length === 0) return;
  const ids = [...new Set(docs.map((doc) => String((doc.content as { jobId: string }).jobId)))];
  const { jobs } = await querySubgraph<{ jobs: (JobRef & { token: { id: string } })[] }>(
    `query Hiring($ids: [ID!]!) { jobs(where: { id_in: $ids }, first: 1000) { id specCid client { id } vendor { id } token { id } } }`,
    { ids },
  );
  const byId = new Map(jobs.map((job) => [job.id, job]));
  for (const doc of docs) {
    const content = doc.content as { jobId: string; price?: string; message?: string };
    const job = byId.get(content.jobId);
    if (!job || job.client.id !== doc.author.toLowerCase()) continue;
    const said = content.message ? `: “${content.message}”` : "";
    const item = {
      id: doc.cid,
      kind: doc.kind,
      at: Math.floor(doc.createdAt / 1000),
      jobId: job.id,
      action: job.vendor === null,
      href: "/vendor/jobs",
    };
    if (doc.kind === "invitation") {
      add(item, (t) => `The client of ${t} invited you to quote${said}.`, job);
    } else {
      add(
        item,
        async (t) =>
          `The client of ${t} would accept ${formatAmount(content.price!, await tokenInfo(job.token.id))} for your quote${said}. Sign a new quote at that price in Find work if you agree.`,
        job,
      );
    }
  }
}

/** What is unread: items after the read mark (a unix time; 0 when the reader never opened the inbox). */
export function unreadOf(items: InboxItem[], readAt: number): InboxItem[] {
  return items.filter((item) => item.at > readAt);
}

/** The read mark from a Cookie header. */
export function readMarkOf(cookie: string | null): number {
  const match = new RegExp(`(?:^|;\\s*)${INBOX_READ_COOKIE}=(\\d+)`).exec(cookie ?? "");
  return match ? Number(match[1]) : 0;
}
