/**
 * What the seed did, from two sources: the events of every receipt (tallied as they arrive) and
 * the contracts' state read back at the end, which checks each job really is where its scenario
 * says.
 */
import { ZeroAddress, formatUnits } from "ethers";
import type { Client, Vendor } from "../../market/chain/demo-actors.ts";
import type { Receipt } from "../../market/chain/driver.ts";
import type { JobPlan, SeedContext } from "../../market/chain/demo-jobs.ts";
import { SCENARIOS, type Scenario } from "../../market/fates.ts";
import { BONUS_STATES, MILESTONE_STATES } from "@mosaic/sdk/jobs";

const RESOLUTIONS = ["ruled by the arbiter", "settled by signatures", "timed out"];

export class EventTally {
  readonly counts = new Map<string, number>();
  readonly resolutions = new Map<string, number>();
  readonly ratings = { clientToVendor: [] as number[], vendorToClient: [] as number[] };
  /** Per token address (lower case): escrowed, paid to vendors, platform fees, arbiter fees. */
  readonly money = new Map<string, { escrowed: bigint; toVendors: bigint; fees: bigint; arbiterFees: bigint }>();
  private readonly ctx: SeedContext;
  private readonly clients: Set<string>;
  private readonly tokenOfJob: (jobId: bigint) => string;

  constructor(ctx: SeedContext, clients: Client[], tokenOfJob: (jobId: bigint) => string) {
    this.ctx = ctx;
    this.clients = new Set(clients.map((c) => c.address.toLowerCase()));
    this.tokenOfJob = tokenOfJob;
  }

  add(receipts: Receipt[]): void {
    const escrow = this.ctx.escrow.address.toLowerCase();
    const registry = this.ctx.registry.address.toLowerCase();
    for (const receipt of receipts) {
      for (const log of receipt.logs) {
        const address = log.address.toLowerCase();
        const iface =
          address === escrow ? this.ctx.escrow.iface : address === registry ? this.ctx.registry.iface : undefined;
        const parsed = iface?.parseLog(log);
        if (!parsed) continue;
        this.counts.set(parsed.name, (this.counts.get(parsed.name) ?? 0) + 1);
        const args = parsed.args;
        switch (parsed.name) {
          case "Rated": {
            const list = this.clients.has(String(args.rater).toLowerCase())
              ? this.ratings.clientToVendor
              : this.ratings.vendorToClient;
            list.push(Number(args.score));
            break;
          }
          case "DisputeResolved": {
            const label = RESOLUTIONS[Number(args.resolution)];
            this.resolutions.set(label, (this.resolutions.get(label) ?? 0) + 1);
            const m = this.moneyOf(this.tokenOfJob(args.jobId));
            m.toVendors += args.toVendor;
            m.fees += args.fee;
            m.arbiterFees += args.arbiterFee;
            break;
          }
          case "MilestonesFunded":
            this.moneyOf(this.tokenOfJob(args.jobId)).escrowed += args.total;
            break;
          case "MilestoneReleased":
          case "BonusReleased": {
            const m = this.moneyOf(this.tokenOfJob(args.jobId));
            m.toVendors += args.toVendor;
            m.fees += args.fee;
            break;
          }
        }
      }
    }
  }

  count(name: string): number {
    return this.counts.get(name) ?? 0;
  }

  private moneyOf(token: string) {
    const key = token.toLowerCase();
    let m = this.money.get(key);
    if (!m) this.money.set(key, (m = { escrowed: 0n, toVendors: 0n, fees: 0n, arbiterFees: 0n }));
    return m;
  }
}

export interface ChainState {
  milestones: Map<string, number>;
  bonuses: Map<string, number>;
  registeredVendors: number;
}

/** Reads every seeded job's milestones and every vendor's registration back from the contracts. */
export async function readChainState(ctx: SeedContext, jobs: JobPlan[], vendors: Vendor[]): Promise<ChainState> {
  const { escrow, registry, chain } = ctx;
  const milestones = new Map<string, number>();
  const bonuses = new Map<string, number>();
  const calls = jobs.flatMap((job) =>
    job.milestones.map(async (_, i) => {
      const data = await chain.call(escrow.address, escrow.iface.encodeFunctionData("milestoneOf", [job.id!, i]));
      const [m] = escrow.iface.decodeFunctionResult("milestoneOf", data);
      const state = MILESTONE_STATES[Number(m.state)];
      milestones.set(state, (milestones.get(state) ?? 0) + 1);
      if (m.bonus > 0n) {
        const bonus = BONUS_STATES[Number(m.bonusState)];
        bonuses.set(bonus, (bonuses.get(bonus) ?? 0) + 1);
      }
    }),
  );
  const registered = vendors.map(async (v) => {
    const data = await chain.call(registry.address, registry.iface.encodeFunctionData("isRegistered", [v.address]));
    return Boolean(registry.iface.decodeFunctionResult("isRegistered", data)[0]);
  });
  await Promise.all(calls);
  const registeredVendors = (await Promise.all(registered)).filter(Boolean).length;
  return { milestones, bonuses, registeredVendors };
}

