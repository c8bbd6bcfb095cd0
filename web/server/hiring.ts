/**
 * Hiring between a client and a vendor before the escrow is involved: the client invites a vendor
 * to one of its jobs (from the matches page), and answers a vendor's quote with a counter-offer
 * (the price it would accept; the vendor may sign a new quote at it). Both are documents the job's
 * client writes; each is listed under the vendor it is for, whose inbox shows it.
 */
import { chainJob } from "./chain-job.ts";
import { listDocuments } from "./documents/service.ts";

export type HiringKind = "invitation" | "counter-offer";

/** Where the documents for `vendor` are listed. */
export function hiringSubject(kind: HiringKind, chainId: number, vendor: string): string {
  return `${kind === "invitation" ? "invitations" : "counter-offers"}:${chainId}:${vendor.toLowerCase()}`;
}

/**
 * Null when `author` may send this invitation or counter-offer: the chain is the app's, the job
 * exists and is the author's, it has no vendor yet, and the vendor is someone else.
 */
export async function hiringProblem(
  kind: HiringKind,
  content: Record<string, unknown>,
  author: string,
  chainId: number,
): Promise<string | null> {
  if (content.chainId !== chainId) return `content.chainId must be ${chainId}, the chain this app serves`;
  const vendor = String(content.vendor).toLowerCase();
  if (vendor === author) return "content.vendor must be another account than yours";
  let job: Awaited<ReturnType<typeof chainJob>>;
  try {
    job = await chainJob(String(content.jobId));
  } catch {
    return "the escrow cannot be read right now to check who the job's client is; try again in a minute";
  }
  if (!job) return `job ${content.jobId} does not exist on this chain`;
  const what = kind === "invitation" ? "invite vendors to" : "counter quotes for";
  if (job.client !== author) return `only the job's client may ${what} job ${job.id}`;
  if (job.vendor) return `job ${job.id} already has its vendor`;
  return null;
}

/** Which of `vendors` the job's `client` has already invited to job `jobId` (lower-case addresses). */
export async function invitedVendors(chainId: number, jobId: string, client: string, vendors: string[]) {
  const invited = await Promise.all(
    vendors.map(async (vendor) => {
      const docs = await listDocuments("invitation", hiringSubject("invitation", chainId, vendor));
      const found = docs.some(
        (doc) =>
          doc.author.toLowerCase() === client.toLowerCase() && (doc.content as { jobId?: string }).jobId === jobId,
      );
      return found ? vendor.toLowerCase() : null;
    }),
  );
  return new Set(invited.filter((v): v is string => v !== null));
}
