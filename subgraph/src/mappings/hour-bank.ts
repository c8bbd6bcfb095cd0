import { BigInt, Bytes, ethereum, log } from "@graphprotocol/graph-ts";
import {
  Allocated,
  BankClosed,
  BankOpened,
  BankToppedUp,
  Evidence,
  FeesCollected,
  HoursLogged,
  LogApproved,
  LogContested,
  LogReleased,
  LogResolved,
  PaymentDeferred,
  Rated,
  Ruling,
  TermsPublished,
  Withdrawn,
  WorkRequested,
} from "../../generated/HourBank/HourBank";
import {
  HourAllocation,
  HourBank,
  HourBankPair,
  HourBankPayment,
  HourBankRating,
  HourBankRefund,
  HourBankToken,
  HourBankTopUp,
  HourLog,
  HourLogEvidence,
  HourTerms,
  HourWorkRequest,
  Vendor,
} from "../../generated/schema";
import { rawCidOfDigest } from "../helpers/cid";
import {
  HourBankState,
  HourLogState,
  HourPaymentKind,
  HourRefundKind,
  I32_MAX,
  Role,
  ZERO_BI,
} from "../helpers/constants";
import {
  escrowFeeBpsAt,
  getOrCreateAccount,
  getOrCreateClient,
  getOrCreateProtocol,
  getOrCreateToken,
  getOrCreateVendor,
  syncVendorReputation,
} from "../helpers/getters";
import { eventId, pairId } from "../helpers/ids";
import { moveOwed } from "../helpers/owed";

// The hour bank's books, per bank and per token (HourBankToken), kept as in the escrow's:
//   funded         = held + vendorGross + refunded + disputeRefunded + arbiterFees
//   vendorGross    = paidToVendor + fees,  fees = feesHeld + feesCollected
//   contract balance in a token = held + feesHeld (over its banks) + owed
// Every handler below moves money between these lines for one event.

const BPS = BigInt.fromI32(10000);
const SIXTY = BigInt.fromI32(60);
/** Dispute ids are bankId << 32 | logId. */
const LOG_ID_SPAN = BigInt.fromU64(4294967296);

// ------------------------------------------------------------------ helpers

function bankKey(bankId: BigInt): string {
  return bankId.toString();
}

function logKey(bankId: BigInt, logId: BigInt): string {
  return bankId.toString() + "-" + logId.toString();
}

function allocationKey(bankId: BigInt, member: Bytes): string {
  return bankId.toString() + "-" + member.toHexString();
}

function loadBank(bankId: BigInt): HourBank {
  let bank = HourBank.load(bankKey(bankId));
  if (bank == null) {
    log.critical("HourBank {} was never indexed: is the start block right?", [bankId.toString()]);
  }
  return bank as HourBank;
}

function loadLog(bankId: BigInt, logId: BigInt): HourLog {
  let entry = HourLog.load(logKey(bankId, logId));
  if (entry == null) {
    log.critical("HourLog {} was never indexed: is the start block right?", [logKey(bankId, logId)]);
  }
  return entry as HourLog;
}

function getOrCreateBooks(token: Bytes): HourBankToken {
  let books = HourBankToken.load(token);
  if (books == null) {
    getOrCreateToken(token);
    books = new HourBankToken(token);
    books.token = token;
    books.held = ZERO_BI;
    books.feesHeld = ZERO_BI;
    books.owed = ZERO_BI;
    books.totalDeposited = ZERO_BI;
    books.totalPaidToVendors = ZERO_BI;
    books.totalFees = ZERO_BI;
    books.feesCollected = ZERO_BI;
    books.totalRefunded = ZERO_BI;
    books.totalArbiterFees = ZERO_BI;
    books.totalDeferred = ZERO_BI;
    books.totalWithdrawn = ZERO_BI;
    books.bankCount = 0;
    books.save();
  }
  return books;
}

function workUnits(bank: HourBank): BigInt {
  return bank.weightUnit.isZero() ? ZERO_BI : bank.workPaid.div(bank.weightUnit);
}

/**
 * Marks the bank renewed, once, and counts it on its vendor (loads and saves the vendor).
 */
