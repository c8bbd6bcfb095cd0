// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Mosaic escrow and job board
/// @notice A job is a list of milestones escrowed in ETH or an allowed ERC-20. Each milestone moves
///         Created -> Funded -> Submitted -> Paid, or ends Refunded, Cancelled, or Disputed -> Resolved.
///         Every state that holds funds has an exit that needs no one's goodwill: a missed deadline
///         refunds, a silent client auto-releases, a silent arbiter times out into an even split.
interface IMosaicEscrow {
    /// @notice Life of a milestone's base amount.
    enum MilestoneState {
        None,
        Created,
        Funded,
        Submitted,
        Paid,
        Refunded,
        Cancelled,
        Disputed,
        Resolved
    }

    /// @notice Life of a milestone's outcome bonus, escrowed with the base and decided after it.
    enum BonusState {
        None,
        Held,
        Released,
        Returned,
        Disputed,
        Resolved
    }

    /// @notice How a dispute ended.
    enum Resolution {
        Ruling,
        Settlement,
        Timeout
    }

    /// @notice The terms of a job, as posted.
    /// @param token Payment token; address(0) for ETH.
    /// @param arbiter Who rules disputes; address(0) for the operator's default arbiter.
    /// @param arbiterFeeBps Arbiter's fee on a disputed amount, in basis points (ignored for the default arbiter).
    /// @param reviewWindow Seconds the client has to review a submission before it auto-releases.
    /// @param open Whether qualified vendors may claim the job directly (otherwise hired from a signed quote).
    /// @param minRating Minimum confidence-adjusted vendor rating x100 a claiming vendor must have (open jobs).
    /// @param minPaidJobs Minimum paid vendor jobs (each paid at least its token's paid-job threshold) a
    ///        claiming vendor must have (open jobs). Ratings received as a client never count.
    /// @param requiredSkills Skill tags a claiming vendor must list (open jobs).
    /// @param specCid IPFS CID of the job's specification document.
    struct JobTerms {
        address token;
        address arbiter;
        uint16 arbiterFeeBps;
        uint32 reviewWindow;
        bool open;
        uint16 minRating;
        uint16 minPaidJobs;
        bytes32[] requiredSkills;
        string specCid;
    }

    /// @notice The terms of one milestone, as posted.
    /// @param amount Base amount paid on approval.
    /// @param bonus Outcome bonus, escrowed with the base, released by the client when the outcome is met.
    /// @param deadline Time by which the vendor must submit.
    /// @param outcomeDeadline Time after which an undecided bonus returns to the client (0 when no bonus);
    ///        at least a review window after `deadline`.
    struct MilestoneTerms {
        uint128 amount;
        uint128 bonus;
        uint32 deadline;
        uint32 outcomeDeadline;
    }

    /// @notice A job as `jobOf` reads it back, with token, arbiter and weight resolved.
    /// @dev Storage is more compact (see MosaicEscrow's StoredJob: two slots, tokens, arbiters and
    ///      weight settings by id).
    /// @param weightUnit The token's rating weight unit when the job was last funded (snapshot).
    /// @param paidJobThreshold The token's paid-job threshold when the job was last funded (snapshot).
    struct Job {
        address client;
        uint32 reviewWindow;
        uint16 feeBps;
        uint16 arbiterFeeBps;
        uint8 milestoneCount;
        uint8 flags;
        address vendor;
        uint16 minRating;
        uint16 minPaidJobs;
        address token;
        address arbiter;
        bytes32 skillsHash;
        uint96 weightUnit;
        uint96 paidJobThreshold;
    }

    /// @notice A milestone as stored.
    /// @dev Slot 0 is everything the happy path touches; slot 1 is written only for bonuses and disputes.
    /// @param changesRequested Whether the client ever sent a submission back (the vendor may then
    ///        dispute the milestone while it is Funded).
    // slot 0 is 248 bits, slot 1 two uint128s: packed
    // solhint-disable-next-line gas-struct-packing
    struct Milestone {
        uint128 amount;
        uint32 deadline;
        uint32 reviewEndsAt;
        uint32 outcomeDeadline;
        MilestoneState state;
        BonusState bonusState;
        bool changesRequested;
        uint128 bonus;
        uint128 resolvedToVendor;
    }

