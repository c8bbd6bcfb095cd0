/**
 * `npm run deploy:local`: deploys ignition/modules/Mosaic.ts to the local node and writes
 * deployments/localhost.json, subgraph/networks.json (localhost) and sdk/src/generated/contracts.ts.
 *
 * Safe to re-run: Ignition resumes its deployment and changes nothing when all is deployed. When
 * the chain no longer has the contracts (node restarted) or the contracts changed since the last
 * deployment, it deploys afresh (`--reset`).
 *
 * Options: --rpc URL (or MOSAIC_RPC_URL) for a node elsewhere than 127.0.0.1:8545; --reset to
 * force a fresh deployment.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { MOSAIC_CONTRACT_NAMES, MOSAIC_CONTRACTS, ROOT } from "../lib/deployments.ts";
import { DEFAULT_RPC_URL, hasCode, requireNode, resolveRpcUrl } from "../lib/rpc.ts";
import { ignitionDeploymentDir, printOutputs, readIgnitionAddresses, writeOutputs } from "./write-outputs.ts";

const NETWORK = "localhost";
const MODULE = "ignition/modules/Mosaic.ts";
const PARAMETERS = "ignition/parameters/localhost.json";
/** Points the `localhost` network at another URL without touching hardhat.config.ts. */
const RPC_CONFIG = "scripts/deploy/hardhat.rpc.config.ts";

const { values } = parseArgs({ options: { rpc: { type: "string" }, reset: { type: "boolean", default: false } } });
const rpcUrl = resolveRpcUrl(values.rpc);
const chainId = await requireNode(rpcUrl);
// One deployment per chain id, in the folder .gitignore already leaves out for the local chain.
const deploymentId = `chain-${chainId}`;

/** Runs the Hardhat CLI with this process's Node (22), whatever `node` is first on PATH. */
function hardhat(args: string[]): number {
  const cli = path.join(ROOT, "node_modules", "hardhat", "dist", "src", "cli.js");
  const configArgs = rpcUrl === DEFAULT_RPC_URL ? [] : ["--config", RPC_CONFIG];
  // The default build profile, as `npm test` uses: tests and local deployments share artifacts, so
  // neither recompiles after the other (Ignition would otherwise build the production profile).
  const globalArgs = ["--build-profile", "default", ...configArgs];
  const result = spawnSync(process.execPath, [cli, ...globalArgs, ...args], {
    cwd: ROOT,
    stdio: "inherit",
    env: {
      ...process.env,
      MOSAIC_RPC_URL: rpcUrl,
      // Never wait on a prompt: the deployment runs unattended (only asked off chain 31337 anyway).
      HARDHAT_IGNITION_CONFIRM_DEPLOYMENT: "false",
      HARDHAT_IGNITION_CONFIRM_RESET: "false",
    },
  });
  return result.status ?? 1;
}

/** Bytecode without the trailing CBOR metadata, as Ignition compares it. */
function withoutMetadata(bytecode: string): string {
  const hex = bytecode.replace(/^0x/, "");
  const metadataBytes = Number.parseInt(hex.slice(-4), 16) + 2;
  return metadataBytes * 2 < hex.length ? hex.slice(0, -metadataBytes * 2) : hex;
}

/** Why the previous deployment of this chain cannot be resumed, or undefined when it can. */
async function reasonToReset(): Promise<string | undefined> {
  const dir = ignitionDeploymentDir(deploymentId);
  if (!existsSync(dir)) return undefined;
  const addresses = readIgnitionAddresses(deploymentId);
  if (!addresses) return undefined; // an interrupted deployment: Ignition resumes it
  for (const name of MOSAIC_CONTRACT_NAMES) {
    const address = addresses[name];
    if (address && !(await hasCode(rpcUrl, address))) {
      return `no code at ${name}'s address ${address}: the chain was reset since the last deployment`;
    }
  }
  for (const name of MOSAIC_CONTRACT_NAMES) {
    const deployedFile = path.join(dir, "artifacts", `${MOSAIC_CONTRACTS[name].futureId}.json`);
    if (!existsSync(deployedFile)) continue;
    const deployed = readArtifact(deployedFile);
    const builtFile = path.join(ROOT, "artifacts", deployed.sourceName, `${deployed.contractName}.json`);
    if (
      existsSync(builtFile) &&
      withoutMetadata(deployed.bytecode) !== withoutMetadata(readArtifact(builtFile).bytecode)
    ) {
      return `${name} changed since the last deployment`;
    }
  }
  return undefined;
}

function readArtifact(file: string): { sourceName: string; contractName: string; bytecode: string } {
  return JSON.parse(readFileSync(file, "utf8"));
}

const started = performance.now();
console.log(`Deploying Mosaic to ${rpcUrl} (chain ${chainId}, Ignition deployment ${deploymentId})`);

// Compile first, so the comparison below sees the current bytecode.
if (hardhat(["build", "--no-tests", "--quiet"]) !== 0) {
  console.error("Compilation failed — fix the contracts above and run `npm run deploy:local` again.");
  process.exit(1);
}

const why = values.reset ? "--reset was given" : await reasonToReset();
if (why) console.log(`Deploying afresh: ${why}.`);
const deployArgs = ["ignition", "deploy", MODULE, "--network", NETWORK, "--parameters", PARAMETERS];
deployArgs.push("--deployment-id", deploymentId);
if (why) deployArgs.push("--reset");
if (hardhat(deployArgs) !== 0) {
  console.error(
    "Ignition deployment failed. If it reported a reconciliation failure (the module or its parameters " +
      "changed since the last deployment on this chain), run `npm run deploy:local -- --reset`.",
  );
  process.exit(1);
}

try {
  const deployment = await writeOutputs({ rpcUrl, network: NETWORK, deploymentId });
  printOutputs(NETWORK, deployment);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
console.log(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
