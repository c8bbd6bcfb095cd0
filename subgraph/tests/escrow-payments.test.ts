import { BigInt } from "@graphprotocol/graph-ts";
import { afterEach, assert, beforeEach, clearStore, describe, test } from "matchstick-as/assembly/index";
import { Token } from "../generated/schema";
import {
  handleBonusReleased,
  handleBonusReturned,
  handleFeesCollected,
  handleMilestoneRefunded,
  handleMilestoneReleased,
  handlePaymentDeferred,
  handleWithdrawn,
} from "../src/mappings/escrow";
import {
  bonusReleased,
  bonusReturned,
  feesCollected,
  milestoneRefunded,
  milestoneReleased,
  paymentDeferred,
  withdrawn,
} from "./utils/escrow-events";
import { CLIENT, ETH, OTHER_VENDOR, START_TIME, TREASURY, VENDOR, ether, lastEventId, resetChain } from "./utils/mock";
import {
  WEIGHT_UNIT,
  amount0,
  amount1,
  bonus0,
  configureEth,
  feeOf,
  jobTotal,
  postFundedJob,
  postHiredJob,
  postJob,
  registerVendor,
  release,
  standardJob,
} from "./utils/scenario";
import { handleMilestonesFunded, handleVendorHired } from "../src/mappings/escrow";
import { milestonesFunded, vendorHired } from "./utils/escrow-events";

const C = CLIENT.toHexString();
const V = VENDOR.toHexString();
const E = ETH.toHexString();

function net(gross: BigInt): BigInt {
  return gross.minus(feeOf(gross));
}

/** Checks both identities of subgraph/README.md for ETH. */
function assertBooksBalance(): void {
  let token = Token.load(ETH)!;
  let credited = token.held
    .plus(token.totalPaidToVendors)
    .plus(token.totalRefunded)
    .plus(token.totalArbiterFees)
    .plus(token.feesAccrued)
    .plus(token.feesCollected);
  assert.bigIntEquals(token.totalDeposited, credited);
  assert.bigIntEquals(token.owed, token.totalDeferred.minus(token.totalWithdrawn));
}

