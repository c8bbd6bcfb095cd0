// The README's five first things, run as an integrator runs them: each sdk/examples/*.ts in its own
// process against a fresh Hardhat node on a free port with Mosaic deployed from the compiled
// artifacts, and the index served by the in-repo indexer (when subgraph/build matches the
// contracts). Also checks the SDK's digests against the escrow's own.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { createPublicClient, createWalletClient, http, type Abi, type Address, type Hex } from "viem";
import { freePort, startHardhatNode, type HardhatNode } from "../../test/indexer/helpers/hardhat-node.ts";
import { subgraphBuildDir, subgraphBuildUnusable } from "../../test/indexer/helpers/subgraph-build.ts";
import { mockUsdAbi, mosaicEscrowAbi, vendorRegistryAbi } from "../src/contracts.ts";
import { escrowDomain, settlementDigest } from "../src/typed-data.ts";
import { createIndexClient, indexStatus } from "../src/index-client.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const EXAMPLES = path.join(ROOT, "sdk", "examples");

/** Ignition's local parameters (ignition/modules/Mosaic.ts): ETH weight unit, paid-job threshold, prior weight. */
const ETH_WEIGHT_UNIT = 5n * 10n ** 14n;
const USD = 10n ** 6n;

/**
 * Bytecode for the ABI the SDK was generated with: the contract as compiled (artifacts/), else as
 * a local Ignition deployment recorded it. Null when neither matches: the generated module is
 * stale and `npm run deploy:outputs` (or a deployment) regenerates it.
 */
function bytecodeFor(relative: string, futureId: string, sdkAbi: unknown): { abi: Abi; bytecode: Hex } | null {
  const candidates = [
    path.join(ROOT, "artifacts/contracts", relative),
    path.join(ROOT, "ignition/deployments/chain-31337/artifacts", `${futureId}.json`),
  ];
  for (const file of candidates) {
    if (!fs.existsSync(file)) continue;
    const built = JSON.parse(fs.readFileSync(file, "utf8")) as { abi: Abi; bytecode: Hex };
    if (JSON.stringify(built.abi) === JSON.stringify(sdkAbi)) return built;
  }
  return null;
}

const CONTRACTS = {
  registry: ["registry/VendorRegistry.sol/VendorRegistry.json", "MosaicCore#VendorRegistry", vendorRegistryAbi],
  escrow: ["escrow/MosaicEscrow.sol/MosaicEscrow.json", "MosaicCore#MosaicEscrow", mosaicEscrowAbi],
  usd: ["mocks/MockERC20.sol/MockERC20.json", "Mosaic#MockUSD", mockUsdAbi],
} as const;
const builds = Object.fromEntries(
  Object.entries(CONTRACTS).map(([key, [relative, futureId, abi]]) => [key, bytecodeFor(relative, futureId, abi)]),
) as Record<keyof typeof CONTRACTS, { abi: Abi; bytecode: Hex } | null>;
const stale = Object.entries(builds)
  .filter(([, build]) => build === null)
  .map(([key]) => key);
const staleReason = stale.length
  ? `sdk/src/generated/contracts.ts does not match the compiled ${stale.join(", ")}: run \`npm run deploy:outputs\``
  : false;

interface Deployment {
  escrow: Address;
  registry: Address;
  usd: Address;
  startBlock: number;
}

/** Deploys the registry, the escrow (default arbiter set) and Mock USD (allowed) from the node's first accounts. */
async function deploy(url: string): Promise<Deployment> {
  const publicClient = createPublicClient({ transport: http(url) });
  const [operator, treasury, arbiter] = (await publicClient.request({ method: "eth_accounts" } as never)) as Address[];
  const wallet = createWalletClient({ account: operator, transport: http(url) });
  const startBlock = Number(await publicClient.getBlockNumber()) + 1;
  const create = async (key: keyof typeof CONTRACTS, args: unknown[]): Promise<Address> => {
    const { abi, bytecode } = builds[key]!;
    const hash = await wallet.deployContract({ abi, bytecode, args, chain: null } as never);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    assert.equal(receipt.status, "success", `deploying ${key}`);
    return receipt.contractAddress!;
  };
  const registry = await create("registry", []);
  // A registry with a curated skill-tag table: open it, as the local Ignition module does.
  if (vendorRegistryAbi.some((e) => e.type === "function" && e.name === ("setTagCreationOpen" as string))) {
    const hash = await wallet.writeContract({
      address: registry,
      abi: vendorRegistryAbi,
      functionName: "setTagCreationOpen",
      args: [true],
      chain: null,
    } as never);
    await publicClient.waitForTransactionReceipt({ hash });
  }
  const escrow = await create("escrow", [operator, treasury, registry, ETH_WEIGHT_UNIT, 100n * ETH_WEIGHT_UNIT, 500n]);
  const usd = await create("usd", ["Mock USD", "mUSD", 6]);
  for (const [functionName, args] of [
    ["setDefaultArbiter", [arbiter, 100]],
    ["configureToken", [usd, true, USD, 100n * USD]],
  ] as const) {
    const hash = await wallet.writeContract({
      address: escrow,
      abi: mosaicEscrowAbi,
      functionName,
      args,
      chain: null,
    } as never);
    await publicClient.waitForTransactionReceipt({ hash });
  }
  return { escrow, registry, usd, startBlock };
}

