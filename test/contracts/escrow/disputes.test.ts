import { expect } from "chai";
import { EVIDENCE_CID, disputed } from "../helpers/part2.ts";
import {
  ARBITER_FEE_BPS,
  DAY,
  ETH,
  USD_UNIT,
  State,
  deployMosaic,
  ethers,
  jobTerms,
  milestoneTerms,
  networkHelpers,
  now,
  postJob,
  signQuote,
  signSettlement,
} from "../helpers/fixtures.ts";
import {
  DISPUTE_TIMEOUT,
  ONE_ETH,
  Resolution,
  atTime,
  disputeIdOf,
  fundAll,
  hiredJob,
  minedAt,
  signedSettlement,
  FEE_BPS,
  bondOn,
  feeOn,
  splitOf,
  submitted,
} from "../helpers/part2.ts";

const { loadFixture } = networkHelpers;
const ARBITER_FEE = BigInt(ARBITER_FEE_BPS);

describe("MosaicEscrow disputes", () => {
  describe("dispute", () => {
    it("freezes a funded milestone when the client disputes it", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      const tx = await disputed(m, jobId, 0, m.client);
      await expect(tx)
        .to.emit(m.escrow, "DisputeRaised")
        .withArgs(jobId, 0, disputeIdOf(jobId, 0), m.client.address, ONE_ETH);
      expect((await m.escrow.milestoneOf(jobId, 0)).state).to.equal(State.Disputed);
      expect(await m.escrow.disputedAt(jobId, 0)).to.equal(await minedAt(tx));
    });

    it("refuses a vendor's dispute of a submission the client is still reviewing", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await submitted(m, jobId, 1);
      await expect(m.escrow.connect(m.vendor).dispute(jobId, 1, EVIDENCE_CID, { value: ONE_ETH / 100n }))
        .to.be.revertedWithCustomError(m.escrow, "EscrowNotRejected")
        .withArgs(jobId, 1);
    });

    it("refuses the self-dispute of an empty submission batched with a claim (claim, submit, dispute)", async () => {
      const m = await loadFixture(deployMosaic);
      const milestones = [{ amount: ONE_ETH, deadline: (await now()) + 10n * DAY }];
      const jobId = await postJob(m, { open: true }, milestones);
      await fundAll(m, jobId, milestones);
      const iface = m.escrow.interface;
      const batch = (cid: string) => [
        iface.encodeFunctionData("claim", [jobId, []]),
        iface.encodeFunctionData("submit", [jobId, 0, cid]),
        iface.encodeFunctionData("dispute", [jobId, 0, EVIDENCE_CID]),
      ];
      await expect(m.escrow.connect(m.vendor).multicall(batch("")))
        .to.be.revertedWithCustomError(m.escrow, "EscrowEmptyDeliverable")
        .withArgs(jobId, 0);
      await expect(m.escrow.connect(m.vendor).multicall(batch("bafkreijunk")))
        .to.be.revertedWithCustomError(m.escrow, "EscrowNotRejected")
        .withArgs(jobId, 0);
    });

    it("takes the vendor's bond (the arbiter's fee on the frozen amount) with its dispute", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await submitted(m, jobId, 0);
      await m.escrow.connect(m.client).requestChanges(jobId, 0, "bafkreinotes");
      const bond = bondOn(ONE_ETH, ARBITER_FEE);
      await expect(m.escrow.connect(m.vendor).dispute(jobId, 0, EVIDENCE_CID))
        .to.be.revertedWithCustomError(m.escrow, "EscrowWrongValue")
        .withArgs(bond, 0n);
      const liabilities = await m.escrow.liabilitiesOf(ETH);
      const tx = m.escrow.connect(m.vendor).dispute(jobId, 0, EVIDENCE_CID, { value: bond });
      await expect(tx).to.changeEtherBalances(ethers, [m.vendor, m.escrow], [-bond, bond]);
      expect(await m.escrow.liabilitiesOf(ETH)).to.equal(liabilities + bond);
    });

    it("takes a token bond from the vendor's allowance and refuses ETH sent with it", async () => {
      const m = await loadFixture(deployMosaic);
      const amount = 1_000n * USD_UNIT;
      const { jobId } = await hiredJob(m, {
        job: { token: await m.usd.getAddress() },
        milestones: [{ amount, deadline: (await now()) + 10n * DAY }],
      });
      await submitted(m, jobId, 0);
      await m.escrow.connect(m.client).requestChanges(jobId, 0, "bafkreinotes");
      await expect(m.escrow.connect(m.vendor).dispute(jobId, 0, EVIDENCE_CID, { value: 1n }))
        .to.be.revertedWithCustomError(m.escrow, "EscrowWrongValue")
        .withArgs(0n, 1n);
      const bond = bondOn(amount, ARBITER_FEE);
      await expect(m.escrow.connect(m.vendor).dispute(jobId, 0, EVIDENCE_CID)).to.changeTokenBalances(
        ethers,
        m.usd,
        [m.vendor, m.escrow],
        [-bond, bond],
      );
    });

    it("refuses ETH sent with a client's dispute (the client posts no bond)", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await submitted(m, jobId, 0);
      await expect(m.escrow.connect(m.client).dispute(jobId, 0, EVIDENCE_CID, { value: 1n }))
        .to.be.revertedWithCustomError(m.escrow, "EscrowWrongValue")
        .withArgs(0n, 1n);
    });

    it("refuses an evidence CID longer than MAX_CID_LENGTH", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await submitted(m, jobId, 0);
      const max = await m.escrow.MAX_CID_LENGTH();
      await expect(m.escrow.connect(m.client).dispute(jobId, 0, "b".repeat(Number(max) + 1)))
        .to.be.revertedWithCustomError(m.escrow, "EscrowCidTooLong")
        .withArgs(max + 1n, max);
      await m.escrow.connect(m.client).dispute(jobId, 0, "b".repeat(Number(max)));
      await expect(m.escrow.connect(m.vendor).submitEvidence(jobId, 0, "b".repeat(Number(max) + 1)))
        .to.be.revertedWithCustomError(m.escrow, "EscrowCidTooLong")
        .withArgs(max + 1n, max);
    });

    it("numbers disputes jobId << 8 | index", async () => {
      const m = await loadFixture(deployMosaic);
      await hiredJob(m);
      const { jobId } = await hiredJob(m);
      expect(jobId).to.equal(2n);
      await submitted(m, jobId, 1);
      await expect(m.escrow.connect(m.client).dispute(jobId, 1, EVIDENCE_CID))
        .to.emit(m.escrow, "DisputeRaised")
        .withArgs(jobId, 1, 513n, m.client.address, ONE_ETH);
    });

    it("leaves the job's other milestones working", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await disputed(m, jobId, 0, m.client);
      await submitted(m, jobId, 1);
      await expect(m.escrow.connect(m.client).approve(jobId, 1)).to.emit(m.escrow, "MilestoneReleased");
      expect((await m.escrow.milestoneOf(jobId, 0)).state).to.equal(State.Disputed);
      expect((await m.escrow.milestoneOf(jobId, 1)).state).to.equal(State.Paid);
    });

    it("keeps working while the escrow is paused", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await submitted(m, jobId, 0);
      await m.escrow.pause();
      await expect(m.escrow.connect(m.client).dispute(jobId, 0, EVIDENCE_CID)).to.emit(m.escrow, "DisputeRaised");
    });

    it("reverts when nobody was hired", async () => {
      const m = await loadFixture(deployMosaic);
      const milestones = [{ amount: ONE_ETH, deadline: (await now()) + DAY }];
      const jobId = await postJob(m, {}, milestones);
      await fundAll(m, jobId, milestones);
      await expect(m.escrow.connect(m.client).dispute(jobId, 0, EVIDENCE_CID))
        .to.be.revertedWithCustomError(m.escrow, "EscrowNotHired")
        .withArgs(jobId);
    });

    it("reverts when the caller is neither client nor vendor", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await expect(m.escrow.connect(m.stranger).dispute(jobId, 0, EVIDENCE_CID))
        .to.be.revertedWithCustomError(m.escrow, "EscrowNotParty")
        .withArgs(jobId, m.stranger.address);
      await expect(m.escrow.connect(m.arbiter).dispute(jobId, 0, EVIDENCE_CID))
        .to.be.revertedWithCustomError(m.escrow, "EscrowNotParty")
        .withArgs(jobId, m.arbiter.address);
    });

    it("refuses a vendor's dispute of a funded milestone it never submitted (no free option)", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await expect(m.escrow.connect(m.vendor).dispute(jobId, 0, EVIDENCE_CID))
        .to.be.revertedWithCustomError(m.escrow, "EscrowNotRejected")
        .withArgs(jobId, 0);
      // Past the deadline, the client gets it back by refund, not by dispute.
      const deadline = (await m.escrow.milestoneOf(jobId, 0)).deadline;
      await atTime(deadline + 1n);
      await expect(m.escrow.connect(m.client).dispute(jobId, 0, EVIDENCE_CID))
        .to.be.revertedWithCustomError(m.escrow, "EscrowNotSubmitted")
        .withArgs(jobId, 0);
      await expect(m.escrow.connect(m.stranger).refund(jobId, 0)).to.emit(m.escrow, "MilestoneRefunded");
    });

    it("refuses a client's dispute of a funded milestone, even one sent back for changes", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await expect(m.escrow.connect(m.client).dispute(jobId, 0, EVIDENCE_CID))
        .to.be.revertedWithCustomError(m.escrow, "EscrowNotSubmitted")
        .withArgs(jobId, 0);
      await submitted(m, jobId, 0);
      await m.escrow.connect(m.client).requestChanges(jobId, 0, "bafkreinotes");
      await expect(m.escrow.connect(m.client).dispute(jobId, 0, EVIDENCE_CID))
        .to.be.revertedWithCustomError(m.escrow, "EscrowNotSubmitted")
        .withArgs(jobId, 0);
    });

    it("lets the vendor dispute a milestone sent back for changes, until its deadline", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await submitted(m, jobId, 0);
      await submitted(m, jobId, 1);
      await m.escrow.connect(m.client).requestChanges(jobId, 0, "bafkreinotes");
      await m.escrow.connect(m.client).requestChanges(jobId, 1, "bafkreinotes");
      expect((await m.escrow.milestoneOf(jobId, 0)).changesRequested).to.equal(true);
      const bond = bondOn(ONE_ETH, ARBITER_FEE);
      await expect(m.escrow.connect(m.vendor).dispute(jobId, 0, EVIDENCE_CID, { value: bond }))
        .to.emit(m.escrow, "DisputeRaised")
        .withArgs(jobId, 0, disputeIdOf(jobId, 0), m.vendor.address, ONE_ETH);
      const deadline = (await m.escrow.milestoneOf(jobId, 1)).deadline;
      await atTime(deadline + 1n);
      await expect(m.escrow.connect(m.vendor).dispute(jobId, 1, EVIDENCE_CID, { value: bond }))
        .to.be.revertedWithCustomError(m.escrow, "EscrowDeadlinePassed")
        .withArgs(jobId, 1, deadline);
    });

    it("files the disputing party's evidence as ERC-1497 Dispute and Evidence events", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await submitted(m, jobId, 0);
      const disputeId = disputeIdOf(jobId, 0);
      const tx = m.escrow.connect(m.client).dispute(jobId, 0, "bafkreiclientevidence");
      await expect(tx).to.emit(m.escrow, "Dispute").withArgs(m.arbiter.address, disputeId, jobId, disputeId);
      await expect(tx)
        .to.emit(m.escrow, "Evidence")
        .withArgs(m.arbiter.address, disputeId, m.client.address, "bafkreiclientevidence");
    });

    it("reverts without an evidence CID", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await submitted(m, jobId, 0);
      await expect(m.escrow.connect(m.client).dispute(jobId, 0, "")).to.be.revertedWithCustomError(
        m.escrow,
        "EscrowEmptyEvidence",
      );
    });

    it("reverts on a submitted milestone once the review window is over", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      const reviewEndsAt = await submitted(m, jobId, 0);
      await atTime(reviewEndsAt);
      await expect(m.escrow.connect(m.client).dispute(jobId, 0, EVIDENCE_CID))
        .to.be.revertedWithCustomError(m.escrow, "EscrowReviewOver")
        .withArgs(jobId, 0, reviewEndsAt);
    });

    it("reverts on a milestone that holds nothing to dispute", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId, milestones } = await hiredJob(m, { fund: false });
      await expect(m.escrow.connect(m.client).dispute(jobId, 0, EVIDENCE_CID))
        .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneState")
        .withArgs(jobId, 0, State.Created);
      await fundAll(m, jobId, milestones);
      await m.escrow.connect(m.client).approve(jobId, 0);
      await expect(m.escrow.connect(m.vendor).dispute(jobId, 0, EVIDENCE_CID))
        .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneState")
        .withArgs(jobId, 0, State.Paid);
    });

    it("reverts on a milestone already in dispute", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await disputed(m, jobId, 0, m.client);
      await expect(m.escrow.connect(m.vendor).dispute(jobId, 0, EVIDENCE_CID))
        .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneState")
        .withArgs(jobId, 0, State.Disputed);
    });

    it("reverts on a resolved milestone", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await disputed(m, jobId, 0, m.client);
      await m.escrow.connect(m.arbiter).rule(disputeIdOf(jobId, 0), 0);
      await expect(m.escrow.connect(m.vendor).dispute(jobId, 0, EVIDENCE_CID))
        .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneState")
        .withArgs(jobId, 0, State.Resolved);
    });

    it("reverts for an unknown job or milestone", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await expect(m.escrow.connect(m.client).dispute(9, 0, EVIDENCE_CID))
        .to.be.revertedWithCustomError(m.escrow, "EscrowJobNotFound")
        .withArgs(9);
      await expect(m.escrow.connect(m.client).dispute(jobId, 2, EVIDENCE_CID))
        .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneNotFound")
        .withArgs(jobId, 2);
    });
  });

  describe("submitEvidence", () => {
    it("lets either party file more evidence while the milestone is disputed", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await disputed(m, jobId, 0, m.client);
      const disputeId = disputeIdOf(jobId, 0);
      await expect(m.escrow.connect(m.vendor).submitEvidence(jobId, 0, "bafkreivendor"))
        .to.emit(m.escrow, "Evidence")
        .withArgs(m.arbiter.address, disputeId, m.vendor.address, "bafkreivendor");
      await expect(m.escrow.connect(m.client).submitEvidence(jobId, 0, "bafkreiclient"))
        .to.emit(m.escrow, "Evidence")
        .withArgs(m.arbiter.address, disputeId, m.client.address, "bafkreiclient");
    });

    it("reverts for a stranger, without a CID, and on a milestone not in dispute", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await disputed(m, jobId, 0, m.client);
      await expect(m.escrow.connect(m.stranger).submitEvidence(jobId, 0, "bafkreix"))
        .to.be.revertedWithCustomError(m.escrow, "EscrowNotParty")
        .withArgs(jobId, m.stranger.address);
      await expect(m.escrow.connect(m.client).submitEvidence(jobId, 0, "")).to.be.revertedWithCustomError(
        m.escrow,
        "EscrowEmptyEvidence",
      );
      await expect(m.escrow.connect(m.client).submitEvidence(jobId, 1, "bafkreix"))
        .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneState")
        .withArgs(jobId, 1, State.Funded);
      await expect(m.escrow.connect(m.client).submitEvidence(99, 0, "bafkreix"))
        .to.be.revertedWithCustomError(m.escrow, "EscrowJobNotFound")
        .withArgs(99);
    });
  });

  describe("rule", () => {
    it("pays the arbiter's fee and gives the vendor ruling - 1 basis points of the rest", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await disputed(m, jobId, 0, m.client);
      const disputeId = disputeIdOf(jobId, 0);
      const split = splitOf(ONE_ETH, 7_000n, ARBITER_FEE);
      const tx = m.escrow.connect(m.arbiter).rule(disputeId, 7_001);
      await expect(tx).to.emit(m.escrow, "Ruling").withArgs(m.arbiter.address, disputeId, 7_001);
      await expect(tx)
        .to.emit(m.escrow, "DisputeResolved")
        .withArgs(
          jobId,
          0,
          disputeId,
          Resolution.Ruling,
          7_000,
          split.toVendor,
          split.toClient,
          split.arbiterFee,
          split.fee,
        );
      await expect(tx).to.changeEtherBalances(
        ethers,
        [m.vendor, m.client, m.arbiter, m.escrow],
        [split.toVendor, split.toClient, split.arbiterFee, -(ONE_ETH - split.fee)],
      );
      const milestone = await m.escrow.milestoneOf(jobId, 0);
      expect(milestone.state).to.equal(State.Resolved);
      expect(milestone.resolvedToVendor).to.equal(split.vendorGross);
      expect(await m.escrow.feesAccrued(ETH)).to.equal(split.fee);
    });

    it("splits evenly without arbiter fee on ruling 0 (refused to arbitrate)", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await disputed(m, jobId, 0, m.vendor);
      const disputeId = disputeIdOf(jobId, 0);
      // The vendor raised it: its bond comes back whole, as no arbiter fee is charged.
      const split = splitOf(ONE_ETH, 5_000n, 0n, FEE_BPS, bondOn(ONE_ETH, ARBITER_FEE));
      const tx = m.escrow.connect(m.arbiter).rule(disputeId, 0);
      await expect(tx).to.emit(m.escrow, "Ruling").withArgs(m.arbiter.address, disputeId, 0);
      await expect(tx)
        .to.emit(m.escrow, "DisputeResolved")
        .withArgs(jobId, 0, disputeId, Resolution.Ruling, 5_000, split.toVendor, split.toClient, 0n, split.fee);
      await expect(tx).to.changeEtherBalances(
        ethers,
        [m.vendor, m.client, m.arbiter],
        [split.toVendor, split.toClient, 0n],
      );
    });

    it("makes the vendor that raised a dispute and lost it pay the arbiter from its bond, not the client", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await disputed(m, jobId, 0, m.vendor);
      const disputeId = disputeIdOf(jobId, 0);
      const bond = bondOn(ONE_ETH, ARBITER_FEE);
      const tx = m.escrow.connect(m.arbiter).rule(disputeId, 1);
      await expect(tx)
        .to.emit(m.escrow, "DisputeResolved")
        .withArgs(jobId, 0, disputeId, Resolution.Ruling, 0, 0n, ONE_ETH, bond, 0n);
      await expect(tx).to.changeEtherBalances(
        ethers,
        [m.vendor, m.client, m.arbiter, m.escrow],
        [0n, ONE_ETH, bond, -(ONE_ETH + bond)],
      );
      expect(await m.escrow.liabilitiesOf(ETH)).to.equal(ONE_ETH);
    });

    it("charges each party the share of the arbiter's fee the ruling denied it", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await disputed(m, jobId, 0, m.vendor);
      const disputeId = disputeIdOf(jobId, 0);
      const bond = bondOn(ONE_ETH, ARBITER_FEE);
      const arbiterFee = bond;
      // 70% to the vendor: the vendor bears 30% of the fee (from its share), the client 70%.
      const vendorGross = (ONE_ETH * 7_000n) / 10_000n - (arbiterFee * 3_000n) / 10_000n;
      const fee = feeOn(vendorGross);
      const toClient = ONE_ETH - (ONE_ETH * 7_000n) / 10_000n - (arbiterFee * 7_000n) / 10_000n;
      expect(splitOf(ONE_ETH, 7_000n, ARBITER_FEE, FEE_BPS, bond)).to.deep.equal({
        arbiterFee,
        vendorGross,
        fee,
        toVendor: vendorGross - fee + bond,
        toClient,
      });
      await expect(m.escrow.connect(m.arbiter).rule(disputeId, 7_001))
        .to.emit(m.escrow, "DisputeResolved")
        .withArgs(jobId, 0, disputeId, Resolution.Ruling, 7_000, vendorGross - fee + bond, toClient, arbiterFee, fee);
    });

    it("lets what the losing client cannot cover fall on the vendor's winnings, its bond returned", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await disputed(m, jobId, 0, m.vendor);
      const disputeId = disputeIdOf(jobId, 0);
      const bond = bondOn(ONE_ETH, ARBITER_FEE);
      const vendorGross = ONE_ETH - bond;
      const fee = feeOn(vendorGross);
      await expect(m.escrow.connect(m.arbiter).rule(disputeId, 10_001))
        .to.emit(m.escrow, "DisputeResolved")
        .withArgs(jobId, 0, disputeId, Resolution.Ruling, 10_000, vendorGross - fee + bond, 0n, bond, fee);
      expect((await m.escrow.milestoneOf(jobId, 0)).resolvedToVendor).to.equal(vendorGross);
    });

    it("refunds everything after the arbiter's fee to the client on ruling 1, without platform fee", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await disputed(m, jobId, 0, m.client);
      const disputeId = disputeIdOf(jobId, 0);
      const split = splitOf(ONE_ETH, 0n, ARBITER_FEE);
      const tx = m.escrow.connect(m.arbiter).rule(disputeId, 1);
      await expect(tx)
        .to.emit(m.escrow, "DisputeResolved")
        .withArgs(jobId, 0, disputeId, Resolution.Ruling, 0, 0n, ONE_ETH - split.arbiterFee, split.arbiterFee, 0n);
      await expect(tx).to.changeEtherBalances(ethers, [m.vendor, m.client], [0n, ONE_ETH - split.arbiterFee]);
      expect((await m.escrow.milestoneOf(jobId, 0)).resolvedToVendor).to.equal(0n);
      expect(await m.escrow.feesAccrued(ETH)).to.equal(0n);
      // Nothing reached the vendor, so the job does not count as paid work.
      await expect(m.escrow.connect(m.client).rate(jobId, 1))
        .to.be.revertedWithCustomError(m.escrow, "ReputationNothingPaid")
        .withArgs(jobId);
    });

    it("gives the vendor everything after the arbiter's fee on ruling 10001", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await disputed(m, jobId, 0, m.client);
      const disputeId = disputeIdOf(jobId, 0);
      const split = splitOf(ONE_ETH, 10_000n, ARBITER_FEE);
      await expect(m.escrow.connect(m.arbiter).rule(disputeId, 10_001))
        .to.emit(m.escrow, "DisputeResolved")
        .withArgs(jobId, 0, disputeId, Resolution.Ruling, 10_000, split.toVendor, 0n, split.arbiterFee, split.fee);
    });

    it("splits an ERC-20 dispute in the job's token", async () => {
      const m = await loadFixture(deployMosaic);
      const amount = 2_000n * USD_UNIT;
      const token = await m.usd.getAddress();
      const { jobId } = await hiredJob(m, { job: { token }, milestones: [{ amount, deadline: (await now()) + DAY }] });
      await disputed(m, jobId, 0, m.client);
      const split = splitOf(amount, 3_333n, ARBITER_FEE);
      await expect(m.escrow.connect(m.arbiter).rule(disputeIdOf(jobId, 0), 3_334)).to.changeTokenBalances(
        ethers,
        m.usd,
        [m.vendor, m.client, m.arbiter, m.escrow],
        [split.toVendor, split.toClient, split.arbiterFee, -(amount - split.fee)],
      );
      expect(await m.escrow.feesAccrued(token)).to.equal(split.fee);
    });

    it("takes rulings from the job's own arbiter at its own fee", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m, { job: { arbiter: m.stranger.address, arbiterFeeBps: 300 } });
      await disputed(m, jobId, 0, m.client);
      const disputeId = disputeIdOf(jobId, 0);
      await expect(m.escrow.connect(m.arbiter).rule(disputeId, 1))
        .to.be.revertedWithCustomError(m.escrow, "EscrowNotArbiter")
        .withArgs(disputeId, m.arbiter.address);
      const split = splitOf(ONE_ETH, 6_000n, 300n);
      await expect(m.escrow.connect(m.stranger).rule(disputeId, 6_001))
        .to.emit(m.escrow, "DisputeResolved")
        .withArgs(
          jobId,
          0,
          disputeId,
          Resolution.Ruling,
          6_000,
          split.toVendor,
          split.toClient,
          split.arbiterFee,
          split.fee,
        );
    });

    it("keeps working while the escrow is paused", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await disputed(m, jobId, 0, m.client);
      await m.escrow.pause();
      await expect(m.escrow.connect(m.arbiter).rule(disputeIdOf(jobId, 0), 0)).to.emit(m.escrow, "DisputeResolved");
    });

    it("reverts when the caller is not the job's arbiter", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await disputed(m, jobId, 0, m.client);
      const disputeId = disputeIdOf(jobId, 0);
      for (const caller of [m.client, m.vendor, m.operator]) {
        await expect(m.escrow.connect(caller).rule(disputeId, 1))
          .to.be.revertedWithCustomError(m.escrow, "EscrowNotArbiter")
          .withArgs(disputeId, caller.address);
      }
    });

    it("reverts on a ruling above 10001", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await disputed(m, jobId, 0, m.client);
      await expect(m.escrow.connect(m.arbiter).rule(disputeIdOf(jobId, 0), 10_002))
        .to.be.revertedWithCustomError(m.escrow, "EscrowInvalidSplit")
        .withArgs(10_002);
    });

    it("reverts on a milestone that is not in dispute", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await expect(m.escrow.connect(m.arbiter).rule(disputeIdOf(jobId, 0), 1))
        .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneState")
        .withArgs(jobId, 0, State.Funded);
    });

    it("reverts on a dispute already resolved", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await disputed(m, jobId, 0, m.client);
      await m.escrow.connect(m.arbiter).rule(disputeIdOf(jobId, 0), 1);
      await expect(m.escrow.connect(m.arbiter).rule(disputeIdOf(jobId, 0), 10_001))
        .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneState")
        .withArgs(jobId, 0, State.Resolved);
    });

    it("reverts for a dispute id of an unknown job or milestone", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await expect(m.escrow.connect(m.arbiter).rule(disputeIdOf(77n, 0), 1))
        .to.be.revertedWithCustomError(m.escrow, "EscrowJobNotFound")
        .withArgs(77);
      await expect(m.escrow.connect(m.arbiter).rule(disputeIdOf(jobId, 5), 1))
        .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneNotFound")
        .withArgs(jobId, 5);
    });
  });

  describe("settle", () => {
    it("splits as both parties signed, without arbiter fee, whoever submits it", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await disputed(m, jobId, 0, m.vendor);
      const value = { jobId, index: 0n, vendorBps: 6_000, deadline: (await now()) + DAY };
      const { clientSignature, vendorSignature } = await signedSettlement(m, value);
      // No arbiter fee: the vendor's bond comes back whole.
      const split = splitOf(ONE_ETH, 6_000n, 0n, FEE_BPS, bondOn(ONE_ETH, ARBITER_FEE));
      const tx = m.escrow
        .connect(m.stranger)
        .settle(jobId, 0, value.vendorBps, value.deadline, clientSignature, vendorSignature);
      await expect(tx)
        .to.emit(m.escrow, "DisputeResolved")
        .withArgs(
          jobId,
          0,
          disputeIdOf(jobId, 0),
          Resolution.Settlement,
          6_000,
          split.toVendor,
          split.toClient,
          0n,
          split.fee,
        );
      await expect(tx).to.changeEtherBalances(
        ethers,
        [m.vendor, m.client, m.arbiter],
        [split.toVendor, split.toClient, 0n],
      );
      const milestone = await m.escrow.milestoneOf(jobId, 0);
      expect(milestone.state).to.equal(State.Resolved);
      expect(milestone.resolvedToVendor).to.equal(split.vendorGross);
    });

    it("accepts the signature deadline itself", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await disputed(m, jobId, 0, m.client);
      const value = { jobId, index: 0n, vendorBps: 0, deadline: (await now()) + 100n };
      const { clientSignature, vendorSignature } = await signedSettlement(m, value);
      await atTime(value.deadline);
      await expect(m.escrow.settle(jobId, 0, 0, value.deadline, clientSignature, vendorSignature))
        .to.emit(m.escrow, "DisputeResolved")
        .withArgs(jobId, 0, disputeIdOf(jobId, 0), Resolution.Settlement, 0, 0n, ONE_ETH, 0n, 0n);
    });

    it("accepts a smart-contract wallet's ERC-1271 signature", async () => {
      const m = await loadFixture(deployMosaic);
      const wallet = await ethers.deployContract("MockERC1271Wallet", [m.client.address]);
      const escrowAddress = await m.escrow.getAddress();
      const milestones = [milestoneTerms({ amount: ONE_ETH, deadline: (await now()) + DAY })];
      const call = (data: string, value = 0n) => wallet.connect(m.client).execute(escrowAddress, data, { value });
      await call(m.escrow.interface.encodeFunctionData("postJob", [jobTerms(), milestones]));
      const jobId = await m.escrow.jobCount();
      await call(m.escrow.interface.encodeFunctionData("fund", [jobId, 0, 1]), ONE_ETH);
      const { quote, signature } = await signQuote(m.escrow, m.vendor, { jobId, price: ONE_ETH });
      await call(m.escrow.interface.encodeFunctionData("hire", [quote, signature]));
      await m.escrow.connect(m.vendor).submit(jobId, 0, "bafkreideliverable");
      await call(m.escrow.interface.encodeFunctionData("dispute", [jobId, 0, EVIDENCE_CID]));
      const value = { jobId, index: 0n, vendorBps: 2_000, deadline: (await now()) + DAY };
      const { clientSignature, vendorSignature } = await signedSettlement(m, value);
      const split = splitOf(ONE_ETH, 2_000n);
      await expect(
        m.escrow.settle(jobId, 0, value.vendorBps, value.deadline, clientSignature, vendorSignature),
      ).to.changeEtherBalances(ethers, [wallet, m.vendor], [split.toClient, split.toVendor]);
    });

    it("refuses an empty signature even from a wallet whose ERC-1271 check says yes to anything", async () => {
      const m = await loadFixture(deployMosaic);
      const wallet = await ethers.deployContract("PermissiveERC1271Wallet");
      const escrowAddress = await m.escrow.getAddress();
      const milestones = [milestoneTerms({ amount: ONE_ETH, deadline: (await now()) + DAY })];
      const call = (data: string, value = 0n) => wallet.execute(escrowAddress, data, { value });
      await call(m.escrow.interface.encodeFunctionData("postJob", [jobTerms(), milestones]));
      const jobId = await m.escrow.jobCount();
      await call(m.escrow.interface.encodeFunctionData("fund", [jobId, 0, 1]), ONE_ETH);
      const { quote, signature } = await signQuote(m.escrow, m.vendor, { jobId, price: ONE_ETH });
      await call(m.escrow.interface.encodeFunctionData("hire", [quote, signature]));
      await m.escrow.connect(m.vendor).submit(jobId, 0, "bafkreideliverable");
      await call(m.escrow.interface.encodeFunctionData("dispute", [jobId, 0, EVIDENCE_CID]));
      const deadline = (await now()) + DAY;
      const vendorSignature = await signSettlement(m.escrow, m.vendor, { jobId, index: 0n, vendorBps: 0, deadline });
      await expect(m.escrow.connect(m.stranger).settle(jobId, 0, 0, deadline, "0x", vendorSignature))
        .to.be.revertedWithCustomError(m.escrow, "EscrowInvalidSignature")
        .withArgs(await wallet.getAddress());
      // With any non-empty signature the wallet's own check decides, as ERC-1271 says.
      await expect(m.escrow.connect(m.stranger).settle(jobId, 0, 0, deadline, "0x01", vendorSignature)).to.emit(
        m.escrow,
        "DisputeResolved",
      );
    });

    it("accepts plain signatures from parties whose accounts carry code (EIP-7702 delegation)", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await disputed(m, jobId, 0, m.vendor);
      const delegate = await ethers.deployContract("RejectingReceiver");
      const code = await ethers.provider.getCode(await delegate.getAddress());
      const value = { jobId, index: 0n, vendorBps: 5_000, deadline: (await now()) + DAY };
      const { clientSignature, vendorSignature } = await signedSettlement(m, value);
      await networkHelpers.setCode(m.client.address, code);
      await networkHelpers.setCode(m.vendor.address, code);
      await expect(
        m.escrow
          .connect(m.stranger)
          .settle(jobId, 0, value.vendorBps, value.deadline, clientSignature, vendorSignature),
      ).to.emit(m.escrow, "DisputeResolved");
    });

    it("reverts when the client's signature is not the client's", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await disputed(m, jobId, 0, m.vendor);
      const value = { jobId, index: 0n, vendorBps: 9_000, deadline: (await now()) + DAY };
      const forged = await signedSettlement(m, value, m.stranger);
      await expect(
        m.escrow.settle(jobId, 0, value.vendorBps, value.deadline, forged.clientSignature, forged.vendorSignature),
      )
        .to.be.revertedWithCustomError(m.escrow, "EscrowInvalidSignature")
        .withArgs(m.client.address);
    });

    it("reverts when the vendor's signature is not the vendor's", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await disputed(m, jobId, 0, m.client);
      const value = { jobId, index: 0n, vendorBps: 1_000, deadline: (await now()) + DAY };
      const forged = await signedSettlement(m, value, m.client, m.vendor2);
      await expect(
        m.escrow.settle(jobId, 0, value.vendorBps, value.deadline, forged.clientSignature, forged.vendorSignature),
      )
        .to.be.revertedWithCustomError(m.escrow, "EscrowInvalidSignature")
        .withArgs(m.vendor.address);
    });

    it("reverts when the split differs from the one signed", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await disputed(m, jobId, 0, m.client);
      const value = { jobId, index: 0n, vendorBps: 1_000, deadline: (await now()) + DAY };
      const { clientSignature, vendorSignature } = await signedSettlement(m, value);
      await expect(m.escrow.settle(jobId, 0, 9_000, value.deadline, clientSignature, vendorSignature))
        .to.be.revertedWithCustomError(m.escrow, "EscrowInvalidSignature")
        .withArgs(m.client.address);
      // A settlement signed for one milestone cannot settle another.
      await disputed(m, jobId, 1, m.client);
      await expect(m.escrow.settle(jobId, 1, value.vendorBps, value.deadline, clientSignature, vendorSignature))
        .to.be.revertedWithCustomError(m.escrow, "EscrowInvalidSignature")
        .withArgs(m.client.address);
    });

    it("reverts after the signature deadline", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await disputed(m, jobId, 0, m.client);
      const value = { jobId, index: 0n, vendorBps: 5_000, deadline: (await now()) + 100n };
      const { clientSignature, vendorSignature } = await signedSettlement(m, value);
      await atTime(value.deadline + 1n);
      await expect(m.escrow.settle(jobId, 0, value.vendorBps, value.deadline, clientSignature, vendorSignature))
        .to.be.revertedWithCustomError(m.escrow, "EscrowSettlementExpired")
        .withArgs(value.deadline);
    });

    it("reverts on a split above 10000 basis points", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await disputed(m, jobId, 0, m.client);
      const value = { jobId, index: 0n, vendorBps: 10_001, deadline: (await now()) + DAY };
      const { clientSignature, vendorSignature } = await signedSettlement(m, value);
      await expect(m.escrow.settle(jobId, 0, value.vendorBps, value.deadline, clientSignature, vendorSignature))
        .to.be.revertedWithCustomError(m.escrow, "EscrowInvalidSplit")
        .withArgs(10_001);
    });

    it("reverts on a milestone that is not in dispute, so a settlement cannot be replayed", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      const value = { jobId, index: 0n, vendorBps: 5_000, deadline: (await now()) + DAY };
      const { clientSignature, vendorSignature } = await signedSettlement(m, value);
      const settle = () => m.escrow.settle(jobId, 0, value.vendorBps, value.deadline, clientSignature, vendorSignature);
      await expect(settle())
        .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneState")
        .withArgs(jobId, 0, State.Funded);
      await disputed(m, jobId, 0, m.client);
      await settle();
      await expect(settle())
        .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneState")
        .withArgs(jobId, 0, State.Resolved);
    });

    it("reverts for an unknown job", async () => {
      const m = await loadFixture(deployMosaic);
      await expect(m.escrow.settle(5, 0, 0, 0, "0x", "0x"))
        .to.be.revertedWithCustomError(m.escrow, "EscrowJobNotFound")
        .withArgs(5);
    });
  });

  describe("resolveTimedOut", () => {
    it("splits evenly without arbiter fee once the arbiter stayed silent for 30 days", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await submitted(m, jobId, 0);
      const tx = await disputed(m, jobId, 0, m.client);
      await atTime((await minedAt(tx)) + DISPUTE_TIMEOUT);
      const split = splitOf(ONE_ETH, 5_000n);
      const resolve = m.escrow.connect(m.stranger).resolveTimedOut(jobId, 0);
      await expect(resolve)
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
      await expect(resolve).to.changeEtherBalances(
        ethers,
        [m.vendor, m.client, m.arbiter],
        [split.toVendor, split.toClient, 0n],
      );
      const milestone = await m.escrow.milestoneOf(jobId, 0);
      expect(milestone.state).to.equal(State.Resolved);
      expect(milestone.resolvedToVendor).to.equal(split.vendorGross);
    });

    it("reverts before the arbiter's 30 days are over", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      const tx = await disputed(m, jobId, 0, m.vendor);
      const availableAt = (await minedAt(tx)) + DISPUTE_TIMEOUT;
      await atTime(availableAt - 1n);
      await expect(m.escrow.resolveTimedOut(jobId, 0))
        .to.be.revertedWithCustomError(m.escrow, "EscrowTooEarly")
        .withArgs(jobId, 0, availableAt);
    });

    it("lets the arbiter still rule after the timeout while nobody resolved it", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await disputed(m, jobId, 0, m.vendor);
      await networkHelpers.time.increase(DISPUTE_TIMEOUT + DAY);
      await m.escrow.connect(m.arbiter).rule(disputeIdOf(jobId, 0), 1);
      await expect(m.escrow.resolveTimedOut(jobId, 0))
        .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneState")
        .withArgs(jobId, 0, State.Resolved);
    });

    it("reverts on a milestone that is not in dispute", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await networkHelpers.time.increase(DISPUTE_TIMEOUT);
      await expect(m.escrow.resolveTimedOut(jobId, 1))
        .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneState")
        .withArgs(jobId, 1, State.Funded);
    });

    it("reverts for an unknown job", async () => {
      const m = await loadFixture(deployMosaic);
      await expect(m.escrow.resolveTimedOut(8, 0))
        .to.be.revertedWithCustomError(m.escrow, "EscrowJobNotFound")
        .withArgs(8);
    });
  });

  describe("disputedAt", () => {
    it("is zero until the milestone is disputed and keeps the time after resolution", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      expect(await m.escrow.disputedAt(jobId, 0)).to.equal(0n);
      const tx = await disputed(m, jobId, 0, m.client);
      const raisedAt = await minedAt(tx);
      expect(await m.escrow.disputedAt(jobId, 0)).to.equal(raisedAt);
      expect(await m.escrow.disputedAt(jobId, 1)).to.equal(0n);
      await m.escrow.connect(m.arbiter).rule(disputeIdOf(jobId, 0), 0);
      expect(await m.escrow.disputedAt(jobId, 0)).to.equal(raisedAt);
    });
  });
});
