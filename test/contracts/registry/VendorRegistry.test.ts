import { expect } from "chai";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";
import { deployMosaic, digestOf, ethers, networkHelpers, skill } from "../helpers/fixtures.ts";

const PROFILE = { hourlyRateCents: 12_000, timezoneOffsetMinutes: -180, availabilityHours: 20 };
const MAX_SKILLS = 32n;

/** A profile document as the dApp stores it: CIDv1, raw codec, sha-256. */
async function documentCid(content: object) {
  const cid = CID.create(1, raw.code, await sha256.digest(new TextEncoder().encode(JSON.stringify(content))));
  return { cid: cid.toString(), digest: ethers.hexlify(cid.multihash.digest) };
}

/** `count` distinct, non-zero skill tags. */
const manySkills = (count: number, prefix = "skill") =>
  Array.from({ length: count }, (_, i) => skill(`${prefix}-${i}`));

/** The tag table's length sits after Ownable2Step's owner and pending owner (slots 0 and 1). */
const TAG_COUNT_SLOT = 2n;

describe("VendorRegistry", () => {
  describe("setProfile", () => {
    it("stores a new profile and emits VendorProfileSet with the skills and the CID string", async () => {
      const { registry, stranger } = await networkHelpers.loadFixture(deployMosaic);
      const skills = [skill("rust"), skill("solidity")];
      const { cid, digest } = await documentCid({ name: "stranger" });

      await expect(registry.connect(stranger).setProfile(PROFILE, skills, digest))
        .to.emit(registry, "VendorProfileSet")
        .withArgs(stranger.address, skills, 12_000, -180, 20, cid);

      expect(await registry.isRegistered(stranger.address)).to.equal(true);
      expect([...(await registry.profileOf(stranger.address))]).to.deep.equal([12_000n, -180n, 20n]);
      // "solidity" was listed first by the fixture's vendor, so it comes first in table order.
      expect(await registry.skillsOf(stranger.address)).to.deep.equal([skill("solidity"), skill("rust")]);
      expect(await registry.metadataDigestOf(stranger.address)).to.equal(digest);
      expect(await registry.metadataCidOf(stranger.address)).to.equal(cid);
    });

    it("adds unknown tags to the shared table once, in the order first listed", async () => {
      const { registry, stranger, vendor2 } = await networkHelpers.loadFixture(deployMosaic);
      // The fixture listed solidity (0), typescript (1) and design (2).
      expect(await registry.skillTagCount()).to.equal(3n);
      await expect(registry.connect(stranger).setProfile(PROFILE, [skill("rust"), skill("go")], digestOf("s")))
        .to.emit(registry, "SkillTagAdded")
        .withArgs(skill("rust"), 3n)
        .and.to.emit(registry, "SkillTagAdded")
        .withArgs(skill("go"), 4n);
      await expect(registry.connect(vendor2).setProfile(PROFILE, [skill("go")], digestOf("v2"))).not.to.emit(
        registry,
        "SkillTagAdded",
      );
      expect(await registry.skillTagCount()).to.equal(5n);
      expect(await registry.skillTagAt(4n)).to.equal(skill("go"));
      expect(await registry.skillTagAt(5n)).to.equal(ethers.ZeroHash);
      expect([...(await registry.skillTagIndex(skill("rust")))]).to.deep.equal([true, 3n]);
      expect([...(await registry.skillTagIndex(skill("never")))]).to.deep.equal([false, 0n]);
    });

    it("accepts every bound: UTC-12, UTC+14, 0 and 168 hours, 1 and 32 skills", async () => {
      const { registry, stranger, vendor2 } = await networkHelpers.loadFixture(deployMosaic);
      await registry
        .connect(stranger)
        .setProfile(
          { hourlyRateCents: 0, timezoneOffsetMinutes: -720, availabilityHours: 168 },
          manySkills(32),
          digestOf("a"),
        );
      await registry
        .connect(vendor2)
        .setProfile(
          { hourlyRateCents: 2 ** 32 - 1, timezoneOffsetMinutes: 840, availabilityHours: 0 },
          [skill("x")],
          digestOf("b"),
        );

      expect(await registry.skillsOf(stranger.address)).to.have.length(32);
      expect([...(await registry.profileOf(vendor2.address))]).to.deep.equal([2n ** 32n - 1n, 840n, 0n]);
    });

    it("rejects a profile without skills", async () => {
      const { registry, stranger } = await networkHelpers.loadFixture(deployMosaic);
      await expect(registry.connect(stranger).setProfile(PROFILE, [], digestOf("s")))
        .to.be.revertedWithCustomError(registry, "RegistrySkillCount")
        .withArgs(0, MAX_SKILLS);
    });

    it("rejects a profile with 33 skills", async () => {
      const { registry, stranger } = await networkHelpers.loadFixture(deployMosaic);
      await expect(registry.connect(stranger).setProfile(PROFILE, manySkills(33), digestOf("s")))
        .to.be.revertedWithCustomError(registry, "RegistrySkillCount")
        .withArgs(33, MAX_SKILLS);
    });

    it("rejects a zero skill tag", async () => {
      const { registry, stranger } = await networkHelpers.loadFixture(deployMosaic);
      await expect(registry.connect(stranger).setProfile(PROFILE, [skill("a"), ethers.ZeroHash], digestOf("s")))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidSkill")
        .withArgs(ethers.ZeroHash);
    });

    it("rejects a skill listed twice, known or new", async () => {
      const { registry, stranger } = await networkHelpers.loadFixture(deployMosaic);
      await expect(
        registry.connect(stranger).setProfile(PROFILE, [skill("solidity"), skill("solidity")], digestOf("s")),
      )
        .to.be.revertedWithCustomError(registry, "RegistryInvalidSkill")
        .withArgs(skill("solidity"));
      await expect(registry.connect(stranger).setProfile(PROFILE, [skill("new"), skill("new")], digestOf("s")))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidSkill")
        .withArgs(skill("new"));
    });

    it("rejects a timezone west of UTC-12", async () => {
      const { registry, stranger } = await networkHelpers.loadFixture(deployMosaic);
      await expect(
        registry.connect(stranger).setProfile({ ...PROFILE, timezoneOffsetMinutes: -721 }, [skill("a")], digestOf("s")),
      )
        .to.be.revertedWithCustomError(registry, "RegistryInvalidTimezone")
        .withArgs(-721);
    });

    it("rejects a timezone east of UTC+14", async () => {
      const { registry, stranger } = await networkHelpers.loadFixture(deployMosaic);
      await expect(
        registry.connect(stranger).setProfile({ ...PROFILE, timezoneOffsetMinutes: 841 }, [skill("a")], digestOf("s")),
      )
        .to.be.revertedWithCustomError(registry, "RegistryInvalidTimezone")
        .withArgs(841);
    });

    it("rejects more availability than the 168 hours of a week", async () => {
      const { registry, stranger } = await networkHelpers.loadFixture(deployMosaic);
      await expect(
        registry.connect(stranger).setProfile({ ...PROFILE, availabilityHours: 169 }, [skill("a")], digestOf("s")),
      )
        .to.be.revertedWithCustomError(registry, "RegistryInvalidAvailability")
        .withArgs(169);
    });

    it("rejects a zero document digest", async () => {
      const { registry, stranger } = await networkHelpers.loadFixture(deployMosaic);
      await expect(
        registry.connect(stranger).setProfile(PROFILE, [skill("a")], ethers.ZeroHash),
      ).to.be.revertedWithCustomError(registry, "RegistryInvalidMetadataDigest");
    });

    it("refuses an unknown tag while tag creation is closed, and takes the curator's tags", async () => {
      const { registry, operator, stranger } = await networkHelpers.loadFixture(deployMosaic);
      await expect(registry.setTagCreationOpen(false)).to.emit(registry, "TagCreationSet").withArgs(false);
      expect(await registry.tagCreationOpen()).to.equal(false);
      const count = await registry.skillTagCount();
      await expect(registry.connect(stranger).setProfile(PROFILE, [skill("spam-0001")], digestOf("s")))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownSkill")
        .withArgs(skill("spam-0001"));
      // Known tags still work; nobody but the curator adds tags, and adding twice is harmless.
      await expect(registry.connect(stranger).setProfile(PROFILE, [skill("solidity")], digestOf("s"))).to.emit(
        registry,
        "VendorProfileSet",
      );
      await expect(registry.connect(stranger).addSkillTags([skill("spam-0001")]))
        .to.be.revertedWithCustomError(registry, "OwnableUnauthorizedAccount")
        .withArgs(stranger.address);
      await expect(registry.connect(stranger).setTagCreationOpen(true))
        .to.be.revertedWithCustomError(registry, "OwnableUnauthorizedAccount")
        .withArgs(stranger.address);
      await expect(registry.connect(operator).addSkillTags([skill("zk-proofs"), skill("solidity"), skill("zk-proofs")]))
        .to.emit(registry, "SkillTagAdded")
        .withArgs(skill("zk-proofs"), count);
      expect(await registry.skillTagCount()).to.equal(count + 1n);
      await expect(registry.connect(stranger).setProfile(PROFILE, [skill("zk-proofs")], digestOf("s"))).to.emit(
        registry,
        "VendorProfileSet",
      );
    });

    it("starts curated: a fresh registry refuses unknown tags, its deployer curates", async () => {
      const { stranger, operator } = await networkHelpers.loadFixture(deployMosaic);
      const registry = await ethers.deployContract("VendorRegistry");
      expect(await registry.tagCreationOpen()).to.equal(false);
      expect(await registry.owner()).to.equal(operator.address);
      await expect(registry.connect(stranger).setProfile(PROFILE, [skill("solidity")], digestOf("s")))
        .to.be.revertedWithCustomError(registry, "RegistryUnknownSkill")
        .withArgs(skill("solidity"));
    });

    it("accepts only canonical slugs as new tags: no capitals, look-alikes, spaces or stray bytes", async () => {
      const { registry, stranger } = await networkHelpers.loadFixture(deployMosaic);
      const raw = (hex: string) => ethers.zeroPadBytes(hex, 32);
      const bad = [
        skill("Solidity"),
        skill("sоlidity"), // Cyrillic "о"
        skill("smart contracts"),
        skill("-rust"),
        skill("rust-"),
        skill("ui--design"),
        skill("c++"),
        raw("0x72757374007a"), // "rust", a zero byte, then "z"
        ethers.ZeroHash,
      ];
      for (const tag of bad) {
        expect(await registry.isSlug(tag)).to.equal(false);
        await expect(registry.connect(stranger).setProfile(PROFILE, [tag], digestOf("s")))
          .to.be.revertedWithCustomError(registry, "RegistryInvalidSkill")
          .withArgs(tag);
      }
      const max = ethers.hexlify(ethers.toUtf8Bytes("a".repeat(32)));
      for (const tag of [skill("rust"), skill("ui-design"), skill("web3"), skill("0x"), max]) {
        expect(await registry.isSlug(tag)).to.equal(true);
      }
      await expect(registry.connect(stranger).setProfile(PROFILE, [max], digestOf("s"))).to.emit(
        registry,
        "SkillTagAdded",
      );
      await expect(registry.addSkillTags([skill("Rust")]))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidSkill")
        .withArgs(skill("Rust"));
    });

    it("rejects a new tag once the table is full", async () => {
      const { registry, stranger } = await networkHelpers.loadFixture(deployMosaic);
      const max = await registry.MAX_SKILL_TAGS();
      await networkHelpers.setStorageAt(await registry.getAddress(), TAG_COUNT_SLOT, max);
      await expect(registry.connect(stranger).setProfile(PROFILE, [skill("one-too-many")], digestOf("s")))
        .to.be.revertedWithCustomError(registry, "RegistrySkillTableFull")
        .withArgs(max);
      // Known tags still work.
      await expect(registry.connect(stranger).setProfile(PROFILE, [skill("solidity")], digestOf("s"))).to.emit(
        registry,
        "VendorProfileSet",
      );
    });

    it("replaces a profile, and the skills it no longer lists stop counting", async () => {
      const { registry, vendor } = await networkHelpers.loadFixture(deployMosaic);
      await registry.connect(vendor).setProfile(PROFILE, [skill("rust")], digestOf("v2"));
      expect(await registry.hasSkills(vendor.address, [skill("rust")])).to.equal(true);
      expect(await registry.hasSkills(vendor.address, [skill("solidity")])).to.equal(false);
      expect(await registry.skillsOf(vendor.address)).to.deep.equal([skill("rust")]);
      expect(await registry.metadataDigestOf(vendor.address)).to.equal(digestOf("v2"));
    });

    it("keeps tags past the 192 packed in the profile slot in extra words, and forgets them on update", async () => {
      const { registry, stranger, vendor2 } = await networkHelpers.loadFixture(deployMosaic);
      // Fill the table up to index 191 (the fixture added 3 tags).
      const fillers = await ethers.getSigners();
      for (let i = 0; i < 6; i++) {
        await registry.connect(fillers[10 + i]).setProfile(PROFILE, manySkills(32, `fill${i}`), digestOf(`f${i}`));
      }
      const high = [skill("high-a"), skill("high-b")];
      await registry.connect(stranger).setProfile(PROFILE, [...high, skill("solidity")], digestOf("s"));
      expect([...(await registry.skillTagIndex(skill("high-a")))]).to.deep.equal([true, 195n]);
      expect(await registry.hasSkills(stranger.address, [skill("solidity"), ...high])).to.equal(true);
      expect(await registry.hasSkills(vendor2.address, [skill("high-a")])).to.equal(false);
      expect(await registry.skillsOf(stranger.address)).to.deep.equal([skill("solidity"), ...high]);

      await registry.connect(stranger).setProfile(PROFILE, [skill("high-b")], digestOf("s"));
      expect(await registry.hasSkills(stranger.address, [skill("high-a")])).to.equal(false);
      expect(await registry.skillsOf(stranger.address)).to.deep.equal([skill("high-b")]);

      await expect(registry.connect(stranger).setProfile(PROFILE, [skill("high-b"), skill("high-b")], digestOf("s")))
        .to.be.revertedWithCustomError(registry, "RegistryInvalidSkill")
        .withArgs(skill("high-b"));

      await registry.connect(stranger).deregister();
      expect(await registry.hasSkills(stranger.address, [skill("high-b")])).to.equal(false);
      await registry.connect(stranger).setProfile(PROFILE, [skill("solidity")], digestOf("s"));
      expect(await registry.hasSkills(stranger.address, [skill("high-b")])).to.equal(false);
    });

    it("leaves other vendors' profiles untouched", async () => {
      const { registry, vendor, vendor2 } = await networkHelpers.loadFixture(deployMosaic);
      await registry.connect(vendor2).setProfile(PROFILE, [skill("solidity")], digestOf("v2"));
      expect(await registry.skillsOf(vendor.address)).to.deep.equal([skill("solidity"), skill("typescript")]);
      expect(await registry.metadataDigestOf(vendor.address)).to.equal(digestOf("vendor profile"));
    });
  });

  describe("deregister", () => {
    it("removes the profile and emits VendorDeregistered", async () => {
      const { registry, vendor } = await networkHelpers.loadFixture(deployMosaic);
      await expect(registry.connect(vendor).deregister())
        .to.emit(registry, "VendorDeregistered")
        .withArgs(vendor.address);
      expect(await registry.isRegistered(vendor.address)).to.equal(false);
      expect(await registry.skillsOf(vendor.address)).to.deep.equal([]);
      expect(await registry.metadataCidOf(vendor.address)).to.equal("");
      expect(await registry.metadataDigestOf(vendor.address)).to.equal(ethers.ZeroHash);
      expect([...(await registry.profileOf(vendor.address))]).to.deep.equal([0n, 0n, 0n]);
      expect(await registry.hasSkills(vendor.address, [])).to.equal(false);
    });

    it("lets a deregistered vendor register again, with only its new skills", async () => {
      const { registry, vendor } = await networkHelpers.loadFixture(deployMosaic);
      await registry.connect(vendor).deregister();
      await registry.connect(vendor).setProfile(PROFILE, [skill("design")], digestOf("again"));
      expect(await registry.hasSkills(vendor.address, [skill("design")])).to.equal(true);
      expect(await registry.hasSkills(vendor.address, [skill("solidity")])).to.equal(false);
    });

    it("reverts for an address without a profile", async () => {
      const { registry, stranger } = await networkHelpers.loadFixture(deployMosaic);
      await expect(registry.connect(stranger).deregister())
        .to.be.revertedWithCustomError(registry, "RegistryNotRegistered")
        .withArgs(stranger.address);
    });
  });

  describe("hasSkills", () => {
    it("needs every required skill, and is true for no requirement when registered", async () => {
      const { registry, vendor, stranger } = await networkHelpers.loadFixture(deployMosaic);
      expect(await registry.hasSkills(vendor.address, [])).to.equal(true);
      expect(await registry.hasSkills(vendor.address, [skill("typescript"), skill("solidity")])).to.equal(true);
      expect(await registry.hasSkills(vendor.address, [skill("solidity"), skill("design")])).to.equal(false);
      expect(await registry.hasSkills(vendor.address, [skill("not-in-table")])).to.equal(false);
      expect(await registry.hasSkills(stranger.address, [])).to.equal(false);
    });
  });

  describe("cidOf and metadataCidOf", () => {
    it("rebuild the exact CIDv1 string the dApp computes with multiformats", async () => {
      const { registry, stranger } = await networkHelpers.loadFixture(deployMosaic);
      for (const content of [{ a: 1 }, { name: "x".repeat(500) }, {}]) {
        const { cid, digest } = await documentCid(content);
        expect(await registry.cidOf(digest)).to.equal(cid);
      }
      const known = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
      const digest = ethers.hexlify(CID.parse(known).multihash.digest);
      expect(await registry.cidOf(digest)).to.equal(known);
      expect(await registry.cidOf(ethers.ZeroHash)).to.equal(
        CID.decode(new Uint8Array([0x01, 0x55, 0x12, 0x20, ...new Uint8Array(32)])).toString(),
      );
      await registry.connect(stranger).setProfile(PROFILE, [skill("a")], digest);
      expect(await registry.metadataCidOf(stranger.address)).to.equal(known);
      expect(await registry.metadataCidOf(ethers.ZeroAddress)).to.equal("");
    });
  });

  describe("constants", () => {
    it("caps a profile at 32 skills and the table at 192 + 255 x 256 tags", async () => {
      const { registry } = await networkHelpers.loadFixture(deployMosaic);
      expect(await registry.MAX_SKILLS()).to.equal(MAX_SKILLS);
      expect(await registry.PACKED_SKILL_TAGS()).to.equal(192n);
      expect(await registry.MAX_SKILL_TAGS()).to.equal(192n + 255n * 256n);
    });
  });
});
