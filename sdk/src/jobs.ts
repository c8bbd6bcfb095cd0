/**
 * Reads and writes of jobs, milestones and vendors through viem clients. Writes simulate first,
 * so a call the contract would refuse throws a `MosaicContractError` with the error's NatSpec
 * words before any wallet prompt or gas is spent; then they send and wait for the receipt.
 *
 * Every function takes a `MosaicContext`: the clients and the contracts' addresses (from
 * `mosaicAddresses(chainId)` or your own deployment).
 */
import {
  decodeEventLog,
  erc20Abi,
  hexToString,
  stringToHex,
  zeroAddress,
  type Account,
  type Address,
  type ContractFunctionArgs,
  type ContractFunctionName,
  type Hash,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
  type WalletClient,
} from "viem";
import { mosaicEscrowAbi, vendorRegistryAbi } from "./generated/contracts.ts";
import { decodeContractError, MosaicContractError } from "./errors.ts";

export interface MosaicContext {
  publicClient: PublicClient;
  /** Needed for writes; its account (or `account`) sends them. */
  walletClient?: WalletClient;
  account?: Account | Address;
  escrow: Address;
  registry: Address;
}

/** Names of `IMosaicEscrow.MilestoneState`, by value. */
export const MILESTONE_STATES = [
  "None",
  "Created",
  "Funded",
  "Submitted",
  "Paid",
  "Refunded",
  "Cancelled",
  "Disputed",
  "Resolved",
] as const;
export type MilestoneStateName = (typeof MILESTONE_STATES)[number];

/** Names of `IMosaicEscrow.BonusState`, by value. */
export const BONUS_STATES = ["None", "Held", "Released", "Returned", "Disputed", "Resolved"] as const;
export type BonusStateName = (typeof BONUS_STATES)[number];

/** A skill tag as the contracts store it: the name's UTF-8 bytes in a bytes32 ("solidity" -> 0x736f...). */
export function skillTag(name: string): Hex {
  return stringToHex(name, { size: 32 });
}

/** The name of a bytes32 skill tag. */
export function skillName(tag: Hex): string {
  return hexToString(tag, { size: 32 }).replace(/\0+$/, "");
}

// ------------------------------------------------------------------------------------------ reads

/** A job as `jobOf` returns it, plus its id and milestones (with their states' names). */
export async function readJob(ctx: MosaicContext, jobId: bigint) {
  const job = await ctx.publicClient.readContract({
    address: ctx.escrow,
    abi: mosaicEscrowAbi,
    functionName: "jobOf",
    args: [jobId],
  });
  const milestones = await Promise.all(
    Array.from({ length: Number(job.milestoneCount) }, (_, i) => readMilestone(ctx, jobId, BigInt(i))),
  );
  return { id: jobId, ...job, milestones };
}

/** One milestone as `milestoneOf` returns it, with `stateName` and `bonusStateName`. */
export async function readMilestone(ctx: MosaicContext, jobId: bigint, index: bigint) {
  const milestone = await ctx.publicClient.readContract({
    address: ctx.escrow,
    abi: mosaicEscrowAbi,
    functionName: "milestoneOf",
    args: [jobId, index],
  });
  return {
    index,
    ...milestone,
    stateName: MILESTONE_STATES[Number(milestone.state)] ?? "None",
    bonusStateName: BONUS_STATES[Number(milestone.bonusState)] ?? "None",
  };
}

/** How many jobs were posted (ids run from 1 to this). */
export function jobCount(ctx: MosaicContext): Promise<bigint> {
  return ctx.publicClient.readContract({ address: ctx.escrow, abi: mosaicEscrowAbi, functionName: "jobCount" });
}

