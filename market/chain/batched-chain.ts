/**
 * Plays transactions on a local Hardhat node in bulk, with automining off: a phase's
 * transactions are sent at once (nonces assigned here, in the order given per sender) and
 * mined into as many full blocks as they need; the phase's events are then counted with
 * eth_getLogs against what its transactions must emit, so a revert stops the run with the
 * transaction that failed.
 */
import { hex, type Rpc } from "./rpc.ts";

const GWEI = 10n ** 9n;

export type Tx = {
  from: string;
  to: string | null;
  data: string;
  value?: bigint;
  gas: bigint;
  /** Priority fee; phases that post jobs make it strictly decreasing so blocks keep the planned order. */
  tip?: bigint;
  label: string;
  /** Events of the indexed contracts it must emit. */
  events: string[];
};

const MAX_FEE = 50n * GWEI;
/** Priority fee of a transaction that does not set its own. */
export const TIP = 1n * GWEI;

export class BatchedChain {
  readonly rpc: Rpc;
  private readonly nonces = new Map<string, number>();
  txCount = 0;
  blockCount = 0;
  /** Events of the indexed contracts per block, from the phase checks. */
  readonly eventsPerBlock = new Map<number, number>();
  readonly eventCounts = new Map<string, number>();
  addresses: string[] = [];

  private readonly eventNames: ReadonlyMap<string, string>;
  private readonly gasReport: boolean;
  private readonly log: (message: string) => void;

  constructor(
    rpc: Rpc,
    options: { eventNames: ReadonlyMap<string, string>; gasReport?: boolean; log?: (message: string) => void },
  ) {
    this.rpc = rpc;
    this.eventNames = options.eventNames;
    this.gasReport = options.gasReport ?? false;
    this.log = options.log ?? (() => {});
  }

  nextNonce(address: string): number {
    const key = address.toLowerCase();
    const n = this.nonces.get(key) ?? 0;
    this.nonces.set(key, n + 1);
    return n;
  }

  async latest(): Promise<number> {
    return Number(await this.rpc.call<string>("eth_blockNumber"));
  }

  async timestamp(): Promise<number> {
    const block = await this.rpc.call<{ timestamp: string }>("eth_getBlockByNumber", ["latest", false]);
    return Number(block.timestamp);
  }

  /** Sends `txs` (nonces in the order given, per sender), mines them all, checks their events. */
  async run(label: string, txs: Tx[], options: { check?: boolean } = {}): Promise<{ from: number; to: number }> {
    const t0 = performance.now();
    const from = (await this.latest()) + 1;
    if (txs.length === 0) return { from, to: from - 1 };
    const calls = txs.map((tx) => ({
      method: "eth_sendTransaction",
      params: [
        {
          from: tx.from,
          ...(tx.to ? { to: tx.to } : {}),
          data: tx.data,
          value: hex(tx.value ?? 0n),
          gas: hex(tx.gas),
          nonce: hex(this.nextNonce(tx.from)),
          maxFeePerGas: hex(MAX_FEE),
          maxPriorityFeePerGas: hex(tx.tip ?? TIP),
        },
      ],
    }));
    const CHUNK = 250;
    const chunks: (typeof calls)[] = [];
    for (let i = 0; i < calls.length; i += CHUNK) chunks.push(calls.slice(i, i + CHUNK));
    // Two requests in flight keep the node busy without reordering anything that matters
    // (nonces order each sender; priority fees order the posts).
    let next = 0;
    const hashes: string[] = [];
    await Promise.all(
      [0, 1].map(async () => {
        while (next < chunks.length) {
          const i = next++;
          const sent = await this.rpc.batch<string>(chunks[i]);
          sent.forEach((h, k) => (hashes[i * CHUNK + k] = h));
        }
      }),
    );
    const sentAt = performance.now();
    let mined = 0;
    let blocks = 0;
    while (mined < txs.length) {
      // Full blocks would raise the base fee 12.5% each; keep it at the floor.
      await this.rpc.call("hardhat_setNextBlockBaseFeePerGas", ["0x1"]);
      await this.rpc.call("evm_mine");
      const block = await this.rpc.call<{ transactions: string[] }>("eth_getBlockByNumber", ["latest", false]);
      if (block.transactions.length === 0) {
        throw new Error(`${label}: ${txs.length - mined} transactions stay in the mempool (nonces or fees wrong?)`);
      }
      mined += block.transactions.length;
      blocks += 1;
    }
    this.txCount += txs.length;
    this.blockCount += blocks;
    const to = from + blocks - 1;
    await this.checkEvents(label, txs, from, to, options.check ?? true);
    if (this.gasReport) await this.recordGas(txs, hashes);
    const s = (performance.now() - t0) / 1000;
    this.log(
      `${label}: ${txs.length.toLocaleString("en-US")} txs in ${blocks} blocks (${from}-${to}), ${s.toFixed(1)} s ` +
        `(send ${((sentAt - t0) / 1000).toFixed(1)} s, ${Math.round(txs.length / s)} tx/s)`,
    );
    return { from, to };
  }

