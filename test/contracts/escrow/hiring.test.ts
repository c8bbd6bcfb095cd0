import { expect } from "chai";
import { digestOf } from "../helpers/fixtures.ts";
import {
  ETH_UNIT,
  USD_UNIT,
  ETH_THRESHOLD,
  PRIOR_WEIGHT,
  QUOTE_TYPES,
  REVIEW_WINDOW,
  deployMosaic,
  domainOf,
  ethers,
  networkHelpers,
  postJob,
  signQuote,
  skill,
  type Mosaic,
} from "../helpers/fixtures.ts";
import { buildVendorRecord, hireByQuote, inDays, signQuoteFor } from "../helpers/part1.ts";

const ONE_ETH = ethers.parseEther("1");
const PROFILE = { hourlyRateCents: 10_000, timezoneOffsetMinutes: 0, availabilityHours: 40 };

/** Registers `signer` (the client or the arbiter, in conflict-of-interest tests) as a vendor. */
async function registerAsVendor(m: Mosaic, signer: Mosaic["client"]) {
  await m.registry.connect(signer).setProfile(PROFILE, [skill("solidity")], digestOf("bafyconflicted"));
}

describe("hire", () => {
  /** An invite job: 1 ETH plus a 0.5 ETH bonus, then 2 ETH. */
  async function inviteJob(m: Mosaic) {
    const deadline = await inDays(10n);
    return postJob(m, {}, [
      { amount: ONE_ETH, bonus: ONE_ETH / 2n, deadline, outcomeDeadline: deadline + REVIEW_WINDOW },
      { amount: 2n * ONE_ETH, deadline },
    ]);
  }
  const PRICE = ONE_ETH + ONE_ETH / 2n + 2n * ONE_ETH;

  it("hires the vendor that signed the quote and emits VendorHired by quote", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await inviteJob(m);
    const { quote, signature } = await signQuote(m.escrow, m.vendor, { jobId, price: PRICE });

    await expect(m.escrow.connect(m.client).hire(quote, signature))
      .to.emit(m.escrow, "VendorHired")
      .withArgs(jobId, m.vendor.address, true);

    expect((await m.escrow.jobOf(jobId)).vendor).to.equal(m.vendor.address);
  });

  it("prices a job at its amounts plus bonuses", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await inviteJob(m);
    const withoutBonus = 3n * ONE_ETH;
    const { quote, signature } = await signQuote(m.escrow, m.vendor, { jobId, price: withoutBonus });

    await expect(m.escrow.connect(m.client).hire(quote, signature))
      .to.be.revertedWithCustomError(m.escrow, "EscrowQuotePriceMismatch")
      .withArgs(jobId, withoutBonus, PRICE);
  });

  it("leaves cancelled milestones out of the price", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await inviteJob(m);
    const full = await signQuote(m.escrow, m.vendor, { jobId, price: PRICE });
    await m.escrow.connect(m.client).cancel(jobId, 1);

    await expect(m.escrow.connect(m.client).hire(full.quote, full.signature))
      .to.be.revertedWithCustomError(m.escrow, "EscrowQuotePriceMismatch")
      .withArgs(jobId, PRICE, PRICE - 2n * ONE_ETH);

    const reduced = await signQuote(m.escrow, m.vendor, { jobId, price: PRICE - 2n * ONE_ETH });
    await expect(m.escrow.connect(m.client).hire(reduced.quote, reduced.signature))
      .to.emit(m.escrow, "VendorHired")
      .withArgs(jobId, m.vendor.address, true);
  });

  // Refunding before hiring is as good as cancelling: the quote must not price what will never be paid.
  it("leaves milestones the client refunded before hiring out of the price", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await inviteJob(m);
    const full = await signQuote(m.escrow, m.vendor, { jobId, price: PRICE });
    await m.escrow.connect(m.client).fund(jobId, 1, 1, { value: 2n * ONE_ETH });
    await m.escrow.connect(m.client).refund(jobId, 1);

    await expect(m.escrow.connect(m.client).hire(full.quote, full.signature))
      .to.be.revertedWithCustomError(m.escrow, "EscrowQuotePriceMismatch")
      .withArgs(jobId, PRICE, PRICE - 2n * ONE_ETH);
  });

  it("rejects a job that already has a vendor", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await inviteJob(m);
    const first = await signQuote(m.escrow, m.vendor, { jobId, price: PRICE });
    await m.escrow.connect(m.client).hire(first.quote, first.signature);
    const second = await signQuote(m.escrow, m.vendor2, { jobId, price: PRICE });

    await expect(m.escrow.connect(m.client).hire(second.quote, second.signature))
      .to.be.revertedWithCustomError(m.escrow, "EscrowAlreadyHired")
      .withArgs(jobId, m.vendor.address);
  });

  it("accepts a quote up to its expiry and rejects it after", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await inviteJob(m);
    const expiresAt = await inDays(1n);
    const { quote, signature } = await signQuote(m.escrow, m.vendor, { jobId, price: PRICE, expiresAt });

    await networkHelpers.time.setNextBlockTimestamp(expiresAt + 1n);
    await expect(m.escrow.connect(m.client).hire(quote, signature))
      .to.be.revertedWithCustomError(m.escrow, "EscrowQuoteExpired")
      .withArgs(jobId, expiresAt);
  });

  it("accepts a quote in the block at its expiry", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await inviteJob(m);
    const expiresAt = await inDays(1n);
    const { quote, signature } = await signQuote(m.escrow, m.vendor, { jobId, price: PRICE, expiresAt });

    await networkHelpers.time.setNextBlockTimestamp(expiresAt);
    await expect(m.escrow.connect(m.client).hire(quote, signature)).to.emit(m.escrow, "VendorHired");
  });

  it("rejects a quote the vendor revoked, and accepts one with the new nonce", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await inviteJob(m);
    const old = await signQuote(m.escrow, m.vendor, { jobId, price: PRICE });
    await m.escrow.connect(m.vendor).revokeQuotes();

    await expect(m.escrow.connect(m.client).hire(old.quote, old.signature))
      .to.be.revertedWithCustomError(m.escrow, "EscrowQuoteRevoked")
      .withArgs(m.vendor.address, 0);

    const fresh = await signQuote(m.escrow, m.vendor, { jobId, price: PRICE });
    expect(fresh.quote.nonce).to.equal(1n);
    await expect(m.escrow.connect(m.client).hire(fresh.quote, fresh.signature)).to.emit(m.escrow, "VendorHired");
  });

  it("rejects a quote with a nonce ahead of the vendor's", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await inviteJob(m);
    const { quote, signature } = await signQuote(m.escrow, m.vendor, { jobId, price: PRICE, nonce: 1n });
    await expect(m.escrow.connect(m.client).hire(quote, signature))
      .to.be.revertedWithCustomError(m.escrow, "EscrowQuoteRevoked")
      .withArgs(m.vendor.address, 1);
  });

  it("rejects a quote signed by someone other than its vendor", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await inviteJob(m);
    const { quote, signature } = await signQuoteFor(m.escrow, m.stranger, m.vendor.address, { jobId, price: PRICE });
    await expect(m.escrow.connect(m.client).hire(quote, signature))
      .to.be.revertedWithCustomError(m.escrow, "EscrowInvalidSignature")
      .withArgs(m.vendor.address);
  });

  it("rejects a quote tampered with after signing", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await inviteJob(m);
    const { quote, signature } = await signQuote(m.escrow, m.vendor, { jobId, price: PRICE });
    await expect(m.escrow.connect(m.client).hire({ ...quote, expiresAt: quote.expiresAt + 1n }, signature))
      .to.be.revertedWithCustomError(m.escrow, "EscrowInvalidSignature")
      .withArgs(m.vendor.address);
  });

  it("rejects a quote signed for another job at the same price", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const signedFor = await inviteJob(m);
    const other = await inviteJob(m);
    const { quote, signature } = await signQuote(m.escrow, m.vendor, { jobId: signedFor, price: PRICE });
    await expect(m.escrow.connect(m.client).hire({ ...quote, jobId: other }, signature))
      .to.be.revertedWithCustomError(m.escrow, "EscrowInvalidSignature")
      .withArgs(m.vendor.address);
  });

  it("rejects a quote signed for another escrow deployment", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await inviteJob(m);
    const elsewhere = await ethers.deployContract("MosaicEscrow", [
      m.operator.address,
      m.treasury.address,
      await m.registry.getAddress(),
      1n,
      ETH_THRESHOLD,
      PRIOR_WEIGHT,
    ]);
    const { quote, signature } = await signQuote(elsewhere as unknown as Mosaic["escrow"], m.vendor, {
      jobId,
      price: PRICE,
    });
    await expect(m.escrow.connect(m.client).hire(quote, signature))
      .to.be.revertedWithCustomError(m.escrow, "EscrowInvalidSignature")
      .withArgs(m.vendor.address);
  });

  it("rejects a malformed signature", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await inviteJob(m);
    const { quote } = await signQuote(m.escrow, m.vendor, { jobId, price: PRICE });
    await expect(m.escrow.connect(m.client).hire(quote, "0x1234"))
      .to.be.revertedWithCustomError(m.escrow, "EscrowInvalidSignature")
      .withArgs(m.vendor.address);
  });

  it("rejects a vendor without a profile", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await inviteJob(m);
    const { quote, signature } = await signQuote(m.escrow, m.stranger, { jobId, price: PRICE });
    await expect(m.escrow.connect(m.client).hire(quote, signature))
      .to.be.revertedWithCustomError(m.escrow, "EscrowVendorUnqualified")
      .withArgs(jobId, m.stranger.address);
  });

  it("rejects a vendor that deregistered after signing", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await inviteJob(m);
    const { quote, signature } = await signQuote(m.escrow, m.vendor, { jobId, price: PRICE });
    await m.registry.connect(m.vendor).deregister();
    await expect(m.escrow.connect(m.client).hire(quote, signature))
      .to.be.revertedWithCustomError(m.escrow, "EscrowVendorUnqualified")
      .withArgs(jobId, m.vendor.address);
  });

  it("rejects the client hiring itself", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await inviteJob(m);
    await registerAsVendor(m, m.client);
    const { quote, signature } = await signQuote(m.escrow, m.client, { jobId, price: PRICE });
    await expect(m.escrow.connect(m.client).hire(quote, signature))
      .to.be.revertedWithCustomError(m.escrow, "EscrowConflictOfInterest")
      .withArgs(m.client.address);
  });

  it("rejects hiring the job's arbiter", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await inviteJob(m);
    await registerAsVendor(m, m.arbiter);
    const { quote, signature } = await signQuote(m.escrow, m.arbiter, { jobId, price: PRICE });
    await expect(m.escrow.connect(m.client).hire(quote, signature))
      .to.be.revertedWithCustomError(m.escrow, "EscrowConflictOfInterest")
      .withArgs(m.arbiter.address);
  });

  it("can only be called by the job's client", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await inviteJob(m);
    const { quote, signature } = await signQuote(m.escrow, m.vendor, { jobId, price: PRICE });
    await expect(m.escrow.connect(m.stranger).hire(quote, signature))
      .to.be.revertedWithCustomError(m.escrow, "EscrowNotClient")
      .withArgs(jobId, m.stranger.address);
  });

  it("rejects a quote for a job that does not exist", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const { quote, signature } = await signQuote(m.escrow, m.vendor, { jobId: 42n, price: PRICE });
    await expect(m.escrow.connect(m.client).hire(quote, signature))
      .to.be.revertedWithCustomError(m.escrow, "EscrowJobNotFound")
      .withArgs(42);
  });

  it("lets the client hire from a quote on an open job, without the claim requirements", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await postJob(m, { open: true, minRating: 500, minPaidJobs: 10, requiredSkills: [skill("rust")] }, [
      { amount: ONE_ETH, deadline: await inDays(5n) },
    ]);
    const { quote, signature } = await signQuote(m.escrow, m.vendor, { jobId, price: ONE_ETH });
    await expect(m.escrow.connect(m.client).hire(quote, signature))
      .to.emit(m.escrow, "VendorHired")
      .withArgs(jobId, m.vendor.address, true);
  });

  it("accepts a quote from an ERC-1271 contract wallet signed by its owner", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await inviteJob(m);
    const wallet = await ethers.deployContract("MockERC1271Wallet", [m.stranger.address]);
    const walletAddress = await wallet.getAddress();
    await wallet
      .connect(m.stranger)
      .execute(
        await m.registry.getAddress(),
        m.registry.interface.encodeFunctionData("setProfile", [PROFILE, [skill("solidity")], digestOf("bafywallet")]),
      );
    const { quote, signature } = await signQuoteFor(m.escrow, m.stranger, walletAddress, { jobId, price: PRICE });

    await expect(m.escrow.connect(m.client).hire(quote, signature))
      .to.emit(m.escrow, "VendorHired")
      .withArgs(jobId, walletAddress, true);
  });

  it("accepts a plain signature from an account that carries code (EIP-7702 delegation)", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await inviteJob(m);
    // The vendor's EOA now runs a delegate's code that has no isValidSignature (like a 7702 account
    // delegated to a minimal wallet): the old check tried ERC-1271 only and refused the key's signature.
    const delegate = await ethers.deployContract("RejectingReceiver");
    await networkHelpers.setCode(m.vendor.address, await ethers.provider.getCode(await delegate.getAddress()));
    const { quote, signature } = await signQuote(m.escrow, m.vendor, { jobId, price: PRICE });

    await expect(m.escrow.connect(m.client).hire(quote, signature))
      .to.emit(m.escrow, "VendorHired")
      .withArgs(jobId, m.vendor.address, true);
  });

  it("rejects a quote for an ERC-1271 wallet signed by someone other than its owner", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await inviteJob(m);
    const wallet = await ethers.deployContract("MockERC1271Wallet", [m.stranger.address]);
    const walletAddress = await wallet.getAddress();
    const { quote, signature } = await signQuoteFor(m.escrow, m.vendor2, walletAddress, { jobId, price: PRICE });

    await expect(m.escrow.connect(m.client).hire(quote, signature))
      .to.be.revertedWithCustomError(m.escrow, "EscrowInvalidSignature")
      .withArgs(walletAddress);
  });
});

