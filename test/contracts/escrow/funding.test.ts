import { expect } from "chai";
import {
  DAY,
  USD_UNIT,
  State,
  Bonus,
  deployMosaic,
  ethers,
  jobTerms,
  milestoneTerms,
  networkHelpers,
  postJob,
} from "../helpers/fixtures.ts";
import { deployMosaicWithAdversarialTokens, hireByQuote, inDays, postUsdJob, signPermit } from "../helpers/part1.ts";

const ONE_ETH = ethers.parseEther("1");
const USD = (n: bigint) => n * USD_UNIT;
/** Selector of OpenZeppelin's `ReentrancyGuardReentrantCall()`. */
const REENTRANT_CALL = ethers.id("ReentrancyGuardReentrantCall()").slice(0, 10);

describe("fund", () => {
  it("escrows ETH for a range of milestones and emits MilestonesFunded", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const deadline = await inDays(5n);
    const jobId = await postJob(m, {}, [
      { amount: ONE_ETH, deadline },
      { amount: 2n * ONE_ETH, deadline },
      { amount: 4n * ONE_ETH, deadline },
    ]);

    const funding = m.escrow.connect(m.client).fund(jobId, 0, 2, { value: 3n * ONE_ETH });

    await expect(funding)
      .to.emit(m.escrow, "MilestonesFunded")
      .withArgs(jobId, 0, 2, 3n * ONE_ETH);
    await expect(funding).to.changeEtherBalances(ethers, [m.client, m.escrow], [-3n * ONE_ETH, 3n * ONE_ETH]);
    expect((await m.escrow.milestoneOf(jobId, 0)).state).to.equal(State.Funded);
    expect((await m.escrow.milestoneOf(jobId, 1)).state).to.equal(State.Funded);
    expect((await m.escrow.milestoneOf(jobId, 2)).state).to.equal(State.Created);
  });

  it("funds a single milestone in the middle of a job", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const deadline = await inDays(5n);
    const jobId = await postJob(m, {}, [
      { amount: 1n, deadline },
      { amount: 2n, deadline },
      { amount: 4n, deadline },
    ]);

    await expect(m.escrow.connect(m.client).fund(jobId, 1, 1, { value: 2n }))
      .to.emit(m.escrow, "MilestonesFunded")
      .withArgs(jobId, 1, 1, 2n);

    expect((await m.escrow.milestoneOf(jobId, 0)).state).to.equal(State.Created);
    expect((await m.escrow.milestoneOf(jobId, 1)).state).to.equal(State.Funded);
    expect((await m.escrow.milestoneOf(jobId, 2)).state).to.equal(State.Created);
  });

  it("escrows a milestone's bonus with it and marks the bonus held", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const deadline = await inDays(5n);
    const jobId = await postJob(m, {}, [
      { amount: ONE_ETH, bonus: ONE_ETH / 4n, deadline, outcomeDeadline: deadline + 10n * DAY },
      { amount: ONE_ETH, deadline },
    ]);
    const total = 2n * ONE_ETH + ONE_ETH / 4n;

    await expect(m.escrow.connect(m.client).fund(jobId, 0, 2, { value: total }))
      .to.emit(m.escrow, "MilestonesFunded")
      .withArgs(jobId, 0, 2, total);

    expect((await m.escrow.milestoneOf(jobId, 0)).bonusState).to.equal(Bonus.Held);
    expect((await m.escrow.milestoneOf(jobId, 1)).bonusState).to.equal(Bonus.None);
    expect(await ethers.provider.getBalance(await m.escrow.getAddress())).to.equal(total);
  });

  it("pulls an ERC-20 range in one transfer from the client's allowance", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const deadline = await inDays(5n);
    const jobId = await postUsdJob(m, {}, [
      { amount: USD(100n), deadline },
      { amount: USD(200n), bonus: USD(50n), deadline, outcomeDeadline: deadline + 10n * DAY },
    ]);

    const funding = m.escrow.connect(m.client).fund(jobId, 0, 2);

    await expect(funding).to.emit(m.escrow, "MilestonesFunded").withArgs(jobId, 0, 2, USD(350n));
    await expect(funding).to.changeTokenBalances(ethers, m.usd, [m.client, m.escrow], [-USD(350n), USD(350n)]);
  });

  it("lets the client fund after hiring", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await postJob(m, {}, [{ amount: ONE_ETH, deadline: await inDays(5n) }]);
    await hireByQuote(m, jobId, m.vendor, ONE_ETH);
    await expect(m.escrow.connect(m.client).fund(jobId, 0, 1, { value: ONE_ETH })).to.emit(
      m.escrow,
      "MilestonesFunded",
    );
  });

  it("accepts funding in the block at the milestone's deadline", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const deadline = await inDays(5n);
    const jobId = await postJob(m, {}, [{ amount: ONE_ETH, deadline }]);
    await networkHelpers.time.setNextBlockTimestamp(deadline);
    await expect(m.escrow.connect(m.client).fund(jobId, 0, 1, { value: ONE_ETH })).to.emit(
      m.escrow,
      "MilestonesFunded",
    );
  });

  it("rejects less ETH than the milestones need", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await postJob(m, {}, [{ amount: ONE_ETH, deadline: await inDays(5n) }]);
    await expect(m.escrow.connect(m.client).fund(jobId, 0, 1, { value: ONE_ETH - 1n }))
      .to.be.revertedWithCustomError(m.escrow, "EscrowWrongValue")
      .withArgs(ONE_ETH, ONE_ETH - 1n);
  });

  it("rejects more ETH than the milestones need", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await postJob(m, {}, [{ amount: ONE_ETH, deadline: await inDays(5n) }]);
    await expect(m.escrow.connect(m.client).fund(jobId, 0, 1, { value: ONE_ETH + 1n }))
      .to.be.revertedWithCustomError(m.escrow, "EscrowWrongValue")
      .withArgs(ONE_ETH, ONE_ETH + 1n);
  });

  it("rejects ETH sent along an ERC-20 funding", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await postUsdJob(m, {}, [{ amount: USD(10n), deadline: await inDays(5n) }]);
    await expect(m.escrow.connect(m.client).fund(jobId, 0, 1, { value: 1n }))
      .to.be.revertedWithCustomError(m.escrow, "EscrowWrongValue")
      .withArgs(0, 1);
  });

  it("rejects an empty range", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await postJob(m, {}, [{ amount: 1n, deadline: await inDays(5n) }]);
    await expect(m.escrow.connect(m.client).fund(jobId, 0, 0))
      .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneNotFound")
      .withArgs(jobId, 0);
  });

  it("rejects a range that runs past the last milestone, naming its end index", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const deadline = await inDays(5n);
    const jobId = await postJob(m, {}, [
      { amount: 1n, deadline },
      { amount: 1n, deadline },
    ]);
    await expect(m.escrow.connect(m.client).fund(jobId, 1, 2, { value: 2n }))
      .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneNotFound")
      .withArgs(jobId, 2);
  });

  it("rejects funding a milestone twice", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const deadline = await inDays(5n);
    const jobId = await postJob(m, {}, [
      { amount: 1n, deadline },
      { amount: 1n, deadline },
    ]);
    await m.escrow.connect(m.client).fund(jobId, 1, 1, { value: 1n });
    await expect(m.escrow.connect(m.client).fund(jobId, 0, 2, { value: 2n }))
      .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneState")
      .withArgs(jobId, 1, State.Funded);
    expect((await m.escrow.milestoneOf(jobId, 0)).state).to.equal(State.Created);
  });

  it("rejects funding a cancelled milestone", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await postJob(m, {}, [{ amount: 1n, deadline: await inDays(5n) }]);
    await m.escrow.connect(m.client).cancel(jobId, 0);
    await expect(m.escrow.connect(m.client).fund(jobId, 0, 1, { value: 1n }))
      .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneState")
      .withArgs(jobId, 0, State.Cancelled);
  });

  it("rejects a milestone whose deadline has passed", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const early = await inDays(2n);
    const jobId = await postJob(m, {}, [
      { amount: 1n, deadline: await inDays(10n) },
      { amount: 1n, deadline: early },
    ]);
    await networkHelpers.time.increaseTo(early + 1n);
    await expect(m.escrow.connect(m.client).fund(jobId, 0, 2, { value: 2n }))
      .to.be.revertedWithCustomError(m.escrow, "EscrowDeadlinePassed")
      .withArgs(jobId, 1, early);
  });

  it("can only be called by the job's client", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await postJob(m, {}, [{ amount: 1n, deadline: await inDays(5n) }]);
    await expect(m.escrow.connect(m.stranger).fund(jobId, 0, 1, { value: 1n }))
      .to.be.revertedWithCustomError(m.escrow, "EscrowNotClient")
      .withArgs(jobId, m.stranger.address);
  });

  it("rejects a job that does not exist", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    await expect(m.escrow.connect(m.client).fund(9, 0, 1, { value: 1n }))
      .to.be.revertedWithCustomError(m.escrow, "EscrowJobNotFound")
      .withArgs(9);
  });
});

