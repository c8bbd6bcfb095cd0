// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IMosaicEscrow} from "../interfaces/IMosaicEscrow.sol";

/// @title Operator settings and token books
/// @notice What the operator may change: the platform fee (capped, announced 48 hours ahead,
///         snapshotted per job), the token allowlist with each token's rating weight unit and paid-job
///         threshold (snapshotted per job), the default arbiter, the treasury, and a pause on new
///         business. Nothing here can move escrowed funds, and the role cannot be renounced.
///
///         Each token also has books: what the escrow owes out in it (held milestone funds, deferred
///         payments and accrued fees). Anything the escrow holds beyond them is surplus anyone may
///         sweep to the treasury.
/// @dev Tokens, weight settings and (arbiter, fee) pairs get small ids so that a job's every setting
///      fits in the same storage slot as its client; see MosaicEscrow's job layout.
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
    /// @notice Most weight settings a token can have over the escrow's life (versions are one byte).
    uint256 public constant MAX_WEIGHT_VERSIONS = 255;

    /// @dev One slot: the fee in force and the announced one with the time it takes over, and the
    ///      announced default arbiter (by id) with the time it takes over. Posting reads this slot for
    ///      the fee anyway, so a pending arbiter costs nothing to check.
    struct FeeSchedule {
        uint16 current;
        uint16 pending;
        uint64 effectiveAt;
        uint32 pendingArbiterId;
        uint64 arbiterEffectiveAt;
    }

    /// @dev One slot per token, looked up by address when a job is posted or funded and on every
    ///      payment: the token's id, allowlist state, current weight version, fees and books.
    ///      `liabilities` = held milestone funds + deferred payments (owed) + `feesAccrued`.
    struct TokenBook {
        uint8 id;
        bool listed;
        bool allowed;
        uint8 weightVersion;
        uint96 feesAccrued;
        uint128 liabilities;
    }

    /// @dev One version of a token's weight settings; jobs store the version they were posted under.
    struct WeightSettings {
        uint96 weightUnit;
        uint96 paidJobThreshold;
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
    mapping(address token => TokenBook) private _books;
    mapping(uint8 id => address token) private _tokenAddresses;
    mapping(uint8 id => mapping(uint8 version => WeightSettings)) private _weights;
    mapping(uint32 id => ArbiterRecord) private _arbiters;
    mapping(address arbiter => mapping(uint16 feeBps => uint32 id)) private _arbiterIds;

    constructor(
        address operator,
        address treasury_,
        uint96 ethWeightUnit,
        uint96 ethPaidJobThreshold
    ) Ownable(operator) {
        _fee.current = INITIAL_FEE_BPS;
        _setTreasury(treasury_);
        _configureToken(address(0), true, ethWeightUnit, ethPaidJobThreshold);
    }

    /// @inheritdoc IMosaicEscrow
    function announceFee(uint16 newFeeBps) external onlyOwner {
        if (newFeeBps > MAX_FEE_BPS) revert EscrowFeeTooHigh(newFeeBps, MAX_FEE_BPS);
        uint64 effectiveAt = uint64(block.timestamp) + FEE_DELAY;
        FeeSchedule storage fee = _fee;
        fee.current = feeBps();
        fee.pending = newFeeBps;
        fee.effectiveAt = effectiveAt;
        emit FeeChangeAnnounced(newFeeBps, effectiveAt);
    }

    /// @inheritdoc IMosaicEscrow
    function configureToken(
        address token,
        bool allowed,
        uint96 weightUnit,
        uint96 paidJobThreshold
    ) external onlyOwner {
        _configureToken(token, allowed, weightUnit, paidJobThreshold);
    }

    /// @inheritdoc IMosaicEscrow
    function setDefaultArbiter(address arbiter, uint16 arbiterFeeBps) external onlyOwner {
        if (arbiter == address(0)) revert EscrowZeroAddress();
        uint32 id = _arbiterId(arbiter, arbiterFeeBps);
        uint32 current = _currentDefaultArbiterId();
        if (current == 0) {
            // No job can have been shown a default arbiter yet: the first one applies at once.
            _defaultArbiterId = id;
            emit DefaultArbiterSet(arbiter, arbiterFeeBps);
        } else {
            uint64 effectiveAt = uint64(block.timestamp) + FEE_DELAY;
            FeeSchedule storage fee = _fee;
            _defaultArbiterId = current;
            fee.pendingArbiterId = id;
            fee.arbiterEffectiveAt = effectiveAt;
            emit DefaultArbiterChangeAnnounced(arbiter, arbiterFeeBps, effectiveAt);
        }
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

    /// @notice Disabled: an escrow without operator could never be unpaused nor allow a token again.
    function renounceOwnership() public pure override {
        revert EscrowRenounceDisabled();
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
    function tokenConfig(address token) external view returns (bool, uint96, uint96) {
        TokenBook memory book = _books[token];
        WeightSettings memory weights = _weights[book.id][book.weightVersion];
        return book.listed ? (book.allowed, weights.weightUnit, weights.paidJobThreshold) : (false, 0, 0);
    }

    /// @inheritdoc IMosaicEscrow
    function defaultArbiter() external view returns (address, uint16) {
        return _arbiterOf(_currentDefaultArbiterId());
    }

    /// @inheritdoc IMosaicEscrow
    function treasury() public view returns (address) {
        return _treasury;
    }

    /// @inheritdoc IMosaicEscrow
    function feesAccrued(address token) external view returns (uint256) {
        return _books[token].feesAccrued;
    }

    /// @inheritdoc IMosaicEscrow
    function liabilitiesOf(address token) public view returns (uint256) {
        return _books[token].liabilities;
    }

    /// @dev The ids new jobs in `token` store; reverts unless the token is allowed.
    function _tokenIdsFor(address token) internal view returns (uint8 tokenId, uint8 weightVersion) {
        TokenBook memory book = _books[token];
        if (!book.allowed) revert EscrowTokenNotAllowed(token);
        return (book.id, book.weightVersion);
    }

    /// @dev The weight version jobs in `token` take now (what a funding snapshots).
    function _weightVersionOf(address token) internal view returns (uint8) {
        return _books[token].weightVersion;
    }

    function _tokenAddress(uint8 tokenId) internal view returns (address) {
        return _tokenAddresses[tokenId];
    }

    function _weightSettings(uint8 tokenId, uint8 weightVersion) internal view returns (WeightSettings memory) {
        return _weights[tokenId][weightVersion];
    }

    /// @dev Books `amount` the escrow just received for milestones; reverts unless the token is
    ///      still allowed (a token disallowed after posting takes no new funds).
    function _bookIn(address token, uint256 amount) internal {
        if (!_books[token].allowed) revert EscrowTokenNotAllowed(token);
        _addToBooks(token, amount);
    }

    /// @dev Books `amount` the escrow just received (a dispute bond: allowed or not, a job's token
    ///      must keep its disputes open).
    function _addToBooks(address token, uint256 amount) internal {
        TokenBook storage book = _books[token];
        uint256 liabilities = book.liabilities + amount;
        if (liabilities > type(uint128).max) revert EscrowBooksFull(token);
        // Checked just above.
        book.liabilities = uint128(liabilities);
    }

    /// @dev Takes `amount` that left the escrow off the books.
    function _takeOffBooks(address token, uint256 amount) internal {
        TokenBook storage book = _books[token];
        // Only booked funds are ever paid out, so liabilities >= amount: the cast cannot truncate.
        book.liabilities = uint128(book.liabilities - amount);
    }

    /// @dev Adds `fee` to the token's accrued fees (it stays on the books). Should the 96-bit counter
    ///      ever fill up, everything accrued goes to the treasury at once, so payments never revert.
    function _accrueFee(address token, uint256 fee) internal {
        if (fee == 0) return;
        TokenBook storage book = _books[token];
        uint256 accrued = book.feesAccrued + fee;
        if (accrued > type(uint96).max) {
            book.feesAccrued = 0;
            address to = _treasury;
            // Announced as collected only when it reached the treasury; a deferred push says so itself.
            if (_pushFees(token, to, accrued)) emit FeesCollected(token, to, accrued);
        } else {
            // Checked just above.
            book.feesAccrued = uint96(accrued);
        }
    }

    /// @dev Takes all accrued fees of `token` off the books and returns them with the treasury.
    function _takeAccruedFees(address token) internal returns (address to, uint256 amount) {
        to = _treasury;
        TokenBook storage book = _books[token];
        amount = book.feesAccrued;
        if (amount == 0) revert EscrowNothingOwed(token, to);
        book.feesAccrued = 0;
        // amount <= feesAccrued <= liabilities.
        book.liabilities -= uint128(amount);
    }

    /// @dev The arbiter id a new job stores: the default one, or the (arbiter, fee) pair asked for.
    function _arbiterIdFor(address requested, uint16 requestedFeeBps) internal returns (uint32) {
        if (requested != address(0)) return _arbiterId(requested, requestedFeeBps);
        uint32 id = _currentDefaultArbiterId();
        if (id == 0) revert EscrowNoArbiter();
        return id;
    }

    /// @dev The default arbiter in force: the announced one once its delay is over.
    function _currentDefaultArbiterId() internal view returns (uint32) {
        FeeSchedule memory fee = _fee;
        return
            fee.arbiterEffectiveAt != 0 && block.timestamp >= fee.arbiterEffectiveAt
                ? fee.pendingArbiterId
                : _defaultArbiterId;
    }

    /// @dev The balance the escrow holds in `token` (ETH for address(0)).
    function _balanceOf(address token) internal view returns (uint256) {
        return token == address(0) ? address(this).balance : IERC20(token).balanceOf(address(this));
    }

    /// @dev Reverts unless every token the books know is covered by what the escrow holds in it: run
    ///      after a sweep, so that a token reachable at two addresses can never sweep what the books
    ///      owe at the other.
    function _requireBooksCovered() internal view {
        uint256 count = _tokenCount;
        for (uint256 id; id < count; ++id) {
            address token = _tokenAddresses[uint8(id)];
            uint256 balance = _balanceOf(token);
            uint256 booked = _books[token].liabilities;
            if (balance < booked) revert EscrowBooksUncovered(token, balance, booked);
        }
    }

    /// @dev Reverts unless the books know `token` (allowed now or before).
    function _requireListed(address token) internal view {
        if (!_books[token].listed) revert EscrowTokenNotAllowed(token);
    }

    function _arbiterOf(uint32 arbiterId) internal view returns (address, uint16) {
        ArbiterRecord memory record = _arbiters[arbiterId];
        return (record.arbiter, record.feeBps);
    }

    /// @dev Sends fees that overflowed the accrual counter and tells whether they left (otherwise they
    ///      are owed to `to`); implemented where payouts live.
    function _pushFees(address token, address to, uint256 amount) internal virtual returns (bool sent);

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

    function _configureToken(address token, bool allowed, uint96 weightUnit, uint96 paidJobThreshold) private {
        // A zero unit would make every rating paid in this token divide by zero.
        if (weightUnit == 0) revert EscrowInvalidWeightUnit(token);
        // A counted job must at least have paid one unit of rating weight.
        if (paidJobThreshold < weightUnit) {
            revert EscrowInvalidPaidJobThreshold(token, paidJobThreshold, weightUnit);
        }
        TokenBook storage book = _books[token];
        uint8 id = book.id;
        if (!book.listed) {
            uint256 count = _tokenCount;
            if (count == MAX_TOKENS) revert EscrowTooManyTokens(MAX_TOKENS);
            // count < MAX_TOKENS = 256, so it fits the one-byte id.
            id = uint8(count);
            _tokenCount = uint16(count + 1);
            book.id = id;
            book.listed = true;
            _tokenAddresses[id] = token;
            _weights[id][0] = WeightSettings(weightUnit, paidJobThreshold);
        } else {
            uint8 version = book.weightVersion;
            WeightSettings memory current = _weights[id][version];
            if (current.weightUnit != weightUnit || current.paidJobThreshold != paidJobThreshold) {
                // Jobs keep the version they were posted under: a change applies to new jobs only.
                if (version == MAX_WEIGHT_VERSIONS) revert EscrowTooManyWeightChanges(MAX_WEIGHT_VERSIONS);
                book.weightVersion = version + 1;
                _weights[id][version + 1] = WeightSettings(weightUnit, paidJobThreshold);
            }
        }
        book.allowed = allowed;
        emit TokenConfigured(token, allowed, weightUnit, paidJobThreshold);
    }

    function _setTreasury(address treasury_) private {
        if (treasury_ == address(0)) revert EscrowZeroAddress();
        _treasury = treasury_;
        emit TreasurySet(treasury_);
    }
}
