// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IVendorRegistry} from "../interfaces/IVendorRegistry.sol";

/// @title Vendor registry
/// @notice Self-service vendor profiles. Nobody but the vendor can change its own profile.
///         The skill-tag table is curated: its owner (the curator, the deployer at first) adds tags,
///         and may open tag creation to every profile (a development chain's choice; the table is
///         then as spammable as it is open). Every tag is a canonical slug: see `isSlug`.
/// @dev A first registration writes two slots (the packed record and the document digest) plus one
///      per skill word above the first, and reads one slot per tag; an update rewrites the same slots.
contract VendorRegistry is IVendorRegistry, Ownable2Step {
    /// @notice Most skill tags a profile may list.
    uint256 public constant MAX_SKILLS = 32;
    /// @notice Tags whose bit lives in the profile's own slot (indexes 0..191).
    uint256 public constant PACKED_SKILL_TAGS = 192;
    /// @notice Most tags the table holds: 192 packed bits plus 255 extra words of 256 bits.
    uint256 public constant MAX_SKILL_TAGS = PACKED_SKILL_TAGS + 255 * 256;

    /// @dev Multicodec prefix of a CIDv1 with raw codec and a sha-256 multihash: 0x01 0x55 0x12 0x20.
    uint256 private constant _CID_PREFIX = 0x01551220;
    /// @dev RFC 4648 base32 alphabet, lower case, one character per byte.
    bytes32 private constant _BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

    /// @dev One slot: the numeric profile, how many extra skill words are in use, and the bits of the
    ///      first 192 tags. A profile always lists a skill, so a registered record is never all-zero
    ///      in `skills` and `extraWords` together.
    struct Record {
        uint32 hourlyRateCents;
        int16 timezoneOffsetMinutes;
        uint8 availabilityHours;
        uint8 extraWords;
        uint192 skills;
    }

    uint256 private _tagCount;
    bool private _tagCreationOpen;
    mapping(bytes32 tag => uint256 indexPlusOne) private _tagIndex;
    mapping(uint256 index => bytes32 tag) private _tags;
    mapping(address vendor => Record) private _records;
    /// @dev Word w >= 1 holds tags 192 + 256 (w - 1) .. 192 + 256 w - 1.
    mapping(address vendor => mapping(uint256 word => uint256 bits)) private _extraSkills;
    mapping(address vendor => bytes32) private _digests;

    constructor() Ownable(msg.sender) {}

    /// @inheritdoc IVendorRegistry
    function addSkillTags(bytes32[] calldata tags) external onlyOwner {
        for (uint256 i; i < tags.length; ++i) {
            bytes32 tag = tags[i];
            if (_tagIndex[tag] == 0) _addTag(tag);
        }
    }

    /// @inheritdoc IVendorRegistry
    function setTagCreationOpen(bool open) external onlyOwner {
        _tagCreationOpen = open;
        emit TagCreationSet(open);
    }

    /// @inheritdoc IVendorRegistry
    function tagCreationOpen() external view returns (bool) {
        return _tagCreationOpen;
    }

    /// @inheritdoc IVendorRegistry
    function setProfile(Profile calldata profile, bytes32[] calldata skills, bytes32 metadataDigest) external {
        uint256 count = skills.length;
        if (count == 0 || count > MAX_SKILLS) revert RegistrySkillCount(count, MAX_SKILLS);
        if (profile.timezoneOffsetMinutes < -720 || profile.timezoneOffsetMinutes > 840) {
            revert RegistryInvalidTimezone(profile.timezoneOffsetMinutes);
        }
        if (profile.availabilityHours > 168) revert RegistryInvalidAvailability(profile.availabilityHours);
        if (metadataDigest == bytes32(0)) revert RegistryInvalidMetadataDigest();

        Record storage record = _records[msg.sender];
        mapping(uint256 => uint256) storage extra = _extraSkills[msg.sender];
        _clearExtraWords(extra, record.extraWords);
        uint256 low;
        uint256 extraWords;
        for (uint256 i; i < count; ++i) {
            bytes32 skill = skills[i];
            uint256 index = _indexOrAdd(skill);
            if (index < PACKED_SKILL_TAGS) {
                uint256 bit = 1 << index;
                if (low & bit != 0) revert RegistryInvalidSkill(skill);
                low |= bit;
            } else {
                (uint256 word, uint256 bit) = _extraBit(index);
                uint256 bits = extra[word];
                if (bits & bit != 0) revert RegistryInvalidSkill(skill);
                extra[word] = bits | bit;
                if (word > extraWords) extraWords = word;
            }
        }
        // One SSTORE for the whole record. extraWords <= 255 and low < 2^192 by construction.
        _records[msg.sender] = Record({
            hourlyRateCents: profile.hourlyRateCents,
            timezoneOffsetMinutes: profile.timezoneOffsetMinutes,
            availabilityHours: profile.availabilityHours,
            extraWords: uint8(extraWords),
            skills: uint192(low)
        });
        _digests[msg.sender] = metadataDigest;
        emit VendorProfileSet(
            msg.sender,
            skills,
            profile.hourlyRateCents,
            profile.timezoneOffsetMinutes,
            profile.availabilityHours,
            cidOf(metadataDigest)
        );
    }

    /// @inheritdoc IVendorRegistry
    function deregister() external {
        Record storage record = _records[msg.sender];
        if (!_registered(record)) revert RegistryNotRegistered(msg.sender);
        _clearExtraWords(_extraSkills[msg.sender], record.extraWords);
        delete _records[msg.sender];
        delete _digests[msg.sender];
        emit VendorDeregistered(msg.sender);
    }

    /// @inheritdoc IVendorRegistry
    function isRegistered(address vendor) external view returns (bool) {
        return _registered(_records[vendor]);
    }

    /// @inheritdoc IVendorRegistry
    function profileOf(address vendor) external view returns (Profile memory) {
        Record memory record = _records[vendor];
        return Profile(record.hourlyRateCents, record.timezoneOffsetMinutes, record.availabilityHours);
    }

    /// @inheritdoc IVendorRegistry
    function skillsOf(address vendor) external view returns (bytes32[] memory skills) {
        Record memory record = _records[vendor];
        mapping(uint256 => uint256) storage extra = _extraSkills[vendor];
        uint256 count = _popCount(record.skills);
        for (uint256 w = 1; w <= record.extraWords; ++w) count += _popCount(extra[w]);
        skills = new bytes32[](count);
        uint256 n = _appendTags(skills, 0, record.skills, 0);
        for (uint256 w = 1; w <= record.extraWords; ++w) {
            n = _appendTags(skills, n, extra[w], PACKED_SKILL_TAGS + (w - 1) * 256);
        }
    }

    /// @inheritdoc IVendorRegistry
    function metadataDigestOf(address vendor) external view returns (bytes32) {
        return _digests[vendor];
    }

    /// @inheritdoc IVendorRegistry
    function metadataCidOf(address vendor) external view returns (string memory) {
        bytes32 digest = _digests[vendor];
        return digest == bytes32(0) ? "" : cidOf(digest);
    }

    /// @inheritdoc IVendorRegistry
    function hasSkills(address vendor, bytes32[] calldata required) external view returns (bool) {
        Record storage record = _records[vendor];
        if (!_registered(record)) return false;
        uint256 low = record.skills;
        mapping(uint256 => uint256) storage extra = _extraSkills[vendor];
        for (uint256 i; i < required.length; ++i) {
            uint256 indexPlusOne = _tagIndex[required[i]];
            if (indexPlusOne == 0) return false;
            uint256 index = indexPlusOne - 1;
            if (index < PACKED_SKILL_TAGS) {
                if (low & (1 << index) == 0) return false;
            } else {
                (uint256 word, uint256 bit) = _extraBit(index);
                if (extra[word] & bit == 0) return false;
            }
        }
        return true;
    }

    /// @inheritdoc IVendorRegistry
    function skillTagCount() external view returns (uint256) {
        return _tagCount;
    }

    /// @inheritdoc IVendorRegistry
    function skillTagAt(uint256 index) external view returns (bytes32) {
        return _tags[index];
    }

    /// @inheritdoc IVendorRegistry
    function skillTagIndex(bytes32 tag) external view returns (bool known, uint256 index) {
        uint256 indexPlusOne = _tagIndex[tag];
        if (indexPlusOne != 0) return (true, indexPlusOne - 1);
    }

    /// @inheritdoc IVendorRegistry
    /// @dev The 36 bytes 0x01 0x55 0x12 0x20 || digest in base32 (no padding): 58 characters after the
    ///      multibase prefix "b". Seven groups of five bytes give eight characters each, written with
    ///      one word store per group (its zero tail is overwritten by the next group or lies past the
    ///      string); the last byte gives two.
    function cidOf(bytes32 digest) public pure returns (string memory cid) {
        cid = new string(59);
        assembly ("memory-safe") {
            function char(group, shift) -> c {
                c := byte(and(shr(shift, group), 31), _BASE32)
            }
            let out := add(cid, 0x20)
            // The 36 bytes, left-aligned across the two scratch words.
            mstore(0x00, or(shl(224, _CID_PREFIX), shr(32, digest)))
            mstore(0x20, shl(224, digest))
            mstore8(out, 0x62) // "b"
            let pos := add(out, 1)
            for {
                let g := 0
            } lt(g, 35) {
                g := add(g, 5)
            } {
                let group := shr(216, mload(g))
                let chars := or(
                    or(
                        or(shl(248, char(group, 35)), shl(240, char(group, 30))),
                        or(shl(232, char(group, 25)), shl(224, char(group, 20)))
                    ),
                    or(
                        or(shl(216, char(group, 15)), shl(208, char(group, 10))),
                        or(shl(200, char(group, 5)), shl(192, char(group, 0)))
                    )
                )
                mstore(pos, chars)
                pos := add(pos, 8)
            }
            // Byte 35 and two zero bits of padding.
            let last := shl(2, byte(3, mload(0x20)))
            mstore8(pos, byte(shr(5, last), _BASE32))
            mstore8(add(pos, 1), byte(and(last, 31), _BASE32))
        }
    }

    /// @inheritdoc IVendorRegistry
    /// @dev One to 32 characters of a-z, 0-9 and '-', left-aligned with zero bytes after, starting
    ///      and ending with a letter or digit, with no two hyphens in a row.
    function isSlug(bytes32 tag) public pure returns (bool) {
        uint256 length;
        while (length < 32 && tag[length] != 0) ++length;
        if (length == 0) return false;
        // Nothing may follow the first zero byte (bytes past the end of the tag).
        if (length < 32 && uint256(tag) << (length * 8) != 0) return false;
        bytes1 previous = "-";
        for (uint256 i; i < length; ++i) {
            bytes1 c = tag[i];
            bool alnum = (c >= "a" && c <= "z") || (c >= "0" && c <= "9");
            if (!alnum && (c != "-" || previous == "-")) return false;
            previous = c;
        }
        return previous != "-";
    }

    function _indexOrAdd(bytes32 skill) private returns (uint256 index) {
        uint256 indexPlusOne = _tagIndex[skill];
        if (indexPlusOne != 0) return indexPlusOne - 1;
        if (!_tagCreationOpen) revert RegistryUnknownSkill(skill);
        return _addTag(skill);
    }

    function _addTag(bytes32 tag) private returns (uint256 index) {
        if (!isSlug(tag)) revert RegistryInvalidSkill(tag);
        index = _tagCount;
        if (index == MAX_SKILL_TAGS) revert RegistrySkillTableFull(MAX_SKILL_TAGS);
        _tagCount = index + 1;
        _tagIndex[tag] = index + 1;
        _tags[index] = tag;
        emit SkillTagAdded(tag, index);
    }

    function _clearExtraWords(mapping(uint256 => uint256) storage extra, uint256 words) private {
        for (uint256 w = 1; w <= words; ++w) delete extra[w];
    }

    function _registered(Record storage record) private view returns (bool) {
        return record.skills != 0 || record.extraWords != 0;
    }

    /// @dev Word and bit of a tag index >= 192.
    function _extraBit(uint256 index) private pure returns (uint256 word, uint256 bit) {
        uint256 offset = index - PACKED_SKILL_TAGS;
        word = (offset >> 8) + 1;
        bit = 1 << (offset & 0xff);
    }

    function _appendTags(
        bytes32[] memory skills,
        uint256 n,
        uint256 bits,
        uint256 base
    ) private view returns (uint256) {
        for (uint256 b; bits != 0; ++b) {
            if (bits & 1 != 0) skills[n++] = _tags[base + b];
            bits >>= 1;
        }
        return n;
    }

    function _popCount(uint256 bits) private pure returns (uint256 count) {
        for (; bits != 0; bits &= bits - 1) ++count;
    }
}
