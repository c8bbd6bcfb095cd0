"use client";
/**
 * The rated party's one reply to a review, from its public page: shown only when the connected
 * wallet is the ratee, signed like the reply on the job page (EIP-712 ReviewReply, no gas).
 */
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import type { Address } from "viem";
import { useConfig, useConnection } from "wagmi";
import { usePublicConfig } from "@/components/wallet/context";
import { describeWalletError } from "@/lib/wallet-errors";
import { signAndPostReply } from "./reply-signing";

export default function ReviewReply({ ratee, review, jobId }: { ratee: string; review: string; jobId: string }) {
  const config = useConfig();
  const publicConfig = usePublicConfig();
  const connection = useConnection();
  const router = useRouter();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const escrow = publicConfig.contracts?.escrow;

  if (!escrow || connection.address?.toLowerCase() !== ratee.toLowerCase()) return null;
  if (!open) {
    return (
      <button type="button" className="button" onClick={() => setOpen(true)}>
        Reply
      </button>
    );
  }

  const send = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const error = await signAndPostReply(config, {
        chainId: publicConfig.chainId,
        escrow,
        author: connection.address as Address,
        jobId,
        review,
        text,
      });
      if (error) setProblem(error);
      else router.refresh();
    } catch (error) {
      setProblem(describeWalletError(error, "Signing"));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      aria-label={`Reply to the review on job ${jobId}`}
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <div className="field">
        <label htmlFor={id}>Your reply (one only)</label>
        <textarea id={id} rows={3} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      <button type="submit" className="button primary" disabled={busy} aria-busy={busy}>
        Sign and publish the reply
      </button>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
    </form>
  );
}
