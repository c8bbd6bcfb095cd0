// Deploys Mosaic's contracts with ethers (from the Hardhat artifacts) on a test node and
// drives a few job lifecycles through them, for the end-to-end indexer test.
import fs from "node:fs";
import path from "node:path";
import { Contract, ContractFactory, JsonRpcProvider, MaxUint256, ZeroAddress, encodeBytes32String } from "ethers";
import type { JsonRpcSigner, Log, LogDescription } from "ethers";
import { QUOTE_TYPES, escrowDomain } from "@mosaic/sdk/typed-data";
import { metadataDigestFor } from "./document-cids.ts";

const repoRoot = path.resolve(import.meta.dirname, "../../..");
const DAY = 86_400n;
const ETH_WEIGHT_UNIT = 5n * 10n ** 14n;
const USD = 10n ** 6n;

function artifact(relative: string): { abi: unknown[]; bytecode: string } {
  return JSON.parse(fs.readFileSync(path.join(repoRoot, "artifacts/contracts", relative), "utf8"));
}

export type MosaicDeployment = {
  provider: JsonRpcProvider;
  registry: Contract;
  escrow: Contract;
  usd: Contract;
  signers: {
    operator: JsonRpcSigner;
    treasury: JsonRpcSigner;
    arbiter: JsonRpcSigner;
    client: JsonRpcSigner;
    vendor: JsonRpcSigner;
    vendor2: JsonRpcSigner;
  };
  startBlock: number;
};

async function deploy(signer: JsonRpcSigner, relative: string, args: unknown[] = []): Promise<Contract> {
  const { abi, bytecode } = artifact(relative);
  const contract = await new ContractFactory(abi as never, bytecode, signer).deploy(...args);
  await contract.waitForDeployment();
  return contract as Contract;
}

export async function deployMosaic(url: string): Promise<MosaicDeployment> {
  const provider = new JsonRpcProvider(url, undefined, { cacheTimeout: -1, batchMaxCount: 1 });
  const [operator, treasury, arbiter, client, vendor, vendor2] = await Promise.all(
    [0, 1, 2, 3, 4, 5].map((i) => provider.getSigner(i)),
  );
  const startBlock = (await provider.getBlockNumber()) + 1;
  const registry = await deploy(operator, "registry/VendorRegistry.sol/VendorRegistry.json");
  // A registry with a curated skill-tag table: open it, as a development chain does.
  if (registry.interface.getFunction("setTagCreationOpen") !== null) {
    await (await (registry.connect(operator) as Contract).getFunction("setTagCreationOpen")(true)).wait();
  }
  const escrow = await deploy(operator, "escrow/MosaicEscrow.sol/MosaicEscrow.json", [
    operator.address,
    treasury.address,
    await registry.getAddress(),
    ETH_WEIGHT_UNIT,
    100n * ETH_WEIGHT_UNIT, // paid-job threshold
    500n, // rating prior weight
  ]);
  const usd = await deploy(operator, "mocks/MockERC20.sol/MockERC20.json", ["Mock USD", "mUSD", 6]);
  await (await (escrow.connect(operator) as Contract).setDefaultArbiter(arbiter.address, 100)).wait();
  await (
    await (escrow.connect(operator) as Contract).configureToken(await usd.getAddress(), true, USD, 100n * USD)
  ).wait();
  for (const s of [client, vendor, vendor2]) {
    await (await (usd.connect(operator) as Contract).mint(s.address, 1_000_000n * USD)).wait();
    await (await (usd.connect(s) as Contract).approve(await escrow.getAddress(), MaxUint256)).wait();
  }
  return {
    provider,
    registry,
    escrow,
    usd,
    signers: { operator, treasury, arbiter, client, vendor, vendor2 },
    startBlock,
  };
}

const skill = (name: string) => encodeBytes32String(name);

async function send(contract: Contract, signer: JsonRpcSigner, method: string, ...args: unknown[]) {
  const receipt = await (await (contract.connect(signer) as Contract).getFunction(method)(...args)).wait();
  return receipt!;
}

async function latestTimestamp(provider: JsonRpcProvider): Promise<bigint> {
  return BigInt((await provider.getBlock("latest"))!.timestamp);
}

