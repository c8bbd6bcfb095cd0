import Link from "next/link";
import { formatAmount, formatDate, formatUsdCents, skillLabel } from "@/lib/format";
import type { JobSummary } from "@/server/jobs";
import { Person } from "@/components/identity/person";

/** A job in a list; `showClient` names who posted it (off on the client's own page). */
export function JobCard({ job, showClient = true }: { job: JobSummary; showClient?: boolean }) {
  const total = BigInt(job.totalAmount) + BigInt(job.totalBonus);
  return (
    <li className="card job-card">
      <h2>
        <Link href={`/jobs/${job.id}`}>{job.title}</Link>
      </h2>
      <ul className="meta" aria-label="Job facts">
        <li>Job #{job.id}</li>
        <li>{job.status}</li>
        <li>{job.open ? "Open to claims" : "By invitation"}</li>
        <li>
          {formatAmount(total, job.token)}
          {job.budgetUsdCents ? ` (≈ ${formatUsdCents(job.budgetUsdCents)})` : ""}
        </li>
        <li>
          {job.milestoneCount} milestone{job.milestoneCount === 1 ? "" : "s"}
        </li>
        <li>Posted {formatDate(job.createdAt)}</li>
        {showClient && (
          <li>
            by <Person address={job.client} size={20} />
          </li>
        )}
      </ul>
      {job.requiredSkills.length > 0 && (
        <ul className="tags" aria-label="Required skills">
          {job.requiredSkills.map((s) => (
            <li key={s} className="tag">
              {skillLabel(s)}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
