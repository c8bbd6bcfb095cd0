// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMosaicEscrow} from "../../../contracts/interfaces/IMosaicEscrow.sol";
import {IProjectRegistry} from "../../../contracts/interfaces/IProjectRegistry.sol";
import {ProjectRegistry} from "../../../contracts/projects/ProjectRegistry.sol";
import {Actors} from "./utils/Actors.sol";
import {MosaicFixture} from "./utils/MosaicFixture.sol";
import {vm} from "./utils/Vm.sol";

/// @notice Property tests of the project registry: reviewer shares to the wei, the self-review rule,
///         and the relay coverage view.
contract ProjectRegistryFuzzTest is MosaicFixture {
    ProjectRegistry internal projects;
    uint256 internal immutable reviewerKey = Actors.key("projects/reviewer");
    address internal immutable reviewer = Actors.addr("projects/reviewer");
    address internal immutable vendor2 = Actors.addr("projects/vendor2");
    address internal immutable vendor3 = Actors.addr("projects/vendor3");
    string internal constant CID = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";

    function setUp() public {
        _deployMosaic();
        projects = ProjectRegistry(
            _deploy("contracts/projects/ProjectRegistry.sol:ProjectRegistry", abi.encode(escrow))
        );
        _register(vendor, _skills(SKILL_SOLIDITY));
        _register(reviewer, _skills(SKILL_SOLIDITY));
        _register(vendor2, _skills(SKILL_SOLIDITY));
        _register(vendor3, _skills(SKILL_SOLIDITY));
    }

    function _create(uint128 budget) internal returns (uint256 projectId) {
        IProjectRegistry.PartTerms[] memory parts = new IProjectRegistry.PartTerms[](1);
        parts[0] = IProjectRegistry.PartTerms({budget: budget, dependsOn: 0, skills: _skills(SKILL_SOLIDITY)});
        vm.prank(client);
        projectId = projects.createProject(
            IProjectRegistry.ProjectTerms({
                token: address(usd),
                budget: budget,
                deadline: uint32(block.timestamp + 60 days),
                utcOffsetMinutes: -300,
                workStartMinute: 480,
                workEndMinute: 960,
                specCid: CID
            }),
            parts
        );
    }

    function _link(uint256 projectId, uint128 amount) internal returns (uint256 jobId) {
        jobId = _post(client, _terms(address(usd), false), _oneMilestone(amount, 0));
        _fundAll(jobId);
        uint8[] memory indexes = new uint8[](1);
        uint256[] memory jobIds = new uint256[](1);
        jobIds[0] = jobId;
        vm.prank(client);
        projects.linkJobs(projectId, indexes, indexes, jobIds);
    }

    function _name(uint256 projectId, uint16 bps) internal returns (uint256 share) {
        share = (uint256(projects.partOf(projectId, 0).budget) * bps) / 10_000;
        usd.mint(client, share);
        vm.startPrank(client);
        usd.approve(address(projects), share);
        projects.nameReviewer(
            projectId,
            0,
            IProjectRegistry.ReviewerTerms({
                reviewer: reviewer,
                shareBps: bps,
                deadline: uint32(block.timestamp + 30 days),
                skills: _skills(SKILL_SOLIDITY)
            })
        );
        vm.stopPrank();
    }

    /// @notice The deposit is the share of the part's budget, rounded down, and it ends, to the wei,
    ///         with the reviewer after a signed-off paid job or with the client after the deadline.
    function testFuzz_shareEndsWithReviewerOrClientToTheWei(uint256 budgetSeed, uint256 bpsSeed, bool signOff) public {
        uint128 budget = uint128(_bound(budgetSeed, 1e3, 1e30));
        uint16 bps = uint16(_bound(bpsSeed, 1, 2_000));
        vm.assume((uint256(budget) * bps) / 10_000 != 0);
        uint256 projectId = _create(budget);
        uint256 jobId = _link(projectId, budget);
        uint256 share = _name(projectId, bps);
        assertEq(usd.balanceOf(address(projects)), share, "deposit");
        assertEq(projects.heldOf(address(usd)), share, "held");
        _hireByQuote(jobId, vendorKey);
        vm.prank(vendor);
        escrow.submit(jobId, 0, CID);
        vm.prank(reviewer);
        projects.review(projectId, 0, 0, signOff, CID);
        vm.prank(client);
        escrow.approve(jobId, 0);
        uint256 clientBefore = usd.balanceOf(client);
        projects.settleReview(projectId, 0);
        assertEq(usd.balanceOf(reviewer), signOff ? share : 0, "reviewer");
        assertEq(usd.balanceOf(client) - clientBefore, signOff ? 0 : share, "client");
        assertEq(usd.balanceOf(address(projects)), 0, "left behind");
        assertEq(projects.heldOf(address(usd)), 0, "still held");
    }

    /// @notice Whoever is hired on the part's job, its reviewer can give a verdict only when it is not
    ///         the vendor, and a reviewer hired on the job gets its share refunded to the client.
    function testFuzz_reviewerNeverReviewsItsOwnWork(uint256 hiredSeed, bool signOff) public {
        uint256 projectId = _create(1_000e6);
        uint256 jobId = _link(projectId, 1_000e6);
        uint256 share = _name(projectId, 500);
        uint256[3] memory keys = [vendorKey, reviewerKey, Actors.key("projects/vendor2")];
        uint256 key = keys[hiredSeed % 3];
        _hireByQuote(jobId, key);
        vm.prank(vm.addr(key));
        escrow.submit(jobId, 0, CID);
        if (vm.addr(key) == reviewer) {
            vm.expectRevert(abi.encodeWithSelector(IProjectRegistry.ProjectConflictOfInterest.selector, reviewer));
            vm.prank(reviewer);
            projects.review(projectId, 0, 0, signOff, CID);
            uint256 before = usd.balanceOf(client);
            projects.settleReview(projectId, 0);
            assertEq(usd.balanceOf(client) - before, share, "refunded");
            assertEq(usd.balanceOf(reviewer), 0, "self-reviewer paid");
        } else {
            vm.prank(reviewer);
            projects.review(projectId, 0, 0, signOff, CID);
            assertTrue(projects.partOf(projectId, 0).signedOff == signOff, "verdict");
        }
        IMosaicEscrow.MilestoneState state = escrow.milestoneOf(jobId, 0).state;
        assertTrue(state == IMosaicEscrow.MilestoneState.Submitted, "the escrow is untouched");
    }

    /// @notice Coverage counts each minute once: at most 60 per hour, summing to the total, at least the
    ///         longest shift and at most all shifts together.
    function testFuzz_coverageCountsEachMinuteOnce(
        uint16[3] memory starts,
        uint16[3] memory lengths,
        bool three
    ) public {
        uint256 projectId = _create(1_000e6);
        IProjectRegistry.Shift[] memory shifts = new IProjectRegistry.Shift[](three ? 3 : 2);
        address[3] memory vendors = [vendor, vendor2, vendor3];
        uint256 longest;
        uint256 sum;
        for (uint256 i; i < shifts.length; ++i) {
            uint16 length = uint16(_bound(lengths[i], 1, 1_440));
            shifts[i] = IProjectRegistry.Shift({
                vendor: vendors[i],
                startMinute: uint16(_bound(starts[i], 0, 1_439)),
                lengthMinutes: length,
                jobId: 0
            });
            if (length > longest) longest = length;
            sum += length;
        }
        vm.prank(client);
        projects.setRelay(projectId, 0, shifts);
        (uint8[24] memory perHour, uint256 covered) = projects.coverageOf(projectId, 0);
        uint256 total;
        for (uint256 h; h < 24; ++h) {
            assertLe(perHour[h], 60, "hour over 60 minutes");
            total += perHour[h];
        }
        assertEq(total, covered, "hours != total");
        assertGe(covered, longest, "less than the longest shift");
        assertLe(covered, sum > 1_440 ? 1_440 : sum, "more than the shifts");
        // The first shift's first minute is covered.
        uint256 first = shifts[0].startMinute;
        assertGe(perHour[first / 60], 1, "first minute uncovered");
    }
}