    /// @notice A vendor's signed offer to take an invite job at its posted price (EIP-712, no gas).
    /// @param jobId The job.
    /// @param vendor The vendor who signs.
    /// @param price The job's total (amounts plus bonuses) the vendor agrees to.
    /// @param nonce The vendor's quote nonce; `revokeQuotes` bumps it to void every outstanding quote.
    /// @param expiresAt Time after which the quote cannot be used.
    // never stored; the field order is the EIP-712 type's
    // solhint-disable-next-line gas-struct-packing
    struct Quote {
        uint256 jobId;
        address vendor;
        uint256 price;
        uint256 nonce;
        uint64 expiresAt;
    }

    // ------------------------------------------------------------------ events

    /// @notice A client posted a job. `terms` and `milestones` are as submitted: claim requirements
    ///         (minRating, minPaidJobs, requiredSkills) apply to open jobs only, and an outcome
    ///         deadline only to milestones with a bonus.
    /// @param jobId The new job's id.
    /// @param client The client.
    /// @param token Payment token (address(0) for ETH).
    /// @param arbiter The arbiter snapshotted for this job.
    /// @param arbiterFeeBps The arbiter's fee snapshotted for this job.
    /// @param feeBps The platform fee in force at posting. The job's fee (and its token's weight
    ///        settings) are snapshotted again at each funding: `jobOf` reads the ones it pays.
    /// @param terms The job's terms.
    /// @param milestones The milestones' terms.
    event JobPosted(
        uint256 indexed jobId,
        address indexed client,
        address indexed token,
        address arbiter,
        uint16 arbiterFeeBps,
        uint16 feeBps,
        JobTerms terms,
        MilestoneTerms[] milestones
    );
    /// @notice Milestones `first`..`first+count-1` of a job were funded.
    /// @param jobId The job.
    /// @param first First milestone funded.
    /// @param count Number of milestones funded.
    /// @param total Total escrowed, amounts plus bonuses.
    event MilestonesFunded(uint256 indexed jobId, uint256 first, uint256 count, uint256 total);
    /// @notice A vendor was hired, by claiming an open job or from its signed quote.
    /// @param jobId The job.
    /// @param vendor The vendor.
    /// @param byQuote Whether the client hired from a quote (otherwise the vendor claimed).
    event VendorHired(uint256 indexed jobId, address indexed vendor, bool byQuote);
    /// @notice The vendor submitted a milestone's deliverable.
    /// @param jobId The job.
    /// @param index The milestone.
    /// @param deliverableCid IPFS CID of the deliverable document.
    /// @param reviewEndsAt Time after which anyone may release it.
    event MilestoneSubmitted(uint256 indexed jobId, uint256 index, string deliverableCid, uint32 reviewEndsAt);
    /// @notice The client sent a submission back for changes.
    /// @param jobId The job.
    /// @param index The milestone.
    /// @param noteCid IPFS CID of the client's notes.
    /// @param deadline The milestone's deadline from now on (extended to leave a review window of time).
    event ChangesRequested(uint256 indexed jobId, uint256 index, string noteCid, uint32 deadline);
    /// @notice A milestone's base amount was paid to the vendor.
    /// @param jobId The job.
    /// @param index The milestone.
    /// @param vendor The vendor.
    /// @param toVendor Amount paid to the vendor.
    /// @param fee Platform fee kept.
    /// @param automatic Whether it was released after the review window rather than approved.
    event MilestoneReleased(
        uint256 indexed jobId,
        uint256 index,
        address indexed vendor,
        uint256 toVendor,
        uint256 fee,
        bool automatic
    );
    /// @notice A funded milestone's amount and bonus went back to the client.
    /// @param jobId The job.
    /// @param index The milestone.
    /// @param amount Amount refunded.
    /// @param deadlineMissed Whether the vendor missed the deadline (otherwise cancelled before work).
    event MilestoneRefunded(uint256 indexed jobId, uint256 index, uint256 amount, bool deadlineMissed);
    /// @notice An unfunded milestone was cancelled by the client.
    /// @param jobId The job.
    /// @param index The milestone.
    event MilestoneCancelled(uint256 indexed jobId, uint256 index);
    /// @notice The client released a milestone's outcome bonus to the vendor.
    /// @param jobId The job.
    /// @param index The milestone.
    /// @param toVendor Amount paid to the vendor.
    /// @param fee Platform fee kept.
    event BonusReleased(uint256 indexed jobId, uint256 index, uint256 toVendor, uint256 fee);
    /// @notice An undecided bonus went back to the client after its outcome deadline.
    /// @param jobId The job.
    /// @param index The milestone.
    /// @param amount Amount returned.
    event BonusReturned(uint256 indexed jobId, uint256 index, uint256 amount);
    /// @notice A party disputed a milestone; only that milestone is frozen.
    /// @param jobId The job.
    /// @param index The milestone.
    /// @param disputeId The dispute's ERC-792 id: `jobId << 8 | index`.
    /// @param raisedBy Who raised it.
    /// @param amount Amount frozen (base and/or bonus still held).
    event DisputeRaised(
        uint256 indexed jobId,
        uint256 index,
        uint256 indexed disputeId,
        address raisedBy,
        uint256 amount
    );
    /// @notice A dispute ended and its amount was split.
    /// @param jobId The job.
    /// @param index The milestone.
    /// @param disputeId The dispute's id.
    /// @param resolution Ruling, mutual settlement, or timeout.
    /// @param vendorBps Vendor's share of the frozen amount, in basis points.
    /// @param toVendor Paid to the vendor (with what is left of its dispute bond).
    /// @param toClient Paid back to the client.
    /// @param arbiterFee Paid to the arbiter: charged to each party in proportion to the share the
    ///        ruling denied it, from its share (or the vendor's bond); what a party cannot cover falls
    ///        on the other.
    /// @param fee Platform fee kept (on the vendor's share only).
    event DisputeResolved(
        uint256 indexed jobId,
        uint256 index,
        uint256 indexed disputeId,
        Resolution resolution,
        uint16 vendorBps,
        uint256 toVendor,
        uint256 toClient,
        uint256 arbiterFee,
        uint256 fee
    );
    /// @notice A transfer to `payee` failed (blocklisted, reverting receiver); the amount waits for `withdraw`.
    /// @param token The token (address(0) for ETH).
    /// @param payee Who is owed.
    /// @param amount Amount owed.
    event PaymentDeferred(address indexed token, address indexed payee, uint256 amount);
    /// @notice An account withdrew what it was owed.
    /// @param token The token.
    /// @param account Who was owed.
    /// @param to Where it was sent.
    /// @param amount Amount sent.
    event Withdrawn(address indexed token, address indexed account, address to, uint256 amount);
    /// @notice A vendor voided all its outstanding quotes.
    /// @param vendor The vendor.
    /// @param nonce The nonce new quotes must carry.
    event QuotesRevoked(address indexed vendor, uint256 nonce);

