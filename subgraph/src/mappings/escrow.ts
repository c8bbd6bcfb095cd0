import { BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";
import {
  BonusReleased,
  BonusReturned,
  ChangesRequested,
  DefaultArbiterChangeAnnounced,
  DefaultArbiterSet,
  DisputeRaised,
  DisputeResolved,
  Dispute as DisputeEvent,
  Evidence,
  FeeChangeAnnounced,
  FeesCollected,
  JobPosted,
  MetaEvidence,
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
  Rated,
  Ruling,
  SurplusSwept,
  TokenConfigured,
  TreasurySet,
  Unpaused,
  VendorHired,
  Withdrawn,
} from "../../generated/MosaicEscrow/MosaicEscrow";
import {
  ChangeRequest,
  Deposit,
  Dispute,
  Evidence as EvidenceEntity,
  FeeCollection,
  Hire,
  Job,
  Milestone,
  OperatorAction,
  PaymentDeferral,
  Protocol,
  QuoteRevocation,
  Rating,
  Submission,
  SurplusSweep,
  Vendor,
  Withdrawal,
} from "../../generated/schema";
import { Books, creditArbiter, creditClient, creditVendor, recordDeposit } from "../helpers/accounting";
import {
  BonusState,
  DisputeStatus,
  HALF_BPS,
  JobStatus,
  MilestoneState,
  OperatorActionKind,
  PaymentKind,
  RefundKind,
  Role,
  ZERO_BI,
  resolutionName,
} from "../helpers/constants";
import {
  escrowFeeBpsAt,
  getOrCreateAccount,
  getOrCreateClient,
  getOrCreateDailyStat,
  getOrCreateOwedBalance,
  getOrCreateProtocol,
  getOrCreateToken,
  getOrCreateVendor,
  loadDispute,
  loadJob,
  loadMilestone,
  syncVendorReputation,
} from "../helpers/getters";
import { eventId, jobKey, milestoneKey } from "../helpers/ids";
import { baseIsDisputable, finishJob, moveMilestone } from "../helpers/lifecycle";

// ------------------------------------------------------------------ protocol helpers

/**
 * Loads the Protocol, records the escrow's address and rolls an announced fee into force once
 * its time has come (the escrow's `feeBps()`). The caller changes it and saves it.
 */
function escrowProtocol(event: ethereum.Event): Protocol {
  let protocol = getOrCreateProtocol();
  protocol.escrow = event.address;
  protocol.feeBps = escrowFeeBpsAt(protocol, event.block.timestamp);
  // An announced default arbiter takes over once its delay is over, as in the escrow.
  let arbiterAt = protocol.defaultArbiterEffectiveAt;
  if (!arbiterAt.isZero() && event.block.timestamp.ge(arbiterAt)) {
    protocol.defaultArbiter = protocol.pendingDefaultArbiter;
    protocol.defaultArbiterFeeBps = protocol.pendingDefaultArbiterFeeBps;
  }
  return protocol;
}

function newOperatorAction(kind: string, event: ethereum.Event): OperatorAction {
  let action = new OperatorAction(eventId(event));
  action.kind = kind;
  action.timestamp = event.block.timestamp;
  action.blockNumber = event.block.number;
  action.transactionHash = event.transaction.hash;
  return action;
}

// ------------------------------------------------------------------ jobs

export function handleJobPosted(event: JobPosted): void {
  let params = event.params;
  let terms = params.terms;
  let milestones = params.milestones;
  let client = getOrCreateClient(params.client, event.block.timestamp);
  client.jobCount += 1;
  client.save();
  let token = getOrCreateToken(params.token);
  token.jobCount += 1;
  token.save();
  let weightUnit = token.weightUnit;

  let job = new Job(jobKey(params.jobId));
  job.jobId = params.jobId;
  job.client = params.client;
  job.token = params.token;
  job.open = terms.open;
  job.minRating = terms.minRating;
  job.minPaidJobs = terms.minPaidJobs;
  // The escrow snapshots the token's weight settings at posting: those in force now.
  job.weightUnit = weightUnit;
  job.paidJobThreshold = token.paidJobThreshold;
  job.paidJobCounted = false;
  job.requiredSkills = terms.requiredSkills;
  job.specCid = terms.specCid;
  job.arbiter = params.arbiter;
  job.arbiterFeeBps = params.arbiterFeeBps;
  job.feeBps = params.feeBps;
  // The escrow accepts review windows of 1 to 30 days.
  job.reviewWindow = terms.reviewWindow.toI32();
  job.status = JobStatus.Open;
  job.milestoneCount = milestones.length;
  job.liveMilestones = milestones.length;
  job.milestonesInProgress = 0;
  job.activeDisputes = 0;
  job.vendorActive = false;
  job.escrowed = ZERO_BI;
  job.held = ZERO_BI;
  job.vendorGross = ZERO_BI;
  job.paidToVendor = ZERO_BI;
  job.fees = ZERO_BI;
  job.refunded = ZERO_BI;
  job.arbiterFees = ZERO_BI;
  job.vendorPaidUnits = ZERO_BI;
  job.clientRated = false;
  job.vendorRated = false;
  job.createdAt = event.block.timestamp;
  job.createdAtBlock = event.block.number;
  job.createdTx = event.transaction.hash;
  job.updatedAt = event.block.timestamp;

  let totalAmount = ZERO_BI;
  let totalBonus = ZERO_BI;
  for (let i = 0; i < milestones.length; i++) {
    let posted = milestones[i];
    let milestone = new Milestone(milestoneKey(params.jobId, i));
    milestone.job = job.id;
    milestone.index = i;
    milestone.amount = posted.amount;
    milestone.bonus = posted.bonus;
    milestone.deadline = posted.deadline;
    // The escrow keeps an outcome deadline only for a milestone with a bonus.
    milestone.outcomeDeadline = posted.bonus.isZero() ? ZERO_BI : posted.outcomeDeadline;
    milestone.state = MilestoneState.Created;
    milestone.bonusState = BonusState.None;
    milestone.submissionCount = 0;
    milestone.changeRequestCount = 0;
    milestone.held = ZERO_BI;
    milestone.vendorGross = ZERO_BI;
    milestone.paidToVendor = ZERO_BI;
    milestone.fees = ZERO_BI;
    milestone.refunded = ZERO_BI;
    milestone.arbiterFee = ZERO_BI;
    milestone.save();
    totalAmount = totalAmount.plus(posted.amount);
    totalBonus = totalBonus.plus(posted.bonus);
  }
  job.totalAmount = totalAmount;
  job.totalBonus = totalBonus;
  if (!weightUnit.isZero()) {
    job.budgetUsdCents = totalAmount.plus(totalBonus).times(BigInt.fromI32(100)).div(weightUnit);
  }
  job.save();

  let protocol = escrowProtocol(event);
  protocol.jobCount += 1;
  protocol.milestoneCount += milestones.length;
  // The job snapshots the fee in force, which also tells the fee schedule's state.
  protocol.feeBps = params.feeBps;
  protocol.save();

  let day = getOrCreateDailyStat(event.block.timestamp);
  day.jobsPosted += 1;
  day.save();
}

export function handleMilestonesFunded(event: MilestonesFunded): void {
  let params = event.params;
  let job = loadJob(params.jobId);
  // The escrow snapshots the fee and the token's weight settings again at each funding: a job
  // stockpiled unfunded before a change pays the values in force when it is funded.
  let settings = escrowProtocol(event);
  job.feeBps = settings.feeBps;
  let token = getOrCreateToken(job.token);
  job.weightUnit = token.weightUnit;
  job.paidJobThreshold = token.paidJobThreshold;
  let first = params.first.toI32();
  let count = params.count.toI32();
  for (let i = first; i < first + count; i++) {
    let milestone = loadMilestone(params.jobId, i);
    let bonusState = milestone.bonus.isZero() ? milestone.bonusState : BonusState.Held;
    moveMilestone(job, milestone, MilestoneState.Funded, bonusState);
    milestone.held = milestone.amount.plus(milestone.bonus);
    milestone.fundedAt = event.block.timestamp;
    milestone.save();
  }
  recordDeposit(job, params.total, event);

  let client = getOrCreateClient(job.client, event.block.timestamp);
  client.fundedMilestones += count;
  client.save();

  let deposit = new Deposit(eventId(event));
  deposit.job = job.id;
  deposit.client = job.client;
  deposit.token = job.token;
  deposit.first = first;
  deposit.count = count;
  deposit.amount = params.total;
  deposit.timestamp = event.block.timestamp;
  deposit.blockNumber = event.block.number;
  deposit.transactionHash = event.transaction.hash;
  deposit.save();

  let protocol = escrowProtocol(event);
  protocol.fundedMilestoneCount += count;
  protocol.save();
  let day = getOrCreateDailyStat(event.block.timestamp);
  day.milestonesFunded += count;
  day.save();

  finishJob(job, event);
}

export function handleVendorHired(event: VendorHired): void {
  let params = event.params;
  let job = loadJob(params.jobId);
  job.vendor = params.vendor;
  job.hiredByQuote = params.byQuote;
  job.hiredAt = event.block.timestamp;

  let account = getOrCreateAccount(params.vendor);
  account.hiredJobs += 1;
  account.save();
  let vendor = getOrCreateVendor(params.vendor, event.block.timestamp);
  syncVendorReputation(vendor, account);
  vendor.updatedAt = event.block.timestamp;
  vendor.save();

  let hire = new Hire(eventId(event));
  hire.job = job.id;
  hire.vendor = params.vendor;
  hire.client = job.client;
  hire.byQuote = params.byQuote;
  hire.timestamp = event.block.timestamp;
  hire.blockNumber = event.block.number;
  hire.transactionHash = event.transaction.hash;
  hire.save();

  let protocol = escrowProtocol(event);
  protocol.hireCount += 1;
  protocol.save();
  let day = getOrCreateDailyStat(event.block.timestamp);
  day.hires += 1;
  day.save();

  finishJob(job, event);
}

// ------------------------------------------------------------------ milestones

export function handleMilestoneSubmitted(event: MilestoneSubmitted): void {
  let params = event.params;
  let index = params.index.toI32();
  let job = loadJob(params.jobId);
  let milestone = loadMilestone(params.jobId, index);
  moveMilestone(job, milestone, MilestoneState.Submitted, milestone.bonusState);
  milestone.reviewEndsAt = params.reviewEndsAt;
  milestone.deliverableCid = params.deliverableCid;
  milestone.submissionCount += 1;
  milestone.save();

  let submission = new Submission(eventId(event));
  submission.job = job.id;
  submission.milestone = milestone.id;
  submission.deliverableCid = params.deliverableCid;
  submission.reviewEndsAt = params.reviewEndsAt;
  submission.timestamp = event.block.timestamp;
  submission.blockNumber = event.block.number;
  submission.transactionHash = event.transaction.hash;
  submission.save();

  finishJob(job, event);
}

export function handleChangesRequested(event: ChangesRequested): void {
  let params = event.params;
  let index = params.index.toI32();
  let job = loadJob(params.jobId);
  let milestone = loadMilestone(params.jobId, index);
  moveMilestone(job, milestone, MilestoneState.Funded, milestone.bonusState);
  milestone.deadline = params.deadline;
  milestone.reviewEndsAt = null;
  milestone.changeRequestCount += 1;
  milestone.save();

  let request = new ChangeRequest(eventId(event));
  request.job = job.id;
  request.milestone = milestone.id;
  request.noteCid = params.noteCid;
  request.newDeadline = params.deadline;
  request.timestamp = event.block.timestamp;
  request.blockNumber = event.block.number;
  request.transactionHash = event.transaction.hash;
  request.save();

  finishJob(job, event);
}

export function handleMilestoneReleased(event: MilestoneReleased): void {
  let params = event.params;
  let job = loadJob(params.jobId);
  let milestone = loadMilestone(params.jobId, params.index.toI32());
  moveMilestone(job, milestone, MilestoneState.Paid, milestone.bonusState);
  milestone.reviewEndsAt = null;
  milestone.paidAt = event.block.timestamp;
  milestone.automaticRelease = params.automatic;
  milestone.settledAt = event.block.timestamp;
  creditVendor(job, milestone, PaymentKind.Milestone, params.toVendor, params.fee, params.automatic, event);
  milestone.save();

  let client = getOrCreateClient(job.client, event.block.timestamp);
  client.paidMilestones += 1;
  client.save();
  let protocol = escrowProtocol(event);
  protocol.paidMilestoneCount += 1;
  protocol.save();
  let day = getOrCreateDailyStat(event.block.timestamp);
  day.milestonesPaid += 1;
  day.save();

  finishJob(job, event);
}

export function handleBonusReleased(event: BonusReleased): void {
  let params = event.params;
  let job = loadJob(params.jobId);
  let milestone = loadMilestone(params.jobId, params.index.toI32());
  moveMilestone(job, milestone, milestone.state, BonusState.Released);
  creditVendor(job, milestone, PaymentKind.Bonus, params.toVendor, params.fee, false, event);
  milestone.save();
  finishJob(job, event);
}

export function handleBonusReturned(event: BonusReturned): void {
  let params = event.params;
  let job = loadJob(params.jobId);
  let milestone = loadMilestone(params.jobId, params.index.toI32());
  moveMilestone(job, milestone, milestone.state, BonusState.Returned);
  creditClient(job, milestone, RefundKind.BonusReturned, params.amount, event);
  milestone.save();
  finishJob(job, event);
}

export function handleMilestoneRefunded(event: MilestoneRefunded): void {
  let params = event.params;
  let job = loadJob(params.jobId);
  let milestone = loadMilestone(params.jobId, params.index.toI32());
  let bonusState = milestone.bonusState == BonusState.Held ? BonusState.Returned : milestone.bonusState;
  moveMilestone(job, milestone, MilestoneState.Refunded, bonusState);
  milestone.settledAt = event.block.timestamp;
  let kind = params.deadlineMissed ? RefundKind.DeadlineMissed : RefundKind.BeforeHire;
  creditClient(job, milestone, kind, params.amount, event);
  milestone.save();

  let vendorId = job.vendor;
  if (params.deadlineMissed && vendorId !== null) {
    let vendor = getOrCreateVendor(vendorId, event.block.timestamp);
    vendor.refundedMilestones += 1;
    vendor.updatedAt = event.block.timestamp;
    vendor.save();
  }
  let client = getOrCreateClient(job.client, event.block.timestamp);
  client.refundedMilestones += 1;
  client.save();
  let protocol = escrowProtocol(event);
  protocol.refundedMilestoneCount += 1;
  protocol.save();
  let day = getOrCreateDailyStat(event.block.timestamp);
  day.milestonesRefunded += 1;
  day.save();

  finishJob(job, event);
}

export function handleMilestoneCancelled(event: MilestoneCancelled): void {
  let params = event.params;
  let job = loadJob(params.jobId);
  let milestone = loadMilestone(params.jobId, params.index.toI32());
  moveMilestone(job, milestone, MilestoneState.Cancelled, milestone.bonusState);
  milestone.settledAt = event.block.timestamp;
  milestone.save();

  let protocol = escrowProtocol(event);
  protocol.cancelledMilestoneCount += 1;
  protocol.save();
  let day = getOrCreateDailyStat(event.block.timestamp);
  day.milestonesCancelled += 1;
  day.save();

  finishJob(job, event);
}

// ------------------------------------------------------------------ disputes

export function handleDisputeRaised(event: DisputeRaised): void {
  let params = event.params;
  let job = loadJob(params.jobId);
  let milestone = loadMilestone(params.jobId, params.index.toI32());
  let bonusHeld = milestone.bonusState == BonusState.Held;
  // The escrow freezes the base (with a held bonus) while work is under way, or a held bonus
  // alone once the base was paid.
  let includesBase = baseIsDisputable(milestone.state);
  let state = includesBase ? MilestoneState.Disputed : milestone.state;
  let bonusState = bonusHeld ? BonusState.Disputed : milestone.bonusState;
  moveMilestone(job, milestone, state, bonusState);
  milestone.reviewEndsAt = null;

  let dispute = new Dispute(params.disputeId.toString());
  dispute.disputeId = params.disputeId;
  dispute.job = job.id;
  dispute.milestone = milestone.id;
  dispute.raisedBy = params.raisedBy;
  dispute.raisedByRole = params.raisedBy.equals(job.client) ? Role.Client : Role.Vendor;
  dispute.amount = params.amount;
  dispute.includesBase = includesBase;
  dispute.includesBonus = bonusHeld;
  dispute.status = DisputeStatus.Open;
  dispute.arbiter = job.arbiter;
  dispute.raisedAt = event.block.timestamp;
  dispute.raisedAtBlock = event.block.number;
  dispute.save();
  milestone.dispute = dispute.id;
  milestone.save();

  let vendor = getOrCreateVendor(job.vendor as Bytes, event.block.timestamp);
  vendor.disputedMilestones += 1;
  vendor.updatedAt = event.block.timestamp;
  vendor.save();
  let client = getOrCreateClient(job.client, event.block.timestamp);
  client.disputedMilestones += 1;
  client.save();
  let protocol = escrowProtocol(event);
  protocol.disputeCount += 1;
  protocol.openDisputeCount += 1;
  protocol.save();
  let day = getOrCreateDailyStat(event.block.timestamp);
  day.disputesRaised += 1;
  day.save();

  finishJob(job, event);
}

export function handleRuling(event: Ruling): void {
  let dispute = loadDispute(event.params.disputeID);
  dispute.ruling = event.params.ruling;
  dispute.arbiter = event.params.arbitrator;
  dispute.save();
}

export function handleDisputeResolved(event: DisputeResolved): void {
  let params = event.params;
  let job = loadJob(params.jobId);
  let milestone = loadMilestone(params.jobId, params.index.toI32());
  let state = milestone.state == MilestoneState.Disputed ? MilestoneState.Resolved : milestone.state;
  let bonusState = milestone.bonusState == BonusState.Disputed ? BonusState.Resolved : milestone.bonusState;
  moveMilestone(job, milestone, state, bonusState);
  milestone.settledAt = event.block.timestamp;

  let vendorGross = params.toVendor.plus(params.fee);
  if (!vendorGross.isZero()) {
    creditVendor(job, milestone, PaymentKind.Dispute, params.toVendor, params.fee, false, event);
  }
  if (!params.toClient.isZero()) {
    creditClient(job, milestone, RefundKind.Dispute, params.toClient, event);
  }
  if (!params.arbiterFee.isZero()) {
    creditArbiter(job, milestone, params.arbiterFee, event);
  }
  milestone.save();

  let vendorLost = params.vendorBps < HALF_BPS;
  let dispute = loadDispute(params.disputeId);
  dispute.status = DisputeStatus.Resolved;
  dispute.resolution = resolutionName(params.resolution);
  dispute.vendorBps = params.vendorBps;
  dispute.toVendor = params.toVendor;
  dispute.toClient = params.toClient;
  dispute.arbiterFee = params.arbiterFee;
  dispute.fee = params.fee;
  dispute.vendorLost = vendorLost;
  dispute.resolvedAt = event.block.timestamp;
  dispute.save();

  if (vendorLost) {
    let vendor = getOrCreateVendor(job.vendor as Bytes, event.block.timestamp);
    vendor.disputesLost += 1;
    vendor.updatedAt = event.block.timestamp;
    vendor.save();
  } else if (params.vendorBps > HALF_BPS) {
    let client = getOrCreateClient(job.client, event.block.timestamp);
    client.disputesLost += 1;
    client.save();
  }
  let protocol = escrowProtocol(event);
  protocol.openDisputeCount -= 1;
  protocol.save();
  let day = getOrCreateDailyStat(event.block.timestamp);
  day.disputesResolved += 1;
  day.save();

  finishJob(job, event);
}

// ------------------------------------------------------------------ payouts and fees

export function handlePaymentDeferred(event: PaymentDeferred): void {
  let params = event.params;
  let books = new Books(params.token, event);
  books.token.owed = books.token.owed.plus(params.amount);
  books.token.totalDeferred = books.token.totalDeferred.plus(params.amount);
  books.day.deferred = books.day.deferred.plus(params.amount);
  books.close();

  let balance = getOrCreateOwedBalance(params.token, params.payee);
  balance.amount = balance.amount.plus(params.amount);
  balance.save();

  let deferral = new PaymentDeferral(eventId(event));
  deferral.token = params.token;
  deferral.payee = params.payee;
  deferral.amount = params.amount;
  deferral.timestamp = event.block.timestamp;
  deferral.blockNumber = event.block.number;
  deferral.transactionHash = event.transaction.hash;
  deferral.save();
}

export function handleWithdrawn(event: Withdrawn): void {
  let params = event.params;
  let books = new Books(params.token, event);
  books.token.owed = books.token.owed.minus(params.amount);
  books.token.totalWithdrawn = books.token.totalWithdrawn.plus(params.amount);
  books.day.withdrawn = books.day.withdrawn.plus(params.amount);
  books.close();

  let balance = getOrCreateOwedBalance(params.token, params.account);
  balance.amount = balance.amount.minus(params.amount);
  balance.save();

  let withdrawal = new Withdrawal(eventId(event));
  withdrawal.token = params.token;
  withdrawal.account = params.account;
  withdrawal.to = params.to;
  withdrawal.amount = params.amount;
  withdrawal.timestamp = event.block.timestamp;
  withdrawal.blockNumber = event.block.number;
  withdrawal.transactionHash = event.transaction.hash;
  withdrawal.save();
}

export function handleFeesCollected(event: FeesCollected): void {
  let params = event.params;
  let books = new Books(params.token, event);
  books.token.feesAccrued = books.token.feesAccrued.minus(params.amount);
  books.token.feesCollected = books.token.feesCollected.plus(params.amount);
  books.day.feesCollected = books.day.feesCollected.plus(params.amount);
  books.close();

  let collection = new FeeCollection(eventId(event));
  collection.token = params.token;
  collection.treasury = params.treasury;
  collection.amount = params.amount;
  collection.timestamp = event.block.timestamp;
  collection.blockNumber = event.block.number;
  collection.transactionHash = event.transaction.hash;
  collection.save();
}

// ------------------------------------------------------------------ reputation

export function handleRated(event: Rated): void {
  let params = event.params;
  let job = loadJob(params.jobId);
  let clientRated = params.rateeIsVendor;

  getOrCreateAccount(params.rater);
  let ratee = getOrCreateAccount(params.ratee);
  let weight = params.weight;
  let points = weight.times(BigInt.fromI32(params.score));
  // Mirrors the escrow: the vendor side and the client side of an address are kept apart, and a
  // weightless rating is recorded but counts toward no aggregate.
  if (clientRated) {
    ratee.weightedScoreSum = ratee.weightedScoreSum.plus(points);
    ratee.ratingWeight = ratee.ratingWeight.plus(weight);
    if (!weight.isZero()) ratee.ratingCount += 1;
  } else {
    ratee.clientWeightedScoreSum = ratee.clientWeightedScoreSum.plus(points);
    ratee.clientRatingWeight = ratee.clientRatingWeight.plus(weight);
    if (!weight.isZero()) ratee.clientRatingCount += 1;
  }
  ratee.save();
  let vendorId = job.vendor as Bytes;
  if (params.paidJobCounted) {
    let vendorAccount = getOrCreateAccount(vendorId);
    vendorAccount.paidJobs += 1;
    vendorAccount.save();
    job.paidJobCounted = true;
  }
  let vendor = Vendor.load(vendorId);
  if (vendor != null) {
    syncVendorReputation(vendor, getOrCreateAccount(vendorId));
    vendor.updatedAt = event.block.timestamp;
    vendor.save();
  }

  let rating = new Rating(eventId(event));
  rating.job = job.id;
  rating.rater = params.rater;
  rating.ratee = params.ratee;
  rating.raterRole = clientRated ? Role.Client : Role.Vendor;
  if (clientRated) {
    rating.vendorRatee = params.ratee;
  } else {
    getOrCreateClient(params.ratee, event.block.timestamp);
    rating.clientRatee = params.ratee;
  }
  rating.score = params.score;
  rating.weight = weight;
  rating.timestamp = event.block.timestamp;
  rating.blockNumber = event.block.number;
  rating.transactionHash = event.transaction.hash;
  rating.save();

  if (clientRated) job.clientRated = true;
  else job.vendorRated = true;

  let protocol = escrowProtocol(event);
  protocol.ratingCount += 1;
  protocol.save();
  let day = getOrCreateDailyStat(event.block.timestamp);
  day.ratings += 1;
  day.save();

  finishJob(job, event);
}

export function handleQuotesRevoked(event: QuotesRevoked): void {
  let account = getOrCreateAccount(event.params.vendor);
  account.quoteNonce = event.params.nonce;
  account.save();

  let revocation = new QuoteRevocation(eventId(event));
  revocation.account = event.params.vendor;
  revocation.nonce = event.params.nonce;
  revocation.timestamp = event.block.timestamp;
  revocation.blockNumber = event.block.number;
  revocation.transactionHash = event.transaction.hash;
  revocation.save();
}

// ------------------------------------------------------------------ operator

export function handleFeeChangeAnnounced(event: FeeChangeAnnounced): void {
  let protocol = escrowProtocol(event);
  // As the escrow does: the fee in force now becomes current, the announced one pending.
  protocol.currentFeeBps = protocol.feeBps;
  protocol.pendingFeeBps = event.params.feeBps;
  protocol.feeEffectiveAt = event.params.effectiveAt;
  protocol.save();

  let action = newOperatorAction(OperatorActionKind.FeeChangeAnnounced, event);
  action.feeBps = event.params.feeBps;
  action.effectiveAt = event.params.effectiveAt;
  action.save();
}

export function handleTokenConfigured(event: TokenConfigured): void {
  let token = getOrCreateToken(event.params.token);
  token.allowed = event.params.allowed;
  token.weightUnit = event.params.weightUnit;
  token.paidJobThreshold = event.params.paidJobThreshold;
  token.save();
  escrowProtocol(event).save();

  let action = newOperatorAction(OperatorActionKind.TokenConfigured, event);
  action.token = event.params.token;
  action.allowed = event.params.allowed;
  action.weightUnit = event.params.weightUnit;
  action.paidJobThreshold = event.params.paidJobThreshold;
  action.save();
}

// ------------------------------------------------------------------ evidence and books

export function handleEvidence(event: Evidence): void {
  let params = event.params;
  let disputeId = params.evidenceGroupID;
  let dispute = Dispute.load(disputeId.toString());
  // Evidence is filed only for a dispute the escrow raised, in the same or a later transaction.
  if (dispute == null) return;
  let job = Job.load(dispute.job) as Job;
  let evidence = new EvidenceEntity(eventId(event));
  evidence.dispute = dispute.id;
  evidence.job = job.id;
  evidence.party = params.party;
  evidence.partyRole = params.party.equals(job.client) ? Role.Client : Role.Vendor;
  evidence.evidenceCid = params.evidence;
  evidence.arbiter = params.arbitrator;
  evidence.timestamp = event.block.timestamp;
  evidence.blockNumber = event.block.number;
  evidence.transactionHash = event.transaction.hash;
  evidence.save();
}

/** ERC-1497 meta-evidence: the job's specification, emitted right after JobPosted. */
export function handleMetaEvidence(event: MetaEvidence): void {
  let job = Job.load(event.params.metaEvidenceID.toString());
  if (job == null) return;
  job.metaEvidence = event.params.evidence;
  job.save();
}

/** ERC-1497 Dispute, emitted right after DisputeRaised: links the dispute to its evidence group. */
export function handleDispute(event: DisputeEvent): void {
  let dispute = Dispute.load(event.params.disputeID.toString());
  if (dispute == null) return;
  dispute.metaEvidenceId = event.params.metaEvidenceID;
  dispute.evidenceGroupId = event.params.evidenceGroupID;
  dispute.save();
}

export function handleSurplusSwept(event: SurplusSwept): void {
  let params = event.params;
  let token = getOrCreateToken(params.token);
  token.surplusSwept = token.surplusSwept.plus(params.amount);
  token.save();
  let sweep = new SurplusSweep(eventId(event));
  sweep.token = params.token;
  sweep.treasury = params.treasury;
  sweep.amount = params.amount;
  sweep.timestamp = event.block.timestamp;
  sweep.blockNumber = event.block.number;
  sweep.transactionHash = event.transaction.hash;
  sweep.save();
  escrowProtocol(event).save();
}

export function handleDefaultArbiterSet(event: DefaultArbiterSet): void {
  let protocol = escrowProtocol(event);
  protocol.defaultArbiter = event.params.arbiter;
  protocol.defaultArbiterFeeBps = event.params.feeBps;
  protocol.save();

  let action = newOperatorAction(OperatorActionKind.DefaultArbiterSet, event);
  action.account = event.params.arbiter;
  action.feeBps = event.params.feeBps;
  action.save();
}

export function handleDefaultArbiterChangeAnnounced(event: DefaultArbiterChangeAnnounced): void {
  let protocol = escrowProtocol(event);
  protocol.pendingDefaultArbiter = event.params.arbiter;
  protocol.pendingDefaultArbiterFeeBps = event.params.feeBps;
  protocol.defaultArbiterEffectiveAt = event.params.effectiveAt;
  protocol.save();

  let action = newOperatorAction(OperatorActionKind.DefaultArbiterChangeAnnounced, event);
  action.account = event.params.arbiter;
  action.feeBps = event.params.feeBps;
  action.effectiveAt = event.params.effectiveAt;
  action.save();
}

export function handleTreasurySet(event: TreasurySet): void {
  let protocol = escrowProtocol(event);
  protocol.treasury = event.params.treasury;
  protocol.save();

  let action = newOperatorAction(OperatorActionKind.TreasurySet, event);
  action.account = event.params.treasury;
  action.save();
}

export function handlePaused(event: Paused): void {
  let protocol = escrowProtocol(event);
  protocol.paused = true;
  protocol.save();

  let action = newOperatorAction(OperatorActionKind.Paused, event);
  action.account = event.params.account;
  action.save();
}

export function handleUnpaused(event: Unpaused): void {
  let protocol = escrowProtocol(event);
  protocol.paused = false;
  protocol.save();

  let action = newOperatorAction(OperatorActionKind.Unpaused, event);
  action.account = event.params.account;
  action.save();
}

export function handleOwnershipTransferStarted(event: OwnershipTransferStarted): void {
  let protocol = escrowProtocol(event);
  protocol.pendingOwner = event.params.newOwner;
  protocol.save();

  let action = newOperatorAction(OperatorActionKind.OwnershipTransferStarted, event);
  action.account = event.params.newOwner;
  action.previousOwner = event.params.previousOwner;
  action.save();
}

export function handleOwnershipTransferred(event: OwnershipTransferred): void {
  let protocol = escrowProtocol(event);
  protocol.owner = event.params.newOwner;
  protocol.pendingOwner = null;
  protocol.save();

  let action = newOperatorAction(OperatorActionKind.OwnershipTransferred, event);
  action.account = event.params.newOwner;
  action.previousOwner = event.params.previousOwner;
  action.save();
}
