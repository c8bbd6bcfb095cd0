/** The escrow's operator settings, read from the chain (the source of truth), with the index's log of operator actions. */
import { mosaicEscrowAbi } from "@mosaic/sdk/contracts";
import { publicClient } from "../../server/chain.ts";
import { serverConfig } from "../../server/config.ts";
import { contractsOn } from "../../server/public-config.ts";
import { querySubgraph } from "../../server/subgraph.ts";
import { tokenInfo, type TokenInfo } from "../../server/tokens.ts";

export interface OperatorSettings {
  escrow: `0x${string}`;
  owner: string;
  pendingOwner: string;
  paused: boolean;
  feeBps: number;
  pendingFee: { feeBps: number; effectiveAt: number } | null;
  feeDelay: number;
  maxFeeBps: number;
  maxArbiterFeeBps: number;
  defaultArbiter: { address: string; feeBps: number };
  treasury: string;
  tokens: { token: TokenInfo; allowed: boolean; weightUnit: string; paidJobThreshold: string; feesAccrued: string }[];
  actions: {
    id: string;
    kind: string;
    account: string | null;
    token: string | null;
    feeBps: number | null;
    timestamp: number;
  }[];
}

export class NotDeployedError extends Error {}

export async function operatorSettings(): Promise<OperatorSettings> {
  const contracts = contractsOn(serverConfig().chainId);
  if (!contracts) throw new NotDeployedError("Mosaic is not deployed on the chain this server serves.");
  const client = publicClient();
  const read = <T>(functionName: string, args: readonly unknown[] = []) =>
    client.readContract({ address: contracts.escrow, abi: mosaicEscrowAbi, functionName, args } as never) as Promise<T>;
  const [
    owner,
    pendingOwner,
    paused,
    feeBps,
    pendingFee,
    feeDelay,
    maxFeeBps,
    maxArbiterFeeBps,
    defaultArbiter,
    treasury,
  ] = await Promise.all([
    read<string>("owner"),
    read<string>("pendingOwner"),
    read<boolean>("paused"),
    read<number>("feeBps"),
    read<readonly [number, bigint]>("pendingFee"),
    read<bigint>("FEE_DELAY"),
    read<number>("MAX_FEE_BPS"),
    read<number>("MAX_ARBITER_FEE_BPS"),
    read<readonly [string, number]>("defaultArbiter"),
    read<string>("treasury"),
  ]);
  const indexed = await querySubgraph<{
    tokens: { id: string }[];
    operatorActions: {
      id: string;
      kind: string;
      account: string | null;
      token: string | null;
      feeBps: number | null;
      timestamp: string;
    }[];
  }>(`{ tokens(first: 100, orderBy: id) { id }
        operatorActions(first: 20, orderBy: timestamp, orderDirection: desc) { id kind account token feeBps timestamp } }`).catch(
    () => ({
      tokens: [],
      operatorActions: [],
    }),
  );
  const tokenIds = [
    ...new Set([
      "0x0000000000000000000000000000000000000000",
      ...(contracts.mockUsd ? [contracts.mockUsd.toLowerCase()] : []),
      ...indexed.tokens.map((t) => t.id),
    ]),
  ];
  const tokens = await Promise.all(
    tokenIds.map(async (id) => {
      const [config, accrued] = await Promise.all([
        read<readonly [boolean, bigint, bigint]>("tokenConfig", [id]),
        read<bigint>("feesAccrued", [id]),
      ]);
      return {
        token: await tokenInfo(id),
        allowed: config[0],
        weightUnit: config[1].toString(),
        paidJobThreshold: (config[2] ?? 0n).toString(),
        feesAccrued: accrued.toString(),
      };
    }),
  );
  return {
    escrow: contracts.escrow,
    owner,
    pendingOwner,
    paused,
    feeBps: Number(feeBps),
    pendingFee:
      Number(pendingFee[1]) === 0 ? null : { feeBps: Number(pendingFee[0]), effectiveAt: Number(pendingFee[1]) },
    feeDelay: Number(feeDelay),
    maxFeeBps: Number(maxFeeBps),
    maxArbiterFeeBps: Number(maxArbiterFeeBps),
    defaultArbiter: { address: defaultArbiter[0], feeBps: Number(defaultArbiter[1]) },
    treasury,
    tokens,
    actions: indexed.operatorActions.map((a) => ({ ...a, timestamp: Number(a.timestamp) })),
  };
}
