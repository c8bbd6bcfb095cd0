/**
 * Availability and current load.
 *
 * Free hours are the advertised weekly hours minus an assumed share per active
 * job. The fit mixes whether those hours cover what the job needs (70%) with a
 * load term that falls with every active job (30%), because a busy vendor
 * answers slower even with hours to spare.
 */

const COVERAGE_SHARE = 0.7;
const LOAD_SHARE = 0.3;

export function freeHoursPerWeek(availabilityHours: number, activeJobs: number, hoursPerActiveJob: number): number {
  return Math.max(0, availabilityHours - Math.max(0, activeJobs) * hoursPerActiveJob);
}

export function availabilityFit(
  availabilityHours: number,
  activeJobs: number,
  neededHoursPerWeek: number,
  hoursPerActiveJob: number,
): number {
  const free = freeHoursPerWeek(availabilityHours, activeJobs, hoursPerActiveJob);
  const coverage = neededHoursPerWeek <= 0 ? 1 : Math.min(1, free / neededHoursPerWeek);
  return COVERAGE_SHARE * coverage + LOAD_SHARE / (1 + Math.max(0, activeJobs));
}

const SECONDS_PER_WEEK = 7 * 24 * 3600;
/** A deadline closer than a day is treated as a day away, not as infinite hours. */
const MIN_WEEKS_LEFT = 1 / 7;

/**
 * Weekly hours the job needs: given outright, or the estimated hours spread over
 * the time left before the deadline, or the configured default.
 */
export function neededHoursPerWeek(
  hoursPerWeek: number | null,
  estimatedHours: number | null,
  deadline: number | null,
  now: number | null,
  defaultHoursPerWeek: number,
): number {
  if (hoursPerWeek !== null) return hoursPerWeek;
  if (estimatedHours !== null && deadline !== null && now !== null) {
    const weeksLeft = Math.max(MIN_WEEKS_LEFT, (deadline - now) / SECONDS_PER_WEEK);
    return estimatedHours / weeksLeft;
  }
  return defaultHoursPerWeek;
}
