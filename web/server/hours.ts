/**
 * Hour banks. One bank, and a vendor's published terms, as the chain holds them at the latest
 * block: its logs and shares come from the hour bank's events (filtered by the indexed bank id),
 * their current state from the contract's views, so a page never shows a stale review window.
 * Lists (an account's banks, an arbiter's contested logs) come from the index.
 */
import { encodeAbiParameters, parseEventLogs, type Hex, type Log } from "viem";
import { hourBankAbi, startBlocks } from "@mosaic/sdk/contracts";
import { CID } from "@mosaic/sdk/documents";
import { create as digestOf } from "multiformats/hashes/digest";
import { LOG_STATES, type HourTerms, type LogState } from "../lib/hours/terms.ts";
import { publicClient } from "./chain.ts";
import { serverConfig } from "./config.ts";
import { contractsOn } from "./public-config.ts";
import { querySubgraph } from "./subgraph.ts";
import { allowedTokens, tokenInfo, type TokenInfo } from "./tokens.ts";

const RAW_CODEC = 0x55;
const SHA256 = 0x12;

export interface TokenTerms extends Omit<HourTerms, "hourlyRate"> {
  token: TokenInfo;
  /** Token units per hour before discount, as a decimal string (serializable). */
  hourlyRate: string;
}

export interface BankLog {
  id: number;
  member: string;
  minutes: number;
  noteCid: string;
  loggedAt: number;
  reviewEndsAt: number | null;
  state: LogState;
  disputeId: string | null;
  contestedBy: string | null;
  approvedBy: string | null;
  /** Gross value of the log: minutes × the bank's minute rate. */
  value: string;
  toVendor: string | null;
  toClient: string | null;
  fee: string | null;
  arbiterFee: string | null;
  vendorBps: number | null;
}

export interface BankView {
  id: string;
  client: string;
  vendor: string;
  arbiter: string;
  token: TokenInfo;
  arbiterFeeBps: number;
  feeBps: number;
  expiresAt: number;
  reviewWindow: number;
  fundedAt: number;
  minutesLeft: number;
  allocated: number;
  noticeMinutes: number;
  minuteRate: string;
  closed: boolean;
  /** Hours bought, top-ups included. */
  hoursBought: number;
  /** Everything paid in, top-ups included. */
  funded: string;
  /** Current (unlogged) shares by member. */
  shares: { member: string; minutes: number }[];
  logs: BankLog[];
  requests: { requester: string; cid: string; at: number }[];
  closing: { refunded: string; noticeToVendor: string; noticeFee: string } | null;
  books: Books;
  block: string;
}

/** Where every unit paid into a bank is; `funded` equals the sum of the others. */
export interface Books {
  funded: string;
  unlogged: string;
  pending: string;
  contested: string;
  toVendor: string;
  fees: string;
  arbiterFees: string;
  toClient: string;
}

export interface BankSummary {
  id: string;
  client: string;
  vendor: string;
  token: TokenInfo;
  expiresAt: number;
  minutesLeft: number;
  closed: boolean;
  /** The account's role(s) in the bank. */
  roles: ("client" | "vendor" | "member" | "arbiter")[];
  /** For a member: its unlogged share. */
  share: number | null;
  /** Logs awaiting review: what each pays the vendor (gross) and when it can be released. */
  pending: { logId: number; releasesAt: number; amount: string }[];
}

function hourBankAddress(): `0x${string}` | null {
  return contractsOn(serverConfig().chainId)?.hourBank ?? null;
}

function fromBlock(): bigint {
  const blocks = (startBlocks as Record<number, Record<string, number> | undefined>)[serverConfig().chainId];
  return BigInt(blocks?.HourBank ?? 0);
}

/** The CID a log's note digest stands for (CIDv1, raw codec, sha-256), as the registry rebuilds profiles. */
export function noteCid(digest: Hex): string {
  const bytes = Uint8Array.from(
    digest
      .slice(2)
      .match(/../g)!
      .map((b) => Number.parseInt(b, 16)),
  );
  return CID.createV1(RAW_CODEC, digestOf(SHA256, bytes)).toString();
}

/** The hour bank's logs whose topics match (null matches any), decoded. */
async function hourBankEvents(address: `0x${string}`, topics: (Hex | null)[]) {
  const logs = (await publicClient().request({
    method: "eth_getLogs",
    params: [{ address, fromBlock: `0x${fromBlock().toString(16)}`, toBlock: "latest", topics }],
  })) as Log[];
  return parseEventLogs({ abi: hourBankAbi, logs, strict: false });
}

