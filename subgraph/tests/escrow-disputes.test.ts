import { BigInt } from "@graphprotocol/graph-ts";
import { afterEach, assert, beforeEach, clearStore, describe, test } from "matchstick-as/assembly/index";
import { Token } from "../generated/schema";
import {
  handleDispute,
  handleDisputeRaised,
  handleDisputeResolved,
  handleEvidence,
  handleMetaEvidence,
  handleRuling,
} from "../src/mappings/escrow";
import {
  disputeIdOf,
  disputeRaised,
  disputeResolved,
  erc1497Dispute,
  evidence,
  metaEvidence,
  ruling,
} from "./utils/escrow-events";
import { ARBITER, CLIENT, ETH, START_TIME, VENDOR, advanceTime, lastEventId, resetChain } from "./utils/mock";
import { amount0, bonus0, feeOf, postHiredJob, release } from "./utils/scenario";

const C = CLIENT.toHexString();
const V = VENDOR.toHexString();
const E = ETH.toHexString();
// Job 1, milestone 0: 1 << 8 | 0.
const D = "256";
const BPS = BigInt.fromI32(10000);

/** The escrow's split of `frozen` for `vendorBps`, charging the job's 1% arbiter fee or not. */
class Split {
  arbiterFee: BigInt;
  vendorGross: BigInt;
  fee: BigInt;
  toVendor: BigInt;
  toClient: BigInt;

  constructor(frozen: BigInt, vendorBps: i32, chargeArbiter: boolean) {
    this.arbiterFee = chargeArbiter ? frozen.times(BigInt.fromI32(100)).div(BPS) : BigInt.zero();
    let rest = frozen.minus(this.arbiterFee);
    this.vendorGross = rest.times(BigInt.fromI32(vendorBps)).div(BPS);
    this.fee = feeOf(this.vendorGross);
    this.toVendor = this.vendorGross.minus(this.fee);
    this.toClient = rest.minus(this.vendorGross);
  }
}

function frozenBaseAndBonus(): BigInt {
  return amount0().plus(bonus0());
}

function resolve(resolution: i32, vendorBps: i32, split: Split): void {
  handleDisputeResolved(
    disputeResolved(1, 0, resolution, vendorBps, split.toVendor, split.toClient, split.arbiterFee, split.fee),
  );
}

function assertBooksBalance(): void {
  let token = Token.load(ETH)!;
  let credited = token.held
    .plus(token.totalPaidToVendors)
    .plus(token.totalRefunded)
    .plus(token.totalArbiterFees)
    .plus(token.feesAccrued)
    .plus(token.feesCollected);
  assert.bigIntEquals(token.totalDeposited, credited);
}

describe("handleDisputeRaised", () => {
  beforeEach(() => {
    resetChain();
    postHiredJob(1);
  });
  afterEach(() => {
    clearStore();
  });

  test("freezes the base amount and the held bonus", () => {
    advanceTime(3600);
    handleDisputeRaised(disputeRaised(1, 0, CLIENT, frozenBaseAndBonus()));
    assert.fieldEquals("Milestone", "1-0", "state", "Disputed");
    assert.fieldEquals("Milestone", "1-0", "bonusState", "Disputed");
    assert.fieldEquals("Milestone", "1-0", "dispute", D);
    assert.fieldEquals("Dispute", D, "disputeId", disputeIdOf(1, 0).toString());
    assert.fieldEquals("Dispute", D, "job", "1");
    assert.fieldEquals("Dispute", D, "milestone", "1-0");
    assert.fieldEquals("Dispute", D, "raisedBy", C);
    assert.fieldEquals("Dispute", D, "raisedByRole", "Client");
    assert.fieldEquals("Dispute", D, "amount", frozenBaseAndBonus().toString());
    assert.fieldEquals("Dispute", D, "includesBase", "true");
    assert.fieldEquals("Dispute", D, "includesBonus", "true");
    assert.fieldEquals("Dispute", D, "status", "Open");
    assert.fieldEquals("Dispute", D, "arbiter", ARBITER.toHexString());
    assert.fieldEquals("Dispute", D, "raisedAt", (START_TIME + 3600).toString());
  });

  test("marks the job Disputed and counts the dispute for both parties", () => {
    handleDisputeRaised(disputeRaised(1, 0, CLIENT, frozenBaseAndBonus()));
    assert.fieldEquals("Job", "1", "status", "Disputed");
    assert.fieldEquals("Job", "1", "activeDisputes", "1");
    assert.fieldEquals("Vendor", V, "disputedMilestones", "1");
    assert.fieldEquals("Vendor", V, "activeJobs", "1");
    assert.fieldEquals("Client", C, "disputedMilestones", "1");
    assert.fieldEquals("Protocol", "mosaic", "disputeCount", "1");
    assert.fieldEquals("Protocol", "mosaic", "openDisputeCount", "1");
    assert.fieldEquals("DailyStat", "20089", "disputesRaised", "1");
  });

  test("freezes only the bonus once the base was paid", () => {
    release(1, 0, amount0());
    handleDisputeRaised(disputeRaised(1, 0, VENDOR, bonus0()));
    assert.fieldEquals("Milestone", "1-0", "state", "Paid");
    assert.fieldEquals("Milestone", "1-0", "bonusState", "Disputed");
    assert.fieldEquals("Dispute", D, "raisedByRole", "Vendor");
    assert.fieldEquals("Dispute", D, "includesBase", "false");
    assert.fieldEquals("Dispute", D, "includesBonus", "true");
    assert.fieldEquals("Job", "1", "status", "Disputed");
  });
});

