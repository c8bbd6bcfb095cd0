import { BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";
import { SECONDS_PER_DAY } from "./constants";

/** Id of an immutable event entity: transaction hash ++ log index. */
export function eventId(event: ethereum.Event): Bytes {
  return event.transaction.hash.concatI32(event.logIndex.toI32());
}

export function jobKey(jobId: BigInt): string {
  return jobId.toString();
}

export function milestoneKey(jobId: BigInt, index: i32): string {
  return jobId.toString() + "-" + index.toString();
}

/** Days since the unix epoch (UTC). */
export function dayNumber(timestamp: BigInt): i32 {
  // Timestamps pass i32 in 2038; days stay small.
  return timestamp.div(BigInt.fromI32(SECONDS_PER_DAY)).toI32();
}

/** Id of a (token, account) or (vendor, token) pair entity. */
export function pairId(first: Bytes, second: Bytes): Bytes {
  return first.concat(second);
}
