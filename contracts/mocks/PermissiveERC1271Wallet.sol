// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {MockERC1271Wallet} from "./MockERC1271Wallet.sol";

/// @notice A broken smart-contract wallet whose ERC-1271 check says yes to anything, even no signature.
contract PermissiveERC1271Wallet is MockERC1271Wallet {
    constructor() MockERC1271Wallet(address(0)) {}

    function isValidSignature(bytes32, bytes calldata) external pure override returns (bytes4) {
        return IERC1271.isValidSignature.selector;
    }
}
