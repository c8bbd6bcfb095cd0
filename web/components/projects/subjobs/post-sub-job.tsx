"use client";
/**
 * The hired vendor of a project's job posts a linked sub-job: a job of its own in the escrow (one
 * milestone, funded as it is posted, in the parent's token, with the parent's arbiter and review
 * window), then `linkSubJob(parent, sub)` in the project registry. Two transactions; a sub-job
 * posted but not linked yet (the link was rejected or failed) is remembered, so the next click only
 * links it and never posts a second job.
 */
import { useEffect, useState } from "react";
import { parseEventLogs, parseUnits, type Abi, type Address, type Hash, type TransactionReceipt } from "viem";
import { simulateContract, writeContract } from "wagmi/actions";
import { mosaicEscrowAbi, projectRegistryAbi } from "@mosaic/sdk/contracts";
import { TransactionStatus } from "@/components/tx/transaction";
import { useContractCall } from "@/components/tx/use-contract-call";
import { usePublicConfig } from "@/components/wallet/context";
import { signPermit, supportsPermit } from "@/components/wallet/permit";
import { useSiweSession } from "@/components/wallet/siwe-session";
import { formatAmount } from "@/lib/format";
import { storeDocument } from "../review/store-document";
import type { SubJobFormProps } from "./types";

const DAY = 86_400;
const LABEL = "Post and fund the sub-job";

function parseAmount(text: string, decimals: number): bigint | null {
  try {
    const value = parseUnits(text.trim(), decimals);
    return value > 0n ? value : null;
  } catch {
    return null;
  }
}

export default function PostSubJob(props: SubJobFormProps) {
  const { registry, escrow, parentJobId, token, chainNow } = props;
  const publicConfig = usePublicConfig();
  const session = useSiweSession();
  const contract = useContractCall();
  const { flow, config, connection } = contract;
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [amount, setAmount] = useState("");
  const [days, setDays] = useState("7");
  const [hiring, setHiring] = useState<"invite" | "open">("invite");
  const [pending, setPending] = useState<string | null>(null);
  const me = connection.address?.toLowerCase();
  const storageKey = `mosaic:sub-job:${publicConfig.chainId}:${escrow.toLowerCase()}:${parentJobId}:${me}`;

  useEffect(() => {
    if (me) setPending(window.localStorage.getItem(storageKey));
  }, [me, storageKey]);

  if (!me || !props.prime || me !== props.prime.toLowerCase()) return null;
  const value = parseAmount(amount, token.decimals);

  const remember = (jobId: string | null) => {
    setPending(jobId);
    if (jobId) window.localStorage.setItem(storageKey, jobId);
    else window.localStorage.removeItem(storageKey);
  };

  const linkIt = async (subJobId: string) => {
    const done = await contract.call(
      `Link sub-job #${subJobId} to job #${parentJobId}`,
      registry,
      projectRegistryAbi as Abi,
      "linkSubJob",
      [BigInt(parentJobId), BigInt(subJobId)],
    );
    if (done) remember(null);
  };

  const post = async () => {
    if (pending) return linkIt(pending);
    if (!title.trim() || !description.trim()) return flow.fail(LABEL, "give the sub-job a title and say what to do");
    if (value === null) return flow.fail(LABEL, `enter an amount in ${token.symbol}`);
    const window = Number(days);
    if (!Number.isFinite(window) || window <= 0) return flow.fail(LABEL, "enter a deadline in days from now");
    const specCid = await storeDocument(flow, session, LABEL, "job-spec", {
      version: 1,
      title: title.trim(),
      description: description.trim(),
      milestones: [{ title: title.trim() }],
    });
    if (!specCid) return;
    const now = Math.max(chainNow, Math.floor(Date.now() / 1000));
    const terms = {
      token: token.address,
      arbiter: props.arbiter,
      arbiterFeeBps: props.arbiterFeeBps,
      reviewWindow: props.reviewWindow,
      open: hiring === "open",
      minRating: 0,
      minPaidJobs: 0,
      requiredSkills: [],
      specCid,
    };
    const milestones = [{ amount: value, bonus: 0n, deadline: now + Math.round(window * DAY), outcomeDeadline: 0 }];
    let subJobId: string | null = null;
    const readJobId = (receipt: TransactionReceipt) => {
      const [posted] = parseEventLogs({ abi: mosaicEscrowAbi, eventName: "JobPosted", logs: receipt.logs });
      if (posted) subJobId = posted.args.jobId.toString();
    };
    const account = connection.address as Address;
    let args: readonly unknown[] = [terms, milestones];
    let functionName: "postAndFund" | "postAndFundWithPermit" = "postAndFund";
    if (!token.isEther) {
      if (!(await supportsPermit(config, token.address))) {
        return flow.fail(LABEL, `${token.symbol} does not support permits`);
      }
      const permitDeadline = BigInt(now + 3600);
      const permit = await flow.sign(`${LABEL} (permit signature)`, () =>
        signPermit(config, {
          token: token.address,
          owner: account,
          spender: escrow,
          value,
          deadline: permitDeadline,
          chainId: publicConfig.chainId,
        }),
      );
      if (!permit) return;
      functionName = "postAndFundWithPermit";
      args = [terms, milestones, permitDeadline, permit.v, permit.r, permit.s];
    }
    const posted = await flow.run(
      LABEL,
      async (): Promise<Hash> => {
        const { request } = await simulateContract(config, {
          address: escrow,
          abi: mosaicEscrowAbi,
          functionName,
          args,
          value: token.isEther ? value : undefined,
          account,
        } as never);
        return writeContract(config, request as never);
      },
      { onReceipt: readJobId, refresh: false, waitForIndex: false },
    );
    if (!posted || subJobId === null) return;
    remember(subJobId);
    await linkIt(subJobId);
  };

  const label = pending
    ? `Link sub-job #${pending}`
    : `Post, fund and link the sub-job${value === null ? "" : ` (${formatAmount(value, token)})`}`;
  return (
    <form aria-label="Post a linked sub-job" className="card" onSubmit={(e) => e.preventDefault()}>
      <h3>Subcontract part of this job</h3>
      <p className="small muted">
        You post and fund a job of your own for part of this work and pay its vendor from it; the link to this job is
        public, your margin is not. It uses this job&apos;s token, arbiter and review window.
      </p>
      {pending ? (
        <p role="note">
          Sub-job #{pending} is posted and funded but not linked to job #{parentJobId} yet: link it (no second job is
          posted).
        </p>
      ) : (
        <>
          <label>
            Sub-job title
            <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} />
          </label>
          <label>
            What the sub-vendor does
            <textarea rows={3} value={description} onChange={(e) => setDescription(e.target.value)} />
          </label>
          <label>
            Amount ({token.symbol})
            <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
          </label>
          <label>
            Deadline (days from now)
            <input type="number" min={1} step={1} value={days} onChange={(e) => setDays(e.target.value)} />
          </label>
          <label>
            Hiring
            <select value={hiring} onChange={(e) => setHiring(e.target.value as "invite" | "open")}>
              <option value="invite">By invitation: hire from a vendor&apos;s signed quote</option>
              <option value="open">Open: any registered vendor may claim it</option>
            </select>
          </label>
        </>
      )}
      <button
        type="button"
        className="button"
        disabled={flow.busy}
        aria-busy={flow.busy}
        onClick={() => void flow.exclusive(LABEL, post)}
      >
        {label}
      </button>
      {!contract.docked && <TransactionStatus phase={flow.phase} />}
    </form>
  );
}
