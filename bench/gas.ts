/**
 * Gas of a job's whole life on the real contracts: every transaction the design needs, counted.
 * Run with `npm run bench:gas`; prints a table and writes bench/results/gas.json.
 *
 * The flow is the dApp's: the client posts and funds in one transaction (postAndFundWithPermit,
 * EIP-2612, so no separate approve), hires from the vendor's signed quote, the vendor submits, the
 * client approves (and pays), and both rate. Vendor registration happens once per vendor and is
 * reported separately, with a profile update.
 *
 * `lifecycle_*` figures are for a client and a vendor who have each finished a job on Mosaic before
 * (with someone else) and hold the token: the common case on a marketplace in use. First-time users
 * also pay for storage that exists once per account, shown in `lifecycle_1m_erc20_first_use` (on an
 * escrow already in use) and `lifecycle_1m_erc20_first_use_fresh_escrow` (the very first job the
 * escrow ever holds in the token, which also creates the escrow's own token balance).
 * `new_pair_all_in` is a new vendor's registration plus a brand-new pair's first job.
 *
 * `hour_bank` measures contracts/hours/HourBank.sol: buying a bank of hours by permit, logging time
 * and releasing the log, against a milestone's submit + release in this same run.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { ContractTransactionResponse } from "ethers";
import { cidDigest } from "@mosaic/sdk/documents";
import { PERMIT_TYPES, QUOTE_TYPES, escrowDomain } from "@mosaic/sdk/typed-data";

const { ethers } = await network.getOrCreate();
const DAY = 86_400n;
const UNIT = 10n ** 6n;
const CID = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
const DIGEST = cidDigest(CID);
const TARGETS = {
  total: 450_000,
  fund: 180_000,
  release: 80_000,
  rating: 80_000,
  registration: 100_000,
  profile_update: 50_000,
  new_pair_all_in: 600_000,
  first_use: 500_000,
};

type Steps = Record<string, bigint>;
interface Lifecycle {
  total: bigint;
  steps: Steps;
}

const signers = await ethers.getSigners();
const [operator, treasury, arbiter] = signers;
const registry = await ethers.deployContract("VendorRegistry");
// Tag creation by profiles open, as on a local chain: `vendor_registration_new_tags` measures it.
await registry.setTagCreationOpen(true);
const escrow = await ethers.deployContract("MosaicEscrow", [
  operator.address,
  treasury.address,
  await registry.getAddress(),
  5n * 10n ** 14n,
  100n * 5n * 10n ** 14n,
  500n,
]);
await escrow.setDefaultArbiter(arbiter.address, 100);
const usd = await ethers.deployContract("MockERC20", ["Mock USD", "mUSD", 6]);
await escrow.configureToken(await usd.getAddress(), true, UNIT, 100n * UNIT);
const { chainId } = await ethers.provider.getNetwork();

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  return (await (await tx).wait())!.gasUsed;
}

async function latest(): Promise<bigint> {
  return BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
}

const SKILLS = ["solidity", "typescript", "security"].map((s) => ethers.encodeBytes32String(s));

/** Registers a vendor with skills already in the registry's tag table (the common case). */
async function register(vendor: HardhatEthersSigner, hourlyRateCents = 9_000): Promise<bigint> {
  const profile = { hourlyRateCents, timezoneOffsetMinutes: 60, availabilityHours: 30 };
  return gasOf(registry.connect(vendor).setProfile(profile, SKILLS, DIGEST));
}

async function permit(owner: HardhatEthersSigner, value: bigint) {
  const deadline = (await latest()) + DAY;
  const domain = { name: "Mock USD", version: "1", chainId, verifyingContract: await usd.getAddress() };
  const message = {
    owner: owner.address,
    spender: await escrow.getAddress(),
    value,
    nonce: await usd.nonces(owner.address),
    deadline,
  };
  const { v, r, s } = ethers.Signature.from(await owner.signTypedData(domain, PERMIT_TYPES, message));
  return { deadline, v, r, s };
}

