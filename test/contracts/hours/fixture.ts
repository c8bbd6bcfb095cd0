import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { cidDigest } from "@mosaic/sdk/documents";
import { PERMIT_TYPES } from "@mosaic/sdk/typed-data";
import { DAY, PRIOR_WEIGHT, USD_UNIT, deployMosaic, ethers, now } from "../helpers/fixtures.ts";

export const CID = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
/** The timesheet note's digest, as logs carry it. */
export const NOTE = cidDigest(CID);
/** 60 mUSD an hour: one mUSD a minute. */
export const HOURLY = 60n * USD_UNIT;
export const MINUTE = USD_UNIT;
/** 10% off from 100 hours, 20% from 500. */
export const TIERS = [
  { minHours: 100, discountBps: 1_000 },
  { minHours: 500, discountBps: 2_000 },
];
export const NOTICE_HOURS = 2;
export const LogState = { None: 0n, Pending: 1n, Paid: 2n, Contested: 3n, Resolved: 4n };

/** The escrow's fixture plus an hour bank reading its settings, the vendor's published terms in
 *  mUSD and ETH, and the client's allowance. */
export async function deployHourBank() {
  const m = await deployMosaic();
  const [, , , , , , , member, member2] = await ethers.getSigners();
  const bank = await ethers.deployContract("HourBank", [await m.escrow.getAddress(), PRIOR_WEIGHT]);
  const bankAddress = await bank.getAddress();
  const usdAddress = await m.usd.getAddress();
  await bank.connect(m.vendor).setTerms(usdAddress, HOURLY, NOTICE_HOURS, TIERS);
  await bank.connect(m.vendor).setTerms(ethers.ZeroAddress, 60n * 10n ** 15n, 0, []);
  for (const signer of [m.client, m.vendor, m.stranger]) {
    await m.usd.connect(signer).approve(bankAddress, ethers.MaxUint256);
  }
  return { ...m, bank, bankAddress, usdAddress, member, member2 };
}

export type HourBankFixture = Awaited<ReturnType<typeof deployHourBank>>;

export async function order(f: HourBankFixture, input: Partial<Record<string, unknown>> = {}) {
  return {
    vendor: f.vendor.address,
    token: f.usdAddress,
    hourCount: 10,
    maxHourlyRate: HOURLY,
    expiresAt: (await now()) + 90n * DAY,
    reviewWindow: 3n * DAY,
    ...input,
  };
}

/** Buys a bank as the client (10 hours of mUSD by default) and returns its id. */
export async function buyBank(f: HourBankFixture, input: Partial<Record<string, unknown>> = {}) {
  await f.bank.connect(f.client).buy(await order(f, input));
  return f.bank.bankCount();
}

/** Logs `minuteCount` against `member` (the client's pool by default) and returns the log id. */
export async function logHours(f: HourBankFixture, bankId: bigint, minuteCount = 60, member?: string) {
  const id = (await f.bank.bankOf(bankId)).logCount;
  await f.bank.connect(f.vendor).logHours(bankId, member ?? f.client.address, minuteCount, NOTE);
  return id;
}

export async function signPermit(f: HourBankFixture, owner: HardhatEthersSigner, value: bigint) {
  const { chainId } = await ethers.provider.getNetwork();
  const deadline = (await now()) + DAY;
  const domain = { name: "Mock USD", version: "1", chainId, verifyingContract: f.usdAddress };
  const message = {
    owner: owner.address,
    spender: f.bankAddress,
    value,
    nonce: await f.usd.nonces(owner.address),
    deadline,
  };
  const { v, r, s } = ethers.Signature.from(await owner.signTypedData(domain, PERMIT_TYPES, message));
  return [deadline, v, r, s] as const;
}

/** The escrow's fee rule: rounded up, held to 2%. */
export function feeOf(gross: bigint, feeBps = 50n) {
  const fee = (gross * feeBps + 9_999n) / 10_000n;
  const cap = (gross * 200n) / 10_000n;
  return fee > cap ? cap : fee;
}
