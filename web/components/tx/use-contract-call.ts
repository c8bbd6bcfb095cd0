"use client";
/** One way to send a Mosaic transaction: simulate first (a revert is explained before anything is signed), then send through the shared flow. */
import { useContext } from "react";
import type { Abi, Hash } from "viem";
import { useConfig, useConnection } from "wagmi";
import { simulateContract, writeContract } from "wagmi/actions";
import { SharedFlowContext } from "@/components/tx/shared-flow";
import { useTransactionFlow } from "@/components/tx/transaction";
import { useDockedFlow } from "./flow-dock";

export function useContractCall() {
  const config = useConfig();
  const connection = useConnection();
  const own = useTransactionFlow();
  const docked = useDockedFlow();
  const shared = useContext(SharedFlowContext);
  // A page with a dock (or a panel sharing its flow) shows one status for every action; widgets
  // show their own only without either.
  const flow = shared ?? docked ?? own;
  const call = (
    label: string,
    address: `0x${string}`,
    abi: Abi,
    functionName: string,
    args: readonly unknown[],
    value?: bigint,
  ) =>
    flow.run(label, async (): Promise<Hash> => {
      const { request } = await simulateContract(config, {
        address,
        abi,
        functionName,
        args,
        value,
        account: connection.address,
      } as never);
      return writeContract(config, request as never);
    });
  return { flow, call, config, connection, docked: shared !== null || docked !== null };
}
