import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Person } from "@/components/identity/person";
import { MoneyTable, ReviewTable } from "@/components/projects/page/money";
import { RelayChartView } from "@/components/projects/page/relay-chart";
import { HandoffForm } from "@/components/projects/page/slots";
import { RefreshWhile } from "@/components/refresh-while";
import { formatAmount, formatDate, skillLabel } from "@/lib/format";
import { readSpec, specDescription, specTitle } from "@/server/jobs";
import {
  checkAgainstChain,
  clockTime,
  projectOnChain,
  projectRegistryAddress,
  projectView,
  relayChart,
  utcOffsetLabel,
  type LinkedJob,
  type PartView,
  type ProjectView,
} from "@/server/projects/read";
import { SubgraphError } from "@/server/subgraph";

export const dynamic = "force-dynamic";

type Params = Promise<{ id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Project ${(await params).id}` };
}

/** A note document's text, when this server stores it and it matches its CID. */
async function noteText(cid: string): Promise<string | null> {
  const doc = await readSpec(cid);
  return doc.state === "verified" && typeof doc.content.text === "string" ? doc.content.text : null;
}

const REVIEW_STATES: Record<string, string> = {
  None: "No reviewer named",
  Held: "Share held until the review settles",
  Paid: "Share paid to the reviewer",
  Refunded: "Share refunded to the client",
};

function JobLine({ job, token }: { job: LinkedJob; token: ProjectView["token"] }) {
  return (
    <li>
      <Link href={`/jobs/${job.jobId}`}>Job #{job.jobId}</Link>
      {job.kind === "Shift" && job.shift !== null && ` (shift ${job.shift + 1})`}: {job.status}
      {job.replaced && " (ended unpaid, replaced)"}; {formatAmount(job.money.escrowed, token)} escrowed; milestones{" "}
      {job.milestones.map((m) => `${m.index + 1} ${m.state.toLowerCase()}`).join(", ")}
      {job.vendor ? (
        <>
          {" "}
          — vendor <Person address={job.vendor} />
        </>
      ) : (
        " — no vendor hired yet"
      )}
    </li>
  );
}

async function PartSection({
  project,
  part,
  registry,
}: {
  project: ProjectView;
  part: PartView;
  registry: `0x${string}` | null;
}) {
  const n = part.index + 1;
  const { token } = project;
  const chart = part.relay
    ? relayChart(part.shifts, project.utcOffsetMinutes, project.workStartMinute, project.workEndMinute)
    : null;
  const texts = new Map(
    await Promise.all(part.handoffs.map(async (h) => [h.noteCid, await noteText(h.noteCid)] as const)),
  );
  const latestFor = part.shifts.flatMap((s) => {
    const h = part.handoffs.find((x) => x.nextShift === s.index);
    return h ? [{ nextShift: s.index, shift: h.shift, noteCid: h.noteCid, text: texts.get(h.noteCid) ?? null }] : [];
  });
  const local = (utcMinute: number) => clockTime(utcMinute + project.utcOffsetMinutes);
  return (
    <section className="card" aria-labelledby={`part-${part.index}-title`} data-testid={`part-${part.index}`}>
      <h2 id={`part-${part.index}-title`}>
        Part {n}
        {part.relay ? " (relay)" : ""}
      </h2>
      <ul className="meta">
        <li>
          Budget {formatAmount(part.budget, token)}; committed {formatAmount(part.committed, token)}
        </li>
        {part.skills.length > 0 && <li>Skills: {part.skills.map(skillLabel).join(", ")}</li>}
        <li data-testid={`part-${part.index}-status`}>Status: {part.status}</li>
        <li data-testid={`part-${part.index}-ready`} className={part.readiness.ready ? "ok" : undefined}>
          {part.readiness.reason}
        </li>
      </ul>

      <h3>Team</h3>
      {part.relay ? (
        <ol aria-label={`Shifts of part ${n}`}>
          {part.shifts.map((s) => (
            <li key={s.index}>
              Shift {s.index + 1}: <Person address={s.vendor} />, {local(s.startMinute)}–
              {local(s.startMinute + s.lengthMinutes)} your time ({clockTime(s.startMinute)}–
              {clockTime(s.startMinute + s.lengthMinutes)} UTC)
              {s.jobId ? (
                <>
                  , paid by <Link href={`/jobs/${s.jobId}`}>job #{s.jobId}</Link>
                </>
              ) : (
                ", no job linked yet"
              )}
            </li>
          ))}
        </ol>
      ) : null}
      {part.jobs.length === 0 ? (
        <p className="muted">No job linked to this part yet.</p>
      ) : (
        <ul aria-label={`Jobs of part ${n}`}>
          {part.jobs.map((j) => (
            <JobLine key={j.jobId} job={j} token={token} />
          ))}
        </ul>
      )}

      {chart && (
        <>
          <h3>Relay</h3>
          <RelayChartView chart={chart} part={part.index} utcOffsetMinutes={project.utcOffsetMinutes} />
          {registry && (
            <HandoffForm
              registry={registry}
              projectId={project.id}
              part={part.index}
              shifts={part.shifts.map((s) => ({ index: s.index, vendor: s.vendor }))}
              latestFor={latestFor}
            />
          )}
          <h4>Handoff notes (latest first)</h4>
          {part.handoffs.length === 0 ? (
            <p className="muted">No handoff yet.</p>
          ) : (
            <ol className="timeline" aria-label={`Handoffs of part ${n}`}>
              {part.handoffs.map((h) => (
                <li key={h.transactionHash} className="card">
                  <p className="small muted">
                    {formatDate(h.timestamp)}: shift {h.shift + 1} to shift {h.nextShift + 1}, by{" "}
                    <Person address={h.vendor} />
                  </p>
                  <p>{texts.get(h.noteCid) ?? <a href={`/api/documents/${h.noteCid}`}>handoff note</a>}</p>
                </li>
              ))}
            </ol>
          )}
        </>
      )}

      <h3>Review</h3>
      {part.reviewer ? (
        <ul className="meta">
          <li>
            Reviewer <Person address={part.reviewer} />, {part.reviewerShareBps / 100}% (
            {formatAmount(part.reviewerShare, token)})
          </li>
          <li data-testid={`part-${part.index}-review-state`}>
            {REVIEW_STATES[part.reviewState] ?? part.reviewState}
            {part.reviewState === "Held" &&
              (part.signedOff ? "; signed off" : `; review deadline ${formatDate(part.reviewDeadline)}`)}
          </li>
        </ul>
      ) : (
        <p className="muted">{part.relay ? "Relay parts take no reviewer." : "No reviewer named."}</p>
      )}
      {part.verdicts.length > 0 && (
        <ul aria-label={`Verdicts on part ${n}`}>
          {part.verdicts.map((v) => (
            <li key={`${v.jobId}-${v.milestone}-${v.timestamp}`}>
              {formatDate(v.timestamp)}: milestone {v.milestone + 1} of job #{v.jobId}{" "}
              {v.signedOff ? "signed off" : "rejected"} (<a href={`/api/documents/${v.noteCid}`}>notes</a>)
            </li>
          ))}
        </ul>
      )}

      {part.subJobs.length > 0 && (
        <>
          <h3>Sub-jobs</h3>
          <p className="small muted">Posted and paid by the prime vendor: not counted in the part&apos;s money.</p>
          <ul aria-label={`Sub-jobs of part ${n}`}>
            {part.subJobs.map((j) => (
              <li key={j.jobId}>
                <Link href={`/jobs/${j.jobId}`}>Job #{j.jobId}</Link> under job #{j.parentJobId}: {j.status},{" "}
                {formatAmount(j.money.escrowed, token)} escrowed, {formatAmount(j.money.paidToVendors, token)} paid
                {j.vendor && (
                  <>
                    {" "}
                    to <Person address={j.vendor} />
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}

      <h3>Money</h3>
      <MoneyTable money={part.money} token={token} id={`part-${part.index}`} caption={`Money of part ${n}`} />
      {part.review.deposited !== "0" && (
        <ReviewTable
          review={part.review}
          token={token}
          id={`part-${part.index}`}
          caption={`Reviewer share of part ${n}`}
        />
      )}
    </section>
  );
}

export default async function ProjectPage({ params }: { params: Params }) {
  const { id } = await params;
  let project: ProjectView | null;
  let problem: string | null = null;
  try {
    project = await projectView(id);
  } catch (error) {
    if (!(error instanceof SubgraphError)) throw error;
    [project, problem] = [null, error.message];
  }
  if (!project) {
    // Not in the index: a project just created (the index is behind) or an index that is down.
    const onChain = await projectOnChain(id);
    if (!onChain && !problem) notFound();
    return (
      <>
        <h1>Project {id}</h1>
        {problem ? (
          <p role="alert" className="error">
            {problem}
          </p>
        ) : (
          <p role="status">
            Project {id} is on chain, but the index has not reached it yet: this page shows it as soon as it does.
          </p>
        )}
        <RefreshWhile seconds={problem ? 10 : 2} />
      </>
    );
  }
  const spec = await readSpec(project.specCid);
  const title = specTitle(spec) ?? `Project ${project.id}`;
  const description = specDescription(spec);
  const registry = projectRegistryAddress();
  const check = await checkAgainstChain(project);
  const paidIn = BigInt(project.totals.escrowed) + BigInt(project.reviewTotals.deposited);
  return (
    <>
      <h1>{title}</h1>
      {description && <p>{description}</p>}
      <ul className="meta" aria-label="Project">
        <li>Project {project.id}</li>
        <li>
          Client <Person address={project.client} />
        </li>
        <li data-testid="project-budget" data-wei={project.budget}>
          Budget {formatAmount(project.budget, project.token)}
        </li>
        <li>Deadline {formatDate(project.deadline)}</li>
        <li>
          Client&apos;s time zone {utcOffsetLabel(project.utcOffsetMinutes)}, working hours{" "}
          {clockTime(project.workStartMinute)}–{clockTime(project.workEndMinute)}
        </li>
        <li>
          <a href={`/api/documents/${project.specCid}`}>Specification</a>
        </li>
      </ul>

      {project.parts.map((part) => (
        <PartSection key={part.index} project={project} part={part} registry={registry} />
      ))}

      <section aria-labelledby="totals-title" className="card">
        <h2 id="totals-title">Totals</h2>
        <p>
          The client paid in{" "}
          <strong data-testid="total-paid-in" data-wei={paidIn.toString()}>
            {formatAmount(paidIn, project.token)}
          </strong>
          : escrowed for the parts&apos; jobs plus reviewer shares.
        </p>
        <MoneyTable money={project.totals} token={project.token} id="total" caption="Money of every part" />
        <ReviewTable
          review={project.reviewTotals}
          token={project.token}
          id="total"
          caption="Reviewer shares of every part"
        />
      </section>
      {project.block !== null && <p className="muted small">Read from the index at block {project.block}.</p>}
      {check &&
        (check.differences.length === 0 ? (
          <p className="muted small" data-testid="chain-check">
            Checked against the project registry at block {check.block}: every part&apos;s committed money, reviewer
            share and review state agree.
          </p>
        ) : (
          <>
            <p role="status" className="error" data-testid="chain-check">
              The index is behind the chain at block {check.block} on {check.differences.join(", ")}: this page renders
              again until it catches up.
            </p>
            <RefreshWhile seconds={5} />
          </>
        ))}
    </>
  );
}
