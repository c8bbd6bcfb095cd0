import { expect } from "chai";
import { digestOf } from "../helpers/fixtures.ts";
import { disputed } from "../helpers/part2.ts";
import {
  ARBITER_FEE_BPS,
  DAY,
  ETH,
  USD_UNIT,
  deployMosaic,
  ethers,
  jobTerms,
  milestoneTerms,
  networkHelpers,
  now,
  postJob,
  skill,
} from "../helpers/fixtures.ts";
import {
  ONE_ETH,
  atTime,
  deployMosaicWithAdversaries,
  disputeIdOf,
  feeOn,
  fundAll,
  hiredJob,
  splitOf,
} from "../helpers/part2.ts";

const { loadFixture } = networkHelpers;
const AMOUNT = 1_000n * USD_UNIT;

type Adversaries = Awaited<ReturnType<typeof deployMosaicWithAdversaries>>;

/** A hired job in the blocklist token: two milestones of 1,000 due in 10 and 20 days. */
async function blocklistJob(m: Adversaries) {
  const start = await now();
  return hiredJob(m, {
    job: { token: await m.blocklist.getAddress() },
    milestones: [
      { amount: AMOUNT, deadline: start + 10n * DAY },
      { amount: AMOUNT, deadline: start + 20n * DAY },
    ],
  });
}

/** Has the ETH-rejecting contract post and fund a one-milestone ETH job as client; returns its id. */
async function jobPostedByRejectingClient(m: Adversaries, amount: bigint) {
  const escrowAddress = await m.escrow.getAddress();
  const terms = [milestoneTerms({ amount, deadline: (await now()) + 10n * DAY })];
  await m.rejecting.execute(escrowAddress, m.escrow.interface.encodeFunctionData("postJob", [jobTerms(), terms]));
  const jobId = await m.escrow.jobCount();
  await m.rejecting.execute(escrowAddress, m.escrow.interface.encodeFunctionData("fund", [jobId, 0, 1]), {
    value: amount,
  });
  return jobId;
}

/** Refunds the rejecting client's unhired job, leaving `amount` owed to it. */
async function rejectingClientOwed(m: Adversaries, amount: bigint) {
  const jobId = await jobPostedByRejectingClient(m, amount);
  await m.rejecting.execute(await m.escrow.getAddress(), m.escrow.interface.encodeFunctionData("refund", [jobId, 0]));
  return jobId;
}

/** Registers the ETH-rejecting contract as a vendor and has it claim an open, funded ETH job. */
async function jobClaimedByRejectingVendor(m: Adversaries) {
  const start = await now();
  const milestones = [
    { amount: ONE_ETH, deadline: start + 10n * DAY },
    { amount: ONE_ETH, deadline: start + 20n * DAY },
  ];
  const jobId = await postJob(m, { open: true }, milestones);
  await fundAll(m, jobId, milestones);
  const profile = { hourlyRateCents: 1_000, timezoneOffsetMinutes: 0, availabilityHours: 40 };
  await m.rejecting.execute(
    await m.registry.getAddress(),
    m.registry.interface.encodeFunctionData("setProfile", [profile, [skill("solidity")], digestOf("bafyrejecting")]),
  );
  await m.rejecting.execute(await m.escrow.getAddress(), m.escrow.interface.encodeFunctionData("claim", [jobId, []]));
  return { jobId, milestones };
}

