/**
 * The deterministic scenario the saved queries' expected results come from: Mosaic deployed on a
 * fresh Hardhat node (default accounts) and eleven jobs played through every kind of ending, one
 * transaction per block, each block at a fixed timestamp (from 2033-05-17 01:00 UTC). Contract
 * addresses, transaction hashes, block numbers and timestamps, and so every entity id, are the
 * same on every run; only block hashes differ (the genesis block carries the node's start time).
 *
 *   node subgraph/queries/scenario.ts [--rpc http://127.0.0.1:8545] [--networks-out FILE]
 *
 * Run it on a node that has not sent any transaction yet (`npx hardhat node`), then point a
 * graph-node at the printed addresses (or write them with --networks-out for
 * `graph build --network localhost --network-file FILE`), and compare:
 * `node subgraph/queries/run.ts --url <graph-node url> --wait-block <last block>`.
 *
 * Who is who (Hardhat's default accounts): #0 operator and deployer, #1 treasury, #2 default
 * arbiter (1% fee), #3 client A, #4 client B, #5 vendor V1 (solidity, typescript), #6 vendor V2
 * (design, figma), #7 vendor V3 (rust, solidity); V4 is a RejectingReceiver contract, a vendor
 * that refuses ETH, driven by the operator.
 *
 * Jobs: 1 USD by quote to V1: bonus released, changes requested, both rate.  2 ETH open
 * (design) to V2: one milestone paid, the other disputed and ruled 70% to the vendor.  3 USD to
 * V3: disputed, settled 40/60 by both signatures.  4 ETH to V1: deadline missed, refunded.
 * 5 USD never hired: one milestone cancelled, the other refunded.  6 USD by quote to V2:
 * released automatically after the review window, bonus returned after its outcome deadline.
 * 7 ETH to V4: payment deferred, withdrawn later.  8 USD to V1: disputed, timed out 50/50.
 * 9 ETH to V3 after the fee rose from 0.5% to 1%.  10 USD left open.  11 ETH by quote to V3,
 * submitted and awaiting review. V1 revokes its quotes once, V2 updates its profile, V3
 * deregisters; USD fees are collected, ETH fees left accrued.
 *
 * Then the hour bank, deployed after everything above (so no earlier address or block moves):
 * V1 sells hours in USD (50 USD an hour, 10% off from 100 hours, 5 hours' notice); client A buys
 * bank 1 of 120 hours and shares 40 with client B; V1 logs three entries: one approved, one
 * contested by B and ruled 70% to the vendor, one released after its window; A rates the bank, its
 * fees are collected and it is closed at expiry, the rest refunded.
 *
 * Then the project registry, deployed after the hour bank (so again nothing earlier moves; no escrow
 * call follows): client A's project 1 (mUSD) of three parts links jobs 1, 3 and 5, the third part
 * depending on nothing and the second on the first; job 10 takes the place of job 5, which ended
 * unpaid; V2 is named reviewer of the first part and its share goes back to A (job 1 was paid
 * without a sign-off); V1 is named reviewer of the third part and its share stays held.
 */
import path from "node:path";
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  Interface,
  MaxUint256,
  TypedDataEncoder,
  ZeroAddress,
  encodeBytes32String,
  getCreateAddress,
  sha256,
  toUtf8Bytes,
} from "ethers";
import type { InterfaceAbi, TypedDataField } from "ethers";
import { QUOTE_TYPES, SETTLEMENT_TYPES, escrowDomain } from "@mosaic/sdk/typed-data";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const HOUR = 3_600;
const DAY = 86_400;
/** 2033-05-17 00:00 UTC: day 23148 since the epoch. */
export const DAY0 = 1_999_987_200;
const USD = 10n ** 6n;
const ETH = 10n ** 18n;
const GWEI = 10n ** 9n;

