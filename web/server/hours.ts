/**
 * Hour banks as the chain holds them at the latest block: a vendor's published terms, one bank
 * with its logs, shares and books, and the banks an account takes part in. Logs and shares come
 * from the hour bank's events (filtered by their indexed bank, client, vendor or member topics),
 * their current state from the contract's views, so a page never shows a stale review window.
 */
import { encodeAbiParameters, pad, parseEventLogs, toEventSelector, type Hex, type Log } from "viem";
import { hourBankAbi, startBlocks } from "@mosaic/sdk/contracts";
import { CID } from "@mosaic/sdk/documents";
import { create as digestOf } from "multiformats/hashes/digest";
import { LOG_STATES, type HourTerms, type LogState } from "../lib/hours/terms.ts";
import { publicClient } from "./chain.ts";
import { serverConfig } from "./config.ts";
import { contractsOn } from "./public-config.ts";
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

const topicOf = {
  uint: (value: bigint) => encodeAbiParameters([{ type: "uint256" }], [value]),
  address: (value: string) => pad(value.toLowerCase() as Hex, { size: 32 }),
  event: (name: string) => {
    const item = hourBankAbi.find((i) => i.type === "event" && i.name === name);
    return toEventSelector(item as never);
  },
};

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
    hourBankEvents(address, [null, topicOf.uint(bankId)]),
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

/** The banks `account` buys (client), serves (vendor), holds a share of (member) or arbitrates. */
export async function banksOf(account: string): Promise<BankSummary[]> {
  const address = hourBankAddress();
  if (!address || !/^0x[0-9a-fA-F]{40}$/.test(account)) return [];
  const me = account.toLowerCase();
  const opened = topicOf.event("BankOpened");
  const [asClient, asVendor, asMember] = await Promise.all([
    hourBankEvents(address, [opened, null, topicOf.address(me)]),
    hourBankEvents(address, [opened, null, null, topicOf.address(me)]),
    hourBankEvents(address, [topicOf.event("Allocated"), null, topicOf.address(me)]),
  ]);
  const ids = new Set<bigint>();
  for (const event of [...asClient, ...asVendor, ...asMember]) ids.add((event.args as { bankId: bigint }).bankId);
  const client = publicClient();
  const banks = await Promise.all(
    [...ids].map(async (bankId) => {
      const [bank, share] = await Promise.all([
        client.readContract({ address, abi: hourBankAbi, functionName: "bankOf", args: [bankId] }),
        client.readContract({ address, abi: hourBankAbi, functionName: "allocationOf", args: [bankId, me as Hex] }),
      ]);
      const roles: BankSummary["roles"] = [];
      if (bank.client.toLowerCase() === me) roles.push("client");
      if (bank.vendor.toLowerCase() === me) roles.push("vendor");
      if (bank.arbiter.toLowerCase() === me) roles.push("arbiter");
      const member = asMember.some((e) => (e.args as { bankId: bigint }).bankId === bankId);
      if (member) roles.push("member");
      return {
        id: bankId.toString(),
        client: bank.client.toLowerCase(),
        vendor: bank.vendor.toLowerCase(),
        token: await tokenInfo(bank.token),
        expiresAt: Number(bank.expiresAt),
        minutesLeft: Number(bank.minutesLeft),
        closed: bank.closed,
        roles,
        share: member ? Number(share) : null,
      };
    }),
  );
  return banks.sort((a, b) => Number(BigInt(b.id) - BigInt(a.id)));
}

/** Contested logs waiting for `arbiter`'s ruling, by bank. */
export async function contestedFor(arbiter: string): Promise<{ bankId: string; logId: number; disputeId: string }[]> {
  const address = hourBankAddress();
  if (!address || !/^0x[0-9a-fA-F]{40}$/.test(arbiter)) return [];
  const item = hourBankAbi.find((i) => i.type === "event" && i.name === "Dispute");
  if (!item) return [];
  const disputes = await hourBankEvents(address, [toEventSelector(item as never), topicOf.address(arbiter)]);
  const client = publicClient();
  const open = await Promise.all(
    disputes.map(async (event) => {
      const disputeId = (event.args as { disputeID: bigint }).disputeID;
      const bankId = disputeId >> 32n;
      const logId = disputeId & 0xffffffffn;
      const log = await client
        .readContract({ address, abi: hourBankAbi, functionName: "logOf", args: [bankId, logId] })
        .catch(() => null);
      return log && LOG_STATES[Number(log.state)] === "Contested"
        ? { bankId: bankId.toString(), logId: Number(logId), disputeId: disputeId.toString() }
        : null;
    }),
  );
  return open.filter((x) => x !== null);
}
