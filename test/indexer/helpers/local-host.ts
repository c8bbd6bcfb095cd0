// The local subgraph host over a test's node: the built subgraph (subgraph/build) with the test's
// own contract addresses in a scratch folder, indexed up to a given block.
import fs from "node:fs";
import path from "node:path";
import { startSubgraphHost, type SubgraphHost } from "../../../indexer/src/subgraph-host.ts";
import { tempDir } from "./fixture-subgraph.ts";
import { subgraphBuildDir } from "./subgraph-build.ts";

/** A data source of the manifest pointed at a test's deployment. */
export type LocalDataSource = { address: string; startBlock: number };

/**
 * Starts the host on a free port with the built subgraph and `dataSources` as its `localhost`
 * network (`name` prefixes the scratch folders), and returns it once it has indexed up to
 * `latestBlock`.
 */
export async function startCaughtUpHost(options: {
  rpcUrl: string;
  name: string;
  dataSources: Record<string, LocalDataSource>;
  latestBlock: number;
}): Promise<SubgraphHost> {
  const subgraphDir = tempDir(`${options.name}-`);
  fs.symlinkSync(subgraphBuildDir, path.join(subgraphDir, "build"));
  fs.writeFileSync(path.join(subgraphDir, "networks.json"), JSON.stringify({ localhost: options.dataSources }));
  const host = await startSubgraphHost({
    rpcUrl: options.rpcUrl,
    subgraphDir,
    dataDir: tempDir(`${options.name}-data-`),
    host: "127.0.0.1",
    port: 0,
    pollIntervalMs: 50,
  });
  // A mapping error stops indexing: the tests then report `fatalError` instead of waiting forever.
  while ((host.store.head()?.number ?? -1) < options.latestBlock && !host.indexer.fatalError)
    await new Promise((r) => setTimeout(r, 50));
  return host;
}