async function signedQuote(vendor: HardhatEthersSigner, jobId: bigint, price: bigint) {
  const domain = escrowDomain(chainId, await escrow.getAddress());
  const quote = {
    jobId,
    vendor: vendor.address,
    price,
    nonce: await escrow.quoteNonce(vendor.address),
    expiresAt: (await latest()) + DAY,
  };
  return { quote, signature: await vendor.signTypedData(domain, QUOTE_TYPES, quote) };
}

/** One job from posting to both ratings. */
async function lifecycle(
  milestoneCount: number,
  client: HardhatEthersSigner,
  vendor: HardhatEthersSigner,
  { batchPostAndFund = true } = {},
): Promise<Lifecycle> {
  const amount = 1_000n * UNIT;
  const deadline = (await latest()) + 30n * DAY;
  const terms = {
    token: await usd.getAddress(),
    arbiter: ethers.ZeroAddress,
    arbiterFeeBps: 0,
    reviewWindow: 3n * DAY,
    open: false,
    minRating: 0,
    minPaidJobs: 0,
    requiredSkills: [],
    specCid: CID,
  };
  const milestones = Array.from({ length: milestoneCount }, (_, i) => ({
    amount,
    bonus: 0n,
    deadline: deadline + BigInt(i) * DAY,
    outcomeDeadline: 0n,
  }));
  const steps: Steps = {};
  const add = (name: string, gas: bigint) => (steps[name] = (steps[name] ?? 0n) + gas);

  const jobId = (await escrow.jobCount()) + 1n;
  const total = amount * BigInt(milestoneCount);
  const p = await permit(client, total);
  const fundArgs = [jobId, 0, milestoneCount, p.deadline, p.v, p.r, p.s] as const;
  if (batchPostAndFund) {
    const permitArgs = [p.deadline, p.v, p.r, p.s] as const;
    add("post_and_fund", await gasOf(escrow.connect(client).postAndFundWithPermit(terms, milestones, ...permitArgs)));
  } else {
    add("post", await gasOf(escrow.connect(client).postJob(terms, milestones)));
    add("fund", await gasOf(escrow.connect(client).fundWithPermit(...fundArgs)));
  }
  const { quote, signature } = await signedQuote(vendor, jobId, total);
  add("hire", await gasOf(escrow.connect(client).hire(quote, signature)));
  for (let i = 0; i < milestoneCount; i++) {
    add("submit", await gasOf(escrow.connect(vendor).submit(jobId, i, CID)));
    // Work takes time: paid a day or more after funding, the job can count as a paid vendor job.
    await ethers.provider.send("evm_increaseTime", [Number(DAY)]);
    add("release", await gasOf(escrow.connect(client).approve(jobId, i)));
  }
  add("rate_vendor", await gasOf(escrow.connect(client).rate(jobId, 5)));
  add("rate_client", await gasOf(escrow.connect(vendor).rate(jobId, 5)));
  return { total: Object.values(steps).reduce((a, b) => a + b, 0n), steps };
}

let next = 3;
const fresh = () => signers[next++];
async function newClient() {
  const c = fresh();
  await usd.mint(c.address, 10_000_000n * UNIT);
  return c;
}

// The tag table gets its skills once, from the very first profile; every later vendor reuses them.
const pioneer = fresh();
const tagTableSetup = await register(pioneer);

// First job ever of a brand-new client and vendor on an escrow that has never held the token.
const freshEscrowVendor = fresh();
await register(freshEscrowVendor);
const freshEscrowUse = await lifecycle(1, await newClient(), freshEscrowVendor);

// A brand-new vendor registers, updates its profile once, and a brand-new client hires it: every
// per-account slot is written for the first time (the escrow is in use, as it is in production).
const firstClient = await newClient();
const firstVendor = fresh();
const registration = await register(firstVendor);
const profileUpdate = await register(firstVendor, 9_500);
const firstUse = await lifecycle(1, firstClient, firstVendor);
const newPairAllIn = registration + firstUse.total;

// Two users who have each finished one job before, with other people; now they work together.
async function experiencedPair() {
  const [client, vendor, otherClient, otherVendor] = [await newClient(), fresh(), await newClient(), fresh()];
  await register(vendor);
  await register(otherVendor);
  await lifecycle(1, client, otherVendor);
  await lifecycle(1, otherClient, vendor);
  return { client, vendor };
}

