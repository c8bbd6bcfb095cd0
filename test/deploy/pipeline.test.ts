/**
 * The public-network deployment pipeline, offline: a local node that calls itself Base Sepolia
 * (chain 84532), a deployer key held in an encrypted Hardhat keystore, `npm run deploy -- --network
 * base-sepolia`, its outputs, a resumed re-run, `graph build --network base-sepolia`'s manifest step
 * on the written networks file, and the generated contracts module answering the new addresses under 84532.
 *
 * Nothing lands in the repository: the keystore lives in a temp XDG_CONFIG_HOME, Ignition's journal
 * in a temp folder (test/deploy/hardhat.pipeline.config.ts), the outputs in temp files.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { Interface, Wallet, getAddress } from "ethers";
import { parse as parseYaml } from "yaml";
import { freePort } from "../indexer/helpers/hardhat-node.ts";
import { ROOT, applyNetwork, copySubgraph } from "./support/subgraph-copy.ts";

const HARDHAT = path.join(ROOT, "node_modules", "hardhat", "dist", "src", "cli.js");
const CHAIN_ID = 84532;
const BASE_SEPOLIA_USDC = "0x036CbD53842c5426634e7929541eC2318f3dCF7e";
const KEYSTORE_PASSWORD = "pipeline-test-password";
// What a public network gets: the core contracts and USDC, never the demo token.
const MODULE = "ignition/modules/MosaicPublic.ts";

/** The environment of a developer's shell: no CI markers, since the keystore is off on CI. */
function developerEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra, FORCE_COLOR: "0" };
  for (const name of [
    "CI",
    "CONTINUOUS_INTEGRATION",
    "GITHUB_ACTIONS",
    "BUILD_NUMBER",
    "RUN_ID",
    "NOW",
    "DEPLOYMENT_ID",
  ]) {
    delete env[name];
  }
  delete env.DEPLOYER_PRIVATE_KEY;
  delete env.HARDHAT_NETWORK;
  return env;
}

/**
 * Runs a command and answers its prompts in order, one at a time: Hardhat reads every secret
 * with a fresh readline, so all answers written at once would be lost.
 */
