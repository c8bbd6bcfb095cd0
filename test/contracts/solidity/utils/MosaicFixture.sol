// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMosaicEscrow} from "../../../../contracts/interfaces/IMosaicEscrow.sol";
import {MosaicEscrow} from "../../../../contracts/escrow/MosaicEscrow.sol";
import {VendorRegistry} from "../../../../contracts/registry/VendorRegistry.sol";
import {IVendorRegistry} from "../../../../contracts/interfaces/IVendorRegistry.sol";
import {MockERC20} from "../../../../contracts/mocks/MockERC20.sol";
import {NoReturnToken} from "../../../../contracts/mocks/NoReturnToken.sol";
import {ReturnFalseToken} from "../../../../contracts/mocks/ReturnFalseToken.sol";
import {BlocklistToken} from "../../../../contracts/mocks/BlocklistToken.sol";
import {vm} from "./Vm.sol";
import {Actors} from "./Actors.sol";
import {TestBase} from "./TestBase.sol";

/// @notice Deploys Mosaic the way the TypeScript fixture does (operator, separate treasury, a default
///         arbiter, a 6-decimals permit token) plus every well-behaved-but-odd token, and offers the
///         few steps most tests share: post, hire, fund.
abstract contract MosaicFixture is TestBase {
    /// @dev 0.0005 ETH and one whole 6-decimals token count as one unit of rating weight.
    uint96 internal constant ETH_UNIT = 5e14;
    uint96 internal constant USD_UNIT = 1e6;
    uint96 internal constant RFT_UNIT = 1e18;
    /// @dev Paid-job thresholds: 100 weight units, the deployment default.
    uint96 internal constant THRESHOLD_UNITS = 100;
    uint64 internal constant PRIOR_WEIGHT = 500;
    bytes32 internal constant PROFILE_DIGEST = keccak256("profile");
    uint16 internal constant DEFAULT_ARBITER_FEE_BPS = 100;
    uint32 internal constant REVIEW_WINDOW = 3 days;
    /// @dev A realistic start time, so "now minus a day" never underflows.
    uint256 internal constant START = 1_750_000_000;
    address internal constant ETH = address(0);

    bytes32 internal constant SKILL_SOLIDITY = "solidity";
    bytes32 internal constant SKILL_DESIGN = "design";
    bytes32 internal constant SKILL_AUDIT = "audit";

    address internal immutable operator = Actors.addr("operator");
    address internal immutable treasury = Actors.addr("treasury");
    address internal immutable defaultArbiter = Actors.addr("default-arbiter");
    uint256 internal immutable clientKey = Actors.key("client");
    address internal immutable client = Actors.addr("client");
    uint256 internal immutable vendorKey = Actors.key("vendor");
    address internal immutable vendor = Actors.addr("vendor");
    address internal immutable stranger = Actors.addr("stranger");

    VendorRegistry internal registry;
    MosaicEscrow internal escrow;
    MockERC20 internal usd;
    NoReturnToken internal nrt;
    ReturnFalseToken internal rft;
    BlocklistToken internal blt;

    function _deployMosaic() internal {
        vm.warp(START);
        registry = VendorRegistry(_deploy("contracts/registry/VendorRegistry.sol:VendorRegistry", ""));
        registry.setTagCreationOpen(true);
        escrow = MosaicEscrow(
            payable(
                _deploy(
                    "contracts/escrow/MosaicEscrow.sol:MosaicEscrow",
                    abi.encode(operator, treasury, registry, ETH_UNIT, ETH_UNIT * THRESHOLD_UNITS, PRIOR_WEIGHT)
                )
            )
        );
        usd = MockERC20(_deploy("contracts/mocks/MockERC20.sol:MockERC20", abi.encode("Mock USD", "mUSD", uint8(6))));
        nrt = NoReturnToken(_deploy("contracts/mocks/NoReturnToken.sol:NoReturnToken", ""));
        rft = ReturnFalseToken(_deploy("contracts/mocks/ReturnFalseToken.sol:ReturnFalseToken", ""));
        blt = BlocklistToken(_deploy("contracts/mocks/BlocklistToken.sol:BlocklistToken", ""));
        vm.startPrank(operator);
        escrow.setDefaultArbiter(defaultArbiter, DEFAULT_ARBITER_FEE_BPS);
        escrow.configureToken(address(usd), true, USD_UNIT, USD_UNIT * THRESHOLD_UNITS);
        escrow.configureToken(address(nrt), true, USD_UNIT, USD_UNIT * THRESHOLD_UNITS);
        escrow.configureToken(address(rft), true, RFT_UNIT, RFT_UNIT * THRESHOLD_UNITS);
        escrow.configureToken(address(blt), true, USD_UNIT, USD_UNIT * THRESHOLD_UNITS);
        vm.stopPrank();
        vm.label(address(escrow), "escrow");
        vm.label(client, "client");
        vm.label(vendor, "vendor");
    }

    function _register(address account, bytes32[] memory skills) internal {
        vm.prank(account);
        registry.setProfile(
            IVendorRegistry.Profile({hourlyRateCents: 10_000, timezoneOffsetMinutes: 60, availabilityHours: 40}),
            skills,
            PROFILE_DIGEST
        );
    }

    function _skills(bytes32 a) internal pure returns (bytes32[] memory skills) {
        skills = new bytes32[](1);
        skills[0] = a;
    }

    function _terms(address token, bool open) internal pure returns (IMosaicEscrow.JobTerms memory) {
        return
            IMosaicEscrow.JobTerms({
                token: token,
                arbiter: address(0),
                arbiterFeeBps: 0,
                reviewWindow: REVIEW_WINDOW,
                open: open,
                minRating: 0,
                minPaidJobs: 0,
                requiredSkills: new bytes32[](0),
                specCid: "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"
            });
    }

    /// @dev One milestone due in a week; its bonus (when non-zero) decided within the week after, which
    ///      leaves more than the review window the escrow requires between the two deadlines.
    function _oneMilestone(
        uint128 amount,
        uint128 bonus
    ) internal view returns (IMosaicEscrow.MilestoneTerms[] memory milestones) {
        milestones = new IMosaicEscrow.MilestoneTerms[](1);
        uint32 deadline = uint32(block.timestamp + 7 days);
        milestones[0] = IMosaicEscrow.MilestoneTerms({
            amount: amount,
            bonus: bonus,
            deadline: deadline,
            outcomeDeadline: bonus == 0 ? 0 : deadline + 7 days
        });
    }

    function _post(
        address by,
        IMosaicEscrow.JobTerms memory terms,
        IMosaicEscrow.MilestoneTerms[] memory milestones
    ) internal returns (uint256 jobId) {
        vm.prank(by);
        jobId = escrow.postJob(terms, milestones);
    }

    /// @dev Gives the client exactly what the milestones need and funds them all.
    function _fundAll(uint256 jobId) internal {
        IMosaicEscrow.Job memory job = escrow.jobOf(jobId);
        uint256 total;
        for (uint256 i; i < job.milestoneCount; ++i) {
            IMosaicEscrow.Milestone memory m = escrow.milestoneOf(jobId, i);
            total += uint256(m.amount) + m.bonus;
        }
        _give(job.token, job.client, total);
        vm.prank(job.client);
        escrow.fund{value: job.token == ETH ? total : 0}(jobId, 0, job.milestoneCount);
    }

    /// @dev Puts `amount` of `token` in `account` and lets the escrow pull it.
    function _give(address token, address account, uint256 amount) internal {
        if (token == ETH) {
            vm.deal(account, account.balance + amount);
            return;
        }
        MockERC20(token).mint(account, amount);
        vm.prank(account);
        // All test tokens accept `approve(address,uint256)`; NoReturnToken returns nothing, so call it raw.
        (bool ok, ) = token.call(abi.encodeWithSignature("approve(address,uint256)", address(escrow), amount));
        assertTrue(ok, "approve failed");
    }

    function _balanceOf(address token, address account) internal view returns (uint256) {
        return token == ETH ? account.balance : MockERC20(token).balanceOf(account);
    }

    /// @dev Signs the quote for `jobId` at its full price as `signerKey`'s vendor and hires it.
    function _hireByQuote(uint256 jobId, uint256 signerKey) internal {
        IMosaicEscrow.Job memory job = escrow.jobOf(jobId);
        address quoted = vm.addr(signerKey);
        uint256 price;
        for (uint256 i; i < job.milestoneCount; ++i) {
            IMosaicEscrow.Milestone memory m = escrow.milestoneOf(jobId, i);
            IMosaicEscrow.MilestoneState state = m.state;
            bool live =
                state != IMosaicEscrow.MilestoneState.Cancelled && state != IMosaicEscrow.MilestoneState.Refunded;
            if (live) price += uint256(m.amount) + m.bonus;
        }
        IMosaicEscrow.Quote memory quote = IMosaicEscrow.Quote({
            jobId: jobId,
            vendor: quoted,
            price: price,
            nonce: escrow.quoteNonce(quoted),
            expiresAt: uint64(block.timestamp + 1 days)
        });
        bytes memory signature = Actors.sign(signerKey, escrow.hashQuote(quote));
        vm.prank(job.client);
        escrow.hire(quote, signature);
    }
}