function markRenewed(bank: HourBank, timestamp: BigInt): void {
  if (bank.renewed) return;
  bank.renewed = true;
  let vendor = Vendor.load(bank.vendor) as Vendor;
  vendor.banksRenewed += 1;
  vendor.updatedAt = timestamp;
  vendor.save();
}

/**
 * Credits the bank's vendor with `toVendor`, keeping `fee` for the platform, out of the bank's held
 * funds, and records the payment. `kind` is an HourPaymentKind: logs and dispute shares pay logged
 * work (what ratings weigh), notice does not. Loads and saves the books and the vendor; changes
 * `bank` in memory only.
 */
function creditVendor(
  bank: HourBank,
  kind: string,
  entry: HourLog | null,
  toVendor: BigInt,
  fee: BigInt,
  event: ethereum.Event,
): void {
  let gross = toVendor.plus(fee);
  if (gross.isZero()) return;
  bank.held = bank.held.minus(gross);
  bank.vendorGross = bank.vendorGross.plus(gross);
  bank.paidToVendor = bank.paidToVendor.plus(toVendor);
  bank.fees = bank.fees.plus(fee);
  bank.feesHeld = bank.feesHeld.plus(fee);
  if (kind != HourPaymentKind.Notice) {
    let unitsBefore = workUnits(bank);
    bank.workPaid = bank.workPaid.plus(gross);
    let vendor = Vendor.load(bank.vendor) as Vendor;
    vendor.bankPaidVolume = vendor.bankPaidVolume.plus(workUnits(bank).minus(unitsBefore));
    vendor.updatedAt = event.block.timestamp;
    vendor.save();
  } else {
    bank.noticePaid = bank.noticePaid.plus(toVendor);
  }
  let books = getOrCreateBooks(bank.token);
  books.held = books.held.minus(gross);
  books.feesHeld = books.feesHeld.plus(fee);
  books.totalPaidToVendors = books.totalPaidToVendors.plus(toVendor);
  books.totalFees = books.totalFees.plus(fee);
  books.save();

  let payment = new HourBankPayment(eventId(event));
  payment.kind = kind;
  payment.bank = bank.id;
  if (entry !== null) payment.log = entry.id;
  payment.vendor = bank.vendor;
  payment.client = bank.client;
  payment.token = bank.token;
  payment.gross = gross;
  payment.toVendor = toVendor;
  payment.fee = fee;
  payment.feeBps = bank.feeBps;
  payment.automatic = entry !== null && entry.state == HourLogState.Released;
  payment.timestamp = event.block.timestamp;
  payment.blockNumber = event.block.number;
  payment.transactionHash = event.transaction.hash;
  payment.save();
}

/**
 * Credits the bank's client with `amount` out of the bank's held funds (with `arbiterFee`, the
 * arbiter's, for a contested log) and records the refund. Loads and saves the books; changes
 * `bank` in memory only.
 */
function creditClient(
  bank: HourBank,
  kind: string,
  entry: HourLog | null,
  amount: BigInt,
  arbiterFee: BigInt,
  event: ethereum.Event,
): void {
  bank.held = bank.held.minus(amount).minus(arbiterFee);
  if (kind == HourRefundKind.Unused) bank.refunded = bank.refunded.plus(amount);
  else bank.disputeRefunded = bank.disputeRefunded.plus(amount);
  bank.arbiterFees = bank.arbiterFees.plus(arbiterFee);
  let books = getOrCreateBooks(bank.token);
  books.held = books.held.minus(amount).minus(arbiterFee);
  books.totalRefunded = books.totalRefunded.plus(amount);
  books.totalArbiterFees = books.totalArbiterFees.plus(arbiterFee);
  books.save();
  if (amount.isZero() && arbiterFee.isZero()) return;

  let refund = new HourBankRefund(eventId(event));
  refund.kind = kind;
  refund.bank = bank.id;
  if (entry !== null) refund.log = entry.id;
  refund.client = bank.client;
  refund.token = bank.token;
  refund.amount = amount;
  refund.arbiterFee = arbiterFee;
  refund.timestamp = event.block.timestamp;
  refund.blockNumber = event.block.number;
  refund.transactionHash = event.transaction.hash;
  refund.save();
}

