// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IReputation} from "../interfaces/IReputation.sol";

/// @title Reputation ledger
/// @notice Keeps the on-chain track record of every client and vendor. It lives in the escrow's
///         address because only the escrow knows what was actually paid; the escrow feeds it.
///
///         weight  = min(paidUnits, MAX_PAIR_WEIGHT - influence(rater -> ratee))
///         average = weightedScoreSum / ratingWeight        (scores 1..5)
///
///         `paidUnits` is what the job paid its vendor divided by the token's weight unit (about one
///         US dollar). The cap bounds what any single counterparty can do to an address, so a
///         thousand self-dealt jobs between two wallets count no more than one honest large job.
abstract contract Reputation is IReputation {
    /// @notice Most weight one counterparty can ever put on an address.
    uint64 public constant MAX_PAIR_WEIGHT = 10_000;

    /// @dev Both directions of a pair share one slot, keyed by (lower, higher) address: the second
    ///      rating on a job then updates a warm, non-zero slot.
    struct PairInfluence {
        uint128 lowOnHigh;
        uint128 highOnLow;
    }

    mapping(address account => AccountStats) private _stats;
    mapping(address low => mapping(address high => PairInfluence)) private _influence;

    /// @inheritdoc IReputation
    function statsOf(address account) external view returns (AccountStats memory) {
        return _stats[account];
    }

    /// @inheritdoc IReputation
    function ratingOf(address account) public view returns (uint256) {
        AccountStats storage stats = _stats[account];
        if (stats.ratingWeight == 0) return 0;
        return (uint256(stats.weightedScoreSum) * 100) / stats.ratingWeight;
    }

    /// @inheritdoc IReputation
    function influenceOf(address rater, address ratee) public view returns (uint256) {
        return rater < ratee ? _influence[rater][ratee].lowOnHigh : _influence[ratee][rater].highOnLow;
    }

    /// @dev Ratings received, each of them from a paid job.
    function _ratingCountOf(address account) internal view returns (uint256) {
        return _stats[account].ratingCount;
    }

    function _recordHire(address vendor) internal {
        _stats[vendor].hiredJobs += 1;
    }

    /// @dev Applies the weight formula above and emits `Rated`. Callers check who may rate and when.
    function _recordRating(uint256 jobId, address rater, address ratee, uint8 score, uint256 paidUnits) internal {
        if (score < 1 || score > 5) revert ReputationInvalidScore(score);
        uint64 weight;
        if (rater < ratee) {
            PairInfluence storage pair = _influence[rater][ratee];
            weight = _cappedWeight(paidUnits, pair.lowOnHigh);
            pair.lowOnHigh += weight;
        } else {
            PairInfluence storage pair = _influence[ratee][rater];
            weight = _cappedWeight(paidUnits, pair.highOnLow);
            pair.highOnLow += weight;
        }
        // A rating without weight (dust payment, or a counterparty at its cap) is recorded but
        // changes no aggregate: otherwise dust jobs would buy a rating count for the price of gas.
        if (weight != 0) {
            AccountStats storage stats = _stats[ratee];
            stats.weightedScoreSum += uint64(score) * weight;
            stats.ratingWeight += weight;
            stats.ratingCount += 1;
        }
        emit Rated(jobId, rater, ratee, score, weight);
    }

    function _cappedWeight(uint256 paidUnits, uint128 used) private pure returns (uint64) {
        // `used` never exceeds MAX_PAIR_WEIGHT, so the subtraction cannot underflow.
        uint256 room = MAX_PAIR_WEIGHT - used;
        return uint64(paidUnits < room ? paidUnits : room);
    }
}
