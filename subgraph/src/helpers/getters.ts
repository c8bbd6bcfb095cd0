import { Address, BigInt, Bytes, log } from "@graphprotocol/graph-ts";
import {
  Account,
  Client,
  DailyStat,
  Dispute,
  Job,
  Milestone,
  OwedBalance,
  Protocol,
  Token,
  TokenDayStat,
  Vendor,
  VendorTokenVolume,
} from "../../generated/schema";
import { INITIAL_FEE_BPS, PROTOCOL_ID, SECONDS_PER_DAY, ZERO_BI } from "./constants";
import { dayNumber, jobKey, milestoneKey, pairId } from "./ids";

// Every getOrCreate* saves a new entity right away, so references to it always resolve.
// Callers save again after changing it. Helpers that load and save an entity themselves
// say so: a caller must not keep an older copy of that entity across the call.

export function getOrCreateProtocol(): Protocol {
  let protocol = Protocol.load(PROTOCOL_ID);
  if (protocol == null) {
    protocol = new Protocol(PROTOCOL_ID);
    protocol.paused = false;
    protocol.defaultArbiterFeeBps = 0;
    protocol.pendingDefaultArbiterFeeBps = 0;
    protocol.defaultArbiterEffectiveAt = ZERO_BI;
    protocol.tagCreationOpen = false;
    protocol.feeBps = INITIAL_FEE_BPS;
    protocol.currentFeeBps = INITIAL_FEE_BPS;
    protocol.pendingFeeBps = 0;
    protocol.feeEffectiveAt = ZERO_BI;
    protocol.jobCount = 0;
    protocol.milestoneCount = 0;
    protocol.hireCount = 0;
    protocol.completedJobCount = 0;
    protocol.cancelledJobCount = 0;
    protocol.fundedMilestoneCount = 0;
    protocol.paidMilestoneCount = 0;
    protocol.refundedMilestoneCount = 0;
    protocol.cancelledMilestoneCount = 0;
    protocol.disputeCount = 0;
    protocol.openDisputeCount = 0;
    protocol.vendorCount = 0;
    protocol.clientCount = 0;
    protocol.ratingCount = 0;
    protocol.paymentCount = 0;
    protocol.refundCount = 0;
    protocol.hourBankCount = 0;
    protocol.hourLogCount = 0;
    protocol.save();
  }
  return protocol;
}

/** The escrow's `feeBps()` at `timestamp`: the announced fee once its time has come, else the current one. */
export function escrowFeeBpsAt(protocol: Protocol, timestamp: BigInt): i32 {
  let effectiveAt = protocol.feeEffectiveAt;
  if (!effectiveAt.isZero() && timestamp.ge(effectiveAt)) return protocol.pendingFeeBps;
  return protocol.currentFeeBps;
}

export function getOrCreateToken(address: Bytes): Token {
  let token = Token.load(address);
  if (token == null) {
    token = new Token(address);
    token.isEther = address.equals(Address.zero());
    token.allowed = false;
    token.weightUnit = ZERO_BI;
    token.paidJobThreshold = ZERO_BI;
    token.surplusSwept = ZERO_BI;
    token.held = ZERO_BI;
    token.owed = ZERO_BI;
    token.feesAccrued = ZERO_BI;
    token.feesCollected = ZERO_BI;
    token.totalDeposited = ZERO_BI;
    token.totalPaidToVendors = ZERO_BI;
    token.totalRefunded = ZERO_BI;
    token.totalArbiterFees = ZERO_BI;
    token.totalDeferred = ZERO_BI;
    token.totalWithdrawn = ZERO_BI;
    token.jobCount = 0;
    token.save();
  }
  return token;
}

export function getOrCreateAccount(address: Bytes): Account {
  let account = Account.load(address);
  if (account == null) {
    account = new Account(address);
    account.weightedScoreSum = ZERO_BI;
    account.ratingWeight = ZERO_BI;
    account.ratingCount = 0;
    account.paidJobs = 0;
    account.clientWeightedScoreSum = ZERO_BI;
    account.clientRatingWeight = ZERO_BI;
    account.clientRatingCount = 0;
    account.hiredJobs = 0;
    account.quoteNonce = ZERO_BI;
    account.bankWeightedScoreSum = ZERO_BI;
    account.bankRatingWeight = ZERO_BI;
    account.bankRatingCount = 0;
    account.bankPaidJobs = 0;
    account.bankClientWeightedScoreSum = ZERO_BI;
    account.bankClientRatingWeight = ZERO_BI;
    account.bankClientRatingCount = 0;
    account.save();
  }
  return account;
}

/**
 * Copies the chain's vendor-side records of the address onto the vendor: the escrow's
 * (`vendorStatsOf`) and the hour bank's (`HourBank.vendorStatsOf`), and their sum, the reputation
 * paid hours and paid jobs earn together.
 */
export function syncVendorReputation(vendor: Vendor, account: Account): void {
  vendor.ratingWeightedSum = account.weightedScoreSum;
  vendor.ratingWeight = account.ratingWeight;
  vendor.ratingCount = account.ratingCount;
  vendor.countedPaidJobs = account.paidJobs;
  vendor.hiredJobs = account.hiredJobs;
  vendor.bankRatingWeightedSum = account.bankWeightedScoreSum;
  vendor.bankRatingWeight = account.bankRatingWeight;
  vendor.bankRatingCount = account.bankRatingCount;
  vendor.bankCountedPaidJobs = account.bankPaidJobs;
  vendor.reputationWeightedSum = account.weightedScoreSum.plus(account.bankWeightedScoreSum);
  vendor.reputationWeight = account.ratingWeight.plus(account.bankRatingWeight);
  vendor.reputationCount = account.ratingCount + account.bankRatingCount;
  vendor.reputationPaidJobs = account.paidJobs + account.bankPaidJobs;
}

