import { Address, BigInt, Bytes } from "@graphprotocol/graph-ts";
import { afterEach, assert, beforeEach, clearStore, describe, test } from "matchstick-as/assembly/index";
import { HourBank, HourBankToken, HourLog } from "../generated/schema";
import {
  handleAllocated,
  handleBankClosed,
  handleBankOpened,
  handleBankToppedUp,
  handleEvidence,
  handleFeesCollected,
  handleHoursLogged,
  handleLogApproved,
  handleLogContested,
  handleLogReleased,
  handleLogResolved,
  handlePaymentDeferred,
  handleRated,
  handleRuling,
  handleTermsPublished,
  handleWithdrawn,
  handleWorkRequested,
} from "../src/mappings/hour-bank";
import { handleRated as handleEscrowRated } from "../src/mappings/escrow";
import { rated } from "./utils/escrow-events";
import {
  BankSpec,
  HOUR_BANK,
  allocated,
  bankClosed,
  bankEvidence,
  bankFeesCollected,
  bankOpened,
  bankPaymentDeferred,
  bankRated,
  bankRuling,
  bankToppedUp,
  bankWithdrawn,
  hoursLogged,
  logApproved,
  logContested,
  logDisputeId,
  logReleased,
  logResolved,
  termsPublished,
  workRequested,
} from "./utils/hour-bank-events";
import { CLIENT, DAY, ETH, START_TIME, TREASURY, VENDOR, advanceTime, lastEventId, resetChain } from "./utils/mock";
import { amount0, configureEth, postHiredJob, registerVendor, release } from "./utils/scenario";

// The vendor sells hours at 0.6 ETH, 10% off from 100 hours, 20% from 500, with 10 hours' notice.
// A bank of 120 hours costs 0.54 ETH an hour: 0.009 ETH a minute. Fees are 0.5%.

const C = CLIENT.toHexString();
const V = VENDOR.toHexString();
const E = ETH.toHexString();
const MEMBER = Address.fromString("0x7000000000000000000000000000000000000007");
const M = MEMBER.toHexString();
const LISTED = BigInt.fromString("600000000000000000");
const MINUTE_RATE = BigInt.fromString("9000000000000000");
const EXPIRES: i64 = START_TIME + 90 * DAY;
const NOTE = Bytes.fromHexString("0xabababababababababababababababababababababababababababababababab");
const NOTE_CID = "bafkreiflvov2xk5lvov2xk5lvov2xk5lvov2xk5lvov2xk5lvov2xk5lvm";

function cost(minutes: i32): BigInt {
  return MINUTE_RATE.times(BigInt.fromI32(minutes));
}

function feeOf(gross: BigInt): BigInt {
  return gross.times(BigInt.fromI32(50)).div(BigInt.fromI32(10000));
}

function publishTerms(): void {
  handleTermsPublished(termsPublished(VENDOR, ETH, LISTED, 10, [100, 500], [1000, 2000]));
}

function openBank(bankId: i32, hours: i32): void {
  let spec = new BankSpec();
  spec.bankId = bankId;
  spec.hourCount = hours;
  spec.minuteRate = MINUTE_RATE;
  spec.expiresAt = EXPIRES;
  handleBankOpened(bankOpened(spec));
}

/** A registered vendor with published terms, and bank 1 of 120 hours bought by CLIENT. */
function setUp(): void {
  resetChain();
  configureEth();
  registerVendor(VENDOR);
  publishTerms();
  openBank(1, 120);
}

/** Pays log `logId` of bank 1 (`minutes` long) with the standard fee. */
function payLog(logId: i32, minutes: i32): void {
  let gross = cost(minutes);
  let fee = feeOf(gross);
  handleLogReleased(logReleased(1, logId, gross.minus(fee), fee));
}

