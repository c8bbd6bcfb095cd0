/** Disputes with their splits and a job's money movements, for the audit page. */
import { querySubgraph } from "../../server/subgraph.ts";

export interface DisputeRow {
  id: string;
  job: { id: string; token: { id: string } };
  milestone: { index: number };
  raisedBy: string;
  raisedByRole: string;
  amount: string;
  status: string;
  arbiter: string;
  ruling: string | null;
  resolution: string | null;
  vendorBps: number | null;
  toVendor: string | null;
  toClient: string | null;
  arbiterFee: string | null;
  fee: string | null;
  raisedAt: string;
  resolvedAt: string | null;
}

export async function recentDisputes(block: number, first = 25): Promise<DisputeRow[]> {
  const { disputes } = await querySubgraph<{ disputes: DisputeRow[] }>(
    `query($first: Int!, $block: Int!) { disputes(first: $first, orderBy: raisedAt, orderDirection: desc, block: { number: $block }) {
      id job { id token { id } } milestone { index } raisedBy raisedByRole amount status arbiter ruling resolution
      vendorBps toVendor toClient arbiterFee fee raisedAt resolvedAt } }`,
    { first, block },
  );
  return disputes;
}

export interface JobMoney {
  id: string;
  client: { id: string };
  vendor: { id: string } | null;
  token: { id: string };
  status: string;
  escrowed: string;
  held: string;
  paidToVendor: string;
  fees: string;
  refunded: string;
  arbiterFees: string;
  deposits: { id: string; amount: string; first: number; count: number; timestamp: string; transactionHash: string }[];
  payments: {
    id: string;
    kind: string;
    milestone: { index: number };
    gross: string;
    toVendor: string;
    fee: string;
    automatic: boolean;
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
}

export async function jobMoney(jobId: string, block: number): Promise<JobMoney | null> {
  const { job, deposits } = await querySubgraph<{
    job: Omit<JobMoney, "deposits"> | null;
    deposits: JobMoney["deposits"];
  }>(
    `query($id: ID!, $job: String!, $block: Int!) {
      job(id: $id, block: { number: $block }) { id client { id } vendor { id } token { id } status escrowed held paidToVendor fees refunded arbiterFees
        payments(first: 1000, orderBy: timestamp) { id kind milestone { index } gross toVendor fee automatic timestamp transactionHash }
        refunds(first: 1000, orderBy: timestamp) { id kind milestone { index } amount timestamp transactionHash } }
      deposits(first: 1000, orderBy: timestamp, where: { job: $job }, block: { number: $block }) { id amount first count timestamp transactionHash } }`,
    { id: jobId, job: jobId, block },
  );
  return job ? { ...job, deposits } : null;
}

/** An hour bank's money: what was paid in, where it went, what it still holds. */
export interface BankMoney {
  id: string;
  client: { id: string };
  vendor: { id: string };
  token: { id: string };
  state: string;
  hoursBought: number;
  minuteRate: string;
  discountBps: number;
  funded: string;
  held: string;
  paidToVendor: string;
  fees: string;
  feesHeld: string;
  refunded: string;
  disputeRefunded: string;
  arbiterFees: string;
  createdAt: string;
  createdTx: string;
  topUps: { id: string; hours: number; amount: string; timestamp: string; transactionHash: string }[];
  payments: {
    id: string;
    kind: string;
    log: { logId: string } | null;
    toVendor: string;
    fee: string;
    automatic: boolean;
    timestamp: string;
    transactionHash: string;
  }[];
  refunds: {
    id: string;
    kind: string;
    log: { logId: string } | null;
    amount: string;
    arbiterFee: string;
    timestamp: string;
    transactionHash: string;
  }[];
}

export async function bankMoney(bankId: string, block: number): Promise<BankMoney | null> {
  const { hourBank } = await querySubgraph<{ hourBank: BankMoney | null }>(
    `query($id: ID!, $block: Int!) {
      hourBank(id: $id, block: { number: $block }) { id client { id } vendor { id } token { id } state hoursBought
        minuteRate discountBps funded held paidToVendor fees feesHeld refunded disputeRefunded arbiterFees createdAt createdTx
        topUps(first: 1000, orderBy: timestamp) { id hours amount timestamp transactionHash }
        payments(first: 1000, orderBy: timestamp) { id kind log { logId } toVendor fee automatic timestamp transactionHash }
        refunds(first: 1000, orderBy: timestamp) { id kind log { logId } amount arbiterFee timestamp transactionHash } } }`,
    { id: bankId, block },
  );
  return hourBank;
}
