// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IHourBank} from "../../../contracts/interfaces/IHourBank.sol";
import {HourBank} from "../../../contracts/hours/HourBank.sol";
import {MosaicEscrow} from "../../../contracts/escrow/MosaicEscrow.sol";
import {MockERC20} from "../../../contracts/mocks/MockERC20.sol";
import {BlocklistToken} from "../../../contracts/mocks/BlocklistToken.sol";
import {vm} from "./utils/Vm.sol";
import {Actors} from "./utils/Actors.sol";
import {TestBase} from "./utils/TestBase.sol";

/// @notice Drives hour banks through random sequences for the invariant tests, as two clients (each
///         with a member), two vendors, the default arbiter and anyone, in a permit token and a
///         blocklist token (payments to a blocked account are deferred). It keeps ghost totals of what
///         clients deposited and counts calls that should have succeeded but reverted (a pause must
///         never block a review, a payment, a refund or a withdrawal) in `ghost_violations`.
contract HourBankHandler is TestBase {
    HourBank public immutable bank;
    MosaicEscrow public immutable escrow;
    address public immutable operator;
    address public immutable arbiter;
    address public immutable sink = Actors.addr("hours/withdraw-sink");
    address internal constant _BURN = address(0xdead);

    address[] public tokens;
    address[] public clients;
    address[] public members;
    address[] public vendors;
    address[] internal _payees;

    mapping(address token => uint256) public ghost_deposited;
    uint256 public ghost_violations;
    uint256[] internal _bankIds;

    constructor(
        HourBank bank_,
        MosaicEscrow escrow_,
        address operator_,
        address arbiter_,
        address[] memory tokens_,
        address[] memory vendors_
    ) {
        bank = bank_;
        escrow = escrow_;
        operator = operator_;
        arbiter = arbiter_;
        tokens = tokens_;
        vendors = vendors_;
        clients.push(Actors.addr("hours/client0"));
        clients.push(Actors.addr("hours/client1"));
        members.push(Actors.addr("hours/member0"));
        members.push(Actors.addr("hours/member1"));
        _payees = clients;
        for (uint256 i; i < vendors_.length; ++i) _payees.push(vendors_[i]);
        _payees.push(arbiter_);
        _payees.push(address(escrow_.treasury()));
    }

    function bankIds() external view returns (uint256[] memory) {
        return _bankIds;
    }

    function payees() external view returns (address[] memory) {
        return _payees;
    }

    // ================================================================== actions

    function buy(
        uint256 clientSeed,
        uint256 vendorSeed,
        uint256 tokenSeed,
        uint256 hoursSeed,
        uint256 expirySeed
    ) external {
        address client = clients[clientSeed % clients.length];
        address vendor = vendors[vendorSeed % vendors.length];
        address token = tokens[tokenSeed % tokens.length];
        uint32 hourCount = uint32(_bound(hoursSeed, 1, 600));
        (uint256 hourly, , uint256 total) = bank.quote(vendor, token, hourCount);
        MockERC20(token).mint(client, total);
        vm.startPrank(client);
        MockERC20(token).approve(address(bank), total);
        IHourBank.Order memory order = IHourBank.Order({
            vendor: vendor,
            token: token,
            hourCount: hourCount,
            maxHourlyRate: hourly,
            expiresAt: uint32(block.timestamp + _bound(expirySeed, 1 days, 120 days)),
            reviewWindow: 2 days
        });
        try bank.buy(order) returns (uint256 bankId) {
            _bankIds.push(bankId);
            ghost_deposited[token] += total;
        } catch {
            // Only a pause may refuse a valid order. The client's unspent mint leaves the books.
            if (!escrow.paused()) ++ghost_violations;
            MockERC20(token).transfer(_BURN, total);
        }
        vm.stopPrank();
    }

    function topUp(uint256 bankSeed, uint256 hoursSeed) external {
        (bool found, uint256 bankId, IHourBank.Bank memory b) = _pick(bankSeed);
        if (!found || b.closed) return;
        uint32 hourCount = uint32(_bound(hoursSeed, 1, 100));
        uint256 amount = uint256(hourCount) * 60 * b.minuteRate;
        MockERC20(b.token).mint(b.client, amount);
        vm.startPrank(b.client);
        MockERC20(b.token).approve(address(bank), amount);
        uint32 expiresAt = b.expiresAt > block.timestamp ? b.expiresAt : uint32(block.timestamp + 1 days);
        try bank.topUp(bankId, hourCount, expiresAt) {
            ghost_deposited[b.token] += amount;
        } catch {
            if (!escrow.paused()) ++ghost_violations;
            MockERC20(b.token).transfer(_BURN, amount);
        }
        vm.stopPrank();
    }

    function allocate(uint256 bankSeed, uint256 memberSeed, uint256 minutesSeed) external {
        (bool found, uint256 bankId, IHourBank.Bank memory b) = _pick(bankSeed);
        if (!found || b.closed || block.timestamp >= b.expiresAt) return;
        address member = members[memberSeed % members.length];
        uint32 current = bank.allocationOf(bankId, member);
        uint256 free = b.minutesLeft - (b.allocated - current);
        vm.prank(b.client);
        try bank.allocate(bankId, member, uint32(_bound(minutesSeed, 0, free))) {} catch {
            ++ghost_violations;
        }
    }

    function logHours(uint256 bankSeed, uint256 memberSeed, uint256 minutesSeed) external {
        (bool found, uint256 bankId, IHourBank.Bank memory b) = _pick(bankSeed);
        if (!found || b.closed || block.timestamp >= b.expiresAt) return;
        address member = memberSeed % 2 == 0 ? b.client : members[(memberSeed / 2) % members.length];
        uint256 available = member == b.client ? b.minutesLeft - b.allocated : bank.allocationOf(bankId, member);
        if (available == 0) return;
        uint24 minuteCount = uint24(_bound(minutesSeed, 1, available > 600 ? 600 : available));
        vm.prank(b.vendor);
        try bank.logHours(bankId, member, minuteCount, keccak256("timesheet")) {} catch {
            // Only a full ring of open logs may refuse it.
        }
    }

    function review(uint256 bankSeed, uint256 logSeed, uint256 action) external {
        (bool found, uint256 bankId, IHourBank.Bank memory b) = _pick(bankSeed);
        if (!found || b.logCount == 0) return;
        uint256 logId = logSeed % b.logCount;
        IHourBank.Log memory entry;
        try bank.logOf(bankId, logId) returns (IHourBank.Log memory stored) {
            entry = stored;
        } catch {
            return;
        }
        if (entry.state != IHourBank.LogState.Pending) return;
        address reviewer = action % 3 == 0 ? entry.member : b.client;
        bool reviewOpen = block.timestamp < entry.reviewEndsAt;
        vm.prank(reviewer);
        if (action % 2 == 0) {
            try bank.approveLog(bankId, logId) {} catch {
                ++ghost_violations;
            }
        } else if (reviewOpen) {
            try bank.contest(bankId, logId, "bafkreievidence") {} catch {
                ++ghost_violations;
            }
        } else {
            try bank.release(bankId, logId) {} catch {
                ++ghost_violations;
            }
        }
    }

    function settle(uint256 bankSeed, uint256 logSeed, uint256 ruling, bool timeout) external {
        (bool found, uint256 bankId, IHourBank.Bank memory b) = _pick(bankSeed);
        if (!found || b.logCount == 0) return;
        uint256 logId = logSeed % b.logCount;
        try bank.logOf(bankId, logId) returns (IHourBank.Log memory entry) {
            if (entry.state != IHourBank.LogState.Contested) return;
        } catch {
            return;
        }
        if (timeout) {
            vm.warp(block.timestamp + bank.DISPUTE_TIMEOUT());
            try bank.resolveTimedOut(bankId, logId) {} catch {
                ++ghost_violations;
            }
        } else {
            vm.prank(arbiter);
            try bank.rule((bankId << 32) | logId, _bound(ruling, 0, 10_001)) {} catch {
                ++ghost_violations;
            }
        }
    }

    function close(uint256 bankSeed, bool early) external {
        (bool found, uint256 bankId, IHourBank.Bank memory b) = _pick(bankSeed);
        if (!found || b.closed) return;
        if (!early && block.timestamp < b.expiresAt) vm.warp(b.expiresAt);
        vm.prank(b.client);
        try bank.close(bankId) {} catch {
            ++ghost_violations;
        }
    }

    function collectFees(uint256 bankSeed) external {
        (bool found, uint256 bankId, IHourBank.Bank memory b) = _pick(bankSeed);
        if (!found || b.feesAccrued == 0) return;
        try bank.collectFees(bankId) {} catch {
            ++ghost_violations;
        }
    }

    function withdraw(uint256 payeeSeed, uint256 tokenSeed) external {
        address payee = _payees[payeeSeed % _payees.length];
        address token = tokens[tokenSeed % tokens.length];
        if (bank.owed(token, payee) == 0) return;
        vm.prank(payee);
        try bank.withdraw(token, sink) {} catch {
            ++ghost_violations;
        }
    }

    function setBlocked(uint256 payeeSeed, bool blocked) external {
        BlocklistToken(tokens[1]).setBlocked(_payees[payeeSeed % _payees.length], blocked);
    }

    function togglePause() external {
        bool paused = escrow.paused();
        vm.prank(operator);
        if (paused) escrow.unpause();
        else escrow.pause();
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + _bound(seconds_, 1 hours, 10 days));
    }

    // ================================================================== views for the invariants

    /// @notice What the banks in `token` still hold: unlogged time, logs awaiting review or a ruling,
    ///         and accrued fees.
    function heldIn(address token) external view returns (uint256 held) {
        for (uint256 i; i < _bankIds.length; ++i) {
            uint256 bankId = _bankIds[i];
            IHourBank.Bank memory b = bank.bankOf(bankId);
            if (b.token != token) continue;
            held += uint256(b.minutesLeft) * b.minuteRate + b.feesAccrued;
            uint256 first = b.logCount > 32 ? b.logCount - 32 : 0;
            for (uint256 id = first; id < b.logCount; ++id) {
                IHourBank.Log memory entry = bank.logOf(bankId, id);
                if (entry.state == IHourBank.LogState.Pending || entry.state == IHourBank.LogState.Contested) {
                    held += uint256(entry.minuteCount) * b.minuteRate;
                }
            }
        }
    }

    /// @notice What the hour bank owes in `token` after refused transfers.
    function owedIn(address token) external view returns (uint256 total) {
        for (uint256 i; i < _payees.length; ++i) total += bank.owed(token, _payees[i]);
    }

    function _pick(uint256 seed) private view returns (bool found, uint256 bankId, IHourBank.Bank memory b) {
        if (_bankIds.length == 0) return (false, 0, b);
        bankId = _bankIds[seed % _bankIds.length];
        return (true, bankId, bank.bankOf(bankId));
    }
}
