"use client";
/**
 * The written part of a rating, on the job page: once the connected party has rated the job on
 * chain it can add words, signed (EIP-712 Review) and tied to that rating; the rated party can
 * answer a review it received on this job once (EIP-712 ReviewReply). No transaction, no gas.
 */
import { useCallback, useEffect, useState } from "react";
import type { Address } from "viem";
import { useConfig, useConnection } from "wagmi";
import { signTypedData } from "wagmi/actions";
import { REVIEW_TYPES } from "@mosaic/sdk/typed-data";
import { usePublicConfig } from "@/components/wallet/context";
import { describeWalletError } from "@/lib/wallet-errors";
import { postReviewDocument as post, reviewsSigningDomain, signAndPostReply } from "./reply-signing";

interface ReviewView {
  cid: string;
  content: { jobId: string; rater: string; rating: number; text: string };
  reply: { content: { text: string } } | null;
}

/** The score `rater` gave on `jobId` as the index has it; `wait`: the server waits a few seconds for a lagging index. */
async function indexedRating(jobId: string, rater: string, wait: boolean): Promise<number | null> {
  const response = await fetch(`/api/reviews?job=${jobId}&rater=${rater}${wait ? "&wait=1" : ""}`, {
    cache: "no-store",
  });
  if (!response.ok) return null;
  return ((await response.json()) as { rating: number | null }).rating;
}

async function reviewsOf(ratee: string, as: "vendor" | "client"): Promise<ReviewView[]> {
  const response = await fetch(`/api/reviews?ratee=${ratee}&as=${as}`, { cache: "no-store" });
  if (!response.ok) return [];
  return ((await response.json()) as { reviews: ReviewView[] }).reviews;
}

export function ReviewForm({
  jobId,
  side,
  counterparty,
  rated,
}: {
  jobId: string;
  /** The connected account's side of the job. */
  side: "client" | "vendor";
  counterparty: string;
  /** Whether the connected account has rated this job on chain. */
  rated: boolean;
}) {
  const config = useConfig();
  const publicConfig = usePublicConfig();
  const connection = useConnection();
  const me = connection.address?.toLowerCase();
  const escrow = publicConfig.contracts?.escrow;
  const [mine, setMine] = useState<ReviewView | null | undefined>(undefined);
  const [received, setReceived] = useState<ReviewView | null>(null);
  const [rating, setRating] = useState<number | null>(null);
  const [text, setText] = useState("");
  const [reply, setReply] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    if (!me) return;
    const other = side === "client" ? "vendor" : "client";
    const [given, got, score] = await Promise.all([
      reviewsOf(counterparty, other),
      reviewsOf(me, side),
      rated ? indexedRating(jobId, me, false) : Promise.resolve(null),
    ]);
    setMine(given.find((r) => r.content.jobId === jobId && r.content.rater === me) ?? null);
    setReceived(got.find((r) => r.content.jobId === jobId) ?? null);
    setRating(score);
  }, [counterparty, jobId, me, rated, side]);

  useEffect(() => {
    void refresh();
  }, [refresh]);
  // A rating sent a moment ago reaches the index within seconds: look again until it has it.
  const [tries, setTries] = useState(0);
  useEffect(() => {
    if (!rated || rating !== null || mine || tries >= 10) return;
    const timer = setTimeout(() => {
      setTries((t) => t + 1);
      void refresh();
    }, 1_500);
    return () => clearTimeout(timer);
  }, [rated, rating, mine, tries, refresh]);

  if (!escrow || !me || mine === undefined) return null;
  const domain = reviewsSigningDomain(publicConfig.chainId, escrow);

  const run = async (work: () => Promise<string | null>) => {
    setBusy(true);
    setProblem(null);
    try {
      const error = await work();
      if (error) setProblem(error);
      else await refresh();
    } catch (error) {
      setProblem(describeWalletError(error, "Signing"));
    } finally {
      setBusy(false);
    }
  };

  const sendReview = () =>
    run(async () => {
      if (!text.trim()) return "Write a few words about the work first.";
      // The rating is on chain (the form shows only then), but the index may be behind: wait for it.
      const score = rating ?? (await indexedRating(jobId, me, true));
      if (score === null) {
        setTries(0);
        return "Your rating is on chain but not indexed yet; try again in a moment.";
      }
      setRating(score);
      const message = { jobId: BigInt(jobId), rater: connection.address as Address, rating: score, text: text.trim() };
      const signature = await signTypedData(config, {
        account: connection.address as Address,
        domain,
        types: REVIEW_TYPES,
        primaryType: "Review",
        message,
      });
      return post("/api/reviews", {
        chainId: publicConfig.chainId,
        jobId,
        rater: me,
        rating: score,
        text: message.text,
        signature,
      });
    });

  const sendReply = (review: ReviewView) =>
    run(() =>
      signAndPostReply(config, {
        chainId: publicConfig.chainId,
        escrow,
        author: connection.address as Address,
        jobId,
        review: review.cid,
        text: reply,
      }),
    );

  const other = side === "client" ? "vendor" : "client";
  return (
    <>
      {rated && (
        <div className="card">
          <h3>Your written review</h3>
          {mine ? (
            <>
              <p className="ok">Published with your {mine.content.rating} of 5 rating:</p>
              <blockquote style={{ whiteSpace: "pre-line" }}>{mine.content.text}</blockquote>
            </>
          ) : (
            <form
              aria-label="Written review"
              onSubmit={(e) => {
                e.preventDefault();
                void sendReview();
              }}
            >
              <p className="muted small">
                {rating === null ? "Your rating" : `Your ${rating} of 5 rating`} is on chain; add what you want others
                to read. Your wallet signs it (no gas); it is published with the rating and cannot be changed.
              </p>
              <div className="field">
                <label htmlFor="review-text">Review of the {other}</label>
                <textarea
                  id="review-text"
                  rows={4}
                  maxLength={2000}
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                />
              </div>
              <button type="submit" className="button primary" disabled={busy} aria-busy={busy}>
                Sign and publish the review
              </button>
            </form>
          )}
        </div>
      )}
      {received && (
        <div className="card">
          <h3>The {other}&apos;s review of you</h3>
          <p>{received.content.rating} of 5:</p>
          <blockquote style={{ whiteSpace: "pre-line" }}>{received.content.text}</blockquote>
          {received.reply ? (
            <p className="ok">You replied: {received.reply.content.text}</p>
          ) : (
            <form
              aria-label="Reply to the review"
              onSubmit={(e) => {
                e.preventDefault();
                void sendReply(received);
              }}
            >
              <div className="field">
                <label htmlFor="review-reply">Your reply (one only)</label>
                <textarea
                  id="review-reply"
                  rows={3}
                  maxLength={2000}
                  value={reply}
                  onChange={(e) => setReply(e.target.value)}
                />
              </div>
              <button type="submit" className="button primary" disabled={busy} aria-busy={busy}>
                Sign and publish the reply
              </button>
            </form>
          )}
        </div>
      )}
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
    </>
  );
}
