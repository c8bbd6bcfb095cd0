/**
 * Sends many transactions to a local Hardhat node quickly and correctly.
 *
 * Automining is switched off while seeding: every transaction of a phase is sent at once (nonces
 * assigned here, per sender, in the order given), then `evm_mine` packs them into as few blocks as
 * the gas limit allows. Transactions of one sender run in nonce order, so a phase may hold
 * dependent calls from the same account (approve, then fund); calls that depend on another
 * account's transaction go into a later phase.
 */
import {
  Interface,
  JsonRpcProvider,
  Network,
  TypedDataEncoder,
  toQuantity,
  type TypedDataDomain,
  type TypedDataField,
  type Wallet,
  type HDNodeWallet,
} from "ethers";

export interface TxRequest {
  from: string;
  to: string;
  data: string;
  value?: bigint;
  gas: bigint;
  /** Says what the transaction was for, in error messages. */
  label: string;
  onReceipt?: (receipt: Receipt) => void;
}

export interface Log {
  address: string;
  topics: string[];
  data: string;
}

export interface Receipt {
  transactionHash: string;
  blockNumber: string;
  status: string;
  gasUsed: string;
  logs: Log[];
}

interface Pending {
  request: TxRequest;
  hash: string;
}

const TIP = 10n ** 9n;

export class SeedChain {
  readonly provider: JsonRpcProvider;
  readonly chainId: bigint;
  /** Interfaces used to explain a revert. */
  readonly interfaces: Interface[];
  private readonly wallets = new Map<string, Wallet | HDNodeWallet>();
  private readonly nonces = new Map<string, number>();
  private unlocked = new Set<string>();
  txCount = 0;
  blockCount = 0;
  /** Highest gas used per label prefix (the text before ":"), to keep gas limits honest. */
  readonly gasUsed = new Map<string, { used: bigint; limit: bigint }>();

  constructor(url: string, chainId: number, interfaces: Interface[]) {
    this.chainId = BigInt(chainId);
    this.provider = new JsonRpcProvider(url, undefined, {
      staticNetwork: Network.from(chainId),
      batchMaxCount: 100,
      batchStallTime: 2,
    });
    this.interfaces = interfaces;
  }

  async init(): Promise<string[]> {
    const accounts = (await this.provider.send("eth_accounts", [])) as string[];
    this.unlocked = new Set(accounts.map((a) => a.toLowerCase()));
    return accounts;
  }

  isUnlocked(address: string): boolean {
    return this.unlocked.has(address.toLowerCase());
  }

  /** Signs for `wallet`'s address locally from now on. */
  addWallet(wallet: Wallet | HDNodeWallet): void {
    this.wallets.set(wallet.address.toLowerCase(), wallet);
  }

  /** Reads the next nonce of every address that will send. */
  async loadNonces(addresses: string[]): Promise<void> {
    const counts = await Promise.all(
      addresses.map((a) => this.provider.send("eth_getTransactionCount", [a, "pending"]) as Promise<string>),
    );
    addresses.forEach((a, i) => this.nonces.set(a.toLowerCase(), Number(counts[i])));
  }

  async call(to: string, data: string): Promise<string> {
    return (await this.provider.send("eth_call", [{ to, data }, "latest"])) as string;
  }

  async latestTimestamp(): Promise<number> {
    const block = (await this.provider.send("eth_getBlockByNumber", ["latest", false])) as { timestamp: string };
    return Number(block.timestamp);
  }

  /**
   * Moves the clock to at least `timestamp` and mines an (empty) block there, so the jump is on
   * the chain at once: a later reading of the latest block never misses it.
   */
  async advanceTo(timestamp: number): Promise<void> {
    const delta = timestamp - (await this.latestTimestamp());
    if (delta <= 0) return;
    await this.provider.send("evm_increaseTime", [delta]);
    await this.provider.send("evm_mine", []);
    this.blockCount += 1;
  }

  /** The chain's current time: mines a block first, in case someone moved the clock without one. */
  async now(): Promise<number> {
    await this.provider.send("evm_mine", []);
    this.blockCount += 1;
    return this.latestTimestamp();
  }

  async setAutomine(on: boolean): Promise<void> {
    await this.provider.send("evm_setAutomine", [on]);
  }

  /** EIP-712 signature by `address`: locally for derived wallets, by the node for its accounts. */
  async signTypedData(
    address: string,
    domain: TypedDataDomain,
    types: Record<string, TypedDataField[]>,
    value: Record<string, unknown>,
  ): Promise<string> {
    const wallet = this.wallets.get(address.toLowerCase());
    if (wallet) return wallet.signTypedData(domain, types, value);
    const payload = TypedDataEncoder.getPayload(domain, types, value);
    return (await this.provider.send("eth_signTypedData_v4", [address, JSON.stringify(payload)])) as string;
  }

