/**
 * Reconciliation: the index's books for each token against the escrow's real balance, both read at
 * the same block. The escrow must hold exactly `held + owed + feesAccrued` of every token; the hour
 * bank, a contract of its own, exactly `held + feesHeld + owed` of its books for every token; the
 * project registry, which holds reviewers' shares, exactly `reviewSharesHeld + owed`.
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

/** One token's books of a contract against that contract's balance at the same block. */
export interface ContractBooks {
  token: TokenInfo;
  /** What the contract must hold by its books. */
  expected: bigint;
  /** The contract's balance on the node at the same block. */
  actual: bigint | null;
  /** Whether the books balance on their own (money in equals what is held plus every way out). */
  booksBalance: boolean;
  verdict: "match" | "mismatch" | "unknown";
}

/** The hour bank's books for one token (the subgraph's HourBankToken) against its balance. */
export interface HourBankBooks extends ContractBooks {
  /** Funds of unsettled minutes: unlogged, pending or contested. */
  held: bigint;
  /** Fees charged and not collected yet. */
  feesHeld: bigint;
  owed: bigint;
  feesCollected: bigint;
  totalDeposited: bigint;
  totalPaidToVendors: bigint;
  totalFees: bigint;
  totalRefunded: bigint;
  totalArbiterFees: bigint;
  bankCount: number;
  /** expected = held + feesHeld + owed; booksBalance: deposits = held + paid + fees + refunded + arbiter fees. */
}

/** The project registry's books for one token (the subgraph's ProjectRegistryToken) against its balance. */
export interface ProjectRegistryBooks extends ContractBooks {
  /** Reviewer shares held for reviews not settled yet (the registry's `heldOf`). */
  held: bigint;
  /** Deferred payments not withdrawn yet. */
  owed: bigint;
  deposited: bigint;
  paid: bigint;
  refunded: bigint;
  totalDeferred: bigint;
  totalWithdrawn: bigint;
  projectCount: number;
  /** expected = held + owed; booksBalance: deposited = held + paid + refunded and owed = deferred − withdrawn. */
}

