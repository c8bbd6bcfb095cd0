/**
 * Written reviews: the words behind an on-chain rating. A review is an EIP-712 `Review` signed by
 * its rater naming the job and the rating; it is stored only when the index shows that rater rated
 * that job with that value, so it can be neither forged nor moved to another rating. The rated
 * party may answer once with a signed `ReviewReply`.
 */
import { getAddress, recoverTypedDataAddress, type Hex } from "viem";
import { bytesMatchCid, cidOf, parseCid, validatePersonDocument } from "@mosaic/sdk/documents";
import { REVIEW_REPLY_TYPES, REVIEW_TYPES, reviewsDomain } from "@mosaic/sdk/typed-data";
import { contractsOn } from "./public-config.ts";
import { getStore } from "./store/index.ts";
import type { StoredDocument } from "./store/types.ts";
import { querySubgraph } from "./subgraph.ts";
import { jsonError } from "./http.ts";

export interface ReviewContent {
  chainId: number;
  jobId: string;
  rater: string;
  rating: number;
  text: string;
  signature: Hex;
}

export interface ReplyContent {
  chainId: number;
  jobId: string;
  review: string;
  author: string;
  text: string;
  signature: Hex;
}

export interface Review {
  cid: string;
  content: ReviewContent;
  ratee: string;
  /** The ratee's side of the job: "vendor" when its client reviewed it, "client" when its vendor did. */
  as: Side;
  createdAt: number;
  reply: { cid: string; content: ReplyContent; createdAt: number } | null;
}

export type ReviewWrite = { ok: true; cid: string } | { ok: false; status: 400 | 403 | 404 | 409 | 502; error: string };

export type Side = "vendor" | "client";

const reviewsSubject = (ratee: string, as: Side) => `reviews-of:${as}:${ratee.toLowerCase()}`;
const repliesSubject = (ratee: string) => `replies-of:${ratee.toLowerCase()}`;

/** How long a review waits for its rating to reach the index (a rating sent a moment ago). */
const INDEX_WAIT_MS = 8_000;

function domainFor(chainId: number) {
  const escrow = contractsOn(chainId)?.escrow;
  if (!escrow) return null;
  return reviewsDomain(chainId, escrow) as {
    name: string;
    version: string;
    chainId: number;
    verifyingContract: `0x${string}`;
  };
}

async function signerOf(chainId: number, sign: (domain: NonNullable<ReturnType<typeof domainFor>>) => Promise<string>) {
  const domain = domainFor(chainId);
  if (!domain) return { error: "Mosaic is not deployed on this chain" } as const;
  try {
    return { signer: (await sign(domain)).toLowerCase() } as const;
  } catch {
    return { error: "content.signature is not a valid EIP-712 signature" } as const;
  }
}

interface IndexedRating {
  score: number;
  raterRole: "Client" | "Vendor";
  ratee: { id: string };
}

/** The rating `rater` gave on job `jobId` as the index has it, waiting up to `waitMs` for it to arrive. */
export async function ratingOf(jobId: string, rater: string, waitMs = INDEX_WAIT_MS): Promise<IndexedRating | null> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const data = await querySubgraph<{ ratings: IndexedRating[] }>(
      `query Rating($job: String!, $rater: Bytes!) {
        ratings(where: { job: $job, rater: $rater }, first: 1) { score raterRole ratee { id } }
      }`,
      { job: BigInt(jobId).toString(), rater: rater.toLowerCase() },
    );
    if (data.ratings[0] || Date.now() >= deadline) return data.ratings[0] ?? null;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function parse<T>(doc: StoredDocument): T {
  return JSON.parse(new TextDecoder().decode(doc.bytes)) as T;
}

async function verified(docs: StoredDocument[]): Promise<StoredDocument[]> {
  const out: StoredDocument[] = [];
  for (const doc of docs) {
    const cid = parseCid(doc.cid);
    if (cid && (await bytesMatchCid(cid, doc.bytes))) out.push(doc);
  }
  return out;
}

async function store(kind: "review" | "review-reply", content: unknown, author: string, subject: string) {
  const bytes = new TextEncoder().encode(JSON.stringify(content));
  const cid = (await cidOf(bytes)).toString();
  await (await getStore()).documents.put({ cid, kind, bytes, author, subject, createdAt: Date.now() });
  return cid;
}

