import { Address, BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";
import { newMockEvent } from "matchstick-as/assembly/index";

// Fixed actors and contracts, so assertions can name them.
export const ESCROW = Address.fromString("0x00000000000000000000000000000000000e5c40");
export const REGISTRY = Address.fromString("0x000000000000000000000000000000000000e6e7");
export const CLIENT = Address.fromString("0x1000000000000000000000000000000000000001");
export const VENDOR = Address.fromString("0x2000000000000000000000000000000000000002");
export const OTHER_VENDOR = Address.fromString("0x2000000000000000000000000000000000000003");
export const ARBITER = Address.fromString("0x3000000000000000000000000000000000000003");
export const OPERATOR = Address.fromString("0x4000000000000000000000000000000000000004");
export const TREASURY = Address.fromString("0x5000000000000000000000000000000000000005");
export const ETH = Address.zero();
export const USDC = Address.fromString("0x6000000000000000000000000000000000000006");

/** 2025-01-01T00:00:00Z: day 20089. */
export const START_TIME: i64 = 1735689600;
export const DAY: i64 = 86400;

let now: i64 = START_TIME;
let blockNumber: i64 = 100;
let logIndex: i32 = 0;

/** Resets the clock between tests. */
export function resetChain(): void {
  now = START_TIME;
  blockNumber = 100;
  logIndex = 0;
}

export function advanceTime(seconds: i64): void {
  now += seconds;
  blockNumber += 1;
}

export function currentTime(): BigInt {
  return BigInt.fromI64(now);
}

/**
 * A mock event from `emitter` at the current time, with a log index unique within the test run
 * (ids of immutable entities are transaction hash ++ log index).
 */
export function mockEvent(emitter: Address): ethereum.Event {
  let event = newMockEvent();
  event.address = emitter;
  event.block.timestamp = BigInt.fromI64(now);
  event.block.number = BigInt.fromI64(blockNumber);
  event.logIndex = BigInt.fromI32(logIndex);
  logIndex += 1;
  event.parameters = new Array<ethereum.EventParam>();
  return event;
}

/** The id an immutable entity gets for the last mocked event. */
export function lastEventId(): string {
  return newMockEvent()
    .transaction.hash.concatI32(logIndex - 1)
    .toHexString();
}

/** A skill tag as the registry stores it: ASCII, left-aligned in bytes32. */
export function skill(name: string): Bytes {
  let out = new Bytes(32);
  for (let i = 0; i < name.length; i++) out[i] = <u8>name.charCodeAt(i);
  return out;
}

export function param(name: string, value: ethereum.Value): ethereum.EventParam {
  return new ethereum.EventParam(name, value);
}

export function uint(value: i64): ethereum.Value {
  return ethereum.Value.fromUnsignedBigInt(BigInt.fromI64(value));
}

export function uintBig(value: BigInt): ethereum.Value {
  return ethereum.Value.fromUnsignedBigInt(value);
}

/** Amounts in whole tokens of 18 decimals. */
export function ether(amount: i32): BigInt {
  return BigInt.fromI32(amount).times(BigInt.fromI32(10).pow(18));
}
