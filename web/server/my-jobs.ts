/** A client's jobs with what needs their attention now, most urgent first. */
import { chainNow } from "./chain.ts";
import { JOB_SUMMARY_FIELDS, summarize, type JobSummary } from "./jobs.ts";
import { listDocuments } from "./documents/service.ts";
import { querySubgraph } from "./subgraph.ts";
import { serverConfig } from "./config.ts";

export interface MyJob extends JobSummary {
  attention: string[];
}

interface RawMilestone {
  index: number;
  state: string;
  bonusState: string;
  deadline: string;
  reviewEndsAt: string | null;
  outcomeDeadline: string;
}

export async function jobsOfClient(client: string): Promise<MyJob[]> {
  const { jobs } = await querySubgraph<{
    jobs: (Parameters<typeof summarize>[0] & {
      clientRated: boolean;
      paidToVendor: string;
      milestones: RawMilestone[];
    })[];
  }>(
    `query Mine($client: Bytes!) {
      jobs(where: { client: $client }, first: 200, orderBy: createdAt, orderDirection: desc) {
        ${JOB_SUMMARY_FIELDS} clientRated paidToVendor
        milestones(first: 100, orderBy: index) { index state bonusState deadline reviewEndsAt outcomeDeadline }
      }
    }`,
    { client: client.toLowerCase() },
  );
  const now = await chainNow();
  const { chainId } = serverConfig();
  const out = await Promise.all(
    jobs.map(async (raw) => {
      const attention: string[] = [];
      for (const m of raw.milestones) {
        const n = m.index + 1;
        if (m.state === "Submitted" && m.reviewEndsAt && Number(m.reviewEndsAt) > now) {
          attention.push(`Milestone ${n} was submitted: approve it or request changes before the review window ends.`);
        }
        if (m.state === "Created") attention.push(`Milestone ${n} is not funded yet.`);
        if (m.state === "Funded" && raw.vendor && Number(m.deadline) < now) {
          attention.push(`Milestone ${n} missed its deadline: you can get a refund.`);
        }
        if (m.state === "Disputed") attention.push(`Milestone ${n} is in dispute.`);
        if (m.bonusState === "Held" && m.state === "Paid") {
          attention.push(`Milestone ${n}'s outcome bonus is waiting for your decision.`);
        }
      }
      if (!raw.open && !raw.vendor && raw.status === "Open") {
        const quotes = await listDocuments("quote", `job:${chainId}:${raw.id}`);
        if (quotes.length > 0)
          attention.push(`${quotes.length} signed quote${quotes.length === 1 ? "" : "s"} to review.`);
      }
      if (!raw.clientRated && BigInt(raw.paidToVendor) > 0n) attention.push("Rate the vendor.");
      return { ...(await summarize(raw)), attention };
    }),
  );
  return out.sort((a, b) => b.attention.length - a.attention.length);
}