    /// @notice The operator announced a new platform fee, applying to jobs posted from `effectiveAt`.
    /// @param feeBps The new fee.
    /// @param effectiveAt When it takes effect.
    event FeeChangeAnnounced(uint16 feeBps, uint64 effectiveAt);
    /// @notice The operator allowed, re-weighted or disallowed a token for new jobs. Jobs already
    ///         posted keep the weight unit and threshold they were posted with.
    /// @param token The token (address(0) for ETH).
    /// @param allowed Whether new jobs and funding may use it.
    /// @param weightUnit Token amount that counts as one unit of rating weight.
    /// @param paidJobThreshold Token amount a job must pay its vendor to count as a paid vendor job.
    event TokenConfigured(address indexed token, bool allowed, uint96 weightUnit, uint96 paidJobThreshold);
    /// @notice The operator named the first default arbiter, for jobs posted from now on.
    /// @param arbiter The arbiter.
    /// @param feeBps Its fee in basis points.
    event DefaultArbiterSet(address indexed arbiter, uint16 feeBps);
    /// @notice The operator announced a new default arbiter, for jobs posted from `effectiveAt` (jobs
    ///         posted before keep the arbiter they were posted with).
    /// @param arbiter The arbiter.
    /// @param feeBps Its fee in basis points.
    /// @param effectiveAt When it takes over.
    event DefaultArbiterChangeAnnounced(address indexed arbiter, uint16 feeBps, uint64 effectiveAt);
    /// @notice The operator changed where collected fees go.
    /// @param treasury The new treasury.
    event TreasurySet(address indexed treasury);
    /// @notice Tokens or ETH the escrow held beyond its books (held + owed + fees) went to the treasury.
    /// @param token The token (address(0) for ETH).
    /// @param treasury The treasury.
    /// @param amount Amount sent.
    event SurplusSwept(address indexed token, address indexed treasury, uint256 amount);
    /// @notice Accrued platform fees were sent to the treasury.
    /// @param token The token.
    /// @param treasury The treasury.
    /// @param amount Amount sent.
    event FeesCollected(address indexed token, address indexed treasury, uint256 amount);

