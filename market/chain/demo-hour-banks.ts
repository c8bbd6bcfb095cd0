/**
 * Demo hour banks: vendors publish hour terms, clients buy banks of their hours and the vendors log
 * time against them, so the seed leaves a bank in every state the dApp shows: refunded at expiry,
 * closed early with notice, contested and ruled, split after the arbiter's time out, topped up,
 * shared with a member, renewed, and live banks with pending and contested logs. Every call goes
 * through the seed's phases (demo-timeline.ts) and its driver.
 */
import { Interface, MaxUint256, type InterfaceAbi } from "ethers";
import { hourBankAbi } from "@mosaic/sdk/contracts";
import { cidDigest } from "@mosaic/sdk/documents";
import type { Client, Vendor } from "./demo-actors.ts";
import type { Action, Contract, SeedContext } from "./demo-jobs.ts";
import type { MarketTx, Receipt } from "./driver.ts";
import { DAY, phaseOffset } from "./demo-timeline.ts";

/** Gas limits per call, with room above what each uses, as the job seed's GAS. */
export const HOUR_BANK_GAS = {
  approveToken: 100_000n,
  setTerms: 400_000n,
  buy: 450_000n,
  topUp: 200_000n,
  allocate: 120_000n,
  requestWork: 80_000n,
  logHours: 150_000n,
  approveLog: 200_000n,
  release: 200_000n,
  contest: 150_000n,
  rule: 250_000n,
  resolveTimedOut: 250_000n,
  close: 250_000n,
  rate: 250_000n,
  collectFees: 150_000n,
};

/** mUSD units per US cent (6 decimals). */
const UNITS_PER_CENT = 10_000n;
/** Every demo vendor's volume discounts: 10% off from 100 hours, 20% from 500. */
const TIERS = [
  { minHours: 100, discountBps: 1_000 },
  { minHours: 500, discountBps: 2_000 },
];
const NOTICE_HOURS = 10;

interface BankPlan {
  name: string;
  client: Client;
  vendor: Vendor;
  /** Set from the purchase's BankOpened event. */
  id?: bigint;
  /** Logs the vendor has sent so far: the next log's id. */
  logs: number;
}

export interface HourBankSeed {
  actions: Action[];
  /** The banks by name, ids filled in as they are bought. */
  banks: Map<string, { id?: bigint }>;
}

/**
 * Plans the demo banks between `vendors` (the first four available ones) and `clients` (the first
 * four, one of them also a member of another's bank). Returns no action with fewer than one vendor
 * or two clients.
 */
