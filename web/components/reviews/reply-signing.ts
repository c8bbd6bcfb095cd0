/**
 * Signing and publishing a rated party's one reply to a review (EIP-712 ReviewReply, no gas), used
 * on the job page (review-form.tsx) and on the vendor's public page (review-reply.tsx).
 */
import type { Address } from "viem";
import type { Config } from "wagmi";
import { signTypedData } from "wagmi/actions";
import { REVIEW_REPLY_TYPES, reviewsDomain } from "@mosaic/sdk/typed-data";

/** POSTs `{ content }` to a review route; null when stored, else the server's reason. */
export async function postReviewDocument(path: string, content: unknown): Promise<string | null> {
  const response = await fetch(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ content }),
  });
  if (response.ok) return null;
  return (
    ((await response.json().catch(() => ({}))) as { error?: string }).error ?? `the server answered ${response.status}`
  );
}

/** The reviews domain of the configured chain and escrow, as the wallet signs it. */
export function reviewsSigningDomain(chainId: number, escrow: Address) {
  return { ...reviewsDomain(chainId, escrow), verifyingContract: escrow };
}

/** Signs the reply with the connected wallet and publishes it; null when published, else why not. */
export async function signAndPostReply(
  config: Config,
  reply: { chainId: number; escrow: Address; author: Address; jobId: string; review: string; text: string },
): Promise<string | null> {
  const text = reply.text.trim();
  if (!text) return "Write your reply first.";
  const signature = await signTypedData(config, {
    account: reply.author,
    domain: reviewsSigningDomain(reply.chainId, reply.escrow),
    types: REVIEW_REPLY_TYPES,
    primaryType: "ReviewReply",
    message: { jobId: BigInt(reply.jobId), review: reply.review, author: reply.author, text },
  });
  return postReviewDocument("/api/reviews/replies", {
    chainId: reply.chainId,
    jobId: reply.jobId,
    review: reply.review,
    author: reply.author.toLowerCase(),
    text,
    signature,
  });
}