/** A contract with books of its own per token, and those books at one block. */
export interface ContractLedger<B extends ContractBooks> {
  address: `0x${string}`;
  tokens: B[];
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
  /** Null where no hour bank is deployed. */
  hourBank: ContractLedger<HourBankBooks> | null;
  /** Null where no project registry is deployed. */
  projectRegistry: ContractLedger<ProjectRegistryBooks> | null;
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

interface HourBankTokenRow {
  id: string;
  held: string;
  feesHeld: string;
  owed: string;
  feesCollected: string;
  totalDeposited: string;
  totalPaidToVendors: string;
  totalFees: string;
  totalRefunded: string;
  totalArbiterFees: string;
  bankCount: number;
}

interface ProjectRegistryTokenRow {
  id: string;
  reviewSharesDeposited: string;
  reviewSharesHeld: string;
  reviewSharesPaid: string;
  reviewSharesRefunded: string;
  owed: string;
  totalDeferred: string;
  totalWithdrawn: string;
  projectCount: number;
}

type Client = ReturnType<typeof rpcClient>;

/** What `holder` holds of `token` (the zero address is ETH) at block `at`; null when the node does not say. */
function balanceAt(client: Client, token: string, holder: `0x${string}`, at: bigint): Promise<bigint | null> {
  return (
    token.toLowerCase() === zeroAddress
      ? client.getBalance({ address: holder, blockNumber: at })
      : client.readContract({
          address: token as `0x${string}`,
          abi: erc20Abi,
          functionName: "balanceOf",
          args: [holder],
          blockNumber: at,
        })
  ).catch(() => null);
}

function verdictOf(actual: bigint | null, expected: bigint): "match" | "mismatch" | "unknown" {
  return actual === null ? "unknown" : actual === expected ? "match" : "mismatch";
}

/**
 * A contract's books per token at `block` (every row of the index's `collection`, id = the token)
 * against its balance of each token at the same block. `read` turns a row into the books' figures,
 * with what the contract must hold and whether the books balance on their own.
 */
async function ledgerAt<R extends { id: string }, B extends ContractBooks>(
  client: Client,
  address: `0x${string}`,
  block: number,
  collection: string,
  fields: string,
  read: (row: R) => Omit<B, "token" | "actual" | "verdict">,
): Promise<ContractLedger<B>> {
  const { rows } = await querySubgraph<{ rows: R[] }>(
    `query($block: Int!) { rows: ${collection}(first: 1000, orderBy: id, block: { number: $block }) { id ${fields} } }`,
    { block },
  );
  const at = BigInt(block);
  const tokens = await Promise.all(
    rows.map(async (row) => {
      const books = read(row);
      const actual = await balanceAt(client, row.id, address, at);
      return { ...books, token: await tokenInfo(row.id), actual, verdict: verdictOf(actual, books.expected) } as B;
    }),
  );
  return { address, tokens };
}

const n = (v: string) => BigInt(v);

/** The hour bank's books per token at `block` against its balances. */
function hourBankBooks(client: Client, address: `0x${string}`, block: number) {
  return ledgerAt<HourBankTokenRow, HourBankBooks>(
    client,
    address,
    block,
    "hourBankTokens",
    "held feesHeld owed feesCollected totalDeposited totalPaidToVendors totalFees totalRefunded totalArbiterFees bankCount",
    (row) => {
      const outflows =
        n(row.held) + n(row.totalPaidToVendors) + n(row.totalFees) + n(row.totalRefunded) + n(row.totalArbiterFees);
      return {
        held: n(row.held),
        feesHeld: n(row.feesHeld),
        owed: n(row.owed),
        feesCollected: n(row.feesCollected),
        totalDeposited: n(row.totalDeposited),
        totalPaidToVendors: n(row.totalPaidToVendors),
        totalFees: n(row.totalFees),
        totalRefunded: n(row.totalRefunded),
        totalArbiterFees: n(row.totalArbiterFees),
        bankCount: row.bankCount,
        expected: n(row.held) + n(row.feesHeld) + n(row.owed),
        booksBalance: outflows === n(row.totalDeposited) && n(row.totalFees) >= n(row.feesCollected),
      };
    },
  );
}

/** The project registry's books per token at `block` against its balances: reviewer shares held + owed. */
function projectRegistryBooks(client: Client, address: `0x${string}`, block: number) {
  return ledgerAt<ProjectRegistryTokenRow, ProjectRegistryBooks>(
    client,
    address,
    block,
    "projectRegistryTokens",
    "reviewSharesDeposited reviewSharesHeld reviewSharesPaid reviewSharesRefunded owed totalDeferred totalWithdrawn projectCount",
    (row) => {
      const [held, paid, refunded] = [row.reviewSharesHeld, row.reviewSharesPaid, row.reviewSharesRefunded].map(n);
      return {
        held,
        owed: n(row.owed),
        deposited: n(row.reviewSharesDeposited),
        paid,
        refunded,
        totalDeferred: n(row.totalDeferred),
        totalWithdrawn: n(row.totalWithdrawn),
        projectCount: row.projectCount,
        expected: held + n(row.owed),
        booksBalance:
          held + paid + refunded === n(row.reviewSharesDeposited) &&
          n(row.totalDeferred) - n(row.totalWithdrawn) === n(row.owed),
      };
    },
  );
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
      const actual = await balanceAt(client, row.id, contracts.escrow, at);
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
        verdict: verdictOf(actual, expected),
      };
    }),
  );
  const [hourBank, projectRegistry] = await Promise.all([
    contracts.hourBank ? hourBankBooks(client, contracts.hourBank, block) : null,
    contracts.projectRegistry ? projectRegistryBooks(client, contracts.projectRegistry, block) : null,
  ]);
  return {
    block,
    blockTime,
    chainHead: status.chainHead,
    indexedBlock: status.indexedBlock,
    lag: status.chainHead === null ? null : Math.max(0, status.chainHead - status.indexedBlock),
    escrow: contracts.escrow,
    tokens: rows,
    hourBank,
    projectRegistry,
  };
}
