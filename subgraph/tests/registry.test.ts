import { BigInt, Bytes } from "@graphprotocol/graph-ts";
import { afterEach, assert, beforeEach, clearStore, describe, test } from "matchstick-as/assembly/index";
import {
  handleSkillTagAdded,
  handleTagCreationSet,
  handleVendorDeregistered,
  handleVendorProfileSet,
} from "../src/mappings/registry";
import { OTHER_VENDOR, REGISTRY, VENDOR, advanceTime, lastEventId, resetChain, skill } from "./utils/mock";
import { skillTagAdded, tagCreationSet, vendorDeregistered, vendorProfileSet } from "./utils/registry-events";

const V = VENDOR.toHexString();

function registerVendor(): void {
  handleVendorProfileSet(
    vendorProfileSet(VENDOR, [skill("solidity"), skill("audit")], BigInt.fromI32(12000), -300, 30, "bafy-profile-1"),
  );
}

describe("handleVendorProfileSet", () => {
  beforeEach(() => {
    resetChain();
  });
  afterEach(() => {
    clearStore();
  });

  test("creates a registered vendor with the profile's matching fields", () => {
    registerVendor();
    assert.fieldEquals("Vendor", V, "registered", "true");
    assert.fieldEquals(
      "Vendor",
      V,
      "skills",
      "[" + skill("solidity").toHexString() + ", " + skill("audit").toHexString() + "]",
    );
    assert.fieldEquals("Vendor", V, "hourlyRateCents", "12000");
    assert.fieldEquals("Vendor", V, "timezoneOffsetMinutes", "-300");
    assert.fieldEquals("Vendor", V, "availabilityHours", "30");
    assert.fieldEquals("Vendor", V, "metadataCid", "bafy-profile-1");
    assert.fieldEquals("Vendor", V, "ratingWeight", "0");
    assert.fieldEquals("Vendor", V, "paidVolume", "0");
    assert.fieldEquals("Vendor", V, "account", V);
    assert.fieldEquals("Account", V, "ratingCount", "0");
    assert.fieldEquals("Protocol", "mosaic", "vendorCount", "1");
    assert.fieldEquals("Protocol", "mosaic", "registry", REGISTRY.toHexString());
    assert.fieldEquals("DailyStat", "20089", "vendorsRegistered", "1");
  });

  test("records the update as an immutable profile history entry", () => {
    registerVendor();
    let id = lastEventId();
    assert.fieldEquals("VendorProfileUpdate", id, "vendor", V);
    assert.fieldEquals("VendorProfileUpdate", id, "registered", "true");
    assert.fieldEquals("VendorProfileUpdate", id, "hourlyRateCents", "12000");
  });

  test("replaces the profile on update without counting the vendor twice", () => {
    registerVendor();
    advanceTime(3600);
    handleVendorProfileSet(vendorProfileSet(VENDOR, [skill("rust")], BigInt.fromI32(9000), 60, 10, "bafy-profile-2"));
    assert.fieldEquals("Vendor", V, "skills", "[" + skill("rust").toHexString() + "]");
    assert.fieldEquals("Vendor", V, "hourlyRateCents", "9000");
    assert.fieldEquals("Vendor", V, "metadataCid", "bafy-profile-2");
    assert.fieldEquals("Vendor", V, "registeredAt", "1735689600");
    assert.fieldEquals("Vendor", V, "updatedAt", "1735693200");
    assert.fieldEquals("Protocol", "mosaic", "vendorCount", "1");
    assert.entityCount("VendorProfileUpdate", 2);
  });

  test("clamps a rate above the 32-bit Int range", () => {
    handleVendorProfileSet(vendorProfileSet(OTHER_VENDOR, [skill("x")], BigInt.fromString("4294967295"), 0, 1, "bafy"));
    assert.fieldEquals("Vendor", OTHER_VENDOR.toHexString(), "hourlyRateCents", "2147483647");
    assert.fieldEquals("VendorProfileUpdate", lastEventId(), "hourlyRateCents", "4294967295");
  });
});

describe("handleVendorDeregistered", () => {
  beforeEach(() => {
    resetChain();
  });
  afterEach(() => {
    clearStore();
  });

  test("clears the profile like the registry does and keeps the vendor", () => {
    registerVendor();
    handleVendorDeregistered(vendorDeregistered(VENDOR));
    assert.fieldEquals("Vendor", V, "registered", "false");
    assert.fieldEquals("Vendor", V, "skills", "[]");
    assert.fieldEquals("Vendor", V, "hourlyRateCents", "0");
    assert.fieldEquals("Vendor", V, "availabilityHours", "0");
    assert.fieldEquals("Vendor", V, "metadataCid", "");
    assert.fieldEquals("Protocol", "mosaic", "vendorCount", "0");
    assert.fieldEquals("VendorProfileUpdate", lastEventId(), "registered", "false");
  });

  test("counts a vendor that registers again", () => {
    registerVendor();
    handleVendorDeregistered(vendorDeregistered(VENDOR));
    advanceTime(86400);
    registerVendor();
    assert.fieldEquals("Vendor", V, "registered", "true");
    assert.fieldEquals("Vendor", V, "registeredAt", "1735689600");
    assert.fieldEquals("Protocol", "mosaic", "vendorCount", "1");
    assert.fieldEquals("DailyStat", "20090", "vendorsRegistered", "1");
  });
});

describe("handleSkillTagAdded", () => {
  beforeEach(() => {
    resetChain();
  });
  afterEach(() => {
    clearStore();
  });

  test("records the tag with its bit index in the registry's table", () => {
    handleSkillTagAdded(skillTagAdded(skill("solidity"), 0));
    handleSkillTagAdded(skillTagAdded(skill("rust"), 1));
    assert.fieldEquals("SkillTag", skill("rust").toHexString(), "index", "1");
    assert.entityCount("SkillTag", 2);
  });
});

describe("handleTagCreationSet", () => {
  beforeEach(() => {
    resetChain();
  });
  afterEach(() => {
    clearStore();
  });

  test("records whether profiles may add unknown tags", () => {
    handleTagCreationSet(tagCreationSet(true));
    assert.fieldEquals("Protocol", "mosaic", "tagCreationOpen", "true");
    handleTagCreationSet(tagCreationSet(false));
    assert.fieldEquals("Protocol", "mosaic", "tagCreationOpen", "false");
  });
});
