import { Address, BigInt, Bytes } from "@graphprotocol/graph-ts";
import { afterEach, assert, beforeEach, clearStore, describe, test } from "matchstick-as/assembly/index";
import { Project, ProjectPart, ProjectRegistryToken } from "../generated/schema";
import {
  handleHandoffPosted,
  handleJobLinked,
  handleMilestoneReviewed,
  handlePartDeclared,
  handlePaymentDeferred,
  handleProjectCreated,
  handleRelaySet,
  handleReviewSharePaid,
  handleReviewShareRefunded,
  handleReviewerNamed,
  handleSubJobLinked,
  handleWithdrawn,
} from "../src/mappings/project-registry";
import { CLIENT, ETH, OTHER_VENDOR, START_TIME, VENDOR, lastEventId, resetChain, skill } from "./utils/mock";
import {
  ShiftSpec,
  handoffPosted,
  jobLinked,
  milestoneReviewed,
  partDeclared,
  projectCreated,
  projectPaymentDeferred,
  projectWithdrawn,
  relaySet,
  reviewShareRefunded,
  reviewSharePaid,
  reviewerNamed,
  subJobLinked,
} from "./utils/project-registry-events";
import { jobTotal, postHiredJob } from "./utils/scenario";

// Project 1 in ETH: part 0 (a job, reviewed), part 1 (a relay of three shifts, after part 0).

const C = CLIENT.toHexString();
const E = ETH.toHexString();
const REVIEWER = Address.fromString("0x7000000000000000000000000000000000000007");
const THIRD_VENDOR = Address.fromString("0x2000000000000000000000000000000000000004");
const BUDGET = BigInt.fromString("1000000000000000000000");
const PART_BUDGET = BigInt.fromString("400000000000000000000");
const SHARE = BigInt.fromString("20000000000000000000");
const SHIFT_AMOUNT = BigInt.fromString("30000000000000000000");
const DEADLINE: i64 = START_TIME + 30 * 86400;
const HASH = Bytes.fromHexString("0x1111111111111111111111111111111111111111111111111111111111111111");

function setUp(): void {
  resetChain();
  postHiredJob(1);
  handleProjectCreated(projectCreated(1, CLIENT, ETH, BUDGET, DEADLINE, -300, 540, 1020, "bafy-spec"));
  handlePartDeclared(partDeclared(1, 0, PART_BUDGET, 0, HASH, [skill("solidity")]));
  handlePartDeclared(partDeclared(1, 1, PART_BUDGET, 1, HASH, [skill("support"), skill("ops")]));
}

function shifts(): Array<ShiftSpec> {
  return [new ShiftSpec(VENDOR, 0, 480), new ShiftSpec(OTHER_VENDOR, 480, 480), new ShiftSpec(THIRD_VENDOR, 960, 480)];
}

/** held + paid + refunded = deposited, on the project and on the token's books. */
function assertSharesBalance(): void {
  let project = Project.load("1")!;
  assert.bigIntEquals(
    project.reviewSharesDeposited,
    project.reviewSharesHeld.plus(project.reviewSharesPaid).plus(project.reviewSharesRefunded),
  );
  let books = ProjectRegistryToken.load(ETH)!;
  assert.bigIntEquals(
    books.reviewSharesDeposited,
    books.reviewSharesHeld.plus(books.reviewSharesPaid).plus(books.reviewSharesRefunded),
  );
}

describe("handleProjectCreated and handlePartDeclared", () => {
  beforeEach(setUp);
  afterEach(() => {
    clearStore();
  });

  test("records the project's terms, its client's hours and its parts", () => {
    assert.fieldEquals("Project", "1", "client", C);
    assert.fieldEquals("Project", "1", "token", E);
    assert.fieldEquals("Project", "1", "budget", BUDGET.toString());
    assert.fieldEquals("Project", "1", "deadline", DEADLINE.toString());
    assert.fieldEquals("Project", "1", "utcOffsetMinutes", "-300");
    assert.fieldEquals("Project", "1", "workStartMinute", "540");
    assert.fieldEquals("Project", "1", "workEndMinute", "1020");
    assert.fieldEquals("Project", "1", "specCid", "bafy-spec");
    assert.fieldEquals("Project", "1", "partCount", "2");
    assert.fieldEquals("Project", "1", "committed", "0");
    assert.fieldEquals("ProjectRegistryToken", E, "projectCount", "1");
  });

  test("a part keeps its budget, skills and the part it waits for", () => {
    assert.fieldEquals("ProjectPart", "1-0", "budget", PART_BUDGET.toString());
    assert.fieldEquals("ProjectPart", "1-0", "skillsHash", HASH.toHexString());
    assert.fieldEquals("ProjectPart", "1-0", "reviewState", "None");
    assert.assertNull(ProjectPart.load("1-0")!.dependsOn);
    assert.fieldEquals("ProjectPart", "1-1", "dependsOn", "1-0");
    let skills = ProjectPart.load("1-1")!.skills;
    assert.i32Equals(2, skills.length);
    assert.bytesEquals(skill("ops"), skills[1]);
  });
});

