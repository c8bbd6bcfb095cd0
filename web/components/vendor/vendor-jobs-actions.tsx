"use client";
/**
 * A vendor's actions on /vendor/jobs: claim an open job, sign a quote for an invite job (no gas),
 * revoke every quote, submit a milestone with a deliverable document, release a payment once the
 * client's review window is over, and rate the client. Disputes, evidence and settlements live on
 * the job page's action panel, shared with the client.
 */
import Link from "next/link";
import { useState } from "react";
import { useConnection } from "wagmi";
import { signTypedData } from "wagmi/actions";
import { mosaicEscrowAbi } from "@mosaic/sdk/contracts";
import { QUOTE_TYPES, escrowDomain } from "@mosaic/sdk/typed-data";
import { TransactionStatus } from "@/components/tx/transaction";
import { usePublicConfig } from "@/components/wallet/context";
import { useSiweSession } from "@/components/wallet/siwe-session";
import { formatAmount } from "@/lib/format";
import type { Abi } from "viem";
import { useContractCall } from "@/components/tx/use-contract-call";
import { useAttachmentPicker } from "@/components/deliverable/attachment-picker";

const abi = mosaicEscrowAbi as Abi;

function useEscrow() {
  const publicConfig = usePublicConfig();
  const tools = useContractCall();
  const escrow = publicConfig.contracts?.escrow;
  const send = (label: string, functionName: string, args: readonly unknown[]) =>
    escrow
      ? tools.call(label, escrow, abi, functionName, args)
      : Promise.resolve(tools.flow.fail(label, "Mosaic is not deployed on this chain"));
  return { ...tools, escrow, publicConfig, send };
}

/** Stores a document through the API, signing in first when needed; returns its CID or null (the reason is shown). */
function useDocumentWriter(fail: (label: string, reason: string) => void) {
  const session = useSiweSession();
  return async (label: string, kind: string, content: Record<string, unknown>): Promise<string | null> => {
    if (session.state.status !== "signed-in" && !(await session.signIn())) {
      fail(label, "sign in with Ethereum to store the document; nothing was sent");
      return null;
    }
    const response = await fetch("/api/documents", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind, content }),
    });
    const body = (await response.json().catch(() => ({}))) as { cid?: string; error?: string };
    if (!response.ok || !body.cid) {
      fail(label, `the document could not be stored: ${body.error ?? `HTTP ${response.status}`}`);
      return null;
    }
    return body.cid;
  };
}

export function ClaimButton({
  jobId,
  requiredSkills,
  disabled,
}: {
  jobId: string;
  requiredSkills: string[];
  disabled: boolean;
}) {
  const { flow, send, docked } = useEscrow();
  return (
    <>
      <button
        type="button"
        className="button primary"
        disabled={disabled || flow.busy}
        onClick={() => void send(`Claim job ${jobId}`, "claim", [BigInt(jobId), requiredSkills])}
      >
        Claim job {jobId}
      </button>
      {!docked && <TransactionStatus phase={flow.phase} />}
    </>
  );
}

