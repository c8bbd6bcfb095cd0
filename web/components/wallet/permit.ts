/** EIP-2612 permits: one signature instead of an approval transaction. */
import { parseAbi, parseSignature, type Address } from "viem";
import type { Config } from "wagmi";
import { readContract, signTypedData } from "wagmi/actions";
import { PERMIT_TYPES } from "@mosaic/sdk/typed-data";

const permitAbi = parseAbi([
  "function nonces(address owner) view returns (uint256)",
  "function eip712Domain() view returns (bytes1 fields, string name, string version, uint256 chainId, address verifyingContract, bytes32 salt, uint256[] extensions)",
  "function name() view returns (string)",
  "function balanceOf(address) view returns (uint256)",
]);

/** Whether `token` exposes EIP-2612 (`nonces`) and an EIP-712 domain we can sign for. */
export async function supportsPermit(config: Config, token: Address): Promise<boolean> {
  try {
    await readContract(config, { address: token, abi: permitAbi, functionName: "nonces", args: [token] });
    return true;
  } catch {
    return false;
  }
}

export async function signPermit(
  config: Config,
  params: { token: Address; owner: Address; spender: Address; value: bigint; deadline: bigint; chainId: number },
) {
  const { token, owner, spender, value, deadline, chainId } = params;
  const nonce = await readContract(config, { address: token, abi: permitAbi, functionName: "nonces", args: [owner] });
  let name: string;
  let version = "1";
  try {
    const domain = await readContract(config, { address: token, abi: permitAbi, functionName: "eip712Domain" });
    name = domain[1];
    version = domain[2];
  } catch {
    name = await readContract(config, { address: token, abi: permitAbi, functionName: "name" });
  }
  const signature = await signTypedData(config, {
    account: owner,
    domain: { name, version, chainId, verifyingContract: token },
    types: PERMIT_TYPES,
    primaryType: "Permit",
    message: { owner, spender, value, nonce, deadline },
  });
  const { r, s, v, yParity } = parseSignature(signature);
  return { r, s, v: Number(v ?? BigInt(yParity + 27)) };
}

export async function tokenBalance(config: Config, token: Address, owner: Address): Promise<bigint> {
  return readContract(config, { address: token, abi: permitAbi, functionName: "balanceOf", args: [owner] });
}
