/** Field-level validation of the post-a-job form; every message is shown next to its field. */
import { parseUnits } from "@mosaic/sdk/amounts";
import { skillSlugProblem } from "@/lib/skill-slug";
import { toUnix } from "./local-time";

export interface MilestoneInput {
  key: number;
  title: string;
  amount: string;
  bonus: string;
  deadline: string;
}

export interface FormInput {
  title: string;
  description: string;
  skills: string[];
  otherSkills: string;
  token: string;
  milestones: MilestoneInput[];
  reviewDays: string;
  arbiter: string;
  arbiterFeePercent: string;
  hiring: "open" | "invite";
  minRating: string;
  minPaidJobs: string;
  utcOffset: string;
  overlapHours: string;
  rateCeiling: string;
}

export type Errors = Record<string, string>;

export function amountError(value: string, decimals: number, required: boolean): string | null {
  const v = value.trim();
  if (v === "") return required ? "Enter an amount." : null;
  if (!/^\d+(\.\d+)?$/.test(v)) return "Enter a number like 1500 or 0.25.";
  const fraction = v.split(".")[1] ?? "";
  if (fraction.length > decimals)
    return `This token has ${decimals} decimals: use at most ${decimals} digits after the point.`;
  if (required && parseUnits(v, decimals) === 0n) return "The amount must be more than zero.";
  return null;
}

export { toUnix } from "./local-time";

/** A problem with one of the skill names the job asks for (each becomes a bytes32 tag), or null. */
export function skillNamesProblem(names: string[]): string | null {
  let problem: string | null = null;
  for (const name of names) {
    if (new TextEncoder().encode(name).length > 31) problem = `"${name}" is too long for a skill tag (31 bytes).`;
    else problem ??= skillSlugProblem(name);
  }
  return problem;
}

export function validate(
  input: FormInput,
  ctx: {
    decimals: number;
    now: number;
    maxMilestones: number;
    minReviewDays: number;
    maxReviewDays: number;
    maxArbiterFeeBps: number;
  },
): Errors {
  const errors: Errors = {};
  if (!input.title.trim()) errors.title = "Give the job a title.";
  else if (input.title.length > 200) errors.title = "Keep the title under 200 characters.";
  if (!input.description.trim()) errors.description = "Describe the work.";
  if (input.milestones.length === 0) errors.milestones = "Add at least one milestone.";
  if (input.milestones.length > ctx.maxMilestones) errors.milestones = `At most ${ctx.maxMilestones} milestones.`;
  let previous = ctx.now;
  input.milestones.forEach((m, i) => {
    const n = i + 1;
    const amount = amountError(m.amount, ctx.decimals, true);
    if (amount) errors[`m${m.key}.amount`] = amount;
    const bonus = amountError(m.bonus, ctx.decimals, false);
    if (bonus) errors[`m${m.key}.bonus`] = bonus;
    if (!m.deadline) errors[`m${m.key}.deadline`] = "Pick a deadline.";
    else {
      const at = toUnix(m.deadline);
      if (Number.isNaN(at)) errors[`m${m.key}.deadline`] = "Pick a valid date and time.";
      else if (at <= ctx.now) errors[`m${m.key}.deadline`] = "The deadline must be in the future (chain time).";
      else if (at < previous)
        errors[`m${m.key}.deadline`] = `Milestone ${n} must not be due before milestone ${n - 1}.`;
      else previous = at;
    }
  });
  const days = Number(input.reviewDays);
  if (!Number.isInteger(days) || days < ctx.minReviewDays || days > ctx.maxReviewDays) {
    errors.reviewDays = `Choose whole days from ${ctx.minReviewDays} to ${ctx.maxReviewDays}.`;
  }
  if (input.arbiter.trim()) {
    if (!/^0x[0-9a-fA-F]{40}$/.test(input.arbiter.trim()))
      errors.arbiter = "Enter a 0x address, or leave empty for the default arbiter.";
    const fee = Number(input.arbiterFeePercent);
    if (!Number.isFinite(fee) || fee < 0 || fee * 100 > ctx.maxArbiterFeeBps) {
      errors.arbiterFeePercent = `The arbiter fee must be from 0 to ${ctx.maxArbiterFeeBps / 100}%.`;
    }
  }
  if (input.hiring === "open") {
    const rating = Number(input.minRating || "0");
    if (!Number.isFinite(rating) || rating < 0 || rating > 5) errors.minRating = "Choose a rating from 0 to 5.";
    const ratings = Number(input.minPaidJobs || "0");
    if (!Number.isInteger(ratings) || ratings < 0 || ratings > 65535)
      errors.minPaidJobs = "Choose a whole number of paid jobs.";
  }
  if (input.utcOffset.trim()) {
    const offset = Number(input.utcOffset);
    if (!Number.isFinite(offset) || offset < -12 || offset > 14 || !Number.isInteger(offset * 4)) {
      errors.utcOffset = "Enter an offset from -12 to 14 hours (quarter hours allowed).";
    }
  }
  if (input.overlapHours.trim()) {
    const h = Number(input.overlapHours);
    if (!Number.isInteger(h) || h < 0 || h > 8) errors.overlapHours = "Enter whole hours from 0 to 8.";
  }
  if (input.rateCeiling.trim()) {
    const r = Number(input.rateCeiling);
    if (!Number.isFinite(r) || r <= 0) errors.rateCeiling = "Enter a positive number of US dollars per hour.";
  }
  return errors;
}
