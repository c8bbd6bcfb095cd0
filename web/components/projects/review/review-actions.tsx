"use client";
/**
 * The review layer of a project part's job, for the connected account: the named reviewer signs off
 * or rejects a submitted milestone with a note (stored as a document, then `review`); the project's
 * client names a reviewer when the part has none (the share deposited in ETH, or by an EIP-2612 permit); anyone
 * settles a share that is due; whoever the registry owes withdraws it. Every action goes through the
 * shared transaction flow: one click runs it once, its hash is shown, a revert is explained.
 */
import { useState } from "react";
import { isAddress, type Abi, type Address } from "viem";
import { useReadContract } from "wagmi";
import { projectRegistryAbi } from "@mosaic/sdk/contracts";
import { TransactionStatus } from "@/components/tx/transaction";
import { useContractCall } from "@/components/tx/use-contract-call";
import { usePublicConfig } from "@/components/wallet/context";
import { signPermit, supportsPermit } from "@/components/wallet/permit";
import { useSiweSession } from "@/components/wallet/siwe-session";
import { formatAmount } from "@/lib/format";
import { storeDocument } from "./store-document";
import type { ProjectPartActionsProps } from "./types";

const DAY = 86_400;
/** The registry's cap on a reviewer's share (MAX_REVIEWER_BPS). */
const MAX_SHARE_BPS = 2_000;