describe("fundWithPermit", () => {
  /** An ERC-20 job worth `amount`, with the client's standing allowance removed. */
  async function permitFixture() {
    const m = await deployMosaic();
    const amount = USD(250n);
    const jobId = await postUsdJob(m, {}, [{ amount, deadline: await inDays(5n) }]);
    await m.usd.connect(m.client).approve(await m.escrow.getAddress(), 0);
    return { ...m, amount, jobId };
  }

  it("approves and funds in one transaction with an EIP-2612 permit", async () => {
    const m = await networkHelpers.loadFixture(permitFixture);
    const escrow = await m.escrow.getAddress();
    const deadline = await inDays(1n);
    const { v, r, s } = await signPermit(m.usd, m.client, escrow, m.amount, deadline);

    const funding = m.escrow.connect(m.client).fundWithPermit(m.jobId, 0, 1, deadline, v, r, s);

    await expect(funding).to.emit(m.escrow, "MilestonesFunded").withArgs(m.jobId, 0, 1, m.amount);
    await expect(funding).to.changeTokenBalances(ethers, m.usd, [m.client, m.escrow], [-m.amount, m.amount]);
    expect(await m.usd.nonces(m.client.address)).to.equal(1n);
    expect(await m.usd.allowance(m.client.address, escrow)).to.equal(0n);
    expect((await m.escrow.milestoneOf(m.jobId, 0)).state).to.equal(State.Funded);
  });

  it("still funds when someone front-ran the permit, since the allowance is in place", async () => {
    const m = await networkHelpers.loadFixture(permitFixture);
    const escrow = await m.escrow.getAddress();
    const deadline = await inDays(1n);
    const { v, r, s } = await signPermit(m.usd, m.client, escrow, m.amount, deadline);
    await m.usd.connect(m.stranger).permit(m.client.address, escrow, m.amount, deadline, v, r, s);

    await expect(m.escrow.connect(m.client).fundWithPermit(m.jobId, 0, 1, deadline, v, r, s))
      .to.emit(m.escrow, "MilestonesFunded")
      .withArgs(m.jobId, 0, 1, m.amount);
  });

  it("funds from an existing allowance when the permit is invalid", async () => {
    const m = await networkHelpers.loadFixture(permitFixture);
    await m.usd.connect(m.client).approve(await m.escrow.getAddress(), m.amount);

    await expect(m.escrow.connect(m.client).fundWithPermit(m.jobId, 0, 1, 0, 27, ethers.ZeroHash, ethers.ZeroHash))
      .to.emit(m.escrow, "MilestonesFunded")
      .withArgs(m.jobId, 0, 1, m.amount);
  });

  it("fails with the token's error when the permit is invalid and no allowance exists", async () => {
    const m = await networkHelpers.loadFixture(permitFixture);
    const escrow = await m.escrow.getAddress();
    const deadline = await inDays(1n);
    // Signed by someone else than the client.
    const { v, r, s } = await signPermit(m.usd, m.stranger, escrow, m.amount, deadline);

    await expect(m.escrow.connect(m.client).fundWithPermit(m.jobId, 0, 1, deadline, v, r, s))
      .to.be.revertedWithCustomError(m.usd, "ERC20InsufficientAllowance")
      .withArgs(escrow, 0, m.amount);
  });

  it("fails with the token's error when the permit has expired and no allowance exists", async () => {
    const m = await networkHelpers.loadFixture(permitFixture);
    const escrow = await m.escrow.getAddress();
    const deadline = await inDays(1n);
    const { v, r, s } = await signPermit(m.usd, m.client, escrow, m.amount, deadline);
    await networkHelpers.time.increaseTo(deadline + 1n);

    await expect(m.escrow.connect(m.client).fundWithPermit(m.jobId, 0, 1, deadline, v, r, s))
      .to.be.revertedWithCustomError(m.usd, "ERC20InsufficientAllowance")
      .withArgs(escrow, 0, m.amount);
  });

  it("works with a token that has no permit, from an existing allowance", async () => {
    const m = await networkHelpers.loadFixture(deployMosaicWithAdversarialTokens);
    const token = await m.noReturn.getAddress();
    const jobId = await postJob(m, { token }, [{ amount: USD(5n), deadline: await inDays(5n) }]);

    await expect(m.escrow.connect(m.client).fundWithPermit(jobId, 0, 1, 0, 27, ethers.ZeroHash, ethers.ZeroHash))
      .to.emit(m.escrow, "MilestonesFunded")
      .withArgs(jobId, 0, 1, USD(5n));
    expect(await m.noReturn.balanceOf(await m.escrow.getAddress())).to.equal(USD(5n));
  });

  it("rejects an ETH job, which must be funded with value through fund", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await postJob(m, {}, [{ amount: ONE_ETH, deadline: await inDays(5n) }]);
    await expect(m.escrow.connect(m.client).fundWithPermit(jobId, 0, 1, 0, 27, ethers.ZeroHash, ethers.ZeroHash))
      .to.be.revertedWithCustomError(m.escrow, "EscrowWrongValue")
      .withArgs(ONE_ETH, 0);
  });

  it("rejects a range that runs past the last milestone", async () => {
    const m = await networkHelpers.loadFixture(permitFixture);
    await expect(m.escrow.connect(m.client).fundWithPermit(m.jobId, 0, 2, 0, 27, ethers.ZeroHash, ethers.ZeroHash))
      .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneNotFound")
      .withArgs(m.jobId, 1);
  });

  it("names the first missing index whatever the range's size, without overflowing", async () => {
    const m = await networkHelpers.loadFixture(permitFixture);
    await expect(m.escrow.connect(m.client).fund(m.jobId, ethers.MaxUint256, 1))
      .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneNotFound")
      .withArgs(m.jobId, ethers.MaxUint256);
    await expect(m.escrow.connect(m.client).fund(m.jobId, 0, ethers.MaxUint256))
      .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneNotFound")
      .withArgs(m.jobId, 1);
  });

  it("can only be called by the job's client", async () => {
    const m = await networkHelpers.loadFixture(permitFixture);
    await expect(m.escrow.connect(m.stranger).fundWithPermit(m.jobId, 0, 1, 0, 27, ethers.ZeroHash, ethers.ZeroHash))
      .to.be.revertedWithCustomError(m.escrow, "EscrowNotClient")
      .withArgs(m.jobId, m.stranger.address);
  });
});

