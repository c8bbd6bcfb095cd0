import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { JobInput, MilestoneInput, Mosaic } from "./fixtures.ts";
import { DAY, ETH, deployMosaic, ethers, networkHelpers, now, postJob, signQuote, signSettlement } from "./fixtures.ts";

/** Test data and helpers for the milestone, bonus, dispute, payout and reputation suites. */

export const ONE_ETH = 10n ** 18n;
export const BPS = 10_000n;
/** The platform fee in force at deployment (OperatorSettings.INITIAL_FEE_BPS). */
export const FEE_BPS = 50n;
export const DISPUTE_TIMEOUT = 30n * DAY;
export const MAX_PAIR_WEIGHT = 10_000n;
export const DELIVERABLE_CID = "bafydeliverable";
export const NOTE_CID = "bafynote";
export const EVIDENCE_CID = "bafkreievidence";

/** Dispute resolutions, in the contract's enum order. */
export const Resolution = { Ruling: 0n, Settlement: 1n, Timeout: 2n };

/** The platform fee a job with `feeBps` keeps on a vendor payment of `gross`: rounded up. */
export const feeOn = (gross: bigint, feeBps: bigint = FEE_BPS) => (gross * feeBps + BPS - 1n) / BPS;

/** ERC-792 dispute id of a milestone: the job id shifted left by a byte, the index in the low byte. */
export const disputeIdOf = (jobId: bigint, index: number | bigint) => (jobId << 8n) | BigInt(index);

/**
 * What a dispute split pays, mirroring `_resolve`: the vendor gets `vendorBps` of the frozen amount;
 * the arbiter's fee is charged to each party in proportion to the share the ruling denied it, from
 * its share (the vendor's bond first when it raised the dispute), a shortfall falling on the other;
 * the platform fee is on the vendor's gain only, and what is left of the bond goes back to the vendor.
 * `bond` is the vendor's dispute bond (0 when the client raised it).
 */
export function splitOf(
  frozen: bigint,
  vendorBps: bigint,
  arbiterFeeBps: bigint = 0n,
  feeBps: bigint = FEE_BPS,
  bond: bigint = 0n,
) {
  const arbiterFee = (frozen * arbiterFeeBps) / BPS;
  let vendorShare = (frozen * vendorBps) / BPS + bond;
  let toClient = frozen - (frozen * vendorBps) / BPS;
  const min = (a: bigint, b: bigint) => (a < b ? a : b);
  const vendorPart = min((arbiterFee * (BPS - vendorBps)) / BPS, vendorShare);
  const clientPart = min(arbiterFee - vendorPart, toClient);
  vendorShare -= arbiterFee - clientPart;
  toClient -= clientPart;
  const vendorGross = vendorShare > bond ? vendorShare - bond : 0n;
  const fee = capFee(vendorGross, feeOn(vendorGross, feeBps));
  return { arbiterFee, vendorGross, fee, toVendor: vendorShare - fee, toClient };
}

/** The rounded-up fee held to the 2% hard cap. */
export const capFee = (gross: bigint, fee: bigint) => (fee > (gross * 200n) / BPS ? (gross * 200n) / BPS : fee);

/** The bond a vendor posts to dispute `frozen`: the arbiter's fee on it. */
export const bondOn = (frozen: bigint, arbiterFeeBps: bigint) => (frozen * arbiterFeeBps) / BPS;

/** Total a job escrows: every milestone's amount plus its bonus. */
export const totalOf = (milestones: MilestoneInput[]) =>
  milestones.reduce((sum, m) => sum + m.amount + (m.bonus ?? 0n), 0n);

export interface HiredJobOptions {
  /** Who posts and funds the job (default: the fixture's client). */
  client?: HardhatEthersSigner;
  /** Who is hired from its signed quote (default: the fixture's vendor). */
  vendor?: HardhatEthersSigner;
  job?: JobInput;
  /** Default: two 1 ETH milestones due in 10 and 20 days. */
  milestones?: MilestoneInput[];
  /** Fund every milestone before hiring (default true). */
  fund?: boolean;
}

/** Posts a job, funds all its milestones and hires a vendor from a signed quote. */
export async function hiredJob(m: Mosaic, options: HiredJobOptions = {}) {
  const client = options.client ?? m.client;
  const vendor = options.vendor ?? m.vendor;
  const start = await now();
  const milestones = options.milestones ?? [
    { amount: ONE_ETH, deadline: start + 10n * DAY },
    { amount: ONE_ETH, deadline: start + 20n * DAY },
  ];
  const job = options.job ?? {};
  const jobId = await postJob({ escrow: m.escrow, client }, job, milestones);
  const total = totalOf(milestones);
  if (options.fund ?? true) await fundAll(m, jobId, milestones, client, job.token ?? ETH);
  const { quote, signature } = await signQuote(m.escrow, vendor, { jobId, price: total });
  await m.escrow.connect(client).hire(quote, signature);
  return { jobId, milestones, total, client, vendor };
}

