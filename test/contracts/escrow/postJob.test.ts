import { anyValue } from "@nomicfoundation/hardhat-ethers-chai-matchers/withArgs";
import { expect } from "chai";
import {
  ARBITER_FEE_BPS,
  DAY,
  ETH,
  ETH_UNIT,
  ETH_THRESHOLD,
  PRIOR_WEIGHT,
  REVIEW_WINDOW,
  State,
  Bonus,
  deployMosaic,
  ethers,
  jobTerms,
  milestoneTerms,
  networkHelpers,
  now,
  postJob,
  skill,
  type JobInput,
  type MilestoneInput,
  type Mosaic,
} from "../helpers/fixtures.ts";
import { inDays } from "../helpers/part1.ts";

const ONE_ETH = ethers.parseEther("1");
const MAX_UINT128 = 2n ** 128n - 1n;
const FLAG_OPEN = 1n;

/** The `postJob` transaction itself, for revert and event assertions. */
async function post(m: Mosaic, job: JobInput, milestones: MilestoneInput[]) {
  return m.escrow.connect(m.client).postJob(jobTerms(job), milestones.map(milestoneTerms));
}

describe("postJob", () => {
  it("stores the job with the platform fee and the default arbiter snapshotted", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await postJob(m, {}, [
      { amount: ONE_ETH, deadline: await inDays(5n) },
      { amount: 2n * ONE_ETH, deadline: await inDays(10n) },
    ]);

    const job = await m.escrow.jobOf(jobId);
    expect(job.client).to.equal(m.client.address);
    expect(job.reviewWindow).to.equal(REVIEW_WINDOW);
    expect(job.feeBps).to.equal(50n);
    expect(job.arbiter).to.equal(m.arbiter.address);
    expect(job.arbiterFeeBps).to.equal(BigInt(ARBITER_FEE_BPS));
    expect(job.milestoneCount).to.equal(2n);
    expect(job.flags).to.equal(0n);
    expect(job.vendor).to.equal(ETH);
    expect(job.token).to.equal(ETH);
    expect(job.skillsHash).to.equal(ethers.ZeroHash);
  });

  it("emits JobPosted with the snapshots, the terms and the milestones", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const deadline = await inDays(5n);
    const terms = jobTerms({ open: true, minRating: 350, minPaidJobs: 2, requiredSkills: [skill("solidity")] });
    const milestones = [
      milestoneTerms({ amount: ONE_ETH, bonus: 3n, deadline, outcomeDeadline: deadline + REVIEW_WINDOW }),
    ];

    await expect(m.escrow.connect(m.client).postJob(terms, milestones))
      .to.emit(m.escrow, "JobPosted")
      .withArgs(
        1n,
        m.client.address,
        ETH,
        m.arbiter.address,
        ARBITER_FEE_BPS,
        50,
        [
          terms.token,
          terms.arbiter,
          terms.arbiterFeeBps,
          terms.reviewWindow,
          terms.open,
          terms.minRating,
          terms.minPaidJobs,
          terms.requiredSkills,
          terms.specCid,
        ],
        [[ONE_ETH, 3n, deadline, deadline + REVIEW_WINDOW]],
      );
  });

  it("snapshots an explicit arbiter and its fee instead of the default", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const milestones = [{ amount: ONE_ETH, deadline: await inDays(5n) }];

    await expect(post(m, { arbiter: m.stranger.address, arbiterFeeBps: 500 }, milestones))
      .to.emit(m.escrow, "JobPosted")
      .withArgs(1n, m.client.address, ETH, m.stranger.address, 500, 50, anyValue, anyValue);

    const job = await m.escrow.jobOf(1n);
    expect(job.arbiter).to.equal(m.stranger.address);
    expect(job.arbiterFeeBps).to.equal(500n);
  });

  it("keeps each job's explicit arbiter and fee when the same arbiter is named with other fees", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const milestones = [{ amount: ONE_ETH, deadline: await inDays(5n) }];
    const a = await postJob(m, { arbiter: m.stranger.address, arbiterFeeBps: 200 }, milestones);
    const b = await postJob(m, { arbiter: m.stranger.address, arbiterFeeBps: 300 }, milestones);
    const c = await postJob(m, { arbiter: m.stranger.address, arbiterFeeBps: 200 }, milestones);
    const d = await postJob(m, { arbiter: m.arbiter.address, arbiterFeeBps: ARBITER_FEE_BPS }, milestones);

    const pairs = await Promise.all(
      [a, b, c, d].map(async (id) => {
        const job = await m.escrow.jobOf(id);
        return [job.arbiter, job.arbiterFeeBps];
      }),
    );
    expect(pairs).to.deep.equal([
      [m.stranger.address, 200n],
      [m.stranger.address, 300n],
      [m.stranger.address, 200n],
      [m.arbiter.address, BigInt(ARBITER_FEE_BPS)],
    ]);
  });

  it("ignores the fee passed with a zero arbiter and takes the default arbiter's", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await postJob(m, { arbiterFeeBps: 400 }, [{ amount: ONE_ETH, deadline: await inDays(5n) }]);
    expect((await m.escrow.jobOf(jobId)).arbiterFeeBps).to.equal(BigInt(ARBITER_FEE_BPS));
  });

  it("stores the open flag, the claim requirements and the hash of the required skills", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const skills = [skill("solidity"), skill("typescript")];
    const jobId = await postJob(m, { open: true, minRating: 420, minPaidJobs: 3, requiredSkills: skills }, [
      { amount: ONE_ETH, deadline: await inDays(5n) },
    ]);

    const job = await m.escrow.jobOf(jobId);
    expect(job.flags).to.equal(FLAG_OPEN);
    expect(job.minRating).to.equal(420n);
    expect(job.minPaidJobs).to.equal(3n);
    expect(job.skillsHash).to.equal(ethers.solidityPackedKeccak256(["bytes32[]"], [skills]));
  });

  it("stores an open job without requirements as open with zero requirements", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await postJob(m, { open: true }, [{ amount: ONE_ETH, deadline: await inDays(5n) }]);

    const job = await m.escrow.jobOf(jobId);
    expect(job.flags).to.equal(FLAG_OPEN);
    expect([job.minRating, job.minPaidJobs, job.skillsHash]).to.deep.equal([0n, 0n, ethers.ZeroHash]);
  });

  it("stores the minimum number of ratings alone when no minimum rating is set", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await postJob(m, { open: true, minPaidJobs: 1 }, [{ amount: ONE_ETH, deadline: await inDays(5n) }]);
    const job = await m.escrow.jobOf(jobId);
    expect([job.minRating, job.minPaidJobs]).to.deep.equal([0n, 1n]);
  });

  it("drops claim requirements from an invite job, which is hired from quotes only", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await postJob(m, { open: false, minRating: 300, minPaidJobs: 1, requiredSkills: [skill("go")] }, [
      { amount: ONE_ETH, deadline: await inDays(5n) },
    ]);

    const job = await m.escrow.jobOf(jobId);
    expect([job.flags, job.minRating, job.minPaidJobs, job.skillsHash]).to.deep.equal([0n, 0n, 0n, ethers.ZeroHash]);
  });

  it("stores an ERC-20 job's token", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const token = await m.usd.getAddress();
    const jobId = await postJob(m, { token }, [{ amount: 1n, deadline: await inDays(5n) }]);
    expect((await m.escrow.jobOf(jobId)).token).to.equal(token);
  });

  it("stores each milestone as created, with its bonus and outcome deadline", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const deadline = await inDays(5n);
    const jobId = await postJob(m, {}, [
      { amount: ONE_ETH, deadline },
      { amount: 2n * ONE_ETH, bonus: ONE_ETH / 2n, deadline: deadline + DAY, outcomeDeadline: deadline + 30n * DAY },
    ]);

    const first = await m.escrow.milestoneOf(jobId, 0);
    expect([...first]).to.deep.equal([ONE_ETH, deadline, 0n, 0n, State.Created, Bonus.None, false, 0n, 0n]);
    const second = await m.escrow.milestoneOf(jobId, 1);
    expect([...second]).to.deep.equal([
      2n * ONE_ETH,
      deadline + DAY,
      0n,
      deadline + 30n * DAY,
      State.Created,
      Bonus.None,
      false,
      ONE_ETH / 2n,
      0n,
    ]);
  });

  it("drops the outcome deadline of a milestone without bonus", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const deadline = await inDays(5n);
    const jobId = await postJob(m, {}, [{ amount: ONE_ETH, deadline, outcomeDeadline: deadline - DAY }]);
    expect((await m.escrow.milestoneOf(jobId, 0)).outcomeDeadline).to.equal(0n);
  });

  it("accepts a bonus whose outcome deadline is exactly one review window after the deadline", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const deadline = await inDays(5n);
    const outcomeDeadline = deadline + REVIEW_WINDOW;
    const jobId = await postJob(m, {}, [{ amount: 1n, bonus: 1n, deadline, outcomeDeadline }]);
    expect((await m.escrow.milestoneOf(jobId, 0)).outcomeDeadline).to.equal(outcomeDeadline);
  });

  it("accepts amount plus bonus of exactly 2^128 - 1", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const deadline = await inDays(5n);
    const jobId = await postJob(m, {}, [
      { amount: MAX_UINT128 - 5n, bonus: 5n, deadline, outcomeDeadline: deadline + REVIEW_WINDOW },
    ]);
    expect((await m.escrow.milestoneOf(jobId, 0)).amount).to.equal(MAX_UINT128 - 5n);
  });

  it("accepts 64 milestones", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const deadline = await inDays(5n);
    const jobId = await postJob(
      m,
      {},
      Array.from({ length: 64 }, () => ({ amount: 1n, deadline })),
    );
    expect((await m.escrow.jobOf(jobId)).milestoneCount).to.equal(64n);
    expect((await m.escrow.milestoneOf(jobId, 63)).state).to.equal(State.Created);
  });

  it("accepts the shortest and the longest review windows and the highest minimum rating", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const milestones = [{ amount: 1n, deadline: await inDays(5n) }];
    const shortest = await postJob(m, { reviewWindow: DAY }, milestones);
    const longest = await postJob(m, { reviewWindow: 30n * DAY, open: true, minRating: 500 }, milestones);
    expect((await m.escrow.jobOf(shortest)).reviewWindow).to.equal(DAY);
    expect((await m.escrow.jobOf(longest)).reviewWindow).to.equal(30n * DAY);
    expect((await m.escrow.jobOf(longest)).minRating).to.equal(500n);
  });

  it("rejects a job without milestones", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    await expect(post(m, {}, []))
      .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneCount")
      .withArgs(0, 64);
  });

  it("rejects a job with 65 milestones", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const deadline = await inDays(5n);
    await expect(
      post(
        m,
        {},
        Array.from({ length: 65 }, () => ({ amount: 1n, deadline })),
      ),
    )
      .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneCount")
      .withArgs(65, 64);
  });

  it("rejects a token the operator has not allowed", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const token = await ethers.deployContract("MockERC20", ["Unlisted", "UNL", 18]);
    const address = await token.getAddress();
    await expect(post(m, { token: address }, [{ amount: 1n, deadline: await inDays(5n) }]))
      .to.be.revertedWithCustomError(m.escrow, "EscrowTokenNotAllowed")
      .withArgs(address);
  });

  it("rejects a review window shorter than a day", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    await expect(post(m, { reviewWindow: DAY - 1n }, [{ amount: 1n, deadline: await inDays(5n) }]))
      .to.be.revertedWithCustomError(m.escrow, "EscrowInvalidReviewWindow")
      .withArgs(DAY - 1n, DAY, 30n * DAY);
  });

  it("rejects a review window longer than 30 days", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    await expect(post(m, { reviewWindow: 30n * DAY + 1n }, [{ amount: 1n, deadline: await inDays(5n) }]))
      .to.be.revertedWithCustomError(m.escrow, "EscrowInvalidReviewWindow")
      .withArgs(30n * DAY + 1n, DAY, 30n * DAY);
  });

  it("rejects a minimum rating above 5.00", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    await expect(post(m, { open: true, minRating: 501 }, [{ amount: 1n, deadline: await inDays(5n) }]))
      .to.be.revertedWithCustomError(m.escrow, "EscrowInvalidMinRating")
      .withArgs(501);
  });

  it("rejects a job without arbiter when the operator named no default arbiter", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const escrow = await ethers.deployContract("MosaicEscrow", [
      m.operator.address,
      m.treasury.address,
      await m.registry.getAddress(),
      ETH_UNIT,
      ETH_THRESHOLD,
      PRIOR_WEIGHT,
    ]);
    await expect(
      escrow.connect(m.client).postJob(jobTerms(), [milestoneTerms({ amount: 1n, deadline: await inDays(5n) })]),
    ).to.be.revertedWithCustomError(escrow, "EscrowNoArbiter");

    // An explicit arbiter is enough.
    await escrow
      .connect(m.client)
      .postJob(jobTerms({ arbiter: m.stranger.address, arbiterFeeBps: 0 }), [
        milestoneTerms({ amount: 1n, deadline: await inDays(5n) }),
      ]);
    expect((await escrow.jobOf(1n)).arbiter).to.equal(m.stranger.address);
  });

  it("rejects an explicit arbiter's fee above 5%", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    await expect(
      post(m, { arbiter: m.stranger.address, arbiterFeeBps: 501 }, [{ amount: 1n, deadline: await inDays(5n) }]),
    )
      .to.be.revertedWithCustomError(m.escrow, "EscrowArbiterFeeTooHigh")
      .withArgs(501, 500);
  });

  it("rejects a client that names itself arbiter", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    await expect(post(m, { arbiter: m.client.address }, [{ amount: 1n, deadline: await inDays(5n) }]))
      .to.be.revertedWithCustomError(m.escrow, "EscrowConflictOfInterest")
      .withArgs(m.client.address);
  });

  it("rejects the default arbiter posting a job it would arbitrate", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    await expect(
      m.escrow.connect(m.arbiter).postJob(jobTerms(), [milestoneTerms({ amount: 1n, deadline: await inDays(5n) })]),
    )
      .to.be.revertedWithCustomError(m.escrow, "EscrowConflictOfInterest")
      .withArgs(m.arbiter.address);
  });

  it("rejects a milestone with a zero amount", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const deadline = await inDays(5n);
    await expect(
      post(m, {}, [
        { amount: 1n, deadline },
        { amount: 0n, bonus: 5n, deadline, outcomeDeadline: deadline },
      ]),
    )
      .to.be.revertedWithCustomError(m.escrow, "EscrowZeroAmount")
      .withArgs(1);
  });

  it("rejects a milestone whose amount plus bonus does not fit 128 bits", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const deadline = await inDays(5n);
    await expect(post(m, {}, [{ amount: MAX_UINT128, bonus: 1n, deadline, outcomeDeadline: deadline }]))
      .to.be.revertedWithCustomError(m.escrow, "EscrowAmountTooLarge")
      .withArgs(0);
  });

  it("rejects a milestone whose deadline has passed", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const past = (await now()) - 1n;
    await expect(
      post(m, {}, [
        { amount: 1n, deadline: await inDays(5n) },
        { amount: 1n, deadline: past },
      ]),
    )
      .to.be.revertedWithCustomError(m.escrow, "EscrowInvalidDeadline")
      .withArgs(1, past);
  });

  it("rejects a milestone whose deadline is the posting block's time", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const at = await inDays(1n);
    await networkHelpers.time.setNextBlockTimestamp(at);
    await expect(post(m, {}, [{ amount: 1n, deadline: at }]))
      .to.be.revertedWithCustomError(m.escrow, "EscrowInvalidDeadline")
      .withArgs(0, at);
  });

  it("rejects a bonus whose outcome deadline is less than a review window after the deadline", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const deadline = await inDays(5n);
    const outcomeDeadline = deadline + REVIEW_WINDOW - 1n;
    await expect(post(m, {}, [{ amount: 1n, bonus: 1n, deadline, outcomeDeadline }]))
      .to.be.revertedWithCustomError(m.escrow, "EscrowInvalidDeadline")
      .withArgs(0, outcomeDeadline);
  });

  it("measures that margin with the job's own review window", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const deadline = await inDays(5n);
    const reviewWindow = 7n * DAY;
    const short = deadline + reviewWindow - 1n;
    await expect(post(m, { reviewWindow }, [{ amount: 1n, bonus: 1n, deadline, outcomeDeadline: short }]))
      .to.be.revertedWithCustomError(m.escrow, "EscrowInvalidDeadline")
      .withArgs(0, short);
    await postJob(m, { reviewWindow }, [{ amount: 1n, bonus: 1n, deadline, outcomeDeadline: short + 1n }]);
  });

  it("rejects a bonus without outcome deadline", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const deadline = await inDays(5n);
    await expect(post(m, {}, [{ amount: 1n, bonus: 1n, deadline }]))
      .to.be.revertedWithCustomError(m.escrow, "EscrowInvalidDeadline")
      .withArgs(0, 0);
  });
});

