/**
 * `npm run subgraph:deploy`: builds the subgraph for a network and deploys it with graph-cli.
 *
 *   To your own graph-node (docker-compose.yml):
 *     npm run subgraph:deploy -- --node http://127.0.0.1:8020 --ipfs http://127.0.0.1:5001 [--network localhost]
 *   To Subgraph Studio (after `npx graph auth <DEPLOY_KEY>`, or with --deploy-key):
 *     npm run subgraph:deploy -- --studio --name <studio slug> --network base-sepolia --version-label v0.1.0
 *
 * Options: --name (default mosaic), --network (default localhost; its entry in subgraph/networks.json
 * is written by `npm run deploy -- --network <name>`), --version-label (default v<package version>-<time>),
 * --deploy-key (Studio). `graph create` runs first on your own node; an existing name is fine.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { SUBGRAPH_DIR, buildSubgraph } from "./build.ts";

const ROOT = path.resolve(SUBGRAPH_DIR, "..");
const GRAPH_CLI = path.join(ROOT, "node_modules", "@graphprotocol", "graph-cli", "bin", "run.js");
const STUDIO_DEPLOY_URL = "https://api.studio.thegraph.com/deploy/";
const STUDIO_IPFS_URL = "https://api.thegraph.com/ipfs/api/v0";

const USAGE = `Usage:
  npm run subgraph:deploy -- --node <graph-node admin URL> --ipfs <IPFS RPC URL> [--network localhost] [--name mosaic]
  npm run subgraph:deploy -- --studio --name <studio slug> --network <network> [--deploy-key KEY] [--version-label vX]`;

const { values } = parseArgs({
  options: {
    node: { type: "string" },
    ipfs: { type: "string" },
    studio: { type: "boolean", default: false },
    name: { type: "string", default: "mosaic" },
    network: { type: "string", default: "localhost" },
    "version-label": { type: "string" },
    "deploy-key": { type: "string" },
  },
});

if (!values.studio && (!values.node || !values.ipfs)) {
  console.error(`graph-node needs both --node and --ipfs.\n${USAGE}`);
  process.exit(2);
}

const networks = JSON.parse(readFileSync(path.join(SUBGRAPH_DIR, "networks.json"), "utf8")) as Record<string, unknown>;
if (!networks[values.network]) {
  console.error(
    `subgraph/networks.json has no "${values.network}" entry: deploy the contracts there first ` +
      `(npm run deploy -- --network ${values.network}). Known: ${Object.keys(networks).join(", ")}.`,
  );
  process.exit(1);
}

function graph(args: string[]): { status: number; output: string } {
  const result = spawnSync(process.execPath, [GRAPH_CLI, ...args], {
    cwd: SUBGRAPH_DIR,
    env: { ...process.env, GRAPH_SKIP_NEW_VERSION_CHECK: "true" },
    encoding: "utf8",
  });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  process.stdout.write(output);
  return { status: result.status ?? 1, output };
}

const version = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;
const versionLabel =
  values["version-label"] ?? `v${version}-${new Date().toISOString().replace(/[-:]/g, "").slice(0, 13)}`;

try {
  buildSubgraph({ network: values.network });
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

const node = values.studio ? STUDIO_DEPLOY_URL : values.node!;
const ipfs = values.studio ? STUDIO_IPFS_URL : values.ipfs!;

if (!values.studio) {
  const created = graph(["create", values.name, "--node", node]);
  if (created.status !== 0 && !/already exists/i.test(created.output)) {
    console.error(`graph create failed: is graph-node's admin API at ${node}? (docker compose up; port 8020)`);
    process.exit(1);
  }
}

const deployArgs = [
  "deploy",
  values.name,
  "subgraph.yaml",
  "--node",
  node,
  "--ipfs",
  ipfs,
  "--version-label",
  versionLabel,
  "--network",
  values.network,
  "--network-file",
  "networks.json",
  "--output-dir",
  "build",
  "--skip-migrations",
];
if (values["deploy-key"]) deployArgs.push("--deploy-key", values["deploy-key"]);
const deployed = graph(deployArgs);
if (deployed.status !== 0) {
  console.error(`graph deploy failed (exit ${deployed.status}); see graph-cli's output above.`);
  process.exit(deployed.status);
}
const queryBase = values.studio ? "(Subgraph Studio shows the query URL)" : node.replace(/:8020\b.*$/, ":8000");
console.log(
  values.studio
    ? `Deployed ${values.name} ${versionLabel} to Subgraph Studio ${queryBase}.`
    : `Deployed ${values.name} ${versionLabel}: query ${queryBase}/subgraphs/name/${values.name}`,
);