function runAnswering(
  args: string[],
  env: NodeJS.ProcessEnv,
  answers: string[],
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["pipe", "pipe", "pipe"] });
    let output = "";
    let answered = 0;
    let scanned = 0;
    const onData = (chunk: Buffer) => {
      output += chunk;
      // A prompt is "[hardhat-keystore] <question>: " with no newline after it yet.
      const fresh = output.slice(scanned);
      const prompt = fresh.lastIndexOf("[hardhat-keystore]");
      if (prompt >= 0 && /: \*?$/.test(fresh.trimEnd() + " ") && answered < answers.length) {
        scanned = output.length;
        child.stdin.write(`${answers[answered++]}\n`);
        // An open stdin keeps Hardhat waiting after its last question.
        if (answered === answers.length) child.stdin.end();
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    if (answers.length === 0) child.stdin.end();
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

async function rpc<T>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

describe("deploying to a public network (Base Sepolia's chain id, offline)", () => {
  let dir: string;
  let node: ReturnType<typeof spawn> | undefined;
  let url: string;
  let env: NodeJS.ProcessEnv;
  const deployer = Wallet.createRandom();
  const treasury = Wallet.createRandom().address;
  const arbiter = Wallet.createRandom().address;
  const deploymentsDir = () => path.join(dir, "deployments");
  const networksFile = () => path.join(dir, "networks.json");
  let deployArgs: string[];

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "mosaic-deploy-"));
    const ignitionDir = path.join(dir, "ignition");
    mkdirSync(ignitionDir);
    symlinkSync(path.join(ROOT, "ignition", "modules"), path.join(ignitionDir, "modules"));
    mkdirSync(deploymentsDir());

    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    node = spawn(
      process.execPath,
      [HARDHAT, "node", "--hostname", "127.0.0.1", "--port", String(port), "--chain-id", String(CHAIN_ID)],
      {
        cwd: ROOT,
        stdio: "ignore",
      },
    );
    for (let attempt = 0; ; attempt++) {
      try {
        await rpc(url, "eth_chainId");
        break;
      } catch (error) {
        if (attempt > 600 || node.exitCode !== null) throw error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    // A brand-new deployer, funded as a faucet would.
    await rpc(url, "hardhat_setBalance", [deployer.address, "0x56BC75E2D63100000"]);

    env = developerEnv({
      XDG_CONFIG_HOME: path.join(dir, "config"),
      BASE_SEPOLIA_RPC_URL: url,
      MOSAIC_TEST_IGNITION_DIR: ignitionDir,
      HARDHAT_DISABLE_TELEMETRY_PROMPT: "true",
    });
    const parameters = {
      MosaicCore: {
        operator: deployer.address,
        treasury,
        arbiter,
        arbiterFeeBps: 100,
        ethWeightUnit: "500000000000000n",
      },
      MosaicPublic: { usdc: BASE_SEPOLIA_USDC, usdcWeightUnit: "1000000n" },
    };
    writeFileSync(path.join(dir, "parameters.json"), JSON.stringify(parameters, null, 2));
    deployArgs = [
      "scripts/deploy/index.ts",
      "--network",
      "base-sepolia",
      "--config",
      "test/deploy/hardhat.pipeline.config.ts",
      "--parameters",
      path.join(dir, "parameters.json"),
      "--module",
      MODULE,
      "--deployments-dir",
      deploymentsDir(),
      "--subgraph-networks",
      networksFile(),
    ];
  });

  after(async () => {
    if (node && node.exitCode === null) {
      const exited = new Promise((r) => node!.once("exit", r));
      node.kill("SIGTERM");
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("keeps the deployer key in an encrypted keystore, set up without a terminal", async () => {
    const { code, output } = await runAnswering([HARDHAT, "keystore", "set", "DEPLOYER_PRIVATE_KEY"], env, [
      KEYSTORE_PASSWORD,
      KEYSTORE_PASSWORD,
      deployer.privateKey,
    ]);
    assert.equal(code, 0, output);
    const keystore = readFileSync(path.join(dir, "config", "hardhat-nodejs", "keystore.json"), "utf8");
    assert.ok(keystore.includes("DEPLOYER_PRIVATE_KEY"));
    assert.ok(!keystore.toLowerCase().includes(deployer.privateKey.slice(2).toLowerCase()), "the key is encrypted");
  });

  it("deploys with the keystore's key and writes the network's outputs", async () => {
    const { code, output } = await runAnswering(deployArgs, env, [KEYSTORE_PASSWORD]);
    assert.equal(code, 0, output);

    const deployment = JSON.parse(readFileSync(path.join(deploymentsDir(), "base-sepolia.json"), "utf8"));
    assert.equal(deployment.chainId, CHAIN_ID);
    for (const name of ["VendorRegistry", "MosaicEscrow"]) {
      const { address, startBlock } = deployment.contracts[name];
      assert.notEqual(await rpc(url, "eth_getCode", [address, "latest"]), "0x", `${name} has code`);
      assert.ok(startBlock > 0);
    }
    const escrow = deployment.contracts.MosaicEscrow.address;
    const owner = new Interface(["function owner() view returns (address)"]);
    const ownerResult = await rpc<string>(url, "eth_call", [
      { to: escrow, data: owner.encodeFunctionData("owner") },
      "latest",
    ]);
    assert.equal(getAddress(owner.decodeFunctionResult("owner", ownerResult)[0]), deployer.address);

    const networks = JSON.parse(readFileSync(networksFile(), "utf8"));
    assert.deepEqual(networks["base-sepolia"], {
      VendorRegistry: deployment.contracts.VendorRegistry,
      MosaicEscrow: deployment.contracts.MosaicEscrow,
      HourBank: deployment.contracts.HourBank,
      ProjectRegistry: deployment.contracts.ProjectRegistry,
    });
  });

  it("resumes the journal on a re-run instead of deploying twice", async () => {
    const blockBefore = await rpc<string>(url, "eth_blockNumber");
    const before = readFileSync(path.join(deploymentsDir(), "base-sepolia.json"), "utf8");
    const { code, output } = await runAnswering(deployArgs, env, [KEYSTORE_PASSWORD]);
    assert.equal(code, 0, output);
    assert.equal(await rpc<string>(url, "eth_blockNumber"), blockBefore, "no transaction was sent");
    assert.equal(readFileSync(path.join(deploymentsDir(), "base-sepolia.json"), "utf8"), before);
  });

  it("generates the contracts module with the new addresses under chain 84532", async () => {
    const deployment = JSON.parse(readFileSync(path.join(deploymentsDir(), "base-sepolia.json"), "utf8"));
    const generated = (await import(path.join(deploymentsDir(), "contracts.ts"))) as {
      addresses: Record<number, Record<string, string>>;
      startBlocks: Record<number, Record<string, number>>;
      mosaicEscrowAbi: unknown[];
      isMosaicChain(chainId: number): boolean;
    };
    assert.equal(generated.addresses[CHAIN_ID].MosaicEscrow, deployment.contracts.MosaicEscrow.address);
    assert.equal(generated.addresses[CHAIN_ID].VendorRegistry, deployment.contracts.VendorRegistry.address);
    assert.equal(generated.startBlocks[CHAIN_ID].MosaicEscrow, deployment.contracts.MosaicEscrow.startBlock);
    assert.ok(generated.isMosaicChain(CHAIN_ID));
    assert.ok(generated.mosaicEscrowAbi.length > 0);
  });

  // graph-node.test.ts compiles the mappings for a public network; the WASM is the same for every
  // network and every address, so what this deployment adds is its networks file, checked through
  // graph build's own network step and manifest validation.
  it("gives the subgraph's manifest base-sepolia's addresses from the written networks file", () => {
    const subgraph = path.join(dir, "subgraph");
    copySubgraph(subgraph, networksFile());
    applyNetwork(subgraph, "base-sepolia");

    const deployment = JSON.parse(readFileSync(path.join(deploymentsDir(), "base-sepolia.json"), "utf8"));
    const manifest = parseYaml(readFileSync(path.join(subgraph, "subgraph.yaml"), "utf8")) as {
      dataSources: { name: string; network: string; source: { address: string; startBlock: number } }[];
    };
    for (const source of manifest.dataSources) {
      assert.equal(source.network, "base-sepolia");
      assert.equal(getAddress(source.source.address), deployment.contracts[source.name].address);
      assert.equal(source.source.startBlock, deployment.contracts[source.name].startBlock);
    }
  });
});