/** A vendor: registry profile, skills (as names), profile digest, and the escrow's record of its work. */
export async function readVendor(ctx: MosaicContext, vendor: Address) {
  const registry = { address: ctx.registry, abi: vendorRegistryAbi } as const;
  const escrow = { address: ctx.escrow, abi: mosaicEscrowAbi } as const;
  const registered = await ctx.publicClient.readContract({ ...registry, functionName: "isRegistered", args: [vendor] });
  const [stats, rating, adjustedRating, quoteNonce] = await Promise.all([
    ctx.publicClient.readContract({ ...escrow, functionName: "vendorStatsOf", args: [vendor] }),
    ctx.publicClient.readContract({ ...escrow, functionName: "vendorRatingOf", args: [vendor] }),
    ctx.publicClient.readContract({ ...escrow, functionName: "adjustedVendorRatingOf", args: [vendor] }),
    ctx.publicClient.readContract({ ...escrow, functionName: "quoteNonce", args: [vendor] }),
  ]);
  if (!registered) return { address: vendor, registered, stats, rating, adjustedRating, quoteNonce };
  const [profile, skills, metadataDigest] = await Promise.all([
    ctx.publicClient.readContract({ ...registry, functionName: "profileOf", args: [vendor] }),
    ctx.publicClient.readContract({ ...registry, functionName: "skillsOf", args: [vendor] }),
    ctx.publicClient.readContract({ ...registry, functionName: "metadataDigestOf", args: [vendor] }),
  ]);
  return {
    address: vendor,
    registered,
    stats,
    rating,
    adjustedRating,
    quoteNonce,
    profile,
    skills: skills.map(skillName),
    metadataDigest,
  };
}

// ------------------------------------------------------------------------------------------ writes

type EscrowWriteName = ContractFunctionName<typeof mosaicEscrowAbi, "nonpayable" | "payable">;
type EscrowWriteArgs<F extends EscrowWriteName> = ContractFunctionArgs<
  typeof mosaicEscrowAbi,
  "nonpayable" | "payable",
  F
>;
type RegistryWriteName = ContractFunctionName<typeof vendorRegistryAbi, "nonpayable" | "payable">;
type RegistryWriteArgs<F extends RegistryWriteName> = ContractFunctionArgs<
  typeof vendorRegistryAbi,
  "nonpayable" | "payable",
  F
>;

export interface WriteResult {
  hash: Hash;
  receipt: TransactionReceipt;
}

async function send(
  ctx: MosaicContext,
  request: {
    address: Address;
    abi: readonly unknown[];
    functionName: string;
    args: readonly unknown[];
    value?: bigint;
  },
): Promise<WriteResult> {
  const wallet = ctx.walletClient;
  const account = ctx.account ?? wallet?.account;
  if (!wallet || !account) throw new Error(`${request.functionName}: a write needs a walletClient with an account`);
  let prepared: unknown;
  try {
    const simulated = await ctx.publicClient.simulateContract({ ...request, account } as never);
    prepared = (simulated as { request: unknown }).request;
  } catch (error) {
    const decoded = decodeContractError(error);
    if (decoded) throw new MosaicContractError(request.functionName, decoded, { cause: error });
    throw error;
  }
  // A wallet client without a chain (a plain JSON-RPC account) sends on whatever chain its node is.
  const hash = await wallet.writeContract({ ...(prepared as object), chain: wallet.chain ?? null } as never);
  const receipt = await ctx.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`${request.functionName}: transaction ${hash} reverted`);
  return { hash, receipt };
}

/** Any state-changing call of the escrow, simulated, sent and confirmed. */
export function writeEscrow<F extends EscrowWriteName>(
  ctx: MosaicContext,
  functionName: F,
  args: EscrowWriteArgs<F>,
  options: { value?: bigint } = {},
): Promise<WriteResult> {
  return send(ctx, {
    address: ctx.escrow,
    abi: mosaicEscrowAbi,
    functionName,
    args: args as readonly unknown[],
    value: options.value,
  });
}

/** Any state-changing call of the vendor registry, simulated, sent and confirmed. */
export function writeRegistry<F extends RegistryWriteName>(
  ctx: MosaicContext,
  functionName: F,
  args: RegistryWriteArgs<F>,
): Promise<WriteResult> {
  return send(ctx, { address: ctx.registry, abi: vendorRegistryAbi, functionName, args: args as readonly unknown[] });
}

