import type { Metadata } from "next";
import { PostJobSlot } from "@/components/post-job/post-job-slot";
import type { PostJobOptions } from "@/components/post-job/types";
import { skillLabel } from "@/lib/format";
import { mosaicEscrowAbi } from "@mosaic/sdk/contracts";
import { chainNow, publicClient } from "@/server/chain";
import { serverConfig } from "@/server/config";
import { contractsOn } from "@/server/public-config";
import { newBusinessPaused } from "@/server/paused";
import { boardOptions } from "@/server/jobs";
import { querySubgraph, SubgraphError } from "@/server/subgraph";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Post a job" };

/** The default arbiter in force now, from the escrow (an announced change applies only after its delay). */
async function defaultArbiterNow(): Promise<{ address: `0x${string}`; feeBps: number } | null | undefined> {
  const contracts = contractsOn(serverConfig().chainId);
  if (!contracts) return undefined;
  try {
    const [address, feeBps] = await publicClient().readContract({
      address: contracts.escrow,
      abi: mosaicEscrowAbi,
      functionName: "defaultArbiter",
    });
    return /^0x0{40}$/i.test(address) ? null : { address, feeBps };
  } catch {
    return undefined;
  }
}

// The escrow's bounds (MosaicEscrow.sol: MAX_MILESTONES, MIN/MAX_REVIEW_WINDOW, MAX_ARBITER_FEE_BPS).
const LIMITS = { maxMilestones: 64, minReviewDays: 1, maxReviewDays: 30, maxArbiterFeeBps: 500 };

export default async function NewJobPage() {
  let options: PostJobOptions;
  try {
    const [board, now, paused, protocol, onChainArbiter] = await Promise.all([
      boardOptions(),
      chainNow(),
      newBusinessPaused(),
      querySubgraph<{
        protocol: { defaultArbiter: string | null; defaultArbiterFeeBps: number; feeBps: number } | null;
      }>(`{ protocol(id: "mosaic") { defaultArbiter defaultArbiterFeeBps feeBps } }`),
      defaultArbiterNow(),
    ]);
    options = {
      skills: board.skills
        .map((tag) => ({ tag: tag as `0x${string}`, name: skillLabel(tag) }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      tokens: board.tokens,
      defaultArbiter:
        onChainArbiter !== undefined
          ? onChainArbiter
          : protocol.protocol?.defaultArbiter
            ? {
                address: protocol.protocol.defaultArbiter as `0x${string}`,
                feeBps: protocol.protocol.defaultArbiterFeeBps,
              }
            : null,
      feeBps: protocol.protocol?.feeBps ?? 50,
      chainNow: now,
      paused,
      ...LIMITS,
    };
  } catch (error) {
    if (!(error instanceof SubgraphError)) throw error;
    return (
      <>
        <h1>Post a job</h1>
        <p role="alert" className="error">
          {error.message}
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Post a job</h1>
      <p className="muted">
        Cut the work into milestones. Each is escrowed on chain and paid when you approve it, or automatically when the
        review window passes.
      </p>
      <PostJobSlot options={options} />
    </>
  );
}
