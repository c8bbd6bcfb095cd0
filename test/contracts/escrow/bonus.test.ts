import { expect } from "chai";
import { EVIDENCE_CID, FEE_BPS, bondOn, disputed } from "../helpers/part2.ts";
import type { Mosaic } from "../helpers/fixtures.ts";
import {
  REVIEW_WINDOW,
  ARBITER_FEE_BPS,
  DAY,
  ETH,
  USD_UNIT,
  State,
  Bonus,
  deployMosaic,
  ethers,
  networkHelpers,
  now,
} from "../helpers/fixtures.ts";
import {
  DISPUTE_TIMEOUT,
  ONE_ETH,
  Resolution,
  atTime,
  disputeIdOf,
  feeOn,
  hiredJob,
  signedSettlement,
  splitOf,
  submitted,
} from "../helpers/part2.ts";

const { loadFixture } = networkHelpers;
const BONUS = ONE_ETH / 2n;
const ARBITER_FEE = BigInt(ARBITER_FEE_BPS);

/** A hired ETH job whose milestone 0 escrows a bonus decided by day 30; milestone 1 has none. */
async function bonusJob(m: Mosaic) {
  const deadline = (await now()) + 10n * DAY;
  const outcomeDeadline = deadline + 20n * DAY;
  const job = await hiredJob(m, {
    milestones: [
      { amount: ONE_ETH, bonus: BONUS, deadline, outcomeDeadline },
      { amount: ONE_ETH, deadline },
    ],
  });
  return { ...job, deadline, outcomeDeadline };
}

