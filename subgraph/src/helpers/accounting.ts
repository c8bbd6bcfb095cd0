import { BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";
import { FeeAccrual, Job, Milestone, Payment, Refund, Token, TokenDayStat } from "../../generated/schema";
import { ZERO_BI } from "./constants";
import {
  getOrCreateProtocol,
  getOrCreateToken,
  getOrCreateTokenDayStat,
  getOrCreateVendor,
  getOrCreateVendorTokenVolume,
} from "./getters";
import { eventId } from "./ids";

// The escrow's books per token (see subgraph/README.md):
//   totalDeposited = held + totalPaidToVendors + totalRefunded + totalArbiterFees
//                    + feesAccrued + feesCollected
//   owed           = totalDeferred - totalWithdrawn
//   escrow balance = held + owed + feesAccrued
// Every function below moves money between these lines for one event.

/** A token's running totals and the current day's flows, changed together. */
export class Books {
  token: Token;
  day: TokenDayStat;

  constructor(tokenId: Bytes, event: ethereum.Event) {
    this.token = getOrCreateToken(tokenId);
    this.day = getOrCreateTokenDayStat(this.token, event.block.timestamp);
  }

  /** Records the day's closing balances and saves both. */
  close(): void {
    this.day.closingHeld = this.token.held;
    this.day.closingOwed = this.token.owed;
    this.day.closingFeesAccrued = this.token.feesAccrued;
    this.token.save();
    this.day.save();
  }
}

export function recordDeposit(job: Job, amount: BigInt, event: ethereum.Event): void {
  let books = new Books(job.token, event);
  books.token.held = books.token.held.plus(amount);
  books.token.totalDeposited = books.token.totalDeposited.plus(amount);
  books.day.deposited = books.day.deposited.plus(amount);
  books.close();
  job.escrowed = job.escrowed.plus(amount);
  job.held = job.held.plus(amount);
}

/**
 * Credits the vendor of `job` with `toVendor`, keeping `fee` for the platform, out of the
 * milestone's held funds. Loads and saves the token, the vendor, its account and volume, and
 * the Protocol; changes `job` and `milestone` in memory only.
 */
export function creditVendor(
  job: Job,
  milestone: Milestone,
  kind: string,
  toVendor: BigInt,
  fee: BigInt,
  automatic: boolean,
  event: ethereum.Event,
): void {
  let gross = toVendor.plus(fee);
  let books = new Books(job.token, event);
  let token = books.token;
  token.held = token.held.minus(gross);
  token.feesAccrued = token.feesAccrued.plus(fee);
  token.totalPaidToVendors = token.totalPaidToVendors.plus(toVendor);
  books.day.paidToVendors = books.day.paidToVendors.plus(toVendor);
  books.day.feesAccrued = books.day.feesAccrued.plus(fee);
  books.close();

  // A job counts in its vendor's paidJobs from its first credit on.
  let firstPayment = job.vendorGross.isZero();
  job.held = job.held.minus(gross);
  job.vendorGross = job.vendorGross.plus(gross);
  job.paidToVendor = job.paidToVendor.plus(toVendor);
  job.fees = job.fees.plus(fee);
  milestone.held = milestone.held.minus(gross);
  milestone.vendorGross = milestone.vendorGross.plus(gross);
  milestone.paidToVendor = milestone.paidToVendor.plus(toVendor);
  milestone.fees = milestone.fees.plus(fee);

  // What `rate` would weigh now: the job's gross in weight units.
  // The job's own weight unit: the escrow snapshots it at posting.
  let units = job.weightUnit.isZero() ? ZERO_BI : job.vendorGross.div(job.weightUnit);
  let unitsDelta = units.minus(job.vendorPaidUnits);
  job.vendorPaidUnits = units;

  let vendorId = job.vendor as Bytes;
  let vendor = getOrCreateVendor(vendorId, event.block.timestamp);
  if (firstPayment) vendor.paidJobs += 1;
  vendor.paidVolume = vendor.paidVolume.plus(unitsDelta);
  vendor.updatedAt = event.block.timestamp;
  vendor.save();

  let volume = getOrCreateVendorTokenVolume(vendorId, job.token);
  volume.gross = volume.gross.plus(gross);
  volume.net = volume.net.plus(toVendor);
  volume.fees = volume.fees.plus(fee);
  volume.paymentCount += 1;
  volume.save();

  let id = eventId(event);
  let payment = new Payment(id);
  payment.kind = kind;
  payment.job = job.id;
  payment.milestone = milestone.id;
  payment.vendor = vendorId;
  payment.client = job.client;
  payment.token = job.token;
  payment.gross = gross;
  payment.toVendor = toVendor;
  payment.fee = fee;
  payment.automatic = automatic;
  payment.timestamp = event.block.timestamp;
  payment.blockNumber = event.block.number;
  payment.transactionHash = event.transaction.hash;
  payment.save();

  if (!fee.isZero()) {
    let accrual = new FeeAccrual(id);
    accrual.source = kind;
    accrual.job = job.id;
    accrual.milestone = milestone.id;
    accrual.token = job.token;
    accrual.amount = fee;
    accrual.feeBps = job.feeBps;
    accrual.timestamp = event.block.timestamp;
    accrual.blockNumber = event.block.number;
    accrual.transactionHash = event.transaction.hash;
    accrual.save();
  }

  let protocol = getOrCreateProtocol();
  protocol.paymentCount += 1;
  protocol.save();
}

/**
 * Credits the client of `job` with `amount` out of the milestone's held funds. Loads and saves
 * the token and the Protocol; changes `job` and `milestone` in memory only.
 */
export function creditClient(
  job: Job,
  milestone: Milestone,
  kind: string,
  amount: BigInt,
  event: ethereum.Event,
): void {
  let books = new Books(job.token, event);
  books.token.held = books.token.held.minus(amount);
  books.token.totalRefunded = books.token.totalRefunded.plus(amount);
  books.day.refunded = books.day.refunded.plus(amount);
  books.close();

  job.held = job.held.minus(amount);
  job.refunded = job.refunded.plus(amount);
  milestone.held = milestone.held.minus(amount);
  milestone.refunded = milestone.refunded.plus(amount);

  let refund = new Refund(eventId(event));
  refund.kind = kind;
  refund.job = job.id;
  refund.milestone = milestone.id;
  refund.client = job.client;
  refund.token = job.token;
  refund.amount = amount;
  refund.timestamp = event.block.timestamp;
  refund.blockNumber = event.block.number;
  refund.transactionHash = event.transaction.hash;
  refund.save();

  let protocol = getOrCreateProtocol();
  protocol.refundCount += 1;
  protocol.save();
}

/** Credits the job's arbiter with its fee out of the milestone's held funds. */
export function creditArbiter(job: Job, milestone: Milestone, amount: BigInt, event: ethereum.Event): void {
  let books = new Books(job.token, event);
  books.token.held = books.token.held.minus(amount);
  books.token.totalArbiterFees = books.token.totalArbiterFees.plus(amount);
  books.day.arbiterFees = books.day.arbiterFees.plus(amount);
  books.close();

  job.held = job.held.minus(amount);
  job.arbiterFees = job.arbiterFees.plus(amount);
  milestone.held = milestone.held.minus(amount);
  milestone.arbiterFee = milestone.arbiterFee.plus(amount);
}
