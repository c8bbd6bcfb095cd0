/**
 * The one driver of the market through the contracts on a local Hardhat node: the seed
 * (scripts/seed, `npm run dev`) and the bulk market of the indexer benchmark both send through it.
 *
 * Automining is off while a phase runs: every transaction of the phase is sent at once (nonces
 * assigned here, per sender, in the order given; JSON-RPC batches), then `evm_mine` packs them
 * into as few blocks as the gas limit allows. Transactions of one sender run in nonce order, so a
 * phase may hold dependent calls of one account; calls that depend on another account's go into
 * a later phase. `withManualMining` switches automining back on however the work ends (errors,
 * Ctrl-C), so the node never stays frozen for everyone else.
 *
 * Who sends:
 *   - signing path: accounts added with `addWallet` sign their transactions here (raw, EIP-1559);
 *   - fast path: node accounts and `impersonate`d addresses are sent by the node (`eth_sendTransaction`).
 * How a phase is checked (options of `run`):
 *   - `receipts`: every receipt is fetched; a revert stops the run with the contract's error decoded
 *     (`@mosaic/sdk/errors`), and each transaction's `onReceipt` sees its receipt;
 *   - `events`: the phase's events are counted with eth_getLogs against what its transactions
 *     declared, without fetching receipts (thousands of transactions a second).
 */
import { TypedDataEncoder, type HDNodeWallet, type TypedDataDomain, type TypedDataField, type Wallet } from "ethers";
import { toEventSelector, type AbiEvent } from "viem";
import { mosaicEscrowAbi, vendorRegistryAbi } from "@mosaic/sdk/contracts";
import { decodeContractError, describeError } from "@mosaic/sdk/errors";
import { Rpc, hex } from "./rpc.ts";

const GWEI = 10n ** 9n;
/** Priority fee of a transaction that does not set its own. */
export const TIP = 1n * GWEI;
/** Max fee when the base fee is held at its floor (`baseFeeFloor`). */
const FLOOR_MAX_FEE = 50n * GWEI;

export interface MarketTx {
  from: string;
  /** null deploys `data`. */
  to: string | null;
  data: string;
  value?: bigint;
  gas: bigint;
  /** Priority fee; phases that post jobs make it strictly decreasing so blocks keep the planned order. */
  tip?: bigint;
  /** What the transaction is for, in errors and the gas report (the text before ":" groups it). */
  label: string;
  /** Events of the indexed contracts it must emit, for the `events` check. */
  events?: string[];
  /** Called with its receipt (the `receipts` check). */
  onReceipt?: (receipt: Receipt) => void;
}

export interface Log {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
}

export interface Receipt {
  transactionHash: string;
  blockNumber: string;
  status: string;
  gasUsed: string;
  logs: Log[];
}

export interface DriverOptions {
  /**
   * Hold the base fee at its floor before every block (fast path: full blocks would raise it
   * 12.5% each). Otherwise transactions pay up to three times the latest base fee.
   */
  baseFeeFloor?: boolean;
  /** Record the most gas each label used (`gasUsed`); costs a receipt fetch per transaction. */
  gasReport?: boolean;
  log?: (message: string) => void;
}

export interface RunOptions {
  /**
   * What to check once mined: receipts (the default), the declared events (`"count"` only counts
   * them into eventsPerBlock/eventCounts, for phases whose events are not planned), or both.
   */
  check?: { receipts?: boolean; events?: boolean | "count" };
  /** Called with the count mined so far, after each block. */
  onMined?: (count: number) => void;
}

/** topic0 -> event name, for the indexed contracts (from the SDK's generated ABIs). */
const EVENT_NAMES = new Map<string, string>(
  [...mosaicEscrowAbi, ...vendorRegistryAbi]
    .filter((item): item is AbiEvent & (typeof mosaicEscrowAbi)[number] => item.type === "event")
    .map((event) => [toEventSelector(event as AbiEvent), event.name]),
);

export class MarketDriver {
  readonly rpc: Rpc;
  readonly chainId: number;
  private readonly options: DriverOptions;
  private readonly wallets = new Map<string, Wallet | HDNodeWallet>();
  private readonly nonces = new Map<string, number>();
  private unlocked = new Set<string>();
  /** Contracts whose events the `events` check counts. */
  eventAddresses: string[] = [];
  txCount = 0;
  blockCount = 0;
  /** Events of the indexed contracts per block and per name, from the `events` checks. */
  readonly eventsPerBlock = new Map<number, number>();
  readonly eventCounts = new Map<string, number>();
  /** Most gas used per label prefix (the text before ":"), against its limit: to keep limits honest. */
  readonly gasUsed = new Map<string, { used: bigint; limit: bigint }>();

