import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Countdown } from "@/components/countdown";
import { JobActionsSlot } from "@/components/job/job-actions-slot";
import type { ActionJob } from "@/components/job/types";
import { formatAmount, formatDate, formatDuration, shortHex, skillLabel } from "@/lib/format";
import { chainNow } from "@/server/chain";
import { serverConfig } from "@/server/config";
import { RefreshWhile } from "@/components/refresh-while";
import { chainJob, type ChainJob } from "@/server/chain-job";
import { jobDetail, type MilestoneView } from "@/server/job-detail";
import { SubgraphError, UNREACHABLE } from "@/server/subgraph";
import { specDescription, specTitle } from "@/server/jobs";
import { contractsOn } from "@/server/public-config";
import { readSession } from "@/server/auth/session";
import { quotesFor, settlementOffers } from "@/server/quotes";
import { Person } from "@/components/identity/person";
import { readDocument } from "@/server/documents/service";
import { buildThread, partiesOf, threadRole } from "@/server/thread";
import { DeliverableView } from "@/components/deliverable/deliverable-view";
import { ThreadView } from "@/components/thread/thread-view";
import { ComposerSlot } from "@/components/thread/composer-slot";
import { identitiesOf } from "@/server/names";
import { ProjectLinkSection } from "@/components/projects/review/project-link";
import { deployedProjectContracts, jobLink } from "@/server/projects/job-link";
import type { DeliverableAttachment } from "@mosaic/sdk/documents";

export const dynamic = "force-dynamic";

const DISPUTE_TIMEOUT_SECONDS = 30 * 24 * 60 * 60;

type Params = Promise<{ id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { id } = await params;
  return { title: `Job #${id}` };
}

function SpecSection({ job }: { job: NonNullable<Awaited<ReturnType<typeof jobDetail>>> }) {
  const { spec } = job;
  if (spec.state === "missing") {
    return (
      <p className="muted">
        The specification document (<span className="mono">{job.specCid}</span>) is not stored on this server.
      </p>
    );
  }
  if (spec.state === "corrupted") {
    return (
      <p role="alert" className="error">
        The stored specification does not match the CID recorded on chain; it is not shown.
      </p>
    );
  }
  const c = spec.content;
  return (
    <div className="card">
      <p>
        <span className="badge ok">Verified</span>{" "}
        <span className="small muted">
          the document&apos;s bytes match the CID on chain (<span className="mono">{shortHex(job.specCid)}</span>)
        </span>
      </p>
      {specDescription(spec) && <p style={{ whiteSpace: "pre-wrap" }}>{specDescription(spec)}</p>}
      <dl className="facts">
        {typeof c.timezoneOffsetMinutes === "number" && (
          <>
            <dt>Client timezone</dt>
            <dd>
              UTC{c.timezoneOffsetMinutes >= 0 ? "+" : "−"}
              {Math.abs(c.timezoneOffsetMinutes) / 60}
            </dd>
          </>
        )}
        {typeof c.overlapHours === "number" && (
          <>
            <dt>Working-hour overlap wanted</dt>
            <dd>{c.overlapHours} h</dd>
          </>
        )}
        {typeof c.rateMaxCents === "number" && (
          <>
            <dt>Rate ceiling</dt>
            <dd>${(c.rateMaxCents / 100).toFixed(0)} per hour</dd>
          </>
        )}
      </dl>
    </div>
  );
}

/** The milestone's title as the client typed it (stored in the verified spec). */
function milestoneTitle(job: NonNullable<Awaited<ReturnType<typeof jobDetail>>>, index: number): string | null {
  if (job.spec.state !== "verified") return null;
  const milestones = job.spec.content.milestones;
  if (!Array.isArray(milestones)) return null;
  const title = (milestones[index] as { title?: unknown } | undefined)?.title;
  return typeof title === "string" && title.trim() ? title : null;
}

type DeliverableLookup =
  | { state: "verified"; summary: string; links: string[]; attachments: DeliverableAttachment[] }
  | { state: "missing" }
  | { state: "corrupted" };