/** Runs `node sdk/examples/<name>.ts` and returns its output; fails the test on a non-zero exit. */
function runExample(name: string, env: Record<string, string>, args: string[] = []): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(EXAMPLES, `${name}.ts`), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${name}.ts exited with ${code}:\n${out}`));
    });
  });
}

describe("sdk examples against a local node", { timeout: 600_000, skip: staleReason }, () => {
  let node: HardhatNode;
  let deployment: Deployment;
  let env: Record<string, string>;
  const temps: string[] = [];

  before(async () => {
    node = await startHardhatNode();
    deployment = await deploy(node.url);
    env = {
      MOSAIC_RPC_URL: node.url,
      MOSAIC_ESCROW: deployment.escrow,
      MOSAIC_REGISTRY: deployment.registry,
      MOSAIC_TOKEN: deployment.usd,
    };
  });

  after(async () => {
    await node?.stop();
    for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("4. verify a document", async () => {
    const out = await runExample("verify-a-document", env);
    assert.match(out, /schema: valid job-spec/);
    assert.match(out, /the document's own bytes: verified/);
    assert.match(out, /altered bytes: rejected: the bytes do not match bafkrei/);
  });

  it("2. post and fund (and a refusal explained in the contract's words)", async () => {
    const out = await runExample("post-and-fund", env);
    assert.match(out, /posted and funded job #1: 2 ETH escrowed/);
    assert.match(out, /milestones: Funded, Funded/);
    assert.match(out, /refused as expected: approve: .+ \(EscrowNotHired: 1\)/);
  });

  it("1. read a job", async () => {
    const out = await runExample("read-a-job", env, ["1"]);
    assert.match(out, /job #1 of 1/);
    assert.match(out, /milestone 0: 0\.75 ETH, Funded/);
    assert.match(out, /milestone 1: 1\.25 ETH, Funded/);
  });

  it("3. sign a quote, verify it, hire with it", async () => {
    const out = await runExample("sign-a-quote", env);
    assert.match(out, /vendor signed a quote for job #2 at 0\.5 ETH/);
    assert.match(out, /signature valid: true/);
    assert.match(out, /digest matches the escrow's hashQuote: true/);
    assert.match(out, /hired: job #2 vendor is 0x/);
  });

  it("computes the settlement digest the escrow computes", async () => {
    const publicClient = createPublicClient({ transport: http(node.url) });
    const settlement = { jobId: 2n, index: 0n, vendorBps: 6000, deadline: 2_000_000_000n };
    const onChain = await publicClient.readContract({
      address: deployment.escrow,
      abi: mosaicEscrowAbi,
      functionName: "hashSettlement",
      args: [settlement.jobId, settlement.index, settlement.vendorBps, settlement.deadline],
    });
    const chainId = await publicClient.getChainId();
    assert.equal(onChain, settlementDigest(escrowDomain(chainId, deployment.escrow), settlement));
  });

  it("5. query the index", { skip: subgraphBuildUnusable() }, async () => {
    const subgraphDir = fs.mkdtempSync(path.join(os.tmpdir(), "sdk-subgraph-"));
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sdk-index-"));
    temps.push(subgraphDir, dataDir);
    fs.symlinkSync(subgraphBuildDir, path.join(subgraphDir, "build"));
    const entry = { startBlock: deployment.startBlock };
    fs.writeFileSync(
      path.join(subgraphDir, "networks.json"),
      JSON.stringify({
        localhost: {
          VendorRegistry: { address: deployment.registry, ...entry },
          MosaicEscrow: { address: deployment.escrow, ...entry },
        },
      }),
    );
    const [port, statusPort] = [await freePort(), await freePort()];
    const indexer: ChildProcess = spawn(
      process.execPath,
      [
        path.join(ROOT, "indexer", "index.ts"),
        ...["--rpc", node.url, "--port", String(port), "--status-port", String(statusPort)],
        ...["--data", dataDir, "--subgraph", subgraphDir, "--quiet"],
      ],
      { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] },
    );
    let errors = "";
    indexer.stderr!.on("data", (d) => (errors += d));
    try {
      const indexUrl = `http://127.0.0.1:${port}/subgraphs/name/mosaic`;
      // The example reads the index at once: wait until it answers.
      for (let attempt = 0; ; attempt++) {
        if (indexer.exitCode !== null) throw new Error(`the indexer exited with ${indexer.exitCode}`);
        try {
          if ((await indexStatus(createIndexClient(indexUrl, { timeoutMs: 2_000 }))).block !== null) break;
        } catch (error) {
          if (attempt > 1200) throw error;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      const out = await runExample("query-the-index", { ...env, MOSAIC_INDEX_URL: indexUrl });
      assert.match(out, /index at block \d+/);
      assert.match(out, /job #3 in the index: Open, 0\.1 ETH escrowed/);
      // Jobs 1-3 of the examples, paged two at a time.
      assert.match(out, /3 jobs indexed; 3 by 0x/);
      // Job 1 is funded and open, job 2 hired from a quote, job 3 open.
      assert.match(out, /2 of them open: #1, #3/);
    } catch (error) {
      throw new Error(`${(error as Error).message}\nindexer: ${errors}`);
    } finally {
      const exited = new Promise((r) => indexer.once("exit", r));
      indexer.kill("SIGTERM");
      await exited;
    }
  });
});