  constructor(url: string, chainId: number, options: DriverOptions = {}) {
    this.rpc = new Rpc(url);
    this.chainId = chainId;
    this.options = options;
  }

  /** Reads the node's own accounts (they send without keys here); returns them. */
  async init(): Promise<string[]> {
    const accounts = await this.rpc.call<string[]>("eth_accounts");
    for (const a of accounts) this.unlocked.add(a.toLowerCase());
    return accounts;
  }

  isUnlocked(address: string): boolean {
    return this.unlocked.has(address.toLowerCase());
  }

  /** Signing path: `wallet` signs its transactions and typed data here from now on. */
  addWallet(wallet: Wallet | HDNodeWallet): void {
    this.wallets.set(wallet.address.toLowerCase(), wallet);
  }

  /** Fast path: the node sends for `addresses` (hardhat_impersonateAccount) and funds them. */
  async impersonate(addresses: string[], balance?: bigint): Promise<void> {
    await this.rpc.batch(addresses.map((a) => ({ method: "hardhat_impersonateAccount", params: [a] })));
    if (balance !== undefined) {
      await this.rpc.batch(addresses.map((a) => ({ method: "hardhat_setBalance", params: [a, hex(balance)] })));
    }
    for (const a of addresses) this.unlocked.add(a.toLowerCase());
  }

  async setAutomine(on: boolean): Promise<void> {
    await this.rpc.call("evm_setAutomine", [on]);
  }

  /**
   * Runs `work` with automining off and switches it back on however `work` ends: by returning or
   * throwing, on Ctrl-C, SIGTERM or SIGHUP, or on an uncaught error elsewhere in the process (a
   * closed stdout, say); in those last cases the process then exits (130, or 1 for an error).
   */
  async withManualMining<T>(work: () => Promise<T>): Promise<T> {
    const restoreAndExit = (why: string, code: number) => {
      // Automining first: writing the message can itself fail (the stream that broke).
      void this.setAutomine(true).finally(() => {
        try {
          console.error(`\n${why}: automining restored; the chain keeps what was mined so far.`);
        } finally {
          process.exit(code);
        }
      });
    };
    const onSignal = (signal: NodeJS.Signals) => restoreAndExit(signal, 130);
    const onCrash = (error: unknown) => restoreAndExit(`${(error as Error)?.stack ?? String(error)}\n`, 1);
    const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
    for (const signal of signals) process.once(signal, onSignal);
    process.once("uncaughtException", onCrash);
    await this.setAutomine(false);
    try {
      return await work();
    } finally {
      for (const signal of signals) process.off(signal, onSignal);
      process.off("uncaughtException", onCrash);
      await this.setAutomine(true);
    }
  }

  async call(to: string, data: string): Promise<string> {
    return this.rpc.call<string>("eth_call", [{ to, data }, "latest"]);
  }

  async latest(): Promise<number> {
    return Number(await this.rpc.call<string>("eth_blockNumber"));
  }

  async latestTimestamp(): Promise<number> {
    const block = await this.rpc.call<{ timestamp: string }>("eth_getBlockByNumber", ["latest", false]);
    return Number(block.timestamp);
  }

  private async mine(): Promise<void> {
    if (this.options.baseFeeFloor) await this.rpc.call("hardhat_setNextBlockBaseFeePerGas", ["0x1"]);
    await this.rpc.call("evm_mine");
    this.blockCount += 1;
  }

  /** Moves the clock forward by `seconds` and mines a block there. */
  async advance(seconds: number): Promise<void> {
    await this.rpc.call("evm_increaseTime", [seconds]);
    await this.mine();
  }

  /** Moves the clock to at least `timestamp` and mines a block there (a later read never misses the jump). */
  async advanceTo(timestamp: number): Promise<void> {
    const delta = timestamp - (await this.latestTimestamp());
    if (delta > 0) await this.advance(delta);
  }

  /** The chain's current time: mines a block first, in case someone moved the clock without one. */
  async now(): Promise<number> {
    await this.mine();
    return this.latestTimestamp();
  }

  /** EIP-712 signature by `address`: locally for added wallets, by the node for its accounts. */
  async signTypedData(
    address: string,
    domain: TypedDataDomain,
    types: Record<string, TypedDataField[]>,
    value: Record<string, unknown>,
  ): Promise<string> {
    const wallet = this.wallets.get(address.toLowerCase());
    if (wallet) return wallet.signTypedData(domain, types, value);
    const payload = TypedDataEncoder.getPayload(domain, types, value);
    return this.rpc.call<string>("eth_signTypedData_v4", [address, JSON.stringify(payload)]);
  }