export function planHourBanks(
  ctx: SeedContext,
  hourBank: string,
  vendors: Vendor[],
  clients: Client[],
  funder: string,
): HourBankSeed {
  const bank: Contract = { address: hourBank, iface: new Interface(hourBankAbi as unknown as InterfaceAbi) };
  const actions: Action[] = [];
  const banks = new Map<string, BankPlan>();
  const sellers = vendors.filter((v) => v.availabilityHours > 0);
  if (sellers.length === 0 || clients.length < 2) return { actions, banks };
  const vendorAt = (i: number) => sellers[i % sellers.length];
  const clientAt = (i: number) => clients[i % clients.length];
  const at = (phase: string) => ctx.start + phaseOffset(phase);

  const add = (phase: string, build: () => MarketTx | undefined | Promise<MarketTx | undefined>) =>
    actions.push({ phase, build });
  const call = (from: string, method: string, args: unknown[], onReceipt?: (receipt: Receipt) => void): MarketTx => ({
    from,
    to: bank.address,
    data: bank.iface.encodeFunctionData(method, args),
    gas: HOUR_BANK_GAS[method as keyof typeof HOUR_BANK_GAS],
    label: `hour bank: ${method}`,
    onReceipt,
  });
  const idOf = (plan: BankPlan) => {
    if (plan.id === undefined) throw new Error(`hour bank "${plan.name}" was not bought`);
    return plan.id;
  };
  const note = (plan: BankPlan, text: string) =>
    ctx.docs.add({ kind: "mosaic.timesheet/v1", bank: String(idOf(plan)), vendor: plan.vendor.address, text });

  // Setup: every vendor that sells publishes terms in mUSD at its profile's rate; clients let the
  // hour bank draw their mUSD.
  const sellersUsed = new Set<Vendor>();
  const buyersUsed = new Set<Client>();
  const plan = (name: string, client: Client, vendor: Vendor): BankPlan => {
    const p: BankPlan = { name, client, vendor, logs: 0 };
    banks.set(name, p);
    sellersUsed.add(vendor);
    buyersUsed.add(client);
    return p;
  };

  const buy = (phase: string, p: BankPlan, hourCount: number, expiresAt: number, reviewWindow: number) =>
    add(phase, () =>
      call(
        p.client.address,
        "buy",
        [
          {
            vendor: p.vendor.address,
            token: ctx.usd.address,
            hourCount,
            maxHourlyRate: BigInt(p.vendor.hourlyRateCents) * UNITS_PER_CENT,
            expiresAt,
            reviewWindow,
          },
        ],
        (receipt) => {
          for (const log of receipt.logs) {
            if (log.address.toLowerCase() !== bank.address.toLowerCase()) continue;
            const parsed = bank.iface.parseLog(log);
            if (parsed?.name === "BankOpened") p.id = parsed.args.bankId as bigint;
          }
        },
      ),
    );
  /** The vendor logs `minutes` against `member`'s share (the client's own pool by default). */
  const log = (phase: string, p: BankPlan, minutes: number, text: string, member?: Client) => {
    const logId = p.logs++;
    add(phase, async () =>
      call(p.vendor.address, "logHours", [
        idOf(p),
        (member ?? p.client).address,
        minutes,
        cidDigest(await note(p, text)),
      ]),
    );
    return logId;
  };
  const by = (phase: string, from: string, p: BankPlan, method: string, extra: () => unknown[] = () => []) =>
    add(phase, async () => call(from, method, [idOf(p), ...extra()]));
  const evidence = (p: BankPlan, logId: number, party: string, statement: string) =>
    ctx.docs.add({ kind: "mosaic.evidence/v1", bank: String(idOf(p)), log: logId, party, statement });

  // 1. Refunded at expiry: 120 hours at the 10% tier, one log approved within its review window,
  //    one released after it (a phase after the window, whatever the blocks' exact times), rated both ways, its fees collected, closed by anyone after expiry.
  const refunded = plan("refunded at expiry", clientAt(0), vendorAt(0));
  buy("hire", refunded, 120, at("r2.fund"), 3 * DAY);
  const approved = log("r0.submit", refunded, 90, "Triage of the support queue, 42 tickets answered.");
  const released = log("r0.submit", refunded, 60, "Weekly report on open incidents.");
  by("r0.review", refunded.client.address, refunded, "approveLog", () => [approved]);
  by("r1.fund", funder, refunded, "release", () => [released]);
  by("sweep", funder, refunded, "close");
  by("rate", refunded.client.address, refunded, "rate", () => [5]);
  by("rate", refunded.vendor.address, refunded, "rate", () => [4]);
  by("rate", funder, refunded, "collectFees");

  // 2. Shared with a member, contested by the member and ruled 70% to the vendor; later logs
  //    approved, and one still pending in the live era.
  const ruled = plan("contested and ruled", clientAt(1), vendorAt(1));
  const member = clientAt(2) === ruled.client ? clientAt(0) : clientAt(2);
  buy("hire", ruled, 40, at("live.rate") + 60 * DAY, 3 * DAY);
  by("r0.fund", ruled.client.address, ruled, "allocate", () => [member.address, 600]);
  const contested = log("r0.submit", ruled, 120, "Translation of the onboarding guide, 14 pages.", member);
  add("r0.review", async () =>
    call(member.address, "contest", [
      idOf(ruled),
      contested,
      await evidence(ruled, contested, "member", "Half of the pages were machine translated and need redoing."),
    ]),
  );
  add("r0.respond", () => call(ctx.arbiter, "rule", [(idOf(ruled) << 32n) | BigInt(contested), 7_001n]));
  const later = log("r1.submit", ruled, 60, "Glossary of product terms.");
  by("r1.review", ruled.client.address, ruled, "approveLog", () => [later]);
  log("live.submit", ruled, 45, "Release notes, first draft.", member);
  by("live.rate", ruled.client.address, ruled, "rate", () => [4]);

  // 3. Contested by the client; the arbiter lets it time out and anyone splits it evenly.
  const timedOut = plan("split after time out", clientAt(2), vendorAt(2));
  buy("hire", timedOut, 30, at("live.rate") + 60 * DAY, 3 * DAY);
  const split = log("r0.submit", timedOut, 180, "Labelling of 600 images.");
  add("r0.review", async () =>
    call(timedOut.client.address, "contest", [
      idOf(timedOut),
      split,
      await evidence(timedOut, split, "client", "A third of the labels are wrong."),
    ]),
  );
  by("timeouts", funder, timedOut, "resolveTimedOut", () => [split]);

  // 4. Closed early by the client: unlogged time refunded less ten hours' notice to the vendor.
  const early = plan("closed early", clientAt(3), vendorAt(3));
  buy("hire", early, 110, at("live.rate") + 90 * DAY, 3 * DAY);
  const first = log("r0.submit", early, 240, "Regression test pass on the checkout.");
  by("r0.review", early.client.address, early, "approveLog", () => [first]);
  by("r2.fund", early.client.address, early, "close");

  // 5. Live: the first client buys again from the first vendor (a renewal), shares part of it,
  //    tops it up; the member asks for work; one log pending, one contested awaiting the arbiter.
  const live = plan("live, topped up and shared", clientAt(0), vendorAt(0));
  const liveMember = clientAt(1) === live.client ? clientAt(2) : clientAt(1);
  buy("r1.fund", live, 20, at("live.rate") + 45 * DAY, 3 * DAY);
  by("r1.submit", live.client.address, live, "allocate", () => [liveMember.address, 300]);
  by("r2.fund", live.client.address, live, "topUp", () => [10, at("live.rate") + 75 * DAY]);
  add("r2.submit", () =>
    call(liveMember.address, "requestWork", [
      idOf(live),
      "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
    ]),
  );
  log("live.submit", live, 90, "Support rota for the launch week.", liveMember);
  const disputed = log("live.submit", live, 120, "Database migration dry run.");
  add("live.review", async () =>
    call(live.client.address, "contest", [
      idOf(live),
      disputed,
      await evidence(live, disputed, "client", "The dry run was never run against a copy of production."),
    ]),
  );

  // Setup before everything: terms and allowances.
  const setup: Action[] = [];
  for (const vendor of sellersUsed) {
    setup.push({
      phase: "setup",
      build: () =>
        call(vendor.address, "setTerms", [
          ctx.usd.address,
          BigInt(vendor.hourlyRateCents) * UNITS_PER_CENT,
          NOTICE_HOURS,
          TIERS,
        ]),
    });
  }
  for (const client of buyersUsed) {
    setup.push({
      phase: "setup",
      build: () => ({
        from: client.address,
        to: ctx.usd.address,
        data: ctx.usd.iface.encodeFunctionData("approve", [bank.address, MaxUint256]),
        gas: HOUR_BANK_GAS.approveToken,
        label: "approve mUSD (hour bank)",
      }),
    });
  }
  return { actions: [...setup, ...actions], banks };
}