describe("handleMilestoneReleased", () => {
  beforeEach(() => {
    resetChain();
    postHiredJob(1);
  });
  afterEach(() => {
    clearStore();
  });

  test("credits the vendor net of the fee and accrues the fee", () => {
    release(1, 0, amount0());
    assert.fieldEquals("Milestone", "1-0", "state", "Paid");
    assert.fieldEquals("Milestone", "1-0", "bonusState", "Held");
    assert.fieldEquals("Milestone", "1-0", "paidAt", START_TIME.toString());
    assert.fieldEquals("Milestone", "1-0", "automaticRelease", "false");
    assert.fieldEquals("Milestone", "1-0", "held", bonus0().toString());
    assert.fieldEquals("Milestone", "1-0", "vendorGross", amount0().toString());
    assert.fieldEquals("Milestone", "1-0", "paidToVendor", net(amount0()).toString());
    assert.fieldEquals("Milestone", "1-0", "fees", feeOf(amount0()).toString());
    let id = lastEventId();
    assert.fieldEquals("Payment", id, "kind", "Milestone");
    assert.fieldEquals("Payment", id, "job", "1");
    assert.fieldEquals("Payment", id, "milestone", "1-0");
    assert.fieldEquals("Payment", id, "vendor", V);
    assert.fieldEquals("Payment", id, "client", C);
    assert.fieldEquals("Payment", id, "token", E);
    assert.fieldEquals("Payment", id, "gross", amount0().toString());
    assert.fieldEquals("Payment", id, "toVendor", net(amount0()).toString());
    assert.fieldEquals("Payment", id, "fee", feeOf(amount0()).toString());
    assert.fieldEquals("Payment", id, "automatic", "false");
    assert.fieldEquals("FeeAccrual", id, "amount", feeOf(amount0()).toString());
    assert.fieldEquals("FeeAccrual", id, "source", "Milestone");
    assert.fieldEquals("FeeAccrual", id, "feeBps", "50");
  });

  test("moves the money on the token, the job and the day", () => {
    release(1, 0, amount0());
    let held = jobTotal().minus(amount0()).toString();
    assert.fieldEquals("Token", E, "held", held);
    assert.fieldEquals("Token", E, "feesAccrued", feeOf(amount0()).toString());
    assert.fieldEquals("Token", E, "totalPaidToVendors", net(amount0()).toString());
    assert.fieldEquals("Job", "1", "held", held);
    assert.fieldEquals("Job", "1", "vendorGross", amount0().toString());
    assert.fieldEquals("Job", "1", "paidToVendor", net(amount0()).toString());
    assert.fieldEquals("Job", "1", "fees", feeOf(amount0()).toString());
    let day = ETH.concatI32(20089).toHexString();
    assert.fieldEquals("TokenDayStat", day, "paidToVendors", net(amount0()).toString());
    assert.fieldEquals("TokenDayStat", day, "feesAccrued", feeOf(amount0()).toString());
    assert.fieldEquals("TokenDayStat", day, "date", START_TIME.toString());
    assert.fieldEquals("TokenDayStat", day, "closingHeld", held);
    assert.fieldEquals("Client", C, "paidMilestones", "1");
    assert.fieldEquals("Protocol", "mosaic", "paidMilestoneCount", "1");
    assert.fieldEquals("Protocol", "mosaic", "paymentCount", "1");
    assert.fieldEquals("DailyStat", "20089", "milestonesPaid", "1");
    assertBooksBalance();
  });

  test("counts the job once in paidJobs and adds every credit to the weight-unit volume", () => {
    release(1, 0, amount0());
    assert.fieldEquals("Vendor", V, "paidJobs", "1");
    // 100 ETH at 0.001 ETH per unit.
    assert.fieldEquals("Vendor", V, "paidVolume", "100000");
    assert.fieldEquals("Job", "1", "vendorPaidUnits", "100000");
    release(1, 1, amount1());
    assert.fieldEquals("Vendor", V, "paidJobs", "1");
    assert.fieldEquals("Vendor", V, "paidVolume", "150000");
    let volume = VENDOR.concat(ETH).toHexString();
    assert.fieldEquals("VendorTokenVolume", volume, "gross", ether(150).toString());
    assert.fieldEquals("VendorTokenVolume", volume, "net", net(amount0()).plus(net(amount1())).toString());
    assert.fieldEquals("VendorTokenVolume", volume, "paymentCount", "2");
  });

  test("marks a release after the review window as automatic", () => {
    release(1, 0, amount0(), true);
    assert.fieldEquals("Payment", lastEventId(), "automatic", "true");
    assert.fieldEquals("Milestone", "1-0", "automaticRelease", "true");
  });

  test("frees the vendor once no base amount is in progress, with a bonus still undecided", () => {
    release(1, 0, amount0());
    release(1, 1, amount1());
    assert.fieldEquals("Vendor", V, "activeJobs", "0");
    assert.fieldEquals("Job", "1", "vendorActive", "false");
    assert.fieldEquals("Job", "1", "status", "Hired");
    assert.fieldEquals("Job", "1", "liveMilestones", "1");
  });

  test("records no fee accrual at a zero fee", () => {
    clearStore();
    resetChain();
    configureEth();
    registerVendor(VENDOR);
    let spec = standardJob(2);
    spec.feeBps = 0;
    postJob(spec);
    handleMilestonesFunded(milestonesFunded(2, 0, 2, jobTotal()));
    handleVendorHired(vendorHired(2, VENDOR, false));
    handleMilestoneReleased(milestoneReleased(2, 1, VENDOR, amount1(), BigInt.zero(), false));
    assert.fieldEquals("Payment", lastEventId(), "fee", "0");
    assert.notInStore("FeeAccrual", lastEventId());
  });
});

describe("handleBonusReleased", () => {
  beforeEach(() => {
    resetChain();
    postHiredJob(1);
    release(1, 0, amount0());
  });
  afterEach(() => {
    clearStore();
  });

  test("credits the bonus to the vendor", () => {
    handleBonusReleased(bonusReleased(1, 0, net(bonus0()), feeOf(bonus0())));
    assert.fieldEquals("Milestone", "1-0", "bonusState", "Released");
    assert.fieldEquals("Milestone", "1-0", "held", "0");
    assert.fieldEquals("Milestone", "1-0", "vendorGross", amount0().plus(bonus0()).toString());
    assert.fieldEquals("Payment", lastEventId(), "kind", "Bonus");
    assert.fieldEquals("FeeAccrual", lastEventId(), "source", "Bonus");
    assert.fieldEquals("Job", "1", "vendorGross", amount0().plus(bonus0()).toString());
    assert.fieldEquals("Vendor", V, "paidJobs", "1");
    assert.fieldEquals("Vendor", V, "paidVolume", "110000");
    assertBooksBalance();
  });

  test("completes the job once every milestone and bonus is settled", () => {
    handleBonusReleased(bonusReleased(1, 0, net(bonus0()), feeOf(bonus0())));
    release(1, 1, amount1());
    assert.fieldEquals("Job", "1", "status", "Completed");
    assert.fieldEquals("Job", "1", "liveMilestones", "0");
    assert.fieldEquals("Job", "1", "held", "0");
    assert.fieldEquals("Protocol", "mosaic", "completedJobCount", "1");
    assert.fieldEquals("Token", E, "held", "0");
    assertBooksBalance();
  });
});