describe("handleJobLinked and handleSubJobLinked", () => {
  beforeEach(setUp);
  afterEach(() => {
    clearStore();
  });

  test("a part's job is linked to the escrow's Job and commits its total", () => {
    handleJobLinked(jobLinked(1, 0, 1, 1, 0, jobTotal()));
    assert.fieldEquals("ProjectPart", "1-0", "job", "1");
    assert.fieldEquals("ProjectPart", "1-0", "committed", jobTotal().toString());
    assert.fieldEquals("Project", "1", "committed", jobTotal().toString());
    assert.fieldEquals("ProjectJobLink", "1", "kind", "Part");
    assert.fieldEquals("ProjectJobLink", "1", "job", "1");
    assert.fieldEquals("ProjectJobLink", "1", "part", "1-0");
    assert.fieldEquals("ProjectJobLink", "1", "replaced", "false");
  });

  test("a job that replaces one ended unpaid frees the earlier total", () => {
    handleJobLinked(jobLinked(1, 0, 1, 1, 0, jobTotal()));
    let second = BigInt.fromI32(777);
    handleJobLinked(jobLinked(1, 0, 2, 1, 0, second));
    assert.fieldEquals("ProjectJobLink", "1", "replaced", "true");
    assert.fieldEquals("ProjectPart", "1-0", "job", "2");
    assert.fieldEquals("ProjectPart", "1-0", "committed", "777");
    assert.fieldEquals("Project", "1", "committed", "777");
  });

  test("a sub-job is linked under its parent's part, publicly naming the prime", () => {
    handleJobLinked(jobLinked(1, 0, 1, 1, 0, jobTotal()));
    handleSubJobLinked(subJobLinked(1, 1, 5, VENDOR));
    let id = lastEventId();
    assert.fieldEquals("SubJobLink", id, "parentJob", "1");
    assert.fieldEquals("SubJobLink", id, "subJob", "5");
    assert.fieldEquals("SubJobLink", id, "prime", VENDOR.toHexString());
    assert.fieldEquals("ProjectJobLink", "5", "kind", "SubJob");
    assert.fieldEquals("ProjectJobLink", "5", "parentJob", "1");
    assert.fieldEquals("ProjectJobLink", "5", "part", "1-0");
    assert.fieldEquals("ProjectJobLink", "5", "amount", "0");
    assert.fieldEquals("Project", "1", "subJobCount", "1");
    assert.fieldEquals("Project", "1", "committed", jobTotal().toString());
  });
});

describe("handleRelaySet and handleHandoffPosted", () => {
  beforeEach(() => {
    setUp();
    handleRelaySet(relaySet(1, 1, shifts()));
  });
  afterEach(() => {
    clearStore();
  });

  test("records each shift's vendor and UTC minutes", () => {
    assert.fieldEquals("ProjectPart", "1-1", "shiftCount", "3");
    assert.fieldEquals("ProjectShift", "1-1-0", "vendor", VENDOR.toHexString());
    assert.fieldEquals("ProjectShift", "1-1-1", "vendor", OTHER_VENDOR.toHexString());
    assert.fieldEquals("ProjectShift", "1-1-2", "startMinute", "960");
    assert.fieldEquals("ProjectShift", "1-1-2", "lengthMinutes", "480");
    assert.fieldEquals("Vendor", THIRD_VENDOR.toHexString(), "registered", "false");
  });

  test("a shift's job is linked to its shift and commits its amount", () => {
    handleJobLinked(jobLinked(1, 1, 7, 2, 1, SHIFT_AMOUNT));
    assert.fieldEquals("ProjectShift", "1-1-1", "job", "7");
    assert.fieldEquals("ProjectJobLink", "7", "kind", "Shift");
    assert.fieldEquals("ProjectJobLink", "7", "shift", "1-1-1");
    assert.assertNull(ProjectPart.load("1-1")!.job);
    assert.fieldEquals("ProjectPart", "1-1", "committed", SHIFT_AMOUNT.toString());
    handleJobLinked(jobLinked(1, 1, 8, 2, 1, BigInt.fromI32(5)));
    assert.fieldEquals("ProjectJobLink", "7", "replaced", "true");
    assert.fieldEquals("ProjectPart", "1-1", "committed", "5");
  });

  test("a handoff names the shift that ends and the one that takes over", () => {
    handleHandoffPosted(handoffPosted(1, 1, 2, THIRD_VENDOR, 0, "bafy-note"));
    let id = lastEventId();
    assert.fieldEquals("Handoff", id, "part", "1-1");
    assert.fieldEquals("Handoff", id, "shift", "1-1-2");
    assert.fieldEquals("Handoff", id, "nextShift", "1-1-0");
    assert.fieldEquals("Handoff", id, "vendor", THIRD_VENDOR.toHexString());
    assert.fieldEquals("Handoff", id, "noteCid", "bafy-note");
  });
});

