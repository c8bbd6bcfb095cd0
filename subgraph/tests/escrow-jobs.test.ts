import { BigInt } from "@graphprotocol/graph-ts";
import { Job } from "../generated/schema";
import { afterEach, assert, beforeEach, clearStore, describe, test } from "matchstick-as/assembly/index";
import {
  handleChangesRequested,
  handleFeeChangeAnnounced,
  handleJobPosted,
  handleMilestoneCancelled,
  handleMilestonesFunded,
  handleMilestoneSubmitted,
  handleTokenConfigured,
  handleVendorHired,
} from "../src/mappings/escrow";
import {
  JobSpec,
  changesRequested,
  feeChangeAnnounced,
  jobPosted,
  milestone,
  milestoneCancelled,
  milestonesFunded,
  milestoneSubmitted,
  tokenConfigured,
  vendorHired,
} from "./utils/escrow-events";
import {
  ARBITER,
  CLIENT,
  DAY,
  ESCROW,
  ETH,
  START_TIME,
  USDC,
  VENDOR,
  advanceTime,
  ether,
  lastEventId,
  resetChain,
  skill,
} from "./utils/mock";
import {
  amount0,
  amount1,
  bonus0,
  configureEth,
  jobTotal,
  postFundedJob,
  postJob,
  registerVendor,
  standardJob,
} from "./utils/scenario";

const C = CLIENT.toHexString();
const V = VENDOR.toHexString();
const E = ETH.toHexString();

describe("handleJobPosted", () => {
  beforeEach(() => {
    resetChain();
  });
  afterEach(() => {
    clearStore();
  });

  test("creates the job with its snapshotted terms", () => {
    let spec = standardJob(7);
    spec.open = true;
    spec.minRating = 400;
    spec.minPaidJobs = 2;
    spec.requiredSkills = [skill("solidity")];
    spec.specCid = "bafy-spec-7";
    spec.feeBps = 75;
    postJob(spec);
    assert.fieldEquals("Job", "7", "jobId", "7");
    assert.fieldEquals("Job", "7", "client", C);
    assert.fieldEquals("Job", "7", "token", E);
    assert.fieldEquals("Job", "7", "open", "true");
    assert.fieldEquals("Job", "7", "minRating", "400");
    assert.fieldEquals("Job", "7", "minPaidJobs", "2");
    assert.fieldEquals("Job", "7", "requiredSkills", "[" + skill("solidity").toHexString() + "]");
    assert.fieldEquals("Job", "7", "specCid", "bafy-spec-7");
    assert.fieldEquals("Job", "7", "arbiter", ARBITER.toHexString());
    assert.fieldEquals("Job", "7", "arbiterFeeBps", "100");
    assert.fieldEquals("Job", "7", "feeBps", "75");
    assert.fieldEquals("Job", "7", "reviewWindow", "259200");
    assert.fieldEquals("Job", "7", "status", "Open");
    assert.fieldEquals("Job", "7", "milestoneCount", "2");
    assert.fieldEquals("Job", "7", "liveMilestones", "2");
    assert.fieldEquals("Job", "7", "totalAmount", ether(150).toString());
    assert.fieldEquals("Job", "7", "totalBonus", bonus0().toString());
    assert.fieldEquals("Job", "7", "escrowed", "0");
    assert.fieldEquals("Job", "7", "createdAt", START_TIME.toString());
    assert.fieldEquals("Job", "7", "createdAtBlock", "100");
  });

  test("creates every milestone as Created with its amounts and deadlines", () => {
    postJob(standardJob(1));
    assert.fieldEquals("Milestone", "1-0", "job", "1");
    assert.fieldEquals("Milestone", "1-0", "index", "0");
    assert.fieldEquals("Milestone", "1-0", "amount", amount0().toString());
    assert.fieldEquals("Milestone", "1-0", "bonus", bonus0().toString());
    assert.fieldEquals("Milestone", "1-0", "deadline", (START_TIME + 10 * DAY).toString());
    assert.fieldEquals("Milestone", "1-0", "outcomeDeadline", (START_TIME + 20 * DAY).toString());
    assert.fieldEquals("Milestone", "1-0", "state", "Created");
    assert.fieldEquals("Milestone", "1-0", "bonusState", "None");
    assert.fieldEquals("Milestone", "1-1", "amount", amount1().toString());
    assert.fieldEquals("Milestone", "1-1", "outcomeDeadline", "0");
  });

  test("keeps an outcome deadline only for a milestone with a bonus, as the escrow stores it", () => {
    let spec = standardJob(1);
    spec.milestones[1].outcomeDeadline = START_TIME + 30 * DAY;
    postJob(spec);
    assert.fieldEquals("Milestone", "1-1", "outcomeDeadline", "0");
  });

  test("prices the budget in US cents through the token's weight unit", () => {
    configureEth();
    postJob(standardJob(1));
    // 160 ETH at 0.001 ETH per unit (about a dollar) is 160,000 dollars.
    assert.fieldEquals("Job", "1", "budgetUsdCents", "16000000");
  });

  test("leaves the budget unknown for a token never configured", () => {
    let spec = standardJob(1);
    spec.token = USDC;
    postJob(spec);
    assert.fieldEquals("Job", "1", "totalAmount", ether(150).toString());
    assert.assertTrue(Job.load("1")!.budgetUsdCents === null);
  });

  test("counts the job for its client, token, protocol and day", () => {
    postJob(standardJob(1));
    postJob(standardJob(2));
    assert.fieldEquals("Client", C, "jobCount", "2");
    assert.fieldEquals("Client", C, "account", C);
    assert.fieldEquals("Token", E, "jobCount", "2");
    assert.fieldEquals("Token", E, "isEther", "true");
    assert.fieldEquals("Protocol", "mosaic", "jobCount", "2");
    assert.fieldEquals("Protocol", "mosaic", "milestoneCount", "4");
    assert.fieldEquals("Protocol", "mosaic", "clientCount", "1");
    assert.fieldEquals("Protocol", "mosaic", "escrow", ESCROW.toHexString());
    assert.fieldEquals("DailyStat", "20089", "jobsPosted", "2");
    assert.fieldEquals("DailyStat", "20089", "date", START_TIME.toString());
  });

  test("takes the fee in force from the job's snapshot", () => {
    let spec = standardJob(1);
    spec.feeBps = 120;
    postJob(spec);
    assert.fieldEquals("Protocol", "mosaic", "feeBps", "120");
  });

  test("creates an ERC-20 token that is not Ether", () => {
    let spec = standardJob(1);
    spec.token = USDC;
    postJob(spec);
    assert.fieldEquals("Token", USDC.toHexString(), "isEther", "false");
    assert.fieldEquals("Job", "1", "token", USDC.toHexString());
  });
});