/** The identities of the hour bank's books, for bank 1 and for ETH. */
function assertBooksBalance(): void {
  let bank = HourBank.load("1")!;
  assert.bigIntEquals(
    bank.funded,
    bank.held.plus(bank.vendorGross).plus(bank.refunded).plus(bank.disputeRefunded).plus(bank.arbiterFees),
  );
  assert.bigIntEquals(bank.vendorGross, bank.paidToVendor.plus(bank.fees));
  assert.bigIntEquals(bank.fees, bank.feesHeld.plus(bank.feesCollected));
  assert.bigIntEquals(bank.held, bank.minutesLeft.plus(bank.minutesPending).times(bank.minuteRate));
  let books = HourBankToken.load(ETH)!;
  assert.bigIntEquals(
    books.totalDeposited,
    books.held
      .plus(books.totalPaidToVendors)
      .plus(books.totalFees)
      .plus(books.totalRefunded)
      .plus(books.totalArbiterFees),
  );
  assert.bigIntEquals(books.totalFees, books.feesHeld.plus(books.feesCollected));
  assert.bigIntEquals(books.owed, books.totalDeferred.minus(books.totalWithdrawn));
}

describe("handleTermsPublished", () => {
  beforeEach(() => {
    resetChain();
    registerVendor(VENDOR);
  });
  afterEach(() => {
    clearStore();
  });

  test("records the vendor's rate, notice and tiers in one token", () => {
    publishTerms();
    let id = VENDOR.concat(ETH).toHexString();
    assert.fieldEquals("HourTerms", id, "vendor", V);
    assert.fieldEquals("HourTerms", id, "token", E);
    assert.fieldEquals("HourTerms", id, "hourlyRate", LISTED.toString());
    assert.fieldEquals("HourTerms", id, "noticeHours", "10");
    assert.fieldEquals("HourTerms", id, "tierMinHours", "[100, 500]");
    assert.fieldEquals("HourTerms", id, "tierDiscountBps", "[1000, 2000]");
    assert.fieldEquals("HourTerms", id, "active", "true");
  });

  test("a zero rate withdraws the terms and their tiers", () => {
    publishTerms();
    handleTermsPublished(termsPublished(VENDOR, ETH, BigInt.zero(), 0, [], []));
    let id = VENDOR.concat(ETH).toHexString();
    assert.fieldEquals("HourTerms", id, "active", "false");
    assert.fieldEquals("HourTerms", id, "tierMinHours", "[]");
  });
});

describe("handleBankOpened", () => {
  beforeEach(setUp);
  afterEach(() => {
    clearStore();
  });

  test("prices the bank with the tier its hours reach", () => {
    assert.fieldEquals("HourBank", "1", "client", C);
    assert.fieldEquals("HourBank", "1", "vendor", V);
    assert.fieldEquals("HourBank", "1", "token", E);
    assert.fieldEquals("HourBank", "1", "state", "Active");
    assert.fieldEquals("HourBank", "1", "listedHourlyRate", LISTED.toString());
    assert.fieldEquals("HourBank", "1", "discountBps", "1000");
    assert.fieldEquals("HourBank", "1", "hourlyRate", "540000000000000000");
    assert.fieldEquals("HourBank", "1", "minuteRate", MINUTE_RATE.toString());
    assert.fieldEquals("HourBank", "1", "hoursBought", "120");
    assert.fieldEquals("HourBank", "1", "minutesBought", "7200");
    assert.fieldEquals("HourBank", "1", "minutesLeft", "7200");
    assert.fieldEquals("HourBank", "1", "noticeMinutes", "600");
    assert.fieldEquals("HourBank", "1", "funded", cost(7200).toString());
    assert.fieldEquals("HourBank", "1", "held", cost(7200).toString());
    assert.fieldEquals("HourBank", "1", "expiresAt", EXPIRES.toString());
    assert.fieldEquals("HourBank", "1", "feeBps", "50");
    assert.fieldEquals("HourBank", "1", "weightUnit", "1000000000000000");
    assert.fieldEquals("HourBank", "1", "renewed", "false");
    assertBooksBalance();
  });

  test("counts the bank on its vendor, client, token books and the protocol", () => {
    assert.fieldEquals("Vendor", V, "banksServed", "1");
    assert.fieldEquals("Vendor", V, "activeBanks", "1");
    assert.fieldEquals("Vendor", V, "banksRenewed", "0");
    assert.fieldEquals("Client", C, "banksBought", "1");
    assert.fieldEquals("HourBankToken", E, "bankCount", "1");
    assert.fieldEquals("HourBankToken", E, "totalDeposited", cost(7200).toString());
    assert.fieldEquals("Protocol", "mosaic", "hourBankCount", "1");
    assert.fieldEquals("Protocol", "mosaic", "hourBank", HOUR_BANK.toHexString());
  });

  test("no tier below its first: the listed rate", () => {
    let spec = new BankSpec();
    spec.bankId = 2;
    spec.hourCount = 10;
    spec.minuteRate = LISTED.div(BigInt.fromI32(60));
    spec.expiresAt = EXPIRES;
    handleBankOpened(bankOpened(spec));
    assert.fieldEquals("HourBank", "2", "discountBps", "0");
    assert.fieldEquals("HourBank", "2", "hourlyRate", LISTED.toString());
  });

  test("the client's next bank with the vendor renews the previous one", () => {
    openBank(2, 600);
    assert.fieldEquals("HourBank", "2", "discountBps", "2000");
    assert.fieldEquals("HourBank", "1", "renewed", "true");
    assert.fieldEquals("HourBank", "2", "renewed", "false");
    assert.fieldEquals("Vendor", V, "banksServed", "2");
    assert.fieldEquals("Vendor", V, "banksRenewed", "1");
    assert.fieldEquals("HourBankPair", VENDOR.concat(CLIENT).toHexString(), "bankCount", "2");
  });
});