describe("the review layer", () => {
  beforeEach(() => {
    setUp();
    handleJobLinked(jobLinked(1, 0, 1, 1, 0, jobTotal()));
    handleReviewerNamed(reviewerNamed(1, 0, REVIEWER, 500, SHARE, DEADLINE));
  });
  afterEach(() => {
    clearStore();
  });

  test("handleReviewerNamed holds the share", () => {
    assert.fieldEquals("ProjectPart", "1-0", "reviewer", REVIEWER.toHexString());
    assert.fieldEquals("ProjectPart", "1-0", "reviewerShareBps", "500");
    assert.fieldEquals("ProjectPart", "1-0", "reviewDeadline", DEADLINE.toString());
    assert.fieldEquals("ProjectPart", "1-0", "reviewState", "Held");
    assert.fieldEquals("ProjectPart", "1-0", "reviewShareHeld", SHARE.toString());
    assert.fieldEquals("Project", "1", "reviewSharesHeld", SHARE.toString());
    assert.fieldEquals("ProjectRegistryToken", E, "reviewSharesDeposited", SHARE.toString());
    assertSharesBalance();
  });

  test("handleMilestoneReviewed records verdicts; the last milestone's latest sets signedOff", () => {
    handleMilestoneReviewed(milestoneReviewed(1, 0, 1, 1, false, "bafy-reject"));
    let rejected = lastEventId();
    assert.fieldEquals("ReviewVerdict", rejected, "signedOff", "false");
    assert.fieldEquals("ReviewVerdict", rejected, "job", "1");
    assert.fieldEquals("ReviewVerdict", rejected, "reviewer", REVIEWER.toHexString());
    assert.fieldEquals("ReviewVerdict", rejected, "noteCid", "bafy-reject");
    assert.fieldEquals("ProjectPart", "1-0", "signedOff", "false");
    handleMilestoneReviewed(milestoneReviewed(1, 0, 1, 1, true, "bafy-ok"));
    assert.fieldEquals("ProjectPart", "1-0", "signedOff", "true");
    // A verdict on an earlier milestone leaves the part's sign-off as it is.
    handleMilestoneReviewed(milestoneReviewed(1, 0, 1, 0, false, "bafy-first"));
    assert.fieldEquals("ProjectPart", "1-0", "signedOff", "true");
  });

  test("handleReviewSharePaid pays the reviewer out of held", () => {
    handleReviewSharePaid(reviewSharePaid(1, 0, REVIEWER, SHARE));
    assert.fieldEquals("ProjectPart", "1-0", "reviewState", "Paid");
    assert.fieldEquals("ProjectPart", "1-0", "reviewShareHeld", "0");
    assert.fieldEquals("ProjectPart", "1-0", "reviewSharePaid", SHARE.toString());
    assert.fieldEquals("Project", "1", "reviewSharesPaid", SHARE.toString());
    assert.fieldEquals("ProjectRegistryToken", E, "reviewSharesHeld", "0");
    let id = lastEventId();
    assert.fieldEquals("ReviewShareSettlement", id, "paid", "true");
    assert.fieldEquals("ReviewShareSettlement", id, "to", REVIEWER.toHexString());
    assertSharesBalance();
  });

  test("handleReviewShareRefunded returns the share; a reviewer named again holds a new one", () => {
    handleReviewShareRefunded(reviewShareRefunded(1, 0, CLIENT, SHARE));
    assert.fieldEquals("ProjectPart", "1-0", "reviewState", "Refunded");
    assert.fieldEquals("ProjectPart", "1-0", "reviewShareRefunded", SHARE.toString());
    assert.fieldEquals("ReviewShareSettlement", lastEventId(), "to", C);
    assertSharesBalance();
    handleReviewerNamed(reviewerNamed(1, 0, OTHER_VENDOR, 300, BigInt.fromI32(9), DEADLINE));
    assert.fieldEquals("ProjectPart", "1-0", "reviewState", "Held");
    assert.fieldEquals("ProjectPart", "1-0", "reviewShareHeld", "9");
    assert.fieldEquals("Project", "1", "reviewSharesDeposited", SHARE.plus(BigInt.fromI32(9)).toString());
    assertSharesBalance();
  });
});

describe("deferred payments and withdrawals", () => {
  beforeEach(setUp);
  afterEach(() => {
    clearStore();
  });

  test("handlePaymentDeferred and handleWithdrawn keep what is owed", () => {
    let amount = BigInt.fromI32(4321);
    handlePaymentDeferred(projectPaymentDeferred(ETH, REVIEWER, amount));
    let id = ETH.concat(REVIEWER).toHexString();
    assert.fieldEquals("ProjectRegistryOwed", id, "amount", "4321");
    assert.fieldEquals("ProjectRegistryToken", E, "owed", "4321");
    handleWithdrawn(projectWithdrawn(ETH, REVIEWER, amount));
    assert.fieldEquals("ProjectRegistryOwed", id, "amount", "0");
    assert.fieldEquals("ProjectRegistryToken", E, "owed", "0");
    assert.fieldEquals("ProjectRegistryToken", E, "totalWithdrawn", "4321");
  });
});
