import { expect } from "chai";
import {
  ARBITER_FEE_BPS,
  DAY,
  PRIOR_WEIGHT,
  USD_THRESHOLD,
  USD_UNIT,
  ethers,
  networkHelpers,
  now,
} from "../helpers/fixtures.ts";
import {
  CID,
  HOURLY,
  NOTE,
  LogState,
  MINUTE,
  NOTICE_HOURS,
  TIERS,
  buyBank,
  deployHourBank,
  feeOf,
  logHours,
  order,
  signPermit,
} from "./fixture.ts";

const { loadFixture, time } = networkHelpers;
const LONG_CID = "b".repeat(101);

describe("HourBank", () => {
  describe("vendor terms and quotes", () => {
    it("publishes terms and prices banks with the volume discount of the hours bought", async () => {
      const f = await loadFixture(deployHourBank);
      const terms = await f.bank.termsOf(f.vendor.address, f.usdAddress);
      expect(terms.hourlyRate).to.equal(HOURLY);
      expect(terms.noticeHours).to.equal(NOTICE_HOURS);
      expect(terms.tiers.map((t: { minHours: bigint }) => t.minHours)).to.deep.equal([100n, 500n]);
      const at = (h: number) => f.bank.quote(f.vendor.address, f.usdAddress, h);
      expect([...(await at(10))]).to.deep.equal([HOURLY, MINUTE, 600n * MINUTE]);
      expect([...(await at(100))]).to.deep.equal([54n * USD_UNIT, (54n * USD_UNIT) / 60n, 100n * 54n * USD_UNIT]);
      expect((await at(499))[0]).to.equal(54n * USD_UNIT);
      expect([...(await at(500))]).to.deep.equal([48n * USD_UNIT, (48n * USD_UNIT) / 60n, 500n * 48n * USD_UNIT]);
      await expect(f.bank.connect(f.vendor).setTerms(f.usdAddress, HOURLY, 1, TIERS))
        .to.emit(f.bank, "TermsPublished")
        .withArgs(f.vendor.address, f.usdAddress, HOURLY, 1, [
          [100n, 1_000n],
          [500n, 2_000n],
        ]);
    });

    it("withdraws terms with a zero rate", async () => {
      const f = await loadFixture(deployHourBank);
      await f.bank.connect(f.vendor).setTerms(f.usdAddress, 0, 5, TIERS);
      const terms = await f.bank.termsOf(f.vendor.address, f.usdAddress);
      expect(terms.hourlyRate).to.equal(0n);
      expect(terms.tiers.length).to.equal(0);
      await expect(f.bank.quote(f.vendor.address, f.usdAddress, 10))
        .to.be.revertedWithCustomError(f.bank, "HourBankNoTerms")
        .withArgs(f.vendor.address, f.usdAddress);
    });

    it("refuses unregistered vendors, rates that make a minute free and tiers that do not rise", async () => {
      const f = await loadFixture(deployHourBank);
      await expect(f.bank.connect(f.stranger).setTerms(f.usdAddress, HOURLY, 0, []))
        .to.be.revertedWithCustomError(f.bank, "HourBankVendorUnregistered")
        .withArgs(f.stranger.address);
      const set = (rate: bigint, tiers: { minHours: number; discountBps: number }[]) =>
        f.bank.connect(f.vendor).setTerms(f.usdAddress, rate, 0, tiers);
      await expect(set(59n, [])).to.be.revertedWithCustomError(f.bank, "HourBankRateTooLow").withArgs(59n);
      const nine = Array.from({ length: 9 }, (_, i) => ({ minHours: i + 1, discountBps: i + 1 }));
      await expect(set(HOURLY, nine)).to.be.revertedWithCustomError(f.bank, "HourBankInvalidTiers").withArgs(8n);
      await expect(set(HOURLY, [{ minHours: 0, discountBps: 10 }]))
        .to.be.revertedWithCustomError(f.bank, "HourBankInvalidTiers")
        .withArgs(0n);
      await expect(set(HOURLY, [{ minHours: 10, discountBps: 0 }]))
        .to.be.revertedWithCustomError(f.bank, "HourBankInvalidTiers")
        .withArgs(0n);
      await expect(set(HOURLY, [{ minHours: 1, discountBps: 10_000 }]))
        .to.be.revertedWithCustomError(f.bank, "HourBankInvalidTiers")
        .withArgs(0n);
      await expect(
        set(HOURLY, [
          { minHours: 10, discountBps: 100 },
          { minHours: 10, discountBps: 200 },
        ]),
      )
        .to.be.revertedWithCustomError(f.bank, "HourBankInvalidTiers")
        .withArgs(1n);
      await expect(
        set(HOURLY, [
          { minHours: 10, discountBps: 200 },
          { minHours: 20, discountBps: 200 },
        ]),
      )
        .to.be.revertedWithCustomError(f.bank, "HourBankInvalidTiers")
        .withArgs(1n);
      // 60 an hour less 10% is 54: a minute would cost nothing.
      await set(60n, [{ minHours: 5, discountBps: 1_000 }]);
      await expect(f.bank.quote(f.vendor.address, f.usdAddress, 5))
        .to.be.revertedWithCustomError(f.bank, "HourBankRateTooLow")
        .withArgs(54n);
    });

    it("refuses a zero escrow address", async () => {
      const factory = await ethers.getContractFactory("HourBank");
      const f = await loadFixture(deployHourBank);
      await expect(factory.deploy(ethers.ZeroAddress, PRIOR_WEIGHT)).to.be.revertedWithCustomError(
        f.bank,
        "HourBankZeroAddress",
      );
    });
  });

  describe("buying and topping up", () => {
    it("buys a bank by allowance, snapshotting the escrow's fee, arbiter and weights", async () => {
      const f = await loadFixture(deployHourBank);
      const o = await order(f, { hourCount: 100, maxHourlyRate: 54n * USD_UNIT });
      const total = 100n * 54n * USD_UNIT;
      const tx1 = f.bank.connect(f.client).buy(o);
      await expect(tx1)
        .to.emit(f.bank, "BankOpened")
        .withArgs(
          1n,
          f.client.address,
          f.vendor.address,
          f.usdAddress,
          100n,
          900_000n,
          total,
          o.expiresAt,
          3n * DAY,
          f.arbiter.address,
          ARBITER_FEE_BPS,
          50n,
        );
      await expect(tx1).to.changeTokenBalances(ethers, f.usd, [f.client, f.bankAddress], [-total, total]);
      const b = await f.bank.bankOf(1n);
      expect(b.client).to.equal(f.client.address);
      expect(b.minutesLeft).to.equal(6_000n);
      expect(b.noticeMinutes).to.equal(120n);
      expect(b.weightUnit).to.equal(USD_UNIT);
      expect(b.paidJobThreshold).to.equal(USD_THRESHOLD);
      expect(b.closed).to.equal(false);
      expect(await f.bank.bankCount()).to.equal(1n);
      await expect(f.bank.bankOf(2n)).to.be.revertedWithCustomError(f.bank, "HourBankNotFound").withArgs(2n);
    });

    it("buys with an EIP-2612 permit and with ETH", async () => {
      const f = await loadFixture(deployHourBank);
      await f.usd.connect(f.client).approve(f.bankAddress, 0);
      const permit = await signPermit(f, f.client, 600n * MINUTE);
      await expect(f.bank.connect(f.client).buyWithPermit(await order(f), ...permit)).to.changeTokenBalance(
        ethers,
        f.usd,
        f.client,
        -600n * MINUTE,
      );
      const eth = await order(f, { token: ethers.ZeroAddress, maxHourlyRate: 10n ** 18n });
      const price = 10n * 60n * 10n ** 15n;
      await expect(f.bank.connect(f.client).buy(eth, { value: price })).to.changeEtherBalance(ethers, f.client, -price);
      await expect(f.bank.connect(f.client).buy(eth, { value: price - 1n }))
        .to.be.revertedWithCustomError(f.bank, "HourBankWrongValue")
        .withArgs(price, price - 1n);
      await expect(f.bank.connect(f.client).buyWithPermit(eth, ...permit))
        .to.be.revertedWithCustomError(f.bank, "HourBankWrongValue")
        .withArgs(price, 0n);
      await expect(f.bank.connect(f.client).buy(await order(f), { value: 1n }))
        .to.be.revertedWithCustomError(f.bank, "HourBankWrongValue")
        .withArgs(0n, 1n);
    });

    it("refuses orders the vendor's terms or the escrow's settings do not allow", async () => {
      const f = await loadFixture(deployHourBank);
      const buy = async (input: Record<string, unknown>, by = f.client) =>
        f.bank.connect(by).buy(await order(f, input));
      await expect(buy({ maxHourlyRate: HOURLY - 1n }))
        .to.be.revertedWithCustomError(f.bank, "HourBankRateAboveMax")
        .withArgs(HOURLY, HOURLY - 1n);
      await expect(buy({ hourCount: 0 }))
        .to.be.revertedWithCustomError(f.bank, "HourBankInvalidHours")
        .withArgs(0n);
      await expect(buy({ hourCount: 2n ** 32n - 1n }))
        .to.be.revertedWithCustomError(f.bank, "HourBankInvalidHours")
        .withArgs(2n ** 32n - 1n);
      const expiresAt = await now();
      await expect(buy({ expiresAt })).to.be.revertedWithCustomError(f.bank, "HourBankInvalidExpiry");
      await expect(buy({ reviewWindow: DAY - 1n }))
        .to.be.revertedWithCustomError(f.bank, "HourBankInvalidReviewWindow")
        .withArgs(DAY - 1n, DAY, 30n * DAY);
      await expect(buy({ reviewWindow: 30n * DAY + 1n }))
        .to.be.revertedWithCustomError(f.bank, "HourBankInvalidReviewWindow")
        .withArgs(30n * DAY + 1n, DAY, 30n * DAY);
      await expect(buy({}, f.vendor))
        .to.be.revertedWithCustomError(f.bank, "HourBankConflictOfInterest")
        .withArgs(f.vendor.address);
      await expect(buy({}, f.arbiter))
        .to.be.revertedWithCustomError(f.bank, "HourBankConflictOfInterest")
        .withArgs(f.arbiter.address);
      // A token the vendor prices but the escrow does not allow.
      const other = await ethers.deployContract("MockERC20", ["Other", "OTH", 6]);
      await f.bank.connect(f.vendor).setTerms(await other.getAddress(), HOURLY, 0, []);
      await expect(buy({ token: await other.getAddress() }))
        .to.be.revertedWithCustomError(f.bank, "HourBankTokenNotAllowed")
        .withArgs(await other.getAddress());
      // The arbiter selling hours may not judge its own logs.
      await f.registry
        .connect(f.arbiter)
        .setProfile(
          { hourlyRateCents: 1, timezoneOffsetMinutes: 0, availabilityHours: 1 },
          [ethers.encodeBytes32String("solidity")],
          ethers.id("arbiter profile"),
        );
      await f.bank.connect(f.arbiter).setTerms(f.usdAddress, HOURLY, 0, []);
      await expect(buy({ vendor: f.arbiter.address }))
        .to.be.revertedWithCustomError(f.bank, "HourBankConflictOfInterest")
        .withArgs(f.arbiter.address);
      await f.escrow.pause();
      await expect(buy({})).to.be.revertedWithCustomError(f.bank, "HourBankPaused");
    });

    it("refuses banks worth more than 112 bits and a missing default arbiter", async () => {
      const f = await loadFixture(deployHourBank);
      const max = 2n ** 96n - 1n;
      await f.bank.connect(f.vendor).setTerms(f.usdAddress, max, 0, []);
      await expect(f.bank.connect(f.client).buy(await order(f, { hourCount: 100_000, maxHourlyRate: max })))
        .to.be.revertedWithCustomError(f.bank, "HourBankInvalidHours")
        .withArgs(100_000n);
      const escrow = await ethers.deployContract("MosaicEscrow", [
        f.operator.address,
        f.treasury.address,
        await f.registry.getAddress(),
        10n ** 14n,
        10n ** 16n,
        PRIOR_WEIGHT,
      ]);
      const bank = await ethers.deployContract("HourBank", [await escrow.getAddress(), PRIOR_WEIGHT]);
      await bank.connect(f.vendor).setTerms(ethers.ZeroAddress, HOURLY, 0, []);
      const o = await order(f, { token: ethers.ZeroAddress });
      await expect(bank.connect(f.client).buy(o, { value: 600n * MINUTE })).to.be.revertedWithCustomError(
        bank,
        "HourBankNoArbiter",
      );
    });

    it("refuses tokens that deliver less than asked", async () => {
      const f = await loadFixture(deployHourBank);
      const fot = await ethers.deployContract("FeeOnTransferToken");
      const fotAddress = await fot.getAddress();
      await f.escrow.configureToken(fotAddress, true, 10n ** 18n, 10n ** 20n);
      await f.bank.connect(f.vendor).setTerms(fotAddress, 6n * 10n ** 18n, 0, []);
      await fot.mint(f.client.address, 10n ** 21n);
      await fot.connect(f.client).approve(f.bankAddress, ethers.MaxUint256);
      const price = 60n * 10n ** 18n;
      await expect(f.bank.connect(f.client).buy(await order(f, { token: fotAddress, maxHourlyRate: 10n ** 19n })))
        .to.be.revertedWithCustomError(f.bank, "HourBankTokenDeliveredLess")
        .withArgs(fotAddress, price, price - price / 100n);
    });

    it("tops up at the bank's price and moves the expiry", async () => {
      const f = await loadFixture(deployHourBank);
      const bankId = await buyBank(f);
      const later = (await now()) + 200n * DAY;
      // The vendor's new rate does not apply to a bank already bought.
      await f.bank.connect(f.vendor).setTerms(f.usdAddress, 2n * HOURLY, 0, []);
      const tx2 = f.bank.connect(f.client).topUp(bankId, 5, later);
      await expect(tx2)
        .to.emit(f.bank, "BankToppedUp")
        .withArgs(bankId, 5n, 300n * MINUTE, later);
      await expect(tx2).to.changeTokenBalance(ethers, f.usd, f.client, -300n * MINUTE);
      const permit = await signPermit(f, f.client, 60n * MINUTE);
      await f.bank.connect(f.client).topUpWithPermit(bankId, 1, later, ...permit);
      const b = await f.bank.bankOf(bankId);
      expect(b.minutesLeft).to.equal(960n);
      expect(b.expiresAt).to.equal(later);
    });

    it("refuses top-ups by others, of closed banks, in disallowed tokens, with bad expiry or hours, or paused", async () => {
      const f = await loadFixture(deployHourBank);
      const bankId = await buyBank(f);
      const { expiresAt } = await f.bank.bankOf(bankId);
      await expect(f.bank.connect(f.stranger).topUp(bankId, 1, expiresAt))
        .to.be.revertedWithCustomError(f.bank, "HourBankNotClient")
        .withArgs(bankId, f.stranger.address);
      await expect(f.bank.connect(f.client).topUp(bankId, 1, expiresAt - 1n))
        .to.be.revertedWithCustomError(f.bank, "HourBankInvalidExpiry")
        .withArgs(expiresAt - 1n);
      await expect(f.bank.connect(f.client).topUp(bankId, 0, expiresAt))
        .to.be.revertedWithCustomError(f.bank, "HourBankInvalidHours")
        .withArgs(0n);
      await expect(f.bank.connect(f.client).topUp(bankId, 71_582_788, expiresAt))
        .to.be.revertedWithCustomError(f.bank, "HourBankInvalidHours")
        .withArgs(71_582_788n);
      await f.escrow.configureToken(f.usdAddress, false, USD_UNIT, USD_THRESHOLD);
      await expect(f.bank.connect(f.client).topUp(bankId, 1, expiresAt))
        .to.be.revertedWithCustomError(f.bank, "HourBankTokenNotAllowed")
        .withArgs(f.usdAddress);
      await f.escrow.pause();
      await expect(f.bank.connect(f.client).topUp(bankId, 1, expiresAt)).to.be.revertedWithCustomError(
        f.bank,
        "HourBankPaused",
      );
      await f.escrow.unpause();
      await time.increaseTo(expiresAt);
      await f.bank.close(bankId);
      await expect(f.bank.connect(f.client).topUp(bankId, 1, expiresAt + DAY))
        .to.be.revertedWithCustomError(f.bank, "HourBankClosed")
        .withArgs(bankId);
    });
  });

  describe("shares and work requests", () => {
    it("reserves shares for members, who request work and review the logs charged to them", async () => {
      const f = await loadFixture(deployHourBank);
      const bankId = await buyBank(f);
      await expect(f.bank.connect(f.client).allocate(bankId, f.member.address, 120))
        .to.emit(f.bank, "Allocated")
        .withArgs(bankId, f.member.address, 120n);
      await f.bank.connect(f.client).allocate(bankId, f.member2.address, 480);
      await f.bank.connect(f.client).allocate(bankId, f.member2.address, 300);
      expect(await f.bank.allocationOf(bankId, f.member2.address)).to.equal(300n);
      expect((await f.bank.bankOf(bankId)).allocated).to.equal(420n);
      await expect(f.bank.connect(f.member).requestWork(bankId, CID))
        .to.emit(f.bank, "WorkRequested")
        .withArgs(bankId, f.member.address, CID);
      await f.bank.connect(f.client).requestWork(bankId, CID);
      await expect(f.bank.connect(f.stranger).requestWork(bankId, CID))
        .to.be.revertedWithCustomError(f.bank, "HourBankNotReviewer")
        .withArgs(bankId, f.stranger.address);
      await expect(f.bank.connect(f.member).requestWork(bankId, ""))
        .to.be.revertedWithCustomError(f.bank, "HourBankInvalidCid")
        .withArgs(0n, 100n);
      await expect(f.bank.connect(f.member).requestWork(bankId, LONG_CID))
        .to.be.revertedWithCustomError(f.bank, "HourBankInvalidCid")
        .withArgs(101n, 100n);
      // A member's log uses its share; the client's pool is what no share holds.
      await logHours(f, bankId, 100, f.member.address);
      expect(await f.bank.allocationOf(bankId, f.member.address)).to.equal(20n);
      await expect(logHours(f, bankId, 21, f.member.address))
        .to.be.revertedWithCustomError(f.bank, "HourBankNotEnoughTime")
        .withArgs(bankId, f.member.address, 21n, 20n);
      await expect(logHours(f, bankId, 181))
        .to.be.revertedWithCustomError(f.bank, "HourBankNotEnoughTime")
        .withArgs(bankId, f.client.address, 181n, 180n);
      await expect(logHours(f, bankId, 1, f.stranger.address))
        .to.be.revertedWithCustomError(f.bank, "HourBankNotEnoughTime")
        .withArgs(bankId, f.stranger.address, 1n, 0n);
      await expect(f.bank.connect(f.client).allocate(bankId, f.member.address, 201))
        .to.be.revertedWithCustomError(f.bank, "HourBankNotEnoughTime")
        .withArgs(bankId, f.member.address, 201n, 200n);
    });

    it("refuses shares from others, to the client or vendor or nobody, and on closed or expired banks", async () => {
      const f = await loadFixture(deployHourBank);
      const bankId = await buyBank(f);
      await expect(f.bank.connect(f.stranger).allocate(bankId, f.member.address, 1))
        .to.be.revertedWithCustomError(f.bank, "HourBankNotClient")
        .withArgs(bankId, f.stranger.address);
      await expect(f.bank.connect(f.client).allocate(bankId, ethers.ZeroAddress, 1)).to.be.revertedWithCustomError(
        f.bank,
        "HourBankZeroAddress",
      );
      for (const who of [f.client.address, f.vendor.address]) {
        await expect(f.bank.connect(f.client).allocate(bankId, who, 1))
          .to.be.revertedWithCustomError(f.bank, "HourBankConflictOfInterest")
          .withArgs(who);
      }
      await f.bank.connect(f.client).allocate(bankId, f.member.address, 30);
      expect(await f.bank.allocationOf(bankId, f.member.address)).to.equal(30n);
      const { expiresAt } = await f.bank.bankOf(bankId);
      await time.increaseTo(expiresAt);
      await expect(f.bank.connect(f.client).allocate(bankId, f.member.address, 1))
        .to.be.revertedWithCustomError(f.bank, "HourBankExpired")
        .withArgs(bankId, expiresAt);
      await f.bank.close(bankId);
      expect(await f.bank.allocationOf(bankId, f.member.address)).to.equal(0n);
      await expect(f.bank.connect(f.client).allocate(bankId, f.member.address, 1))
        .to.be.revertedWithCustomError(f.bank, "HourBankClosed")
        .withArgs(bankId);
    });
  });

  describe("logs, review and payment", () => {
    it("pays a log after its review window, less the snapshotted fee, and the fees go to the treasury", async () => {
      const f = await loadFixture(deployHourBank);
      const bankId = await buyBank(f);
      const logId = await logHours(f, bankId, 90);
      const entry = await f.bank.logOf(bankId, logId);
      expect(entry.minuteCount).to.equal(90n);
      expect(entry.state).to.equal(LogState.Pending);
      await expect(f.bank.release(bankId, logId))
        .to.be.revertedWithCustomError(f.bank, "HourBankTooEarly")
        .withArgs(bankId, logId, entry.reviewEndsAt);
      await time.increaseTo(entry.reviewEndsAt);
      const gross = 90n * MINUTE;
      const fee = feeOf(gross);
      const tx3 = f.bank.connect(f.stranger).release(bankId, logId);
      await expect(tx3)
        .to.emit(f.bank, "LogReleased")
        .withArgs(bankId, logId, gross - fee, fee);
      await expect(tx3).to.changeTokenBalance(ethers, f.usd, f.vendor, gross - fee);
      await expect(f.bank.release(bankId, logId))
        .to.be.revertedWithCustomError(f.bank, "HourBankLogState")
        .withArgs(bankId, logId, LogState.Paid);
      const b = await f.bank.bankOf(bankId);
      expect(b.paidToVendor).to.equal(gross);
      expect(b.feesAccrued).to.equal(fee);
      const tx4 = f.bank.collectFees(bankId);
      await expect(tx4).to.emit(f.bank, "FeesCollected").withArgs(bankId, f.treasury.address, fee);
      await expect(tx4).to.changeTokenBalance(ethers, f.usd, f.treasury, fee);
      await expect(f.bank.collectFees(bankId)).to.be.revertedWithCustomError(f.bank, "HourBankNoFees").withArgs(bankId);
      await expect(f.bank.release(bankId, 1n))
        .to.be.revertedWithCustomError(f.bank, "HourBankLogNotFound")
        .withArgs(bankId, 1n);
      await expect(f.bank.release(9n, 0n))
        .to.be.revertedWithCustomError(f.bank, "HourBankLogNotFound")
        .withArgs(9n, 0n);
    });

    it("holds the fee to 2% of a payment too small for rounding up", async () => {
      const f = await loadFixture(deployHourBank);
      // 60 units an hour: a minute costs one unit, whose rounded-up fee (1) would be 100%.
      await f.bank.connect(f.vendor).setTerms(f.usdAddress, 60n, 0, []);
      const bankId = await buyBank(f, { hourCount: 1, maxHourlyRate: 60n });
      const logId = await logHours(f, bankId, 1);
      await expect(f.bank.connect(f.client).approveLog(bankId, logId))
        .to.emit(f.bank, "LogReleased")
        .withArgs(bankId, logId, 1n, 0n);
    });

    it("lets the client or the member charged approve early, and no one else", async () => {
      const f = await loadFixture(deployHourBank);
      const bankId = await buyBank(f);
      await f.bank.connect(f.client).allocate(bankId, f.member.address, 60);
      const memberLog = await logHours(f, bankId, 60, f.member.address);
      const clientLog = await logHours(f, bankId, 30);
      await expect(f.bank.connect(f.member).approveLog(bankId, clientLog))
        .to.be.revertedWithCustomError(f.bank, "HourBankNotReviewer")
        .withArgs(bankId, f.member.address);
      await expect(f.bank.connect(f.member).approveLog(bankId, memberLog))
        .to.emit(f.bank, "LogReleased")
        .withArgs(bankId, memberLog, 60n * MINUTE - feeOf(60n * MINUTE), feeOf(60n * MINUTE));
      await expect(f.bank.connect(f.client).approveLog(bankId, clientLog))
        .to.emit(f.bank, "LogApproved")
        .withArgs(bankId, clientLog, f.client.address);
      expect((await f.bank.logOf(bankId, clientLog)).state).to.equal(LogState.Paid);
    });

    it("refuses logs by others, empty notes, zero minutes, after expiry or close, and beyond the open-log ring", async () => {
      const f = await loadFixture(deployHourBank);
      const bankId = await buyBank(f);
      await expect(f.bank.connect(f.stranger).logHours(bankId, f.client.address, 1, NOTE))
        .to.be.revertedWithCustomError(f.bank, "HourBankNotVendor")
        .withArgs(bankId, f.stranger.address);
      await expect(f.bank.connect(f.vendor).logHours(bankId, f.client.address, 1, ethers.ZeroHash))
        .to.be.revertedWithCustomError(f.bank, "HourBankEmptyNote")
        .withArgs(bankId);
      await expect(f.bank.connect(f.vendor).logHours(bankId, f.client.address, 5, NOTE))
        .to.emit(f.bank, "HoursLogged")
        .withArgs(bankId, 0n, f.client.address, 5n, NOTE);
      await expect(f.bank.connect(f.vendor).logHours(bankId, f.client.address, 0, NOTE))
        .to.be.revertedWithCustomError(f.bank, "HourBankInvalidMinutes")
        .withArgs(0n);
      for (let i = 1; i < 32; i++) await logHours(f, bankId, 1);
      await expect(logHours(f, bankId, 1))
        .to.be.revertedWithCustomError(f.bank, "HourBankTooManyOpenLogs")
        .withArgs(bankId, 32n);
      // Settling the oldest frees its slot; the next log reuses it and the old entry is gone.
      await f.bank.connect(f.client).approveLog(bankId, 0n);
      const reused = await logHours(f, bankId, 1);
      expect(reused).to.equal(32n);
      expect((await f.bank.logOf(bankId, 32n)).id).to.equal(32n);
      await expect(f.bank.logOf(bankId, 0n))
        .to.be.revertedWithCustomError(f.bank, "HourBankLogNotFound")
        .withArgs(bankId, 0n);
      const { expiresAt } = await f.bank.bankOf(bankId);
      await time.increaseTo(expiresAt);
      await expect(f.bank.connect(f.vendor).logHours(bankId, f.client.address, 1, NOTE))
        .to.be.revertedWithCustomError(f.bank, "HourBankExpired")
        .withArgs(bankId, expiresAt);
      await f.bank.close(bankId);
      await expect(f.bank.connect(f.vendor).logHours(bankId, f.client.address, 1, NOTE))
        .to.be.revertedWithCustomError(f.bank, "HourBankClosed")
        .withArgs(bankId);
    });
  });

  describe("contests", () => {
    async function contested() {
      const f = await loadFixture(deployHourBank);
      const bankId = await buyBank(f);
      await f.bank.connect(f.client).allocate(bankId, f.member.address, 120);
      const logId = await logHours(f, bankId, 100, f.member.address);
      const disputeId = (bankId << 32n) | logId;
      return { f, bankId, logId, disputeId };
    }

    it("sends a contested log to the arbiter with evidence from every party", async () => {
      const { f, bankId, logId, disputeId } = await contested();
      await expect(f.bank.connect(f.stranger).contest(bankId, logId, CID))
        .to.be.revertedWithCustomError(f.bank, "HourBankNotReviewer")
        .withArgs(bankId, f.stranger.address);
      await expect(f.bank.connect(f.member).contest(bankId, logId, ""))
        .to.be.revertedWithCustomError(f.bank, "HourBankInvalidCid")
        .withArgs(0n, 100n);
      await expect(f.bank.connect(f.vendor).submitEvidence(bankId, logId, CID))
        .to.be.revertedWithCustomError(f.bank, "HourBankLogState")
        .withArgs(bankId, logId, LogState.Pending);
      await expect(f.bank.connect(f.member).contest(bankId, logId, CID))
        .to.emit(f.bank, "LogContested")
        .withArgs(bankId, logId, disputeId, f.member.address, 100n * MINUTE)
        .and.to.emit(f.bank, "Dispute")
        .withArgs(f.arbiter.address, disputeId, bankId, disputeId)
        .and.to.emit(f.bank, "Evidence")
        .withArgs(f.arbiter.address, disputeId, f.member.address, CID);
      for (const party of [f.vendor, f.client, f.member]) {
        await expect(f.bank.connect(party).submitEvidence(bankId, logId, CID))
          .to.emit(f.bank, "Evidence")
          .withArgs(f.arbiter.address, disputeId, party.address, CID);
      }
      await expect(f.bank.connect(f.stranger).submitEvidence(bankId, logId, CID))
        .to.be.revertedWithCustomError(f.bank, "HourBankNotReviewer")
        .withArgs(bankId, f.stranger.address);
      await expect(f.bank.connect(f.client).approveLog(bankId, logId))
        .to.be.revertedWithCustomError(f.bank, "HourBankLogState")
        .withArgs(bankId, logId, LogState.Contested);
    });

    it("refuses a contest after the review window", async () => {
      const { f, bankId, logId } = await contested();
      const { reviewEndsAt } = await f.bank.logOf(bankId, logId);
      await time.increaseTo(reviewEndsAt);
      await expect(f.bank.connect(f.client).contest(bankId, logId, CID))
        .to.be.revertedWithCustomError(f.bank, "HourBankReviewOver")
        .withArgs(bankId, logId, reviewEndsAt);
    });

    it("splits by ruling, charging the arbiter's fee to what each side was denied", async () => {
      const { f, bankId, logId, disputeId } = await contested();
      await f.bank.connect(f.client).contest(bankId, logId, CID);
      await expect(f.bank.connect(f.stranger).rule(disputeId, 1))
        .to.be.revertedWithCustomError(f.bank, "HourBankNotArbiter")
        .withArgs(disputeId, f.stranger.address);
      await expect(f.bank.connect(f.arbiter).rule(disputeId, 10_002))
        .to.be.revertedWithCustomError(f.bank, "HourBankInvalidRuling")
        .withArgs(10_002n);
      // 70% to the vendor: frozen 100, arbiter fee 1; the vendor bears 0.3 of it, the client 0.7.
      const frozen = 100n * MINUTE;
      const arbiterFee = frozen / 100n;
      const vendorGross = (frozen * 7_000n) / 10_000n - (arbiterFee * 3_000n) / 10_000n;
      const toClient = frozen - (frozen * 7_000n) / 10_000n - (arbiterFee - (arbiterFee * 3_000n) / 10_000n);
      const fee = feeOf(vendorGross);
      const tx5 = f.bank.connect(f.arbiter).rule(disputeId, 7_001);
      await expect(tx5)
        .to.emit(f.bank, "LogResolved")
        .withArgs(bankId, logId, 7_000n, vendorGross - fee, toClient, arbiterFee, fee);
      await expect(tx5).to.changeTokenBalances(
        ethers,
        f.usd,
        [f.vendor, f.client, f.arbiter],
        [vendorGross - fee, toClient, arbiterFee],
      );
      expect((await f.bank.bankOf(bankId)).paidToVendor).to.equal(vendorGross);
      await expect(f.bank.connect(f.arbiter).rule(disputeId, 1))
        .to.be.revertedWithCustomError(f.bank, "HourBankLogState")
        .withArgs(bankId, logId, LogState.Resolved);
    });

    it("makes the vendor cover the fee when the ruling gives the client everything, and vice versa", async () => {
      const { f, bankId, logId, disputeId } = await contested();
      await f.bank.connect(f.client).contest(bankId, logId, CID);
      const frozen = 100n * MINUTE;
      const arbiterFee = frozen / 100n;
      await expect(f.bank.connect(f.arbiter).rule(disputeId, 1))
        .to.emit(f.bank, "LogResolved")
        .withArgs(bankId, logId, 0n, 0n, frozen - arbiterFee, arbiterFee, 0n);
      const second = await logHours(f, bankId, 10, f.member.address);
      await f.bank.connect(f.client).contest(bankId, second, CID);
      const fee2 = (10n * MINUTE) / 100n;
      const gross = 10n * MINUTE - fee2;
      await expect(f.bank.connect(f.arbiter).rule((bankId << 32n) | second, 10_001))
        .to.emit(f.bank, "LogResolved")
        .withArgs(bankId, second, 10_000n, gross - feeOf(gross), 0n, fee2, feeOf(gross));
    });

    it("splits evenly without arbiter fee on a refusal or after the arbiter's time out", async () => {
      const { f, bankId, logId, disputeId } = await contested();
      await f.bank.connect(f.client).contest(bankId, logId, CID);
      const half = 50n * MINUTE;
      await expect(f.bank.connect(f.arbiter).rule(disputeId, 0))
        .to.emit(f.bank, "LogResolved")
        .withArgs(bankId, logId, 5_000n, half - feeOf(half), half, 0n, feeOf(half));
      const second = await logHours(f, bankId, 10, f.member.address);
      await f.bank.connect(f.member).contest(bankId, second, CID);
      const availableAt = (await now()) + 30n * DAY;
      await expect(f.bank.resolveTimedOut(bankId, second))
        .to.be.revertedWithCustomError(f.bank, "HourBankTooEarly")
        .withArgs(bankId, second, availableAt);
      await time.increaseTo(availableAt);
      await expect(f.bank.connect(f.stranger).resolveTimedOut(bankId, second))
        .to.emit(f.bank, "LogResolved")
        .withArgs(bankId, second, 5_000n, 5n * MINUTE - feeOf(5n * MINUTE), 5n * MINUTE, 0n, feeOf(5n * MINUTE));
    });
  });

  describe("closing", () => {
    it("refunds unlogged time to the client after expiry, whoever closes; pending logs stay payable", async () => {
      const f = await loadFixture(deployHourBank);
      const bankId = await buyBank(f);
      const logId = await logHours(f, bankId, 60);
      const { expiresAt } = await f.bank.bankOf(bankId);
      await expect(f.bank.connect(f.stranger).close(bankId))
        .to.be.revertedWithCustomError(f.bank, "HourBankNotClient")
        .withArgs(bankId, f.stranger.address);
      await time.increaseTo(expiresAt);
      const tx6 = f.bank.connect(f.stranger).close(bankId);
      await expect(tx6)
        .to.emit(f.bank, "BankClosed")
        .withArgs(bankId, 540n * MINUTE, 0n, 0n);
      await expect(tx6).to.changeTokenBalance(ethers, f.usd, f.client, 540n * MINUTE);
      await expect(f.bank.close(bankId)).to.be.revertedWithCustomError(f.bank, "HourBankClosed").withArgs(bankId);
      expect((await f.bank.bankOf(bankId)).closed).to.equal(true);
      await f.bank.release(bankId, logId);
      expect(await f.usd.balanceOf(f.bankAddress)).to.equal(feeOf(60n * MINUTE));
      await expect(f.bank.connect(f.stranger).requestWork(bankId, CID))
        .to.be.revertedWithCustomError(f.bank, "HourBankClosed")
        .withArgs(bankId);
    });

    it("pays the vendor its notice when the client closes early, within what is left", async () => {
      const f = await loadFixture(deployHourBank);
      const bankId = await buyBank(f);
      const notice = 120n * MINUTE;
      const tx7 = f.bank.connect(f.client).close(bankId);
      await expect(tx7)
        .to.emit(f.bank, "BankClosed")
        .withArgs(bankId, 480n * MINUTE, notice - feeOf(notice), feeOf(notice));
      await expect(tx7).to.changeTokenBalances(
        ethers,
        f.usd,
        [f.client, f.vendor],
        [480n * MINUTE, notice - feeOf(notice)],
      );
      // Notice is not logged work: it does not count for ratings.
      expect((await f.bank.bankOf(bankId)).paidToVendor).to.equal(0n);
      const small = await buyBank(f, { hourCount: 1 });
      await expect(f.bank.connect(f.client).close(small))
        .to.emit(f.bank, "BankClosed")
        .withArgs(small, 0n, 60n * MINUTE - feeOf(60n * MINUTE), feeOf(60n * MINUTE));
    });
  });

  describe("refused transfers and large amounts", () => {
    it("owes a blocklisted vendor its payment until it withdraws elsewhere", async () => {
      const f = await loadFixture(deployHourBank);
      const blt = await ethers.deployContract("BlocklistToken");
      const token = await blt.getAddress();
      await f.escrow.configureToken(token, true, USD_UNIT, USD_THRESHOLD);
      await f.bank.connect(f.vendor).setTerms(token, HOURLY, 0, []);
      await blt.mint(f.client.address, 10_000n * USD_UNIT);
      await blt.connect(f.client).approve(f.bankAddress, ethers.MaxUint256);
      const bankId = await buyBank(f, { token });
      const logId = await logHours(f, bankId, 60);
      await blt.setBlocked(f.vendor.address, true);
      const net = 60n * MINUTE - feeOf(60n * MINUTE);
      await expect(f.bank.connect(f.client).approveLog(bankId, logId))
        .to.emit(f.bank, "PaymentDeferred")
        .withArgs(token, f.vendor.address, net);
      expect(await f.bank.owed(token, f.vendor.address)).to.equal(net);
      await expect(f.bank.connect(f.vendor).withdraw(token, ethers.ZeroAddress)).to.be.revertedWithCustomError(
        f.bank,
        "HourBankZeroAddress",
      );
      const tx8 = f.bank.connect(f.vendor).withdraw(token, f.member.address);
      await expect(tx8).to.emit(f.bank, "Withdrawn").withArgs(token, f.vendor.address, f.member.address, net);
      await expect(tx8).to.changeTokenBalance(ethers, blt, f.member, net);
      await expect(f.bank.connect(f.vendor).withdraw(token, f.member.address))
        .to.be.revertedWithCustomError(f.bank, "HourBankNothingOwed")
        .withArgs(token, f.vendor.address);
    });

    it("owes an ETH refund to a client contract that rejects ETH", async () => {
      const f = await loadFixture(deployHourBank);
      const receiver = await ethers.deployContract("RejectingReceiver");
      const price = 10n * 60n * 10n ** 15n;
      const o = await order(f, { token: ethers.ZeroAddress, maxHourlyRate: 10n ** 18n });
      const call = f.bank.interface.encodeFunctionData("buy", [o]);
      await receiver.execute(f.bankAddress, call, { value: price });
      const bankId = await f.bank.bankCount();
      await time.increaseTo(o.expiresAt);
      await expect(f.bank.close(bankId))
        .to.emit(f.bank, "PaymentDeferred")
        .withArgs(ethers.ZeroAddress, await receiver.getAddress(), price);
      const withdraw = f.bank.interface.encodeFunctionData("withdraw", [ethers.ZeroAddress, f.member.address]);
      await expect(receiver.execute(f.bankAddress, withdraw)).to.changeEtherBalance(ethers, f.member, price);
    });

    it("sends fees to the treasury at once when the bank's fee counter would overflow", async () => {
      const f = await loadFixture(deployHourBank);
      const big = await ethers.deployContract("MockERC20", ["Big", "BIG", 18]);
      const token = await big.getAddress();
      await f.escrow.configureToken(token, true, 10n ** 18n, 10n ** 20n);
      const max = 2n ** 96n - 1n;
      await f.bank.connect(f.vendor).setTerms(token, max, 0, []);
      await big.mint(f.client.address, max * 2n);
      await big.connect(f.client).approve(f.bankAddress, ethers.MaxUint256);
      const bankId = await buyBank(f, { token, hourCount: 1, maxHourlyRate: max });
      const logId = await logHours(f, bankId, 60);
      const gross = 60n * (max / 60n);
      await expect(f.bank.connect(f.client).approveLog(bankId, logId)).to.changeTokenBalance(
        ethers,
        big,
        f.treasury,
        feeOf(gross),
      );
      expect((await f.bank.bankOf(bankId)).feesAccrued).to.equal(0n);
    });
  });

  describe("ratings", () => {
    it("rates paid hours with the escrow's rules in the hour bank's own ledger", async () => {
      const f = await loadFixture(deployHourBank);
      const bankId = await buyBank(f, { hourCount: 200, maxHourlyRate: HOURLY });
      await expect(f.bank.connect(f.client).rate(bankId, 5))
        .to.be.revertedWithCustomError(f.bank, "ReputationNothingPaid")
        .withArgs(bankId);
      await expect(f.bank.connect(f.stranger).rate(bankId, 5))
        .to.be.revertedWithCustomError(f.bank, "ReputationNotParty")
        .withArgs(bankId, f.stranger.address);
      await time.increase(DAY);
      const logId = await logHours(f, bankId, 150 * 60);
      await f.bank.connect(f.client).approveLog(bankId, logId);
      const paid = 150n * 60n * ((54n * USD_UNIT) / 60n);
      await expect(f.bank.connect(f.client).rate(bankId, 0))
        .to.be.revertedWithCustomError(f.bank, "ReputationInvalidScore")
        .withArgs(0);
      await expect(f.bank.connect(f.client).rate(bankId, 5))
        .to.emit(f.bank, "Rated")
        .withArgs(bankId, f.client.address, f.vendor.address, 5, paid / USD_UNIT, true, true);
      await expect(f.bank.connect(f.client).rate(bankId, 5))
        .to.be.revertedWithCustomError(f.bank, "ReputationAlreadyRated")
        .withArgs(bankId, f.client.address);
      await f.bank.connect(f.vendor).rate(bankId, 4);
      expect(await f.bank.hasRated(bankId, f.client.address)).to.equal(true);
      expect(await f.bank.hasRated(bankId, f.vendor.address)).to.equal(true);
      expect(await f.bank.hasRated(bankId, f.stranger.address)).to.equal(false);
      expect(await f.bank.hasRated(bankId, ethers.ZeroAddress)).to.equal(false);
      expect(await f.bank.paidJobsOf(f.vendor.address)).to.equal(1n);
      expect((await f.bank.vendorStatsOf(f.vendor.address)).ratingWeight).to.equal(paid / USD_UNIT);
      expect((await f.bank.clientStatsOf(f.client.address)).ratingCount).to.equal(1n);
      // The escrow's ledger is untouched: the two are combined off-chain.
      expect((await f.escrow.vendorStatsOf(f.vendor.address)).paidJobs).to.equal(0n);
    });

    it("does not count a bank paid within a day of its funding as a paid job", async () => {
      const f = await loadFixture(deployHourBank);
      const bankId = await buyBank(f, { hourCount: 200 });
      const logId = await logHours(f, bankId, 150 * 60);
      await f.bank.connect(f.client).approveLog(bankId, logId);
      await expect(f.bank.connect(f.vendor).rate(bankId, 5))
        .to.emit(f.bank, "Rated")
        .withArgs(bankId, f.vendor.address, f.client.address, 5, (150n * 60n * 900_000n) / USD_UNIT, false, false);
      expect(await f.bank.paidJobsOf(f.vendor.address)).to.equal(0n);
    });
  });
});