describe("handleBankToppedUp", () => {
  beforeEach(setUp);
  afterEach(() => {
    clearStore();
  });

  test("adds hours at the bank's price, moves the expiry and renews the bank once", () => {
    advanceTime(DAY);
    handleBankToppedUp(bankToppedUp(1, 10, cost(600), EXPIRES + 30 * DAY));
    handleBankToppedUp(bankToppedUp(1, 10, cost(600), EXPIRES + 30 * DAY));
    assert.fieldEquals("HourBank", "1", "hoursBought", "140");
    assert.fieldEquals("HourBank", "1", "minutesBought", "8400");
    assert.fieldEquals("HourBank", "1", "minutesLeft", "8400");
    assert.fieldEquals("HourBank", "1", "funded", cost(8400).toString());
    assert.fieldEquals("HourBank", "1", "expiresAt", (EXPIRES + 30 * DAY).toString());
    assert.fieldEquals("HourBank", "1", "fundedAt", (START_TIME + DAY).toString());
    assert.fieldEquals("HourBank", "1", "topUpCount", "2");
    assert.fieldEquals("HourBank", "1", "renewed", "true");
    assert.fieldEquals("Vendor", V, "banksRenewed", "1");
    assert.fieldEquals("HourBankTopUp", lastEventId(), "amount", cost(600).toString());
    assert.fieldEquals("HourBankToken", E, "totalDeposited", cost(8400).toString());
    assertBooksBalance();
  });
});

describe("handleAllocated and handleWorkRequested", () => {
  beforeEach(setUp);
  afterEach(() => {
    clearStore();
  });

  test("sets a member's share and the bank's reserved minutes", () => {
    handleAllocated(allocated(1, MEMBER, 2400));
    let id = "1-" + M;
    assert.fieldEquals("HourAllocation", id, "bank", "1");
    assert.fieldEquals("HourAllocation", id, "member", M);
    assert.fieldEquals("HourAllocation", id, "minutesAllocated", "2400");
    assert.fieldEquals("HourAllocation", id, "minutesUsed", "0");
    assert.fieldEquals("HourBank", "1", "minutesAllocated", "2400");
    assert.fieldEquals("HourBank", "1", "members", "[" + M + "]");
    handleAllocated(allocated(1, MEMBER, 1200));
    assert.fieldEquals("HourAllocation", id, "minutesAllocated", "1200");
    assert.fieldEquals("HourBank", "1", "minutesAllocated", "1200");
    assert.fieldEquals("HourBank", "1", "members", "[" + M + "]");
  });

  test("records a request for work", () => {
    handleWorkRequested(workRequested(1, MEMBER, "bafy-brief"));
    let id = lastEventId();
    assert.fieldEquals("HourWorkRequest", id, "bank", "1");
    assert.fieldEquals("HourWorkRequest", id, "requester", M);
    assert.fieldEquals("HourWorkRequest", id, "briefCid", "bafy-brief");
  });
});

