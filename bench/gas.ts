/**
 * Gas of a job's whole life on the real contracts: every transaction the design needs, counted.
 * Run with `npm run bench:gas`; prints a table and writes bench/results/gas.json.
 *
 * The flow is the dApp's: the client posts and funds in one transaction (multicall of postJob and
 * fundWithPermit, EIP-2612, so no separate approve), hires from the vendor's signed quote, the vendor
 * submits, the client approves (and pays), and both rate. Vendor registration happens once per
 * vendor and is reported separately.
 *
 * `lifecycle_*` figures are for a client and a vendor who have each finished a job on Mosaic before
 * (with someone else) and hold the token: the common case on a marketplace in use. First-time users
 * also pay for storage that exists once per account, shown in `lifecycle_1m_erc20_first_use`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { ContractTransactionResponse } from "ethers";
import { PERMIT_TYPES, QUOTE_TYPES, escrowDomain } from "../scripts/lib/typed-data.ts";

const { ethers } = await network.getOrCreate();
const DAY = 86_400n;
const UNIT = 10n ** 6n;
const CID = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
const TARGETS = { total: 450_000, fund: 180_000, release: 80_000, rating: 80_000 };

type Steps = Record<string, bigint>;
interface Lifecycle {
  total: bigint;
  steps: Steps;
}

const signers = await ethers.getSigners();
const [operator, treasury, arbiter] = signers;
const registry = await ethers.deployContract("VendorRegistry");
const escrow = await ethers.deployContract("MosaicEscrow", [
  operator.address,
  treasury.address,
  await registry.getAddress(),
  5n * 10n ** 14n,
]);
await escrow.setDefaultArbiter(arbiter.address, 100);
const usd = await ethers.deployContract("MockERC20", ["Mock USD", "mUSD", 6]);
await escrow.configureToken(await usd.getAddress(), true, UNIT);
const { chainId } = await ethers.provider.getNetwork();

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  return (await (await tx).wait())!.gasUsed;
}

async function latest(): Promise<bigint> {
  return BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
}

async function register(vendor: HardhatEthersSigner): Promise<bigint> {
  const profile = { hourlyRateCents: 9_000, timezoneOffsetMinutes: 60, availabilityHours: 30 };
  const skills = ["solidity", "typescript", "security"].map((s) => ethers.encodeBytes32String(s));
  return gasOf(registry.connect(vendor).setProfile(profile, skills, CID));
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
    minRatings: 0,
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
    // Inside one transaction the new job's id is known; a concurrent post only makes the batch revert.
    const calls = [
      escrow.interface.encodeFunctionData("postJob", [terms, milestones]),
      escrow.interface.encodeFunctionData("fundWithPermit", fundArgs),
    ];
    add("post_and_fund", await gasOf(escrow.connect(client).multicall(calls)));
  } else {
    add("post", await gasOf(escrow.connect(client).postJob(terms, milestones)));
    add("fund", await gasOf(escrow.connect(client).fundWithPermit(...fundArgs)));
  }
  const { quote, signature } = await signedQuote(vendor, jobId, total);
  add("hire", await gasOf(escrow.connect(client).hire(quote, signature)));
  for (let i = 0; i < milestoneCount; i++) {
    add("submit", await gasOf(escrow.connect(vendor).submit(jobId, i, CID)));
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

// First job ever of a brand-new client and vendor: every per-account slot is written for the first time.
const firstClient = await newClient();
const firstVendor = fresh();
const registration = await register(firstVendor);
const firstUse = await lifecycle(1, firstClient, firstVendor);

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

const asNumbers = (r: Lifecycle) => ({
  total: Number(r.total),
  steps: Object.fromEntries(Object.entries(r.steps).map(([k, v]) => [k, Number(v)])),
});
const results = {
  lifecycle_1m_erc20: asNumbers(oneMilestone),
  lifecycle_5m_erc20: asNumbers(fiveMilestones),
  lifecycle_1m_erc20_unbatched: asNumbers(unbatched),
  lifecycle_1m_erc20_first_use: asNumbers(firstUse),
  vendor_registration: Number(registration),
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
console.log(`Five-milestone ERC-20 job total: ${fmt(fiveMilestones.total)}`);
console.log(`Vendor registration (once per vendor): ${fmt(registration)}`);

const checks: [string, bigint, number][] = [
  ["one-milestone lifecycle total", oneMilestone.total, TARGETS.total],
  ["funding (post and fund, one tx)", oneMilestone.steps.post_and_fund, TARGETS.fund],
  ["funding (fund alone)", unbatched.steps.fund, TARGETS.fund],
  ["release (approve and pay)", oneMilestone.steps.release, TARGETS.release],
  ["release, first payment to a new vendor", firstUse.steps.release, TARGETS.release],
  ["rating (client rates vendor)", oneMilestone.steps.rate_vendor, TARGETS.rating],
  ["rating (vendor rates client)", oneMilestone.steps.rate_client, TARGETS.rating],
];
for (const [name, gas, target] of checks) {
  console.log(`${gas < BigInt(target) ? "meets " : "MISSES"} target: ${name.padEnd(40)} ${fmt(gas)} < ${fmt(target)}`);
}
mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
writeFileSync(new URL("./results/gas.json", import.meta.url), JSON.stringify(results, null, 2) + "\n");
console.log("wrote bench/results/gas.json");
