// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ERC-1497 evidence standard
/// @notice The events arbitration tools read: the meta-evidence of an agreement, the disputes raised
///         under it, and the evidence each party files. Evidence strings here are IPFS CIDs of JSON
///         documents (the job's specification for meta-evidence).
interface IEvidence {
    /// @notice The meta-evidence of an agreement: for Mosaic, a job and its specification document.
    /// @param metaEvidenceID The job's id.
    /// @param evidence CID of the job's specification document.
    event MetaEvidence(uint256 indexed metaEvidenceID, string evidence);

    /// @notice A party filed evidence for a dispute.
    /// @param arbitrator The arbitrator of the job.
    /// @param evidenceGroupID The dispute's id (`jobId << 8 | index`).
    /// @param party Who filed it.
    /// @param evidence CID of the evidence document.
    event Evidence(address indexed arbitrator, uint256 indexed evidenceGroupID, address indexed party, string evidence);

    /// @notice A dispute was created.
    /// @param arbitrator The arbitrator of the job.
    /// @param disputeID The dispute's id (`jobId << 8 | index`).
    /// @param metaEvidenceID The job's id.
    /// @param evidenceGroupID The dispute's id, under which evidence is filed.
    event Dispute(
        address indexed arbitrator,
        uint256 indexed disputeID,
        uint256 metaEvidenceID,
        uint256 evidenceGroupID
    );
}
