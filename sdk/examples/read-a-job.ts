/**
 * 1. Read a job: its terms, parties and milestones, amounts formatted exactly.
 *
 *   node sdk/examples/read-a-job.ts [jobId]      (default: the latest job)
 */
import { ETH, formatAmount, jobCount, readJob } from "@mosaic/sdk";
import { zeroAddress } from "viem";
import { contextFor, accounts } from "./setup.ts";

const ctx = contextFor(accounts[0]);
const count = await jobCount(ctx);
if (count === 0n) {
  console.log("No jobs yet: run post-and-fund.ts (or `npm run seed`) first.");
  process.exit(1);
}
const jobId = process.argv[2] ? BigInt(process.argv[2]) : count;
const job = await readJob(ctx, jobId);
const unit = job.token === zeroAddress ? ETH : { symbol: "tokens", decimals: 6 };

console.log(`job #${job.id} of ${count}`);
console.log(`  client   ${job.client}`);
console.log(`  vendor   ${job.vendor === zeroAddress ? "(not hired yet)" : job.vendor}`);
console.log(`  token    ${job.token === zeroAddress ? "ETH" : job.token}`);
console.log(`  review   ${job.reviewWindow / 3600} h after each submission`);
for (const m of job.milestones) {
  const bonus = m.bonus > 0n ? ` + bonus ${formatAmount(m.bonus, unit)}` : "";
  console.log(`  milestone ${m.index}: ${formatAmount(m.amount, unit)}${bonus}, ${m.stateName}`);
}
