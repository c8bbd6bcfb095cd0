// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Reputation
/// @notice Ratings that can only come from paid work. After a job has paid its vendor, the client
///         and the vendor may rate each other once per job, 1 to 5.
///
///         Weight of a rating = value the vendor was paid on that job, in the token's weight units
///         (one unit is roughly one US dollar, set when the token is allowed), limited so that one
///         counterparty's total weight on an address never exceeds `MAX_PAIR_WEIGHT`.
///         Average rating = weightedScoreSum / ratingWeight. Buying ratings with self-dealt jobs
///         costs the platform fee on every unit of weight, and each fake counterparty adds at most
///         `MAX_PAIR_WEIGHT`.
interface IReputation {
    /// @notice What the chain knows of an address's track record, packed into one slot.
    /// @param weightedScoreSum Sum of score x weight over ratings received.
    /// @param ratingWeight Sum of the weights of ratings received.
    /// @param ratingCount Number of ratings received that carry weight.
    /// @param hiredJobs Jobs, as vendor, it was hired for.
    /// @dev Every rating stands for a paid job, so `ratingCount` of a vendor is its count of paid,
    ///      rated jobs: the track record an open job's `minRatings` asks for.
    struct AccountStats {
        uint64 weightedScoreSum;
        uint64 ratingWeight;
        uint32 ratingCount;
        uint32 hiredJobs;
    }

    /// @notice A party of a paid job rated the other.
    /// @param jobId The job.
    /// @param rater Who rated.
    /// @param ratee Who was rated.
    /// @param score The score, 1 to 5.
    /// @param weight The weight the rating carries.
    event Rated(uint256 indexed jobId, address indexed rater, address indexed ratee, uint8 score, uint64 weight);

    /// @notice The score is outside 1..5.
    /// @param score The score given.
    error ReputationInvalidScore(uint8 score);
    /// @notice The caller is neither the job's client nor its vendor.
    /// @param jobId The job.
    /// @param caller The caller.
    error ReputationNotParty(uint256 jobId, address caller);
    /// @notice The job has not paid its vendor yet, so there is nothing to rate.
    /// @param jobId The job.
    error ReputationNothingPaid(uint256 jobId);
    /// @notice The caller already rated on this job.
    /// @param jobId The job.
    /// @param rater The caller.
    error ReputationAlreadyRated(uint256 jobId, address rater);

    /// @notice Rates the other party of a job that paid its vendor.
    /// @param jobId The job.
    /// @param score 1 (worst) to 5 (best).
    function rate(uint256 jobId, uint8 score) external;

    /// @notice The track record of `account`.
    function statsOf(address account) external view returns (AccountStats memory);

    /// @notice The value-weighted average rating of `account` times 100 (0 when it has no weight).
    function ratingOf(address account) external view returns (uint256);

    /// @notice The weight `rater` has already put on `ratee`, out of `MAX_PAIR_WEIGHT`.
    function influenceOf(address rater, address ratee) external view returns (uint256);

    /// @notice Whether `rater` has rated on `jobId`.
    function hasRated(uint256 jobId, address rater) external view returns (bool);
}
