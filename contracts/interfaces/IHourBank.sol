// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Hour banks
/// @notice A client (or an agency) buys a bank of a vendor's hours in one transaction, at the
///         vendor's published hourly rate less the volume discount its tiers give for the hours
///         bought, valid until an expiry date. The vendor logs time against the bank with a
///         timesheet note; each log is paid once the review window has passed, unless the client (or
///         the member the log was charged to) contests it, which sends it to the bank's arbiter like
///         a milestone dispute. The client may share parts of the bank out to members (its own
///         clients or colleagues), who may request work and review the logs charged to their share.
///         Unlogged time is refunded when the bank is closed: by anyone after expiry, or earlier by
///         the client, less the notice the vendor's terms say is owed.
///
///         Time is counted in minutes. A bank's price per minute is fixed when it is bought (the
///         discounted hourly rate divided by 60, rounded down), so every minute bought costs exactly
///         the same number of token units and every unit of a bank is unlogged, pending, paid,
///         refunded or fee.
interface IHourBank {
    /// @notice A volume discount: `discountBps` off the hourly rate for banks of at least `minHours`.
    struct Tier {
        uint32 minHours;
        uint16 discountBps;
    }

    /// @notice A vendor's published terms in one token.
    /// @param hourlyRate Token units per hour before discount; 0 when the vendor sells no hours.
    /// @param noticeHours Hours owed to the vendor when the client closes a bank before its expiry.
    /// @param tiers Volume discounts, by strictly increasing `minHours` and `discountBps`.
    struct VendorTerms {
        uint96 hourlyRate;
        uint32 noticeHours;
        Tier[] tiers;
    }

    /// @notice What a client asks for when buying a bank.
    /// @param vendor The vendor whose published terms apply.
    /// @param token The payment token (address(0) for ETH), allowed in the escrow.
    /// @param hours Hours bought.
    /// @param maxHourlyRate Most the client accepts to pay per hour after discount (guards against a
    ///        terms change landing first).
    /// @param expiresAt When the bank stops taking logs and its unlogged time can be refunded.
    /// @param reviewWindow Seconds the client has to review each log.
    // calldata only, never stored
    // solhint-disable-next-line gas-struct-packing
    struct Order {
        address vendor;
        address token;
        uint32 hourCount;
        uint256 maxHourlyRate;
        uint32 expiresAt;
        uint32 reviewWindow;
    }

    /// @notice A bank as the views return it.
    struct Bank {
        address client;
        address vendor;
        address token;
        address arbiter;
        uint16 arbiterFeeBps;
        uint16 feeBps;
        uint32 expiresAt;
        uint32 reviewWindow;
        uint32 minutesLeft;
        uint32 allocated;
        uint32 logCount;
        uint32 noticeMinutes;
        uint32 fundedAt;
        uint96 minuteRate;
        uint256 paidToVendor;
        uint256 feesAccrued;
        bool closed;
        uint96 weightUnit;
        uint96 paidJobThreshold;
    }

    /// @notice Where a log stands.
    enum LogState {
        None,
        Pending,
        Paid,
        Contested,
        Resolved
    }

    /// @notice A timesheet entry.
    /// @param member Whose share the time was charged to (the client for its own pool).
    /// @param minutes Time logged.
    /// @param reviewEndsAt When the log can be released without review.
    /// @param state Where it stands.
    /// @param id Its number within the bank.
    // 160 + 24 + 32 + 8 + 32 bits: one slot
    // solhint-disable-next-line gas-struct-packing
    struct Log {
        address member;
        uint24 minuteCount;
        uint32 reviewEndsAt;
        LogState state;
        uint32 id;
    }

