import type { Metadata } from "next";
import { mosaicEscrowAbi, mosaicAddresses } from "@mosaic/sdk/contracts";
import { NewProjectSlot } from "@/components/projects/new/slot";
import { chainNow, publicClient } from "@/server/chain";
import { serverConfig } from "@/server/config";
import { boardOptions } from "@/server/jobs";
import { newBusinessPaused } from "@/server/paused";
import { SubgraphError } from "@/server/subgraph";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Start a project" };

/** The escrow's default arbiter in force now: every part's job names it, as a posted job does. */
async function defaultArbiter(escrow: `0x${string}`) {
  try {
    const [address, feeBps] = await publicClient().readContract({
      address: escrow,
      abi: mosaicEscrowAbi,
      functionName: "defaultArbiter",
    });
    return /^0x0{40}$/i.test(address) ? null : { address, feeBps };
  } catch {
    return null;
  }
}

function deployment() {
  try {
    return mosaicAddresses(serverConfig().chainId);
  } catch {
    return null;
  }
}

export default async function NewProjectPage() {
  const contracts = deployment();
  const intro = (
    <>
      <h1>Start a project</h1>
      <p className="muted">
        One demand, decomposed into parts: each part matched to the best vendors by skill, cost and time zone, the team
        chosen together under your budget, relay parts covered around the clock. Every part is paid by an ordinary
        escrow job you fund and approve.
      </p>
    </>
  );
  if (!contracts?.projectRegistry) {
    return (
      <>
        {intro}
        <p role="alert" className="error">
          Projects are not deployed on this chain.
        </p>
      </>
    );
  }
  let tokens;
  try {
    tokens = (await boardOptions()).tokens;
  } catch (error) {
    if (!(error instanceof SubgraphError)) throw error;
    return (
      <>
        {intro}
        <p role="alert" className="error">
          {error.message}
        </p>
      </>
    );
  }
  const [now, paused, arbiter] = await Promise.all([chainNow(), newBusinessPaused(), defaultArbiter(contracts.escrow)]);
  return (
    <>
      {intro}
      {paused && (
        <p role="alert" className="error">
          New business is paused: a project cannot be created or funded until the operator resumes. You may still draft
          it and see the team proposed.
        </p>
      )}
      <NewProjectSlot
        tokens={tokens}
        chainNow={now}
        paused={paused}
        escrow={contracts.escrow}
        projectRegistry={contracts.projectRegistry}
        arbiter={arbiter}
      />
    </>
  );
}