function terms(token: string, open: boolean, requiredSkills: string[] = []) {
  return {
    token,
    arbiter: ZeroAddress,
    arbiterFeeBps: 0,
    reviewWindow: 3n * DAY,
    open,
    minRating: 0,
    minPaidJobs: 0,
    requiredSkills,
    specCid: "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
  };
}

async function postJob(
  m: MosaicDeployment,
  token: string,
  open: boolean,
  amounts: bigint[],
  skills: string[] = [],
): Promise<bigint> {
  const deadline = (await latestTimestamp(m.provider)) + 10n * DAY;
  const milestones = amounts.map((amount) => ({ amount, bonus: 0n, deadline, outcomeDeadline: 0n }));
  const receipt = await send(m.escrow, m.signers.client, "postJob", terms(token, open, skills), milestones);
  const event = receipt.logs
    .map((l: Log) => m.escrow.interface.parseLog(l))
    .find((l: LogDescription | null) => l?.name === "JobPosted");
  return event!.args.jobId as bigint;
}

async function signQuote(m: MosaicDeployment, vendor: JsonRpcSigner, jobId: bigint, price: bigint) {
  const { chainId } = await m.provider.getNetwork();
  const domain = escrowDomain(chainId, await m.escrow.getAddress());
  const quote = {
    jobId,
    vendor: vendor.address,
    price,
    nonce: (await m.escrow.quoteNonce(vendor.address)) as bigint,
    expiresAt: (await latestTimestamp(m.provider)) + DAY,
  };
  return { quote, signature: await vendor.signTypedData(domain, QUOTE_TYPES, quote) };
}

/**
 * Profiles for two vendors, then: an ERC-20 job hired from a quote, paid and rated both ways;
 * an open ETH job claimed, one milestone paid and one refunded after cancellation; an open
 * job left unclaimed. Returns the job ids.
 */
export async function runLifecycles(m: MosaicDeployment): Promise<bigint[]> {
  const { client, vendor, vendor2 } = m.signers;
  await send(
    m.registry,
    vendor,
    "setProfile",
    { hourlyRateCents: 8_000, timezoneOffsetMinutes: 60, availabilityHours: 30 },
    [skill("solidity"), skill("typescript")],
    metadataDigestFor("vendor profile"),
  );
  await send(
    m.registry,
    vendor2,
    "setProfile",
    { hourlyRateCents: 5_000, timezoneOffsetMinutes: -300, availabilityHours: 40 },
    [skill("design")],
    metadataDigestFor("vendor2 profile"),
  );

  const usdJob = await postJob(m, await m.usd.getAddress(), false, [1_000n * USD, 500n * USD]);
  await send(m.escrow, client, "fund", usdJob, 0, 2);
  const { quote, signature } = await signQuote(m, vendor, usdJob, 1_500n * USD);
  await send(m.escrow, client, "hire", quote, signature);
  await send(m.escrow, vendor, "submit", usdJob, 0, "bafydeliverable0");
  await send(m.escrow, client, "approve", usdJob, 0);
  await send(m.escrow, vendor, "submit", usdJob, 1, "bafydeliverable1");
  await send(m.escrow, client, "approve", usdJob, 1);
  await send(m.escrow, client, "rate", usdJob, 5);
  await send(m.escrow, vendor, "rate", usdJob, 4);

  const ethJob = await postJob(m, ZeroAddress, true, [10n ** 17n, 2n * 10n ** 17n], [skill("design")]);
  await send(m.escrow, client, "fund", ethJob, 0, 2, { value: 3n * 10n ** 17n });
  await send(m.escrow, vendor2, "claim", ethJob, [skill("design")]);
  await send(m.escrow, vendor2, "submit", ethJob, 0, "bafyeth0");
  await send(m.escrow, client, "approve", ethJob, 0);

  const openJob = await postJob(m, ZeroAddress, true, [5n * 10n ** 16n]);
  await send(m.escrow, client, "cancel", openJob, 0);
  await send(
    m.registry,
    vendor2,
    "setProfile",
    { hourlyRateCents: 6_500, timezoneOffsetMinutes: -300, availabilityHours: 10 },
    [skill("design"), skill("figma")],
    metadataDigestFor("vendor2 profile, updated"),
  );
  return [usdJob, ethJob, openJob];
}