  /** Loads the next nonce of every sender not seen yet (one batch). */
  private async loadNonces(senders: string[]): Promise<void> {
    const unknown = [...new Set(senders.map((s) => s.toLowerCase()))].filter((s) => !this.nonces.has(s));
    const counts = await this.rpc.batch<string>(
      unknown.map((a) => ({ method: "eth_getTransactionCount", params: [a, "pending"] })),
    );
    unknown.forEach((a, i) => this.nonces.set(a, Number(counts[i])));
  }

  private takeNonce(from: string): number {
    const key = from.toLowerCase();
    const nonce = this.nonces.get(key)!;
    this.nonces.set(key, nonce + 1);
    return nonce;
  }

  private async fees(): Promise<{ maxFee: bigint }> {
    if (this.options.baseFeeFloor) return { maxFee: FLOOR_MAX_FEE };
    const block = await this.rpc.call<{ baseFeePerGas: string }>("eth_getBlockByNumber", ["latest", false]);
    // Room for the base fee to rise over the few full blocks one phase can fill.
    return { maxFee: BigInt(block.baseFeePerGas) * 3n + TIP };
  }

  /** The JSON-RPC call that sends `tx`: raw for added wallets, through the node otherwise. */
  private async sendCall(tx: MarketTx, nonce: number, maxFee: bigint): Promise<{ method: string; params: unknown[] }> {
    const tip = tx.tip ?? TIP;
    const wallet = this.wallets.get(tx.from.toLowerCase());
    if (wallet) {
      const raw = await wallet.signTransaction({
        type: 2,
        chainId: this.chainId,
        nonce,
        to: tx.to,
        data: tx.data,
        value: tx.value ?? 0n,
        gasLimit: tx.gas,
        maxFeePerGas: maxFee + tip - TIP,
        maxPriorityFeePerGas: tip,
      });
      return { method: "eth_sendRawTransaction", params: [raw] };
    }
    if (!this.isUnlocked(tx.from)) throw new Error(`${tx.label}: no key for ${tx.from} (addWallet or impersonate it)`);
    return {
      method: "eth_sendTransaction",
      params: [
        {
          from: tx.from,
          ...(tx.to ? { to: tx.to } : {}),
          data: tx.data,
          value: hex(tx.value ?? 0n),
          gas: hex(tx.gas),
          nonce: hex(nonce),
          maxFeePerGas: hex(maxFee + tip - TIP),
          maxPriorityFeePerGas: hex(tip),
        },
      ],
    };
  }

  /**
   * Sends `txs` (nonces in the order given, per sender), mines until all are in blocks, then
   * checks them (see RunOptions). Returns the receipts (in `txs` order) when they were fetched,
   * and the blocks the phase filled.
   */
  async run(
    label: string,
    txs: MarketTx[],
    options: RunOptions = {},
  ): Promise<{ receipts: Receipt[]; from: number; to: number }> {
    const t0 = performance.now();
    const from = (await this.latest()) + 1;
    if (txs.length === 0) return { receipts: [], from, to: from - 1 };
    const check = options.check ?? { receipts: true };
    await this.loadNonces(txs.map((t) => t.from));
    const { maxFee } = await this.fees();
    const calls = await Promise.all(txs.map((tx) => this.sendCall(tx, this.takeNonce(tx.from), maxFee)));
    const CHUNK = 250;
    const hashes: string[] = [];
    // Two batches in flight keep the node busy without reordering anything that matters (nonces
    // order each sender; priority fees order the posts).
    let next = 0;
    await Promise.all(
      [0, 1].map(async () => {
        while (next * CHUNK < calls.length) {
          const i = next++;
          const sent = await this.rpc.batch<string>(calls.slice(i * CHUNK, (i + 1) * CHUNK), txs[i * CHUNK].label);
          sent.forEach((h, k) => (hashes[i * CHUNK + k] = h));
        }
      }),
    );
    const sentAt = performance.now();
    let mined = 0;
    let blocks = 0;
    while (mined < txs.length) {
      await this.mine();
      const block = await this.rpc.call<{ transactions: string[] }>("eth_getBlockByNumber", ["latest", false]);
      if (block.transactions.length === 0) {
        throw new Error(`${label}: ${txs.length - mined} transactions stay in the mempool (nonces or fees wrong?)`);
      }
      mined += block.transactions.length;
      blocks += 1;
      options.onMined?.(Math.min(mined, txs.length));
    }
    this.txCount += txs.length;
    const to = from + blocks - 1;
    let receipts: Receipt[] = [];
    if (check.receipts || this.options.gasReport) receipts = await this.receipts(hashes);
    if (check.receipts) {
      for (const [i, tx] of txs.entries()) {
        if (receipts[i].status !== "0x1")
          throw new Error(`${tx.label} reverted: ${await this.explain(tx, receipts[i])}`);
      }
    }
    if (this.options.gasReport) receipts.forEach((r, i) => this.recordGas(txs[i], r));
    if (check.receipts) for (const [i, tx] of txs.entries()) tx.onReceipt?.(receipts[i]);
    if (check.events) await this.checkEvents(label, txs, from, to, check.events === true);
    const s = (performance.now() - t0) / 1000;
    this.options.log?.(
      `${label}: ${txs.length.toLocaleString("en-US")} txs in ${blocks} blocks (${from}-${to}), ${s.toFixed(1)} s ` +
        `(send ${((sentAt - t0) / 1000).toFixed(1)} s, ${Math.round(txs.length / s)} tx/s)`,
    );
    return { receipts, from, to };
  }

