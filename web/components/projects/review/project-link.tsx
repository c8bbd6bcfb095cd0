/**
 * A project job's place in its project, on the job page: "Part N of project X", the part's review
 * layer (reviewer, share, deadline, state and every verdict with its transaction), the actions the
 * connected account may take on it, and the chain of who does what with the sub-job form.
 */
import Link from "next/link";
import { Person } from "@/components/identity/person";
import { SubJobChain } from "@/components/projects/subjobs/sub-job-chain";
import { SubJobSlot } from "@/components/projects/subjobs/sub-job-slot";
import type { ActionJob } from "@/components/job/types";
import { formatAmount, formatDate, shortHex } from "@/lib/format";
import { reviewSettlement, type JobLinkView, type ProjectContracts } from "@/server/projects/job-link";
import { ReviewActionsSlot } from "./review-actions-slot";

const REVIEW_STATE: Record<string, string> = {
  None: "no reviewer named",
  Held: "share held by the project registry",
  Paid: "share paid to the reviewer",
  Refunded: "share refunded to the client",
};

export interface LinkedJob {
  id: string;
  client: string;
  vendor: string | null;
  arbiter: `0x${string}`;
  arbiterFeeBps: number;
  reviewWindow: number;
  token: ActionJob["token"];
  milestones: { index: number; state: string }[];
}

function Where({ link, jobId }: { link: JobLinkView; jobId: string }) {
  const project = <Link href={`/projects/${link.projectId}`}>project #{link.projectId}</Link>;
  const part = link.part ? `Part ${link.part.index + 1}` : "A part";
  if (link.kind === "SubJob") {
    return (
      <p>
        Sub-job of <Link href={`/jobs/${link.parentJobId}`}>job #{link.parentJobId}</Link>
        {link.part ? `, in part ${link.part.index + 1}` : ""} of {project}. Its vendor is hired, paid and rated by the
        escrow like any vendor; the job that posted it pays it.
      </p>
    );
  }
  if (link.kind === "Shift") {
    return (
      <p>
        Shift {(link.shift ?? 0) + 1} of part {(link.part?.index ?? 0) + 1} of {project} (a relay: one job per shift).
      </p>
    );
  }
  return (
    <p>
      {part} of {project}
      <span className="muted small"> (job #{jobId} pays this part)</span>
    </p>
  );
}

export function ProjectLinkSection({
  link,
  job,
  contracts,
  now,
}: {
  link: JobLinkView;
  job: LinkedJob;
  contracts: ProjectContracts | null;
  now: number;
}) {
  const part = link.part;
  const ownPart = link.kind === "Part" && !!part && part.jobId === job.id;
  const verdicts = ownPart ? part.verdicts.filter((v) => v.jobId === job.id) : [];
  const last = job.milestones.at(-1);
  const settlement =
    ownPart && last ? reviewSettlement(part, { vendor: job.vendor, lastMilestoneState: last.state }, now) : null;
  return (
    <section aria-labelledby="project-link-title" className="card">
      <h2 id="project-link-title">Project</h2>
      <Where link={link} jobId={job.id} />
      {link.source === "chain" && (
        <p role="status" className="small muted">
          Read from the project registry: the index has not caught up with this link yet.
        </p>
      )}
      {ownPart && part && (
        <section aria-labelledby="review-layer-title">
          <h3 id="review-layer-title">Review layer</h3>
          {part.reviewer ? (
            <dl className="facts">
              <dt>Reviewer</dt>
              <dd>
                <Person address={part.reviewer} full />
              </dd>
              <dt>Share</dt>
              <dd>
                {formatAmount(part.reviewerShare, job.token)} ({(part.reviewerShareBps / 100).toFixed(2)}% of the
                part&apos;s {formatAmount(part.budget, job.token)})
              </dd>
              <dt>Review deadline</dt>
              <dd>{formatDate(part.reviewDeadline)}</dd>
              <dt>State</dt>
              <dd data-testid="review-state" data-state={part.reviewState}>
                {REVIEW_STATE[part.reviewState]}
                {part.reviewState === "Held" ? (part.signedOff ? "; signed off" : "; not signed off yet") : ""}
              </dd>
            </dl>
          ) : (
            <p>No reviewer is named for this part: the client approves on its own.</p>
          )}
          {verdicts.length > 0 && (
            <ol aria-label="Reviewer's verdicts" className="small">
              {verdicts.map((v) => (
                <li key={v.transactionHash}>
                  Milestone {v.milestoneIndex + 1}: {v.signedOff ? "signed off" : "rejected"} on{" "}
                  {formatDate(v.timestamp)} (transaction <span className="mono">{shortHex(v.transactionHash)}</span>;
                  note in the thread)
                </li>
              ))}
            </ol>
          )}
          {contracts && (
            <ReviewActionsSlot
              registry={contracts.registry}
              projectId={link.projectId}
              jobId={job.id}
              token={job.token}
              projectClient={link.project.client}
              jobVendor={job.vendor}
              part={{
                index: part.index,
                budget: part.budget,
                skills: part.skills,
                reviewer: part.reviewer,
                reviewerShare: part.reviewerShare,
                reviewState: part.reviewState,
                signedOff: part.signedOff,
                reviewable: part.shiftCount === 0,
              }}
              submitted={job.milestones.filter((m) => m.state === "Submitted").map((m) => m.index)}
              settlement={settlement}
              chainNow={now}
            />
          )}
        </section>
      )}
      {link.root && <SubJobChain root={link.root} current={job.id} />}
      {contracts && (
        <SubJobSlot
          registry={contracts.registry}
          escrow={contracts.escrow}
          parentJobId={job.id}
          prime={job.vendor}
          token={job.token}
          arbiter={job.arbiter}
          arbiterFeeBps={job.arbiterFeeBps}
          reviewWindow={job.reviewWindow}
          chainNow={now}
        />
      )}
    </section>
  );
}
