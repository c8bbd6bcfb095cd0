import { expect } from "chai";
import { deployMosaic, ethers, networkHelpers, skill } from "../helpers/fixtures.ts";

const PROFILE = { hourlyRateCents: 12_000, timezoneOffsetMinutes: -180, availabilityHours: 20 };
const CID = "bafkreistrangerprofile";
const MAX_SKILLS = 32n;

/** `count` distinct, non-zero skill tags. */
const manySkills = (count: number) => Array.from({ length: count }, (_, i) => skill(`skill-${i}`));

describe("VendorRegistry", () => {
  describe("setProfile", () => {
    it("stores a new profile and emits VendorProfileSet", async () => {
      const { registry, stranger } = await networkHelpers.loadFixture(deployMosaic);
      const skills = [skill("rust"), skill("solidity")];

      await expect(registry.connect(stranger).setProfile(PROFILE, skills, CID))
        .to.emit(registry, "VendorProfileSet")
        .withArgs(stranger.address, skills, 12_000, -180, 20, CID);

      expect(await registry.isRegistered(stranger.address)).to.equal(true);
      expect([...(await registry.profileOf(stranger.address))]).to.deep.equal([12_000n, -180n, 20n]);
      expect(await registry.skillsOf(stranger.address)).to.deep.equal(skills);
      expect(await registry.metadataCidOf(stranger.address)).to.equal(CID);
    });

    it("accepts every bound: UTC-12, UTC+14, 168 hours, 32 skills and a 128-byte CID", async () => {
      const { registry, stranger, vendor2 } = await networkHelpers.loadFixture(deployMosaic);
      const longestCid = "b".repeat(128);

      await registry
        .connect(stranger)
        .setProfile(
          { hourlyRateCents: 0, timezoneOffsetMinutes: -720, availabilityHours: 168 },
          manySkills(32),
          longestCid,
        );
      await registry
        .connect(vendor2)
        .setProfile(
          { hourlyRateCents: 2 ** 32 - 1, timezoneOffsetMinutes: 840, availabilityHours: 0 },
          [skill("x")],
          "b",
        );

      expect(await registry.skillsOf(stranger.address)).to.have.length(32);
      expect(await registry.metadataCidOf(stranger.address)).to.equal(longestCid);
      expect([...(await registry.profileOf(vendor2.address))]).to.deep.equal([2n ** 32n - 1n, 840n, 0n]);
    });

    it("rejects a profile without skills", async () => {
      const { registry, stranger } = await networkHelpers.loadFixture(deployMosaic);
      await expect(registry.connect(stranger).setProfile(PROFILE, [], CID))
        .to.be.revertedWithCustomError(registry, "RegistrySkillCount")
        .withArgs(0, MAX_SKILLS);
    });

    it("rejects a profile with 33 skills", async () => {
      const { registry, stranger } = await networkHelpers.loadFixture(deployMosaic);
      await expect(registry.connect(stranger).setProfile(PROFILE, manySkills(33), CID))
        .to.be.revertedWithCustomError(registry, "RegistrySkillCount")
        .withArgs(33, MAX_SKILLS);
    });

    it("rejects a zero skill tag", async () => {
      const { registry, stranger } = await networkHelpers.loadFixture(deployMosaic);
      await expect(registry.connect(stranger).setProfile(PROFILE, [skill("rust"), ethers.ZeroHash], CID))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidSkill")
        .withArgs(ethers.ZeroHash);
    });

    it("rejects a skill listed twice", async () => {
      const { registry, stranger } = await networkHelpers.loadFixture(deployMosaic);
      await expect(registry.connect(stranger).setProfile(PROFILE, [skill("rust"), skill("go"), skill("rust")], CID))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidSkill")
        .withArgs(skill("rust"));
    });

    it("rejects a timezone west of UTC-12", async () => {
      const { registry, stranger } = await networkHelpers.loadFixture(deployMosaic);
      await expect(
        registry.connect(stranger).setProfile({ ...PROFILE, timezoneOffsetMinutes: -721 }, [skill("go")], CID),
      )
        .to.be.revertedWithCustomError(registry, "RegistryInvalidTimezone")
        .withArgs(-721);
    });

    it("rejects a timezone east of UTC+14", async () => {
      const { registry, stranger } = await networkHelpers.loadFixture(deployMosaic);
      await expect(
        registry.connect(stranger).setProfile({ ...PROFILE, timezoneOffsetMinutes: 841 }, [skill("go")], CID),
      )
        .to.be.revertedWithCustomError(registry, "RegistryInvalidTimezone")
        .withArgs(841);
    });

    it("rejects more availability than the 168 hours of a week", async () => {
      const { registry, stranger } = await networkHelpers.loadFixture(deployMosaic);
      await expect(registry.connect(stranger).setProfile({ ...PROFILE, availabilityHours: 169 }, [skill("go")], CID))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidAvailability")
        .withArgs(169);
    });

    it("rejects an empty metadata CID", async () => {
      const { registry, stranger } = await networkHelpers.loadFixture(deployMosaic);
      await expect(registry.connect(stranger).setProfile(PROFILE, [skill("go")], ""))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidMetadataCid")
        .withArgs(0);
    });

    it("rejects a metadata CID longer than 128 bytes", async () => {
      const { registry, stranger } = await networkHelpers.loadFixture(deployMosaic);
      await expect(registry.connect(stranger).setProfile(PROFILE, [skill("go")], "b".repeat(129)))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidMetadataCid")
        .withArgs(129);
    });

    it("measures the CID in bytes, not characters", async () => {
      const { registry, stranger } = await networkHelpers.loadFixture(deployMosaic);
      // 65 two-byte characters are 130 bytes.
      await expect(registry.connect(stranger).setProfile(PROFILE, [skill("go")], "é".repeat(65)))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidMetadataCid")
        .withArgs(130);
    });

    it("replaces a profile, and the skills it no longer lists stop counting", async () => {
      const { registry, vendor } = await networkHelpers.loadFixture(deployMosaic);
      const next = { hourlyRateCents: 9_000, timezoneOffsetMinutes: 0, availabilityHours: 10 };

      await expect(registry.connect(vendor).setProfile(next, [skill("rust")], "bafynext"))
        .to.emit(registry, "VendorProfileSet")
        .withArgs(vendor.address, [skill("rust")], 9_000, 0, 10, "bafynext");

      expect(await registry.hasSkills(vendor.address, [skill("solidity")])).to.equal(false);
      expect(await registry.hasSkills(vendor.address, [skill("typescript")])).to.equal(false);
      expect(await registry.hasSkills(vendor.address, [skill("rust")])).to.equal(true);
      expect(await registry.skillsOf(vendor.address)).to.deep.equal([skill("rust")]);
      expect([...(await registry.profileOf(vendor.address))]).to.deep.equal([9_000n, 0n, 10n]);
      expect(await registry.metadataCidOf(vendor.address)).to.equal("bafynext");
    });

    it("lets a vendor list again the skills of its previous profile", async () => {
      const { registry, vendor } = await networkHelpers.loadFixture(deployMosaic);
      const skills = [skill("typescript"), skill("solidity")];

      await registry.connect(vendor).setProfile(PROFILE, skills, CID);

      expect(await registry.hasSkills(vendor.address, skills)).to.equal(true);
      expect(await registry.skillsOf(vendor.address)).to.deep.equal(skills);
    });

    it("leaves other vendors' profiles untouched", async () => {
      const { registry, vendor, vendor2 } = await networkHelpers.loadFixture(deployMosaic);
      await registry.connect(vendor).setProfile(PROFILE, [skill("design")], CID);

      expect(await registry.hasSkills(vendor2.address, [skill("design")])).to.equal(true);
      expect(await registry.metadataCidOf(vendor2.address)).to.equal("bafyvendor2");
    });
  });

  describe("deregister", () => {
    it("removes the profile and emits VendorDeregistered", async () => {
      const { registry, vendor } = await networkHelpers.loadFixture(deployMosaic);

      await expect(registry.connect(vendor).deregister())
        .to.emit(registry, "VendorDeregistered")
        .withArgs(vendor.address);

      expect(await registry.isRegistered(vendor.address)).to.equal(false);
      expect([...(await registry.profileOf(vendor.address))]).to.deep.equal([0n, 0n, 0n]);
      expect(await registry.skillsOf(vendor.address)).to.deep.equal([]);
      expect(await registry.metadataCidOf(vendor.address)).to.equal("");
      expect(await registry.hasSkills(vendor.address, [skill("solidity")])).to.equal(false);
    });

    it("rejects an address that never registered", async () => {
      const { registry, stranger } = await networkHelpers.loadFixture(deployMosaic);
      await expect(registry.connect(stranger).deregister())
        .to.be.revertedWithCustomError(registry, "RegistryNotRegistered")
        .withArgs(stranger.address);
    });

    it("rejects a vendor that already deregistered", async () => {
      const { registry, vendor } = await networkHelpers.loadFixture(deployMosaic);
      await registry.connect(vendor).deregister();
      await expect(registry.connect(vendor).deregister())
        .to.be.revertedWithCustomError(registry, "RegistryNotRegistered")
        .withArgs(vendor.address);
    });

    it("lets a deregistered vendor register again, with only its new skills", async () => {
      const { registry, vendor } = await networkHelpers.loadFixture(deployMosaic);
      await registry.connect(vendor).deregister();

      await registry.connect(vendor).setProfile(PROFILE, [skill("solidity")], CID);

      expect(await registry.isRegistered(vendor.address)).to.equal(true);
      expect(await registry.hasSkills(vendor.address, [skill("solidity")])).to.equal(true);
      expect(await registry.hasSkills(vendor.address, [skill("typescript")])).to.equal(false);
    });
  });

  describe("isRegistered", () => {
    it("tells registered vendors from other addresses", async () => {
      const { registry, vendor, stranger } = await networkHelpers.loadFixture(deployMosaic);
      expect(await registry.isRegistered(vendor.address)).to.equal(true);
      expect(await registry.isRegistered(stranger.address)).to.equal(false);
      expect(await registry.isRegistered(ethers.ZeroAddress)).to.equal(false);
    });
  });

  describe("profileOf", () => {
    it("returns the numeric profile, and zeros for an unregistered address", async () => {
      const { registry, vendor2, stranger } = await networkHelpers.loadFixture(deployMosaic);
      const profile = await registry.profileOf(vendor2.address);
      expect(profile.hourlyRateCents).to.equal(5_000n);
      expect(profile.timezoneOffsetMinutes).to.equal(-300n);
      expect(profile.availabilityHours).to.equal(40n);
      expect([...(await registry.profileOf(stranger.address))]).to.deep.equal([0n, 0n, 0n]);
    });
  });

  describe("skillsOf", () => {
    it("returns the skills in the order they were listed, and none for an unregistered address", async () => {
      const { registry, vendor, stranger } = await networkHelpers.loadFixture(deployMosaic);
      expect(await registry.skillsOf(vendor.address)).to.deep.equal([skill("solidity"), skill("typescript")]);
      expect(await registry.skillsOf(stranger.address)).to.deep.equal([]);
    });
  });

  describe("metadataCidOf", () => {
    it("returns the profile document's CID, and an empty string for an unregistered address", async () => {
      const { registry, vendor, stranger } = await networkHelpers.loadFixture(deployMosaic);
      expect(await registry.metadataCidOf(vendor.address)).to.equal("bafyvendor");
      expect(await registry.metadataCidOf(stranger.address)).to.equal("");
    });
  });

  describe("hasSkills", () => {
    it("is true when the vendor lists every required skill, in any order", async () => {
      const { registry, vendor } = await networkHelpers.loadFixture(deployMosaic);
      expect(await registry.hasSkills(vendor.address, [skill("typescript"), skill("solidity")])).to.equal(true);
      expect(await registry.hasSkills(vendor.address, [skill("solidity")])).to.equal(true);
    });

    it("is true for a registered vendor when nothing is required", async () => {
      const { registry, vendor } = await networkHelpers.loadFixture(deployMosaic);
      expect(await registry.hasSkills(vendor.address, [])).to.equal(true);
    });

    it("is false when the vendor lacks one of the required skills", async () => {
      const { registry, vendor } = await networkHelpers.loadFixture(deployMosaic);
      expect(await registry.hasSkills(vendor.address, [skill("solidity"), skill("design")])).to.equal(false);
    });

    it("is false for an unregistered address, even when nothing is required", async () => {
      const { registry, stranger } = await networkHelpers.loadFixture(deployMosaic);
      expect(await registry.hasSkills(stranger.address, [])).to.equal(false);
      expect(await registry.hasSkills(stranger.address, [skill("solidity")])).to.equal(false);
    });

    it("does not count another vendor's skills", async () => {
      const { registry, vendor2 } = await networkHelpers.loadFixture(deployMosaic);
      expect(await registry.hasSkills(vendor2.address, [skill("solidity")])).to.equal(false);
    });
  });

  describe("constants", () => {
    it("caps a profile at 32 skills and a 128-byte CID", async () => {
      const { registry } = await networkHelpers.loadFixture(deployMosaic);
      expect(await registry.MAX_SKILLS()).to.equal(MAX_SKILLS);
      expect(await registry.MAX_CID_LENGTH()).to.equal(128n);
    });
  });
});
