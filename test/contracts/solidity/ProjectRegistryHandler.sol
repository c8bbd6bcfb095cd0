// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMosaicEscrow} from "../../../contracts/interfaces/IMosaicEscrow.sol";
import {IProjectRegistry} from "../../../contracts/interfaces/IProjectRegistry.sol";
import {MosaicEscrow} from "../../../contracts/escrow/MosaicEscrow.sol";
import {ProjectRegistry} from "../../../contracts/projects/ProjectRegistry.sol";
import {MockERC20} from "../../../contracts/mocks/MockERC20.sol";
import {BlocklistToken} from "../../../contracts/mocks/BlocklistToken.sol";
import {vm} from "./utils/Vm.sol";
import {Actors} from "./utils/Actors.sol";
import {TestBase} from "./utils/TestBase.sol";

/// @notice Drives reviewed project parts through random sequences for the invariant tests: two clients
///         create one-part projects in a permit token or a blocklist token, post and fund the part's
///         escrow job, link it and name a reviewer from a pool of three registered vendors; the pool's
///         members are hired on the jobs (the reviewer too, sometimes), submit, get reviewed, approved,
///         sent back, refunded or released, jobs that ended unpaid are replaced (and reviewers named
///         again after a refund), and shares are settled and withdrawn while payees are
///         blocked and unblocked, time passes and the escrow pauses. Ghost totals keep what clients
///         deposited as shares; `ghost_violations` counts calls that were due but reverted, and
///         `ghost_selfReviews` verdicts a reviewer gave on a job it was hired on.
contract ProjectRegistryHandler is TestBase {
    struct Entry {
        uint256 projectId;
        uint256 jobId;
        address token;
        address client;
        address reviewer;
    }

    ProjectRegistry public immutable projects;
    MosaicEscrow public immutable escrow;
    address public immutable operator;
    address public immutable sink = Actors.addr("projects/withdraw-sink");
    bytes32 internal constant _SKILL = "solidity";
    string internal constant _CID = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";

    address[] public tokens;
    address[] public clients;
    uint256[] internal _poolKeys;
    address[] internal _pool;
    address[] internal _payees;
    Entry[] internal _entries;

    mapping(address token => uint256) public ghost_deposited;
    mapping(address token => uint256) public ghost_settled;
    uint256 public ghost_violations;
    uint256 public ghost_selfReviews;
    /// @dev Jobs replaced after ending unpaid, and reviewers named again after a refund.
    uint256 public ghost_relinks;
    uint256 public ghost_renames;

    constructor(ProjectRegistry projects_, address operator_, address[] memory tokens_, string[] memory poolNames) {
        projects = projects_;
        escrow = projects_.escrow();
        operator = operator_;
        tokens = tokens_;
        clients.push(Actors.addr("projects/client0"));
        clients.push(Actors.addr("projects/client1"));
        _payees = clients;
        for (uint256 i; i < poolNames.length; ++i) {
            _poolKeys.push(Actors.key(poolNames[i]));
            _pool.push(Actors.addr(poolNames[i]));
            _payees.push(Actors.addr(poolNames[i]));
        }
    }

    function entryCount() external view returns (uint256) {
        return _entries.length;
    }

    function entryAt(uint256 i) external view returns (Entry memory) {
        return _entries[i];
    }

    function payees() external view returns (address[] memory) {
        return _payees;
    }

    // ================================================================== actions

    /// @dev A one-part project, its job posted, funded and (unless `unlinked`) linked, and a reviewer named.
    function open(
        uint256 clientSeed,
        uint256 tokenSeed,
        uint256 budgetSeed,
        uint256 bpsSeed,
        uint256 reviewerSeed,
        bool unlinked
    ) external {
        if (escrow.paused()) return;
        address client = clients[clientSeed % clients.length];
        address token = tokens[tokenSeed % tokens.length];
        if (BlocklistToken(token).blocked(client)) return;
        uint128 budget = uint128(_bound(budgetSeed, 1e6, 1e12));
        bytes32[] memory skills = new bytes32[](1);
        skills[0] = _SKILL;
        IProjectRegistry.PartTerms[] memory parts = new IProjectRegistry.PartTerms[](1);
        parts[0] = IProjectRegistry.PartTerms({budget: budget, dependsOn: 0, skills: skills});
        vm.prank(client);
        uint256 projectId = projects.createProject(
            IProjectRegistry.ProjectTerms({
                token: token,
                budget: budget,
                deadline: uint32(block.timestamp + 60 days),
                utcOffsetMinutes: 60,
                workStartMinute: 540,
                workEndMinute: 1020,
                specCid: _CID
            }),
            parts
        );
        uint256 jobId;
        if (!unlinked) {
            jobId = _postFunded(client, token, budget);
            uint8[] memory indexes = new uint8[](1);
            uint256[] memory jobIds = new uint256[](1);
            jobIds[0] = jobId;
            vm.prank(client);
            projects.linkJobs(projectId, indexes, indexes, jobIds);
        }
        address reviewer = _nameReviewer(projectId, client, token, budget, reviewerSeed, bpsSeed);
        _entries.push(Entry({projectId: projectId, jobId: jobId, token: token, client: client, reviewer: reviewer}));
    }

    /// @dev Hires a pool member on an unhired, funded job: sometimes the part's own reviewer.
    function hire(uint256 entrySeed, uint256 vendorSeed) external {
        (bool found, Entry memory e) = _pick(entrySeed);
        if (!found || e.jobId == 0 || escrow.paused()) return;
        IMosaicEscrow.Job memory job = escrow.jobOf(e.jobId);
        IMosaicEscrow.Milestone memory m = escrow.milestoneOf(e.jobId, 0);
        if (job.vendor != address(0) || m.state != IMosaicEscrow.MilestoneState.Funded) return;
        uint256 key = _poolKeys[vendorSeed % _poolKeys.length];
        IMosaicEscrow.Quote memory quote = IMosaicEscrow.Quote({
            jobId: e.jobId,
            vendor: vm.addr(key),
            price: m.amount,
            nonce: escrow.quoteNonce(vm.addr(key)),
            expiresAt: uint64(block.timestamp + 1 days)
        });
        bytes memory signature = Actors.sign(key, escrow.hashQuote(quote));
        vm.prank(e.client);
        escrow.hire(quote, signature);
    }

    function submit(uint256 entrySeed) external {
        (bool found, Entry memory e) = _pick(entrySeed);
        if (!found || e.jobId == 0) return;
        address vendor = escrow.jobOf(e.jobId).vendor;
        IMosaicEscrow.Milestone memory m = escrow.milestoneOf(e.jobId, 0);
        if (vendor == address(0) || m.state != IMosaicEscrow.MilestoneState.Funded || block.timestamp >= m.deadline) {
            return;
        }
        vm.prank(vendor);
        escrow.submit(e.jobId, 0, _CID);
    }

    /// @dev The reviewer's verdict: refused exactly when the milestone is not submitted or the reviewer
    ///      was hired on the job.
    function review(uint256 entrySeed, bool signOff) external {
        (bool found, Entry memory e) = _pick(entrySeed);
        if (!found || e.jobId == 0) return;
        if (projects.partOf(e.projectId, 0).reviewState != IProjectRegistry.ReviewState.Held) return;
        bool selfReview = escrow.jobOf(e.jobId).vendor == e.reviewer;
        bool submitted = escrow.milestoneOf(e.jobId, 0).state == IMosaicEscrow.MilestoneState.Submitted;
        vm.prank(e.reviewer);
        try projects.review(e.projectId, 0, 0, signOff, _CID) {
            if (selfReview) ++ghost_selfReviews;
            if (!submitted) ++ghost_violations;
        } catch {
            if (submitted && !selfReview) ++ghost_violations;
        }
    }

    /// @dev The client approves, sends back or refunds; anyone releases after the review window.
    function decide(uint256 entrySeed, uint256 action) external {
        (bool found, Entry memory e) = _pick(entrySeed);
        if (!found || e.jobId == 0) return;
        IMosaicEscrow.Milestone memory m = escrow.milestoneOf(e.jobId, 0);
        bool hired = escrow.jobOf(e.jobId).vendor != address(0);
        vm.startPrank(e.client);
        if (m.state == IMosaicEscrow.MilestoneState.Submitted) {
            if (block.timestamp >= m.reviewEndsAt) escrow.release(e.jobId, 0);
            else if (action % 2 == 0) escrow.approve(e.jobId, 0);
            else escrow.requestChanges(e.jobId, 0, _CID);
        } else if (m.state == IMosaicEscrow.MilestoneState.Funded && (!hired || block.timestamp > m.deadline)) {
            escrow.refund(e.jobId, 0);
        }
        vm.stopPrank();
    }

    /// @dev Replaces a part's job that ended unpaid with a new funded one, and names a reviewer again
    ///      when the share was refunded.
    function relink(uint256 entrySeed, uint256 reviewerSeed, uint256 bpsSeed) external {
        if (_entries.length == 0 || escrow.paused()) return;
        uint256 at = entrySeed % _entries.length;
        Entry memory e = _entries[at];
        if (e.jobId == 0 || BlocklistToken(e.token).blocked(e.client)) return;
        if (escrow.milestoneOf(e.jobId, 0).state != IMosaicEscrow.MilestoneState.Refunded) return;
        IProjectRegistry.Part memory part = projects.partOf(e.projectId, 0);
        uint256 jobId = _postFunded(e.client, e.token, part.budget);
        uint8[] memory indexes = new uint8[](1);
        uint256[] memory jobIds = new uint256[](1);
        jobIds[0] = jobId;
        vm.prank(e.client);
        try projects.linkJobs(e.projectId, indexes, indexes, jobIds) {
            _entries[at].jobId = jobId;
            ++ghost_relinks;
        } catch {
            ++ghost_violations;
            return;
        }
        if (part.reviewState == IProjectRegistry.ReviewState.Refunded) {
            _entries[at].reviewer = _nameReviewer(e.projectId, e.client, e.token, part.budget, reviewerSeed, bpsSeed);
            ++ghost_renames;
        }
    }

    /// @dev Settles a held share: it must pay the reviewer, refund the client, or stay pending exactly
    ///      as the rules say.
    function settle(uint256 entrySeed) external {
        (bool found, Entry memory e) = _pick(entrySeed);
        if (!found) return;
        IProjectRegistry.Part memory part = projects.partOf(e.projectId, 0);
        if (part.reviewState != IProjectRegistry.ReviewState.Held) return;
        bool paid;
        bool ended;
        bool conflict;
        if (e.jobId != 0) {
            IMosaicEscrow.MilestoneState state = escrow.milestoneOf(e.jobId, 0).state;
            paid = state == IMosaicEscrow.MilestoneState.Paid || state == IMosaicEscrow.MilestoneState.Resolved;
            ended = paid || state == IMosaicEscrow.MilestoneState.Refunded;
            conflict = escrow.jobOf(e.jobId).vendor == e.reviewer;
        }
        bool due = ended || conflict || (!part.signedOff && block.timestamp >= part.reviewDeadline);
        try projects.settleReview(e.projectId, 0) {
            ghost_settled[e.token] += part.reviewerShare;
            IProjectRegistry.ReviewState state = projects.partOf(e.projectId, 0).reviewState;
            bool shouldPay = paid && part.signedOff;
            if (!due || (state == IProjectRegistry.ReviewState.Paid) != shouldPay) ++ghost_violations;
        } catch {
            if (due) ++ghost_violations;
        }
    }

    function withdraw(uint256 payeeSeed, uint256 tokenSeed) external {
        address payee = _payees[payeeSeed % _payees.length];
        address token = tokens[tokenSeed % tokens.length];
        if (projects.owed(token, payee) == 0) return;
        vm.prank(payee);
        try projects.withdraw(token, sink) {} catch {
            ++ghost_violations;
        }
    }

    function setBlocked(uint256 payeeSeed, bool blocked) external {
        for (uint256 i; i < tokens.length; ++i) {
            BlocklistToken(tokens[i]).setBlocked(_payees[payeeSeed % _payees.length], blocked);
        }
    }

    function warp(uint256 seed) external {
        vm.warp(block.timestamp + _bound(seed, 1 hours, 12 days));
    }

    function togglePause() external {
        vm.prank(operator);
        if (escrow.paused()) escrow.unpause();
        else escrow.pause();
    }

    // ================================================================== helpers

    /// @dev Names a pool member as the part's reviewer, the client depositing exactly the share.
    function _nameReviewer(
        uint256 projectId,
        address client,
        address token,
        uint128 budget,
        uint256 reviewerSeed,
        uint256 bpsSeed
    ) private returns (address reviewer) {
        bytes32[] memory skills = new bytes32[](1);
        skills[0] = _SKILL;
        reviewer = _pool[reviewerSeed % _pool.length];
        uint16 bps = uint16(_bound(bpsSeed, 1, projects.MAX_REVIEWER_BPS()));
        uint256 share = (uint256(budget) * bps) / 10_000;
        MockERC20(token).mint(client, share);
        uint256 before = MockERC20(token).balanceOf(address(projects));
        vm.startPrank(client);
        MockERC20(token).approve(address(projects), share);
        projects.nameReviewer(
            projectId,
            0,
            IProjectRegistry.ReviewerTerms({
                reviewer: reviewer,
                shareBps: bps,
                deadline: uint32(block.timestamp + 20 days),
                skills: skills
            })
        );
        vm.stopPrank();
        ghost_deposited[token] += MockERC20(token).balanceOf(address(projects)) - before;
    }

    function _postFunded(address client, address token, uint128 amount) private returns (uint256 jobId) {
        IMosaicEscrow.MilestoneTerms[] memory milestones = new IMosaicEscrow.MilestoneTerms[](1);
        milestones[0] = IMosaicEscrow.MilestoneTerms({
            amount: amount,
            bonus: 0,
            deadline: uint32(block.timestamp + 7 days),
            outcomeDeadline: 0
        });
        MockERC20(token).mint(client, amount);
        vm.startPrank(client);
        MockERC20(token).approve(address(escrow), amount);
        jobId = escrow.postAndFund(
            IMosaicEscrow.JobTerms({
                token: token,
                arbiter: address(0),
                arbiterFeeBps: 0,
                reviewWindow: 3 days,
                open: false,
                minRating: 0,
                minPaidJobs: 0,
                requiredSkills: new bytes32[](0),
                specCid: _CID
            }),
            milestones
        );
        vm.stopPrank();
    }

    function _pick(uint256 seed) private view returns (bool found, Entry memory e) {
        if (_entries.length == 0) return (false, e);
        return (true, _entries[seed % _entries.length]);
    }
}
