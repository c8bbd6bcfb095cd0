/** Everything the job page shows, from the subgraph (and the spec from the document store). */
import { parseAbiItem, parseEventLogs, type Hash } from "viem";
import { publicClient } from "./chain.ts";
import { querySubgraph } from "./subgraph.ts";
import { readSpec, type SpecLookup } from "./jobs.ts";
import { tokenInfo, type TokenInfo } from "./tokens.ts";

export interface MilestoneView {
  index: number;
  amount: string;
  bonus: string;
  deadline: number;
  outcomeDeadline: number;
  state: string;
  bonusState: string;
  reviewEndsAt: number | null;
  deliverableCid: string | null;
  held: string;
  paidToVendor: string;
  refunded: string;
  /** What the arbiter was paid for ruling on this milestone. */
  arbiterFee: string;
  dispute: { raisedAt: number; status: string; raisedBy: string; resolvedAt: number | null } | null;
  changeRequestCount: number;
}

export interface JobDetail {
  id: string;
  status: string;
  open: boolean;
  client: string;
  vendor: string | null;
  token: TokenInfo;
  arbiter: string;
  arbiterFeeBps: number;
  feeBps: number;
  reviewWindow: number;
  minRating: number;
  minPaidJobs: number;
  requiredSkills: string[];
  specCid: string;
  spec: SpecLookup;
  totalAmount: string;
  totalBonus: string;
  escrowed: string;
  held: string;
  paidToVendor: string;
  fees: string;
  refunded: string;
  clientRated: boolean;
  vendorRated: boolean;
  createdAt: number;
  milestones: MilestoneView[];
  /** `deferred`: the push failed, so the amount is owed to the payee (withdrawable), not received. */
  payments: {
    id: string;
    kind: string;
    index: number;
    toVendor: string;
    fee: string;
    timestamp: number;
    tx: string;
    deferred: boolean;
  }[];
  refunds: {
    id: string;
    kind: string;
    index: number;
    amount: string;
    timestamp: number;
    tx: string;
    deferred: boolean;
  }[];
  vendorQuoteNonce: Record<string, string>;
}

const QUERY = `query Job($id: ID!) {
  job(id: $id) {
    id status open client { id } vendor { id } token { id } arbiter arbiterFeeBps feeBps reviewWindow
    minRating minPaidJobs requiredSkills specCid totalAmount totalBonus escrowed held paidToVendor fees refunded
    clientRated vendorRated createdAt
    milestones(first: 100, orderBy: index) {
      index amount bonus deadline outcomeDeadline state bonusState reviewEndsAt deliverableCid held paidToVendor refunded
      arbiterFee changeRequestCount
      dispute { raisedAt status raisedBy resolvedAt }
    }
    payments(first: 200, orderBy: timestamp) { id kind milestone { index } toVendor fee timestamp transactionHash }
    refunds(first: 200, orderBy: timestamp) { id kind milestone { index } amount timestamp transactionHash }
  }
}`;

interface Raw {
  job:
    | null
    | (Omit<
        JobDetail,
        | "client"
        | "vendor"
        | "token"
        | "spec"
        | "createdAt"
        | "milestones"
        | "payments"
        | "refunds"
        | "vendorQuoteNonce"
      > & {
        client: { id: string };
        vendor: { id: string } | null;
        token: { id: string };
        createdAt: string;
        milestones: (Omit<MilestoneView, "deadline" | "outcomeDeadline" | "reviewEndsAt" | "dispute"> & {
          deadline: string;
          outcomeDeadline: string;
          reviewEndsAt: string | null;
          dispute: { raisedAt: string; status: string; raisedBy: string; resolvedAt: string | null } | null;
        })[];
        payments: {
          id: string;
          kind: string;
          milestone: { index: number };
          toVendor: string;
          fee: string;
          timestamp: string;
          transactionHash: string;
        }[];
        refunds: {
          id: string;
          kind: string;
          milestone: { index: number };
          amount: string;
          timestamp: string;
          transactionHash: string;
        }[];
      });
}

