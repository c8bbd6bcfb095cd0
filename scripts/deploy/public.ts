/**
 * The public-network half of `npm run deploy -- --network <name>`, run inside Hardhat
 * (`hardhat run --network <name>`) so that the RPC URL and the deployer key come from the network's
 * configuration variables (environment or keystore) and never pass through this repository.
 *
 * Deploys the module with Ignition under the deployment id `chain-<chainId>`, so a re-run resumes
 * its journal (ignition/deployments/chain-<chainId>/, which belongs in git for public networks)
 * instead of deploying twice, then writes the outputs (see write-outputs.ts).
 *
 * Settings arrive from scripts/deploy/index.ts in the environment (MOSAIC_DEPLOY_*).
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { getAddress } from "ethers";
import type { DeploymentParameters, IgnitionModule, IgnitionModuleResult } from "@nomicfoundation/ignition-core";
import hre from "hardhat";
import { ROOT } from "../lib/deployments.ts";
import {
  DEFAULT_OUTPUT_PATHS,
  ignitionDeploymentDir,
  printOutputs,
  writeOutputs,
  type OutputPaths,
} from "./write-outputs.ts";

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

function setting(name: string): string {
  const value = process.env[`MOSAIC_DEPLOY_${name}`];
  if (!value)
    throw new Error(`MOSAIC_DEPLOY_${name} is not set: run this through \`npm run deploy -- --network <name>\`.`);
  return value;
}

type ModuleParameters = Record<string, Record<string, unknown>>;

/** Ignition's parameter file format: JSON, with "123n" strings for big integers. */
function readParameters(file: string): ModuleParameters {
  return JSON.parse(readFileSync(file, "utf8"), (_key, value: unknown) =>
    typeof value === "string" && /^-?\d+n$/.test(value) ? BigInt(value.slice(0, -1)) : value,
  ) as ModuleParameters;
}

/** Refuses parameter files that still hold placeholders, or an operator other than the deployer. */
function checkParameters(parameters: ModuleParameters, file: string, deployer: string): void {
  const relative = path.relative(ROOT, file);
  for (const [module, values] of Object.entries(parameters)) {
    for (const [key, value] of Object.entries(values)) {
      if (value === ZERO_ADDRESS) {
        throw new Error(`${relative}: ${module}.${key} is still the zero-address placeholder — fill it in first.`);
      }
    }
  }
  const operator = parameters.MosaicCore?.operator;
  // The module configures the escrow from the deploying account, so that account must be its operator
  // (hand it to a multisig afterwards with transferOwnership + acceptOwnership).
  if (typeof operator !== "string" || getAddress(operator) !== getAddress(deployer)) {
    throw new Error(
      `${relative}: MosaicCore.operator (${String(operator)}) must be the deployer ${deployer}, which sends the ` +
        "escrow's configuration calls; transfer ownership to a multisig after the deployment.",
    );
  }
}

const network = setting("NETWORK");
const modulePath = path.resolve(ROOT, setting("MODULE"));
const parametersFile = path.resolve(ROOT, setting("PARAMETERS"));
const paths: OutputPaths = {
  ignitionDir: hre.config.paths.ignition,
  deploymentsDir: process.env.MOSAIC_DEPLOY_DEPLOYMENTS_DIR ?? DEFAULT_OUTPUT_PATHS.deploymentsDir,
  subgraphNetworks: process.env.MOSAIC_DEPLOY_SUBGRAPH_NETWORKS ?? DEFAULT_OUTPUT_PATHS.subgraphNetworks,
};

// Everything slow to load comes before the first request: a local node closes idle keep-alive
// sockets after a few seconds, and a request on a socket it just closed fails.
if (!existsSync(modulePath)) {
  throw new Error(
    `${path.relative(ROOT, modulePath)} does not exist: public networks deploy the module without the demo token ` +
      "(MosaicCore plus the allowed stablecoin).",
  );
}
if (!existsSync(parametersFile)) throw new Error(`No parameters at ${path.relative(ROOT, parametersFile)}.`);
const parameters = readParameters(parametersFile);
const { default: ignitionModule } = (await import(pathToFileURL(modulePath).href)) as {
  default: IgnitionModule<string, string, IgnitionModuleResult<string>>;
};
await import("@nomicfoundation/ignition-core");

const connection = await hre.network.connect();
if (connection.networkName !== network) {
  throw new Error(`Connected to ${connection.networkName}, expected ${network}: pass --network ${network}.`);
}
const provider = connection.provider;
const chainId = Number(await provider.request({ method: "eth_chainId" }));
const expectedChainId = (hre.config.networks[network] as { chainId?: number }).chainId;
if (expectedChainId !== undefined && chainId !== expectedChainId) {
  throw new Error(`The RPC URL for ${network} answers chain ${chainId}, not ${expectedChainId}: check the URL.`);
}
const [deployer] = (await provider.request({ method: "eth_accounts" })) as string[];
if (!deployer)
  throw new Error(`No deployer account for ${network}: set DEPLOYER_PRIVATE_KEY (keystore or environment).`);
const balance = BigInt((await provider.request({ method: "eth_getBalance", params: [deployer, "latest"] })) as string);
if (balance === 0n) throw new Error(`The deployer ${deployer} has no ETH on ${network}: fund it first.`);

checkParameters(parameters, parametersFile, deployer);

const deploymentId = `chain-${chainId}`;
if (process.env.MOSAIC_DEPLOY_RESET === "true") {
  console.log(`--reset: discarding Ignition's journal for ${deploymentId}; everything is deployed anew.`);
  rmSync(ignitionDeploymentDir(deploymentId, paths), { recursive: true, force: true });
}

console.log(`Deploying ${path.relative(ROOT, modulePath)} to ${network} (chain ${chainId}) from ${deployer}`);
// Resumes the journal when there is one: futures already confirmed are not sent again.
await connection.ignition.deploy(ignitionModule, {
  parameters: parameters as DeploymentParameters,
  deploymentId,
  displayUi: true,
});

const deployment = await writeOutputs({
  request: (method, params) => provider.request({ method, params }) as never,
  network,
  deploymentId,
  paths,
});
printOutputs(network, deployment, paths);