  /** Compares the phase's events per name with what its transactions must emit. */
  private async checkEvents(label: string, txs: Tx[], from: number, to: number, check: boolean): Promise<void> {
    const expected = new Map<string, number>();
    for (const tx of txs) for (const e of tx.events) expected.set(e, (expected.get(e) ?? 0) + 1);
    const actual = new Map<string, number>();
    for (const log of await this.logs(from, to)) {
      const name = this.eventNames.get(log.topics[0]) ?? log.topics[0];
      actual.set(name, (actual.get(name) ?? 0) + 1);
      const n = Number(log.blockNumber);
      this.eventsPerBlock.set(n, (this.eventsPerBlock.get(n) ?? 0) + 1);
      this.eventCounts.set(name, (this.eventCounts.get(name) ?? 0) + 1);
    }
    if (!check) return;
    const names = new Set([...expected.keys(), ...actual.keys()]);
    const wrong = [...names].filter((n) => (expected.get(n) ?? 0) !== (actual.get(n) ?? 0));
    if (wrong.length === 0) return;
    const detail = wrong.map((n) => `${n} ${actual.get(n) ?? 0}/${expected.get(n) ?? 0}`).join(", ");
    throw new Error(`${label}: events differ from the plan (${detail}); ${await this.firstFailure(txs, from, to)}`);
  }

  async logs(from: number, to: number): Promise<{ topics: string[]; blockNumber: string }[]> {
    const out: { topics: string[]; blockNumber: string }[] = [];
    for (let start = from; start <= to; start += 20) {
      const end = Math.min(to, start + 19);
      out.push(
        ...(await this.rpc.call<{ topics: string[]; blockNumber: string }[]>("eth_getLogs", [
          { fromBlock: hex(start), toBlock: hex(end), address: this.addresses },
        ])),
      );
    }
    return out;
  }

  private async firstFailure(txs: Tx[], from: number, to: number): Promise<string> {
    for (let n = from; n <= to; n++) {
      const block = await this.rpc.call<{ transactions: { hash: string; input: string; from: string }[] }>(
        "eth_getBlockByNumber",
        [hex(n), true],
      );
      const receipts = await this.rpc.batch<{ status: string; transactionHash: string }>(
        block.transactions.map((t) => ({ method: "eth_getTransactionReceipt", params: [t.hash] })),
      );
      const failed = receipts.findIndex((r) => r.status !== "0x1");
      if (failed >= 0) {
        const t = block.transactions[failed];
        const tx = txs.find((x) => x.data === t.input && x.from.toLowerCase() === t.from.toLowerCase());
        return `first revert: ${tx?.label ?? "?"} (${t.hash}, block ${n})`;
      }
    }
    return "no reverted transaction found";
  }

  /** Most gas used per label (the text before ":"), against its limit: to keep GAS honest. */
  readonly gasUsed = new Map<string, { used: bigint; limit: bigint }>();
  private async recordGas(txs: Tx[], hashes: string[]): Promise<void> {
    for (let i = 0; i < hashes.length; i += 500) {
      const receipts = await this.rpc.batch<{ gasUsed: string }>(
        hashes.slice(i, i + 500).map((h) => ({ method: "eth_getTransactionReceipt", params: [h] })),
      );
      receipts.forEach((r, k) => {
        const tx = txs[i + k];
        const key = tx.label.split(":")[0];
        const used = BigInt(r.gasUsed);
        const seen = this.gasUsed.get(key);
        if (!seen || used > seen.used) this.gasUsed.set(key, { used, limit: tx.gas });
      });
    }
  }

  async advance(secondsForward: number): Promise<void> {
    await this.rpc.call("evm_increaseTime", [secondsForward]);
    await this.rpc.call("hardhat_setNextBlockBaseFeePerGas", ["0x1"]);
    await this.rpc.call("evm_mine");
    this.blockCount += 1;
  }
}
