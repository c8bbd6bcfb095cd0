"use client";
/** The owner's controls (announce the fee, allow tokens, default arbiter, treasury, pause) and fee collection, which anyone may call. */
import { useState, type FormEvent, type ReactNode } from "react";
import { isAddress, parseUnits, type Abi } from "viem";
import { mosaicEscrowAbi } from "@mosaic/sdk/contracts";
import { TransactionStatus } from "@/components/tx/transaction";
import { ConfirmPanel, useConfirmation } from "@/components/tx/confirm";
import { useContractCall } from "@/components/tx/use-contract-call";
import { usePublicConfig } from "@/components/wallet/context";
import { formatAmount } from "@/lib/format";

export interface OperatorActionsProps {
  owner: string;
  pendingOwner: string;
  paused: boolean;
  maxFeeBps: number;
  maxArbiterFeeBps: number;
  tokens: { token: { address: string; symbol: string; decimals: number }; allowed: boolean; feesAccrued: string }[];
}

const abi = mosaicEscrowAbi as Abi;

function Form({
  label,
  onSubmit,
  children,
  disabled,
}: {
  label: string;
  onSubmit: () => void;
  children: ReactNode;
  disabled: boolean;
}) {
  return (
    <form
      className="card"
      aria-label={label}
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <h3>{label}</h3>
      {children}
      <button type="submit" className="button primary" disabled={disabled}>
        {label}
      </button>
    </form>
  );
}

