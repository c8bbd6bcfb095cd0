// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMosaicEscrow} from "../../../contracts/interfaces/IMosaicEscrow.sol";
import {IReputation} from "../../../contracts/interfaces/IReputation.sol";
import {EscrowHandler} from "./EscrowHandler.sol";
import {MosaicFixture} from "./utils/MosaicFixture.sol";
import {vm} from "./utils/Vm.sol";

/// @notice The escrow's money and reputation properties, checked after every step of random call
///         sequences driven by `EscrowHandler` (the only fuzz target).
contract EscrowInvariantsTest is MosaicFixture {
    /// @dev Same layout as forge-std's, which the runner reads from `targetSelectors()`.
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    uint256 internal constant _MAX_FEE_BPS = 200;
    uint256 internal constant _MAX_ARBITER_FEE_BPS = 500;
    uint256 internal constant _MAX_PAIR_WEIGHT = 10_000;

    EscrowHandler internal handler;
    address[] internal _tokens;

    function setUp() public {
        _deployMosaic();
        _tokens.push(ETH);
        _tokens.push(address(usd));
        _tokens.push(address(nrt));
        _tokens.push(address(rft));
        _tokens.push(address(blt));
        uint256[] memory maxAmounts = new uint256[](5);
        maxAmounts[0] = 50 ether;
        maxAmounts[1] = 1e12; // one million 6-decimals units
        maxAmounts[2] = 1e12;
        maxAmounts[3] = 1e31; // ten trillion 18-decimals units: fees overflow the 96-bit counter
        maxAmounts[4] = 1e12;
        handler = EscrowHandler(
            _deploy(
                "test/contracts/solidity/EscrowHandler.sol:EscrowHandler",
                abi.encode(escrow, registry, _tokens, maxAmounts, blt, usd, operator, treasury, defaultArbiter)
            )
        );
        // Every run starts with jobs whose payments will be deferred (ETH-rejecting client, vendor and
        // arbiter; blocklisted vendor and arbiter) and a few random ones in each token (most funded,
        // some hired), so even short call sequences reach submissions, disputes and deferred payouts.
        handler.seedJob({clientIndex: 3, tokenIndex: 0, vendorIndex: 3, arbiterIndex: 2});
        handler.seedJob({clientIndex: 0, tokenIndex: 4, vendorIndex: 2, arbiterIndex: 1});
        handler.seedJob({clientIndex: 1, tokenIndex: 4, vendorIndex: 3, arbiterIndex: 0});
        for (uint256 i; i < 6; ++i) {
            handler.postJob(
                i,
                i,
                uint256(keccak256(abi.encode("shape", i))),
                uint256(keccak256(abi.encode("amount", i))),
                uint256(keccak256(abi.encode("time", i)))
            );
        }
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    function targetSelectors() public view returns (FuzzSelector[] memory targets) {
        bytes4[] memory selectors = new bytes4[](24);
        selectors[0] = EscrowHandler.postJob.selector;
        selectors[1] = EscrowHandler.hire.selector; // twice: hiring unlocks most other actions
        selectors[2] = EscrowHandler.fund.selector;
        selectors[3] = EscrowHandler.cancel.selector;
        selectors[4] = EscrowHandler.approve.selector;
        selectors[5] = EscrowHandler.requestChanges.selector;
        selectors[6] = EscrowHandler.refund.selector;
        selectors[7] = EscrowHandler.releaseBonus.selector;
        selectors[8] = EscrowHandler.hire.selector;
        selectors[9] = EscrowHandler.submit.selector;
        selectors[10] = EscrowHandler.rate.selector; // twice: first ratings and refused second ones
        selectors[11] = EscrowHandler.release.selector;
        selectors[12] = EscrowHandler.returnBonus.selector;
        selectors[13] = EscrowHandler.withdraw.selector;
        selectors[14] = EscrowHandler.collectFees.selector;
        selectors[15] = EscrowHandler.dispute.selector;
        selectors[16] = EscrowHandler.rule.selector;
        selectors[17] = EscrowHandler.settle.selector;
        selectors[18] = EscrowHandler.resolveTimedOut.selector;
        selectors[19] = EscrowHandler.rate.selector;
        selectors[20] = EscrowHandler.announceFee.selector;
        selectors[21] = EscrowHandler.togglePause.selector;
        selectors[22] = EscrowHandler.setBlocked.selector;
        selectors[23] = EscrowHandler.warp.selector;
        // `donate` and `sweepSurplus` are left to their own slots below so they stay rare.
        bytes4[] memory withDonate = new bytes4[](26);
        for (uint256 i; i < selectors.length; ++i) {
            withDonate[i] = selectors[i];
        }
        withDonate[24] = EscrowHandler.donate.selector;
        withDonate[25] = EscrowHandler.sweepSurplus.selector;
        targets = new FuzzSelector[](1);
        targets[0] = FuzzSelector({addr: address(handler), selectors: withDonate});
    }

    // ================================================================== 1. conservation

    /// @notice For every token, to the wei: deposited (by clients, and vendors' dispute bonds) = paid
    ///         to vendors + refunded to clients + arbiter fees + platform fees + still held in
    ///         milestones and bonds + owed (deferred, not yet withdrawn).
    function invariant_depositsEqualPayoutsFeesHeldAndOwed() public view {
        for (uint256 i; i < _tokens.length; ++i) {
            address token = _tokens[i];
            uint256 toVendors = handler.receivedBy(token, EscrowHandler.Role.Vendor);
            uint256 toClients = handler.receivedBy(token, EscrowHandler.Role.Client);
            uint256 toArbiters = handler.receivedBy(token, EscrowHandler.Role.Arbiter);
            // Platform fees: still accrued in the escrow, or already at the treasury.
            uint256 fees = escrow.feesAccrued(token) + handler.receivedBy(token, EscrowHandler.Role.Treasury);
            uint256 held = handler.heldIn(token);
            uint256 owed = handler.owedIn(token);
            assertEq(
                handler.ghost_deposited(token) + handler.ghost_bondsDeposited(token),
                toVendors + toClients + toArbiters + fees + held + owed,
                "deposited != paid + refunded + arbiter fees + platform fees + held + owed"
            );
            assertEq(
                handler.ghost_feesTaken(token),
                escrow.feesAccrued(token) + handler.ghost_feesCollected(token),
                "fees taken != accrued + collected"
            );
        }
    }

    /// @notice The ghost totals are what really moved: every role's accounts (and its withdrawal sink)
    ///         hold exactly what the events say they received, and the treasury what was collected.
    function invariant_payeeBalancesMatchGhostTotals() public view {
        for (uint256 i; i < _tokens.length; ++i) {
            address token = _tokens[i];
            assertEq(
                handler.balanceOfRole(token, EscrowHandler.Role.Vendor),
                handler.receivedBy(token, EscrowHandler.Role.Vendor),
                "vendors' balances"
            );
            assertEq(
                handler.balanceOfRole(token, EscrowHandler.Role.Arbiter),
                handler.receivedBy(token, EscrowHandler.Role.Arbiter),
                "arbiters' balances"
            );
            assertEq(
                handler.balanceOfRole(token, EscrowHandler.Role.Client) + handler.ghost_deposited(token),
                handler.ghost_minted(token) + handler.receivedBy(token, EscrowHandler.Role.Client),
                "clients' balances + deposited != minted + refunded"
            );
            assertEq(
                handler.balanceOfRole(token, EscrowHandler.Role.Treasury),
                handler.receivedBy(token, EscrowHandler.Role.Treasury) + handler.ghost_swept(token),
                "treasury balance"
            );
        }
    }

    // ================================================================== 2. solvency

    /// @notice The escrow's balance always covers what it holds, owes and has accrued in fees; it is
    ///         exactly that (plus stray donations) for these tokens, which never skim transfers.
    function invariant_balanceCoversHeldOwedAndFees() public view {
        for (uint256 i; i < _tokens.length; ++i) {
            address token = _tokens[i];
            uint256 liabilities = handler.heldIn(token) + handler.owedIn(token) + escrow.feesAccrued(token);
            uint256 balance = _balanceOf(token, address(escrow));
            assertGe(balance, liabilities, "balance < held + owed + fees");
            assertEq(balance, liabilities + handler.ghost_donated(token), "balance != held + owed + fees + donated");
            assertEq(escrow.liabilitiesOf(token), liabilities, "the escrow's books != held + owed + fees");
            assertEq(escrow.surplusOf(token), handler.ghost_donated(token), "surplus != donations not yet swept");
        }
    }

    // ================================================================== 3. liveness

    /// @notice Every milestone that holds money has an exit that time alone unlocks. On a snapshot,
    ///         each is driven out (a missed deadline refunds, a silent client auto-releases, a silent
    ///         arbiter times out, an undecided bonus returns), then every debt is withdrawn and every fee
    ///         collected: the escrow must end holding nothing but stray donations.
    function invariant_everyHeldMilestoneCanExit() public {
        uint256 snapshot = vm.snapshotState();
        uint256 count = handler.refCount();
        for (uint256 i; i < count; ++i) {
            (uint256 jobId, uint256 index) = handler.refAt(i);
            _driveOut(jobId, index);
        }
        for (uint256 i; i < _tokens.length; ++i) {
            address token = _tokens[i];
            assertEq(handler.heldIn(token), 0, "held after every exit");
            _withdrawEverything(token);
            assertEq(_balanceOf(token, address(escrow)), handler.ghost_donated(token), "left in escrow after exits");
        }
        vm.revertToState(snapshot);
    }

    // ================================================================== 4. fee caps

    /// @notice No job ever snapshots a platform fee above 2% or an arbiter fee above 5%, and every fee
    ///         taken is exactly the job's rate (so never above `amount * 200 / 10_000`).
    function invariant_feesNeverAboveCap() public view {
        assertLe(escrow.feeBps(), _MAX_FEE_BPS, "fee in force");
        (uint16 pending, ) = escrow.pendingFee();
        assertLe(pending, _MAX_FEE_BPS, "announced fee");
        uint256[] memory jobs = handler.jobIds();
        for (uint256 i; i < jobs.length; ++i) {
            IMosaicEscrow.Job memory job = escrow.jobOf(jobs[i]);
            assertLe(job.feeBps, _MAX_FEE_BPS, "job fee");
            assertLe(job.arbiterFeeBps, _MAX_ARBITER_FEE_BPS, "job arbiter fee");
        }
        assertEq(handler.ghost_feeViolations(), 0, string.concat("fee taken off its rate: ", handler.firstViolation()));
    }

    // ================================================================== 5. ratings

    /// @notice At most one rating per side per job, none without a payment: the escrow's rating counts
    ///         match the weighted ratings the handler saw succeed, `hasRated` matches per job and side,
    ///         and no rate call on an unpaid job ever succeeded.
    function invariant_ratingsOncePerSideAndOnlyAfterPayment() public view {
        uint256 total;
        address[] memory parties = handler.payees();
        for (uint256 i; i < parties.length; ++i) {
            // Handler accounts play one role each; both records are summed so none is missed.
            uint256 count = escrow.vendorStatsOf(parties[i]).ratingCount + escrow.clientStatsOf(parties[i]).ratingCount;
            assertEq(count, handler.ghost_ratingsReceived(parties[i]), "rating count");
            total += count;
        }
        assertEq(total, handler.ghost_weightedRatings(), "weighted ratings in total");
        uint256 rated;
        uint256[] memory jobs = handler.jobIds();
        for (uint256 i; i < jobs.length; ++i) {
            IMosaicEscrow.Job memory job = escrow.jobOf(jobs[i]);
            bool clientRated = escrow.hasRated(jobs[i], job.client);
            bool vendorRated = job.vendor != address(0) && escrow.hasRated(jobs[i], job.vendor);
            assertTrue(clientRated == handler.ghost_rated(jobs[i], job.client), "client side rated twice or lost");
            if (job.vendor != address(0)) {
                assertTrue(vendorRated == handler.ghost_rated(jobs[i], job.vendor), "vendor side rated twice or lost");
            }
            if (clientRated || vendorRated) assertTrue(handler.paidToVendor(jobs[i]) > 0, "rated without payment");
            if (clientRated) ++rated;
            if (vendorRated) ++rated;
        }
        assertEq(rated, handler.ghost_ratings(), "one mark per successful rating");
        assertEq(handler.ghost_ratingsWronglyAccepted(), 0, "a rate call that had to revert succeeded");
    }

    /// @notice No counterparty ever puts more than 10,000 weight on an address, and an address's rating
    ///         weight is exactly the sum of what its counterparties put on it.
    function invariant_pairInfluenceNeverExceedsCap() public view {
        address[] memory clients = handler.accountsOf(EscrowHandler.Role.Client);
        address[] memory vendors = handler.accountsOf(EscrowHandler.Role.Vendor);
        for (uint256 c; c < clients.length; ++c) {
            uint256 onClient;
            for (uint256 v; v < vendors.length; ++v) {
                uint256 onVendor = escrow.influenceOf(clients[c], vendors[v]);
                uint256 back = escrow.influenceOf(vendors[v], clients[c]);
                assertLe(onVendor, _MAX_PAIR_WEIGHT, "client on vendor");
                assertLe(back, _MAX_PAIR_WEIGHT, "vendor on client");
                onClient += back;
            }
            assertEq(escrow.clientStatsOf(clients[c]).ratingWeight, onClient, "client rating weight");
        }
        for (uint256 v; v < vendors.length; ++v) {
            uint256 onVendor;
            for (uint256 c; c < clients.length; ++c) {
                onVendor += escrow.influenceOf(clients[c], vendors[v]);
            }
            IReputation.VendorStats memory stats = escrow.vendorStatsOf(vendors[v]);
            assertEq(stats.ratingWeight, onVendor, "vendor rating weight");
            if (stats.ratingWeight != 0) {
                uint256 rating = escrow.vendorRatingOf(vendors[v]);
                assertTrue(rating >= 100 && rating <= 500, "rating outside 1.00..5.00");
            }
            uint256 adjusted = escrow.adjustedVendorRatingOf(vendors[v]);
            assertTrue(adjusted >= 100 && adjusted < 500, "adjusted rating outside 1.00..4.99");
        }
    }

    // ================================================================== handler outcomes

    /// @notice Every call the handler made ended as the contract promises: exits succeeded, guarded
    ///         calls reverted with the documented error and arguments, and every event amount matched
    ///         the milestone it came from.
    function invariant_everyCallEndsAsDocumented() public view {
        string memory first = string.concat("unexpected outcome (first: ", handler.firstViolation(), ")");
        assertEq(handler.ghost_violations() + handler.ghost_feeViolations(), 0, first);
    }

    // ================================================================== the handler itself

    /// @notice Guards against vacuous invariants: a fixed pseudo-random sequence of handler calls must
    ///         reach every escrow action at least once (if a contract change made, say, `fund` revert,
    ///         the invariants above would otherwise keep passing on empty jobs).
    /// @notice Sweeping moves donations only: refused with nothing beyond the books, then exactly
    ///         the donated amount leaves, and the books still balance.
    function test_handler_sweepsOnlyDonations() public {
        handler.sweepSurplus(1); // the permit token, nothing donated yet: EscrowNoSurplus
        handler.donate(1_000);
        uint256 donated = handler.ghost_donated(address(usd));
        handler.sweepSurplus(1);
        assertEq(handler.calls("sweepSurplus/none"), 1, "refused before the donation");
        assertEq(handler.calls("sweepSurplus"), 1, "swept once");
        assertEq(handler.ghost_swept(address(usd)), donated, "exactly the donation");
        assertEq(escrow.surplusOf(address(usd)), 0, "nothing left beyond the books");
        assertEq(handler.ghost_violations(), 0, handler.firstViolation());
    }

    function test_handler_reachesEveryAction() public {
        bytes4[] memory selectors = targetSelectors()[0].selectors;
        // The sequence draws from the first 25 selectors (every action and `donate`); `sweepSurplus`
        // has its own test below. More steps would not fit the runner's memory.
        uint256 drawn = 25;
        for (uint256 i; i < 500; ++i) {
            uint256 r = uint256(keccak256(abi.encode("step", i)));
            bytes4 selector = selectors[r % drawn];
            bytes memory args = abi.encode(
                keccak256(abi.encode(r, 1)),
                keccak256(abi.encode(r, 2)),
                keccak256(abi.encode(r, 3)),
                r >> 8,
                r >> 16
            );
            if (selector == EscrowHandler.rate.selector) args = abi.encode(keccak256(abi.encode(r, 1)), r % 7);
            if (selector == EscrowHandler.setBlocked.selector) args = abi.encode(r >> 8, r % 2 == 0);
            (bool ok, ) = address(handler).call(abi.encodePacked(selector, args));
            assertTrue(ok, "a handler call reverted");
        }
        assertEq(handler.ghost_violations(), 0, handler.firstViolation());
        string[19] memory actions = [
            "postJob",
            "fund",
            "cancel",
            "claim",
            "hire",
            "submit",
            "requestChanges",
            "approve",
            "release",
            "refund",
            "releaseBonus",
            "returnBonus",
            "dispute",
            "rule",
            "settle",
            "resolveTimedOut",
            "rate",
            "withdraw",
            "collectFees"
        ];
        for (uint256 i; i < actions.length; ++i) {
            assertTrue(handler.calls(actions[i]) > 0, string.concat("never reached: ", actions[i]));
        }
    }

    // ================================================================== exits

    function _driveOut(uint256 jobId, uint256 index) internal {
        IMosaicEscrow.Job memory job = escrow.jobOf(jobId);
        IMosaicEscrow.Milestone memory m = escrow.milestoneOf(jobId, index);
        if (m.state == IMosaicEscrow.MilestoneState.Funded) {
            if (job.vendor == address(0)) {
                // Before a hire the money is the client's alone to take back.
                _exit(job.client, abi.encodeCall(escrow.refund, (jobId, index)), "refund before hire");
            } else {
                _warpTo(uint256(m.deadline) + 1);
                _exit(stranger, abi.encodeCall(escrow.refund, (jobId, index)), "refund after deadline");
            }
        } else if (m.state == IMosaicEscrow.MilestoneState.Submitted) {
            _warpTo(m.reviewEndsAt);
            _exit(stranger, abi.encodeCall(escrow.release, (jobId, index)), "release after review");
        } else if (
            m.state == IMosaicEscrow.MilestoneState.Disputed || m.bonusState == IMosaicEscrow.BonusState.Disputed
        ) {
            _warpTo(escrow.disputedAt(jobId, index) + escrow.DISPUTE_TIMEOUT());
            _exit(stranger, abi.encodeCall(escrow.resolveTimedOut, (jobId, index)), "resolveTimedOut");
        }
        m = escrow.milestoneOf(jobId, index);
        if (m.state == IMosaicEscrow.MilestoneState.Paid && m.bonusState == IMosaicEscrow.BonusState.Held) {
            _warpTo(uint256(m.outcomeDeadline) + 1);
            _exit(stranger, abi.encodeCall(escrow.returnBonus, (jobId, index)), "returnBonus after outcome deadline");
        }
        m = escrow.milestoneOf(jobId, index);
        bool holdsBase =
            m.state == IMosaicEscrow.MilestoneState.Funded ||
                m.state == IMosaicEscrow.MilestoneState.Submitted ||
                m.state == IMosaicEscrow.MilestoneState.Disputed;
        bool holdsBonus =
            m.bonusState == IMosaicEscrow.BonusState.Held || m.bonusState == IMosaicEscrow.BonusState.Disputed;
        assertTrue(!holdsBase && !holdsBonus, "milestone still holds funds after its exit");
    }

    function _withdrawEverything(address token) internal {
        address[] memory payees = handler.payees();
        for (uint256 i; i < payees.length; ++i) {
            if (escrow.owed(token, payees[i]) == 0) continue;
            address sink = handler.sinkOf(handler.roleOf(payees[i]));
            _exit(payees[i], abi.encodeCall(escrow.withdraw, (token, sink)), "withdraw owed");
        }
        if (escrow.owed(token, treasury) != 0) {
            address treasurySink = handler.sinkOf(EscrowHandler.Role.Treasury);
            _exit(treasury, abi.encodeCall(escrow.withdraw, (token, treasurySink)), "treasury withdraw");
        }
        if (escrow.feesAccrued(token) != 0) _exit(stranger, abi.encodeCall(escrow.collectFees, (token)), "collectFees");
    }

    function _exit(address as_, bytes memory data, string memory what) internal {
        vm.prank(as_);
        (bool ok, ) = address(escrow).call(data);
        assertTrue(ok, string.concat("exit reverted: ", what));
    }

    function _warpTo(uint256 timestamp) internal {
        if (timestamp > block.timestamp) vm.warp(timestamp);
    }
}
