import type { ActionJob } from "@/components/job/types";

/** What the job page hands to the sub-job form: the parent job's terms a sub-job reuses. */
export interface SubJobFormProps {
  registry: `0x${string}`;
  escrow: `0x${string}`;
  parentJobId: string;
  /** The parent job's hired vendor: only it may link a sub-job. */
  prime: string | null;
  token: ActionJob["token"];
  arbiter: `0x${string}`;
  arbiterFeeBps: number;
  reviewWindow: number;
  chainNow: number;
}
