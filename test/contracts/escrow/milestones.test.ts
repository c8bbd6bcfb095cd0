import { expect } from "chai";
import {
  DAY,
  ETH,
  ETH_UNIT,
  REVIEW_WINDOW,
  USD_UNIT,
  State,
  Bonus,
  deployMosaic,
  ethers,
  networkHelpers,
  now,
  postJob,
  signQuote,
} from "../helpers/fixtures.ts";
import {
  BPS,
  DELIVERABLE_CID,
  FEE_BPS,
  NOTE_CID,
  ONE_ETH,
  atTime,
  feeOn,
  fundAll,
  hiredJob,
  minedAt,
  submitted,
} from "../helpers/part2.ts";
import { hireByQuote } from "../helpers/part1.ts";

const { loadFixture } = networkHelpers;

/** A job of two 1 ETH milestones, posted, not funded yet. */
async function postedJob(m: Awaited<ReturnType<typeof deployMosaic>>) {
  return postJob(m, {}, [
    { amount: ONE_ETH, deadline: (await now()) + 10n * DAY },
    { amount: ONE_ETH, deadline: (await now()) + 20n * DAY },
  ]);
}

describe("MosaicEscrow milestones", () => {
  describe("submit", () => {
    it("records the deliverable and starts the review window", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      const at = (await now()) + 100n;
      await atTime(at);
      await expect(m.escrow.connect(m.vendor).submit(jobId, 0, DELIVERABLE_CID))
        .to.emit(m.escrow, "MilestoneSubmitted")
        .withArgs(jobId, 0, DELIVERABLE_CID, at + REVIEW_WINDOW);
      const milestone = await m.escrow.milestoneOf(jobId, 0);
      expect(milestone.state).to.equal(State.Submitted);
      expect(milestone.reviewEndsAt).to.equal(at + REVIEW_WINDOW);
    });

    it("uses the job's own review window", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m, { job: { reviewWindow: 7n * DAY } });
      const tx = await m.escrow.connect(m.vendor).submit(jobId, 1, DELIVERABLE_CID);
      expect((await m.escrow.milestoneOf(jobId, 1)).reviewEndsAt).to.equal((await minedAt(tx)) + 7n * DAY);
    });

    it("accepts a submission at the deadline itself", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId, milestones } = await hiredJob(m);
      await atTime(milestones[0].deadline);
      await expect(m.escrow.connect(m.vendor).submit(jobId, 0, DELIVERABLE_CID)).to.emit(
        m.escrow,
        "MilestoneSubmitted",
      );
    });

    it("reverts when the caller is not the vendor", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await expect(m.escrow.connect(m.client).submit(jobId, 0, DELIVERABLE_CID))
        .to.be.revertedWithCustomError(m.escrow, "EscrowNotVendor")
        .withArgs(jobId, m.client.address);
      await expect(m.escrow.connect(m.vendor2).submit(jobId, 0, DELIVERABLE_CID))
        .to.be.revertedWithCustomError(m.escrow, "EscrowNotVendor")
        .withArgs(jobId, m.vendor2.address);
    });

    it("reverts on a job nobody was hired for", async () => {
      const m = await loadFixture(deployMosaic);
      const jobId = await postJob(m, {}, [{ amount: ONE_ETH, deadline: (await now()) + DAY }]);
      await expect(m.escrow.connect(m.vendor).submit(jobId, 0, DELIVERABLE_CID))
        .to.be.revertedWithCustomError(m.escrow, "EscrowNotVendor")
        .withArgs(jobId, m.vendor.address);
    });

    it("reverts for an unknown job or milestone", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await expect(m.escrow.connect(m.vendor).submit(99, 0, DELIVERABLE_CID))
        .to.be.revertedWithCustomError(m.escrow, "EscrowJobNotFound")
        .withArgs(99);
      await expect(m.escrow.connect(m.vendor).submit(jobId, 2, DELIVERABLE_CID))
        .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneNotFound")
        .withArgs(jobId, 2);
    });

    it("reverts unless the milestone is funded", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m, { fund: false });
      await expect(m.escrow.connect(m.vendor).submit(jobId, 0, DELIVERABLE_CID))
        .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneState")
        .withArgs(jobId, 0, State.Created);
    });

    it("reverts when the milestone was already submitted", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await submitted(m, jobId, 0);
      await expect(m.escrow.connect(m.vendor).submit(jobId, 0, DELIVERABLE_CID))
        .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneState")
        .withArgs(jobId, 0, State.Submitted);
    });

    it("reverts after the deadline", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId, milestones } = await hiredJob(m);
      const deadline = milestones[0].deadline;
      await atTime(deadline + 1n);
      await expect(m.escrow.connect(m.vendor).submit(jobId, 0, DELIVERABLE_CID))
        .to.be.revertedWithCustomError(m.escrow, "EscrowDeadlinePassed")
        .withArgs(jobId, 0, deadline);
    });
  });

  describe("requestChanges", () => {
    it("sends the submission back and keeps a deadline that leaves enough time", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId, milestones } = await hiredJob(m);
      await submitted(m, jobId, 0);
      const deadline = milestones[0].deadline;
      await expect(m.escrow.connect(m.client).requestChanges(jobId, 0, NOTE_CID))
        .to.emit(m.escrow, "ChangesRequested")
        .withArgs(jobId, 0, NOTE_CID, deadline);
      const milestone = await m.escrow.milestoneOf(jobId, 0);
      expect(milestone.state).to.equal(State.Funded);
      expect(milestone.reviewEndsAt).to.equal(0n);
      expect(milestone.deadline).to.equal(deadline);
    });

    it("extends the deadline to a review window from now when that is later", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId, milestones } = await hiredJob(m);
      const deadline = milestones[0].deadline;
      await atTime(deadline - DAY);
      await submitted(m, jobId, 0);
      const at = deadline - DAY + 3600n;
      await atTime(at);
      await expect(m.escrow.connect(m.client).requestChanges(jobId, 0, NOTE_CID))
        .to.emit(m.escrow, "ChangesRequested")
        .withArgs(jobId, 0, NOTE_CID, at + REVIEW_WINDOW);
      expect((await m.escrow.milestoneOf(jobId, 0)).deadline).to.equal(at + REVIEW_WINDOW);
    });

    it("lets the vendor resubmit before the extended deadline", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId, milestones } = await hiredJob(m);
      await atTime(milestones[0].deadline);
      await submitted(m, jobId, 0);
      const tx = await m.escrow.connect(m.client).requestChanges(jobId, 0, NOTE_CID);
      const extended = (await minedAt(tx)) + REVIEW_WINDOW;
      await atTime(extended);
      await expect(m.escrow.connect(m.vendor).submit(jobId, 0, "bafyfixed"))
        .to.emit(m.escrow, "MilestoneSubmitted")
        .withArgs(jobId, 0, "bafyfixed", extended + REVIEW_WINDOW);
      expect((await m.escrow.milestoneOf(jobId, 0)).state).to.equal(State.Submitted);
    });

    it("reverts when the caller is not the client", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await submitted(m, jobId, 0);
      await expect(m.escrow.connect(m.vendor).requestChanges(jobId, 0, NOTE_CID))
        .to.be.revertedWithCustomError(m.escrow, "EscrowNotClient")
        .withArgs(jobId, m.vendor.address);
    });

    it("reverts unless the milestone is submitted", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await expect(m.escrow.connect(m.client).requestChanges(jobId, 0, NOTE_CID))
        .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneState")
        .withArgs(jobId, 0, State.Funded);
    });

    it("reverts once the review window is over", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      const reviewEndsAt = await submitted(m, jobId, 0);
      await atTime(reviewEndsAt);
      await expect(m.escrow.connect(m.client).requestChanges(jobId, 0, NOTE_CID))
        .to.be.revertedWithCustomError(m.escrow, "EscrowReviewOver")
        .withArgs(jobId, 0, reviewEndsAt);
    });
  });

  describe("approve", () => {
    it("pays a submitted milestone to the vendor and accrues the platform fee", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await submitted(m, jobId, 0);
      const fee = feeOn(ONE_ETH);
      const tx = m.escrow.connect(m.client).approve(jobId, 0);
      await expect(tx)
        .to.emit(m.escrow, "MilestoneReleased")
        .withArgs(jobId, 0, m.vendor.address, ONE_ETH - fee, fee, false);
      await expect(tx).to.changeEtherBalances(ethers, [m.vendor, m.escrow], [ONE_ETH - fee, -(ONE_ETH - fee)]);
      expect(await m.escrow.feesAccrued(ETH)).to.equal(fee);
      expect((await m.escrow.milestoneOf(jobId, 0)).state).to.equal(State.Paid);
    });

    it("pays a funded milestone the vendor has not submitted yet", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      const fee = feeOn(ONE_ETH);
      await expect(m.escrow.connect(m.client).approve(jobId, 1))
        .to.emit(m.escrow, "MilestoneReleased")
        .withArgs(jobId, 1, m.vendor.address, ONE_ETH - fee, fee, false);
      expect((await m.escrow.milestoneOf(jobId, 1)).state).to.equal(State.Paid);
    });

    it("pays in the job's ERC-20 token", async () => {
      const m = await loadFixture(deployMosaic);
      const token = await m.usd.getAddress();
      const amount = 1_234n * USD_UNIT;
      const { jobId } = await hiredJob(m, {
        job: { token },
        milestones: [{ amount, deadline: (await now()) + DAY }],
      });
      const fee = feeOn(amount);
      const tx = m.escrow.connect(m.client).approve(jobId, 0);
      await expect(tx)
        .to.emit(m.escrow, "MilestoneReleased")
        .withArgs(jobId, 0, m.vendor.address, amount - fee, fee, false);
      await expect(tx).to.changeTokenBalances(ethers, m.usd, [m.vendor, m.escrow], [amount - fee, -(amount - fee)]);
      expect(await m.escrow.feesAccrued(token)).to.equal(fee);
      expect(await m.escrow.feesAccrued(ETH)).to.equal(0n);
    });

    it("rounds the fee up: an amount too small for a whole unit of fee still pays one", async () => {
      const m = await loadFixture(deployMosaic);
      const amount = BPS / FEE_BPS - 1n;
      const { jobId } = await hiredJob(m, { milestones: [{ amount, deadline: (await now()) + DAY }] });
      await expect(m.escrow.connect(m.client).approve(jobId, 0))
        .to.emit(m.escrow, "MilestoneReleased")
        .withArgs(jobId, 0, m.vendor.address, amount - 1n, 1n, false);
      expect(await m.escrow.feesAccrued(ETH)).to.equal(1n);
    });

    it("holds the rounded-up fee to the 2% hard cap on every amount", async () => {
      const m = await loadFixture(deployMosaic);
      await m.escrow.announceFee(200);
      await networkHelpers.time.increase(2n * DAY);
      const deadline = (await now()) + 10n * DAY;
      // 2 of 51 would be 3.9%: the cap keeps 1; on 1 wei the cap keeps nothing.
      const { jobId } = await hiredJob(m, {
        milestones: [
          { amount: 51n, deadline },
          { amount: 1n, deadline },
          { amount: 101n, deadline },
        ],
      });
      await expect(m.escrow.connect(m.client).approve(jobId, 0))
        .to.emit(m.escrow, "MilestoneReleased")
        .withArgs(jobId, 0, m.vendor.address, 50n, 1n, false);
      await expect(m.escrow.connect(m.client).approve(jobId, 1))
        .to.emit(m.escrow, "MilestoneReleased")
        .withArgs(jobId, 1, m.vendor.address, 1n, 0n, false);
      await expect(m.escrow.connect(m.client).approve(jobId, 2))
        .to.emit(m.escrow, "MilestoneReleased")
        .withArgs(jobId, 2, m.vendor.address, 99n, 2n, false);
    });

    it("snapshots the fee at funding: a job stockpiled unfunded before a raise pays the new fee", async () => {
      const m = await loadFixture(deployMosaic);
      const jobId = await postedJob(m);
      expect((await m.escrow.jobOf(jobId)).feeBps).to.equal(50n);
      await m.escrow.announceFee(200);
      await networkHelpers.time.increase(2n * DAY);
      await m.escrow.connect(m.client).fund(jobId, 0, 2, { value: 2n * ONE_ETH });
      expect((await m.escrow.jobOf(jobId)).feeBps).to.equal(200n);
      await hireByQuote(m, jobId, m.vendor, 2n * ONE_ETH);
      await expect(m.escrow.connect(m.client).approve(jobId, 0))
        .to.emit(m.escrow, "MilestoneReleased")
        .withArgs(jobId, 0, m.vendor.address, ONE_ETH - feeOn(ONE_ETH, 200n), feeOn(ONE_ETH, 200n), false);
    });

    it("snapshots the token's weight settings at each funding", async () => {
      const m = await loadFixture(deployMosaic);
      const jobId = await postedJob(m);
      await m.escrow.connect(m.client).fund(jobId, 0, 1, { value: ONE_ETH });
      await m.escrow.configureToken(ETH, true, 2n * ETH_UNIT, 200n * ETH_UNIT);
      expect((await m.escrow.jobOf(jobId)).weightUnit).to.equal(ETH_UNIT);
      await m.escrow.connect(m.client).fund(jobId, 1, 1, { value: ONE_ETH });
      const job = await m.escrow.jobOf(jobId);
      expect([job.weightUnit, job.paidJobThreshold]).to.deep.equal([2n * ETH_UNIT, 200n * ETH_UNIT]);
    });

    it("keeps the fee snapshotted when the job was funded", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await m.escrow.announceFee(200);
      await networkHelpers.time.increase(2n * DAY);
      expect(await m.escrow.feeBps()).to.equal(200n);
      await expect(m.escrow.connect(m.client).approve(jobId, 0))
        .to.emit(m.escrow, "MilestoneReleased")
        .withArgs(jobId, 0, m.vendor.address, ONE_ETH - feeOn(ONE_ETH, 50n), feeOn(ONE_ETH, 50n), false);
    });

    it("pays each milestone of a job on its own", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await m.escrow.connect(m.client).approve(jobId, 0);
      expect((await m.escrow.milestoneOf(jobId, 1)).state).to.equal(State.Funded);
      await expect(m.escrow.connect(m.client).approve(jobId, 1)).to.changeEtherBalance(
        ethers,
        m.vendor,
        ONE_ETH - feeOn(ONE_ETH),
      );
      expect(await m.escrow.feesAccrued(ETH)).to.equal(2n * feeOn(ONE_ETH));
    });

    it("keeps working while the escrow is paused", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await m.escrow.pause();
      await expect(m.escrow.connect(m.client).approve(jobId, 0)).to.emit(m.escrow, "MilestoneReleased");
    });

    it("reverts when the caller is not the client", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await expect(m.escrow.connect(m.vendor).approve(jobId, 0))
        .to.be.revertedWithCustomError(m.escrow, "EscrowNotClient")
        .withArgs(jobId, m.vendor.address);
    });

    it("reverts when nobody was hired", async () => {
      const m = await loadFixture(deployMosaic);
      const milestones = [{ amount: ONE_ETH, deadline: (await now()) + DAY }];
      const jobId = await postJob(m, {}, milestones);
      await fundAll(m, jobId, milestones);
      await expect(m.escrow.connect(m.client).approve(jobId, 0))
        .to.be.revertedWithCustomError(m.escrow, "EscrowNotHired")
        .withArgs(jobId);
    });

    it("reverts unless the milestone is funded or submitted", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m, { fund: false });
      await expect(m.escrow.connect(m.client).approve(jobId, 0))
        .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneState")
        .withArgs(jobId, 0, State.Created);
      await m.escrow.connect(m.client).fund(jobId, 0, 1, { value: ONE_ETH });
      await m.escrow.connect(m.client).approve(jobId, 0);
      await expect(m.escrow.connect(m.client).approve(jobId, 0))
        .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneState")
        .withArgs(jobId, 0, State.Paid);
    });

    it("reverts for an unknown milestone", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await expect(m.escrow.connect(m.client).approve(jobId, 64))
        .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneNotFound")
        .withArgs(jobId, 64);
    });
  });

  describe("release", () => {
    it("lets anyone release a submission once the review window is over", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      const reviewEndsAt = await submitted(m, jobId, 0);
      await atTime(reviewEndsAt);
      const fee = feeOn(ONE_ETH);
      const tx = m.escrow.connect(m.stranger).release(jobId, 0);
      await expect(tx)
        .to.emit(m.escrow, "MilestoneReleased")
        .withArgs(jobId, 0, m.vendor.address, ONE_ETH - fee, fee, true);
      await expect(tx).to.changeEtherBalances(ethers, [m.vendor, m.stranger], [ONE_ETH - fee, 0n]);
      expect((await m.escrow.milestoneOf(jobId, 0)).state).to.equal(State.Paid);
      expect(await m.escrow.feesAccrued(ETH)).to.equal(fee);
    });

    it("keeps working while the escrow is paused", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      const reviewEndsAt = await submitted(m, jobId, 0);
      await m.escrow.pause();
      await networkHelpers.time.increaseTo(reviewEndsAt);
      await expect(m.escrow.connect(m.vendor).release(jobId, 0)).to.emit(m.escrow, "MilestoneReleased");
    });

    it("reverts before the review window is over", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      const reviewEndsAt = await submitted(m, jobId, 0);
      await atTime(reviewEndsAt - 1n);
      await expect(m.escrow.connect(m.vendor).release(jobId, 0))
        .to.be.revertedWithCustomError(m.escrow, "EscrowTooEarly")
        .withArgs(jobId, 0, reviewEndsAt);
    });

    it("reverts unless the milestone is submitted", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await expect(m.escrow.connect(m.vendor).release(jobId, 0))
        .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneState")
        .withArgs(jobId, 0, State.Funded);
    });

    it("reverts for an unknown job", async () => {
      const m = await loadFixture(deployMosaic);
      await expect(m.escrow.release(7, 0)).to.be.revertedWithCustomError(m.escrow, "EscrowJobNotFound").withArgs(7);
    });
  });

  describe("refund", () => {
    it("refunds the client at any time before a vendor is hired", async () => {
      const m = await loadFixture(deployMosaic);
      const milestones = [{ amount: ONE_ETH, deadline: (await now()) + 10n * DAY }];
      const jobId = await postJob(m, {}, milestones);
      await fundAll(m, jobId, milestones);
      const tx = m.escrow.connect(m.client).refund(jobId, 0);
      await expect(tx).to.emit(m.escrow, "MilestoneRefunded").withArgs(jobId, 0, ONE_ETH, false);
      await expect(tx).to.changeEtherBalances(ethers, [m.client, m.escrow], [ONE_ETH, -ONE_ETH]);
      expect((await m.escrow.milestoneOf(jobId, 0)).state).to.equal(State.Refunded);
    });

    it("lets only the client refund before a vendor is hired", async () => {
      const m = await loadFixture(deployMosaic);
      const milestones = [{ amount: ONE_ETH, deadline: (await now()) + DAY }];
      const jobId = await postJob(m, {}, milestones);
      await fundAll(m, jobId, milestones);
      await networkHelpers.time.increase(2n * DAY);
      await expect(m.escrow.connect(m.stranger).refund(jobId, 0))
        .to.be.revertedWithCustomError(m.escrow, "EscrowNotClient")
        .withArgs(jobId, m.stranger.address);
    });

    it("refunds the client when the deadline passes unsubmitted, whoever calls", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId, milestones } = await hiredJob(m);
      await atTime(milestones[0].deadline + 1n);
      const tx = m.escrow.connect(m.stranger).refund(jobId, 0);
      await expect(tx).to.emit(m.escrow, "MilestoneRefunded").withArgs(jobId, 0, ONE_ETH, true);
      await expect(tx).to.changeEtherBalances(ethers, [m.client, m.vendor, m.escrow], [ONE_ETH, 0n, -ONE_ETH]);
      expect((await m.escrow.milestoneOf(jobId, 0)).state).to.equal(State.Refunded);
      expect((await m.escrow.milestoneOf(jobId, 1)).state).to.equal(State.Funded);
    });

    it("refunds the job's ERC-20 token", async () => {
      const m = await loadFixture(deployMosaic);
      const amount = 500n * USD_UNIT;
      const { jobId, milestones } = await hiredJob(m, {
        job: { token: await m.usd.getAddress() },
        milestones: [{ amount, deadline: (await now()) + DAY }],
      });
      await networkHelpers.time.increaseTo(milestones[0].deadline + 1n);
      await expect(m.escrow.connect(m.vendor).refund(jobId, 0)).to.changeTokenBalances(
        ethers,
        m.usd,
        [m.client, m.escrow],
        [amount, -amount],
      );
    });

    it("refunds the bonus together with the base amount and marks it returned", async () => {
      const m = await loadFixture(deployMosaic);
      const deadline = (await now()) + DAY;
      const bonus = ONE_ETH / 2n;
      const { jobId } = await hiredJob(m, {
        milestones: [{ amount: ONE_ETH, bonus, deadline, outcomeDeadline: deadline + 10n * DAY }],
      });
      await atTime(deadline + 1n);
      const tx = m.escrow.refund(jobId, 0);
      await expect(tx)
        .to.emit(m.escrow, "MilestoneRefunded")
        .withArgs(jobId, 0, ONE_ETH + bonus, true);
      await expect(tx).to.changeEtherBalance(ethers, m.client, ONE_ETH + bonus);
      const milestone = await m.escrow.milestoneOf(jobId, 0);
      expect(milestone.state).to.equal(State.Refunded);
      expect(milestone.bonusState).to.equal(Bonus.Returned);
    });

    it("reverts while the hired vendor's deadline has not passed", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId, milestones } = await hiredJob(m);
      const deadline = milestones[0].deadline;
      await atTime(deadline);
      await expect(m.escrow.connect(m.client).refund(jobId, 0))
        .to.be.revertedWithCustomError(m.escrow, "EscrowTooEarly")
        .withArgs(jobId, 0, deadline + 1n);
    });

    it("reverts unless the milestone is funded", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId, milestones } = await hiredJob(m, { fund: false });
      await expect(m.escrow.connect(m.client).refund(jobId, 0))
        .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneState")
        .withArgs(jobId, 0, State.Created);
      await fundAll(m, jobId, milestones);
      await submitted(m, jobId, 0);
      await networkHelpers.time.increaseTo(milestones[0].deadline + 1n);
      // A submission past its deadline is released or disputed, never refunded.
      await expect(m.escrow.connect(m.client).refund(jobId, 0))
        .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneState")
        .withArgs(jobId, 0, State.Submitted);
      await networkHelpers.time.increaseTo(milestones[1].deadline + 1n);
      await m.escrow.refund(jobId, 1);
      await expect(m.escrow.refund(jobId, 1))
        .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneState")
        .withArgs(jobId, 1, State.Refunded);
    });

    it("keeps working while the escrow is paused", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId, milestones } = await hiredJob(m);
      await m.escrow.pause();
      await networkHelpers.time.increaseTo(milestones[0].deadline + 1n);
      await expect(m.escrow.refund(jobId, 0)).to.emit(m.escrow, "MilestoneRefunded");
    });

    it("reverts for an unknown job", async () => {
      const m = await loadFixture(deployMosaic);
      await expect(m.escrow.refund(3, 0)).to.be.revertedWithCustomError(m.escrow, "EscrowJobNotFound").withArgs(3);
    });
  });

  describe("multicall", () => {
    it("batches a client's milestone decisions into one transaction", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await submitted(m, jobId, 0);
      const calls = [
        m.escrow.interface.encodeFunctionData("requestChanges", [jobId, 0, NOTE_CID]),
        m.escrow.interface.encodeFunctionData("approve", [jobId, 1]),
      ];
      const tx = m.escrow.connect(m.client).multicall(calls);
      await expect(tx).to.emit(m.escrow, "ChangesRequested");
      await expect(tx)
        .to.emit(m.escrow, "MilestoneReleased")
        .withArgs(jobId, 1, m.vendor.address, ONE_ETH - feeOn(ONE_ETH), feeOn(ONE_ETH), false);
      expect((await m.escrow.milestoneOf(jobId, 0)).state).to.equal(State.Funded);
      expect((await m.escrow.milestoneOf(jobId, 1)).state).to.equal(State.Paid);
    });
  });

  describe("milestoneOf", () => {
    it("reverts for an unknown job or milestone", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await expect(m.escrow.milestoneOf(jobId + 1n, 0))
        .to.be.revertedWithCustomError(m.escrow, "EscrowJobNotFound")
        .withArgs(jobId + 1n);
      await expect(m.escrow.milestoneOf(jobId, 2))
        .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneNotFound")
        .withArgs(jobId, 2);
    });
  });

  describe("cancel", () => {
    it("cancels an unfunded milestone", async () => {
      const m = await loadFixture(deployMosaic);
      const jobId = await postJob(m, {}, [{ amount: ONE_ETH, deadline: (await now()) + DAY }]);
      await expect(m.escrow.connect(m.client).cancel(jobId, 0))
        .to.emit(m.escrow, "MilestoneCancelled")
        .withArgs(jobId, 0);
      expect((await m.escrow.milestoneOf(jobId, 0)).state).to.equal(State.Cancelled);
    });

    it("cancels an unfunded milestone after a vendor was hired", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m, { fund: false });
      await expect(m.escrow.connect(m.client).cancel(jobId, 1))
        .to.emit(m.escrow, "MilestoneCancelled")
        .withArgs(jobId, 1);
    });

    it("leaves cancelled milestones out of a quote's price", async () => {
      const m = await loadFixture(deployMosaic);
      const deadline = (await now()) + 10n * DAY;
      const jobId = await postJob(m, {}, [
        { amount: ONE_ETH, deadline },
        { amount: 2n * ONE_ETH, bonus: ONE_ETH, deadline, outcomeDeadline: deadline + REVIEW_WINDOW },
        { amount: 4n * ONE_ETH, deadline },
      ]);
      await m.escrow.connect(m.client).cancel(jobId, 1);
      const stale = await signQuote(m.escrow, m.vendor, { jobId, price: 8n * ONE_ETH });
      await expect(m.escrow.connect(m.client).hire(stale.quote, stale.signature))
        .to.be.revertedWithCustomError(m.escrow, "EscrowQuotePriceMismatch")
        .withArgs(jobId, 8n * ONE_ETH, 5n * ONE_ETH);
      const fresh = await signQuote(m.escrow, m.vendor, { jobId, price: 5n * ONE_ETH });
      await expect(m.escrow.connect(m.client).hire(fresh.quote, fresh.signature)).to.emit(m.escrow, "VendorHired");
    });

    it("makes a cancelled milestone impossible to fund", async () => {
      const m = await loadFixture(deployMosaic);
      const jobId = await postJob(m, {}, [{ amount: ONE_ETH, deadline: (await now()) + DAY }]);
      await m.escrow.connect(m.client).cancel(jobId, 0);
      await expect(m.escrow.connect(m.client).fund(jobId, 0, 1, { value: ONE_ETH }))
        .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneState")
        .withArgs(jobId, 0, State.Cancelled);
    });

    it("reverts when the caller is not the client", async () => {
      const m = await loadFixture(deployMosaic);
      const jobId = await postJob(m, {}, [{ amount: ONE_ETH, deadline: (await now()) + DAY }]);
      await expect(m.escrow.connect(m.stranger).cancel(jobId, 0))
        .to.be.revertedWithCustomError(m.escrow, "EscrowNotClient")
        .withArgs(jobId, m.stranger.address);
    });

    it("reverts unless the milestone is still unfunded", async () => {
      const m = await loadFixture(deployMosaic);
      const milestones = [{ amount: ONE_ETH, deadline: (await now()) + DAY }];
      const jobId = await postJob(m, {}, milestones);
      await fundAll(m, jobId, milestones);
      await expect(m.escrow.connect(m.client).cancel(jobId, 0))
        .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneState")
        .withArgs(jobId, 0, State.Funded);
    });

    it("reverts when the milestone is already cancelled", async () => {
      const m = await loadFixture(deployMosaic);
      const jobId = await postJob(m, {}, [{ amount: ONE_ETH, deadline: (await now()) + DAY }]);
      await m.escrow.connect(m.client).cancel(jobId, 0);
      await expect(m.escrow.connect(m.client).cancel(jobId, 0))
        .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneState")
        .withArgs(jobId, 0, State.Cancelled);
    });
  });
});