describe("handleMilestonesFunded", () => {
  beforeEach(() => {
    resetChain();
  });
  afterEach(() => {
    clearStore();
  });

  test("marks the milestones funded and holds the bonus", () => {
    postFundedJob(1);
    assert.fieldEquals("Milestone", "1-0", "state", "Funded");
    assert.fieldEquals("Milestone", "1-0", "bonusState", "Held");
    assert.fieldEquals("Milestone", "1-0", "held", amount0().plus(bonus0()).toString());
    assert.fieldEquals("Milestone", "1-0", "fundedAt", START_TIME.toString());
    assert.fieldEquals("Milestone", "1-1", "state", "Funded");
    assert.fieldEquals("Milestone", "1-1", "bonusState", "None");
    assert.fieldEquals("Milestone", "1-1", "held", amount1().toString());
  });

  test("books the deposit on the token, the job and the day", () => {
    postFundedJob(1);
    let total = jobTotal().toString();
    assert.fieldEquals("Token", E, "held", total);
    assert.fieldEquals("Token", E, "totalDeposited", total);
    assert.fieldEquals("Job", "1", "escrowed", total);
    assert.fieldEquals("Job", "1", "held", total);
    assert.fieldEquals("Job", "1", "milestonesInProgress", "2");
    assert.fieldEquals("Job", "1", "status", "Open");
    let day = ETH.concatI32(20089).toHexString();
    assert.fieldEquals("TokenDayStat", day, "deposited", total);
    assert.fieldEquals("TokenDayStat", day, "closingHeld", total);
    assert.fieldEquals("TokenDayStat", day, "day", "20089");
    assert.fieldEquals("Client", C, "fundedMilestones", "2");
    assert.fieldEquals("Protocol", "mosaic", "fundedMilestoneCount", "2");
    assert.fieldEquals("DailyStat", "20089", "milestonesFunded", "2");
  });

  test("records an immutable deposit", () => {
    postFundedJob(1);
    let id = lastEventId();
    assert.fieldEquals("Deposit", id, "job", "1");
    assert.fieldEquals("Deposit", id, "client", C);
    assert.fieldEquals("Deposit", id, "first", "0");
    assert.fieldEquals("Deposit", id, "count", "2");
    assert.fieldEquals("Deposit", id, "amount", jobTotal().toString());
  });

  test("funds a range of milestones only", () => {
    postJob(standardJob(1));
    handleMilestonesFunded(milestonesFunded(1, 1, 1, amount1()));
    assert.fieldEquals("Milestone", "1-0", "state", "Created");
    assert.fieldEquals("Milestone", "1-1", "state", "Funded");
    assert.fieldEquals("Token", E, "held", amount1().toString());
  });
});

