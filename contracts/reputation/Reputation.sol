// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IReputation} from "../interfaces/IReputation.sol";

/// @title Reputation ledger
/// @notice Keeps the on-chain track record of every client and vendor. It lives in the escrow's
///         address because only the escrow knows what was actually paid; the escrow feeds it.
///
///         weight   = min(paidUnits, MAX_PAIR_WEIGHT - influence(rater -> ratee))
///         raw      = weightedScoreSum / ratingWeight                                  (scores 1..5)
///         adjusted = (ratingPriorWeight + weightedScoreSum) / (ratingPriorWeight + ratingWeight)
///
///         `paidUnits` is what the job paid its vendor divided by the weight unit its token had when
///         the job was funded (about one US dollar). The cap bounds what any single counterparty can
///         do to an address, so a thousand self-dealt jobs between two wallets count no more than one
///         honest large job. The prior, `ratingPriorWeight` units of 1-star ratings, makes a high
///         adjusted rating cost real paid volume: see the README for the cost of faking each threshold.
abstract contract Reputation is IReputation {
    /// @notice Most weight one counterparty can ever put on an address.
    uint64 public constant MAX_PAIR_WEIGHT = 10_000;

    /// @inheritdoc IReputation
    uint64 public immutable ratingPriorWeight;

    /// @dev Both directions of a pair share one slot, keyed by (lower, higher) address: the second
    ///      rating on a job then updates a warm, non-zero slot. Bit `_PAID_JOB_COUNTED` of a
    ///      direction marks that a job of that client has counted toward that vendor's paid jobs
    ///      (weights stay <= MAX_PAIR_WEIGHT, far below it).
    struct PairInfluence {
        uint128 lowOnHigh;
        uint128 highOnLow;
    }

    uint128 private constant _PAID_JOB_COUNTED = 1 << 127;

    mapping(address account => VendorStats) private _vendorStats;
    mapping(address account => ClientStats) private _clientStats;
    mapping(address low => mapping(address high => PairInfluence)) private _influence;

    /// @param priorWeight Weight units of 1-star prior in the adjusted vendor rating.
    constructor(uint64 priorWeight) {
        ratingPriorWeight = priorWeight;
    }

    /// @inheritdoc IReputation
    function vendorStatsOf(address account) external view returns (VendorStats memory) {
        return _vendorStats[account];
    }

    /// @inheritdoc IReputation
    function clientStatsOf(address account) external view returns (ClientStats memory) {
        return _clientStats[account];
    }

    /// @inheritdoc IReputation
    function vendorRatingOf(address account) external view returns (uint256) {
        VendorStats memory stats = _vendorStats[account];
        return _average(0, stats.weightedScoreSum, stats.ratingWeight);
    }

    /// @inheritdoc IReputation
    function adjustedVendorRatingOf(address account) public view returns (uint256) {
        VendorStats memory stats = _vendorStats[account];
        return _average(ratingPriorWeight, stats.weightedScoreSum, stats.ratingWeight);
    }

    /// @inheritdoc IReputation
    function clientRatingOf(address account) external view returns (uint256) {
        ClientStats memory stats = _clientStats[account];
        return _average(0, stats.weightedScoreSum, stats.ratingWeight);
    }

    /// @inheritdoc IReputation
    function influenceOf(address rater, address ratee) public view returns (uint256) {
        uint128 used = rater < ratee ? _influence[rater][ratee].lowOnHigh : _influence[ratee][rater].highOnLow;
        return used & ~_PAID_JOB_COUNTED;
    }

    /// @dev Paid vendor jobs of `vendor`: what an open job's `minPaidJobs` is compared with.
    function _paidJobsOf(address vendor) internal view returns (uint256) {
        return _vendorStats[vendor].paidJobs;
    }

    /// @dev Applies the weight formula above and emits `Rated`; when `countPaidJob` is set, also adds
    ///      the job to `vendor`'s paid jobs, unless a job of the same `client` already counted for it:
    ///      paid jobs count distinct clients. Callers check who may rate and when. A rating without
    ///      weight (dust payment, or a counterparty at its cap) is recorded but changes no aggregate:
    ///      otherwise dust jobs would buy a rating count for the price of gas.
    function _recordRating(
        uint256 jobId,
        address rater,
        address ratee,
        bool rateeIsVendor,
        uint8 score,
        uint256 paidUnits,
        address vendor,
        address client,
        bool countPaidJob
    ) internal {
        if (score < 1 || score > 5) revert ReputationInvalidScore(score);
        uint64 weight;
        bool raterIsLow = rater < ratee;
        PairInfluence storage pair = raterIsLow ? _influence[rater][ratee] : _influence[ratee][rater];
        if (raterIsLow) {
            weight = _cappedWeight(paidUnits, pair.lowOnHigh);
            pair.lowOnHigh += weight;
        } else {
            weight = _cappedWeight(paidUnits, pair.highOnLow);
            pair.highOnLow += weight;
        }
        if (countPaidJob) {
            // The client's direction of the pair carries the mark (the pair is client and vendor).
            if (client < vendor) {
                if (pair.lowOnHigh & _PAID_JOB_COUNTED != 0) countPaidJob = false;
                else pair.lowOnHigh |= _PAID_JOB_COUNTED;
            } else {
                if (pair.highOnLow & _PAID_JOB_COUNTED != 0) countPaidJob = false;
                else pair.highOnLow |= _PAID_JOB_COUNTED;
            }
        }
        if (rateeIsVendor) {
            VendorStats storage stats = _vendorStats[ratee];
            if (weight != 0) {
                stats.weightedScoreSum += uint64(score) * weight;
                stats.ratingWeight += weight;
                stats.ratingCount += 1;
            }
            if (countPaidJob) stats.paidJobs += 1;
        } else {
            if (weight != 0) {
                ClientStats storage stats = _clientStats[ratee];
                stats.weightedScoreSum += uint64(score) * weight;
                stats.ratingWeight += weight;
                stats.ratingCount += 1;
            }
            if (countPaidJob) _vendorStats[vendor].paidJobs += 1;
        }
        emit Rated(jobId, rater, ratee, score, weight, rateeIsVendor, countPaidJob);
    }

    /// @dev (prior x 1 + sum) x 100 / (prior + weight); 0 when both weights are zero. Sums fit 64 bits
    ///      each, so nothing here can overflow 256 bits.
    function _average(uint256 prior, uint256 weightedScoreSum, uint256 weight) private pure returns (uint256) {
        uint256 total = prior + weight;
        if (total == 0) return 0;
        return ((prior + weightedScoreSum) * 100) / total;
    }

    function _cappedWeight(uint256 paidUnits, uint128 used) private pure returns (uint64) {
        // `used` (without the counted mark) never exceeds MAX_PAIR_WEIGHT: no underflow.
        uint256 room = MAX_PAIR_WEIGHT - (used & ~_PAID_JOB_COUNTED);
        return uint64(paidUnits < room ? paidUnits : room);
    }
}
