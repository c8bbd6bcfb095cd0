import { BigInt, Bytes, ethereum, log } from "@graphprotocol/graph-ts";
import {
  HandoffPosted,
  JobLinked,
  MilestoneReviewed,
  PartDeclared,
  PaymentDeferred,
  ProjectCreated,
  RelaySet,
  ReviewSharePaid,
  ReviewShareRefunded,
  ReviewerNamed,
  SubJobLinked,
  Withdrawn,
} from "../../generated/ProjectRegistry/ProjectRegistry";
import {
  Handoff,
  Job,
  Project,
  ProjectJobLink,
  ProjectPart,
  ProjectRegistryToken,
  ProjectShift,
  ReviewShareSettlement,
  ReviewVerdict,
  SubJobLink,
} from "../../generated/schema";
import { ZERO_BI } from "../helpers/constants";
import { getOrCreateAccount, getOrCreateClient, getOrCreateToken, getOrCreateVendor } from "../helpers/getters";
import { eventId, jobKey } from "../helpers/ids";
import { moveOwed } from "../helpers/owed";

// The registry's books, per part, project and token (ProjectRegistryToken):
//   reviewSharesDeposited = reviewSharesHeld + reviewSharesPaid + reviewSharesRefunded
//   contract balance in a token = reviewSharesHeld + owed
// The parts' jobs keep their money in the escrow; a part's `committed` is what its current jobs escrow.

/** The registry's LinkKind, by ordinal (None is never emitted). */
function linkKindName(ordinal: i32): string {
  if (ordinal == 2) return "Shift";
  if (ordinal == 3) return "SubJob";
  return "Part";
}

// ------------------------------------------------------------------ keys and loads

function projectKey(projectId: BigInt): string {
  return projectId.toString();
}

function partKey(projectId: BigInt, part: i32): string {
  return projectId.toString() + "-" + part.toString();
}

function shiftKey(projectId: BigInt, part: i32, shift: i32): string {
  return partKey(projectId, part) + "-" + shift.toString();
}

function loadProject(projectId: BigInt): Project {
  let project = Project.load(projectKey(projectId));
  if (project == null) log.critical("ProjectRegistry: unknown project {}", [projectId.toString()]);
  return project as Project;
}

function loadPart(projectId: BigInt, part: BigInt): ProjectPart {
  let stored = ProjectPart.load(partKey(projectId, part.toI32()));
  if (stored == null) log.critical("ProjectRegistry: unknown part {}-{}", [projectId.toString(), part.toString()]);
  return stored as ProjectPart;
}

function getOrCreateBooks(token: Bytes): ProjectRegistryToken {
  let books = ProjectRegistryToken.load(token);
  if (books == null) {
    getOrCreateToken(token);
    books = new ProjectRegistryToken(token);
    books.token = token;
    books.reviewSharesDeposited = ZERO_BI;
    books.reviewSharesHeld = ZERO_BI;
    books.reviewSharesPaid = ZERO_BI;
    books.reviewSharesRefunded = ZERO_BI;
    books.owed = ZERO_BI;
    books.totalDeferred = ZERO_BI;
    books.totalWithdrawn = ZERO_BI;
    books.projectCount = 0;
    books.save();
  }
  return books;
}

// ------------------------------------------------------------------ projects and parts

export function handleProjectCreated(event: ProjectCreated): void {
  let params = event.params;
  let timestamp = event.block.timestamp;
  getOrCreateClient(params.client, timestamp);
  let project = new Project(projectKey(params.projectId));
  project.projectId = params.projectId;
  project.client = params.client;
  project.token = params.token;
  project.budget = params.budget;
  project.deadline = params.deadline;
  project.utcOffsetMinutes = params.utcOffsetMinutes;
  project.workStartMinute = params.workStartMinute;
  project.workEndMinute = params.workEndMinute;
  project.specCid = params.specCid;
  project.partCount = 0;
  project.committed = ZERO_BI;
  project.reviewSharesDeposited = ZERO_BI;
  project.reviewSharesHeld = ZERO_BI;
  project.reviewSharesPaid = ZERO_BI;
  project.reviewSharesRefunded = ZERO_BI;
  project.subJobCount = 0;
  project.createdAt = timestamp;
  project.createdAtBlock = event.block.number;
  project.createdTx = event.transaction.hash;
  project.updatedAt = timestamp;
  project.save();
  let books = getOrCreateBooks(params.token);
  books.projectCount += 1;
  books.save();
}

