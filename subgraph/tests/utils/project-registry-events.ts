import { Address, BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";
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
import { mockEvent, param, uint, uintBig } from "./mock";

// Builders for every ProjectRegistry event, parameters in ABI order with the ABI's value kinds.

export const PROJECT_REGISTRY = Address.fromString("0x00000000000000000000000000000000000a0e1c");

function address(value: Address): ethereum.Value {
  return ethereum.Value.fromAddress(value);
}

function small(value: i32): ethereum.Value {
  return ethereum.Value.fromI32(value);
}

function text(value: string): ethereum.Value {
  return ethereum.Value.fromString(value);
}

export function projectCreated(
  projectId: i32,
  client: Address,
  token: Address,
  budget: BigInt,
  deadline: i64,
  utcOffsetMinutes: i32,
  workStartMinute: i32,
  workEndMinute: i32,
  specCid: string,
): ProjectCreated {
  let event = changetype<ProjectCreated>(mockEvent(PROJECT_REGISTRY));
  event.parameters.push(param("projectId", uint(projectId)));
  event.parameters.push(param("client", address(client)));
  event.parameters.push(param("token", address(token)));
  event.parameters.push(param("budget", uintBig(budget)));
  event.parameters.push(param("deadline", uint(deadline)));
  event.parameters.push(param("utcOffsetMinutes", small(utcOffsetMinutes)));
  event.parameters.push(param("workStartMinute", small(workStartMinute)));
  event.parameters.push(param("workEndMinute", small(workEndMinute)));
  event.parameters.push(param("specCid", text(specCid)));
  return event;
}

export function partDeclared(
  projectId: i32,
  part: i32,
  budget: BigInt,
  dependsOn: i32,
  skillsHash: Bytes,
  skills: Array<Bytes>,
): PartDeclared {
  let event = changetype<PartDeclared>(mockEvent(PROJECT_REGISTRY));
  event.parameters.push(param("projectId", uint(projectId)));
  event.parameters.push(param("part", uint(part)));
  event.parameters.push(param("budget", uintBig(budget)));
  event.parameters.push(param("dependsOn", small(dependsOn)));
  event.parameters.push(param("skillsHash", ethereum.Value.fromFixedBytes(skillsHash)));
  event.parameters.push(param("skills", ethereum.Value.fromFixedBytesArray(skills)));
  return event;
}

/** `kind`: 1 part job, 2 shift job (the registry's LinkKind). */
export function jobLinked(projectId: i32, part: i32, jobId: i32, kind: i32, shift: i32, amount: BigInt): JobLinked {
  let event = changetype<JobLinked>(mockEvent(PROJECT_REGISTRY));
  event.parameters.push(param("projectId", uint(projectId)));
  event.parameters.push(param("part", uint(part)));
  event.parameters.push(param("jobId", uint(jobId)));
  event.parameters.push(param("kind", small(kind)));
  event.parameters.push(param("shift", small(shift)));
  event.parameters.push(param("amount", uintBig(amount)));
  return event;
}

export class ShiftSpec {
  constructor(
    public vendor: Address,
    public startMinute: i32,
    public lengthMinutes: i32,
  ) {}
}

export function relaySet(projectId: i32, part: i32, shifts: Array<ShiftSpec>): RelaySet {
  let event = changetype<RelaySet>(mockEvent(PROJECT_REGISTRY));
  let tuples = new Array<ethereum.Tuple>();
  for (let i = 0; i < shifts.length; i++) {
    let tuple = new ethereum.Tuple();
    tuple.push(address(shifts[i].vendor));
    tuple.push(small(shifts[i].startMinute));
    tuple.push(small(shifts[i].lengthMinutes));
    tuple.push(uint(0));
    tuples.push(tuple);
  }
  event.parameters.push(param("projectId", uint(projectId)));
  event.parameters.push(param("part", uint(part)));
  event.parameters.push(param("shifts", ethereum.Value.fromTupleArray(tuples)));
  return event;
}

export function handoffPosted(
  projectId: i32,
  part: i32,
  shift: i32,
  vendor: Address,
  nextShift: i32,
  noteCid: string,
): HandoffPosted {
  let event = changetype<HandoffPosted>(mockEvent(PROJECT_REGISTRY));
  event.parameters.push(param("projectId", uint(projectId)));
  event.parameters.push(param("part", uint(part)));
  event.parameters.push(param("shift", small(shift)));
  event.parameters.push(param("vendor", address(vendor)));
  event.parameters.push(param("nextShift", small(nextShift)));
  event.parameters.push(param("noteCid", text(noteCid)));
  return event;
}

export function reviewerNamed(
  projectId: i32,
  part: i32,
  reviewer: Address,
  shareBps: i32,
  share: BigInt,
  deadline: i64,
): ReviewerNamed {
  let event = changetype<ReviewerNamed>(mockEvent(PROJECT_REGISTRY));
  event.parameters.push(param("projectId", uint(projectId)));
  event.parameters.push(param("part", uint(part)));
  event.parameters.push(param("reviewer", address(reviewer)));
  event.parameters.push(param("shareBps", small(shareBps)));
  event.parameters.push(param("share", uintBig(share)));
  event.parameters.push(param("deadline", uint(deadline)));
  return event;
}

export function milestoneReviewed(
  projectId: i32,
  part: i32,
  jobId: i32,
  index: i32,
  signedOff: boolean,
  noteCid: string,
): MilestoneReviewed {
  let event = changetype<MilestoneReviewed>(mockEvent(PROJECT_REGISTRY));
  event.parameters.push(param("projectId", uint(projectId)));
  event.parameters.push(param("part", uint(part)));
  event.parameters.push(param("jobId", uint(jobId)));
  event.parameters.push(param("index", uint(index)));
  event.parameters.push(param("signedOff", ethereum.Value.fromBoolean(signedOff)));
  event.parameters.push(param("noteCid", text(noteCid)));
  return event;
}

export function reviewSharePaid(projectId: i32, part: i32, reviewer: Address, amount: BigInt): ReviewSharePaid {
  let event = changetype<ReviewSharePaid>(mockEvent(PROJECT_REGISTRY));
  event.parameters.push(param("projectId", uint(projectId)));
  event.parameters.push(param("part", uint(part)));
  event.parameters.push(param("reviewer", address(reviewer)));
  event.parameters.push(param("amount", uintBig(amount)));
  return event;
}

export function reviewShareRefunded(projectId: i32, part: i32, client: Address, amount: BigInt): ReviewShareRefunded {
  let event = changetype<ReviewShareRefunded>(mockEvent(PROJECT_REGISTRY));
  event.parameters.push(param("projectId", uint(projectId)));
  event.parameters.push(param("part", uint(part)));
  event.parameters.push(param("client", address(client)));
  event.parameters.push(param("amount", uintBig(amount)));
  return event;
}

export function subJobLinked(projectId: i32, parentJobId: i32, subJobId: i32, prime: Address): SubJobLinked {
  let event = changetype<SubJobLinked>(mockEvent(PROJECT_REGISTRY));
  event.parameters.push(param("projectId", uint(projectId)));
  event.parameters.push(param("parentJobId", uint(parentJobId)));
  event.parameters.push(param("subJobId", uint(subJobId)));
  event.parameters.push(param("prime", address(prime)));
  return event;
}

export function projectPaymentDeferred(token: Address, payee: Address, amount: BigInt): PaymentDeferred {
  let event = changetype<PaymentDeferred>(mockEvent(PROJECT_REGISTRY));
  event.parameters.push(param("token", address(token)));
  event.parameters.push(param("payee", address(payee)));
  event.parameters.push(param("amount", uintBig(amount)));
  return event;
}

export function projectWithdrawn(token: Address, account: Address, amount: BigInt): Withdrawn {
  let event = changetype<Withdrawn>(mockEvent(PROJECT_REGISTRY));
  event.parameters.push(param("token", address(token)));
  event.parameters.push(param("account", address(account)));
  event.parameters.push(param("to", address(account)));
  event.parameters.push(param("amount", uintBig(amount)));
  return event;
}
