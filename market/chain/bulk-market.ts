/**
 * The bulk market: thousands of jobs played through the real contracts on a local Hardhat node
 * as fast as it mines, for the indexer benchmark. Clients and vendors are derived wallets sent
 * from through `hardhat_impersonateAccount` (their keys sign quotes and dispute settlements);
 * the operator, treasury and default arbiter are node accounts.
 *
 * Jobs come in waves (a day apart); each wave's phases (post and fund, hire, submit, review,
 * follow-up, close, ratings) are sent at once through the market driver (driver.ts, its fast path:
 * impersonated senders, base fee at its floor, each phase checked by its events). A job's fate is one of
 * the market's scenarios (fates.ts, `BULK_FATES`): mostly paid work, and every exit path: change
 * requests, rulings, signed settlements, arbiter time-outs, automatic releases, missed
 * deadlines, refunds before hire, and jobs still live. A job is posted and funded in one
 * transaction (`multicall(postJob, fund)`) in mUSD, or posted then funded with value in ETH;
 * job ids are known in advance because posting transactions carry strictly decreasing
 * priority fees, so the node mines them in the order planned (checked against the JobPosted
 * events). One vendor is a contract refusing ETH, so deferred payments and withdrawals happen.
 */
import fs from "node:fs";
import path from "node:path";
import {
  Interface,
  MaxUint256,
  Wallet,
  ZeroAddress,
  encodeBytes32String,
  getCreateAddress,
  keccak256,
  toUtf8Bytes,
} from "ethers";
import type { InterfaceAbi } from "ethers";
import { QUOTE_TYPES, SETTLEMENT_TYPES, escrowDomain } from "@mosaic/sdk/typed-data";
import { BULK_FATES, type BulkFate } from "../fates.ts";
import { Random } from "../random.ts";
import { MarketDriver, TIP, type MarketTx } from "./driver.ts";
import { hex, Rpc } from "./rpc.ts";

type Tx = MarketTx & { events: string[] };

const repoRoot = path.resolve(import.meta.dirname, "../..");
const CLIENTS = 40;
const VENDORS = 150;
const DAY = 86_400;
const USD = 10n ** 6n;
const ETH = 10n ** 18n;
const CID = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
/** ETH's rating weight unit (about one US dollar at $2,000/ETH), as the Ignition module sets it. */
const ETH_WEIGHT_UNIT = 5n * 10n ** 14n;
const SKILLS = [
  "solidity",
  "typescript",
  "react",
  "design",
  "figma",
  "rust",
  "go",
  "security",
  "devops",
  "copywriting",
  "data",
  "zk",
];
/** Gas limits: about 1.4x the most each call used (`--gas-report` prints what a run used). */
const GAS = {
  deploy: 8_000_000n,
  setup: 300_000n,
  setProfile: 450_000n,
  post: 420_000n,
  fund: 90_000n,
  claim: 140_000n,
  hire: 160_000n,
  cancel: 50_000n,
  refund: 90_000n,
  submit: 60_000n,
  approve: 115_000n,
  requestChanges: 60_000n,
  releaseBonus: 90_000n,
  returnBonus: 80_000n,
  release: 110_000n,
  dispute: 90_000n,
  rule: 150_000n,
  settle: 180_000n,
  resolveTimedOut: 140_000n,
  rate: 130_000n,
  execute: 300_000n,
  collectFees: 100_000n,
};

function artifact(relative: string): { abi: InterfaceAbi; bytecode: string } {
  return JSON.parse(fs.readFileSync(path.join(repoRoot, "artifacts/contracts", relative), "utf8"));
}
const registryArtifact = artifact("registry/VendorRegistry.sol/VendorRegistry.json");
const escrowArtifact = artifact("escrow/MosaicEscrow.sol/MosaicEscrow.json");
const usdArtifact = artifact("mocks/MockERC20.sol/MockERC20.json");
const receiverArtifact = artifact("mocks/RejectingReceiver.sol/RejectingReceiver.json");
const escrowIface = new Interface(escrowArtifact.abi);
const registryIface = new Interface(registryArtifact.abi);
const usdIface = new Interface(usdArtifact.abi);
const receiverIface = new Interface(receiverArtifact.abi);

