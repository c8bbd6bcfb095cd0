"use client";
/**
 * Create and fund: the specifications stored, `createProject`, every part's job posted and funded
 * as an invite job (ERC-20: approve once if the allowance is short, then one escrow `multicall` of
 * `postAndFund`; ETH: one `postAndFund` each, `multicall` being not payable), the relay shifts set,
 * every job linked in one `linkJobs`, the reviewers named (if any) with their shares deposited, and
 * the chosen vendors invited to quote. Each step is remembered once done, so a click after a
 * failure resumes where it stopped and nothing is sent twice; from the first click the flow is
 * taken (a double click does nothing).
 */
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import {
  encodeFunctionData,
  erc20Abi,
  parseEventLogs,
  type Abi,
  type Address,
  type Hash,
  type TransactionReceipt,
} from "viem";
import { useConfig, useConnection } from "wagmi";
import { readContract, simulateContract, writeContract } from "wagmi/actions";
import { mosaicEscrowAbi, projectRegistryAbi } from "@mosaic/sdk/contracts";
import { postHiringDocument } from "@/components/hiring/post-hiring-document";
import { useTransactionFlow } from "@/components/tx/transaction";
import { usePublicConfig, useWalletLoader } from "@/components/wallet/context";
import { useSiweSession } from "@/components/wallet/siwe-session";
import { skillTagOf } from "@/lib/format";
import type { ChainPlan, ProjectDraft, TokenOption } from "./plan";

const DAY = 86_400;
const REVIEW_WINDOW = 5 * DAY;

export interface CreateOptions {
  escrow: Address;
  projectRegistry: Address;
  arbiter: { address: Address; feeBps: number } | null;
}

/** What is done so far, kept across clicks (a retry skips it). */
export interface Progress {
  /** The plan it was made for: a plan changed before the project exists starts afresh. */
  key: string;
  specCid: string | null;
  jobSpecCids: (string | null)[];
  projectId: bigint | null;
  jobIds: (bigint | null)[];
  relaysSet: number[];
  linked: boolean;
  /** Parts whose reviewer is named. */
  reviewersNamed: number[];
  invited: number[];
  /** Each transaction sent, by step. */
  sent: { step: string; hash: Hash }[];
}

const planKey = (draft: ProjectDraft, plan: ChainPlan) =>
  JSON.stringify([draft, plan], (_, value: unknown) => (typeof value === "bigint" ? value.toString() : value));

const fresh = (key: string, jobs: number): Progress => ({
  key,
  specCid: null,
  jobSpecCids: new Array<string | null>(jobs).fill(null),
  projectId: null,
  jobIds: new Array<bigint | null>(jobs).fill(null),
  relaysSet: [],
  linked: false,
  reviewersNamed: [],
  invited: [],
  sent: [],
});

const LABEL = "Create and fund project";

