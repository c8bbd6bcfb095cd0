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
/// @dev Tokens and (arbiter, fee) pairs get small ids so that a job's every setting fits in the
///      same storage slot as its client; see MosaicEscrow's job layout.
abstract contract OperatorSettings is IMosaicEscrow, Ownable2Step, Pausable {
    /// @notice Hard cap on the platform fee: 2%.
    uint16 public constant MAX_FEE_BPS = 200;
    /// @notice Fee at deployment: 0.5%.
    uint16 public constant INITIAL_FEE_BPS = 50;
    /// @notice Delay between announcing a fee and it applying to new jobs.
    uint64 public constant FEE_DELAY = 48 hours;
    /// @notice Hard cap on an arbiter's fee: 5% of the disputed amount.
    uint16 public constant MAX_ARBITER_FEE_BPS = 500;
    /// @notice Most tokens the allowlist can ever name (ids are one byte).
    uint256 public constant MAX_TOKENS = 256;

    /// @dev One slot: the fee in force and the announced one with the time it takes over.
    struct FeeSchedule {
        uint16 current;
        uint16 pending;
        uint64 effectiveAt;
    }

    /// @dev Looked up by token address when a job is posted or rated.
    struct TokenConfig {
        uint8 id;
        bool listed;
        bool allowed;
        uint96 weightUnit;
    }

    /// @dev Looked up by id on every payment: the address and the fees accrued share a slot.
    struct TokenRecord {
        address token;
        uint96 feesAccrued;
    }

    /// @dev Immutable once created, so a job's arbiter and fee are snapshotted by its id.
    struct ArbiterRecord {
        address arbiter;
        uint16 feeBps;
    }

    FeeSchedule private _fee;
    address private _treasury;
    uint16 private _tokenCount;
    uint32 private _arbiterCount;
    uint32 private _defaultArbiterId;
    mapping(address token => TokenConfig) private _tokenConfigs;
    mapping(uint8 id => TokenRecord) private _tokenRecords;
    mapping(uint32 id => ArbiterRecord) private _arbiters;
    mapping(address arbiter => mapping(uint16 feeBps => uint32 id)) private _arbiterIds;

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
        _defaultArbiterId = _arbiterId(arbiter, arbiterFeeBps);
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
        TokenConfig memory config = _tokenConfigs[token];
        return (config.allowed, config.weightUnit);
    }

    /// @inheritdoc IMosaicEscrow
    function defaultArbiter() external view returns (address, uint16) {
        return _arbiterOf(_defaultArbiterId);
    }

    /// @inheritdoc IMosaicEscrow
    function treasury() public view returns (address) {
        return _treasury;
    }

    /// @inheritdoc IMosaicEscrow
    function feesAccrued(address token) external view returns (uint256) {
        TokenConfig memory config = _tokenConfigs[token];
        return config.listed ? _tokenRecords[config.id].feesAccrued : 0;
    }

    /// @dev The id new jobs in `token` store; reverts unless the token is allowed.
    function _tokenIdFor(address token) internal view returns (uint8) {
        TokenConfig memory config = _tokenConfigs[token];
        if (!config.allowed) revert EscrowTokenNotAllowed(token);
        return config.id;
    }

    function _tokenAddress(uint8 tokenId) internal view returns (address) {
        return _tokenRecords[tokenId].token;
    }

    function _weightUnitOf(address token) internal view returns (uint256) {
        return _tokenConfigs[token].weightUnit;
    }

    /// @dev Adds `fee` to the token's accrued fees and returns the token's address (same slot).
    ///      Should the 96-bit counter ever fill up, everything accrued goes to the treasury at once,
    ///      so payments never revert on an overflow.
    function _accrueFee(uint8 tokenId, uint256 fee) internal returns (address token) {
        TokenRecord storage record = _tokenRecords[tokenId];
        token = record.token;
        if (fee == 0) return token;
        uint256 accrued = record.feesAccrued + fee;
        if (accrued > type(uint96).max) {
            record.feesAccrued = 0;
            address to = _treasury;
            emit FeesCollected(token, to, accrued);
            _pushFees(token, to, accrued);
        } else {
            // Checked just above.
            record.feesAccrued = uint96(accrued);
        }
    }

    /// @dev Takes all accrued fees of `token` off the books and returns them with the treasury.
    function _takeAccruedFees(address token) internal returns (address to, uint256 amount) {
        to = _treasury;
        TokenConfig memory config = _tokenConfigs[token];
        TokenRecord storage record = _tokenRecords[config.id];
        amount = config.listed ? record.feesAccrued : 0;
        if (amount == 0) revert EscrowNothingOwed(token, to);
        record.feesAccrued = 0;
    }

    /// @dev The arbiter id a new job stores: the default one, or the (arbiter, fee) pair asked for.
    function _arbiterIdFor(address requested, uint16 requestedFeeBps) internal returns (uint32) {
        if (requested != address(0)) return _arbiterId(requested, requestedFeeBps);
        uint32 id = _defaultArbiterId;
        if (id == 0) revert EscrowNoArbiter();
        return id;
    }

    function _arbiterOf(uint32 arbiterId) internal view returns (address, uint16) {
        ArbiterRecord memory record = _arbiters[arbiterId];
        return (record.arbiter, record.feeBps);
    }

    /// @dev Sends fees that overflowed the accrual counter; implemented where payouts live.
    function _pushFees(address token, address to, uint256 amount) internal virtual;

    function _arbiterId(address arbiter, uint16 arbiterFeeBps) private returns (uint32 id) {
        if (arbiterFeeBps > MAX_ARBITER_FEE_BPS) revert EscrowArbiterFeeTooHigh(arbiterFeeBps, MAX_ARBITER_FEE_BPS);
        id = _arbiterIds[arbiter][arbiterFeeBps];
        if (id == 0) {
            // Ids start at 1 so that 0 means "none"; 2^32 pairs cannot be exhausted at any gas price.
            id = ++_arbiterCount;
            _arbiters[id] = ArbiterRecord(arbiter, arbiterFeeBps);
            _arbiterIds[arbiter][arbiterFeeBps] = id;
        }
    }

    function _configureToken(address token, bool allowed, uint96 weightUnit) private {
        // A zero unit would make every rating paid in this token divide by zero.
        if (weightUnit == 0) revert EscrowInvalidWeightUnit(token);
        TokenConfig storage config = _tokenConfigs[token];
        if (!config.listed) {
            uint256 count = _tokenCount;
            if (count == MAX_TOKENS) revert EscrowTooManyTokens(MAX_TOKENS);
            // count < MAX_TOKENS = 256, so it fits the one-byte id.
            uint8 id = uint8(count);
            _tokenCount = uint16(count + 1);
            config.id = id;
            config.listed = true;
            _tokenRecords[id].token = token;
        }
        config.allowed = allowed;
        config.weightUnit = weightUnit;
        emit TokenConfigured(token, allowed, weightUnit);
    }

    function _setTreasury(address treasury_) private {
        if (treasury_ == address(0)) revert EscrowZeroAddress();
        _treasury = treasury_;
        emit TreasurySet(treasury_);
    }
}