export const ACCOUNTS = {
  operator: "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266",
  treasury: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
  arbiter: "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc",
  clientA: "0x90f79bf6eb2c4f870365e785982e1f101e93b906",
  clientB: "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65",
  vendor1: "0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc",
  vendor2: "0x976ea74026e726554db657fa54763abd0c3a0aa9",
  vendor3: "0x14dc79964da2c08b23698b3d3cc7ca32193d9955",
} as const;

/** The operator's transactions before it deploys the hour bank. */
const HOUR_BANK_NONCE = 14;
/** The operator's transactions before it deploys the project registry. */
const PROJECT_REGISTRY_NONCE = 18;

export const CONTRACTS = {
  registry: getCreateAddress({ from: ACCOUNTS.operator, nonce: 0 }).toLowerCase(),
  escrow: getCreateAddress({ from: ACCOUNTS.operator, nonce: 1 }).toLowerCase(),
  usd: getCreateAddress({ from: ACCOUNTS.operator, nonce: 2 }).toLowerCase(),
  /** V4, the vendor that refuses ETH. */
  receiver: getCreateAddress({ from: ACCOUNTS.operator, nonce: 3 }).toLowerCase(),
  hourBank: getCreateAddress({ from: ACCOUNTS.operator, nonce: HOUR_BANK_NONCE }).toLowerCase(),
  projectRegistry: getCreateAddress({ from: ACCOUNTS.operator, nonce: PROJECT_REGISTRY_NONCE }).toLowerCase(),
} as const;

function artifact(relative: string): { abi: InterfaceAbi; bytecode: string } {
  const file = path.join(repoRoot, "artifacts/contracts", relative);
  if (!fs.existsSync(file)) throw new Error(`${relative} is missing: compile the contracts (npx hardhat build)`);
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

type RpcReply = { result?: unknown; error?: { message: string; data?: unknown } };

async function rpc<T = unknown>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const reply = (await response.json()) as RpcReply;
  if (reply.error) throw new Error(`${method}: ${reply.error.message}`);
  return reply.result as T;
}

export type ScenarioResult = {
  registry: string;
  escrow: string;
  usd: string;
  receiver: string;
  hourBank: string;
  /** Block of the hour bank's deployment: its data source's start block. */
  hourBankBlock: number;
  projectRegistry: string;
  /** Block of the project registry's deployment: its data source's start block. */
  projectRegistryBlock: number;
  /** Block of the first deployment: the data sources' start block. */
  startBlock: number;
  /** The last block of the scenario. */
  lastBlock: number;
  /** Block of each labelled step. */
  blocks: Record<string, number>;
};

