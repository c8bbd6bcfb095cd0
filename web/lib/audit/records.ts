/** Disputes with their splits and a job's money movements, for the audit page. */
import { querySubgraph } from "../../server/subgraph.ts";
import { pageAll } from "./pager.ts";

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

/** One project's money: what its parts' jobs escrowed and where it went, and its reviewer shares. */
export interface ProjectMoney {
  id: string;
  token: string;
  budget: bigint;
  /** Escrowed by the project's own jobs (parts and shifts, replaced ones included; not sub-jobs, which primes fund). */
  escrowed: bigint;
  /** Of that: still held in the escrow, paid to vendors, taken as fees, refunded, paid to arbiters. */
  held: bigint;
  paidToVendors: bigint;
  fees: bigint;
  refunded: bigint;
  arbiterFees: bigint;
  jobCount: number;
  subJobCount: number;
  reviewSharesDeposited: bigint;
  reviewSharesHeld: bigint;
  reviewSharesPaid: bigint;
  reviewSharesRefunded: bigint;
}

interface ProjectRow {
  id: string;
  projectId: string;
  token: { id: string };
  budget: string;
  subJobCount: number;
  reviewSharesDeposited: string;
  reviewSharesHeld: string;
  reviewSharesPaid: string;
  reviewSharesRefunded: string;
  links: {
    kind: string;
    job: Record<"escrowed" | "held" | "paidToVendor" | "fees" | "refunded" | "arbiterFees", string>;
  }[];
}

/** Every project's money at `block`, by project id. */
export async function projectsMoney(block: number): Promise<ProjectMoney[]> {
  const out: ProjectMoney[] = [];
  for await (const p of pageAll<ProjectRow>({
    collection: "projects",
    fields: `projectId token { id } budget subJobCount reviewSharesDeposited reviewSharesHeld reviewSharesPaid
      reviewSharesRefunded links(first: 1000) { kind job { escrowed held paidToVendor fees refunded arbiterFees } }`,
    block,
  })) {
    const own = p.links.filter((l) => l.kind !== "SubJob");
    const sum = (field: keyof ProjectRow["links"][number]["job"]) =>
      own.reduce((total, l) => total + BigInt(l.job[field]), 0n);
    out.push({
      id: p.projectId,
      token: p.token.id,
      budget: BigInt(p.budget),
      escrowed: sum("escrowed"),
      held: sum("held"),
      paidToVendors: sum("paidToVendor"),
      fees: sum("fees"),
      refunded: sum("refunded"),
      arbiterFees: sum("arbiterFees"),
      jobCount: own.length,
      subJobCount: p.subJobCount,
      reviewSharesDeposited: BigInt(p.reviewSharesDeposited),
      reviewSharesHeld: BigInt(p.reviewSharesHeld),
      reviewSharesPaid: BigInt(p.reviewSharesPaid),
      reviewSharesRefunded: BigInt(p.reviewSharesRefunded),
    });
  }
  return out.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
}