let pair = await experiencedPair();
const oneMilestone = await lifecycle(1, pair.client, pair.vendor);
pair = await experiencedPair();
const unbatched = await lifecycle(1, pair.client, pair.vendor, { batchPostAndFund: false });
pair = await experiencedPair();
const fiveMilestones = await lifecycle(5, pair.client, pair.vendor);

// Hour banks (contracts/hours/HourBank.sol): a client buys a vendor's hours in one transaction (EIP-2612
// permit), the vendor logs time with a timesheet note and the log is paid once its review window has
// passed (`release`, by anyone) or on the client's early approval (`approveLog`). A bank in use
// reuses its log slots (a ring of MAX_OPEN_LOGS), so `log_in_use` is the figure of a bank that has
// had 32 logs; `log_first` writes a new slot, as the first 32 logs of every bank do.
const hourBank = await ethers.deployContract("HourBank", [await escrow.getAddress(), 500n]);
const hourBankAddress = await hourBank.getAddress();
async function hourBankFlow(client: HardhatEthersSigner, vendor: HardhatEthersSigner) {
  const steps: Steps = {};
  const hours = 100n;
  const hourly = 60n * UNIT;
  await hourBank.connect(vendor).setTerms(await usd.getAddress(), hourly, 2, [
    { minHours: 100, discountBps: 1_000 },
    { minHours: 500, discountBps: 2_000 },
  ]);
  const [, , total] = await hourBank.quote(vendor.address, await usd.getAddress(), hours);
  const deadline = (await latest()) + DAY;
  const domain = { name: "Mock USD", version: "1", chainId, verifyingContract: await usd.getAddress() };
  const message = {
    owner: client.address,
    spender: hourBankAddress,
    value: total,
    nonce: await usd.nonces(client.address),
    deadline,
  };
  const { v, r, s } = ethers.Signature.from(await client.signTypedData(domain, PERMIT_TYPES, message));
  const order = {
    vendor: vendor.address,
    token: await usd.getAddress(),
    hourCount: hours,
    maxHourlyRate: hourly,
    expiresAt: (await latest()) + 365n * DAY,
    reviewWindow: 3n * DAY,
  };
  steps.buy_with_permit = await gasOf(hourBank.connect(client).buyWithPermit(order, deadline, v, r, s));
  const bankId = await hourBank.bankCount();
  await ethers.provider.send("evm_increaseTime", [Number(DAY)]);
  const logAndRelease = async () => {
    const logId = (await hourBank.bankOf(bankId)).logCount;
    const log = await gasOf(hourBank.connect(vendor).logHours(bankId, client.address, 60, DIGEST));
    await ethers.provider.send("evm_increaseTime", [Number(3n * DAY)]);
    const release = await gasOf(hourBank.connect(vendor).release(bankId, logId));
    return { log, release };
  };
  const first = await logAndRelease();
  steps.log_first = first.log;
  steps.release_first_payment = first.release;
  for (let i = 1; i < 32; i++) await logAndRelease();
  const inUse = await logAndRelease();
  steps.log_in_use = inUse.log;
  steps.release = inUse.release;
  const logId = (await hourBank.bankOf(bankId)).logCount;
  await hourBank.connect(vendor).logHours(bankId, client.address, 60, DIGEST);
  steps.approve_early = await gasOf(hourBank.connect(client).approveLog(bankId, logId));
  steps.rate_vendor = await gasOf(hourBank.connect(client).rate(bankId, 5));
  steps.close_early_refund = await gasOf(hourBank.connect(client).close(bankId));
  return steps;
}
// The five-milestone job's pair: both have used Mosaic and hold the token (the signers are all used).
const hourSteps = await hourBankFlow(pair.client, pair.vendor);
const logPlusRelease = hourSteps.log_in_use + hourSteps.release;
const milestoneSubmitPlusRelease = oneMilestone.steps.submit + oneMilestone.steps.release;