    // ------------------------------------------------------------------ errors

    /// @notice No job has this id.
    error EscrowJobNotFound(uint256 jobId);
    /// @notice The job has no milestone with this index.
    error EscrowMilestoneNotFound(uint256 jobId, uint256 index);
    /// @notice The milestone is not in a state that allows this call.
    error EscrowMilestoneState(uint256 jobId, uint256 index, MilestoneState state);
    /// @notice The bonus is not in a state that allows this call.
    error EscrowBonusState(uint256 jobId, uint256 index, BonusState state);
    /// @notice Only the job's client may do this.
    error EscrowNotClient(uint256 jobId, address caller);
    /// @notice Only the job's vendor may do this.
    error EscrowNotVendor(uint256 jobId, address caller);
    /// @notice Only the job's client or vendor may do this.
    error EscrowNotParty(uint256 jobId, address caller);
    /// @notice Only the dispute's arbiter may rule.
    error EscrowNotArbiter(uint256 disputeId, address caller);
    /// @notice The token is not allowed for new jobs.
    error EscrowTokenNotAllowed(address token);
    /// @notice The token delivered less than it was asked to move (fee-on-transfer tokens are refused).
    error EscrowTokenDeliveredLess(address token, uint256 expected, uint256 received);
    /// @notice The ETH sent does not match what the milestones need.
    error EscrowWrongValue(uint256 expected, uint256 sent);
    /// @notice The job must have between 1 and `MAX_MILESTONES` milestones.
    error EscrowMilestoneCount(uint256 count, uint256 max);
    /// @notice A milestone's amount is zero.
    error EscrowZeroAmount(uint256 index);
    /// @notice A submission must name its deliverable: the CID is empty.
    error EscrowEmptyDeliverable(uint256 jobId, uint256 index);
    /// @notice An evidence CID is longer than `MAX_CID_LENGTH` bytes.
    error EscrowCidTooLong(uint256 length, uint256 max);
    /// @notice The vendor may dispute a milestone's base only once the client sent its submission
    ///         back (a submission under review is the client's to judge, and releases by itself).
    error EscrowNotRejected(uint256 jobId, uint256 index);
    /// @notice After a sweep the escrow would hold less of `token` than its books owe in it.
    error EscrowBooksUncovered(address token, uint256 balance, uint256 liabilities);
    /// @notice A milestone's deadline is not in the future, or its outcome deadline is less than a
    ///         review window after it.
    error EscrowInvalidDeadline(uint256 index, uint256 deadline);
    /// @notice The review window is outside the accepted range.
    error EscrowInvalidReviewWindow(uint256 reviewWindow, uint256 min, uint256 max);
    /// @notice The arbiter's fee is above the cap.
    error EscrowArbiterFeeTooHigh(uint256 feeBps, uint256 max);
    /// @notice No arbiter was given and the operator named no default one.
    error EscrowNoArbiter();
    /// @notice The arbiter, client and vendor must be three different addresses.
    error EscrowConflictOfInterest(address account);
    /// @notice The minimum rating is above 5.00.
    error EscrowInvalidMinRating(uint256 minRating);
    /// @notice The job already has a vendor.
    error EscrowAlreadyHired(uint256 jobId, address vendor);
    /// @notice The job has no vendor yet.
    error EscrowNotHired(uint256 jobId);
    /// @notice The job is by invitation: hire from a quote instead of claiming.
    error EscrowNotOpen(uint256 jobId);
    /// @notice The skill list does not match what the job requires.
    error EscrowSkillsMismatch(uint256 jobId);
    /// @notice The vendor is not registered or lacks a required skill.
    error EscrowVendorUnqualified(uint256 jobId, address vendor);
    /// @notice The vendor's rating is below the job's minimum.
    error EscrowRatingTooLow(uint256 jobId, uint256 rating, uint256 minRating);
    /// @notice The vendor has fewer paid vendor jobs than the job's minimum.
    error EscrowTooFewPaidJobs(uint256 jobId, uint256 paidJobs, uint256 minPaidJobs);
    /// @notice The milestone has no submission to dispute (the vendor may also dispute a milestone
    ///         sent back for changes); an unsubmitted milestone past its deadline is refunded instead.
    error EscrowNotSubmitted(uint256 jobId, uint256 index);
    /// @notice Evidence must name a document: the CID is empty.
    error EscrowEmptyEvidence();
    /// @notice The operator role cannot be renounced (a renounced operator could never unpause).
    error EscrowRenounceDisabled();
    /// @notice The escrow holds nothing beyond its books in this token.
    error EscrowNoSurplus(address token);
    /// @notice The paid-job threshold is below the token's weight unit.
    error EscrowInvalidPaidJobThreshold(address token, uint256 paidJobThreshold, uint256 weightUnit);
    /// @notice Weight settings can change at most `max` times over the escrow's life.
    error EscrowTooManyWeightChanges(uint256 max);
    /// @notice The token's books (held + owed + fees) would exceed 2^128 - 1.
    error EscrowBooksFull(address token);
    /// @notice The quote expired.
    error EscrowQuoteExpired(uint256 jobId, uint64 expiresAt);
    /// @notice The quote's price is not the job's total.
    error EscrowQuotePriceMismatch(uint256 jobId, uint256 quoted, uint256 total);
    /// @notice The quote's nonce was revoked.
    error EscrowQuoteRevoked(address vendor, uint256 nonce);
    /// @notice The signature is not the expected signer's.
    error EscrowInvalidSignature(address signer);
    /// @notice The milestone's deadline has passed.
    error EscrowDeadlinePassed(uint256 jobId, uint256 index, uint256 deadline);
    /// @notice The deadline or window has not passed yet.
    error EscrowTooEarly(uint256 jobId, uint256 index, uint256 availableAt);
    /// @notice The review window is over; the submission can only be released now.
    error EscrowReviewOver(uint256 jobId, uint256 index, uint256 reviewEndsAt);
    /// @notice Basis points above 10,000, or a ruling above 10,001.
    error EscrowInvalidSplit(uint256 value);
    /// @notice The settlement's signature deadline has passed.
    error EscrowSettlementExpired(uint64 deadline);
    /// @notice Nothing is owed to the caller in this token.
    error EscrowNothingOwed(address token, address account);
    /// @notice The platform fee is above the hard cap.
    error EscrowFeeTooHigh(uint256 feeBps, uint256 max);
    /// @notice The address must not be zero.
    error EscrowZeroAddress();
    /// @notice A milestone's amount plus bonus does not fit 128 bits.
    error EscrowAmountTooLarge(uint256 index);
    /// @notice The allowlist already names the most tokens it can.
    error EscrowTooManyTokens(uint256 max);
    /// @notice A token's rating weight unit must be above zero.
    error EscrowInvalidWeightUnit(address token);