/** The deliverable a milestone's submission recorded on chain, read and checked against that CID. */
async function readDeliverable(cid: string): Promise<DeliverableLookup> {
  const result = await readDocument(cid);
  if (!result.ok) return result.status === 500 ? { state: "corrupted" } : { state: "missing" };
  try {
    const c = JSON.parse(new TextDecoder().decode(result.document.bytes)) as {
      summary?: unknown;
      links?: unknown;
      attachments?: unknown;
    };
    return {
      state: "verified",
      summary: typeof c.summary === "string" ? c.summary : "",
      links: Array.isArray(c.links) ? c.links.filter((l): l is string => typeof l === "string") : [],
      attachments: Array.isArray(c.attachments) ? (c.attachments as DeliverableAttachment[]) : [],
    };
  } catch {
    return { state: "missing" };
  }
}

function DeliverableSection({
  jobId,
  cid,
  found,
}: {
  jobId: string;
  cid: string;
  found: DeliverableLookup | undefined;
}) {
  const raw = (
    <a href={`/api/documents/${cid}`} className="mono small">
      {shortHex(cid)}
    </a>
  );
  if (!found || found.state === "missing")
    return <p className="muted">The deliverable ({raw}) is not stored on this server.</p>;
  if (found.state === "corrupted") {
    return (
      <p role="alert" className="error">
        The stored deliverable does not match the CID recorded on chain; it is not shown.
      </p>
    );
  }
  return (
    <div>
      <p className="small">
        <span className="badge ok">Verified</span> against the CID on chain ({raw})
      </p>
      <DeliverableView jobId={jobId} summary={found.summary} links={found.links} attachments={found.attachments} />
    </div>
  );
}

function MilestoneItem({
  m,
  job,
  now,
  deliverable,
}: {
  m: MilestoneView;
  job: NonNullable<Awaited<ReturnType<typeof jobDetail>>>;
  now: number;
  deliverable?: DeliverableLookup;
}) {
  return (
    <li className="card">
      <h3>
        Milestone {m.index + 1}: {m.state}
        {m.bonusState !== "None" ? ` (bonus ${m.bonusState})` : ""}
      </h3>
      <dl className="facts">
        {milestoneTitle(job, m.index) && (
          <>
            <dt>Title</dt>
            <dd>{milestoneTitle(job, m.index)}</dd>
          </>
        )}
        <dt>Amount</dt>
        <dd>{formatAmount(m.amount, job.token)}</dd>
        {BigInt(m.bonus) > 0n && (
          <>
            <dt>Outcome bonus</dt>
            <dd>{formatAmount(m.bonus, job.token)}</dd>
          </>
        )}
        <dt>Deadline</dt>
        <dd>
          <Countdown at={m.deadline} chainNow={now} />
        </dd>
        {m.state === "Submitted" && m.reviewEndsAt !== null && (
          <>
            <dt>Review window ends</dt>
            <dd>
              <Countdown at={m.reviewEndsAt} chainNow={now} past="ended" />
            </dd>
          </>
        )}
        {m.bonusState === "Held" && m.outcomeDeadline > 0 && (
          <>
            <dt>Outcome deadline</dt>
            <dd>
              <Countdown at={m.outcomeDeadline} chainNow={now} />
            </dd>
          </>
        )}
        {m.dispute && m.dispute.status === "Open" && (
          <>
            <dt>Dispute timeout</dt>
            <dd>
              <Countdown at={m.dispute.raisedAt + DISPUTE_TIMEOUT_SECONDS} chainNow={now} />
            </dd>
          </>
        )}
      </dl>
      {m.deliverableCid && (
        <>
          <h4>Deliverable</h4>
          <DeliverableSection jobId={job.id} cid={m.deliverableCid} found={deliverable} />
        </>
      )}
    </li>
  );
}