/** A uint32 as GraphQL's Int: clamped at 2^31 - 1 (only absurd terms reach it). */
function clampToInt(value: BigInt): i32 {
  return value.gt(BigInt.fromI32(I32_MAX)) ? I32_MAX : value.toI32();
}

/** The listed rate's discount for `hourCount` hours: the last tier the hours reach, as `quote` does. */
function discountFor(terms: HourTerms, hourCount: i64): i32 {
  let discount = 0;
  let minHours = terms.tierMinHours;
  let bps = terms.tierDiscountBps;
  for (let i = 0; i < minHours.length && (minHours[i] as i64) <= hourCount; i++) discount = bps[i];
  return discount;
}

// ------------------------------------------------------------------ terms

export function handleTermsPublished(event: TermsPublished): void {
  let params = event.params;
  getOrCreateVendor(params.vendor, event.block.timestamp);
  getOrCreateToken(params.token);
  let id = pairId(params.vendor, params.token);
  let terms = HourTerms.load(id);
  if (terms == null) {
    terms = new HourTerms(id);
    terms.vendor = params.vendor;
    terms.token = params.token;
  }
  terms.hourlyRate = params.hourlyRate;
  terms.noticeHours = clampToInt(params.noticeHours);
  let minHours = new Array<i32>(0);
  let discounts = new Array<i32>(0);
  let tiers = params.tiers;
  for (let i = 0; i < tiers.length; i++) {
    minHours.push(clampToInt(tiers[i].minHours));
    discounts.push(tiers[i].discountBps);
  }
  terms.tierMinHours = minHours;
  terms.tierDiscountBps = discounts;
  terms.active = !params.hourlyRate.isZero();
  terms.updatedAt = event.block.timestamp;
  terms.save();
}

// ------------------------------------------------------------------ banks

export function handleBankOpened(event: BankOpened): void {
  let params = event.params;
  let timestamp = event.block.timestamp;
  let client = getOrCreateClient(params.client, timestamp);
  client.banksBought += 1;
  client.save();
  let vendor = getOrCreateVendor(params.vendor, timestamp);
  let token = getOrCreateToken(params.token);

  let bank = new HourBank(bankKey(params.bankId));
  bank.bankId = params.bankId;
  bank.client = params.client;
  bank.vendor = params.vendor;
  bank.token = params.token;
  bank.arbiter = params.arbiter;
  bank.arbiterFeeBps = params.arbiterFeeBps;
  bank.feeBps = params.feeBps;
  bank.state = HourBankState.Active;

  // The price was quoted from the terms in force now, which the index holds.
  let minuteRate = params.minuteRate;
  let hourCount = params.hourCount;
  let terms = HourTerms.load(pairId(params.vendor, params.token));
  let discount = 0;
  let listed = minuteRate.times(SIXTY);
  let noticeHours = 0;
  if (terms != null) {
    listed = terms.hourlyRate;
    discount = discountFor(terms, hourCount.toI64());
    noticeHours = terms.noticeHours;
  }
  bank.listedHourlyRate = listed;
  bank.discountBps = discount;
  bank.hourlyRate = listed.times(BPS.minus(BigInt.fromI32(discount))).div(BPS);
  bank.minuteRate = minuteRate;
  let minutes = hourCount.times(SIXTY);
  bank.hoursBought = hourCount.toI32();
  bank.minutesBought = minutes;
  bank.minutesAllocated = ZERO_BI;
  bank.minutesLogged = ZERO_BI;
  bank.minutesPending = ZERO_BI;
  bank.minutesPaid = ZERO_BI;
  bank.minutesResolved = ZERO_BI;
  bank.minutesRefunded = ZERO_BI;
  bank.minutesNotice = ZERO_BI;
  bank.minutesLeft = minutes;
  bank.noticeMinutes = BigInt.fromI32(noticeHours).times(SIXTY);
  bank.funded = params.total;
  bank.held = params.total;
  bank.vendorGross = ZERO_BI;
  bank.paidToVendor = ZERO_BI;
  bank.workPaid = ZERO_BI;
  bank.noticePaid = ZERO_BI;
  bank.fees = ZERO_BI;
  bank.feesHeld = ZERO_BI;
  bank.feesCollected = ZERO_BI;
  bank.refunded = ZERO_BI;
  bank.disputeRefunded = ZERO_BI;
  bank.arbiterFees = ZERO_BI;
  bank.weightUnit = token.weightUnit;
  bank.paidJobThreshold = token.paidJobThreshold;
  bank.expiresAt = params.expiresAt;
  bank.reviewWindow = params.reviewWindow.toI32();
  bank.fundedAt = timestamp;
  bank.topUpCount = 0;
  bank.renewed = false;
  bank.logCount = 0;
  bank.pendingLogs = 0;
  bank.contestedLogs = 0;
  bank.clientRated = false;
  bank.vendorRated = false;
  bank.paidJobCounted = false;
  bank.members = [];
  bank.createdAt = timestamp;
  bank.createdAtBlock = event.block.number;
  bank.createdTx = event.transaction.hash;
  bank.updatedAt = timestamp;
  bank.save();

  vendor.banksServed += 1;
  vendor.activeBanks += 1;
  vendor.updatedAt = timestamp;
  vendor.save();

  // A client's next bank with the same vendor renews its previous one.
  let pairKey = pairId(params.vendor, params.client);
  let pair = HourBankPair.load(pairKey);
  if (pair == null) {
    pair = new HourBankPair(pairKey);
    pair.vendor = params.vendor;
    pair.client = params.client;
    pair.bankCount = 0;
  } else {
    let previous = HourBank.load(pair.lastBank) as HourBank;
    markRenewed(previous, timestamp);
    previous.save();
  }
  pair.bankCount += 1;
  pair.lastBank = bank.id;
  pair.save();

  let books = getOrCreateBooks(params.token);
  books.held = books.held.plus(params.total);
  books.totalDeposited = books.totalDeposited.plus(params.total);
  books.bankCount += 1;
  books.save();

  let protocol = getOrCreateProtocol();
  protocol.hourBank = event.address;
  protocol.hourBankCount += 1;
  protocol.save();
}