export interface JobTerms {
  /** Payment token; `zeroAddress` (the default) for ETH. */
  token?: Address;
  /** Who rules disputes; `zeroAddress` (the default) for the operator's default arbiter. */
  arbiter?: Address;
  arbiterFeeBps?: number;
  /** Seconds the client has to review a submission. */
  reviewWindow: number;
  open: boolean;
  minRating?: number;
  minPaidJobs?: number;
  /** Skill names ("solidity"); encoded as bytes32 tags. */
  requiredSkills?: string[];
  specCid: string;
}

export interface MilestoneTerms {
  amount: bigint;
  bonus?: bigint;
  /** Unix seconds. */
  deadline: bigint | number;
  /** Unix seconds when a bonus must be decided; 0 without a bonus. */
  outcomeDeadline?: bigint | number;
}

function encodeTerms(terms: JobTerms, milestones: MilestoneTerms[]) {
  return [
    {
      token: terms.token ?? zeroAddress,
      arbiter: terms.arbiter ?? zeroAddress,
      arbiterFeeBps: terms.arbiterFeeBps ?? 0,
      reviewWindow: terms.reviewWindow,
      open: terms.open,
      minRating: terms.minRating ?? 0,
      minPaidJobs: terms.minPaidJobs ?? 0,
      requiredSkills: (terms.requiredSkills ?? []).map(skillTag),
      specCid: terms.specCid,
    },
    milestones.map((m) => ({
      amount: m.amount,
      bonus: m.bonus ?? 0n,
      deadline: BigInt(m.deadline),
      outcomeDeadline: BigInt(m.outcomeDeadline ?? 0),
    })),
  ] as const;
}

/** What funding every milestone costs: amounts plus bonuses. */
export function totalOf(milestones: MilestoneTerms[]): bigint {
  return milestones.reduce((sum, m) => sum + m.amount + (m.bonus ?? 0n), 0n);
}

/** The id of the job a receipt's `JobPosted` event announces. */
export function jobIdFromReceipt(ctx: Pick<MosaicContext, "escrow">, receipt: TransactionReceipt): bigint {
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== ctx.escrow.toLowerCase()) continue;
    try {
      const event = decodeEventLog({ abi: mosaicEscrowAbi, data: log.data, topics: log.topics });
      if (event.eventName === "JobPosted") return (event.args as { jobId: bigint }).jobId;
    } catch {
      // another event of the escrow
    }
  }
  throw new Error(`transaction ${receipt.transactionHash} posted no job`);
}

/** Posts a job without funding it. */
export async function postJob(ctx: MosaicContext, terms: JobTerms, milestones: MilestoneTerms[]) {
  const result = await writeEscrow(ctx, "postJob", encodeTerms(terms, milestones) as never);
  return { ...result, jobId: jobIdFromReceipt(ctx, result.receipt) };
}

/**
 * Posts a job and escrows every milestone in one transaction. ETH is sent as the value; for an
 * ERC-20 the escrow's allowance is raised to the total first when it is short.
 */
export async function postAndFund(ctx: MosaicContext, terms: JobTerms, milestones: MilestoneTerms[]) {
  const total = totalOf(milestones);
  const token = terms.token ?? zeroAddress;
  if (token !== zeroAddress) await ensureAllowance(ctx, token, total);
  const result = await writeEscrow(ctx, "postAndFund", encodeTerms(terms, milestones) as never, {
    value: token === zeroAddress ? total : 0n,
  });
  return { ...result, jobId: jobIdFromReceipt(ctx, result.receipt), total };
}

/** Approves the escrow for `amount` of `token` unless the allowance already covers it. */
export async function ensureAllowance(ctx: MosaicContext, token: Address, amount: bigint): Promise<void> {
  const owner = ctx.account ?? ctx.walletClient?.account;
  if (!owner || !ctx.walletClient) throw new Error("approving a token needs a walletClient with an account");
  const ownerAddress = typeof owner === "string" ? owner : owner.address;
  const allowance = await ctx.publicClient.readContract({
    address: token,
    abi: erc20Abi,
    functionName: "allowance",
    args: [ownerAddress, ctx.escrow],
  });
  if (allowance >= amount) return;
  await send(ctx, { address: token, abi: erc20Abi, functionName: "approve", args: [ctx.escrow, amount] });
}
