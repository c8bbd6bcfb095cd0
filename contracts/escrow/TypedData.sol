// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";

/// @title EIP-712 domain of the escrow
/// @notice The domain {name: "Mosaic Escrow", version: "1", chainId, verifyingContract: the escrow},
///         exactly as OpenZeppelin's EIP712 builds it, without its ERC-5267 `eip712Domain()` view
///         (wallets and the dApp build the domain from these constants; the escrow's code size is
///         better spent on its rules).
abstract contract TypedData {
    bytes32 private constant _TYPE_HASH = keccak256(
        "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
    );
    bytes32 private constant _NAME_HASH = keccak256("Mosaic Escrow");
    bytes32 private constant _VERSION_HASH = keccak256("1");

    bytes32 private immutable _cachedDomainSeparator;
    uint256 private immutable _cachedChainId;

    constructor() {
        _cachedChainId = block.chainid;
        _cachedDomainSeparator = _buildDomainSeparator();
    }

    /// @dev The EIP-712 digest of `structHash` under the escrow's domain (rebuilt after a chain fork).
    function _hashTypedDataV4(bytes32 structHash) internal view returns (bytes32) {
        bytes32 domainSeparator = block.chainid == _cachedChainId ? _cachedDomainSeparator : _buildDomainSeparator();
        return MessageHashUtils.toTypedDataHash(domainSeparator, structHash);
    }

    function _buildDomainSeparator() private view returns (bytes32) {
        return keccak256(abi.encode(_TYPE_HASH, _NAME_HASH, _VERSION_HASH, block.chainid, address(this)));
    }
}