describe("handleHoursLogged", () => {
  beforeEach(setUp);
  afterEach(() => {
    clearStore();
  });

  test("records the log with its note's CID and review end, out of the client's pool", () => {
    handleHoursLogged(hoursLogged(1, 0, CLIENT, 90, NOTE));
    assert.fieldEquals("HourLog", "1-0", "bank", "1");
    assert.fieldEquals("HourLog", "1-0", "member", C);
    assert.assertTrue(HourLog.load("1-0")!.allocation === null);
    assert.fieldEquals("HourLog", "1-0", "minutes", "90");
    assert.fieldEquals("HourLog", "1-0", "noteCid", NOTE_CID);
    assert.fieldEquals("HourLog", "1-0", "state", "Pending");
    assert.fieldEquals("HourLog", "1-0", "amount", cost(90).toString());
    assert.fieldEquals("HourLog", "1-0", "loggedAt", START_TIME.toString());
    assert.fieldEquals("HourLog", "1-0", "reviewEndsAt", (START_TIME + DAY).toString());
    assert.fieldEquals("HourBank", "1", "minutesLeft", "7110");
    assert.fieldEquals("HourBank", "1", "minutesLogged", "90");
    assert.fieldEquals("HourBank", "1", "minutesPending", "90");
    assert.fieldEquals("HourBank", "1", "pendingLogs", "1");
    assert.fieldEquals("HourBank", "1", "logCount", "1");
    assert.fieldEquals("Protocol", "mosaic", "hourLogCount", "1");
    assertBooksBalance();
  });

  test("a log charged to a member draws down its share", () => {
    handleAllocated(allocated(1, MEMBER, 2400));
    handleHoursLogged(hoursLogged(1, 0, MEMBER, 60, NOTE));
    let id = "1-" + M;
    assert.fieldEquals("HourLog", "1-0", "allocation", id);
    assert.fieldEquals("HourAllocation", id, "minutesAllocated", "2340");
    assert.fieldEquals("HourAllocation", id, "minutesUsed", "60");
    assert.fieldEquals("HourAllocation", id, "minutesSet", "2400");
    assert.fieldEquals("HourBank", "1", "minutesAllocated", "2340");
  });
});

describe("handleLogReleased", () => {
  beforeEach(() => {
    setUp();
    handleHoursLogged(hoursLogged(1, 0, CLIENT, 60, NOTE));
  });
  afterEach(() => {
    clearStore();
  });

  test("a log approved in its window is Approved, paid net of the fee", () => {
    handleLogApproved(logApproved(1, 0, CLIENT));
    payLog(0, 60);
    let gross = cost(60);
    assert.fieldEquals("HourLog", "1-0", "state", "Approved");
    assert.fieldEquals("HourLog", "1-0", "approvedBy", C);
    assert.fieldEquals("HourLog", "1-0", "vendorGross", gross.toString());
    assert.fieldEquals("HourLog", "1-0", "paidToVendor", gross.minus(feeOf(gross)).toString());
    assert.fieldEquals("HourLog", "1-0", "fee", feeOf(gross).toString());
    assert.fieldEquals("HourBank", "1", "minutesPaid", "60");
    assert.fieldEquals("HourBank", "1", "minutesPending", "0");
    assert.fieldEquals("HourBank", "1", "pendingLogs", "0");
    assert.fieldEquals("HourBank", "1", "workPaid", gross.toString());
    assert.fieldEquals("HourBank", "1", "feesHeld", feeOf(gross).toString());
    // 0.54 ETH at 0.001 ETH a unit.
    assert.fieldEquals("Vendor", V, "bankPaidVolume", "540");
    let id = lastEventId();
    assert.fieldEquals("HourBankPayment", id, "kind", "Log");
    assert.fieldEquals("HourBankPayment", id, "log", "1-0");
    assert.fieldEquals("HourBankPayment", id, "gross", gross.toString());
    assert.fieldEquals("HourBankPayment", id, "fee", feeOf(gross).toString());
    assert.fieldEquals("HourBankPayment", id, "feeBps", "50");
    assert.fieldEquals("HourBankPayment", id, "automatic", "false");
    assertBooksBalance();
  });

  test("a log released after its window is Released", () => {
    advanceTime(DAY);
    payLog(0, 60);
    assert.fieldEquals("HourLog", "1-0", "state", "Released");
    assert.fieldEquals("HourLog", "1-0", "settledAt", (START_TIME + DAY).toString());
    assert.fieldEquals("HourBankPayment", lastEventId(), "automatic", "true");
    assertBooksBalance();
  });
});