describe("MosaicEscrow payouts", () => {
  describe("push fallback", () => {
    it("defers a blocklisted vendor's payment and still refunds the client", async () => {
      const m = await loadFixture(deployMosaicWithAdversaries);
      const token = await m.blocklist.getAddress();
      const { jobId, milestones } = await blocklistJob(m);
      await m.blocklist.setBlocked(m.vendor.address, true);
      const toVendor = AMOUNT - feeOn(AMOUNT);
      const approve = m.escrow.connect(m.client).approve(jobId, 0);
      await expect(approve)
        .to.emit(m.escrow, "MilestoneReleased")
        .withArgs(jobId, 0, m.vendor.address, toVendor, feeOn(AMOUNT), false);
      await expect(approve).to.emit(m.escrow, "PaymentDeferred").withArgs(token, m.vendor.address, toVendor);
      await expect(approve).to.changeTokenBalances(ethers, m.blocklist, [m.vendor, m.escrow], [0n, 0n]);
      expect(await m.escrow.owed(token, m.vendor.address)).to.equal(toVendor);

      await atTime(milestones[1].deadline + 1n);
      const refund = m.escrow.connect(m.client).refund(jobId, 1);
      await expect(refund).to.emit(m.escrow, "MilestoneRefunded").withArgs(jobId, 1, AMOUNT, true);
      await expect(refund).not.to.emit(m.escrow, "PaymentDeferred");
      await expect(refund).to.changeTokenBalances(ethers, m.blocklist, [m.client, m.escrow], [AMOUNT, -AMOUNT]);
    });

    it("pays a dispute's client share and arbiter fee even when the vendor is blocklisted", async () => {
      const m = await loadFixture(deployMosaicWithAdversaries);
      const token = await m.blocklist.getAddress();
      const { jobId } = await blocklistJob(m);
      await disputed(m, jobId, 0, m.client);
      await m.blocklist.setBlocked(m.vendor.address, true);
      const split = splitOf(AMOUNT, 4_000n, BigInt(ARBITER_FEE_BPS));
      const rule = m.escrow.connect(m.arbiter).rule(disputeIdOf(jobId, 0), 4_001);
      await expect(rule).to.emit(m.escrow, "PaymentDeferred").withArgs(token, m.vendor.address, split.toVendor);
      await expect(rule).to.changeTokenBalances(
        ethers,
        m.blocklist,
        [m.client, m.arbiter, m.vendor],
        [split.toClient, split.arbiterFee, 0n],
      );
      expect(await m.escrow.owed(token, m.vendor.address)).to.equal(split.toVendor);
    });

    it("pays a dispute's vendor share even when the client is blocklisted", async () => {
      const m = await loadFixture(deployMosaicWithAdversaries);
      const token = await m.blocklist.getAddress();
      const { jobId } = await blocklistJob(m);
      await disputed(m, jobId, 0, m.client);
      await m.blocklist.setBlocked(m.client.address, true);
      const split = splitOf(AMOUNT, 5_000n);
      await networkHelpers.time.increase(30n * DAY);
      const resolve = m.escrow.resolveTimedOut(jobId, 0);
      await expect(resolve).to.emit(m.escrow, "PaymentDeferred").withArgs(token, m.client.address, split.toClient);
      await expect(resolve).to.changeTokenBalances(ethers, m.blocklist, [m.vendor, m.client], [split.toVendor, 0n]);
      expect(await m.escrow.owed(token, m.client.address)).to.equal(split.toClient);
    });

    it("defers a refund to a client contract that rejects ETH", async () => {
      const m = await loadFixture(deployMosaicWithAdversaries);
      const jobId = await jobPostedByRejectingClient(m, ONE_ETH);
      const receiver = await m.rejecting.getAddress();
      const refund = m.rejecting.execute(
        await m.escrow.getAddress(),
        m.escrow.interface.encodeFunctionData("refund", [jobId, 0]),
      );
      await expect(refund).to.emit(m.escrow, "MilestoneRefunded").withArgs(jobId, 0, ONE_ETH, false);
      await expect(refund).to.emit(m.escrow, "PaymentDeferred").withArgs(ETH, receiver, ONE_ETH);
      await expect(refund).to.changeEtherBalances(ethers, [m.rejecting, m.escrow], [0n, 0n]);
      expect(await m.escrow.owed(ETH, receiver)).to.equal(ONE_ETH);
    });

    it("defers an ETH-rejecting vendor's payments without holding up the client's refund", async () => {
      const m = await loadFixture(deployMosaicWithAdversaries);
      const { jobId, milestones } = await jobClaimedByRejectingVendor(m);
      const vendor = await m.rejecting.getAddress();
      const toVendor = ONE_ETH - feeOn(ONE_ETH);
      await expect(m.escrow.connect(m.client).approve(jobId, 0))
        .to.emit(m.escrow, "PaymentDeferred")
        .withArgs(ETH, vendor, toVendor);
      await networkHelpers.time.increaseTo(milestones[1].deadline + 1n);
      await expect(m.escrow.refund(jobId, 1)).to.changeEtherBalance(ethers, m.client, ONE_ETH);
      expect(await m.escrow.owed(ETH, vendor)).to.equal(toVendor);
    });

    it("defers the fee of an arbiter contract that rejects ETH and pays both parties", async () => {
      const m = await loadFixture(deployMosaicWithAdversaries);
      const arbiter = await m.rejecting.getAddress();
      const { jobId } = await hiredJob(m, { job: { arbiter, arbiterFeeBps: 500 } });
      await disputed(m, jobId, 0, m.client);
      const disputeId = disputeIdOf(jobId, 0);
      const split = splitOf(ONE_ETH, 5_000n, 500n);
      const rule = m.rejecting.execute(
        await m.escrow.getAddress(),
        m.escrow.interface.encodeFunctionData("rule", [disputeId, 5_001]),
      );
      await expect(rule).to.emit(m.escrow, "Ruling").withArgs(arbiter, disputeId, 5_001);
      await expect(rule).to.emit(m.escrow, "PaymentDeferred").withArgs(ETH, arbiter, split.arbiterFee);
      await expect(rule).to.changeEtherBalances(ethers, [m.vendor, m.client], [split.toVendor, split.toClient]);
      expect(await m.escrow.owed(ETH, arbiter)).to.equal(split.arbiterFee);
    });

    it("adds up several deferred payments to the same payee", async () => {
      const m = await loadFixture(deployMosaicWithAdversaries);
      const token = await m.blocklist.getAddress();
      const { jobId } = await blocklistJob(m);
      await m.blocklist.setBlocked(m.vendor.address, true);
      await m.escrow.connect(m.client).approve(jobId, 0);
      await m.escrow.connect(m.client).approve(jobId, 1);
      expect(await m.escrow.owed(token, m.vendor.address)).to.equal(2n * (AMOUNT - feeOn(AMOUNT)));
      expect(await m.escrow.owed(ETH, m.vendor.address)).to.equal(0n);
    });
  });

  describe("withdraw", () => {
    it("sends a blocklisted vendor's deferred payment to another address", async () => {
      const m = await loadFixture(deployMosaicWithAdversaries);
      const token = await m.blocklist.getAddress();
      const { jobId } = await blocklistJob(m);
      await m.blocklist.setBlocked(m.vendor.address, true);
      await m.escrow.connect(m.client).approve(jobId, 0);
      const owed = AMOUNT - feeOn(AMOUNT);
      const withdraw = m.escrow.connect(m.vendor).withdraw(token, m.vendor2.address);
      await expect(withdraw).to.emit(m.escrow, "Withdrawn").withArgs(token, m.vendor.address, m.vendor2.address, owed);
      await expect(withdraw).to.changeTokenBalances(ethers, m.blocklist, [m.vendor2, m.escrow], [owed, -owed]);
      expect(await m.escrow.owed(token, m.vendor.address)).to.equal(0n);
    });

    it("keeps the debt when the transfer to a blocklisted address reverts", async () => {
      const m = await loadFixture(deployMosaicWithAdversaries);
      const token = await m.blocklist.getAddress();
      const { jobId } = await blocklistJob(m);
      await m.blocklist.setBlocked(m.vendor.address, true);
      await m.escrow.connect(m.client).approve(jobId, 0);
      await expect(m.escrow.connect(m.vendor).withdraw(token, m.vendor.address))
        .to.be.revertedWithCustomError(m.blocklist, "Blocked")
        .withArgs(m.vendor.address);
      expect(await m.escrow.owed(token, m.vendor.address)).to.equal(AMOUNT - feeOn(AMOUNT));
    });

    it("pays an ETH-rejecting contract once it accepts ETH", async () => {
      const m = await loadFixture(deployMosaicWithAdversaries);
      await rejectingClientOwed(m, ONE_ETH);
      const receiver = await m.rejecting.getAddress();
      await m.rejecting.setAccepting(true);
      const withdraw = m.rejecting.execute(
        await m.escrow.getAddress(),
        m.escrow.interface.encodeFunctionData("withdraw", [ETH, receiver]),
      );
      await expect(withdraw).to.emit(m.escrow, "Withdrawn").withArgs(ETH, receiver, receiver, ONE_ETH);
      await expect(withdraw).to.changeEtherBalances(ethers, [m.rejecting, m.escrow], [ONE_ETH, -ONE_ETH]);
      expect(await m.escrow.owed(ETH, receiver)).to.equal(0n);
    });

    it("reverts with the receiver's error, keeping the debt, while the contract still rejects ETH", async () => {
      const m = await loadFixture(deployMosaicWithAdversaries);
      await rejectingClientOwed(m, ONE_ETH);
      const receiver = await m.rejecting.getAddress();
      await expect(
        m.rejecting.execute(
          await m.escrow.getAddress(),
          m.escrow.interface.encodeFunctionData("withdraw", [ETH, receiver]),
        ),
      ).to.be.revertedWithCustomError(m.rejecting, "NotAccepting");
      expect(await m.escrow.owed(ETH, receiver)).to.equal(ONE_ETH);
    });

    it("reverts with FailedCall when the destination cannot take ETH and says nothing", async () => {
      const m = await loadFixture(deployMosaicWithAdversaries);
      await rejectingClientOwed(m, ONE_ETH);
      // The registry has no receive function, so the transfer fails without return data.
      const registry = await m.registry.getAddress();
      await expect(
        m.rejecting.execute(
          await m.escrow.getAddress(),
          m.escrow.interface.encodeFunctionData("withdraw", [ETH, registry]),
        ),
      ).to.be.revertedWithCustomError(m.escrow, "FailedCall");
      expect(await m.escrow.owed(ETH, await m.rejecting.getAddress())).to.equal(ONE_ETH);
    });

    it("reverts when nothing is owed to the caller in that token", async () => {
      const m = await loadFixture(deployMosaicWithAdversaries);
      const token = await m.blocklist.getAddress();
      await expect(m.escrow.connect(m.stranger).withdraw(ETH, m.stranger.address))
        .to.be.revertedWithCustomError(m.escrow, "EscrowNothingOwed")
        .withArgs(ETH, m.stranger.address);
      const { jobId } = await blocklistJob(m);
      await m.blocklist.setBlocked(m.vendor.address, true);
      await m.escrow.connect(m.client).approve(jobId, 0);
      await expect(m.escrow.connect(m.vendor).withdraw(ETH, m.vendor2.address))
        .to.be.revertedWithCustomError(m.escrow, "EscrowNothingOwed")
        .withArgs(ETH, m.vendor.address);
      await m.escrow.connect(m.vendor).withdraw(token, m.vendor2.address);
      await expect(m.escrow.connect(m.vendor).withdraw(token, m.vendor2.address))
        .to.be.revertedWithCustomError(m.escrow, "EscrowNothingOwed")
        .withArgs(token, m.vendor.address);
    });

    it("reverts when sending to the zero address", async () => {
      const m = await loadFixture(deployMosaicWithAdversaries);
      const token = await m.blocklist.getAddress();
      const { jobId } = await blocklistJob(m);
      await m.blocklist.setBlocked(m.vendor.address, true);
      await m.escrow.connect(m.client).approve(jobId, 0);
      await expect(m.escrow.connect(m.vendor).withdraw(token, ethers.ZeroAddress)).to.be.revertedWithCustomError(
        m.escrow,
        "EscrowZeroAddress",
      );
    });

    it("keeps working while the escrow is paused", async () => {
      const m = await loadFixture(deployMosaicWithAdversaries);
      const token = await m.blocklist.getAddress();
      const { jobId } = await blocklistJob(m);
      await m.blocklist.setBlocked(m.vendor.address, true);
      await m.escrow.connect(m.client).approve(jobId, 0);
      await m.escrow.pause();
      await expect(m.escrow.connect(m.vendor).withdraw(token, m.vendor2.address)).to.emit(m.escrow, "Withdrawn");
    });
  });

  describe("fee accrual", () => {
    // feesAccrued is a 96-bit counter; a fee that would overflow it goes to the treasury at once.
    const HUGE = 2n ** 127n;
    const HUGE_FEE = feeOn(HUGE);

    it("sends the fees to the treasury at once when the accrual counter would overflow", async () => {
      const m = await loadFixture(deployMosaic);
      const token = await m.usd.getAddress();
      await m.usd.mint(m.client.address, HUGE);
      const { jobId } = await hiredJob(m, {
        job: { token },
        milestones: [{ amount: HUGE, deadline: (await now()) + DAY }],
      });
      expect(HUGE_FEE).to.be.greaterThan(2n ** 96n - 1n);
      const approve = m.escrow.connect(m.client).approve(jobId, 0);
      await expect(approve).to.emit(m.escrow, "FeesCollected").withArgs(token, m.treasury.address, HUGE_FEE);
      await expect(approve)
        .to.emit(m.escrow, "MilestoneReleased")
        .withArgs(jobId, 0, m.vendor.address, HUGE - HUGE_FEE, HUGE_FEE, false);
      await expect(approve).to.changeTokenBalances(ethers, m.usd, [m.treasury, m.vendor], [HUGE_FEE, HUGE - HUGE_FEE]);
      expect(await m.escrow.feesAccrued(token)).to.equal(0n);
    });

    it("defers the overflowing fees when the treasury cannot receive them", async () => {
      const m = await loadFixture(deployMosaicWithAdversaries);
      const token = await m.blocklist.getAddress();
      await m.blocklist.mint(m.client.address, HUGE);
      const { jobId } = await hiredJob(m, {
        job: { token },
        milestones: [{ amount: HUGE, deadline: (await now()) + DAY }],
      });
      await m.blocklist.setBlocked(m.treasury.address, true);
      const approve = m.escrow.connect(m.client).approve(jobId, 0);
      await expect(approve).to.emit(m.escrow, "PaymentDeferred").withArgs(token, m.treasury.address, HUGE_FEE);
      // Deferred, not collected: FeesCollected is for fees that reached the treasury.
      await expect(approve).not.to.emit(m.escrow, "FeesCollected");
      await expect(approve).to.changeTokenBalance(ethers, m.blocklist, m.vendor, HUGE - HUGE_FEE);
      expect(await m.escrow.owed(token, m.treasury.address)).to.equal(HUGE_FEE);
      expect(await m.escrow.feesAccrued(token)).to.equal(0n);
    });
  });

  describe("collectFees", () => {
    it("sends accrued ETH fees to the treasury, whoever calls", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await m.escrow.connect(m.client).approve(jobId, 0);
      await m.escrow.connect(m.client).approve(jobId, 1);
      const fees = 2n * feeOn(ONE_ETH);
      const collect = m.escrow.connect(m.stranger).collectFees(ETH);
      await expect(collect).to.emit(m.escrow, "FeesCollected").withArgs(ETH, m.treasury.address, fees);
      await expect(collect).to.changeEtherBalances(ethers, [m.treasury, m.escrow], [fees, -fees]);
      expect(await m.escrow.feesAccrued(ETH)).to.equal(0n);
    });

    it("collects each token's fees on their own", async () => {
      const m = await loadFixture(deployMosaic);
      const token = await m.usd.getAddress();
      const amount = 10_000n * USD_UNIT;
      const { jobId } = await hiredJob(m, { job: { token }, milestones: [{ amount, deadline: (await now()) + DAY }] });
      await m.escrow.connect(m.client).approve(jobId, 0);
      const eth = await hiredJob(m);
      await m.escrow.connect(m.client).approve(eth.jobId, 0);
      const collect = m.escrow.collectFees(token);
      await expect(collect).to.emit(m.escrow, "FeesCollected").withArgs(token, m.treasury.address, feeOn(amount));
      await expect(collect).to.changeTokenBalances(
        ethers,
        m.usd,
        [m.treasury, m.escrow],
        [feeOn(amount), -feeOn(amount)],
      );
      expect(await m.escrow.feesAccrued(token)).to.equal(0n);
      expect(await m.escrow.feesAccrued(ETH)).to.equal(feeOn(ONE_ETH));
    });

    it("sends fees to the treasury in force when collected", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await m.escrow.connect(m.client).approve(jobId, 0);
      await m.escrow.setTreasury(m.stranger.address);
      await expect(m.escrow.collectFees(ETH)).to.changeEtherBalances(
        ethers,
        [m.stranger, m.treasury],
        [feeOn(ONE_ETH), 0n],
      );
    });

    it("keeps working while the escrow is paused", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await m.escrow.connect(m.client).approve(jobId, 0);
      await m.escrow.pause();
      await expect(m.escrow.collectFees(ETH))
        .to.emit(m.escrow, "FeesCollected")
        .withArgs(ETH, m.treasury.address, feeOn(ONE_ETH));
    });

    it("reverts, keeping the fees, when the treasury rejects ETH", async () => {
      const m = await loadFixture(deployMosaicWithAdversaries);
      const { jobId } = await hiredJob(m);
      await m.escrow.connect(m.client).approve(jobId, 0);
      await m.escrow.setTreasury(await m.rejecting.getAddress());
      await expect(m.escrow.collectFees(ETH)).to.be.revertedWithCustomError(m.rejecting, "NotAccepting");
      expect(await m.escrow.feesAccrued(ETH)).to.equal(feeOn(ONE_ETH));
    });

    it("reverts when no fees have accrued", async () => {
      const m = await loadFixture(deployMosaic);
      await expect(m.escrow.collectFees(ETH))
        .to.be.revertedWithCustomError(m.escrow, "EscrowNothingOwed")
        .withArgs(ETH, m.treasury.address);
      const token = await m.usd.getAddress();
      await expect(m.escrow.collectFees(token))
        .to.be.revertedWithCustomError(m.escrow, "EscrowNothingOwed")
        .withArgs(token, m.treasury.address);
      // A token the operator never listed.
      await expect(m.escrow.collectFees(m.stranger.address))
        .to.be.revertedWithCustomError(m.escrow, "EscrowNothingOwed")
        .withArgs(m.stranger.address, m.treasury.address);
    });

    it("reverts when the fees were already collected", async () => {
      const m = await loadFixture(deployMosaic);
      const { jobId } = await hiredJob(m);
      await m.escrow.connect(m.client).approve(jobId, 0);
      await m.escrow.collectFees(ETH);
      await expect(m.escrow.collectFees(ETH))
        .to.be.revertedWithCustomError(m.escrow, "EscrowNothingOwed")
        .withArgs(ETH, m.treasury.address);
    });
  });
});