  /**
   * Sends `requests` (nonces in the order given, per sender), mines until every one is in a
   * block, and throws with the decoded reason if any reverted. `onMined` gets the count mined so far.
   */
  async run(requests: TxRequest[], onMined?: (count: number) => void): Promise<Receipt[]> {
    if (requests.length === 0) return [];
    const fees = await this.fees();
    const pending: Pending[] = await Promise.all(
      requests.map((request) => {
        const nonce = this.takeNonce(request.from);
        return this.send(request, nonce, fees).then((hash) => ({ request, hash }));
      }),
    );
    this.txCount += pending.length;

    const byHash = new Map(pending.map((p) => [p.hash.toLowerCase(), p]));
    const receipts = new Map<string, Receipt>();
    while (receipts.size < pending.length) {
      await this.provider.send("evm_mine", []);
      this.blockCount += 1;
      const block = (await this.provider.send("eth_getBlockByNumber", ["latest", false])) as { transactions: string[] };
      const mined = block.transactions.filter((h) => byHash.has(h.toLowerCase()));
      if (block.transactions.length === 0) {
        throw new Error(
          `${pending.length - receipts.size} transactions stayed in the mempool after an empty block (fees or nonces wrong?).`,
        );
      }
      const fetched = await Promise.all(
        mined.map((h) => this.provider.send("eth_getTransactionReceipt", [h]) as Promise<Receipt>),
      );
      for (const receipt of fetched) receipts.set(receipt.transactionHash.toLowerCase(), receipt);
      onMined?.(receipts.size);
    }

    const ordered = pending.map((p) => receipts.get(p.hash.toLowerCase())!);
    for (let i = 0; i < pending.length; i++) {
      const { request } = pending[i];
      const receipt = ordered[i];
      if (receipt.status !== "0x1")
        throw new Error(`${request.label} reverted: ${await this.explain(request, receipt)}`);
      this.recordGas(request, receipt);
      request.onReceipt?.(receipt);
    }
    return ordered;
  }

  private takeNonce(from: string): number {
    const key = from.toLowerCase();
    const nonce = this.nonces.get(key);
    if (nonce === undefined) throw new Error(`No nonce loaded for ${from}`);
    this.nonces.set(key, nonce + 1);
    return nonce;
  }

  private async fees(): Promise<{ maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }> {
    const block = (await this.provider.send("eth_getBlockByNumber", ["latest", false])) as { baseFeePerGas: string };
    // Room for the base fee to rise over the few full blocks one phase can fill.
    return { maxFeePerGas: BigInt(block.baseFeePerGas) * 3n + TIP, maxPriorityFeePerGas: TIP };
  }

  private async send(
    request: TxRequest,
    nonce: number,
    fees: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint },
  ): Promise<string> {
    const wallet = this.wallets.get(request.from.toLowerCase());
    if (wallet) {
      const raw = await wallet.signTransaction({
        type: 2,
        chainId: this.chainId,
        nonce,
        to: request.to,
        data: request.data,
        value: request.value ?? 0n,
        gasLimit: request.gas,
        ...fees,
      });
      return (await this.provider.send("eth_sendRawTransaction", [raw])) as string;
    }
    if (!this.isUnlocked(request.from)) throw new Error(`${request.label}: no key for ${request.from}`);
    return (await this.provider.send("eth_sendTransaction", [
      {
        from: request.from,
        to: request.to,
        data: request.data,
        value: toQuantity(request.value ?? 0n),
        gas: toQuantity(request.gas),
        nonce: toQuantity(nonce),
        maxFeePerGas: toQuantity(fees.maxFeePerGas),
        maxPriorityFeePerGas: toQuantity(fees.maxPriorityFeePerGas),
      },
    ])) as string;
  }

  private recordGas(request: TxRequest, receipt: Receipt): void {
    const key = request.label.split(":")[0];
    const used = BigInt(receipt.gasUsed);
    const seen = this.gasUsed.get(key);
    if (!seen || used > seen.used) this.gasUsed.set(key, { used, limit: request.gas });
  }

  /** Replays a reverted transaction on the parent block and decodes its custom error. */
  private async explain(request: TxRequest, receipt: Receipt): Promise<string> {
    const parent = toQuantity(BigInt(receipt.blockNumber) - 1n);
    const call = { from: request.from, to: request.to, data: request.data, value: toQuantity(request.value ?? 0n) };
    if (BigInt(receipt.gasUsed) >= request.gas) return `out of gas (limit ${request.gas})`;
    try {
      await this.provider.send("eth_call", [call, parent]);
      return "reverted in its block but not when replayed on the parent block (depends on a transaction mined just before it)";
    } catch (error) {
      const data = findRevertData(error);
      if (!data) return (error as Error).message;
      for (const iface of this.interfaces) {
        const parsed = iface.parseError(data);
        if (parsed) return `${parsed.name}(${parsed.args.map(String).join(", ")})`;
      }
      return `revert data ${data}`;
    }
  }
}

function findRevertData(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  const visit = (value: unknown): string | undefined => {
    if (!value || typeof value !== "object" || seen.has(value)) return undefined;
    seen.add(value);
    const record = value as Record<string, unknown>;
    if (typeof record.data === "string" && record.data.startsWith("0x") && record.data.length >= 10) return record.data;
    for (const key of ["data", "error", "info", "cause"]) {
      const found = visit(record[key]);
      if (found) return found;
    }
    return undefined;
  };
  return visit(error);
}