describe("handleLogContested, handleRuling and handleLogResolved", () => {
  beforeEach(() => {
    setUp();
    handleHoursLogged(hoursLogged(1, 0, CLIENT, 60, NOTE));
    handleLogContested(logContested(1, 0, CLIENT, cost(60)));
  });
  afterEach(() => {
    clearStore();
  });

  test("a contested log waits for the arbiter, with its evidence", () => {
    assert.fieldEquals("HourLog", "1-0", "state", "Contested");
    assert.fieldEquals("HourLog", "1-0", "contestedBy", C);
    assert.fieldEquals("HourLog", "1-0", "disputeId", logDisputeId(1, 0).toString());
    assert.fieldEquals("HourBank", "1", "pendingLogs", "0");
    assert.fieldEquals("HourBank", "1", "contestedLogs", "1");
    handleEvidence(bankEvidence(logDisputeId(1, 0), CLIENT, "bafy-evidence"));
    assert.fieldEquals("HourLogEvidence", lastEventId(), "log", "1-0");
    assert.fieldEquals("HourLogEvidence", lastEventId(), "party", C);
    assert.fieldEquals("HourLogEvidence", lastEventId(), "evidenceCid", "bafy-evidence");
    assertBooksBalance();
  });

  test("a ruling splits the log: Ruled, the client's share and the arbiter's fee out of held", () => {
    let frozen = cost(60);
    // 30% to the vendor, 1% arbiter fee charged by what the ruling denied each side.
    let arbiterFee = frozen.div(BigInt.fromI32(100));
    let vendorPart = arbiterFee.times(BigInt.fromI32(7000)).div(BigInt.fromI32(10000));
    let vendorGross = frozen.times(BigInt.fromI32(3000)).div(BigInt.fromI32(10000)).minus(vendorPart);
    let toClient = frozen.minus(vendorGross).minus(arbiterFee);
    let fee = feeOf(vendorGross);
    handleRuling(bankRuling(logDisputeId(1, 0), 3001));
    handleLogResolved(logResolved(1, 0, 3000, vendorGross.minus(fee), toClient, arbiterFee, fee));
    assert.fieldEquals("HourLog", "1-0", "state", "Ruled");
    assert.fieldEquals("HourLog", "1-0", "ruling", "3001");
    assert.fieldEquals("HourLog", "1-0", "vendorBps", "3000");
    assert.fieldEquals("HourLog", "1-0", "toClient", toClient.toString());
    assert.fieldEquals("HourLog", "1-0", "arbiterFee", arbiterFee.toString());
    assert.fieldEquals("HourBank", "1", "contestedLogs", "0");
    assert.fieldEquals("HourBank", "1", "minutesResolved", "60");
    assert.fieldEquals("HourBank", "1", "disputeRefunded", toClient.toString());
    assert.fieldEquals("HourBank", "1", "arbiterFees", arbiterFee.toString());
    assert.fieldEquals("HourBank", "1", "workPaid", vendorGross.toString());
    assert.fieldEquals("HourBankToken", E, "totalArbiterFees", arbiterFee.toString());
    let id = lastEventId();
    assert.fieldEquals("HourBankPayment", id, "kind", "Dispute");
    assert.fieldEquals("HourBankPayment", id, "gross", vendorGross.toString());
    assert.fieldEquals("HourBankRefund", id, "kind", "Dispute");
    assert.fieldEquals("HourBankRefund", id, "amount", toClient.toString());
    assert.fieldEquals("HourBankRefund", id, "arbiterFee", arbiterFee.toString());
    assertBooksBalance();
  });

  test("a split after the arbiter's time out is TimedOut", () => {
    advanceTime(30 * DAY);
    let half = cost(30);
    let fee = feeOf(half);
    handleLogResolved(logResolved(1, 0, 5000, half.minus(fee), half, BigInt.zero(), fee));
    assert.fieldEquals("HourLog", "1-0", "state", "TimedOut");
    assertBooksBalance();
  });
});

