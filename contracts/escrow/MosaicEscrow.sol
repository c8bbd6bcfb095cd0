// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IArbitrable} from "../interfaces/IArbitrable.sol";
import {IEvidence} from "../interfaces/IEvidence.sol";
import {IMosaicEscrow} from "../interfaces/IMosaicEscrow.sol";
import {IReputation} from "../interfaces/IReputation.sol";
import {IVendorRegistry} from "../interfaces/IVendorRegistry.sol";
import {Reputation} from "../reputation/Reputation.sol";
import {OperatorSettings} from "./OperatorSettings.sol";
import {Batch} from "./Batch.sol";
import {Payouts} from "./Payouts.sol";
import {TypedData} from "./TypedData.sol";

/// @title Mosaic escrow and job board
/// @notice Holds clients' milestone funds until the work is approved, auto-released, refunded or
///         split by a dispute, and feeds the reputation ledger with what was actually paid.
contract MosaicEscrow is
    OperatorSettings,
    Payouts,
    Reputation,
    IArbitrable,
    IEvidence,
    TypedData,
    ReentrancyGuardTransient,
    Batch
{
    using SafeERC20 for IERC20;

    /// @notice Most milestones per job; indexes fit the low byte of a dispute id.
    uint256 public constant MAX_MILESTONES = 64;
    /// @notice Shortest review window a job may set.
    uint32 public constant MIN_REVIEW_WINDOW = 1 days;
    /// @notice Longest review window a job may set.
    uint32 public constant MAX_REVIEW_WINDOW = 30 days;
    /// @notice Time an arbiter has before anyone may split a dispute evenly.
    uint256 public constant DISPUTE_TIMEOUT = 30 days;
    /// @notice Highest minimum rating (x100) a job may ask for.
    uint16 public constant MAX_RATING = 500;
    /// @notice Longest evidence CID accepted, in bytes (a CIDv1 in base32 is 59).
    uint256 public constant MAX_CID_LENGTH = 100;
    /// @notice Least time between a job's last funding and a vendor payment for the job to count as
    ///         a paid vendor job: qualification costs capital locked over time, not a flash loan.
    uint256 public constant MIN_COUNTED_JOB_TIME = 1 days;

    uint256 private constant _BPS = 10_000;
    uint8 private constant _FLAG_OPEN = 1;
    uint8 private constant _FLAG_CLIENT_RATED = 2;
    uint8 private constant _FLAG_VENDOR_RATED = 4;
    uint8 private constant _FLAG_PAID_JOB_COUNTED = 8;
    /// @dev A vendor payment came less than MIN_COUNTED_JOB_TIME after the job's last funding.
    uint8 private constant _FLAG_PAID_EARLY = 16;
    /// @dev Marks a dispute raised by the vendor (who posted a bond) in `_disputedAt`.
    uint256 private constant _RAISED_BY_VENDOR = 1 << 255;

    bytes32 private constant _QUOTE_TYPEHASH = keccak256(
        "Quote(uint256 jobId,address vendor,uint256 price,uint256 nonce,uint64 expiresAt)"
    );
    bytes32 private constant _SETTLEMENT_TYPEHASH = keccak256(
        "Settlement(uint256 jobId,uint256 index,uint16 vendorBps,uint64 deadline)"
    );

    /// @notice Where vendor profiles and skills are read from.
    IVendorRegistry public immutable registry;

    /// @dev A job in two slots (three for open jobs with required skills):
    ///      slot 0 is what nearly every call reads: client, review window, fee, arbiter, token, the
    ///      token's weight settings version (snapshot for ratings), count, flags;
    ///      slot 1 is written when the job is funded (`fundedAt`) and when the vendor is hired (claim
    ///      requirements ride along for open jobs). reviewWindow <= MAX_REVIEW_WINDOW fits 24 bits.
    ///      feeBps and weightVersion are the values at posting, taken again at each funding.
    struct StoredJob {
        address client;
        uint24 reviewWindow;
        uint8 feeBps;
        uint32 arbiterId;
        uint8 tokenId;
        uint8 weightVersion;
        uint8 milestoneCount;
        uint8 flags;
        address vendor;
        uint16 minRating;
        uint16 minPaidJobs;
        uint32 fundedAt;
    }

    uint256 private _nextJobId = 1;
    mapping(uint256 jobId => StoredJob) private _jobs;
    mapping(uint256 jobId => bytes32) private _skillsHashes;
    mapping(uint256 jobId => mapping(uint256 index => Milestone)) private _milestones;
    mapping(address vendor => uint256) private _quoteNonces;
    mapping(uint256 disputeId => uint256) private _disputedAt;

    /// @param operator Owner of the operator settings.
    /// @param treasury_ Where collected fees go.
    /// @param registry_ The vendor registry.
    /// @param ethWeightUnit Wei that count as one unit of rating weight.
    /// @param ethPaidJobThreshold Wei a job must pay its vendor to count as a paid vendor job.
    /// @param ratingPriorWeight_ Weight units of 1-star prior in the confidence-adjusted vendor rating.
    constructor(
        address operator,
        address treasury_,
        IVendorRegistry registry_,
        uint96 ethWeightUnit,
        uint96 ethPaidJobThreshold,
        uint64 ratingPriorWeight_
    ) OperatorSettings(operator, treasury_, ethWeightUnit, ethPaidJobThreshold) Reputation(ratingPriorWeight_) {
        if (address(registry_) == address(0)) revert EscrowZeroAddress();
        registry = registry_;
    }

    // ================================================================== client

    /// @inheritdoc IMosaicEscrow
    function postJob(
        JobTerms calldata terms,
        MilestoneTerms[] calldata milestones
    ) external whenNotPaused returns (uint256 jobId) {
        jobId = _post(terms, milestones);
    }

    /// @inheritdoc IMosaicEscrow
    function postAndFund(
        JobTerms calldata terms,
        MilestoneTerms[] calldata milestones
    ) external payable whenNotPaused nonReentrant returns (uint256 jobId) {
        jobId = _post(terms, milestones);
        uint256 total = _markFunded(jobId, _jobs[jobId], 0, milestones.length);
        _bookIn(terms.token, total);
        _collect(terms.token, total);
        emit MilestonesFunded(jobId, 0, milestones.length, total);
    }

    /// @inheritdoc IMosaicEscrow
    function postAndFundWithPermit(
        JobTerms calldata terms,
        MilestoneTerms[] calldata milestones,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external whenNotPaused nonReentrant returns (uint256 jobId) {
        jobId = _post(terms, milestones);
        uint256 total = _markFunded(jobId, _jobs[jobId], 0, milestones.length);
        address token = terms.token;
        _bookIn(token, total);
        _permit(token, total, permitDeadline, v, r, s);
        _collect(token, total);
        emit MilestonesFunded(jobId, 0, milestones.length, total);
    }

    /// @inheritdoc IMosaicEscrow
    function fund(uint256 jobId, uint256 first, uint256 count) external payable whenNotPaused nonReentrant {
        StoredJob storage job = _clientJob(jobId);
        uint256 total = _markFunded(jobId, job, first, count);
        address token = _tokenAddress(job.tokenId);
        _bookIn(token, total);
        _snapshotTerms(job, token);
        _collect(token, total);
        emit MilestonesFunded(jobId, first, count, total);
    }

    /// @inheritdoc IMosaicEscrow
    function fundWithPermit(
        uint256 jobId,
        uint256 first,
        uint256 count,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external whenNotPaused nonReentrant {
        StoredJob storage job = _clientJob(jobId);
        uint256 total = _markFunded(jobId, job, first, count);
        address token = _tokenAddress(job.tokenId);
        _bookIn(token, total);
        _snapshotTerms(job, token);
        _permit(token, total, permitDeadline, v, r, s);
        _collect(token, total);
        emit MilestonesFunded(jobId, first, count, total);
    }

    /// @inheritdoc IMosaicEscrow
    function hire(Quote calldata quote, bytes calldata signature) external whenNotPaused nonReentrant {
        uint256 jobId = quote.jobId;
        StoredJob storage job = _clientJob(jobId);
        if (job.vendor != address(0)) revert EscrowAlreadyHired(jobId, job.vendor);
        if (block.timestamp > quote.expiresAt) revert EscrowQuoteExpired(jobId, quote.expiresAt);
        if (quote.nonce != _quoteNonces[quote.vendor]) revert EscrowQuoteRevoked(quote.vendor, quote.nonce);
        uint256 total = _liveTotal(jobId, job.milestoneCount);
        if (quote.price != total) revert EscrowQuotePriceMismatch(jobId, quote.price, total);
        if (!_isValidSignature(quote.vendor, hashQuote(quote), signature)) {
            revert EscrowInvalidSignature(quote.vendor);
        }
        if (!registry.isRegistered(quote.vendor)) revert EscrowVendorUnqualified(jobId, quote.vendor);
        _hire(jobId, job, quote.vendor, true);
    }

    /// @inheritdoc IMosaicEscrow
    function approve(uint256 jobId, uint256 index) external nonReentrant {
        StoredJob storage job = _clientJob(jobId);
        Milestone storage m = _milestone(jobId, index);
        MilestoneState state = m.state;
        if (state != MilestoneState.Funded && state != MilestoneState.Submitted) {
            revert EscrowMilestoneState(jobId, index, state);
        }
        if (job.vendor == address(0)) revert EscrowNotHired(jobId);
        _payMilestone(jobId, index, job, m, false);
    }

    /// @inheritdoc IMosaicEscrow
    function requestChanges(uint256 jobId, uint256 index, string calldata noteCid) external {
        StoredJob storage job = _clientJob(jobId);
        Milestone storage m = _milestone(jobId, index);
        _requireState(jobId, index, m, MilestoneState.Submitted);
        if (block.timestamp >= m.reviewEndsAt) revert EscrowReviewOver(jobId, index, m.reviewEndsAt);
        // The vendor keeps at least a review window of time to resubmit.
        uint256 extended = block.timestamp + job.reviewWindow;
        uint32 deadline = extended > m.deadline ? uint32(extended) : m.deadline;
        m.state = MilestoneState.Funded;
        m.reviewEndsAt = 0;
        m.deadline = deadline;
        m.changesRequested = true;
        // Keep the bonus decidable after a late payment: its outcome deadline trails the base's review.
        // Posting guaranteed outcomeDeadline >= old deadline + window, so only a deadline moved to
        // now + window can raise it, and that fits uint32 until 2106.
        if (_hasBonus(m)) {
            uint256 minOutcome = uint256(deadline) + job.reviewWindow;
            if (m.outcomeDeadline < minOutcome) m.outcomeDeadline = uint32(minOutcome);
        }
        emit ChangesRequested(jobId, index, noteCid, deadline);
    }

    /// @inheritdoc IMosaicEscrow
    function refund(uint256 jobId, uint256 index) external nonReentrant {
        StoredJob storage job = _job(jobId);
        Milestone storage m = _milestone(jobId, index);
        _requireState(jobId, index, m, MilestoneState.Funded);
        bool deadlineMissed = job.vendor != address(0);
        if (deadlineMissed) {
            // Anyone may trigger a refund once the vendor missed the deadline; the money goes to the client.
            if (block.timestamp <= m.deadline) revert EscrowTooEarly(jobId, index, uint256(m.deadline) + 1);
        } else if (msg.sender != job.client) {
            revert EscrowNotClient(jobId, msg.sender);
        }
        uint256 amount = m.amount;
        if (m.bonusState == BonusState.Held) {
            amount += m.bonus;
            m.bonusState = BonusState.Returned;
        }
        m.state = MilestoneState.Refunded;
        emit MilestoneRefunded(jobId, index, amount, deadlineMissed);
        _push(_tokenAddress(job.tokenId), job.client, amount);
    }

    /// @inheritdoc IMosaicEscrow
    function cancel(uint256 jobId, uint256 index) external {
        _clientJob(jobId);
        Milestone storage m = _milestone(jobId, index);
        _requireState(jobId, index, m, MilestoneState.Created);
        m.state = MilestoneState.Cancelled;
        emit MilestoneCancelled(jobId, index);
    }

    /// @inheritdoc IMosaicEscrow
    function releaseBonus(uint256 jobId, uint256 index) external nonReentrant {
        StoredJob storage job = _clientJob(jobId);
        Milestone storage m = _milestone(jobId, index);
        _requireState(jobId, index, m, MilestoneState.Paid);
        _requireBonusHeld(jobId, index, m);
        m.bonusState = BonusState.Released;
        (uint256 toVendor, uint256 fee, address token) = _takeFee(job, m.bonus);
        emit BonusReleased(jobId, index, toVendor, fee);
        _push(token, job.vendor, toVendor);
    }

    // ================================================================== vendor

    /// @inheritdoc IMosaicEscrow
    function claim(uint256 jobId, bytes32[] calldata requiredSkills) external whenNotPaused nonReentrant {
        StoredJob storage job = _job(jobId);
        if (job.flags & _FLAG_OPEN == 0) revert EscrowNotOpen(jobId);
        if (job.vendor != address(0)) revert EscrowAlreadyHired(jobId, job.vendor);
        bytes32 skillsHash = requiredSkills.length == 0 ? bytes32(0) : keccak256(abi.encodePacked(requiredSkills));
        if (skillsHash != _skillsHashes[jobId]) revert EscrowSkillsMismatch(jobId);
        if (!registry.hasSkills(msg.sender, requiredSkills)) revert EscrowVendorUnqualified(jobId, msg.sender);
        // Only the vendor side counts: ratings received as a client never qualify anyone for work.
        uint256 minRating = job.minRating;
        if (minRating != 0) {
            uint256 rating = adjustedVendorRatingOf(msg.sender);
            if (rating < minRating) revert EscrowRatingTooLow(jobId, rating, minRating);
        }
        uint256 paidJobs = _paidJobsOf(msg.sender);
        if (paidJobs < job.minPaidJobs) revert EscrowTooFewPaidJobs(jobId, paidJobs, job.minPaidJobs);
        _hire(jobId, job, msg.sender, false);
    }

    /// @inheritdoc IMosaicEscrow
    function submit(uint256 jobId, uint256 index, string calldata deliverableCid) external {
        StoredJob storage job = _job(jobId);
        if (msg.sender != job.vendor) revert EscrowNotVendor(jobId, msg.sender);
        if (bytes(deliverableCid).length == 0) revert EscrowEmptyDeliverable(jobId, index);
        Milestone storage m = _milestone(jobId, index);
        _requireState(jobId, index, m, MilestoneState.Funded);
        if (block.timestamp > m.deadline) revert EscrowDeadlinePassed(jobId, index, m.deadline);
        // Timestamps fit uint32 until 2106.
        uint32 reviewEndsAt = uint32(block.timestamp) + job.reviewWindow;
        m.state = MilestoneState.Submitted;
        m.reviewEndsAt = reviewEndsAt;
        emit MilestoneSubmitted(jobId, index, deliverableCid, reviewEndsAt);
    }

    /// @inheritdoc IMosaicEscrow
    function revokeQuotes() external {
        uint256 nonce = ++_quoteNonces[msg.sender];
        emit QuotesRevoked(msg.sender, nonce);
    }

    // ================================================================== anyone

    /// @inheritdoc IMosaicEscrow
    function release(uint256 jobId, uint256 index) external nonReentrant {
        StoredJob storage job = _job(jobId);
        Milestone storage m = _milestone(jobId, index);
        _requireState(jobId, index, m, MilestoneState.Submitted);
        if (block.timestamp < m.reviewEndsAt) revert EscrowTooEarly(jobId, index, m.reviewEndsAt);
        _payMilestone(jobId, index, job, m, true);
    }

    /// @inheritdoc IMosaicEscrow
    function returnBonus(uint256 jobId, uint256 index) external nonReentrant {
        StoredJob storage job = _job(jobId);
        Milestone storage m = _milestone(jobId, index);
        _requireState(jobId, index, m, MilestoneState.Paid);
        _requireBonusHeld(jobId, index, m);
        if (block.timestamp <= m.outcomeDeadline) revert EscrowTooEarly(jobId, index, uint256(m.outcomeDeadline) + 1);
        m.bonusState = BonusState.Returned;
        uint256 amount = m.bonus;
        emit BonusReturned(jobId, index, amount);
        _push(_tokenAddress(job.tokenId), job.client, amount);
    }

    /// @inheritdoc IMosaicEscrow
    function withdraw(address token, address to) external nonReentrant {
        _withdrawOwed(token, to);
    }

    /// @inheritdoc IMosaicEscrow
    function collectFees(address token) external nonReentrant {
        (address to, uint256 amount) = _takeAccruedFees(token);
        emit FeesCollected(token, to, amount);
        _send(token, to, amount);
    }

    /// @inheritdoc IMosaicEscrow
    function sweepSurplus(address token) external nonReentrant {
        // A token outside the books could be another address of a listed one: all of it would
        // read as surplus.
        _requireListed(token);
        uint256 amount = surplusOf(token);
        if (amount == 0) revert EscrowNoSurplus(token);
        address to = treasury();
        emit SurplusSwept(token, to, amount);
        _send(token, to, amount);
        _requireBooksCovered();
    }

    // ================================================================== disputes

    /// @inheritdoc IMosaicEscrow
    function dispute(uint256 jobId, uint256 index, string calldata evidenceCid) external payable nonReentrant {
        _requireEvidence(evidenceCid);
        StoredJob storage job = _job(jobId);
        if (job.vendor == address(0)) revert EscrowNotHired(jobId);
        bool byVendor = msg.sender == job.vendor;
        if (!byVendor && msg.sender != job.client) revert EscrowNotParty(jobId, msg.sender);
        Milestone storage m = _milestone(jobId, index);
        MilestoneState state = m.state;
        uint256 frozen;
        if (state == MilestoneState.Submitted || state == MilestoneState.Funded) {
            if (byVendor) {
                // The client judges a submission first: the vendor may dispute only once the client
                // sent it back, and before the (extended) deadline.
                if (state != MilestoneState.Funded || !m.changesRequested) revert EscrowNotRejected(jobId, index);
                if (block.timestamp > m.deadline) revert EscrowDeadlinePassed(jobId, index, m.deadline);
            } else {
                // Nothing was delivered: the client gets an unsubmitted milestone back by refund.
                if (state != MilestoneState.Submitted) revert EscrowNotSubmitted(jobId, index);
                if (block.timestamp >= m.reviewEndsAt) revert EscrowReviewOver(jobId, index, m.reviewEndsAt);
            }
            frozen = m.amount;
            m.state = MilestoneState.Disputed;
            if (m.bonusState == BonusState.Held) {
                frozen += m.bonus;
                m.bonusState = BonusState.Disputed;
            }
        } else if (state == MilestoneState.Paid && m.bonusState == BonusState.Held) {
            if (block.timestamp > m.outcomeDeadline) revert EscrowDeadlinePassed(jobId, index, m.outcomeDeadline);
            frozen = m.bonus;
            m.bonusState = BonusState.Disputed;
        } else {
            revert EscrowMilestoneState(jobId, index, state);
        }
        uint256 disputeId = _disputeId(jobId, index);
        (address arbiter, uint16 arbiterFeeBps) = _arbiterOf(job.arbiterId);
        // The vendor has nothing in escrow to pay the arbiter with should it lose: it bonds the fee.
        uint256 bond = byVendor ? (frozen * arbiterFeeBps) / _BPS : 0;
        _disputedAt[disputeId] = byVendor ? block.timestamp | _RAISED_BY_VENDOR : block.timestamp;
        if (bond != 0) {
            address token = _tokenAddress(job.tokenId);
            _addToBooks(token, bond);
            _collect(token, bond);
        } else if (msg.value != 0) {
            revert EscrowWrongValue(0, msg.value);
        }
        emit DisputeRaised(jobId, index, disputeId, msg.sender, frozen);
        emit Dispute(arbiter, disputeId, jobId, disputeId);
        emit Evidence(arbiter, disputeId, msg.sender, evidenceCid);
    }

    /// @inheritdoc IMosaicEscrow
    function submitEvidence(uint256 jobId, uint256 index, string calldata evidenceCid) external {
        _requireEvidence(evidenceCid);
        StoredJob storage job = _job(jobId);
        if (msg.sender != job.client && msg.sender != job.vendor) revert EscrowNotParty(jobId, msg.sender);
        _disputedMilestone(jobId, index);
        (address arbiter, ) = _arbiterOf(job.arbiterId);
        emit Evidence(arbiter, _disputeId(jobId, index), msg.sender, evidenceCid);
    }

    /// @inheritdoc IArbitrable
    /// @dev Ruling 0 is ERC-792's "refused to arbitrate": an even split without arbiter fee.
    ///      Ruling r in 1..10001 gives the vendor r - 1 basis points of the frozen amount; the arbiter's
    ///      fee is charged to the parties in proportion to what the ruling denied each (see `_resolve`).
    function rule(uint256 disputeID, uint256 ruling) external nonReentrant {
        uint256 jobId = disputeID >> 8;
        uint256 index = disputeID & 0xff;
        StoredJob storage job = _job(jobId);
        (address arbiter, ) = _arbiterOf(job.arbiterId);
        if (msg.sender != arbiter) revert EscrowNotArbiter(disputeID, msg.sender);
        Milestone storage m = _disputedMilestone(jobId, index);
        if (ruling > _BPS + 1) revert EscrowInvalidSplit(ruling);
        emit Ruling(msg.sender, disputeID, ruling);
        // ruling <= 10_001 was checked, so ruling - 1 fits a uint16.
        bool refused = ruling == 0;
        _resolve(jobId, index, job, m, Resolution.Ruling, refused ? uint16(_BPS / 2) : uint16(ruling - 1), !refused);
    }

    /// @inheritdoc IMosaicEscrow
    function settle(
        uint256 jobId,
        uint256 index,
        uint16 vendorBps,
        uint64 deadline,
        bytes calldata clientSignature,
        bytes calldata vendorSignature
    ) external nonReentrant {
        StoredJob storage job = _job(jobId);
        Milestone storage m = _disputedMilestone(jobId, index);
        if (vendorBps > _BPS) revert EscrowInvalidSplit(vendorBps);
        if (block.timestamp > deadline) revert EscrowSettlementExpired(deadline);
        bytes32 digest = hashSettlement(jobId, index, vendorBps, deadline);
        if (!_isValidSignature(job.client, digest, clientSignature)) {
            revert EscrowInvalidSignature(job.client);
        }
        if (!_isValidSignature(job.vendor, digest, vendorSignature)) {
            revert EscrowInvalidSignature(job.vendor);
        }
        _resolve(jobId, index, job, m, Resolution.Settlement, vendorBps, false);
    }

    /// @inheritdoc IMosaicEscrow
    function resolveTimedOut(uint256 jobId, uint256 index) external nonReentrant {
        StoredJob storage job = _job(jobId);
        Milestone storage m = _disputedMilestone(jobId, index);
        uint256 availableAt = uint64(_disputedAt[_disputeId(jobId, index)]) + DISPUTE_TIMEOUT;
        if (block.timestamp < availableAt) revert EscrowTooEarly(jobId, index, availableAt);
        _resolve(jobId, index, job, m, Resolution.Timeout, uint16(_BPS / 2), false);
    }

    // ================================================================== reputation

    /// @inheritdoc IReputation
    function rate(uint256 jobId, uint8 score) external {
        StoredJob storage job = _job(jobId);
        uint8 flags = job.flags;
        address vendor = job.vendor;
        address ratee;
        uint8 ratedFlag;
        bool rateeIsVendor = msg.sender == job.client;
        if (rateeIsVendor) {
            (ratee, ratedFlag) = (vendor, _FLAG_CLIENT_RATED);
        } else if (msg.sender == vendor) {
            (ratee, ratedFlag) = (job.client, _FLAG_VENDOR_RATED);
        } else {
            revert ReputationNotParty(jobId, msg.sender);
        }
        if (flags & ratedFlag != 0) revert ReputationAlreadyRated(jobId, msg.sender);
        // Paid work is the only ticket to a rating; its value is the rating's weight, in the weight
        // unit the token had when the job was posted.
        uint256 paid = _paidToVendor(jobId, job.milestoneCount);
        if (paid == 0) revert ReputationNothingPaid(jobId);
        WeightSettings memory weights = _weightSettings(job.tokenId, job.weightVersion);
        // The job enters the vendor's paid jobs once, at the first rating after it paid the threshold.
        // A job paid too soon after its funding never counts: a flash loan buys no qualification.
        bool countPaidJob =
            flags & (_FLAG_PAID_JOB_COUNTED | _FLAG_PAID_EARLY) == 0 && paid >= weights.paidJobThreshold;
        if (countPaidJob) ratedFlag |= _FLAG_PAID_JOB_COUNTED;
        job.flags = flags | ratedFlag;
        _recordRating(
            jobId,
            msg.sender,
            ratee,
            rateeIsVendor,
            score,
            paid / weights.weightUnit,
            vendor,
            job.client,
            countPaidJob
        );
    }

    /// @inheritdoc IReputation
    function hasRated(uint256 jobId, address rater) external view returns (bool) {
        StoredJob storage job = _jobs[jobId];
        if (rater == address(0)) return false;
        if (rater == job.client) return job.flags & _FLAG_CLIENT_RATED != 0;
        if (rater == job.vendor) return job.flags & _FLAG_VENDOR_RATED != 0;
        return false;
    }

    // ================================================================== views

    /// @inheritdoc IMosaicEscrow
    function jobCount() external view returns (uint256) {
        return _nextJobId - 1;
    }

    /// @inheritdoc IMosaicEscrow
    function jobOf(uint256 jobId) external view returns (Job memory) {
        StoredJob storage job = _job(jobId);
        (address arbiter, uint16 arbiterFeeBps) = _arbiterOf(job.arbiterId);
        WeightSettings memory weights = _weightSettings(job.tokenId, job.weightVersion);
        return
            Job({
                client: job.client,
                reviewWindow: job.reviewWindow,
                feeBps: job.feeBps,
                arbiterFeeBps: arbiterFeeBps,
                milestoneCount: job.milestoneCount,
                flags: job.flags,
                vendor: job.vendor,
                minRating: job.minRating,
                minPaidJobs: job.minPaidJobs,
                token: _tokenAddress(job.tokenId),
                arbiter: arbiter,
                skillsHash: _skillsHashes[jobId],
                weightUnit: weights.weightUnit,
                paidJobThreshold: weights.paidJobThreshold
            });
    }

    /// @inheritdoc IMosaicEscrow
    function milestoneOf(uint256 jobId, uint256 index) external view returns (Milestone memory) {
        _job(jobId);
        return _milestone(jobId, index);
    }

    /// @inheritdoc IMosaicEscrow
    function surplusOf(address token) public view returns (uint256) {
        uint256 balance = token == address(0) ? address(this).balance : IERC20(token).balanceOf(address(this));
        uint256 booked = liabilitiesOf(token);
        return balance > booked ? balance - booked : 0;
    }

    /// @inheritdoc IMosaicEscrow
    function quoteNonce(address vendor) external view returns (uint256) {
        return _quoteNonces[vendor];
    }

    /// @inheritdoc IMosaicEscrow
    function disputedAt(uint256 jobId, uint256 index) external view returns (uint256) {
        return uint64(_disputedAt[_disputeId(jobId, index)]);
    }

    /// @inheritdoc IMosaicEscrow
    function hashQuote(Quote calldata quote) public view returns (bytes32) {
        return
            _hashTypedDataV4(
                keccak256(
                    abi.encode(_QUOTE_TYPEHASH, quote.jobId, quote.vendor, quote.price, quote.nonce, quote.expiresAt)
                )
            );
    }

    /// @inheritdoc IMosaicEscrow
    function hashSettlement(
        uint256 jobId,
        uint256 index,
        uint16 vendorBps,
        uint64 deadline
    ) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(_SETTLEMENT_TYPEHASH, jobId, index, vendorBps, deadline)));
    }

    // ================================================================== internals

    function _pushFees(address token, address to, uint256 amount) internal override returns (bool) {
        return _push(token, to, amount);
    }

    function _bookOut(address token, uint256 amount) internal override {
        _takeOffBooks(token, amount);
    }

    /// @dev A plain ECDSA signature from the signer first (EOAs, and EIP-7702 accounts whose key still
    ///      signs), then ERC-1271 for contract accounts.
    function _isValidSignature(address signer, bytes32 digest, bytes calldata signature) private view returns (bool) {
        // An empty signature proves nothing, whatever a wallet's ERC-1271 check says about it.
        if (signature.length == 0) return false;
        (address recovered, ECDSA.RecoverError err, ) = ECDSA.tryRecoverCalldata(digest, signature);
        if (err == ECDSA.RecoverError.NoError && recovered == signer) return true;
        return SignatureChecker.isValidERC1271SignatureNowCalldata(signer, digest, signature);
    }

    /// @dev A permit front-run by someone else still leaves the allowance in place, so a failed permit
    ///      is not fatal; the transfer decides. ETH needs none.
    function _permit(address token, uint256 total, uint256 deadline, uint8 v, bytes32 r, bytes32 s) private {
        if (token != address(0)) {
            try IERC20Permit(token).permit(msg.sender, address(this), total, deadline, v, r, s) {} catch {}
        }
    }

    /// @dev Validates and stores a job and its milestones, and emits JobPosted and MetaEvidence.
    function _post(JobTerms calldata terms, MilestoneTerms[] calldata milestones) private returns (uint256 jobId) {
        uint256 count = milestones.length;
        if (count == 0 || count > MAX_MILESTONES) revert EscrowMilestoneCount(count, MAX_MILESTONES);
        if (terms.reviewWindow < MIN_REVIEW_WINDOW || terms.reviewWindow > MAX_REVIEW_WINDOW) {
            revert EscrowInvalidReviewWindow(terms.reviewWindow, MIN_REVIEW_WINDOW, MAX_REVIEW_WINDOW);
        }
        if (terms.minRating > MAX_RATING) revert EscrowInvalidMinRating(terms.minRating);
        jobId = _nextJobId++;
        (address arbiter, uint16 arbiterFeeBps, uint16 jobFeeBps) = _storeJob(jobId, terms, count);
        _storeMilestones(jobId, milestones, terms.reviewWindow);
        emit JobPosted(jobId, msg.sender, terms.token, arbiter, arbiterFeeBps, jobFeeBps, terms, milestones);
        emit MetaEvidence(jobId, terms.specCid);
    }

    function _requireEvidence(string calldata cid) private pure {
        uint256 length = bytes(cid).length;
        if (length == 0) revert EscrowEmptyEvidence();
        if (length > MAX_CID_LENGTH) revert EscrowCidTooLong(length, MAX_CID_LENGTH);
    }

    function _min(uint256 a, uint256 b) private pure returns (uint256) {
        return a < b ? a : b;
    }

    function _job(uint256 jobId) private view returns (StoredJob storage job) {
        job = _jobs[jobId];
        if (job.client == address(0)) revert EscrowJobNotFound(jobId);
    }

    function _clientJob(uint256 jobId) private view returns (StoredJob storage job) {
        job = _job(jobId);
        if (msg.sender != job.client) revert EscrowNotClient(jobId, msg.sender);
    }

    function _milestone(uint256 jobId, uint256 index) private view returns (Milestone storage m) {
        m = _milestones[jobId][index];
        if (m.state == MilestoneState.None) revert EscrowMilestoneNotFound(jobId, index);
    }

    function _disputedMilestone(uint256 jobId, uint256 index) private view returns (Milestone storage m) {
        m = _milestone(jobId, index);
        if (m.state != MilestoneState.Disputed && m.bonusState != BonusState.Disputed) {
            revert EscrowMilestoneState(jobId, index, m.state);
        }
    }

    function _requireState(uint256 jobId, uint256 index, Milestone storage m, MilestoneState expected) private view {
        if (m.state != expected) revert EscrowMilestoneState(jobId, index, m.state);
    }

    function _requireBonusHeld(uint256 jobId, uint256 index, Milestone storage m) private view {
        if (m.bonusState != BonusState.Held) revert EscrowBonusState(jobId, index, m.bonusState);
    }

    /// @dev A bonus always comes with an outcome deadline (>= deadline > 0), which sits in the slot
    ///      every caller has already read; the bonus amount's own slot is read only when there is one.
    function _hasBonus(Milestone storage m) private view returns (bool) {
        return m.outcomeDeadline != 0;
    }

    function _disputeId(uint256 jobId, uint256 index) private pure returns (uint256) {
        return (jobId << 8) | index;
    }

    /// @dev Writes the job's slots, leaving zero slots untouched, and returns the snapshotted fees.
    function _storeJob(
        uint256 jobId,
        JobTerms calldata terms,
        uint256 count
    ) private returns (address arbiter, uint16 arbiterFeeBps, uint16 jobFeeBps) {
        (uint8 tokenId, uint8 weightVersion) = _tokenIdsFor(terms.token);
        uint32 arbiterId = _arbiterIdFor(terms.arbiter, terms.arbiterFeeBps);
        (arbiter, arbiterFeeBps) = _arbiterOf(arbiterId);
        if (arbiter == msg.sender) revert EscrowConflictOfInterest(arbiter);
        jobFeeBps = feeBps();
        StoredJob storage job = _jobs[jobId];
        job.client = msg.sender;
        // reviewWindow <= MAX_REVIEW_WINDOW (30 days) was checked, so it fits 24 bits.
        job.reviewWindow = uint24(terms.reviewWindow);
        // jobFeeBps <= MAX_FEE_BPS = 200 fits a byte; count <= MAX_MILESTONES = 64 too.
        job.feeBps = uint8(jobFeeBps);
        job.arbiterId = arbiterId;
        job.tokenId = tokenId;
        job.weightVersion = weightVersion;
        job.milestoneCount = uint8(count);
        if (terms.open) {
            job.flags = _FLAG_OPEN;
            if (terms.minRating != 0 || terms.minPaidJobs != 0) {
                job.minRating = terms.minRating;
                job.minPaidJobs = terms.minPaidJobs;
            }
            if (terms.requiredSkills.length != 0) {
                _skillsHashes[jobId] = keccak256(abi.encodePacked(terms.requiredSkills));
            }
        }
    }

    function _storeMilestones(uint256 jobId, MilestoneTerms[] calldata milestones, uint32 reviewWindow) private {
        mapping(uint256 => Milestone) storage stored = _milestones[jobId];
        for (uint256 i; i < milestones.length; ++i) {
            MilestoneTerms calldata m = milestones[i];
            if (m.amount == 0) revert EscrowZeroAmount(i);
            if (uint256(m.amount) + m.bonus > type(uint128).max) revert EscrowAmountTooLarge(i);
            if (m.deadline <= block.timestamp) revert EscrowInvalidDeadline(i, m.deadline);
            Milestone storage milestone = stored[i];
            milestone.amount = m.amount;
            milestone.deadline = m.deadline;
            milestone.state = MilestoneState.Created;
            if (m.bonus != 0) {
                // The vendor must be able to see the base paid, and dispute the bonus, before it can return.
                if (m.outcomeDeadline < uint256(m.deadline) + reviewWindow) {
                    revert EscrowInvalidDeadline(i, m.outcomeDeadline);
                }
                milestone.outcomeDeadline = m.outcomeDeadline;
                milestone.bonus = m.bonus;
            }
        }
    }

    /// @dev Marks milestones funded and returns what they need in total.
    function _markFunded(
        uint256 jobId,
        StoredJob storage job,
        uint256 first,
        uint256 count
    ) private returns (uint256 total) {
        uint256 milestoneCount = job.milestoneCount;
        // Written so that no `first` or `count`, however large, can overflow.
        // The error names the first index asked for that does not exist.
        if (first >= milestoneCount || count == 0) revert EscrowMilestoneNotFound(jobId, first);
        if (count > milestoneCount - first) revert EscrowMilestoneNotFound(jobId, milestoneCount);
        uint256 end = first + count;
        // Timestamps fit uint32 until 2106.
        job.fundedAt = uint32(block.timestamp);
        mapping(uint256 => Milestone) storage stored = _milestones[jobId];
        for (uint256 i = first; i < end; ++i) {
            Milestone storage m = stored[i];
            _requireState(jobId, i, m, MilestoneState.Created);
            if (block.timestamp > m.deadline) revert EscrowDeadlinePassed(jobId, i, m.deadline);
            m.state = MilestoneState.Funded;
            total += m.amount;
            if (_hasBonus(m)) {
                m.bonusState = BonusState.Held;
                total += m.bonus;
            }
        }
    }

    /// @dev Pulls `amount` from the caller and refuses tokens that deliver less than asked.
    function _collect(address token, uint256 amount) private {
        if (token == address(0)) {
            if (msg.value != amount) revert EscrowWrongValue(amount, msg.value);
            return;
        }
        if (msg.value != 0) revert EscrowWrongValue(0, msg.value);
        uint256 before = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = IERC20(token).balanceOf(address(this)) - before;
        if (received < amount) revert EscrowTokenDeliveredLess(token, amount, received);
    }

    /// @dev Fixes the job's fee and its token's weight settings at their values of now: each funding
    ///      takes the ones in force, so unfunded jobs stockpiled before a fee or threshold change get
    ///      the new values (posting and funding at once keeps those of posting, the same).
    ///      feeBps <= MAX_FEE_BPS = 200 fits a byte.
    function _snapshotTerms(StoredJob storage job, address token) private {
        // Writing unchanged values into the job's warm slot costs next to nothing.
        job.feeBps = uint8(feeBps());
        job.weightVersion = _weightVersionOf(token);
    }

    function _hire(uint256 jobId, StoredJob storage job, address vendor, bool byQuote) private {
        (address arbiter, ) = _arbiterOf(job.arbiterId);
        if (vendor == job.client || vendor == arbiter) revert EscrowConflictOfInterest(vendor);
        job.vendor = vendor;
        emit VendorHired(jobId, vendor, byQuote);
    }

    function _payMilestone(
        uint256 jobId,
        uint256 index,
        StoredJob storage job,
        Milestone storage m,
        bool automatic
    ) private {
        m.state = MilestoneState.Paid;
        (uint256 toVendor, uint256 fee, address token) = _takeFee(job, m.amount);
        address vendor = job.vendor;
        emit MilestoneReleased(jobId, index, vendor, toVendor, fee, automatic);
        _push(token, vendor, toVendor);
    }

    /// @dev Accrues the job's snapshotted fee on a vendor payment and returns the job's token address.
    function _takeFee(
        StoredJob storage job,
        uint256 gross
    ) private returns (uint256 toVendor, uint256 fee, address token) {
        // Rounded up, so that splitting a payment into small milestones never dodges the fee, then
        // held to the hard cap, which rounding up could pass on tiny amounts (2 of 51 is 3.9%).
        // gross < 2^130 and feeBps <= 200, so nothing overflows; fee <= gross since feeBps < _BPS.
        fee = (gross * job.feeBps + _BPS - 1) / _BPS;
        uint256 cap = (gross * MAX_FEE_BPS) / _BPS;
        if (fee > cap) fee = cap;
        toVendor = gross - fee;
        token = _tokenAddress(job.tokenId);
        if (block.timestamp < uint256(job.fundedAt) + MIN_COUNTED_JOB_TIME) job.flags |= _FLAG_PAID_EARLY;
        _accrueFee(token, fee);
    }

    /// @dev Splits a dispute: the vendor gets `vendorBps` of the frozen amount, the client the rest.
    ///      The arbiter's fee (rulings only) is charged to each party in proportion to the share the
    ///      ruling denied it, out of what the ruling gives it (the vendor's bond first, if it raised
    ///      the dispute); what a party cannot cover falls on the other. The bond's remainder goes back
    ///      to the vendor, and only the vendor's gain pays the platform fee and counts as paid work.
    function _resolve(
        uint256 jobId,
        uint256 index,
        StoredJob storage job,
        Milestone storage m,
        Resolution resolution,
        uint16 vendorBps,
        bool chargeArbiter
    ) private {
        uint256 frozen;
        if (m.state == MilestoneState.Disputed) {
            frozen = m.amount;
            m.state = MilestoneState.Resolved;
        }
        if (m.bonusState == BonusState.Disputed) {
            frozen += m.bonus;
            m.bonusState = BonusState.Resolved;
        }
        uint256 disputeId = _disputeId(jobId, index);
        (address arbiter, uint16 arbiterFeeBps) = _arbiterOf(job.arbiterId);
        uint256 feeOnFrozen = (frozen * arbiterFeeBps) / _BPS;
        uint256 bond = _disputedAt[disputeId] & _RAISED_BY_VENDOR != 0 ? feeOnFrozen : 0;
        uint256 arbiterFee = chargeArbiter ? feeOnFrozen : 0;
        uint256 vendorShare = (frozen * vendorBps) / _BPS;
        uint256 toClient = frozen - vendorShare;
        vendorShare += bond;
        // The vendor's part, within what it has; the client pays the rest, within what it has; the
        // vendor covers what the client could not. The pot (frozen + bond) always covers the fee
        // (arbiter fee <= 5%), so the vendor's final part never exceeds what it has.
        uint256 vendorPart = _min((arbiterFee * (_BPS - vendorBps)) / _BPS, vendorShare);
        uint256 clientPart = _min(arbiterFee - vendorPart, toClient);
        vendorShare -= arbiterFee - clientPart;
        toClient -= clientPart;
        uint256 vendorGross = vendorShare > bond ? vendorShare - bond : 0;
        uint256 toVendor = vendorShare - vendorGross;
        uint256 fee;
        address token = _tokenAddress(job.tokenId);
        if (vendorGross != 0) {
            uint256 net;
            (net, fee, ) = _takeFee(job, vendorGross);
            toVendor += net;
            // vendorGross <= amount + bonus, which postJob keeps within uint128.
            m.resolvedToVendor = uint128(vendorGross);
        }
        emit DisputeResolved(jobId, index, disputeId, resolution, vendorBps, toVendor, toClient, arbiterFee, fee);
        _push(token, arbiter, arbiterFee);
        _push(token, job.vendor, toVendor);
        _push(token, job.client, toClient);
    }

    /// @dev Sum of the amounts and bonuses of milestones that are not cancelled: a quote's price.
    function _liveTotal(uint256 jobId, uint256 count) private view returns (uint256 total) {
        mapping(uint256 => Milestone) storage stored = _milestones[jobId];
        for (uint256 i; i < count; ++i) {
            Milestone storage m = stored[i];
            // Cancelled and refunded milestones will never be paid, so they are not part of the price.
            MilestoneState state = m.state;
            if (state == MilestoneState.Cancelled || state == MilestoneState.Refunded) continue;
            total += m.amount;
            if (_hasBonus(m)) total += m.bonus;
        }
    }

    /// @dev What the job paid its vendor before fees: released bases and bonuses, and dispute shares.
    function _paidToVendor(uint256 jobId, uint256 count) private view returns (uint256 paid) {
        mapping(uint256 => Milestone) storage stored = _milestones[jobId];
        for (uint256 i; i < count; ++i) {
            Milestone storage m = stored[i];
            MilestoneState state = m.state;
            BonusState bonusState = m.bonusState;
            if (state == MilestoneState.Paid) paid += m.amount;
            if (bonusState == BonusState.Released) paid += m.bonus;
            if (state == MilestoneState.Resolved || bonusState == BonusState.Resolved) paid += m.resolvedToVendor;
        }
    }
}
