import { Address, BigInt } from "@graphprotocol/graph-ts";
import {
  handleJobPosted,
  handleMilestoneReleased,
  handleMilestonesFunded,
  handleTokenConfigured,
  handleVendorHired,
} from "../../src/mappings/escrow";
import { handleVendorProfileSet } from "../../src/mappings/registry";
import {
  JobSpec,
  jobPosted,
  milestone,
  milestoneReleased,
  milestonesFunded,
  tokenConfigured,
  vendorHired,
} from "./escrow-events";
import { ETH, VENDOR, ether, skill } from "./mock";
import { vendorProfileSet } from "./registry-events";

// A standard job, in ETH, at the default 0.5% fee:
//   milestone 0: 100 ETH + 10 ETH bonus, due in 10 days (bonus decided by day 20)
//   milestone 1:  50 ETH, due in 20 days
// One unit of rating weight is 0.001 ETH.

export const WEIGHT_UNIT = BigInt.fromI32(10).pow(15);
export const FEE_BPS = 50;

export function amount0(): BigInt {
  return ether(100);
}

export function bonus0(): BigInt {
  return ether(10);
}

export function amount1(): BigInt {
  return ether(50);
}

export function jobTotal(): BigInt {
  return ether(160);
}

/** The escrow's fee on a vendor credit: gross x feeBps / 10000, rounded down. */
export function feeOf(gross: BigInt): BigInt {
  return gross.times(BigInt.fromI32(FEE_BPS)).div(BigInt.fromI32(10000));
}

export function configureEth(): void {
  handleTokenConfigured(tokenConfigured(ETH, true, WEIGHT_UNIT));
}

export function registerVendor(vendor: Address): void {
  handleVendorProfileSet(vendorProfileSet(vendor, [skill("solidity")], BigInt.fromI32(10000), 0, 40, "bafy-vendor"));
}

export function standardJob(jobId: i32): JobSpec {
  let spec = new JobSpec();
  spec.jobId = jobId;
  spec.milestones = [milestone(amount0(), 10, bonus0()), milestone(amount1(), 20)];
  return spec;
}

export function postJob(spec: JobSpec): void {
  handleJobPosted(jobPosted(spec));
}

/** Posts the standard job and funds both milestones. */
export function postFundedJob(jobId: i32): void {
  postJob(standardJob(jobId));
  handleMilestonesFunded(milestonesFunded(jobId, 0, 2, jobTotal()));
}

/** Posts and funds the standard job, and hires VENDOR from a quote. */
export function postHiredJob(jobId: i32): void {
  configureEth();
  registerVendor(VENDOR);
  postFundedJob(jobId);
  handleVendorHired(vendorHired(jobId, VENDOR, true));
}

/** Releases a milestone's base amount to VENDOR with the standard fee. */
export function release(jobId: i32, index: i32, gross: BigInt, automatic: boolean = false): void {
  let fee = feeOf(gross);
  handleMilestoneReleased(milestoneReleased(jobId, index, VENDOR, gross.minus(fee), fee, automatic));
}
