import { Address, BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";
import {
  BonusReleased,
  BonusReturned,
  ChangesRequested,
  DefaultArbiterChangeAnnounced,
  DefaultArbiterSet,
  DisputeRaised,
  DisputeResolved,
  FeeChangeAnnounced,
  FeesCollected,
  JobPosted,
  MilestoneCancelled,
  MilestoneRefunded,
  MilestoneReleased,
  MilestonesFunded,
  MilestoneSubmitted,
  OwnershipTransferred,
  OwnershipTransferStarted,
  Paused,
  PaymentDeferred,
  QuotesRevoked,
  Dispute as DisputeEvent,
  Evidence,
  MetaEvidence,
  Rated,
  SurplusSwept,
  Ruling,
  TokenConfigured,
  TreasurySet,
  Unpaused,
  VendorHired,
  Withdrawn,
} from "../../generated/MosaicEscrow/MosaicEscrow";
import { ARBITER, CLIENT, DAY, ESCROW, ETH, START_TIME, mockEvent, param, uint, uintBig } from "./mock";

// Builders for every MosaicEscrow event, parameters in ABI order with the ABI's value kinds.

export class MilestoneSpec {
  amount: BigInt;
  bonus: BigInt;
  deadline: i64;
  outcomeDeadline: i64;

  constructor(amount: BigInt, bonus: BigInt, deadline: i64, outcomeDeadline: i64) {
    this.amount = amount;
    this.bonus = bonus;
    this.deadline = deadline;
    this.outcomeDeadline = outcomeDeadline;
  }
}

/** A milestone due `days` after the test's start, with an optional bonus decided 10 days later. */
export function milestone(amount: BigInt, days: i64, bonus: BigInt = BigInt.zero()): MilestoneSpec {
  let deadline = START_TIME + days * DAY;
  return new MilestoneSpec(amount, bonus, deadline, bonus.isZero() ? 0 : deadline + 10 * DAY);
}

export class JobSpec {
  jobId: i32 = 1;
  client: Address = CLIENT;
  token: Address = ETH;
  arbiter: Address = ARBITER;
  arbiterFeeBps: i32 = 100;
  feeBps: i32 = 50;
  reviewWindow: i32 = 3 * 86400;
  open: boolean = false;
  minRating: i32 = 0;
  minPaidJobs: i32 = 0;
  requiredSkills: Array<Bytes> = [];
  specCid: string = "bafy-spec";
  milestones: Array<MilestoneSpec> = [];
}

function jobIdValue(jobId: i32): ethereum.Value {
  return uint(jobId);
}

export function jobPosted(spec: JobSpec): JobPosted {
  let event = changetype<JobPosted>(mockEvent(ESCROW));
  let terms = new ethereum.Tuple();
  terms.push(ethereum.Value.fromAddress(spec.token));
  terms.push(ethereum.Value.fromAddress(spec.arbiter));
  terms.push(ethereum.Value.fromI32(spec.arbiterFeeBps));
  terms.push(uint(spec.reviewWindow));
  terms.push(ethereum.Value.fromBoolean(spec.open));
  terms.push(ethereum.Value.fromI32(spec.minRating));
  terms.push(ethereum.Value.fromI32(spec.minPaidJobs));
  terms.push(ethereum.Value.fromFixedBytesArray(spec.requiredSkills));
  terms.push(ethereum.Value.fromString(spec.specCid));
  let milestones = new Array<ethereum.Tuple>();
  for (let i = 0; i < spec.milestones.length; i++) {
    let m = spec.milestones[i];
    let tuple = new ethereum.Tuple();
    tuple.push(uintBig(m.amount));
    tuple.push(uintBig(m.bonus));
    tuple.push(uint(m.deadline));
    tuple.push(uint(m.outcomeDeadline));
    milestones.push(tuple);
  }
  event.parameters.push(param("jobId", jobIdValue(spec.jobId)));
  event.parameters.push(param("client", ethereum.Value.fromAddress(spec.client)));
  event.parameters.push(param("token", ethereum.Value.fromAddress(spec.token)));
  event.parameters.push(param("arbiter", ethereum.Value.fromAddress(spec.arbiter)));
  event.parameters.push(param("arbiterFeeBps", ethereum.Value.fromI32(spec.arbiterFeeBps)));
  event.parameters.push(param("feeBps", ethereum.Value.fromI32(spec.feeBps)));
  event.parameters.push(param("terms", ethereum.Value.fromTuple(terms)));
  event.parameters.push(param("milestones", ethereum.Value.fromTupleArray(milestones)));
  return event;
}

export function milestonesFunded(jobId: i32, first: i32, count: i32, total: BigInt): MilestonesFunded {
  let event = changetype<MilestonesFunded>(mockEvent(ESCROW));
  event.parameters.push(param("jobId", jobIdValue(jobId)));
  event.parameters.push(param("first", uint(first)));
  event.parameters.push(param("count", uint(count)));
  event.parameters.push(param("total", uintBig(total)));
  return event;
}

export function vendorHired(jobId: i32, vendor: Address, byQuote: boolean): VendorHired {
  let event = changetype<VendorHired>(mockEvent(ESCROW));
  event.parameters.push(param("jobId", jobIdValue(jobId)));
  event.parameters.push(param("vendor", ethereum.Value.fromAddress(vendor)));
  event.parameters.push(param("byQuote", ethereum.Value.fromBoolean(byQuote)));
  return event;
}

export function milestoneSubmitted(jobId: i32, index: i32, cid: string, reviewEndsAt: i64): MilestoneSubmitted {
  let event = changetype<MilestoneSubmitted>(mockEvent(ESCROW));
  event.parameters.push(param("jobId", jobIdValue(jobId)));
  event.parameters.push(param("index", uint(index)));
  event.parameters.push(param("deliverableCid", ethereum.Value.fromString(cid)));
  event.parameters.push(param("reviewEndsAt", uint(reviewEndsAt)));
  return event;
}

export function changesRequested(jobId: i32, index: i32, noteCid: string, deadline: i64): ChangesRequested {
  let event = changetype<ChangesRequested>(mockEvent(ESCROW));
  event.parameters.push(param("jobId", jobIdValue(jobId)));
  event.parameters.push(param("index", uint(index)));
  event.parameters.push(param("noteCid", ethereum.Value.fromString(noteCid)));
  event.parameters.push(param("deadline", uint(deadline)));
  return event;
}

export function milestoneReleased(
  jobId: i32,
  index: i32,
  vendor: Address,
  toVendor: BigInt,
  fee: BigInt,
  automatic: boolean,
): MilestoneReleased {
  let event = changetype<MilestoneReleased>(mockEvent(ESCROW));
  event.parameters.push(param("jobId", jobIdValue(jobId)));
  event.parameters.push(param("index", uint(index)));
  event.parameters.push(param("vendor", ethereum.Value.fromAddress(vendor)));
  event.parameters.push(param("toVendor", uintBig(toVendor)));
  event.parameters.push(param("fee", uintBig(fee)));
  event.parameters.push(param("automatic", ethereum.Value.fromBoolean(automatic)));
  return event;
}

export function milestoneRefunded(jobId: i32, index: i32, amount: BigInt, deadlineMissed: boolean): MilestoneRefunded {
  let event = changetype<MilestoneRefunded>(mockEvent(ESCROW));
  event.parameters.push(param("jobId", jobIdValue(jobId)));
  event.parameters.push(param("index", uint(index)));
  event.parameters.push(param("amount", uintBig(amount)));
  event.parameters.push(param("deadlineMissed", ethereum.Value.fromBoolean(deadlineMissed)));
  return event;
}

export function milestoneCancelled(jobId: i32, index: i32): MilestoneCancelled {
  let event = changetype<MilestoneCancelled>(mockEvent(ESCROW));
  event.parameters.push(param("jobId", jobIdValue(jobId)));
  event.parameters.push(param("index", uint(index)));
  return event;
}

export function bonusReleased(jobId: i32, index: i32, toVendor: BigInt, fee: BigInt): BonusReleased {
  let event = changetype<BonusReleased>(mockEvent(ESCROW));
  event.parameters.push(param("jobId", jobIdValue(jobId)));
  event.parameters.push(param("index", uint(index)));
  event.parameters.push(param("toVendor", uintBig(toVendor)));
  event.parameters.push(param("fee", uintBig(fee)));
  return event;
}

export function bonusReturned(jobId: i32, index: i32, amount: BigInt): BonusReturned {
  let event = changetype<BonusReturned>(mockEvent(ESCROW));
  event.parameters.push(param("jobId", jobIdValue(jobId)));
  event.parameters.push(param("index", uint(index)));
  event.parameters.push(param("amount", uintBig(amount)));
  return event;
}

/** The escrow's ERC-792 dispute id: jobId << 8 | index. */
export function disputeIdOf(jobId: i32, index: i32): BigInt {
  return BigInt.fromI32((jobId << 8) | index);
}

export function disputeRaised(jobId: i32, index: i32, raisedBy: Address, amount: BigInt): DisputeRaised {
  let event = changetype<DisputeRaised>(mockEvent(ESCROW));
  event.parameters.push(param("jobId", jobIdValue(jobId)));
  event.parameters.push(param("index", uint(index)));
  event.parameters.push(param("disputeId", uintBig(disputeIdOf(jobId, index))));
  event.parameters.push(param("raisedBy", ethereum.Value.fromAddress(raisedBy)));
  event.parameters.push(param("amount", uintBig(amount)));
  return event;
}

export function disputeResolved(
  jobId: i32,
  index: i32,
  resolution: i32,
  vendorBps: i32,
  toVendor: BigInt,
  toClient: BigInt,
  arbiterFee: BigInt,
  fee: BigInt,
): DisputeResolved {
  let event = changetype<DisputeResolved>(mockEvent(ESCROW));
  event.parameters.push(param("jobId", jobIdValue(jobId)));
  event.parameters.push(param("index", uint(index)));
  event.parameters.push(param("disputeId", uintBig(disputeIdOf(jobId, index))));
  event.parameters.push(param("resolution", ethereum.Value.fromI32(resolution)));
  event.parameters.push(param("vendorBps", ethereum.Value.fromI32(vendorBps)));
  event.parameters.push(param("toVendor", uintBig(toVendor)));
  event.parameters.push(param("toClient", uintBig(toClient)));
  event.parameters.push(param("arbiterFee", uintBig(arbiterFee)));
  event.parameters.push(param("fee", uintBig(fee)));
  return event;
}

export function ruling(arbitrator: Address, disputeId: BigInt, value: i32): Ruling {
  let event = changetype<Ruling>(mockEvent(ESCROW));
  event.parameters.push(param("arbitrator", ethereum.Value.fromAddress(arbitrator)));
  event.parameters.push(param("disputeID", uintBig(disputeId)));
  event.parameters.push(param("ruling", uint(value)));
  return event;
}

export function paymentDeferred(token: Address, payee: Address, amount: BigInt): PaymentDeferred {
  let event = changetype<PaymentDeferred>(mockEvent(ESCROW));
  event.parameters.push(param("token", ethereum.Value.fromAddress(token)));
  event.parameters.push(param("payee", ethereum.Value.fromAddress(payee)));
  event.parameters.push(param("amount", uintBig(amount)));
  return event;
}

export function withdrawn(token: Address, account: Address, to: Address, amount: BigInt): Withdrawn {
  let event = changetype<Withdrawn>(mockEvent(ESCROW));
  event.parameters.push(param("token", ethereum.Value.fromAddress(token)));
  event.parameters.push(param("account", ethereum.Value.fromAddress(account)));
  event.parameters.push(param("to", ethereum.Value.fromAddress(to)));
  event.parameters.push(param("amount", uintBig(amount)));
  return event;
}

export function feesCollected(token: Address, treasury: Address, amount: BigInt): FeesCollected {
  let event = changetype<FeesCollected>(mockEvent(ESCROW));
  event.parameters.push(param("token", ethereum.Value.fromAddress(token)));
  event.parameters.push(param("treasury", ethereum.Value.fromAddress(treasury)));
  event.parameters.push(param("amount", uintBig(amount)));
  return event;
}

export function rated(
  jobId: i32,
  rater: Address,
  ratee: Address,
  score: i32,
  weight: i64,
  rateeIsVendor: boolean = true,
  paidJobCounted: boolean = false,
): Rated {
  let event = changetype<Rated>(mockEvent(ESCROW));
  event.parameters.push(param("jobId", jobIdValue(jobId)));
  event.parameters.push(param("rater", ethereum.Value.fromAddress(rater)));
  event.parameters.push(param("ratee", ethereum.Value.fromAddress(ratee)));
  event.parameters.push(param("score", ethereum.Value.fromI32(score)));
  event.parameters.push(param("weight", uint(weight)));
  event.parameters.push(param("rateeIsVendor", ethereum.Value.fromBoolean(rateeIsVendor)));
  event.parameters.push(param("paidJobCounted", ethereum.Value.fromBoolean(paidJobCounted)));
  return event;
}

export function evidence(arbitrator: Address, disputeId: BigInt, party: Address, cid: string): Evidence {
  let event = changetype<Evidence>(mockEvent(ESCROW));
  event.parameters.push(param("arbitrator", ethereum.Value.fromAddress(arbitrator)));
  event.parameters.push(param("evidenceGroupID", uintBig(disputeId)));
  event.parameters.push(param("party", ethereum.Value.fromAddress(party)));
  event.parameters.push(param("evidence", ethereum.Value.fromString(cid)));
  return event;
}

export function surplusSwept(token: Address, treasury: Address, amount: BigInt): SurplusSwept {
  let event = changetype<SurplusSwept>(mockEvent(ESCROW));
  event.parameters.push(param("token", ethereum.Value.fromAddress(token)));
  event.parameters.push(param("treasury", ethereum.Value.fromAddress(treasury)));
  event.parameters.push(param("amount", uintBig(amount)));
  return event;
}

export function quotesRevoked(vendor: Address, nonce: i32): QuotesRevoked {
  let event = changetype<QuotesRevoked>(mockEvent(ESCROW));
  event.parameters.push(param("vendor", ethereum.Value.fromAddress(vendor)));
  event.parameters.push(param("nonce", uint(nonce)));
  return event;
}

export function feeChangeAnnounced(feeBps: i32, effectiveAt: i64): FeeChangeAnnounced {
  let event = changetype<FeeChangeAnnounced>(mockEvent(ESCROW));
  event.parameters.push(param("feeBps", ethereum.Value.fromI32(feeBps)));
  event.parameters.push(param("effectiveAt", uint(effectiveAt)));
  return event;
}

export function tokenConfigured(
  token: Address,
  allowed: boolean,
  weightUnit: BigInt,
  paidJobThreshold: BigInt = BigInt.zero(),
): TokenConfigured {
  let event = changetype<TokenConfigured>(mockEvent(ESCROW));
  event.parameters.push(param("token", ethereum.Value.fromAddress(token)));
  event.parameters.push(param("allowed", ethereum.Value.fromBoolean(allowed)));
  event.parameters.push(param("weightUnit", uintBig(weightUnit)));
  let threshold = paidJobThreshold.isZero() ? weightUnit.times(BigInt.fromI32(100)) : paidJobThreshold;
  event.parameters.push(param("paidJobThreshold", uintBig(threshold)));
  return event;
}

export function defaultArbiterSet(arbiter: Address, feeBps: i32): DefaultArbiterSet {
  let event = changetype<DefaultArbiterSet>(mockEvent(ESCROW));
  event.parameters.push(param("arbiter", ethereum.Value.fromAddress(arbiter)));
  event.parameters.push(param("feeBps", ethereum.Value.fromI32(feeBps)));
  return event;
}

export function defaultArbiterChangeAnnounced(
  arbiter: Address,
  feeBps: i32,
  effectiveAt: i64,
): DefaultArbiterChangeAnnounced {
  let event = changetype<DefaultArbiterChangeAnnounced>(mockEvent(ESCROW));
  event.parameters.push(param("arbiter", ethereum.Value.fromAddress(arbiter)));
  event.parameters.push(param("feeBps", ethereum.Value.fromI32(feeBps)));
  event.parameters.push(param("effectiveAt", uint(effectiveAt)));
  return event;
}

export function treasurySet(treasury: Address): TreasurySet {
  let event = changetype<TreasurySet>(mockEvent(ESCROW));
  event.parameters.push(param("treasury", ethereum.Value.fromAddress(treasury)));
  return event;
}

export function paused(account: Address): Paused {
  let event = changetype<Paused>(mockEvent(ESCROW));
  event.parameters.push(param("account", ethereum.Value.fromAddress(account)));
  return event;
}

export function unpaused(account: Address): Unpaused {
  let event = changetype<Unpaused>(mockEvent(ESCROW));
  event.parameters.push(param("account", ethereum.Value.fromAddress(account)));
  return event;
}

export function ownershipTransferStarted(previousOwner: Address, newOwner: Address): OwnershipTransferStarted {
  let event = changetype<OwnershipTransferStarted>(mockEvent(ESCROW));
  event.parameters.push(param("previousOwner", ethereum.Value.fromAddress(previousOwner)));
  event.parameters.push(param("newOwner", ethereum.Value.fromAddress(newOwner)));
  return event;
}

export function ownershipTransferred(previousOwner: Address, newOwner: Address): OwnershipTransferred {
  let event = changetype<OwnershipTransferred>(mockEvent(ESCROW));
  event.parameters.push(param("previousOwner", ethereum.Value.fromAddress(previousOwner)));
  event.parameters.push(param("newOwner", ethereum.Value.fromAddress(newOwner)));
  return event;
}

export function metaEvidence(jobId: i32, cid: string): MetaEvidence {
  let event = changetype<MetaEvidence>(mockEvent(ESCROW));
  event.parameters.push(param("metaEvidenceID", jobIdValue(jobId)));
  event.parameters.push(param("evidence", ethereum.Value.fromString(cid)));
  return event;
}

export function erc1497Dispute(arbitrator: Address, disputeId: BigInt, jobId: i32): DisputeEvent {
  let event = changetype<DisputeEvent>(mockEvent(ESCROW));
  event.parameters.push(param("arbitrator", ethereum.Value.fromAddress(arbitrator)));
  event.parameters.push(param("disputeID", uintBig(disputeId)));
  event.parameters.push(param("metaEvidenceID", jobIdValue(jobId)));
  event.parameters.push(param("evidenceGroupID", uintBig(disputeId)));
  return event;
}
