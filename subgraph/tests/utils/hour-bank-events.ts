import { Address, BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";
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
import { ARBITER, CLIENT, ETH, VENDOR, mockEvent, param, uint, uintBig } from "./mock";

// Builders for every HourBank event, parameters in ABI order with the ABI's value kinds.

export const HOUR_BANK = Address.fromString("0x00000000000000000000000000000000000b0a4c");

function address(value: Address): ethereum.Value {
  return ethereum.Value.fromAddress(value);
}

export function termsPublished(
  vendor: Address,
  token: Address,
  hourlyRate: BigInt,
  noticeHours: i32,
  tierHours: Array<i32>,
  tierBps: Array<i32>,
): TermsPublished {
  let event = changetype<TermsPublished>(mockEvent(HOUR_BANK));
  let tiers = new Array<ethereum.Tuple>();
  for (let i = 0; i < tierHours.length; i++) {
    let tier = new ethereum.Tuple();
    tier.push(uint(tierHours[i]));
    tier.push(ethereum.Value.fromI32(tierBps[i]));
    tiers.push(tier);
  }
  event.parameters.push(param("vendor", address(vendor)));
  event.parameters.push(param("token", address(token)));
  event.parameters.push(param("hourlyRate", uintBig(hourlyRate)));
  event.parameters.push(param("noticeHours", uint(noticeHours)));
  event.parameters.push(param("tiers", ethereum.Value.fromTupleArray(tiers)));
  return event;
}

export class BankSpec {
  bankId: i32 = 1;
  client: Address = CLIENT;
  vendor: Address = VENDOR;
  token: Address = ETH;
  hourCount: i32 = 120;
  minuteRate: BigInt = BigInt.fromI32(1000);
  expiresAt: i64 = 0;
  reviewWindow: i32 = 86400;
  arbiter: Address = ARBITER;
  arbiterFeeBps: i32 = 100;
  feeBps: i32 = 50;
}

export function bankOpened(spec: BankSpec): BankOpened {
  let event = changetype<BankOpened>(mockEvent(HOUR_BANK));
  let total = spec.minuteRate.times(BigInt.fromI32(spec.hourCount * 60));
  event.parameters.push(param("bankId", uint(spec.bankId)));
  event.parameters.push(param("client", address(spec.client)));
  event.parameters.push(param("vendor", address(spec.vendor)));
  event.parameters.push(param("token", address(spec.token)));
  event.parameters.push(param("hourCount", uint(spec.hourCount)));
  event.parameters.push(param("minuteRate", uintBig(spec.minuteRate)));
  event.parameters.push(param("total", uintBig(total)));
  event.parameters.push(param("expiresAt", uint(spec.expiresAt)));
  event.parameters.push(param("reviewWindow", uint(spec.reviewWindow)));
  event.parameters.push(param("arbiter", address(spec.arbiter)));
  event.parameters.push(param("arbiterFeeBps", ethereum.Value.fromI32(spec.arbiterFeeBps)));
  event.parameters.push(param("feeBps", ethereum.Value.fromI32(spec.feeBps)));
  return event;
}

export function bankToppedUp(bankId: i32, hourCount: i32, amount: BigInt, expiresAt: i64): BankToppedUp {
  let event = changetype<BankToppedUp>(mockEvent(HOUR_BANK));
  event.parameters.push(param("bankId", uint(bankId)));
  event.parameters.push(param("hourCount", uint(hourCount)));
  event.parameters.push(param("amount", uintBig(amount)));
  event.parameters.push(param("expiresAt", uint(expiresAt)));
  return event;
}

export function allocated(bankId: i32, member: Address, minuteCount: i32): Allocated {
  let event = changetype<Allocated>(mockEvent(HOUR_BANK));
  event.parameters.push(param("bankId", uint(bankId)));
  event.parameters.push(param("member", address(member)));
  event.parameters.push(param("minuteCount", uint(minuteCount)));
  return event;
}

export function workRequested(bankId: i32, requester: Address, briefCid: string): WorkRequested {
  let event = changetype<WorkRequested>(mockEvent(HOUR_BANK));
  event.parameters.push(param("bankId", uint(bankId)));
  event.parameters.push(param("requester", address(requester)));
  event.parameters.push(param("briefCid", ethereum.Value.fromString(briefCid)));
  return event;
}

export function hoursLogged(bankId: i32, logId: i32, member: Address, minuteCount: i32, digest: Bytes): HoursLogged {
  let event = changetype<HoursLogged>(mockEvent(HOUR_BANK));
  event.parameters.push(param("bankId", uint(bankId)));
  event.parameters.push(param("logId", uint(logId)));
  event.parameters.push(param("member", address(member)));
  event.parameters.push(param("minuteCount", ethereum.Value.fromI32(minuteCount)));
  event.parameters.push(param("noteDigest", ethereum.Value.fromFixedBytes(digest)));
  return event;
}

export function logApproved(bankId: i32, logId: i32, by: Address): LogApproved {
  let event = changetype<LogApproved>(mockEvent(HOUR_BANK));
  event.parameters.push(param("bankId", uint(bankId)));
  event.parameters.push(param("logId", uint(logId)));
  event.parameters.push(param("by", address(by)));
  return event;
}

export function logReleased(bankId: i32, logId: i32, toVendor: BigInt, fee: BigInt): LogReleased {
  let event = changetype<LogReleased>(mockEvent(HOUR_BANK));
  event.parameters.push(param("bankId", uint(bankId)));
  event.parameters.push(param("logId", uint(logId)));
  event.parameters.push(param("toVendor", uintBig(toVendor)));
  event.parameters.push(param("fee", uintBig(fee)));
  return event;
}

/** bankId << 32 | logId, as the contract numbers a log's dispute. */
export function logDisputeId(bankId: i32, logId: i32): BigInt {
  return BigInt.fromI32(bankId).times(BigInt.fromU64(4294967296)).plus(BigInt.fromI32(logId));
}

export function logContested(bankId: i32, logId: i32, by: Address, frozen: BigInt): LogContested {
  let event = changetype<LogContested>(mockEvent(HOUR_BANK));
  event.parameters.push(param("bankId", uint(bankId)));
  event.parameters.push(param("logId", uint(logId)));
  event.parameters.push(param("disputeId", uintBig(logDisputeId(bankId, logId))));
  event.parameters.push(param("by", address(by)));
  event.parameters.push(param("frozen", uintBig(frozen)));
  return event;
}

export function bankRuling(disputeId: BigInt, ruling: i32): Ruling {
  let event = changetype<Ruling>(mockEvent(HOUR_BANK));
  event.parameters.push(param("arbitrator", address(ARBITER)));
  event.parameters.push(param("disputeID", uintBig(disputeId)));
  event.parameters.push(param("ruling", uint(ruling)));
  return event;
}

export function logResolved(
  bankId: i32,
  logId: i32,
  vendorBps: i32,
  toVendor: BigInt,
  toClient: BigInt,
  arbiterFee: BigInt,
  fee: BigInt,
): LogResolved {
  let event = changetype<LogResolved>(mockEvent(HOUR_BANK));
  event.parameters.push(param("bankId", uint(bankId)));
  event.parameters.push(param("logId", uint(logId)));
  event.parameters.push(param("vendorBps", ethereum.Value.fromI32(vendorBps)));
  event.parameters.push(param("toVendor", uintBig(toVendor)));
  event.parameters.push(param("toClient", uintBig(toClient)));
  event.parameters.push(param("arbiterFee", uintBig(arbiterFee)));
  event.parameters.push(param("fee", uintBig(fee)));
  return event;
}

export function bankEvidence(disputeId: BigInt, party: Address, cid: string): Evidence {
  let event = changetype<Evidence>(mockEvent(HOUR_BANK));
  event.parameters.push(param("arbitrator", address(ARBITER)));
  event.parameters.push(param("evidenceGroupID", uintBig(disputeId)));
  event.parameters.push(param("party", address(party)));
  event.parameters.push(param("evidence", ethereum.Value.fromString(cid)));
  return event;
}

export function bankClosed(bankId: i32, refunded: BigInt, noticeToVendor: BigInt, noticeFee: BigInt): BankClosed {
  let event = changetype<BankClosed>(mockEvent(HOUR_BANK));
  event.parameters.push(param("bankId", uint(bankId)));
  event.parameters.push(param("refunded", uintBig(refunded)));
  event.parameters.push(param("noticeToVendor", uintBig(noticeToVendor)));
  event.parameters.push(param("noticeFee", uintBig(noticeFee)));
  return event;
}

export function bankFeesCollected(bankId: i32, treasury: Address, amount: BigInt): FeesCollected {
  let event = changetype<FeesCollected>(mockEvent(HOUR_BANK));
  event.parameters.push(param("bankId", uint(bankId)));
  event.parameters.push(param("treasury", address(treasury)));
  event.parameters.push(param("amount", uintBig(amount)));
  return event;
}

export function bankPaymentDeferred(token: Address, to: Address, amount: BigInt): PaymentDeferred {
  let event = changetype<PaymentDeferred>(mockEvent(HOUR_BANK));
  event.parameters.push(param("token", address(token)));
  event.parameters.push(param("to", address(to)));
  event.parameters.push(param("amount", uintBig(amount)));
  return event;
}

export function bankWithdrawn(token: Address, account: Address, amount: BigInt): Withdrawn {
  let event = changetype<Withdrawn>(mockEvent(HOUR_BANK));
  event.parameters.push(param("token", address(token)));
  event.parameters.push(param("account", address(account)));
  event.parameters.push(param("to", address(account)));
  event.parameters.push(param("amount", uintBig(amount)));
  return event;
}

export function bankRated(
  bankId: i32,
  rater: Address,
  ratee: Address,
  score: i32,
  weight: i64,
  rateeIsVendor: boolean,
  paidJobCounted: boolean,
): Rated {
  let event = changetype<Rated>(mockEvent(HOUR_BANK));
  event.parameters.push(param("jobId", uint(bankId)));
  event.parameters.push(param("rater", address(rater)));
  event.parameters.push(param("ratee", address(ratee)));
  event.parameters.push(param("score", ethereum.Value.fromI32(score)));
  event.parameters.push(param("weight", uint(weight)));
  event.parameters.push(param("rateeIsVendor", ethereum.Value.fromBoolean(rateeIsVendor)));
  event.parameters.push(param("paidJobCounted", ethereum.Value.fromBoolean(paidJobCounted)));
  return event;
}
