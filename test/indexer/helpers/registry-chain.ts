// The VendorRegistry on a test node, driven through ethers, for the fixture subgraph.
import fs from "node:fs";
import path from "node:path";
import { Contract, ContractFactory, JsonRpcProvider, encodeBytes32String } from "ethers";
import { metadataDigestFor } from "./document-cids.ts";

const repoRoot = path.resolve(import.meta.dirname, "../../..");
const artifact = JSON.parse(
  fs.readFileSync(path.join(repoRoot, "artifacts/contracts/registry/VendorRegistry.sol/VendorRegistry.json"), "utf8"),
);

export type RegistryChain = {
  provider: JsonRpcProvider;
  registry: Contract;
  address: string;
  startBlock: number;
  /** The first block after the registry's own setup (its deployment, and opening its tag table if it has one). */
  firstUseBlock: number;
  /** `document` names the profile document: its CID is `cidFor(document)`. */
  setProfile: (signerIndex: number, rateCents: number, skills: string[], document: string) => Promise<number>;
  deregister: (signerIndex: number) => Promise<number>;
  vendor: (signerIndex: number) => Promise<string>;
  close: () => void;
};

export async function deployRegistry(url: string): Promise<RegistryChain> {
  const provider = new JsonRpcProvider(url, undefined, { cacheTimeout: -1, batchMaxCount: 1, staticNetwork: true });
  const deployer = await provider.getSigner(0);
  const startBlock = (await provider.getBlockNumber()) + 1;
  const registry = (await new ContractFactory(artifact.abi, artifact.bytecode, deployer).deploy()) as Contract;
  await registry.waitForDeployment();
  // A registry with a curated skill-tag table: open it, as a development chain does.
  if (artifact.abi.some((item: { name?: string }) => item.name === "setTagCreationOpen")) {
    await (await registry.getFunction("setTagCreationOpen")(true)).wait();
  }
  const address = (await registry.getAddress()).toLowerCase();
  const as = async (i: number) => registry.connect(await provider.getSigner(i)) as Contract;
  return {
    provider,
    registry,
    address,
    startBlock,
    firstUseBlock: (await provider.getBlockNumber()) + 1,
    async setProfile(i, rateCents, skills, document) {
      const tx = await (
        await as(i)
      ).setProfile(
        { hourlyRateCents: rateCents, timezoneOffsetMinutes: -60 * i, availabilityHours: 10 + i },
        skills.map((s) => encodeBytes32String(s)),
        metadataDigestFor(document),
      );
      return (await tx.wait())!.blockNumber;
    },
    async deregister(i) {
      return (await (await (await as(i)).deregister()).wait())!.blockNumber;
    },
    async vendor(i) {
      return (await (await provider.getSigner(i)).getAddress()).toLowerCase();
    },
    close: () => provider.destroy(),
  };
}
