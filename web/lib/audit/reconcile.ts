/**
 * Reconciliation: the index's books for each token against the escrow's real balance, both read at
 * the same block. The escrow must hold exactly `held + owed + feesAccrued` of every token.
 */
import { createPublicClient, erc20Abi, http, zeroAddress } from "viem";
import { serverConfig } from "../../server/config.ts";
import { contractsOn } from "../../server/public-config.ts";
import { querySubgraph } from "../../server/subgraph.ts";
import { tokenInfo, type TokenInfo } from "../../server/tokens.ts";

export interface TokenBooks {
  token: TokenInfo;
  allowed: boolean;
  held: bigint;
  owed: bigint;
  feesAccrued: bigint;
  feesCollected: bigint;
  totalDeposited: bigint;
  totalPaidToVendors: bigint;
  totalRefunded: bigint;
  totalArbiterFees: bigint;
  /** held + owed + feesAccrued: what the escrow must hold. */
  expected: bigint;
  /** The escrow's balance on the node at the same block. */
  actual: bigint | null;
  /** Whether deposits equal what is held plus every way out (the books balance on their own). */
  booksBalance: boolean;
  verdict: "match" | "mismatch" | "unknown";
}

export interface Reconciliation {
  block: number;
  blockTime: number | null;
  chainHead: number | null;
  indexedBlock: number;
  /** Blocks the index is behind the node's head. */
  lag: number | null;
  escrow: `0x${string}`;
  tokens: TokenBooks[];
}

export class AuditInputError extends Error {}

interface TokenRow {
  id: string;
  allowed: boolean;
  held: string;
  owed: string;
  feesAccrued: string;
  feesCollected: string;
  totalDeposited: string;
  totalPaidToVendors: string;
  totalRefunded: string;
  totalArbiterFees: string;
}

export function rpcClient() {
  return createPublicClient({ transport: http(serverConfig().rpcUrl, { timeout: 8_000 }) });
}

/** The block the index has processed and the node's head. */
export async function indexStatus(): Promise<{ indexedBlock: number; chainHead: number | null }> {
  const meta = await querySubgraph<{ _meta: { block: { number: number } } | null }>("{ _meta { block { number } } }");
  if (!meta._meta) throw new AuditInputError("The index has not processed any block yet.");
  const chainHead = await rpcClient()
    .getBlockNumber()
    .then(Number)
    .catch(() => null);
  return { indexedBlock: meta._meta.block.number, chainHead };
}

/** Books against balances at `block` (default: the last block the index processed). */
export async function reconcile(requestedBlock?: number): Promise<Reconciliation> {
  const contracts = contractsOn(serverConfig().chainId);
  if (!contracts) throw new AuditInputError("Mosaic is not deployed on the chain this server serves.");
  const status = await indexStatus();
  const block = requestedBlock ?? status.indexedBlock;
  if (!Number.isSafeInteger(block) || block < 0) throw new AuditInputError("The block must be a whole number.");
  if (block > status.indexedBlock) {
    throw new AuditInputError(
      `The index has processed blocks up to ${status.indexedBlock}; block ${block} is not indexed yet. Choose an earlier block.`,
    );
  }
  const { tokens } = await querySubgraph<{ tokens: TokenRow[] }>(
    `query($block: Int!) { tokens(first: 1000, orderBy: id, block: { number: $block }) {
      id allowed held owed feesAccrued feesCollected totalDeposited totalPaidToVendors totalRefunded totalArbiterFees } }`,
    { block },
  );
  const client = rpcClient();
  const at = BigInt(block);
  const blockTime = await client
    .getBlock({ blockNumber: at })
    .then((b) => Number(b.timestamp))
    .catch(() => null);
  const rows = await Promise.all(
    tokens.map(async (row): Promise<TokenBooks> => {
      const token = await tokenInfo(row.id);
      const actual = await (
        row.id.toLowerCase() === zeroAddress
          ? client.getBalance({ address: contracts.escrow, blockNumber: at })
          : client.readContract({
              address: row.id as `0x${string}`,
              abi: erc20Abi,
              functionName: "balanceOf",
              args: [contracts.escrow],
              blockNumber: at,
            })
      ).catch(() => null);
      const n = (v: string) => BigInt(v);
      const expected = n(row.held) + n(row.owed) + n(row.feesAccrued);
      const outflows =
        n(row.held) +
        n(row.totalPaidToVendors) +
        n(row.totalRefunded) +
        n(row.totalArbiterFees) +
        n(row.feesAccrued) +
        n(row.feesCollected);
      return {
        token,
        allowed: row.allowed,
        held: n(row.held),
        owed: n(row.owed),
        feesAccrued: n(row.feesAccrued),
        feesCollected: n(row.feesCollected),
        totalDeposited: n(row.totalDeposited),
        totalPaidToVendors: n(row.totalPaidToVendors),
        totalRefunded: n(row.totalRefunded),
        totalArbiterFees: n(row.totalArbiterFees),
        expected,
        actual,
        booksBalance: outflows === n(row.totalDeposited),
        verdict: actual === null ? "unknown" : actual === expected ? "match" : "mismatch",
      };
    }),
  );
  return {
    block,
    blockTime,
    chainHead: status.chainHead,
    indexedBlock: status.indexedBlock,
    lag: status.chainHead === null ? null : Math.max(0, status.chainHead - status.indexedBlock),
    escrow: contracts.escrow,
    tokens: rows,
  };
}
