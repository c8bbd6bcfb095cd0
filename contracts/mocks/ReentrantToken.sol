// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Calls back into a target during every transfer, to prove reentrancy gains nothing.
contract ReentrantToken is ERC20 {
    address public target;
    bytes public payload;
    bool public lastCallSucceeded;
    bytes public lastCallResult;

    constructor() ERC20("Reentrant", "REE") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function arm(address target_, bytes calldata payload_) external {
        target = target_;
        payload = payload_;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        address callTarget = target;
        if (callTarget != address(0) && from != address(0)) {
            target = address(0);
            (lastCallSucceeded, lastCallResult) = callTarget.call(payload);
        }
    }
}
