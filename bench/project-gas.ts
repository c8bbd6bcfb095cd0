/**
 * Gas of a project on the real contracts (contracts/projects/ProjectRegistry.sol beside the escrow).
 * Run with `node_modules/.bin/node node_modules/.bin/hardhat run bench/project-gas.ts`; prints a table and
 * writes bench/results/project-gas.json.
 *
 * The flow is the one a client and a team go through: create a project of three parts, post and fund
 * the three parts' jobs in one escrow multicall, link them in one transaction (also shown one part per
 * transaction), name a reviewer by EIP-2612 permit, the reviewer signs off the submitted milestone, the
 * client approves in the escrow and the share is settled to the reviewer. A relay's setup and a
 * handoff, and a sub-job link, are measured too. Every account has used the token before.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { network } from "hardhat";
import type { ContractTransactionResponse } from "ethers";
import { cidDigest } from "@mosaic/sdk/documents";
import { PERMIT_TYPES, QUOTE_TYPES, escrowDomain } from "@mosaic/sdk/typed-data";

const { ethers } = await network.getOrCreate();
const DAY = 86_400n;
const UNIT = 10n ** 6n;
const CID = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
const SKILLS = [ethers.encodeBytes32String("solidity")];

const [operator, treasury, arbiter, client, vendor, vendor2, vendor3, reviewer] = await ethers.getSigners();
const registry = await ethers.deployContract("VendorRegistry");
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
const usdAddress = await usd.getAddress();
await escrow.configureToken(usdAddress, true, UNIT, 100n * UNIT);
const projects = await ethers.deployContract("ProjectRegistry", [await escrow.getAddress()]);
const projectsAddress = await projects.getAddress();
const { chainId } = await ethers.provider.getNetwork();

for (const signer of [client, vendor, vendor2, vendor3, reviewer]) {
  await usd.mint(signer.address, 1_000_000n * UNIT);
  await usd.connect(signer).approve(await escrow.getAddress(), ethers.MaxUint256);
  const profile = { hourlyRateCents: 9_000, timezoneOffsetMinutes: 60, availabilityHours: 30 };
  if (signer !== client) await registry.connect(signer).setProfile(profile, SKILLS, cidDigest(CID));
}
// Every account has held the registry's token before: no first-use storage in the figures.
await usd.mint(projectsAddress, 1n);

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  return (await (await tx).wait())!.gasUsed;
}
async function latest(): Promise<bigint> {
  return BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
}

/** An invite job in mUSD with the default arbiter: every job of this benchmark. */
const JOB_TERMS = {
  token: usdAddress,
  arbiter: ethers.ZeroAddress,
  arbiterFeeBps: 0,
  reviewWindow: 3n * DAY,
  open: false,
  minRating: 0,
  minPaidJobs: 0,
  requiredSkills: [],
  specCid: CID,
};
const budgets = [1_000n * UNIT, 600n * UNIT, 400n * UNIT];
async function createProject() {
  const terms = {
    token: usdAddress,
    budget: 2_000n * UNIT,
    deadline: (await latest()) + 60n * DAY,
    utcOffsetMinutes: 60,
    workStartMinute: 540,
    workEndMinute: 1020,
    specCid: CID,
  };
  const parts = budgets.map((budget, i) => ({ budget, dependsOn: i === 1 ? 1 : 0, skills: SKILLS }));
  const gas = await gasOf(projects.connect(client).createProject(terms, parts));
  return { gas, projectId: await projects.projectCount() };
}
async function postParts() {
  const deadline = (await latest()) + 10n * DAY;
  const calls = budgets.map((amount) =>
    escrow.interface.encodeFunctionData("postAndFund", [
      JOB_TERMS,
      [{ amount, bonus: 0n, deadline, outcomeDeadline: 0n }],
    ]),
  );
  const gas = await gasOf(escrow.connect(client).multicall(calls));
  const last = await escrow.jobCount();
  return { gas, jobIds: [last - 2n, last - 1n, last] };
}

const steps: Record<string, bigint> = {};
const created = await createProject();
steps.create_project_3_parts = created.gas;
const posted = await postParts();
steps.post_and_fund_3_jobs_multicall = posted.gas;
steps.link_3_jobs_one_tx = await gasOf(
  projects.connect(client).linkJobs(created.projectId, [0, 1, 2], [0, 0, 0], posted.jobIds),
);

