import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import {
  DAY,
  USD_UNIT,
  QUOTE_TYPES,
  deployMosaic,
  domainOf,
  ethers,
  networkHelpers,
  now,
  postJob,
  signQuote,
  type JobInput,
  type MilestoneInput,
  type Mosaic,
} from "./fixtures.ts";
import { PERMIT_TYPES } from "@mosaic/sdk/typed-data";

export { PERMIT_TYPES };

/** A timestamp `days` from the latest block. */
export async function inDays(days: bigint): Promise<bigint> {
  return (await now()) + days * DAY;
}

/** The timestamp of the block that mined `tx`. */
export async function minedAt(tx: { wait: () => Promise<{ blockNumber: number } | null> }): Promise<bigint> {
  const receipt = await tx.wait();
  const block = await ethers.provider.getBlock(receipt!.blockNumber);
  return BigInt(block!.timestamp);
}

/** Posts a job paid in the fixture's permit token. */
export async function postUsdJob(m: Mosaic, job: JobInput, milestones: MilestoneInput[]): Promise<bigint> {
  return postJob(m, { ...job, token: await m.usd.getAddress() }, milestones);
}

/** Hires `vendor` on `jobId` from a freshly signed quote at `price`. */
export async function hireByQuote(m: Mosaic, jobId: bigint, vendor: HardhatEthersSigner, price: bigint) {
  const { quote, signature } = await signQuote(m.escrow, vendor, { jobId, price });
  await m.escrow.connect(m.client).hire(quote, signature);
}

/**
 * Gives `vendor` a track record: one job in the permit token, paid and rated `score` by the client.
 * With 1,000 tokens paid the rating carries weight, so `vendorRatingOf(vendor)` becomes `score * 100`,
 * and the job counts as one paid vendor job.
 */
export async function buildVendorRecord(m: Mosaic, vendor: HardhatEthersSigner, score: number) {
  const amount = 1_000n * USD_UNIT;
  const jobId = await postUsdJob(m, {}, [{ amount, deadline: await inDays(10n) }]);
  await m.escrow.connect(m.client).fund(jobId, 0, 1);
  await hireByQuote(m, jobId, vendor, amount);
  // A job counts only if paid at least MIN_COUNTED_JOB_TIME after its funding.
  await networkHelpers.time.increase(DAY);
  await m.escrow.connect(m.client).approve(jobId, 0);
  await m.escrow.connect(m.client).rate(jobId, score);
}

/** Signs a quote for `vendor` (an EOA or an ERC-1271 wallet) with `signer`'s key. */
export async function signQuoteFor(
  escrow: Mosaic["escrow"],
  signer: HardhatEthersSigner,
  vendor: string,
  quote: { jobId: bigint; price: bigint; nonce?: bigint; expiresAt?: bigint },
) {
  const value = {
    jobId: quote.jobId,
    vendor,
    price: quote.price,
    nonce: quote.nonce ?? (await escrow.quoteNonce(vendor)),
    expiresAt: quote.expiresAt ?? (await inDays(1n)),
  };
  return { quote: value, signature: await signer.signTypedData(await domainOf(escrow), QUOTE_TYPES, value) };
}

/** Signs an EIP-2612 permit on the fixture's MockERC20 (domain: its name, version "1"). */
export async function signPermit(
  token: Mosaic["usd"],
  owner: HardhatEthersSigner,
  spender: string,
  value: bigint,
  deadline: bigint,
) {
  const { chainId } = await ethers.provider.getNetwork();
  const domain = { name: await token.name(), version: "1", chainId, verifyingContract: await token.getAddress() };
  const nonce = await token.nonces(owner.address);
  const signature = await owner.signTypedData(domain, PERMIT_TYPES, {
    owner: owner.address,
    spender,
    value,
    nonce,
    deadline,
  });
  const { v, r, s } = ethers.Signature.from(signature);
  return { v, r, s };
}

/**
 * `deployMosaic` plus the adversarial tokens, each allowed in the escrow with a 6-decimals weight
 * unit, minted to the client and approved for the escrow.
 */
export async function deployMosaicWithAdversarialTokens() {
  const m = await deployMosaic();
  const escrowAddress = await m.escrow.getAddress();
  const feeOnTransfer = await ethers.deployContract("FeeOnTransferToken");
  const noReturn = await ethers.deployContract("NoReturnToken");
  const returnFalse = await ethers.deployContract("ReturnFalseToken");
  const reentrant = await ethers.deployContract("ReentrantToken");
  const blocklist = await ethers.deployContract("BlocklistToken");
  for (const token of [feeOnTransfer, noReturn, returnFalse, reentrant, blocklist]) {
    await m.escrow.configureToken(await token.getAddress(), true, USD_UNIT, 100n * USD_UNIT);
    await token.mint(m.client.address, 1_000_000n * USD_UNIT);
    await token.connect(m.client).approve(escrowAddress, ethers.MaxUint256);
  }
  return { ...m, feeOnTransfer, noReturn, returnFalse, reentrant, blocklist };
}