/** A bank id as an indexed event topic. */
const bankTopic = (value: bigint) => encodeAbiParameters([{ type: "uint256" }], [value]);

/** The vendor's published terms in every token the escrow allows (tokens without terms left out). */
export async function vendorTerms(vendor: string): Promise<TokenTerms[]> {
  const contracts = contractsOn(serverConfig().chainId);
  if (!contracts?.hourBank || !/^0x[0-9a-fA-F]{40}$/.test(vendor)) return [];
  const tokens = await allowedTokens(contracts.escrow, contracts.mockUsd ? [contracts.mockUsd] : []);
  const client = publicClient();
  const all = await Promise.all(
    tokens.map(async (token) => {
      const terms = await client.readContract({
        address: contracts.hourBank!,
        abi: hourBankAbi,
        functionName: "termsOf",
        args: [vendor as `0x${string}`, token.address],
      });
      return {
        token,
        hourlyRate: terms.hourlyRate.toString(),
        noticeHours: Number(terms.noticeHours),
        tiers: terms.tiers.map((t) => ({ minHours: Number(t.minHours), discountBps: Number(t.discountBps) })),
      };
    }),
  );
  return all.filter((t) => t.hourlyRate !== "0");
}

/** One bank at the latest block, or null when there is no such bank. */
export async function bankView(id: string): Promise<BankView | null> {
  const address = hourBankAddress();
  if (!address || !/^\d{1,30}$/.test(id)) return null;
  const client = publicClient();
  const bankId = BigInt(id);
  const block = await client.getBlockNumber();
  const count = await client.readContract({ address, abi: hourBankAbi, functionName: "bankCount", blockNumber: block });
  if (bankId < 1n || bankId > count) return null;
  const [bank, events] = await Promise.all([
    client.readContract({ address, abi: hourBankAbi, functionName: "bankOf", args: [bankId], blockNumber: block }),
    hourBankEvents(address, [null, bankTopic(bankId)]),
  ]);
  const minuteRate = BigInt(bank.minuteRate);
  const logs = new Map<number, BankLog>();
  const lastShare = new Map<string, number>();
  const requests: BankView["requests"] = [];
  const blockTimes = new Map<bigint, Promise<number>>();
  const timeOf = (n: bigint) => {
    if (!blockTimes.has(n))
      blockTimes.set(
        n,
        client.getBlock({ blockNumber: n }).then((b) => Number(b.timestamp)),
      );
    return blockTimes.get(n)!;
  };
  let hoursBought = 0;
  let funded = 0n;
  let closing: BankView["closing"] = null;
  for (const event of events) {
    const args = event.args as Record<string, unknown>;
    if (args.bankId !== bankId) continue;
    switch (event.eventName) {
      case "BankOpened":
        hoursBought += Number(args.hourCount);
        funded += args.total as bigint;
        break;
      case "BankToppedUp":
        hoursBought += Number(args.hourCount);
        funded += args.amount as bigint;
        break;
      case "Allocated":
        lastShare.set((args.member as string).toLowerCase(), Number(args.minuteCount));
        break;
      case "WorkRequested":
        requests.push({
          requester: (args.requester as string).toLowerCase(),
          cid: args.briefCid as string,
          at: await timeOf(event.blockNumber!),
        });
        break;
      case "HoursLogged": {
        const logId = Number(args.logId);
        const minutes = Number(args.minuteCount);
        logs.set(logId, {
          id: logId,
          member: (args.member as string).toLowerCase(),
          minutes,
          noteCid: noteCid(args.noteDigest as Hex),
          loggedAt: await timeOf(event.blockNumber!),
          reviewEndsAt: null,
          state: "Pending",
          disputeId: null,
          contestedBy: null,
          approvedBy: null,
          value: (BigInt(minutes) * minuteRate).toString(),
          toVendor: null,
          toClient: null,
          fee: null,
          arbiterFee: null,
          vendorBps: null,
        });
        break;
      }
      case "LogApproved": {
        const log = logs.get(Number(args.logId));
        if (log) log.approvedBy = (args.by as string).toLowerCase();
        break;
      }
      case "LogReleased": {
        const log = logs.get(Number(args.logId));
        if (log) Object.assign(log, { state: "Paid", toVendor: String(args.toVendor), fee: String(args.fee) });
        break;
      }
      case "LogContested": {
        const log = logs.get(Number(args.logId));
        if (log) {
          Object.assign(log, {
            state: "Contested",
            disputeId: String(args.disputeId),
            contestedBy: (args.by as string).toLowerCase(),
          });
        }
        break;
      }
      case "LogResolved": {
        const log = logs.get(Number(args.logId));
        if (log) {
          Object.assign(log, {
            state: "Resolved",
            toVendor: String(args.toVendor),
            toClient: String(args.toClient),
            fee: String(args.fee),
            arbiterFee: String(args.arbiterFee),
            vendorBps: Number(args.vendorBps),
          });
        }
        break;
      }
      case "BankClosed":
        closing = {
          refunded: String(args.refunded),
          noticeToVendor: String(args.noticeToVendor),
          noticeFee: String(args.noticeFee),
        };
        break;
    }
  }
  // Review windows (and states) of open logs as the contract holds them now.
  await Promise.all(
    [...logs.values()]
      .filter((log) => log.state === "Pending" || log.state === "Contested")
      .map(async (log) => {
        const stored = await client.readContract({
          address,
          abi: hourBankAbi,
          functionName: "logOf",
          args: [bankId, BigInt(log.id)],
          blockNumber: block,
        });
        log.reviewEndsAt = Number(stored.reviewEndsAt);
        log.state = LOG_STATES[Number(stored.state)] ?? log.state;
      }),
  );
  const shares = await Promise.all(
    [...lastShare.keys()].map(async (member) => ({
      member,
      minutes: Number(
        await client.readContract({
          address,
          abi: hourBankAbi,
          functionName: "allocationOf",
          args: [bankId, member as `0x${string}`],
          blockNumber: block,
        }),
      ),
    })),
  );
  const list = [...logs.values()].sort((a, b) => a.id - b.id);
  const sum = (pick: (log: BankLog) => string | null, states: LogState[]) =>
    list.filter((l) => states.includes(l.state)).reduce((t, l) => t + BigInt(pick(l) ?? "0"), 0n);
  const noticeToVendor = BigInt(closing?.noticeToVendor ?? "0");
  const noticeFee = BigInt(closing?.noticeFee ?? "0");
  const books: Books = {
    funded: funded.toString(),
    unlogged: (BigInt(bank.minutesLeft) * minuteRate).toString(),
    pending: sum((l) => l.value, ["Pending"]).toString(),
    contested: sum((l) => l.value, ["Contested"]).toString(),
    toVendor: (sum((l) => l.toVendor, ["Paid", "Resolved"]) + noticeToVendor).toString(),
    fees: (sum((l) => l.fee, ["Paid", "Resolved"]) + noticeFee).toString(),
    arbiterFees: sum((l) => l.arbiterFee, ["Resolved"]).toString(),
    toClient: (sum((l) => l.toClient, ["Resolved"]) + BigInt(closing?.refunded ?? "0")).toString(),
  };
  return {
    id,
    client: bank.client.toLowerCase(),
    vendor: bank.vendor.toLowerCase(),
    arbiter: bank.arbiter.toLowerCase(),
    token: await tokenInfo(bank.token),
    arbiterFeeBps: Number(bank.arbiterFeeBps),
    feeBps: Number(bank.feeBps),
    expiresAt: Number(bank.expiresAt),
    reviewWindow: Number(bank.reviewWindow),
    fundedAt: Number(bank.fundedAt),
    minutesLeft: Number(bank.minutesLeft),
    allocated: Number(bank.allocated),
    noticeMinutes: Number(bank.noticeMinutes),
    minuteRate: minuteRate.toString(),
    closed: bank.closed,
    hoursBought,
    funded: funded.toString(),
    shares: shares.filter((s) => s.minutes > 0),
    logs: list,
    requests,
    closing,
    books,
    block: block.toString(),
  };
}

