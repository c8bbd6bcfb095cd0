// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMosaicEscrow} from "./IMosaicEscrow.sol";

/// @title Mosaic projects
/// @notice A project is one client's demand decomposed into parts. Each part is paid by ordinary escrow
///         jobs the client posts and funds itself (so the client keeps approving in the escrow) and then
///         links to the part here; the registry only checks, through the escrow's `jobOf`, that a linked
///         job is the project client's, in the project's token and within the part's budget.
///
///         On top of the escrow's jobs a project adds:
///         - dependencies: a part may depend on an earlier part, and is ready once that part is paid;
///         - relay parts: two or three vendors with UTC shift windows, one escrow job per shift, a
///           handoff note per shift end (an event) and a 24-hour coverage view;
///         - a review layer: a part may name a reviewer, paid a share of the part the client deposits
///           here; the reviewer signs off or rejects submitted milestones; the share goes to the
///           reviewer once the part's job is paid after its final sign-off, and back to the client
///           otherwise (refunded or cancelled job, no sign-off, or the review deadline passed);
///         - sub-jobs: the hired vendor of a project's job may link a job it posted and funded itself
///           to that job, publicly.
///         The escrow's pause stops new business here too (projects, links, relays, reviewers), never
///         a handoff, a verdict, a settlement or a withdrawal.
interface IProjectRegistry {
    /// @notice Where a reviewer's share stands.
    enum ReviewState {
        None,
        Held,
        Paid,
        Refunded
    }

    /// @notice What a linked job pays for.
    enum LinkKind {
        None,
        Part,
        Shift,
        SubJob
    }

    /// @notice A project as the client creates it.
    /// @param token Payment token of every part's job and of reviewer shares (address(0) for ETH),
    ///        allowed in the escrow.
    /// @param budget Total budget; the parts' budgets add up to at most this.
    /// @param deadline When the project should be delivered (informative: jobs carry their own deadlines).
    /// @param utcOffsetMinutes The client's time zone, in minutes east of UTC (-720..840).
    /// @param workStartMinute Start of the client's working hours, minutes after local midnight.
    /// @param workEndMinute End of the client's working hours, minutes after local midnight (may be
    ///        before the start for hours across midnight).
    /// @param specCid IPFS CID of the demand's specification.
    // calldata only, never stored
    // solhint-disable-next-line gas-struct-packing
    struct ProjectTerms {
        address token;
        uint128 budget;
        uint32 deadline;
        int16 utcOffsetMinutes;
        uint16 workStartMinute;
        uint16 workEndMinute;
        string specCid;
    }

    /// @notice A part as the client declares it.
    /// @param budget What the part may cost, in the project's token (its jobs, not a reviewer's share).
    /// @param dependsOn 1 + the index of an earlier part that must be paid first; 0 for none.
    /// @param skills The skill tags the part needs (its vendors' and its reviewer's).
    struct PartTerms {
        uint128 budget;
        uint8 dependsOn;
        bytes32[] skills;
    }

    /// @notice One shift of a relay part.
    /// @param vendor The registered vendor who works it.
    /// @param startMinute Start of the shift, minutes after UTC midnight (0..1439).
    /// @param lengthMinutes Length of the shift (1..1440); a shift may run past UTC midnight.
    /// @param jobId The escrow job that pays it, once linked (0 before).
    struct Shift {
        address vendor;
        uint16 startMinute;
        uint16 lengthMinutes;
        uint64 jobId;
    }

    /// @notice A reviewer as the client names it.
    /// @param reviewer A registered vendor with the part's skills, neither the client nor a vendor of the part.
    /// @param shareBps The reviewer's share of the part's budget, in basis points (1..MAX_REVIEWER_BPS).
    /// @param deadline After it, a share without a final sign-off goes back to the client.
    /// @param skills The part's skills, exactly as declared (checked against the part's hash).
    // calldata only, never stored
    // solhint-disable-next-line gas-struct-packing
    struct ReviewerTerms {
        address reviewer;
        uint16 shareBps;
        uint32 deadline;
        bytes32[] skills;
    }

    /// @notice A job linked to a project, as `linkOf` reads it.
    /// @param kind Part job, shift job or sub-job (None when the job is not linked).
    /// @param part The part it belongs to (a sub-job's: its parent's part).
    /// @param shift The shift it pays (shift jobs only).
    /// @param parentJobId The job a sub-job was linked under (sub-jobs only).
    // 19 bytes: one slot (the linter counts the enum as a full word)
    // solhint-disable-next-line gas-struct-packing
    struct JobLink {
        uint64 projectId;
        LinkKind kind;
        uint8 part;
        uint8 shift;
        uint64 parentJobId;
    }

