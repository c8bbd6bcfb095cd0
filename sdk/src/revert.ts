/**
 * Reverts in plain words without the contracts' tables: for pages that must stay small. They fetch
 * the notices (the dApp serves them at `/api/contract-errors`) and pass them in; the revert must
 * already be decoded by viem (a write or a simulation with the ABI). `@mosaic/sdk/errors` adds
 * decoding of raw revert data with every ABI, and the generated notices as the default.
 */
import { BaseError, ContractFunctionRevertedError } from "viem";

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

/** The custom error viem decoded in `error` (a write's or a simulation's), with its notice from `notices`. */
export function decodedRevert(error: unknown, notices: Readonly<Record<string, string>>): DecodedError | null {
  if (!(error instanceof BaseError)) return null;
  const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (!(revert instanceof ContractFunctionRevertedError) || !revert.data?.errorName) return null;
  const name = revert.data.errorName;
  return { name, args: revert.data.args ?? [], notice: notices[name] };
}

/**
 * A revert decoded by viem in plain words: "<notice> (<ErrorName>: <args>)", the revert's reason
 * when it has no custom error, or null when `error` is no revert (a rejection, a network failure).
 */
export function describeRevert(error: unknown, notices: Readonly<Record<string, string>>): string | null {
  const decoded = decodedRevert(error, notices);
  if (decoded) return describeError(decoded);
  if (!(error instanceof BaseError)) return null;
  const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
  return revert instanceof ContractFunctionRevertedError ? (revert.reason ?? revert.shortMessage) : null;
}