const SUMMARY_FIELDS = `
  bankId client { id } vendor { id } arbiter token { id } expiresAt minutesLeft state
  pending: logs(where: { state: Pending }, first: 32, orderBy: reviewEndsAt) { logId reviewEndsAt amount }
`;

interface RawSummary {
  bankId: string;
  client: { id: string };
  vendor: { id: string };
  arbiter: string;
  token: { id: string };
  expiresAt: string;
  minutesLeft: string;
  state: string;
  pending: { logId: string; reviewEndsAt: string; amount: string }[];
}

/** The banks `account` buys (client), serves (vendor) or holds a share of (member), from the index. */
export async function banksOf(account: string): Promise<BankSummary[]> {
  if (!/^0x[0-9a-fA-F]{40}$/.test(account)) return [];
  const me = account.toLowerCase();
  const data = await querySubgraph<{
    asClient: RawSummary[];
    asVendor: RawSummary[];
    shares: { minutesAllocated: string; bank: RawSummary }[];
  }>(
    `query HourBanksOf($id: Bytes!) {
      asClient: hourBanks(where: { client: $id }, first: 200, orderBy: createdAt, orderDirection: desc) { ${SUMMARY_FIELDS} }
      asVendor: hourBanks(where: { vendor: $id }, first: 200, orderBy: createdAt, orderDirection: desc) { ${SUMMARY_FIELDS} }
      shares: hourAllocations(where: { member: $id }, first: 200) { minutesAllocated bank { ${SUMMARY_FIELDS} } }
    }`,
    { id: me },
  );
  const byId = new Map<string, { raw: RawSummary; share: number | null }>();
  for (const raw of [...data.asClient, ...data.asVendor]) byId.set(raw.bankId, { raw, share: null });
  for (const { bank, minutesAllocated } of data.shares) {
    byId.set(bank.bankId, { raw: bank, share: Number(minutesAllocated) });
  }
  const banks = await Promise.all(
    [...byId.values()].map(async ({ raw, share }) => {
      const roles: BankSummary["roles"] = [];
      if (raw.client.id === me) roles.push("client");
      if (raw.vendor.id === me) roles.push("vendor");
      if (raw.arbiter === me) roles.push("arbiter");
      if (share !== null) roles.push("member");
      return {
        id: raw.bankId,
        client: raw.client.id,
        vendor: raw.vendor.id,
        token: await tokenInfo(raw.token.id),
        expiresAt: Number(raw.expiresAt),
        minutesLeft: Number(raw.minutesLeft),
        closed: raw.state !== "Active",
        roles,
        share,
        pending: raw.pending.map((l) => ({
          logId: Number(l.logId),
          releasesAt: Number(l.reviewEndsAt),
          amount: l.amount,
        })),
      };
    }),
  );
  return banks.sort((a, b) => Number(BigInt(b.id) - BigInt(a.id)));
}