describe("handleBonusReturned", () => {
  beforeEach(() => {
    resetChain();
    postHiredJob(1);
    release(1, 0, amount0());
  });
  afterEach(() => {
    clearStore();
  });

  test("gives an undecided bonus back to the client", () => {
    handleBonusReturned(bonusReturned(1, 0, bonus0()));
    assert.fieldEquals("Milestone", "1-0", "bonusState", "Returned");
    assert.fieldEquals("Milestone", "1-0", "held", "0");
    assert.fieldEquals("Milestone", "1-0", "refunded", bonus0().toString());
    let id = lastEventId();
    assert.fieldEquals("Refund", id, "kind", "BonusReturned");
    assert.fieldEquals("Refund", id, "amount", bonus0().toString());
    assert.fieldEquals("Refund", id, "client", C);
    assert.fieldEquals("Token", E, "totalRefunded", bonus0().toString());
    assert.fieldEquals("Job", "1", "refunded", bonus0().toString());
    assert.fieldEquals("Protocol", "mosaic", "refundCount", "1");
    assertBooksBalance();
  });
});

describe("handleMilestoneRefunded", () => {
  beforeEach(() => {
    resetChain();
  });
  afterEach(() => {
    clearStore();
  });

  test("refunds a funded milestone and its bonus before any hire", () => {
    postFundedJob(1);
    let refunded = amount0().plus(bonus0());
    handleMilestoneRefunded(milestoneRefunded(1, 0, refunded, false));
    assert.fieldEquals("Milestone", "1-0", "state", "Refunded");
    assert.fieldEquals("Milestone", "1-0", "bonusState", "Returned");
    assert.fieldEquals("Milestone", "1-0", "held", "0");
    assert.fieldEquals("Refund", lastEventId(), "kind", "BeforeHire");
    assert.fieldEquals("Refund", lastEventId(), "amount", refunded.toString());
    assert.fieldEquals("Token", E, "held", amount1().toString());
    assert.fieldEquals("Token", E, "totalRefunded", refunded.toString());
    assert.fieldEquals("Client", C, "refundedMilestones", "1");
    assert.fieldEquals("Protocol", "mosaic", "refundedMilestoneCount", "1");
    assert.fieldEquals("DailyStat", "20089", "milestonesRefunded", "1");
    assert.fieldEquals("Job", "1", "status", "Open");
    assertBooksBalance();
  });

  test("counts a refund after a missed deadline against the vendor", () => {
    postHiredJob(1);
    handleMilestoneRefunded(milestoneRefunded(1, 1, amount1(), true));
    assert.fieldEquals("Refund", lastEventId(), "kind", "DeadlineMissed");
    assert.fieldEquals("Vendor", V, "refundedMilestones", "1");
    assert.fieldEquals("Vendor", V, "activeJobs", "1");
    assert.fieldEquals("Milestone", "1-1", "bonusState", "None");
  });

  test("closes a job whose every milestone was refunded as Cancelled", () => {
    postHiredJob(1);
    handleMilestoneRefunded(milestoneRefunded(1, 0, amount0().plus(bonus0()), true));
    handleMilestoneRefunded(milestoneRefunded(1, 1, amount1(), true));
    assert.fieldEquals("Job", "1", "status", "Cancelled");
    assert.fieldEquals("Vendor", V, "activeJobs", "0");
    assert.fieldEquals("Vendor", V, "refundedMilestones", "2");
    assert.fieldEquals("Protocol", "mosaic", "cancelledJobCount", "1");
    assert.fieldEquals("Token", E, "held", "0");
    assertBooksBalance();
  });
});

describe("handlePaymentDeferred", () => {
  beforeEach(() => {
    resetChain();
    postHiredJob(1);
    release(1, 0, amount0());
    handlePaymentDeferred(paymentDeferred(ETH, VENDOR, net(amount0())));
  });
  afterEach(() => {
    clearStore();
  });

  test("books a failed push as owed to the payee", () => {
    let owed = net(amount0()).toString();
    let balance = ETH.concat(VENDOR).toHexString();
    assert.fieldEquals("OwedBalance", balance, "amount", owed);
    assert.fieldEquals("OwedBalance", balance, "account", V);
    assert.fieldEquals("Token", E, "owed", owed);
    assert.fieldEquals("Token", E, "totalDeferred", owed);
    assert.fieldEquals("PaymentDeferral", lastEventId(), "payee", V);
    assert.fieldEquals("PaymentDeferral", lastEventId(), "amount", owed);
    assert.fieldEquals("TokenDayStat", ETH.concatI32(20089).toHexString(), "closingOwed", owed);
    // A deferred credit is still a credit to the vendor.
    assert.fieldEquals("Token", E, "totalPaidToVendors", owed);
    assertBooksBalance();
  });

  test("adds up repeated deferrals", () => {
    handlePaymentDeferred(paymentDeferred(ETH, VENDOR, BigInt.fromI32(5)));
    assert.fieldEquals(
      "OwedBalance",
      ETH.concat(VENDOR).toHexString(),
      "amount",
      net(amount0()).plus(BigInt.fromI32(5)).toString(),
    );
  });
});