export function handleBankToppedUp(event: BankToppedUp): void {
  let params = event.params;
  let timestamp = event.block.timestamp;
  let bank = loadBank(params.bankId);
  let minutes = params.hourCount.times(SIXTY);
  let unitsBefore = workUnits(bank);
  bank.hoursBought += params.hourCount.toI32();
  bank.minutesBought = bank.minutesBought.plus(minutes);
  bank.minutesLeft = bank.minutesLeft.plus(minutes);
  bank.funded = bank.funded.plus(params.amount);
  bank.held = bank.held.plus(params.amount);
  bank.expiresAt = params.expiresAt;
  bank.fundedAt = timestamp;
  bank.topUpCount += 1;
  // A funding snapshots the escrow's fee and the token's weight settings again.
  let token = getOrCreateToken(bank.token);
  bank.feeBps = escrowFeeBpsAt(getOrCreateProtocol(), timestamp);
  bank.weightUnit = token.weightUnit;
  bank.paidJobThreshold = token.paidJobThreshold;
  let units = workUnits(bank);
  if (!units.equals(unitsBefore)) {
    let vendor = Vendor.load(bank.vendor) as Vendor;
    vendor.bankPaidVolume = vendor.bankPaidVolume.plus(units.minus(unitsBefore));
    vendor.save();
  }
  markRenewed(bank, timestamp);
  bank.updatedAt = timestamp;
  bank.save();

  let topUp = new HourBankTopUp(eventId(event));
  topUp.bank = bank.id;
  topUp.hours = params.hourCount.toI32();
  topUp.amount = params.amount;
  topUp.expiresAt = params.expiresAt;
  topUp.timestamp = timestamp;
  topUp.blockNumber = event.block.number;
  topUp.transactionHash = event.transaction.hash;
  topUp.save();

  let books = getOrCreateBooks(bank.token);
  books.held = books.held.plus(params.amount);
  books.totalDeposited = books.totalDeposited.plus(params.amount);
  books.save();
}

