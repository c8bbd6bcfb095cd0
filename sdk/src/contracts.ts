/**
 * Mosaic's contracts: ABIs, addresses and start blocks by chain id. Everything here comes from the
 * generated module (sdk/src/generated/contracts.ts, written by `npm run deploy:outputs` from the
 * ABIs Ignition deployed or the compiled artifacts): no ABI is written by hand.
 */
import {
  addresses,
  hourBankAbi,
  isMosaicChain,
  mockUsdAbi,
  mosaicEscrowAbi,
  projectRegistryAbi,
  startBlocks,
  vendorRegistryAbi,
  type MosaicChainId,
  type MosaicContractName,
} from "./generated/contracts.ts";

export {
  addresses,
  hourBankAbi,
  isMosaicChain,
  mockUsdAbi,
  mosaicEscrowAbi,
  projectRegistryAbi,
  startBlocks,
  vendorRegistryAbi,
};
export type { MosaicChainId, MosaicContractName };

type Address = `0x${string}`;

/**
 * Addresses of the contracts on `chainId` (MockUSD only on local chains; HourBank and
 * ProjectRegistry where the deployment has them); throws where Mosaic is not deployed.
 */
export function mosaicAddresses(chainId: number): {
  escrow: Address;
  registry: Address;
  hourBank?: Address;
  projectRegistry?: Address;
  mockUsd?: Address;
  startBlock: number;
} {
  if (!isMosaicChain(chainId)) {
    const known = Object.keys(addresses).join(", ") || "none";
    throw new Error(
      `Mosaic is not deployed on chain ${chainId} (deployed on: ${known}); run \`npm run deploy:outputs\``,
    );
  }
  const entry = addresses[chainId] as Partial<Record<MosaicContractName, string>>;
  const blocks = startBlocks[chainId] as Partial<Record<MosaicContractName, number>>;
  return {
    escrow: entry.MosaicEscrow as Address,
    registry: entry.VendorRegistry as Address,
    hourBank: entry.HourBank as Address | undefined,
    projectRegistry: entry.ProjectRegistry as Address | undefined,
    mockUsd: entry.MockUSD as Address | undefined,
    startBlock: Math.min(blocks.MosaicEscrow ?? 0, blocks.VendorRegistry ?? 0),
  };
}