/** A job the index does not have yet, read from the escrow at the latest block. */
function ChainJobView({ job, unreachable }: { job: ChainJob; unreachable: boolean }) {
  const total = job.milestones.reduce((sum, m) => sum + m.amount + m.bonus, 0n);
  return (
    <>
      <h1>Job #{job.id}</h1>
      <p role="status" className="card">
        {unreachable
          ? "Mosaic's job index is temporarily unavailable. "
          : "The index is catching up with the chain; the full job page (specification, matches, actions) appears here on its own in a moment. "}
        What follows is read from the escrow contract at block {job.block.toString()}.
      </p>
      <RefreshWhile seconds={unreachable ? 10 : 2} />
      <dl className="facts card">
        <dt>Client</dt>
        <dd className="mono wrap">{job.client}</dd>
        <dt>Vendor</dt>
        <dd className="mono wrap">{job.vendor ?? "not hired yet"}</dd>
        <dt>Total</dt>
        <dd>{formatAmount(total, job.token)}</dd>
        <dt>Arbiter</dt>
        <dd className="mono wrap">{job.arbiter}</dd>
      </dl>
      <h2>Milestones</h2>
      <ol className="timeline">
        {job.milestones.map((m) => (
          <li key={m.index} className="card">
            <h3>
              Milestone {m.index + 1}: {m.state}
            </h3>
            <dl className="facts">
              <dt>Amount</dt>
              <dd>{formatAmount(m.amount, job.token)}</dd>
              {m.bonus > 0n && (
                <>
                  <dt>Outcome bonus</dt>
                  <dd>{formatAmount(m.bonus, job.token)}</dd>
                </>
              )}
              <dt>Deadline</dt>
              <dd>{formatDate(m.deadline)}</dd>
            </dl>
          </li>
        ))}
      </ol>
    </>
  );
}

