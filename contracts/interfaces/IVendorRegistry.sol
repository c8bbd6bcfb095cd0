// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Vendor registry
/// @notice A vendor's public profile: skill tags, hourly rate, timezone and availability, plus the
///         profile document's CID. Enough on chain for matching and for open-job claims.
///
///         Skill tags live in one registry-wide table, curated by the registry's owner: a tag gets
///         the next index, forever. Profiles list tags of the table; while the owner keeps tag
///         creation open, the first profile to list an unknown tag adds it. Tags are canonical
///         slugs (lowercase ASCII letters, digits and single inner hyphens), so look-alikes never
///         enter. A profile stores its skills as a bitmap over that
///         table, packed in one slot with the numeric fields. The profile document is a CIDv1 (raw
///         codec, sha-256), stored as its 32-byte digest; `metadataCidOf` rebuilds the CID string.
///         Events carry the full skill list and the CID string, so indexers never read storage.
interface IVendorRegistry {
    /// @notice The numeric part of a profile.
    /// @param hourlyRateCents Asking rate in US cents per hour.
    /// @param timezoneOffsetMinutes Offset from UTC in minutes, from -720 (UTC-12) to +840 (UTC+14).
    /// @param availabilityHours Hours per week the vendor can take on, 0 (unavailable) to 168.
    struct Profile {
        uint32 hourlyRateCents;
        int16 timezoneOffsetMinutes;
        uint8 availabilityHours;
    }

    /// @notice A skill tag entered the registry-wide table.
    /// @param tag The tag (ASCII name, left-aligned bytes32).
    /// @param index Its index in the table, used as its bit in profile bitmaps.
    event SkillTagAdded(bytes32 indexed tag, uint256 index);

    /// @notice A vendor created or replaced its profile.
    /// @param vendor The vendor's address.
    /// @param skills The skill tags, in the order the vendor gave them.
    /// @param hourlyRateCents Asking rate in US cents per hour.
    /// @param timezoneOffsetMinutes Offset from UTC in minutes.
    /// @param availabilityHours Hours per week available.
    /// @param metadataCid CID of the profile document (CIDv1, raw codec, sha-256, base32: "bafkrei...").
    event VendorProfileSet(
        address indexed vendor,
        bytes32[] skills,
        uint32 hourlyRateCents,
        int16 timezoneOffsetMinutes,
        uint8 availabilityHours,
        string metadataCid
    );

    /// @notice The curator opened or closed tag creation by profiles.
    /// @param open Whether `setProfile` may add unknown tags.
    event TagCreationSet(bool open);

    /// @notice A vendor removed its profile; it can no longer be hired until it registers again.
    /// @param vendor The vendor's address.
    event VendorDeregistered(address indexed vendor);

    /// @notice The profile lists no skill, or more than the registry accepts.
    /// @param count The number of skills given.
    /// @param max The largest number accepted.
    error RegistrySkillCount(uint256 count, uint256 max);
    /// @notice A skill tag is not a canonical slug (zero, upper case, non-ASCII...), or listed twice.
    /// @param skill The offending tag.
    error RegistryInvalidSkill(bytes32 skill);
    /// @notice The tag is not in the table, and tag creation is closed: ask the curator to add it.
    /// @param skill The unknown tag.
    error RegistryUnknownSkill(bytes32 skill);
    /// @notice The skill table is full; no new tag can be added.
    /// @param max The most tags the table holds.
    error RegistrySkillTableFull(uint256 max);
    /// @notice The timezone offset is outside UTC-12..UTC+14.
    /// @param offsetMinutes The offset given.
    error RegistryInvalidTimezone(int16 offsetMinutes);
    /// @notice Availability is above the 168 hours in a week.
    /// @param hoursPerWeek The hours given.
    error RegistryInvalidAvailability(uint8 hoursPerWeek);
    /// @notice The profile document's digest is zero.
    error RegistryInvalidMetadataDigest();
    /// @notice The address has no profile.
    /// @param vendor The address.
    error RegistryNotRegistered(address vendor);

    /// @notice Adds tags to the table (curator only); tags already in it are skipped.
    /// @param tags Canonical slugs.
    function addSkillTags(bytes32[] calldata tags) external;

    /// @notice Opens or closes tag creation by profiles (curator only).
    function setTagCreationOpen(bool open) external;

    /// @notice Whether `setProfile` may add unknown tags.
    function tagCreationOpen() external view returns (bool);

    /// @notice Whether `tag` is a canonical slug: 1 to 32 of a-z, 0-9 and inner single hyphens,
    ///         left-aligned with zero bytes after.
    function isSlug(bytes32 tag) external pure returns (bool);

    /// @notice Creates or replaces the caller's profile. Its tags must be in the table, or tag
    ///         creation open (then unknown slugs are added).
    /// @param profile Rate, timezone and availability.
    /// @param skills 1 to `MAX_SKILLS` distinct tags.
    /// @param metadataDigest The sha-256 digest inside the profile document's CIDv1 (raw codec).
    function setProfile(Profile calldata profile, bytes32[] calldata skills, bytes32 metadataDigest) external;

    /// @notice Removes the caller's profile.
    function deregister() external;

    /// @notice Whether `vendor` has a profile.
    function isRegistered(address vendor) external view returns (bool);

    /// @notice The numeric profile of `vendor` (zeros when unregistered).
    function profileOf(address vendor) external view returns (Profile memory);

    /// @notice The skill tags of `vendor`, in table order (empty when unregistered).
    function skillsOf(address vendor) external view returns (bytes32[] memory);

    /// @notice The sha-256 digest of `vendor`'s profile document (zero when unregistered).
    function metadataDigestOf(address vendor) external view returns (bytes32);

    /// @notice The profile document's CID of `vendor`, rebuilt from its digest ("" when unregistered).
    function metadataCidOf(address vendor) external view returns (string memory);

    /// @notice Whether `vendor` is registered and has every skill in `required`.
    function hasSkills(address vendor, bytes32[] calldata required) external view returns (bool);

    /// @notice Number of tags in the registry-wide table.
    function skillTagCount() external view returns (uint256);

    /// @notice The tag at `index` in the table (zero past the end).
    function skillTagAt(uint256 index) external view returns (bytes32);

    /// @notice Whether `tag` is in the table, and its index if so.
    function skillTagIndex(bytes32 tag) external view returns (bool known, uint256 index);

    /// @notice The CIDv1 string (raw codec, sha-256, base32) of a document with this digest.
    function cidOf(bytes32 digest) external pure returns (string memory);
}