    /// @notice A project, as stored and as `projectOf` returns it.
    /// @dev Three slots: the client with its time zone, hours and deadline (31 bytes); the token; the budget.
    struct Project {
        address client;
        uint32 deadline;
        int16 utcOffsetMinutes;
        uint16 workStartMinute;
        uint16 workEndMinute;
        uint8 partCount;
        address token;
        uint128 budget;
    }

    /// @notice A part, as stored and as `partOf` returns it.
    /// @dev Four slots: money (budget, committed); skills; links and reviewer (30 bytes); the review's
    ///      terms, state and share (24 bytes). A verdict writes only the last one.
    /// @param committed What its linked jobs escrow in total (amounts plus bonuses), at most `budget`.
    /// @param jobId Its job, once linked (0 before; relay parts link one job per shift instead).
    /// @param signedOff Whether the reviewer's latest verdict on the job's last milestone is a sign-off.
    struct Part {
        uint128 budget;
        uint128 committed;
        bytes32 skillsHash;
        uint64 jobId;
        uint8 dependsOn;
        uint8 shiftCount;
        address reviewer;
        uint16 reviewerShareBps;
        uint32 reviewDeadline;
        ReviewState reviewState;
        bool signedOff;
        uint128 reviewerShare;
    }

    // ------------------------------------------------------------------ events

    /// @notice A client created a project.
    /// @param projectId The new project's id.
    /// @param client The client.
    /// @param token The project's token.
    /// @param budget The total budget.
    /// @param deadline The delivery deadline.
    /// @param utcOffsetMinutes The client's time zone.
    /// @param workStartMinute Start of the client's working hours (local).
    /// @param workEndMinute End of the client's working hours (local).
    /// @param specCid The specification's CID.
    event ProjectCreated(
        uint256 indexed projectId,
        address indexed client,
        address indexed token,
        uint256 budget,
        uint32 deadline,
        int16 utcOffsetMinutes,
        uint16 workStartMinute,
        uint16 workEndMinute,
        string specCid
    );
    /// @notice A part was declared with its project.
    /// @param projectId The project.
    /// @param part The part's index.
    /// @param budget The part's budget.
    /// @param dependsOn 1 + the index of the part it waits for; 0 for none.
    /// @param skillsHash keccak256 of the packed skill tags (0 for none), as the escrow hashes a job's.
    /// @param skills The skill tags.
    event PartDeclared(
        uint256 indexed projectId,
        uint256 indexed part,
        uint256 budget,
        uint8 dependsOn,
        bytes32 skillsHash,
        bytes32[] skills
    );
    /// @notice The client linked an escrow job to a part (or to one of a relay part's shifts).
    /// @param projectId The project.
    /// @param part The part.
    /// @param jobId The escrow job.
    /// @param kind Part or Shift.
    /// @param shift The shift it pays (Shift links only).
    /// @param amount What the job escrows in total (amounts plus bonuses).
    event JobLinked(
        uint256 indexed projectId,
        uint256 indexed part,
        uint256 indexed jobId,
        LinkKind kind,
        uint8 shift,
        uint256 amount
    );
    /// @notice The client made a part a relay of shifts.
    /// @param projectId The project.
    /// @param part The part.
    /// @param shifts The shifts (job ids zero until linked).
    event RelaySet(uint256 indexed projectId, uint256 indexed part, Shift[] shifts);
    /// @notice A shift's vendor handed off at the end of its shift.
    /// @param projectId The project.
    /// @param part The part.
    /// @param shift The shift that ends.
    /// @param vendor Its vendor.
    /// @param nextShift The shift that takes over.
    /// @param noteCid IPFS CID of the handoff note.
    event HandoffPosted(
        uint256 indexed projectId,
        uint256 indexed part,
        uint8 shift,
        address indexed vendor,
        uint8 nextShift,
        string noteCid
    );
    /// @notice The client named a part's reviewer and deposited its share.
    /// @param projectId The project.
    /// @param part The part.
    /// @param reviewer The reviewer.
    /// @param shareBps The share of the part's budget.
    /// @param share The amount deposited.
    /// @param deadline After it, a share without a final sign-off goes back to the client.
    event ReviewerNamed(
        uint256 indexed projectId,
        uint256 indexed part,
        address indexed reviewer,
        uint16 shareBps,
        uint256 share,
        uint32 deadline
    );
    /// @notice The reviewer signed off or rejected a submitted milestone of the part's job.
    /// @param projectId The project.
    /// @param part The part.
    /// @param jobId The part's job.
    /// @param index The milestone.
    /// @param signedOff Sign-off (true) or rejection (false).
    /// @param noteCid IPFS CID of the reviewer's notes.
    event MilestoneReviewed(
        uint256 indexed projectId,
        uint256 indexed part,
        uint256 indexed jobId,
        uint256 index,
        bool signedOff,
        string noteCid
    );
    /// @notice A reviewer's share was paid to the reviewer.
    /// @param projectId The project.
    /// @param part The part.
    /// @param reviewer The reviewer.
    /// @param amount The share.
    event ReviewSharePaid(uint256 indexed projectId, uint256 indexed part, address indexed reviewer, uint256 amount);
    /// @notice A reviewer's share went back to the client.
    /// @param projectId The project.
    /// @param part The part.
    /// @param client The client.
    /// @param amount The share.
    event ReviewShareRefunded(uint256 indexed projectId, uint256 indexed part, address indexed client, uint256 amount);
    /// @notice A project job's hired vendor linked a job it posted and funded to that job.
    /// @param projectId The project.
    /// @param parentJobId The job the sub-job is part of.
    /// @param subJobId The sub-job.
    /// @param prime The parent job's vendor, the sub-job's client.
    event SubJobLinked(uint256 indexed projectId, uint256 indexed parentJobId, uint256 indexed subJobId, address prime);
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

