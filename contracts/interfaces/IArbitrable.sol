// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ERC-792 arbitrable
/// @notice The side of ERC-792 that receives rulings. An arbitrator (an EOA, a multisig or an
///         arbitration contract) calls `rule` with the dispute's id and its ruling.
interface IArbitrable {
    /// @notice An arbitrator gave a final ruling.
    /// @param arbitrator The arbitrator that ruled.
    /// @param disputeID The dispute's id in this contract.
    /// @param ruling The ruling, whose meaning the arbitrable contract defines.
    event Ruling(address indexed arbitrator, uint256 indexed disputeID, uint256 ruling);

    /// @notice Gives a final ruling on a dispute. Only the dispute's arbitrator may call it.
    /// @param disputeID The dispute's id.
    /// @param ruling The ruling.
    function rule(uint256 disputeID, uint256 ruling) external;
}
