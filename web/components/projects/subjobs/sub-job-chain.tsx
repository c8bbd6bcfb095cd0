/**
 * Who does what on a project's job: the part's (or shift's) job at the top, each sub-job under the
 * job it was linked to, with who posted it, its vendor and its status. The job being viewed is marked.
 */
import Link from "next/link";
import { Person } from "@/components/identity/person";
import type { ChainNode } from "@/server/projects/job-link";

const KIND_LABEL = { Part: "part's job", Shift: "shift's job", SubJob: "sub-job" } as const;

function Node({ node, current }: { node: ChainNode; current: string }) {
  const here = node.jobId === current;
  return (
    <li data-job={node.jobId}>
      <p aria-current={here ? "true" : undefined}>
        {here ? (
          <strong>Job #{node.jobId} (this job)</strong>
        ) : (
          <Link href={`/jobs/${node.jobId}`}>Job #{node.jobId}</Link>
        )}{" "}
        <span className="muted">({KIND_LABEL[node.kind]})</span>: posted by <Person address={node.client} size={18} />,{" "}
        {node.vendor ? (
          <>
            done by <Person address={node.vendor} size={18} />
          </>
        ) : (
          "no vendor hired yet"
        )}
        {node.status ? <span className="muted"> · {node.status}</span> : null}
      </p>
      {node.subJobs.length > 0 && (
        <ul aria-label={`Sub-jobs of job #${node.jobId}`}>
          {node.subJobs.map((child) => (
            <Node key={child.jobId} node={child} current={current} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function SubJobChain({ root, current }: { root: ChainNode; current: string }) {
  return (
    <section aria-labelledby="sub-job-chain-title">
      <h3 id="sub-job-chain-title">Who does what</h3>
      {root.subJobs.length === 0 ? (
        <p className="muted">No sub-job is linked to this part&apos;s work: its vendor does it all.</p>
      ) : null}
      <ul className="job-chain" aria-label="Chain of jobs">
        <Node node={root} current={current} />
      </ul>
    </section>
  );
}
