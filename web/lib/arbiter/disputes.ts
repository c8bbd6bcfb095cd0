/** The disputes an arbiter rules, with the milestone's history and both parties' documents. */
import { parseAbiItem } from "viem";
import { startBlocks } from "@mosaic/sdk/contracts";
import { publicClient } from "../../server/chain.ts";
import { contractsOn } from "../../server/public-config.ts";
import { listDocuments, readDocument } from "../../server/documents/service.ts";
import { querySubgraph } from "../../server/subgraph.ts";
import { tokenInfo, type TokenInfo } from "../../server/tokens.ts";

export interface DocumentLink {
  cid: string;
  /** Filed on chain (an ERC-1497 Evidence event) rather than only stored with the documents API. */
  onChain: boolean;
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
  const onChain = await evidenceEvents(arbiter, chainId);
  return Promise.all(
    disputes.map(async (d) => {
      const stored = await listDocuments("evidence", `job:${chainId}:${d.job.id}`);
      let docs: DocumentLink[] = stored
        .filter((s) => {
          const index = (s.content as { index?: number }).index;
          return index === undefined || index === d.milestone.index;
        })
        .map((s) => ({
          cid: s.cid,
          onChain: false,
          author: s.author,
          createdAt: Math.floor(s.createdAt / 1000),
          ...summarize(s.content),
        }));
      for (const filed of onChain.get(d.id) ?? []) {
        const known = docs.find((e) => e.cid === filed.cid);
        if (known) known.onChain = true;
        else docs = [...docs, filed];
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

const EVIDENCE_EVENT = parseAbiItem(
  "event Evidence(address indexed arbitrator, uint256 indexed evidenceGroupID, address indexed party, string evidence)",
);

/** ERC-1497 evidence filed on chain for `arbiter`'s disputes, by dispute id, with each document's summary. */
async function evidenceEvents(arbiter: string, chainId: number): Promise<Map<string, DocumentLink[]>> {
  const out = new Map<string, DocumentLink[]>();
  const contracts = contractsOn(chainId);
  if (!contracts) return out;
  const fromBlock = BigInt((startBlocks as Record<number, { MosaicEscrow?: number }>)[chainId]?.MosaicEscrow ?? 0);
  const logs = await publicClient()
    .getLogs({
      address: contracts.escrow,
      event: EVIDENCE_EVENT,
      args: { arbitrator: arbiter as `0x${string}` },
      fromBlock,
    })
    .catch(() => []);
  for (const log of logs) {
    const { evidenceGroupID, party, evidence } = log.args;
    if (evidenceGroupID === undefined || !party || !evidence) continue;
    const read = await readDocument(evidence);
    const content = read.ok ? JSON.parse(new TextDecoder().decode(read.document.bytes)) : null;
    const summary = content
      ? summarize(content)
      : { title: "Evidence", text: read.ok ? "" : `(document unavailable: ${read.error})` };
    const list = out.get(evidenceGroupID.toString()) ?? [];
    list.push({ cid: evidence, onChain: true, author: party.toLowerCase(), createdAt: 0, ...summary });
    out.set(evidenceGroupID.toString(), list);
  }
  return out;
}
