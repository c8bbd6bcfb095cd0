/**
 * A job's thread as the signed-in party reads it, rendered on the server: every action's note and
 * every message, oldest first, each with its author, their part in the job and the time.
 */
import { Attachments, Markdown } from "@/components/deliverable/deliverable-view";
import { Person } from "@/components/identity/person";
import { formatDate } from "@/lib/format";
import type { ThreadItem } from "@/server/thread";

function Author({ address, role }: { address: string; role: string }) {
  return (
    <span>
      <Person address={address} size={20} /> <span className="muted">({role})</span>
    </span>
  );
}

export function ThreadView({ jobId, items, viewer }: { jobId: string; items: ThreadItem[]; viewer: string }) {
  if (items.length === 0) return <p>Nothing in this thread yet.</p>;
  return (
    <ol className="thread" aria-label="Thread">
      {items.map((item) => (
        <li key={item.cid} className="card" data-kind={item.kind}>
          <p className="small">
            <strong>{item.label}</strong> · <Author address={item.author} role={item.role} />
            {item.to && (
              <>
                {" "}
                to <Person address={item.to} size={20} />
              </>
            )}
            {item.author === viewer ? " · you" : ""} ·{" "}
            <time dateTime={new Date(item.at).toISOString()}>{formatDate(Math.floor(item.at / 1000))}</time>
            {item.kind === "message" && (
              <span className="muted" title="EIP-712 signature by the author, checked when it was posted">
                {" "}
                · signed
              </span>
            )}
          </p>
          {item.text ? <Markdown text={item.text} /> : <p className="muted">(no message)</p>}
          {item.deliverable && (
            <>
              <Attachments jobId={jobId} attachments={item.deliverable.attachments} />
              <p className="small">
                {item.deliverable.onChain ? (
                  <span className="badge ok">The milestone&apos;s submitted deliverable (CID on chain)</span>
                ) : (
                  <span className="muted">An earlier or unsubmitted version (not the CID on chain)</span>
                )}
              </p>
            </>
          )}
        </li>
      ))}
    </ol>
  );
}