export default function ReviewActions(props: ProjectPartActionsProps) {
  const { registry, projectId, jobId, token, part, submitted, settlement, chainNow } = props;
  const publicConfig = usePublicConfig();
  const session = useSiweSession();
  const contract = useContractCall();
  const { flow, config, connection } = contract;
  const call = (label: string, functionName: string, args: readonly unknown[], value?: bigint) =>
    contract.call(label, registry, projectRegistryAbi as Abi, functionName, args, value);
  const [notes, setNotes] = useState<Record<number, string>>({});
  const [reviewer, setReviewer] = useState("");
  const [shareBps, setShareBps] = useState("500");
  const [days, setDays] = useState("14");
  const me = connection.address?.toLowerCase();
  const owed = useReadContract({
    address: registry,
    abi: projectRegistryAbi,
    functionName: "owed",
    args: [token.address, (connection.address ?? token.address) as Address],
    query: { enabled: !!connection.address },
  });

  if (!connection.isConnected || !me) return <p>Connect your wallet to review, name a reviewer or settle.</p>;
  const isReviewer = !!part?.reviewer && me === part.reviewer && part.reviewState === "Held";
  const isClient = me === props.projectClient.toLowerCase();
  const canName = isClient && !!part?.reviewable && (part.reviewState === "None" || part.reviewState === "Refunded");
  const bps = Number(shareBps);
  const bpsValid = Number.isInteger(bps) && bps >= 1 && bps <= MAX_SHARE_BPS;
  const deposit = part && bpsValid ? (BigInt(part.budget) * BigInt(bps)) / 10_000n : null;
  const owedNow = typeof owed.data === "bigint" ? owed.data : 0n;
  const now = Math.max(chainNow, Math.floor(Date.now() / 1000));

  const verdict = async (index: number, signOff: boolean) => {
    const n = index + 1;
    const label = `${signOff ? "Sign off" : "Reject"} milestone ${n}`;
    const text = (notes[index] ?? "").trim();
    if (!text) return flow.fail(label, "write your review note first: the client and the vendor read it");
    const cid = await storeDocument(flow, session, label, "note", { text, jobId, index });
    if (!cid) return;
    const done = await call(label, "review", [BigInt(projectId), part!.index, BigInt(index), signOff, cid]);
    if (done) setNotes((all) => ({ ...all, [index]: "" }));
  };

  const nameReviewer = async () => {
    const label = "Name the reviewer";
    if (!part || deposit === null) return flow.fail(label, `enter a share from 1 to ${MAX_SHARE_BPS} basis points`);
    if (!isAddress(reviewer.trim())) return flow.fail(label, "enter the reviewer's address (0x…)");
    const window = Number(days);
    if (!Number.isFinite(window) || window <= 0) return flow.fail(label, "enter a review deadline in days from now");
    const terms = {
      reviewer: reviewer.trim() as Address,
      shareBps: bps,
      deadline: now + Math.round(window * DAY),
      skills: part.skills,
    };
    const id = BigInt(projectId);
    if (token.isEther) return call(label, "nameReviewer", [id, part.index, terms], deposit);
    if (!(await supportsPermit(config, token.address))) {
      return flow.fail(label, `${token.symbol} does not support permits: nothing was sent`);
    }
    const permitDeadline = BigInt(now + 3600);
    const permit = await flow.sign(`${label} (permit signature)`, () =>
      signPermit(config, {
        token: token.address,
        owner: connection.address as Address,
        spender: registry,
        value: deposit,
        deadline: permitDeadline,
        chainId: publicConfig.chainId,
      }),
    );
    if (!permit) return;
    return call(label, "nameReviewerWithPermit", [id, part.index, terms, permitDeadline, permit.v, permit.r, permit.s]);
  };

  const act = (label: string, body: () => unknown) => void flow.exclusive(label, async () => body());
  const button = (label: string, body: () => unknown, danger = false) => (
    <button
      key={label}
      type="button"
      className={`button${danger ? " danger" : ""}`}
      disabled={flow.busy}
      aria-busy={flow.busy}
      onClick={() => act(label, body)}
    >
      {label}
    </button>
  );
  const share = part ? formatAmount(part.reviewerShare, token) : "";

  return (
    <div>
      {isReviewer && submitted.length === 0 && (
        <p>No milestone is awaiting your review. A submitted milestone appears here for your sign-off or rejection.</p>
      )}
      {isReviewer &&
        submitted.map((index) => (
          <form
            key={index}
            aria-label={`Review milestone ${index + 1}`}
            className="card"
            onSubmit={(e) => e.preventDefault()}
          >
            <label>
              Review note on milestone {index + 1}
              <textarea
                rows={3}
                value={notes[index] ?? ""}
                onChange={(e) => setNotes((all) => ({ ...all, [index]: e.target.value }))}
              />
            </label>
            <p className="small muted">
              The client and the vendor read your note in the job&apos;s thread. A sign-off on the last milestone lets
              the share of {share} be paid to you once the client approves.
            </p>
            <div className="actions">
              {button(`Sign off milestone ${index + 1}`, () => verdict(index, true))}
              {button(`Reject milestone ${index + 1}`, () => verdict(index, false), true)}
            </div>
          </form>
        ))}
      {canName && part && (
        <form aria-label="Name a reviewer" className="card" onSubmit={(e) => e.preventDefault()}>
          <h3>Name a reviewer</h3>
          <p className="small muted">
            A registered vendor with the part&apos;s skills, neither you nor the job&apos;s vendor. Its sign-off comes
            before your approval; its share is paid from the deposit once the job is paid after a final sign-off, and
            comes back to you otherwise.
          </p>
          <label>
            Reviewer address
            <input
              value={reviewer}
              onChange={(e) => setReviewer(e.target.value)}
              placeholder="0x…"
              spellCheck={false}
            />
          </label>
          <label>
            Share of the part&apos;s budget (basis points, 500 = 5%)
            <input
              type="number"
              min={1}
              max={MAX_SHARE_BPS}
              step={1}
              value={shareBps}
              onChange={(e) => setShareBps(e.target.value)}
            />
          </label>
          <label>
            Review deadline (days from now)
            <input type="number" min={1} step={1} value={days} onChange={(e) => setDays(e.target.value)} />
          </label>
          <p data-testid="reviewer-deposit" data-wei={deposit?.toString() ?? ""}>
            {deposit === null
              ? `Enter a share from 1 to ${MAX_SHARE_BPS} basis points.`
              : `Deposit: ${formatAmount(deposit, token)} (${(bps / 100).toFixed(2)}% of ${formatAmount(part.budget, token)})`}
          </p>
          {button(
            deposit === null ? "Name reviewer" : `Name reviewer and deposit ${formatAmount(deposit, token)}`,
            nameReviewer,
          )}
        </form>
      )}
      {part && part.reviewState === "Held" && settlement && (
        <p>
          {button(
            settlement === "pay"
              ? `Pay the reviewer's share (${share})`
              : `Refund the review share to the client (${share})`,
            () =>
              call(settlement === "pay" ? "Pay the reviewer's share" : "Refund the review share", "settleReview", [
                BigInt(projectId),
                part.index,
              ]),
          )}
        </p>
      )}
      {owedNow > 0n && (
        <p>
          The project registry owes you {formatAmount(owedNow, token)} (a payment to you was refused earlier).{" "}
          {button(`Withdraw ${formatAmount(owedNow, token)}`, () =>
            call(`Withdraw ${formatAmount(owedNow, token)}`, "withdraw", [token.address, connection.address]),
          )}
        </p>
      )}
      {!contract.docked && <TransactionStatus phase={flow.phase} />}
    </div>
  );
}