export function handleAllocated(event: Allocated): void {
  let params = event.params;
  let timestamp = event.block.timestamp;
  let bank = loadBank(params.bankId);
  let id = allocationKey(params.bankId, params.member);
  let allocation = HourAllocation.load(id);
  if (allocation == null) {
    getOrCreateAccount(params.member);
    allocation = new HourAllocation(id);
    allocation.bank = bank.id;
    allocation.member = params.member;
    allocation.minutesAllocated = ZERO_BI;
    allocation.minutesUsed = ZERO_BI;
    allocation.createdAt = timestamp;
    let members = bank.members;
    members.push(params.member);
    bank.members = members;
  }
  let minutes = params.minuteCount;
  bank.minutesAllocated = bank.minutesAllocated.minus(allocation.minutesAllocated).plus(minutes);
  bank.updatedAt = timestamp;
  bank.save();
  allocation.minutesAllocated = minutes;
  allocation.minutesSet = minutes;
  allocation.updatedAt = timestamp;
  allocation.save();
}

export function handleWorkRequested(event: WorkRequested): void {
  let params = event.params;
  let bank = loadBank(params.bankId);
  getOrCreateAccount(params.requester);
  let request = new HourWorkRequest(eventId(event));
  request.bank = bank.id;
  request.requester = params.requester;
  request.briefCid = params.briefCid;
  request.timestamp = event.block.timestamp;
  request.blockNumber = event.block.number;
  request.transactionHash = event.transaction.hash;
  request.save();
}

export function handleBankClosed(event: BankClosed): void {
  let params = event.params;
  let timestamp = event.block.timestamp;
  let bank = loadBank(params.bankId);
  // Only the client may close before expiry, paying the notice; anyone after it, in full.
  bank.state = timestamp.lt(bank.expiresAt) ? HourBankState.ClosedEarly : HourBankState.Closed;
  let refundedMinutes = params.refunded.div(bank.minuteRate);
  bank.minutesRefunded = refundedMinutes;
  bank.minutesNotice = bank.minutesLeft.minus(refundedMinutes);
  bank.minutesLeft = ZERO_BI;
  bank.minutesAllocated = ZERO_BI;
  creditClient(bank, HourRefundKind.Unused, null, params.refunded, ZERO_BI, event);
  creditVendor(bank, HourPaymentKind.Notice, null, params.noticeToVendor, params.noticeFee, event);
  bank.closedAt = timestamp;
  bank.updatedAt = timestamp;
  bank.save();

  // Shares end with the bank (`allocationOf` is 0 once it is closed).
  let members = bank.members;
  for (let i = 0; i < members.length; i++) {
    let allocation = HourAllocation.load(allocationKey(params.bankId, members[i]));
    if (allocation == null) continue;
    allocation.minutesAllocated = ZERO_BI;
    allocation.updatedAt = timestamp;
    allocation.save();
  }

  let vendor = Vendor.load(bank.vendor) as Vendor;
  vendor.activeBanks -= 1;
  vendor.updatedAt = timestamp;
  vendor.save();
}

// ------------------------------------------------------------------ logs

export function handleHoursLogged(event: HoursLogged): void {
  let params = event.params;
  let timestamp = event.block.timestamp;
  let bank = loadBank(params.bankId);
  let minutes = BigInt.fromI32(params.minuteCount);
  getOrCreateAccount(params.member);

  let entry = new HourLog(logKey(params.bankId, params.logId));
  entry.bank = bank.id;
  entry.logId = params.logId;
  entry.member = params.member;
  if (!params.member.equals(bank.client)) {
    let allocation = HourAllocation.load(allocationKey(params.bankId, params.member));
    if (allocation != null) {
      allocation.minutesAllocated = allocation.minutesAllocated.minus(minutes);
      allocation.minutesUsed = allocation.minutesUsed.plus(minutes);
      allocation.updatedAt = timestamp;
      allocation.save();
      entry.allocation = allocation.id;
    }
    bank.minutesAllocated = bank.minutesAllocated.minus(minutes);
  }
  entry.minutes = params.minuteCount;
  entry.noteDigest = params.noteDigest;
  entry.noteCid = rawCidOfDigest(params.noteDigest);
  entry.state = HourLogState.Pending;
  entry.amount = minutes.times(bank.minuteRate);
  entry.vendorGross = ZERO_BI;
  entry.paidToVendor = ZERO_BI;
  entry.fee = ZERO_BI;
  entry.toClient = ZERO_BI;
  entry.arbiterFee = ZERO_BI;
  entry.loggedAt = timestamp;
  entry.reviewEndsAt = timestamp.plus(BigInt.fromI32(bank.reviewWindow));
  entry.loggedTx = event.transaction.hash;
  entry.save();

  bank.minutesLeft = bank.minutesLeft.minus(minutes);
  bank.minutesLogged = bank.minutesLogged.plus(minutes);
  bank.minutesPending = bank.minutesPending.plus(minutes);
  bank.logCount += 1;
  bank.pendingLogs += 1;
  bank.updatedAt = timestamp;
  bank.save();

  let protocol = getOrCreateProtocol();
  protocol.hourLogCount += 1;
  protocol.save();
}