export interface SummaryInput {
  ctx: SeedContext;
  rpcUrl: string;
  seconds: number;
  vendors: Vendor[];
  clients: Client[];
  jobs: JobPlan[];
  tally: EventTally;
  state: ChainState;
  chainTime: number;
}

const avg = (xs: number[]) => (xs.length ? (xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(2) : "-");
const list = (entries: Iterable<[string, number]>) =>
  [...entries]
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(", ");

export function printSummary(s: SummaryInput): void {
  const { ctx, tally, jobs, vendors, clients, state } = s;
  const { chain } = ctx;
  const derived = (xs: { wallet?: unknown }[]) => xs.filter((x) => x.wallet).length;
  const byScenario = new Map<Scenario, number>();
  for (const job of jobs) byScenario.set(job.scenario, (byScenario.get(job.scenario) ?? 0) + 1);
  const history = jobs.filter((j) => SCENARIOS[j.scenario].era === "history").length;
  const usdJobs = jobs.filter((j) => j.token === "mUSD");
  const open = jobs.filter((j) => j.open).length;

  const out: string[] = [];
  out.push("");
  out.push(
    `Seeded Mosaic at ${s.rpcUrl} in ${s.seconds.toFixed(1)} s: ${chain.txCount} transactions in ${chain.blockCount} blocks (${Math.round(chain.txCount / s.seconds)} tx/s).`,
  );
  out.push(
    `Vendors    ${state.registeredVendors}/${vendors.length} registered (${vendors.length - derived(vendors)} node accounts, ${derived(vendors)} derived wallets); ` +
      `${clients.length} clients (${clients.length - derived(clients)} node accounts, ${derived(clients)} derived).`,
  );
  out.push(
    `Jobs       ${jobs.length} (${history} finished history, ${jobs.length - history} live): ${usdJobs.length} in mUSD ` +
      `(${usdJobs.filter((j) => j.usePermit).length} funded with a permit), ${jobs.length - usdJobs.length} in ETH; ` +
      `${open} open, ${jobs.length - open} by invitation.`,
  );
  const width = Math.max(...[...byScenario.keys()].map((k) => SCENARIOS[k].title.length)) + 2;
  for (const [scenario, n] of [...byScenario].sort(
    ([a], [b]) => Object.keys(SCENARIOS).indexOf(a) - Object.keys(SCENARIOS).indexOf(b),
  )) {
    out.push(`  ${SCENARIOS[scenario].title.padEnd(width, ".")} ${String(n).padStart(4)}`);
  }
  out.push(`Milestones ${list(state.milestones)} (read back from the escrow).`);
  if (state.bonuses.size) out.push(`Bonuses    ${list(state.bonuses)}.`);
  const raised = tally.count("DisputeRaised");
  const stillOpen = raised - tally.count("DisputeResolved");
  out.push(
    `Disputes   ${raised} raised${raised ? `: ${list([...tally.resolutions, ["still open", stillOpen]])}` : ""}.`,
  );
  out.push(
    `Ratings    ${tally.count("Rated")}: client → vendor ${tally.ratings.clientToVendor.length} (avg ${avg(tally.ratings.clientToVendor)}), ` +
      `vendor → client ${tally.ratings.vendorToClient.length} (avg ${avg(tally.ratings.vendorToClient)}).`,
  );
  out.push(
    `Activity   ${tally.count("VendorHired")} hires, ${tally.count("ChangesRequested")} change requests, ` +
      `${tally.count("MilestoneReleased")} milestone payments, ${tally.count("MilestoneRefunded")} refunds, ` +
      `${tally.count("MilestoneCancelled")} cancellations, ${tally.count("QuotesRevoked")} quote revocations.`,
  );
  for (const [token, m] of tally.money) {
    const [symbol, decimals] = token === ZeroAddress ? ["ETH", 18] : ["mUSD", 6];
    const f = (x: bigint) => Number(formatUnits(x, decimals)).toLocaleString("en-US", { maximumFractionDigits: 3 });
    out.push(
      `${symbol.padEnd(10)} ${f(m.escrowed)} escrowed, ${f(m.toVendors)} paid to vendors, ${f(m.fees)} platform fees, ${f(m.arbiterFees)} arbiter fees.`,
    );
  }
  const ahead = (s.chainTime - Date.now() / 1000) / 86_400;
  out.push(
    `Chain time ${new Date(s.chainTime * 1000).toISOString()} — ${ahead.toFixed(1)} days ahead of the wall clock ` +
      "(the history was replayed with evm_increaseTime); use the latest block's timestamp, not Date.now(), for deadlines.",
  );
  console.log(out.join("\n"));
}