const PAYMENT_DEFERRED = parseAbiItem(
  "event PaymentDeferred(address indexed token, address indexed payee, uint256 amount)",
);

/**
 * The deferred payments (payee, amount) in each transaction, read from the receipts: the index
 * records a credit the same way whether it was pushed or deferred.
 */
async function deferralsIn(txs: string[]): Promise<Map<string, { payee: string; amount: bigint }[]>> {
  const out = new Map<string, { payee: string; amount: bigint }[]>();
  const client = publicClient();
  await Promise.all(
    [...new Set(txs)].map(async (tx) => {
      try {
        const receipt = await client.getTransactionReceipt({ hash: tx as Hash });
        const logs = parseEventLogs({ abi: [PAYMENT_DEFERRED], logs: receipt.logs });
        out.set(
          tx,
          logs.map((l) => ({ payee: l.args.payee.toLowerCase(), amount: l.args.amount })),
        );
      } catch {
        out.set(tx, []);
      }
    }),
  );
  return out;
}

export async function jobDetail(id: string): Promise<JobDetail | null> {
  if (!/^\d{1,30}$/.test(id)) return null;
  const { job } = await querySubgraph<Raw>(QUERY, { id: BigInt(id).toString() });
  if (!job) return null;
  const [token, spec, deferrals] = await Promise.all([
    tokenInfo(job.token.id),
    readSpec(job.specCid),
    deferralsIn([...job.payments, ...job.refunds].map((p) => p.transactionHash)),
  ]);
  const wasDeferred = (tx: string, payee: string | undefined, amount: string) =>
    (deferrals.get(tx) ?? []).some((d) => d.payee === payee?.toLowerCase() && d.amount === BigInt(amount));
  return {
    ...job,
    client: job.client.id,
    vendor: job.vendor?.id ?? null,
    token,
    spec,
    createdAt: Number(job.createdAt),
    milestones: job.milestones.map((m) => ({
      ...m,
      deadline: Number(m.deadline),
      outcomeDeadline: Number(m.outcomeDeadline),
      reviewEndsAt: m.reviewEndsAt === null ? null : Number(m.reviewEndsAt),
      dispute: m.dispute
        ? {
            ...m.dispute,
            raisedAt: Number(m.dispute.raisedAt),
            resolvedAt: m.dispute.resolvedAt === null ? null : Number(m.dispute.resolvedAt),
          }
        : null,
    })),
    payments: job.payments.map((p) => ({
      id: p.id,
      kind: p.kind,
      index: p.milestone.index,
      toVendor: p.toVendor,
      fee: p.fee,
      timestamp: Number(p.timestamp),
      tx: p.transactionHash,
      deferred: wasDeferred(p.transactionHash, job.vendor?.id, p.toVendor),
    })),
    refunds: job.refunds.map((r) => ({
      id: r.id,
      kind: r.kind,
      index: r.milestone.index,
      amount: r.amount,
      timestamp: Number(r.timestamp),
      tx: r.transactionHash,
      deferred: wasDeferred(r.transactionHash, job.client.id, r.amount),
    })),
    vendorQuoteNonce: {},
  };
}

/** The quote nonce each vendor's next quote must carry (older quotes are revoked). */
export async function quoteNonces(vendors: string[]): Promise<Record<string, string>> {
  if (vendors.length === 0) return {};
  const { accounts } = await querySubgraph<{ accounts: { id: string; quoteNonce: string }[] }>(
    `query Nonces($ids: [Bytes!]) { accounts(where: { id_in: $ids }) { id quoteNonce } }`,
    { ids: vendors.map((v) => v.toLowerCase()) },
  );
  return Object.fromEntries(accounts.map((a) => [a.id, a.quoteNonce]));
}
