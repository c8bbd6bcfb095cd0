"use client";
/**
 * The actions the connected account may take on a job right now, each through the transaction flow.
 * The hired vendor also gets the vendor's milestone widgets (submit with a deliverable, release after
 * the review window), sharing this panel's flow and status.
 */
import { useRouter } from "next/navigation";
import { useState } from "react";
import { erc20Abi, type Address, type ContractFunctionName, type Hash } from "viem";
import { useConfig, useConnection, useReadContract } from "wagmi";
import { readContract, signTypedData, writeContract, simulateContract } from "wagmi/actions";
import { mosaicEscrowAbi } from "@mosaic/sdk/contracts";
import { ConfirmPanel, useConfirmation } from "@/components/tx/confirm";
import { SharedFlowContext } from "@/components/tx/shared-flow";
import { TransactionStatus, useTransactionFlow } from "@/components/tx/transaction";
import { MilestoneActions } from "@/components/vendor/vendor-jobs-actions";
import { ReviewForm } from "@/components/reviews/review-form";
import { CounterOffer } from "@/components/hiring/counter-offer";
import { usePublicConfig } from "@/components/wallet/context";
import { signPermit } from "@/components/wallet/permit";
import { useSiweSession } from "@/components/wallet/siwe-session";
import { formatAmount } from "@/lib/format";
import { SETTLEMENT_TYPES, escrowDomain } from "@mosaic/sdk/typed-data";
import type { ActionJob, QuoteView, SettlementOffer } from "./types";

type EscrowFunction = ContractFunctionName<typeof mosaicEscrowAbi, "nonpayable" | "payable">;

