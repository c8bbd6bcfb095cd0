/** Vendors' signed quotes for a job, as stored documents, with whether each can still be used. */
import { listDocuments } from "./documents/service.ts";
import { quoteNonces } from "./job-detail.ts";
import type { QuoteView, SettlementOffer } from "../components/job/types.ts";

interface QuoteContent {
  chainId: number;
  escrow: string;
  jobId: string;
  vendor: `0x${string}`;
  price: string;
  nonce: string;
  expiresAt: number;
  signature: `0x${string}`;
  message?: string;
}

export async function quotesFor(
  chainId: number,
  escrow: string | undefined,
  jobId: string,
  jobTotal: bigint,
  chainNow: number,
): Promise<QuoteView[]> {
  const docs = await listDocuments("quote", `job:${chainId}:${jobId}`);
  const contents = docs.map((d) => ({ cid: d.cid, content: d.content as QuoteContent }));
  const nonces = await quoteNonces([...new Set(contents.map((c) => c.content.vendor.toLowerCase()))]).catch(
    () => ({}) as Record<string, string>,
  );
  return contents.map(({ cid, content }) => {
    let problem: string | null = null;
    const current = BigInt(nonces[content.vendor.toLowerCase()] ?? "0");
    if (escrow && content.escrow.toLowerCase() !== escrow.toLowerCase()) problem = "it is for another escrow contract";
    else if (content.expiresAt <= chainNow) problem = "it has expired";
    else if (BigInt(content.nonce) < current) problem = "the vendor revoked it";
    else if (BigInt(content.price) !== jobTotal) problem = "its price is not the job's total";
    return {
      cid,
      vendor: content.vendor,
      price: content.price,
      nonce: content.nonce,
      expiresAt: content.expiresAt,
      signature: content.signature,
      message: content.message ?? null,
      problem,
    };
  });
}

/** Signed settlement offers stored as notes on a job, newest first. */
export async function settlementOffers(chainId: number, jobId: string): Promise<SettlementOffer[]> {
  const notes = await listDocuments("note", `job:${chainId}:${jobId}`);
  const out: SettlementOffer[] = [];
  for (const note of notes) {
    const content = note.content as {
      index?: number;
      settlement?: { vendorBps: number; deadline: number; signer: `0x${string}`; signature: `0x${string}` };
    };
    if (!content.settlement || typeof content.index !== "number") continue;
    out.push({ cid: note.cid, index: content.index, ...content.settlement });
  }
  return out.reverse();
}
