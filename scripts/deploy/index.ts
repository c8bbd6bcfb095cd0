/**
 * `npm run deploy -- --network <name>`: deploys Mosaic with Ignition and writes
 *   deployments/<network>.json, the <network> entry of subgraph/networks.json and sdk/src/generated/contracts.ts.
 *
 * localhost runs `npm run deploy:local` (the demo module, with MockUSD). Public networks (see the
 * `networks` section of hardhat.config.ts) deploy ignition/modules/MosaicPublic.ts with
 * ignition/parameters/<network>.json, reading the RPC URL and the deployer key from configuration
 * variables: `npx hardhat keystore set BASE_SEPOLIA_RPC_URL`, `npx hardhat keystore set DEPLOYER_PRIVATE_KEY`
 * (or the same names in the environment). A re-run resumes Ignition's journal.
 *
 * Options:
 *   --network NAME             localhost, base-sepolia, optimism-sepolia, arbitrum-sepolia, base, optimism, arbitrum-one
 *   --parameters FILE          instead of ignition/parameters/<network>.json
 *   --module FILE              instead of the network's module (must live in ignition/modules/)
 *   --reset                    discard the journal and deploy anew
 *   --verify                   verify the deployed contracts on the network's explorers afterwards (ETHERSCAN_API_KEY)
 *   --rpc URL                  localhost only: a node elsewhere than 127.0.0.1:8545
 *   --config FILE              another Hardhat config (tests point Ignition's folder at a temp dir with it)
 *   --deployments-dir DIR, --subgraph-networks FILE   write the outputs elsewhere (tests)
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ROOT } from "../lib/deployments.ts";

const PUBLIC_MODULE = "ignition/modules/MosaicPublic.ts";

const { values } = parseArgs({
  options: {
    network: { type: "string" },
    parameters: { type: "string" },
    module: { type: "string" },
    reset: { type: "boolean", default: false },
    verify: { type: "boolean", default: false },
    rpc: { type: "string" },
    config: { type: "string" },
    "deployments-dir": { type: "string" },
    "subgraph-networks": { type: "string" },
  },
});

const network = values.network;
const hardhatCli = path.join(ROOT, "node_modules", "hardhat", "dist", "src", "cli.js");

/** The network names hardhat.config.ts declares, read without loading Hardhat. */
function configuredNetworks(): string[] {
  const source = readFileSync(path.join(ROOT, "hardhat.config.ts"), "utf8");
  const start = source.indexOf("networks: {");
  const section = source.slice(start, source.indexOf("\n  },", start));
  return [...section.matchAll(/^\s{4}"?([a-z0-9-]+)"?:\s/gm)].map((m) => m[1]);
}

if (!network) {
  console.error(`Which network? npm run deploy -- --network <${configuredNetworks().join(" | ")}>`);
  process.exit(1);
}

function run(args: string[], env: NodeJS.ProcessEnv = {}): number {
  const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, ...env } });
  return result.status ?? 1;
}

if (network === "localhost") {
  const args = [path.join(ROOT, "scripts", "deploy", "local.ts")];
  if (values.rpc) args.push("--rpc", values.rpc);
  if (values.reset) args.push("--reset");
  process.exit(run(args));
}

if (!configuredNetworks().includes(network)) {
  console.error(`Unknown network "${network}". Configured: ${configuredNetworks().join(", ")} (hardhat.config.ts).`);
  process.exit(1);
}

const parameters = values.parameters ?? `ignition/parameters/${network}.json`;
const modulePath = values.module ?? PUBLIC_MODULE;
// The default build profile, as `npm test` and deploy:local use: hardhat.config.ts gives every profile
// the same compiler settings, and sharing one set of artifacts spares a second full compile.
const globalArgs = ["--network", network, "--build-profile", "default"];
if (values.config) globalArgs.push("--config", values.config);

// Contracts only (`run` alone would also build the Solidity tests).
let status = run([hardhatCli, ...globalArgs, "build", "--no-tests", "--quiet"]);
if (status === 0) {
  status = run([hardhatCli, ...globalArgs, "run", "--no-compile", "scripts/deploy/public.ts"], {
    MOSAIC_DEPLOY_NETWORK: network,
    MOSAIC_DEPLOY_MODULE: modulePath,
    MOSAIC_DEPLOY_PARAMETERS: parameters,
    MOSAIC_DEPLOY_RESET: String(values.reset),
    ...(values["deployments-dir"] && { MOSAIC_DEPLOY_DEPLOYMENTS_DIR: path.resolve(values["deployments-dir"]) }),
    ...(values["subgraph-networks"] && {
      MOSAIC_DEPLOY_SUBGRAPH_NETWORKS: path.resolve(values["subgraph-networks"]),
    }),
  });
}
if (status !== 0) {
  console.error(
    `\nDeployment to ${network} stopped (exit ${status}). Fix what is reported above and run the same command again: ` +
      "Ignition resumes from its journal and sends nothing twice.",
  );
  process.exit(status);
}

if (values.verify) {
  const deploymentsDir = values["deployments-dir"]
    ? path.resolve(values["deployments-dir"])
    : path.join(ROOT, "deployments");
  const file = path.join(deploymentsDir, `${network}.json`);
  const { chainId } = existsSync(file)
    ? (JSON.parse(readFileSync(file, "utf8")) as { chainId: number })
    : { chainId: 0 };
  // Ignition knows every contract's constructor arguments from its journal.
  process.exit(run([hardhatCli, ...globalArgs, "ignition", "verify", `chain-${chainId}`]));
}