// One part per transaction, on a second project, for comparison.
const second = await createProject();
const postedAgain = await postParts();
steps.link_1_job = await gasOf(projects.connect(client).linkJobs(second.projectId, [0], [0], [postedAgain.jobIds[0]]));

// The reviewer's share by permit, then the review of part 0's job.
const share = (budgets[0] * 500n) / 10_000n;
const permitDeadline = (await latest()) + DAY;
const permit = ethers.Signature.from(
  await client.signTypedData({ name: "Mock USD", version: "1", chainId, verifyingContract: usdAddress }, PERMIT_TYPES, {
    owner: client.address,
    spender: projectsAddress,
    value: share,
    nonce: await usd.nonces(client.address),
    deadline: permitDeadline,
  }),
);
const reviewerTerms = {
  reviewer: reviewer.address,
  shareBps: 500,
  deadline: (await latest()) + 30n * DAY,
  skills: SKILLS,
};
steps.name_reviewer_with_permit = await gasOf(
  projects
    .connect(client)
    .nameReviewerWithPermit(created.projectId, 0, reviewerTerms, permitDeadline, permit.v, permit.r, permit.s),
);
const jobId = posted.jobIds[0];
const quote = {
  jobId,
  vendor: vendor.address,
  price: budgets[0],
  nonce: await escrow.quoteNonce(vendor.address),
  expiresAt: (await latest()) + DAY,
};
const signature = await vendor.signTypedData(escrowDomain(chainId, await escrow.getAddress()), QUOTE_TYPES, quote);
await escrow.connect(client).hire(quote, signature);
await escrow.connect(vendor).submit(jobId, 0, CID);
steps.reviewer_sign_off = await gasOf(projects.connect(reviewer).review(created.projectId, 0, 0, true, CID));
await escrow.connect(client).approve(jobId, 0);
steps.settle_review_paid = await gasOf(projects.settleReview(created.projectId, 0));

// A relay of three shifts on the second project's part 2, and a handoff.
const shifts = [vendor, vendor2, vendor3].map((v, i) => ({
  vendor: v.address,
  startMinute: i * 480,
  lengthMinutes: 480,
  jobId: 0n,
}));
steps.set_relay_3_shifts = await gasOf(projects.connect(client).setRelay(second.projectId, 2, shifts));
steps.post_handoff = await gasOf(projects.connect(vendor2).postHandoff(second.projectId, 2, 1, CID));

// A sub-job the hired vendor posted and funded, linked to its job.
const subDeadline = (await latest()) + 10n * DAY;
await escrow
  .connect(vendor)
  .postAndFund(JOB_TERMS, [{ amount: 100n * UNIT, bonus: 0n, deadline: subDeadline, outcomeDeadline: 0n }]);
steps.link_sub_job = await gasOf(projects.connect(vendor).linkSubJob(jobId, await escrow.jobCount()));

const createLinkSignOff = steps.create_project_3_parts + steps.link_3_jobs_one_tx + steps.reviewer_sign_off;
const results = {
  project_registry: {
    steps: Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, Number(v)])),
    create_link_sign_off: Number(createLinkSignOff),
    review_layer_all_in: Number(steps.name_reviewer_with_permit + steps.reviewer_sign_off + steps.settle_review_paid),
  },
};

const fmt = (n: bigint | number) => Number(n).toLocaleString("en-US").padStart(9);
console.log("Project registry (three parts, one reviewer, ERC-20, accounts that used the token before):");
for (const [name, gas] of Object.entries(steps)) console.log(`  ${name.padEnd(32)} ${fmt(gas)}`);
console.log(`  ${"create + link (3) + sign-off".padEnd(32)} ${fmt(createLinkSignOff)}`);
console.log(`  ${"name + sign-off + settle".padEnd(32)} ${fmt(results.project_registry.review_layer_all_in)}`);

mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
writeFileSync(new URL("./results/project-gas.json", import.meta.url), JSON.stringify(results, null, 2) + "\n");
console.log("\nWritten to bench/results/project-gas.json");
