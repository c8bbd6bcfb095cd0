/**
 * `npm run seed -- --vendors N --jobs M`: realistic demo data through the real contracts on the
 * local node. Deterministic for a given --seed (default "mosaic"), node and deployment.
 *
 * Options:
 *   --vendors N      vendor profiles (default 50); beyond the node's accounts, derived wallets
 *   --jobs M         jobs (default 200): about 70% played to a finished state, 30% left live
 *   --seed TEXT      PRNG seed (default "mosaic")
 *   --rpc URL        node URL (or MOSAIC_RPC_URL; default http://127.0.0.1:8545)
 *   --docs-out FILE  also write every off-chain document (profiles, specs, deliverables) as { cid: doc }
 *   --sybil-ring K   also play a sybil ring (market/attacks.ts): one vendor buys K five-star ratings
 *                    from K throwaway client addresses, one self-dealt job each (default 0: none)
 *
 * Running it again adds more jobs; vendors re-register with the same profiles.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { Interface, MaxUint256, ZeroAddress, encodeBytes32String, type InterfaceAbi } from "ethers";
import { requireDeployment } from "../lib/deployments.ts";
import { mockUsdAbi, mosaicEscrowAbi, vendorRegistryAbi } from "@mosaic/sdk/contracts";
import { ProgressBar } from "../lib/progress.ts";
import { requireNode, resolveRpcUrl } from "../lib/rpc.ts";
import { makeClients, makeSocks, makeVendors, type Client, type Vendor } from "../../market/chain/demo-actors.ts";
import { MarketDriver, type MarketTx as TxRequest } from "../../market/chain/driver.ts";
import { planHourBanks } from "../../market/chain/demo-hour-banks.ts";
import { describeProjects, planProjects } from "../../market/chain/demo-projects.ts";
import { cidDigest } from "@mosaic/sdk/documents";
import { DocumentStore } from "../../market/chain/documents.ts";
import {
  DEFERRED_BUDGET,
  GAS,
  designDeferred,
  designJob,
  jobTotal,
  planActions,
  tokenAddress,
  writeTerms,
  type Action,
  type JobPlan,
  type SeedContext,
  type TrackRecord,
} from "../../market/chain/demo-jobs.ts";
import { Random } from "../../market/random.ts";
import { SCENARIOS, allocate, type Scenario } from "../../market/fates.ts";
import { EventTally, printSummary, readChainState } from "./summary.ts";
import { PHASES } from "../../market/chain/demo-timeline.ts";
import { escrowDomain } from "@mosaic/sdk/typed-data";

const ETH = 10n ** 18n;
const USD = 10n ** 6n;
/** Node accounts used as clients before derived wallets take over. */
const NODE_CLIENTS = 7;

function wholeNumber(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a whole number, got "${value}".`);
    process.exit(1);
  }
  return n;
}

const { values } = parseArgs({
  options: {
    vendors: { type: "string" },
    jobs: { type: "string" },
    seed: { type: "string", default: "mosaic" },
    rpc: { type: "string" },
    "docs-out": { type: "string" },
    "sybil-ring": { type: "string" },
  },
});
const vendorCount = wholeNumber("vendors", values.vendors, 50);
const jobCount = wholeNumber("jobs", values.jobs, 200);
const sockCount = wholeNumber("sybil-ring", values["sybil-ring"], 0);
if (jobCount > 0 && vendorCount === 0) {
  console.error("Jobs need vendors: pass --vendors 1 or more.");
  process.exit(1);
}

const started = performance.now();
const rpcUrl = resolveRpcUrl(values.rpc);
const chainId = await requireNode(rpcUrl);
const deployment = await requireDeployment("localhost", rpcUrl, chainId);
const escrowIface = new Interface(mosaicEscrowAbi as unknown as InterfaceAbi);
const registryIface = new Interface(vendorRegistryAbi as unknown as InterfaceAbi);
const usdIface = new Interface(mockUsdAbi as unknown as InterfaceAbi);

// The signing path of the market driver: derived wallets sign here, node accounts through the node.
const chain = new MarketDriver(rpcUrl, chainId);
const accounts = await chain.init();
const read = async (iface: Interface, to: string, method: string, args: unknown[] = []) =>
  iface.decodeFunctionResult(method, await chain.call(to, iface.encodeFunctionData(method, args)));

const escrowAddress = deployment.contracts.MosaicEscrow.address;
const usdAddress = deployment.contracts.MockUSD.address;
const [arbiter] = await read(escrowIface, escrowAddress, "defaultArbiter");
const [treasury] = await read(escrowIface, escrowAddress, "treasury");
const [usdAllowed] = await read(escrowIface, escrowAddress, "tokenConfig", [usdAddress]);
if (!chain.isUnlocked(arbiter)) {
  console.error(`The default arbiter ${arbiter} is not an unlocked account of this node, so disputes cannot be ruled.`);
  process.exit(1);
}
if (!usdAllowed) {
  console.error(
    `MockUSD ${usdAddress} is not allowed in the escrow — redeploy with \`npm run deploy:local -- --reset\`.`,
  );
  process.exit(1);
}
const funder = accounts[0];
const reserved = new Set([funder, arbiter, treasury].map((a) => String(a).toLowerCase()));
const actorAccounts = accounts.filter((a) => !reserved.has(a.toLowerCase()));
const clientCount = Math.max(2, Math.ceil(jobCount / 10));
const nodeClients = actorAccounts.slice(0, Math.min(NODE_CLIENTS, clientCount));
const nodeVendors = actorAccounts.slice(nodeClients.length, nodeClients.length + vendorCount);