describe("funding with adversarial tokens", () => {
  it("refuses a fee-on-transfer token that delivers less than it was asked to move", async () => {
    const m = await networkHelpers.loadFixture(deployMosaicWithAdversarialTokens);
    const token = await m.feeOnTransfer.getAddress();
    const amount = USD(1_000n);
    const jobId = await postJob(m, { token }, [{ amount, deadline: await inDays(5n) }]);

    await expect(m.escrow.connect(m.client).fund(jobId, 0, 1))
      .to.be.revertedWithCustomError(m.escrow, "EscrowTokenDeliveredLess")
      .withArgs(token, amount, amount - amount / 100n);
  });

  it("runs a no-return token through fund, hire and approve", async () => {
    const m = await networkHelpers.loadFixture(deployMosaicWithAdversarialTokens);
    const token = await m.noReturn.getAddress();
    const amount = USD(400n);
    const jobId = await postJob(m, { token }, [{ amount, deadline: await inDays(5n) }]);

    await expect(m.escrow.connect(m.client).fund(jobId, 0, 1)).to.changeTokenBalances(
      ethers,
      m.noReturn,
      [m.client, m.escrow],
      [-amount, amount],
    );
    await hireByQuote(m, jobId, m.vendor, amount);
    await expect(m.escrow.connect(m.client).approve(jobId, 0))
      .to.emit(m.escrow, "MilestoneReleased")
      .withArgs(jobId, 0, m.vendor.address, amount - amount / 200n, amount / 200n, false);

    expect(await m.noReturn.balanceOf(m.vendor.address)).to.equal(amount - amount / 200n);
    expect(await m.noReturn.balanceOf(await m.escrow.getAddress())).to.equal(await m.escrow.feesAccrued(token));
  });

  it("runs a return-false token through fund, hire and approve", async () => {
    const m = await networkHelpers.loadFixture(deployMosaicWithAdversarialTokens);
    const token = await m.returnFalse.getAddress();
    const amount = USD(400n);
    const jobId = await postJob(m, { token }, [{ amount, deadline: await inDays(5n) }]);

    await m.escrow.connect(m.client).fund(jobId, 0, 1);
    expect(await m.returnFalse.balanceOf(await m.escrow.getAddress())).to.equal(amount);
    await hireByQuote(m, jobId, m.vendor, amount);
    await expect(m.escrow.connect(m.client).approve(jobId, 0))
      .to.emit(m.escrow, "MilestoneReleased")
      .withArgs(jobId, 0, m.vendor.address, amount - amount / 200n, amount / 200n, false);

    expect(await m.returnFalse.balanceOf(m.vendor.address)).to.equal(amount - amount / 200n);
    expect(await m.returnFalse.balanceOf(await m.escrow.getAddress())).to.equal(await m.escrow.feesAccrued(token));
  });

  it("reverts with SafeERC20FailedOperation when a return-false token refuses the transfer", async () => {
    const m = await networkHelpers.loadFixture(deployMosaicWithAdversarialTokens);
    const token = await m.returnFalse.getAddress();
    const jobId = await postJob(m, { token }, [{ amount: USD(1n), deadline: await inDays(5n) }]);
    await m.returnFalse.connect(m.client).approve(await m.escrow.getAddress(), 0);

    await expect(m.escrow.connect(m.client).fund(jobId, 0, 1))
      .to.be.revertedWithCustomError(m.escrow, "SafeERC20FailedOperation")
      .withArgs(token);
  });

  it("gives a token that re-enters fund during transferFrom nothing", async () => {
    const m = await networkHelpers.loadFixture(deployMosaicWithAdversarialTokens);
    const token = await m.reentrant.getAddress();
    const escrow = await m.escrow.getAddress();
    const deadline = await inDays(5n);
    const jobId = await postJob(m, { token }, [{ amount: USD(10n), deadline }]);
    const other = await postJob(m, { token }, [{ amount: USD(20n), deadline }]);
    await m.reentrant.arm(escrow, m.escrow.interface.encodeFunctionData("fund", [other, 0, 1]));

    await expect(m.escrow.connect(m.client).fund(jobId, 0, 1))
      .to.emit(m.escrow, "MilestonesFunded")
      .withArgs(jobId, 0, 1, USD(10n));

    // `target` is also ethers' Contract address property, hence getFunction.
    expect(await m.reentrant.getFunction("target")()).to.equal(ethers.ZeroAddress);
    expect(await m.reentrant.lastCallSucceeded()).to.equal(false);
    expect(await m.reentrant.lastCallResult()).to.equal(REENTRANT_CALL);
    expect((await m.escrow.milestoneOf(other, 0)).state).to.equal(State.Created);
    expect(await m.reentrant.balanceOf(escrow)).to.equal(USD(10n));
  });

  it("gives a token that re-enters approve while being paid out nothing", async () => {
    const m = await networkHelpers.loadFixture(deployMosaicWithAdversarialTokens);
    const token = await m.reentrant.getAddress();
    const escrow = await m.escrow.getAddress();
    const deadline = await inDays(5n);
    const amount = USD(100n);
    const jobId = await postJob(m, { token }, [
      { amount, deadline },
      { amount, deadline },
    ]);
    await m.escrow.connect(m.client).fund(jobId, 0, 2);
    await hireByQuote(m, jobId, m.vendor, 2n * amount);
    await m.reentrant.arm(escrow, m.escrow.interface.encodeFunctionData("approve", [jobId, 1]));

    await m.escrow.connect(m.client).approve(jobId, 0);

    expect(await m.reentrant.lastCallSucceeded()).to.equal(false);
    expect(await m.reentrant.lastCallResult()).to.equal(REENTRANT_CALL);
    expect((await m.escrow.milestoneOf(jobId, 1)).state).to.equal(State.Funded);
    const fee = amount / 200n;
    expect(await m.reentrant.balanceOf(m.vendor.address)).to.equal(amount - fee);
    // Still held: milestone 1 and the fee on milestone 0.
    expect(await m.reentrant.balanceOf(escrow)).to.equal(amount + (await m.escrow.feesAccrued(token)));
  });
});