describe("handleBankClosed", () => {
  beforeEach(() => {
    setUp();
    handleAllocated(allocated(1, MEMBER, 2400));
    handleHoursLogged(hoursLogged(1, 0, CLIENT, 60, NOTE));
  });
  afterEach(() => {
    clearStore();
  });

  test("after expiry: Closed, every unlogged minute refunded, shares ended, pending logs still held", () => {
    advanceTime(90 * DAY);
    handleBankClosed(bankClosed(1, cost(7140), BigInt.zero(), BigInt.zero()));
    assert.fieldEquals("HourBank", "1", "state", "Closed");
    assert.fieldEquals("HourBank", "1", "minutesRefunded", "7140");
    assert.fieldEquals("HourBank", "1", "minutesNotice", "0");
    assert.fieldEquals("HourBank", "1", "minutesLeft", "0");
    assert.fieldEquals("HourBank", "1", "minutesAllocated", "0");
    assert.fieldEquals("HourBank", "1", "refunded", cost(7140).toString());
    assert.fieldEquals("HourBank", "1", "held", cost(60).toString());
    assert.fieldEquals("HourBank", "1", "closedAt", (START_TIME + 90 * DAY).toString());
    assert.fieldEquals("HourAllocation", "1-" + M, "minutesAllocated", "0");
    assert.fieldEquals("Vendor", V, "activeBanks", "0");
    assert.fieldEquals("HourBankToken", E, "totalRefunded", cost(7140).toString());
    assert.fieldEquals("HourBankRefund", lastEventId(), "kind", "Unused");
    assert.fieldEquals("HourBankRefund", lastEventId(), "amount", cost(7140).toString());
    assert.notInStore("HourBankPayment", lastEventId());
    assertBooksBalance();
  });

  test("early, by the client: ClosedEarly, the notice paid to the vendor net of its fee", () => {
    let notice = cost(600);
    let fee = feeOf(notice);
    handleBankClosed(bankClosed(1, cost(6540), notice.minus(fee), fee));
    assert.fieldEquals("HourBank", "1", "state", "ClosedEarly");
    assert.fieldEquals("HourBank", "1", "minutesRefunded", "6540");
    assert.fieldEquals("HourBank", "1", "minutesNotice", "600");
    assert.fieldEquals("HourBank", "1", "noticePaid", notice.minus(fee).toString());
    assert.fieldEquals("HourBank", "1", "workPaid", "0");
    assert.fieldEquals("Vendor", V, "bankPaidVolume", "0");
    assert.fieldEquals("HourBankPayment", lastEventId(), "kind", "Notice");
    assert.fieldEquals("HourBankPayment", lastEventId(), "toVendor", notice.minus(fee).toString());
    assert.fieldEquals("HourBankRefund", lastEventId(), "amount", cost(6540).toString());
    assertBooksBalance();
  });
});

describe("fees, deferred payments and withdrawals", () => {
  beforeEach(() => {
    setUp();
    handleHoursLogged(hoursLogged(1, 0, CLIENT, 60, NOTE));
    payLog(0, 60);
  });
  afterEach(() => {
    clearStore();
  });

  test("handleFeesCollected moves the bank's fees to collected", () => {
    let fee = feeOf(cost(60));
    handleFeesCollected(bankFeesCollected(1, TREASURY, fee));
    assert.fieldEquals("HourBank", "1", "feesHeld", "0");
    assert.fieldEquals("HourBank", "1", "feesCollected", fee.toString());
    assert.fieldEquals("HourBankToken", E, "feesCollected", fee.toString());
    assertBooksBalance();
  });

  test("handlePaymentDeferred and handleWithdrawn keep what is owed", () => {
    let amount = BigInt.fromI32(12345);
    handlePaymentDeferred(bankPaymentDeferred(ETH, VENDOR, amount));
    let id = ETH.concat(VENDOR).toHexString();
    assert.fieldEquals("HourBankOwed", id, "amount", "12345");
    assert.fieldEquals("HourBankToken", E, "owed", "12345");
    handleWithdrawn(bankWithdrawn(ETH, VENDOR, amount));
    assert.fieldEquals("HourBankOwed", id, "amount", "0");
    assert.fieldEquals("HourBankToken", E, "owed", "0");
    assert.fieldEquals("HourBankToken", E, "totalWithdrawn", "12345");
    assertBooksBalance();
  });
});