    // ------------------------------------------------------------------ client

    /// @notice Posts a job. Its terms never change afterwards.
    /// @return jobId The new job's id.
    function postJob(JobTerms calldata terms, MilestoneTerms[] calldata milestones) external returns (uint256 jobId);

    /// @notice Posts a job and escrows every milestone (amounts plus bonuses) in the same transaction:
    ///         send the total as `msg.value` for ETH, or approve the total beforehand for an ERC-20.
    /// @return jobId The new job's id.
    function postAndFund(
        JobTerms calldata terms,
        MilestoneTerms[] calldata milestones
    ) external payable returns (uint256 jobId);

    /// @notice Same as `postAndFund` for an ERC-20, approving the transfer with an EIP-2612 permit.
    /// @return jobId The new job's id.
    function postAndFundWithPermit(
        JobTerms calldata terms,
        MilestoneTerms[] calldata milestones,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 jobId);

    /// @notice Escrows milestones `first`..`first+count-1` (amounts plus bonuses) in one transfer.
    function fund(uint256 jobId, uint256 first, uint256 count) external payable;

    /// @notice Same as `fund`, approving the transfer with an EIP-2612 permit in the same transaction.
    function fundWithPermit(
        uint256 jobId,
        uint256 first,
        uint256 count,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external;

    /// @notice Hires the vendor that signed `quote`.
    function hire(Quote calldata quote, bytes calldata signature) external;

    /// @notice Pays a funded or submitted milestone's base amount to the vendor.
    function approve(uint256 jobId, uint256 index) external;

    /// @notice Sends a submission back; the deadline moves so the vendor keeps a review window to resubmit.
    function requestChanges(uint256 jobId, uint256 index, string calldata noteCid) external;

    /// @notice Refunds a funded milestone: any time before a vendor is hired, or after a missed deadline.
    function refund(uint256 jobId, uint256 index) external;

    /// @notice Cancels an unfunded milestone.
    function cancel(uint256 jobId, uint256 index) external;

    /// @notice Pays a held outcome bonus to the vendor.
    function releaseBonus(uint256 jobId, uint256 index) external;

    // ------------------------------------------------------------------ vendor

    /// @notice Takes an open job the caller qualifies for.
    /// @param requiredSkills The job's required skills, exactly as posted.
    function claim(uint256 jobId, bytes32[] calldata requiredSkills) external;

    /// @notice Submits a milestone's deliverable and starts the review window.
    function submit(uint256 jobId, uint256 index, string calldata deliverableCid) external;

    /// @notice Voids every quote the caller signed so far.
    function revokeQuotes() external;

    // ------------------------------------------------------------------ anyone

    /// @notice Pays a submitted milestone once its review window is over.
    function release(uint256 jobId, uint256 index) external;

    /// @notice Returns an undecided bonus to the client once its outcome deadline is over.
    function returnBonus(uint256 jobId, uint256 index) external;

    /// @notice Sends the caller what failed to reach it earlier, to `to`.
    function withdraw(address token, address to) external;

    /// @notice Sends accrued platform fees to the treasury.
    function collectFees(address token) external;

    /// @notice Sends what the escrow holds in `token` beyond its books (held + owed + fees) to the
    ///         treasury. Only tokens the books know; reverts if any token's books end up uncovered.
    function sweepSurplus(address token) external;

    // ------------------------------------------------------------------ disputes

    /// @notice Freezes a milestone's held funds until a ruling, a settlement, or the timeout, and files
    ///         the caller's first evidence. The client may dispute a submitted milestone during its
    ///         review, or a held bonus; the vendor a milestone the client sent back for changes, or a
    ///         held bonus. A vendor posts a bond of the arbiter's fee on the frozen amount (`msg.value`
    ///         for ETH, an allowance otherwise), returned unless it is needed to pay the arbiter.
    /// @param evidenceCid CID of the caller's evidence document.
    function dispute(uint256 jobId, uint256 index, string calldata evidenceCid) external payable;

    /// @notice Files more evidence for a disputed milestone (client or vendor).
    /// @param evidenceCid CID of the evidence document.
    function submitEvidence(uint256 jobId, uint256 index, string calldata evidenceCid) external;

    /// @notice Splits a disputed milestone as both parties signed (EIP-712), without arbiter fee.
    function settle(
        uint256 jobId,
        uint256 index,
        uint16 vendorBps,
        uint64 deadline,
        bytes calldata clientSignature,
        bytes calldata vendorSignature
    ) external;

    /// @notice Splits a dispute evenly, without arbiter fee, once the arbiter stayed silent past the timeout.
    function resolveTimedOut(uint256 jobId, uint256 index) external;

    // ------------------------------------------------------------------ operator

    /// @notice Announces a platform fee for jobs funded `FEE_DELAY` from now on (a job takes the fee in
    ///         force at each funding).
    function announceFee(uint16 feeBps) external;

    /// @notice Allows, re-weights or disallows a token for new jobs and funding.
    /// @param weightUnit Token amount that counts as one unit of rating weight (above zero).
    /// @param paidJobThreshold Token amount a job must pay to count as a paid vendor job (>= weightUnit).
    function configureToken(address token, bool allowed, uint96 weightUnit, uint96 paidJobThreshold) external;

    /// @notice Names the default arbiter. The first one applies at once; a change applies to jobs
    ///         posted `FEE_DELAY` from now on (announced like a fee; announcing again replaces it).
    function setDefaultArbiter(address arbiter, uint16 feeBps) external;

    /// @notice Sets where collected fees go.
    function setTreasury(address treasury) external;

    /// @notice Stops new jobs, funding and hiring. Exits keep working.
    function pause() external;

    /// @notice Lifts a pause.
    function unpause() external;

    // ------------------------------------------------------------------ views

    function jobCount() external view returns (uint256);
    function jobOf(uint256 jobId) external view returns (Job memory);
    function milestoneOf(uint256 jobId, uint256 index) external view returns (Milestone memory);
    function feeBps() external view returns (uint16);
    function pendingFee() external view returns (uint16 feeBps, uint64 effectiveAt);
    function tokenConfig(
        address token
    ) external view returns (bool allowed, uint96 weightUnit, uint96 paidJobThreshold);
    /// @notice The default arbiter in force for jobs posted now.
    function defaultArbiter() external view returns (address arbiter, uint16 feeBps);
    function treasury() external view returns (address);
    function feesAccrued(address token) external view returns (uint256);
    /// @notice What the escrow owes out in `token`: held milestone funds, deferred payments and fees.
    function liabilitiesOf(address token) external view returns (uint256);
    /// @notice What the escrow holds in `token` beyond `liabilitiesOf`, which `sweepSurplus` sends on.
    function surplusOf(address token) external view returns (uint256);
    function owed(address token, address account) external view returns (uint256);
    function quoteNonce(address vendor) external view returns (uint256);
    function disputedAt(uint256 jobId, uint256 index) external view returns (uint256);
    function hashQuote(Quote calldata quote) external view returns (bytes32);
    function hashSettlement(
        uint256 jobId,
        uint256 index,
        uint16 vendorBps,
        uint64 deadline
    ) external view returns (bytes32);
}
