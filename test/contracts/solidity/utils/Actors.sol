// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {vm} from "./Vm.sol";

/// @notice Named test accounts with private keys, so quotes, settlements and permits can be signed
///         with `vm.sign`. The same name always gives the same key on every machine.
library Actors {
    uint256 private constant _SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;

    function key(string memory name) internal pure returns (uint256) {
        return 1 + (uint256(keccak256(abi.encodePacked("mosaic/actor/", name))) % (_SECP256K1_N - 1));
    }

    function addr(string memory name) internal pure returns (address) {
        return vm.addr(key(name));
    }

    /// @dev A 65-byte `r || s || v` signature, the layout `SignatureChecker` expects.
    function sign(uint256 privateKey, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(privateKey, digest);
        return abi.encodePacked(r, s, v);
    }
}
