/**
 * Contract reverts in plain words. Each custom error of Mosaic's contracts carries a `@notice`
 * NatSpec sentence; the generated contracts module holds them (`errorNotices`), so a revert reads
 * as its authors explained it: "Only the job's client can do this. (EscrowNotClient: 3)".
 */
import { decodeErrorResult, type Abi, type Hex } from "viem";
import {
  errorNotices,
  hourBankAbi,
  mockUsdAbi,
  mosaicEscrowAbi,
  projectRegistryAbi,
  vendorRegistryAbi,
} from "./generated/contracts.ts";
import { decodedRevert, describeError, describeRevert, type DecodedError } from "./revert.ts";

export { parseErrorNotices } from "./natspec.ts";

/** `{ ErrorName: "notice" }` for every custom error of the contracts' interfaces. */
export function contractErrorNotices(): Readonly<Record<string, string>> {
  return errorNotices;
}

export { describeError, describeRevert, humanizeErrorName, type DecodedError } from "./revert.ts";

/** Every contract's ABI, built on first use (module scope stays free of work, for tree-shaking). */
let allAbis: Abi | undefined;
const abis = (): Abi =>
  (allAbis ??= [...mosaicEscrowAbi, ...vendorRegistryAbi, ...hourBankAbi, ...projectRegistryAbi, ...mockUsdAbi] as Abi);

/** Finds revert data (0x + selector...) anywhere in an error thrown by viem, ethers or a raw JSON-RPC reply. */
export function findRevertData(error: unknown): Hex | undefined {
  const seen = new Set<unknown>();
  const visit = (value: unknown): Hex | undefined => {
    if (!value || typeof value !== "object" || seen.has(value)) return undefined;
    seen.add(value);
    const record = value as Record<string, unknown>;
    if (typeof record.data === "string" && /^0x[0-9a-fA-F]{8}/.test(record.data)) return record.data as Hex;
    for (const key of ["data", "error", "info", "cause"]) {
      const found = visit(record[key]);
      if (found) return found;
    }
    return undefined;
  };
  return visit(error);
}

/**
 * Decodes a revert of a Mosaic contract: from revert data (0x...), or from any thrown error that
 * carries it (viem's ContractFunctionRevertedError, ethers' CALL_EXCEPTION, a JSON-RPC error).
 * Null when there is no custom error of Mosaic's contracts in it.
 */
export function decodeContractError(
  errorOrData: unknown,
  notices: Readonly<Record<string, string>> = errorNotices,
): DecodedError | null {
  const viemDecoded = decodedRevert(errorOrData, notices);
  if (viemDecoded) return viemDecoded;
  const data = typeof errorOrData === "string" ? (errorOrData as Hex) : findRevertData(errorOrData);
  if (!data) return null;
  try {
    const decoded = decodeErrorResult({ abi: abis(), data });
    return { name: decoded.errorName, args: decoded.args ?? [], notice: notices[decoded.errorName] };
  } catch {
    return null;
  }
}

/**
 * A revert in plain words ("<notice> (<ErrorName>: <args>)"), from a viem, ethers or raw JSON-RPC
 * error; null when `error` is not a revert (a rejected request, a network failure). `notices`
 * defaults to the generated table; pages use `describeRevert` from `@mosaic/sdk/revert` with the
 * table they fetched, so they do not ship it.
 */
export function explainRevert(error: unknown, notices: Readonly<Record<string, string>> = errorNotices): string | null {
  const decoded = decodeContractError(error, notices);
  return decoded ? describeError(decoded) : describeRevert(error, notices);
}

/** Thrown by the SDK's writes when the contract would revert: the decoded error and its words. */
export class MosaicContractError extends Error {
  readonly error: DecodedError;
  constructor(action: string, error: DecodedError, options?: { cause?: unknown }) {
    super(`${action}: ${describeError(error)}`, options);
    this.name = "MosaicContractError";
    this.error = error;
  }
}