const asNumbers = (r: Lifecycle) => ({
  total: Number(r.total),
  steps: Object.fromEntries(Object.entries(r.steps).map(([k, v]) => [k, Number(v)])),
});
const results = {
  lifecycle_1m_erc20: asNumbers(oneMilestone),
  lifecycle_5m_erc20: asNumbers(fiveMilestones),
  lifecycle_1m_erc20_unbatched: asNumbers(unbatched),
  lifecycle_1m_erc20_first_use: asNumbers(firstUse),
  lifecycle_1m_erc20_first_use_fresh_escrow: asNumbers(freshEscrowUse),
  vendor_registration: Number(registration),
  vendor_registration_new_tags: Number(tagTableSetup),
  vendor_profile_update: Number(profileUpdate),
  new_pair_all_in: Number(newPairAllIn),
  hour_bank: {
    steps: Object.fromEntries(Object.entries(hourSteps).map(([k, v]) => [k, Number(v)])),
    log_plus_release: Number(logPlusRelease),
    log_first_plus_release_first_payment: Number(hourSteps.log_first + hourSteps.release_first_payment),
    milestone_submit_plus_release: Number(milestoneSubmitPlusRelease),
  },
  targets: TARGETS,
};

const fmt = (n: bigint | number) => Number(n).toLocaleString("en-US").padStart(9);
function print(title: string, r: Lifecycle) {
  console.log(title);
  for (const [name, gas] of Object.entries(r.steps)) console.log(`  ${name.padEnd(14)} ${fmt(gas)}`);
  console.log(`  ${"total".padEnd(14)} ${fmt(r.total)}`);
}
print("One-milestone ERC-20 job (users who have used Mosaic before, new pair):", oneMilestone);
print("Same, posting and funding in separate transactions:", unbatched);
print("Same, first job ever of a brand-new client and vendor:", firstUse);
print("Same, on an escrow that never held the token before:", freshEscrowUse);
console.log(`Five-milestone ERC-20 job total: ${fmt(fiveMilestones.total)}`);
console.log(`Vendor registration (once per vendor):       ${fmt(registration)}`);
console.log(`Vendor registration adding 3 new skill tags: ${fmt(tagTableSetup)}`);
console.log(`Vendor profile update:                       ${fmt(profileUpdate)}`);
console.log(`New pair all-in (registration + first job):  ${fmt(newPairAllIn)}`);
console.log("Hour bank (100 hours bought by permit, 60-minute logs):");
for (const [name, gas] of Object.entries(hourSteps)) console.log(`  ${name.padEnd(22)} ${fmt(gas)}`);
console.log(
  `  ${"log + release".padEnd(22)} ${fmt(logPlusRelease)}  (a milestone's submit + release: ${fmt(milestoneSubmitPlusRelease)})`,
);

const checks: [string, bigint, number][] = [
  ["one-milestone lifecycle total", oneMilestone.total, TARGETS.total],
  ["funding (post and fund, one tx)", oneMilestone.steps.post_and_fund, TARGETS.fund],
  ["funding (fund alone)", unbatched.steps.fund, TARGETS.fund],
  ["release (approve and pay)", oneMilestone.steps.release, TARGETS.release],
  ["release, first payment to a new vendor", firstUse.steps.release, TARGETS.release],
  ["rating (client rates vendor)", oneMilestone.steps.rate_vendor, TARGETS.rating],
  ["rating (vendor rates client)", oneMilestone.steps.rate_client, TARGETS.rating],
  ["vendor registration", registration, TARGETS.registration],
  ["vendor profile update", profileUpdate, TARGETS.profile_update],
  ["new pair all-in", newPairAllIn, TARGETS.new_pair_all_in],
  ["first-use lifecycle total", firstUse.total, TARGETS.first_use],
  ["hour bank log + release (bank in use)", logPlusRelease, Number(milestoneSubmitPlusRelease)],
];
for (const [name, gas, target] of checks) {
  console.log(`${gas < BigInt(target) ? "meets " : "MISSES"} target: ${name.padEnd(40)} ${fmt(gas)} < ${fmt(target)}`);
}
mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
writeFileSync(new URL("./results/gas.json", import.meta.url), JSON.stringify(results, null, 2) + "\n");
console.log("wrote bench/results/gas.json");