    /// @notice A vendor published (or withdrew, with a zero rate) its terms in `token`.
    event TermsPublished(
        address indexed vendor,
        address indexed token,
        uint96 hourlyRate,
        uint32 noticeHours,
        Tier[] tiers
    );
    /// @notice A bank was bought.
    event BankOpened(
        uint256 indexed bankId,
        address indexed client,
        address indexed vendor,
        address token,
        uint32 hourCount,
        uint96 minuteRate,
        uint256 total,
        uint32 expiresAt,
        uint32 reviewWindow,
        address arbiter,
        uint16 arbiterFeeBps,
        uint16 feeBps
    );
    /// @notice The client added hours (at the bank's price) and possibly moved the expiry later.
    event BankToppedUp(uint256 indexed bankId, uint32 hourCount, uint256 amount, uint32 expiresAt);
    /// @notice The client set `member`'s share of the bank.
    event Allocated(uint256 indexed bankId, address indexed member, uint32 minuteCount);
    /// @notice The client or a member asked the vendor for work (what, in a document).
    event WorkRequested(uint256 indexed bankId, address indexed requester, string briefCid);
    /// @notice The vendor logged time; its review ends `reviewWindow` after this block's time.
    /// @param noteDigest The sha-256 digest of the timesheet note (a CIDv1, raw codec: the CID is
    ///        rebuilt from it, as the registry's `cidOf` does for profiles).
    event HoursLogged(
        uint256 indexed bankId,
        uint256 indexed logId,
        address indexed member,
        uint24 minuteCount,
        bytes32 noteDigest
    );
    /// @notice The client or the member charged approved a log before its review window ended.
    event LogApproved(uint256 indexed bankId, uint256 indexed logId, address indexed by);
    /// @notice A log was paid.
    event LogReleased(uint256 indexed bankId, uint256 indexed logId, uint256 toVendor, uint256 fee);
    /// @notice A log was contested and went to the arbiter.
    event LogContested(uint256 indexed bankId, uint256 indexed logId, uint256 disputeId, address by, uint256 frozen);
    /// @notice A contested log was decided (ruling, or an even split after the arbiter's time out).
    event LogResolved(
        uint256 indexed bankId,
        uint256 indexed logId,
        uint16 vendorBps,
        uint256 toVendor,
        uint256 toClient,
        uint256 arbiterFee,
        uint256 fee
    );
    /// @notice The bank was closed: unlogged time refunded, notice (if closed early) paid.
    event BankClosed(uint256 indexed bankId, uint256 refunded, uint256 noticeToVendor, uint256 noticeFee);
    /// @notice A bank's accrued platform fees went to the treasury (or are owed to it).
    event FeesCollected(uint256 indexed bankId, address indexed treasury, uint256 amount);
    /// @notice A payment could not be pushed and is owed to `to` (see `withdraw`).
    event PaymentDeferred(address indexed token, address indexed to, uint256 amount);
    /// @notice `account` withdrew what it was owed.
    event Withdrawn(address indexed token, address indexed account, address to, uint256 amount);

    /// @notice No bank has this id.
    error HourBankNotFound(uint256 bankId);
    /// @notice The caller is not the bank's client.
    error HourBankNotClient(uint256 bankId, address caller);
    /// @notice The caller is not the bank's vendor.
    error HourBankNotVendor(uint256 bankId, address caller);
    /// @notice The caller may not review (or request work on) what it tried to.
    error HourBankNotReviewer(uint256 bankId, address caller);
    /// @notice The caller is not the bank's arbiter.
    error HourBankNotArbiter(uint256 disputeId, address caller);
    /// @notice The escrow does not allow `token`.
    error HourBankTokenNotAllowed(address token);
    /// @notice The vendor sells no hours in `token`.
    error HourBankNoTerms(address vendor, address token);
    /// @notice The vendor is not registered in the vendor registry.
    error HourBankVendorUnregistered(address vendor);
    /// @notice The discounted rate is above what the client accepted.
    error HourBankRateAboveMax(uint256 rate, uint256 maxRate);
    /// @notice Tiers must rise strictly in hours and discount, each below 100%, at most `max` of them.
    error HourBankInvalidTiers(uint256 index);
    /// @notice Zero hours, or a bank worth more than its books can count.
    error HourBankInvalidHours(uint256 hourCount);
    /// @notice The hourly rate is below 60 units (a minute would cost nothing).
    error HourBankRateTooLow(uint256 hourlyRate);
    /// @notice The expiry is in the past (or before the bank's current one).
    error HourBankInvalidExpiry(uint256 expiresAt);
    /// @notice The review window is outside [min, max].
    error HourBankInvalidReviewWindow(uint256 reviewWindow, uint256 min, uint256 max);
    /// @notice Two of the bank's parties are the same address.
    error HourBankConflictOfInterest(address account);
    /// @notice The escrow has no default arbiter.
    error HourBankNoArbiter();
    /// @notice The value sent is not what was due.
    error HourBankWrongValue(uint256 expected, uint256 sent);
    /// @notice The token delivered less than was asked.
    error HourBankTokenDeliveredLess(address token, uint256 expected, uint256 received);
    /// @notice The bank is closed.
    error HourBankClosed(uint256 bankId);
    /// @notice The bank expired at `expiresAt`.
    error HourBankExpired(uint256 bankId, uint256 expiresAt);
    /// @notice Not enough unlogged time in the share charged.
    error HourBankNotEnoughTime(uint256 bankId, address member, uint256 requested, uint256 available);
    /// @notice Zero minutes, or more than one log may hold.
    error HourBankInvalidMinutes(uint256 minuteCount);
    /// @notice An empty, or too long, document CID.
    error HourBankInvalidCid(uint256 length, uint256 max);
    /// @notice A log without a timesheet note digest.
    error HourBankEmptyNote(uint256 bankId);
    /// @notice Every log slot of the bank is awaiting review or arbitration.
    error HourBankTooManyOpenLogs(uint256 bankId, uint256 max);
    /// @notice The log does not exist (or is settled and its slot reused).
    error HourBankLogNotFound(uint256 bankId, uint256 logId);
    /// @notice The log is not in the state the call needs.
    error HourBankLogState(uint256 bankId, uint256 logId, LogState state);
    /// @notice Too early: available at `availableAt`.
    error HourBankTooEarly(uint256 bankId, uint256 logId, uint256 availableAt);
    /// @notice The review window of the log ended at `reviewEndsAt`.
    error HourBankReviewOver(uint256 bankId, uint256 logId, uint256 reviewEndsAt);
    /// @notice A ruling above 10,001.
    error HourBankInvalidRuling(uint256 ruling);
    /// @notice Nothing is owed to `account` in `token`.
    error HourBankNothingOwed(address token, address account);
    /// @notice The bank has no fees to collect.
    error HourBankNoFees(uint256 bankId);
    /// @notice A zero address where one is needed.
    error HourBankZeroAddress();
    /// @notice New banks and top-ups wait while the escrow is paused.
    error HourBankPaused();