// ------------------------------------------------------------------ people and plans

const rng = new Random(values.seed);
const docs = new DocumentStore();
const vendors = await makeVendors(rng.fork("vendors"), vendorCount, nodeVendors, docs);
const clients = makeClients(rng.fork("clients"), clientCount, nodeClients);
for (const actor of [...vendors, ...clients]) if (actor.wallet) chain.addWallet(actor.wallet);

const ctx: SeedContext = {
  chain,
  docs,
  start: (await chain.now()) + 30,
  escrow: { address: escrowAddress, iface: escrowIface },
  registry: { address: deployment.contracts.VendorRegistry.address, iface: registryIface },
  usd: { address: usdAddress, iface: usdIface },
  arbiter,
  escrowDomain: escrowDomain(chainId, escrowAddress),
  usdDomain: { name: "Mock USD", version: "1", chainId, verifyingContract: usdAddress },
  quoteNonces: new Map(),
  permitNonces: new Map(),
};

await Promise.all([
  ...vendors.map(async (v) => {
    const [nonce] = await read(escrowIface, escrowAddress, "quoteNonce", [v.address]);
    ctx.quoteNonces.set(v.address.toLowerCase(), nonce);
  }),
  ...clients.map(async (c) => {
    const [nonce] = await read(usdIface, usdAddress, "nonces", [c.address]);
    ctx.permitNonces.set(c.address.toLowerCase(), nonce);
  }),
]);

const jobRng = rng.fork("jobs");
const scenarios = jobRng.shuffle([...allocate(jobCount)].flatMap(([scenario, n]) => Array<Scenario>(n).fill(scenario)));
// History first, so job ids read like a timeline.
scenarios.sort((a, b) => (SCENARIOS[a].era === SCENARIOS[b].era ? 0 : SCENARIOS[a].era === "history" ? -1 : 1));
const jobs: JobPlan[] = [];
const deferred: JobPlan[] = [];
for (const [n, scenario] of scenarios.entries()) {
  const job = designJob(jobRng, n, scenario, clients, vendors);
  if (job.deferred) deferred.push(job);
  else await writeTerms(jobRng, job, ctx);
  planActions(jobRng, job, ctx);
  jobs.push(job);
}

// A sybil ring, when asked for: the last available vendor buys ratings from throwaway clients.
const ringVendor = sockCount > 0 ? ([...vendors].reverse().find((v) => v.availabilityHours > 0) ?? null) : null;
if (ringVendor !== null) {
  const socks = makeSocks(sockCount);
  const sockRng = rng.fork("sybil-ring");
  for (const [i, sock] of socks.entries()) {
    chain.addWallet(sock.wallet!);
    clients.push(sock);
    const job = designJob(sockRng, scenarios.length + i, "paid", [sock], [ringVendor]);
    job.sock = true;
    await writeTerms(sockRng, job, ctx);
    planActions(sockRng, job, ctx);
    jobs.push(job);
  }
}

