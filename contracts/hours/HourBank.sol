// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IArbitrable} from "../interfaces/IArbitrable.sol";
import {IEvidence} from "../interfaces/IEvidence.sol";
import {IHourBank} from "../interfaces/IHourBank.sol";
import {IReputation} from "../interfaces/IReputation.sol";
import {MosaicEscrow} from "../escrow/MosaicEscrow.sol";
import {Reputation} from "../reputation/Reputation.sol";

/// @title Mosaic hour banks
/// @notice Banks of a vendor's hours bought in bulk and drawn down by timesheet logs (see IHourBank).
///
///         The operator's settings are the escrow's, read from it rather than copied: the token
///         allowlist with each token's rating weight unit and paid-job threshold and the platform fee
///         (time-locked there) are snapshotted at each funding (purchase, top-up), the default arbiter
///         when the bank is bought; fees go to the escrow's treasury at collection time; the escrow's
///         pause stops new banks and top-ups, never a log, a review, a payment, a refund or a withdrawal.
///
///         Ratings use the escrow's Reputation code with the same rules (weight = paid units, per-pair
///         cap, prior, paid-job threshold, distinct clients, a day between funding and payment), in a
///         ledger of its own: the escrow's ledger is fed by the escrow alone and cannot take entries
///         from another contract without changing the escrow. A bank is the rated "job".
contract HourBank is IHourBank, Reputation, IArbitrable, IEvidence, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice Shortest review window a bank may set.
    uint32 public constant MIN_REVIEW_WINDOW = 1 days;
    /// @notice Longest review window a bank may set.
    uint32 public constant MAX_REVIEW_WINDOW = 30 days;
    /// @notice Time an arbiter has before anyone may split a contested log evenly.
    uint256 public constant DISPUTE_TIMEOUT = 30 days;
    /// @notice Longest document CID accepted, in bytes.
    uint256 public constant MAX_CID_LENGTH = 100;
    /// @notice Least time between a bank's last funding and a vendor payment for the bank to count as
    ///         a paid vendor job (the escrow's rule).
    uint256 public constant MIN_COUNTED_JOB_TIME = 1 days;
    /// @notice Logs a bank can have awaiting review or arbitration at once: log slots are reused in
    ///         a ring, so that a bank in use writes no new storage slot per log.
    uint256 public constant MAX_OPEN_LOGS = 32;
    /// @notice Most volume discount tiers in a vendor's terms.
    uint256 public constant MAX_TIERS = 8;
    /// @notice Hard cap on the platform fee after rounding, as in the escrow: 2%.
    uint256 public constant MAX_FEE_BPS = 200;
    /// @notice Gas forwarded with an ETH push, as in the escrow.
    uint256 public constant ETH_PUSH_GAS = 100_000;

    uint256 private constant _BPS = 10_000;
    uint8 private constant _FLAG_CLOSED = 1;
    uint8 private constant _FLAG_CLIENT_RATED = 2;
    uint8 private constant _FLAG_VENDOR_RATED = 4;
    uint8 private constant _FLAG_PAID_JOB_COUNTED = 8;
    uint8 private constant _FLAG_PAID_EARLY = 16;

    /// @dev Six slots, grouped by the calls that read them: a log reads slots 0 and 1 and writes 1; a
    ///      payment reads 1 and 2 and writes 3 (slot 0 only when paid within a day of funding).
    struct StoredBank {
        address client;
        uint32 expiresAt;
        uint24 reviewWindow;
        uint16 arbiterFeeBps;
        uint8 flags;
        address vendor;
        uint32 minutesLeft;
        uint32 allocated;
        uint32 logCount;
        address token;
        uint96 minuteRate;
        uint128 paid;
        uint88 fees;
        uint32 fundedAt;
        uint8 feeBps;
        address arbiter;
        uint32 noticeMinutes;
        uint96 weightUnit;
        uint96 paidJobThreshold;
    }

    /// @notice Where operator settings, the registry, the treasury and the pause are read from.
    MosaicEscrow public immutable escrow;

    uint256 private _bankCount;
    mapping(uint256 bankId => StoredBank) private _banks;
    mapping(uint256 bankId => mapping(uint256 slot => Log)) private _logs;
    mapping(uint256 bankId => mapping(address member => uint32)) private _allocations;
    mapping(uint256 disputeId => uint256) private _contestedAt;
    mapping(address vendor => mapping(address token => VendorTerms)) private _terms;
    mapping(address token => mapping(address account => uint256)) private _owed;

    /// @param escrow_ The escrow whose settings, registry and pause apply.
    /// @param ratingPriorWeight_ Weight units of 1-star prior (deploy with the escrow's value).
    constructor(MosaicEscrow escrow_, uint64 ratingPriorWeight_) Reputation(ratingPriorWeight_) {
        if (address(escrow_) == address(0)) revert HourBankZeroAddress();
        escrow = escrow_;
    }

    // ================================================================== vendor terms

    /// @inheritdoc IHourBank
    function setTerms(address token, uint96 hourlyRate, uint32 noticeHours, Tier[] calldata tiers) external {
        if (!escrow.registry().isRegistered(msg.sender)) revert HourBankVendorUnregistered(msg.sender);
        VendorTerms storage terms = _terms[msg.sender][token];
        delete terms.tiers;
        if (hourlyRate == 0) {
            delete _terms[msg.sender][token];
        } else {
            if (hourlyRate < 60) revert HourBankRateTooLow(hourlyRate);
            if (tiers.length > MAX_TIERS) revert HourBankInvalidTiers(MAX_TIERS);
            for (uint256 i; i < tiers.length; ++i) {
                Tier calldata tier = tiers[i];
                bool rises =
                    i == 0
                        ? tier.minHours != 0 && tier.discountBps != 0
                        : tier.minHours > tiers[i - 1].minHours && tier.discountBps > tiers[i - 1].discountBps;
                if (!rises || tier.discountBps >= _BPS) revert HourBankInvalidTiers(i);
                terms.tiers.push(tier);
            }
            terms.hourlyRate = hourlyRate;
            terms.noticeHours = noticeHours;
        }
        emit TermsPublished(msg.sender, token, hourlyRate, noticeHours, tiers);
    }

    // ================================================================== client

    /// @inheritdoc IHourBank
    function buy(Order calldata order) external payable nonReentrant returns (uint256 bankId) {
        uint256 total;
        (bankId, total) = _open(order);
        _collect(order.token, total);
    }

    /// @inheritdoc IHourBank
    function buyWithPermit(
        Order calldata order,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant returns (uint256 bankId) {
        uint256 total;
        (bankId, total) = _open(order);
        _permit(order.token, total, permitDeadline, v, r, s);
        _collect(order.token, total);
    }

    /// @inheritdoc IHourBank
    function topUp(uint256 bankId, uint32 hourCount, uint32 expiresAt) external payable nonReentrant {
        (address token, uint256 amount) = _topUp(bankId, hourCount, expiresAt);
        _collect(token, amount);
    }

    /// @inheritdoc IHourBank
    function topUpWithPermit(
        uint256 bankId,
        uint32 hourCount,
        uint32 expiresAt,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant {
        (address token, uint256 amount) = _topUp(bankId, hourCount, expiresAt);
        _permit(token, amount, permitDeadline, v, r, s);
        _collect(token, amount);
    }

    /// @inheritdoc IHourBank
    function allocate(uint256 bankId, address member, uint32 minuteCount) external {
        StoredBank storage bank = _clientBank(bankId);
        _requireOpen(bankId, bank);
        if (member == address(0)) revert HourBankZeroAddress();
        if (member == msg.sender || member == bank.vendor) revert HourBankConflictOfInterest(member);
        uint32 previous = _allocations[bankId][member];
        uint256 others = bank.allocated - previous;
        uint256 left = bank.minutesLeft;
        if (others + minuteCount > left) revert HourBankNotEnoughTime(bankId, member, minuteCount, left - others);
        _allocations[bankId][member] = minuteCount;
        // others + minuteCount <= minutesLeft, a uint32.
        bank.allocated = uint32(others + minuteCount);
        emit Allocated(bankId, member, minuteCount);
    }

    /// @inheritdoc IHourBank
    function requestWork(uint256 bankId, string calldata briefCid) external {
        StoredBank storage bank = _bank(bankId);
        _requireOpen(bankId, bank);
        if (msg.sender != bank.client && _allocations[bankId][msg.sender] == 0) {
            revert HourBankNotReviewer(bankId, msg.sender);
        }
        _requireCid(briefCid);
        emit WorkRequested(bankId, msg.sender, briefCid);
    }

    /// @inheritdoc IHourBank
    function approveLog(uint256 bankId, uint256 logId) external nonReentrant {
        StoredBank storage bank = _bank(bankId);
        Log storage entry = _log(bankId, bank, logId);
        _requireReviewer(bankId, bank, entry);
        _requireLogState(bankId, logId, entry, LogState.Pending);
        if (block.timestamp < entry.reviewEndsAt) emit LogApproved(bankId, logId, msg.sender);
        _pay(bankId, logId, bank, entry);
    }

    /// @inheritdoc IHourBank
    function contest(uint256 bankId, uint256 logId, string calldata evidenceCid) external {
        _requireCid(evidenceCid);
        StoredBank storage bank = _bank(bankId);
        Log storage entry = _log(bankId, bank, logId);
        _requireReviewer(bankId, bank, entry);
        _requireLogState(bankId, logId, entry, LogState.Pending);
        if (block.timestamp >= entry.reviewEndsAt) revert HourBankReviewOver(bankId, logId, entry.reviewEndsAt);
        entry.state = LogState.Contested;
        uint256 disputeId = _disputeId(bankId, logId);
        _contestedAt[disputeId] = block.timestamp;
        address arbiter = bank.arbiter;
        emit LogContested(bankId, logId, disputeId, msg.sender, uint256(entry.minuteCount) * bank.minuteRate);
        emit Dispute(arbiter, disputeId, bankId, disputeId);
        emit Evidence(arbiter, disputeId, msg.sender, evidenceCid);
    }

    /// @inheritdoc IHourBank
    function close(uint256 bankId) external nonReentrant {
        StoredBank storage bank = _bank(bankId);
        uint8 flags = bank.flags;
        if (flags & _FLAG_CLOSED != 0) revert HourBankClosed(bankId);
        uint256 left = bank.minutesLeft;
        uint256 notice;
        if (block.timestamp < bank.expiresAt) {
            if (msg.sender != bank.client) revert HourBankNotClient(bankId, msg.sender);
            notice = bank.noticeMinutes < left ? bank.noticeMinutes : left;
        }
        bank.flags = flags | _FLAG_CLOSED;
        bank.minutesLeft = 0;
        bank.allocated = 0;
        uint256 rate_ = bank.minuteRate;
        uint256 refunded = (left - notice) * rate_;
        (uint256 toVendor, uint256 fee) = _takeFee(bank, notice * rate_);
        emit BankClosed(bankId, refunded, toVendor, fee);
        address token = bank.token;
        _push(token, bank.vendor, toVendor);
        _push(token, bank.client, refunded);
    }

    // ================================================================== vendor

    /// @inheritdoc IHourBank
    function logHours(
        uint256 bankId,
        address member,
        uint24 minuteCount,
        bytes32 noteDigest
    ) external returns (uint256 logId) {
        StoredBank storage bank = _bank(bankId);
        if (noteDigest == bytes32(0)) revert HourBankEmptyNote(bankId);
        if (msg.sender != bank.vendor) revert HourBankNotVendor(bankId, msg.sender);
        if (bank.flags & _FLAG_CLOSED != 0) revert HourBankClosed(bankId);
        if (block.timestamp >= bank.expiresAt) revert HourBankExpired(bankId, bank.expiresAt);
        if (minuteCount == 0) revert HourBankInvalidMinutes(0);
        uint32 left = bank.minutesLeft;
        uint32 allocated = bank.allocated;
        if (member == bank.client) {
            if (minuteCount > left - allocated) {
                revert HourBankNotEnoughTime(bankId, member, minuteCount, left - allocated);
            }
        } else {
            uint32 share = _allocations[bankId][member];
            if (minuteCount > share) revert HourBankNotEnoughTime(bankId, member, minuteCount, share);
            _allocations[bankId][member] = share - minuteCount;
            allocated -= minuteCount;
        }
        logId = bank.logCount;
        Log storage entry = _logs[bankId][logId % MAX_OPEN_LOGS];
        LogState previous = entry.state;
        if (previous == LogState.Pending || previous == LogState.Contested) {
            revert HourBankTooManyOpenLogs(bankId, MAX_OPEN_LOGS);
        }
        bank.minutesLeft = left - minuteCount;
        bank.allocated = allocated;
        // Four billion logs on one bank are out of any gas budget's reach: the count fits 32 bits.
        bank.logCount = uint32(logId + 1);
        // Timestamps fit uint32 until 2106.
        uint32 reviewEndsAt = uint32(block.timestamp) + bank.reviewWindow;
        (entry.member, entry.minuteCount, entry.reviewEndsAt, entry.state, entry.id) = (
            member,
            minuteCount,
            reviewEndsAt,
            LogState.Pending,
            uint32(logId)
        );
        emit HoursLogged(bankId, logId, member, minuteCount, noteDigest);
    }

    // ================================================================== anyone

    /// @inheritdoc IHourBank
    function release(uint256 bankId, uint256 logId) external nonReentrant {
        // No bank, no log: `_log` reverts for an unknown bank without reading its client's slot.
        StoredBank storage bank = _banks[bankId];
        Log storage entry = _log(bankId, bank, logId);
        _requireLogState(bankId, logId, entry, LogState.Pending);
        if (block.timestamp < entry.reviewEndsAt) revert HourBankTooEarly(bankId, logId, entry.reviewEndsAt);
        _pay(bankId, logId, bank, entry);
    }

    /// @inheritdoc IHourBank
    function submitEvidence(uint256 bankId, uint256 logId, string calldata evidenceCid) external {
        _requireCid(evidenceCid);
        StoredBank storage bank = _bank(bankId);
        Log storage entry = _log(bankId, bank, logId);
        if (msg.sender != bank.vendor) _requireReviewer(bankId, bank, entry);
        _requireLogState(bankId, logId, entry, LogState.Contested);
        emit Evidence(bank.arbiter, _disputeId(bankId, logId), msg.sender, evidenceCid);
    }

    /// @inheritdoc IArbitrable
    /// @dev As in the escrow: ruling 0 refuses to arbitrate (even split, no arbiter fee); ruling r in
    ///      1..10001 gives the vendor r - 1 basis points of the log's value.
    function rule(uint256 disputeID, uint256 ruling) external nonReentrant {
        uint256 bankId = disputeID >> 32;
        uint256 logId = uint32(disputeID);
        StoredBank storage bank = _bank(bankId);
        if (msg.sender != bank.arbiter) revert HourBankNotArbiter(disputeID, msg.sender);
        Log storage entry = _log(bankId, bank, logId);
        _requireLogState(bankId, logId, entry, LogState.Contested);
        if (ruling > _BPS + 1) revert HourBankInvalidRuling(ruling);
        emit Ruling(msg.sender, disputeID, ruling);
        bool refused = ruling == 0;
        // ruling <= 10_001, so ruling - 1 fits a uint16.
        _resolve(bankId, logId, bank, entry, refused ? uint16(_BPS / 2) : uint16(ruling - 1), !refused);
    }

    /// @inheritdoc IHourBank
    function resolveTimedOut(uint256 bankId, uint256 logId) external nonReentrant {
        StoredBank storage bank = _bank(bankId);
        Log storage entry = _log(bankId, bank, logId);
        _requireLogState(bankId, logId, entry, LogState.Contested);
        uint256 availableAt = _contestedAt[_disputeId(bankId, logId)] + DISPUTE_TIMEOUT;
        if (block.timestamp < availableAt) revert HourBankTooEarly(bankId, logId, availableAt);
        _resolve(bankId, logId, bank, entry, uint16(_BPS / 2), false);
    }

    /// @inheritdoc IHourBank
    function collectFees(uint256 bankId) external nonReentrant {
        StoredBank storage bank = _bank(bankId);
        uint256 amount = bank.fees;
        if (amount == 0) revert HourBankNoFees(bankId);
        bank.fees = 0;
        address to = escrow.treasury();
        emit FeesCollected(bankId, to, amount);
        _push(bank.token, to, amount);
    }

    /// @inheritdoc IHourBank
    function withdraw(address token, address to) external nonReentrant {
        if (to == address(0)) revert HourBankZeroAddress();
        uint256 amount = _owed[token][msg.sender];
        if (amount == 0) revert HourBankNothingOwed(token, msg.sender);
        delete _owed[token][msg.sender];
        emit Withdrawn(token, msg.sender, to, amount);
        if (token == address(0)) {
            Address.sendValue(payable(to), amount);
        } else {
            IERC20(token).safeTransfer(to, amount);
        }
    }

    // ================================================================== reputation

    /// @inheritdoc IReputation
    /// @dev `jobId` is a bank id of this contract. Once per bank and side, weighted by what the bank
    ///      has paid its vendor for logged time so far (notice pay is not work and does not count).
    function rate(uint256 jobId, uint8 score) external {
        StoredBank storage bank = _bank(jobId);
        uint8 flags = bank.flags;
        address client = bank.client;
        address vendor = bank.vendor;
        address ratee;
        uint8 ratedFlag;
        bool rateeIsVendor = msg.sender == client;
        if (rateeIsVendor) {
            (ratee, ratedFlag) = (vendor, _FLAG_CLIENT_RATED);
        } else if (msg.sender == vendor) {
            (ratee, ratedFlag) = (client, _FLAG_VENDOR_RATED);
        } else {
            revert ReputationNotParty(jobId, msg.sender);
        }
        if (flags & ratedFlag != 0) revert ReputationAlreadyRated(jobId, msg.sender);
        uint256 paid = bank.paid;
        if (paid == 0) revert ReputationNothingPaid(jobId);
        bool countPaidJob = flags & (_FLAG_PAID_JOB_COUNTED | _FLAG_PAID_EARLY) == 0 && paid >= bank.paidJobThreshold;
        if (countPaidJob) ratedFlag |= _FLAG_PAID_JOB_COUNTED;
        bank.flags = flags | ratedFlag;
        _recordRating(
            jobId,
            msg.sender,
            ratee,
            rateeIsVendor,
            score,
            paid / bank.weightUnit,
            vendor,
            client,
            countPaidJob
        );
    }

    /// @inheritdoc IReputation
    function hasRated(uint256 jobId, address rater) external view returns (bool) {
        StoredBank storage bank = _banks[jobId];
        if (rater == address(0)) return false;
        if (rater == bank.client) return bank.flags & _FLAG_CLIENT_RATED != 0;
        if (rater == bank.vendor) return bank.flags & _FLAG_VENDOR_RATED != 0;
        return false;
    }

    /// @notice Paid vendor jobs (banks) of `vendor` in this ledger.
    function paidJobsOf(address vendor) external view returns (uint256) {
        return _paidJobsOf(vendor);
    }

    // ================================================================== views

    /// @inheritdoc IHourBank
    function termsOf(address vendor, address token) external view returns (VendorTerms memory) {
        return _terms[vendor][token];
    }

    /// @inheritdoc IHourBank
    function quote(
        address vendor,
        address token,
        uint32 hourCount
    ) public view returns (uint256 hourlyRate, uint96 minuteRate, uint256 total) {
        VendorTerms storage terms = _terms[vendor][token];
        uint256 listed = terms.hourlyRate;
        if (listed == 0) revert HourBankNoTerms(vendor, token);
        uint256 discountBps;
        Tier[] storage tiers = terms.tiers;
        for (uint256 i; i < tiers.length && tiers[i].minHours <= hourCount; ++i) discountBps = tiers[i].discountBps;
        hourlyRate = (listed * (_BPS - discountBps)) / _BPS;
        // hourlyRate <= listed < 2^96.
        minuteRate = uint96(hourlyRate / 60);
        if (minuteRate == 0) revert HourBankRateTooLow(hourlyRate);
        total = _price(hourCount, minuteRate);
    }

    /// @inheritdoc IHourBank
    function bankCount() external view returns (uint256) {
        return _bankCount;
    }

    /// @inheritdoc IHourBank
    function bankOf(uint256 bankId) external view returns (Bank memory) {
        StoredBank storage bank = _bank(bankId);
        return
            Bank({
                client: bank.client,
                vendor: bank.vendor,
                token: bank.token,
                arbiter: bank.arbiter,
                arbiterFeeBps: bank.arbiterFeeBps,
                feeBps: bank.feeBps,
                expiresAt: bank.expiresAt,
                reviewWindow: bank.reviewWindow,
                minutesLeft: bank.minutesLeft,
                allocated: bank.allocated,
                logCount: bank.logCount,
                noticeMinutes: bank.noticeMinutes,
                fundedAt: bank.fundedAt,
                minuteRate: bank.minuteRate,
                paidToVendor: bank.paid,
                feesAccrued: bank.fees,
                closed: bank.flags & _FLAG_CLOSED != 0,
                weightUnit: bank.weightUnit,
                paidJobThreshold: bank.paidJobThreshold
            });
    }

    /// @inheritdoc IHourBank
    function logOf(uint256 bankId, uint256 logId) external view returns (Log memory) {
        return _log(bankId, _bank(bankId), logId);
    }

    /// @inheritdoc IHourBank
    function allocationOf(uint256 bankId, address member) external view returns (uint32) {
        // Closing voids every share (the bank's `allocated` total goes to zero with its time).
        return _banks[bankId].flags & _FLAG_CLOSED != 0 ? 0 : _allocations[bankId][member];
    }

    /// @inheritdoc IHourBank
    function owed(address token, address account) external view returns (uint256) {
        return _owed[token][account];
    }

    // ================================================================== internals

    function _open(Order calldata order) private returns (uint256 bankId, uint256 total) {
        _requireNotPaused();
        address vendor = order.vendor;
        address token = order.token;
        uint256 hourlyRate;
        uint96 minuteRate;
        (hourlyRate, minuteRate, total) = quote(vendor, token, order.hourCount);
        if (hourlyRate > order.maxHourlyRate) revert HourBankRateAboveMax(hourlyRate, order.maxHourlyRate);
        (bool allowed, uint96 weightUnit, uint96 paidJobThreshold) = escrow.tokenConfig(token);
        if (!allowed) revert HourBankTokenNotAllowed(token);
        if (order.expiresAt <= block.timestamp) revert HourBankInvalidExpiry(order.expiresAt);
        uint32 reviewWindow = order.reviewWindow;
        if (reviewWindow < MIN_REVIEW_WINDOW || reviewWindow > MAX_REVIEW_WINDOW) {
            revert HourBankInvalidReviewWindow(reviewWindow, MIN_REVIEW_WINDOW, MAX_REVIEW_WINDOW);
        }
        (address arbiter, uint16 arbiterFeeBps) = escrow.defaultArbiter();
        if (arbiter == address(0)) revert HourBankNoArbiter();
        if (vendor == msg.sender) revert HourBankConflictOfInterest(vendor);
        if (arbiter == msg.sender || arbiter == vendor) revert HourBankConflictOfInterest(arbiter);
        bankId = ++_bankCount;
        StoredBank storage bank = _banks[bankId];
        bank.client = msg.sender;
        bank.expiresAt = order.expiresAt;
        bank.reviewWindow = uint24(reviewWindow); // <= 30 days: fits 24 bits
        bank.arbiterFeeBps = arbiterFeeBps;
        bank.vendor = vendor;
        bank.minutesLeft = uint32(uint256(order.hourCount) * 60); // _price checked it fits 32 bits
        bank.token = token;
        bank.minuteRate = minuteRate;
        bank.fundedAt = uint32(block.timestamp);
        uint16 feeBps = escrow.feeBps();
        bank.feeBps = uint8(feeBps); // the escrow caps its fee at 200 bps: it fits a byte
        bank.arbiter = arbiter;
        uint256 noticeMinutes = uint256(_terms[vendor][token].noticeHours) * 60;
        bank.noticeMinutes = noticeMinutes > type(uint32).max ? type(uint32).max : uint32(noticeMinutes);
        bank.weightUnit = weightUnit;
        bank.paidJobThreshold = paidJobThreshold;
        emit BankOpened(
            bankId,
            msg.sender,
            vendor,
            token,
            order.hourCount,
            minuteRate,
            total,
            order.expiresAt,
            reviewWindow,
            arbiter,
            arbiterFeeBps,
            feeBps
        );
    }

    function _topUp(
        uint256 bankId,
        uint32 hourCount,
        uint32 expiresAt
    ) private returns (address token, uint256 amount) {
        _requireNotPaused();
        StoredBank storage bank = _clientBank(bankId);
        if (bank.flags & _FLAG_CLOSED != 0) revert HourBankClosed(bankId);
        token = bank.token;
        (bool allowed, uint96 weightUnit, uint96 paidJobThreshold) = escrow.tokenConfig(token);
        if (!allowed) revert HourBankTokenNotAllowed(token);
        if (expiresAt <= block.timestamp || expiresAt < bank.expiresAt) revert HourBankInvalidExpiry(expiresAt);
        amount = _price(hourCount, bank.minuteRate);
        uint256 left = uint256(bank.minutesLeft) + uint256(hourCount) * 60;
        if (left > type(uint32).max) revert HourBankInvalidHours(hourCount);
        bank.minutesLeft = uint32(left);
        bank.expiresAt = expiresAt;
        bank.fundedAt = uint32(block.timestamp);
        // As the escrow does at each funding: the fee and weight settings in force now apply.
        bank.feeBps = uint8(escrow.feeBps());
        bank.weightUnit = weightUnit;
        bank.paidJobThreshold = paidJobThreshold;
        emit BankToppedUp(bankId, hourCount, amount, expiresAt);
    }

    /// @dev What `hourCount` hours cost at `minuteRate`; reverts unless the minutes fit 32 bits and
    ///      the amount 112 (so that every sum the bank keeps fits its field).
    function _price(uint32 hourCount, uint96 minuteRate) private pure returns (uint256 amount) {
        uint256 minuteCount = uint256(hourCount) * 60;
        if (hourCount == 0 || minuteCount > type(uint32).max) revert HourBankInvalidHours(hourCount);
        amount = minuteCount * minuteRate;
        if (amount > type(uint112).max) revert HourBankInvalidHours(hourCount);
    }

    /// @dev Pays a pending log to the vendor, less the bank's fee.
    function _pay(uint256 bankId, uint256 logId, StoredBank storage bank, Log storage entry) private {
        entry.state = LogState.Paid;
        uint256 gross = uint256(entry.minuteCount) * bank.minuteRate;
        (uint256 toVendor, uint256 fee) = _takeFee(bank, gross);
        _addPaid(bank, gross);
        emit LogReleased(bankId, logId, toVendor, fee);
        _push(bank.token, bank.vendor, toVendor);
    }

    /// @dev Splits a contested log as the escrow splits a dispute: the vendor gets `vendorBps` of it,
    ///      the client the rest; the arbiter's fee (rulings only) is charged to each in proportion to
    ///      what the ruling denied it, what one cannot cover falling on the other. The vendor's gain
    ///      pays the platform fee and counts as paid work.
    function _resolve(
        uint256 bankId,
        uint256 logId,
        StoredBank storage bank,
        Log storage entry,
        uint16 vendorBps,
        bool chargeArbiter
    ) private {
        entry.state = LogState.Resolved;
        uint256 frozen = uint256(entry.minuteCount) * bank.minuteRate;
        uint256 arbiterFee = chargeArbiter ? (frozen * bank.arbiterFeeBps) / _BPS : 0;
        uint256 vendorShare = (frozen * vendorBps) / _BPS;
        uint256 toClient = frozen - vendorShare;
        uint256 vendorPart = (arbiterFee * (_BPS - vendorBps)) / _BPS;
        if (vendorPart > vendorShare) vendorPart = vendorShare;
        uint256 clientPart = arbiterFee - vendorPart;
        if (clientPart > toClient) {
            // arbiterFee <= frozen = vendorShare + toClient, so the vendor covers the rest.
            vendorPart += clientPart - toClient;
            clientPart = toClient;
        }
        uint256 vendorGross = vendorShare - vendorPart;
        toClient -= clientPart;
        (uint256 toVendor, uint256 fee) = _takeFee(bank, vendorGross);
        _addPaid(bank, vendorGross);
        emit LogResolved(bankId, logId, vendorBps, toVendor, toClient, arbiterFee, fee);
        address token = bank.token;
        _push(token, bank.arbiter, arbiterFee);
        _push(token, bank.vendor, toVendor);
        _push(token, bank.client, toClient);
    }

    /// @dev The escrow's fee rule on a vendor payment (rounded up, then held to the hard cap), accrued
    ///      in the bank; should the bank's fee counter fill up, everything accrued goes to the treasury.
    function _takeFee(StoredBank storage bank, uint256 gross) private returns (uint256 toVendor, uint256 fee) {
        fee = (gross * bank.feeBps + _BPS - 1) / _BPS;
        uint256 cap = (gross * MAX_FEE_BPS) / _BPS;
        if (fee > cap) fee = cap;
        toVendor = gross - fee;
        if (fee == 0) return (toVendor, fee);
        uint256 accrued = bank.fees + fee;
        if (accrued > type(uint88).max) {
            bank.fees = 0;
            _push(bank.token, escrow.treasury(), accrued);
        } else {
            bank.fees = uint88(accrued);
        }
    }

    /// @dev Adds a vendor payment for logged work to the bank's paid total (what ratings weigh) and
    ///      marks the bank paid too soon after funding to count as a paid job, as the escrow does.
    function _addPaid(StoredBank storage bank, uint256 gross) private {
        // gross <= 2^112 per payment; 2^128 would take 65,536 payments of the largest bank: saturate.
        uint256 paid = bank.paid + gross;
        bank.paid = paid > type(uint128).max ? type(uint128).max : uint128(paid);
        if (gross != 0 && block.timestamp < uint256(bank.fundedAt) + MIN_COUNTED_JOB_TIME) {
            bank.flags |= _FLAG_PAID_EARLY;
        }
    }

    /// @dev The escrow's pull-payment fallback: a refused transfer is owed to `to` instead.
    function _push(address token, address to, uint256 amount) private {
        if (amount == 0) return;
        bool sent;
        if (token == address(0)) {
            assembly ("memory-safe") {
                sent := call(ETH_PUSH_GAS, to, amount, 0, 0, 0, 0)
            }
        } else {
            sent = IERC20(token).trySafeTransfer(to, amount);
        }
        if (!sent) {
            _owed[token][to] += amount;
            emit PaymentDeferred(token, to, amount);
        }
    }

    /// @dev Pulls `amount` from the caller and refuses tokens that deliver less than asked.
    function _collect(address token, uint256 amount) private {
        if (token == address(0)) {
            if (msg.value != amount) revert HourBankWrongValue(amount, msg.value);
            return;
        }
        if (msg.value != 0) revert HourBankWrongValue(0, msg.value);
        uint256 before = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = IERC20(token).balanceOf(address(this)) - before;
        if (received < amount) revert HourBankTokenDeliveredLess(token, amount, received);
    }

    /// @dev A failed permit (front-run, or no permit at all) is not fatal: the transfer decides.
    function _permit(address token, uint256 total, uint256 deadline, uint8 v, bytes32 r, bytes32 s) private {
        if (token != address(0)) {
            try IERC20Permit(token).permit(msg.sender, address(this), total, deadline, v, r, s) {} catch {}
        }
    }

    function _requireNotPaused() private view {
        if (escrow.paused()) revert HourBankPaused();
    }

    function _requireCid(string calldata cid) private pure {
        uint256 length = bytes(cid).length;
        if (length == 0 || length > MAX_CID_LENGTH) revert HourBankInvalidCid(length, MAX_CID_LENGTH);
    }

    function _requireOpen(uint256 bankId, StoredBank storage bank) private view {
        if (bank.flags & _FLAG_CLOSED != 0) revert HourBankClosed(bankId);
        if (block.timestamp >= bank.expiresAt) revert HourBankExpired(bankId, bank.expiresAt);
    }

    function _requireReviewer(uint256 bankId, StoredBank storage bank, Log storage entry) private view {
        if (msg.sender != bank.client && msg.sender != entry.member) revert HourBankNotReviewer(bankId, msg.sender);
    }

    function _requireLogState(uint256 bankId, uint256 logId, Log storage entry, LogState expected) private view {
        if (entry.state != expected) revert HourBankLogState(bankId, logId, entry.state);
    }

    function _bank(uint256 bankId) private view returns (StoredBank storage bank) {
        bank = _banks[bankId];
        if (bank.client == address(0)) revert HourBankNotFound(bankId);
    }

    function _clientBank(uint256 bankId) private view returns (StoredBank storage bank) {
        bank = _bank(bankId);
        if (msg.sender != bank.client) revert HourBankNotClient(bankId, msg.sender);
    }

    function _log(uint256 bankId, StoredBank storage bank, uint256 logId) private view returns (Log storage entry) {
        entry = _logs[bankId][logId % MAX_OPEN_LOGS];
        if (logId >= bank.logCount || entry.id != logId) revert HourBankLogNotFound(bankId, logId);
    }

    function _disputeId(uint256 bankId, uint256 logId) private pure returns (uint256) {
        return (bankId << 32) | logId;
    }
}
