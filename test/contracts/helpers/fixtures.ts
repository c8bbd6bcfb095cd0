import { network } from "hardhat";
import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";
import { QUOTE_TYPES, SETTLEMENT_TYPES, escrowDomain } from "@mosaic/sdk/typed-data";

export { QUOTE_TYPES, SETTLEMENT_TYPES };

/** One connection per test process: every suite shares the same in-process EVM. */
export const { ethers, networkHelpers } = (await network.getOrCreate()) as unknown as {
  ethers: HardhatEthers;
  networkHelpers: NetworkHelpers;
};

export const DAY = 24n * 60n * 60n;
export const ETH = ethers.ZeroAddress;
export const REVIEW_WINDOW = 3n * DAY;
/** One rating-weight unit per whole token (6-decimals USD token) and per 0.0005 ETH. */
export const USD_UNIT = 10n ** 6n;
export const ETH_UNIT = 5n * 10n ** 14n;
/** A job counts toward a vendor's paid jobs from 100 weight units (about 100 US dollars). */
export const USD_THRESHOLD = 100n * USD_UNIT;
export const ETH_THRESHOLD = 100n * ETH_UNIT;
/** Weight units of 1-star prior in the confidence-adjusted vendor rating. */
export const PRIOR_WEIGHT = 500n;
export const ARBITER_FEE_BPS = 100;

export const skill = (name: string) => ethers.encodeBytes32String(name);
/** A stand-in for a profile document's sha-256 digest. */
export const digestOf = (text: string) => ethers.sha256(ethers.toUtf8Bytes(text));

export interface MilestoneInput {
  amount: bigint;
  bonus?: bigint;
  deadline: bigint;
  outcomeDeadline?: bigint;
}

export interface JobInput {
  token?: string;
  arbiter?: string;
  arbiterFeeBps?: number;
  reviewWindow?: bigint;
  open?: boolean;
  minRating?: number;
  minPaidJobs?: number;
  requiredSkills?: string[];
  specCid?: string;
}

export function jobTerms(input: JobInput = {}) {
  return {
    token: input.token ?? ETH,
    arbiter: input.arbiter ?? ethers.ZeroAddress,
    arbiterFeeBps: input.arbiterFeeBps ?? 0,
    reviewWindow: input.reviewWindow ?? REVIEW_WINDOW,
    open: input.open ?? false,
    minRating: input.minRating ?? 0,
    minPaidJobs: input.minPaidJobs ?? 0,
    requiredSkills: input.requiredSkills ?? [],
    specCid: input.specCid ?? "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
  };
}

export function milestoneTerms(m: MilestoneInput) {
  return { amount: m.amount, bonus: m.bonus ?? 0n, deadline: m.deadline, outcomeDeadline: m.outcomeDeadline ?? 0n };
}

/**
 * Registry, escrow (operator = deployer, treasury separate, default arbiter named), a permit token
 * with 6 decimals, every adversarial token, and funded, approved signers.
 */
export async function deployMosaic() {
  const [operator, treasury, arbiter, client, vendor, vendor2, stranger] = await ethers.getSigners();
  const registry = await ethers.deployContract("VendorRegistry");
  // The suites' vendors name their own tags; the curated table has its own tests.
  await registry.setTagCreationOpen(true);
  const escrow = await ethers.deployContract("MosaicEscrow", [
    operator.address,
    treasury.address,
    await registry.getAddress(),
    ETH_UNIT,
    ETH_THRESHOLD,
    PRIOR_WEIGHT,
  ]);
  await escrow.setDefaultArbiter(arbiter.address, ARBITER_FEE_BPS);

  const usd = await ethers.deployContract("MockERC20", ["Mock USD", "mUSD", 6]);
  await escrow.configureToken(await usd.getAddress(), true, USD_UNIT, USD_THRESHOLD);
  const escrowAddress = await escrow.getAddress();
  for (const signer of [client, vendor, vendor2, stranger]) {
    await usd.mint(signer.address, 1_000_000n * USD_UNIT);
    await usd.connect(signer).approve(escrowAddress, ethers.MaxUint256);
  }

  await registry
    .connect(vendor)
    .setProfile(
      { hourlyRateCents: 8_000, timezoneOffsetMinutes: 60, availabilityHours: 30 },
      [skill("solidity"), skill("typescript")],
      digestOf("vendor profile"),
    );
  await registry
    .connect(vendor2)
    .setProfile(
      { hourlyRateCents: 5_000, timezoneOffsetMinutes: -300, availabilityHours: 40 },
      [skill("design")],
      digestOf("vendor2 profile"),
    );

  return { registry, escrow, usd, operator, treasury, arbiter, client, vendor, vendor2, stranger };
}

export type Mosaic = Awaited<ReturnType<typeof deployMosaic>>;

export async function now(): Promise<bigint> {
  return BigInt(await networkHelpers.time.latest());
}

/** Posts a job from `client` and returns its id. */
export async function postJob(
  m: Pick<Mosaic, "escrow" | "client">,
  job: JobInput,
  milestones: MilestoneInput[],
): Promise<bigint> {
  const tx = await m.escrow.connect(m.client).postJob(jobTerms(job), milestones.map(milestoneTerms));
  const receipt = await tx.wait();
  const log = receipt!.logs.map((l) => m.escrow.interface.parseLog(l)).find((l) => l?.name === "JobPosted");
  return log!.args.jobId as bigint;
}

/** Signs an EIP-712 quote as `vendor` for `jobId` at `price`. */
export async function signQuote(
  escrow: Mosaic["escrow"],
  vendor: HardhatEthersSigner,
  quote: { jobId: bigint; price: bigint; nonce?: bigint; expiresAt?: bigint },
) {
  const value = {
    jobId: quote.jobId,
    vendor: vendor.address,
    price: quote.price,
    nonce: quote.nonce ?? (await escrow.quoteNonce(vendor.address)),
    expiresAt: quote.expiresAt ?? (await now()) + DAY,
  };
  const signature = await vendor.signTypedData(await domainOf(escrow), QUOTE_TYPES, value);
  return { quote: value, signature };
}

/** Signs an EIP-712 settlement split as `signer`. */
export async function signSettlement(
  escrow: Mosaic["escrow"],
  signer: HardhatEthersSigner,
  value: { jobId: bigint; index: bigint; vendorBps: number; deadline: bigint },
) {
  return signer.signTypedData(await domainOf(escrow), SETTLEMENT_TYPES, value);
}

export async function domainOf(escrow: Mosaic["escrow"]) {
  const { chainId } = await ethers.provider.getNetwork();
  return escrowDomain(chainId, await escrow.getAddress());
}

/** Milestone states, in the contract's enum order. */
export const State = {
  None: 0n,
  Created: 1n,
  Funded: 2n,
  Submitted: 3n,
  Paid: 4n,
  Refunded: 5n,
  Cancelled: 6n,
  Disputed: 7n,
  Resolved: 8n,
};
export const Bonus = { None: 0n, Held: 1n, Released: 2n, Returned: 3n, Disputed: 4n, Resolved: 5n };