describe("handleEvidence", () => {
  beforeEach(() => {
    resetChain();
    postHiredJob(1);
  });
  afterEach(() => {
    clearStore();
  });

  test("files each party's evidence under the dispute, with its role", () => {
    handleDisputeRaised(disputeRaised(1, 0, CLIENT, frozenBaseAndBonus()));
    handleEvidence(evidence(ARBITER, disputeIdOf(1, 0), CLIENT, "bafkrei-client"));
    let first = lastEventId();
    assert.fieldEquals("Evidence", first, "dispute", D);
    assert.fieldEquals("Evidence", first, "job", "1");
    assert.fieldEquals("Evidence", first, "party", C);
    assert.fieldEquals("Evidence", first, "partyRole", "Client");
    assert.fieldEquals("Evidence", first, "evidenceCid", "bafkrei-client");
    assert.fieldEquals("Evidence", first, "arbiter", ARBITER.toHexString());
    handleEvidence(evidence(ARBITER, disputeIdOf(1, 0), VENDOR, "bafkrei-vendor"));
    assert.fieldEquals("Evidence", lastEventId(), "partyRole", "Vendor");
    assert.entityCount("Evidence", 2);
  });

  test("links the ERC-1497 Dispute and MetaEvidence events to the dispute and the job", () => {
    handleMetaEvidence(metaEvidence(1, "bafkrei-spec"));
    assert.fieldEquals("Job", "1", "metaEvidence", "bafkrei-spec");
    handleDisputeRaised(disputeRaised(1, 0, CLIENT, frozenBaseAndBonus()));
    handleDispute(erc1497Dispute(ARBITER, disputeIdOf(1, 0), 1));
    assert.fieldEquals("Dispute", D, "metaEvidenceId", "1");
    assert.fieldEquals("Dispute", D, "evidenceGroupId", D);
    // Events for unknown jobs or disputes change nothing.
    handleMetaEvidence(metaEvidence(9, "bafkrei-x"));
    handleDispute(erc1497Dispute(ARBITER, disputeIdOf(9, 0), 9));
    assert.notInStore("Job", "9");
    assert.notInStore("Dispute", disputeIdOf(9, 0).toString());
  });

  test("ignores evidence for a dispute it never saw", () => {
    handleEvidence(evidence(ARBITER, disputeIdOf(1, 1), CLIENT, "bafkrei-orphan"));
    assert.entityCount("Evidence", 0);
  });
});

describe("handleRuling", () => {
  beforeEach(() => {
    resetChain();
    postHiredJob(1);
    handleDisputeRaised(disputeRaised(1, 0, CLIENT, frozenBaseAndBonus()));
  });
  afterEach(() => {
    clearStore();
  });

  test("records the arbiter's raw ERC-792 ruling", () => {
    handleRuling(ruling(ARBITER, disputeIdOf(1, 0), 7001));
    assert.fieldEquals("Dispute", D, "ruling", "7001");
    assert.fieldEquals("Dispute", D, "arbiter", ARBITER.toHexString());
    assert.fieldEquals("Dispute", D, "status", "Open");
  });

  test(
    "fails on a dispute the subgraph never saw",
    () => {
      handleRuling(ruling(ARBITER, disputeIdOf(1, 1), 1));
    },
    true,
  );
});

