/**
 * A deliverable people can read: its markdown rendered on the server (raw HTML escaped), its links,
 * and its attached files with a preview for images and a viewer link for PDFs.
 */
import type { DeliverableAttachment } from "@mosaic/sdk/documents";
import { renderMarkdown } from "./markdown";

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export function Markdown({ text }: { text: string }) {
  // markdown-it with HTML off: the output holds no markup the text did not ask for in markdown.
  return <div className="markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(text) }} />;
}

export function Attachments({ jobId, attachments }: { jobId: string; attachments: DeliverableAttachment[] }) {
  if (attachments.length === 0) return null;
  return (
    <ul className="attachments" aria-label="Attached files">
      {attachments.map((a) => {
        const href = `/api/jobs/${jobId}/attachments/${a.cid}?name=${encodeURIComponent(a.name)}`;
        return (
          <li key={a.cid}>
            {a.type.startsWith("image/") && (
              <a href={href} target="_blank" rel="noopener noreferrer">
                <img
                  src={href}
                  alt={`Preview of ${a.name}`}
                  loading="lazy"
                  style={{ maxWidth: "100%", maxHeight: "20rem", display: "block" }}
                />
              </a>
            )}
            <p className="small">
              <a href={href} target="_blank" rel="noopener noreferrer">
                {a.type === "application/pdf"
                  ? `Preview ${a.name} (PDF)`
                  : a.type.startsWith("image/")
                    ? a.name
                    : `Download ${a.name}`}
              </a>{" "}
              <span className="muted">
                {formatSize(a.size)}, <span className="mono">{a.cid.slice(0, 12)}…</span>
              </span>
            </p>
          </li>
        );
      })}
    </ul>
  );
}

export function DeliverableView({
  jobId,
  summary,
  links,
  attachments,
}: {
  jobId: string;
  summary: string;
  links: string[];
  attachments: DeliverableAttachment[];
}) {
  return (
    <div className="deliverable">
      <Markdown text={summary} />
      {links.length > 0 && (
        <ul className="small" aria-label="Links">
          {links
            .filter((l) => /^https?:\/\//i.test(l))
            .map((l) => (
              <li key={l}>
                <a href={l} rel="noopener noreferrer nofollow ugc" target="_blank">
                  {l}
                </a>
              </li>
            ))}
        </ul>
      )}
      <Attachments jobId={jobId} attachments={attachments} />
    </div>
  );
}
