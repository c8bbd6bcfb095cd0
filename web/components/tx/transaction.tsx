"use client";
/**
 * The one transaction flow every action uses: wallet prompt → pending (hash) → confirmed →
 * waiting for the index to reach the receipt's block → done, then the page refreshes.
 * A rejection changes nothing; a revert is explained with the contract's NatSpec; a transaction
 * that succeeded is never reported as failed because the index is slow.
 */
import { useRouter } from "next/navigation";
import { useCallback, useRef, useState } from "react";
import {
  BaseError,
  ContractFunctionRevertedError,
  decodeErrorResult,
  toFunctionSelector,
  type Abi,
  type Hash,
  type Hex,
  type TransactionReceipt,
} from "viem";
import { useConfig, useConnection } from "wagmi";
import { waitForTransactionReceipt } from "wagmi/actions";
import { usePublicConfig } from "@/components/wallet/context";
import { explorerTxUrl } from "@/lib/explorer";
import { recordTransaction } from "@/lib/tx-history";
import { isUserRejection } from "@/lib/wallet-errors";

export type TxPhase =
  | { kind: "idle" }
  | { kind: "preparing"; label: string; step: string }
  | { kind: "prompt"; label: string }
  | { kind: "pending"; label: string; hash: Hash }
  | { kind: "indexing"; label: string; hash: Hash; block: bigint }
  | { kind: "done"; label: string; hash: Hash | null; slowIndex?: boolean }
  | { kind: "rejected"; label: string }
  | { kind: "reverted"; label: string; reason: string }
  | { kind: "failed"; label: string; reason: string }
  | { kind: "info"; label: string; text: string };

const INDEX_WAIT_MS = 90_000;

let notices: Promise<Record<string, string>> | undefined;
function errorNotices(): Promise<Record<string, string>> {
  notices ??= fetch("/api/contract-errors")
    .then((r) => r.json() as Promise<Record<string, string>>)
    .catch(() => ({}));
  return notices;
}

let errorAbi: Promise<Abi> | undefined;
function allErrors(): Promise<Abi> {
  errorAbi ??= fetch("/api/contract-errors/abi")
    .then((r) => r.json() as Promise<Abi>)
    .catch(() => []);
  return errorAbi;
}

function humanize(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
}

/** Errors that come from a contract a payment reached, not from Mosaic's own. */
const FOREIGN_NOTICES: Record<string, string> = {
  NotAccepting: "the receiving address refuses payments",
  FailedCall: "the receiving address refused the payment",
  AddressEmptyCode: "the address has no contract code",
};

/** An argument as people read it: a bytes32 holding short text (a skill tag) as that text. */
function shownArg(value: unknown): string {
  const text = String(value);
  const match = /^0x((?:[2-7][0-9a-f])+?)(?:00)+$/i.exec(text);
  if (text.length !== 66 || !match) return text;
  return `"${match[1].replace(/../g, (byte) => String.fromCharCode(Number.parseInt(byte, 16)))}"`;
}

async function explainError(name: string, args: readonly unknown[] | undefined): Promise<string> {
  const notice = (await errorNotices())[name] ?? FOREIGN_NOTICES[name];
  const shown = (args ?? []).map(shownArg).join(", ");
  return `${notice ?? humanize(name)} (${name}${shown ? `: ${shown}` : ""})`;
}

/** The revert data (or its 4-byte selector) anywhere in a viem error chain. */
function revertData(error: BaseError): Hex | undefined {
  let found: Hex | undefined;
  error.walk((e) => {
    const candidate = e as { raw?: unknown; signature?: unknown; data?: unknown };
    for (const value of [candidate.raw, candidate.data, candidate.signature]) {
      if (typeof value === "string" && /^0x[0-9a-fA-F]{8}/.test(value)) {
        found ??= value as Hex;
      }
    }
    return false;
  });
  return found;
}

/**
 * A contract revert in plain words: the error's NatSpec notice, its name and arguments. Errors
 * the called contract's ABI does not know (from a token, a receiving contract, a library) are
 * decoded against every error the repository's contracts define: never a raw selector.
 */
