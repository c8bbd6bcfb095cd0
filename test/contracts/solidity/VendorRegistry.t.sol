// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IVendorRegistry} from "../../../contracts/interfaces/IVendorRegistry.sol";
import {VendorRegistry} from "../../../contracts/registry/VendorRegistry.sol";
import {Actors} from "./utils/Actors.sol";
import {TestBase} from "./utils/TestBase.sol";
import {vm} from "./utils/Vm.sol";

/// @notice Profile validation at its bounds (timezone -720..840, availability 0..168, 1..32 distinct
///         non-zero skills, a non-zero document digest), the shared tag table, and skill bookkeeping
///         across updates and deregistration, in the packed bits and in the extra words alike.
contract VendorRegistryTest is TestBase {
    int16 internal constant MIN_TIMEZONE = -720;
    int16 internal constant MAX_TIMEZONE = 840;
    uint8 internal constant MAX_AVAILABILITY = 168;

    VendorRegistry internal registry;
    address internal immutable vendor = Actors.addr("registry/vendor");

    function setUp() public {
        registry = VendorRegistry(_deploy("contracts/registry/VendorRegistry.sol:VendorRegistry", ""));
        registry.setTagCreationOpen(true);
    }

    // ================================================================== setProfile: valid input

    /// @notice Any profile within the bounds is stored as given and makes its vendor hireable for
    ///         every listed skill.
    function testFuzz_setProfile_storesAnyValidProfile(
        uint32 hourlyRateCents,
        int256 timezone,
        uint256 availability,
        uint256 skillCount,
        bytes32 digest,
        bytes32 salt
    ) public {
        vm.assume(digest != bytes32(0));
        IVendorRegistry.Profile memory profile = IVendorRegistry.Profile({
            hourlyRateCents: hourlyRateCents,
            timezoneOffsetMinutes: int16(_boundInt(timezone, MIN_TIMEZONE, MAX_TIMEZONE)),
            availabilityHours: uint8(_bound(availability, 0, MAX_AVAILABILITY))
        });
        bytes32[] memory skills = _distinctSkills(_bound(skillCount, 1, registry.MAX_SKILLS()), salt);
        vm.prank(vendor);
        registry.setProfile(profile, skills, digest);

        IVendorRegistry.Profile memory stored = registry.profileOf(vendor);
        assertEq(stored.hourlyRateCents, hourlyRateCents, "hourly rate");
        assertTrue(stored.timezoneOffsetMinutes == profile.timezoneOffsetMinutes, "timezone");
        assertEq(stored.availabilityHours, profile.availabilityHours, "availability");
        assertTrue(registry.isRegistered(vendor), "registered");
        // The first vendor adds every tag, in its order, so table order is the order given.
        assertTrue(keccak256(abi.encode(registry.skillsOf(vendor))) == keccak256(abi.encode(skills)), "skills");
        assertEq(registry.skillTagCount(), skills.length, "tags added");
        assertTrue(registry.metadataDigestOf(vendor) == digest, "digest");
        assertTrue(keccak256(bytes(registry.metadataCidOf(vendor))) == keccak256(bytes(registry.cidOf(digest))), "cid");
        assertEq(bytes(registry.metadataCidOf(vendor)).length, 59, "CIDv1 raw sha-256 in base32 is 59 characters");
        assertTrue(registry.hasSkills(vendor, skills), "has every listed skill");
    }

    // ================================================================== setProfile: each bound

    function testFuzz_setProfile_revertsOnTimezoneOutOfRange(int16 timezone) public {
        vm.assume(timezone < MIN_TIMEZONE || timezone > MAX_TIMEZONE);
        IVendorRegistry.Profile memory profile = _profile();
        profile.timezoneOffsetMinutes = timezone;
        bytes32[] memory skills = _distinctSkills(1, 0);
        vm.expectRevert(abi.encodeWithSelector(IVendorRegistry.RegistryInvalidTimezone.selector, timezone));
        vm.prank(vendor);
        registry.setProfile(profile, skills, DIGEST);
    }

    function testFuzz_setProfile_revertsOnAvailabilityAboveAWeek(uint8 availability) public {
        availability = uint8(_bound(availability, MAX_AVAILABILITY + 1, type(uint8).max));
        IVendorRegistry.Profile memory profile = _profile();
        profile.availabilityHours = availability;
        bytes32[] memory skills = _distinctSkills(1, 0);
        vm.expectRevert(abi.encodeWithSelector(IVendorRegistry.RegistryInvalidAvailability.selector, availability));
        vm.prank(vendor);
        registry.setProfile(profile, skills, DIGEST);
    }

    function test_setProfile_revertsOnZeroDigest() public {
        vm.expectRevert(abi.encodeWithSelector(IVendorRegistry.RegistryInvalidMetadataDigest.selector));
        vm.prank(vendor);
        registry.setProfile(_profile(), _distinctSkills(1, 0), bytes32(0));
    }

    function testFuzz_setProfile_revertsOnSkillCount(uint256 count) public {
        uint256 max = registry.MAX_SKILLS();
        count = count % 2 == 0 ? 0 : _bound(count, max + 1, 2 * max);
        IVendorRegistry.Profile memory profile = _profile();
        bytes32[] memory skills = _distinctSkills(count, 0);
        vm.expectRevert(abi.encodeWithSelector(IVendorRegistry.RegistrySkillCount.selector, count, max));
        vm.prank(vendor);
        registry.setProfile(profile, skills, DIGEST);
    }

    /// @notice A duplicate anywhere in the list, or a zero tag, is refused and names the offending tag.
    function testFuzz_setProfile_revertsOnDuplicateOrZeroSkill(
        uint256 count,
        uint256 at,
        uint256 from,
        bool zero
    ) public {
        count = _bound(count, 2, registry.MAX_SKILLS());
        bytes32[] memory skills = _distinctSkills(count, "dup");
        at = _bound(at, 1, count - 1);
        bytes32 offending;
        if (zero) {
            skills[at] = bytes32(0);
        } else {
            skills[at] = skills[_bound(from, 0, at - 1)];
            offending = skills[at];
        }
        IVendorRegistry.Profile memory profile = _profile();
        vm.expectRevert(abi.encodeWithSelector(IVendorRegistry.RegistryInvalidSkill.selector, offending));
        vm.prank(vendor);
        registry.setProfile(profile, skills, DIGEST);
    }

    // ================================================================== skills across updates

    /// @notice Replacing a profile forgets skills that are no longer listed, keeps those still listed,
    ///         and a vendor qualifies only when it has every required skill.
    function testFuzz_setProfile_replacingSkillsForgetsOldOnes(
        uint256 oldCount,
        uint256 newCount,
        uint256 kept
    ) public {
        oldCount = _bound(oldCount, 1, 8);
        newCount = _bound(newCount, 1, 8);
        kept = _bound(kept, 0, oldCount < newCount ? oldCount : newCount);
        bytes32[] memory before = _distinctSkills(oldCount, "old");
        bytes32[] memory after_ = _distinctSkills(newCount, "new");
        for (uint256 i; i < kept; ++i) {
            after_[i] = before[i];
        }
        IVendorRegistry.Profile memory profile = _profile();
        vm.startPrank(vendor);
        registry.setProfile(profile, before, DIGEST);
        registry.setProfile(profile, after_, keccak256("second document"));
        vm.stopPrank();

        assertTrue(registry.hasSkills(vendor, after_), "new skills");
        bytes32[] memory one = new bytes32[](1);
        for (uint256 i; i < oldCount; ++i) {
            one[0] = before[i];
            assertTrue(registry.hasSkills(vendor, one) == (i < kept), "an old skill counts only if still listed");
        }
        bytes32[] memory mixed = new bytes32[](2);
        mixed[0] = after_[0];
        mixed[1] = "never-listed";
        assertTrue(!registry.hasSkills(vendor, mixed), "every required skill is needed");
    }

    /// @notice Deregistering forgets everything, even for an empty requirement; registering again with
    ///         other skills does not bring the old ones back.
    function testFuzz_deregister_forgetsProfileAndSkills(uint256 count) public {
        count = _bound(count, 1, registry.MAX_SKILLS());
        bytes32[] memory skills = _distinctSkills(count, "gone");
        IVendorRegistry.Profile memory profile = _profile();
        vm.prank(vendor);
        registry.setProfile(profile, skills, DIGEST);
        vm.prank(vendor);
        registry.deregister();

        assertTrue(!registry.isRegistered(vendor), "not registered");
        assertTrue(!registry.hasSkills(vendor, new bytes32[](0)), "unregistered vendors qualify for nothing");
        assertTrue(!registry.hasSkills(vendor, skills), "old skills forgotten");
        assertEq(registry.skillsOf(vendor).length, 0, "skills cleared");
        assertEq(bytes(registry.metadataCidOf(vendor)).length, 0, "cid cleared");
        assertTrue(registry.metadataDigestOf(vendor) == bytes32(0), "digest cleared");
        assertEq(registry.profileOf(vendor).hourlyRateCents, 0, "profile cleared");

        bytes32[] memory other = _distinctSkills(1, "other");
        vm.prank(vendor);
        registry.setProfile(profile, other, DIGEST);
        assertTrue(registry.hasSkills(vendor, other), "new skill");
        assertTrue(!registry.hasSkills(vendor, skills), "old skills stay forgotten");
    }

    function testFuzz_deregister_revertsWhenNotRegistered(address who) public {
        vm.expectRevert(abi.encodeWithSelector(IVendorRegistry.RegistryNotRegistered.selector, who));
        vm.prank(who);
        registry.deregister();
    }

    // ================================================================== slugs and curation

    /// @notice `isSlug` agrees with a plain reference on any tag, and a profile can add a new tag
    ///         exactly when it is a slug.
    function testFuzz_isSlug_matchesReference(bytes32 tag, uint8 cut) public {
        // Half the runs: a text-like tag, cut short, so that valid slugs come up too.
        if (cut % 2 == 0) {
            bytes memory text = new bytes(32);
            for (uint256 i; i < 32; ++i) text[i] = bytes("abcdefghijklmnopqrstuvwxyz0123456789-A ")[uint8(tag[i]) % 39];
            uint256 length = cut % 33;
            for (uint256 i = length; i < 32; ++i) text[i] = 0;
            tag = bytes32(text);
        }
        bool slug = _referenceSlug(tag);
        assertTrue(registry.isSlug(tag) == slug, "isSlug agrees with the reference");
        if (!slug) vm.expectRevert(abi.encodeWithSelector(IVendorRegistry.RegistryInvalidSkill.selector, tag));
        vm.prank(vendor);
        registry.setProfile(_profile(), _skills(tag), DIGEST);
    }

    /// @notice With tag creation closed, nobody adds a tag through a profile; the curator still can.
    function testFuzz_curatedTable_refusesUnknownTags(address who, bytes32 salt) public {
        vm.assume(who != address(0));
        registry.setTagCreationOpen(false);
        bytes32 tag = _distinctSkills(1, salt)[0];
        vm.expectRevert(abi.encodeWithSelector(IVendorRegistry.RegistryUnknownSkill.selector, tag));
        vm.prank(who);
        registry.setProfile(_profile(), _skills(tag), DIGEST);
        assertEq(registry.skillTagCount(), 0, "nothing added");
        registry.addSkillTags(_skills(tag));
        vm.prank(who);
        registry.setProfile(_profile(), _skills(tag), DIGEST);
        assertTrue(registry.hasSkills(who, _skills(tag)), "curated tag listed");
    }

    // ================================================================== tags beyond the packed bits

    /// @notice Tags past index 191 live in extra words: they qualify, read back, are forgotten when a
    ///         profile drops them, and are cleared on deregistration.
    function test_setProfile_extraWordsTrackTagsPastThePackedBits() public {
        uint256 extra = 3;
        uint256 low = 100;
        // Six other vendors fill indexes 0..191.
        for (uint256 v; v < 6; ++v) {
            vm.prank(Actors.addr(string(abi.encode("filler", v))));
            registry.setProfile(_profile(), _distinctSkills(32, bytes32(v + 1)), DIGEST);
        }
        assertEq(registry.skillTagCount(), 192, "packed tags taken");
        bytes32[] memory skills = _distinctSkills(extra + 1, "high");
        bytes32 lowTag = registry.skillTagAt(low);
        skills[extra] = lowTag;
        vm.prank(vendor);
        registry.setProfile(_profile(), skills, DIGEST);
        assertTrue(registry.hasSkills(vendor, skills), "every skill, packed and extra");
        (bool known, uint256 index) = registry.skillTagIndex(skills[0]);
        assertTrue(known && index == 192, "first new tag after the packed ones");
        bytes32[] memory read = registry.skillsOf(vendor);
        assertEq(read.length, extra + 1, "skills read back");
        assertTrue(read[0] == lowTag, "table order: the packed tag first");

        // Dropping the extra tags forgets them.
        vm.prank(vendor);
        registry.setProfile(_profile(), _skills(lowTag), DIGEST);
        bytes32[] memory one = new bytes32[](1);
        one[0] = skills[0];
        assertTrue(!registry.hasSkills(vendor, one), "extra tag forgotten");
        assertEq(registry.skillsOf(vendor).length, 1, "one skill left");

        // Deregistering clears extra words too.
        vm.prank(vendor);
        registry.setProfile(_profile(), skills, DIGEST);
        vm.prank(vendor);
        registry.deregister();
        vm.prank(vendor);
        registry.setProfile(_profile(), _skills(lowTag), DIGEST);
        assertTrue(!registry.hasSkills(vendor, one), "extra tag stays forgotten after deregistration");
    }

    /// @notice A duplicate among tags past the packed bits is refused too.
    function test_setProfile_revertsOnDuplicateExtraTag() public {
        for (uint256 v; v < 6; ++v) {
            vm.prank(Actors.addr(string(abi.encode("filler", v))));
            registry.setProfile(_profile(), _distinctSkills(32, bytes32(v + 1)), DIGEST);
        }
        bytes32[] memory skills = _distinctSkills(2, "high");
        skills[1] = skills[0];
        vm.expectRevert(abi.encodeWithSelector(IVendorRegistry.RegistryInvalidSkill.selector, skills[0]));
        vm.prank(vendor);
        registry.setProfile(_profile(), skills, DIGEST);
    }

    // ================================================================== helpers

    bytes32 internal constant DIGEST = keccak256("profile document");

    function _skills(bytes32 a) internal pure returns (bytes32[] memory skills) {
        skills = new bytes32[](1);
        skills[0] = a;
    }

    function _profile() internal pure returns (IVendorRegistry.Profile memory) {
        return IVendorRegistry.Profile({hourlyRateCents: 9_000, timezoneOffsetMinutes: 0, availabilityHours: 20});
    }

    /// @dev `count` distinct slug tags derived from `salt`: "t" and 24 lowercase hex digits.
    function _distinctSkills(uint256 count, bytes32 salt) internal pure returns (bytes32[] memory skills) {
        skills = new bytes32[](count);
        for (uint256 i; i < count; ++i) {
            uint256 bits = uint256(keccak256(abi.encode(salt, i)));
            bytes memory tag = new bytes(25);
            tag[0] = "t";
            for (uint256 j = 1; j < 25; ++j) {
                tag[j] = bytes("0123456789abcdef")[bits & 15];
                bits >>= 4;
            }
            skills[i] = bytes32(tag);
        }
    }

    /// @dev isSlug written the slow, obvious way: the tag's text up to its first zero byte, all zero
    ///      bytes after, text of 1..32 characters in [a-z0-9-], no leading, trailing or double hyphen.
    function _referenceSlug(bytes32 tag) internal pure returns (bool) {
        uint256 length = 32;
        for (uint256 i; i < 32; ++i) {
            if (tag[i] == 0) {
                length = i;
                break;
            }
        }
        for (uint256 i = length; i < 32; ++i) if (tag[i] != 0) return false;
        if (length == 0 || tag[0] == "-" || tag[length - 1] == "-") return false;
        for (uint256 i; i < length; ++i) {
            uint8 c = uint8(tag[i]);
            bool ok = (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c == 0x2d;
            if (!ok) return false;
            if (c == 0x2d && i > 0 && tag[i - 1] == "-") return false;
        }
        return true;
    }

    function _boundInt(int256 x, int256 min, int256 max) internal pure returns (int256) {
        uint256 size = uint256(max - min) + 1;
        // The remainder is below `size`, which fits an int256 for the small ranges used here.
        return min + int256(uint256(x) % size);
    }
}
