/** The disputes an arbiter rules, with the milestone's history and both parties' documents. */
import { listDocuments } from "../../server/documents/service.ts";
import { querySubgraph } from "../../server/subgraph.ts";
import { tokenInfo, type TokenInfo } from "../../server/tokens.ts";

export interface DocumentLink {
  cid: string;
  author: string;
  title: string;
  text: string;
  createdAt: number;
}

export interface ArbiterDispute {
  id: string;
  jobId: string;
  index: number;
  client: string;
  vendor: string;
  token: TokenInfo;
  amount: string;
  arbiterFeeBps: number;
  feeBps: number;
  raisedBy: string;
  raisedByRole: string;
  raisedAt: number;
  status: string;
  resolution: string | null;
  vendorBps: number | null;
  toVendor: string | null;
  toClient: string | null;
  arbiterFee: string | null;
  history: { at: number; what: string; cid: string | null }[];
  evidence: DocumentLink[];
}

interface Raw {
  id: string;
  job: {
    id: string;
    client: { id: string };
    vendor: { id: string } | null;
    token: { id: string };
    arbiterFeeBps: number;
    feeBps: number;
  };
  milestone: {
    index: number;
    amount: string;
    deadline: string;
    fundedAt: string | null;
    submissions: { deliverableCid: string; timestamp: string }[];
    changeRequests: { noteCid: string; timestamp: string }[];
  };
  raisedBy: string;
  raisedByRole: string;
  raisedAt: string;
  amount: string;
  status: string;
  resolution: string | null;
  vendorBps: number | null;
  toVendor: string | null;
  toClient: string | null;
  arbiterFee: string | null;
}

function summarize(content: unknown): { title: string; text: string } {
  const c = (content ?? {}) as Record<string, unknown>;
  const pick = (...keys: string[]) =>
    keys.map((k) => c[k]).find((v): v is string => typeof v === "string" && v.trim() !== "") ?? "";
  return { title: pick("name", "title") || "Evidence", text: pick("description", "summary", "text") };
}

export async function arbiterDisputes(arbiter: string, chainId: number): Promise<ArbiterDispute[]> {
  const { disputes } = await querySubgraph<{ disputes: Raw[] }>(
    `query($a: Bytes!) { disputes(first: 200, orderBy: raisedAt, orderDirection: desc, where: { arbiter: $a }) {
      id raisedBy raisedByRole raisedAt amount status resolution vendorBps toVendor toClient arbiterFee
      job { id client { id } vendor { id } token { id } arbiterFeeBps feeBps }
      milestone { index amount deadline fundedAt
        submissions(orderBy: timestamp) { deliverableCid timestamp }
        changeRequests(orderBy: timestamp) { noteCid timestamp } } } }`,
    { a: arbiter.toLowerCase() },
  );
  const evidenceByJob = new Map<string, DocumentLink[]>();
  return Promise.all(
    disputes.map(async (d) => {
      let docs = evidenceByJob.get(d.job.id);
      if (!docs) {
        const stored = await listDocuments("evidence", `job:${chainId}:${d.job.id}`);
        docs = stored
          .filter((s) => {
            const index = (s.content as { index?: number }).index;
            return index === undefined || index === d.milestone.index;
          })
          .map((s) => ({
            cid: s.cid,
            author: s.author,
            createdAt: Math.floor(s.createdAt / 1000),
            ...summarize(s.content),
          }));
        evidenceByJob.set(d.job.id, docs);
      }
      const history = [
        ...(d.milestone.fundedAt ? [{ at: Number(d.milestone.fundedAt), what: "funded", cid: null }] : []),
        ...d.milestone.submissions.map((s) => ({
          at: Number(s.timestamp),
          what: "submitted a deliverable",
          cid: s.deliverableCid,
        })),
        ...d.milestone.changeRequests.map((c) => ({
          at: Number(c.timestamp),
          what: "client requested changes",
          cid: c.noteCid,
        })),
        { at: Number(d.raisedAt), what: `disputed by the ${d.raisedByRole.toLowerCase()}`, cid: null },
      ].sort((a, b) => a.at - b.at);
      return {
        id: d.id,
        jobId: d.job.id,
        index: d.milestone.index,
        client: d.job.client.id,
        vendor: d.job.vendor?.id ?? "",
        token: await tokenInfo(d.job.token.id),
        amount: d.amount,
        arbiterFeeBps: d.job.arbiterFeeBps,
        feeBps: d.job.feeBps,
        raisedBy: d.raisedBy,
        raisedByRole: d.raisedByRole,
        raisedAt: Number(d.raisedAt),
        status: d.status,
        resolution: d.resolution,
        vendorBps: d.vendorBps,
        toVendor: d.toVendor,
        toClient: d.toClient,
        arbiterFee: d.arbiterFee,
        history,
        evidence: docs,
      };
    }),
  );
}
