/** What the job page hands to its client components (plain, serializable data). */
export interface ActionMilestone {
  index: number;
  amount: string;
  bonus: string;
  state: string;
  bonusState: string;
  deadline: number;
  reviewEndsAt: number | null;
  outcomeDeadline: number;
  disputeRaisedAt: number | null;
  /** The client sent the last submission back (the vendor may then dispute before the deadline). */
  changesRequested: boolean;
}

export interface QuoteView {
  cid: string;
  vendor: `0x${string}`;
  price: string;
  nonce: string;
  expiresAt: number;
  signature: `0x${string}`;
  message: string | null;
  /** Why it cannot be used, or null when it can. */
  problem: string | null;
}

export interface ActionJob {
  id: string;
  client: `0x${string}`;
  vendor: `0x${string}` | null;
  token: { address: `0x${string}`; symbol: string; decimals: number; isEther: boolean };
  open: boolean;
  requiredSkills: `0x${string}`[];
  milestones: ActionMilestone[];
  paidSomething: boolean;
  clientRated: boolean;
  vendorRated: boolean;
  disputeTimeoutSeconds: number;
  /** The arbiter's fee this job was posted with: a vendor's dispute bonds this share of the frozen amount. */
  arbiterFeeBps: number;
}

/** A signed settlement offer for a disputed milestone, stored as a note. */
export interface SettlementOffer {
  cid: string;
  index: number;
  vendorBps: number;
  deadline: number;
  signer: `0x${string}`;
  signature: `0x${string}`;
}
