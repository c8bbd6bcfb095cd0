// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice The cheatcodes these tests use, declared by hand because forge-std cannot be installed here
///         (GitHub only). Each one was checked against Hardhat 3's EDR runner; add others only after
///         checking them the same way.
interface Vm {
    struct Log {
        bytes32[] topics;
        bytes data;
        address emitter;
    }

    function addr(uint256 privateKey) external pure returns (address);
    function sign(uint256 privateKey, bytes32 digest) external pure returns (uint8 v, bytes32 r, bytes32 s);
    function warp(uint256 timestamp) external;
    function deal(address account, uint256 balance) external;
    function prank(address sender) external;
    function startPrank(address sender) external;
    function stopPrank() external;
    function assume(bool condition) external pure;
    /// @dev Expects the next call to revert with exactly `revertData` (custom error and arguments).
    function expectRevert(bytes calldata revertData) external;
    /// @dev Works inside invariant functions too; `revertToState` also restores the block timestamp.
    function snapshotState() external returns (uint256 snapshotId);
    function revertToState(uint256 snapshotId) external returns (bool success);
    function recordLogs() external;
    function getRecordedLogs() external returns (Log[] memory logs);
    function label(address account, string calldata newLabel) external;
    /// @dev Creation code of a compiled contract, from the build's artifacts ("path/File.sol:Name").
    function getCode(string calldata artifact) external view returns (bytes memory creationCode);
}

/// @dev The cheatcode address every Foundry-compatible runner answers at.
Vm constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
