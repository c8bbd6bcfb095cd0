// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {IMosaicEscrow} from "../../../contracts/interfaces/IMosaicEscrow.sol";
import {IReputation} from "../../../contracts/interfaces/IReputation.sol";
import {Actors} from "./utils/Actors.sol";
import {MosaicFixture} from "./utils/MosaicFixture.sol";
import {vm} from "./utils/Vm.sol";

/// @notice Ratings come only from paid work, once per side per job, weighted by the value paid and
///         capped per counterparty, whatever the amounts, scores and sequence of jobs.
contract ReputationFuzzTest is MosaicFixture {
    uint256 internal constant MAX_PAIR_WEIGHT = 10_000;

    address internal immutable arbiter = Actors.addr("reputation/arbiter");

    function setUp() public {
        _deployMosaic();
        _register(vendor, _skills(SKILL_SOLIDITY));
    }

    // ================================================================== weight cap

    /// @notice However many jobs the same two parties pay and rate, the weight either puts on the other
    ///         never exceeds 10,000, grows by exactly min(paid units, room left), and the averages follow.
    function testFuzz_rate_pairInfluenceNeverExceedsCap(uint256[6] memory amounts, uint8[6] memory scores) public {
        uint256 weightedScoreSum;
        uint256 weightedRatings;
        for (uint256 i; i < amounts.length; ++i) {
            uint256 amount = _bound(amounts[i], 1, 20 ether);
            uint8 score = uint8(_bound(scores[i], 1, 5));
            uint256 jobId = _paidEthJob(client, amount);
            uint256 before = escrow.influenceOf(client, vendor);

            vm.prank(client);
            escrow.rate(jobId, score);
            vm.prank(vendor);
            escrow.rate(jobId, 5);

            uint256 units = amount / ETH_UNIT;
            uint256 room = MAX_PAIR_WEIGHT - before;
            uint256 weight = units < room ? units : room;
            weightedScoreSum += score * weight;
            if (weight != 0) ++weightedRatings;
            uint256 influence = escrow.influenceOf(client, vendor);
            assertEq(influence, before + weight, "weight = min(paid units, room left)");
            assertLe(influence, MAX_PAIR_WEIGHT, "client on vendor above the cap");
            assertLe(escrow.influenceOf(vendor, client), MAX_PAIR_WEIGHT, "vendor on client above the cap");

            IReputation.VendorStats memory stats = escrow.vendorStatsOf(vendor);
            assertEq(stats.ratingWeight, influence, "one rater: weight is its influence");
            assertEq(stats.ratingCount, weightedRatings, "one counted rating per job that carried weight");
            assertEq(stats.weightedScoreSum, weightedScoreSum, "weighted score sum");
            assertEq(
                escrow.adjustedVendorRatingOf(vendor),
                ((PRIOR_WEIGHT + weightedScoreSum) * 100) / (PRIOR_WEIGHT + influence),
                "confidence-adjusted rating"
            );
            if (stats.ratingWeight != 0) {
                assertEq(escrow.vendorRatingOf(vendor), (weightedScoreSum * 100) / influence, "average rating");
                assertTrue(
                    escrow.vendorRatingOf(vendor) >= 100 && escrow.vendorRatingOf(vendor) <= 500,
                    "rating in 1..5"
                );
            }
        }
    }

    /// @notice Each counterparty is capped on its own: N clients paying large jobs give the vendor
    ///         exactly N x 10,000 weight.
    function testFuzz_rate_eachCounterpartyIsCappedSeparately(uint256 clients, uint256 amount) public {
        clients = _bound(clients, 1, 5);
        amount = _bound(amount, 1, 100 ether);
        uint256 units = amount / ETH_UNIT;
        uint256 perClient = units < MAX_PAIR_WEIGHT ? units : MAX_PAIR_WEIGHT;
        for (uint256 i; i < clients; ++i) {
            address payer = Actors.addr(string.concat("reputation/client-", Strings.toString(i)));
            uint256 jobId = _paidEthJob(payer, amount);
            vm.prank(payer);
            escrow.rate(jobId, 4);
            assertEq(escrow.influenceOf(payer, vendor), perClient, "per-client weight");
        }
        assertEq(
            escrow.vendorStatsOf(vendor).ratingWeight,
            clients * perClient,
            "vendor weight is the sum of capped pairs"
        );
    }

    /// @notice A rating's weight is what the vendor was paid, before fees, in the token's weight units.
    function testFuzz_rate_weightIsPaidValueInUnits(uint256 amount, uint256 unit) public {
        amount = _bound(amount, 1, 1e30);
        unit = _bound(unit, 1, 1e24);
        vm.prank(operator);
        escrow.configureToken(address(usd), true, uint96(unit), uint96(unit));
        uint256 jobId = _post(client, _terms(address(usd), true), _oneMilestone(uint128(amount), 0));
        vm.prank(vendor);
        escrow.claim(jobId, new bytes32[](0));
        _fundAll(jobId);
        vm.prank(client);
        escrow.approve(jobId, 0);

        vm.prank(client);
        escrow.rate(jobId, 3);

        uint256 units = amount / unit;
        uint256 expected = units < MAX_PAIR_WEIGHT ? units : MAX_PAIR_WEIGHT;
        assertEq(escrow.vendorStatsOf(vendor).ratingWeight, expected, "weight");
        assertEq(escrow.vendorStatsOf(vendor).ratingCount, expected == 0 ? 0 : 1, "a weightless rating does not count");
        assertTrue(escrow.hasRated(jobId, client), "but it is recorded: no second try");
    }

    // ================================================================== weight snapshot

    /// @notice A job's ratings use the weight unit its token had when the job was funded: a job
    ///         posted before a re-weighting and funded after it takes the new unit (no stockpiling of
    ///         unfunded jobs), and re-weighting after the funding changes nothing for that job.
    function testFuzz_rate_weightUnitIsSnapshottedAtFunding(uint256 amount, uint256 newUnit) public {
        amount = _bound(amount, USD_UNIT, 1e12);
        newUnit = _bound(newUnit, 1, 1e9);
        uint256 jobId = _post(client, _terms(address(usd), true), _oneMilestone(uint128(amount), 0));
        vm.prank(operator);
        escrow.configureToken(address(usd), true, uint96(newUnit), uint96(newUnit));
        vm.prank(vendor);
        escrow.claim(jobId, new bytes32[](0));
        _fundAll(jobId);
        assertEq(escrow.jobOf(jobId).weightUnit, newUnit, "the unit at funding");
        vm.prank(operator);
        escrow.configureToken(address(usd), true, uint96(USD_UNIT), uint96(USD_UNIT));
        assertEq(escrow.jobOf(jobId).weightUnit, newUnit, "the job keeps its unit after the funding");
        vm.prank(client);
        escrow.approve(jobId, 0);
        vm.prank(client);
        escrow.rate(jobId, 5);
        uint256 units = amount / newUnit;
        assertEq(
            escrow.vendorStatsOf(vendor).ratingWeight,
            units < MAX_PAIR_WEIGHT ? units : MAX_PAIR_WEIGHT,
            "weight"
        );
    }

    // ================================================================== paid vendor jobs

    /// @notice A job enters the vendor's paid jobs once, when it paid at least the threshold; ratings
    ///         the vendor's counterpart receives as a client never touch the vendor side.
    function testFuzz_rate_paidJobCountsOnlyAboveThreshold(uint256 amount, bool vendorRatesFirst) public {
        uint256 threshold = uint256(ETH_UNIT) * THRESHOLD_UNITS;
        amount = _bound(amount, 1, 3 * threshold);
        uint256 jobId = _paidEthJob(client, amount);
        (address first, address second) = vendorRatesFirst ? (vendor, client) : (client, vendor);
        vm.prank(first);
        escrow.rate(jobId, 5);
        uint256 expected = amount >= threshold ? 1 : 0;
        assertEq(escrow.vendorStatsOf(vendor).paidJobs, expected, "counted at the first rating");
        vm.prank(second);
        escrow.rate(jobId, 5);
        assertEq(escrow.vendorStatsOf(vendor).paidJobs, expected, "never twice");
        assertEq(escrow.vendorStatsOf(client).paidJobs, 0, "a client's jobs never count as vendor jobs");
        assertEq(escrow.vendorStatsOf(client).ratingCount, 0, "a client's ratings stay on its client side");
    }

    /// @notice However large the payment, a job paid sooner than MIN_COUNTED_JOB_TIME after its last
    ///         funding never counts (a flash loan buys no qualification), and a second job of the same
    ///         client never counts either: paid jobs are distinct clients.
    function testFuzz_rate_paidJobNeedsTimeAndADistinctClient(uint256 amount, uint256 elapsed) public {
        uint256 threshold = uint256(ETH_UNIT) * THRESHOLD_UNITS;
        amount = _bound(amount, threshold, 1e30);
        elapsed = _bound(elapsed, 0, escrow.MIN_COUNTED_JOB_TIME() - 1);
        uint256 jobId = _post(client, _terms(ETH, true), _oneMilestone(uint128(amount), 0));
        vm.prank(vendor);
        escrow.claim(jobId, new bytes32[](0));
        _fundAll(jobId);
        vm.warp(block.timestamp + elapsed);
        vm.prank(client);
        escrow.approve(jobId, 0);
        vm.prank(client);
        escrow.rate(jobId, 5);
        vm.prank(vendor);
        escrow.rate(jobId, 5);
        assertEq(escrow.vendorStatsOf(vendor).paidJobs, 0, "paid too soon after funding");

        uint256 second = _paidEthJob(client, amount);
        vm.prank(client);
        escrow.rate(second, 5);
        assertEq(escrow.vendorStatsOf(vendor).paidJobs, 1, "a job paid in time counts");
        uint256 third = _paidEthJob(client, amount);
        vm.prank(vendor);
        escrow.rate(third, 5);
        assertEq(escrow.vendorStatsOf(vendor).paidJobs, 1, "the same client counts once");
    }

    // ================================================================== no rating without payment

    /// @notice Until a job has paid its vendor something, neither party can rate it, at any stage:
    ///         hired, funded, submitted, refunded after a missed deadline, or lost in a dispute.
    function testFuzz_rate_revertsWhenNothingPaid(uint256 stage, uint8 score, bool byVendor) public {
        stage = _bound(stage, 0, 4);
        uint256 jobId = _hiredJob(address(usd), 1e9, arbiter);
        if (stage >= 1) _fundAll(jobId);
        if (stage == 2) {
            vm.prank(vendor);
            escrow.submit(jobId, 0, "bafy-deliverable");
        } else if (stage == 3) {
            vm.warp(uint256(escrow.milestoneOf(jobId, 0).deadline) + 1);
            escrow.refund(jobId, 0);
        } else if (stage == 4) {
            vm.prank(vendor);
            escrow.submit(jobId, 0, "bafy-deliverable");
            vm.prank(client);
            escrow.dispute(jobId, 0, "bafy-evidence");
            vm.prank(arbiter);
            escrow.rule(jobId << 8, 1); // ruling 1: the vendor gets 0 bps
        }

        vm.expectRevert(abi.encodeWithSelector(IReputation.ReputationNothingPaid.selector, jobId));
        vm.prank(byVendor ? vendor : client);
        escrow.rate(jobId, score);
    }

    /// @notice A dispute share is payment: any ruling that gives the vendor something opens ratings,
    ///         weighted by the vendor's gross share.
    function testFuzz_rate_disputeShareCountsAsPayment(uint256 amount, uint256 ruling) public {
        amount = _bound(amount, 1, 1e30);
        ruling = _bound(ruling, 0, 10_001);
        uint256 jobId = _hiredJob(address(usd), uint128(amount), arbiter);
        _fundAll(jobId);
        vm.prank(vendor);
        escrow.submit(jobId, 0, "bafy-deliverable");
        vm.prank(client);
        escrow.dispute(jobId, 0, "bafy-evidence");
        vm.prank(arbiter);
        escrow.rule(jobId << 8, ruling);

        uint256 resolvedToVendor = escrow.milestoneOf(jobId, 0).resolvedToVendor;
        if (resolvedToVendor == 0) {
            vm.expectRevert(abi.encodeWithSelector(IReputation.ReputationNothingPaid.selector, jobId));
        }
        vm.prank(client);
        escrow.rate(jobId, 2);
        if (resolvedToVendor != 0) {
            uint256 units = resolvedToVendor / USD_UNIT;
            assertEq(
                escrow.vendorStatsOf(vendor).ratingWeight,
                units < MAX_PAIR_WEIGHT ? units : MAX_PAIR_WEIGHT,
                "weight of a dispute share"
            );
        }
    }

    // ================================================================== once per side

    /// @notice Each side rates a paid job once; a second attempt reverts whatever the score.
    function testFuzz_rate_onlyOncePerSide(uint8 first, uint8 second, bool vendorFirst) public {
        first = uint8(_bound(first, 1, 5));
        uint256 jobId = _paidEthJob(client, 1 ether);
        (address a, address b) = vendorFirst ? (vendor, client) : (client, vendor);

        vm.prank(a);
        escrow.rate(jobId, first);
        assertTrue(escrow.hasRated(jobId, a) && !escrow.hasRated(jobId, b), "only the rater is marked");

        vm.expectRevert(abi.encodeWithSelector(IReputation.ReputationAlreadyRated.selector, jobId, a));
        vm.prank(a);
        escrow.rate(jobId, second);

        vm.prank(b);
        escrow.rate(jobId, first);
        vm.expectRevert(abi.encodeWithSelector(IReputation.ReputationAlreadyRated.selector, jobId, b));
        vm.prank(b);
        escrow.rate(jobId, second);

        assertEq(escrow.vendorStatsOf(vendor).ratingCount, 1, "vendor rated once");
        assertEq(escrow.clientStatsOf(client).ratingCount, 1, "client rated once");
    }

    function testFuzz_rate_revertsOnInvalidScore(uint8 score) public {
        vm.assume(score == 0 || score > 5);
        uint256 jobId = _paidEthJob(client, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(IReputation.ReputationInvalidScore.selector, score));
        vm.prank(client);
        escrow.rate(jobId, score);
        assertTrue(!escrow.hasRated(jobId, client), "a refused rating leaves no mark");
    }

    function testFuzz_rate_revertsForNonParty(address who) public {
        vm.assume(who != client && who != vendor);
        uint256 jobId = _paidEthJob(client, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(IReputation.ReputationNotParty.selector, jobId, who));
        vm.prank(who);
        escrow.rate(jobId, 5);
    }

    // ================================================================== helpers

    function _hiredJob(address token, uint128 amount, address jobArbiter) internal returns (uint256 jobId) {
        IMosaicEscrow.JobTerms memory terms = _terms(token, true);
        terms.arbiter = jobArbiter;
        terms.arbiterFeeBps = 100;
        jobId = _post(client, terms, _oneMilestone(amount, 0));
        vm.prank(vendor);
        escrow.claim(jobId, new bytes32[](0));
    }

    /// @dev An ETH job between `payer` and `vendor` whose one milestone was approved and paid.
    function _paidEthJob(address payer, uint256 amount) internal returns (uint256 jobId) {
        jobId = _post(payer, _terms(ETH, true), _oneMilestone(uint128(amount), 0));
        vm.prank(vendor);
        escrow.claim(jobId, new bytes32[](0));
        _fundAll(jobId);
        // Paid no sooner than MIN_COUNTED_JOB_TIME after funding, so it may count as paid work.
        vm.warp(block.timestamp + escrow.MIN_COUNTED_JOB_TIME());
        vm.prank(payer);
        escrow.approve(jobId, 0);
    }
}