    // ------------------------------------------------------------------ errors

    /// @notice No project has this id.
    error ProjectNotFound(uint256 projectId);
    /// @notice The project has no part with this index.
    error ProjectPartNotFound(uint256 projectId, uint256 part);
    /// @notice Only the project's client may do this.
    error ProjectNotClient(uint256 projectId, address caller);
    /// @notice The escrow is paused: no new projects, links, relays or reviewers.
    error ProjectPaused();
    /// @notice The escrow does not allow this token.
    error ProjectTokenNotAllowed(address token);
    /// @notice A budget is zero, or the parts' budgets add up to more than the project's.
    error ProjectInvalidBudget(uint256 budget, uint256 max);
    /// @notice The deadline is not in the future.
    error ProjectInvalidDeadline(uint256 deadline);
    /// @notice The time zone or working hours are out of range (or the working hours are empty).
    error ProjectInvalidWorkingHours(int256 utcOffsetMinutes, uint256 startMinute, uint256 endMinute);
    /// @notice A CID is empty or longer than `MAX_CID_LENGTH` bytes.
    error ProjectInvalidCid(uint256 length, uint256 max);
    /// @notice A project needs 1..`MAX_PARTS` parts.
    error ProjectInvalidPartCount(uint256 count, uint256 max);
    /// @notice A part may only depend on an earlier part.
    error ProjectInvalidDependency(uint256 part, uint256 dependsOn);
    /// @notice The job's client or token is not the project's.
    error ProjectJobMismatch(uint256 jobId);
    /// @notice The job is linked to a project already.
    error ProjectJobAlreadyLinked(uint256 jobId);
    /// @notice The part (or the shift) has its job already, and that job has not ended unpaid.
    error ProjectPartAlreadyLinked(uint256 projectId, uint256 part);
    /// @notice The part has no job linked yet.
    error ProjectPartNotLinked(uint256 projectId, uint256 part);
    /// @notice The job escrows more than what is left of the part's budget.
    error ProjectJobOverBudget(uint256 jobId, uint256 amount, uint256 left);
    /// @notice The part is a relay: link a job per shift, and no reviewer.
    error ProjectPartIsRelay(uint256 projectId, uint256 part);
    /// @notice The part is not a relay (or has no such shift).
    error ProjectShiftNotFound(uint256 projectId, uint256 part, uint256 shift);
    /// @notice A relay needs two or three shifts, each starting in the day and lasting 1..1440 minutes.
    error ProjectInvalidShift(uint256 shift);
    /// @notice Only the shift's vendor may do this.
    error ProjectNotShiftVendor(uint256 projectId, uint256 part, uint256 shift, address caller);
    /// @notice The job was hired to someone other than the shift's vendor.
    error ProjectShiftVendorMismatch(uint256 jobId, address vendor);
    /// @notice The account is not a registered vendor (with the part's skills, for a reviewer).
    error ProjectVendorUnqualified(address account);
    /// @notice The skill list is not the part's.
    error ProjectSkillsMismatch(uint256 projectId, uint256 part);
    /// @notice The account has another role in the part: a reviewer is never the client nor a vendor of
    ///         the part, and a shift's vendor appears once.
    error ProjectConflictOfInterest(address account);
    /// @notice The part's reviewer was already named (and its share is held or paid).
    error ProjectReviewerAlreadyNamed(uint256 projectId, uint256 part);
    /// @notice The part has no reviewer share held.
    error ProjectNoReview(uint256 projectId, uint256 part);
    /// @notice Only the part's reviewer may do this.
    error ProjectNotReviewer(uint256 projectId, uint256 part, address caller);
    /// @notice The reviewer's share is outside 1..`MAX_REVIEWER_BPS` or rounds to nothing.
    error ProjectInvalidReviewerShare(uint256 shareBps);
    /// @notice The milestone is not submitted: there is nothing to review.
    error ProjectMilestoneNotSubmitted(uint256 jobId, uint256 index, IMosaicEscrow.MilestoneState state);
    /// @notice The review is still open: neither paid out nor refundable yet.
    error ProjectReviewPending(uint256 projectId, uint256 part);
    /// @notice Only a project job's hired vendor may link a sub-job to it.
    error ProjectNotPrime(uint256 jobId, address caller);
    /// @notice The job is not linked to any project.
    error ProjectJobNotLinked(uint256 jobId);
    /// @notice `msg.value` is not what the call needs.
    error ProjectWrongValue(uint256 expected, uint256 actual);
    /// @notice The token delivered less than the amount transferred (fee-on-transfer tokens are refused).
    error ProjectTokenDeliveredLess(address token, uint256 expected, uint256 received);
    /// @notice Nothing is owed to the caller in this token.
    error ProjectNothingOwed(address token, address account);
    /// @notice The address must not be zero.
    error ProjectZeroAddress();