describe("handleVendorHired", () => {
  beforeEach(() => {
    resetChain();
    configureEth();
    registerVendor(VENDOR);
  });
  afterEach(() => {
    clearStore();
  });

  test("hires the vendor and counts it like the escrow's statsOf", () => {
    postFundedJob(1);
    advanceTime(60);
    handleVendorHired(vendorHired(1, VENDOR, true));
    assert.fieldEquals("Job", "1", "vendor", V);
    assert.fieldEquals("Job", "1", "status", "Hired");
    assert.fieldEquals("Job", "1", "hiredByQuote", "true");
    assert.fieldEquals("Job", "1", "hiredAt", (START_TIME + 60).toString());
    assert.fieldEquals("Account", V, "hiredJobs", "1");
    assert.fieldEquals("Vendor", V, "hiredJobs", "1");
    assert.fieldEquals("Protocol", "mosaic", "hireCount", "1");
    assert.fieldEquals("DailyStat", "20089", "hires", "1");
    assert.fieldEquals("Hire", lastEventId(), "byQuote", "true");
    assert.fieldEquals("Hire", lastEventId(), "vendor", V);
  });

  test("snapshots the fee and the token's weight settings in force at funding, as the escrow does", () => {
    postJob(standardJob(1));
    assert.fieldEquals("Job", "1", "feeBps", "50");
    handleFeeChangeAnnounced(feeChangeAnnounced(120, START_TIME + 2 * DAY));
    let unit = BigInt.fromI32(10).pow(16);
    handleTokenConfigured(tokenConfigured(ETH, true, unit));
    advanceTime(2 * DAY);
    handleMilestonesFunded(milestonesFunded(1, 0, 1, amount0().plus(bonus0())));
    assert.fieldEquals("Job", "1", "feeBps", "120");
    assert.fieldEquals("Job", "1", "weightUnit", unit.toString());
    assert.fieldEquals("Job", "1", "paidJobThreshold", unit.times(BigInt.fromI32(100)).toString());
  });

  test("counts a hired job with funded work as active for the vendor", () => {
    postFundedJob(1);
    handleVendorHired(vendorHired(1, VENDOR, false));
    assert.fieldEquals("Vendor", V, "activeJobs", "1");
    assert.fieldEquals("Job", "1", "vendorActive", "true");
  });

  test("counts a claimed job as active only once a milestone is funded", () => {
    postJob(standardJob(1));
    handleVendorHired(vendorHired(1, VENDOR, false));
    assert.fieldEquals("Vendor", V, "activeJobs", "0");
    assert.fieldEquals("Job", "1", "hiredByQuote", "false");
    handleMilestonesFunded(milestonesFunded(1, 0, 1, amount0().plus(bonus0())));
    assert.fieldEquals("Vendor", V, "activeJobs", "1");
  });
});