describe("jobCount", () => {
  it("counts posted jobs, numbered from 1", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    expect(await m.escrow.jobCount()).to.equal(0n);
    const milestones = [{ amount: 1n, deadline: await inDays(5n) }];
    expect(await postJob(m, {}, milestones)).to.equal(1n);
    expect(await postJob(m, {}, milestones)).to.equal(2n);
    expect(await m.escrow.jobCount()).to.equal(2n);
  });
});

describe("jobOf", () => {
  it("rejects job 0 and ids past the last job", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    await postJob(m, {}, [{ amount: 1n, deadline: await inDays(5n) }]);
    await expect(m.escrow.jobOf(0)).to.be.revertedWithCustomError(m.escrow, "EscrowJobNotFound").withArgs(0);
    await expect(m.escrow.jobOf(2)).to.be.revertedWithCustomError(m.escrow, "EscrowJobNotFound").withArgs(2);
  });
});

describe("milestoneOf", () => {
  it("rejects an index past the job's last milestone", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await postJob(m, {}, [{ amount: 1n, deadline: await inDays(5n) }]);
    await expect(m.escrow.milestoneOf(jobId, 1))
      .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneNotFound")
      .withArgs(jobId, 1);
  });

  it("rejects a job that does not exist", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    await expect(m.escrow.milestoneOf(7, 0)).to.be.revertedWithCustomError(m.escrow, "EscrowJobNotFound").withArgs(7);
  });
});