describe("claim", () => {
  const REQUIRED = [skill("solidity"), skill("typescript")];

  /** An open job asking for `REQUIRED` and the given track record. */
  async function openJob(m: Mosaic, requirements: { minRating?: number; minPaidJobs?: number } = {}) {
    return postJob(m, { open: true, requiredSkills: REQUIRED, ...requirements }, [
      { amount: ONE_ETH, deadline: await inDays(5n) },
    ]);
  }

  it("lets a qualified vendor take an open job and emits VendorHired by claim", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await openJob(m);

    await expect(m.escrow.connect(m.vendor).claim(jobId, REQUIRED))
      .to.emit(m.escrow, "VendorHired")
      .withArgs(jobId, m.vendor.address, false);

    expect((await m.escrow.jobOf(jobId)).vendor).to.equal(m.vendor.address);
  });

  it("lets any registered vendor take an open job without requirements", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await postJob(m, { open: true }, [{ amount: ONE_ETH, deadline: await inDays(5n) }]);
    await expect(m.escrow.connect(m.vendor2).claim(jobId, []))
      .to.emit(m.escrow, "VendorHired")
      .withArgs(jobId, m.vendor2.address, false);
  });

  it("rejects an invite job", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await postJob(m, {}, [{ amount: ONE_ETH, deadline: await inDays(5n) }]);
    await expect(m.escrow.connect(m.vendor).claim(jobId, []))
      .to.be.revertedWithCustomError(m.escrow, "EscrowNotOpen")
      .withArgs(jobId);
  });

  it("rejects a job that already has a vendor", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await postJob(m, { open: true }, [{ amount: ONE_ETH, deadline: await inDays(5n) }]);
    await m.escrow.connect(m.vendor).claim(jobId, []);
    await expect(m.escrow.connect(m.vendor2).claim(jobId, []))
      .to.be.revertedWithCustomError(m.escrow, "EscrowAlreadyHired")
      .withArgs(jobId, m.vendor.address);
  });

  it("rejects a skill list in another order than posted", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await openJob(m);
    await expect(m.escrow.connect(m.vendor).claim(jobId, [...REQUIRED].reverse()))
      .to.be.revertedWithCustomError(m.escrow, "EscrowSkillsMismatch")
      .withArgs(jobId);
  });

  it("rejects a skill list missing one of the required skills", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await openJob(m);
    await expect(m.escrow.connect(m.vendor).claim(jobId, [skill("solidity")]))
      .to.be.revertedWithCustomError(m.escrow, "EscrowSkillsMismatch")
      .withArgs(jobId);
    await expect(m.escrow.connect(m.vendor).claim(jobId, []))
      .to.be.revertedWithCustomError(m.escrow, "EscrowSkillsMismatch")
      .withArgs(jobId);
  });

  it("rejects a skill list for a job that requires none", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await postJob(m, { open: true }, [{ amount: ONE_ETH, deadline: await inDays(5n) }]);
    await expect(m.escrow.connect(m.vendor).claim(jobId, [skill("solidity")]))
      .to.be.revertedWithCustomError(m.escrow, "EscrowSkillsMismatch")
      .withArgs(jobId);
  });

  it("rejects a vendor missing a required skill", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await openJob(m);
    await expect(m.escrow.connect(m.vendor2).claim(jobId, REQUIRED))
      .to.be.revertedWithCustomError(m.escrow, "EscrowVendorUnqualified")
      .withArgs(jobId, m.vendor2.address);
  });

  it("rejects an address without a profile, even when no skill is required", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await postJob(m, { open: true }, [{ amount: ONE_ETH, deadline: await inDays(5n) }]);
    await expect(m.escrow.connect(m.stranger).claim(jobId, []))
      .to.be.revertedWithCustomError(m.escrow, "EscrowVendorUnqualified")
      .withArgs(jobId, m.stranger.address);
  });

  it("rejects a vendor whose new profile dropped a required skill", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await openJob(m);
    await m.registry.connect(m.vendor).setProfile(PROFILE, [skill("solidity")], digestOf("bafyvendor-v2"));
    await expect(m.escrow.connect(m.vendor).claim(jobId, REQUIRED))
      .to.be.revertedWithCustomError(m.escrow, "EscrowVendorUnqualified")
      .withArgs(jobId, m.vendor.address);
  });

  it("rejects the client claiming its own job", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await postJob(m, { open: true }, [{ amount: ONE_ETH, deadline: await inDays(5n) }]);
    await registerAsVendor(m, m.client);
    await expect(m.escrow.connect(m.client).claim(jobId, []))
      .to.be.revertedWithCustomError(m.escrow, "EscrowConflictOfInterest")
      .withArgs(m.client.address);
  });

  it("rejects the job's arbiter", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await postJob(m, { open: true }, [{ amount: ONE_ETH, deadline: await inDays(5n) }]);
    await registerAsVendor(m, m.arbiter);
    await expect(m.escrow.connect(m.arbiter).claim(jobId, []))
      .to.be.revertedWithCustomError(m.escrow, "EscrowConflictOfInterest")
      .withArgs(m.arbiter.address);
  });

  it("rejects a vendor without any rating when a minimum rating is set: its adjusted rating is the 1-star prior", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const jobId = await openJob(m, { minRating: 400 });
    await expect(m.escrow.connect(m.vendor).claim(jobId, REQUIRED))
      .to.be.revertedWithCustomError(m.escrow, "EscrowRatingTooLow")
      .withArgs(jobId, 100, 400);
  });

  it("compares the minimum with the confidence-adjusted rating, and accepts a vendor at it", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    await buildVendorRecord(m, m.vendor, 3);
    expect(await m.escrow.vendorRatingOf(m.vendor.address)).to.equal(300n);
    // 1,000 units of 3 stars against 500 units of 1-star prior: (500 + 3,000) * 100 / 1,500 = 233.
    expect(await m.escrow.adjustedVendorRatingOf(m.vendor.address)).to.equal(233n);
    const jobId = await openJob(m, { minRating: 300 });

    await expect(m.escrow.connect(m.vendor).claim(jobId, REQUIRED))
      .to.be.revertedWithCustomError(m.escrow, "EscrowRatingTooLow")
      .withArgs(jobId, 233, 300);

    const atMinimum = await openJob(m, { minRating: 233 });
    await expect(m.escrow.connect(m.vendor).claim(atMinimum, REQUIRED)).to.emit(m.escrow, "VendorHired");
  });

  it("rejects a vendor with fewer paid vendor jobs than the minimum, and accepts one that has enough", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const first = await openJob(m, { minPaidJobs: 1 });
    await expect(m.escrow.connect(m.vendor).claim(first, REQUIRED))
      .to.be.revertedWithCustomError(m.escrow, "EscrowTooFewPaidJobs")
      .withArgs(first, 0, 1);

    await buildVendorRecord(m, m.vendor, 5);
    expect((await m.escrow.vendorStatsOf(m.vendor.address)).paidJobs).to.equal(1n);
    const second = await openJob(m, { minPaidJobs: 2 });
    await expect(m.escrow.connect(m.vendor).claim(second, REQUIRED))
      .to.be.revertedWithCustomError(m.escrow, "EscrowTooFewPaidJobs")
      .withArgs(second, 1, 2);

    await expect(m.escrow.connect(m.vendor).claim(first, REQUIRED))
      .to.emit(m.escrow, "VendorHired")
      .withArgs(first, m.vendor.address, false);
  });

  it("ignores what an address did as a client: a friend's rating of it as a client qualifies it for nothing", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    // The vendor hires vendor2 as a client, pays 1,000 tokens and is rated 5 by vendor2.
    const amount = 1_000n * USD_UNIT;
    const asClient = await postJob({ escrow: m.escrow, client: m.vendor }, { token: await m.usd.getAddress() }, [
      { amount, deadline: await inDays(5n) },
    ]);
    await m.escrow.connect(m.vendor).fund(asClient, 0, 1);
    const { quote, signature } = await signQuote(m.escrow, m.vendor2, { jobId: asClient, price: amount });
    await m.escrow.connect(m.vendor).hire(quote, signature);
    await m.escrow.connect(m.vendor).approve(asClient, 0);
    await m.escrow.connect(m.vendor2).rate(asClient, 5);
    expect((await m.escrow.clientStatsOf(m.vendor.address)).ratingCount).to.equal(1n);

    const jobId = await openJob(m, { minPaidJobs: 1 });
    await expect(m.escrow.connect(m.vendor).claim(jobId, REQUIRED))
      .to.be.revertedWithCustomError(m.escrow, "EscrowTooFewPaidJobs")
      .withArgs(jobId, 0, 1);
    const rated = await openJob(m, { minRating: 200 });
    await expect(m.escrow.connect(m.vendor).claim(rated, REQUIRED))
      .to.be.revertedWithCustomError(m.escrow, "EscrowRatingTooLow")
      .withArgs(rated, 100, 200);
  });

  it("no longer lets three one-dollar jobs from throwaway clients buy a 5.00 rating and 3 paid jobs", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const throwaways = (await ethers.getSigners()).slice(10, 13);
    for (const client of throwaways) {
      await m.usd.mint(client.address, USD_UNIT);
      await m.usd.connect(client).approve(await m.escrow.getAddress(), USD_UNIT);
      const jobId = await postJob({ escrow: m.escrow, client }, { token: await m.usd.getAddress() }, [
        { amount: USD_UNIT, deadline: await inDays(5n) },
      ]);
      await m.escrow.connect(client).fund(jobId, 0, 1);
      const { quote, signature } = await signQuote(m.escrow, m.vendor, { jobId, price: USD_UNIT });
      await m.escrow.connect(client).hire(quote, signature);
      await m.escrow.connect(client).approve(jobId, 0);
      await m.escrow.connect(client).rate(jobId, 5);
    }
    // Three ratings of weight 1 at 5 stars: a raw 5.00, but (500 + 15) * 100 / 503 = 102 adjusted,
    // and none of the jobs paid the 100-token threshold.
    expect(await m.escrow.vendorRatingOf(m.vendor.address)).to.equal(500n);
    expect(await m.escrow.adjustedVendorRatingOf(m.vendor.address)).to.equal(102n);
    const byRating = await openJob(m, { minRating: 450 });
    await expect(m.escrow.connect(m.vendor).claim(byRating, REQUIRED))
      .to.be.revertedWithCustomError(m.escrow, "EscrowRatingTooLow")
      .withArgs(byRating, 102, 450);
    const byJobs = await openJob(m, { minPaidJobs: 3 });
    await expect(m.escrow.connect(m.vendor).claim(byJobs, REQUIRED))
      .to.be.revertedWithCustomError(m.escrow, "EscrowTooFewPaidJobs")
      .withArgs(byJobs, 0, 3);
  });

  it("does not count a paid job the client left unrated towards the minimum", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const paid = await postJob(m, {}, [{ amount: ONE_ETH, deadline: await inDays(5n) }]);
    await m.escrow.connect(m.client).fund(paid, 0, 1, { value: ONE_ETH });
    await hireByQuote(m, paid, m.vendor, ONE_ETH);
    await m.escrow.connect(m.client).approve(paid, 0);
    const jobId = await openJob(m, { minPaidJobs: 1 });

    await expect(m.escrow.connect(m.vendor).claim(jobId, REQUIRED))
      .to.be.revertedWithCustomError(m.escrow, "EscrowTooFewPaidJobs")
      .withArgs(jobId, 0, 1);
  });

  it("does not count a weightless rating from a dust payment towards the minimum", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    // Less than one weight unit paid: the rating carries no weight.
    const dust = ETH_UNIT - 1n;
    const paid = await postJob(m, {}, [{ amount: dust, deadline: await inDays(5n) }]);
    await m.escrow.connect(m.client).fund(paid, 0, 1, { value: dust });
    await hireByQuote(m, paid, m.vendor, dust);
    await m.escrow.connect(m.client).approve(paid, 0);
    await m.escrow.connect(m.client).rate(paid, 5);
    const jobId = await openJob(m, { minPaidJobs: 1 });

    await expect(m.escrow.connect(m.vendor).claim(jobId, REQUIRED))
      .to.be.revertedWithCustomError(m.escrow, "EscrowTooFewPaidJobs")
      .withArgs(jobId, 0, 1);
  });

  it("rejects a job that does not exist", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    await expect(m.escrow.connect(m.vendor).claim(3, []))
      .to.be.revertedWithCustomError(m.escrow, "EscrowJobNotFound")
      .withArgs(3);
  });
});