export function getOrCreateVendor(address: Bytes, timestamp: BigInt): Vendor {
  let vendor = Vendor.load(address);
  if (vendor == null) {
    let account = getOrCreateAccount(address);
    vendor = new Vendor(address);
    vendor.account = address;
    vendor.registered = false;
    vendor.skills = [];
    vendor.hourlyRateCents = 0;
    vendor.timezoneOffsetMinutes = 0;
    vendor.availabilityHours = 0;
    vendor.metadataCid = "";
    syncVendorReputation(vendor, account);
    vendor.paidJobs = 0;
    vendor.activeJobs = 0;
    vendor.refundedMilestones = 0;
    vendor.disputedMilestones = 0;
    vendor.disputesLost = 0;
    vendor.paidVolume = ZERO_BI;
    vendor.bankPaidVolume = ZERO_BI;
    vendor.banksServed = 0;
    vendor.banksRenewed = 0;
    vendor.activeBanks = 0;
    vendor.updatedAt = timestamp;
    vendor.save();
  }
  return vendor;
}

/** Loads and saves the Protocol when the client is new (its clientCount). */
export function getOrCreateClient(address: Bytes, timestamp: BigInt): Client {
  let client = Client.load(address);
  if (client == null) {
    getOrCreateAccount(address);
    client = new Client(address);
    client.account = address;
    client.jobCount = 0;
    client.fundedMilestones = 0;
    client.paidMilestones = 0;
    client.refundedMilestones = 0;
    client.disputedMilestones = 0;
    client.disputesLost = 0;
    client.banksBought = 0;
    client.createdAt = timestamp;
    client.save();
    let protocol = getOrCreateProtocol();
    protocol.clientCount += 1;
    protocol.save();
  }
  return client;
}

export function getOrCreateVendorTokenVolume(vendor: Bytes, token: Bytes): VendorTokenVolume {
  let id = pairId(vendor, token);
  let volume = VendorTokenVolume.load(id);
  if (volume == null) {
    volume = new VendorTokenVolume(id);
    volume.vendor = vendor;
    volume.token = token;
    volume.gross = ZERO_BI;
    volume.net = ZERO_BI;
    volume.fees = ZERO_BI;
    volume.paymentCount = 0;
    volume.save();
  }
  return volume;
}

export function getOrCreateOwedBalance(token: Bytes, account: Bytes): OwedBalance {
  let id = pairId(token, account);
  let balance = OwedBalance.load(id);
  if (balance == null) {
    getOrCreateAccount(account);
    balance = new OwedBalance(id);
    balance.token = token;
    balance.account = account;
    balance.amount = ZERO_BI;
    balance.save();
  }
  return balance;
}

export function getOrCreateDailyStat(timestamp: BigInt): DailyStat {
  let day = dayNumber(timestamp);
  let id = day.toString();
  let stat = DailyStat.load(id);
  if (stat == null) {
    stat = new DailyStat(id);
    stat.date = BigInt.fromI32(day).times(BigInt.fromI32(SECONDS_PER_DAY));
    stat.jobsPosted = 0;
    stat.hires = 0;
    stat.milestonesFunded = 0;
    stat.milestonesPaid = 0;
    stat.milestonesRefunded = 0;
    stat.milestonesCancelled = 0;
    stat.disputesRaised = 0;
    stat.disputesResolved = 0;
    stat.ratings = 0;
    stat.vendorsRegistered = 0;
    stat.save();
  }
  return stat;
}

export function getOrCreateTokenDayStat(token: Token, timestamp: BigInt): TokenDayStat {
  let day = dayNumber(timestamp);
  let id = token.id.concatI32(day);
  let stat = TokenDayStat.load(id);
  if (stat == null) {
    getOrCreateDailyStat(timestamp);
    stat = new TokenDayStat(id);
    stat.day = day.toString();
    stat.token = token.id;
    stat.date = BigInt.fromI32(day).times(BigInt.fromI32(SECONDS_PER_DAY));
    stat.deposited = ZERO_BI;
    stat.paidToVendors = ZERO_BI;
    stat.refunded = ZERO_BI;
    stat.arbiterFees = ZERO_BI;
    stat.feesAccrued = ZERO_BI;
    stat.feesCollected = ZERO_BI;
    stat.deferred = ZERO_BI;
    stat.withdrawn = ZERO_BI;
    stat.closingHeld = token.held;
    stat.closingOwed = token.owed;
    stat.closingFeesAccrued = token.feesAccrued;
    stat.save();
  }
  return stat;
}

// Jobs, milestones and disputes are created by the escrow's own earlier events, so a miss means
// the subgraph started after the escrow's deployment block: stop rather than index wrong books.

export function loadJob(jobId: BigInt): Job {
  let job = Job.load(jobKey(jobId));
  if (job == null) {
    log.critical("Job {} is not indexed: start the subgraph at the escrow's deployment block", [jobId.toString()]);
  }
  return job as Job;
}

export function loadMilestone(jobId: BigInt, index: i32): Milestone {
  let milestone = Milestone.load(milestoneKey(jobId, index));
  if (milestone == null) {
    log.critical("Milestone {} of job {} is not indexed", [index.toString(), jobId.toString()]);
  }
  return milestone as Milestone;
}

export function loadDispute(disputeId: BigInt): Dispute {
  let dispute = Dispute.load(disputeId.toString());
  if (dispute == null) {
    log.critical("Dispute {} is not indexed", [disputeId.toString()]);
  }
  return dispute as Dispute;
}
