// Whether subgraph/build can be tested against the contracts in artifacts/: it must exist and
// have been built from the same ABIs (a build for other contracts would index other events).
import fs from "node:fs";
import path from "node:path";

const repoRoot = path.resolve(import.meta.dirname, "../../..");
export const subgraphBuildDir = path.join(repoRoot, "subgraph/build");

const CONTRACTS = [
  { name: "VendorRegistry", artifact: "artifacts/contracts/registry/VendorRegistry.sol/VendorRegistry.json" },
  { name: "MosaicEscrow", artifact: "artifacts/contracts/escrow/MosaicEscrow.sol/MosaicEscrow.json" },
  { name: "HourBank", artifact: "artifacts/contracts/hours/HourBank.sol/HourBank.json" },
];

/** Why the subgraph build cannot be tested (a reason to skip), or false when it can. */
export function subgraphBuildUnusable(): string | false {
  if (!fs.existsSync(path.join(subgraphBuildDir, "subgraph.yaml"))) {
    return "subgraph/build is missing: run the subgraph build first";
  }
  for (const { name, artifact } of CONTRACTS) {
    const built = path.join(subgraphBuildDir, name, `${name}.json`);
    const source = path.join(repoRoot, artifact);
    if (!fs.existsSync(built) || !fs.existsSync(source)) return `subgraph/build or ${artifact} lacks ${name}`;
    const builtAbi = JSON.stringify(JSON.parse(fs.readFileSync(built, "utf8")));
    const abi = JSON.stringify((JSON.parse(fs.readFileSync(source, "utf8")) as { abi: unknown }).abi);
    if (builtAbi !== abi) {
      return `subgraph/build was built for another ${name} than artifacts/ holds: rebuild it (npm run subgraph:build)`;
    }
  }
  return false;
}
