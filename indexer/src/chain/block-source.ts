// What the indexer reads from the node: chain identity, headers, logs and full blocks.
import { JsonRpc, RpcProtocolError, RpcResponseError, hexToNumber, toQuantity } from "./json-rpc.ts";
import type { EthereumBlock, EthereumTransaction } from "../runtime/mapping-module.ts";

export type RpcBlock = {
  number: string;
  hash: string;
  parentHash: string;
  sha3Uncles: string;
  miner: string;
  stateRoot: string;
  transactionsRoot: string;
  receiptsRoot: string;
  gasUsed: string;
  gasLimit: string;
  timestamp: string;
  difficulty?: string;
  totalDifficulty?: string;
  size?: string;
  baseFeePerGas?: string;
  transactions: (RpcTransaction | string)[];
};

export type RpcTransaction = {
  hash: string;
  transactionIndex: string;
  from: string;
  to: string | null;
  value: string;
  gas: string;
  gasPrice?: string;
  maxFeePerGas?: string;
  input: string;
  nonce: string;
};

export type RpcLog = {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  blockHash: string;
  transactionHash: string;
  transactionIndex: string;
  logIndex: string;
  removed?: boolean;
};

export type BlockHeader = { number: number; hash: string; parentHash: string; timestamp: number };

const HEADER_BATCH = 100;

export class BlockSource {
  readonly rpc: JsonRpc;

  constructor(rpc: JsonRpc) {
    this.rpc = rpc;
  }

  async chainId(): Promise<number> {
    return hexToNumber(await this.rpc.request<string>("eth_chainId"));
  }

  async latestNumber(): Promise<number> {
    return hexToNumber(await this.rpc.request<string>("eth_blockNumber"));
  }

  /** The node's latest block header. */
  async latestHeader(): Promise<BlockHeader> {
    const block = await this.rpc.request<RpcBlock | null>("eth_getBlockByNumber", ["latest", false]);
    if (!block || typeof block.number !== "string" || typeof block.hash !== "string") {
      throw new RpcProtocolError(`${this.rpc.url} answered eth_getBlockByNumber("latest") without a block`);
    }
    return toHeader(block);
  }

  async header(number: number): Promise<BlockHeader | null> {
    const block = await this.rpc.request<RpcBlock | null>("eth_getBlockByNumber", [toQuantity(number), false]);
    return block ? toHeader(block) : null;
  }

  /** Headers of [from, to]; null where the node has no such block (it went backwards). */
  async headers(from: number, to: number): Promise<(BlockHeader | null)[]> {
    const out: (BlockHeader | null)[] = [];
    for (let start = from; start <= to; start += HEADER_BATCH) {
      const end = Math.min(to, start + HEADER_BATCH - 1);
      const calls = [];
      for (let n = start; n <= end; n++) calls.push({ method: "eth_getBlockByNumber", params: [toQuantity(n), false] });
      const blocks = await this.rpc.batch<RpcBlock | null>(calls);
      out.push(...blocks.map((b) => (b ? toHeader(b) : null)));
    }
    return out;
  }

  async fullBlock(hash: string): Promise<RpcBlock | null> {
    return this.rpc.request<RpcBlock | null>("eth_getBlockByHash", [hash, true]);
  }

  /** Logs of [from, to] for the addresses (null: any) whose first topic is one of `topic0s`. */
  async logs(from: number, to: number, addresses: string[] | null, topic0s: string[]): Promise<RpcLog[]> {
    const filter: Record<string, unknown> = { fromBlock: toQuantity(from), toBlock: toQuantity(to), topics: [topic0s] };
    if (addresses) filter.address = addresses;
    try {
      return await this.rpc.request<RpcLog[]>("eth_getLogs", [filter]);
    } catch (error) {
      // Providers cap the range or the result size: split and retry.
      if (error instanceof RpcResponseError && to > from) {
        const mid = Math.floor((from + to) / 2);
        return [
          ...(await this.logs(from, mid, addresses, topic0s)),
          ...(await this.logs(mid + 1, to, addresses, topic0s)),
        ];
      }
      throw error;
    }
  }
}

export function toHeader(block: RpcBlock): BlockHeader {
  return {
    number: hexToNumber(block.number),
    hash: block.hash.toLowerCase(),
    parentHash: block.parentHash.toLowerCase(),
    timestamp: hexToNumber(block.timestamp),
  };
}

const big = (hex: string | undefined) => (hex === undefined || hex === null ? 0n : BigInt(hex));

export function toEthereumBlock(block: RpcBlock): EthereumBlock {
  return {
    hash: block.hash,
    parentHash: block.parentHash,
    unclesHash: block.sha3Uncles,
    author: block.miner,
    stateRoot: block.stateRoot,
    transactionsRoot: block.transactionsRoot,
    receiptsRoot: block.receiptsRoot,
    number: BigInt(block.number),
    gasUsed: BigInt(block.gasUsed),
    gasLimit: BigInt(block.gasLimit),
    timestamp: BigInt(block.timestamp),
    difficulty: big(block.difficulty),
    totalDifficulty: big(block.totalDifficulty),
    size: block.size === undefined ? null : BigInt(block.size),
    baseFeePerGas: block.baseFeePerGas === undefined ? null : BigInt(block.baseFeePerGas),
  };
}

export function toEthereumTransaction(tx: RpcTransaction): EthereumTransaction {
  return {
    hash: tx.hash,
    index: BigInt(tx.transactionIndex),
    from: tx.from,
    to: tx.to ?? null,
    value: BigInt(tx.value),
    gasLimit: BigInt(tx.gas),
    gasPrice: big(tx.gasPrice ?? tx.maxFeePerGas),
    input: tx.input,
    nonce: BigInt(tx.nonce),
  };
}
