// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IVendorRegistry} from "../../../contracts/interfaces/IVendorRegistry.sol";
import {VendorRegistry} from "../../../contracts/registry/VendorRegistry.sol";
import {Actors} from "./utils/Actors.sol";
import {TestBase} from "./utils/TestBase.sol";
import {vm} from "./utils/Vm.sol";

/// @notice Profile validation at its bounds (timezone -720..840, availability 0..168, 1..32 distinct
///         non-zero skills, a 1..128-byte CID) and skill bookkeeping across updates and deregistration.
contract VendorRegistryTest is TestBase {
    int16 internal constant MIN_TIMEZONE = -720;
    int16 internal constant MAX_TIMEZONE = 840;
    uint8 internal constant MAX_AVAILABILITY = 168;

    VendorRegistry internal registry;
    address internal immutable vendor = Actors.addr("registry/vendor");

    function setUp() public {
        registry = new VendorRegistry();
    }

    // ================================================================== setProfile: valid input

    /// @notice Any profile within the bounds is stored as given and makes its vendor hireable for
    ///         every listed skill.
    function testFuzz_setProfile_storesAnyValidProfile(
        uint32 hourlyRateCents,
        int256 timezone,
        uint256 availability,
        uint256 skillCount,
        uint256 cidLength,
        bytes32 salt
    ) public {
        IVendorRegistry.Profile memory profile = IVendorRegistry.Profile({
            hourlyRateCents: hourlyRateCents,
            timezoneOffsetMinutes: int16(_boundInt(timezone, MIN_TIMEZONE, MAX_TIMEZONE)),
            availabilityHours: uint8(_bound(availability, 0, MAX_AVAILABILITY))
        });
        bytes32[] memory skills = _distinctSkills(_bound(skillCount, 1, registry.MAX_SKILLS()), salt);
        string memory cid = _cid(_bound(cidLength, 1, registry.MAX_CID_LENGTH()));

        vm.prank(vendor);
        registry.setProfile(profile, skills, cid);

        IVendorRegistry.Profile memory stored = registry.profileOf(vendor);
        assertEq(stored.hourlyRateCents, hourlyRateCents, "hourly rate");
        assertTrue(stored.timezoneOffsetMinutes == profile.timezoneOffsetMinutes, "timezone");
        assertEq(stored.availabilityHours, profile.availabilityHours, "availability");
        assertTrue(registry.isRegistered(vendor), "registered");
        assertTrue(keccak256(abi.encode(registry.skillsOf(vendor))) == keccak256(abi.encode(skills)), "skills");
        assertTrue(keccak256(bytes(registry.metadataCidOf(vendor))) == keccak256(bytes(cid)), "cid");
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
        registry.setProfile(profile, skills, "bafy");
    }

    function testFuzz_setProfile_revertsOnAvailabilityAboveAWeek(uint8 availability) public {
        availability = uint8(_bound(availability, MAX_AVAILABILITY + 1, type(uint8).max));
        IVendorRegistry.Profile memory profile = _profile();
        profile.availabilityHours = availability;
        bytes32[] memory skills = _distinctSkills(1, 0);
        vm.expectRevert(abi.encodeWithSelector(IVendorRegistry.RegistryInvalidAvailability.selector, availability));
        vm.prank(vendor);
        registry.setProfile(profile, skills, "bafy");
    }

    function testFuzz_setProfile_revertsOnCidLength(uint256 length) public {
        length = length % 2 == 0 ? 0 : _bound(length, registry.MAX_CID_LENGTH() + 1, 4 * registry.MAX_CID_LENGTH());
        IVendorRegistry.Profile memory profile = _profile();
        bytes32[] memory skills = _distinctSkills(1, 0);
        string memory cid = _cid(length);
        vm.expectRevert(abi.encodeWithSelector(IVendorRegistry.RegistryInvalidMetadataCid.selector, length));
        vm.prank(vendor);
        registry.setProfile(profile, skills, cid);
    }

    function testFuzz_setProfile_revertsOnSkillCount(uint256 count) public {
        uint256 max = registry.MAX_SKILLS();
        count = count % 2 == 0 ? 0 : _bound(count, max + 1, 2 * max);
        IVendorRegistry.Profile memory profile = _profile();
        bytes32[] memory skills = _distinctSkills(count, 0);
        vm.expectRevert(abi.encodeWithSelector(IVendorRegistry.RegistrySkillCount.selector, count, max));
        vm.prank(vendor);
        registry.setProfile(profile, skills, "bafy");
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
        registry.setProfile(profile, skills, "bafy");
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
        registry.setProfile(profile, before, "bafy-1");
        registry.setProfile(profile, after_, "bafy-2");
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
        registry.setProfile(profile, skills, "bafy");
        vm.prank(vendor);
        registry.deregister();

        assertTrue(!registry.isRegistered(vendor), "not registered");
        assertTrue(!registry.hasSkills(vendor, new bytes32[](0)), "unregistered vendors qualify for nothing");
        assertTrue(!registry.hasSkills(vendor, skills), "old skills forgotten");
        assertEq(registry.skillsOf(vendor).length, 0, "skills cleared");
        assertEq(bytes(registry.metadataCidOf(vendor)).length, 0, "cid cleared");
        assertEq(registry.profileOf(vendor).hourlyRateCents, 0, "profile cleared");

        bytes32[] memory other = _distinctSkills(1, "other");
        vm.prank(vendor);
        registry.setProfile(profile, other, "bafy-again");
        assertTrue(registry.hasSkills(vendor, other), "new skill");
        assertTrue(!registry.hasSkills(vendor, skills), "old skills stay forgotten");
    }

    function testFuzz_deregister_revertsWhenNotRegistered(address who) public {
        vm.expectRevert(abi.encodeWithSelector(IVendorRegistry.RegistryNotRegistered.selector, who));
        vm.prank(who);
        registry.deregister();
    }

    // ================================================================== helpers

    function _profile() internal pure returns (IVendorRegistry.Profile memory) {
        return IVendorRegistry.Profile({hourlyRateCents: 9_000, timezoneOffsetMinutes: 0, availabilityHours: 20});
    }

    /// @dev `count` distinct, non-zero tags derived from `salt`.
    function _distinctSkills(uint256 count, bytes32 salt) internal pure returns (bytes32[] memory skills) {
        skills = new bytes32[](count);
        for (uint256 i; i < count; ++i) {
            skills[i] = keccak256(abi.encode(salt, i)) | bytes32(uint256(1));
        }
    }

    function _cid(uint256 length) internal pure returns (string memory) {
        bytes memory cid = new bytes(length);
        for (uint256 i; i < length; ++i) {
            cid[i] = "b";
        }
        return string(cid);
    }

    function _boundInt(int256 x, int256 min, int256 max) internal pure returns (int256) {
        uint256 size = uint256(max - min) + 1;
        // The remainder is below `size`, which fits an int256 for the small ranges used here.
        return min + int256(uint256(x) % size);
    }
}
