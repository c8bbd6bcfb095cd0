"use client";
/**
 * Calls to the project registry through the shared transaction flow: simulated first (a revert is
 * explained before the wallet is asked), then sent. Also the one way a project note is stored.
 */
import type { Hash } from "viem";
import { useConfig, useConnection } from "wagmi";
import { simulateContract, writeContract } from "wagmi/actions";
import { projectRegistryAbi } from "@mosaic/sdk/contracts";
import type { useTransactionFlow } from "@/components/tx/transaction";
import type { useSiweSession } from "@/components/wallet/siwe-session";

type Flow = ReturnType<typeof useTransactionFlow>;
type RunOptions = Parameters<Flow["run"]>[2];

export function useRegistryCall(flow: Flow, registry: `0x${string}`) {
  const config = useConfig();
  const connection = useConnection();
  return (label: string, functionName: string, args: readonly unknown[], value?: bigint, options?: RunOptions) =>
    flow.run(
      label,
      async (): Promise<Hash> => {
        const { request } = await simulateContract(config, {
          address: registry,
          abi: projectRegistryAbi,
          functionName,
          args,
          value,
          account: connection.address,
        } as never);
        return writeContract(config, request as never);
      },
      options,
    );
}

/**
 * Stores a document written by the connected account (signing in first), returning its CID, or
 * null after the flow said why not.
 */
export async function storeDocument(
  flow: Flow,
  session: ReturnType<typeof useSiweSession>,
  label: string,
  kind: "note" | "job-spec",
  content: Record<string, unknown>,
): Promise<string | null> {
  if (session.state.status !== "signed-in") {
    flow.step(label, "Signing in…");
    if (!(await session.signIn())) {
      flow.fail(label, "sign in with your wallet to store the document");
      return null;
    }
  }
  flow.step(label, "Storing the document…");
  const response = await fetch("/api/documents", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ kind, content }),
  });
  const body = (await response.json().catch(() => ({}))) as { cid?: string; error?: string };
  if (!response.ok || !body.cid) {
    flow.fail(label, `the document could not be stored: ${body.error ?? `HTTP ${response.status}`}`);
    return null;
  }
  return body.cid;
}