describe("handleWithdrawn", () => {
  beforeEach(() => {
    resetChain();
    postHiredJob(1);
    release(1, 0, amount0());
    handlePaymentDeferred(paymentDeferred(ETH, VENDOR, net(amount0())));
  });
  afterEach(() => {
    clearStore();
  });

  test("pays out what was owed", () => {
    handleWithdrawn(withdrawn(ETH, VENDOR, OTHER_VENDOR, net(amount0())));
    assert.fieldEquals("OwedBalance", ETH.concat(VENDOR).toHexString(), "amount", "0");
    assert.fieldEquals("Token", E, "owed", "0");
    assert.fieldEquals("Token", E, "totalWithdrawn", net(amount0()).toString());
    assert.fieldEquals("Withdrawal", lastEventId(), "account", V);
    assert.fieldEquals("Withdrawal", lastEventId(), "to", OTHER_VENDOR.toHexString());
    assert.fieldEquals("TokenDayStat", ETH.concatI32(20089).toHexString(), "withdrawn", net(amount0()).toString());
    assertBooksBalance();
  });
});

describe("handleFeesCollected", () => {
  beforeEach(() => {
    resetChain();
    postHiredJob(1);
    release(1, 0, amount0());
  });
  afterEach(() => {
    clearStore();
  });

  test("moves accrued fees to collected", () => {
    handleFeesCollected(feesCollected(ETH, TREASURY, feeOf(amount0())));
    assert.fieldEquals("Token", E, "feesAccrued", "0");
    assert.fieldEquals("Token", E, "feesCollected", feeOf(amount0()).toString());
    assert.fieldEquals("FeeCollection", lastEventId(), "treasury", TREASURY.toHexString());
    assert.fieldEquals("FeeCollection", lastEventId(), "amount", feeOf(amount0()).toString());
    assertBooksBalance();
  });

  test("keeps the books when an accrual overflow sends fees out before the payment's own event", () => {
    // The escrow emits FeesCollected (everything accrued plus this fee) before MilestoneReleased.
    let fee1 = feeOf(amount1());
    handleFeesCollected(feesCollected(ETH, TREASURY, feeOf(amount0()).plus(fee1)));
    release(1, 1, amount1());
    assert.fieldEquals("Token", E, "feesAccrued", "0");
    assert.fieldEquals("Token", E, "feesCollected", feeOf(amount0()).plus(fee1).toString());
    assertBooksBalance();
  });
});

describe("the token's books", () => {
  beforeEach(() => {
    resetChain();
  });
  afterEach(() => {
    clearStore();
  });

  test("reconcile after a job that paid, refunded, deferred and collected", () => {
    postHiredJob(1);
    release(1, 0, amount0());
    handlePaymentDeferred(paymentDeferred(ETH, VENDOR, net(amount0())));
    handleBonusReleased(bonusReleased(1, 0, net(bonus0()), feeOf(bonus0())));
    handleMilestoneRefunded(milestoneRefunded(1, 1, amount1(), true));
    handleFeesCollected(feesCollected(ETH, TREASURY, feeOf(amount0()).plus(feeOf(bonus0()))));
    handleWithdrawn(withdrawn(ETH, VENDOR, VENDOR, net(amount0())));
    assert.fieldEquals("Token", E, "held", "0");
    assert.fieldEquals("Token", E, "owed", "0");
    assert.fieldEquals("Token", E, "feesAccrued", "0");
    assert.fieldEquals("Token", E, "totalDeposited", jobTotal().toString());
    assert.fieldEquals("Token", E, "totalRefunded", amount1().toString());
    assert.fieldEquals("Token", E, "totalPaidToVendors", net(amount0()).plus(net(bonus0())).toString());
    assert.fieldEquals("Token", E, "weightUnit", WEIGHT_UNIT.toString());
    assert.fieldEquals("Job", "1", "status", "Completed");
    assertBooksBalance();
  });
});