export default async function JobPage({ params }: { params: Params }) {
  const { id } = await params;
  const [indexed, now] = await Promise.all([
    jobDetail(id).catch((error: unknown) => {
      if (error instanceof SubgraphError) return "unreachable" as const;
      throw error;
    }),
    chainNow(),
  ]);
  if (indexed === null || indexed === "unreachable") {
    // Not in the index (yet): a job just posted, or an index that is behind or down. The chain
    // has the truth; show it and render again until the index has the job.
    const onChain = await chainJob(id).catch(() => null);
    if (!onChain) {
      if (indexed === "unreachable") {
        return (
          <>
            <h1>Job #{id}</h1>
            <p role="alert" className="error">
              {UNREACHABLE}
            </p>
          </>
        );
      }
      notFound();
    }
    return <ChainJobView job={onChain} unreachable={indexed === "unreachable"} />;
  }
  const job = indexed;
  // The arbiter's fee is part of where a disputed milestone's money went: without it the table
  // would not add up to what was escrowed.
  const arbiterFees = job.milestones
    .filter((m) => BigInt(m.arbiterFee) > 0n)
    .map((m) => ({
      id: `arbiter-${m.index}`,
      index: m.index,
      timestamp: m.dispute?.resolvedAt ?? 0,
      what: "Arbiter's fee (dispute ruling)",
      amount: m.arbiterFee,
      fee: "0",
    }));
  const config = serverConfig();
  const contracts = contractsOn(config.chainId);
  const total = BigInt(job.totalAmount) + BigInt(job.totalBonus);
  // Quotes are private to each offer: the client sees them all, a vendor its own (signed-in only).
  const session = await readSession(new Request("http://localhost/", { headers: await headers() }));
  const viewer = session.ok ? session.session.address.toLowerCase() : null;
  // The thread renders here for the signed-in party: no second round trip from the browser.
  const parties = partiesOf(job);
  const role = await threadRole(config.chainId, parties, viewer);
  // The job's project link: a page without it still renders when the index and the registry are down.
  const linkRead = jobLink(job.id).catch(() => null);
  const [allQuotes, settlements, thread, deliverables, link] = await Promise.all([
    job.open || !viewer ? [] : quotesFor(config.chainId, contracts?.escrow, job.id, total, now),
    job.milestones.some((m) => m.state === "Disputed") ? settlementOffers(config.chainId, job.id) : [],
    // With a project reviewer's verdicts and their notes, as the thread API answers.
    role && viewer ? buildThread(config.chainId, parties, viewer, role, linkRead) : [],
    Promise.all(job.milestones.map((m) => (m.deliverableCid ? readDeliverable(m.deliverableCid) : undefined))),
    linkRead,
  ]);
  const quotes = allQuotes.filter((q) => viewer === job.client.toLowerCase() || q.vendor.toLowerCase() === viewer);
  // The client may answer one quoting vendor alone: its message is for that vendor's eyes only.
  const quoters = role === "client" ? [...new Set(quotes.map((q) => q.vendor.toLowerCase()))] : [];
  const names = await identitiesOf(quoters);
  const recipients = quoters.map((address) => ({
    address,
    label: names.get(address)?.name ?? `${address.slice(0, 6)}…${address.slice(-4)}`,
  }));
  const title = specTitle(job.spec) ?? `Job #${job.id}`;
  const actionJob: ActionJob = {
    id: job.id,
    client: job.client as `0x${string}`,
    vendor: job.vendor as `0x${string}` | null,
    token: job.token,
    open: job.open,
    requiredSkills: job.requiredSkills as `0x${string}`[],
    milestones: job.milestones.map((m) => ({
      index: m.index,
      amount: m.amount,
      bonus: m.bonus,
      state: m.state,
      bonusState: m.bonusState,
      deadline: m.deadline,
      reviewEndsAt: m.reviewEndsAt,
      outcomeDeadline: m.outcomeDeadline,
      disputeRaisedAt: m.dispute?.status === "Open" ? m.dispute.raisedAt : null,
      changesRequested: m.state === "Funded" && m.changeRequestCount > 0,
    })),
    paidSomething: BigInt(job.paidToVendor) > 0n,
    clientRated: job.clientRated,
    vendorRated: job.vendorRated,
    disputeTimeoutSeconds: DISPUTE_TIMEOUT_SECONDS,
    arbiterFeeBps: job.arbiterFeeBps,
  };
  return (
    <>
      <h1>{title}</h1>
      <p>
        <Link href={`/jobs/${job.id}/matches`}>See matching vendors</Link>
      </p>
      <dl className="facts card">
        <dt>Job</dt>
        <dd>#{job.id}</dd>
        <dt>Status</dt>
        <dd>{job.status}</dd>
        <dt>Hiring</dt>
        <dd>
          {job.open
            ? `Open: vendors with rating ≥ ${(job.minRating / 100).toFixed(2)} and ≥ ${job.minPaidJobs} paid jobs may claim it`
            : "By invitation: hired from a vendor's signed quote"}
        </dd>
        <dt>Client</dt>
        <dd>
          <Person address={job.client} full />
        </dd>
        <dt>Vendor</dt>
        <dd>{job.vendor ? <Person address={job.vendor} full /> : "not hired yet"}</dd>
        <dt>Total</dt>
        <dd>
          {formatAmount(job.totalAmount, job.token)}
          {BigInt(job.totalBonus) > 0n ? ` + ${formatAmount(job.totalBonus, job.token)} outcome bonus` : ""}
        </dd>
        <dt>Escrow holds</dt>
        <dd>{formatAmount(job.held, job.token)}</dd>
        <dt>Review window</dt>
        <dd>{formatDuration(job.reviewWindow)}</dd>
        <dt>Platform fee</dt>
        <dd>{(job.feeBps / 100).toFixed(2)}%</dd>
        <dt>Arbiter</dt>
        <dd>
          <span className="mono">{job.arbiter}</span> ({(job.arbiterFeeBps / 100).toFixed(2)}% of a disputed amount)
        </dd>
        <dt>Posted</dt>
        <dd>{formatDate(job.createdAt)}</dd>
        {job.requiredSkills.length > 0 && (
          <>
            <dt>Skills</dt>
            <dd>{job.requiredSkills.map(skillLabel).join(", ")}</dd>
          </>
        )}
      </dl>
      {link && (
        <ProjectLinkSection
          link={link}
          job={{
            id: job.id,
            client: job.client,
            vendor: job.vendor,
            arbiter: job.arbiter as `0x${string}`,
            arbiterFeeBps: job.arbiterFeeBps,
            reviewWindow: job.reviewWindow,
            token: actionJob.token,
            milestones: job.milestones.map((m) => ({ index: m.index, state: m.state })),
          }}
          contracts={deployedProjectContracts(config.chainId)}
          now={now}
        />
      )}
      <h2>Specification</h2>
      <SpecSection job={job} />
      <h2>Milestones</h2>
      <ol className="timeline">
        {job.milestones.map((m) => (
          <MilestoneItem key={m.index} m={m} job={job} now={now} deliverable={deliverables[m.index]} />
        ))}
      </ol>
      <JobActionsSlot job={actionJob} quotes={quotes} settlements={settlements} chainNow={now} />
      <section aria-labelledby="thread-title">
        <h2 id="thread-title">Thread</h2>
        {!viewer ? (
          <p>Sign in as the job&apos;s client or vendor to read its thread and write in it.</p>
        ) : !role ? (
          <p>
            This job&apos;s thread is private to its client, its vendor, vendors that quoted it and, once it is
            disputed, its arbiter.
          </p>
        ) : (
          <>
            <ThreadView jobId={job.id} items={thread} viewer={viewer} />
            <ComposerSlot jobId={job.id} recipients={recipients} />
          </>
        )}
      </section>
      {!job.open && (
        <>
          <h2>Quotes</h2>
          {!viewer ? (
            <p>Sign in as the job&apos;s client to see the quotes vendors sent (a vendor sees its own).</p>
          ) : quotes.length === 0 ? (
            <p>No quote you may see for this job yet.</p>
          ) : (
            <table>
              <caption className="muted small">Signed quotes stored for this job</caption>
              <thead>
                <tr>
                  <th scope="col">Vendor</th>
                  <th scope="col">Price</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Status</th>
                  <th scope="col">Message</th>
                </tr>
              </thead>
              <tbody>
                {quotes.map((q) => (
                  <tr key={q.cid}>
                    <td>
                      <Person address={q.vendor} />
                    </td>
                    <td>{formatAmount(q.price, job.token)}</td>
                    <td>{formatDate(q.expiresAt)}</td>
                    <td>{q.problem ? `Unusable: ${q.problem}` : job.vendor ? "Job already hired" : "Valid"}</td>
                    <td>{q.message ?? <span className="muted">none</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      <h2>Payments and refunds</h2>
      {job.payments.length + job.refunds.length + arbiterFees.length === 0 ? (
        <p>Nothing paid or refunded yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col">Milestone</th>
              <th scope="col">Amount</th>
              <th scope="col">Platform fee</th>
            </tr>
          </thead>
          <tbody>
            {[
              ...job.payments.map((p) => ({
                ...p,
                what: p.deferred
                  ? `Owed to vendor (${p.kind}): the payment was refused, the vendor withdraws it`
                  : `Paid to vendor (${p.kind})`,
                amount: p.toVendor,
                fee: p.fee,
              })),
              ...arbiterFees,
              ...job.refunds.map((r) => ({
                ...r,
                what: r.deferred
                  ? `Owed to client (${r.kind}): the refund was refused, the client withdraws it`
                  : `Refunded to client (${r.kind})`,
                fee: "0",
              })),
            ]
              .sort((a, b) => a.timestamp - b.timestamp)
              .map((row) => (
                <tr key={`${row.what}-${row.id}`}>
                  <td>{formatDate(row.timestamp)}</td>
                  <td>{row.what}</td>
                  <td>{row.index + 1}</td>
                  <td>{formatAmount(row.amount, job.token)}</td>
                  <td>{formatAmount(row.fee, job.token)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
    </>
  );
}