describe("handleMilestoneSubmitted", () => {
  beforeEach(() => {
    resetChain();
    configureEth();
    registerVendor(VENDOR);
    postFundedJob(1);
    handleVendorHired(vendorHired(1, VENDOR, true));
  });
  afterEach(() => {
    clearStore();
  });

  test("starts the review window and records the deliverable", () => {
    advanceTime(DAY);
    let reviewEndsAt = START_TIME + 4 * DAY;
    handleMilestoneSubmitted(milestoneSubmitted(1, 0, "bafy-deliverable", reviewEndsAt));
    assert.fieldEquals("Milestone", "1-0", "state", "Submitted");
    assert.fieldEquals("Milestone", "1-0", "reviewEndsAt", reviewEndsAt.toString());
    assert.fieldEquals("Milestone", "1-0", "deliverableCid", "bafy-deliverable");
    assert.fieldEquals("Milestone", "1-0", "submissionCount", "1");
    let id = lastEventId();
    assert.fieldEquals("Submission", id, "milestone", "1-0");
    assert.fieldEquals("Submission", id, "deliverableCid", "bafy-deliverable");
    assert.fieldEquals("Submission", id, "reviewEndsAt", reviewEndsAt.toString());
    assert.fieldEquals("Job", "1", "milestonesInProgress", "2");
  });
});

describe("handleChangesRequested", () => {
  beforeEach(() => {
    resetChain();
    configureEth();
    registerVendor(VENDOR);
    postFundedJob(1);
    handleVendorHired(vendorHired(1, VENDOR, true));
    handleMilestoneSubmitted(milestoneSubmitted(1, 0, "bafy-v1", START_TIME + 3 * DAY));
  });
  afterEach(() => {
    clearStore();
  });

  test("sends the milestone back with its new deadline", () => {
    let deadline = START_TIME + 12 * DAY;
    handleChangesRequested(changesRequested(1, 0, "bafy-notes", deadline));
    assert.fieldEquals("Milestone", "1-0", "state", "Funded");
    assert.fieldEquals("Milestone", "1-0", "deadline", deadline.toString());
    assert.fieldEquals("Milestone", "1-0", "reviewEndsAt", "null");
    assert.fieldEquals("Milestone", "1-0", "changeRequestCount", "1");
    assert.fieldEquals("ChangeRequest", lastEventId(), "noteCid", "bafy-notes");
    assert.fieldEquals("ChangeRequest", lastEventId(), "newDeadline", deadline.toString());
  });

  test("keeps the submission history across resubmissions", () => {
    handleChangesRequested(changesRequested(1, 0, "bafy-notes", START_TIME + 12 * DAY));
    handleMilestoneSubmitted(milestoneSubmitted(1, 0, "bafy-v2", START_TIME + 5 * DAY));
    assert.fieldEquals("Milestone", "1-0", "deliverableCid", "bafy-v2");
    assert.fieldEquals("Milestone", "1-0", "submissionCount", "2");
    assert.entityCount("Submission", 2);
  });
});

describe("handleMilestoneCancelled", () => {
  beforeEach(() => {
    resetChain();
  });
  afterEach(() => {
    clearStore();
  });

  test("cancels an unfunded milestone", () => {
    postJob(standardJob(1));
    handleMilestoneCancelled(milestoneCancelled(1, 1));
    assert.fieldEquals("Milestone", "1-1", "state", "Cancelled");
    assert.fieldEquals("Milestone", "1-1", "settledAt", START_TIME.toString());
    assert.fieldEquals("Job", "1", "liveMilestones", "1");
    assert.fieldEquals("Job", "1", "status", "Open");
    assert.fieldEquals("Protocol", "mosaic", "cancelledMilestoneCount", "1");
    assert.fieldEquals("DailyStat", "20089", "milestonesCancelled", "1");
  });

  test("closes the job as Cancelled once every milestone is cancelled", () => {
    postJob(standardJob(1));
    handleMilestoneCancelled(milestoneCancelled(1, 0));
    handleMilestoneCancelled(milestoneCancelled(1, 1));
    assert.fieldEquals("Job", "1", "status", "Cancelled");
    assert.fieldEquals("Job", "1", "liveMilestones", "0");
    assert.fieldEquals("Protocol", "mosaic", "cancelledJobCount", "1");
  });
});

describe("events for a job the subgraph never saw", () => {
  afterEach(() => {
    clearStore();
  });

  test(
    "stop indexing with a critical error",
    () => {
      handleMilestonesFunded(milestonesFunded(99, 0, 1, BigInt.fromI32(1)));
    },
    true,
  );

  test("leave nothing behind for a job posted with a single milestone", () => {
    let spec = new JobSpec();
    spec.milestones = [milestone(ether(1), 1)];
    handleJobPosted(jobPosted(spec));
    assert.entityCount("Milestone", 1);
    assert.notInStore("Milestone", "1-1");
  });
});