/** Checks and stores a review; `chainId` is the chain this app serves. */
export async function writeReview(content: unknown, chainId: number): Promise<ReviewWrite> {
  const problem = validatePersonDocument("review", content);
  if (problem) return { ok: false, status: 400, error: problem };
  const review = content as ReviewContent;
  if (review.chainId !== chainId) return { ok: false, status: 400, error: `content.chainId must be ${chainId}` };
  const rater = review.rater.toLowerCase();
  const recovered = await signerOf(chainId, (domain) =>
    recoverTypedDataAddress({
      domain,
      types: REVIEW_TYPES,
      primaryType: "Review",
      message: { jobId: BigInt(review.jobId), rater: getAddress(rater), rating: review.rating, text: review.text },
      signature: review.signature,
    }),
  );
  if ("error" in recovered) return { ok: false, status: 400, error: recovered.error! };
  if (recovered.signer !== rater) {
    return { ok: false, status: 403, error: "content.signature is not the rater's signature of this review" };
  }
  let rating: IndexedRating | null;
  try {
    rating = await ratingOf(review.jobId, rater);
  } catch (error) {
    return { ok: false, status: 502, error: (error as Error).message };
  }
  if (!rating) {
    return {
      ok: false,
      status: 403,
      error: `${rater} has not rated job ${review.jobId} on chain: a written review needs the on-chain rating first`,
    };
  }
  if (rating.score !== review.rating) {
    return {
      ok: false,
      status: 400,
      error: `the review says ${review.rating} of 5 but ${rater} rated job ${review.jobId} ${rating.score} of 5 on chain`,
    };
  }
  const ratee = rating.ratee.id.toLowerCase();
  const as: Side = rating.raterRole === "Client" ? "vendor" : "client";
  const existing = await reviewsReceivedBy(ratee, as);
  if (existing.some((r) => r.content.jobId === BigInt(review.jobId).toString() && r.content.rater === rater)) {
    return { ok: false, status: 409, error: `${rater} has already reviewed job ${review.jobId}` };
  }
  const normalized = { ...review, jobId: BigInt(review.jobId).toString(), rater };
  return { ok: true, cid: await store("review", normalized, rater, reviewsSubject(ratee, as)) };
}

/** Checks and stores the rated party's one reply to a review. */
export async function writeReply(content: unknown, chainId: number): Promise<ReviewWrite> {
  const problem = validatePersonDocument("review-reply", content);
  if (problem) return { ok: false, status: 400, error: problem };
  const reply = content as ReplyContent;
  if (reply.chainId !== chainId) return { ok: false, status: 400, error: `content.chainId must be ${chainId}` };
  const author = reply.author.toLowerCase();
  const recovered = await signerOf(chainId, (domain) =>
    recoverTypedDataAddress({
      domain,
      types: REVIEW_REPLY_TYPES,
      primaryType: "ReviewReply",
      message: { jobId: BigInt(reply.jobId), review: reply.review, author: getAddress(author), text: reply.text },
      signature: reply.signature,
    }),
  );
  if ("error" in recovered) return { ok: false, status: 400, error: recovered.error! };
  if (recovered.signer !== author) {
    return { ok: false, status: 403, error: "content.signature is not the author's signature of this reply" };
  }
  const received = await Promise.all([reviewsReceivedBy(author, "vendor"), reviewsReceivedBy(author, "client")]);
  const review = received.flat().find((r) => r.cid === reply.review);
  if (!review || review.content.jobId !== BigInt(reply.jobId).toString()) {
    return { ok: false, status: 404, error: `no review of ${author} on job ${reply.jobId} has CID ${reply.review}` };
  }
  if (review.reply) return { ok: false, status: 409, error: "this review already has its reply: a review gets one" };
  const normalized = { ...reply, jobId: BigInt(reply.jobId).toString(), author };
  return { ok: true, cid: await store("review-reply", normalized, author, repliesSubject(author)) };
}

/** The verified reviews `ratee` received as `as`, newest first, each with its reply. */
export async function reviewsReceivedBy(ratee: string, as: Side): Promise<Review[]> {
  const documents = (await getStore()).documents;
  const [reviews, replies] = await Promise.all([
    documents.listBySubject("review", reviewsSubject(ratee, as)).then(verified),
    documents.listBySubject("review-reply", repliesSubject(ratee)).then(verified),
  ]);
  const replyTo = new Map<string, Review["reply"]>();
  for (const doc of replies) {
    const content = parse<ReplyContent>(doc);
    if (!replyTo.has(content.review)) replyTo.set(content.review, { cid: doc.cid, content, createdAt: doc.createdAt });
  }
  return reviews
    .map((doc) => {
      const content = parse<ReviewContent>(doc);
      return {
        cid: doc.cid,
        content,
        ratee: ratee.toLowerCase(),
        as,
        createdAt: doc.createdAt,
        reply: replyTo.get(doc.cid) ?? null,
      };
    })
    .reverse();
}

const MAX_REVIEW_BODY = 16 * 1024;

/** The `content` of a small JSON body `{ content }`, or the error response to send. */
export async function readContentBody(
  request: Request,
): Promise<{ ok: true; content: unknown } | { ok: false; response: Response }> {
  const text = await request.text();
  if (text.length > MAX_REVIEW_BODY) {
    return { ok: false, response: jsonError(413, `body too large: at most ${MAX_REVIEW_BODY} bytes`) };
  }
  try {
    const parsed = JSON.parse(text) as { content?: unknown };
    if (typeof parsed === "object" && parsed !== null && "content" in parsed)
      return { ok: true, content: parsed.content };
  } catch {
    // answered below
  }
  return { ok: false, response: jsonError(400, "body must be JSON { content }") };
}