/** Contested logs waiting for `arbiter`'s ruling, from the index. */
export async function contestedFor(arbiter: string): Promise<{ bankId: string; logId: number; disputeId: string }[]> {
  if (!/^0x[0-9a-fA-F]{40}$/.test(arbiter)) return [];
  const { hourLogs } = await querySubgraph<{
    hourLogs: { logId: string; disputeId: string; bank: { bankId: string } }[];
  }>(
    `query ContestedHourLogs($arbiter: Bytes!) {
      hourLogs(where: { state: Contested, bank_: { arbiter: $arbiter } }, first: 200, orderBy: contestedAt) {
        logId disputeId bank { bankId }
      }
    }`,
    { arbiter: arbiter.toLowerCase() },
  );
  return hourLogs.map((l) => ({ bankId: l.bank.bankId, logId: Number(l.logId), disputeId: l.disputeId }));
}

/** Vendors selling hours now (active terms), most recently published first, from the index. */
export async function hourSellers(): Promise<(TokenTerms & { vendor: string })[]> {
  const { hourTerms_collection: rows } = await querySubgraph<{
    hourTerms_collection: {
      vendor: { id: string };
      token: { id: string };
      hourlyRate: string;
      noticeHours: number;
      tierMinHours: number[];
      tierDiscountBps: number[];
    }[];
  }>(
    `query HourSellers {
      hourTerms_collection(where: { active: true }, first: 100, orderBy: updatedAt, orderDirection: desc) {
        vendor { id } token { id } hourlyRate noticeHours tierMinHours tierDiscountBps
      }
    }`,
  );
  return Promise.all(
    rows.map(async (row) => ({
      vendor: row.vendor.id,
      token: await tokenInfo(row.token.id),
      hourlyRate: row.hourlyRate,
      noticeHours: row.noticeHours,
      tiers: row.tierMinHours.map((minHours, i) => ({ minHours, discountBps: row.tierDiscountBps[i] })),
    })),
  );
}