export function handlePartDeclared(event: PartDeclared): void {
  let params = event.params;
  let project = loadProject(params.projectId);
  let index = params.part.toI32();
  let part = new ProjectPart(partKey(params.projectId, index));
  part.project = project.id;
  part.index = index;
  part.budget = params.budget;
  part.committed = ZERO_BI;
  part.dependsOn = params.dependsOn == 0 ? null : partKey(params.projectId, params.dependsOn - 1);
  part.skillsHash = params.skillsHash;
  part.skills = changetype<Array<Bytes>>(params.skills);
  part.shiftCount = 0;
  part.reviewerShareBps = 0;
  part.reviewerShare = ZERO_BI;
  part.reviewDeadline = ZERO_BI;
  part.reviewState = "None";
  part.signedOff = false;
  part.reviewShareHeld = ZERO_BI;
  part.reviewSharePaid = ZERO_BI;
  part.reviewShareRefunded = ZERO_BI;
  part.updatedAt = event.block.timestamp;
  part.save();
  project.partCount += 1;
  project.updatedAt = event.block.timestamp;
  project.save();
}

export function handleRelaySet(event: RelaySet): void {
  let params = event.params;
  let part = loadPart(params.projectId, params.part);
  let shifts = params.shifts;
  let timestamp = event.block.timestamp;
  for (let i = 0; i < shifts.length; i++) {
    let terms = shifts[i];
    getOrCreateVendor(terms.vendor, timestamp);
    let shift = new ProjectShift(shiftKey(params.projectId, part.index, i));
    shift.part = part.id;
    shift.index = i;
    shift.vendor = terms.vendor;
    shift.startMinute = terms.startMinute;
    shift.lengthMinutes = terms.lengthMinutes;
    shift.job = null;
    shift.save();
  }
  part.shiftCount = shifts.length;
  part.updatedAt = timestamp;
  part.save();
}

// ------------------------------------------------------------------ jobs

/** A later job took `previous`'s place: its amount leaves the part's and the project's committed. */
function replaceLink(previous: string | null, part: ProjectPart, project: Project): void {
  if (previous == null) return;
  let link = ProjectJobLink.load(previous as string);
  if (link == null || link.replaced) return;
  link.replaced = true;
  link.save();
  part.committed = part.committed.minus(link.amount);
  project.committed = project.committed.minus(link.amount);
}

export function handleJobLinked(event: JobLinked): void {
  let params = event.params;
  let project = loadProject(params.projectId);
  let part = loadPart(params.projectId, params.part);
  let job = jobKey(params.jobId);
  let kind = linkKindName(params.kind);
  let link = new ProjectJobLink(job);
  link.project = project.id;
  link.part = part.id;
  link.job = job;
  link.kind = kind;
  link.amount = params.amount;
  link.replaced = false;
  link.linkedAt = event.block.timestamp;
  link.transactionHash = event.transaction.hash;
  if (kind == "Shift") {
    let shift = ProjectShift.load(shiftKey(params.projectId, part.index, params.shift));
    if (shift == null) log.critical("ProjectRegistry: unknown shift {}", [params.shift.toString()]);
    let stored = shift as ProjectShift;
    replaceLink(stored.job, part, project);
    stored.job = job;
    stored.save();
    link.shift = stored.id;
  } else {
    replaceLink(part.job, part, project);
    part.job = job;
  }
  link.save();
  part.committed = part.committed.plus(params.amount);
  part.updatedAt = event.block.timestamp;
  part.save();
  project.committed = project.committed.plus(params.amount);
  project.updatedAt = event.block.timestamp;
  project.save();
}

export function handleSubJobLinked(event: SubJobLinked): void {
  let params = event.params;
  let timestamp = event.block.timestamp;
  let project = loadProject(params.projectId);
  getOrCreateVendor(params.prime, timestamp);
  let parentJob = jobKey(params.parentJobId);
  let subJob = jobKey(params.subJobId);
  let record = new SubJobLink(eventId(event));
  record.project = project.id;
  record.parentJob = parentJob;
  record.subJob = subJob;
  record.prime = params.prime;
  record.timestamp = timestamp;
  record.blockNumber = event.block.number;
  record.transactionHash = event.transaction.hash;
  record.save();
  let link = new ProjectJobLink(subJob);
  link.project = project.id;
  let parent = ProjectJobLink.load(parentJob);
  link.part = parent == null ? null : parent.part;
  link.job = subJob;
  link.kind = "SubJob";
  link.parentJob = parentJob;
  link.amount = ZERO_BI;
  link.replaced = false;
  link.linkedAt = timestamp;
  link.transactionHash = event.transaction.hash;
  link.save();
  project.subJobCount += 1;
  project.updatedAt = timestamp;
  project.save();
}

export function handleHandoffPosted(event: HandoffPosted): void {
  let params = event.params;
  let timestamp = event.block.timestamp;
  let part = loadPart(params.projectId, params.part);
  getOrCreateVendor(params.vendor, timestamp);
  let handoff = new Handoff(eventId(event));
  handoff.project = part.project;
  handoff.part = part.id;
  handoff.shift = shiftKey(params.projectId, part.index, params.shift);
  handoff.nextShift = shiftKey(params.projectId, part.index, params.nextShift);
  handoff.vendor = params.vendor;
  handoff.noteCid = params.noteCid;
  handoff.timestamp = timestamp;
  handoff.blockNumber = event.block.number;
  handoff.transactionHash = event.transaction.hash;
  handoff.save();
}