describe("handleDisputeResolved", () => {
  beforeEach(() => {
    resetChain();
    postHiredJob(1);
    handleDisputeRaised(disputeRaised(1, 0, CLIENT, frozenBaseAndBonus()));
  });
  afterEach(() => {
    clearStore();
  });

  test("splits by a ruling after the arbiter's fee", () => {
    let split = new Split(frozenBaseAndBonus(), 7000, true);
    handleRuling(ruling(ARBITER, disputeIdOf(1, 0), 7001));
    advanceTime(86400);
    resolve(0, 7000, split);
    assert.fieldEquals("Dispute", D, "status", "Resolved");
    assert.fieldEquals("Dispute", D, "resolution", "Ruling");
    assert.fieldEquals("Dispute", D, "vendorBps", "7000");
    assert.fieldEquals("Dispute", D, "toVendor", split.toVendor.toString());
    assert.fieldEquals("Dispute", D, "toClient", split.toClient.toString());
    assert.fieldEquals("Dispute", D, "arbiterFee", split.arbiterFee.toString());
    assert.fieldEquals("Dispute", D, "fee", split.fee.toString());
    assert.fieldEquals("Dispute", D, "vendorLost", "false");
    assert.fieldEquals("Dispute", D, "resolvedAt", (START_TIME + 86400).toString());
    assert.fieldEquals("Milestone", "1-0", "state", "Resolved");
    assert.fieldEquals("Milestone", "1-0", "bonusState", "Resolved");
    assert.fieldEquals("Milestone", "1-0", "held", "0");
    assert.fieldEquals("Milestone", "1-0", "arbiterFee", split.arbiterFee.toString());
    assert.fieldEquals("Milestone", "1-0", "vendorGross", split.vendorGross.toString());
  });

  test("credits the vendor's share, refunds the client's and pays the arbiter", () => {
    let split = new Split(frozenBaseAndBonus(), 7000, true);
    resolve(0, 7000, split);
    let id = lastEventId();
    assert.fieldEquals("Payment", id, "kind", "Dispute");
    assert.fieldEquals("Payment", id, "gross", split.vendorGross.toString());
    assert.fieldEquals("Payment", id, "toVendor", split.toVendor.toString());
    assert.fieldEquals("FeeAccrual", id, "source", "Dispute");
    assert.fieldEquals("Refund", id, "kind", "Dispute");
    assert.fieldEquals("Refund", id, "amount", split.toClient.toString());
    assert.fieldEquals("Token", E, "totalArbiterFees", split.arbiterFee.toString());
    assert.fieldEquals("Job", "1", "arbiterFees", split.arbiterFee.toString());
    assert.fieldEquals("Job", "1", "vendorGross", split.vendorGross.toString());
    assert.fieldEquals("Vendor", V, "paidJobs", "1");
    assertBooksBalance();
  });

  test("counts a split above half for the vendor as lost by the client", () => {
    resolve(0, 7000, new Split(frozenBaseAndBonus(), 7000, true));
    assert.fieldEquals("Client", C, "disputesLost", "1");
    assert.fieldEquals("Vendor", V, "disputesLost", "0");
    assert.fieldEquals("Job", "1", "status", "Hired");
    assert.fieldEquals("Job", "1", "activeDisputes", "0");
    assert.fieldEquals("Protocol", "mosaic", "openDisputeCount", "0");
    assert.fieldEquals("DailyStat", "20089", "disputesResolved", "1");
  });

  test("counts a split below half as lost by the vendor", () => {
    resolve(0, 2000, new Split(frozenBaseAndBonus(), 2000, true));
    assert.fieldEquals("Dispute", D, "vendorLost", "true");
    assert.fieldEquals("Vendor", V, "disputesLost", "1");
    assert.fieldEquals("Client", C, "disputesLost", "0");
  });

  test("splits evenly on a timeout with neither side losing", () => {
    resolve(2, 5000, new Split(frozenBaseAndBonus(), 5000, false));
    assert.fieldEquals("Dispute", D, "resolution", "Timeout");
    assert.fieldEquals("Dispute", D, "arbiterFee", "0");
    assert.fieldEquals("Vendor", V, "disputesLost", "0");
    assert.fieldEquals("Client", C, "disputesLost", "0");
    assert.fieldEquals("Token", E, "totalArbiterFees", "0");
    assertBooksBalance();
  });

  test("refunds everything on a settlement that gives the vendor nothing", () => {
    resolve(1, 0, new Split(frozenBaseAndBonus(), 0, false));
    assert.fieldEquals("Dispute", D, "resolution", "Settlement");
    assert.notInStore("Payment", lastEventId());
    assert.fieldEquals("Refund", lastEventId(), "amount", frozenBaseAndBonus().toString());
    assert.fieldEquals("Vendor", V, "paidJobs", "0");
    assert.fieldEquals("Vendor", V, "disputesLost", "1");
    assertBooksBalance();
  });
});
