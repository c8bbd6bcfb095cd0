/**
 * 5. Query the index: every job (paged by id), one job, and waiting until a transaction of yours
 *    is indexed before reading it back.
 *
 *   node sdk/examples/query-the-index.ts
 */
import {
  createIndexClient,
  formatUnits,
  indexedJob,
  indexedJobs,
  indexStatus,
  parseUnits,
  postAndFund,
  waitUntilIndexed,
} from "@mosaic/sdk";
import { accounts, chainTime, contextFor, indexUrl } from "./setup.ts";

const index = createIndexClient(indexUrl);
const status = await indexStatus(index);
console.log(`index at block ${status.block ?? "(none)"}`);

// Post a job, then wait for the index to reach the transaction's block before reading it.
const client = contextFor(accounts[3]);
const { jobId, receipt } = await postAndFund(
  client,
  { reviewWindow: 86_400, open: true, specCid: "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku" },
  [{ amount: parseUnits("0.1", 18), deadline: (await chainTime()) + 86_400n * 5n }],
);
await waitUntilIndexed(index, receipt.blockNumber, { timeoutMs: 60_000 });
const job = await indexedJob(index, jobId);
console.log(`job #${jobId} in the index: ${job?.status}, ${formatUnits(job?.escrowed ?? 0n, 18)} ETH escrowed`);

// Every job, 2 per page (use up to 1000), in id order: stable while new jobs arrive.
const all = await indexedJobs(index, { first: 2 });
console.log(
  `${all.length} jobs indexed; ${all.filter((j) => j.client === accounts[3].toLowerCase()).length} by ${accounts[3]}`,
);
// A filter pages the same way: here the jobs still open for claims.
const open = await indexedJobs(index, { where: { status: "Open" }, first: 2 });
console.log(`${open.length} of them open: ${open.map((j) => `#${j.id}`).join(", ")}`);
if (!job) process.exit(1);