describe("handleRated", () => {
  beforeEach(() => {
    setUp();
    handleHoursLogged(hoursLogged(1, 0, CLIENT, 60, NOTE));
    advanceTime(2 * DAY);
    payLog(0, 60);
  });
  afterEach(() => {
    clearStore();
  });

  test("the client's rating counts in the hour bank's ledger and the vendor's reputation", () => {
    handleRated(bankRated(1, CLIENT, VENDOR, 5, 540, true, true));
    assert.fieldEquals("Account", V, "bankWeightedScoreSum", "2700");
    assert.fieldEquals("Account", V, "bankRatingWeight", "540");
    assert.fieldEquals("Account", V, "bankRatingCount", "1");
    assert.fieldEquals("Account", V, "bankPaidJobs", "1");
    assert.fieldEquals("Vendor", V, "bankRatingCount", "1");
    assert.fieldEquals("Vendor", V, "bankCountedPaidJobs", "1");
    // The escrow's mirror is untouched; the reputation sums both ledgers.
    assert.fieldEquals("Vendor", V, "ratingCount", "0");
    assert.fieldEquals("Vendor", V, "countedPaidJobs", "0");
    assert.fieldEquals("Vendor", V, "reputationWeightedSum", "2700");
    assert.fieldEquals("Vendor", V, "reputationWeight", "540");
    assert.fieldEquals("Vendor", V, "reputationCount", "1");
    assert.fieldEquals("Vendor", V, "reputationPaidJobs", "1");
    assert.fieldEquals("HourBank", "1", "clientRated", "true");
    assert.fieldEquals("HourBank", "1", "paidJobCounted", "true");
    let id = lastEventId();
    assert.fieldEquals("HourBankRating", id, "bank", "1");
    assert.fieldEquals("HourBankRating", id, "raterRole", "Client");
    assert.fieldEquals("HourBankRating", id, "vendorRatee", V);
    assert.fieldEquals("HourBankRating", id, "weight", "540");
  });

  test("paid hours and paid jobs add up in the vendor's reputation", () => {
    postHiredJob(7);
    release(7, 0, amount0());
    handleEscrowRated(rated(7, CLIENT, VENDOR, 3, 100000, true, true));
    handleRated(bankRated(1, CLIENT, VENDOR, 5, 540, true, true));
    assert.fieldEquals("Vendor", V, "ratingWeightedSum", "300000");
    assert.fieldEquals("Vendor", V, "reputationWeightedSum", "302700");
    assert.fieldEquals("Vendor", V, "reputationWeight", "100540");
    assert.fieldEquals("Vendor", V, "reputationCount", "2");
    assert.fieldEquals("Vendor", V, "reputationPaidJobs", "2");
  });

  test("the vendor's rating of the client lands on the client side; a weightless one counts nowhere", () => {
    handleRated(bankRated(1, VENDOR, CLIENT, 4, 540, false, false));
    assert.fieldEquals("Account", C, "bankClientRatingCount", "1");
    assert.fieldEquals("HourBankRating", lastEventId(), "clientRatee", C);
    assert.fieldEquals("HourBank", "1", "vendorRated", "true");
    handleRated(bankRated(1, CLIENT, VENDOR, 1, 0, true, false));
    assert.fieldEquals("Account", V, "bankRatingCount", "0");
    assert.fieldEquals("Vendor", V, "reputationCount", "0");
  });
});