export type Actor = { address: string; wallet: Wallet };
type Fate = BulkFate;
type MState = "Created" | "Funded" | "Submitted" | "Paid" | "Refunded" | "Cancelled" | "Disputed" | "Resolved";
type Milestone = {
  amount: bigint;
  bonus: bigint;
  deadline: number;
  outcomeDeadline: number;
  state: MState;
  bonusHeld: boolean;
};
export type BulkJob = {
  id: bigint;
  wave: number;
  client: Actor;
  vendor: Actor | null;
  /** The vendor is the rejecting contract: ETH pushes to it are deferred. */
  rejecting: boolean;
  eth: boolean;
  open: boolean;
  skills: string[];
  fate: Fate;
  milestones: Milestone[];
  funded: number;
  /** The arbiter's raw ERC-792 ruling for fate "disputeRuled": 0 refuses (even split), r gives the vendor r - 1 bps. */
  ruling: number;
  /** The vendor's share of a dispute, in basis points. */
  disputeBps: number;
  vendorPaid: boolean;
  clientRated: boolean;
  vendorRated: boolean;
};

/** Each phase is checked by counting its events against the plan (no receipts: thousands of txs a second). */
const EVENTS = { check: { events: true } } as const;

function pickFate(rng: Random): Fate {
  return rng.weighted(BULK_FATES, ([, w]) => w)[0];
}

export interface BulkMarketOptions {
  jobs: number;
  /** Days the jobs are spread over. */
  waves: number;
  seed: string;
  /** Print the most gas each kind of transaction used. */
  gasReport?: boolean;
  log?: (message: string) => void;
}

export interface BulkMarket {
  jobs: BulkJob[];
  chain: MarketDriver;
  registry: string;
  escrow: string;
  /** First block of the deployment, and the chain's head when the market is played. */
  startBlock: number;
  latest: number;
  /** Events of the two indexed contracts. */
  events: number;
  generationSeconds: number;
}

/** Deploys fresh contracts on the node at `rpcUrl` and plays the bulk market through them. */
export async function playBulkMarket(rpcUrl: string, options: BulkMarketOptions): Promise<BulkMarket> {
  if (!Number.isInteger(options.jobs) || options.jobs < 1) {
    throw new Error(`jobs must be a positive integer, got ${options.jobs}`);
  }
  const chainId = Number(await new Rpc(rpcUrl).call<string>("eth_chainId"));
  const chain = new MarketDriver(rpcUrl, chainId, {
    baseFeeFloor: true,
    gasReport: options.gasReport,
    log: options.log,
  });
  return chain.withManualMining(() => play(chain, options));
}

