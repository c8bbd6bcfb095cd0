/**
 * Written reviews as a visitor reads them: stars and words tied to the job's on-chain rating, the
 * rater by name, and the rated party's reply. Text is rendered as text, never as markup.
 */
import Link from "next/link";
import { Person } from "@/components/identity/person";
import { formatDate } from "@/lib/format";
import type { Review } from "@/server/reviews";
import { ReviewReplySlot } from "./review-reply-slot";

function Stars({ rating }: { rating: number }) {
  return (
    <span className="stars" role="img" aria-label={`${rating} of 5`}>
      {"★".repeat(rating) + "☆".repeat(5 - rating)}
    </span>
  );
}

/** `replyAs`: the rated party whose page this is; connected as it, a review without a reply offers "Reply". */
export function ReviewList({ reviews, replyAs }: { reviews: Review[]; replyAs?: string }) {
  if (reviews.length === 0) return <p>No written reviews yet: only a rater of a paid job can write one.</p>;
  return (
    <ul className="timeline" aria-label="Written reviews">
      {reviews.map((r) => (
        <li key={r.cid} className="card review">
          <p>
            <Stars rating={r.content.rating} /> <Person address={r.content.rater} /> on{" "}
            <Link href={`/jobs/${r.content.jobId}`} prefetch={false}>
              job {r.content.jobId}
            </Link>
            , {formatDate(Math.floor(r.createdAt / 1000))}
          </p>
          <blockquote style={{ whiteSpace: "pre-line", margin: "0.5em 0" }}>{r.content.text}</blockquote>
          {!r.reply && replyAs && <ReviewReplySlot ratee={replyAs} review={r.cid} jobId={r.content.jobId} />}
          {r.reply && (
            <div className="review-reply" aria-label="Reply">
              <p className="muted small">
                Reply from <Person address={r.reply.content.author} />
              </p>
              <blockquote style={{ whiteSpace: "pre-line", margin: "0.25em 0 0 1em" }}>
                {r.reply.content.text}
              </blockquote>
            </div>
          )}
          <p className="muted small">
            Signed by its author (EIP-712) and matched to the on-chain rating; document{" "}
            <a href={`/api/documents/${r.cid}`} className="mono">
              {r.cid.slice(0, 12)}…
            </a>
          </p>
        </li>
      ))}
    </ul>
  );
}
