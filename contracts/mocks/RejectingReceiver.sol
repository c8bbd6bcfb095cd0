// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice A contract party that rejects ETH until told otherwise, and can act as client or vendor.
contract RejectingReceiver {
    bool public accepting;

    error NotAccepting();

    function setAccepting(bool accepting_) external {
        accepting = accepting_;
    }

    /// @notice Forwards a call (with value) so this contract can act as a marketplace party.
    function execute(address target, bytes calldata data) external payable returns (bytes memory) {
        (bool ok, bytes memory result) = target.call{value: msg.value}(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(result, 0x20), mload(result))
            }
        }
        return result;
    }

    receive() external payable {
        if (!accepting) revert NotAccepting();
    }
}