describe("multicall", () => {
  it("posts and funds an ERC-20 job in one transaction", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const amount = USD(75n);
    const jobId = (await m.escrow.jobCount()) + 1n;
    const terms = jobTerms({ token: await m.usd.getAddress() });
    const milestones = [milestoneTerms({ amount, deadline: await inDays(5n) })];

    const batch = m.escrow
      .connect(m.client)
      .multicall([
        m.escrow.interface.encodeFunctionData("postJob", [terms, milestones]),
        m.escrow.interface.encodeFunctionData("fund", [jobId, 0, 1]),
      ]);

    await expect(batch).to.emit(m.escrow, "JobPosted");
    await expect(batch).to.emit(m.escrow, "MilestonesFunded").withArgs(jobId, 0, 1, amount);
    expect((await m.escrow.jobOf(jobId)).client).to.equal(m.client.address);
    expect((await m.escrow.milestoneOf(jobId, 0)).state).to.equal(State.Funded);
  });

  it("reverts the whole batch with the failing call's error", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = (await m.escrow.jobCount()) + 1n;
    const terms = jobTerms({ token: await m.usd.getAddress() });
    const milestones = [milestoneTerms({ amount: USD(1n), deadline: await inDays(5n) })];

    await expect(
      m.escrow
        .connect(m.client)
        .multicall([
          m.escrow.interface.encodeFunctionData("postJob", [terms, milestones]),
          m.escrow.interface.encodeFunctionData("fund", [jobId, 0, 2]),
        ]),
    )
      .to.be.revertedWithCustomError(m.escrow, "EscrowMilestoneNotFound")
      .withArgs(jobId, 1);
    expect(await m.escrow.jobCount()).to.equal(jobId - 1n);
  });
});

