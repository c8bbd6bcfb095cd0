/**
 * What `graph build --network` does before it compiles the mappings, with graph-cli's own code:
 * rewrites the manifest's networks, addresses and start blocks from the networks file, then loads and
 * validates the result as the build does (schema, ABIs and their events, contract addresses,
 * handlers). The mappings' WASM does not depend on the network, so a test that compiled it once for
 * one network checks every other network's manifest this way, in about a second instead of ten.
 *
 *   node test/deploy/support/network-manifest.ts <subgraph.yaml> <network> <networks.json>
 *
 * Exits 0 with the rewritten manifest in place, or 1 with graph-cli's error.
 */
import path from "node:path";
import * as DataSourcesExtractor from "@graphprotocol/graph-cli/dist/command-helpers/data-sources.js";
import { updateSubgraphNetwork } from "@graphprotocol/graph-cli/dist/command-helpers/network.js";
import Protocol from "@graphprotocol/graph-cli/dist/protocols/index.js";
import Subgraph from "@graphprotocol/graph-cli/dist/subgraph.js";

const [manifestArg, network, networksArg] = process.argv.slice(2);
if (!manifestArg || !network || !networksArg) {
  console.error("usage: node test/deploy/support/network-manifest.ts <subgraph.yaml> <network> <networks.json>");
  process.exit(2);
}
const manifest = path.resolve(manifestArg);

try {
  // The same steps, in the same order, as graph-cli's BuildCommand.run up to `compiler.compile`.
  const protocol = Protocol.fromDataSources(await DataSourcesExtractor.fromFilePath(manifest));
  await updateSubgraphNetwork(manifest, network, path.resolve(networksArg), protocol.getContract().identifierName());
  await Subgraph.load(manifest, { protocol, skipValidation: false });
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