export default function OperatorActions(props: OperatorActionsProps) {
  const { flow, call, connection, docked } = useContractCall();
  const confirmation = useConfirmation();
  const escrow = usePublicConfig().contracts?.escrow;
  const [fee, setFee] = useState("");
  const [token, setToken] = useState("");
  const [allowed, setAllowed] = useState(true);
  const [unit, setUnit] = useState("1");
  const [threshold, setThreshold] = useState("100");
  const [unitDecimals, setUnitDecimals] = useState("18");
  const [arbiter, setArbiter] = useState("");
  const [arbiterFee, setArbiterFee] = useState("");
  const [treasury, setTreasury] = useState("");
  const me = connection.address?.toLowerCase();
  const isOwner = !!me && me === props.owner.toLowerCase();
  const isPendingOwner = !!me && me === props.pendingOwner.toLowerCase();
  if (!escrow) return null;
  const send = (label: string, fn: string, args: readonly unknown[]) => void call(label, escrow, abi, fn, args);
  const bps = (text: string) => Math.round(Number(text) * 100);

  return (
    <section aria-labelledby="actions-title">
      <h2 id="actions-title">Actions</h2>
      <div className="grid">
        <div className="card">
          <h3>Collect fees to the treasury</h3>
          <p className="muted small">
            Anyone may send accrued fees to the treasury; nobody can send them anywhere else.
          </p>
          <div className="actions">
            {props.tokens
              .filter((t) => BigInt(t.feesAccrued) > 0n)
              .map((t) => (
                <button
                  key={t.token.address}
                  type="button"
                  className="button"
                  disabled={flow.busy}
                  onClick={() =>
                    send(`Collect ${formatAmount(t.feesAccrued, t.token)}`, "collectFees", [t.token.address])
                  }
                >
                  Collect {formatAmount(t.feesAccrued, t.token)}
                </button>
              ))}
          </div>
        </div>
        {isPendingOwner && (
          <div className="card">
            <h3>Ownership</h3>
            <button
              type="button"
              className="button primary"
              disabled={flow.busy}
              onClick={() => send("Accept ownership", "acceptOwnership", [])}
            >
              Accept ownership
            </button>
          </div>
        )}
        {!isOwner ? (
          <p>
            {connection.isConnected
              ? "The connected account is not the owner: the settings above are read-only for you."
              : "Connect the owner's wallet to change settings."}
          </p>
        ) : (
          <>
            <div className="card">
              <h3>Emergency pause</h3>
              <p className="muted small">
                A pause stops new jobs, funding and hiring only; releases, refunds, disputes, rulings and withdrawals
                keep working.
              </p>
              {props.paused ? (
                <button
                  type="button"
                  className="button primary"
                  disabled={flow.busy}
                  onClick={() => send("Unpause", "unpause", [])}
                >
                  Unpause new business
                </button>
              ) : (
                <button
                  type="button"
                  className="button danger"
                  disabled={flow.busy}
                  onClick={() =>
                    confirmation.ask({
                      label: "Pause new business",
                      question:
                        "Pausing stops every client and vendor from posting, funding, hiring and claiming until you unpause. Work already escrowed goes on.",
                      run: () => send("Pause", "pause", []),
                    })
                  }
                >
                  Pause new business
                </button>
              )}
              <ConfirmPanel pending={confirmation.pending} onDone={confirmation.clear} disabled={flow.busy} />
            </div>
            <Form
              label="Announce a new platform fee"
              disabled={flow.busy || fee === ""}
              onSubmit={() => send("Announce a new platform fee", "announceFee", [bps(fee)])}
            >
              <div className="field">
                <label htmlFor="op-fee">New fee (%)</label>
                <input
                  id="op-fee"
                  type="number"
                  min="0"
                  max={props.maxFeeBps / 100}
                  step="0.01"
                  value={fee}
                  onChange={(e) => setFee(e.target.value)}
                />
                <span className="hint">
                  At most {props.maxFeeBps / 100}%; applies only to jobs posted after the delay.
                </span>
              </div>
            </Form>
            <Form
              label="Configure a token"
              disabled={flow.busy || !isAddress(token)}
              onSubmit={() =>
                send("Configure a token", "configureToken", [
                  token,
                  allowed,
                  parseUnits(unit || "0", Number(unitDecimals) || 0),
                ])
              }
            >
              <div className="row">
                <div className="field">
                  <label htmlFor="op-token">Token address</label>
                  <input id="op-token" value={token} onChange={(e) => setToken(e.target.value.trim())} />
                </div>
                <div className="field">
                  <label htmlFor="op-unit">Weight unit (tokens worth about one US dollar)</label>
                  <input
                    id="op-unit"
                    type="number"
                    min="0"
                    step="any"
                    value={unit}
                    onChange={(e) => setUnit(e.target.value)}
                  />
                </div>
                <div className="field">
                  <label htmlFor="op-threshold">Paid-job threshold (tokens a job must pay to count)</label>
                  <input
                    id="op-threshold"
                    type="number"
                    min="0"
                    step="any"
                    value={threshold}
                    onChange={(e) => setThreshold(e.target.value)}
                  />
                </div>
                <div className="field">
                  <label htmlFor="op-decimals">Token decimals</label>
                  <input
                    id="op-decimals"
                    type="number"
                    min="0"
                    max="36"
                    value={unitDecimals}
                    onChange={(e) => setUnitDecimals(e.target.value)}
                  />
                </div>
              </div>
              <div className="field">
                <label>
                  <input type="checkbox" checked={allowed} onChange={(e) => setAllowed(e.target.checked)} /> Allowed for
                  new jobs
                </label>
              </div>
            </Form>
            <Form
              label="Set the default arbiter"
              disabled={flow.busy || !isAddress(arbiter) || arbiterFee === ""}
              onSubmit={() => send("Set the default arbiter", "setDefaultArbiter", [arbiter, bps(arbiterFee)])}
            >
              <div className="row">
                <div className="field">
                  <label htmlFor="op-arbiter">Arbiter address</label>
                  <input id="op-arbiter" value={arbiter} onChange={(e) => setArbiter(e.target.value.trim())} />
                </div>
                <div className="field">
                  <label htmlFor="op-arbiter-fee">Arbiter fee (%)</label>
                  <input
                    id="op-arbiter-fee"
                    type="number"
                    min="0"
                    max={props.maxArbiterFeeBps / 100}
                    step="0.01"
                    value={arbiterFee}
                    onChange={(e) => setArbiterFee(e.target.value)}
                  />
                </div>
              </div>
            </Form>
            <Form
              label="Set the treasury"
              disabled={flow.busy || !isAddress(treasury)}
              onSubmit={() => send("Set the treasury", "setTreasury", [treasury])}
            >
              <div className="field">
                <label htmlFor="op-treasury">Treasury address</label>
                <input id="op-treasury" value={treasury} onChange={(e) => setTreasury(e.target.value.trim())} />
              </div>
            </Form>
          </>
        )}
      </div>
      {!docked && <TransactionStatus phase={flow.phase} />}
    </section>
  );
}