export function handleLogApproved(event: LogApproved): void {
  let entry = loadLog(event.params.bankId, event.params.logId);
  entry.approvedBy = event.params.by;
  entry.save();
}

export function handleLogReleased(event: LogReleased): void {
  let params = event.params;
  let timestamp = event.block.timestamp;
  let bank = loadBank(params.bankId);
  let entry = loadLog(params.bankId, params.logId);
  // Approved within the review window (LogApproved came first), else released after it.
  entry.state = entry.approvedBy !== null ? HourLogState.Approved : HourLogState.Released;
  entry.vendorGross = params.toVendor.plus(params.fee);
  entry.paidToVendor = params.toVendor;
  entry.fee = params.fee;
  entry.settledAt = timestamp;
  entry.save();

  let minutes = BigInt.fromI32(entry.minutes);
  bank.minutesPending = bank.minutesPending.minus(minutes);
  bank.minutesPaid = bank.minutesPaid.plus(minutes);
  bank.pendingLogs -= 1;
  creditVendor(bank, HourPaymentKind.Log, entry, params.toVendor, params.fee, event);
  bank.updatedAt = timestamp;
  bank.save();
}

export function handleLogContested(event: LogContested): void {
  let params = event.params;
  let bank = loadBank(params.bankId);
  let entry = loadLog(params.bankId, params.logId);
  entry.state = HourLogState.Contested;
  entry.contestedBy = params.by;
  entry.contestedAt = event.block.timestamp;
  entry.disputeId = params.disputeId;
  entry.save();
  bank.pendingLogs -= 1;
  bank.contestedLogs += 1;
  bank.updatedAt = event.block.timestamp;
  bank.save();
}

/** The log a dispute id (bankId << 32 | logId) stands for, or null when it is not indexed. */
function logOfDispute(disputeId: BigInt): HourLog | null {
  let bankId = disputeId.div(LOG_ID_SPAN);
  return HourLog.load(logKey(bankId, disputeId.minus(bankId.times(LOG_ID_SPAN))));
}

export function handleRuling(event: Ruling): void {
  let entry = logOfDispute(event.params.disputeID);
  if (entry == null) return;
  entry.ruling = event.params.ruling;
  entry.save();
}

export function handleLogResolved(event: LogResolved): void {
  let params = event.params;
  let timestamp = event.block.timestamp;
  let bank = loadBank(params.bankId);
  let entry = loadLog(params.bankId, params.logId);
  // A ruling (Ruling came first in the same call) or an even split after the arbiter's time out.
  entry.state = entry.ruling !== null ? HourLogState.Ruled : HourLogState.TimedOut;
  entry.vendorBps = params.vendorBps;
  entry.vendorGross = params.toVendor.plus(params.fee);
  entry.paidToVendor = params.toVendor;
  entry.fee = params.fee;
  entry.toClient = params.toClient;
  entry.arbiterFee = params.arbiterFee;
  entry.settledAt = timestamp;
  entry.save();

  let minutes = BigInt.fromI32(entry.minutes);
  bank.minutesPending = bank.minutesPending.minus(minutes);
  bank.minutesResolved = bank.minutesResolved.plus(minutes);
  bank.contestedLogs -= 1;
  creditVendor(bank, HourPaymentKind.Dispute, entry, params.toVendor, params.fee, event);
  creditClient(bank, HourRefundKind.Dispute, entry, params.toClient, params.arbiterFee, event);
  bank.updatedAt = timestamp;
  bank.save();
}

