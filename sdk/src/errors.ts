/**
 * Contract reverts in plain words. Each custom error of Mosaic's contracts carries a `@notice`
 * NatSpec sentence; the generated contracts module holds them (`errorNotices`), so a revert reads
 * as its authors explained it: "Only the job's client can do this. (EscrowNotClient: 3)".
 */
import { BaseError, ContractFunctionRevertedError, decodeErrorResult, type Abi, type Hex } from "viem";
import { errorNotices, mockUsdAbi, mosaicEscrowAbi, vendorRegistryAbi } from "./generated/contracts.ts";

export { parseErrorNotices } from "./natspec.ts";

/** `{ ErrorName: "notice" }` for every custom error of the contracts' interfaces. */
export function contractErrorNotices(): Readonly<Record<string, string>> {
  return errorNotices;
}

/** A decoded custom error of a Mosaic contract. */
export interface DecodedError {
  name: string;
  args: readonly unknown[];
  /** The error's NatSpec notice, when it has one. */
  notice?: string;
}

/** "EscrowNotClient" -> "escrow not client": the words of an error without a notice. */
export function humanizeErrorName(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
}

/** The sentence shown for a decoded error: its notice (or its name in words), then name and arguments. */
export function describeError(error: DecodedError): string {
  const args = error.args.map((a) => String(a)).join(", ");
  return `${error.notice ?? humanizeErrorName(error.name)} (${error.name}${args ? `: ${args}` : ""})`;
}

/** Every contract's ABI, built on first use (module scope stays free of work, for tree-shaking). */
let allAbis: Abi | undefined;
const abis = (): Abi => (allAbis ??= [...mosaicEscrowAbi, ...vendorRegistryAbi, ...mockUsdAbi] as Abi);

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
  if (errorOrData instanceof BaseError) {
    const revert = errorOrData.walk((e) => e instanceof ContractFunctionRevertedError);
    if (revert instanceof ContractFunctionRevertedError && revert.data?.errorName) {
      const name = revert.data.errorName;
      return { name, args: revert.data.args ?? [], notice: notices[name] };
    }
  }
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
 * A revert in plain words, or null when `error` is not a revert (a rejected request, a network
 * failure). `notices` defaults to the generated table; the dApp passes the table it fetched from
 * `/api/contract-errors` so its pages do not ship it.
 */
export function explainRevert(error: unknown, notices?: Readonly<Record<string, string>>): string | null {
  if (error instanceof BaseError) {
    const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (!(revert instanceof ContractFunctionRevertedError)) return null;
    const name = revert.data?.errorName;
    if (!name) return revert.reason ?? revert.shortMessage;
    return describeError({ name, args: revert.data?.args ?? [], notice: (notices ?? errorNotices)[name] });
  }
  const decoded = decodeContractError(error, notices);
  return decoded ? describeError(decoded) : null;
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