describe("sweepSurplus", () => {
  it("sends tokens sent to the escrow outside its books to the treasury, never held, owed or fee money", async () => {
    const m = await loadFixture(deployMosaicWithAdversaries);
    const token = await m.usd.getAddress();
    const { jobId } = await hiredJob(m, {
      job: { token },
      milestones: [{ amount: AMOUNT, deadline: (await now()) + DAY }],
    });
    await m.escrow.connect(m.client).approve(jobId, 0);
    const fee = feeOn(AMOUNT);
    expect(await m.escrow.liabilitiesOf(token)).to.equal(fee);
    expect(await m.escrow.surplusOf(token)).to.equal(0n);

    await m.usd.connect(m.stranger).transfer(await m.escrow.getAddress(), 123n);
    expect(await m.escrow.surplusOf(token)).to.equal(123n);
    const sweep = m.escrow.connect(m.stranger).sweepSurplus(token);
    await expect(sweep).to.emit(m.escrow, "SurplusSwept").withArgs(token, m.treasury.address, 123n);
    await expect(sweep).to.changeTokenBalances(ethers, m.usd, [m.treasury, m.escrow], [123n, -123n]);
    expect(await m.escrow.feesAccrued(token)).to.equal(fee);
    await expect(m.escrow.collectFees(token))
      .to.emit(m.escrow, "FeesCollected")
      .withArgs(token, m.treasury.address, fee);
    expect(await m.escrow.liabilitiesOf(token)).to.equal(0n);
  });

  it("keeps deferred payments on the books until withdrawn", async () => {
    const m = await loadFixture(deployMosaicWithAdversaries);
    const token = await m.blocklist.getAddress();
    const { jobId } = await hiredJob(m, {
      job: { token },
      milestones: [{ amount: AMOUNT, deadline: (await now()) + DAY }],
    });
    await m.blocklist.setBlocked(m.vendor.address, true);
    await m.escrow.connect(m.client).approve(jobId, 0);
    expect(await m.escrow.liabilitiesOf(token)).to.equal(AMOUNT);
    await expect(m.escrow.sweepSurplus(token))
      .to.be.revertedWithCustomError(m.escrow, "EscrowNoSurplus")
      .withArgs(token);
    await m.escrow.connect(m.vendor).withdraw(token, m.stranger.address);
    expect(await m.escrow.liabilitiesOf(token)).to.equal(feeOn(AMOUNT));
  });

  it("sweeps ETH that reached the escrow without a call, and a token allowed once, even disallowed", async () => {
    const m = await loadFixture(deployMosaic);
    const { jobId } = await hiredJob(m);
    const escrowAddress = await m.escrow.getAddress();
    await networkHelpers.setBalance(escrowAddress, 2n * ONE_ETH + 7n);
    expect(await m.escrow.surplusOf(ETH)).to.equal(7n);
    await expect(m.escrow.sweepSurplus(ETH)).to.changeEtherBalances(ethers, [m.treasury, m.escrow], [7n, -7n]);
    expect((await m.escrow.milestoneOf(jobId, 0)).amount).to.equal(ONE_ETH);

    const token = await m.usd.getAddress();
    await m.escrow.configureToken(token, false, USD_UNIT, 100n * USD_UNIT);
    await m.usd.mint(escrowAddress, 5n);
    await expect(m.escrow.sweepSurplus(token))
      .to.emit(m.escrow, "SurplusSwept")
      .withArgs(token, m.treasury.address, 5n);
  });

  it("refuses to sweep a token the books do not know", async () => {
    const m = await loadFixture(deployMosaic);
    const stray = await ethers.deployContract("MockERC20", ["Stray", "STR", 18]);
    await stray.mint(await m.escrow.getAddress(), 5n);
    await expect(m.escrow.sweepSurplus(await stray.getAddress()))
      .to.be.revertedWithCustomError(m.escrow, "EscrowTokenNotAllowed")
      .withArgs(await stray.getAddress());
  });

  it("never sweeps held funds through a token's second address", async () => {
    const m = await loadFixture(deployMosaic);
    const token = await ethers.deployContract("DoubleEntryToken");
    const main = await token.getAddress();
    const facade = await token.facade();
    await m.escrow.configureToken(main, true, USD_UNIT, 100n * USD_UNIT);
    await token.mint(m.client.address, 1_000n);
    await token.connect(m.client).approve(await m.escrow.getAddress(), 1_000n);
    await hiredJob(m, { job: { token: main }, milestones: [{ amount: 1_000n, deadline: (await now()) + DAY }] });
    // The second address reads the whole balance as surplus: refused, as the books do not know it.
    expect(await m.escrow.surplusOf(facade)).to.equal(1_000n);
    await expect(m.escrow.sweepSurplus(facade))
      .to.be.revertedWithCustomError(m.escrow, "EscrowTokenNotAllowed")
      .withArgs(facade);
    // Even once (wrongly) listed, a sweep that leaves the first address's books uncovered reverts.
    await m.escrow.configureToken(facade, false, USD_UNIT, 100n * USD_UNIT);
    await expect(m.escrow.sweepSurplus(facade))
      .to.be.revertedWithCustomError(m.escrow, "EscrowBooksUncovered")
      .withArgs(main, 0n, 1_000n);
    expect(await token.balanceOf(await m.escrow.getAddress())).to.equal(1_000n);
  });

  it("reverts when there is nothing beyond the books", async () => {
    const m = await loadFixture(deployMosaic);
    await hiredJob(m);
    await expect(m.escrow.sweepSurplus(ETH)).to.be.revertedWithCustomError(m.escrow, "EscrowNoSurplus").withArgs(ETH);
  });

  it("refuses funding that would overflow a token's 128-bit books", async () => {
    const m = await loadFixture(deployMosaic);
    const token = await m.usd.getAddress();
    const big = 2n ** 127n;
    await m.usd.mint(m.client.address, 2n * big);
    const deadline = (await now()) + DAY;
    const jobId = await postJob(m, { token }, [
      { amount: big, deadline },
      { amount: big, deadline },
    ]);
    await m.escrow.connect(m.client).fund(jobId, 0, 1);
    await expect(m.escrow.connect(m.client).fund(jobId, 1, 1))
      .to.be.revertedWithCustomError(m.escrow, "EscrowBooksFull")
      .withArgs(token);
  });
});