describe("postAndFund", () => {
  it("posts an ETH job and escrows every milestone and bonus in one payable call", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const deadline = await inDays(5n);
    const milestones = [
      milestoneTerms({ amount: ONE_ETH, deadline }),
      milestoneTerms({ amount: 2n * ONE_ETH, bonus: ONE_ETH, deadline, outcomeDeadline: deadline + 5n * DAY }),
    ];
    const terms = jobTerms();
    const posting = m.escrow.connect(m.client).postAndFund(terms, milestones, { value: 4n * ONE_ETH });

    await expect(posting).to.emit(m.escrow, "JobPosted");
    await expect(posting).to.emit(m.escrow, "MetaEvidence").withArgs(1n, terms.specCid);
    await expect(posting)
      .to.emit(m.escrow, "MilestonesFunded")
      .withArgs(1n, 0, 2, 4n * ONE_ETH);
    await expect(posting).to.changeEtherBalances(ethers, [m.client, m.escrow], [-4n * ONE_ETH, 4n * ONE_ETH]);
    expect((await m.escrow.milestoneOf(1n, 0)).state).to.equal(State.Funded);
    expect((await m.escrow.milestoneOf(1n, 1)).bonusState).to.equal(Bonus.Held);
    expect(await m.escrow.liabilitiesOf(ethers.ZeroAddress)).to.equal(4n * ONE_ETH);
  });

  it("posts and funds an ERC-20 job from an allowance", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const terms = jobTerms({ token: await m.usd.getAddress() });
    const posting = m.escrow
      .connect(m.client)
      .postAndFund(terms, [milestoneTerms({ amount: USD(10n), deadline: await inDays(5n) })]);
    await expect(posting).to.emit(m.escrow, "MilestonesFunded").withArgs(1n, 0, 1, USD(10n));
    await expect(posting).to.changeTokenBalances(ethers, m.usd, [m.client, m.escrow], [-USD(10n), USD(10n)]);
  });

  it("reverts unless the ETH sent is exactly the total, and takes no ETH with a token", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const milestones = [milestoneTerms({ amount: ONE_ETH, deadline: await inDays(5n) })];
    await expect(m.escrow.connect(m.client).postAndFund(jobTerms(), milestones, { value: ONE_ETH - 1n }))
      .to.be.revertedWithCustomError(m.escrow, "EscrowWrongValue")
      .withArgs(ONE_ETH, ONE_ETH - 1n);
    const terms = jobTerms({ token: await m.usd.getAddress() });
    await expect(m.escrow.connect(m.client).postAndFund(terms, milestones, { value: 1n }))
      .to.be.revertedWithCustomError(m.escrow, "EscrowWrongValue")
      .withArgs(0, 1n);
  });

  it("reverts while paused", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    await m.escrow.pause();
    const milestones = [milestoneTerms({ amount: ONE_ETH, deadline: await inDays(5n) })];
    await expect(
      m.escrow.connect(m.client).postAndFund(jobTerms(), milestones, { value: ONE_ETH }),
    ).to.be.revertedWithCustomError(m.escrow, "EnforcedPause");
  });
});

