// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IVendorRegistry} from "../interfaces/IVendorRegistry.sol";

/// @title Vendor registry
/// @notice Self-service vendor profiles. Nobody but the vendor can change its own profile.
contract VendorRegistry is IVendorRegistry {
    /// @notice Most skill tags a profile may list.
    uint256 public constant MAX_SKILLS = 32;
    /// @notice Longest accepted metadata CID, in bytes.
    uint256 public constant MAX_CID_LENGTH = 128;

    /// @dev One slot: the profile plus the epoch that marks which skill flags are current, so a
    ///      profile update invalidates old skills without clearing them one by one.
    struct Record {
        Profile profile;
        uint32 epoch;
        bool registered;
    }

    mapping(address vendor => Record) private _records;
    mapping(address vendor => bytes32[]) private _skills;
    mapping(address vendor => mapping(bytes32 skill => uint32 epoch)) private _skillEpoch;
    mapping(address vendor => string) private _metadataCid;

    /// @inheritdoc IVendorRegistry
    function setProfile(Profile calldata profile, bytes32[] calldata skills, string calldata metadataCid) external {
        if (skills.length == 0 || skills.length > MAX_SKILLS) revert RegistrySkillCount(skills.length, MAX_SKILLS);
        if (profile.timezoneOffsetMinutes < -720 || profile.timezoneOffsetMinutes > 840) {
            revert RegistryInvalidTimezone(profile.timezoneOffsetMinutes);
        }
        if (profile.availabilityHours > 168) revert RegistryInvalidAvailability(profile.availabilityHours);
        uint256 cidLength = bytes(metadataCid).length;
        if (cidLength == 0 || cidLength > MAX_CID_LENGTH) revert RegistryInvalidMetadataCid(cidLength);

        Record storage record = _records[msg.sender];
        uint32 epoch = record.epoch + 1;
        mapping(bytes32 => uint32) storage flags = _skillEpoch[msg.sender];
        for (uint256 i; i < skills.length; ++i) {
            bytes32 skill = skills[i];
            if (skill == bytes32(0) || flags[skill] == epoch) revert RegistryInvalidSkill(skill);
            flags[skill] = epoch;
        }
        record.profile = profile;
        record.epoch = epoch;
        record.registered = true;
        _skills[msg.sender] = skills;
        _metadataCid[msg.sender] = metadataCid;
        emit VendorProfileSet(
            msg.sender,
            skills,
            profile.hourlyRateCents,
            profile.timezoneOffsetMinutes,
            profile.availabilityHours,
            metadataCid
        );
    }

    /// @inheritdoc IVendorRegistry
    function deregister() external {
        Record storage record = _records[msg.sender];
        if (!record.registered) revert RegistryNotRegistered(msg.sender);
        // Bumping the epoch voids the skill flags; the array and CID are cleared for readers.
        record.registered = false;
        record.epoch += 1;
        delete record.profile;
        delete _skills[msg.sender];
        delete _metadataCid[msg.sender];
        emit VendorDeregistered(msg.sender);
    }

    /// @inheritdoc IVendorRegistry
    function isRegistered(address vendor) external view returns (bool) {
        return _records[vendor].registered;
    }

    /// @inheritdoc IVendorRegistry
    function profileOf(address vendor) external view returns (Profile memory) {
        return _records[vendor].profile;
    }

    /// @inheritdoc IVendorRegistry
    function skillsOf(address vendor) external view returns (bytes32[] memory) {
        return _skills[vendor];
    }

    /// @inheritdoc IVendorRegistry
    function metadataCidOf(address vendor) external view returns (string memory) {
        return _metadataCid[vendor];
    }

    /// @inheritdoc IVendorRegistry
    function hasSkills(address vendor, bytes32[] calldata required) external view returns (bool) {
        Record storage record = _records[vendor];
        if (!record.registered) return false;
        uint32 epoch = record.epoch;
        mapping(bytes32 => uint32) storage flags = _skillEpoch[vendor];
        for (uint256 i; i < required.length; ++i) {
            if (flags[required[i]] != epoch) return false;
        }
        return true;
    }
}
