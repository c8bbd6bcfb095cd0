/**
 * Completion and dispute record.
 *
 *   completionRate = (paidJobs + 1) / (finishedJobs + 2)       Laplace-smoothed
 *   incidentRate   = min(1, (refunded + lost + 0.25 * disputesNotLost) / (finishedJobs + 1))
 *   fit            = 0.6 * completionRate + 0.4 * (1 - incidentRate)
 *
 * Finished jobs are hired jobs no longer active. A refunded milestone or a lost
 * dispute is the vendor's failure; a dispute not lost still signals friction, at a
 * quarter of the cost. Smoothing keeps one early job from swinging the fit.
 */

const COMPLETION_SHARE = 0.6;
const INCIDENT_SHARE = 0.4;
const DISPUTE_NOT_LOST_COST = 0.25;

export interface TrackRecordEvidence {
  finishedJobs: number;
  completionRate: number;
  incidentRate: number;
  fit: number;
}

export function trackRecordEvidence(
  hiredJobs: number,
  paidJobs: number,
  activeJobs: number,
  refundedMilestones: number,
  disputedMilestones: number,
  disputesLost: number,
): TrackRecordEvidence {
  const paid = Math.max(0, paidJobs);
  const finishedJobs = Math.max(paid, hiredJobs - Math.max(0, activeJobs));
  const completionRate = (paid + 1) / (finishedJobs + 2);
  const lost = Math.max(0, disputesLost);
  const incidents =
    Math.max(0, refundedMilestones) + lost + DISPUTE_NOT_LOST_COST * Math.max(0, disputedMilestones - lost);
  const incidentRate = Math.min(1, incidents / (finishedJobs + 1));
  const fit = COMPLETION_SHARE * completionRate + INCIDENT_SHARE * (1 - incidentRate);
  return { finishedJobs, completionRate, incidentRate, fit };
}