export function handleEvidence(event: Evidence): void {
  let params = event.params;
  let entry = logOfDispute(params.evidenceGroupID);
  // Evidence is filed only on a log contested in the same or an earlier transaction.
  if (entry == null) return;
  let evidence = new HourLogEvidence(eventId(event));
  evidence.log = entry.id;
  evidence.bank = entry.bank;
  evidence.party = params.party;
  evidence.evidenceCid = params.evidence;
  evidence.timestamp = event.block.timestamp;
  evidence.blockNumber = event.block.number;
  evidence.transactionHash = event.transaction.hash;
  evidence.save();
}

// ------------------------------------------------------------------ fees and payouts

export function handleFeesCollected(event: FeesCollected): void {
  let params = event.params;
  let bank = loadBank(params.bankId);
  bank.feesHeld = bank.feesHeld.minus(params.amount);
  bank.feesCollected = bank.feesCollected.plus(params.amount);
  bank.updatedAt = event.block.timestamp;
  bank.save();
  let books = getOrCreateBooks(bank.token);
  books.feesHeld = books.feesHeld.minus(params.amount);
  books.feesCollected = books.feesCollected.plus(params.amount);
  books.save();
}

export function handlePaymentDeferred(event: PaymentDeferred): void {
  let params = event.params;
  getOrCreateBooks(params.token);
  moveOwed("HourBankToken", "HourBankOwed", params.token, params.to, params.amount, true);
}

export function handleWithdrawn(event: Withdrawn): void {
  let params = event.params;
  getOrCreateBooks(params.token);
  moveOwed("HourBankToken", "HourBankOwed", params.token, params.account, params.amount, false);
}

// ------------------------------------------------------------------ reputation

export function handleRated(event: Rated): void {
  let params = event.params;
  let timestamp = event.block.timestamp;
  let bank = loadBank(params.jobId);
  let vendorRated = params.rateeIsVendor;
  getOrCreateAccount(params.rater);
  let ratee = getOrCreateAccount(params.ratee);
  let weight = params.weight;
  let points = weight.times(BigInt.fromI32(params.score));
  // Mirrors the hour bank's own ledger (`HourBank.vendorStatsOf`, `clientStatsOf`), which follows
  // the escrow's rules: a weightless rating is recorded but counts toward no aggregate.
  if (vendorRated) {
    ratee.bankWeightedScoreSum = ratee.bankWeightedScoreSum.plus(points);
    ratee.bankRatingWeight = ratee.bankRatingWeight.plus(weight);
    if (!weight.isZero()) ratee.bankRatingCount += 1;
  } else {
    ratee.bankClientWeightedScoreSum = ratee.bankClientWeightedScoreSum.plus(points);
    ratee.bankClientRatingWeight = ratee.bankClientRatingWeight.plus(weight);
    if (!weight.isZero()) ratee.bankClientRatingCount += 1;
  }
  ratee.save();
  if (params.paidJobCounted) {
    let vendorAccount = getOrCreateAccount(bank.vendor);
    vendorAccount.bankPaidJobs += 1;
    vendorAccount.save();
    bank.paidJobCounted = true;
  }
  let vendor = Vendor.load(bank.vendor) as Vendor;
  syncVendorReputation(vendor, getOrCreateAccount(bank.vendor));
  vendor.updatedAt = timestamp;
  vendor.save();

  let rating = new HourBankRating(eventId(event));
  rating.bank = bank.id;
  rating.rater = params.rater;
  rating.ratee = params.ratee;
  rating.raterRole = vendorRated ? Role.Client : Role.Vendor;
  if (vendorRated) rating.vendorRatee = params.ratee;
  else rating.clientRatee = params.ratee;
  rating.score = params.score;
  rating.weight = weight;
  rating.paidJobCounted = params.paidJobCounted;
  rating.timestamp = timestamp;
  rating.blockNumber = event.block.number;
  rating.transactionHash = event.transaction.hash;
  rating.save();

  if (vendorRated) bank.clientRated = true;
  else bank.vendorRated = true;
  bank.updatedAt = timestamp;
  bank.save();
}