    // ------------------------------------------------------------------ client

    /// @notice Creates a project and declares its parts.
    /// @return projectId The new project's id.
    function createProject(
        ProjectTerms calldata terms,
        PartTerms[] calldata parts
    ) external returns (uint256 projectId);

    /// @notice Links escrow jobs the client posted to parts, in one transaction: `shifts[i]` is read
    ///         for relay parts only (the shift the job pays) and must be 0 otherwise. A part's (or
    ///         shift's) job may be replaced once it ended unpaid: every milestone refunded or cancelled.
    function linkJobs(
        uint256 projectId,
        uint8[] calldata parts,
        uint8[] calldata shifts,
        uint256[] calldata jobIds
    ) external;

    /// @notice Makes a part a relay of two or three shifts (before any job is linked to it).
    function setRelay(uint256 projectId, uint8 part, Shift[] calldata shifts) external;

    /// @notice Names a part's reviewer and deposits its share (`msg.value` for ETH, an allowance otherwise);
    ///         again after a share was refunded.
    function nameReviewer(uint256 projectId, uint8 part, ReviewerTerms calldata terms) external payable;

    /// @notice Same as `nameReviewer` for an ERC-20, approving the deposit with an EIP-2612 permit.
    function nameReviewerWithPermit(
        uint256 projectId,
        uint8 part,
        ReviewerTerms calldata terms,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external;

    // ------------------------------------------------------------------ vendors and reviewers

    /// @notice Posts the handoff note of a relay shift's end (the shift's vendor only).
    function postHandoff(uint256 projectId, uint8 part, uint8 shift, string calldata noteCid) external;

    /// @notice Signs off (`signOff`) or rejects a submitted milestone of the part's job (its reviewer only).
    ///         The verdict on the job's last milestone is the final one.
    function review(uint256 projectId, uint8 part, uint256 index, bool signOff, string calldata noteCid) external;

    /// @notice Links a job the caller posted to a project job it was hired on.
    function linkSubJob(uint256 parentJobId, uint256 subJobId) external;

    // ------------------------------------------------------------------ anyone

    /// @notice Pays a held reviewer share to the reviewer (final sign-off, job paid) or back to the
    ///         client (job refunded or cancelled, paid without a final sign-off, the reviewer hired on
    ///         the job, or the review deadline passed without a final sign-off).
    function settleReview(uint256 projectId, uint8 part) external;

    /// @notice Sends the caller what failed to reach it earlier, to `to`.
    function withdraw(address token, address to) external;

    // ------------------------------------------------------------------ views

    function projectCount() external view returns (uint256);
    function projectOf(uint256 projectId) external view returns (Project memory);
    function partOf(uint256 projectId, uint8 part) external view returns (Part memory);
    function shiftsOf(uint256 projectId, uint8 part) external view returns (Shift[] memory);
    /// @notice How a job is linked to a project (kind None when it is not).
    function linkOf(uint256 jobId) external view returns (JobLink memory);
    /// @notice Whether a part may start: it depends on no part, or that part's jobs are paid.
    function isPartReady(uint256 projectId, uint8 part) external view returns (bool);
    /// @notice The relay's 24-hour coverage: minutes of each UTC hour at least one shift covers, and
    ///         their total over the day.
    function coverageOf(
        uint256 projectId,
        uint8 part
    ) external view returns (uint8[24] memory minutesPerHour, uint256 coveredMinutes);
    /// @notice Reviewer shares held in `token`, not yet paid or refunded.
    function heldOf(address token) external view returns (uint256);
    function owed(address token, address account) external view returns (uint256);
}
