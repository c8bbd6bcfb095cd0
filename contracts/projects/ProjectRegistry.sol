// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IMosaicEscrow} from "../interfaces/IMosaicEscrow.sol";
import {IProjectRegistry} from "../interfaces/IProjectRegistry.sol";
import {IVendorRegistry} from "../interfaces/IVendorRegistry.sol";
import {MosaicEscrow} from "../escrow/MosaicEscrow.sol";

/// @title Mosaic project registry
/// @notice Projects, their parts, relays, reviewers and sub-jobs beside the escrow (see IProjectRegistry).
///
///         The escrow is untouched: money for the work stays in escrow jobs the client posts, funds,
///         hires and approves as usual; this contract only records which job pays which part, reads the
///         jobs back through `jobOf` and `milestoneOf`, and holds the one sum the escrow has no place
///         for: reviewers' shares. The operator's settings are the escrow's, read from it: the token
///         allowlist, the vendor registry and the pause (new business only).
contract ProjectRegistry is IProjectRegistry, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice Most parts a project may have.
    uint256 public constant MAX_PARTS = 32;
    /// @notice Largest reviewer share: 20% of the part's budget.
    uint16 public constant MAX_REVIEWER_BPS = 2_000;
    /// @notice Longest document CID accepted, in bytes.
    uint256 public constant MAX_CID_LENGTH = 100;
    /// @notice Gas forwarded with an ETH push, as in the escrow.
    uint256 public constant ETH_PUSH_GAS = 100_000;

    uint256 private constant _BPS = 10_000;
    uint256 private constant _DAY_MINUTES = 1_440;
    int256 private constant _MIN_UTC_OFFSET = -720;
    int256 private constant _MAX_UTC_OFFSET = 840;
    uint256 private constant _MIN_SHIFTS = 2;
    uint256 private constant _MAX_SHIFTS = 3;

    /// @notice The escrow whose jobs pay the parts and whose settings and pause apply.
    MosaicEscrow public immutable escrow;

    uint256 private _projectCount;
    mapping(uint256 projectId => Project) private _projects;
    mapping(uint256 projectId => mapping(uint256 part => Part)) private _parts;
    mapping(uint256 projectId => mapping(uint256 part => Shift[])) private _shifts;
    mapping(uint256 jobId => JobLink) private _links;
    mapping(address token => uint256) private _held;
    mapping(address token => mapping(address account => uint256)) private _owed;

    /// @param escrow_ The escrow whose jobs, settings, registry and pause apply.
    constructor(MosaicEscrow escrow_) {
        if (address(escrow_) == address(0)) revert ProjectZeroAddress();
        escrow = escrow_;
    }

    // ================================================================== client

    /// @inheritdoc IProjectRegistry
    function createProject(
        ProjectTerms calldata terms,
        PartTerms[] calldata parts
    ) external returns (uint256 projectId) {
        _requireNotPaused();
        (bool allowed, , ) = escrow.tokenConfig(terms.token);
        if (!allowed) revert ProjectTokenNotAllowed(terms.token);
        if (terms.budget == 0) revert ProjectInvalidBudget(0, type(uint128).max);
        if (terms.deadline <= block.timestamp) revert ProjectInvalidDeadline(terms.deadline);
        int16 offset = terms.utcOffsetMinutes;
        if (
            offset < _MIN_UTC_OFFSET ||
            offset > _MAX_UTC_OFFSET ||
            terms.workStartMinute >= _DAY_MINUTES ||
            terms.workEndMinute >= _DAY_MINUTES ||
            terms.workStartMinute == terms.workEndMinute
        ) revert ProjectInvalidWorkingHours(offset, terms.workStartMinute, terms.workEndMinute);
        _requireCid(terms.specCid);
        uint256 count = parts.length;
        if (count == 0 || count > MAX_PARTS) revert ProjectInvalidPartCount(count, MAX_PARTS);

        projectId = ++_projectCount;
        Project storage project = _projects[projectId];
        (project.client, project.deadline, project.utcOffsetMinutes) = (msg.sender, terms.deadline, offset);
        (project.workStartMinute, project.workEndMinute) = (terms.workStartMinute, terms.workEndMinute);
        // count <= MAX_PARTS = 32: fits a byte.
        (project.partCount, project.token, project.budget) = (uint8(count), terms.token, terms.budget);
        emit ProjectCreated(
            projectId,
            msg.sender,
            terms.token,
            terms.budget,
            terms.deadline,
            offset,
            terms.workStartMinute,
            terms.workEndMinute,
            terms.specCid
        );

        uint256 total;
        for (uint256 i; i < count; ++i) {
            PartTerms calldata terms_ = parts[i];
            uint128 budget = terms_.budget;
            total += budget;
            if (budget == 0 || total > terms.budget) revert ProjectInvalidBudget(total, terms.budget);
            if (terms_.dependsOn > i) revert ProjectInvalidDependency(i, terms_.dependsOn);
            Part storage part = _parts[projectId][i];
            bytes32 skillsHash = _skillsHash(terms_.skills);
            (part.budget, part.dependsOn, part.skillsHash) = (budget, terms_.dependsOn, skillsHash);
            emit PartDeclared(projectId, i, budget, terms_.dependsOn, skillsHash, terms_.skills);
        }
    }

    /// @inheritdoc IProjectRegistry
    function linkJobs(
        uint256 projectId,
        uint8[] calldata parts,
        uint8[] calldata shifts,
        uint256[] calldata jobIds
    ) external {
        _requireNotPaused();
        Project storage project = _clientProject(projectId);
        uint256 count = jobIds.length;
        if (parts.length != count || shifts.length != count) revert ProjectInvalidPartCount(parts.length, count);
        for (uint256 i; i < count; ++i) _link(projectId, project, parts[i], shifts[i], jobIds[i]);
    }

    /// @inheritdoc IProjectRegistry
    function setRelay(uint256 projectId, uint8 index, Shift[] calldata shifts) external {
        _requireNotPaused();
        Project storage project = _clientProject(projectId);
        Part storage part = _part(projectId, project, index);
        if (part.shiftCount != 0) revert ProjectPartIsRelay(projectId, index);
        if (part.jobId != 0) revert ProjectPartAlreadyLinked(projectId, index);
        if (part.reviewState != ReviewState.None) revert ProjectReviewerAlreadyNamed(projectId, index);
        uint256 count = shifts.length;
        if (count < _MIN_SHIFTS || count > _MAX_SHIFTS) revert ProjectInvalidShift(count);
        IVendorRegistry vendors = escrow.registry();
        Shift[] storage stored = _shifts[projectId][index];
        for (uint256 i; i < count; ++i) {
            Shift calldata shift = shifts[i];
            address vendor = shift.vendor;
            if (
                shift.startMinute >= _DAY_MINUTES ||
                shift.lengthMinutes == 0 ||
                shift.lengthMinutes > _DAY_MINUTES ||
                shift.jobId != 0
            ) revert ProjectInvalidShift(i);
            if (!vendors.isRegistered(vendor)) revert ProjectVendorUnqualified(vendor);
            if (vendor == project.client) revert ProjectConflictOfInterest(vendor);
            for (uint256 j; j < i; ++j) {
                if (shifts[j].vendor == vendor) revert ProjectConflictOfInterest(vendor);
            }
            stored.push(shift);
        }
        // count <= 3.
        part.shiftCount = uint8(count);
        emit RelaySet(projectId, index, shifts);
    }

    /// @inheritdoc IProjectRegistry
    function nameReviewer(uint256 projectId, uint8 index, ReviewerTerms calldata terms) external payable nonReentrant {
        (address token, uint256 share) = _nameReviewer(projectId, index, terms);
        _collect(token, share);
    }

    /// @inheritdoc IProjectRegistry
    function nameReviewerWithPermit(
        uint256 projectId,
        uint8 index,
        ReviewerTerms calldata terms,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant {
        (address token, uint256 share) = _nameReviewer(projectId, index, terms);
        if (token != address(0)) {
            // A failed permit (front-run, or no permit at all) is not fatal: the transfer decides.
            try IERC20Permit(token).permit(msg.sender, address(this), share, permitDeadline, v, r, s) {} catch {}
        }
        _collect(token, share);
    }

    // ================================================================== vendors and reviewers

    /// @inheritdoc IProjectRegistry
    function postHandoff(uint256 projectId, uint8 index, uint8 shift, string calldata noteCid) external {
        _requireCid(noteCid);
        Part storage part = _part(projectId, _project(projectId), index);
        uint256 count = part.shiftCount;
        if (shift >= count) revert ProjectShiftNotFound(projectId, index, shift);
        if (msg.sender != _shifts[projectId][index][shift].vendor) {
            revert ProjectNotShiftVendor(projectId, index, shift, msg.sender);
        }
        // shift < count <= 3.
        emit HandoffPosted(projectId, index, shift, msg.sender, uint8((shift + 1) % count), noteCid);
    }

    /// @inheritdoc IProjectRegistry
    function review(uint256 projectId, uint8 index, uint256 milestone, bool signOff, string calldata noteCid) external {
        _requireCid(noteCid);
        Part storage part = _part(projectId, _project(projectId), index);
        if (part.reviewState != ReviewState.Held) revert ProjectNoReview(projectId, index);
        address reviewer = part.reviewer;
        if (msg.sender != reviewer) revert ProjectNotReviewer(projectId, index, msg.sender);
        uint256 jobId = part.jobId;
        if (jobId == 0) revert ProjectPartNotLinked(projectId, index);
        IMosaicEscrow.Job memory job = escrow.jobOf(jobId);
        // Hired after being named: a reviewer never reviews its own work.
        if (job.vendor == reviewer) revert ProjectConflictOfInterest(reviewer);
        IMosaicEscrow.MilestoneState state = escrow.milestoneOf(jobId, milestone).state;
        if (state != IMosaicEscrow.MilestoneState.Submitted)
            revert ProjectMilestoneNotSubmitted(jobId, milestone, state);
        if (milestone == job.milestoneCount - 1) part.signedOff = signOff;
        emit MilestoneReviewed(projectId, index, jobId, milestone, signOff, noteCid);
    }

    /// @inheritdoc IProjectRegistry
    function linkSubJob(uint256 parentJobId, uint256 subJobId) external {
        _requireNotPaused();
        JobLink storage parent = _links[parentJobId];
        if (parent.kind == LinkKind.None) revert ProjectJobNotLinked(parentJobId);
        if (escrow.jobOf(parentJobId).vendor != msg.sender) revert ProjectNotPrime(parentJobId, msg.sender);
        JobLink storage sub = _links[subJobId];
        if (sub.kind != LinkKind.None) revert ProjectJobAlreadyLinked(subJobId);
        if (escrow.jobOf(subJobId).client != msg.sender) revert ProjectJobMismatch(subJobId);
        uint64 projectId = parent.projectId;
        (sub.projectId, sub.kind, sub.part, sub.shift) = (projectId, LinkKind.SubJob, parent.part, parent.shift);
        // Escrow job ids are counted from 1 by one per job: 64 bits never run out.
        sub.parentJobId = uint64(parentJobId);
        emit SubJobLinked(projectId, parentJobId, subJobId, msg.sender);
    }

    // ================================================================== anyone

    /// @inheritdoc IProjectRegistry
    function settleReview(uint256 projectId, uint8 index) external nonReentrant {
        Project storage project = _project(projectId);
        Part storage part = _part(projectId, project, index);
        if (part.reviewState != ReviewState.Held) revert ProjectNoReview(projectId, index);
        address reviewer = part.reviewer;
        uint256 jobId = part.jobId;
        bool paid;
        bool ended;
        bool conflict;
        if (jobId != 0) {
            IMosaicEscrow.Job memory job = escrow.jobOf(jobId);
            IMosaicEscrow.MilestoneState last = escrow.milestoneOf(jobId, job.milestoneCount - 1).state;
            paid = _isPaid(last);
            ended =
                paid ||
                last == IMosaicEscrow.MilestoneState.Refunded ||
                last == IMosaicEscrow.MilestoneState.Cancelled;
            conflict = job.vendor == reviewer;
        }
        // A sign-off implies the job's vendor is not the reviewer (`review` checks it once hired).
        bool signedOff = part.signedOff;
        uint256 share = part.reviewerShare;
        address token = project.token;
        _held[token] -= share;
        if (paid && signedOff) {
            part.reviewState = ReviewState.Paid;
            emit ReviewSharePaid(projectId, index, reviewer, share);
            _push(token, reviewer, share);
        } else if (ended || conflict || (!signedOff && block.timestamp >= part.reviewDeadline)) {
            part.reviewState = ReviewState.Refunded;
            address client = project.client;
            emit ReviewShareRefunded(projectId, index, client, share);
            _push(token, client, share);
        } else {
            revert ProjectReviewPending(projectId, index);
        }
    }

    /// @inheritdoc IProjectRegistry
    function withdraw(address token, address to) external nonReentrant {
        if (to == address(0)) revert ProjectZeroAddress();
        uint256 amount = _owed[token][msg.sender];
        if (amount == 0) revert ProjectNothingOwed(token, msg.sender);
        delete _owed[token][msg.sender];
        emit Withdrawn(token, msg.sender, to, amount);
        if (token == address(0)) {
            Address.sendValue(payable(to), amount);
        } else {
            IERC20(token).safeTransfer(to, amount);
        }
    }

    // ================================================================== views

    /// @inheritdoc IProjectRegistry
    function projectCount() external view returns (uint256) {
        return _projectCount;
    }

    /// @inheritdoc IProjectRegistry
    function projectOf(uint256 projectId) external view returns (Project memory) {
        return _project(projectId);
    }

    /// @inheritdoc IProjectRegistry
    function partOf(uint256 projectId, uint8 index) external view returns (Part memory) {
        return _part(projectId, _project(projectId), index);
    }

    /// @inheritdoc IProjectRegistry
    function shiftsOf(uint256 projectId, uint8 index) external view returns (Shift[] memory) {
        _part(projectId, _project(projectId), index);
        return _shifts[projectId][index];
    }

    /// @inheritdoc IProjectRegistry
    function linkOf(uint256 jobId) external view returns (JobLink memory) {
        return _links[jobId];
    }

    /// @inheritdoc IProjectRegistry
    function isPartReady(uint256 projectId, uint8 index) external view returns (bool) {
        Project storage project = _project(projectId);
        uint256 dependsOn = _part(projectId, project, index).dependsOn;
        if (dependsOn == 0) return true;
        uint256 dependency = dependsOn - 1;
        Part storage part = _parts[projectId][dependency];
        uint256 count = part.shiftCount;
        if (count == 0) return _jobPaid(part.jobId);
        Shift[] storage shifts = _shifts[projectId][dependency];
        for (uint256 i; i < count; ++i) {
            if (!_jobPaid(shifts[i].jobId)) return false;
        }
        return true;
    }

    /// @inheritdoc IProjectRegistry
    function coverageOf(
        uint256 projectId,
        uint8 index
    ) external view returns (uint8[24] memory minutesPerHour, uint256 coveredMinutes) {
        _part(projectId, _project(projectId), index);
        Shift[] storage stored = _shifts[projectId][index];
        uint256 count = stored.length;
        uint256[3] memory starts;
        uint256[3] memory lengths;
        for (uint256 i; i < count; ++i) (starts[i], lengths[i]) = (stored[i].startMinute, stored[i].lengthMinutes);
        for (uint256 minute; minute < _DAY_MINUTES; ++minute) {
            for (uint256 i; i < count; ++i) {
                // Minutes since the shift started, wrapping at midnight: covered while below its length.
                if ((minute + _DAY_MINUTES - starts[i]) % _DAY_MINUTES < lengths[i]) {
                    ++minutesPerHour[minute / 60];
                    ++coveredMinutes;
                    break;
                }
            }
        }
    }

    /// @inheritdoc IProjectRegistry
    function heldOf(address token) external view returns (uint256) {
        return _held[token];
    }

    /// @inheritdoc IProjectRegistry
    function owed(address token, address account) external view returns (uint256) {
        return _owed[token][account];
    }

    // ================================================================== internals

    /// @dev Links `jobId` to a part, or to one of a relay part's shifts, after checking it against the
    ///      escrow: the project client's, in the project's token, within what is left of the part's budget.
    function _link(uint256 projectId, Project storage project, uint8 index, uint8 shift, uint256 jobId) private {
        Part storage part = _part(projectId, project, index);
        JobLink storage link = _links[jobId];
        if (link.kind != LinkKind.None) revert ProjectJobAlreadyLinked(jobId);
        IMosaicEscrow.Job memory job = escrow.jobOf(jobId);
        if (job.client != project.client || job.token != project.token) revert ProjectJobMismatch(jobId);
        LinkKind kind;
        if (part.shiftCount == 0) {
            if (shift != 0) revert ProjectShiftNotFound(projectId, index, shift);
            _replace(projectId, index, part, part.jobId);
            if (job.vendor != address(0) && job.vendor == part.reviewer) revert ProjectConflictOfInterest(job.vendor);
            kind = LinkKind.Part;
            part.jobId = uint64(jobId);
        } else {
            if (shift >= part.shiftCount) revert ProjectShiftNotFound(projectId, index, shift);
            Shift storage stored = _shifts[projectId][index][shift];
            _replace(projectId, index, part, stored.jobId);
            if (job.vendor != address(0) && job.vendor != stored.vendor) {
                revert ProjectShiftVendorMismatch(jobId, job.vendor);
            }
            kind = LinkKind.Shift;
            stored.jobId = uint64(jobId);
        }
        uint256 amount = _jobTotal(jobId, job.milestoneCount);
        uint256 left = part.budget - part.committed;
        if (amount > left) revert ProjectJobOverBudget(jobId, amount, left);
        // amount <= left <= budget, a uint128.
        part.committed += uint128(amount);
        // projectId <= number of projects created, jobId <= escrow jobs: both far below 2^64.
        (link.projectId, link.kind, link.part, link.shift) = (uint64(projectId), kind, index, shift);
        emit JobLinked(projectId, index, jobId, kind, shift, amount);
    }

    /// @dev Frees the budget a previous job took, if there is one: a part (or shift) keeps its job
    ///      unless that job ended without paying anything (every milestone refunded or cancelled), so
    ///      that a missed deadline never leaves a part without a way to be done.
    function _replace(uint256 projectId, uint8 index, Part storage part, uint256 previous) private {
        if (previous == 0) return;
        uint256 count = escrow.jobOf(previous).milestoneCount;
        uint256 total;
        for (uint256 i; i < count; ++i) {
            IMosaicEscrow.Milestone memory milestone = escrow.milestoneOf(previous, i);
            IMosaicEscrow.MilestoneState state = milestone.state;
            if (state != IMosaicEscrow.MilestoneState.Refunded && state != IMosaicEscrow.MilestoneState.Cancelled) {
                revert ProjectPartAlreadyLinked(projectId, index);
            }
            total += uint256(milestone.amount) + milestone.bonus;
        }
        // The previous job's total was added to `committed` when it was linked.
        part.committed -= uint128(total);
    }

    function _nameReviewer(
        uint256 projectId,
        uint8 index,
        ReviewerTerms calldata terms
    ) private returns (address token, uint256 share) {
        _requireNotPaused();
        Project storage project = _clientProject(projectId);
        Part storage part = _part(projectId, project, index);
        // A share refunded (job ended unpaid, deadline passed) leaves room for a new reviewer.
        ReviewState state = part.reviewState;
        if (state == ReviewState.Held || state == ReviewState.Paid)
            revert ProjectReviewerAlreadyNamed(projectId, index);
        if (part.shiftCount != 0) revert ProjectPartIsRelay(projectId, index);
        if (_skillsHash(terms.skills) != part.skillsHash) revert ProjectSkillsMismatch(projectId, index);
        address reviewer = terms.reviewer;
        if (!escrow.registry().hasSkills(reviewer, terms.skills)) revert ProjectVendorUnqualified(reviewer);
        if (reviewer == project.client) revert ProjectConflictOfInterest(reviewer);
        uint256 jobId = part.jobId;
        if (jobId != 0 && escrow.jobOf(jobId).vendor == reviewer) revert ProjectConflictOfInterest(reviewer);
        if (terms.deadline <= block.timestamp) revert ProjectInvalidDeadline(terms.deadline);
        uint16 bps = terms.shareBps;
        share = (uint256(part.budget) * bps) / _BPS;
        if (bps > MAX_REVIEWER_BPS || share == 0) revert ProjectInvalidReviewerShare(bps);
        token = project.token;
        (part.reviewer, part.reviewerShareBps, part.reviewDeadline) = (reviewer, bps, terms.deadline);
        (part.reviewState, part.signedOff) = (ReviewState.Held, false);
        // share <= budget / 5, a uint128.
        part.reviewerShare = uint128(share);
        _held[token] += share;
        emit ReviewerNamed(projectId, index, reviewer, bps, share, terms.deadline);
    }

    /// @dev What a job escrows when fully funded: its milestones' amounts plus bonuses.
    function _jobTotal(uint256 jobId, uint256 milestoneCount) private view returns (uint256 total) {
        for (uint256 i; i < milestoneCount; ++i) {
            IMosaicEscrow.Milestone memory milestone = escrow.milestoneOf(jobId, i);
            total += uint256(milestone.amount) + milestone.bonus;
        }
    }

    /// @dev A job is paid once its last milestone is: approved or released, or split by a dispute.
    function _jobPaid(uint256 jobId) private view returns (bool) {
        if (jobId == 0) return false;
        uint256 last = escrow.jobOf(jobId).milestoneCount - 1;
        return _isPaid(escrow.milestoneOf(jobId, last).state);
    }

    function _isPaid(IMosaicEscrow.MilestoneState state) private pure returns (bool) {
        return state == IMosaicEscrow.MilestoneState.Paid || state == IMosaicEscrow.MilestoneState.Resolved;
    }

    /// @dev As the escrow hashes a job's required skills; no skills hash to zero.
    function _skillsHash(bytes32[] calldata skills) private pure returns (bytes32) {
        return skills.length == 0 ? bytes32(0) : keccak256(abi.encodePacked(skills));
    }

    /// @dev The escrow's pull-payment fallback: a refused transfer is owed to `to` instead.
    function _push(address token, address to, uint256 amount) private {
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
            if (msg.value != amount) revert ProjectWrongValue(amount, msg.value);
            return;
        }
        if (msg.value != 0) revert ProjectWrongValue(0, msg.value);
        uint256 before = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = IERC20(token).balanceOf(address(this)) - before;
        if (received < amount) revert ProjectTokenDeliveredLess(token, amount, received);
    }

    function _requireNotPaused() private view {
        if (escrow.paused()) revert ProjectPaused();
    }

    function _requireCid(string calldata cid) private pure {
        uint256 length = bytes(cid).length;
        if (length == 0 || length > MAX_CID_LENGTH) revert ProjectInvalidCid(length, MAX_CID_LENGTH);
    }

    function _project(uint256 projectId) private view returns (Project storage project) {
        project = _projects[projectId];
        if (project.client == address(0)) revert ProjectNotFound(projectId);
    }

    function _clientProject(uint256 projectId) private view returns (Project storage project) {
        project = _project(projectId);
        if (msg.sender != project.client) revert ProjectNotClient(projectId, msg.sender);
    }

    function _part(uint256 projectId, Project storage project, uint256 index) private view returns (Part storage) {
        if (index >= project.partCount) revert ProjectPartNotFound(projectId, index);
        return _parts[projectId][index];
    }
}
