// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice A token reachable at two addresses over one set of balances (as some legacy tokens were):
///         this contract, and its `facade`, which moves the same balances.
contract DoubleEntryToken is ERC20 {
    address public immutable facade;

    constructor() ERC20("Double Entry", "DBL") {
        facade = address(new DoubleEntryFacade(this));
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @dev Transfers on behalf of the facade's caller.
    function facadeTransfer(address from, address to, uint256 amount) external returns (bool) {
        require(msg.sender == facade, "facade only");
        _transfer(from, to, amount);
        return true;
    }
}

/// @notice The token's second address.
contract DoubleEntryFacade {
    DoubleEntryToken public immutable token;

    constructor(DoubleEntryToken token_) {
        token = token_;
    }

    function balanceOf(address account) external view returns (uint256) {
        return token.balanceOf(account);
    }

    function transfer(address to, uint256 amount) external returns (bool) {
        return token.facadeTransfer(msg.sender, to, amount);
    }
}
