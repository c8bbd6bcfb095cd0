import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { contractErrorNotices, parseErrorNotices } from "@mosaic/sdk/errors";

describe("contract errors in plain words", () => {
  it("reads each custom error's @notice, joining continued lines", () => {
    const notices = parseErrorNotices(`
    /// @notice The milestone's deadline has passed.
    error EscrowDeadlinePassed(uint256 jobId, uint256 index, uint256 deadline);
    /// @notice A milestone's deadline is not in the future, or its outcome deadline is less than a
    ///         review window after it.
    /// @param index The milestone.
    error EscrowInvalidDeadline(uint256 index, uint256 deadline);
    error Undocumented();
    `);
    assert.deepEqual(notices, {
      EscrowDeadlinePassed: "The milestone's deadline has passed.",
      EscrowInvalidDeadline:
        "A milestone's deadline is not in the future, or its outcome deadline is less than a review window after it.",
    });
  });

  it("covers the errors of the repository's contract interfaces", () => {
    const notices = contractErrorNotices();
    assert.match(notices.EscrowNotClient ?? "", /client/);
    assert.ok(Object.keys(notices).length > 30);
  });
});
