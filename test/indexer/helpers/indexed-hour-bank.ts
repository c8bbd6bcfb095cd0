// A Hardhat node with Mosaic and the hour bank, one bank driven through its life
// (hour-bank-chain.ts), indexed to the head by the local subgraph host: the fixture of the tests
// that read an hour bank back from the index.
import type { SubgraphHost } from "../../../indexer/src/subgraph-host.ts";
import { startHardhatNode, type HardhatNode } from "./hardhat-node.ts";
import { runHourBankLife, type HourBankLife } from "./hour-bank-chain.ts";
import { startCaughtUpHost } from "./local-host.ts";
import { deployMosaic, type MosaicDeployment } from "./mosaic-chain.ts";

export interface IndexedHourBank {
  node: HardhatNode;
  m: MosaicDeployment;
  life: HourBankLife;
  host: SubgraphHost;
  stop(): Promise<void>;
}

/** Starts the fixture; `name` prefixes its scratch folders. */
export async function startIndexedHourBank(name: string): Promise<IndexedHourBank> {
  const node = await startHardhatNode();
  const m = await deployMosaic(node.url);
  const hourBankBlock = (await m.provider.getBlockNumber()) + 1;
  const life = await runHourBankLife(m);
  const host = await startCaughtUpHost({
    rpcUrl: node.url,
    name: `${name}`,
    dataSources: {
      VendorRegistry: { address: await m.registry.getAddress(), startBlock: m.startBlock },
      MosaicEscrow: { address: await m.escrow.getAddress(), startBlock: m.startBlock },
      HourBank: { address: await life.hourBank.getAddress(), startBlock: hourBankBlock },
    },
    latestBlock: await m.provider.getBlockNumber(),
  });
  return {
    node,
    m,
    life,
    host,
    async stop() {
      await host.stop();
      m.provider.destroy();
      await node.stop();
    },
  };
}