/** Funds every milestone of a job in one call, in ETH or the job's token. */
export async function fundAll(
  m: Mosaic,
  jobId: bigint,
  milestones: MilestoneInput[],
  client: HardhatEthersSigner = m.client,
  token: string = ETH,
) {
  const value = token === ETH ? totalOf(milestones) : 0n;
  await m.escrow.connect(client).fund(jobId, 0, milestones.length, { value });
}

/** Submits a milestone as the job's vendor and returns when its review window ends. */
export async function submitted(m: Mosaic, jobId: bigint, index: number, vendor: HardhatEthersSigner = m.vendor) {
  await m.escrow.connect(vendor).submit(jobId, index, DELIVERABLE_CID);
  return (await m.escrow.milestoneOf(jobId, index)).reviewEndsAt as bigint;
}

/** Both parties' EIP-712 signatures on a settlement split. */
export async function signedSettlement(
  m: Mosaic,
  value: { jobId: bigint; index: bigint; vendorBps: number; deadline: bigint },
  client: HardhatEthersSigner = m.client,
  vendor: HardhatEthersSigner = m.vendor,
) {
  return {
    clientSignature: await signSettlement(m.escrow, client, value),
    vendorSignature: await signSettlement(m.escrow, vendor, value),
  };
}

/** Mines nothing; makes the next transaction land exactly at `timestamp`. */
export async function atTime(timestamp: bigint) {
  await networkHelpers.time.setNextBlockTimestamp(timestamp);
}

/** Timestamp of the block that mined `tx`. */
export async function minedAt(tx: { wait: () => Promise<unknown> }) {
  const receipt = (await tx.wait()) as { blockNumber: number };
  return BigInt((await ethers.provider.getBlock(receipt.blockNumber))!.timestamp);
}

/**
 * The shared deployment plus a USDC-style blocklist token (allowed, 6 decimals) and a contract party
 * that rejects ETH until told otherwise.
 */
export async function deployMosaicWithAdversaries() {
  const m = await deployMosaic();
  const escrowAddress = await m.escrow.getAddress();
  const blocklist = await ethers.deployContract("BlocklistToken");
  await m.escrow.configureToken(await blocklist.getAddress(), true, 10n ** 6n, 100n * 10n ** 6n);
  for (const signer of [m.client, m.vendor, m.vendor2, m.stranger]) {
    await blocklist.mint(signer.address, 1_000_000n * 10n ** 6n);
    await blocklist.connect(signer).approve(escrowAddress, ethers.MaxUint256);
  }
  const rejecting = await ethers.deployContract("RejectingReceiver");
  return { ...m, blocklist, rejecting };
}

/**
 * Disputes a milestone as `by`, first submitting it as the job's vendor when it is still Funded (a
 * dispute needs a submission) and, for a vendor's dispute of the base, having the client send it
 * back (the vendor may dispute only a rejected submission). A vendor posts its bond: as `msg.value`
 * for ETH jobs, from its allowance otherwise. Returns the dispute transaction.
 */
export async function disputed(
  m: Pick<Mosaic, "escrow">,
  jobId: bigint,
  index: number | bigint,
  by: HardhatEthersSigner,
  evidenceCid: string = EVIDENCE_CID,
) {
  const job = await m.escrow.jobOf(jobId);
  let milestone = await m.escrow.milestoneOf(jobId, index);
  if (milestone.state === 2n && !(by.address === job.vendor && milestone.changesRequested)) {
    await m.escrow.connect(await ethers.getSigner(job.vendor)).submit(jobId, index, DELIVERABLE_CID);
  }
  if (by.address !== job.vendor) return m.escrow.connect(by).dispute(jobId, index, evidenceCid);
  milestone = await m.escrow.milestoneOf(jobId, index);
  if (milestone.state === 3n) {
    await m.escrow.connect(await ethers.getSigner(job.client)).requestChanges(jobId, index, NOTE_CID);
  }
  const bonusHeld = milestone.bonusState === 1n;
  const frozen = milestone.state === 4n ? milestone.bonus : milestone.amount + (bonusHeld ? milestone.bonus : 0n);
  const bond = bondOn(frozen, job.arbiterFeeBps);
  return m.escrow
    .connect(by)
    .dispute(jobId, index, evidenceCid, { value: job.token === ethers.ZeroAddress ? bond : 0n });
}
