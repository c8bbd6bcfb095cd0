// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {HourBank} from "../../../contracts/hours/HourBank.sol";
import {IHourBank} from "../../../contracts/interfaces/IHourBank.sol";
import {MosaicFixture} from "./utils/MosaicFixture.sol";
import {vm} from "./utils/Vm.sol";

/// @notice Property tests of hour banks' arithmetic: prices, rulings and closing account for every
///         unit of a bank.
contract HourBankFuzzTest is MosaicFixture {
    HourBank internal hourBank;

    function setUp() public {
        _deployMosaic();
        hourBank = HourBank(_deploy("contracts/hours/HourBank.sol:HourBank", abi.encode(escrow, PRIOR_WEIGHT)));
        _register(vendor, _skills(SKILL_SOLIDITY));
    }

    function _setTerms(uint96 hourlyRate, uint32 noticeHours) internal {
        IHourBank.Tier[] memory tiers = new IHourBank.Tier[](2);
        tiers[0] = IHourBank.Tier({minHours: 100, discountBps: 1_000});
        tiers[1] = IHourBank.Tier({minHours: 500, discountBps: 2_000});
        vm.prank(vendor);
        hourBank.setTerms(address(usd), hourlyRate, noticeHours, tiers);
    }

    function _buy(uint32 hourCount) internal returns (uint256 bankId, uint256 total, uint96 minuteRate) {
        uint256 hourly;
        (hourly, minuteRate, total) = hourBank.quote(vendor, address(usd), hourCount);
        usd.mint(client, total);
        vm.startPrank(client);
        usd.approve(address(hourBank), total);
        bankId = hourBank.buy(
            IHourBank.Order({
                vendor: vendor,
                token: address(usd),
                hourCount: hourCount,
                maxHourlyRate: hourly,
                expiresAt: uint32(block.timestamp + 30 days),
                reviewWindow: REVIEW_WINDOW
            })
        );
        vm.stopPrank();
    }

    /// @notice A bank costs its minutes at the discounted rate per minute, the discount being the
    ///         highest tier the hours reach.
    function testFuzz_priceIsMinutesAtTheTierRate(uint256 rateSeed, uint256 hoursSeed) public {
        uint96 hourlyRate = uint96(_bound(rateSeed, 60, 1e24));
        uint32 hourCount = uint32(_bound(hoursSeed, 1, 2_000));
        _setTerms(hourlyRate, 0);
        uint256 discount =
            hourCount >= 500
                ? 2_000
                : hourCount >= 100
                    ? 1_000
                    : 0;
        uint256 expectedHourly = (uint256(hourlyRate) * (10_000 - discount)) / 10_000;
        vm.assume(expectedHourly >= 60);
        (uint256 hourly, uint96 minuteRate, uint256 total) = hourBank.quote(vendor, address(usd), hourCount);
        assertEq(hourly, expectedHourly, "hourly rate");
        assertEq(minuteRate, expectedHourly / 60, "minute rate");
        assertEq(total, uint256(hourCount) * 60 * minuteRate, "total");
    }

    /// @notice A ruling splits a contested log exactly among vendor, client, arbiter and platform fee.
    function testFuzz_rulingSplitsEveryUnit(uint256 minutesSeed, uint256 ruling, uint256 rateSeed) public {
        _setTerms(uint96(_bound(rateSeed, 60, 1e15)), 0);
        (uint256 bankId, , uint96 minuteRate) = _buy(10);
        uint24 minuteCount = uint24(_bound(minutesSeed, 1, 600));
        vm.prank(vendor);
        uint256 logId = hourBank.logHours(bankId, client, minuteCount, keccak256("note"));
        vm.prank(client);
        hourBank.contest(bankId, logId, "bafkreievidence");
        uint256 before = usd.balanceOf(vendor) + usd.balanceOf(client) + usd.balanceOf(defaultArbiter);
        vm.prank(defaultArbiter);
        hourBank.rule((bankId << 32) | logId, _bound(ruling, 0, 10_001));
        uint256 afterwards = usd.balanceOf(vendor) + usd.balanceOf(client) + usd.balanceOf(defaultArbiter);
        assertEq(
            afterwards - before + hourBank.bankOf(bankId).feesAccrued,
            uint256(minuteCount) * minuteRate,
            "vendor + client + arbiter + fee != log value"
        );
    }

    /// @notice Closing pays out every unlogged unit: refund to the client, notice (less its fee) to
    ///         the vendor, fee to the bank's accrued fees.
    function testFuzz_closeAccountsForEveryUnloggedUnit(uint256 loggedSeed, uint256 noticeSeed, bool early) public {
        _setTerms(77e6 + 1, uint32(_bound(noticeSeed, 0, 20)));
        (uint256 bankId, uint256 total, uint96 minuteRate) = _buy(10);
        uint24 logged = uint24(_bound(loggedSeed, 0, 600));
        if (logged != 0) {
            vm.prank(vendor);
            hourBank.logHours(bankId, client, logged, keccak256("note"));
        }
        if (!early) vm.warp(block.timestamp + 30 days);
        vm.prank(client);
        hourBank.close(bankId);
        assertEq(
            usd.balanceOf(client) + usd.balanceOf(vendor) + hourBank.bankOf(bankId).feesAccrued,
            total - uint256(logged) * minuteRate,
            "refund + notice + fee != unlogged value"
        );
        assertEq(
            usd.balanceOf(address(hourBank)),
            uint256(logged) * minuteRate + hourBank.bankOf(bankId).feesAccrued,
            "held"
        );
    }
}
