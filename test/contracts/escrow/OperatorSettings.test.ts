import { expect } from "chai";
import { EVIDENCE_CID } from "../helpers/part2.ts";
import {
  ARBITER_FEE_BPS,
  DAY,
  ETH,
  ETH_UNIT,
  ETH_THRESHOLD,
  PRIOR_WEIGHT,
  USD_UNIT,
  deployMosaic,
  ethers,
  jobTerms,
  milestoneTerms,
  networkHelpers,
  now,
  postJob,
  signQuote,
  skill,
} from "../helpers/fixtures.ts";
import {
  deployMosaicWithAdversarialTokens,
  hireByQuote,
  inDays,
  minedAt,
  postUsdJob,
  signPermit,
} from "../helpers/part1.ts";

const FEE_DELAY = 48n * 60n * 60n;
const ONE_ETH = ethers.parseEther("1");

describe("OperatorSettings", () => {
  describe("constructor", () => {
    it("starts with a 0.5% fee, no pending fee, ETH allowed and nothing paused", async () => {
      const { operator, treasury, registry } = await networkHelpers.loadFixture(deployMosaic);
      const escrow = await ethers.deployContract("MosaicEscrow", [
        operator.address,
        treasury.address,
        await registry.getAddress(),
        ETH_UNIT,
        ETH_THRESHOLD,
        PRIOR_WEIGHT,
      ]);

      expect(await escrow.feeBps()).to.equal(50n);
      expect([...(await escrow.pendingFee())]).to.deep.equal([0n, 0n]);
      expect([...(await escrow.tokenConfig(ETH))]).to.deep.equal([true, ETH_UNIT, ETH_THRESHOLD]);
      expect([...(await escrow.defaultArbiter())]).to.deep.equal([ethers.ZeroAddress, 0n]);
      expect(await escrow.treasury()).to.equal(treasury.address);
      expect(await escrow.owner()).to.equal(operator.address);
      expect(await escrow.registry()).to.equal(await registry.getAddress());
      expect(await escrow.paused()).to.equal(false);
      expect(await escrow.feesAccrued(ETH)).to.equal(0n);
    });

    it("emits TreasurySet and TokenConfigured for ETH on deployment", async () => {
      const { operator, treasury, registry } = await networkHelpers.loadFixture(deployMosaic);
      const escrow = await ethers.deployContract("MosaicEscrow", [
        operator.address,
        treasury.address,
        await registry.getAddress(),
        ETH_UNIT,
        ETH_THRESHOLD,
        PRIOR_WEIGHT,
      ]);
      const deployment = escrow.deploymentTransaction()!;

      await expect(deployment).to.emit(escrow, "TreasurySet").withArgs(treasury.address);
      await expect(deployment).to.emit(escrow, "TokenConfigured").withArgs(ETH, true, ETH_UNIT, ETH_THRESHOLD);
    });

    it("hard-codes the fee caps and the fee delay", async () => {
      const { escrow } = await networkHelpers.loadFixture(deployMosaic);
      expect(await escrow.MAX_FEE_BPS()).to.equal(200n);
      expect(await escrow.INITIAL_FEE_BPS()).to.equal(50n);
      expect(await escrow.FEE_DELAY()).to.equal(FEE_DELAY);
      expect(await escrow.MAX_ARBITER_FEE_BPS()).to.equal(500n);
    });

    it("rejects a zero treasury", async () => {
      const { escrow, operator, registry } = await networkHelpers.loadFixture(deployMosaic);
      await expect(
        ethers.deployContract("MosaicEscrow", [
          operator.address,
          ETH,
          await registry.getAddress(),
          ETH_UNIT,
          ETH_THRESHOLD,
          PRIOR_WEIGHT,
        ]),
      ).to.be.revertedWithCustomError(escrow, "EscrowZeroAddress");
    });

    it("rejects a zero registry", async () => {
      const { escrow, operator, treasury } = await networkHelpers.loadFixture(deployMosaic);
      await expect(
        ethers.deployContract("MosaicEscrow", [
          operator.address,
          treasury.address,
          ETH,
          ETH_UNIT,
          ETH_THRESHOLD,
          PRIOR_WEIGHT,
        ]),
      ).to.be.revertedWithCustomError(escrow, "EscrowZeroAddress");
    });

    it("rejects a zero operator", async () => {
      const { escrow, treasury, registry } = await networkHelpers.loadFixture(deployMosaic);
      await expect(
        ethers.deployContract("MosaicEscrow", [
          ETH,
          treasury.address,
          await registry.getAddress(),
          ETH_UNIT,
          ETH_THRESHOLD,
          PRIOR_WEIGHT,
        ]),
      )
        .to.be.revertedWithCustomError(escrow, "OwnableInvalidOwner")
        .withArgs(ETH);
    });

    it("rejects a zero ETH weight unit", async () => {
      const { escrow, operator, treasury, registry } = await networkHelpers.loadFixture(deployMosaic);
      await expect(
        ethers.deployContract("MosaicEscrow", [
          operator.address,
          treasury.address,
          await registry.getAddress(),
          0,
          ETH_THRESHOLD,
          PRIOR_WEIGHT,
        ]),
      )
        .to.be.revertedWithCustomError(escrow, "EscrowInvalidWeightUnit")
        .withArgs(ETH);
    });
  });

  describe("announceFee", () => {
    it("announces a fee that applies only once 48 hours have passed", async () => {
      const { escrow } = await networkHelpers.loadFixture(deployMosaic);
      const at = await inDays(1n);
      await networkHelpers.time.setNextBlockTimestamp(at);

      await expect(escrow.announceFee(100))
        .to.emit(escrow, "FeeChangeAnnounced")
        .withArgs(100, at + FEE_DELAY);

      expect([...(await escrow.pendingFee())]).to.deep.equal([100n, at + FEE_DELAY]);
      expect(await escrow.feeBps()).to.equal(50n);
      await networkHelpers.time.increaseTo(at + FEE_DELAY - 1n);
      expect(await escrow.feeBps()).to.equal(50n);
      await networkHelpers.time.increaseTo(at + FEE_DELAY);
      expect(await escrow.feeBps()).to.equal(100n);
    });

    it("accepts the 2% cap and a zero fee", async () => {
      const { escrow } = await networkHelpers.loadFixture(deployMosaic);
      await escrow.announceFee(200);
      expect((await escrow.pendingFee())[0]).to.equal(200n);
      await escrow.announceFee(0);
      await networkHelpers.time.increase(FEE_DELAY);
      expect(await escrow.feeBps()).to.equal(0n);
    });

    it("rejects a fee above the 2% cap", async () => {
      const { escrow } = await networkHelpers.loadFixture(deployMosaic);
      await expect(escrow.announceFee(201))
        .to.be.revertedWithCustomError(escrow, "EscrowFeeTooHigh")
        .withArgs(201, 200);
    });

    it("leaves jobs posted before the change with the fee they were posted with", async () => {
      const m = await networkHelpers.loadFixture(deployMosaic);
      const milestones = [{ amount: ONE_ETH, deadline: await inDays(30n) }];
      const before = await postJob(m, {}, milestones);
      await m.escrow.announceFee(150);
      const duringDelay = await postJob(m, {}, milestones);

      await networkHelpers.time.increase(FEE_DELAY);
      const after = await postJob(m, {}, milestones);

      expect((await m.escrow.jobOf(before)).feeBps).to.equal(50n);
      expect((await m.escrow.jobOf(duringDelay)).feeBps).to.equal(50n);
      expect((await m.escrow.jobOf(after)).feeBps).to.equal(150n);
    });

    it("folds an already-effective pending fee into the current one when announcing again", async () => {
      const { escrow } = await networkHelpers.loadFixture(deployMosaic);
      await escrow.announceFee(100);
      await networkHelpers.time.increase(FEE_DELAY);

      const announcedAt = await minedAt(await escrow.announceFee(150));

      expect(await escrow.feeBps()).to.equal(100n);
      expect([...(await escrow.pendingFee())]).to.deep.equal([150n, announcedAt + FEE_DELAY]);
      await networkHelpers.time.increaseTo(announcedAt + FEE_DELAY);
      expect(await escrow.feeBps()).to.equal(150n);
    });

    it("replaces a pending fee that has not taken effect, restarting the delay", async () => {
      const { escrow } = await networkHelpers.loadFixture(deployMosaic);
      const first = await minedAt(await escrow.announceFee(100));
      await networkHelpers.time.increaseTo(first + DAY);
      const second = await minedAt(await escrow.announceFee(20));

      await networkHelpers.time.increaseTo(first + FEE_DELAY);
      expect(await escrow.feeBps()).to.equal(50n);
      await networkHelpers.time.increaseTo(second + FEE_DELAY);
      expect(await escrow.feeBps()).to.equal(20n);
    });

    it("can only be called by the owner", async () => {
      const { escrow, stranger } = await networkHelpers.loadFixture(deployMosaic);
      await expect(escrow.connect(stranger).announceFee(10))
        .to.be.revertedWithCustomError(escrow, "OwnableUnauthorizedAccount")
        .withArgs(stranger.address);
    });
  });

  describe("configureToken", () => {
    it("allows a token with its weight unit and emits TokenConfigured", async () => {
      const { escrow } = await networkHelpers.loadFixture(deployMosaic);
      const token = await ethers.deployContract("MockERC20", ["Euro", "EUR", 6]);
      const address = await token.getAddress();
      expect([...(await escrow.tokenConfig(address))]).to.deep.equal([false, 0n, 0n]);

      await expect(escrow.configureToken(address, true, 2n * USD_UNIT, 2n * USD_UNIT))
        .to.emit(escrow, "TokenConfigured")
        .withArgs(address, true, 2n * USD_UNIT, 2n * USD_UNIT);

      expect([...(await escrow.tokenConfig(address))]).to.deep.equal([true, 2n * USD_UNIT, 2n * USD_UNIT]);
    });

    it("re-weights an allowed token", async () => {
      const { escrow, usd } = await networkHelpers.loadFixture(deployMosaic);
      const address = await usd.getAddress();
      await escrow.configureToken(address, true, 3n * USD_UNIT, 3n * USD_UNIT);
      expect([...(await escrow.tokenConfig(address))]).to.deep.equal([true, 3n * USD_UNIT, 3n * USD_UNIT]);
    });

    it("disallows a token for new jobs and for funding jobs already posted in it", async () => {
      const m = await networkHelpers.loadFixture(deployMosaic);
      const address = await m.usd.getAddress();
      const jobId = await postUsdJob(m, {}, [{ amount: 10n * USD_UNIT, deadline: await inDays(5n) }]);

      await expect(m.escrow.configureToken(address, false, USD_UNIT, 100n * USD_UNIT))
        .to.emit(m.escrow, "TokenConfigured")
        .withArgs(address, false, USD_UNIT, 100n * USD_UNIT);

      await expect(
        m.escrow
          .connect(m.client)
          .postJob(jobTerms({ token: address }), [milestoneTerms({ amount: 1n, deadline: await inDays(5n) })]),
      )
        .to.be.revertedWithCustomError(m.escrow, "EscrowTokenNotAllowed")
        .withArgs(address);
      await expect(m.escrow.connect(m.client).fund(jobId, 0, 1))
        .to.be.revertedWithCustomError(m.escrow, "EscrowTokenNotAllowed")
        .withArgs(address);
      const deadline = await inDays(1n);
      const { v, r, s } = await signPermit(m.usd, m.client, await m.escrow.getAddress(), 10n * USD_UNIT, deadline);
      await expect(m.escrow.connect(m.client).fundWithPermit(jobId, 0, 1, deadline, v, r, s))
        .to.be.revertedWithCustomError(m.escrow, "EscrowTokenNotAllowed")
        .withArgs(address);

      // Allowed again, the job funds normally.
      await m.escrow.configureToken(address, true, USD_UNIT, 100n * USD_UNIT);
      await expect(m.escrow.connect(m.client).fund(jobId, 0, 1)).to.emit(m.escrow, "MilestonesFunded");
    });

    it("snapshots the weight unit and threshold per job: a re-weighting applies to new jobs only", async () => {
      const m = await networkHelpers.loadFixture(deployMosaic);
      const address = await m.usd.getAddress();
      const before = await postUsdJob(m, {}, [{ amount: 10n * USD_UNIT, deadline: await inDays(5n) }]);
      await m.escrow.configureToken(address, true, 7n * USD_UNIT, 70n * USD_UNIT);
      const after = await postUsdJob(m, {}, [{ amount: 10n * USD_UNIT, deadline: await inDays(5n) }]);
      const [oldJob, newJob] = [await m.escrow.jobOf(before), await m.escrow.jobOf(after)];
      expect([oldJob.weightUnit, oldJob.paidJobThreshold]).to.deep.equal([USD_UNIT, 100n * USD_UNIT]);
      expect([newJob.weightUnit, newJob.paidJobThreshold]).to.deep.equal([7n * USD_UNIT, 70n * USD_UNIT]);
      // Allowing or disallowing alone keeps the current weight version.
      await m.escrow.configureToken(address, false, 7n * USD_UNIT, 70n * USD_UNIT);
      await m.escrow.configureToken(address, true, 7n * USD_UNIT, 70n * USD_UNIT);
      const third = await postUsdJob(m, {}, [{ amount: 10n * USD_UNIT, deadline: await inDays(5n) }]);
      expect((await m.escrow.jobOf(third)).weightUnit).to.equal(7n * USD_UNIT);
    });

    it("rejects a paid-job threshold below the weight unit", async () => {
      const { escrow, usd } = await networkHelpers.loadFixture(deployMosaic);
      const address = await usd.getAddress();
      await expect(escrow.configureToken(address, true, USD_UNIT, USD_UNIT - 1n))
        .to.be.revertedWithCustomError(escrow, "EscrowInvalidPaidJobThreshold")
        .withArgs(address, USD_UNIT - 1n, USD_UNIT);
    });

    it("changes a token's weight settings at most 255 times", async () => {
      const { escrow, usd } = await networkHelpers.loadFixture(deployMosaic);
      const address = await usd.getAddress();
      for (let i = 2n; i <= 256n; i++) await escrow.configureToken(address, true, i, i);
      await expect(escrow.configureToken(address, true, 1n, 1n))
        .to.be.revertedWithCustomError(escrow, "EscrowTooManyWeightChanges")
        .withArgs(255);
    });

    it("can disallow ETH", async () => {
      const m = await networkHelpers.loadFixture(deployMosaic);
      await m.escrow.configureToken(ETH, false, ETH_UNIT, ETH_UNIT);
      await expect(
        m.escrow.connect(m.client).postJob(jobTerms(), [milestoneTerms({ amount: 1n, deadline: await inDays(5n) })]),
      )
        .to.be.revertedWithCustomError(m.escrow, "EscrowTokenNotAllowed")
        .withArgs(ETH);
    });

    it("lists at most 256 tokens, and re-configuring a listed token takes no new slot", async () => {
      const { escrow, usd } = await networkHelpers.loadFixture(deployMosaic);
      // ETH and the fixture's token hold two of the 256 one-byte ids.
      for (let i = 1; i <= 254; i++) await escrow.configureToken(ethers.toBeHex(i, 20), true, 1, 1);
      const oneTooMany = ethers.toBeHex(255, 20);

      await expect(escrow.configureToken(oneTooMany, true, 1, 1))
        .to.be.revertedWithCustomError(escrow, "EscrowTooManyTokens")
        .withArgs(256);
      await expect(escrow.configureToken(await usd.getAddress(), false, USD_UNIT, USD_UNIT)).to.emit(
        escrow,
        "TokenConfigured",
      );
      await expect(escrow.configureToken(ethers.toBeHex(254, 20), false, 1, 1)).to.emit(escrow, "TokenConfigured");
    });

    it("rejects a zero weight unit", async () => {
      const { escrow, usd } = await networkHelpers.loadFixture(deployMosaic);
      const address = await usd.getAddress();
      await expect(escrow.configureToken(address, true, 0, 0))
        .to.be.revertedWithCustomError(escrow, "EscrowInvalidWeightUnit")
        .withArgs(address);
    });

    it("can only be called by the owner", async () => {
      const { escrow, usd, stranger } = await networkHelpers.loadFixture(deployMosaic);
      await expect(escrow.connect(stranger).configureToken(await usd.getAddress(), false, 1, 1))
        .to.be.revertedWithCustomError(escrow, "OwnableUnauthorizedAccount")
        .withArgs(stranger.address);
    });
  });

  describe("fee accrual", () => {
    it("rounds the fee up, so a payment too small for a whole unit of fee still pays one", async () => {
      const m = await networkHelpers.loadFixture(deployMosaic);
      // 199 wei at 0.5% is 0.995 wei of fee: rounded up to 1 (it used to round down to 0).
      const jobId = await postJob(m, {}, [{ amount: 199n, deadline: await inDays(5n) }]);
      await m.escrow.connect(m.client).fund(jobId, 0, 1, { value: 199n });
      await hireByQuote(m, jobId, m.vendor, 199n);

      await expect(m.escrow.connect(m.client).approve(jobId, 0))
        .to.emit(m.escrow, "MilestoneReleased")
        .withArgs(jobId, 0, m.vendor.address, 198n, 1n, false);
      expect(await m.escrow.feesAccrued(ETH)).to.equal(1n);
    });

    it("accrues nothing on a job posted while the fee was zero", async () => {
      const m = await networkHelpers.loadFixture(deployMosaic);
      await m.escrow.announceFee(0);
      await networkHelpers.time.increase(FEE_DELAY);
      const jobId = await postJob(m, {}, [{ amount: 199n, deadline: await inDays(5n) }]);
      await m.escrow.connect(m.client).fund(jobId, 0, 1, { value: 199n });
      await hireByQuote(m, jobId, m.vendor, 199n);
      await expect(m.escrow.connect(m.client).approve(jobId, 0))
        .to.emit(m.escrow, "MilestoneReleased")
        .withArgs(jobId, 0, m.vendor.address, 199n, 0n, false);
      expect(await m.escrow.feesAccrued(ETH)).to.equal(0n);
    });

    it("charges 64 milestones of 199 units at least the fee of one 12,736-unit payment", async () => {
      const m = await networkHelpers.loadFixture(deployMosaic);
      const token = await m.usd.getAddress();
      const deadline = await inDays(5n);
      const milestones = Array.from({ length: 64 }, () => ({ amount: 199n, deadline }));
      const jobId = await postUsdJob(m, {}, milestones);
      await m.escrow.connect(m.client).fund(jobId, 0, 64);
      await hireByQuote(m, jobId, m.vendor, 64n * 199n);
      for (let i = 0; i < 64; i++) await m.escrow.connect(m.client).approve(jobId, i);
      // Each pays ceil(199 * 50 / 10,000) = 1: 64 in all, above the 63 a single payment would pay.
      expect(await m.escrow.feesAccrued(token)).to.equal(64n);
      expect(64n).to.be.gte((64n * 199n * 50n) / 10_000n);
    });

    it("sends everything accrued to the treasury at once rather than overflow the 96-bit counter", async () => {
      const m = await networkHelpers.loadFixture(deployMosaic);
      const token = await m.usd.getAddress();
      const small = 1_000n * USD_UNIT;
      const huge = 2n ** 110n;
      await m.usd.mint(m.client.address, huge);
      const deadline = await inDays(5n);
      const jobId = await postUsdJob(m, {}, [
        { amount: small, deadline },
        { amount: huge, deadline },
      ]);
      await m.escrow.connect(m.client).fund(jobId, 0, 2);
      await hireByQuote(m, jobId, m.vendor, small + huge);
      await m.escrow.connect(m.client).approve(jobId, 0);
      expect(await m.escrow.feesAccrued(token)).to.equal(small / 200n);

      // huge = 2^110 is a multiple of 200's factor 8 but not of 25: its fee rounds up.
      const accrued = small / 200n + (huge + 199n) / 200n;
      const approval = m.escrow.connect(m.client).approve(jobId, 1);

      await expect(approval).to.emit(m.escrow, "FeesCollected").withArgs(token, m.treasury.address, accrued);
      await expect(approval).to.changeTokenBalance(ethers, m.usd, m.treasury, accrued);
      expect(await m.escrow.feesAccrued(token)).to.equal(0n);
    });
  });

  describe("setDefaultArbiter", () => {
    it("names the first default arbiter at once, and emits DefaultArbiterSet", async () => {
      const { escrow: fixtureEscrow, operator, treasury, stranger } = await networkHelpers.loadFixture(deployMosaic);
      const escrow = await ethers.deployContract("MosaicEscrow", [
        operator.address,
        treasury.address,
        await fixtureEscrow.registry(),
        1n,
        1n,
        0n,
      ]);
      expect([...(await escrow.defaultArbiter())]).to.deep.equal([ETH, 0n]);
      await expect(escrow.setDefaultArbiter(stranger.address, 500))
        .to.emit(escrow, "DefaultArbiterSet")
        .withArgs(stranger.address, 500);
      expect([...(await escrow.defaultArbiter())]).to.deep.equal([stranger.address, 500n]);
    });

    it("announces a change that applies to jobs posted FEE_DELAY later only", async () => {
      const m = await networkHelpers.loadFixture(deployMosaic);
      const milestones = [{ amount: ONE_ETH, deadline: await inDays(5n) }];
      const before = await postJob(m, {}, milestones);

      const tx = m.escrow.setDefaultArbiter(m.stranger.address, 250);
      const effectiveAt = (await now()) + 1n + 48n * 3600n;
      await expect(tx)
        .to.emit(m.escrow, "DefaultArbiterChangeAnnounced")
        .withArgs(m.stranger.address, 250, effectiveAt);
      await expect(tx).not.to.emit(m.escrow, "DefaultArbiterSet");
      // A job posted with arbiter 0 during the delay still gets the arbiter shown before.
      const during = await postJob(m, {}, milestones);
      expect([...(await m.escrow.defaultArbiter())]).to.deep.equal([m.arbiter.address, BigInt(ARBITER_FEE_BPS)]);
      await networkHelpers.time.increaseTo(effectiveAt);
      expect([...(await m.escrow.defaultArbiter())]).to.deep.equal([m.stranger.address, 250n]);
      const after = await postJob(m, {}, milestones);

      for (const jobId of [before, during]) {
        const job = await m.escrow.jobOf(jobId);
        expect([job.arbiter, job.arbiterFeeBps]).to.deep.equal([m.arbiter.address, BigInt(ARBITER_FEE_BPS)]);
      }
      const fresh = await m.escrow.jobOf(after);
      expect([fresh.arbiter, fresh.arbiterFeeBps]).to.deep.equal([m.stranger.address, 250n]);
    });

    it("replaces a pending change, and folds an effective one in before announcing the next", async () => {
      const m = await networkHelpers.loadFixture(deployMosaic);
      await m.escrow.setDefaultArbiter(m.stranger.address, 250);
      await m.escrow.setDefaultArbiter(m.vendor2.address, 300);
      await networkHelpers.time.increase(48n * 3600n);
      expect([...(await m.escrow.defaultArbiter())]).to.deep.equal([m.vendor2.address, 300n]);
      // The change took effect: announcing again keeps it in force during the new delay.
      await m.escrow.setDefaultArbiter(m.stranger.address, 100);
      expect([...(await m.escrow.defaultArbiter())]).to.deep.equal([m.vendor2.address, 300n]);
    });

    it("binds the arbiter a job names, whatever the default becomes", async () => {
      const m = await networkHelpers.loadFixture(deployMosaic);
      const milestones = [{ amount: ONE_ETH, deadline: await inDays(5n) }];
      await m.escrow.setDefaultArbiter(m.stranger.address, 500);
      const jobId = await postJob(m, { arbiter: m.arbiter.address, arbiterFeeBps: ARBITER_FEE_BPS }, milestones);
      await networkHelpers.time.increase(48n * 3600n);
      const job = await m.escrow.jobOf(jobId);
      expect([job.arbiter, job.arbiterFeeBps]).to.deep.equal([m.arbiter.address, BigInt(ARBITER_FEE_BPS)]);
    });

    it("rejects the zero address", async () => {
      const { escrow } = await networkHelpers.loadFixture(deployMosaic);
      await expect(escrow.setDefaultArbiter(ETH, 100)).to.be.revertedWithCustomError(escrow, "EscrowZeroAddress");
    });

    it("rejects a fee above 5%", async () => {
      const { escrow, stranger } = await networkHelpers.loadFixture(deployMosaic);
      await expect(escrow.setDefaultArbiter(stranger.address, 501))
        .to.be.revertedWithCustomError(escrow, "EscrowArbiterFeeTooHigh")
        .withArgs(501, 500);
    });

    it("can only be called by the owner", async () => {
      const { escrow, stranger } = await networkHelpers.loadFixture(deployMosaic);
      await expect(escrow.connect(stranger).setDefaultArbiter(stranger.address, 0))
        .to.be.revertedWithCustomError(escrow, "OwnableUnauthorizedAccount")
        .withArgs(stranger.address);
    });
  });

  describe("setTreasury", () => {
    it("changes where fees go and emits TreasurySet", async () => {
      const { escrow, stranger } = await networkHelpers.loadFixture(deployMosaic);
      await expect(escrow.setTreasury(stranger.address)).to.emit(escrow, "TreasurySet").withArgs(stranger.address);
      expect(await escrow.treasury()).to.equal(stranger.address);
    });

    it("rejects the zero address", async () => {
      const { escrow } = await networkHelpers.loadFixture(deployMosaic);
      await expect(escrow.setTreasury(ETH)).to.be.revertedWithCustomError(escrow, "EscrowZeroAddress");
    });

    it("can only be called by the owner", async () => {
      const { escrow, stranger } = await networkHelpers.loadFixture(deployMosaic);
      await expect(escrow.connect(stranger).setTreasury(stranger.address))
        .to.be.revertedWithCustomError(escrow, "OwnableUnauthorizedAccount")
        .withArgs(stranger.address);
    });
  });

  describe("pause", () => {
    it("pauses new business and emits Paused", async () => {
      const { escrow, operator } = await networkHelpers.loadFixture(deployMosaic);
      await expect(escrow.pause()).to.emit(escrow, "Paused").withArgs(operator.address);
      expect(await escrow.paused()).to.equal(true);
    });

    it("rejects pausing twice", async () => {
      const { escrow } = await networkHelpers.loadFixture(deployMosaic);
      await escrow.pause();
      await expect(escrow.pause()).to.be.revertedWithCustomError(escrow, "EnforcedPause");
    });

    it("can only be called by the owner", async () => {
      const { escrow, stranger } = await networkHelpers.loadFixture(deployMosaic);
      await expect(escrow.connect(stranger).pause())
        .to.be.revertedWithCustomError(escrow, "OwnableUnauthorizedAccount")
        .withArgs(stranger.address);
    });

    it("blocks postJob", async () => {
      const m = await networkHelpers.loadFixture(deployMosaic);
      await m.escrow.pause();
      await expect(
        m.escrow
          .connect(m.client)
          .postJob(jobTerms(), [milestoneTerms({ amount: ONE_ETH, deadline: await inDays(5n) })]),
      ).to.be.revertedWithCustomError(m.escrow, "EnforcedPause");
    });

    it("blocks fund", async () => {
      const m = await networkHelpers.loadFixture(deployMosaic);
      const jobId = await postJob(m, {}, [{ amount: ONE_ETH, deadline: await inDays(5n) }]);
      await m.escrow.pause();
      await expect(m.escrow.connect(m.client).fund(jobId, 0, 1, { value: ONE_ETH })).to.be.revertedWithCustomError(
        m.escrow,
        "EnforcedPause",
      );
    });

    it("blocks fundWithPermit", async () => {
      const m = await networkHelpers.loadFixture(deployMosaic);
      const amount = 10n * USD_UNIT;
      const jobId = await postUsdJob(m, {}, [{ amount, deadline: await inDays(5n) }]);
      const deadline = await inDays(1n);
      const { v, r, s } = await signPermit(m.usd, m.client, await m.escrow.getAddress(), amount, deadline);
      await m.escrow.pause();
      await expect(
        m.escrow.connect(m.client).fundWithPermit(jobId, 0, 1, deadline, v, r, s),
      ).to.be.revertedWithCustomError(m.escrow, "EnforcedPause");
    });

    it("blocks hire", async () => {
      const m = await networkHelpers.loadFixture(deployMosaic);
      const jobId = await postJob(m, {}, [{ amount: ONE_ETH, deadline: await inDays(5n) }]);
      const { quote, signature } = await signQuote(m.escrow, m.vendor, { jobId, price: ONE_ETH });
      await m.escrow.pause();
      await expect(m.escrow.connect(m.client).hire(quote, signature)).to.be.revertedWithCustomError(
        m.escrow,
        "EnforcedPause",
      );
    });

    it("blocks claim", async () => {
      const m = await networkHelpers.loadFixture(deployMosaic);
      const jobId = await postJob(m, { open: true }, [{ amount: ONE_ETH, deadline: await inDays(5n) }]);
      await m.escrow.pause();
      await expect(m.escrow.connect(m.vendor).claim(jobId, [])).to.be.revertedWithCustomError(
        m.escrow,
        "EnforcedPause",
      );
    });

    it("lets the client approve a milestone", async () => {
      const m = await networkHelpers.loadFixture(deployMosaic);
      const jobId = await postJob(m, {}, [{ amount: ONE_ETH, deadline: await inDays(5n) }]);
      await m.escrow.connect(m.client).fund(jobId, 0, 1, { value: ONE_ETH });
      await hireByQuote(m, jobId, m.vendor, ONE_ETH);
      await m.escrow.pause();

      await expect(m.escrow.connect(m.client).approve(jobId, 0)).to.changeEtherBalance(
        ethers,
        m.vendor,
        ONE_ETH - ONE_ETH / 200n,
      );
    });

    it("lets the client get a refund", async () => {
      const m = await networkHelpers.loadFixture(deployMosaic);
      const jobId = await postJob(m, {}, [{ amount: ONE_ETH, deadline: await inDays(5n) }]);
      await m.escrow.connect(m.client).fund(jobId, 0, 1, { value: ONE_ETH });
      await m.escrow.pause();

      await expect(m.escrow.connect(m.client).refund(jobId, 0)).to.changeEtherBalance(ethers, m.client, ONE_ETH);
    });

    it("lets the vendor submit and anyone release after the review window", async () => {
      const m = await networkHelpers.loadFixture(deployMosaic);
      const jobId = await postJob(m, {}, [{ amount: ONE_ETH, deadline: await inDays(5n) }]);
      await m.escrow.connect(m.client).fund(jobId, 0, 1, { value: ONE_ETH });
      await hireByQuote(m, jobId, m.vendor, ONE_ETH);
      await m.escrow.pause();

      await m.escrow.connect(m.vendor).submit(jobId, 0, "bafydeliverable");
      await networkHelpers.time.increase(3n * DAY);
      await expect(m.escrow.connect(m.stranger).release(jobId, 0)).to.changeEtherBalance(
        ethers,
        m.vendor,
        ONE_ETH - ONE_ETH / 200n,
      );
    });

    it("lets a party raise a dispute", async () => {
      const m = await networkHelpers.loadFixture(deployMosaic);
      const jobId = await postJob(m, {}, [{ amount: ONE_ETH, deadline: await inDays(5n) }]);
      await m.escrow.connect(m.client).fund(jobId, 0, 1, { value: ONE_ETH });
      await hireByQuote(m, jobId, m.vendor, ONE_ETH);
      await m.escrow.connect(m.vendor).submit(jobId, 0, "bafkreideliverable");
      await m.escrow.pause();

      await expect(m.escrow.connect(m.client).dispute(jobId, 0, EVIDENCE_CID))
        .to.emit(m.escrow, "DisputeRaised")
        .withArgs(jobId, 0, (jobId << 8n) | 0n, m.client.address, ONE_ETH);
    });

    it("lets a payee withdraw what failed to reach it", async () => {
      const m = await networkHelpers.loadFixture(deployMosaicWithAdversarialTokens);
      const token = await m.blocklist.getAddress();
      const amount = 100n * USD_UNIT;
      const toVendor = amount - amount / 200n;
      const jobId = await postJob(m, { token }, [{ amount, deadline: await inDays(5n) }]);
      await m.escrow.connect(m.client).fund(jobId, 0, 1);
      await hireByQuote(m, jobId, m.vendor, amount);
      await m.blocklist.setBlocked(m.vendor.address, true);
      await expect(m.escrow.connect(m.client).approve(jobId, 0))
        .to.emit(m.escrow, "PaymentDeferred")
        .withArgs(token, m.vendor.address, toVendor);
      await m.blocklist.setBlocked(m.vendor.address, false);
      await m.escrow.pause();

      await expect(m.escrow.connect(m.vendor).withdraw(token, m.vendor.address))
        .to.emit(m.escrow, "Withdrawn")
        .withArgs(token, m.vendor.address, m.vendor.address, toVendor);
      expect(await m.blocklist.balanceOf(m.vendor.address)).to.equal(toVendor);
    });
  });

  describe("unpause", () => {
    it("lifts the pause and emits Unpaused", async () => {
      const m = await networkHelpers.loadFixture(deployMosaic);
      await m.escrow.pause();
      await expect(m.escrow.unpause()).to.emit(m.escrow, "Unpaused").withArgs(m.operator.address);
      expect(await m.escrow.paused()).to.equal(false);
      await postJob(m, {}, [{ amount: ONE_ETH, deadline: await inDays(5n) }]);
    });

    it("rejects unpausing when not paused", async () => {
      const { escrow } = await networkHelpers.loadFixture(deployMosaic);
      await expect(escrow.unpause()).to.be.revertedWithCustomError(escrow, "ExpectedPause");
    });

    it("can only be called by the owner", async () => {
      const { escrow, stranger } = await networkHelpers.loadFixture(deployMosaic);
      await escrow.pause();
      await expect(escrow.connect(stranger).unpause())
        .to.be.revertedWithCustomError(escrow, "OwnableUnauthorizedAccount")
        .withArgs(stranger.address);
    });
  });

  describe("transferOwnership", () => {
    it("hands the settings over only once the new owner accepts", async () => {
      const { escrow, operator, stranger } = await networkHelpers.loadFixture(deployMosaic);

      await expect(escrow.transferOwnership(stranger.address))
        .to.emit(escrow, "OwnershipTransferStarted")
        .withArgs(operator.address, stranger.address);
      expect(await escrow.owner()).to.equal(operator.address);
      expect(await escrow.pendingOwner()).to.equal(stranger.address);

      await expect(escrow.connect(stranger).acceptOwnership())
        .to.emit(escrow, "OwnershipTransferred")
        .withArgs(operator.address, stranger.address);
      expect(await escrow.owner()).to.equal(stranger.address);
      expect(await escrow.pendingOwner()).to.equal(ETH);
      await expect(escrow.announceFee(10))
        .to.be.revertedWithCustomError(escrow, "OwnableUnauthorizedAccount")
        .withArgs(operator.address);
      await escrow.connect(stranger).announceFee(10);
    });

    it("can only be called by the owner", async () => {
      const { escrow, stranger } = await networkHelpers.loadFixture(deployMosaic);
      await expect(escrow.connect(stranger).transferOwnership(stranger.address))
        .to.be.revertedWithCustomError(escrow, "OwnableUnauthorizedAccount")
        .withArgs(stranger.address);
    });
  });

  describe("acceptOwnership", () => {
    it("can only be called by the pending owner", async () => {
      const { escrow, vendor, stranger } = await networkHelpers.loadFixture(deployMosaic);
      await escrow.transferOwnership(vendor.address);
      await expect(escrow.connect(stranger).acceptOwnership())
        .to.be.revertedWithCustomError(escrow, "OwnableUnauthorizedAccount")
        .withArgs(stranger.address);
    });
  });

  describe("renounceOwnership", () => {
    it("is disabled: renouncing while paused would stop new business forever", async () => {
      const m = await networkHelpers.loadFixture(deployMosaic);
      await m.escrow.pause();
      await expect(m.escrow.renounceOwnership()).to.be.revertedWithCustomError(m.escrow, "EscrowRenounceDisabled");
      expect(await m.escrow.owner()).to.equal(m.operator.address);
      await m.escrow.unpause();
      await postJob(m, {}, [{ amount: ONE_ETH, deadline: await inDays(5n) }]);
    });

    it("is disabled for anyone else too", async () => {
      const { escrow, stranger } = await networkHelpers.loadFixture(deployMosaic);
      await expect(escrow.connect(stranger).renounceOwnership()).to.be.revertedWithCustomError(
        escrow,
        "EscrowRenounceDisabled",
      );
    });
  });

  describe("views", () => {
    it("reads the pending fee, token configs, default arbiter and treasury of the fixture", async () => {
      const { escrow, usd, arbiter, treasury } = await networkHelpers.loadFixture(deployMosaic);
      expect([...(await escrow.pendingFee())]).to.deep.equal([0n, 0n]);
      expect([...(await escrow.tokenConfig(await usd.getAddress()))]).to.deep.equal([true, USD_UNIT, 100n * USD_UNIT]);
      expect([...(await escrow.tokenConfig(ETH))]).to.deep.equal([true, ETH_UNIT, ETH_THRESHOLD]);
      expect([...(await escrow.tokenConfig(arbiter.address))]).to.deep.equal([false, 0n, 0n]);
      expect(await escrow.feesAccrued(arbiter.address)).to.equal(0n);
      expect([...(await escrow.defaultArbiter())]).to.deep.equal([arbiter.address, BigInt(ARBITER_FEE_BPS)]);
      expect(await escrow.treasury()).to.equal(treasury.address);
    });
  });

  describe("settings changes", () => {
    it("leave a posted job's terms as they were snapshotted", async () => {
      const m = await networkHelpers.loadFixture(deployMosaic);
      const jobId = await postJob(m, { open: true, requiredSkills: [skill("solidity")] }, [
        { amount: ONE_ETH, deadline: await inDays(5n) },
      ]);
      const before = await m.escrow.jobOf(jobId);
      await m.escrow.announceFee(200);
      await m.escrow.setDefaultArbiter(m.stranger.address, 500);
      await m.escrow.configureToken(ETH, false, 1, 1);
      await networkHelpers.time.increase(FEE_DELAY);
      expect(await m.escrow.jobOf(jobId)).to.deep.equal(before);
    });
  });
});