export function useCreateAndFund(options: CreateOptions) {
  const config = useConfig();
  const connection = useConnection();
  const publicConfig = usePublicConfig();
  const loader = useWalletLoader();
  const session = useSiweSession();
  const flow = useTransactionFlow();
  const router = useRouter();
  const progress = useRef<Progress | null>(null);
  const [shown, setShown] = useState<Progress | null>(null);
  const save = () => setShown(progress.current && { ...progress.current, sent: [...progress.current.sent] });

  /** Stores a job-spec document; its CID, or null with the reason shown. */
  const store = async (content: Record<string, unknown>): Promise<string | null> => {
    const response = await fetch("/api/documents", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "job-spec", content: { version: 1, ...content } }),
    });
    const body = (await response.json().catch(() => ({}))) as { cid?: string; error?: string };
    if (response.ok && body.cid) return body.cid;
    flow.fail(LABEL, `the specification was refused: ${body.error ?? `HTTP ${response.status}`}`);
    return null;
  };

  /** Simulates (a revert is explained before the wallet asks), sends, and records the hash. */
  const send = (
    step: string,
    request: { address: Address; abi: Abi; functionName: string; args: readonly unknown[]; value?: bigint },
    onReceipt?: (receipt: TransactionReceipt) => void,
    last = false,
  ) =>
    flow.run(
      step,
      async (): Promise<Hash> => {
        const simulated = await simulateContract(config, { ...request, account: connection.address } as never);
        return writeContract(config, simulated.request as never);
      },
      {
        onReceipt: (receipt) => {
          progress.current!.sent.push({ step, hash: receipt.transactionHash });
          onReceipt?.(receipt);
          save();
        },
        refresh: false,
        // The project's page reads the index: the last step waits for it.
        waitForIndex: last,
      },
    );

  const pausedNow = () =>
    readContract(config, { address: options.escrow, abi: mosaicEscrowAbi, functionName: "paused" }).catch(() => false);

  const steps = async (draft: ProjectDraft, token: TokenOption, plan: ChainPlan, account: Address) => {
    const p = progress.current!;
    const { escrow, projectRegistry } = options;
    const offset = plan.terms.utcOffsetMinutes;

    // 1. The specifications: the project's, and each job's (needs a signed-in session).
    if (p.specCid === null || p.jobSpecCids.some((cid) => cid === null)) {
      if (session.state.status !== "signed-in") {
        flow.step(LABEL, "Signing in…");
        if (!(await session.signIn())) return flow.fail(LABEL, "sign in with your wallet to store the specifications");
      }
      flow.step(LABEL, "Storing the specifications…");
      p.specCid ??= await store({
        title: draft.title.trim(),
        description: draft.spec.trim(),
        skills: [
          ...new Set(draft.parts.flatMap((_, i) => plan.jobs.filter((j) => j.part === i).flatMap((j) => j.skills))),
        ],
        milestones: draft.parts.map((part, i) => ({ title: `Part ${i + 1}: ${part.title.trim()}` })),
        timezoneOffsetMinutes: offset,
      });
      if (p.specCid === null) return;
      for (const [k, job] of plan.jobs.entries()) {
        p.jobSpecCids[k] ??= await store({
          title: job.title,
          description: `Part ${job.part + 1} of the project "${draft.title.trim()}".\n\n${draft.spec.trim()}`.slice(
            0,
            20_000,
          ),
          skills: job.skills,
          milestones: job.milestoneTitles.map((title) => ({ title })),
          timezoneOffsetMinutes: offset,
        });
        if (p.jobSpecCids[k] === null) return;
      }
      save();
    }

    // 2. The project and its parts.
    if (p.projectId === null) {
      const ok = await send(
        "Create project",
        {
          address: projectRegistry,
          abi: projectRegistryAbi as Abi,
          functionName: "createProject",
          args: [{ ...plan.terms, specCid: p.specCid }, plan.parts],
        },
        (receipt) => {
          const [created] = parseEventLogs({
            abi: projectRegistryAbi,
            eventName: "ProjectCreated",
            logs: receipt.logs,
          });
          if (created) p.projectId = created.args.projectId;
        },
      );
      if (!ok || p.projectId === null) return;
    }

    // 3. Every job posted and funded: invite jobs, hired from the chosen vendors' quotes.
    const arbiter = options.arbiter;
    const postArgs = (k: number) => {
      const job = plan.jobs[k];
      return [
        {
          token: token.address,
          arbiter: arbiter?.address ?? "0x0000000000000000000000000000000000000000",
          arbiterFeeBps: arbiter?.feeBps ?? 0,
          reviewWindow: REVIEW_WINDOW,
          open: false,
          minRating: 0,
          minPaidJobs: 0,
          requiredSkills: job.skills.map((s) => skillTagOf(s) as `0x${string}`),
          specCid: p.jobSpecCids[k]!,
        },
        job.milestones,
      ] as const;
    };
    const unposted = plan.jobs.flatMap((_, k) => (p.jobIds[k] === null ? [k] : []));
    if (unposted.length > 0 && token.isEther) {
      for (const k of unposted) {
        const ok = await send(
          `Post and fund job ${k + 1} of ${plan.jobs.length}`,
          {
            address: escrow,
            abi: mosaicEscrowAbi as Abi,
            functionName: "postAndFund",
            args: postArgs(k),
            value: plan.jobs[k].total,
          },
          (receipt) => {
            const [posted] = parseEventLogs({ abi: mosaicEscrowAbi, eventName: "JobPosted", logs: receipt.logs });
            if (posted) p.jobIds[k] = posted.args.jobId;
          },
        );
        if (!ok || p.jobIds[k] === null) return;
      }
    } else if (unposted.length > 0) {
      const needed = unposted.reduce((sum, k) => sum + plan.jobs[k].total, 0n);
      const allowance = await readContract(config, {
        address: token.address,
        abi: erc20Abi,
        functionName: "allowance",
        args: [account, escrow],
      });
      if (allowance < needed) {
        const ok = await send(`Approve ${token.symbol} for the escrow`, {
          address: token.address,
          abi: erc20Abi as Abi,
          functionName: "approve",
          args: [escrow, needed],
        });
        if (!ok) return;
      }
      const calls = unposted.map((k) =>
        encodeFunctionData({ abi: mosaicEscrowAbi, functionName: "postAndFund", args: postArgs(k) }),
      );
      const ok = await send(
        `Post and fund ${unposted.length} jobs`,
        { address: escrow, abi: mosaicEscrowAbi as Abi, functionName: "multicall", args: [calls] },
        (receipt) => {
          const posted = parseEventLogs({ abi: mosaicEscrowAbi, eventName: "JobPosted", logs: receipt.logs });
          // The multicall posts in the order of its calls.
          posted.forEach((event, i) => {
            if (i < unposted.length) p.jobIds[unposted[i]] = event.args.jobId;
          });
        },
      );
      if (!ok || unposted.some((k) => p.jobIds[k] === null)) return;
    }

    // 4. Relay parts: their shifts, before their jobs are linked.
    for (const relay of plan.relays) {
      if (p.relaysSet.includes(relay.part)) continue;
      const ok = await send(`Set the relay shifts of part ${relay.part + 1}`, {
        address: projectRegistry,
        abi: projectRegistryAbi as Abi,
        functionName: "setRelay",
        args: [p.projectId, relay.part, relay.shifts.map((s) => ({ ...s, jobId: 0n }))],
      });
      if (!ok) return;
      p.relaysSet.push(relay.part);
    }

    // 5. Every job linked to its part (or shift) in one transaction.
    if (!p.linked) {
      const ok = await send(
        "Link the jobs to the project",
        {
          address: projectRegistry,
          abi: projectRegistryAbi as Abi,
          functionName: "linkJobs",
          args: [p.projectId, plan.jobs.map((j) => j.part), plan.jobs.map((j) => j.shift), p.jobIds],
        },
        undefined,
        plan.reviewers.length === 0,
      );
      if (!ok) return;
      p.linked = true;
    }

    // 6. Reviewers named, each share deposited in the registry (ERC-20: approve what is short once).
    const unnamed = plan.reviewers.filter((r) => !p.reviewersNamed.includes(r.part));
    if (unnamed.length > 0 && !token.isEther) {
      const needed = unnamed.reduce((sum, r) => sum + r.share, 0n);
      const allowance = await readContract(config, {
        address: token.address,
        abi: erc20Abi,
        functionName: "allowance",
        args: [account, projectRegistry],
      });
      if (allowance < needed) {
        const ok = await send(`Approve ${token.symbol} for the reviewers' shares`, {
          address: token.address,
          abi: erc20Abi as Abi,
          functionName: "approve",
          args: [projectRegistry, needed],
        });
        if (!ok) return;
      }
    }
    for (const r of unnamed) {
      const ok = await send(
        `Name the reviewer of part ${r.part + 1}`,
        {
          address: projectRegistry,
          abi: projectRegistryAbi as Abi,
          functionName: "nameReviewer",
          args: [
            p.projectId,
            r.part,
            { reviewer: r.reviewer, shareBps: r.shareBps, deadline: r.deadline, skills: r.skills },
          ],
          value: token.isEther ? r.share : undefined,
        },
        undefined,
        r === unnamed[unnamed.length - 1],
      );
      if (!ok) return;
      p.reviewersNamed.push(r.part);
    }

    // 7. The team invited to quote, each on its job.
    for (const [k, job] of plan.jobs.entries()) {
      if (p.invited.includes(k)) continue;
      flow.step(LABEL, `Inviting the team (${k + 1} of ${plan.jobs.length})…`);
      const result = await postHiringDocument("invitation", {
        chainId: publicConfig.chainId,
        jobId: p.jobIds[k]!.toString(),
        vendor: job.vendor,
        message: `You are proposed for ${job.title} (project ${p.projectId}).`,
      });
      if (!result.ok) return flow.fail(LABEL, `the invitation to ${job.vendor} was not sent: ${result.error}`);
      p.invited.push(k);
      save();
    }
    save();
    router.push(`/projects/${p.projectId}`);
  };

  /** Runs (or resumes) the whole flow once; a second call while it runs does nothing. */
  const start = async (draft: ProjectDraft, token: TokenOption, plan: ChainPlan) => {
    if (!connection.address) {
      loader.requestConnect();
      return flow.fail(LABEL, "connect your wallet first");
    }
    if (connection.chainId !== publicConfig.chainId) {
      return flow.fail(LABEL, `switch your wallet to ${publicConfig.chainName} first; nothing was sent`);
    }
    const account = connection.address;
    await flow.exclusive(LABEL, async () => {
      if (await pausedNow()) return flow.fail(LABEL, "new business is paused by the operator; nothing was sent");
      const key = planKey(draft, plan);
      if (progress.current === null || (progress.current.projectId === null && progress.current.key !== key)) {
        progress.current = fresh(key, plan.jobs.length);
      } else if (progress.current.key !== key) {
        return flow.fail(
          LABEL,
          `project ${progress.current.projectId} was created from the earlier plan; reload to start another`,
        );
      }
      save();
      await steps(draft, token, plan, account);
    });
  };

  return { flow, start, progress: shown, started: shown !== null && shown.projectId !== null };
}