// ------------------------------------------------------------------ wallets, profiles, money

const setupActions: Action[] = [];
const tx = (phase: string, build: () => TxRequest | undefined | Promise<TxRequest | undefined>) =>
  setupActions.push({ phase, build });

const needs = new Map<string, { eth: bigint; usd: bigint }>(clients.map((c) => [c.address, { eth: 0n, usd: 0n }]));
for (const job of jobs) {
  const need = needs.get(job.client.address)!;
  const total = deferred.includes(job)
    ? job.token === "ETH"
      ? DEFERRED_BUDGET.ETH
      : DEFERRED_BUDGET.mUSD
    : jobTotal(job);
  if (job.token === "ETH") need.eth += total;
  else need.usd += total;
}
for (const actor of [...vendors, ...clients] as (Vendor | Client)[]) {
  if (!actor.wallet) continue;
  const eth = "specialty" in actor ? 5n * ETH : needs.get(actor.address)!.eth + 25n * ETH;
  tx("wallets", () => ({
    from: funder,
    to: actor.address,
    data: "0x",
    value: eth,
    gas: GAS.transfer,
    label: "fund wallet",
  }));
}
for (const client of clients) {
  const need = needs.get(client.address)!;
  // A standing balance on top, so the demo clients can keep posting from the dApp.
  const amount = need.usd + 50_000n * USD;
  tx("setup", () => ({
    from: funder,
    to: usdAddress,
    data: usdIface.encodeFunctionData("mint", [client.address, amount]),
    gas: GAS.mint,
    label: "mint mUSD",
  }));
  if (!client.usesPermit) {
    tx("setup", () => ({
      from: client.address,
      to: usdAddress,
      data: usdIface.encodeFunctionData("approve", [escrowAddress, MaxUint256]),
      gas: GAS.approveToken,
      label: "approve mUSD",
    }));
  }
}
for (const vendor of vendors) {
  tx("setup", () => ({
    from: vendor.address,
    to: ctx.registry.address,
    data: registryIface.encodeFunctionData("setProfile", [
      {
        hourlyRateCents: vendor.hourlyRateCents,
        timezoneOffsetMinutes: vendor.timezoneOffsetMinutes,
        availabilityHours: vendor.availabilityHours,
      },
      vendor.skills.map(encodeBytes32String),
      cidDigest(vendor.metadataCid),
    ]),
    gas: GAS.setProfile,
    label: "setProfile",
  }));
}
// A few vendors void their old quotes (a lost laptop, say): their quotes then carry the next nonce.
for (const vendor of rng.fork("revocations").sample(vendors, Math.floor(vendors.length / 20))) {
  const key = vendor.address.toLowerCase();
  ctx.quoteNonces.set(key, (ctx.quoteNonces.get(key) ?? 0n) + 1n);
  tx("setup", () => ({
    from: vendor.address,
    to: escrowAddress,
    data: escrowIface.encodeFunctionData("revokeQuotes"),
    gas: GAS.revokeQuotes,
    label: "revokeQuotes",
  }));
}
for (const token of jobs.length ? [ZeroAddress, usdAddress] : []) {
  tx("rate", async () => {
    const [accrued] = await read(escrowIface, escrowAddress, "feesAccrued", [token]);
    if (accrued === 0n) return undefined;
    return {
      from: funder,
      to: escrowAddress,
      data: escrowIface.encodeFunctionData("collectFees", [token]),
      gas: GAS.collectFees,
      label: "collectFees",
    };
  });
}

/** Before the live era: jobs claimed under requirements pick a vendor whose record meets them. */
async function designDeferredJobs(): Promise<void> {
  if (deferred.length === 0) return;
  const records = new Map<string, TrackRecord>();
  await Promise.all(
    vendors.map(async (v) => {
      const [stats] = await read(escrowIface, escrowAddress, "vendorStatsOf", [v.address]);
      const [rating] = await read(escrowIface, escrowAddress, "adjustedVendorRatingOf", [v.address]);
      records.set(v.address.toLowerCase(), { rating: Number(rating), paidJobs: Number(stats.paidJobs) });
    }),
  );
  const deferredRng = rng.fork("deferred");
  for (const job of deferred) await designDeferred(deferredRng, job, vendors, records, ctx);
}

