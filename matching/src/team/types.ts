import type { MatchingConfigInput } from "../config.ts";
import type { TrustScores } from "../trust/compute.ts";
import type { Address, Placement, SkillTag } from "../types.ts";
import type { CoverageGap, WorkingWindow } from "./hours.ts";

/** A part covered around the clock (or over a window) by 2 or 3 vendors in turn. */
export interface RelaySpec {
  /** Days the relay runs: each member is paid its shift's hours x days. */
  days: number;
  /** The client's hours to cover, on the client's clock (default: all 24). */
  window?: WorkingWindow;
  /** Fewest and most vendors in the relay (defaults 2 and 3; 2 ≤ min ≤ max ≤ 3). */
  minVendors?: number;
  maxVendors?: number;
}

/** One part of a project: its own skills, budget and hours. */
export interface ProjectPart {
  /** Unique within the project. */
  id: string;
  title?: string;
  requiredSkills: readonly SkillTag[];
  niceToHaveSkills?: readonly SkillTag[];
  /** Hours of work (not a relay): the vendor's price is its hourly rate x hours. */
  hours?: number;
  /** Most this part may cost, in US cents. */
  budgetCapCents?: number;
  /** Most this part may cost, as a share (0..1] of the project's budget; the lower cap wins with budgetCapCents. */
  budgetShare?: number;
  /** Minimum rating x100, as on the job board (450 = 4.50). */
  minRating?: number;
  minPaidJobs?: number;
  /** Hours (client's clock) the vendor should work in (default: the project's working hours). Not for a relay. */
  window?: WorkingWindow;
  /** Whole hours of `window` the vendor must work; fewer excludes it (default 0). Not for a relay. */
  minOverlapHours?: number;
  /** Set to make this a relay part. */
  relay?: RelaySpec;
  /** A vendor may hold this part and another part that also allows it (default: one part per vendor). */
  allowSharedVendor?: boolean;
  excludeVendors?: readonly Address[];
}

export interface Project {
  id?: string;
  title?: string;
  /** Total budget for all parts, in US cents. */
  budgetCents: number;
  /** The client's UTC offset in minutes (east positive). */
  clientTimezoneOffsetMinutes: number;
  /** The client's working hours, local (default: the matching config's 09:00 + 8 h). */
  clientWorkingHours?: WorkingWindow;
  parts: readonly ProjectPart[];
  /** Never proposed for any part, e.g. the client's own address. */
  excludeVendors?: readonly Address[];
}

export interface TeamOptions {
  /** Candidates per ordinary part, from the top of its ranking (default 10), plus one per vendor the other parts hold. */
  candidatesPerPart?: number;
  /** Candidates per relay part, from the top of its ranking; every pair and triple of them is tried (default 40). */
  relayCandidates?: number;
  /** Vendors' working windows in their own local time, by address (default: the config's workday). */
  workingHours?: ReadonlyMap<Address, WorkingWindow> | Readonly<Record<Address, WorkingWindow>>;
  /** Only when passing records (an index carries its own). */
  config?: MatchingConfigInput;
  trust?: TrustScores | null;
  /** Alternatives listed per part, best first (default 5). */
  swapsPerPart?: number;
}

/** A candidate of one part, with what the team needs to know about it. */
export interface PartCandidate {
  address: Address;
  hourlyRateCents: number;
  /** Ordinary part: rate x hours. Relay: null (the price depends on the shift). */
  priceCents: number | null;
  /** The ranking's score (0..100) for this part's demand. */
  score: number;
  rank: number;
  placement: Placement;
  reasons: string[];
  /** The vendor's working window, local time. */
  window: WorkingWindow;
  /** Client hours (of the part's required hours) the vendor works. */
  coveredHours: number[];
  /** For choosing who is on duty in a relay: minutes into the vendor's window at each client hour. */
  minutesIntoWindow: number[];
}

export interface TeamMember {
  address: Address;
  hourlyRateCents: number;
  priceCents: number;
  score: number;
  reasons: string[];
  placement: Placement;
  window: WorkingWindow;
  /** Relay: the client hours this member is on duty (its shift). Ordinary part: the hours it works of the part's window. */
  hours: number[];
}

export interface PartCoverage {
  /** Client hours the part needs covered (the relay window, or the part's working window). */
  requiredHours: number;
  coveredHours: number;
  /** Slot h is the client's hour h..h+1: who is on duty then (null: nobody, or not required). */
  slots: (Address | null)[];
  /** Which slots the part needs. */
  required: boolean[];
  gaps: CoverageGap[];
}

export interface SwapEffect {
  partId: string;
  replace: Address;
  with: Address;
  /** New minus current. */
  costDeltaCents: number;
  scoreDelta: number;
  coverageDeltaHours: number;
  totalCostCents: number;
  withinBudget: boolean;
  /** Why the swap is not allowed as is (a vendor already in another part, a member that would do nothing), or null. */
  conflict: string | null;
}

export interface PartProposal {
  partId: string;
  title: string | null;
  kind: "single" | "relay";
  /** The part lets its vendors hold another part that allows it too. */
  allowSharedVendor: boolean;
  members: TeamMember[];
  priceCents: number;
  /** The vendor's score; for a relay the mean of its members' scores. */
  score: number;
  coverage: PartCoverage;
  /** The part's cap in cents, or null. */
  budgetCapCents: number | null;
  /** Relay days, or null. */
  days: number | null;
  /** The ranking's candidates for this part, best first; the team was chosen among these. */
  candidates: PartCandidate[];
  /** The best alternatives: one member replaced by another candidate, best resulting team first. */
  swaps: SwapEffect[];
}

export interface TeamProposal {
  projectId: string | null;
  budgetCents: number;
  totalCostCents: number;
  /** Sum of the parts' scores. */
  totalScore: number;
  /** Relay parts only: hours covered over hours required, summed. */
  relayCoveredHours: number;
  relayRequiredHours: number;
  /** All parts: hours covered over hours required, summed. */
  coveredHours: number;
  requiredHours: number;
  clientTimezoneOffsetMinutes: number;
  parts: PartProposal[];
  search: {
    /** Options (a vendor, or a relay of 2-3) considered per part. */
    optionsPerPart: Record<string, number>;
    /** Partial teams the branch and bound expanded. */
    nodes: number;
  };
}