export async function explainRevert(error: unknown): Promise<string | null> {
  if (!(error instanceof BaseError)) return null;
  const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (revert instanceof ContractFunctionRevertedError && revert.data?.errorName) {
    const name = revert.data.errorName;
    if (name === "Error" || name === "Panic") return revert.reason ?? revert.shortMessage;
    return explainError(name, revert.data.args);
  }
  const data = revertData(error);
  if (data) {
    const abi = await allErrors();
    try {
      const decoded = decodeErrorResult({ abi, data });
      return explainError(decoded.errorName, decoded.args);
    } catch {
      const selector = data.slice(0, 10).toLowerCase();
      const item = (abi as readonly { type: string; name?: string }[]).find(
        (i) => i.type === "error" && toFunctionSelector(i as never).toLowerCase() === selector,
      );
      if (item) return explainError(item.name ?? "", undefined);
      return "the contract refused the call with an error this app does not know";
    }
  }
  if (revert instanceof ContractFunctionRevertedError) return revert.reason ?? revert.shortMessage;
  return null;
}

/** Any failure in plain words: a decoded revert, or the wallet's or node's short message. */
export async function describeError(error: unknown): Promise<string> {
  const reason = await explainRevert(error);
  if (reason) return reason;
  return (error as BaseError).shortMessage ?? (error as Error).message ?? String(error);
}

