// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Reputation
/// @notice Ratings that can only come from paid work. After a job has paid its vendor, the client
///         and the vendor may rate each other once per job, 1 to 5. An address's record as a vendor
///         and its record as a client are kept apart: open-job qualification reads the vendor side only.
///
///         Weight of a rating = value the vendor was paid on that job, in the weight unit the job's
///         token had when the job was funded (one unit is roughly one US dollar), limited so that one
///         counterparty's total weight on an address never exceeds `MAX_PAIR_WEIGHT`.
///         Raw average = weightedScoreSum / ratingWeight.
///         Confidence-adjusted average = (priorWeight x 1 + weightedScoreSum) / (priorWeight + ratingWeight):
///         every vendor starts with `ratingPriorWeight` units of 1-star ratings, so a thin record cannot
///         reach a high minimum. A job counts as a paid vendor job once, at the first rating made after
///         it paid the vendor at least its token's paid-job threshold (snapshotted at funding), provided no
///         vendor payment came sooner than `MIN_COUNTED_JOB_TIME` after its last funding and no job
///         of the same client counted for that vendor before.
interface IReputation {
    /// @notice An address's record as a vendor, packed into one slot.
    /// @param weightedScoreSum Sum of score x weight over ratings received as vendor.
    /// @param ratingWeight Sum of the weights of those ratings.
    /// @param ratingCount Number of those ratings that carry weight.
    /// @param paidJobs Jobs that paid it, as vendor, at least their token's paid-job threshold, no
    ///        sooner than `MIN_COUNTED_JOB_TIME` after their last funding, one per distinct client.
    struct VendorStats {
        uint64 weightedScoreSum;
        uint64 ratingWeight;
        uint32 ratingCount;
        uint32 paidJobs;
    }

    /// @notice An address's record as a client, packed into one slot.
    /// @param weightedScoreSum Sum of score x weight over ratings received as client.
    /// @param ratingWeight Sum of the weights of those ratings.
    /// @param ratingCount Number of those ratings that carry weight.
    struct ClientStats {
        uint64 weightedScoreSum;
        uint64 ratingWeight;
        uint32 ratingCount;
    }

    /// @notice A party of a paid job rated the other.
    /// @param jobId The job.
    /// @param rater Who rated.
    /// @param ratee Who was rated.
    /// @param score The score, 1 to 5.
    /// @param weight The weight the rating carries.
    /// @param rateeIsVendor Whether the ratee was rated as the job's vendor (otherwise as its client).
    /// @param paidJobCounted Whether this rating added the job to its vendor's `paidJobs` (once per job:
    ///        the first rating made after the job paid at least its paid-job threshold).
    event Rated(
        uint256 indexed jobId,
        address indexed rater,
        address indexed ratee,
        uint8 score,
        uint64 weight,
        bool rateeIsVendor,
        bool paidJobCounted
    );

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

    /// @notice Weight of the 1-star prior mixed into the confidence-adjusted vendor rating, in weight units.
    function ratingPriorWeight() external view returns (uint64);

    /// @notice The record of `account` as a vendor.
    function vendorStatsOf(address account) external view returns (VendorStats memory);

    /// @notice The record of `account` as a client.
    function clientStatsOf(address account) external view returns (ClientStats memory);

    /// @notice The raw value-weighted average rating of `account` as a vendor, x100 (0 when it has no weight).
    function vendorRatingOf(address account) external view returns (uint256);

    /// @notice The confidence-adjusted average rating of `account` as a vendor, x100: what open jobs'
    ///         `minRating` is compared with (100 when it has no weight and the prior is non-zero).
    function adjustedVendorRatingOf(address account) external view returns (uint256);

    /// @notice The raw value-weighted average rating of `account` as a client, x100 (0 when it has no weight).
    function clientRatingOf(address account) external view returns (uint256);

    /// @notice The weight `rater` has already put on `ratee`, out of `MAX_PAIR_WEIGHT`.
    function influenceOf(address rater, address ratee) external view returns (uint256);

    /// @notice Whether `rater` has rated on `jobId`.
    function hasRated(uint256 jobId, address rater) external view returns (bool);
}
