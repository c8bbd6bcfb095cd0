// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {HourBank} from "../../../contracts/hours/HourBank.sol";
import {IHourBank} from "../../../contracts/interfaces/IHourBank.sol";
import {MockERC20} from "../../../contracts/mocks/MockERC20.sol";
import {HourBankHandler} from "./HourBankHandler.sol";
import {MosaicFixture} from "./utils/MosaicFixture.sol";
import {vm} from "./utils/Vm.sol";

/// @notice Hour banks' money properties after every step of random call sequences driven by
///         `HourBankHandler` (the only fuzz target): every unit a client paid in is, to the unit,
///         unspent in a bank (unlogged, or logged and awaiting review or a ruling), paid to the vendor,
///         refunded to the client, an arbiter's fee or a platform fee (accrued or at the treasury), or
///         owed after a refused transfer.
contract HourBankInvariantsTest is MosaicFixture {
    /// @dev Same layout as forge-std's, which the runner reads from `targetSelectors()`.
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    HourBank internal hourBank;
    HourBankHandler internal handler;
    address[] internal _tokens;

    function setUp() public {
        _deployMosaic();
        hourBank = HourBank(_deploy("contracts/hours/HourBank.sol:HourBank", abi.encode(escrow, PRIOR_WEIGHT)));
        _tokens.push(address(usd));
        _tokens.push(address(blt));
        address[] memory vendors = new address[](2);
        vendors[0] = vendor;
        vendors[1] = stranger;
        IHourBank.Tier[] memory tiers = new IHourBank.Tier[](2);
        tiers[0] = IHourBank.Tier({minHours: 100, discountBps: 1_000});
        tiers[1] = IHourBank.Tier({minHours: 500, discountBps: 2_000});
        for (uint256 i; i < vendors.length; ++i) {
            _register(vendors[i], _skills(SKILL_SOLIDITY));
            vm.startPrank(vendors[i]);
            // 60 and 77 units an hour: the second leaves a remainder when divided into minutes.
            hourBank.setTerms(address(usd), uint96(60e6 + i * 17e6 + i), uint32(i * 3), tiers);
            hourBank.setTerms(address(blt), uint96(90e6 + i), uint32(2 - i), tiers);
            vm.stopPrank();
        }
        handler = HourBankHandler(
            _deploy(
                "test/contracts/solidity/HourBankHandler.sol:HourBankHandler",
                abi.encode(hourBank, escrow, operator, defaultArbiter, _tokens, vendors)
            )
        );
        for (uint256 i; i < 4; ++i) {
            handler.buy(i, i + 1, i, uint256(keccak256(abi.encode("hours", i))), i * 7 days);
        }
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    function targetSelectors() public view returns (FuzzSelector[] memory targets) {
        bytes4[] memory selectors = new bytes4[](14);
        selectors[0] = HourBankHandler.buy.selector;
        selectors[1] = HourBankHandler.topUp.selector;
        selectors[2] = HourBankHandler.allocate.selector;
        selectors[3] = HourBankHandler.logHours.selector; // three times: logs feed every other step
        selectors[4] = HourBankHandler.logHours.selector;
        selectors[5] = HourBankHandler.logHours.selector;
        selectors[6] = HourBankHandler.review.selector; // twice
        selectors[7] = HourBankHandler.review.selector;
        selectors[8] = HourBankHandler.settle.selector;
        selectors[9] = HourBankHandler.close.selector;
        selectors[10] = HourBankHandler.collectFees.selector;
        selectors[11] = HourBankHandler.withdraw.selector;
        selectors[12] = HourBankHandler.setBlocked.selector;
        selectors[13] = HourBankHandler.warp.selector;
        bytes4[] memory withPause = new bytes4[](15);
        for (uint256 i; i < selectors.length; ++i) withPause[i] = selectors[i];
        withPause[14] = HourBankHandler.togglePause.selector;
        targets = new FuzzSelector[](1);
        targets[0] = FuzzSelector({addr: address(handler), selectors: withPause});
    }

    /// @notice The hour bank holds exactly what its banks still hold plus what it owes.
    function invariant_balanceIsHeldPlusOwed() public view {
        for (uint256 i; i < _tokens.length; ++i) {
            address token = _tokens[i];
            assertEq(
                MockERC20(token).balanceOf(address(hourBank)),
                handler.heldIn(token) + handler.owedIn(token),
                "balance != unspent + open logs + accrued fees + owed"
            );
        }
    }

    /// @notice Every unit deposited is unspent, paid, refunded, a fee, or owed. Clients are minted
    ///         exactly what they pay in, so every balance a payee (or the withdrawal sink) holds came
    ///         out of a bank: to vendors as pay, to clients as refunds, to the arbiter and treasury as fees.
    function invariant_everyUnitUnspentPaidRefundedOrFee() public view {
        address[] memory payees = handler.payees();
        for (uint256 i; i < _tokens.length; ++i) {
            address token = _tokens[i];
            uint256 out = MockERC20(token).balanceOf(handler.sink());
            for (uint256 j; j < payees.length; ++j) {
                // The fixture's vendor and stranger start with no tokens.
                out += MockERC20(token).balanceOf(payees[j]);
            }
            assertEq(
                handler.ghost_deposited(token),
                handler.heldIn(token) + handler.owedIn(token) + out,
                "deposited != unspent + owed + paid + refunded + fees"
            );
        }
    }

    /// @notice No review, payment, refund, ruling or withdrawal that was due ever reverted, paused or not.
    function invariant_nothingOwedWasBlocked() public view {
        assertEq(handler.ghost_violations(), 0, "a call that was due reverted");
    }

    /// @notice What a bank counts as paid for ratings never exceeds what was paid into banks.
    function invariant_paidNeverExceedsDeposits() public view {
        uint256[] memory ids = handler.bankIds();
        uint256 paid;
        for (uint256 i; i < ids.length; ++i) paid += hourBank.bankOf(ids[i]).paidToVendor;
        assertLe(
            paid,
            handler.ghost_deposited(address(usd)) + handler.ghost_deposited(address(blt)),
            "paid > deposited"
        );
    }
}