// ------------------------------------------------------------------ run

// Hour banks in every state, where the deployment has the hour bank.
const hourBankAddress = deployment.contracts.HourBank?.address;
const hourBanks =
  hourBankAddress && jobs.length
    ? planHourBanks(ctx, hourBankAddress, vendors, clients.slice(0, clientCount), funder)
    : null;
// Projects in every state, where the deployment has the project registry.
const projectRegistryAddress = deployment.contracts.ProjectRegistry?.address;
const projects =
  projectRegistryAddress && jobs.length
    ? planProjects(ctx, projectRegistryAddress, vendors, clients.slice(0, clientCount), funder)
    : null;
const allActions = [
  ...setupActions,
  ...jobs.flatMap((j) => j.actions),
  ...(hourBanks?.actions ?? []),
  ...(projects?.actions ?? []),
];
const byPhase = new Map<string, Action[]>(PHASES.map((p) => [p.key, []]));
for (const action of allActions) byPhase.get(action.phase)!.push(action);
const tokenOfJob = new Map<bigint, string>();
const tally = new EventTally(ctx, clients, (jobId) => tokenOfJob.get(jobId) ?? ZeroAddress);

console.error(
  `Seeding ${vendors.length} vendors, ${clients.length} clients and ${jobs.length} jobs (${allActions.length} transactions) on ${rpcUrl}`,
);
const bar = new ProgressBar(allActions.length, "txs");
let sent = 0;
let jobsDone = 0;
const note = () => `${jobsDone}/${jobs.length} jobs done`;

await chain.withManualMining(async () => {
  for (const phase of PHASES) {
    const actions = byPhase.get(phase.key)!;
    if (phase.key === "live.post") await designDeferredJobs();
    if (actions.length === 0) continue;
    await chain.advanceTo(ctx.start + phase.at);
    bar.update(sent, phase.label, note());
    // A sybil ring's calls go after the honest ones of each phase: the ring arrives in a market
    // that already has a history, so its jobs get later ids than the honest jobs.
    for (const group of [actions.filter((a) => !a.job?.sock), actions.filter((a) => a.job?.sock)]) {
      if (group.length === 0) continue;
      const built = await Promise.all(group.map((a) => a.build()));
      const requests = built.filter((r): r is TxRequest => r !== undefined);
      const { receipts } = await chain.run(phase.label, requests, { onMined: (mined) => bar.update(sent + mined) });
      sent += group.length;
      for (const job of jobs) if (job.id !== undefined) tokenOfJob.set(job.id, tokenAddress(ctx, job));
      for (const [jobId, token] of projects?.jobTokens ?? []) tokenOfJob.set(jobId, token);
      tally.add(receipts);
    }
    for (const action of actions) {
      if (action.job && ++action.job.done === action.job.actions.length) jobsDone += 1;
    }
    bar.update(sent, phase.label, note());
  }
  bar.update(sent, undefined, note());
  bar.finish("done");
});

if (values["docs-out"]) {
  writeFileSync(values["docs-out"], `${JSON.stringify(docs.toJSON(), null, 2)}\n`);
  console.error(`Wrote ${docs.documents.size} documents to ${values["docs-out"]}`);
}

const state = await readChainState(ctx, jobs, vendors);
printSummary({
  ctx,
  rpcUrl,
  seconds: (performance.now() - started) / 1000,
  vendors,
  clients,
  jobs,
  tally,
  state,
  chainTime: await chain.latestTimestamp(),
});
if (hourBanks && hourBanks.banks.size) {
  console.log(`Hour banks: ${[...hourBanks.banks].map(([name, bank]) => `#${bank.id} ${name}`).join(", ")}`);
}
if (projects && projects.projects.size) console.log(`Projects: ${describeProjects(projects)}`);
if (ringVendor !== null) {
  console.log(
    `Sybil ring ${ringVendor.address} bought ${sockCount} five-star ratings from ${sockCount} throwaway clients ` +
      `(npm run match ranks it by trust-weighted ratings; --no-trust shows the raw ranking).`,
  );
}
if (process.env.MOSAIC_SEED_GAS_REPORT) {
  for (const [key, { used, limit }] of [...chain.gasUsed].sort())
    console.error(`gas ${key.padEnd(16)} ${used} / ${limit}`);
}
