import { ethereum } from "@graphprotocol/graph-ts";
import { Job, Milestone, Protocol, Vendor } from "../../generated/schema";
import { BonusState, JobStatus, MilestoneState, ZERO_BI } from "./constants";
import { getOrCreateProtocol } from "./getters";

/** Whether money or work is still undecided: the base, or a bonus that is held or frozen. */
function isLive(state: string, bonusState: string): boolean {
  return (
    state == MilestoneState.Created ||
    isInProgress(state) ||
    bonusState == BonusState.Held ||
    bonusState == BonusState.Disputed
  );
}

/** Whether the base amount is escrowed and not yet paid, refunded or resolved. */
function isInProgress(state: string): boolean {
  return state == MilestoneState.Funded || state == MilestoneState.Submitted || state == MilestoneState.Disputed;
}

function isFrozen(state: string, bonusState: string): boolean {
  return state == MilestoneState.Disputed || bonusState == BonusState.Disputed;
}

function delta(before: boolean, after: boolean): i32 {
  return (after ? 1 : 0) - (before ? 1 : 0);
}

/**
 * Moves a milestone to a new state and keeps the job's counters in step. Changes the job and
 * the milestone in memory; the caller saves the milestone and ends with `finishJob`.
 */
export function moveMilestone(job: Job, milestone: Milestone, state: string, bonusState: string): void {
  let oldState = milestone.state;
  let oldBonus = milestone.bonusState;
  job.liveMilestones += delta(isLive(oldState, oldBonus), isLive(state, bonusState));
  job.milestonesInProgress += delta(isInProgress(oldState), isInProgress(state));
  job.activeDisputes += delta(isFrozen(oldState, oldBonus), isFrozen(state, bonusState));
  milestone.state = state;
  milestone.bonusState = bonusState;
}

function deriveStatus(job: Job): string {
  if (job.liveMilestones == 0) {
    return job.vendorGross.gt(ZERO_BI) ? JobStatus.Completed : JobStatus.Cancelled;
  }
  if (job.activeDisputes > 0) return JobStatus.Disputed;
  return job.vendor !== null ? JobStatus.Hired : JobStatus.Open;
}

/**
 * Derives the job's status and whether it counts in its vendor's activeJobs, then saves the job.
 * Loads and saves the job's Vendor and the Protocol when they change: call it last, after
 * saving any copy of those.
 */
export function finishJob(job: Job, event: ethereum.Event): void {
  let vendorId = job.vendor;
  let vendorActive = vendorId !== null && job.milestonesInProgress > 0;
  if (vendorActive != job.vendorActive && vendorId !== null) {
    let vendor = Vendor.load(vendorId);
    if (vendor != null) {
      vendor.activeJobs += vendorActive ? 1 : -1;
      vendor.updatedAt = event.block.timestamp;
      vendor.save();
    }
    job.vendorActive = vendorActive;
  }
  let status = deriveStatus(job);
  if (status != job.status) {
    if (status == JobStatus.Completed || status == JobStatus.Cancelled) {
      let protocol: Protocol = getOrCreateProtocol();
      if (status == JobStatus.Completed) protocol.completedJobCount += 1;
      else protocol.cancelledJobCount += 1;
      protocol.save();
    }
    job.status = status;
  }
  job.updatedAt = event.block.timestamp;
  job.save();
}

/** Whether `state` is one the base amount can be disputed from. */
export function baseIsDisputable(state: string): boolean {
  return state == MilestoneState.Funded || state == MilestoneState.Submitted;
}
