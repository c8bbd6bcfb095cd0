import { BigInt } from "@graphprotocol/graph-ts";

/** Id of the singleton Protocol entity. */
export const PROTOCOL_ID = "mosaic";

export const ZERO_BI = BigInt.zero();

export const SECONDS_PER_DAY = 86400;
/** A dispute share below this (in basis points) counts as lost by the vendor. */
export const HALF_BPS = 5000;
/** The escrow's `INITIAL_FEE_BPS`: the fee in force until the first announced change applies. */
export const INITIAL_FEE_BPS = 50;
export const I32_MAX = 2147483647;

// Enum values as the schema spells them (GraphQL enums are strings in mappings).

export namespace JobStatus {
  export const Open = "Open";
  export const Hired = "Hired";
  export const Disputed = "Disputed";
  export const Completed = "Completed";
  export const Cancelled = "Cancelled";
}

export namespace MilestoneState {
  export const Created = "Created";
  export const Funded = "Funded";
  export const Submitted = "Submitted";
  export const Paid = "Paid";
  export const Refunded = "Refunded";
  export const Cancelled = "Cancelled";
  export const Disputed = "Disputed";
  export const Resolved = "Resolved";
}

export namespace BonusState {
  export const None = "None";
  export const Held = "Held";
  export const Released = "Released";
  export const Returned = "Returned";
  export const Disputed = "Disputed";
  export const Resolved = "Resolved";
}

export namespace Role {
  export const Client = "Client";
  export const Vendor = "Vendor";
}

export namespace PaymentKind {
  export const Milestone = "Milestone";
  export const Bonus = "Bonus";
  export const Dispute = "Dispute";
}

export namespace RefundKind {
  export const BeforeHire = "BeforeHire";
  export const DeadlineMissed = "DeadlineMissed";
  export const BonusReturned = "BonusReturned";
  export const Dispute = "Dispute";
}

export namespace DisputeStatus {
  export const Open = "Open";
  export const Resolved = "Resolved";
}

export namespace OperatorActionKind {
  export const FeeChangeAnnounced = "FeeChangeAnnounced";
  export const TokenConfigured = "TokenConfigured";
  export const DefaultArbiterSet = "DefaultArbiterSet";
  export const DefaultArbiterChangeAnnounced = "DefaultArbiterChangeAnnounced";
  export const TreasurySet = "TreasurySet";
  export const Paused = "Paused";
  export const Unpaused = "Unpaused";
  export const OwnershipTransferStarted = "OwnershipTransferStarted";
  export const OwnershipTransferred = "OwnershipTransferred";
}

export namespace HourBankState {
  export const Active = "Active";
  export const Closed = "Closed";
  export const ClosedEarly = "ClosedEarly";
}

export namespace HourLogState {
  export const Pending = "Pending";
  export const Approved = "Approved";
  export const Released = "Released";
  export const Contested = "Contested";
  export const Ruled = "Ruled";
  export const TimedOut = "TimedOut";
}

export namespace HourPaymentKind {
  export const Log = "Log";
  export const Dispute = "Dispute";
  export const Notice = "Notice";
}

export namespace HourRefundKind {
  export const Unused = "Unused";
  export const Dispute = "Dispute";
}

/** The escrow's `Resolution` enum (uint8 in DisputeResolved), by ordinal. */
export function resolutionName(ordinal: i32): string {
  if (ordinal == 0) return "Ruling";
  if (ordinal == 1) return "Settlement";
  return "Timeout";
}
