import { anyValue } from "@nomicfoundation/hardhat-ethers-chai-matchers/withArgs";
import { expect } from "chai";
import { disputed } from "../helpers/part2.ts";
import type { Mosaic } from "../helpers/fixtures.ts";
import {
  REVIEW_WINDOW,
  ARBITER_FEE_BPS,
  DAY,
  ETH_UNIT,
  USD_UNIT,
  deployMosaic,
  ethers,
  networkHelpers,
  now,
  postJob,
} from "../helpers/fixtures.ts";
import { MAX_PAIR_WEIGHT, ONE_ETH, disputeIdOf, hiredJob, splitOf, submitted } from "../helpers/part2.ts";

const { loadFixture } = networkHelpers;

/** A hired ETH job of one milestone worth `amount`, approved, so both parties may rate. */
async function paidJob(m: Mosaic, amount: bigint, client = m.client) {
  const { jobId } = await hiredJob(m, { client, milestones: [{ amount, deadline: (await now()) + 10n * DAY }] });
  // Paid no sooner than MIN_COUNTED_JOB_TIME after funding, so the job can count as paid work.
  await networkHelpers.time.increase(DAY);
  await m.escrow.connect(client).approve(jobId, 0);
  return jobId;
}

describe("Reputation", () => {
  describe("rate", () => {
    it("records the client's rating of the vendor, weighted by the value paid", async () => {
      const m = await loadFixture(deployMosaic);
      const jobId = await paidJob(m, ONE_ETH);
      const weight = ONE_ETH / ETH_UNIT;
      await expect(m.escrow.connect(m.client).rate(jobId, 4))
        .to.emit(m.escrow, "Rated")
        .withArgs(jobId, m.client.address, m.vendor.address, 4, weight, true, true);
      const stats = await m.escrow.vendorStatsOf(m.vendor.address);
      expect(stats.weightedScoreSum).to.equal(4n * weight);
      expect(stats.ratingWeight).to.equal(weight);
      expect(stats.ratingCount).to.equal(1n);
      expect(await m.escrow.vendorRatingOf(m.vendor.address)).to.equal(400n);
      expect(await m.escrow.influenceOf(m.client.address, m.vendor.address)).to.equal(weight);
    });

    it("records the vendor's rating of the client with the same weight", async () => {
      const m = await loadFixture(deployMosaic);
      const jobId = await paidJob(m, ONE_ETH);
      await expect(m.escrow.connect(m.vendor).rate(jobId, 3))
        .to.emit(m.escrow, "Rated")
        .withArgs(jobId, m.vendor.address, m.client.address, 3, 2_000n, false, true);
      expect(await m.escrow.clientRatingOf(m.client.address)).to.equal(300n);
      expect((await m.escrow.clientStatsOf(m.client.address)).ratingCount).to.equal(1n);
      // A rating received as a client never reaches the vendor side, and the vendor's rating of its
      // client still counts the job among the vendor's paid jobs.
      expect((await m.escrow.vendorStatsOf(m.client.address)).ratingCount).to.equal(0n);
      expect((await m.escrow.vendorStatsOf(m.vendor.address)).ratingCount).to.equal(0n);
      expect((await m.escrow.vendorStatsOf(m.vendor.address)).paidJobs).to.equal(1n);
    });

    it("weighs everything the job paid so far, fees included", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await m.escrow.connect(m.client).approve(jobId, 0);
      await m.escrow.connect(m.client).approve(jobId, 1);
      await expect(m.escrow.connect(m.client).rate(jobId, 5))
        .to.emit(m.escrow, "Rated")
        .withArgs(jobId, m.client.address, m.vendor.address, 5, (2n * ONE_ETH) / ETH_UNIT, true, anyValue);
    });

    it("counts only what was paid when the rating is given", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await m.escrow.connect(m.client).approve(jobId, 0);
      await expect(m.escrow.connect(m.vendor).rate(jobId, 5))
        .to.emit(m.escrow, "Rated")
        .withArgs(jobId, m.vendor.address, m.client.address, 5, 2_000n, false, anyValue);
      await m.escrow.connect(m.client).approve(jobId, 1);
      await expect(m.escrow.connect(m.client).rate(jobId, 5))
        .to.emit(m.escrow, "Rated")
        .withArgs(jobId, m.client.address, m.vendor.address, 5, 4_000n, true, anyValue);
    });

    it("measures ERC-20 jobs in the token's weight unit, rounding down", async () => {
      const m = await loadFixture(deployMosaic);
      const amount = 1_234n * USD_UNIT + USD_UNIT / 2n;
      const { jobId } = await hiredJob(m, {
        job: { token: await m.usd.getAddress() },
        milestones: [{ amount, deadline: (await now()) + DAY }],
      });
      await m.escrow.connect(m.client).approve(jobId, 0);
      await expect(m.escrow.connect(m.client).rate(jobId, 5))
        .to.emit(m.escrow, "Rated")
        .withArgs(jobId, m.client.address, m.vendor.address, 5, 1_234n, true, anyValue);
    });

    it("records a rating worth less than one weight unit without counting it", async () => {
      const m = await loadFixture(deployMosaic);
      const jobId = await paidJob(m, ETH_UNIT - 1n);
      await expect(m.escrow.connect(m.client).rate(jobId, 1))
        .to.emit(m.escrow, "Rated")
        .withArgs(jobId, m.client.address, m.vendor.address, 1, 0n, true, anyValue);
      const stats = await m.escrow.vendorStatsOf(m.vendor.address);
      expect(stats.ratingCount).to.equal(0n);
      expect(stats.ratingWeight).to.equal(0n);
      expect(await m.escrow.vendorRatingOf(m.vendor.address)).to.equal(0n);
      expect(await m.escrow.hasRated(jobId, m.client.address)).to.equal(true);
    });

    it("caps one counterparty's weight on an address across jobs", async () => {
      const m = await loadFixture(deployMosaic);
      const first = await paidJob(m, 4n * ONE_ETH);
      await expect(m.escrow.connect(m.client).rate(first, 5))
        .to.emit(m.escrow, "Rated")
        .withArgs(first, m.client.address, m.vendor.address, 5, 8_000n, true, anyValue);
      const second = await paidJob(m, 4n * ONE_ETH);
      await expect(m.escrow.connect(m.client).rate(second, 1))
        .to.emit(m.escrow, "Rated")
        .withArgs(second, m.client.address, m.vendor.address, 1, MAX_PAIR_WEIGHT - 8_000n, true, anyValue);
      expect(await m.escrow.influenceOf(m.client.address, m.vendor.address)).to.equal(MAX_PAIR_WEIGHT);
      expect(await m.escrow.vendorRatingOf(m.vendor.address)).to.equal(
        ((5n * 8_000n + 1n * 2_000n) * 100n) / MAX_PAIR_WEIGHT,
      );

      const third = await paidJob(m, ONE_ETH);
      await expect(m.escrow.connect(m.client).rate(third, 1))
        .to.emit(m.escrow, "Rated")
        .withArgs(third, m.client.address, m.vendor.address, 1, 0n, true, anyValue);
      // The capped rating is recorded but adds nothing, not even to the count.
      const stats = await m.escrow.vendorStatsOf(m.vendor.address);
      expect(stats.ratingCount).to.equal(2n);
      expect(stats.ratingWeight).to.equal(MAX_PAIR_WEIGHT);
      expect(await m.escrow.vendorRatingOf(m.vendor.address)).to.equal(420n);
    });

    it("caps each counterparty and each direction separately", async () => {
      const m = await loadFixture(deployMosaic);
      const big = await paidJob(m, 6n * ONE_ETH);
      await expect(m.escrow.connect(m.client).rate(big, 5))
        .to.emit(m.escrow, "Rated")
        .withArgs(big, m.client.address, m.vendor.address, 5, MAX_PAIR_WEIGHT, true, anyValue);
      await expect(m.escrow.connect(m.vendor).rate(big, 5))
        .to.emit(m.escrow, "Rated")
        .withArgs(big, m.vendor.address, m.client.address, 5, MAX_PAIR_WEIGHT, false, anyValue);
      // The same with the client's address below the vendor's (the mark sits in the other half of the pair).
      expect(BigInt(m.client.address) < BigInt(m.vendor2.address)).to.equal(true);
      for (const counted of [true, false]) {
        const { jobId } = await hiredJob(m, {
          vendor: m.vendor2,
          milestones: [{ amount: ONE_ETH, deadline: (await now()) + 10n * DAY }],
        });
        await networkHelpers.time.increase(DAY);
        await m.escrow.connect(m.client).approve(jobId, 0);
        await expect(m.escrow.connect(m.client).rate(jobId, 5))
          .to.emit(m.escrow, "Rated")
          .withArgs(jobId, m.client.address, m.vendor2.address, 5, anyValue, true, counted);
      }
      expect((await m.escrow.vendorStatsOf(m.vendor2.address)).paidJobs).to.equal(1n);
      const other = await paidJob(m, ONE_ETH, m.stranger);
      await expect(m.escrow.connect(m.stranger).rate(other, 3))
        .to.emit(m.escrow, "Rated")
        .withArgs(other, m.stranger.address, m.vendor.address, 3, 2_000n, true, anyValue);
      expect(await m.escrow.influenceOf(m.stranger.address, m.vendor.address)).to.equal(2_000n);
      expect(await m.escrow.vendorRatingOf(m.vendor.address)).to.equal(((5n * 10_000n + 3n * 2_000n) * 100n) / 12_000n);
    });

    it("counts a dispute share as paid work", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await disputed(m, jobId, 0, m.client);
      await m.escrow.connect(m.arbiter).rule(disputeIdOf(jobId, 0), 5_001);
      const { vendorGross } = splitOf(ONE_ETH, 5_000n, BigInt(ARBITER_FEE_BPS));
      await expect(m.escrow.connect(m.client).rate(jobId, 2))
        .to.emit(m.escrow, "Rated")
        .withArgs(jobId, m.client.address, m.vendor.address, 2, vendorGross / ETH_UNIT, true, anyValue);
    });

    it("refuses ratings after a dispute that paid the vendor nothing", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await disputed(m, jobId, 0, m.client);
      await m.escrow.connect(m.arbiter).rule(disputeIdOf(jobId, 0), 1);
      await expect(m.escrow.connect(m.client).rate(jobId, 1))
        .to.be.revertedWithCustomError(m.escrow, "ReputationNothingPaid")
        .withArgs(jobId);
    });

    it("counts a released bonus but not a held or returned one", async () => {
      const m = await loadFixture(deployMosaic);
      const deadline = (await now()) + DAY;
      const outcomeDeadline = deadline + REVIEW_WINDOW + DAY;
      const { jobId } = await hiredJob(m, {
        milestones: [
          { amount: ONE_ETH, bonus: ONE_ETH, deadline, outcomeDeadline },
          { amount: ONE_ETH, bonus: ONE_ETH, deadline, outcomeDeadline },
        ],
      });
      await m.escrow.connect(m.client).approve(jobId, 0);
      await m.escrow.connect(m.client).approve(jobId, 1);
      // Both bases paid, both bonuses held.
      await expect(m.escrow.connect(m.vendor).rate(jobId, 4))
        .to.emit(m.escrow, "Rated")
        .withArgs(jobId, m.vendor.address, m.client.address, 4, 4_000n, false, anyValue);
      await m.escrow.connect(m.client).releaseBonus(jobId, 0);
      await networkHelpers.time.increaseTo(outcomeDeadline + 1n);
      await m.escrow.returnBonus(jobId, 1);
      await expect(m.escrow.connect(m.client).rate(jobId, 5))
        .to.emit(m.escrow, "Rated")
        .withArgs(jobId, m.client.address, m.vendor.address, 5, 6_000n, true, anyValue);
    });

    it("counts the vendor's share of a bonus-only dispute on top of the base", async () => {
      const m = await loadFixture(deployMosaic);
      const deadline = (await now()) + DAY;
      const { jobId } = await hiredJob(m, {
        milestones: [{ amount: ONE_ETH, bonus: ONE_ETH, deadline, outcomeDeadline: deadline + REVIEW_WINDOW }],
      });
      await m.escrow.connect(m.client).approve(jobId, 0);
      await disputed(m, jobId, 0, m.vendor);
      await m.escrow.connect(m.arbiter).rule(disputeIdOf(jobId, 0), 0);
      await expect(m.escrow.connect(m.client).rate(jobId, 5))
        .to.emit(m.escrow, "Rated")
        .withArgs(jobId, m.client.address, m.vendor.address, 5, (ONE_ETH + ONE_ETH / 2n) / ETH_UNIT, true, anyValue);
    });

    it("reverts before the vendor was paid anything", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      for (const rater of [m.client, m.vendor]) {
        await expect(m.escrow.connect(rater).rate(jobId, 5))
          .to.be.revertedWithCustomError(m.escrow, "ReputationNothingPaid")
          .withArgs(jobId);
      }
      await submitted(m, jobId, 0);
      await disputed(m, jobId, 1, m.client);
      await expect(m.escrow.connect(m.client).rate(jobId, 5))
        .to.be.revertedWithCustomError(m.escrow, "ReputationNothingPaid")
        .withArgs(jobId);
    });

    it("reverts for the client of a job nobody was hired for", async () => {
      const m = await loadFixture(deployMosaic);
      const jobId = await postJob(m, {}, [{ amount: ONE_ETH, deadline: (await now()) + DAY }]);
      await expect(m.escrow.connect(m.client).rate(jobId, 5))
        .to.be.revertedWithCustomError(m.escrow, "ReputationNothingPaid")
        .withArgs(jobId);
    });

    it("reverts when the caller is neither client nor vendor", async () => {
      const m = await loadFixture(deployMosaic);
      const jobId = await paidJob(m, ONE_ETH);
      const unpaid = (await hiredJob(m)).jobId;
      await expect(m.escrow.connect(m.stranger).rate(unpaid, 5))
        .to.be.revertedWithCustomError(m.escrow, "ReputationNotParty")
        .withArgs(unpaid, m.stranger.address);
      for (const rater of [m.stranger, m.arbiter, m.vendor2]) {
        await expect(m.escrow.connect(rater).rate(jobId, 5))
          .to.be.revertedWithCustomError(m.escrow, "ReputationNotParty")
          .withArgs(jobId, rater.address);
      }
    });

    it("reverts when a party rates the same job twice", async () => {
      const m = await loadFixture(deployMosaic);
      const jobId = await paidJob(m, ONE_ETH);
      await m.escrow.connect(m.client).rate(jobId, 5);
      await expect(m.escrow.connect(m.client).rate(jobId, 1))
        .to.be.revertedWithCustomError(m.escrow, "ReputationAlreadyRated")
        .withArgs(jobId, m.client.address);
      await m.escrow.connect(m.vendor).rate(jobId, 5);
      await expect(m.escrow.connect(m.vendor).rate(jobId, 5))
        .to.be.revertedWithCustomError(m.escrow, "ReputationAlreadyRated")
        .withArgs(jobId, m.vendor.address);
    });

    it("reverts on a score outside 1 to 5", async () => {
      const m = await loadFixture(deployMosaic);
      const jobId = await paidJob(m, ONE_ETH);
      for (const score of [0, 6, 255]) {
        await expect(m.escrow.connect(m.client).rate(jobId, score))
          .to.be.revertedWithCustomError(m.escrow, "ReputationInvalidScore")
          .withArgs(score);
      }
      // A rejected score does not use up the party's rating.
      expect(await m.escrow.hasRated(jobId, m.client.address)).to.equal(false);
      await expect(m.escrow.connect(m.client).rate(jobId, 1)).to.emit(m.escrow, "Rated");
    });

    it("reverts for an unknown job", async () => {
      const m = await loadFixture(deployMosaic);
      await expect(m.escrow.connect(m.client).rate(12, 5))
        .to.be.revertedWithCustomError(m.escrow, "EscrowJobNotFound")
        .withArgs(12);
    });
  });

  describe("ratingOf", () => {
    it("is zero for an address nobody rated", async () => {
      const m = await loadFixture(deployMosaic);
      expect(await m.escrow.vendorRatingOf(m.vendor.address)).to.equal(0n);
      expect(await m.escrow.vendorRatingOf(ethers.ZeroAddress)).to.equal(0n);
    });

    it("averages scores by weight, times 100, rounding down", async () => {
      const m = await loadFixture(deployMosaic);
      const small = await paidJob(m, ONE_ETH);
      const large = await paidJob(m, 2n * ONE_ETH, m.stranger);
      await m.escrow.connect(m.client).rate(small, 5);
      await m.escrow.connect(m.stranger).rate(large, 4);
      // (5 * 2000 + 4 * 4000) * 100 / 6000 = 433.33...
      expect(await m.escrow.vendorRatingOf(m.vendor.address)).to.equal(433n);
    });
  });

  describe("influenceOf", () => {
    it("tracks each direction of a pair on its own", async () => {
      const m = await loadFixture(deployMosaic);
      const jobId = await paidJob(m, ONE_ETH);
      await m.escrow.connect(m.client).rate(jobId, 5);
      expect(await m.escrow.influenceOf(m.client.address, m.vendor.address)).to.equal(2_000n);
      expect(await m.escrow.influenceOf(m.vendor.address, m.client.address)).to.equal(0n);
      const second = await paidJob(m, 3n * ONE_ETH);
      await m.escrow.connect(m.vendor).rate(second, 5);
      expect(await m.escrow.influenceOf(m.vendor.address, m.client.address)).to.equal(6_000n);
      expect(await m.escrow.influenceOf(m.client.address, m.vendor.address)).to.equal(2_000n);
    });

    it("is zero for an address on itself and for strangers", async () => {
      const m = await loadFixture(deployMosaic);
      const jobId = await paidJob(m, ONE_ETH);
      await m.escrow.connect(m.client).rate(jobId, 5);
      expect(await m.escrow.influenceOf(m.vendor.address, m.vendor.address)).to.equal(0n);
      expect(await m.escrow.influenceOf(m.stranger.address, m.vendor.address)).to.equal(0n);
      expect(await m.escrow.influenceOf(m.vendor.address, m.stranger.address)).to.equal(0n);
    });
  });

  describe("hasRated", () => {
    it("tells for each party whether it rated the job", async () => {
      const m = await loadFixture(deployMosaic);
      const jobId = await paidJob(m, ONE_ETH);
      expect(await m.escrow.hasRated(jobId, m.client.address)).to.equal(false);
      expect(await m.escrow.hasRated(jobId, m.vendor.address)).to.equal(false);
      await m.escrow.connect(m.vendor).rate(jobId, 5);
      expect(await m.escrow.hasRated(jobId, m.client.address)).to.equal(false);
      expect(await m.escrow.hasRated(jobId, m.vendor.address)).to.equal(true);
      await m.escrow.connect(m.client).rate(jobId, 5);
      expect(await m.escrow.hasRated(jobId, m.client.address)).to.equal(true);
    });

    it("is false for strangers, the zero address and unknown jobs", async () => {
      const m = await loadFixture(deployMosaic);
      const jobId = await paidJob(m, ONE_ETH);
      await m.escrow.connect(m.client).rate(jobId, 5);
      await m.escrow.connect(m.vendor).rate(jobId, 5);
      expect(await m.escrow.hasRated(jobId, m.stranger.address)).to.equal(false);
      expect(await m.escrow.hasRated(jobId, ethers.ZeroAddress)).to.equal(false);
      expect(await m.escrow.hasRated(99, m.client.address)).to.equal(false);
      expect(await m.escrow.hasRated(99, ethers.ZeroAddress)).to.equal(false);
    });

    it("is false for the zero address on a job nobody was hired for", async () => {
      const m = await loadFixture(deployMosaic);
      const jobId = await postJob(m, {}, [{ amount: ONE_ETH, deadline: (await now()) + DAY }]);
      expect(await m.escrow.hasRated(jobId, ethers.ZeroAddress)).to.equal(false);
    });
  });

  describe("vendorStatsOf and clientStatsOf", () => {
    it("are empty for an address with no track record", async () => {
      const m = await loadFixture(deployMosaic);
      const stats = await m.escrow.vendorStatsOf(m.stranger.address);
      expect([stats.weightedScoreSum, stats.ratingWeight, stats.ratingCount, stats.paidJobs]).to.deep.equal([
        0n,
        0n,
        0n,
        0n,
      ]);
      const client = await m.escrow.clientStatsOf(m.stranger.address);
      expect([client.weightedScoreSum, client.ratingWeight, client.ratingCount]).to.deep.equal([0n, 0n, 0n]);
      expect(await m.escrow.clientRatingOf(m.stranger.address)).to.equal(0n);
    });

    it("keep the vendor side and the client side of one address apart", async () => {
      const m = await loadFixture(deployMosaic);
      const first = await paidJob(m, ONE_ETH);
      await hiredJob(m);
      await m.escrow.connect(m.client).rate(first, 4);
      const stats = await m.escrow.vendorStatsOf(m.vendor.address);
      expect(stats.paidJobs).to.equal(1n);
      expect(stats.ratingCount).to.equal(1n);
      expect(stats.ratingWeight).to.equal(2_000n);
      expect(stats.weightedScoreSum).to.equal(8_000n);
      await m.escrow.connect(m.vendor).rate(first, 2);
      expect((await m.escrow.vendorStatsOf(m.vendor.address)).paidJobs).to.equal(1n);
      const client = await m.escrow.clientStatsOf(m.client.address);
      expect([client.ratingCount, client.ratingWeight, client.weightedScoreSum]).to.deep.equal([1n, 2_000n, 4_000n]);
      const clientAsVendor = await m.escrow.vendorStatsOf(m.client.address);
      expect([clientAsVendor.ratingCount, clientAsVendor.paidJobs]).to.deep.equal([0n, 0n]);
    });
  });

  describe("paid vendor jobs", () => {
    it("count a job once, at the first rating made after it paid the threshold", async () => {
      const m = await loadFixture(deployMosaic);
      // Two milestones of 0.03 ETH: the threshold (100 units, 0.05 ETH) is met only after both.
      const amount = 3n * 10n ** 16n;
      const start = await now();
      const { jobId } = await hiredJob(m, {
        milestones: [
          { amount, deadline: start + 10n * DAY },
          { amount, deadline: start + 20n * DAY },
        ],
      });
      await networkHelpers.time.increase(DAY);
      await m.escrow.connect(m.client).approve(jobId, 0);
      await expect(m.escrow.connect(m.client).rate(jobId, 5))
        .to.emit(m.escrow, "Rated")
        .withArgs(jobId, m.client.address, m.vendor.address, 5, amount / ETH_UNIT, true, false);
      expect((await m.escrow.vendorStatsOf(m.vendor.address)).paidJobs).to.equal(0n);
      await m.escrow.connect(m.client).approve(jobId, 1);
      await expect(m.escrow.connect(m.vendor).rate(jobId, 5))
        .to.emit(m.escrow, "Rated")
        .withArgs(jobId, m.vendor.address, m.client.address, 5, (2n * amount) / ETH_UNIT, false, true);
      expect((await m.escrow.vendorStatsOf(m.vendor.address)).paidJobs).to.equal(1n);
      expect((await m.escrow.vendorStatsOf(m.client.address)).paidJobs).to.equal(0n);
    });

    it("never count a job paid sooner than MIN_COUNTED_JOB_TIME after its funding (no flash loan)", async () => {
      const m = await loadFixture(deployMosaic);
      expect(await m.escrow.MIN_COUNTED_JOB_TIME()).to.equal(DAY);
      // Posted, funded, hired and paid at once: a borrowed balance buys no paid job.
      const { jobId } = await hiredJob(m, { milestones: [{ amount: ONE_ETH, deadline: (await now()) + 10n * DAY }] });
      await networkHelpers.time.increase(DAY - 10n);
      await m.escrow.connect(m.client).approve(jobId, 0);
      await expect(m.escrow.connect(m.client).rate(jobId, 5))
        .to.emit(m.escrow, "Rated")
        .withArgs(jobId, m.client.address, m.vendor.address, 5, ONE_ETH / ETH_UNIT, true, false);
      await expect(m.escrow.connect(m.vendor).rate(jobId, 5))
        .to.emit(m.escrow, "Rated")
        .withArgs(jobId, m.vendor.address, m.client.address, 5, ONE_ETH / ETH_UNIT, false, false);
      expect((await m.escrow.vendorStatsOf(m.vendor.address)).paidJobs).to.equal(0n);
      // Funding again restarts the clock: a payment right after a later funding does not count either.
      const late = await hiredJob(m, {
        milestones: [
          { amount: ONE_ETH, deadline: (await now()) + 10n * DAY },
          { amount: ONE_ETH, deadline: (await now()) + 10n * DAY },
        ],
        fund: false,
      });
      await m.escrow.connect(m.client).fund(late.jobId, 0, 1, { value: ONE_ETH });
      await networkHelpers.time.increase(2n * DAY);
      await m.escrow.connect(m.client).fund(late.jobId, 1, 1, { value: ONE_ETH });
      await m.escrow.connect(m.client).approve(late.jobId, 0);
      await expect(m.escrow.connect(m.client).rate(late.jobId, 5))
        .to.emit(m.escrow, "Rated")
        .withArgs(late.jobId, m.client.address, m.vendor.address, 5, anyValue, true, false);
    });

    it("count one job per distinct client: a second client's job counts, the same client's does not", async () => {
      const m = await loadFixture(deployMosaic);
      const first = await paidJob(m, ONE_ETH);
      await expect(m.escrow.connect(m.client).rate(first, 5))
        .to.emit(m.escrow, "Rated")
        .withArgs(first, m.client.address, m.vendor.address, 5, anyValue, true, true);
      const again = await paidJob(m, ONE_ETH);
      await expect(m.escrow.connect(m.vendor).rate(again, 5))
        .to.emit(m.escrow, "Rated")
        .withArgs(again, m.vendor.address, m.client.address, 5, anyValue, false, false);
      await expect(m.escrow.connect(m.client).rate(again, 5))
        .to.emit(m.escrow, "Rated")
        .withArgs(again, m.client.address, m.vendor.address, 5, anyValue, true, false);
      expect((await m.escrow.vendorStatsOf(m.vendor.address)).paidJobs).to.equal(1n);
      // The mark does not count as weight: influence stays what the ratings put on.
      expect(await m.escrow.influenceOf(m.client.address, m.vendor.address)).to.equal(2n * (ONE_ETH / ETH_UNIT));
      // The same with the client's address below the vendor's (the mark sits in the other half of the pair).
      expect(BigInt(m.client.address) < BigInt(m.vendor2.address)).to.equal(true);
      for (const counted of [true, false]) {
        const { jobId } = await hiredJob(m, {
          vendor: m.vendor2,
          milestones: [{ amount: ONE_ETH, deadline: (await now()) + 10n * DAY }],
        });
        await networkHelpers.time.increase(DAY);
        await m.escrow.connect(m.client).approve(jobId, 0);
        await expect(m.escrow.connect(m.client).rate(jobId, 5))
          .to.emit(m.escrow, "Rated")
          .withArgs(jobId, m.client.address, m.vendor2.address, 5, anyValue, true, counted);
      }
      expect((await m.escrow.vendorStatsOf(m.vendor2.address)).paidJobs).to.equal(1n);
      const other = await paidJob(m, ONE_ETH, m.stranger);
      await expect(m.escrow.connect(m.vendor).rate(other, 5))
        .to.emit(m.escrow, "Rated")
        .withArgs(other, m.vendor.address, m.stranger.address, 5, anyValue, false, true);
      expect((await m.escrow.vendorStatsOf(m.vendor.address)).paidJobs).to.equal(2n);
    });

    it("never count a job that paid less than the threshold", async () => {
      const m = await loadFixture(deployMosaic);
      const jobId = await paidJob(m, 100n * ETH_UNIT - 1n);
      await m.escrow.connect(m.client).rate(jobId, 5);
      await m.escrow.connect(m.vendor).rate(jobId, 5);
      expect((await m.escrow.vendorStatsOf(m.vendor.address)).paidJobs).to.equal(0n);
      expect((await m.escrow.vendorStatsOf(m.vendor.address)).ratingCount).to.equal(1n);
    });
  });

  describe("adjustedVendorRatingOf", () => {
    it("mixes a 1-star prior of ratingPriorWeight units into the vendor's ratings", async () => {
      const m = await loadFixture(deployMosaic);
      expect(await m.escrow.ratingPriorWeight()).to.equal(500n);
      expect(await m.escrow.adjustedVendorRatingOf(m.vendor.address)).to.equal(100n);
      const jobId = await paidJob(m, ONE_ETH); // 2,000 units
      await m.escrow.connect(m.client).rate(jobId, 5);
      // (500 * 1 + 2,000 * 5) * 100 / 2,500 = 420, against a raw average of 500.
      expect(await m.escrow.vendorRatingOf(m.vendor.address)).to.equal(500n);
      expect(await m.escrow.adjustedVendorRatingOf(m.vendor.address)).to.equal(420n);
    });

    it("is the raw average with a zero prior, and zero for an unrated vendor", async () => {
      const m = await loadFixture(deployMosaic);
      const escrow = await ethers.deployContract("MosaicEscrow", [
        m.operator.address,
        m.treasury.address,
        await m.registry.getAddress(),
        ETH_UNIT,
        ETH_UNIT,
        0n,
      ]);
      expect(await escrow.adjustedVendorRatingOf(m.vendor.address)).to.equal(0n);
    });
  });
});