  private async receipts(hashes: string[]): Promise<Receipt[]> {
    const out: Receipt[] = [];
    for (let i = 0; i < hashes.length; i += 500) {
      out.push(
        ...(await this.rpc.batch<Receipt>(
          hashes.slice(i, i + 500).map((h) => ({ method: "eth_getTransactionReceipt", params: [h] })),
        )),
      );
    }
    return out;
  }

  /** Compares the phase's events per name with what its transactions declared. */
  private async checkEvents(label: string, txs: MarketTx[], from: number, to: number, compare: boolean): Promise<void> {
    const expected = new Map<string, number>();
    for (const tx of txs) for (const e of tx.events ?? []) expected.set(e, (expected.get(e) ?? 0) + 1);
    const actual = new Map<string, number>();
    for (const log of await this.logs(from, to)) {
      const name = EVENT_NAMES.get(log.topics[0]) ?? log.topics[0];
      actual.set(name, (actual.get(name) ?? 0) + 1);
      const n = Number(log.blockNumber);
      this.eventsPerBlock.set(n, (this.eventsPerBlock.get(n) ?? 0) + 1);
      this.eventCounts.set(name, (this.eventCounts.get(name) ?? 0) + 1);
    }
    if (!compare) return;
    const names = new Set([...expected.keys(), ...actual.keys()]);
    const wrong = [...names].filter((n) => (expected.get(n) ?? 0) !== (actual.get(n) ?? 0));
    if (wrong.length === 0) return;
    const detail = wrong.map((n) => `${n} ${actual.get(n) ?? 0}/${expected.get(n) ?? 0}`).join(", ");
    throw new Error(`${label}: events differ from the plan (${detail}); ${await this.firstFailure(txs, from, to)}`);
  }

  /** Logs of `eventAddresses` in blocks `from`..`to`, 20 blocks a request. */
  async logs(from: number, to: number): Promise<Log[]> {
    const out: Log[] = [];
    for (let start = from; start <= to; start += 20) {
      out.push(
        ...(await this.rpc.call<Log[]>("eth_getLogs", [
          { fromBlock: hex(start), toBlock: hex(Math.min(to, start + 19)), address: this.eventAddresses },
        ])),
      );
    }
    return out;
  }

  private async firstFailure(txs: MarketTx[], from: number, to: number): Promise<string> {
    for (let n = from; n <= to; n++) {
      const block = await this.rpc.call<{ transactions: { hash: string; input: string; from: string }[] }>(
        "eth_getBlockByNumber",
        [hex(n), true],
      );
      const receipts = await this.receipts(block.transactions.map((t) => t.hash));
      const failed = receipts.findIndex((r) => r.status !== "0x1");
      if (failed >= 0) {
        const t = block.transactions[failed];
        const tx = txs.find((x) => x.data === t.input && x.from.toLowerCase() === t.from.toLowerCase());
        return `first revert: ${tx ? `${tx.label}: ${await this.explain(tx, receipts[failed])}` : "?"} (${t.hash}, block ${n})`;
      }
    }
    return "no reverted transaction found";
  }

  private recordGas(tx: MarketTx, receipt: Receipt): void {
    const key = tx.label.split(":")[0];
    const used = BigInt(receipt.gasUsed);
    const seen = this.gasUsed.get(key);
    if (!seen || used > seen.used) this.gasUsed.set(key, { used, limit: tx.gas });
  }

  /** Replays a reverted transaction on its parent block and decodes the contract's custom error. */
  private async explain(tx: MarketTx, receipt: Receipt): Promise<string> {
    if (BigInt(receipt.gasUsed) >= tx.gas) return `out of gas (limit ${tx.gas})`;
    const parent = hex(BigInt(receipt.blockNumber) - 1n);
    const call = { from: tx.from, ...(tx.to ? { to: tx.to } : {}), data: tx.data, value: hex(tx.value ?? 0n) };
    try {
      await this.rpc.call("eth_call", [call, parent]);
      return "reverted in its block but not when replayed on the parent block (depends on a transaction mined just before it)";
    } catch (error) {
      const decoded = decodeContractError(error);
      return decoded ? describeError(decoded) : (error as Error).message;
    }
  }
}
