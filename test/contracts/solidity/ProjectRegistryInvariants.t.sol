// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMosaicEscrow} from "../../../contracts/interfaces/IMosaicEscrow.sol";
import {IProjectRegistry} from "../../../contracts/interfaces/IProjectRegistry.sol";
import {ProjectRegistry} from "../../../contracts/projects/ProjectRegistry.sol";
import {BlocklistToken} from "../../../contracts/mocks/BlocklistToken.sol";
import {ProjectRegistryHandler} from "./ProjectRegistryHandler.sol";
import {MosaicFixture} from "./utils/MosaicFixture.sol";
import {Actors} from "./utils/Actors.sol";
import {vm} from "./utils/Vm.sol";

/// @notice Reviewer shares' books after every step of random call sequences driven by
///         `ProjectRegistryHandler` (the only fuzz target): every wei a client deposited as a share is,
///         to the wei, held, paid to its reviewer or refunded to its client (sent, or owed after a
///         refused transfer); a share is paid only after a final sign-off on a paid job; and no
///         reviewer ever gives a verdict on a job it was hired on.
contract ProjectRegistryInvariantsTest is MosaicFixture {
    /// @dev Same layout as forge-std's, which the runner reads from `targetSelectors()`.
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    ProjectRegistry internal projects;
    ProjectRegistryHandler internal handler;
    address[] internal _tokens;

    function setUp() public {
        _deployMosaic();
        projects = ProjectRegistry(
            _deploy("contracts/projects/ProjectRegistry.sol:ProjectRegistry", abi.encode(escrow))
        );
        BlocklistToken blt2 = new BlocklistToken();
        vm.prank(operator);
        escrow.configureToken(address(blt2), true, USD_UNIT, USD_UNIT * THRESHOLD_UNITS);
        _tokens.push(address(blt));
        _tokens.push(address(blt2));
        string[] memory pool = new string[](3);
        pool[0] = "projects/vendor0";
        pool[1] = "projects/vendor1";
        pool[2] = "projects/vendor2";
        for (uint256 i; i < pool.length; ++i) {
            _register(Actors.addr(pool[i]), _skills(SKILL_SOLIDITY));
        }
        handler = ProjectRegistryHandler(
            _deploy(
                "test/contracts/solidity/ProjectRegistryHandler.sol:ProjectRegistryHandler",
                abi.encode(projects, operator, _tokens, pool)
            )
        );
        for (uint256 i; i < 4; ++i) handler.open(i, i, uint256(keccak256(abi.encode("budget", i))), i * 311, i, i == 3);
    }

    function test_setUpOpensParts() public view {
        assertEq(handler.entryCount(), 4, "entries");
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    function targetSelectors() public view returns (FuzzSelector[] memory targets) {
        bytes4[] memory selectors = new bytes4[](14);
        selectors[0] = ProjectRegistryHandler.open.selector;
        selectors[1] = ProjectRegistryHandler.hire.selector;
        selectors[2] = ProjectRegistryHandler.hire.selector;
        selectors[3] = ProjectRegistryHandler.submit.selector;
        selectors[4] = ProjectRegistryHandler.review.selector;
        selectors[5] = ProjectRegistryHandler.review.selector;
        selectors[6] = ProjectRegistryHandler.decide.selector;
        selectors[7] = ProjectRegistryHandler.settle.selector;
        selectors[8] = ProjectRegistryHandler.settle.selector;
        selectors[9] = ProjectRegistryHandler.withdraw.selector;
        selectors[10] = ProjectRegistryHandler.setBlocked.selector;
        selectors[11] = ProjectRegistryHandler.warp.selector;
        selectors[12] = ProjectRegistryHandler.togglePause.selector;
        selectors[13] = ProjectRegistryHandler.relink.selector;
        targets = new FuzzSelector[](1);
        targets[0] = FuzzSelector({addr: address(handler), selectors: selectors});
    }

    /// @notice The registry holds exactly the shares still held plus what it owes.
    function invariant_balanceIsHeldPlusOwed() public view {
        address[] memory payees = handler.payees();
        for (uint256 i; i < _tokens.length; ++i) {
            address token = _tokens[i];
            uint256 owed;
            for (uint256 j; j < payees.length; ++j) owed += projects.owed(token, payees[j]);
            assertEq(
                BlocklistToken(token).balanceOf(address(projects)),
                projects.heldOf(token) + owed,
                "balance != held + owed"
            );
        }
    }

    /// @notice Every wei deposited as a share is held, paid or refunded, and the held ones add up to
    ///         `heldOf`.
    function invariant_everyWeiHeldPaidOrRefunded() public view {
        uint256 count = handler.entryCount();
        for (uint256 t; t < _tokens.length; ++t) {
            address token = _tokens[t];
            uint256 held;
            for (uint256 i; i < count; ++i) {
                ProjectRegistryHandler.Entry memory e = handler.entryAt(i);
                if (e.token != token) continue;
                IProjectRegistry.Part memory part = projects.partOf(e.projectId, 0);
                if (part.reviewState == IProjectRegistry.ReviewState.Held) held += part.reviewerShare;
            }
            assertEq(held, projects.heldOf(token), "held shares != heldOf");
            assertEq(
                handler.ghost_deposited(token),
                held + handler.ghost_settled(token),
                "deposited != held + paid + refunded"
            );
        }
    }

    /// @notice A share paid went to a reviewer who signed off the job's last milestone, the job paid,
    ///         and the reviewer never its vendor; no reviewer gave a verdict on its own job.
    function invariant_reviewerNeverReviewsItsOwnWork() public view {
        assertEq(handler.ghost_selfReviews(), 0, "a reviewer reviewed its own work");
        uint256 count = handler.entryCount();
        for (uint256 i; i < count; ++i) {
            ProjectRegistryHandler.Entry memory e = handler.entryAt(i);
            IProjectRegistry.Part memory part = projects.partOf(e.projectId, 0);
            if (part.reviewState != IProjectRegistry.ReviewState.Paid) continue;
            assertTrue(part.signedOff, "paid without a sign-off");
            IMosaicEscrow.MilestoneState state = escrow.milestoneOf(e.jobId, 0).state;
            assertTrue(state == IMosaicEscrow.MilestoneState.Paid, "paid before the job");
            assertTrue(escrow.jobOf(e.jobId).vendor != part.reviewer, "paid its own vendor");
        }
    }

    /// @notice No verdict, settlement or withdrawal that was due ever reverted, paused or not.
    function invariant_nothingDueWasBlocked() public view {
        assertEq(handler.ghost_violations(), 0, "a call that was due reverted");
    }
}
