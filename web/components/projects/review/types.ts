/** What the job page hands to the project components of a job (plain, serializable data). */
import type { ActionJob } from "@/components/job/types";

export interface ProjectPartActionsProps {
  /** The project registry's address on the chain the app serves. */
  registry: `0x${string}`;
  projectId: string;
  jobId: string;
  token: ActionJob["token"];
  /** The project's client: it names the reviewer. */
  projectClient: string;
  /** The job's hired vendor (never the reviewer). */
  jobVendor: string | null;
  /** The part's review layer, or null when the job is no part's own job (a shift's job, a sub-job). */
  part: {
    index: number;
    budget: string;
    skills: `0x${string}`[];
    reviewer: string | null;
    reviewerShare: string;
    reviewState: "None" | "Held" | "Paid" | "Refunded";
    signedOff: boolean;
    /** Whether the part may take a reviewer: a part of one job, not a relay. */
    reviewable: boolean;
  } | null;
  /** The job's milestones awaiting a verdict (Submitted). */
  submitted: number[];
  /** What `settleReview` would do now: pay the reviewer, refund the client, or nothing yet. */
  settlement: "pay" | "refund" | null;
  chainNow: number;
}