// ------------------------------------------------------------------ review layer

export function handleReviewerNamed(event: ReviewerNamed): void {
  let params = event.params;
  let timestamp = event.block.timestamp;
  let project = loadProject(params.projectId);
  let part = loadPart(params.projectId, params.part);
  getOrCreateVendor(params.reviewer, timestamp);
  part.reviewer = params.reviewer;
  part.reviewerShareBps = params.shareBps;
  part.reviewerShare = params.share;
  part.reviewDeadline = params.deadline;
  part.reviewState = "Held";
  part.signedOff = false;
  part.reviewShareHeld = part.reviewShareHeld.plus(params.share);
  part.updatedAt = timestamp;
  part.save();
  project.reviewSharesDeposited = project.reviewSharesDeposited.plus(params.share);
  project.reviewSharesHeld = project.reviewSharesHeld.plus(params.share);
  project.updatedAt = timestamp;
  project.save();
  let books = getOrCreateBooks(project.token);
  books.reviewSharesDeposited = books.reviewSharesDeposited.plus(params.share);
  books.reviewSharesHeld = books.reviewSharesHeld.plus(params.share);
  books.save();
}

export function handleMilestoneReviewed(event: MilestoneReviewed): void {
  let params = event.params;
  let part = loadPart(params.projectId, params.part);
  let verdict = new ReviewVerdict(eventId(event));
  verdict.project = part.project;
  verdict.part = part.id;
  verdict.job = jobKey(params.jobId);
  verdict.reviewer = part.reviewer;
  verdict.milestoneIndex = params.index;
  verdict.signedOff = params.signedOff;
  verdict.noteCid = params.noteCid;
  verdict.timestamp = event.block.timestamp;
  verdict.blockNumber = event.block.number;
  verdict.transactionHash = event.transaction.hash;
  verdict.save();
  // The registry keeps the latest verdict on the job's last milestone.
  let job = Job.load(jobKey(params.jobId));
  if (job != null && params.index.equals(BigInt.fromI32(job.milestoneCount - 1))) {
    part.signedOff = params.signedOff;
    part.updatedAt = event.block.timestamp;
    part.save();
  }
}

/** Moves a part's held share out of the registry: to its reviewer (paid) or back to its client. */
function settleShare(
  event: ethereum.Event,
  projectId: BigInt,
  index: BigInt,
  to: Bytes,
  amount: BigInt,
  paid: boolean,
): void {
  let timestamp = event.block.timestamp;
  let project = loadProject(projectId);
  let part = loadPart(projectId, index);
  part.reviewState = paid ? "Paid" : "Refunded";
  part.reviewShareHeld = part.reviewShareHeld.minus(amount);
  project.reviewSharesHeld = project.reviewSharesHeld.minus(amount);
  let books = getOrCreateBooks(project.token);
  books.reviewSharesHeld = books.reviewSharesHeld.minus(amount);
  if (paid) {
    part.reviewSharePaid = part.reviewSharePaid.plus(amount);
    project.reviewSharesPaid = project.reviewSharesPaid.plus(amount);
    books.reviewSharesPaid = books.reviewSharesPaid.plus(amount);
  } else {
    part.reviewShareRefunded = part.reviewShareRefunded.plus(amount);
    project.reviewSharesRefunded = project.reviewSharesRefunded.plus(amount);
    books.reviewSharesRefunded = books.reviewSharesRefunded.plus(amount);
  }
  part.updatedAt = timestamp;
  part.save();
  project.updatedAt = timestamp;
  project.save();
  books.save();
  getOrCreateAccount(to);
  let record = new ReviewShareSettlement(eventId(event));
  record.project = project.id;
  record.part = part.id;
  record.paid = paid;
  record.to = to;
  record.amount = amount;
  record.timestamp = timestamp;
  record.blockNumber = event.block.number;
  record.transactionHash = event.transaction.hash;
  record.save();
}

export function handleReviewSharePaid(event: ReviewSharePaid): void {
  let params = event.params;
  settleShare(event, params.projectId, params.part, params.reviewer, params.amount, true);
}

export function handleReviewShareRefunded(event: ReviewShareRefunded): void {
  let params = event.params;
  settleShare(event, params.projectId, params.part, params.client, params.amount, false);
}

// ------------------------------------------------------------------ deferred payments

export function handlePaymentDeferred(event: PaymentDeferred): void {
  let params = event.params;
  getOrCreateBooks(params.token);
  moveOwed("ProjectRegistryToken", "ProjectRegistryOwed", params.token, params.payee, params.amount, true);
}

export function handleWithdrawn(event: Withdrawn): void {
  let params = event.params;
  getOrCreateBooks(params.token);
  moveOwed("ProjectRegistryToken", "ProjectRegistryOwed", params.token, params.account, params.amount, false);
}
