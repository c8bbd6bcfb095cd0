"use client";
/**
 * The arbiter's ruling: a slider in the contract's units (0..10001) with each side's amount after
 * fees, and the reasons, stored as a note that joins the job's thread for both parties.
 */
import { useState } from "react";
import type { Abi } from "viem";
import { mosaicEscrowAbi } from "@mosaic/sdk/contracts";
import { TransactionStatus } from "@/components/tx/transaction";
import { useContractCall } from "@/components/tx/use-contract-call";
import { usePublicConfig } from "@/components/wallet/context";
import { useSiweSession } from "@/components/wallet/siwe-session";
import { MAX_RULING, previewRuling } from "@/lib/arbiter/ruling";
import { formatAmount } from "@/lib/format";

export interface RulingFormProps {
  disputeId: string;
  jobId: string;
  index: number;
  amount: string;
  arbiterFeeBps: number;
  feeBps: number;
  /** The vendor raised the dispute and bonded the arbiter's fee on the amount. */
  raisedByVendor?: boolean;
  token: { symbol: string; decimals: number };
}

export default function RulingForm(props: RulingFormProps) {
  const { flow, call, docked } = useContractCall();
  const escrow = usePublicConfig().contracts?.escrow;
  const session = useSiweSession();
  const [reasons, setReasons] = useState("");
  const [ruling, setRulingValue] = useState(5_001);
  // What the exact box holds as typed: an out-of-range value is refused, never clamped (−5 must
  // not become 0, which refuses to arbitrate).
  const [exact, setExact] = useState("5001");
  const exactValid = /^\d+$/.test(exact.trim()) && Number(exact) <= MAX_RULING;
  const setRuling = (value: number) => {
    setRulingValue(value);
    setExact(String(value));
  };
  const amount = BigInt(props.amount);
  const bond = props.raisedByVendor ? (amount * BigInt(props.arbiterFeeBps)) / 10_000n : 0n;
  const preview = previewRuling(amount, ruling, props.arbiterFeeBps, props.feeBps, bond);
  const n = props.index + 1;
  const id = `ruling-${props.disputeId}`;
  const pct = (preview.vendorBps / 100).toFixed(2);
  const label = `Rule on job ${props.jobId}, milestone ${n}`;

  /** Stores the reasons (when written) as a note on the job, then sends the ruling. */
  const rule = async () => {
    if (!escrow) return;
    const text = reasons.trim();
    if (text) {
      if (session.state.status !== "signed-in" && !(await session.signIn())) {
        return flow.fail(label, "sign in to store your reasons; nothing was sent");
      }
      const response = await fetch("/api/documents", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ kind: "note", content: { text, jobId: props.jobId, index: props.index, ruling } }),
      });
      const body = (await response.json().catch(() => ({}))) as { error?: string };
      if (!response.ok) return flow.fail(label, `the reasons could not be stored: ${body.error ?? response.status}`);
    }
    await call(label, escrow, mosaicEscrowAbi as Abi, "rule", [BigInt(props.disputeId), BigInt(ruling)]);
  };
  return (
    <form
      aria-label={`Rule on job ${props.jobId}, milestone ${n}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (!exactValid) return;
        void flow.exclusive(label, rule);
      }}
    >
      <div className="field">
        <label htmlFor={id}>
          Ruling for job {props.jobId}, milestone {n}
        </label>
        <input
          id={id}
          type="range"
          min={0}
          max={MAX_RULING}
          step={1}
          value={ruling}
          aria-valuetext={
            ruling === 0 ? "0: refuse to arbitrate, even split without your fee" : `${ruling}: ${pct}% to the vendor`
          }
          onChange={(e) => setRuling(Number(e.target.value))}
        />
        <label htmlFor={`${id}-exact`} className="small">
          Exact ruling (0 refuses, 1 gives the vendor nothing, 10001 gives the vendor everything)
        </label>
        <input
          id={`${id}-exact`}
          type="number"
          min={0}
          max={MAX_RULING}
          step={1}
          value={exact}
          aria-invalid={!exactValid}
          aria-describedby={exactValid ? undefined : `${id}-exact-error`}
          onChange={(e) => {
            setExact(e.target.value);
            const v = e.target.value.trim();
            if (/^\d+$/.test(v) && Number(v) <= MAX_RULING) setRulingValue(Number(v));
          }}
        />
        {!exactValid && (
          <span id={`${id}-exact-error`} className="field-error">
            A ruling is a whole number from 0 to {MAX_RULING}; nothing is sent until it is one.
          </span>
        )}
      </div>
      <dl className="meta" aria-label={`Preview for job ${props.jobId}, milestone ${n}`} aria-live="polite">
        <div>
          <dt>Ruling</dt>
          <dd data-testid="preview-ruling">
            {ruling === 0 ? "0 (refuse: even split, no arbiter fee)" : `${ruling} (${pct}% to the vendor)`}
          </dd>
        </div>
        <div>
          <dt>Vendor receives</dt>
          <dd data-testid="preview-vendor" data-wei={preview.toVendor.toString()}>
            {formatAmount(preview.toVendor, props.token)}
          </dd>
        </div>
        <div>
          <dt>Client receives</dt>
          <dd data-testid="preview-client" data-wei={preview.toClient.toString()}>
            {formatAmount(preview.toClient, props.token)}
          </dd>
        </div>
        <div>
          <dt>Your fee</dt>
          <dd data-wei={preview.arbiterFee.toString()}>{formatAmount(preview.arbiterFee, props.token)}</dd>
        </div>
        <div>
          <dt>Platform fee</dt>
          <dd>{formatAmount(preview.platformFee, props.token)}</dd>
        </div>
      </dl>
      <div className="field">
        <label htmlFor={`${id}-reasons`}>Reasons for the ruling (shown to both parties in the job&apos;s thread)</label>
        <textarea id={`${id}-reasons`} rows={3} value={reasons} onChange={(e) => setReasons(e.target.value)} />
      </div>
      <button type="submit" className="button primary" disabled={flow.busy || !escrow || !exactValid}>
        Rule: {ruling === 0 ? "refuse to arbitrate" : `${pct}% to the vendor`}
      </button>
      {!docked && <TransactionStatus phase={flow.phase} />}
    </form>
  );
}
