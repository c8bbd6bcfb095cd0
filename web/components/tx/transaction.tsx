"use client";
/**
 * The one transaction flow every action uses: wallet prompt → pending (hash) → confirmed →
 * waiting for the index to reach the receipt's block → done, then the page refreshes.
 * A rejection changes nothing; a revert is explained with the contract's NatSpec; a transaction
 * that succeeded is never reported as failed because the index is slow.
 */
import { useRouter } from "next/navigation";
import { useCallback, useState } from "react";
import { BaseError, ContractFunctionRevertedError, type Hash, type TransactionReceipt } from "viem";
import { useConfig, useConnection } from "wagmi";
import { waitForTransactionReceipt } from "wagmi/actions";
import { usePublicConfig } from "@/components/wallet/lazy-wallet";
import { isUserRejection } from "@/lib/wallet-errors";

export type TxPhase =
  | { kind: "idle" }
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

function humanize(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
}

/** A contract revert in plain words: the error's NatSpec notice, its name and arguments. */
export async function explainRevert(error: unknown): Promise<string | null> {
  if (!(error instanceof BaseError)) return null;
  const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (!(revert instanceof ContractFunctionRevertedError)) return null;
  const name = revert.data?.errorName;
  if (!name) return revert.reason ?? revert.shortMessage;
  const notice = (await errorNotices())[name];
  const args = (revert.data?.args ?? []).map((a) => String(a)).join(", ");
  return `${notice ?? humanize(name)} (${name}${args ? `: ${args}` : ""})`;
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

  const busy = phase.kind === "prompt" || phase.kind === "pending" || phase.kind === "indexing";

  /**
   * Runs `send` (which prompts the wallet and returns the hash); resolves true once done.
   * `onReceipt` sees the successful receipt before the index wait (e.g. to read a new job's id).
   */
  const run = useCallback(
    async (
      label: string,
      send: () => Promise<Hash>,
      options: { onReceipt?: (receipt: TransactionReceipt) => void; refresh?: boolean } = {},
    ): Promise<boolean> => {
      if (connection.chainId !== publicConfig.chainId) {
        setPhase({
          kind: "failed",
          label,
          reason: `switch your wallet to ${publicConfig.chainName} first; nothing was sent`,
        });
        return false;
      }
      setPhase({ kind: "prompt", label });
      let hash: Hash;
      try {
        hash = await send();
      } catch (error) {
        if (isUserRejection(error)) setPhase({ kind: "rejected", label });
        else {
          const reason = await explainRevert(error);
          if (reason) setPhase({ kind: "reverted", label, reason });
          else setPhase({ kind: "failed", label, reason: (error as BaseError).shortMessage ?? String(error) });
        }
        return false;
      }
      setPhase({ kind: "pending", label, hash });
      const receipt = await waitForTransactionReceipt(config, { hash });
      if (receipt.status === "reverted") {
        setPhase({ kind: "reverted", label, reason: "the transaction reverted on chain" });
        return false;
      }
      options.onReceipt?.(receipt);
      setPhase({ kind: "indexing", label, hash, block: receipt.blockNumber });
      const indexed = await waitForIndex(receipt.blockNumber);
      setPhase({ kind: "done", label, hash, slowIndex: !indexed });
      if (options.refresh !== false) router.refresh();
      return true;
    },
    [config, connection.chainId, publicConfig, router],
  );

  /** For steps that only sign (no transaction): same prompt and rejection handling. */
  const sign = useCallback(async <T,>(label: string, signer: () => Promise<T>): Promise<T | null> => {
    setPhase({ kind: "prompt", label });
    try {
      const value = await signer();
      setPhase({ kind: "idle" });
      return value;
    } catch (error) {
      if (isUserRejection(error)) setPhase({ kind: "rejected", label });
      else setPhase({ kind: "failed", label, reason: (error as BaseError).shortMessage ?? String(error) });
      return null;
    }
  }, []);

  const fail = useCallback((label: string, reason: string) => setPhase({ kind: "failed", label, reason }), []);
  const info = useCallback((label: string, text: string) => setPhase({ kind: "info", label, text }), []);

  return { phase, busy, run, sign, fail, info, reset: () => setPhase({ kind: "idle" }) };
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