export function QuoteForm(props: {
  jobId: string;
  price: string;
  token: { symbol: string; decimals: number };
  nonce: string;
  chainNow: number;
}) {
  const { flow, escrow, publicConfig, config, docked } = useEscrow();
  const connection = useConnection();
  const write = useDocumentWriter(flow.fail);
  const [days, setDays] = useState("7");
  const [message, setMessage] = useState("");
  const [sent, setSent] = useState<string | null>(null);
  const label = `Quote for job ${props.jobId}`;
  const submit = async () => {
    if (!escrow || !connection.address) return flow.fail(label, "connect a wallet first");
    const expiresAt = props.chainNow + Math.max(1, Number(days) || 7) * 86_400;
    const quote = {
      jobId: BigInt(props.jobId),
      vendor: connection.address,
      price: BigInt(props.price),
      nonce: BigInt(props.nonce),
      expiresAt: BigInt(expiresAt),
    };
    const signature = await flow.sign(`${label} (signature, no gas)`, () =>
      signTypedData(config, {
        domain: escrowDomain(publicConfig.chainId, escrow) as never,
        types: QUOTE_TYPES,
        primaryType: "Quote",
        message: quote,
      }),
    );
    if (!signature) return;
    const cid = await write(label, "quote", {
      chainId: publicConfig.chainId,
      escrow,
      jobId: props.jobId,
      vendor: connection.address,
      price: props.price,
      nonce: props.nonce,
      expiresAt,
      signature,
      ...(message.trim() ? { message: message.trim() } : {}),
    });
    if (cid) setSent(cid);
  };
  return (
    <div>
      <div className="row">
        <div className="field">
          <label htmlFor={`quote-days-${props.jobId}`}>Quote valid for (days)</label>
          <input
            id={`quote-days-${props.jobId}`}
            type="number"
            min="1"
            max="90"
            value={days}
            onChange={(e) => setDays(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`quote-message-${props.jobId}`}>Message to the client (optional)</label>
          <input id={`quote-message-${props.jobId}`} value={message} onChange={(e) => setMessage(e.target.value)} />
        </div>
      </div>
      <button
        type="button"
        className="button primary"
        disabled={flow.busy}
        onClick={() => void flow.exclusive(label, submit)}
      >
        Sign a quote for job {props.jobId} ({formatAmount(props.price, props.token)})
      </button>
      {sent && (
        <p role="status" className="ok">
          Quote signed and sent to the client (document {sent.slice(0, 12)}…). It is pending until the client hires.
        </p>
      )}
      {!docked && <TransactionStatus phase={flow.phase} />}
    </div>
  );
}

export function RevokeQuotesButton() {
  const { flow, send, docked } = useEscrow();
  return (
    <>
      <button
        type="button"
        className="button danger"
        disabled={flow.busy}
        onClick={() => void send("Revoke all quotes", "revokeQuotes", [])}
      >
        Revoke all my quotes
      </button>
      {!docked && <TransactionStatus phase={flow.phase} />}
    </>
  );
}

interface MilestoneProps {
  jobId: string;
  index: number;
  state: string;
  reviewEndsAt: number | null;
  deadline: number;
  chainNow: number;
  /** Link to the job page for disputes and settlements; off when rendered on the job page itself. */
  disputeLink?: boolean;
}

export function MilestoneActions(props: MilestoneProps) {
  const { flow, send, docked } = useEscrow();
  const write = useDocumentWriter(flow.fail);
  const [summary, setSummary] = useState("");
  const [links, setLinks] = useState("");
  const picker = useAttachmentPicker(props.jobId, props.index);
  const n = props.index + 1;
  const id = BigInt(props.jobId);
  const i = BigInt(props.index);
  const now = Math.max(props.chainNow, Math.floor(Date.now() / 1000));
  const canSubmit = props.state === "Funded";
  const canRelease = props.state === "Submitted" && props.reviewEndsAt !== null && now > props.reviewEndsAt;
  const submit = async () => {
    const label = `Submit milestone ${n}`;
    if (!summary.trim()) return flow.fail(label, "describe what you deliver first");
    const attachments = await picker.upload();
    if (typeof attachments === "string") return flow.fail(label, attachments);
    const cid = await write(label, "deliverable", {
      jobId: props.jobId,
      index: props.index,
      summary: summary.trim(),
      links: links.split(/\s+/).filter(Boolean),
      ...(attachments.length > 0 ? { attachments } : {}),
    });
    if (cid) await send(label, "submit", [id, i, cid]);
  };
  return (
    <div>
      {canSubmit && (
        <>
          <div className="field">
            <label htmlFor={`deliverable-${props.jobId}-${props.index}`}>
              Deliverable for milestone {n} (markdown)
            </label>
            <textarea
              id={`deliverable-${props.jobId}-${props.index}`}
              rows={3}
              value={summary}
              onChange={(e) => setSummary(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`links-${props.jobId}-${props.index}`}>
              Links for milestone {n} (space-separated URLs)
            </label>
            <input
              id={`links-${props.jobId}-${props.index}`}
              value={links}
              onChange={(e) => setLinks(e.target.value)}
            />
          </div>
          {picker.field}
        </>
      )}
      <div className="actions">
        {canSubmit && (
          <button
            type="button"
            className="button primary"
            disabled={flow.busy}
            onClick={() => void flow.exclusive(`Submit milestone ${n}`, submit)}
          >
            Submit milestone {n}
          </button>
        )}
        {canRelease && (
          <button
            type="button"
            className="button primary"
            disabled={flow.busy}
            onClick={() => void send(`Release milestone ${n}`, "release", [id, i])}
          >
            Release payment for milestone {n}
          </button>
        )}
        {props.disputeLink !== false && (
          <Link className="button" href={`/jobs/${props.jobId}`}>
            Dispute, evidence or settlement for milestone {n} on the job page
          </Link>
        )}
      </div>
      {!docked && <TransactionStatus phase={flow.phase} />}
    </div>
  );
}

export function RateClient({ jobId }: { jobId: string }) {
  const { flow, send, docked } = useEscrow();
  const [score, setScore] = useState("5");
  return (
    <div className="row">
      <div className="field">
        <label htmlFor={`rate-client-${jobId}`}>Your rating of the client of job {jobId}</label>
        <select id={`rate-client-${jobId}`} value={score} onChange={(e) => setScore(e.target.value)}>
          {["5", "4", "3", "2", "1"].map((s) => (
            <option key={s} value={s}>
              {s} of 5
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <button
          type="button"
          className="button"
          disabled={flow.busy}
          onClick={() => void send(`Rate the client of job ${jobId}`, "rate", [BigInt(jobId), Number(score)])}
        >
          Rate the client of job {jobId}
        </button>
      </div>
      {!docked && <TransactionStatus phase={flow.phase} />}
    </div>
  );
}