async function play(chain: MarketDriver, options: BulkMarketOptions): Promise<BulkMarket> {
  const log = options.log ?? (() => {});
  const fmt = (n: number) => n.toLocaleString("en-US");
  const seconds = (since: number) => (performance.now() - since) / 1000;
  const rpc = chain.rpc;
  const chainId = chain.chainId;
  const generationStarted = performance.now();

  const accounts = await chain.init();
  const [operator, treasury, arbiter] = accounts;
  const rng = new Random(options.seed);
  const makeActor = (kind: string, i: number): Actor => {
    const wallet = new Wallet(keccak256(toUtf8Bytes(`${options.seed}:${kind}:${i}`)));
    return { address: wallet.address, wallet };
  };
  const clients = Array.from({ length: CLIENTS }, (_, i) => makeActor("client", i));
  const vendors = Array.from({ length: VENDORS }, (_, i) => makeActor("vendor", i));
  const people = [...clients, ...vendors];
  await chain.impersonate(
    people.map((p) => p.address),
    1_000_000n * ETH,
  );

  // -------------------------------------------------------------- deployment and setup
  const registry = getCreateAddress({ from: operator, nonce: 0 });
  const escrow = getCreateAddress({ from: operator, nonce: 1 });
  const usd = getCreateAddress({ from: operator, nonce: 2 });
  const receiver = getCreateAddress({ from: operator, nonce: 3 });
  chain.eventAddresses = [registry, escrow];
  const deployData = (a: { abi: InterfaceAbi; bytecode: string }, args: unknown[]) =>
    a.bytecode + new Interface(a.abi).encodeDeploy(args).slice(2);
  const deployTx = (data: string, label: string): Tx => ({
    from: operator,
    to: null,
    data,
    gas: GAS.deploy,
    label,
    events: [],
  });
  const { from: startBlock } = await chain.run(
    "deploy",
    [
      deployTx(deployData(registryArtifact, []), "deploy VendorRegistry"),
      deployTx(
        deployData(escrowArtifact, [operator, treasury, registry, ETH_WEIGHT_UNIT, 100n * ETH_WEIGHT_UNIT, 500n]),
        "deploy MosaicEscrow",
      ),
      deployTx(deployData(usdArtifact, ["Mock USD", "mUSD", 6]), "deploy MockERC20"),
      deployTx(deployData(receiverArtifact, []), "deploy RejectingReceiver"),
    ],
    { check: { events: "count" } },
  );
  for (const address of [registry, escrow, usd, receiver]) {
    if ((await rpc.call<string>("eth_getCode", [address, "latest"])) === "0x")
      throw new Error(`no contract at ${address}`);
  }

  // A registry with a curated skill-tag table: open it, as the local Ignition module does, so the
  // market's vendors may name their skills.
  if (registryIface.hasFunction("setTagCreationOpen")) {
    const data = registryIface.encodeFunctionData("setTagCreationOpen", [true]);
    const open: Tx = { from: operator, to: registry, data, gas: GAS.setup, label: "setTagCreationOpen", events: [] };
    await chain.run("open skill-tag creation", [open], { check: { receipts: true, events: "count" } });
  }

  const E = (method: string, args: unknown[] = []) => escrowIface.encodeFunctionData(method, args);
  const skillTag = (s: string) => encodeBytes32String(s);
  type VendorInfo = { skills: string[]; weight: number; quoteNonce: bigint };
  const vendorInfo = new Map<string, VendorInfo>();
  const setup: Tx[] = [
    {
      from: operator,
      to: escrow,
      data: E("setDefaultArbiter", [arbiter, 100]),
      gas: GAS.setup,
      label: "setDefaultArbiter",
      events: ["DefaultArbiterSet"],
    },
    {
      from: operator,
      to: escrow,
      data: E("configureToken", [usd, true, USD, 100n * USD]),
      gas: GAS.setup,
      label: "configureToken",
      events: ["TokenConfigured"],
    },
    // Takes effect 48 hours later: jobs from the third wave on snapshot the new fee.
    {
      from: operator,
      to: escrow,
      data: E("announceFee", [100]),
      gas: GAS.setup,
      label: "announceFee",
      events: ["FeeChangeAnnounced"],
    },
  ];
  const profileData = (info: VendorInfo, i: number) =>
    registryIface.encodeFunctionData("setProfile", [
      {
        hourlyRateCents: 3_000 + (i % 20) * 500,
        timezoneOffsetMinutes: ((i % 25) - 12) * 60,
        availabilityHours: 10 + (i % 31),
      },
      info.skills.map(skillTag),
      // The registry keeps only the digest of the profile document's CID.
      keccak256(toUtf8Bytes(`${options.seed}:profile:${i}`)),
    ]);
  // The first profile that lists a skill adds it to the registry's table (SkillTagAdded); a
  // phase's events are checked in total, so the first listing carries it.
  const knownTags = new Set<string>();
  const newTagEvents = (skills: string[]) =>
    skills.filter((tag) => !knownTags.has(tag) && knownTags.add(tag)).map(() => "SkillTagAdded");
  const vendorRng = rng.fork("vendors");
  vendors.forEach((v, i) => {
    const info: VendorInfo = {
      skills: vendorRng.sample(SKILLS, vendorRng.int(2, 4)),
      // A long tail: a few vendors get most of the work.
      weight: 1 / (1 + i) ** 0.8,
      quoteNonce: 0n,
    };
    vendorInfo.set(v.address, info);
    setup.push({
      from: v.address,
      to: registry,
      data: profileData(info, i),
      gas: GAS.setProfile,
      label: "setProfile",
      events: ["VendorProfileSet", ...newTagEvents(info.skills)],
    });
  });
  for (const v of vendorRng.sample(vendors, 5)) {
    vendorInfo.get(v.address)!.quoteNonce += 1n;
    setup.push({
      from: v.address,
      to: escrow,
      data: E("revokeQuotes"),
      gas: GAS.setup,
      label: "revokeQuotes",
      events: ["QuotesRevoked"],
    });
  }
  for (const c of clients) {
    setup.push({
      from: c.address,
      to: usd,
      data: usdIface.encodeFunctionData("mint", [c.address, 10n ** 12n * USD]),
      gas: GAS.setup,
      label: "mint",
      events: [],
    });
    setup.push({
      from: c.address,
      to: usd,
      data: usdIface.encodeFunctionData("approve", [escrow, MaxUint256]),
      gas: GAS.setup,
      label: "approve mUSD",
      events: [],
    });
  }
  // A vendor that is a contract refusing ETH: its ETH payments are deferred until it withdraws.
  const receiverSkills = ["solidity", "security"];
  const viaReceiver = (target: string, data: string, label: string, events: string[], gas = GAS.execute): Tx => ({
    from: operator,
    to: receiver,
    data: receiverIface.encodeFunctionData("execute", [target, data]),
    gas,
    label,
    events,
  });
  setup.push(
    viaReceiver(
      registry,
      profileData({ skills: receiverSkills, weight: 0, quoteNonce: 0n }, VENDORS),
      "setProfile (receiver)",
      ["VendorProfileSet", ...newTagEvents(receiverSkills)],
      GAS.setProfile,
    ),
  );
  await chain.run("setup", setup, EVENTS);

  // -------------------------------------------------------------- waves of jobs
  const domain = escrowDomain(chainId, escrow);
  const jobRng = rng.fork("jobs");
  const jobs: BulkJob[] = [];
  let nextJobId = 1n;
  const vendorTx = (job: BulkJob, to: string, data: string, label: string, events: string[], gas: bigint): Tx =>
    job.rejecting
      ? viaReceiver(to, data, `${label} (receiver)`, events, gas + 100_000n)
      : { from: job.vendor!.address, to, data, gas, label, events };
  /** Events of a credit to the vendor: the rejecting contract's ETH credits are deferred. */
  const credit = (job: BulkJob, event: string) => (job.rejecting && job.eth ? [event, "PaymentDeferred"] : [event]);
  const rate = (job: BulkJob, byClient: boolean, score: number): Tx => {
    if (byClient) job.clientRated = true;
    else job.vendorRated = true;
    const data = E("rate", [job.id, score]);
    return byClient
      ? { from: job.client.address, to: escrow, data, gas: GAS.rate, label: "rate vendor", events: ["Rated"] }
      : vendorTx(job, escrow, data, "rate client", ["Rated"], GAS.rate);
  };
  const approve = (job: BulkJob, i: number): Tx => {
    job.milestones[i].state = "Paid";
    job.vendorPaid = true;
    return {
      from: job.client.address,
      to: escrow,
      data: E("approve", [job.id, i]),
      gas: GAS.approve,
      label: "approve",
      events: credit(job, "MilestoneReleased"),
    };
  };
  const funded = (job: BulkJob) =>
    job.milestones.map((m, i) => ({ m, i })).filter(({ m }) => m.state !== "Created" && m.state !== "Cancelled");

  for (let wave = 0; wave < options.waves; wave++) {
    const waveJobs: BulkJob[] = [];
    const count =
      Math.floor((options.jobs * (wave + 1)) / options.waves) - Math.floor((options.jobs * wave) / options.waves);
    const now = await chain.latestTimestamp();
    for (let n = 0; n < count; n++) {
      const fate = pickFate(jobRng);
      const eth = jobRng.chance(0.4);
      const open = jobRng.chance(0.7);
      const rejecting = eth && open && fate === "paid" && jobRng.chance(0.02);
      const hired = fate !== "refundedBeforeHire" && fate !== "liveOpen";
      const client = jobRng.pick(clients);
      const vendor = rejecting ? null : jobRng.weighted(vendors, (v) => vendorInfo.get(v.address)!.weight);
      const vendorSkills = rejecting ? receiverSkills : vendorInfo.get(vendor!.address)!.skills;
      const skills = open ? jobRng.sample(vendorSkills, jobRng.int(0, 2)) : [];
      const count = jobRng.weighted([1, 2, 3], (k) => ({ 1: 40, 2: 35, 3: 25 })[k]!);
      const deadline = now + 20 * DAY;
      const milestones: Milestone[] = Array.from({ length: count }, (_, i) => {
        const amount = eth ? BigInt(jobRng.int(1, 200)) * 5n * 10n ** 15n : BigInt(jobRng.int(1, 50)) * 100n * USD;
        const bonus = jobRng.chance(0.15) ? amount / 5n : 0n;
        return {
          amount,
          bonus,
          deadline: deadline + i * DAY,
          outcomeDeadline: bonus ? deadline + (i + 5) * DAY : 0,
          state: "Created",
          bonusHeld: false,
        };
      });
      const fundedCount = count > 1 && jobRng.chance(0.1) ? jobRng.int(1, count - 1) : count;
      for (let i = 0; i < fundedCount; i++) {
        milestones[i].state = "Funded";
        milestones[i].bonusHeld = milestones[i].bonus > 0n;
      }
      const ruling = jobRng.pick([0, 1, 2501, 5001, 7501, 10001]);
      waveJobs.push({
        id: nextJobId++,
        wave,
        client,
        vendor: hired ? (rejecting ? { address: receiver, wallet: null as unknown as Wallet } : vendor) : null,
        rejecting,
        eth,
        open: rejecting ? true : open,
        skills,
        fate,
        milestones,
        funded: fundedCount,
        ruling,
        disputeBps:
          fate === "disputeSettled"
            ? jobRng.pick([2000, 5000, 8000])
            : fate === "disputeTimedOut"
              ? 5000
              : ruling === 0
                ? 5000
                : ruling - 1,
        vendorPaid: false,
        clientRated: false,
        vendorRated: false,
      });
    }
    jobs.push(...waveJobs);
    const W = `wave ${wave + 1}/${options.waves}`;

    // 1. post and fund, in the planned order (strictly decreasing priority fees).
    const post: Tx[] = [];
    for (const job of waveJobs) {
      const terms = {
        token: job.eth ? ZeroAddress : usd,
        arbiter: ZeroAddress,
        arbiterFeeBps: 0,
        reviewWindow: 3 * DAY,
        open: job.open,
        minRating: 0,
        minPaidJobs: 0,
        requiredSkills: job.skills.map(skillTag),
        specCid: CID,
      };
      const ms = job.milestones.map((m) => ({
        amount: m.amount,
        bonus: m.bonus,
        deadline: m.deadline,
        outcomeDeadline: m.outcomeDeadline,
      }));
      const total = job.milestones.slice(0, job.funded).reduce((s, m) => s + m.amount + m.bonus, 0n);
      const postData = E("postJob", [terms, ms]);
      const fundData = E("fund", [job.id, 0, job.funded]);
      if (job.eth) {
        post.push({
          from: job.client.address,
          to: escrow,
          data: postData,
          gas: GAS.post,
          label: "postJob",
          events: ["JobPosted", "MetaEvidence"],
        });
        post.push({
          from: job.client.address,
          to: escrow,
          data: fundData,
          value: total,
          gas: GAS.fund,
          label: "fund",
          events: ["MilestonesFunded"],
        });
      } else {
        post.push({
          from: job.client.address,
          to: escrow,
          data: E("multicall", [[postData, fundData]]),
          gas: GAS.post,
          label: "multicall(postJob, fund)",
          events: ["JobPosted", "MetaEvidence", "MilestonesFunded"],
        });
      }
    }
    post.forEach((tx, i) => (tx.tip = TIP + BigInt(post.length - i)));
    const posted = await chain.run(`${W} post+fund`, post, EVENTS);
    const logs = await rpc.call<{ topics: string[] }[]>("eth_getLogs", [
      {
        fromBlock: hex(posted.from),
        toBlock: hex(posted.to),
        address: escrow,
        topics: [escrowIface.getEvent("JobPosted")!.topicHash],
      },
    ]);
    for (const [i, log] of logs.entries()) {
      const job = waveJobs[i];
      if (BigInt(log.topics[1]) !== job.id || BigInt(log.topics[2]) !== BigInt(job.client.address)) {
        throw new Error(
          `job ${job.id} was mined out of the planned order: the node does not order its mempool by priority fee`,
        );
      }
    }

    // 2. hire (claim or quote), or withdraw; unfunded milestones are cancelled first.
    const hire: Tx[] = [];
    const chainNow = await chain.latestTimestamp();
    for (const job of waveJobs) {
      for (const [i, m] of job.milestones.entries()) {
        if (m.state !== "Created" || job.fate === "liveOpen") continue;
        m.state = "Cancelled";
        hire.push({
          from: job.client.address,
          to: escrow,
          data: E("cancel", [job.id, i]),
          gas: GAS.cancel,
          label: "cancel",
          events: ["MilestoneCancelled"],
        });
      }
      if (job.fate === "refundedBeforeHire") {
        for (const { m, i } of funded(job)) {
          m.state = "Refunded";
          m.bonusHeld = false;
          hire.push({
            from: job.client.address,
            to: escrow,
            data: E("refund", [job.id, i]),
            gas: GAS.refund,
            label: "refund before hire",
            events: ["MilestoneRefunded"],
          });
        }
        continue;
      }
      if (!job.vendor) continue;
      if (job.open) {
        hire.push(
          vendorTx(job, escrow, E("claim", [job.id, job.skills.map(skillTag)]), "claim", ["VendorHired"], GAS.claim),
        );
      } else {
        const quote = {
          jobId: job.id,
          vendor: job.vendor.address,
          price: funded(job).reduce((s, { m }) => s + m.amount + m.bonus, 0n),
          nonce: vendorInfo.get(job.vendor.address)!.quoteNonce,
          expiresAt: chainNow + 2 * DAY,
        };
        const signature = await job.vendor.wallet.signTypedData(domain, QUOTE_TYPES, quote);
        hire.push({
          from: job.client.address,
          to: escrow,
          data: E("hire", [quote, signature]),
          gas: GAS.hire,
          label: "hire",
          events: ["VendorHired"],
        });
      }
    }
    await chain.run(`${W} hire`, hire, EVENTS);

    // 3. the vendors deliver (ghost vendors never do).
    const submit: Tx[] = [];
    for (const job of waveJobs) {
      if (!job.vendor || job.fate === "refundedDeadlineMissed") continue;
      for (const { m, i } of funded(job)) {
        m.state = "Submitted";
        submit.push(vendorTx(job, escrow, E("submit", [job.id, i, CID]), "submit", ["MilestoneSubmitted"], GAS.submit));
      }
    }
    await chain.run(`${W} submit`, submit, EVENTS);

    // 4. the clients review: approve (bonus, rating), ask for changes, or dispute.
    const review: Tx[] = [];
    for (const job of waveJobs) {
      const live = funded(job);
      if (job.fate === "paid") {
        for (const { i } of live) review.push(approve(job, i));
        for (const { m, i } of live) {
          if (!m.bonusHeld || !jobRng.chance(0.7)) continue;
          m.bonusHeld = false;
          review.push({
            from: job.client.address,
            to: escrow,
            data: E("releaseBonus", [job.id, i]),
            gas: GAS.releaseBonus,
            label: "releaseBonus",
            events: credit(job, "BonusReleased"),
          });
        }
        if (jobRng.chance(0.85))
          review.push(
            rate(
              job,
              true,
              jobRng.weighted([3, 4, 5], (s) => s * s),
            ),
          );
      } else if (job.fate === "paidAfterChanges") {
        live[0].m.state = "Funded";
        review.push({
          from: job.client.address,
          to: escrow,
          data: E("requestChanges", [job.id, 0, CID]),
          gas: GAS.requestChanges,
          label: "requestChanges",
          events: ["ChangesRequested"],
        });
        for (const { i } of live.slice(1)) review.push(approve(job, i));
      } else if (job.fate === "disputeRuled" || job.fate === "disputeSettled" || job.fate === "disputeTimedOut") {
        const m0 = live[0].m;
        m0.state = "Disputed";
        m0.bonusHeld = false;
        // The client disputes the submission under review. (A vendor may dispute only work the
        // client sent back, posting a bond; the draw stays so the rest of the plan does not move.)
        jobRng.chance(0.4);
        review.push({
          from: job.client.address,
          to: escrow,
          data: E("dispute", [job.id, 0, CID]),
          gas: GAS.dispute,
          label: "dispute (client)",
          events: ["DisputeRaised", "Dispute", "Evidence"],
        });
        for (const { i } of live.slice(1)) review.push(approve(job, i));
      }
    }
    await chain.run(`${W} review`, review, EVENTS);

    // 5. resubmissions, rulings, settlements; vendors of happy jobs rate their clients.
    const follow: Tx[] = [];
    const settleDeadline = (await chain.latestTimestamp()) + DAY;
    for (const job of waveJobs) {
      if (job.fate === "paidAfterChanges") {
        job.milestones[0].state = "Submitted";
        follow.push(
          vendorTx(job, escrow, E("submit", [job.id, 0, CID]), "resubmit", ["MilestoneSubmitted"], GAS.submit),
        );
      } else if (job.fate === "disputeRuled") {
        const ruling = job.ruling;
        job.milestones[0].state = "Resolved";
        if (job.disputeBps > 0) job.vendorPaid = true;
        follow.push({
          from: arbiter,
          to: escrow,
          data: E("rule", [(job.id << 8n) | 0n, ruling]),
          gas: GAS.rule,
          label: "rule",
          events: ["Ruling", ...credit(job, "DisputeResolved")],
        });
      } else if (job.fate === "disputeSettled") {
        const settlement = { jobId: job.id, index: 0, vendorBps: job.disputeBps, deadline: settleDeadline };
        const clientSig = await job.client.wallet.signTypedData(domain, SETTLEMENT_TYPES, settlement);
        const vendorSig = await job.vendor!.wallet.signTypedData(domain, SETTLEMENT_TYPES, settlement);
        job.milestones[0].state = "Resolved";
        job.vendorPaid = true;
        follow.push({
          from: job.client.address,
          to: escrow,
          data: E("settle", [job.id, 0, job.disputeBps, settleDeadline, clientSig, vendorSig]),
          gas: GAS.settle,
          label: "settle",
          events: ["DisputeResolved"],
        });
      } else if (job.fate === "paid" && !job.rejecting && jobRng.chance(0.8)) {
        follow.push(rate(job, false, jobRng.int(4, 5)));
      }
    }
    await chain.run(`${W} follow-up`, follow, EVENTS);

    // 6. approvals after changes; clients rate disputed jobs that paid something.
    const close: Tx[] = [];
    for (const job of waveJobs) {
      if (job.fate === "paidAfterChanges") close.push(approve(job, 0));
      if (
        (job.fate === "paidAfterChanges" || job.fate === "disputeRuled" || job.fate === "disputeSettled") &&
        job.vendorPaid &&
        jobRng.chance(0.85)
      ) {
        close.push(rate(job, true, job.fate === "paidAfterChanges" ? jobRng.int(3, 5) : jobRng.int(1, 4)));
      }
    }
    await chain.run(`${W} close`, close, EVENTS);

    // 7. vendors rate the clients of those jobs.
    const vendorRatings: Tx[] = [];
    for (const job of waveJobs) {
      if (
        (job.fate === "paidAfterChanges" || job.fate === "disputeRuled" || job.fate === "disputeSettled") &&
        job.vendorPaid &&
        jobRng.chance(0.8)
      ) {
        vendorRatings.push(rate(job, false, jobRng.int(2, 5)));
      }
    }
    await chain.run(`${W} vendor ratings`, vendorRatings, EVENTS);
    await chain.advance(DAY);
  }

  // -------------------------------------------------------------- weeks later
  await chain.advance(41 * DAY);
  const late: Tx[] = [];
  // Bonuses go back in a phase of their own: a returnBonus needs the milestone Paid, and the
  // automatic release that pays it is sent by another account in this phase, so nothing orders
  // the two inside one phase.
  const bonusReturns: Tx[] = [];
  for (const job of jobs) {
    if (job.fate === "autoReleased") {
      for (const { m, i } of funded(job)) {
        m.state = "Paid";
        job.vendorPaid = true;
        late.push(
          vendorTx(
            job,
            escrow,
            E("release", [job.id, i]),
            "release (automatic)",
            credit(job, "MilestoneReleased"),
            GAS.release,
          ),
        );
      }
    } else if (job.fate === "refundedDeadlineMissed") {
      for (const { m, i } of funded(job)) {
        m.state = "Refunded";
        m.bonusHeld = false;
        late.push({
          from: job.client.address,
          to: escrow,
          data: E("refund", [job.id, i]),
          gas: GAS.refund,
          label: "refund (deadline missed)",
          events: ["MilestoneRefunded"],
        });
      }
    } else if (job.fate === "disputeTimedOut") {
      job.milestones[0].state = "Resolved";
      job.vendorPaid = true;
      late.push(
        vendorTx(
          job,
          escrow,
          E("resolveTimedOut", [job.id, 0]),
          "resolveTimedOut",
          credit(job, "DisputeResolved"),
          GAS.resolveTimedOut,
        ),
      );
    }
    if (job.fate === "liveOpen" || job.fate === "liveInProgress") continue;
    for (const [i, m] of job.milestones.entries()) {
      if (m.state !== "Paid" || !m.bonusHeld) continue;
      m.bonusHeld = false;
      bonusReturns.push({
        from: job.client.address,
        to: escrow,
        data: E("returnBonus", [job.id, i]),
        gas: GAS.returnBonus,
        label: "returnBonus",
        events: ["BonusReturned"],
      });
    }
  }
  late.push({
    from: operator,
    to: receiver,
    data: receiverIface.encodeFunctionData("setAccepting", [true]),
    gas: GAS.setup,
    label: "setAccepting",
    events: [],
  });
  if (jobs.some((j) => j.rejecting && j.vendorPaid)) {
    late.push(viaReceiver(escrow, E("withdraw", [ZeroAddress, receiver]), "withdraw (receiver)", ["Withdrawn"]));
  }
  for (const token of [ZeroAddress, usd]) {
    late.push({
      from: operator,
      to: escrow,
      data: E("collectFees", [token]),
      gas: GAS.collectFees,
      label: "collectFees",
      events: ["FeesCollected"],
    });
  }
  await chain.run("late: releases, refunds, timeouts, fees", late, EVENTS);
  await chain.run("late: bonuses returned", bonusReturns, EVENTS);
  const lateRatings: Tx[] = [];
  for (const job of jobs) {
    if ((job.fate === "autoReleased" || job.fate === "disputeTimedOut") && job.vendorPaid) {
      if (jobRng.chance(0.85)) lateRatings.push(rate(job, true, jobRng.int(2, 5)));
      if (!job.rejecting && jobRng.chance(0.8)) lateRatings.push(rate(job, false, jobRng.int(3, 5)));
    }
  }
  await chain.run("late ratings", lateRatings, EVENTS);
  const latest = await chain.latest();
  const events = [...chain.eventsPerBlock.values()].reduce((a, b) => a + b, 0);
  const generationSeconds = seconds(generationStarted);
  log(
    `chain ready: ${fmt(jobs.length)} jobs, ${fmt(chain.txCount)} transactions, ${fmt(latest)} blocks, ` +
      `${fmt(events)} events, in ${generationSeconds.toFixed(1)} s`,
  );
  if (options.gasReport) {
    for (const [key, { used, limit }] of [...chain.gasUsed].sort())
      console.log(`gas ${key.padEnd(26)} ${used} / ${limit}`);
  }
  return { jobs, chain, registry, escrow, startBlock, latest, events, generationSeconds };
}
