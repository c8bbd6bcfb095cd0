// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Batched calls
/// @notice `multicall` runs several of the escrow's own functions in one transaction, each as if
///         called directly by the sender (a delegatecall to itself), and reverts them all if one
///         reverts, with that call's revert data. Not payable: `msg.value` can never be counted twice.
/// @dev OpenZeppelin's Multicall without its ERC-2771 context forwarding, which the escrow never uses.
abstract contract Batch {
    /// @notice Runs `data` as calls to this contract, in order, and returns what each returned.
    function multicall(bytes[] calldata data) external returns (bytes[] memory results) {
        results = new bytes[](data.length);
        for (uint256 i; i < data.length; ++i) {
            // a multicall runs this contract's own functions
            // solhint-disable-next-line avoid-low-level-calls
            (bool ok, bytes memory result) = address(this).delegatecall(data[i]);
            if (!ok) {
                assembly ("memory-safe") {
                    revert(add(result, 0x20), mload(result))
                }
            }
            results[i] = result;
        }
    }
}