async function waitForIndex(block: bigint): Promise<boolean> {
  const until = Date.now() + INDEX_WAIT_MS;
  while (Date.now() < until) {
    try {
      const { block: indexed } = (await (await fetch("/api/index-status", { cache: "no-store" })).json()) as {
        block: number | null;
      };
      if (indexed !== null && BigInt(indexed) >= block) return true;
    } catch {
      // keep waiting
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  return false;
}

export function useTransactionFlow() {
  const config = useConfig();
  const publicConfig = usePublicConfig();
  const connection = useConnection();
  const router = useRouter();
  const [phase, setPhase] = useState<TxPhase>({ kind: "idle" });
  // Set synchronously on the first click, before any await: a second click (or a double-click)
  // finds the flow taken and does nothing, whatever React has rendered by then.
  const action = useRef(false);
  const sending = useRef(false);

  const busy =
    phase.kind === "preparing" || phase.kind === "prompt" || phase.kind === "pending" || phase.kind === "indexing";

  /**
   * Runs a whole action (sign-in, uploads, signatures, then `run`) once: from the first click the
   * flow is busy, and a second call while it runs is ignored (returns undefined).
   */
  const exclusive = useCallback(async <T,>(label: string, body: () => Promise<T>): Promise<T | undefined> => {
    if (action.current || sending.current) return undefined;
    action.current = true;
    setPhase({ kind: "preparing", label, step: "Preparing…" });
    try {
      return await body();
    } finally {
      action.current = false;
      setPhase((p) => (p.kind === "preparing" ? { kind: "idle" } : p));
    }
  }, []);

  /** Says what an exclusive action is doing before the wallet is asked (signing in, storing a document). */
  const step = useCallback((label: string, text: string) => setPhase({ kind: "preparing", label, step: text }), []);

  /**
   * Runs `send` (which prompts the wallet and returns the hash); resolves true once done.
   * `onReceipt` sees the successful receipt before the index wait (e.g. to read a new job's id).
   */
  const run = useCallback(
    async (
      label: string,
      send: () => Promise<Hash>,
      options: {
        onReceipt?: (receipt: TransactionReceipt) => void;
        refresh?: boolean;
        /** False when the next page reads the chain itself while the index catches up (a new job). */
        waitForIndex?: boolean;
      } = {},
    ): Promise<boolean> => {
      if (sending.current) return false;
      if (connection.chainId !== publicConfig.chainId) {
        setPhase({
          kind: "failed",
          label,
          reason: `switch your wallet to ${publicConfig.chainName} first; nothing was sent`,
        });
        return false;
      }
      sending.current = true;
      try {
        setPhase({ kind: "prompt", label });
        let hash: Hash;
        try {
          hash = await send();
        } catch (error) {
          if (isUserRejection(error)) setPhase({ kind: "rejected", label });
          else {
            const reason = await explainRevert(error);
            if (reason) setPhase({ kind: "reverted", label, reason });
            else setPhase({ kind: "failed", label, reason: await describeError(error) });
          }
          return false;
        }
        setPhase({ kind: "pending", label, hash });
        const receipt = await waitForTransactionReceipt(config, { hash });
        if (connection.address) {
          recordTransaction(publicConfig.chainId, connection.address, {
            hash,
            label,
            at: Date.now(),
            ok: receipt.status === "success",
          });
        }
        if (receipt.status === "reverted") {
          setPhase({ kind: "reverted", label, reason: "the transaction reverted on chain" });
          return false;
        }
        options.onReceipt?.(receipt);
        if (options.waitForIndex === false) {
          setPhase({ kind: "done", label, hash });
          return true;
        }
        setPhase({ kind: "indexing", label, hash, block: receipt.blockNumber });
        const indexed = await waitForIndex(receipt.blockNumber);
        setPhase({ kind: "done", label, hash, slowIndex: !indexed });
        if (options.refresh !== false) router.refresh();
        return true;
      } finally {
        sending.current = false;
      }
    },
    [config, connection.address, connection.chainId, publicConfig, router],
  );

  /** For steps that only sign (no transaction): same prompt and rejection handling. */
  const sign = useCallback(async <T,>(label: string, signer: () => Promise<T>): Promise<T | null> => {
    setPhase({ kind: "prompt", label });
    try {
      const value = await signer();
      // Inside an exclusive action the flow stays busy until the action ends.
      setPhase(action.current ? { kind: "preparing", label, step: "Preparing…" } : { kind: "idle" });
      return value;
    } catch (error) {
      if (isUserRejection(error)) setPhase({ kind: "rejected", label });
      else setPhase({ kind: "failed", label, reason: await describeError(error) });
      return null;
    }
  }, []);

  const fail = useCallback((label: string, reason: string) => setPhase({ kind: "failed", label, reason }), []);
  const info = useCallback((label: string, text: string) => setPhase({ kind: "info", label, text }), []);

  return { phase, busy, run, sign, fail, info, exclusive, step, reset: () => setPhase({ kind: "idle" }) };
}

/** The transaction's hash, linked to the chain's explorer when it has one. */
function TxHash({ hash }: { hash: Hash }) {
  const { chainId } = usePublicConfig();
  const url = explorerTxUrl(chainId, hash);
  return (
    <>
      {" "}
      Transaction{" "}
      {url ? (
        <a className="mono wrap" href={url} target="_blank" rel="noreferrer">
          {hash}
        </a>
      ) : (
        <span className="mono wrap">{hash}</span>
      )}
      .
    </>
  );
}

export function TransactionStatus({ phase }: { phase: TxPhase }) {
  const isError = phase.kind === "reverted" || phase.kind === "failed";
  return (
    <div
      role="status"
      aria-label="Transaction status"
      aria-live="polite"
      className={phase.kind === "idle" ? "" : `tx-status${isError ? " error" : ""}`}
    >
      {phase.kind === "preparing" && (
        <p>
          {phase.label}: {phase.step}
        </p>
      )}
      {phase.kind === "prompt" && <p>{phase.label}: Confirm in your wallet…</p>}
      {phase.kind === "pending" && (
        <p>
          {phase.label}: Pending: transaction <span className="mono">{phase.hash}</span>
        </p>
      )}
      {phase.kind === "indexing" && (
        <p>
          {phase.label}: Confirmed in block {phase.block.toString()}. Waiting for the index to reach block{" "}
          {phase.block.toString()}…
        </p>
      )}
      {phase.kind === "done" && (
        <p>
          {phase.label}: Done.
          {phase.hash && <TxHash hash={phase.hash} />}
          {phase.slowIndex &&
            " The transaction is confirmed; the index is behind, so this page may show it a little later."}
        </p>
      )}
      {phase.kind === "rejected" && <p>{phase.label}: Rejected in your wallet. Nothing was sent.</p>}
      {phase.kind === "reverted" && (
        <p>
          {phase.label}: Reverted: {phase.reason}
        </p>
      )}
      {phase.kind === "info" && (
        <p>
          {phase.label}: {phase.text}
        </p>
      )}
      {phase.kind === "failed" && (
        <p>
          {phase.label}: Failed: {phase.reason}
        </p>
      )}
    </div>
  );
}
