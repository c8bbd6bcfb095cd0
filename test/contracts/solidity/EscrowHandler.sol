// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {IMosaicEscrow} from "../../../contracts/interfaces/IMosaicEscrow.sol";
import {IReputation} from "../../../contracts/interfaces/IReputation.sol";
import {IVendorRegistry} from "../../../contracts/interfaces/IVendorRegistry.sol";
import {MosaicEscrow} from "../../../contracts/escrow/MosaicEscrow.sol";
import {VendorRegistry} from "../../../contracts/registry/VendorRegistry.sol";
import {BlocklistToken} from "../../../contracts/mocks/BlocklistToken.sol";
import {MockERC20} from "../../../contracts/mocks/MockERC20.sol";
import {RejectingReceiver} from "../../../contracts/mocks/RejectingReceiver.sol";
import {Actors} from "./utils/Actors.sol";
import {TestBase} from "./utils/TestBase.sol";
import {Vm, vm} from "./utils/Vm.sol";

/// @notice Drives the escrow through random but valid sequences for the invariant tests, acting (by
///         prank) as four clients, four vendors, three arbiters, the operator and a stranger, and keeps
///         ghost totals of every wei that came in and went out, read from the escrow's events.
/// @dev Roles never overlap, so a payee's address says which ghost bucket a payment belongs to. One
///      client, one vendor and one arbiter are `RejectingReceiver` contracts (ETH to them is deferred),
///      and any party can be put on the `BlocklistToken` blocklist (tokens to it are deferred).
///
///      The fuzzer ignores reverting handler calls, so the handler never relies on `require`: every escrow
///      call is made with a low-level call, and an outcome other than the expected one (a success that
///      should have reverted, the wrong custom error, a failing exit, a wrong amount in an event) is
///      counted in `ghost_violations` (or `ghost_feeViolations`), which the invariants require to stay 0.
contract EscrowHandler is TestBase {
    enum Role {
        None,
        Client,
        Vendor,
        Arbiter,
        Treasury
    }

    uint256 internal constant _BPS = 10_000;
    uint256 internal constant _MAX_FEE_BPS = 200;
    uint256 internal constant _MAX_ARBITER_FEE_BPS = 500;
    uint256 internal constant _MAX_PAIR_WEIGHT = 10_000;
    uint256 internal constant _DISPUTE_TIMEOUT = 30 days;
    address internal constant _ETH = address(0);

    MosaicEscrow public immutable escrow;
    VendorRegistry public immutable registry;
    BlocklistToken public immutable blocklist;
    MockERC20 public immutable permitToken;
    address public immutable operator;
    address public immutable treasury;
    address public immutable defaultArbiter;
    address public immutable stranger = Actors.addr("handler/stranger");

    address[] internal _tokens;
    address[] internal _clients;
    address[] internal _vendors;
    address[] internal _arbiters;
    /// @dev Every address the escrow may owe: all parties and arbiters.
    address[] internal _payees;
    mapping(address account => Role) public roleOf;
    mapping(address account => uint256) internal _keyOf;
    mapping(Role role => address) public sinkOf;
    mapping(address token => uint256) internal _maxAmount;

    struct Ref {
        uint256 jobId;
        uint256 index;
    }

    Ref[] internal _refs;
    uint256[] internal _jobIds;
    mapping(uint256 jobId => bytes32[]) internal _requiredSkills;

    // ------------------------------------------------------------------ ghost totals, per token

    mapping(address token => uint256) public ghost_deposited;
    /// @dev Vendors' dispute bonds, per dispute (held while the dispute is open).
    /// @dev Vendors' dispute bonds ever paid in (minted to the vendor just before, outside ghost_minted).
    mapping(address token => uint256) public ghost_bondsDeposited;
    mapping(uint256 disputeId => uint256) internal _bondOf;
    /// @dev Tokens (or ETH) the handler minted to clients so they could fund.
    mapping(address token => uint256) public ghost_minted;
    /// @dev Tokens sent straight to the escrow, outside any job.
    mapping(address token => uint256) public ghost_donated;
    /// @notice Surplus (donations) swept to the treasury, per token.
    mapping(address token => uint256) public ghost_swept;
    /// @dev Credited to a role by a payout event, whether the push arrived or was deferred.
    mapping(address token => mapping(Role role => uint256)) public ghost_credited;
    mapping(address token => mapping(Role role => uint256)) public ghost_deferred;
    mapping(address token => mapping(Role role => uint256)) public ghost_withdrawn;
    mapping(address token => uint256) public ghost_feesTaken;
    mapping(address token => uint256) public ghost_feesCollected;

    // ------------------------------------------------------------------ ghost ratings

    /// @dev Successful rate calls, and those among them that carried weight (only these count).
    uint256 public ghost_ratings;
    uint256 public ghost_weightedRatings;
    mapping(address ratee => uint256) public ghost_ratingsReceived;
    mapping(uint256 jobId => mapping(address rater => bool)) public ghost_rated;
    /// @dev Rate calls on jobs that had paid nothing yet (each must revert).
    uint256 public ghost_rateAttemptsUnpaid;
    /// @dev Rate calls that succeeded although they had to revert (unpaid, second rating, non-party,
    ///      score outside 1..5).
    uint256 public ghost_ratingsWronglyAccepted;

    // ------------------------------------------------------------------ outcome checks

    uint256 public ghost_violations;
    uint256 public ghost_feeViolations;
    string public firstViolation;
    mapping(string action => uint256) public calls;

    /// @dev Set by rule/settle/resolveTimedOut for the `DisputeResolved` check.
    uint256 internal _expectedArbiterFeeBps;
    uint256 internal _expectedVendorBps;

    constructor(
        MosaicEscrow escrow_,
        VendorRegistry registry_,
        address[] memory tokens_,
        uint256[] memory maxAmounts,
        BlocklistToken blocklist_,
        MockERC20 permitToken_,
        address operator_,
        address treasury_,
        address defaultArbiter_
    ) {
        escrow = escrow_;
        registry = registry_;
        blocklist = blocklist_;
        permitToken = permitToken_;
        operator = operator_;
        treasury = treasury_;
        defaultArbiter = defaultArbiter_;
        for (uint256 i; i < tokens_.length; ++i) {
            _tokens.push(tokens_[i]);
            _maxAmount[tokens_[i]] = maxAmounts[i];
        }

        for (uint256 i; i < 3; ++i) {
            _addActor(_clients, Role.Client, string.concat("handler/client-", _digit(i)));
            _addActor(_vendors, Role.Vendor, string.concat("handler/vendor-", _digit(i)));
        }
        _addContractActor(_clients, Role.Client);
        _addContractActor(_vendors, Role.Vendor);

        _arbiters.push(defaultArbiter_);
        roleOf[defaultArbiter_] = Role.Arbiter;
        _addActor(_arbiters, Role.Arbiter, "handler/arbiter");
        _addContractActor(_arbiters, Role.Arbiter);
        for (uint256 i; i < _clients.length; ++i) _payees.push(_clients[i]);
        for (uint256 i; i < _vendors.length; ++i) _payees.push(_vendors[i]);
        for (uint256 i; i < _arbiters.length; ++i) _payees.push(_arbiters[i]);
        roleOf[treasury_] = Role.Treasury;

        sinkOf[Role.Client] = Actors.addr("handler/client-sink");
        sinkOf[Role.Vendor] = Actors.addr("handler/vendor-sink");
        sinkOf[Role.Arbiter] = Actors.addr("handler/arbiter-sink");
        sinkOf[Role.Treasury] = Actors.addr("handler/treasury-sink");

        // Skill sets overlap so that some vendors qualify for a job and some do not.
        _registerVendor(_vendors[0], _skillList(3)); // solidity, design
        _registerVendor(_vendors[1], _skillList(2)); // audit
        _registerVendor(_vendors[2], _skillList(1)); // solidity
        _registerVendor(_vendors[3], _skillList(4)); // solidity, design, audit

        // Start with one vendor and one arbiter blocked, so blocklist-token payments get deferred early.
        blocklist_.setBlocked(_vendors[2], true);
        blocklist_.setBlocked(_arbiters[1], true);
    }

    // ================================================================== views for the invariants

    function tokens() external view returns (address[] memory) {
        return _tokens;
    }

    function payees() external view returns (address[] memory) {
        return _payees;
    }

    function jobIds() external view returns (uint256[] memory) {
        return _jobIds;
    }

    function refCount() external view returns (uint256) {
        return _refs.length;
    }

    function refAt(uint256 i) external view returns (uint256 jobId, uint256 index) {
        Ref storage ref = _refs[i];
        return (ref.jobId, ref.index);
    }

    function accountsOf(Role role) public view returns (address[] memory) {
        if (role == Role.Client) return _clients;
        if (role == Role.Vendor) return _vendors;
        if (role == Role.Arbiter) return _arbiters;
        address[] memory single = new address[](1);
        single[0] = treasury;
        return single;
    }

    /// @notice What the escrow should still hold for milestones in `token`, from their states.
    function heldIn(address token) public view returns (uint256 held) {
        for (uint256 i; i < _refs.length; ++i) {
            Ref storage ref = _refs[i];
            if (escrow.jobOf(ref.jobId).token != token) continue;
            IMosaicEscrow.Milestone memory m = escrow.milestoneOf(ref.jobId, ref.index);
            held += _heldBy(m);
            // A vendor's bond stays in escrow until its dispute ends.
            if (_isDisputed(escrow.jobOf(ref.jobId), m)) held += _bondOf[(ref.jobId << 8) | ref.index];
        }
    }

    /// @notice Sum of what the escrow owes every known payee in `token`.
    function owedIn(address token) public view returns (uint256 total) {
        for (uint256 i; i < _payees.length; ++i) {
            total += escrow.owed(token, _payees[i]);
        }
        total += escrow.owed(token, treasury);
    }

    /// @notice What reached `role`'s accounts: credited minus deferred, plus withdrawn.
    function receivedBy(address token, Role role) public view returns (uint256) {
        return ghost_credited[token][role] - ghost_deferred[token][role] + ghost_withdrawn[token][role];
    }

    /// @notice Balances of `role`'s accounts plus its withdrawal sink.
    function balanceOfRole(address token, Role role) public view returns (uint256 total) {
        address[] memory accounts = accountsOf(role);
        for (uint256 i; i < accounts.length; ++i) {
            total += _balanceOf(token, accounts[i]);
        }
        address sink = sinkOf[role];
        if (sink != address(0)) total += _balanceOf(token, sink);
    }

    function balanceOf(address token, address account) external view returns (uint256) {
        return _balanceOf(token, account);
    }

    /// @notice Whether `jobId` has paid its vendor anything, recomputed from its milestones.
    function paidToVendor(uint256 jobId) public view returns (uint256 paid) {
        uint256 count = escrow.jobOf(jobId).milestoneCount;
        for (uint256 i; i < count; ++i) {
            IMosaicEscrow.Milestone memory m = escrow.milestoneOf(jobId, i);
            if (m.state == IMosaicEscrow.MilestoneState.Paid) paid += m.amount;
            if (m.bonusState == IMosaicEscrow.BonusState.Released) paid += m.bonus;
            if (m.state == IMosaicEscrow.MilestoneState.Resolved || m.bonusState == IMosaicEscrow.BonusState.Resolved)
                paid += m.resolvedToVendor;
        }
    }

    // ================================================================== setup (not a fuzz target)

    /// @notice Posts, funds and hires a two-milestone job (the second with a bonus) with the given
    ///         parties, so every run starts with payments that will be deferred: the invariant test
    ///         seeds jobs whose client, vendor or arbiter rejects ETH or is on the blocklist.
    /// @param clientIndex Index into the clients (3 is the ETH-rejecting contract).
    /// @param vendorIndex Index into the vendors (3 is the ETH-rejecting contract, which can only claim).
    /// @param arbiterIndex 0 for the default arbiter, else the custom arbiter (2 rejects ETH).
    function seedJob(uint256 clientIndex, uint256 tokenIndex, uint256 vendorIndex, uint256 arbiterIndex) external {
        address token = _tokens[tokenIndex];
        bool open = vendorIndex == 3;
        IMosaicEscrow.JobTerms memory terms;
        terms.token = token;
        terms.arbiter = arbiterIndex == 0 ? address(0) : _arbiters[arbiterIndex];
        terms.arbiterFeeBps = 300;
        terms.reviewWindow = 2 days;
        terms.open = open;
        terms.specCid = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
        uint256 unit = _maxAmount[token] / 1_000;
        IMosaicEscrow.MilestoneTerms[] memory milestones = new IMosaicEscrow.MilestoneTerms[](2);
        milestones[0] = IMosaicEscrow.MilestoneTerms(uint128(3 * unit + 1), 0, uint32(block.timestamp + 5 days), 0);
        milestones[1] = IMosaicEscrow.MilestoneTerms(
            uint128(7 * unit + 3),
            uint128(2 * unit + 7),
            uint32(block.timestamp + 9 days),
            uint32(block.timestamp + 20 days)
        );
        (bool ok, bytes memory ret) = _call(
            _clients[clientIndex],
            abi.encodeCall(escrow.postJob, (terms, milestones)),
            0
        );
        if (!_expectSuccess("seedJob", ok, ret)) return;
        uint256 jobId = abi.decode(ret, (uint256));
        _jobIds.push(jobId);
        _refs.push(Ref(jobId, 0));
        _refs.push(Ref(jobId, 1));
        _fundFrom(jobId, 0, 2, 1);
        IMosaicEscrow.Job memory job = escrow.jobOf(jobId);
        if (open) {
            _claim(jobId, job, _vendors[vendorIndex]);
        } else {
            _hireByQuote(jobId, job, vendorIndex | (2 << 8)); // mode 2: a valid quote
        }
    }

    // ================================================================== client actions

    /// @notice Posts a job with 1 to 3 milestones in one of the tokens; often funds it and hires too,
    ///         so short call sequences still reach the interesting states.
    function postJob(
        uint256 clientSeed,
        uint256 tokenSeed,
        uint256 shapeSeed,
        uint256 amountSeed,
        uint256 timeSeed
    ) external {
        address client = _clients[clientSeed % _clients.length];
        address token = _pickToken(tokenSeed);
        (IMosaicEscrow.JobTerms memory terms, bool feeTooHigh) = _jobTerms(token, shapeSeed, timeSeed);
        IMosaicEscrow.MilestoneTerms[] memory milestones = _milestoneTerms(
            token,
            shapeSeed,
            amountSeed,
            timeSeed,
            terms.reviewWindow
        );

        uint16 feeBefore = escrow.feeBps();
        (bool ok, bytes memory ret) = _call(client, abi.encodeCall(escrow.postJob, (terms, milestones)), 0);
        if (escrow.paused()) return _expectRevert("postJob/paused", ok, ret, _pausedError());
        if (feeTooHigh) {
            return
                _expectRevert(
                    "postJob/arbiterFee",
                    ok,
                    ret,
                    abi.encodeWithSelector(
                        IMosaicEscrow.EscrowArbiterFeeTooHigh.selector,
                        terms.arbiterFeeBps,
                        _MAX_ARBITER_FEE_BPS
                    )
                );
        }
        if (!_expectSuccess("postJob", ok, ret)) return;
        calls["postJob"]++;
        uint256 jobId = abi.decode(ret, (uint256));
        _jobIds.push(jobId);
        _requiredSkills[jobId] = terms.requiredSkills;
        for (uint256 i; i < milestones.length; ++i) {
            _refs.push(Ref(jobId, i));
        }

        IMosaicEscrow.Job memory job = escrow.jobOf(jobId);
        if (job.feeBps != feeBefore) _violation("postJob: fee not snapshotted");
        address expectedArbiter = terms.arbiter == address(0) ? defaultArbiter : terms.arbiter;
        if (job.arbiter != expectedArbiter) _violation("postJob: wrong arbiter");

        if ((shapeSeed >> 120) % 4 != 0) _fundFrom(jobId, 0, milestones.length, shapeSeed >> 128);
        if ((shapeSeed >> 136) % 2 == 0) _hireSomeone(jobId, shapeSeed >> 144);
    }

    /// @notice Funds up to three consecutive milestones, starting from a Created one.
    function fund(uint256 seed, uint256 countSeed) external {
        (bool found, uint256 jobId, uint256 index, ) = _find(seed, _isFundable);
        if (!found) return;
        _fundFrom(jobId, index, 1 + (countSeed % 3), countSeed >> 8);
    }

    function cancel(uint256 seed) external {
        (bool found, uint256 jobId, uint256 index, ) = _find(seed, _isCreated);
        if (!found) return;
        (bool ok, bytes memory ret) = _call(
            escrow.jobOf(jobId).client,
            abi.encodeCall(escrow.cancel, (jobId, index)),
            0
        );
        if (_expectSuccess("cancel", ok, ret)) calls["cancel"]++;
    }

    /// @notice The client approves a funded or submitted milestone.
    function approve(uint256 seed) external {
        (bool found, uint256 jobId, uint256 index, IMosaicEscrow.Milestone memory before) = _find(seed, _isApprovable);
        if (!found) return;
        IMosaicEscrow.Job memory job = escrow.jobOf(jobId);
        (bool ok, bytes memory ret) = _call(job.client, abi.encodeCall(escrow.approve, (jobId, index)), 0);
        if (_expectSuccess("approve", ok, ret)) {
            calls["approve"]++;
            _absorbLogs(job, before);
        }
    }

    function requestChanges(uint256 seed) external {
        (bool found, uint256 jobId, uint256 index, IMosaicEscrow.Milestone memory before) = _find(seed, _isInReview);
        if (!found) return;
        IMosaicEscrow.Job memory job = escrow.jobOf(jobId);
        (bool ok, bytes memory ret) = _call(
            job.client,
            abi.encodeCall(escrow.requestChanges, (jobId, index, "bafy-notes")),
            0
        );
        if (!_expectSuccess("requestChanges", ok, ret)) return;
        calls["requestChanges"]++;
        uint256 extended = block.timestamp + job.reviewWindow;
        uint256 expected = extended > before.deadline ? extended : before.deadline;
        IMosaicEscrow.Milestone memory afterwards = escrow.milestoneOf(jobId, index);
        if (afterwards.deadline != expected) _violation("requestChanges: deadline");
        if (before.bonus != 0 && afterwards.outcomeDeadline < expected + job.reviewWindow) {
            _violation("requestChanges: outcome deadline before the review of a resubmission");
        }
    }

    /// @notice Refunds a funded milestone: the client's own call before hiring, anyone's after a
    ///         missed deadline (warping there unless the seed asks to check the early revert).
    function refund(uint256 seed) external {
        (bool found, uint256 jobId, uint256 index, IMosaicEscrow.Milestone memory before) = _find(seed, _isFunded);
        if (!found) return;
        IMosaicEscrow.Job memory job = escrow.jobOf(jobId);
        bool ok;
        bytes memory ret;
        bytes memory data = abi.encodeCall(escrow.refund, (jobId, index));
        if (job.vendor == address(0)) {
            if ((seed >> 200) % 4 == 0) {
                (ok, ret) = _call(stranger, data, 0);
                return
                    _expectRevert(
                        "refund/notClient",
                        ok,
                        ret,
                        abi.encodeWithSelector(IMosaicEscrow.EscrowNotClient.selector, jobId, stranger)
                    );
            }
            (ok, ret) = _call(job.client, data, 0);
        } else {
            if (block.timestamp <= before.deadline) {
                if ((seed >> 200) % 4 == 0) {
                    (ok, ret) = _call(stranger, data, 0);
                    return
                        _expectRevert(
                            "refund/tooEarly",
                            ok,
                            ret,
                            abi.encodeWithSelector(
                                IMosaicEscrow.EscrowTooEarly.selector,
                                jobId,
                                index,
                                uint256(before.deadline) + 1
                            )
                        );
                }
                vm.warp(uint256(before.deadline) + 1);
            }
            (ok, ret) = _call(stranger, data, 0);
        }
        if (_expectSuccess("refund", ok, ret)) {
            calls["refund"]++;
            _absorbLogs(job, before);
        }
    }

    function releaseBonus(uint256 seed) external {
        (bool found, uint256 jobId, uint256 index, IMosaicEscrow.Milestone memory before) = _find(seed, _isBonusHeld);
        if (!found) return;
        IMosaicEscrow.Job memory job = escrow.jobOf(jobId);
        (bool ok, bytes memory ret) = _call(job.client, abi.encodeCall(escrow.releaseBonus, (jobId, index)), 0);
        if (_expectSuccess("releaseBonus", ok, ret)) {
            calls["releaseBonus"]++;
            _absorbLogs(job, before);
        }
    }

    /// @notice Hires a vendor on a job that has none: by claim (open jobs) or from a signed quote.
    function hire(uint256 seed, uint256 how) external {
        (bool found, uint256 jobId) = _findJob(seed, _hasNoVendor);
        if (!found) return;
        _hireSomeone(jobId, how);
    }

    // ================================================================== vendor actions

    function submit(uint256 seed) external {
        (bool found, uint256 jobId, uint256 index, ) = _find(seed, _isSubmittable);
        if (!found) return;
        IMosaicEscrow.Job memory job = escrow.jobOf(jobId);
        (bool ok, bytes memory ret) = _call(
            job.vendor,
            abi.encodeCall(escrow.submit, (jobId, index, "bafy-deliverable")),
            0
        );
        if (_expectSuccess("submit", ok, ret)) calls["submit"]++;
    }

    // ================================================================== anyone

    /// @notice A stranger releases a submission once its review window is over.
    function release(uint256 seed) external {
        (bool found, uint256 jobId, uint256 index, IMosaicEscrow.Milestone memory before) = _find(seed, _isSubmitted);
        if (!found) return;
        IMosaicEscrow.Job memory job = escrow.jobOf(jobId);
        bytes memory data = abi.encodeCall(escrow.release, (jobId, index));
        bool ok;
        bytes memory ret;
        if (block.timestamp < before.reviewEndsAt) {
            if ((seed >> 200) % 4 == 0) {
                (ok, ret) = _call(stranger, data, 0);
                return
                    _expectRevert(
                        "release/tooEarly",
                        ok,
                        ret,
                        abi.encodeWithSelector(IMosaicEscrow.EscrowTooEarly.selector, jobId, index, before.reviewEndsAt)
                    );
            }
            vm.warp(before.reviewEndsAt);
        }
        (ok, ret) = _call(stranger, data, 0);
        if (_expectSuccess("release", ok, ret)) {
            calls["release"]++;
            _absorbLogs(job, before);
        }
    }

    /// @notice A stranger returns an undecided bonus once its outcome deadline is over.
    function returnBonus(uint256 seed) external {
        (bool found, uint256 jobId, uint256 index, IMosaicEscrow.Milestone memory before) = _find(seed, _isBonusHeld);
        if (!found) return;
        IMosaicEscrow.Job memory job = escrow.jobOf(jobId);
        bytes memory data = abi.encodeCall(escrow.returnBonus, (jobId, index));
        bool ok;
        bytes memory ret;
        if (block.timestamp <= before.outcomeDeadline) {
            if ((seed >> 200) % 4 == 0) {
                (ok, ret) = _call(stranger, data, 0);
                return
                    _expectRevert(
                        "returnBonus/tooEarly",
                        ok,
                        ret,
                        abi.encodeWithSelector(
                            IMosaicEscrow.EscrowTooEarly.selector,
                            jobId,
                            index,
                            uint256(before.outcomeDeadline) + 1
                        )
                    );
            }
            vm.warp(uint256(before.outcomeDeadline) + 1);
        }
        (ok, ret) = _call(stranger, data, 0);
        if (_expectSuccess("returnBonus", ok, ret)) {
            calls["returnBonus"]++;
            _absorbLogs(job, before);
        }
    }

    /// @notice A payee (or the treasury) with something owed withdraws it to its role's sink.
    function withdraw(uint256 seed) external {
        uint256 accounts = _payees.length + 1;
        uint256 n = accounts * _tokens.length;
        for (uint256 k; k < n; ++k) {
            uint256 slot = ((seed % n) + k) % n;
            address account = slot % accounts == _payees.length ? treasury : _payees[slot % accounts];
            address token = _tokens[slot / accounts];
            if (escrow.owed(token, account) == 0) continue;
            (bool ok, bytes memory ret) = _call(
                account,
                abi.encodeCall(escrow.withdraw, (token, sinkOf[roleOf[account]])),
                0
            );
            if (_expectSuccess("withdraw", ok, ret)) {
                calls["withdraw"]++;
                _absorbLogs(_noJob(), _noMilestone());
            }
            return;
        }
        // Nothing owed anywhere: the call must say so.
        address someone = _payees[seed % _payees.length];
        address anyToken = _tokens[(seed >> 8) % _tokens.length];
        (bool ok2, bytes memory ret2) = _call(someone, abi.encodeCall(escrow.withdraw, (anyToken, someone)), 0);
        _expectRevert(
            "withdraw/nothingOwed",
            ok2,
            ret2,
            abi.encodeWithSelector(IMosaicEscrow.EscrowNothingOwed.selector, anyToken, someone)
        );
    }

    function collectFees(uint256 seed) external {
        address token = _tokens[seed % _tokens.length];
        uint256 accrued = escrow.feesAccrued(token);
        (bool ok, bytes memory ret) = _call(stranger, abi.encodeCall(escrow.collectFees, (token)), 0);
        if (accrued == 0) {
            return
                _expectRevert(
                    "collectFees/nothing",
                    ok,
                    ret,
                    abi.encodeWithSelector(IMosaicEscrow.EscrowNothingOwed.selector, token, treasury)
                );
        }
        if (_expectSuccess("collectFees", ok, ret)) {
            calls["collectFees"]++;
            _absorbLogs(_noJob(), _noMilestone());
        }
    }

    // ================================================================== disputes

    /// @notice The client or the vendor freezes a milestone (or a paid milestone's held bonus). The
    ///         client may dispute a submission under review, the vendor only one the client sent back
    ///         (otherwise refused: a vendor can never dispute before the client had its review). A
    ///         vendor posts a bond of the arbiter's fee on the frozen amount.
    function dispute(uint256 seed) external {
        (bool found, uint256 jobId, uint256 index, IMosaicEscrow.Milestone memory m) = _find(seed, _isDisputable);
        if (!found) return;
        IMosaicEscrow.Job memory job = escrow.jobOf(jobId);
        bool byVendor = (seed >> 200) % 2 == 1;
        address by = byVendor ? job.vendor : job.client;
        bytes memory data = abi.encodeCall(escrow.dispute, (jobId, index, "bafkreievidence"));
        bool base = m.state != IMosaicEscrow.MilestoneState.Paid;
        if (base && byVendor && !(m.state == IMosaicEscrow.MilestoneState.Funded && m.changesRequested)) {
            (bool okV, bytes memory retV) = _call(by, data, 0);
            return
                _expectRevert(
                    "dispute/notRejected",
                    okV,
                    retV,
                    abi.encodeWithSelector(IMosaicEscrow.EscrowNotRejected.selector, jobId, index)
                );
        }
        if (base && !byVendor && m.state == IMosaicEscrow.MilestoneState.Funded) {
            (bool okC, bytes memory retC) = _call(by, data, 0);
            return
                _expectRevert(
                    "dispute/notSubmitted",
                    okC,
                    retC,
                    abi.encodeWithSelector(IMosaicEscrow.EscrowNotSubmitted.selector, jobId, index)
                );
        }
        uint256 frozen = base ? m.amount + (m.bonusState == IMosaicEscrow.BonusState.Held ? m.bonus : 0) : m.bonus;
        uint256 bond = byVendor ? (frozen * job.arbiterFeeBps) / _BPS : 0;
        if (bond != 0) {
            if (job.token == _ETH) vm.deal(by, by.balance + bond);
            else MockERC20(job.token).mint(by, bond);
            _approveEscrow(job.token, by, bond);
        }
        (bool ok, bytes memory ret) = _call(by, data, job.token == _ETH ? bond : 0);
        if (_expectSuccess("dispute", ok, ret)) {
            calls["dispute"]++;
            vm.getRecordedLogs();
            ghost_bondsDeposited[job.token] += bond;
            _bondOf[(jobId << 8) | index] = bond;
        }
    }

    /// @notice The job's arbiter rules 0..10,001 (sometimes out of range, or from a stranger).
    function rule(uint256 seed, uint256 ruling) external {
        (bool found, uint256 jobId, uint256 index, IMosaicEscrow.Milestone memory before) = _find(seed, _isDisputed);
        if (!found) return;
        IMosaicEscrow.Job memory job = escrow.jobOf(jobId);
        uint256 disputeId = (jobId << 8) | index;
        uint256 mode = (seed >> 200) % 16;
        if (mode == 0) {
            (bool ok0, bytes memory ret0) = _call(stranger, abi.encodeCall(escrow.rule, (disputeId, 1)), 0);
            return
                _expectRevert(
                    "rule/notArbiter",
                    ok0,
                    ret0,
                    abi.encodeWithSelector(IMosaicEscrow.EscrowNotArbiter.selector, disputeId, stranger)
                );
        }
        if (mode == 1) {
            uint256 tooHigh = _bound(ruling, _BPS + 2, type(uint256).max);
            (bool ok1, bytes memory ret1) = _call(job.arbiter, abi.encodeCall(escrow.rule, (disputeId, tooHigh)), 0);
            return
                _expectRevert(
                    "rule/invalidSplit",
                    ok1,
                    ret1,
                    abi.encodeWithSelector(IMosaicEscrow.EscrowInvalidSplit.selector, tooHigh)
                );
        }
        ruling = _bound(ruling, 0, _BPS + 1);
        _expectedArbiterFeeBps = ruling == 0 ? 0 : job.arbiterFeeBps;
        _expectedVendorBps = ruling == 0 ? _BPS / 2 : ruling - 1;
        (bool ok, bytes memory ret) = _call(job.arbiter, abi.encodeCall(escrow.rule, (disputeId, ruling)), 0);
        if (_expectSuccess("rule", ok, ret)) {
            calls["rule"]++;
            _absorbLogs(job, before);
        }
    }

    /// @notice Both parties sign a split (EIP-712) and a stranger submits it. Contract parties cannot
    ///         sign, so their settlements must be refused.
    function settle(uint256 seed, uint256 vendorBps) external {
        (bool found, uint256 jobId, uint256 index, IMosaicEscrow.Milestone memory before) = _find(seed, _isDisputed);
        if (!found) return;
        IMosaicEscrow.Job memory job = escrow.jobOf(jobId);
        uint16 bps = uint16(_bound(vendorBps, 0, _BPS));
        uint64 deadline = uint64(block.timestamp + 1 hours);
        bytes32 digest = escrow.hashSettlement(jobId, index, bps, deadline);
        bytes memory clientSig = _signAs(job.client, digest);
        bytes memory vendorSig = _signAs(job.vendor, digest);
        (bool ok, bytes memory ret) = _call(
            stranger,
            abi.encodeCall(escrow.settle, (jobId, index, bps, deadline, clientSig, vendorSig)),
            0
        );
        address unsigned =
            _keyOf[job.client] == 0
                ? job.client
                : _keyOf[job.vendor] == 0
                    ? job.vendor
                    : address(0);
        if (unsigned != address(0)) {
            return
                _expectRevert(
                    "settle/contractParty",
                    ok,
                    ret,
                    abi.encodeWithSelector(IMosaicEscrow.EscrowInvalidSignature.selector, unsigned)
                );
        }
        _expectedArbiterFeeBps = 0;
        _expectedVendorBps = bps;
        if (_expectSuccess("settle", ok, ret)) {
            calls["settle"]++;
            _absorbLogs(job, before);
        }
    }

    /// @notice A stranger splits a dispute evenly once the arbiter stayed silent for the timeout.
    function resolveTimedOut(uint256 seed) external {
        (bool found, uint256 jobId, uint256 index, IMosaicEscrow.Milestone memory before) = _find(seed, _isDisputed);
        if (!found) return;
        IMosaicEscrow.Job memory job = escrow.jobOf(jobId);
        uint256 availableAt = escrow.disputedAt(jobId, index) + _DISPUTE_TIMEOUT;
        bytes memory data = abi.encodeCall(escrow.resolveTimedOut, (jobId, index));
        bool ok;
        bytes memory ret;
        if (block.timestamp < availableAt) {
            if ((seed >> 200) % 4 == 0) {
                (ok, ret) = _call(stranger, data, 0);
                return
                    _expectRevert(
                        "resolveTimedOut/tooEarly",
                        ok,
                        ret,
                        abi.encodeWithSelector(IMosaicEscrow.EscrowTooEarly.selector, jobId, index, availableAt)
                    );
            }
            vm.warp(availableAt);
        }
        _expectedArbiterFeeBps = 0;
        _expectedVendorBps = _BPS / 2;
        (ok, ret) = _call(stranger, data, 0);
        if (_expectSuccess("resolveTimedOut", ok, ret)) {
            calls["resolveTimedOut"]++;
            _absorbLogs(job, before);
        }
    }

    // ================================================================== reputation

    /// @notice The client, the vendor or a stranger rates a job, with a score that is sometimes out of
    ///         range. The expected outcome is worked out first, in the contract's order of checks.
    function rate(uint256 seed, uint8 score) external {
        uint256 n = _jobIds.length;
        if (n == 0) return;
        uint256 jobId = _jobIds[seed % n];
        // Three calls in four go to a job that paid something (and so may already be rated), where
        // both the first rating and the refusal of a second one can be checked.
        if ((seed >> 64) % 4 != 0) {
            for (uint256 k; k < n; ++k) {
                uint256 candidate = _jobIds[((seed % n) + k) % n];
                if (paidToVendor(candidate) != 0) {
                    jobId = candidate;
                    break;
                }
            }
        }
        IMosaicEscrow.Job memory job = escrow.jobOf(jobId);
        uint256 who = (seed >> 128) % 8;
        address rater =
            who == 0
                ? stranger
                : who % 2 == 0 && job.vendor != address(0)
                    ? job.vendor
                    : job.client;
        score = uint8(_bound(score, 0, 6));
        uint256 paid = paidToVendor(jobId);
        address ratee = rater == job.client ? job.vendor : job.client;
        uint256 influenceBefore = escrow.influenceOf(rater, ratee);

        (bool ok, bytes memory ret) = _call(rater, abi.encodeCall(escrow.rate, (jobId, score)), 0);
        if (paid == 0) ghost_rateAttemptsUnpaid++;
        bool mustRevert = rater == stranger || ghost_rated[jobId][rater] || paid == 0 || score == 0 || score > 5;
        if (ok && mustRevert) ghost_ratingsWronglyAccepted++;
        if (rater == stranger) {
            return
                _expectRevert(
                    "rate/notParty",
                    ok,
                    ret,
                    abi.encodeWithSelector(IReputation.ReputationNotParty.selector, jobId, rater)
                );
        }
        if (ghost_rated[jobId][rater]) {
            return
                _expectRevert(
                    "rate/alreadyRated",
                    ok,
                    ret,
                    abi.encodeWithSelector(IReputation.ReputationAlreadyRated.selector, jobId, rater)
                );
        }
        if (paid == 0) {
            return
                _expectRevert(
                    "rate/nothingPaid",
                    ok,
                    ret,
                    abi.encodeWithSelector(IReputation.ReputationNothingPaid.selector, jobId)
                );
        }
        if (score == 0 || score > 5) {
            return
                _expectRevert(
                    "rate/invalidScore",
                    ok,
                    ret,
                    abi.encodeWithSelector(IReputation.ReputationInvalidScore.selector, score)
                );
        }
        if (!_expectSuccess("rate", ok, ret)) return;
        calls["rate"]++;
        // The weight unit is the one snapshotted when the job was posted, whatever the token's is now.
        uint96 unit = job.weightUnit;
        uint256 units = paid / unit;
        uint256 room = _MAX_PAIR_WEIGHT - influenceBefore;
        uint256 expectedWeight = units < room ? units : room;
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter != address(escrow) || logs[i].topics[0] != IReputation.Rated.selector) continue;
            (, uint64 weight, , ) = abi.decode(logs[i].data, (uint8, uint64, bool, bool));
            if (weight != expectedWeight) _violation("rate: weight");
            if (address(uint160(uint256(logs[i].topics[3]))) != ratee) _violation("rate: ratee");
        }
        ghost_ratings++;
        // A weightless rating (dust payment, counterparty at its cap) is recorded but not counted.
        if (expectedWeight != 0) {
            ghost_weightedRatings++;
            ghost_ratingsReceived[ratee]++;
        }
        ghost_rated[jobId][rater] = true;
    }

    // ================================================================== operator and environment

    /// @notice The operator announces a fee, sometimes above the 2% cap (must revert).
    function announceFee(uint256 bps) external {
        bps = _bound(bps, 0, 2 * _MAX_FEE_BPS);
        (bool ok, bytes memory ret) = _call(operator, abi.encodeCall(escrow.announceFee, (uint16(bps))), 0);
        if (bps > _MAX_FEE_BPS) {
            return
                _expectRevert(
                    "announceFee/tooHigh",
                    ok,
                    ret,
                    abi.encodeWithSelector(IMosaicEscrow.EscrowFeeTooHigh.selector, bps, _MAX_FEE_BPS)
                );
        }
        if (_expectSuccess("announceFee", ok, ret)) calls["announceFee"]++;
    }

    /// @notice Pauses new business now and then; unpauses when paused. Exits must keep working.
    function togglePause(uint256 seed) external {
        bool paused = escrow.paused();
        if (!paused && seed % 4 != 0) return;
        (bool ok, bytes memory ret) = _call(
            operator,
            paused ? abi.encodeCall(escrow.unpause, ()) : abi.encodeCall(escrow.pause, ()),
            0
        );
        if (_expectSuccess("togglePause", ok, ret)) calls["togglePause"]++;
    }

    /// @notice Blocks or unblocks a party on the blocklist token, so pushes to it get deferred.
    function setBlocked(uint256 seed, bool blocked) external {
        address account = _payees[seed % _payees.length];
        blocklist.setBlocked(account, blocked);
        calls["setBlocked"]++;
    }

    function warp(uint256 secondsAhead) external {
        vm.warp(block.timestamp + _bound(secondsAhead, 1 minutes, 10 days));
        calls["warp"]++;
    }

    /// @notice Someone sends tokens straight to the escrow: they belong to no one and must not break it.
    function donate(uint256 amount) external {
        amount = _bound(amount, 1, 1e12);
        permitToken.mint(address(escrow), amount);
        ghost_donated[address(permitToken)] += amount;
        calls["donate"]++;
    }

    /// @notice Anyone sweeps what the escrow holds beyond its books: exactly the donations, never
    ///         a wei of held, owed or fee money.
    function sweepSurplus(uint256 seed) external {
        address token = _tokens[seed % _tokens.length];
        uint256 donated = ghost_donated[token];
        (bool ok, bytes memory ret) = _call(stranger, abi.encodeCall(escrow.sweepSurplus, (token)), 0);
        if (donated == 0) {
            return
                _expectRevert(
                    "sweepSurplus/none",
                    ok,
                    ret,
                    abi.encodeWithSelector(IMosaicEscrow.EscrowNoSurplus.selector, token)
                );
        }
        if (!_expectSuccess("sweepSurplus", ok, ret)) return;
        calls["sweepSurplus"]++;
        ghost_donated[token] = 0;
        ghost_swept[token] += donated;
    }

    // ================================================================== internals: composite steps

    function _fundFrom(uint256 jobId, uint256 first, uint256 wanted, uint256 seed) internal {
        IMosaicEscrow.Job memory job = escrow.jobOf(jobId);
        if (job.token == address(blocklist) && blocklist.blocked(job.client)) return;
        uint256 count;
        uint256 total;
        while (count < wanted && first + count < job.milestoneCount) {
            IMosaicEscrow.Milestone memory m = escrow.milestoneOf(jobId, first + count);
            if (!_isFundable(job, m)) break;
            total += uint256(m.amount) + m.bonus;
            ++count;
        }
        if (count == 0) return;
        _give(job.token, job.client, total);
        bytes memory data;
        if (job.token == address(permitToken) && _keyOf[job.client] != 0 && seed % 2 == 0) {
            data = _fundWithPermitCall(job.client, jobId, first, count, total);
        } else {
            _approveEscrow(job.token, job.client, total);
            data = abi.encodeCall(escrow.fund, (jobId, first, count));
        }
        (bool ok, bytes memory ret) = _call(job.client, data, job.token == _ETH ? total : 0);
        if (escrow.paused()) return _expectRevert("fund/paused", ok, ret, _pausedError());
        if (!_expectSuccess("fund", ok, ret)) return;
        calls["fund"]++;
        uint256 depositedBefore = ghost_deposited[job.token];
        _absorbLogs(job, _noMilestone());
        if (ghost_deposited[job.token] - depositedBefore != total) _violation("fund: total");
    }

    function _fundWithPermitCall(
        address owner,
        uint256 jobId,
        uint256 first,
        uint256 count,
        uint256 total
    ) internal view returns (bytes memory) {
        uint256 deadline = block.timestamp + 1 hours;
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                owner,
                address(escrow),
                total,
                permitToken.nonces(owner),
                deadline
            )
        );
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", permitToken.DOMAIN_SEPARATOR(), structHash));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(_keyOf[owner], digest);
        return abi.encodeCall(escrow.fundWithPermit, (jobId, first, count, deadline, v, r, s));
    }

    /// @dev Claims an open job (checking the revert for an unqualified claimant on the way) or hires from
    ///      a quote (checking the revert for a revoked nonce or a wrong price on the way).
    function _hireSomeone(uint256 jobId, uint256 seed) internal {
        IMosaicEscrow.Job memory job = escrow.jobOf(jobId);
        if (job.vendor != address(0)) return;
        if (job.flags & 1 != 0 && seed % 3 != 0) {
            // The ETH-rejecting vendor cannot sign quotes, so it claims more often than its share.
            address claimant = (seed >> 16) % 3 == 0 ? _vendors[3] : _vendors[(seed >> 8) % _vendors.length];
            return _claim(jobId, job, claimant);
        }
        _hireByQuote(jobId, job, seed >> 8);
    }

    function _claim(uint256 jobId, IMosaicEscrow.Job memory job, address claimant) internal {
        bytes32[] memory skills = _requiredSkills[jobId];
        (bool ok, bytes memory ret) = _call(claimant, abi.encodeCall(escrow.claim, (jobId, skills)), 0);
        if (escrow.paused()) return _expectRevert("claim/paused", ok, ret, _pausedError());
        if (!registry.hasSkills(claimant, skills)) {
            return
                _expectRevert(
                    "claim/unqualified",
                    ok,
                    ret,
                    abi.encodeWithSelector(IMosaicEscrow.EscrowVendorUnqualified.selector, jobId, claimant)
                );
        }
        uint256 rating = escrow.adjustedVendorRatingOf(claimant);
        if (job.minRating != 0 && rating < job.minRating) {
            return
                _expectRevert(
                    "claim/rating",
                    ok,
                    ret,
                    abi.encodeWithSelector(IMosaicEscrow.EscrowRatingTooLow.selector, jobId, rating, job.minRating)
                );
        }
        uint256 paidJobs = escrow.vendorStatsOf(claimant).paidJobs;
        if (paidJobs < job.minPaidJobs) {
            return
                _expectRevert(
                    "claim/paidJobs",
                    ok,
                    ret,
                    abi.encodeWithSelector(
                        IMosaicEscrow.EscrowTooFewPaidJobs.selector,
                        jobId,
                        paidJobs,
                        job.minPaidJobs
                    )
                );
        }
        if (_expectSuccess("claim", ok, ret)) calls["claim"]++;
    }

    function _hireByQuote(uint256 jobId, IMosaicEscrow.Job memory job, uint256 seed) internal {
        address quoted = _vendors[seed % 3]; // the three EOA vendors can sign
        uint256 mode = (seed >> 8) % 8;
        IMosaicEscrow.Quote memory quote = IMosaicEscrow.Quote({
            jobId: jobId,
            vendor: quoted,
            price: _liveTotal(jobId, job.milestoneCount),
            nonce: escrow.quoteNonce(quoted),
            expiresAt: uint64(block.timestamp + 1 days)
        });
        bytes memory expectedError;
        if (mode == 0) {
            _call(quoted, abi.encodeCall(escrow.revokeQuotes, ()), 0);
            expectedError = abi.encodeWithSelector(IMosaicEscrow.EscrowQuoteRevoked.selector, quoted, quote.nonce);
        } else if (mode == 1) {
            expectedError = abi.encodeWithSelector(
                IMosaicEscrow.EscrowQuotePriceMismatch.selector,
                jobId,
                quote.price + 1,
                quote.price
            );
            quote.price += 1;
        }
        bytes memory signature = Actors.sign(_keyOf[quoted], escrow.hashQuote(quote));
        (bool ok, bytes memory ret) = _call(job.client, abi.encodeCall(escrow.hire, (quote, signature)), 0);
        if (escrow.paused()) return _expectRevert("hire/paused", ok, ret, _pausedError());
        if (expectedError.length != 0) return _expectRevert("hire/badQuote", ok, ret, expectedError);
        if (_expectSuccess("hire", ok, ret)) calls["hire"]++;
    }

    // ================================================================== internals: ghost accounting

    /// @dev Books every escrow event of the last call into the ghost totals and checks each amount
    ///      against what the milestone held before (`before`) and the job's snapshotted fees.
    function _absorbLogs(IMosaicEscrow.Job memory job, IMosaicEscrow.Milestone memory before) internal {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            Vm.Log memory log = logs[i];
            if (log.emitter != address(escrow)) continue;
            bytes32 topic = log.topics[0];
            if (topic == IMosaicEscrow.MilestonesFunded.selector) {
                (, , uint256 total) = abi.decode(log.data, (uint256, uint256, uint256));
                ghost_deposited[job.token] += total;
            } else if (topic == IMosaicEscrow.MilestoneReleased.selector) {
                (, uint256 toVendor, uint256 fee, ) = abi.decode(log.data, (uint256, uint256, uint256, bool));
                if (toVendor + fee != before.amount) _violation("release: gross != amount");
                _checkFee(job, toVendor + fee, fee);
                _credit(job.token, Role.Vendor, toVendor, fee);
            } else if (topic == IMosaicEscrow.BonusReleased.selector) {
                (, uint256 toVendor, uint256 fee) = abi.decode(log.data, (uint256, uint256, uint256));
                if (toVendor + fee != before.bonus) _violation("releaseBonus: gross != bonus");
                _checkFee(job, toVendor + fee, fee);
                _credit(job.token, Role.Vendor, toVendor, fee);
            } else if (topic == IMosaicEscrow.MilestoneRefunded.selector) {
                (, uint256 amount, ) = abi.decode(log.data, (uint256, uint256, bool));
                uint256 expected =
                    uint256(before.amount) +
                        (before.bonusState == IMosaicEscrow.BonusState.Held ? uint256(before.bonus) : 0);
                if (amount != expected) _violation("refund: amount");
                _credit(job.token, Role.Client, amount, 0);
            } else if (topic == IMosaicEscrow.BonusReturned.selector) {
                (, uint256 amount) = abi.decode(log.data, (uint256, uint256));
                if (amount != before.bonus) _violation("returnBonus: amount");
                _credit(job.token, Role.Client, amount, 0);
            } else if (topic == IMosaicEscrow.DisputeResolved.selector) {
                _absorbResolution(job, before, log.data, uint256(log.topics[2]));
            } else if (topic == IMosaicEscrow.PaymentDeferred.selector) {
                address token = address(uint160(uint256(log.topics[1])));
                address payee = address(uint160(uint256(log.topics[2])));
                uint256 amount = abi.decode(log.data, (uint256));
                if (roleOf[payee] == Role.None) _violation("deferred to an unknown payee");
                ghost_deferred[token][roleOf[payee]] += amount;
            } else if (topic == IMosaicEscrow.Withdrawn.selector) {
                address token = address(uint160(uint256(log.topics[1])));
                address account = address(uint160(uint256(log.topics[2])));
                (, uint256 amount) = abi.decode(log.data, (address, uint256));
                ghost_withdrawn[token][roleOf[account]] += amount;
            } else if (topic == IMosaicEscrow.FeesCollected.selector) {
                // Also emitted when a payment would overflow the fee counter and fees go out at once.
                address token = address(uint160(uint256(log.topics[1])));
                uint256 amount = abi.decode(log.data, (uint256));
                ghost_feesCollected[token] += amount;
                ghost_credited[token][Role.Treasury] += amount;
            }
        }
    }

    function _absorbResolution(
        IMosaicEscrow.Job memory job,
        IMosaicEscrow.Milestone memory before,
        bytes memory data,
        uint256 disputeId
    ) internal {
        (, , uint16 vendorBps, uint256 toVendor, uint256 toClient, uint256 arbiterFee, uint256 fee) = abi.decode(
            data,
            (uint256, uint8, uint16, uint256, uint256, uint256, uint256)
        );
        uint256 frozen =
            (before.state == IMosaicEscrow.MilestoneState.Disputed ? uint256(before.amount) : 0) +
                (before.bonusState == IMosaicEscrow.BonusState.Disputed ? uint256(before.bonus) : 0);
        uint256 bond = _bondOf[disputeId];
        if (toVendor + toClient + arbiterFee + fee != frozen + bond) _violation("dispute: split != frozen + bond");
        if (vendorBps != _expectedVendorBps) _violation("dispute: vendor bps");
        if (arbiterFee != (frozen * _expectedArbiterFeeBps) / _BPS) _feeViolation("dispute: arbiter fee");
        if (arbiterFee * _BPS > frozen * _MAX_ARBITER_FEE_BPS) _feeViolation("dispute: arbiter fee above cap");
        (uint256 vendorShare, uint256 expectedToClient) = _expectedSplit(frozen, vendorBps, arbiterFee, bond);
        if (toVendor + fee != vendorShare) _violation("dispute: vendor share");
        if (toClient != expectedToClient) _violation("dispute: client share");
        // Loser pays: a client that wins outright a dispute the vendor raised gets everything back.
        if (bond != 0 && vendorBps == 0 && toClient != frozen) _violation("dispute: winning client paid the arbiter");
        _checkFee(job, vendorShare > bond ? vendorShare - bond : 0, fee);
        _credit(job.token, Role.Vendor, toVendor, fee);
        _credit(job.token, Role.Client, toClient, 0);
        _credit(job.token, Role.Arbiter, arbiterFee, 0);
    }

    /// @dev The split `_resolve` documents, computed independently: each party bears the arbiter's fee
    ///      in proportion to the share the ruling denied it, within what it has (the vendor's bond
    ///      included); a shortfall falls on the other. Returns the vendor's total (gain plus what is
    ///      left of its bond) and the client's.
    function _expectedSplit(
        uint256 frozen,
        uint256 vendorBps,
        uint256 arbiterFee,
        uint256 bond
    ) internal pure returns (uint256 vendorTotal, uint256 clientTotal) {
        uint256 vendorWon = (frozen * vendorBps) / _BPS;
        vendorTotal = vendorWon + bond;
        clientTotal = frozen - vendorWon;
        uint256 vendorPart = (arbiterFee * (_BPS - vendorBps)) / _BPS;
        uint256 clientPart = arbiterFee - vendorPart;
        if (vendorPart > vendorTotal) {
            clientPart += vendorPart - vendorTotal;
            vendorPart = vendorTotal;
        }
        if (clientPart > clientTotal) {
            vendorPart += clientPart - clientTotal;
            clientPart = clientTotal;
        }
        vendorTotal -= vendorPart;
        clientTotal -= clientPart;
    }

    function _credit(address token, Role role, uint256 amount, uint256 fee) internal {
        ghost_credited[token][role] += amount;
        ghost_feesTaken[token] += fee;
    }

    function _checkFee(IMosaicEscrow.Job memory job, uint256 gross, uint256 fee) internal {
        uint256 expected = (gross * job.feeBps + _BPS - 1) / _BPS;
        uint256 cap = (gross * _MAX_FEE_BPS) / _BPS;
        if (fee != (expected < cap ? expected : cap)) _feeViolation("fee != gross * job fee, rounded up, capped");
        if (fee * _BPS > gross * _MAX_FEE_BPS) _feeViolation("fee above the 2% cap");
    }

    // ================================================================== internals: calls and outcomes

    /// @dev Calls the escrow as `as`, recording its logs. `value` comes out of `as`'s balance.
    function _call(address as_, bytes memory data, uint256 value) internal returns (bool ok, bytes memory ret) {
        vm.recordLogs();
        vm.prank(as_);
        (ok, ret) = address(escrow).call{value: value}(data);
    }

    function _expectSuccess(string memory what, bool ok, bytes memory ret) internal returns (bool) {
        if (!ok) {
            _violation(string.concat(what, " reverted: 0x", _hex4(ret)));
            vm.getRecordedLogs();
        }
        return ok;
    }

    function _expectRevert(string memory what, bool ok, bytes memory ret, bytes memory expected) internal {
        vm.getRecordedLogs();
        if (ok) return _violation(string.concat(what, " succeeded but should revert"));
        if (keccak256(ret) != keccak256(expected)) _violation(string.concat(what, " reverted with 0x", _hex4(ret)));
        calls[what]++;
    }

    function _violation(string memory what) internal {
        if (ghost_violations == 0) firstViolation = what;
        ghost_violations++;
    }

    function _feeViolation(string memory what) internal {
        if (ghost_feeViolations == 0 && ghost_violations == 0) firstViolation = what;
        ghost_feeViolations++;
    }

    function _pausedError() internal pure returns (bytes memory) {
        return abi.encodeWithSelector(Pausable.EnforcedPause.selector);
    }

    // ================================================================== internals: finding milestones

    /// @dev The first milestone from a seeded start that satisfies `accepts`.
    function _find(
        uint256 seed,
        function(IMosaicEscrow.Job memory, IMosaicEscrow.Milestone memory) internal view returns (bool) accepts
    ) internal view returns (bool found, uint256 jobId, uint256 index, IMosaicEscrow.Milestone memory m) {
        uint256 n = _refs.length;
        for (uint256 k; k < n; ++k) {
            Ref storage ref = _refs[((seed % n) + k) % n];
            m = escrow.milestoneOf(ref.jobId, ref.index);
            if (accepts(escrow.jobOf(ref.jobId), m)) return (true, ref.jobId, ref.index, m);
        }
    }

    function _findJob(
        uint256 seed,
        function(IMosaicEscrow.Job memory) internal view returns (bool) accepts
    ) internal view returns (bool found, uint256 jobId) {
        uint256 n = _jobIds.length;
        for (uint256 k; k < n; ++k) {
            jobId = _jobIds[((seed % n) + k) % n];
            if (accepts(escrow.jobOf(jobId))) return (true, jobId);
        }
    }

    function _hasNoVendor(IMosaicEscrow.Job memory job) internal pure returns (bool) {
        return job.vendor == address(0);
    }

    function _isCreated(IMosaicEscrow.Job memory, IMosaicEscrow.Milestone memory m) internal pure returns (bool) {
        return m.state == IMosaicEscrow.MilestoneState.Created;
    }

    function _isFundable(IMosaicEscrow.Job memory job, IMosaicEscrow.Milestone memory m) internal view returns (bool) {
        return
            m.state == IMosaicEscrow.MilestoneState.Created &&
            block.timestamp <= m.deadline &&
            !(job.token == address(blocklist) && blocklist.blocked(job.client));
    }

    function _isFunded(IMosaicEscrow.Job memory, IMosaicEscrow.Milestone memory m) internal pure returns (bool) {
        return m.state == IMosaicEscrow.MilestoneState.Funded;
    }

    function _isApprovable(
        IMosaicEscrow.Job memory job,
        IMosaicEscrow.Milestone memory m
    ) internal pure returns (bool) {
        return
            job.vendor != address(0) &&
            (m.state == IMosaicEscrow.MilestoneState.Funded || m.state == IMosaicEscrow.MilestoneState.Submitted);
    }

    function _isSubmittable(
        IMosaicEscrow.Job memory job,
        IMosaicEscrow.Milestone memory m
    ) internal view returns (bool) {
        return
            job.vendor != address(0) && m.state == IMosaicEscrow.MilestoneState.Funded && block.timestamp <= m.deadline;
    }

    function _isSubmitted(IMosaicEscrow.Job memory, IMosaicEscrow.Milestone memory m) internal pure returns (bool) {
        return m.state == IMosaicEscrow.MilestoneState.Submitted;
    }

    function _isInReview(IMosaicEscrow.Job memory, IMosaicEscrow.Milestone memory m) internal view returns (bool) {
        return m.state == IMosaicEscrow.MilestoneState.Submitted && block.timestamp < m.reviewEndsAt;
    }

    function _isBonusHeld(IMosaicEscrow.Job memory, IMosaicEscrow.Milestone memory m) internal pure returns (bool) {
        return m.state == IMosaicEscrow.MilestoneState.Paid && m.bonusState == IMosaicEscrow.BonusState.Held;
    }

    function _isDisputable(
        IMosaicEscrow.Job memory job,
        IMosaicEscrow.Milestone memory m
    ) internal view returns (bool) {
        if (job.vendor == address(0)) return false;
        if (m.state == IMosaicEscrow.MilestoneState.Funded) return block.timestamp <= m.deadline;
        if (m.state == IMosaicEscrow.MilestoneState.Submitted) return block.timestamp < m.reviewEndsAt;
        return _isBonusHeld(job, m) && block.timestamp <= m.outcomeDeadline;
    }

    function _isDisputed(IMosaicEscrow.Job memory, IMosaicEscrow.Milestone memory m) internal pure returns (bool) {
        return m.state == IMosaicEscrow.MilestoneState.Disputed || m.bonusState == IMosaicEscrow.BonusState.Disputed;
    }

    /// @dev What a milestone still holds: its base while Funded/Submitted/Disputed, its bonus while
    ///      Held/Disputed.
    function _heldBy(IMosaicEscrow.Milestone memory m) internal pure returns (uint256 held) {
        IMosaicEscrow.MilestoneState s = m.state;
        if (
            s == IMosaicEscrow.MilestoneState.Funded ||
            s == IMosaicEscrow.MilestoneState.Submitted ||
            s == IMosaicEscrow.MilestoneState.Disputed
        ) held += m.amount;
        IMosaicEscrow.BonusState b = m.bonusState;
        if (b == IMosaicEscrow.BonusState.Held || b == IMosaicEscrow.BonusState.Disputed) held += m.bonus;
    }

    // ================================================================== internals: terms

    function _milestoneTerms(
        address token,
        uint256 shapeSeed,
        uint256 amountSeed,
        uint256 timeSeed,
        uint256 reviewWindow
    ) internal view returns (IMosaicEscrow.MilestoneTerms[] memory milestones) {
        milestones = new IMosaicEscrow.MilestoneTerms[](1 + (shapeSeed % 3));
        for (uint256 i; i < milestones.length; ++i) {
            uint256 a = uint256(keccak256(abi.encode(amountSeed, i)));
            uint256 t = uint256(keccak256(abi.encode(timeSeed, i)));
            uint128 amount = _amount(token, a);
            uint128 bonus = (a >> 250) % 3 == 0 ? _amount(token, a >> 100) : 0;
            uint32 deadline = uint32(block.timestamp + _bound(t, 1 hours, 20 days));
            milestones[i] = IMosaicEscrow.MilestoneTerms({
                amount: amount,
                bonus: bonus,
                deadline: deadline,
                outcomeDeadline: bonus == 0 ? 0 : uint32(deadline + reviewWindow + _bound(t >> 128, 0, 20 days))
            });
        }
    }

    /// @dev A quarter of amounts are dust (1..10,000 base units) to exercise rounding, the rest span
    ///      the token's range (large enough to hit the rating weight cap). Some 18-decimals amounts are
    ///      whale-sized (up to 1e38), so fees overflow the escrow's 96-bit fee counter now and then.
    function _amount(address token, uint256 seed) internal view returns (uint128) {
        uint256 mode = (seed >> 200) % 8;
        if (mode < 2) return uint128(_bound(seed, 1, 10_000));
        if (mode == 2 && _maxAmount[token] >= 1e24) return uint128(_bound(seed, 1e27, 1e38));
        return uint128(_bound(seed, 1, _maxAmount[token]));
    }

    function _jobTerms(
        address token,
        uint256 shapeSeed,
        uint256 timeSeed
    ) internal view returns (IMosaicEscrow.JobTerms memory terms, bool feeTooHigh) {
        bool open = (shapeSeed >> 8) % 2 == 0;
        terms.token = token;
        (terms.arbiter, terms.arbiterFeeBps, feeTooHigh) = _arbiterTerms(shapeSeed);
        terms.reviewWindow = uint32(_bound(timeSeed >> 200, 1 days, 7 days));
        terms.open = open;
        if (open) {
            terms.minRating = (shapeSeed >> 64) % 8 == 0 ? 300 : 0;
            terms.minPaidJobs = (shapeSeed >> 72) % 8 == 0 ? 1 : 0;
        }
        terms.requiredSkills = open ? _skillList((shapeSeed >> 80) % 5) : new bytes32[](0);
        terms.specCid = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
    }

    /// @dev Half the jobs take the default arbiter; the others name one with a fee up to the cap,
    ///      and now and then above it (`tooHigh`: posting must revert).
    function _arbiterTerms(uint256 shapeSeed) internal view returns (address arbiter, uint16 feeBps, bool tooHigh) {
        uint256 choice = (shapeSeed >> 16) % 4;
        if (choice < 2) return (address(0), 0, false);
        arbiter = _arbiters[choice - 1];
        if ((shapeSeed >> 48) % 16 == 0) {
            return (arbiter, uint16(_bound(shapeSeed >> 24, _MAX_ARBITER_FEE_BPS + 1, type(uint16).max)), true);
        }
        feeBps = uint16(_bound(shapeSeed >> 24, 0, _MAX_ARBITER_FEE_BPS));
    }

    /// @dev ETH and the blocklist token, where payments can be deferred, take 5 jobs in 8.
    function _pickToken(uint256 seed) internal view returns (address) {
        uint256 slot = seed % 8;
        if (slot < 3) return _tokens[0];
        if (slot < 5) return _tokens[4];
        return _tokens[slot - 4];
    }

    /// @dev 0: none, 1: solidity, 2: audit, 3: solidity+design, 4: all three.
    function _skillList(uint256 which) internal pure returns (bytes32[] memory skills) {
        if (which == 0) return new bytes32[](0);
        if (which == 1 || which == 2) {
            skills = new bytes32[](1);
            skills[0] = which == 1 ? bytes32("solidity") : bytes32("audit");
            return skills;
        }
        skills = new bytes32[](which == 3 ? 2 : 3);
        skills[0] = "solidity";
        skills[1] = "design";
        if (which == 4) skills[2] = "audit";
    }

    function _liveTotal(uint256 jobId, uint256 count) internal view returns (uint256 total) {
        for (uint256 i; i < count; ++i) {
            IMosaicEscrow.Milestone memory m = escrow.milestoneOf(jobId, i);
            IMosaicEscrow.MilestoneState state = m.state;
            if (state == IMosaicEscrow.MilestoneState.Cancelled || state == IMosaicEscrow.MilestoneState.Refunded) {
                continue;
            }
            total += uint256(m.amount) + m.bonus;
        }
    }

    // ================================================================== internals: accounts and tokens

    function _addActor(address[] storage list, Role role, string memory name) internal {
        uint256 key = Actors.key(name);
        address account = vm.addr(key);
        list.push(account);
        roleOf[account] = role;
        _keyOf[account] = key;
        vm.label(account, name);
    }

    function _addContractActor(address[] storage list, Role role) internal {
        address account = address(new RejectingReceiver());
        list.push(account);
        roleOf[account] = role;
    }

    function _registerVendor(address account, bytes32[] memory skills) internal {
        vm.prank(account);
        registry.setProfile(
            IVendorRegistry.Profile({hourlyRateCents: 12_000, timezoneOffsetMinutes: -300, availabilityHours: 30}),
            skills,
            keccak256(abi.encode(account))
        );
    }

    function _give(address token, address account, uint256 amount) internal {
        ghost_minted[token] += amount;
        if (token == _ETH) {
            vm.deal(account, account.balance + amount);
        } else {
            MockERC20(token).mint(account, amount);
        }
    }

    /// @dev Approves exactly `amount`, so the escrow cannot pull more than the milestones need.
    function _approveEscrow(address token, address owner, uint256 amount) internal {
        if (token == _ETH) return;
        vm.prank(owner);
        (bool ok, ) = token.call(abi.encodeWithSignature("approve(address,uint256)", address(escrow), amount));
        if (!ok) _violation("approve failed");
    }

    /// @dev Contract parties have no key: they get a signature by an unrelated key, which must be refused.
    function _signAs(address account, bytes32 digest) internal view returns (bytes memory) {
        uint256 key = _keyOf[account];
        return Actors.sign(key == 0 ? 1 : key, digest);
    }

    function _balanceOf(address token, address account) internal view returns (uint256) {
        return token == _ETH ? account.balance : MockERC20(token).balanceOf(account);
    }

    function _noJob() internal pure returns (IMosaicEscrow.Job memory job) {}

    function _noMilestone() internal pure returns (IMosaicEscrow.Milestone memory m) {}

    function _digit(uint256 i) internal pure returns (string memory) {
        return string(abi.encodePacked(bytes1(uint8(48 + i))));
    }

    function _hex4(bytes memory ret) internal pure returns (string memory out) {
        bytes memory symbols = "0123456789abcdef";
        uint256 n = ret.length < 4 ? ret.length : 4;
        bytes memory buf = new bytes(2 * n);
        for (uint256 i; i < n; ++i) {
            buf[2 * i] = symbols[uint8(ret[i]) >> 4];
            buf[2 * i + 1] = symbols[uint8(ret[i]) & 0x0f];
        }
        out = string(buf);
    }
}
