"use client";
/**
 * Writes a free message in a job's thread: signed by the connected account as EIP-712 typed data
 * (no gas, no transaction), then posted; the server checks the signature, the author and the nonce.
 */
import { useRouter } from "next/navigation";
import { useState } from "react";
import { zeroAddress, type Address, type Hex } from "viem";
import { useConfig, useConnection } from "wagmi";
import { signTypedData } from "wagmi/actions";
import { MAX_MESSAGE_CHARS } from "@mosaic/sdk/documents";
import { THREAD_MESSAGE_TYPES, threadDomain } from "@mosaic/sdk/typed-data";
import { usePublicConfig } from "@/components/wallet/context";
import { useSiweSession } from "@/components/wallet/siwe-session";

function randomNonce(): Hex {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `0x${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

export interface Recipient {
  address: string;
  label: string;
}

/** `recipients`: parties a message may be addressed to alone (the client's quoting vendors). */
export default function Composer({ jobId, recipients = [] }: { jobId: string; recipients?: Recipient[] }) {
  const config = useConfig();
  const { chainId } = usePublicConfig();
  const connection = useConnection();
  const session = useSiweSession();
  const router = useRouter();
  const [text, setText] = useState("");
  const [to, setTo] = useState("");
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null);

  if (!connection.address) return <p className="muted">Connect your wallet to write in this thread.</p>;
  const author = connection.address as Address;

  const send = async () => {
    const body = text.trim();
    if (!body) return setStatus({ error: true, text: "Write a message first." });
    setBusy(true);
    setStatus(null);
    try {
      if (session.state.status !== "signed-in" && !(await session.signIn())) {
        return setStatus({ error: true, text: "Sign in to post: nothing was sent." });
      }
      const createdAt = Math.floor(Date.now() / 1000);
      const nonce = randomNonce();
      const recipient = (to || zeroAddress) as Address;
      let signature: Hex;
      try {
        signature = await signTypedData(config, {
          account: author,
          domain: threadDomain(chainId),
          types: THREAD_MESSAGE_TYPES,
          primaryType: "ThreadMessage",
          message: { jobId: BigInt(jobId), author, to: recipient, text: body, createdAt: BigInt(createdAt), nonce },
        });
      } catch {
        return setStatus({ error: true, text: "The signature was refused: nothing was sent." });
      }
      const response = await fetch(`/api/jobs/${jobId}/thread`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          chainId,
          jobId,
          author,
          ...(to ? { to } : {}),
          text: body,
          createdAt,
          nonce,
          signature,
        }),
      });
      const answer = (await response.json().catch(() => ({}))) as { error?: string };
      if (!response.ok) {
        return setStatus({ error: true, text: `Not posted: ${answer.error ?? `HTTP ${response.status}`}` });
      }
      setText("");
      setStatus({ error: false, text: "Message signed and posted." });
      router.refresh();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      aria-label="Write in the thread"
      onSubmit={(e) => {
        e.preventDefault();
        if (!busy) void send();
      }}
    >
      {recipients.length > 0 && (
        <div className="field">
          <label htmlFor={`thread-to-${jobId}`}>To</label>
          <select id={`thread-to-${jobId}`} value={to} onChange={(e) => setTo(e.target.value)}>
            <option value="">Everyone in the thread</option>
            {recipients.map((r) => (
              <option key={r.address} value={r.address}>
                {r.label} only
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor={`thread-message-${jobId}`}>Message (markdown)</label>
        <textarea
          id={`thread-message-${jobId}`}
          rows={3}
          maxLength={MAX_MESSAGE_CHARS}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy} aria-busy={busy}>
          Sign and send
        </button>
      </div>
      {status && (
        <p role={status.error ? "alert" : "status"} className={status.error ? "error" : "muted"}>
          {status.text}
        </p>
      )}
    </form>
  );
}
