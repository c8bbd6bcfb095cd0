// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMosaicEscrow} from "../../../contracts/interfaces/IMosaicEscrow.sol";
import {RejectingReceiver} from "../../../contracts/mocks/RejectingReceiver.sol";
import {Actors} from "./utils/Actors.sol";
import {MosaicFixture} from "./utils/MosaicFixture.sol";
import {Vm, vm} from "./utils/Vm.sol";

/// @notice Money math of the escrow for any amount, fee and ruling: every split adds up to the wei,
///         fees stay under their caps, and each exit opens exactly when its timer says.
contract EscrowFuzzTest is MosaicFixture {
    uint256 internal constant BPS = 10_000;
    uint256 internal constant MAX_FEE_BPS = 200;
    uint256 internal constant MAX_ARBITER_FEE_BPS = 500;

    address internal immutable arbiter = Actors.addr("fuzz/arbiter");

    struct Split {
        uint256 toVendor;
        uint256 toClient;
        uint256 arbiterFee;
        uint256 fee;
        uint16 vendorBps;
    }

    function setUp() public {
        _deployMosaic();
        _register(vendor, _skills(SKILL_SOLIDITY));
    }

    // ================================================================== fee split

    /// @notice Whatever the amount and the job's fee, the vendor gets `amount - fee`, the fee is exactly
    ///         `amount * feeBps / 10_000` rounded up (so never above the 2% cap, rounded up) and it lands
    ///         in the fee books.
    function testFuzz_approve_splitsAmountIntoVendorShareAndFee(uint256 amount, uint256 feeBps, bool inToken) public {
        amount = _bound(amount, 1, type(uint128).max);
        feeBps = _bound(feeBps, 0, MAX_FEE_BPS);
        _setFee(feeBps);
        address token = inToken ? address(usd) : ETH;
        uint256 jobId = _openHiredFundedJob(token, uint128(amount), 0, address(0), 0);
        assertEq(escrow.jobOf(jobId).feeBps, feeBps, "snapshotted fee");

        vm.recordLogs();
        vm.prank(client);
        escrow.approve(jobId, 0);

        (uint256 toVendor, uint256 fee) = _releasedSplit();
        assertEq(toVendor + fee, amount, "toVendor + fee != amount");
        assertEq(fee, _feeOf(amount, feeBps), "fee != amount * feeBps / 10_000, rounded up");
        assertLe(fee, _feeOf(amount, MAX_FEE_BPS), "fee above the cap");
        assertEq(_balanceOf(token, vendor), toVendor, "vendor balance");
        assertEq(escrow.feesAccrued(token) + _balanceOf(token, treasury), fee, "fee books");
    }

    /// @notice The bonus is split with the same fee as the base, whatever the two amounts.
    function testFuzz_releaseBonus_splitsBonusIntoVendorShareAndFee(
        uint256 amount,
        uint256 bonus,
        uint256 feeBps
    ) public {
        amount = _bound(amount, 1, type(uint128).max / 2);
        bonus = _bound(bonus, 1, type(uint128).max / 2);
        feeBps = _bound(feeBps, 0, MAX_FEE_BPS);
        _setFee(feeBps);
        uint256 jobId = _openHiredFundedJob(address(usd), uint128(amount), uint128(bonus), address(0), 0);
        vm.prank(client);
        escrow.approve(jobId, 0);
        uint256 vendorBefore = usd.balanceOf(vendor);

        vm.recordLogs();
        vm.prank(client);
        escrow.releaseBonus(jobId, 0);

        uint256 toVendor;
        uint256 fee;
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] == IMosaicEscrow.BonusReleased.selector) {
                (, toVendor, fee) = abi.decode(logs[i].data, (uint256, uint256, uint256));
            }
        }
        assertEq(toVendor + fee, bonus, "toVendor + fee != bonus");
        assertEq(fee, _feeOf(bonus, feeBps), "bonus fee");
        assertEq(usd.balanceOf(vendor) - vendorBefore, toVendor, "vendor received the bonus share");
    }

    function testFuzz_announceFee_revertsAboveCap(uint16 feeBps) public {
        feeBps = uint16(_bound(feeBps, MAX_FEE_BPS + 1, type(uint16).max));
        vm.expectRevert(abi.encodeWithSelector(IMosaicEscrow.EscrowFeeTooHigh.selector, feeBps, MAX_FEE_BPS));
        vm.prank(operator);
        escrow.announceFee(feeBps);
    }

    /// @notice An announced fee applies only to jobs posted once the 48-hour delay is over; earlier jobs
    ///         keep the fee they snapshotted.
    function testFuzz_announceFee_appliesOnlyAfterDelay(uint256 feeBps, uint256 elapsed) public {
        feeBps = _bound(feeBps, 0, MAX_FEE_BPS);
        elapsed = _bound(elapsed, 0, 4 days);
        uint16 oldFee = escrow.feeBps();
        vm.prank(operator);
        escrow.announceFee(uint16(feeBps));
        vm.warp(block.timestamp + elapsed);

        uint256 jobId = _post(client, _terms(ETH, true), _oneMilestone(1 ether, 0));

        uint256 expected = elapsed >= escrow.FEE_DELAY() ? feeBps : oldFee;
        assertEq(escrow.jobOf(jobId).feeBps, expected, "snapshotted fee");
        assertLe(escrow.jobOf(jobId).feeBps, MAX_FEE_BPS, "fee above the cap");
    }

    function testFuzz_postJob_revertsWhenArbiterFeeAboveCap(uint16 arbiterFeeBps) public {
        arbiterFeeBps = uint16(_bound(arbiterFeeBps, MAX_ARBITER_FEE_BPS + 1, type(uint16).max));
        IMosaicEscrow.JobTerms memory terms = _terms(ETH, true);
        terms.arbiter = arbiter;
        terms.arbiterFeeBps = arbiterFeeBps;
        IMosaicEscrow.MilestoneTerms[] memory milestones = _oneMilestone(1 ether, 0);
        vm.expectRevert(
            abi.encodeWithSelector(IMosaicEscrow.EscrowArbiterFeeTooHigh.selector, arbiterFeeBps, MAX_ARBITER_FEE_BPS)
        );
        vm.prank(client);
        escrow.postJob(terms, milestones);
    }

    // ================================================================== dispute split

    /// @notice For any frozen amount, arbiter fee and ruling 0..10,001, the four shares add up to the
    ///         frozen amount exactly, each share follows the documented formula, and the balances
    ///         moved by exactly those shares.
    function testFuzz_rule_splitsFrozenAmountExactly(
        uint256 amount,
        uint256 bonus,
        uint256 ruling,
        uint256 arbiterFeeBps,
        uint256 feeBps,
        bool byVendor
    ) public {
        amount = _bound(amount, 1, type(uint128).max / 4);
        bonus = _bound(bonus, 0, type(uint128).max / 4);
        ruling = _bound(ruling, 0, BPS + 1);
        arbiterFeeBps = _bound(arbiterFeeBps, 0, MAX_ARBITER_FEE_BPS);
        feeBps = _bound(feeBps, 0, MAX_FEE_BPS);
        _setFee(feeBps);
        uint256 jobId = _openHiredFundedJob(
            address(usd),
            uint128(amount),
            uint128(bonus),
            arbiter,
            uint16(arbiterFeeBps)
        );
        _submit(jobId);
        uint256 frozen = amount + bonus;
        // The vendor disputes only a submission sent back, and bonds the arbiter's fee.
        uint256 bond = byVendor ? (frozen * arbiterFeeBps) / BPS : 0;
        if (byVendor) {
            vm.prank(client);
            escrow.requestChanges(jobId, 0, "bafy-notes");
            _give(address(usd), vendor, bond);
        }
        vm.prank(byVendor ? vendor : client);
        escrow.dispute(jobId, 0, "bafy-evidence");

        vm.recordLogs();
        vm.prank(arbiter);
        escrow.rule((jobId << 8) | 0, ruling);
        Split memory split = _resolvedSplit();

        uint256 expectedArbiterFee = ruling == 0 ? 0 : (frozen * arbiterFeeBps) / BPS;
        uint256 vendorBps = ruling == 0 ? BPS / 2 : ruling - 1;
        // Each party bears the fee in proportion to the share the ruling denied it, within its share
        // (the vendor's bond included); a shortfall falls on the other.
        uint256 vendorTotal = (frozen * vendorBps) / BPS + bond;
        uint256 clientTotal = frozen - (frozen * vendorBps) / BPS;
        uint256 vendorPart = (expectedArbiterFee * (BPS - vendorBps)) / BPS;
        if (vendorPart > vendorTotal) vendorPart = vendorTotal;
        uint256 clientPart = expectedArbiterFee - vendorPart;
        if (clientPart > clientTotal) clientPart = clientTotal;
        vendorTotal -= expectedArbiterFee - clientPart;
        clientTotal -= clientPart;
        uint256 vendorGross = vendorTotal > bond ? vendorTotal - bond : 0;
        assertEq(
            split.toVendor + split.toClient + split.arbiterFee + split.fee,
            frozen + bond,
            "shares != frozen + bond"
        );
        assertEq(split.vendorBps, vendorBps, "vendor bps");
        assertEq(split.arbiterFee, expectedArbiterFee, "arbiter fee");
        assertLe(split.arbiterFee, (frozen * MAX_ARBITER_FEE_BPS) / BPS, "arbiter fee above the cap");
        assertEq(split.toClient, clientTotal, "client share");
        assertEq(split.toVendor + split.fee, vendorTotal, "vendor share with its bond's remainder");
        assertEq(split.fee, _feeOf(vendorGross, feeBps), "platform fee on the vendor's gain only");
        // Loser pays: a client that wins outright a dispute the vendor raised gets everything back.
        if (byVendor && vendorBps == 0) assertEq(split.toClient, frozen, "winning client made whole");
        _assertPaidOut(address(usd), split);
    }

    function testFuzz_rule_revertsAboveMaxRuling(uint256 ruling) public {
        ruling = _bound(ruling, BPS + 2, type(uint256).max);
        uint256 jobId = _openHiredFundedJob(ETH, 1 ether, 0, arbiter, 100);
        _submit(jobId);
        vm.prank(client);
        escrow.dispute(jobId, 0, "bafy-evidence");
        vm.expectRevert(abi.encodeWithSelector(IMosaicEscrow.EscrowInvalidSplit.selector, ruling));
        vm.prank(arbiter);
        escrow.rule(jobId << 8, ruling);
    }

    /// @notice A settlement both parties signed splits the frozen amount exactly, without arbiter fee.
    function testFuzz_settle_splitsFrozenAmountExactly(uint256 amount, uint256 bonus, uint256 vendorBps) public {
        amount = _bound(amount, 1, 1e30);
        bonus = _bound(bonus, 0, 1e30);
        vendorBps = _bound(vendorBps, 0, BPS);
        uint256 jobId = _openHiredFundedJob(address(usd), uint128(amount), uint128(bonus), arbiter, 500);
        _submit(jobId);
        vm.prank(client);
        escrow.dispute(jobId, 0, "bafy-evidence");
        uint64 deadline = uint64(block.timestamp + 1 days);
        bytes32 digest = escrow.hashSettlement(jobId, 0, uint16(vendorBps), deadline);

        bytes memory clientSignature = Actors.sign(clientKey, digest);
        bytes memory vendorSignature = Actors.sign(vendorKey, digest);

        vm.recordLogs();
        vm.prank(stranger);
        escrow.settle(jobId, 0, uint16(vendorBps), deadline, clientSignature, vendorSignature);
        Split memory split = _resolvedSplit();

        uint256 frozen = amount + bonus;
        assertEq(split.toVendor + split.toClient + split.fee, frozen, "shares != frozen");
        assertEq(split.arbiterFee, 0, "no arbiter fee on a settlement");
        assertEq(split.toVendor + split.fee, (frozen * vendorBps) / BPS, "vendor gross");
        _assertPaidOut(address(usd), split);
    }

    /// @notice A silent arbiter's dispute cannot be split a second early, and splits evenly without
    ///         arbiter fee from the timeout on, by anyone.
    function testFuzz_resolveTimedOut_splitsEvenlyOnlyAfterTimeout(uint256 amount, uint256 elapsed) public {
        amount = _bound(amount, 1, 1e30);
        elapsed = _bound(elapsed, 0, 2 * escrow.DISPUTE_TIMEOUT());
        uint256 jobId = _openHiredFundedJob(address(usd), uint128(amount), 0, arbiter, 500);
        _submit(jobId);
        vm.prank(client);
        escrow.dispute(jobId, 0, "bafy-evidence");
        uint256 availableAt = block.timestamp + escrow.DISPUTE_TIMEOUT();
        vm.warp(block.timestamp + elapsed);

        if (block.timestamp < availableAt) {
            vm.expectRevert(abi.encodeWithSelector(IMosaicEscrow.EscrowTooEarly.selector, jobId, 0, availableAt));
            vm.prank(stranger);
            escrow.resolveTimedOut(jobId, 0);
            return;
        }
        vm.recordLogs();
        vm.prank(stranger);
        escrow.resolveTimedOut(jobId, 0);
        Split memory split = _resolvedSplit();
        assertEq(split.vendorBps, BPS / 2, "even split");
        assertEq(split.arbiterFee, 0, "no arbiter fee on a timeout");
        assertEq(split.toVendor + split.fee, amount / 2, "vendor gross is half");
        assertEq(split.toClient, amount - amount / 2, "client gets the other half and the odd wei");
    }

    // ================================================================== funding ranges

    /// @notice Any `first`/`count`, however large, either funds milestones that exist or reverts with the
    ///         first index that does not exist; nothing overflows.
    function testFuzz_fund_rangeIsCheckedWithoutOverflow(uint256 first, uint256 count) public {
        if (first % 4 != 0) first = _bound(first, 0, 3); // most runs near the job's three milestones
        if (count % 4 != 0) count = _bound(count, 0, 4);
        IMosaicEscrow.MilestoneTerms[] memory milestones = new IMosaicEscrow.MilestoneTerms[](3);
        for (uint256 i; i < 3; ++i) {
            milestones[i] = _oneMilestone(1e6, 0)[0];
        }
        uint256 jobId = _post(client, _terms(address(usd), false), milestones);
        usd.mint(client, 3e6);
        vm.prank(client);
        usd.approve(address(escrow), 3e6);

        if (first >= 3 || count == 0) {
            vm.expectRevert(abi.encodeWithSelector(IMosaicEscrow.EscrowMilestoneNotFound.selector, jobId, first));
        } else if (count > 3 - first) {
            vm.expectRevert(abi.encodeWithSelector(IMosaicEscrow.EscrowMilestoneNotFound.selector, jobId, 3));
        }
        vm.prank(client);
        escrow.fund(jobId, first, count);
        if (first < 3 && count != 0 && count <= 3 - first) {
            assertEq(usd.balanceOf(address(escrow)), count * 1e6, "funded exactly the range");
        }
    }

    // ================================================================== exits open on time

    /// @notice A missed deadline lets anyone refund the client, never earlier.
    function testFuzz_refund_opensToAnyoneAfterMissedDeadline(uint256 amount, uint256 bonus, uint256 elapsed) public {
        amount = _bound(amount, 1, 1e30);
        bonus = _bound(bonus, 0, 1e30);
        uint256 jobId = _openHiredFundedJob(address(usd), uint128(amount), uint128(bonus), address(0), 0);
        uint256 deadline = escrow.milestoneOf(jobId, 0).deadline;
        elapsed = _bound(elapsed, 0, 2 * (deadline - block.timestamp));
        vm.warp(block.timestamp + elapsed);

        if (block.timestamp <= deadline) {
            vm.expectRevert(abi.encodeWithSelector(IMosaicEscrow.EscrowTooEarly.selector, jobId, 0, deadline + 1));
            vm.prank(stranger);
            escrow.refund(jobId, 0);
            return;
        }
        vm.prank(stranger);
        escrow.refund(jobId, 0);
        assertEq(usd.balanceOf(client), amount + bonus, "client refunded amount and bonus");
        assertEq(usd.balanceOf(address(escrow)), 0, "escrow keeps nothing");
    }

    /// @notice A submission a silent client never reviewed is released by anyone once the window ends.
    function testFuzz_release_opensToAnyoneAfterReviewWindow(uint256 amount, uint256 elapsed) public {
        amount = _bound(amount, 1, 1e30);
        elapsed = _bound(elapsed, 0, 2 * REVIEW_WINDOW);
        uint256 jobId = _openHiredFundedJob(address(usd), uint128(amount), 0, address(0), 0);
        vm.prank(vendor);
        escrow.submit(jobId, 0, "bafy-deliverable");
        uint256 reviewEndsAt = escrow.milestoneOf(jobId, 0).reviewEndsAt;
        vm.warp(block.timestamp + elapsed);

        if (block.timestamp < reviewEndsAt) {
            vm.expectRevert(abi.encodeWithSelector(IMosaicEscrow.EscrowTooEarly.selector, jobId, 0, reviewEndsAt));
            vm.prank(stranger);
            escrow.release(jobId, 0);
            return;
        }
        vm.prank(stranger);
        escrow.release(jobId, 0);
        assertEq(usd.balanceOf(vendor) + escrow.feesAccrued(address(usd)), amount, "vendor paid, fee kept");
    }

    /// @notice An undecided bonus goes back to the client by anyone's call after its outcome deadline.
    function testFuzz_returnBonus_opensToAnyoneAfterOutcomeDeadline(uint256 bonus, uint256 elapsed) public {
        bonus = _bound(bonus, 1, 1e30);
        uint256 jobId = _openHiredFundedJob(address(usd), 1e6, uint128(bonus), address(0), 0);
        vm.prank(client);
        escrow.approve(jobId, 0);
        uint256 outcomeDeadline = escrow.milestoneOf(jobId, 0).outcomeDeadline;
        elapsed = _bound(elapsed, 0, 2 * (outcomeDeadline - block.timestamp));
        vm.warp(block.timestamp + elapsed);

        if (block.timestamp <= outcomeDeadline) {
            vm.expectRevert(
                abi.encodeWithSelector(IMosaicEscrow.EscrowTooEarly.selector, jobId, 0, outcomeDeadline + 1)
            );
            vm.prank(stranger);
            escrow.returnBonus(jobId, 0);
            return;
        }
        vm.prank(stranger);
        escrow.returnBonus(jobId, 0);
        assertEq(usd.balanceOf(client), bonus, "bonus back to the client");
    }

    // ================================================================== deferred payments

    /// @notice A vendor that rejects ETH does not block its release: the payment waits in `owed`, and
    ///         the vendor withdraws it elsewhere, to the wei.
    function testFuzz_release_defersEthToRejectingVendor(uint256 amount) public {
        amount = _bound(amount, 1_000, 1e30);
        RejectingReceiver rejecting = new RejectingReceiver();
        _register(address(rejecting), _skills(SKILL_SOLIDITY));
        uint256 jobId = _post(client, _terms(ETH, true), _oneMilestone(uint128(amount), 0));
        vm.prank(address(rejecting));
        escrow.claim(jobId, new bytes32[](0));
        _fundAll(jobId);

        vm.prank(client);
        escrow.approve(jobId, 0);

        uint256 fee = _feeOf(amount, escrow.jobOf(jobId).feeBps);
        assertEq(escrow.owed(ETH, address(rejecting)), amount - fee, "owed to the vendor");
        assertEq(address(escrow).balance, amount, "escrow still holds the vendor's share and the fee");
        address payout = Actors.addr("fuzz/payout");
        vm.prank(address(rejecting));
        escrow.withdraw(ETH, payout);
        assertEq(payout.balance, amount - fee, "withdrawn");
        assertEq(address(escrow).balance, escrow.feesAccrued(ETH), "only fees left");
    }

    /// @notice A blocklisted client's refund waits in `owed` instead of reverting the refund.
    function testFuzz_refund_defersTokensToBlockedClient(uint256 amount) public {
        amount = _bound(amount, 1, 1e30);
        uint256 jobId = _post(client, _terms(address(blt), true), _oneMilestone(uint128(amount), 0));
        _fundAll(jobId);
        blt.setBlocked(client, true);

        vm.prank(client);
        escrow.refund(jobId, 0);

        assertEq(escrow.owed(address(blt), client), amount, "owed to the client");
        vm.expectRevert(abi.encodeWithSelector(IMosaicEscrow.EscrowNothingOwed.selector, address(blt), stranger));
        vm.prank(stranger);
        escrow.withdraw(address(blt), stranger);
        address payout = Actors.addr("fuzz/payout");
        vm.prank(client);
        escrow.withdraw(address(blt), payout);
        assertEq(blt.balanceOf(payout), amount, "withdrawn to another address");
    }

    // ================================================================== helpers

    function _setFee(uint256 feeBps) internal {
        vm.prank(operator);
        escrow.announceFee(uint16(feeBps));
        vm.warp(block.timestamp + escrow.FEE_DELAY());
    }

    /// @dev The platform fee the escrow takes: rounded up, so small milestones never dodge it.
    /// @dev Rounded up, then held to the 2% hard cap.
    function _feeOf(uint256 gross, uint256 feeBps) internal pure returns (uint256) {
        uint256 fee = (gross * feeBps + BPS - 1) / BPS;
        uint256 cap = (gross * MAX_FEE_BPS) / BPS;
        return fee < cap ? fee : cap;
    }

    function _submit(uint256 jobId) internal {
        vm.prank(vendor);
        escrow.submit(jobId, 0, "bafy-deliverable");
    }

    /// @dev An open job with one milestone, claimed by `vendor` and funded by `client`.
    function _openHiredFundedJob(
        address token,
        uint128 amount,
        uint128 bonus,
        address jobArbiter,
        uint16 arbiterFeeBps
    ) internal returns (uint256 jobId) {
        IMosaicEscrow.JobTerms memory terms = _terms(token, true);
        terms.arbiter = jobArbiter;
        terms.arbiterFeeBps = arbiterFeeBps;
        jobId = _post(client, terms, _oneMilestone(amount, bonus));
        vm.prank(vendor);
        escrow.claim(jobId, new bytes32[](0));
        _fundAll(jobId);
    }

    function _releasedSplit() internal returns (uint256 toVendor, uint256 fee) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] == IMosaicEscrow.MilestoneReleased.selector) {
                (, toVendor, fee, ) = abi.decode(logs[i].data, (uint256, uint256, uint256, bool));
            }
        }
    }

    function _resolvedSplit() internal returns (Split memory split) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        bool found;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] != IMosaicEscrow.DisputeResolved.selector) continue;
            found = true;
            (, , split.vendorBps, split.toVendor, split.toClient, split.arbiterFee, split.fee) = abi.decode(
                logs[i].data,
                (uint256, uint8, uint16, uint256, uint256, uint256, uint256)
            );
        }
        assertTrue(found, "DisputeResolved not emitted");
    }

    /// @dev Each share reached its payee (the client held nothing after funding) and the fee sits in the
    ///      books or at the treasury; the escrow keeps nothing else.
    function _assertPaidOut(address token, Split memory split) internal view {
        assertEq(_balanceOf(token, vendor), split.toVendor, "vendor received its share");
        assertEq(_balanceOf(token, client), split.toClient, "client received its share");
        assertEq(_balanceOf(token, arbiter), split.arbiterFee, "arbiter received its fee");
        assertEq(escrow.feesAccrued(token) + _balanceOf(token, treasury), split.fee, "platform fee booked");
        assertEq(_balanceOf(token, address(escrow)), escrow.feesAccrued(token), "escrow keeps only fees");
    }
}
