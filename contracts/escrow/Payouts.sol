// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IMosaicEscrow} from "../interfaces/IMosaicEscrow.sol";

/// @title Payouts
/// @notice Pays out by push, and falls back to a balance the payee withdraws when the push fails
///         (a blocklisted address, a contract that rejects ETH). One party's broken receiver thus
///         never blocks the other party's money.
abstract contract Payouts is IMosaicEscrow {
    using SafeERC20 for IERC20;

    /// @notice Gas forwarded with an ETH push: enough for smart wallets, too little to grief.
    uint256 public constant ETH_PUSH_GAS = 100_000;

    mapping(address token => mapping(address account => uint256)) private _owed;

    /// @inheritdoc IMosaicEscrow
    function owed(address token, address account) external view returns (uint256) {
        return _owed[token][account];
    }

    /// @dev Callers hold the reentrancy lock and have finished their state changes. A sent amount
    ///      leaves the books; a deferred one stays on them as owed.
    function _push(address token, address to, uint256 amount) internal returns (bool sent) {
        if (amount == 0) return true;
        if (token == address(0)) {
            // Return data is ignored on purpose: a huge revert reason must not cost us gas.
            assembly ("memory-safe") {
                sent := call(ETH_PUSH_GAS, to, amount, 0, 0, 0, 0)
            }
        } else {
            sent = IERC20(token).trySafeTransfer(to, amount);
        }
        if (sent) {
            _bookOut(token, amount);
        } else {
            _owed[token][to] += amount;
            emit PaymentDeferred(token, to, amount);
        }
    }

    function _withdrawOwed(address token, address to) internal {
        if (to == address(0)) revert EscrowZeroAddress();
        uint256 amount = _owed[token][msg.sender];
        if (amount == 0) revert EscrowNothingOwed(token, msg.sender);
        delete _owed[token][msg.sender];
        _bookOut(token, amount);
        emit Withdrawn(token, msg.sender, to, amount);
        _send(token, to, amount);
    }

    /// @dev Takes `amount` that left the escrow off the token's books; implemented with the books.
    function _bookOut(address token, uint256 amount) internal virtual;

    /// @dev A transfer that must succeed or revert the whole call. Callers keep the books.
    function _send(address token, address to, uint256 amount) internal {
        if (token == address(0)) {
            Address.sendValue(payable(to), amount);
        } else {
            IERC20(token).safeTransfer(to, amount);
        }
    }
}