/** Plays the scenario on the node at `url`, which must not have sent any transaction yet. */
export async function buildScenario(url: string, log: (line: string) => void = () => {}): Promise<ScenarioResult> {
  const registryArtifact = artifact("registry/VendorRegistry.sol/VendorRegistry.json");
  const escrowArtifact = artifact("escrow/MosaicEscrow.sol/MosaicEscrow.json");
  const usdArtifact = artifact("mocks/MockERC20.sol/MockERC20.json");
  const receiverArtifact = artifact("mocks/RejectingReceiver.sol/RejectingReceiver.json");
  const hourBankArtifact = artifact("hours/HourBank.sol/HourBank.json");
  const hourBankI = new Interface(hourBankArtifact.abi);
  const projectsArtifact = artifact("projects/ProjectRegistry.sol/ProjectRegistry.json");
  const projectsI = new Interface(projectsArtifact.abi);
  const escrowI = new Interface(escrowArtifact.abi);
  const registryI = new Interface(registryArtifact.abi);
  const usdI = new Interface(usdArtifact.abi);
  const receiverI = new Interface(receiverArtifact.abi);

  const accounts = (await rpc<string[]>(url, "eth_accounts")).map((a) => a.toLowerCase());
  for (const [name, address] of Object.entries(ACCOUNTS)) {
    if (!accounts.includes(address)) {
      throw new Error(
        `${name} ${address} is not an account of the node: the scenario needs Hardhat's default accounts`,
      );
    }
  }
  if (Number(await rpc<string>(url, "eth_getTransactionCount", [ACCOUNTS.operator, "latest"])) !== 0) {
    throw new Error("the operator account has sent transactions already: the scenario needs a fresh node");
  }
  const chainId = Number(await rpc<string>(url, "eth_chainId"));
  const genesis = await rpc<{ timestamp: string }>(url, "eth_getBlockByNumber", ["latest", false]);
  if (Number(genesis.timestamp) >= DAY0) throw new Error("the node's clock is past the scenario's start (2033-05-17)");

  const nonces = new Map<string, number>();
  const blocks: Record<string, number> = {};
  let clock = DAY0 + HOUR - 10 * 60;
  let lastBlock = 0;

  /** Moves the scenario clock to `at` (unix seconds) if that is later; each block is at least 10 minutes after the last. */
  const at = (timestamp: number) => {
    clock = Math.max(clock, timestamp - 10 * 60);
  };
  const day = (n: number, hours = 0) => DAY0 + n * DAY + hours * HOUR;

  /** One transaction in its own block, at the next timestamp; throws if it reverted. */
  async function send(
    label: string,
    from: string,
    to: string | null,
    data: string,
    options: { value?: bigint; gas?: bigint } = {},
  ): Promise<void> {
    clock += 10 * 60;
    const nonce = nonces.get(from) ?? 0;
    nonces.set(from, nonce + 1);
    await rpc(url, "evm_setNextBlockTimestamp", [clock]);
    const tx: Record<string, string> = {
      from,
      data,
      value: "0x" + (options.value ?? 0n).toString(16),
      gas: "0x" + (options.gas ?? 1_000_000n).toString(16),
      nonce: "0x" + nonce.toString(16),
      maxFeePerGas: "0x" + (20n * GWEI).toString(16),
      maxPriorityFeePerGas: "0x" + GWEI.toString(16),
    };
    if (to) tx.to = to;
    let hash: string;
    try {
      hash = await rpc<string>(url, "eth_sendTransaction", [tx]);
    } catch (error) {
      throw new Error(`scenario step "${label}" failed: ${(error as Error).message}`);
    }
    const receipt = await rpc<{ status: string; blockNumber: string } | null>(url, "eth_getTransactionReceipt", [hash]);
    if (!receipt) throw new Error(`scenario step "${label}" was not mined (is automining off?)`);
    if (receipt.status !== "0x1") throw new Error(`scenario step "${label}" reverted`);
    lastBlock = Number(receipt.blockNumber);
    blocks[label] = lastBlock;
    log(`${String(lastBlock).padStart(3)} ${new Date(clock * 1000).toISOString().slice(0, 16)} ${label}`);
  }

  async function sign(signer: string, types: Record<string, TypedDataField[]>, value: Record<string, unknown>) {
    const domain = escrowDomain(chainId, CONTRACTS.escrow);
    const payload = TypedDataEncoder.getPayload(domain, types, value);
    return rpc<string>(url, "eth_signTypedData_v4", [signer, JSON.stringify(payload)]);
  }

  const { operator, treasury, arbiter, clientA, clientB, vendor1, vendor2, vendor3 } = ACCOUNTS;
  const { registry, escrow, usd, receiver } = CONTRACTS;
  const E = (method: string, args: unknown[] = []) => escrowI.encodeFunctionData(method, args);
  const skill = (s: string) => encodeBytes32String(s);
  const deployData = (a: { abi: InterfaceAbi; bytecode: string }, args: unknown[] = []) =>
    a.bytecode + new Interface(a.abi).encodeDeploy(args).slice(2);
  const terms = (token: string, open: boolean, requiredSkills: string[] = [], spec = "bafy-spec") => ({
    token,
    arbiter: ZeroAddress,
    arbiterFeeBps: 0,
    reviewWindow: 3 * DAY,
    open,
    minRating: 0,
    minPaidJobs: 0,
    requiredSkills: requiredSkills.map(skill),
    specCid: spec,
  });
  const milestone = (amount: bigint, deadline: number, bonus = 0n, outcomeDeadline = 0) => ({
    amount,
    bonus,
    deadline,
    outcomeDeadline,
  });
  /**
   * Post and fund in one transaction: every milestone through `postAndFund`, or the first
   * `fundCount` through a multicall of postJob and fund (multicall is not payable: tokens only).
   */
  const postAndFund = (
    label: string,
    client: string,
    jobId: number,
    jobTerms: unknown,
    milestones: unknown[],
    fundCount: number,
  ) =>
    send(
      label,
      client,
      escrow,
      fundCount === milestones.length
        ? E("postAndFund", [jobTerms, milestones])
        : E("multicall", [[E("postJob", [jobTerms, milestones]), E("fund", [jobId, 0, fundCount])]]),
    );
  const viaReceiver = (label: string, target: string, data: string) =>
    send(label, operator, receiver, receiverI.encodeFunctionData("execute", [target, data]));
  const profile = (rate: number, tz: number, hours: number) => ({
    hourlyRateCents: rate,
    timezoneOffsetMinutes: tz,
    availabilityHours: hours,
  });

  // ---------------------------------------------------------------- day 0: deployment, setup, jobs 1 and 2
  at(day(0, 1));
  const startBlock = Number(await rpc<string>(url, "eth_blockNumber")) + 1;
  await send("deploy VendorRegistry", operator, null, deployData(registryArtifact), { gas: 8_000_000n });
  await send(
    "deploy MosaicEscrow",
    operator,
    null,
    deployData(escrowArtifact, [operator, treasury, registry, 5n * 10n ** 14n, 5n * 10n ** 16n, 500n]),
    { gas: 8_000_000n },
  );
  await send("deploy MockERC20", operator, null, deployData(usdArtifact, ["Mock USD", "mUSD", 6]), {
    gas: 8_000_000n,
  });
  await send("deploy RejectingReceiver", operator, null, deployData(receiverArtifact), { gas: 8_000_000n });
  // Tags are curated: the scenario's operator opens creation so vendors name their own skills.
  await send("open tag creation", operator, registry, registryI.encodeFunctionData("setTagCreationOpen", [true]));
  await send("setDefaultArbiter", operator, escrow, E("setDefaultArbiter", [arbiter, 100]));
  await send("configureToken mUSD", operator, escrow, E("configureToken", [usd, true, USD, 100n * USD]));
  for (const [name, client] of [
    ["A", clientA],
    ["B", clientB],
  ] as const) {
    await send(`mint mUSD ${name}`, client, usd, usdI.encodeFunctionData("mint", [client, 100_000n * USD]));
    await send(`approve mUSD ${name}`, client, usd, usdI.encodeFunctionData("approve", [escrow, MaxUint256]));
  }
  /** The registry keeps a document's sha-256 digest; the scenario's stand-in document is the label. */
  const setProfile = (p: ReturnType<typeof profile>, skills: string[], document: string) =>
    registryI.encodeFunctionData("setProfile", [p, skills.map(skill), sha256(toUtf8Bytes(document))]);
  await send(
    "profile V1",
    vendor1,
    registry,
    setProfile(profile(9_000, 60, 30), ["solidity", "typescript"], "bafy-v1"),
  );
  await send("profile V2", vendor2, registry, setProfile(profile(6_000, -300, 20), ["design", "figma"], "bafy-v2"));
  await send("profile V3", vendor3, registry, setProfile(profile(12_000, 330, 40), ["rust", "solidity"], "bafy-v3"));
  await viaReceiver("profile V4", registry, setProfile(profile(5_000, 0, 10), ["solidity"], "bafy-v4"));
  await send("V1 revokes quotes", vendor1, escrow, E("revokeQuotes"));

  // Job 1: mUSD by quote to V1; bonus released; changes requested on the second milestone.
  await postAndFund(
    "job 1 post+fund",
    clientA,
    1,
    terms(usd, false, [], "bafy-spec-1"),
    [milestone(1_000n * USD, day(20), 100n * USD, day(26)), milestone(500n * USD, day(21))],
    2,
  );
  const quote1 = { jobId: 1, vendor: vendor1, price: 1_600n * USD, nonce: 1, expiresAt: day(1) };
  await send("job 1 hire", clientA, escrow, E("hire", [quote1, await sign(vendor1, QUOTE_TYPES, quote1)]));
  await send("job 1 submit 0", vendor1, escrow, E("submit", [1, 0, "bafy-j1-m0"]));
  await send("job 1 approve 0", clientA, escrow, E("approve", [1, 0]));
  await send("job 1 bonus 0", clientA, escrow, E("releaseBonus", [1, 0]));
  await send("job 1 submit 1", vendor1, escrow, E("submit", [1, 1, "bafy-j1-m1"]));
  await send("job 1 changes 1", clientA, escrow, E("requestChanges", [1, 1, "bafy-j1-note"]));
  await send("job 1 resubmit 1", vendor1, escrow, E("submit", [1, 1, "bafy-j1-m1-v2"]));
  await send("job 1 approve 1", clientA, escrow, E("approve", [1, 1]));
  await send("job 1 client rates", clientA, escrow, E("rate", [1, 5]));
  await send("job 1 vendor rates", vendor1, escrow, E("rate", [1, 4]));

  // Job 2: ETH, open to "design"; V2 claims; the second milestone is disputed and ruled.
  await send(
    "job 2 post",
    clientB,
    escrow,
    E("postJob", [
      terms(ZeroAddress, true, ["design"], "bafy-spec-2"),
      [milestone(ETH / 10n, day(20)), milestone(ETH / 5n, day(20))],
    ]),
  );
  await send("job 2 fund", clientB, escrow, E("fund", [2, 0, 2]), { value: (3n * ETH) / 10n });
  await send("job 2 claim", vendor2, escrow, E("claim", [2, [skill("design")]]));
  await send("job 2 submit 0", vendor2, escrow, E("submit", [2, 0, "bafy-j2-m0"]));
  await send("job 2 approve 0", clientB, escrow, E("approve", [2, 0]));
  await send("job 2 submit 1", vendor2, escrow, E("submit", [2, 1, "bafy-j2-m1"]));
  await send("job 2 dispute 1", clientB, escrow, E("dispute", [2, 1, "bafy-j2-evidence-client"]));

  // ---------------------------------------------------------------- day 1: the fee change; jobs 3 to 8
  at(day(1, 9));
  await send("announce fee 1%", operator, escrow, E("announceFee", [100]));
  await send("job 2 ruling 70%", arbiter, escrow, E("rule", [(2 << 8) | 1, 7_001]));
  await send("job 2 client rates", clientB, escrow, E("rate", [2, 3]));
  await send("job 2 vendor rates", vendor2, escrow, E("rate", [2, 5]));

  // Job 3: mUSD to V3, disputed by the client, settled 40% to the vendor.
  await postAndFund(
    "job 3 post+fund",
    clientA,
    3,
    terms(usd, true, [], "bafy-spec-3"),
    [milestone(800n * USD, day(20))],
    1,
  );
  await send("job 3 claim", vendor3, escrow, E("claim", [3, []]));
  await send("job 3 submit 0", vendor3, escrow, E("submit", [3, 0, "bafy-j3-m0"]));
  await send("job 3 dispute 0", clientA, escrow, E("dispute", [3, 0, "bafy-j3-evidence-client"]));
  const settlement = { jobId: 3, index: 0, vendorBps: 4_000, deadline: day(3) };
  await send(
    "job 3 settle 40%",
    clientA,
    escrow,
    E("settle", [
      3,
      0,
      4_000,
      day(3),
      await sign(clientA, SETTLEMENT_TYPES, settlement),
      await sign(vendor3, SETTLEMENT_TYPES, settlement),
    ]),
  );

  // Job 4: ETH to V1, who never delivers.
  await send(
    "job 4 post",
    clientB,
    escrow,
    E("postJob", [terms(ZeroAddress, true, [], "bafy-spec-4"), [milestone(ETH / 20n, day(6))]]),
  );
  await send("job 4 fund", clientB, escrow, E("fund", [4, 0, 1]), { value: ETH / 20n });
  await send("job 4 claim", vendor1, escrow, E("claim", [4, []]));

  // Job 5: never hired: the unfunded milestone is cancelled, the funded one refunded.
  await postAndFund(
    "job 5 post+fund",
    clientA,
    5,
    terms(usd, true, [], "bafy-spec-5"),
    [milestone(300n * USD, day(20)), milestone(200n * USD, day(21))],
    1,
  );
  await send("job 5 cancel 1", clientA, escrow, E("cancel", [5, 1]));
  await send("job 5 refund 0", clientA, escrow, E("refund", [5, 0]));

  // Job 6: mUSD by quote to V2; the client stays silent; the bonus is never decided.
  await postAndFund(
    "job 6 post+fund",
    clientB,
    6,
    terms(usd, false, [], "bafy-spec-6"),
    [milestone(600n * USD, day(12), 60n * USD, day(16))],
    1,
  );
  const quote6 = { jobId: 6, vendor: vendor2, price: 660n * USD, nonce: 0, expiresAt: day(2) };
  await send("job 6 hire", clientB, escrow, E("hire", [quote6, await sign(vendor2, QUOTE_TYPES, quote6)]));
  await send("job 6 submit 0", vendor2, escrow, E("submit", [6, 0, "bafy-j6-m0"]));

  // Job 7: ETH to V4, the contract that refuses ETH: its payment is deferred.
  await send(
    "job 7 post",
    clientA,
    escrow,
    E("postJob", [terms(ZeroAddress, true, [], "bafy-spec-7"), [milestone((4n * ETH) / 100n, day(20))]]),
  );
  await send("job 7 fund", clientA, escrow, E("fund", [7, 0, 1]), { value: (4n * ETH) / 100n });
  await viaReceiver("job 7 claim", escrow, E("claim", [7, []]));
  await viaReceiver("job 7 submit 0", escrow, E("submit", [7, 0, "bafy-j7-m0"]));
  await send("job 7 approve 0 (deferred)", clientA, escrow, E("approve", [7, 0]));

  // Job 8: mUSD to V1, disputed; the arbiter never rules.
  await postAndFund(
    "job 8 post+fund",
    clientB,
    8,
    terms(usd, true, [], "bafy-spec-8"),
    [milestone(400n * USD, day(20))],
    1,
  );
  await send("job 8 claim", vendor1, escrow, E("claim", [8, []]));
  await send("job 8 submit 0", vendor1, escrow, E("submit", [8, 0, "bafy-j8-m0"]));
  await send("job 8 dispute 0", clientB, escrow, E("dispute", [8, 0, "bafy-j8-evidence-client"]));

  // ---------------------------------------------------------------- day 3: the 1% fee applies
  at(day(3, 14));
  await send(
    "job 9 post",
    clientA,
    escrow,
    E("postJob", [terms(ZeroAddress, true, ["rust"], "bafy-spec-9"), [milestone(ETH / 2n, day(20))]]),
  );
  await send("job 9 fund", clientA, escrow, E("fund", [9, 0, 1]), { value: ETH / 2n });
  await send("job 9 claim", vendor3, escrow, E("claim", [9, [skill("rust")]]));
  await send("job 9 submit 0", vendor3, escrow, E("submit", [9, 0, "bafy-j9-m0"]));
  await send("job 9 approve 0", clientA, escrow, E("approve", [9, 0]));
  await send("job 9 client rates", clientA, escrow, E("rate", [9, 5]));

  // ---------------------------------------------------------------- later: windows and deadlines pass
  at(day(5, 10));
  await send("job 6 automatic release", vendor2, escrow, E("release", [6, 0]));
  await send("job 6 vendor rates", vendor2, escrow, E("rate", [6, 4]));
  await send("job 6 client rates", clientB, escrow, E("rate", [6, 4]));
  at(day(7, 10));
  await send("job 4 refund (deadline missed)", clientB, escrow, E("refund", [4, 0]));
  at(day(17, 10));
  await send("job 6 bonus returned", clientB, escrow, E("returnBonus", [6, 0]));
  at(day(32, 10));
  await send("job 8 timed out 50/50", vendor1, escrow, E("resolveTimedOut", [8, 0]));
  await send("V4 accepts ETH", operator, receiver, receiverI.encodeFunctionData("setAccepting", [true]));
  await viaReceiver("V4 withdraws", escrow, E("withdraw", [ZeroAddress, receiver]));
  await send("collect mUSD fees", operator, escrow, E("collectFees", [usd]));

  // ---------------------------------------------------------------- day 33: live jobs, profile changes
  at(day(33, 9));
  await postAndFund(
    "job 10 post+fund",
    clientA,
    10,
    terms(usd, true, ["rust"], "bafy-spec-10"),
    [milestone(250n * USD, day(60))],
    1,
  );
  await send(
    "job 11 post",
    clientB,
    escrow,
    E("postJob", [terms(ZeroAddress, false, [], "bafy-spec-11"), [milestone(ETH / 50n, day(60))]]),
  );
  await send("job 11 fund", clientB, escrow, E("fund", [11, 0, 1]), { value: ETH / 50n });
  const quote11 = { jobId: 11, vendor: vendor3, price: ETH / 50n, nonce: 0, expiresAt: day(34) };
  await send("job 11 hire", clientB, escrow, E("hire", [quote11, await sign(vendor3, QUOTE_TYPES, quote11)]));
  await send("job 11 submit 0", vendor3, escrow, E("submit", [11, 0, "bafy-j11-m0"]));
  await send(
    "profile V2 updated",
    vendor2,
    registry,
    setProfile(profile(6_500, -300, 25), ["design", "figma", "illustration"], "bafy-v2b"),
  );
  await send("V3 deregisters", vendor3, registry, registryI.encodeFunctionData("deregister"));

  // ---------------------------------------------------------------- the hour bank
  const hourBank = getCreateAddress({ from: operator, nonce: nonces.get(operator) ?? 0 }).toLowerCase();
  const H = (method: string, args: unknown[] = []) => hourBankI.encodeFunctionData(method, args);
  await send("deploy HourBank", operator, null, deployData(hourBankArtifact, [escrow, 500n]), { gas: 8_000_000n });
  const hourBankBlock = lastBlock;
  await send(
    "V1 sells hours",
    vendor1,
    hourBank,
    H("setTerms", [usd, 50n * USD, 5, [{ minHours: 100, discountBps: 1_000 }]]),
  );
  await send("approve mUSD A (hour bank)", clientA, usd, usdI.encodeFunctionData("approve", [hourBank, MaxUint256]));
  const expiresAt = clock + 10 * DAY;
  const order = { vendor: vendor1, token: usd, hourCount: 120, maxHourlyRate: 50n * USD, expiresAt, reviewWindow: DAY };
  await send("bank 1 buy", clientA, hourBank, H("buy", [order]));
  await send("bank 1 allocate B", clientA, hourBank, H("allocate", [1, clientB, 40 * 60]));
  const note = (text: string) => sha256(toUtf8Bytes(text));
  await send("bank 1 log 0", vendor1, hourBank, H("logHours", [1, clientA, 90, note("Support triage, Ana")]));
  await send("bank 1 approve 0", clientA, hourBank, H("approveLog", [1, 0]));
  await send("bank 1 log 1", vendor1, hourBank, H("logHours", [1, clientB, 120, note("Translation, Bo")]));
  await send("bank 1 contest 1", clientB, hourBank, H("contest", [1, 1, "bafy-bank-evidence"]));
  await send("bank 1 ruling 70%", arbiter, hourBank, H("rule", [(1n << 32n) | 1n, 7_001]));
  await send("bank 1 log 2", vendor1, hourBank, H("logHours", [1, clientA, 60, note("Weekly report, Cy")]));
  at(clock + 2 * DAY);
  await send("bank 1 release 2", operator, hourBank, H("release", [1, 2]));
  await send("bank 1 rated by A", clientA, hourBank, H("rate", [1, 5]));
  await send("bank 1 fees collected", operator, hourBank, H("collectFees", [1]));
  at(expiresAt + DAY);
  await send("bank 1 closed at expiry", operator, hourBank, H("close", [1]));

  // ---------------------------------------------------------------- the project registry
  const projectRegistry = getCreateAddress({ from: operator, nonce: nonces.get(operator) ?? 0 }).toLowerCase();
  const P = (method: string, args: unknown[] = []) => projectsI.encodeFunctionData(method, args);
  await send("deploy ProjectRegistry", operator, null, deployData(projectsArtifact, [escrow]), { gas: 8_000_000n });
  const projectRegistryBlock = lastBlock;
  await send(
    "approve mUSD A (projects)",
    clientA,
    usd,
    usdI.encodeFunctionData("approve", [projectRegistry, MaxUint256]),
  );
  const project = {
    token: usd,
    budget: 3_000n * USD,
    deadline: clock + 30 * DAY,
    utcOffsetMinutes: 60,
    workStartMinute: 9 * 60,
    workEndMinute: 17 * 60,
    specCid: "bafy-project-1",
  };
  const part = (budget: bigint, dependsOn: number) => ({ budget, dependsOn, skills: [] });
  await send(
    "project 1 create",
    clientA,
    projectRegistry,
    P("createProject", [project, [part(1_600n * USD, 0), part(800n * USD, 1), part(500n * USD, 0)]]),
  );
  await send(
    "project 1 links jobs 1, 3, 5",
    clientA,
    projectRegistry,
    P("linkJobs", [1, [0, 1, 2], [0, 0, 0], [1, 3, 5]]),
  );
  await send("project 1 job 10 replaces job 5", clientA, projectRegistry, P("linkJobs", [1, [2], [0], [10]]));
  const reviewer = (address: string) => ({ reviewer: address, shareBps: 500, deadline: clock + 20 * DAY, skills: [] });
  await send("project 1 part 0 reviewer V2", clientA, projectRegistry, P("nameReviewer", [1, 0, reviewer(vendor2)]));
  await send("project 1 part 2 reviewer V1", clientA, projectRegistry, P("nameReviewer", [1, 2, reviewer(vendor1)]));
  await send("project 1 part 0 share refunded", operator, projectRegistry, P("settleReview", [1, 0]));

  return {
    registry,
    escrow,
    usd,
    receiver,
    hourBank,
    hourBankBlock,
    projectRegistry,
    projectRegistryBlock,
    startBlock,
    lastBlock,
    blocks,
  };
}

/** networks.json for graph-cli (`graph build --network localhost --network-file ...`) and the local host. */
export function networksFor(result: ScenarioResult, network = "localhost") {
  return {
    [network]: {
      VendorRegistry: { address: result.registry, startBlock: result.startBlock },
      MosaicEscrow: { address: result.escrow, startBlock: result.startBlock },
      HourBank: { address: result.hourBank, startBlock: result.hourBankBlock },
      ProjectRegistry: { address: result.projectRegistry, startBlock: result.projectRegistryBlock },
    },
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      rpc: { type: "string", default: process.env.MOSAIC_RPC_URL ?? "http://127.0.0.1:8545" },
      "networks-out": { type: "string" },
      quiet: { type: "boolean", default: false },
    },
  });
  const result = await buildScenario(values.rpc!, values.quiet ? undefined : (line) => console.error(line));
  const networks = networksFor(result);
  if (values["networks-out"]) fs.writeFileSync(values["networks-out"], JSON.stringify(networks, null, 2) + "\n");
  console.log(JSON.stringify({ ...networks, lastBlock: result.lastBlock }, null, 2));
}