describe("revokeQuotes", () => {
  it("bumps the caller's quote nonce and emits QuotesRevoked", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    expect(await m.escrow.quoteNonce(m.vendor.address)).to.equal(0n);

    await expect(m.escrow.connect(m.vendor).revokeQuotes())
      .to.emit(m.escrow, "QuotesRevoked")
      .withArgs(m.vendor.address, 1);
    await expect(m.escrow.connect(m.vendor).revokeQuotes())
      .to.emit(m.escrow, "QuotesRevoked")
      .withArgs(m.vendor.address, 2);

    expect(await m.escrow.quoteNonce(m.vendor.address)).to.equal(2n);
    expect(await m.escrow.quoteNonce(m.vendor2.address)).to.equal(0n);
  });
});

describe("hashQuote", () => {
  it("matches the EIP-712 digest ethers computes for the Mosaic Escrow domain", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const quote = { jobId: 7n, vendor: m.vendor.address, price: 123n * ONE_ETH, nonce: 3n, expiresAt: 2n ** 40n };

    const expected = ethers.TypedDataEncoder.hash(await domainOf(m.escrow), QUOTE_TYPES, quote);

    expect(await m.escrow.hashQuote(quote)).to.equal(expected);
    const { signature } = await signQuote(m.escrow, m.vendor, quote);
    expect(ethers.recoverAddress(expected, signature)).to.equal(m.vendor.address);
  });
});
