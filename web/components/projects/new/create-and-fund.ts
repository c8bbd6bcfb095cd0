"use client";
/**
 * Create and fund: the specifications stored, `createProject`, every part's job posted and funded
 * as an invite job (ERC-20: approve once if the allowance is short, then one escrow `multicall` of
 * `postAndFund`; ETH: one `postAndFund` each, `multicall` being not payable), the relay shifts set,
 * every job linked in one `linkJobs`, the reviewers named (if any) with their shares deposited, and
 * the chosen vendors invited to quote. Each step is remembered once done, so a click after a
 * failure resumes where it stopped and nothing is sent twice; from the first click the flow is
 * taken (a double click does nothing).
 *
 * Money-safe across reloads and tabs: the plan and every step's outcome (the specifications' CIDs,
 * the project id from its receipt, the job ids from the posting's receipt, each transaction's hash)
 * are kept in localStorage under the account, chain, registry and a hash of the plan, written
 * before the wallet is asked (the step), once it answers (the hash) and after each receipt. The
 * page offers to resume an unfinished creation; a transaction sent before a reload is awaited,
 * never sent again, and before each step the chain is asked whether its effect exists already
 * (the client's ProjectCreated and JobPosted with the same CIDs, partOf, linkOf). Two tabs never
 * run the same creation at once (a Web Lock).
 */
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import {
  encodeFunctionData,
  erc20Abi,
  keccak256,
  parseEventLogs,
  stringToHex,
  type Abi,
  type Address,
  type Hash,
  type TransactionReceipt,
} from "viem";
import { useConfig, useConnection } from "wagmi";
import { getPublicClient, readContract, simulateContract, writeContract } from "wagmi/actions";
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

/** What is done so far, kept across clicks and reloads (a retry skips it). */
export interface Progress {
  /** The hash of the plan it was made for: a plan changed before the project exists starts afresh. */
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

/** JSON with bigints kept as bigints (amounts, ids, block numbers). */
const encode = (value: unknown) =>
  JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? { $bigint: v.toString() } : v));
const decode = <T>(text: string): T =>
  JSON.parse(text, (_, v: unknown) =>
    v !== null &&
    typeof v === "object" &&
    Object.keys(v).length === 1 &&
    typeof (v as { $bigint?: unknown }).$bigint === "string"
      ? BigInt((v as { $bigint: string }).$bigint)
      : v,
  ) as T;

const planKey = (draft: ProjectDraft, plan: ChainPlan) => keccak256(stringToHex(encode([draft, plan]))).slice(2, 26);

/** A creation as kept in localStorage: the plan and its progress, resumable after a reload or in another tab. */
export interface SavedCreation {
  /** Its localStorage key: account, chain, registry and the plan's hash. */
  storageKey: string;
  account: Address;
  draft: ProjectDraft;
  token: TokenOption;
  plan: ChainPlan;
  /** The block before the first transaction: the chain is searched for this creation's effects from it. */
  fromBlock: bigint;
  progress: Progress;
  /** The step whose wallet request is out, with its hash once the wallet answered (awaited after a reload). */
  pending: { step: string; hash: Hash | null } | null;
}

const STORE = "mosaic:project-create";
const storePrefix = (chainId: number, registry: Address, account: Address) =>
  `${STORE}:${chainId}:${registry.toLowerCase()}:${account.toLowerCase()}:`;

function loadSaved(storageKey: string): SavedCreation | null {
  try {
    const text = window.localStorage.getItem(storageKey);
    return text ? decode<SavedCreation>(text) : null;
  } catch {
    return null;
  }
}

/** The account's unfinished creations on this chain, oldest first. */
function unfinishedCreations(chainId: number, registry: Address, account: Address): SavedCreation[] {
  const prefix = storePrefix(chainId, registry, account);
  const found: SavedCreation[] = [];
  for (let i = 0; i < window.localStorage.length; i++) {
    const key = window.localStorage.key(i);
    const saved = key?.startsWith(prefix) ? loadSaved(key) : null;
    if (saved) found.push(saved);
  }
  return found.sort((a, b) => (a.fromBlock < b.fromBlock ? -1 : a.fromBlock > b.fromBlock ? 1 : 0));
}

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
/** MilestoneState.Funded in the escrow. */
const FUNDED = 2;
/** How far back a project created with the same specification is looked for (another browser, storage cleared). */
const LOOKBACK_BLOCKS = 50_000n;

