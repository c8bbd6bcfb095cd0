// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {vm} from "./Vm.sol";

/// @notice The few assertions and the `bound` helper these tests need, in place of forge-std's `Test`.
/// @dev A failed assertion reverts with a message that names the check and both values, which the
///      runner prints under the failing test.
abstract contract TestBase {
    using Strings for uint256;

    error AssertionFailed(string message);

    function assertTrue(bool condition, string memory what) internal pure {
        if (!condition) revert AssertionFailed(what);
    }

    function assertEq(uint256 left, uint256 right, string memory what) internal pure {
        if (left != right) revert AssertionFailed(string.concat(what, ": ", left.toString(), " != ", right.toString()));
    }

    function assertEq(address left, address right, string memory what) internal pure {
        if (left != right) {
            revert AssertionFailed(
                string.concat(what, ": ", Strings.toHexString(left), " != ", Strings.toHexString(right))
            );
        }
    }

    function assertLe(uint256 left, uint256 right, string memory what) internal pure {
        if (left > right) revert AssertionFailed(string.concat(what, ": ", left.toString(), " > ", right.toString()));
    }

    function assertGe(uint256 left, uint256 right, string memory what) internal pure {
        if (left < right) revert AssertionFailed(string.concat(what, ": ", left.toString(), " < ", right.toString()));
    }

    /// @dev Maps any fuzzed `x` into [min, max] without rejecting runs (forge-std's `bound`, simplified).
    function _bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        if (max <= min) return min;
        uint256 size = max - min;
        if (size == type(uint256).max) return x;
        return min + (x % (size + 1));
    }

    /// @dev Deploys `artifact` ("path/File.sol:Name") from the build's artifacts with ABI-encoded
    ///      constructor `args`: the tests run the very bytecode that ships, and a test contract does not
    ///      embed a copy of the contract under test (via-IR would optimize that copy again per test).
    function _deploy(string memory artifact, bytes memory args) internal returns (address deployed) {
        bytes memory code = bytes.concat(vm.getCode(artifact), args);
        assembly ("memory-safe") {
            deployed := create(0, add(code, 0x20), mload(code))
        }
        assertTrue(deployed.code.length > 0, string.concat("deploys ", artifact));
    }
}
