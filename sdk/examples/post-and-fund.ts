/**
 * 2. Post and fund a job: two milestones in ETH, escrowed in the same transaction. A call the
 *    contract refuses fails before anything is sent, with the contract's own explanation.
 *
 *   node sdk/examples/post-and-fund.ts
 */
import {
  MosaicContractError,
  documentCid,
  formatUnits,
  parseUnits,
  postAndFund,
  readJob,
  writeEscrow,
} from "@mosaic/sdk";
import { accounts, chainTime, contextFor } from "./setup.ts";

const client = contextFor(accounts[3]);
const now = await chainTime();
const DAY = 86_400n;

// The job's specification is an off-chain document; the escrow keeps its CID.
const specCid = await documentCid({
  title: "Audit the payout module",
  description: "Review Payouts.sol and report findings with severities.",
  skills: ["solidity", "security"],
});

const { jobId, total, hash } = await postAndFund(
  client,
  { reviewWindow: 3 * 86_400, open: true, requiredSkills: ["solidity"], specCid },
  [
    { amount: parseUnits("0.75", 18), deadline: now + 7n * DAY },
    { amount: parseUnits("1.25", 18), deadline: now + 14n * DAY },
  ],
);
console.log(`posted and funded job #${jobId}: ${formatUnits(total, 18)} ETH escrowed (tx ${hash})`);

const job = await readJob(client, jobId);
console.log(`milestones: ${job.milestones.map((m) => m.stateName).join(", ")}`);

// Approving a milestone nobody submitted: the escrow refuses, and says why.
try {
  await writeEscrow(client, "approve", [jobId, 0n]);
} catch (error) {
  if (!(error instanceof MosaicContractError)) throw error;
  console.log(`refused as expected: ${error.message}`);
}
