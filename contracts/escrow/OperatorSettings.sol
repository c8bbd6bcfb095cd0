// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {IMosaicEscrow} from "../interfaces/IMosaicEscrow.sol";

/// @title Operator settings
/// @notice What the operator may change: the platform fee (capped, announced 48 hours ahead,
///         snapshotted per job), the token allowlist, the default arbiter, the treasury, and a pause
///         on new business. Nothing here can move escrowed funds.
abstract contract OperatorSettings is IMosaicEscrow, Ownable2Step, Pausable {
    /// @notice Hard cap on the platform fee: 2%.
    uint16 public constant MAX_FEE_BPS = 200;
    /// @notice Fee at deployment: 0.5%.
    uint16 public constant INITIAL_FEE_BPS = 50;
    /// @notice Delay between announcing a fee and it applying to new jobs.
    uint64 public constant FEE_DELAY = 48 hours;
    /// @notice Hard cap on an arbiter's fee: 5% of the disputed amount.
    uint16 public constant MAX_ARBITER_FEE_BPS = 500;

    /// @dev One slot: the fee in force and the announced one with the time it takes over.
    struct FeeSchedule {
        uint16 current;
        uint16 pending;
        uint64 effectiveAt;
    }

    struct TokenConfig {
        bool allowed;
        uint96 weightUnit;
    }

    struct ArbiterConfig {
        address arbiter;
        uint16 feeBps;
    }

    FeeSchedule private _fee;
    ArbiterConfig private _defaultArbiter;
    address private _treasury;
    mapping(address token => TokenConfig) private _tokens;
    mapping(address token => uint256) internal _feesAccrued;

    constructor(address operator, address treasury_, uint96 ethWeightUnit) Ownable(operator) {
        _fee.current = INITIAL_FEE_BPS;
        _setTreasury(treasury_);
        _configureToken(address(0), true, ethWeightUnit);
    }

    /// @inheritdoc IMosaicEscrow
    function announceFee(uint16 newFeeBps) external onlyOwner {
        if (newFeeBps > MAX_FEE_BPS) revert EscrowFeeTooHigh(newFeeBps, MAX_FEE_BPS);
        uint64 effectiveAt = uint64(block.timestamp) + FEE_DELAY;
        _fee = FeeSchedule({current: feeBps(), pending: newFeeBps, effectiveAt: effectiveAt});
        emit FeeChangeAnnounced(newFeeBps, effectiveAt);
    }

    /// @inheritdoc IMosaicEscrow
    function configureToken(address token, bool allowed, uint96 weightUnit) external onlyOwner {
        _configureToken(token, allowed, weightUnit);
    }

    /// @inheritdoc IMosaicEscrow
    function setDefaultArbiter(address arbiter, uint16 arbiterFeeBps) external onlyOwner {
        if (arbiter == address(0)) revert EscrowZeroAddress();
        if (arbiterFeeBps > MAX_ARBITER_FEE_BPS) revert EscrowArbiterFeeTooHigh(arbiterFeeBps, MAX_ARBITER_FEE_BPS);
        _defaultArbiter = ArbiterConfig(arbiter, arbiterFeeBps);
        emit DefaultArbiterSet(arbiter, arbiterFeeBps);
    }

    /// @inheritdoc IMosaicEscrow
    function setTreasury(address treasury_) external onlyOwner {
        _setTreasury(treasury_);
    }

    /// @inheritdoc IMosaicEscrow
    function pause() external onlyOwner {
        _pause();
    }

    /// @inheritdoc IMosaicEscrow
    function unpause() external onlyOwner {
        _unpause();
    }

    /// @inheritdoc IMosaicEscrow
    function feeBps() public view returns (uint16) {
        FeeSchedule memory fee = _fee;
        return fee.effectiveAt != 0 && block.timestamp >= fee.effectiveAt ? fee.pending : fee.current;
    }

    /// @inheritdoc IMosaicEscrow
    function pendingFee() external view returns (uint16, uint64) {
        return (_fee.pending, _fee.effectiveAt);
    }

    /// @inheritdoc IMosaicEscrow
    function tokenConfig(address token) external view returns (bool, uint96) {
        TokenConfig memory config = _tokens[token];
        return (config.allowed, config.weightUnit);
    }

    /// @inheritdoc IMosaicEscrow
    function defaultArbiter() external view returns (address, uint16) {
        return (_defaultArbiter.arbiter, _defaultArbiter.feeBps);
    }

    /// @inheritdoc IMosaicEscrow
    function treasury() public view returns (address) {
        return _treasury;
    }

    /// @inheritdoc IMosaicEscrow
    function feesAccrued(address token) external view returns (uint256) {
        return _feesAccrued[token];
    }

    function _isAllowed(address token) internal view returns (bool) {
        return _tokens[token].allowed;
    }

    function _weightUnit(address token) internal view returns (uint256) {
        return _tokens[token].weightUnit;
    }

    function _arbiterFor(address requested, uint16 requestedFeeBps) internal view returns (address, uint16) {
        ArbiterConfig memory chosen = requested == address(0) ? _defaultArbiter : ArbiterConfig(requested, requestedFeeBps);
        if (chosen.arbiter == address(0)) revert EscrowNoArbiter();
        if (chosen.feeBps > MAX_ARBITER_FEE_BPS) revert EscrowArbiterFeeTooHigh(chosen.feeBps, MAX_ARBITER_FEE_BPS);
        return (chosen.arbiter, chosen.feeBps);
    }

    function _configureToken(address token, bool allowed, uint96 weightUnit) private {
        // A zero unit would make every rating paid in this token divide by zero.
        if (weightUnit == 0) revert EscrowInvalidWeightUnit(token);
        _tokens[token] = TokenConfig(allowed, weightUnit);
        emit TokenConfigured(token, allowed, weightUnit);
    }

    function _setTreasury(address treasury_) private {
        if (treasury_ == address(0)) revert EscrowZeroAddress();
        _treasury = treasury_;
        emit TreasurySet(treasury_);
    }
}
