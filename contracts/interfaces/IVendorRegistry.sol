// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Vendor registry
/// @notice A vendor's public profile: skill tags, hourly rate, timezone and availability, plus a
///         metadata CID for everything that does not need to live on chain. Enough for matching.
interface IVendorRegistry {
    /// @notice The numeric part of a profile, packed into one storage slot.
    /// @param hourlyRateCents Asking rate in US cents per hour.
    /// @param timezoneOffsetMinutes Offset from UTC in minutes, from -720 (UTC-12) to +840 (UTC+14).
    /// @param availabilityHours Hours per week the vendor can take on, 0 (unavailable) to 168.
    struct Profile {
        uint32 hourlyRateCents;
        int16 timezoneOffsetMinutes;
        uint8 availabilityHours;
    }

    /// @notice A vendor created or replaced its profile.
    /// @param vendor The vendor's address.
    /// @param skills The skill tags (ASCII names, left-aligned bytes32).
    /// @param hourlyRateCents Asking rate in US cents per hour.
    /// @param timezoneOffsetMinutes Offset from UTC in minutes.
    /// @param availabilityHours Hours per week available.
    /// @param metadataCid IPFS CID of the profile document.
    event VendorProfileSet(
        address indexed vendor,
        bytes32[] skills,
        uint32 hourlyRateCents,
        int16 timezoneOffsetMinutes,
        uint8 availabilityHours,
        string metadataCid
    );

    /// @notice A vendor removed its profile; it can no longer be hired until it registers again.
    /// @param vendor The vendor's address.
    event VendorDeregistered(address indexed vendor);

    /// @notice The profile lists no skill, or more than the registry accepts.
    /// @param count The number of skills given.
    /// @param max The largest number accepted.
    error RegistrySkillCount(uint256 count, uint256 max);
    /// @notice A skill tag is zero or listed twice.
    /// @param skill The offending tag.
    error RegistryInvalidSkill(bytes32 skill);
    /// @notice The timezone offset is outside UTC-12..UTC+14.
    /// @param offsetMinutes The offset given.
    error RegistryInvalidTimezone(int16 offsetMinutes);
    /// @notice Availability is above the 168 hours in a week.
    /// @param hoursPerWeek The hours given.
    error RegistryInvalidAvailability(uint8 hoursPerWeek);
    /// @notice The metadata CID is empty or too long.
    /// @param length Its length in bytes.
    error RegistryInvalidMetadataCid(uint256 length);
    /// @notice The address has no profile.
    /// @param vendor The address.
    error RegistryNotRegistered(address vendor);

    /// @notice Creates or replaces the caller's profile.
    function setProfile(Profile calldata profile, bytes32[] calldata skills, string calldata metadataCid) external;

    /// @notice Removes the caller's profile.
    function deregister() external;

    /// @notice Whether `vendor` has a profile.
    function isRegistered(address vendor) external view returns (bool);

    /// @notice The numeric profile of `vendor` (zeros when unregistered).
    function profileOf(address vendor) external view returns (Profile memory);

    /// @notice The skill tags of `vendor`.
    function skillsOf(address vendor) external view returns (bytes32[] memory);

    /// @notice The profile document's CID of `vendor`.
    function metadataCidOf(address vendor) external view returns (string memory);

    /// @notice Whether `vendor` is registered and has every skill in `required`.
    function hasSkills(address vendor, bytes32[] calldata required) external view returns (bool);
}
