/**
 * A job read straight from the escrow, for the moments the index has not caught up with the chain
 * yet (right after posting, or while the indexer is down): the client still sees what it funded.
 */
import { mosaicEscrowAbi } from "@mosaic/sdk/contracts";
import { MILESTONE_STATES } from "@mosaic/sdk/jobs";
import { publicClient } from "./chain.ts";
import { serverConfig } from "./config.ts";
import { contractsOn } from "./public-config.ts";
import { tokenInfo, type TokenInfo } from "./tokens.ts";

export interface ChainJob {
  id: string;
  client: string;
  vendor: string | null;
  arbiter: string;
  token: TokenInfo;
  block: bigint;
  milestones: { index: number; amount: bigint; bonus: bigint; deadline: number; state: string }[];
}

/** The job as the escrow holds it at the latest block, or null when no such job exists on chain. */
export async function chainJob(id: string): Promise<ChainJob | null> {
  if (!/^\d{1,30}$/.test(id)) return null;
  const escrow = contractsOn(serverConfig().chainId)?.escrow;
  if (!escrow) return null;
  const client = publicClient();
  const jobId = BigInt(id);
  const block = await client.getBlockNumber();
  const count = await client.readContract({
    address: escrow,
    abi: mosaicEscrowAbi,
    functionName: "jobCount",
    blockNumber: block,
  });
  if (jobId < 1n || jobId > count) return null;
  const job = await client.readContract({
    address: escrow,
    abi: mosaicEscrowAbi,
    functionName: "jobOf",
    args: [jobId],
    blockNumber: block,
  });
  const milestones = await Promise.all(
    Array.from({ length: Number(job.milestoneCount) }, (_, index) =>
      client.readContract({
        address: escrow,
        abi: mosaicEscrowAbi,
        functionName: "milestoneOf",
        args: [jobId, BigInt(index)],
        blockNumber: block,
      }),
    ),
  );
  const zero = "0x0000000000000000000000000000000000000000";
  return {
    id: jobId.toString(),
    client: job.client.toLowerCase(),
    vendor: job.vendor === zero ? null : job.vendor.toLowerCase(),
    arbiter: job.arbiter.toLowerCase(),
    token: await tokenInfo(job.token),
    block,
    milestones: milestones.map((m, index) => ({
      index,
      amount: BigInt(m.amount),
      bonus: BigInt(m.bonus),
      deadline: Number(m.deadline),
      state: MILESTONE_STATES[Number(m.state)] ?? `state ${m.state}`,
    })),
  };
}