describe("MosaicEscrow outcome bonus", () => {
  describe("fund", () => {
    it("escrows the bonus with the base amount and holds it", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await bonusJob(m);
      const milestone = await m.escrow.milestoneOf(jobId, 0);
      expect(milestone.bonus).to.equal(BONUS);
      expect(milestone.bonusState).to.equal(Bonus.Held);
      expect((await m.escrow.milestoneOf(jobId, 1)).bonusState).to.equal(Bonus.None);
      expect(await ethers.provider.getBalance(await m.escrow.getAddress())).to.equal(2n * ONE_ETH + BONUS);
    });
  });

  describe("releaseBonus", () => {
    it("pays the held bonus to the vendor minus the platform fee", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await bonusJob(m);
      await m.escrow.connect(m.client).approve(jobId, 0);
      const fee = feeOn(BONUS);
      const tx = m.escrow.connect(m.client).releaseBonus(jobId, 0);
      await expect(tx)
        .to.emit(m.escrow, "BonusReleased")
        .withArgs(jobId, 0, BONUS - fee, fee);
      await expect(tx).to.changeEtherBalances(ethers, [m.vendor, m.escrow], [BONUS - fee, -(BONUS - fee)]);
      expect(await m.escrow.feesAccrued(ETH)).to.equal(feeOn(ONE_ETH) + fee);
      const milestone = await m.escrow.milestoneOf(jobId, 0);
      expect(milestone.state).to.equal(State.Paid);
      expect(milestone.bonusState).to.equal(Bonus.Released);
    });

    it("pays a bonus in the job's ERC-20 token", async () => {
      const m = await loadFixture(deployMosaic);
      const deadline = (await now()) + DAY;
      const bonus = 300n * USD_UNIT;
      const { jobId } = await hiredJob(m, {
        job: { token: await m.usd.getAddress() },
        milestones: [{ amount: 1_000n * USD_UNIT, bonus, deadline, outcomeDeadline: deadline + REVIEW_WINDOW }],
      });
      await m.escrow.connect(m.client).approve(jobId, 0);
      const fee = feeOn(bonus);
      const tx = m.escrow.connect(m.client).releaseBonus(jobId, 0);
      await expect(tx)
        .to.emit(m.escrow, "BonusReleased")
        .withArgs(jobId, 0, bonus - fee, fee);
      await expect(tx).to.changeTokenBalances(ethers, m.usd, [m.vendor, m.escrow], [bonus - fee, -(bonus - fee)]);
    });

    it("still pays after the outcome deadline while nobody returned the bonus", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId, outcomeDeadline } = await bonusJob(m);
      await m.escrow.connect(m.client).approve(jobId, 0);
      await networkHelpers.time.increaseTo(outcomeDeadline + DAY);
      await expect(m.escrow.connect(m.client).releaseBonus(jobId, 0)).to.emit(m.escrow, "BonusReleased");
    });

    it("keeps working while the escrow is paused", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await bonusJob(m);
      await m.escrow.connect(m.client).approve(jobId, 0);
      await m.escrow.pause();
      await expect(m.escrow.connect(m.client).releaseBonus(jobId, 0)).to.emit(m.escrow, "BonusReleased");
    });

    it("reverts before the base amount is paid", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await bonusJob(m);
      await expect(m.escrow.connect(m.client).releaseBonus(jobId, 0))
        .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneState")
        .withArgs(jobId, 0, State.Funded);
      await submitted(m, jobId, 0);
      await expect(m.escrow.connect(m.client).releaseBonus(jobId, 0))
        .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneState")
        .withArgs(jobId, 0, State.Submitted);
    });

    it("reverts when the milestone has no bonus", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await bonusJob(m);
      await m.escrow.connect(m.client).approve(jobId, 1);
      await expect(m.escrow.connect(m.client).releaseBonus(jobId, 1))
        .to.be.revertedWithCustomError(m.escrow, "EscrowBonusState")
        .withArgs(jobId, 1, Bonus.None);
    });

    it("reverts once the bonus was released", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await bonusJob(m);
      await m.escrow.connect(m.client).approve(jobId, 0);
      await m.escrow.connect(m.client).releaseBonus(jobId, 0);
      await expect(m.escrow.connect(m.client).releaseBonus(jobId, 0))
        .to.be.revertedWithCustomError(m.escrow, "EscrowBonusState")
        .withArgs(jobId, 0, Bonus.Released);
    });

    it("reverts once the bonus was returned", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId, outcomeDeadline } = await bonusJob(m);
      await m.escrow.connect(m.client).approve(jobId, 0);
      await networkHelpers.time.increaseTo(outcomeDeadline + 1n);
      await m.escrow.returnBonus(jobId, 0);
      await expect(m.escrow.connect(m.client).releaseBonus(jobId, 0))
        .to.be.revertedWithCustomError(m.escrow, "EscrowBonusState")
        .withArgs(jobId, 0, Bonus.Returned);
    });

    it("reverts when the caller is not the client", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await bonusJob(m);
      await m.escrow.connect(m.client).approve(jobId, 0);
      await expect(m.escrow.connect(m.vendor).releaseBonus(jobId, 0))
        .to.be.revertedWithCustomError(m.escrow, "EscrowNotClient")
        .withArgs(jobId, m.vendor.address);
    });
  });

  describe("returnBonus", () => {
    it("returns an undecided bonus to the client after the outcome deadline, whoever calls", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId, outcomeDeadline } = await bonusJob(m);
      await m.escrow.connect(m.client).approve(jobId, 0);
      await atTime(outcomeDeadline + 1n);
      const tx = m.escrow.connect(m.stranger).returnBonus(jobId, 0);
      await expect(tx).to.emit(m.escrow, "BonusReturned").withArgs(jobId, 0, BONUS);
      await expect(tx).to.changeEtherBalances(ethers, [m.client, m.vendor, m.escrow], [BONUS, 0n, -BONUS]);
      const milestone = await m.escrow.milestoneOf(jobId, 0);
      expect(milestone.state).to.equal(State.Paid);
      expect(milestone.bonusState).to.equal(Bonus.Returned);
      expect(await m.escrow.feesAccrued(ETH)).to.equal(feeOn(ONE_ETH));
    });

    it("keeps working while the escrow is paused", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId, outcomeDeadline } = await bonusJob(m);
      await m.escrow.connect(m.client).approve(jobId, 0);
      await m.escrow.pause();
      await networkHelpers.time.increaseTo(outcomeDeadline + 1n);
      await expect(m.escrow.returnBonus(jobId, 0)).to.emit(m.escrow, "BonusReturned");
    });

    it("reverts until the outcome deadline has passed", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId, outcomeDeadline } = await bonusJob(m);
      await m.escrow.connect(m.client).approve(jobId, 0);
      await atTime(outcomeDeadline);
      await expect(m.escrow.connect(m.client).returnBonus(jobId, 0))
        .to.be.revertedWithCustomError(m.escrow, "EscrowTooEarly")
        .withArgs(jobId, 0, outcomeDeadline + 1n);
    });

    it("reverts while the base amount is not paid", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId, outcomeDeadline } = await bonusJob(m);
      await networkHelpers.time.increaseTo(outcomeDeadline + 1n);
      await expect(m.escrow.returnBonus(jobId, 0))
        .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneState")
        .withArgs(jobId, 0, State.Funded);
    });

    it("reverts once the bonus was released", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId, outcomeDeadline } = await bonusJob(m);
      await m.escrow.connect(m.client).approve(jobId, 0);
      await m.escrow.connect(m.client).releaseBonus(jobId, 0);
      await networkHelpers.time.increaseTo(outcomeDeadline + 1n);
      await expect(m.escrow.returnBonus(jobId, 0))
        .to.be.revertedWithCustomError(m.escrow, "EscrowBonusState")
        .withArgs(jobId, 0, Bonus.Released);
    });

    it("reverts when the milestone has no bonus", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId, outcomeDeadline } = await bonusJob(m);
      await m.escrow.connect(m.client).approve(jobId, 1);
      await networkHelpers.time.increaseTo(outcomeDeadline + 1n);
      await expect(m.escrow.returnBonus(jobId, 1))
        .to.be.revertedWithCustomError(m.escrow, "EscrowBonusState")
        .withArgs(jobId, 1, Bonus.None);
    });

    it("reverts for an unknown job", async () => {
      const m = await loadFixture(deployMosaic);
      await expect(m.escrow.returnBonus(42, 0))
        .to.be.revertedWithCustomError(m.escrow, "EscrowJobNotFound")
        .withArgs(42);
    });
  });

  describe("requestChanges", () => {
    it("moves the outcome deadline so it still trails the extended deadline by a review window", async () => {
      const m = await loadFixture(deployMosaic);
      const deadline = (await now()) + 10n * DAY;
      const outcomeDeadline = deadline + REVIEW_WINDOW;
      const { jobId } = await hiredJob(m, {
        milestones: [{ amount: ONE_ETH, bonus: BONUS, deadline, outcomeDeadline }],
      });
      await atTime(deadline - 1n);
      await m.escrow.connect(m.vendor).submit(jobId, 0, "bafydeliverable");
      const requestedAt = deadline + 1n;
      await atTime(requestedAt);
      await m.escrow.connect(m.client).requestChanges(jobId, 0, "bafynotes");
      const milestone = await m.escrow.milestoneOf(jobId, 0);
      expect(milestone.deadline).to.equal(requestedAt + REVIEW_WINDOW);
      expect(milestone.outcomeDeadline).to.equal(requestedAt + 2n * REVIEW_WINDOW);
    });

    it("leaves an outcome deadline that already trails the extended deadline", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId, deadline, outcomeDeadline } = await bonusJob(m);
      await atTime(deadline - 1n);
      await m.escrow.connect(m.vendor).submit(jobId, 0, "bafydeliverable");
      await m.escrow.connect(m.client).requestChanges(jobId, 0, "bafynotes");
      expect((await m.escrow.milestoneOf(jobId, 0)).outcomeDeadline).to.equal(outcomeDeadline);
    });
  });

  describe("refund", () => {
    it("returns the bonus with the base amount when the deadline is missed", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId, deadline } = await bonusJob(m);
      await atTime(deadline + 1n);
      const tx = m.escrow.refund(jobId, 0);
      await expect(tx)
        .to.emit(m.escrow, "MilestoneRefunded")
        .withArgs(jobId, 0, ONE_ETH + BONUS, true);
      await expect(tx).to.changeEtherBalance(ethers, m.client, ONE_ETH + BONUS);
      expect((await m.escrow.milestoneOf(jobId, 0)).bonusState).to.equal(Bonus.Returned);
      await expect(m.escrow.connect(m.client).releaseBonus(jobId, 0))
        .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneState")
        .withArgs(jobId, 0, State.Refunded);
    });
  });

  describe("dispute", () => {
    it("freezes the bonus together with the base amount", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId, outcomeDeadline } = await bonusJob(m);
      await submitted(m, jobId, 0);
      await expect(m.escrow.connect(m.client).dispute(jobId, 0, EVIDENCE_CID))
        .to.emit(m.escrow, "DisputeRaised")
        .withArgs(jobId, 0, disputeIdOf(jobId, 0), m.client.address, ONE_ETH + BONUS);
      const milestone = await m.escrow.milestoneOf(jobId, 0);
      expect(milestone.state).to.equal(State.Disputed);
      expect(milestone.bonusState).to.equal(Bonus.Disputed);
      await expect(m.escrow.connect(m.client).releaseBonus(jobId, 0))
        .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneState")
        .withArgs(jobId, 0, State.Disputed);
      await networkHelpers.time.increaseTo(outcomeDeadline + 1n);
      await expect(m.escrow.returnBonus(jobId, 0))
        .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneState")
        .withArgs(jobId, 0, State.Disputed);
    });

    it("lets either party dispute a held bonus after the base was paid", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId, outcomeDeadline } = await bonusJob(m);
      await m.escrow.connect(m.client).approve(jobId, 0);
      await atTime(outcomeDeadline);
      await expect(m.escrow.connect(m.vendor).dispute(jobId, 0, EVIDENCE_CID, { value: bondOn(BONUS, ARBITER_FEE) }))
        .to.emit(m.escrow, "DisputeRaised")
        .withArgs(jobId, 0, disputeIdOf(jobId, 0), m.vendor.address, BONUS);
      const milestone = await m.escrow.milestoneOf(jobId, 0);
      expect(milestone.state).to.equal(State.Paid);
      expect(milestone.bonusState).to.equal(Bonus.Disputed);
      expect(await m.escrow.disputedAt(jobId, 0)).to.equal(outcomeDeadline);
    });

    it("keeps a disputed bonus out of reach of release and return", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId, outcomeDeadline } = await bonusJob(m);
      await m.escrow.connect(m.client).approve(jobId, 0);
      await disputed(m, jobId, 0, m.client);
      await expect(m.escrow.connect(m.client).releaseBonus(jobId, 0))
        .to.be.revertedWithCustomError(m.escrow, "EscrowBonusState")
        .withArgs(jobId, 0, Bonus.Disputed);
      await networkHelpers.time.increaseTo(outcomeDeadline + 1n);
      await expect(m.escrow.returnBonus(jobId, 0))
        .to.be.revertedWithCustomError(m.escrow, "EscrowBonusState")
        .withArgs(jobId, 0, Bonus.Disputed);
    });

    it("refuses a bonus dispute after the outcome deadline", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId, outcomeDeadline } = await bonusJob(m);
      await m.escrow.connect(m.client).approve(jobId, 0);
      await atTime(outcomeDeadline + 1n);
      await expect(m.escrow.connect(m.vendor).dispute(jobId, 0, EVIDENCE_CID))
        .to.be.revertedWithCustomError(m.escrow, "EscrowDeadlinePassed")
        .withArgs(jobId, 0, outcomeDeadline);
    });

    it("refuses a dispute once the bonus was decided", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await bonusJob(m);
      await m.escrow.connect(m.client).approve(jobId, 0);
      await m.escrow.connect(m.client).releaseBonus(jobId, 0);
      await expect(m.escrow.connect(m.vendor).dispute(jobId, 0, EVIDENCE_CID))
        .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneState")
        .withArgs(jobId, 0, State.Paid);
    });

    it("refuses a second dispute on the bonus", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await bonusJob(m);
      await m.escrow.connect(m.client).approve(jobId, 0);
      await disputed(m, jobId, 0, m.client);
      await expect(m.escrow.connect(m.vendor).dispute(jobId, 0, EVIDENCE_CID))
        .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneState")
        .withArgs(jobId, 0, State.Paid);
    });
  });

  describe("rule", () => {
    it("splits the base amount and the bonus together", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await bonusJob(m);
      await disputed(m, jobId, 0, m.vendor);
      const disputeId = disputeIdOf(jobId, 0);
      const frozen = ONE_ETH + BONUS;
      const split = splitOf(frozen, 8_000n, ARBITER_FEE, FEE_BPS, bondOn(frozen, ARBITER_FEE));
      const tx = m.escrow.connect(m.arbiter).rule(disputeId, 8_001);
      await expect(tx)
        .to.emit(m.escrow, "DisputeResolved")
        .withArgs(
          jobId,
          0,
          disputeId,
          Resolution.Ruling,
          8_000,
          split.toVendor,
          split.toClient,
          split.arbiterFee,
          split.fee,
        );
      await expect(tx).to.changeEtherBalances(
        ethers,
        [m.vendor, m.client, m.arbiter, m.escrow],
        [split.toVendor, split.toClient, split.arbiterFee, -(split.toVendor + split.toClient + split.arbiterFee)],
      );
      const milestone = await m.escrow.milestoneOf(jobId, 0);
      expect(milestone.state).to.equal(State.Resolved);
      expect(milestone.bonusState).to.equal(Bonus.Resolved);
      expect(milestone.resolvedToVendor).to.equal(split.vendorGross);
    });

    it("splits a bonus-only dispute on the bonus alone", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await bonusJob(m);
      await m.escrow.connect(m.client).approve(jobId, 0);
      await disputed(m, jobId, 0, m.client);
      const disputeId = disputeIdOf(jobId, 0);
      const split = splitOf(BONUS, 2_500n, BigInt(ARBITER_FEE_BPS));
      const tx = m.escrow.connect(m.arbiter).rule(disputeId, 2_501);
      await expect(tx)
        .to.emit(m.escrow, "DisputeResolved")
        .withArgs(
          jobId,
          0,
          disputeId,
          Resolution.Ruling,
          2_500,
          split.toVendor,
          split.toClient,
          split.arbiterFee,
          split.fee,
        );
      await expect(tx).to.changeEtherBalances(
        ethers,
        [m.vendor, m.client, m.arbiter],
        [split.toVendor, split.toClient, split.arbiterFee],
      );
      const milestone = await m.escrow.milestoneOf(jobId, 0);
      expect(milestone.state).to.equal(State.Paid);
      expect(milestone.bonusState).to.equal(Bonus.Resolved);
      expect(milestone.resolvedToVendor).to.equal(split.vendorGross);
      expect(await m.escrow.feesAccrued(ETH)).to.equal(feeOn(ONE_ETH) + split.fee);
    });
  });

  describe("settle", () => {
    it("splits a bonus-only dispute as both parties signed", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await bonusJob(m);
      await m.escrow.connect(m.client).approve(jobId, 0);
      await disputed(m, jobId, 0, m.vendor);
      const value = { jobId, index: 0n, vendorBps: 10_000, deadline: (await now()) + DAY };
      const { clientSignature, vendorSignature } = await signedSettlement(m, value);
      const split = splitOf(BONUS, 10_000n, 0n, FEE_BPS, bondOn(BONUS, ARBITER_FEE));
      await expect(m.escrow.settle(jobId, 0, value.vendorBps, value.deadline, clientSignature, vendorSignature))
        .to.emit(m.escrow, "DisputeResolved")
        .withArgs(jobId, 0, disputeIdOf(jobId, 0), Resolution.Settlement, 10_000, split.toVendor, 0n, 0n, split.fee);
      expect((await m.escrow.milestoneOf(jobId, 0)).bonusState).to.equal(Bonus.Resolved);
    });
  });

  describe("resolveTimedOut", () => {
    it("splits a bonus-only dispute evenly once the arbiter stayed silent", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await bonusJob(m);
      await m.escrow.connect(m.client).approve(jobId, 0);
      await disputed(m, jobId, 0, m.vendor);
      await networkHelpers.time.increase(DISPUTE_TIMEOUT);
      const split = splitOf(BONUS, 5_000n, 0n, FEE_BPS, bondOn(BONUS, ARBITER_FEE));
      await expect(m.escrow.resolveTimedOut(jobId, 0))
        .to.emit(m.escrow, "DisputeResolved")
        .withArgs(
          jobId,
          0,
          disputeIdOf(jobId, 0),
          Resolution.Timeout,
          5_000,
          split.toVendor,
          split.toClient,
          0n,
          split.fee,
        );
      const milestone = await m.escrow.milestoneOf(jobId, 0);
      expect(milestone.state).to.equal(State.Paid);
      expect(milestone.bonusState).to.equal(Bonus.Resolved);
    });
  });
});