export default function JobActions({
  job,
  quotes,
  settlements,
  chainNow,
}: {
  job: ActionJob;
  quotes: QuoteView[];
  settlements: SettlementOffer[];
  chainNow: number;
}) {
  const config = useConfig();
  const publicConfig = usePublicConfig();
  const connection = useConnection();
  const session = useSiweSession();
  const router = useRouter();
  const flow = useTransactionFlow();
  const [notes, setNotes] = useState<Record<number, string>>({});
  const [score, setScore] = useState("5");
  const [shares, setShares] = useState<Record<number, string>>({});
  const [evidence, setEvidence] = useState<Record<number, string>>({});
  const confirmation = useConfirmation();
  const escrow = publicConfig.contracts?.escrow;
  const me = connection.address?.toLowerCase();
  // Read from the chain: the index may lag behind a rating just sent.
  const rated = useReadContract({
    address: escrow,
    abi: mosaicEscrowAbi,
    functionName: "hasRated",
    args: [BigInt(job.id), (connection.address ?? "0x0000000000000000000000000000000000000000") as Address],
    query: { enabled: !!escrow && !!connection.address && job.paidSomething },
  });

  if (!escrow) return <p className="error">Mosaic is not deployed on this chain.</p>;
  if (!connection.isConnected || !me) {
    return <p>Connect your wallet to act on this job.</p>;
  }
  const isClient = me === job.client.toLowerCase();
  const isVendor = !!job.vendor && me === job.vendor.toLowerCase();
  const now = Math.max(chainNow, Math.floor(Date.now() / 1000));

  /** Simulates first (so a revert is explained before anything is signed), then sends. */
  const call = (label: string, functionName: EscrowFunction, args: readonly unknown[], value?: bigint) =>
    flow.run(label, async (): Promise<Hash> => {
      const { request } = await simulateContract(config, {
        address: escrow,
        abi: mosaicEscrowAbi,
        functionName,
        args,
        value,
        account: connection.address,
      } as never);
      return writeContract(config, request as never);
    });

  const fund = async (index: number, amount: bigint) => {
    const label = `Fund milestone ${index + 1}`;
    if (job.token.isEther) return call(label, "fund", [BigInt(job.id), BigInt(index), 1n], amount);
    const deadline = BigInt(now + 3600);
    const permit = await flow.sign(`${label} (permit signature)`, () =>
      signPermit(config, {
        token: job.token.address,
        owner: connection.address as Address,
        spender: escrow,
        value: amount,
        deadline,
        chainId: publicConfig.chainId,
      }),
    );
    if (!permit) return false;
    return call(label, "fundWithPermit", [BigInt(job.id), BigInt(index), 1n, deadline, permit.v, permit.r, permit.s]);
  };

  const requestChanges = async (index: number) => {
    const label = `Request changes on milestone ${index + 1}`;
    const text = (notes[index] ?? "").trim();
    if (!text) return flow.fail(label, "write what should change first");
    if (session.state.status !== "signed-in") {
      if (!(await session.signIn())) return flow.fail(label, "sign in to store your note");
    }
    const response = await fetch("/api/documents", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "note", content: { text, jobId: job.id, index } }),
    });
    const body = (await response.json()) as { cid?: string; error?: string };
    if (!response.ok || !body.cid) return flow.fail(label, `the note could not be stored: ${body.error}`);
    return call(label, "requestChanges", [BigInt(job.id), BigInt(index), body.cid]);
  };

  /** Stores an evidence document (ERC-1497 shape) and returns its CID, or null after saying why not. */
  const storeEvidence = async (label: string, index: number): Promise<string | null> => {
    const text = (evidence[index] ?? "").trim();
    if (!text) {
      flow.fail(label, "describe what went wrong first: the arbiter reads it");
      return null;
    }
    if (session.state.status !== "signed-in" && !(await session.signIn())) {
      flow.fail(label, "sign in to store your evidence");
      return null;
    }
    const response = await fetch("/api/documents", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        kind: "evidence",
        content: {
          name: `${isClient ? "Client" : "Vendor"} evidence on milestone ${index + 1} of job ${job.id}`,
          description: text,
          jobId: job.id,
          index,
        },
      }),
    });
    const body = (await response.json()) as { cid?: string; error?: string };
    if (!response.ok || !body.cid) {
      flow.fail(label, `the evidence could not be stored: ${body.error}`);
      return null;
    }
    return body.cid;
  };

  /** A vendor's dispute bonds the arbiter's fee on what it freezes (sent as value, or approved first). */
  const dispute = async (index: number, bond: bigint) => {
    const label = `Dispute milestone ${index + 1}`;
    const cid = await storeEvidence(label, index);
    if (!cid) return;
    const args = [BigInt(job.id), BigInt(index), cid];
    if (bond === 0n) return call(label, "dispute", args);
    if (job.token.isEther) return call(label, "dispute", args, bond);
    const owner = connection.address as Address;
    const allowance = await readContract(config, {
      address: job.token.address,
      abi: erc20Abi,
      functionName: "allowance",
      args: [owner, escrow],
    });
    if (allowance < bond) {
      const approved = await flow.run(
        `Allow the escrow to take the ${formatAmount(bond, job.token)} dispute bond`,
        async (): Promise<Hash> => {
          const { request } = await simulateContract(config, {
            address: job.token.address,
            abi: erc20Abi,
            functionName: "approve",
            args: [escrow, bond],
            account: owner,
          });
          return writeContract(config, request);
        },
        { refresh: false, waitForIndex: false },
      );
      if (!approved) return;
    }
    return call(label, "dispute", args);
  };

  const addEvidence = async (index: number) => {
    const label = `Add evidence to milestone ${index + 1}`;
    const cid = await storeEvidence(label, index);
    if (cid) await call(label, "submitEvidence", [BigInt(job.id), BigInt(index), cid]);
  };

  const hire = (quote: QuoteView) =>
    call(`Hire ${quote.vendor.slice(0, 6)}…${quote.vendor.slice(-4)}`, "hire", [
      {
        jobId: BigInt(job.id),
        vendor: quote.vendor,
        price: BigInt(quote.price),
        nonce: BigInt(quote.nonce),
        expiresAt: BigInt(quote.expiresAt),
      },
      quote.signature,
    ]);

  const signSettlement = (index: number, vendorBps: number, deadline: number) =>
    signTypedData(config, {
      account: connection.address as Address,
      domain: { ...escrowDomain(publicConfig.chainId, escrow), verifyingContract: escrow },
      types: SETTLEMENT_TYPES,
      primaryType: "Settlement",
      message: { jobId: BigInt(job.id), index: BigInt(index), vendorBps, deadline: BigInt(deadline) },
    });

  const proposeSettlement = async (index: number) => {
    const label = `Propose settlement for milestone ${index + 1}`;
    const percent = Number(shares[index] ?? "");
    if (!Number.isFinite(percent) || percent < 0 || percent > 100)
      return flow.fail(label, "enter a share from 0 to 100%");
    const vendorBps = Math.round(percent * 100);
    const deadline = now + 7 * 24 * 60 * 60;
    if (session.state.status !== "signed-in" && !(await session.signIn())) {
      return flow.fail(label, "sign in to store your offer");
    }
    const signature = await flow.sign(label, () => signSettlement(index, vendorBps, deadline));
    if (!signature) return;
    const response = await fetch("/api/documents", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        kind: "note",
        content: {
          text: `Settlement offer: the vendor gets ${percent}% of milestone ${index + 1}.`,
          jobId: job.id,
          index,
          settlement: { vendorBps, deadline, signer: connection.address, signature },
        },
      }),
    });
    const body = (await response.json()) as { error?: string };
    if (!response.ok) return flow.fail(label, `the offer could not be stored: ${body.error}`);
    flow.info(label, "Offer signed and sent. It takes effect when the other party accepts it.");
    router.refresh();
  };

  const acceptSettlement = async (offer: SettlementOffer) => {
    const label = `Accept settlement for milestone ${offer.index + 1}`;
    const mine = await flow.sign(label, () => signSettlement(offer.index, offer.vendorBps, offer.deadline));
    if (!mine) return;
    const [clientSignature, vendorSignature] = isClient ? [mine, offer.signature] : [offer.signature, mine];
    return call(label, "settle", [
      BigInt(job.id),
      BigInt(offer.index),
      offer.vendorBps,
      BigInt(offer.deadline),
      clientSignature,
      vendorSignature,
    ]);
  };

  const rows = job.milestones.map((m) => {
    const n = m.index + 1;
    const id = BigInt(job.id);
    const i = BigInt(m.index);
    const total = BigInt(m.amount) + BigInt(m.bonus);
    const buttons: React.ReactNode[] = [];
    /** `question`: the action cannot be undone, so the first click asks it (see tx/confirm.tsx). */
    const button = (label: string, onClick: () => unknown, danger = false, question?: string) => (
      <button
        key={label}
        type="button"
        className={`button${danger ? " danger" : ""}`}
        disabled={flow.busy}
        aria-busy={flow.busy}
        onClick={() =>
          question
            ? confirmation.ask({ label, question, run: () => flow.exclusive(label, async () => onClick()) })
            : void flow.exclusive(label, async () => onClick())
        }
      >
        {label}
      </button>
    );
    if (isClient && m.state === "Created") {
      buttons.push(button(`Fund milestone ${n} (${formatAmount(total, job.token)})`, () => fund(m.index, total)));
    }
    if (isClient && (m.state === "Funded" || m.state === "Submitted") && job.vendor) {
      const undelivered = m.state === "Funded";
      buttons.push(
        button(
          `Approve milestone ${n}`,
          () => call(`Approve milestone ${n}`, "approve", [id, i]),
          false,
          undelivered
            ? `Nothing has been delivered for milestone ${n} yet. Approving pays the vendor ${formatAmount(BigInt(m.amount), job.token)} (less the platform fee) now, and cannot be undone.`
            : undefined,
        ),
      );
    }
    if (m.state === "Funded" && isClient && (!job.vendor || now > m.deadline)) {
      buttons.push(button(`Refund milestone ${n}`, () => call(`Refund milestone ${n}`, "refund", [id, i])));
    } else if (m.state === "Funded" && job.vendor && now > m.deadline) {
      buttons.push(button(`Refund milestone ${n}`, () => call(`Refund milestone ${n}`, "refund", [id, i])));
    }
    const reviewOver = m.state === "Submitted" && m.reviewEndsAt !== null && now > m.reviewEndsAt;
    // The hired vendor submits and releases through its own milestone widget (below).
    const vendorWork = isVendor && (m.state === "Funded" || reviewOver);
    if (reviewOver && !isVendor) {
      buttons.push(button(`Release milestone ${n}`, () => call(`Release milestone ${n}`, "release", [id, i])));
    }
    if (isClient && m.state === "Created") {
      buttons.push(
        button(
          `Cancel milestone ${n}`,
          () => call(`Cancel milestone ${n}`, "cancel", [id, i]),
          true,
          `Cancelling removes milestone ${n} from the job for good: it can never be funded or paid. This cannot be undone.`,
        ),
      );
    }
    if (isClient && m.bonusState === "Held" && m.state === "Paid") {
      buttons.push(
        button(`Release bonus of milestone ${n}`, () =>
          call(`Release bonus of milestone ${n}`, "releaseBonus", [id, i]),
        ),
      );
    }
    if (m.bonusState === "Held" && m.outcomeDeadline > 0 && now > m.outcomeDeadline) {
      buttons.push(
        button(`Return bonus of milestone ${n}`, () => call(`Return bonus of milestone ${n}`, "returnBonus", [id, i])),
      );
    }
    if (m.state === "Disputed" && m.disputeRaisedAt !== null && now > m.disputeRaisedAt + job.disputeTimeoutSeconds) {
      buttons.push(
        button(`Split milestone ${n} evenly (arbiter timed out)`, () =>
          call(`Split milestone ${n} evenly`, "resolveTimedOut", [id, i]),
        ),
      );
    }
    const canRequestChanges = isClient && m.state === "Submitted" && m.reviewEndsAt !== null && now <= m.reviewEndsAt;
    const canSettle = (isClient || isVendor) && (m.state === "Disputed" || m.bonusState === "Disputed");
    // Who may dispute what (IMosaicEscrow.dispute): the client a submission before its review ends; the
    // vendor only work the client sent back for changes, before its deadline; either a held bonus
    // before its outcome deadline. The vendor bonds the arbiter's fee on the frozen amount.
    const inReview = isClient && m.state === "Submitted" && m.reviewEndsAt !== null && now < m.reviewEndsAt;
    const bonusOpen = m.state === "Paid" && m.bonusState === "Held" && now <= m.outcomeDeadline;
    const changesAsked = isVendor && m.state === "Funded" && m.changesRequested && now <= m.deadline;
    const canDispute = (isClient || isVendor) && !!job.vendor && (inReview || bonusOpen || changesAsked);
    const frozen = changesAsked ? BigInt(m.amount) + (m.bonusState === "Held" ? BigInt(m.bonus) : 0n) : BigInt(m.bonus);
    const bond = isVendor && canDispute ? (frozen * BigInt(job.arbiterFeeBps)) / 10_000n : 0n;
    const disputeLabel =
      bond > 0n ? `Dispute milestone ${n} (bond ${formatAmount(bond, job.token)})` : `Dispute milestone ${n}`;
    const bondQuestion =
      bond > 0n
        ? `Disputing freezes ${formatAmount(frozen, job.token)} until the arbiter rules. As the vendor you send a bond of ${formatAmount(bond, job.token)} now (the arbiter's ${(job.arbiterFeeBps / 100).toFixed(2)}% fee on that amount${job.token.isEther ? "" : `; your wallet first allows the escrow to take it`}). If the arbiter rules for you it comes back in full; the arbiter's fee is charged to each side in proportion to what the ruling denies it, and your part is taken from the bond. A settlement you both sign returns it whole.`
        : undefined;
    const offers = canSettle
      ? settlements.filter((o) => o.index === m.index && o.deadline > now && o.signer.toLowerCase() !== me)
      : [];
    if (buttons.length === 0 && !vendorWork && !canRequestChanges && !canSettle && !canDispute) return null;
    return (
      <li key={m.index} className="card">
        <h3>Milestone {n}</h3>
        {buttons.length > 0 && <div className="actions">{buttons}</div>}
        {vendorWork && (
          <MilestoneActions
            jobId={job.id}
            index={m.index}
            state={m.state}
            reviewEndsAt={m.reviewEndsAt}
            deadline={m.deadline}
            chainNow={chainNow}
            disputeLink={false}
          />
        )}
        {canRequestChanges && (
          <div className="field">
            <label htmlFor={`changes-${m.index}`}>Change request for milestone {n}</label>
            <textarea
              id={`changes-${m.index}`}
              rows={3}
              value={notes[m.index] ?? ""}
              onChange={(e) => setNotes({ ...notes, [m.index]: e.target.value })}
            />
            <div className="actions">{button(`Request changes on milestone ${n}`, () => requestChanges(m.index))}</div>
          </div>
        )}
        {(canDispute || canSettle) && (
          <div className="field">
            <label htmlFor={`evidence-${m.index}`}>Evidence for milestone {n}</label>
            <textarea
              id={`evidence-${m.index}`}
              rows={3}
              value={evidence[m.index] ?? ""}
              onChange={(e) => setEvidence({ ...evidence, [m.index]: e.target.value })}
            />
            <div className="actions">
              {canDispute && button(disputeLabel, () => dispute(m.index, bond), true, bondQuestion)}
              {canSettle && button(`Add evidence to milestone ${n}`, () => addEvidence(m.index))}
            </div>
          </div>
        )}
        {canSettle && (
          <div className="field">
            {offers.map((o) =>
              button(`Accept settlement: the vendor gets ${o.vendorBps / 100}% of milestone ${n}`, () =>
                acceptSettlement(o),
              ),
            )}
            <label htmlFor={`share-${m.index}`}>Vendor&apos;s share for milestone {n} (%)</label>
            <input
              id={`share-${m.index}`}
              inputMode="decimal"
              value={shares[m.index] ?? ""}
              onChange={(e) => setShares({ ...shares, [m.index]: e.target.value })}
            />
            <div className="actions">
              {button(`Propose settlement for milestone ${n}`, () => proposeSettlement(m.index))}
            </div>
          </div>
        )}
      </li>
    );
  });

  const canRate =
    job.paidSomething && rated.data !== true && ((isClient && !job.clientRated) || (isVendor && !job.vendorRated));
  const usableQuotes = isClient && !job.vendor && !job.open ? quotes : [];

  return (
    <SharedFlowContext value={flow}>
      <section aria-labelledby="actions-title">
        <h2 id="actions-title">Your actions</h2>
        <p className="muted">
          You are {isClient ? "the client" : isVendor ? "the vendor" : "not a party to this job"}.
        </p>
        <ConfirmPanel pending={confirmation.pending} onDone={confirmation.clear} disabled={flow.busy} />
        <ul className="timeline">{rows}</ul>
        {usableQuotes.length > 0 && (
          <div>
            <h3>Hire from a quote</h3>
            <ul className="timeline">
              {usableQuotes.map((q) => (
                <li key={q.cid} className="card">
                  <p>
                    <span className="mono">{q.vendor}</span> for {formatAmount(q.price, job.token)}
                  </p>
                  {q.message && <blockquote className="quote-message">{q.message}</blockquote>}
                  {q.problem ? (
                    <p className="error">This quote cannot be used: {q.problem}.</p>
                  ) : (
                    <button
                      type="button"
                      className="button primary"
                      disabled={flow.busy}
                      onClick={() => void flow.exclusive("Hire", () => hire(q))}
                    >
                      Hire {q.vendor.slice(0, 6)}…{q.vendor.slice(-4)} from this quote
                    </button>
                  )}
                  <CounterOffer
                    chainId={publicConfig.chainId}
                    jobId={job.id}
                    vendor={q.vendor}
                    quoteCid={q.cid}
                    token={job.token}
                  />
                </li>
              ))}
            </ul>
          </div>
        )}
        {canRate && (
          <div className="card">
            <h3>Rate the {isClient ? "vendor" : "client"}</h3>
            <div className="field">
              <label htmlFor="rating-score">Score</label>
              <select id="rating-score" value={score} onChange={(e) => setScore(e.target.value)}>
                {["5", "4", "3", "2", "1"].map((s) => (
                  <option key={s} value={s}>
                    {s} of 5
                  </option>
                ))}
              </select>
            </div>
            <button
              type="button"
              className="button primary"
              disabled={flow.busy}
              onClick={() =>
                void flow.exclusive("Rate", () =>
                  call(`Rate the ${isClient ? "vendor" : "client"}`, "rate", [BigInt(job.id), Number(score)]).then(() =>
                    rated.refetch(),
                  ),
                )
              }
            >
              Rate the {isClient ? "vendor" : "client"}
            </button>
          </div>
        )}
        {(isClient || isVendor) && job.vendor && job.paidSomething && (
          <ReviewForm
            jobId={job.id}
            side={isClient ? "client" : "vendor"}
            counterparty={isClient ? job.vendor : job.client}
            rated={rated.data === true}
          />
        )}
        <TransactionStatus phase={flow.phase} />
      </section>
    </SharedFlowContext>
  );
}
