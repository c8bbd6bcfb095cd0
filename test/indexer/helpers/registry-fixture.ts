/**
 * The setup most indexer tests share: a fresh Hardhat node with the registry deployed, and the
 * fixture subgraph pointed at that registry.
 */
import { buildFixtureSubgraph, fixtureSubgraphFor } from "./fixture-subgraph.ts";
import { startHardhatNode, type HardhatNode } from "./hardhat-node.ts";
import { deployRegistry, type RegistryChain } from "./registry-chain.ts";

export interface RegistryFixture {
  node: HardhatNode;
  chain: RegistryChain;
  subgraphDir: string;
}

export async function startRegistryFixture(): Promise<RegistryFixture> {
  buildFixtureSubgraph();
  const node = await startHardhatNode();
  const chain = await deployRegistry(node.url);
  return { node, chain, subgraphDir: fixtureSubgraphFor(chain.address, chain.startBlock) };
}

/** Safe to call with what a failed start left undefined, and after a test stopped the node itself. */
export async function stopRegistryFixture(node: HardhatNode | undefined, chain: RegistryChain | undefined) {
  chain?.close();
  await node?.stop();
}