    /// @notice Publishes (or replaces) the caller's terms in `token`; a zero rate withdraws them.
    ///         Banks already bought keep their price. The caller must be a registered vendor.
    function setTerms(address token, uint96 hourlyRate, uint32 noticeHours, Tier[] calldata tiers) external;

    /// @notice Buys a bank, paid in ETH (exact `msg.value`) or by allowance.
    function buy(Order calldata order) external payable returns (uint256 bankId);

    /// @notice Buys a bank, paid by EIP-2612 permit (a failed permit is ignored: the transfer decides).
    function buyWithPermit(
        Order calldata order,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 bankId);

    /// @notice Adds `hourCount` at the bank's price and moves its expiry to `expiresAt` (not earlier).
    ///         As a funding, it snapshots the escrow's fee and the token's weight settings again.
    function topUp(uint256 bankId, uint32 hourCount, uint32 expiresAt) external payable;

    /// @notice `topUp` paid by EIP-2612 permit.
    function topUpWithPermit(
        uint256 bankId,
        uint32 hourCount,
        uint32 expiresAt,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external;

    /// @notice Sets `member`'s share to `minuteCount` (0 takes it back). Shares are reserved out of the
    ///         unlogged time; the client's own pool is what no share holds.
    function allocate(uint256 bankId, address member, uint32 minuteCount) external;

    /// @notice Asks the vendor for work: the client, or a member with a share.
    function requestWork(uint256 bankId, string calldata briefCid) external;

    /// @notice The vendor logs `minuteCount` against `member`'s share (the client's own pool when
    ///         `member` is the client) with a timesheet note: what was done and by whom, a document
    ///         given by its sha-256 digest (a CIDv1, raw codec), which costs less calldata than the CID.
    function logHours(
        uint256 bankId,
        address member,
        uint24 minuteCount,
        bytes32 noteDigest
    ) external returns (uint256 logId);

    /// @notice The client, or the member charged, approves a pending log and pays it now.
    function approveLog(uint256 bankId, uint256 logId) external;

    /// @notice Anyone pays a pending log whose review window is over.
    function release(uint256 bankId, uint256 logId) external;

    /// @notice The client, or the member charged, contests a pending log within its review window.
    function contest(uint256 bankId, uint256 logId, string calldata evidenceCid) external;

    /// @notice A party (client, member charged, vendor) files evidence on a contested log.
    function submitEvidence(uint256 bankId, uint256 logId, string calldata evidenceCid) external;

    /// @notice Splits a contested log evenly once the arbiter has let `DISPUTE_TIMEOUT` pass.
    function resolveTimedOut(uint256 bankId, uint256 logId) external;

    /// @notice Closes the bank and refunds its unlogged time to the client: anyone after expiry;
    ///         the client earlier, paying the vendor its notice out of the unlogged time.
    function close(uint256 bankId) external;

    /// @notice Sends the bank's accrued platform fees to the escrow's treasury.
    function collectFees(uint256 bankId) external;

    /// @notice Withdraws what the caller is owed in `token` to `to`.
    function withdraw(address token, address to) external;

    /// @notice The vendor's terms in `token`.
    function termsOf(address vendor, address token) external view returns (VendorTerms memory);

    /// @notice The discounted hourly rate and the price of `hourCount` of `vendor` in `token`.
    function quote(
        address vendor,
        address token,
        uint32 hourCount
    ) external view returns (uint256 hourlyRate, uint96 minuteRate, uint256 total);

    /// @notice Number of banks ever bought.
    function bankCount() external view returns (uint256);

    /// @notice A bank.
    function bankOf(uint256 bankId) external view returns (Bank memory);

    /// @notice A log still stored (its slot is reused once settled and `MAX_OPEN_LOGS` logs later).
    function logOf(uint256 bankId, uint256 logId) external view returns (Log memory);

    /// @notice `member`'s unlogged share of the bank (0 once the bank is closed).
    function allocationOf(uint256 bankId, address member) external view returns (uint32);

    /// @notice What `account` is owed in `token` after a refused transfer.
    function owed(address token, address account) external view returns (uint256);
}
