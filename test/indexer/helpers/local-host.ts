/** The subgraph host on a free port over a test's node, returned once it has indexed up to `latestBlock`. */
import { startSubgraphHost, type SubgraphHost } from "../../../indexer/src/subgraph-host.ts";

export async function startCaughtUpHost(options: {
  rpcUrl: string;
  subgraphDir: string;
  dataDir: string;
  latestBlock: number;
}): Promise<SubgraphHost> {
  const host = await startSubgraphHost({
    rpcUrl: options.rpcUrl,
    subgraphDir: options.subgraphDir,
    dataDir: options.dataDir,
    host: "127.0.0.1",
    port: 0,
    pollIntervalMs: 50,
  });
  // A mapping error stops indexing: the tests then report `fatalError` instead of waiting forever.
  while ((host.store.head()?.number ?? -1) < options.latestBlock && !host.indexer.fatalError)
    await new Promise((r) => setTimeout(r, 50));
  return host;
}
