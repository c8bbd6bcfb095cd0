import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { PERMIT_TYPES } from "@mosaic/sdk/typed-data";
import {
  DAY,
  USD_UNIT,
  deployMosaic,
  digestOf,
  ethers,
  jobTerms,
  milestoneTerms,
  now,
  signQuote,
  skill,
  type JobInput,
} from "../helpers/fixtures.ts";

export const CID = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
export const NOTE = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
export const SKILLS = [skill("solidity")];
export const DESIGN = [skill("design")];
export const ReviewState = { None: 0n, Held: 1n, Paid: 2n, Refunded: 3n };
export const LinkKind = { None: 0n, Part: 1n, Shift: 2n, SubJob: 3n };
/** Part 0: 1,000 mUSD of solidity; part 1: 600 mUSD of design once part 0 is paid; part 2: 400 mUSD, a relay. */
export const PART_BUDGETS = [1_000n * USD_UNIT, 600n * USD_UNIT, 400n * USD_UNIT];

/** The escrow's fixture plus the project registry, a reviewer with the solidity skill and a third
 *  vendor, and every signer's allowance to the registry. */
export async function deployProjects() {
  const m = await deployMosaic();
  const signers = await ethers.getSigners();
  const [reviewer, vendor3] = [signers[7], signers[8]];
  const projects = await ethers.deployContract("ProjectRegistry", [await m.escrow.getAddress()]);
  const projectsAddress = await projects.getAddress();
  const usdAddress = await m.usd.getAddress();
  await m.registry
    .connect(reviewer)
    .setProfile(
      { hourlyRateCents: 9_000, timezoneOffsetMinutes: 540, availabilityHours: 20 },
      [skill("solidity"), skill("design")],
      digestOf("reviewer profile"),
    );
  await m.registry
    .connect(vendor3)
    .setProfile(
      { hourlyRateCents: 4_000, timezoneOffsetMinutes: 330, availabilityHours: 40 },
      [skill("solidity")],
      digestOf("vendor3 profile"),
    );
  for (const signer of [m.client, m.vendor, m.vendor2, m.stranger, reviewer, vendor3]) {
    await m.usd.mint(signer.address, 1_000_000n * USD_UNIT);
    await m.usd.connect(signer).approve(projectsAddress, ethers.MaxUint256);
    await m.usd.connect(signer).approve(await m.escrow.getAddress(), ethers.MaxUint256);
  }
  return { ...m, projects, projectsAddress, usdAddress, reviewer, vendor3 };
}

export type ProjectsFixture = Awaited<ReturnType<typeof deployProjects>>;

export async function projectTerms(f: ProjectsFixture, input: Partial<Record<string, unknown>> = {}) {
  return {
    token: f.usdAddress,
    budget: 2_000n * USD_UNIT,
    deadline: (await now()) + 60n * DAY,
    utcOffsetMinutes: 60,
    workStartMinute: 9 * 60,
    workEndMinute: 17 * 60,
    specCid: CID,
    ...input,
  };
}

export function partTerms(budgets = PART_BUDGETS) {
  return budgets.map((budget, i) => ({ budget, dependsOn: i === 1 ? 1 : 0, skills: i === 1 ? DESIGN : SKILLS }));
}

/** Creates the three-part project as the client and returns its id. */
export async function createProject(f: ProjectsFixture, input: Partial<Record<string, unknown>> = {}) {
  await f.projects.connect(f.client).createProject(await projectTerms(f, input), partTerms());
  return f.projects.projectCount();
}

/** Posts and funds a one-milestone job of `amount` (mUSD unless `job.token` says otherwise) as `by`. */
export async function postFunded(
  f: ProjectsFixture,
  by: HardhatEthersSigner,
  amount: bigint,
  job: JobInput = {},
  milestoneCount = 1,
): Promise<bigint> {
  const deadline = (await now()) + 10n * DAY;
  const milestones = Array.from({ length: milestoneCount }, (_, i) =>
    milestoneTerms({ amount: amount / BigInt(milestoneCount), deadline: deadline + BigInt(i) * DAY }),
  );
  const terms = jobTerms({ token: f.usdAddress, ...job });
  const value = terms.token === ethers.ZeroAddress ? amount : 0n;
  await f.escrow.connect(by).postAndFund(terms, milestones, { value });
  return f.escrow.jobCount();
}

/** Hires `vendor` on `jobId` from its signed quote at the job's full price. */
export async function hire(f: ProjectsFixture, jobId: bigint, vendor: HardhatEthersSigner) {
  const job = await f.escrow.jobOf(jobId);
  let price = 0n;
  for (let i = 0n; i < job.milestoneCount; i++) {
    const m = await f.escrow.milestoneOf(jobId, i);
    price += m.amount + m.bonus;
  }
  const { quote, signature } = await signQuote(f.escrow, vendor, { jobId, price });
  const client = (await ethers.getSigners()).find((s) => s.address === job.client)!;
  await f.escrow.connect(client).hire(quote, signature);
}

/** The reviewer's terms for part 0 (5% of the part, deadline in 30 days). */
export async function reviewerTerms(f: ProjectsFixture, input: Partial<Record<string, unknown>> = {}) {
  return { reviewer: f.reviewer.address, shareBps: 500, deadline: (await now()) + 30n * DAY, skills: SKILLS, ...input };
}

export async function signPermit(f: ProjectsFixture, owner: HardhatEthersSigner, value: bigint) {
  const { chainId } = await ethers.provider.getNetwork();
  const deadline = (await now()) + DAY;
  const domain = { name: "Mock USD", version: "1", chainId, verifyingContract: f.usdAddress };
  const message = {
    owner: owner.address,
    spender: f.projectsAddress,
    value,
    nonce: await f.usd.nonces(owner.address),
    deadline,
  };
  const { v, r, s } = ethers.Signature.from(await owner.signTypedData(domain, PERMIT_TYPES, message));
  return [deadline, v, r, s] as const;
}