describe("postAndFundWithPermit", () => {
  it("posts and funds an ERC-20 job with an EIP-2612 permit, without prior approval", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    await m.usd.connect(m.client).approve(await m.escrow.getAddress(), 0);
    const deadline = await inDays(1n);
    const { v, r, s } = await signPermit(m.usd, m.client, await m.escrow.getAddress(), USD(10n), deadline);
    const terms = jobTerms({ token: await m.usd.getAddress() });
    const milestones = [milestoneTerms({ amount: USD(10n), deadline: await inDays(5n) })];
    const posting = m.escrow.connect(m.client).postAndFundWithPermit(terms, milestones, deadline, v, r, s);
    await expect(posting).to.emit(m.escrow, "MilestonesFunded").withArgs(1n, 0, 1, USD(10n));
    await expect(posting).to.changeTokenBalances(ethers, m.usd, [m.client, m.escrow], [-USD(10n), USD(10n)]);
  });

  it("cannot fund an ETH job (it is not payable: use postAndFund)", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const milestones = [milestoneTerms({ amount: ONE_ETH, deadline: await inDays(5n) })];
    await expect(
      m.escrow.connect(m.client).postAndFundWithPermit(jobTerms(), milestones, 0, 0, ethers.ZeroHash, ethers.ZeroHash),
    )
      .to.be.revertedWithCustomError(m.escrow, "EscrowWrongValue")
      .withArgs(ONE_ETH, 0);
  });

  it("reverts while paused", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    await m.escrow.pause();
    const terms = jobTerms({ token: await m.usd.getAddress() });
    const milestones = [milestoneTerms({ amount: USD(1n), deadline: await inDays(5n) })];
    await expect(
      m.escrow.connect(m.client).postAndFundWithPermit(terms, milestones, 0, 0, ethers.ZeroHash, ethers.ZeroHash),
    ).to.be.revertedWithCustomError(m.escrow, "EnforcedPause");
  });
});