export function useCreateAndFund(options: CreateOptions) {
  const config = useConfig();
  const connection = useConnection();
  const publicConfig = usePublicConfig();
  const loader = useWalletLoader();
  const session = useSiweSession();
  const flow = useTransactionFlow();
  const router = useRouter();
  const saved = useRef<SavedCreation | null>(null);
  const [shown, setShown] = useState<Progress | null>(null);
  const [unfinished, setUnfinished] = useState<SavedCreation[]>([]);
  const account = connection.address;
  const chainId = publicConfig.chainId;
  const registry = options.projectRegistry;
  const refreshUnfinished = useCallback(() => {
    setUnfinished(account ? unfinishedCreations(chainId, registry, account) : []);
  }, [account, chainId, registry]);
  useEffect(() => {
    refreshUnfinished();
    // Another tab's progress shows here as it is written.
    window.addEventListener("storage", refreshUnfinished);
    return () => window.removeEventListener("storage", refreshUnfinished);
  }, [refreshUnfinished]);

  /** Writes the creation where a reload or another tab finds it, and shows its progress. */
  const save = () => {
    const s = saved.current;
    if (!s) return setShown(null);
    window.localStorage.setItem(s.storageKey, encode(s));
    setShown({ ...s.progress, sent: [...s.progress.sent] });
  };

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

  /**
   * Simulates (a revert is explained before the wallet asks), sends, and records the hash: the step
   * is saved as pending before the wallet is asked and its hash as soon as the wallet answers, so a
   * reload meanwhile awaits that transaction instead of sending the step again.
   */
  const send = async (
    step: string,
    request: { address: Address; abi: Abi; functionName: string; args: readonly unknown[]; value?: bigint },
    onReceipt?: (receipt: TransactionReceipt) => void,
    last = false,
  ) => {
    const s = saved.current!;
    const ok = await flow.run(
      step,
      async (): Promise<Hash> => {
        const simulated = await simulateContract(config, { ...request, account: connection.address } as never);
        s.pending = { step, hash: null };
        save();
        const hash = await writeContract(config, simulated.request as never);
        s.pending = { step, hash };
        save();
        return hash;
      },
      {
        onReceipt: (receipt) => {
          s.progress.sent.push({ step, hash: receipt.transactionHash });
          onReceipt?.(receipt);
        },
        refresh: false,
        // The project's page reads the index: the last step waits for it.
        waitForIndex: last,
      },
    );
    // Mined (or refused before it was sent): nothing is in flight any more.
    s.pending = null;
    save();
    return ok;
  };

  /**
   * What the chain already holds of this creation, taken into its progress: a transaction sent
   * before a reload is awaited first; then the project created with the same specification, the
   * jobs posted with the same specifications (not linked elsewhere), the relays set, the jobs
   * linked and the reviewers named.
   */
  const reconcile = async (s: SavedCreation): Promise<boolean> => {
    const client = getPublicClient(config);
    if (!client) return false;
    const p = s.progress;
    const { escrow, projectRegistry } = options;
    if (s.pending?.hash) {
      flow.step(LABEL, `Waiting for "${s.pending.step}", sent before…`);
      const receipt = await client
        .waitForTransactionReceipt({ hash: s.pending.hash, timeout: 120_000 })
        .catch(() => null);
      if (!receipt) {
        // Kept as pending: the next attempt awaits it again rather than sending the step twice.
        flow.fail(LABEL, `"${s.pending.step}" (${s.pending.hash}) is not mined yet; try again once it is`);
        return false;
      }
      if (receipt.status === "success" && !p.sent.some((t) => t.hash === receipt.transactionHash)) {
        p.sent.push({ step: s.pending.step, hash: receipt.transactionHash });
      }
    }
    s.pending = null;
    flow.step(LABEL, "Checking what the chain holds already…");
    if (p.projectId === null && p.specCid !== null) {
      const created = await client.getContractEvents({
        address: projectRegistry,
        abi: projectRegistryAbi,
        eventName: "ProjectCreated",
        args: { client: s.account },
        fromBlock: s.fromBlock,
      });
      const mine = created.find((e) => e.args.specCid === p.specCid);
      if (mine) p.projectId = mine.args.projectId!;
    }
    const linkOf = (jobId: bigint) =>
      client.readContract({ address: projectRegistry, abi: projectRegistryAbi, functionName: "linkOf", args: [jobId] });
    if (p.projectId !== null && p.jobIds.some((id) => id === null)) {
      const posted = await client.getContractEvents({
        address: escrow,
        abi: mosaicEscrowAbi,
        eventName: "JobPosted",
        args: { client: s.account },
        fromBlock: s.fromBlock,
      });
      const taken = new Set(p.jobIds.filter((id) => id !== null).map(String));
      for (const [k, cid] of p.jobSpecCids.entries()) {
        if (p.jobIds[k] !== null) continue;
        for (const event of posted) {
          const jobId = event.args.jobId!;
          if (taken.has(String(jobId)) || event.args.terms?.specCid !== cid) continue;
          if (event.args.token?.toLowerCase() !== s.plan.terms.token.toLowerCase()) continue;
          const link = await linkOf(jobId);
          if (link.kind !== 0 && link.projectId !== p.projectId) continue;
          // Still holding its money (not cancelled meanwhile): a job linked as is.
          const first = await client.readContract({
            address: escrow,
            abi: mosaicEscrowAbi,
            functionName: "milestoneOf",
            args: [jobId, 0n],
          });
          if (link.kind === 0 && first.state !== FUNDED) continue;
          p.jobIds[k] = jobId;
          taken.add(String(jobId));
          break;
        }
      }
    }
    if (p.projectId !== null) {
      const partOf = (part: number) =>
        client.readContract({
          address: projectRegistry,
          abi: projectRegistryAbi,
          functionName: "partOf",
          args: [p.projectId!, part],
        });
      for (const relay of s.plan.relays) {
        if (!p.relaysSet.includes(relay.part) && (await partOf(relay.part)).shiftCount > 0) {
          p.relaysSet.push(relay.part);
        }
      }
      if (!p.linked && p.jobIds.every((id) => id !== null)) {
        const links = await Promise.all(p.jobIds.map((id) => linkOf(id!)));
        p.linked = links.every((l) => l.kind !== 0 && l.projectId === p.projectId);
      }
      for (const r of s.plan.reviewers) {
        if (!p.reviewersNamed.includes(r.part) && (await partOf(r.part)).reviewState !== 0) {
          p.reviewersNamed.push(r.part);
        }
      }
    }
    save();
    return true;
  };

  const pausedNow = () =>
    readContract(config, { address: options.escrow, abi: mosaicEscrowAbi, functionName: "paused" }).catch(() => false);

  /**
   * The client's project with this creation's specification CID, terms and parts, created lately
   * and with no job linked yet: taken as this creation's (its jobs are then looked for from its block).
   */
  const adoptProject = async (s: SavedCreation): Promise<boolean> => {
    const client = getPublicClient(config);
    const p = s.progress;
    if (!client || p.specCid === null) return false;
    flow.step(LABEL, "Looking for a project begun with this specification…");
    const head = await client.getBlockNumber();
    const created = await client
      .getContractEvents({
        address: options.projectRegistry,
        abi: projectRegistryAbi,
        eventName: "ProjectCreated",
        args: { client: s.account },
        fromBlock: head > LOOKBACK_BLOCKS ? head - LOOKBACK_BLOCKS : 0n,
      })
      // A node refusing so wide a range: only this browser's own record guards the creation then.
      .catch(() => []);
    const read = (functionName: "projectOf" | "partOf", args: readonly unknown[]) =>
      client.readContract({ address: options.projectRegistry, abi: projectRegistryAbi, functionName, args } as never);
    for (const event of created.reverse()) {
      const { projectId, specCid, token, budget } = event.args;
      if (specCid !== p.specCid || token?.toLowerCase() !== s.plan.terms.token.toLowerCase()) continue;
      if (budget !== s.plan.terms.budget) continue;
      const project = (await read("projectOf", [projectId])) as { partCount: number };
      if (project.partCount !== s.plan.parts.length) continue;
      const parts = (await Promise.all(s.plan.parts.map((_, i) => read("partOf", [projectId, i])))) as {
        committed: bigint;
      }[];
      if (parts.some((part) => part.committed > 0n)) continue;
      p.projectId = projectId!;
      if (event.blockNumber < s.fromBlock) s.fromBlock = event.blockNumber;
      save();
      return true;
    }
    return false;
  };

  const steps = async (draft: ProjectDraft, token: TokenOption, plan: ChainPlan, account: Address) => {
    const p = saved.current!.progress;
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

    // 2. The project and its parts: one created with this specification and nothing linked yet (this
    // browser forgot it, or another one began it) is taken up instead of creating a second.
    if (p.projectId === null && (await adoptProject(saved.current!))) {
      if (!(await reconcile(saved.current!))) return;
    }
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
      save();
    }

    // 5. Every job linked to its part (or shift) in one transaction.
    if (!p.linked) {
      // Asked of the chain right before sending: a job linked already is never linked again.
      const links = await Promise.all(
        p.jobIds.map((jobId) =>
          readContract(config, {
            address: projectRegistry,
            abi: projectRegistryAbi,
            functionName: "linkOf",
            args: [jobId!],
          }),
        ),
      );
      const unlinked = plan.jobs.flatMap((_, k) => (links[k].kind === 0 ? [k] : []));
      const ok = await send(
        "Link the jobs to the project",
        {
          address: projectRegistry,
          abi: projectRegistryAbi as Abi,
          functionName: "linkJobs",
          args: [
            p.projectId,
            unlinked.map((k) => plan.jobs[k].part),
            unlinked.map((k) => plan.jobs[k].shift),
            unlinked.map((k) => p.jobIds[k]),
          ],
        },
        undefined,
        plan.reviewers.length === 0,
      );
      if (!ok) return;
      p.linked = true;
      save();
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
      save();
    }

    // 7. The team invited to quote, each on its job (after a reload the session may need a sign-in).
    const signedIn = async () => (await fetch("/api/auth/session").catch(() => null))?.ok === true;
    if (p.invited.length < plan.jobs.length && !(await signedIn())) {
      flow.step(LABEL, "Signing in…");
      if (!(await session.signIn())) return flow.fail(LABEL, "sign in with your wallet to invite the team");
    }
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
    // Done: nothing is left to resume.
    window.localStorage.removeItem(saved.current!.storageKey);
    refreshUnfinished();
    router.push(`/projects/${p.projectId}`);
  };

  /** Runs the creation held in `saved`, in this tab only (another tab running it keeps it). */
  const runSaved = async () => {
    const s = saved.current!;
    const body = async () => {
      // Another tab may have gone further since this one read it.
      const latest = loadSaved(s.storageKey);
      if (latest) saved.current = latest;
      save();
      if (!(await reconcile(saved.current!))) return;
      const { draft, token, plan, account: owner } = saved.current!;
      await steps(draft, token, plan, owner);
    };
    const locks = typeof navigator === "undefined" ? undefined : navigator.locks;
    if (!locks) return body();
    await locks.request(s.storageKey, { ifAvailable: true }, async (lock) => {
      if (!lock) return flow.fail(LABEL, "this project is being created in another tab: carry on there");
      await body();
    });
  };

  /** Checks before any step: the wallet on this chain, new business open. */
  const ready = async (): Promise<Address | null> => {
    if (!connection.address) {
      loader.requestConnect();
      flow.fail(LABEL, "connect your wallet first");
      return null;
    }
    if (connection.chainId !== publicConfig.chainId) {
      flow.fail(LABEL, `switch your wallet to ${publicConfig.chainName} first; nothing was sent`);
      return null;
    }
    if (await pausedNow()) {
      flow.fail(LABEL, "new business is paused by the operator; nothing was sent");
      return null;
    }
    return connection.address;
  };

  /** Runs (or resumes) the whole flow once; a second call while it runs does nothing. */
  const start = async (draft: ProjectDraft, token: TokenOption, plan: ChainPlan) => {
    await flow.exclusive(LABEL, async () => {
      const owner = await ready();
      if (!owner) return;
      const key = planKey(draft, plan);
      const current = saved.current;
      if (current !== null && current.progress.projectId !== null && current.progress.key !== key) {
        return flow.fail(
          LABEL,
          `project ${current.progress.projectId} was created from the earlier plan; reload to start another`,
        );
      }
      const storageKey = storePrefix(chainId, registry, owner) + key;
      // The same plan begun before (a reload, another tab) goes on from where it is.
      saved.current = loadSaved(storageKey) ?? {
        storageKey,
        account: owner,
        draft,
        token,
        plan,
        fromBlock: await getPublicClient(config)!.getBlockNumber(),
        progress: fresh(key, plan.jobs.length),
        pending: null,
      };
      await runSaved();
    });
  };

  /** Goes on with a creation begun earlier (before a reload, or in another tab), from its first missing step. */
  const resume = async (creation: SavedCreation) => {
    await flow.exclusive(LABEL, async () => {
      const owner = await ready();
      if (!owner) return;
      if (owner.toLowerCase() !== creation.account.toLowerCase()) {
        return flow.fail(LABEL, `switch your wallet to ${creation.account} to resume this project`);
      }
      saved.current = loadSaved(creation.storageKey) ?? creation;
      await runSaved();
      refreshUnfinished();
    });
  };

  /** Forgets a creation nothing of which reached the chain. */
  const forget = (creation: SavedCreation) => {
    const latest = loadSaved(creation.storageKey);
    if (latest && latest.progress.projectId === null && latest.pending === null) {
      window.localStorage.removeItem(creation.storageKey);
    }
    refreshUnfinished();
  };

  return {
    flow,
    start,
    resume,
    forget,
    unfinished,
    progress: shown,
    started: shown !== null && shown.projectId !== null,
  };
}
