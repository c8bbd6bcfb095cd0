import { BigInt, ethereum } from "@graphprotocol/graph-ts";
import {
  SkillTagAdded,
  TagCreationSet,
  VendorDeregistered,
  VendorProfileSet,
} from "../../generated/VendorRegistry/VendorRegistry";
import { SkillTag, Vendor, VendorProfileUpdate } from "../../generated/schema";
import { I32_MAX, ZERO_BI } from "../helpers/constants";
import { getOrCreateDailyStat, getOrCreateProtocol, getOrCreateVendor } from "../helpers/getters";
import { eventId } from "../helpers/ids";

/** Records the registry's address and moves the registered-vendor count by `delta`. */
function countVendors(delta: i32, event: ethereum.Event): void {
  let protocol = getOrCreateProtocol();
  protocol.registry = event.address;
  protocol.vendorCount += delta;
  protocol.save();
}

function newProfileUpdate(vendor: Vendor, event: ethereum.Event): VendorProfileUpdate {
  let update = new VendorProfileUpdate(eventId(event));
  update.vendor = vendor.id;
  update.timestamp = event.block.timestamp;
  update.blockNumber = event.block.number;
  update.transactionHash = event.transaction.hash;
  return update;
}

export function handleVendorProfileSet(event: VendorProfileSet): void {
  let params = event.params;
  let vendor = getOrCreateVendor(params.vendor, event.block.timestamp);
  let newlyRegistered = !vendor.registered;
  // The schema's Int is 32-bit signed; a rate above $21M an hour is clamped.
  let rate = params.hourlyRateCents.gt(BigInt.fromI32(I32_MAX)) ? I32_MAX : params.hourlyRateCents.toI32();
  vendor.registered = true;
  vendor.skills = params.skills;
  vendor.hourlyRateCents = rate;
  vendor.timezoneOffsetMinutes = params.timezoneOffsetMinutes;
  vendor.availabilityHours = params.availabilityHours;
  vendor.metadataCid = params.metadataCid;
  if (vendor.registeredAt === null) vendor.registeredAt = event.block.timestamp;
  vendor.updatedAt = event.block.timestamp;
  vendor.save();

  let update = newProfileUpdate(vendor, event);
  update.registered = true;
  update.skills = params.skills;
  update.hourlyRateCents = params.hourlyRateCents;
  update.timezoneOffsetMinutes = params.timezoneOffsetMinutes;
  update.availabilityHours = params.availabilityHours;
  update.metadataCid = params.metadataCid;
  update.save();

  countVendors(newlyRegistered ? 1 : 0, event);
  if (newlyRegistered) {
    let day = getOrCreateDailyStat(event.block.timestamp);
    day.vendorsRegistered += 1;
    day.save();
  }
}

export function handleVendorDeregistered(event: VendorDeregistered): void {
  let vendor = getOrCreateVendor(event.params.vendor, event.block.timestamp);
  let wasRegistered = vendor.registered;
  // The registry deletes the profile, skills and CID; the track record stays.
  vendor.registered = false;
  vendor.skills = [];
  vendor.hourlyRateCents = 0;
  vendor.timezoneOffsetMinutes = 0;
  vendor.availabilityHours = 0;
  vendor.metadataCid = "";
  vendor.updatedAt = event.block.timestamp;
  vendor.save();

  let update = newProfileUpdate(vendor, event);
  update.registered = false;
  update.skills = [];
  update.hourlyRateCents = ZERO_BI;
  update.timezoneOffsetMinutes = 0;
  update.availabilityHours = 0;
  update.metadataCid = "";
  update.save();

  countVendors(wasRegistered ? -1 : 0, event);
}

/** A tag entered the registry's shared table: profiles store it as bit `index`. */
export function handleTagCreationSet(event: TagCreationSet): void {
  let protocol = getOrCreateProtocol();
  protocol.tagCreationOpen = event.params.open;
  protocol.save();
}

export function handleSkillTagAdded(event: SkillTagAdded): void {
  let tag = new SkillTag(event.params.tag);
  tag.index = event.params.index.toI32();
  tag.addedAt = event.block.timestamp;
  tag.save();
}
