import { Address, BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";
import {
  SkillTagAdded,
  TagCreationSet,
  VendorDeregistered,
  VendorProfileSet,
} from "../../generated/VendorRegistry/VendorRegistry";
import { REGISTRY, mockEvent, param, uintBig } from "./mock";

export function vendorProfileSet(
  vendor: Address,
  skills: Array<Bytes>,
  hourlyRateCents: BigInt,
  timezoneOffsetMinutes: i32,
  availabilityHours: i32,
  metadataCid: string,
): VendorProfileSet {
  let event = changetype<VendorProfileSet>(mockEvent(REGISTRY));
  event.parameters.push(param("vendor", ethereum.Value.fromAddress(vendor)));
  event.parameters.push(param("skills", ethereum.Value.fromFixedBytesArray(skills)));
  event.parameters.push(param("hourlyRateCents", uintBig(hourlyRateCents)));
  event.parameters.push(param("timezoneOffsetMinutes", ethereum.Value.fromI32(timezoneOffsetMinutes)));
  event.parameters.push(param("availabilityHours", ethereum.Value.fromI32(availabilityHours)));
  event.parameters.push(param("metadataCid", ethereum.Value.fromString(metadataCid)));
  return event;
}

export function vendorDeregistered(vendor: Address): VendorDeregistered {
  let event = changetype<VendorDeregistered>(mockEvent(REGISTRY));
  event.parameters.push(param("vendor", ethereum.Value.fromAddress(vendor)));
  return event;
}

export function tagCreationSet(open: boolean): TagCreationSet {
  let event = changetype<TagCreationSet>(mockEvent(REGISTRY));
  event.parameters.push(param("open", ethereum.Value.fromBoolean(open)));
  return event;
}

export function skillTagAdded(tag: Bytes, index: i32): SkillTagAdded {
  let event = changetype<SkillTagAdded>(mockEvent(REGISTRY));
  event.parameters.push(param("tag", ethereum.Value.fromFixedBytes(tag)));
  event.parameters.push(param("index", uintBig(BigInt.fromI32(index))));
  return event;
}
