"use client";
/**
 * The wallet half of the post-a-job form, loaded with the wallet runtime on the form's first
 * interaction: the balance, sign-in, the spec upload, the permit and the transaction. For an
 * ERC-20 with permit, one signature and one transaction (postAndFundWithPermit); for ETH, one
 * transaction with the value (postAndFund). Only the escrow functions called are in its ABI.
 */
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { parseEventLogs, parseUnits, zeroAddress, type Address, type Hash, type TransactionReceipt } from "viem";
import { useConfig, useConnection } from "wagmi";
import { getBalance, readContract, simulateContract, writeContract } from "wagmi/actions";
import { mosaicEscrowAbi } from "@mosaic/sdk/contracts";
import { TransactionStatus, useTransactionFlow } from "@/components/tx/transaction";
import { usePublicConfig, useWalletLoader } from "@/components/wallet/context";
import { signPermit, supportsPermit, tokenBalance } from "@/components/wallet/permit";
import { useSiweSession } from "@/components/wallet/siwe-session";
import { skillTagOf } from "@/lib/format";
import type { PostJobOptions } from "./types";
import { toUnix, type FormInput } from "./validate";

const DAY = 86_400;

/** What the escrow is asked for: the two posting functions, the pause, and the event that names the new job. */
const postAbi = mosaicEscrowAbi.filter(
  (item) =>
    (item.type === "function" &&
      (item.name === "postAndFund" || item.name === "postAndFundWithPermit" || item.name === "paused")) ||
    (item.type === "event" && item.name === "JobPosted"),
) as unknown as typeof mosaicEscrowAbi;

type Token = PostJobOptions["tokens"][number];

/** Everything the form has checked, as it stands when the user sends it. */
export interface PostRequest {
  now: number;
  input: FormInput;
  token: Token | undefined;
  escrowTotal: bigint | null;
  skillNames: string[];
  arbiterFeeBps: number;
}

export interface PostJobSenderApi {
  send: (request: PostRequest) => Promise<void>;
}

export default function PostJobSender(props: {
  options: PostJobOptions;
  token: Token | undefined;
  onReady: (api: PostJobSenderApi) => void;
  onBalance: (balance: bigint | null) => void;
  onBusy: (busy: boolean) => void;
}) {
  const { options, token, onReady, onBalance, onBusy } = props;
  const config = useConfig();
  const publicConfig = usePublicConfig();
  const loader = useWalletLoader();
  const connection = useConnection();
  const session = useSiweSession();
  const flow = useTransactionFlow();
  const router = useRouter();
  const escrow = publicConfig.contracts?.escrow;

  useEffect(() => {
    let cancelled = false;
    const owner = connection.address;
    if (!owner || !token) return onBalance(null);
    (token.isEther
      ? getBalance(config, { address: owner }).then((b) => b.value)
      : tokenBalance(config, token.address, owner)
    )
      .then((b) => !cancelled && onBalance(b))
      .catch(() => !cancelled && onBalance(null));
    return () => {
      cancelled = true;
    };
  }, [config, connection.address, token, flow.phase.kind]);

  useEffect(() => onBusy(flow.busy), [flow.busy]);

  const postAndFund = async (
    request: PostRequest,
    token: Token,
    escrowTotal: bigint,
    escrow: Address,
    account: Address,
  ) => {
    const { input, now, skillNames, arbiterFeeBps } = request;
    // 1. The spec document (needs a signed-in session).
    if (session.state.status !== "signed-in") {
      flow.step("Post and fund job", "Signing in…");
      if (!(await session.signIn())) {
        return flow.fail("Post and fund job", "sign in with your wallet to store the job's specification");
      }
    }
    flow.step("Post and fund job", "Storing the job's specification…");
    const reviewWindow = Number(input.reviewDays) * DAY;
    const spec = {
      version: 1,
      title: input.title.trim(),
      description: input.description.trim(),
      skills: skillNames,
      milestones: input.milestones.map((m, i) => ({ title: m.title.trim() || `Milestone ${i + 1}` })),
      ...(input.utcOffset.trim() ? { timezoneOffsetMinutes: Math.round(Number(input.utcOffset) * 60) } : {}),
      ...(input.overlapHours.trim() ? { overlapHours: Number(input.overlapHours) } : {}),
      ...(input.rateCeiling.trim() ? { rateMaxCents: Math.round(Number(input.rateCeiling) * 100) } : {}),
    };
    const stored = await fetch("/api/documents", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "job-spec", content: spec }),
    });
    const storedBody = (await stored.json()) as { cid?: string; error?: string };
    if (!stored.ok || !storedBody.cid)
      return flow.fail("Post and fund job", `the specification was refused: ${storedBody.error}`);

    // 2. The terms as the contract takes them.
    const terms = {
      token: token.address,
      // The arbiter the form showed, never address(0): the job binds it even if the operator's
      // announced default arbiter change takes effect before the transaction is mined.
      arbiter: (input.arbiter.trim() || options.defaultArbiter?.address || zeroAddress) as Address,
      arbiterFeeBps,
      reviewWindow,
      open: input.hiring === "open",
      minRating: input.hiring === "open" ? Math.round(Number(input.minRating || "0") * 100) : 0,
      minPaidJobs: input.hiring === "open" ? Number(input.minPaidJobs || "0") : 0,
      requiredSkills: [...new Set(skillNames)].map((s) => skillTagOf(s) as `0x${string}`),
      specCid: storedBody.cid,
    };
    const milestones = input.milestones.map((m) => {
      const deadline = toUnix(m.deadline);
      const bonus = parseUnits(m.bonus.trim() || "0", token.decimals);
      return {
        amount: parseUnits(m.amount.trim(), token.decimals),
        bonus,
        deadline,
        // The bonus is decided after the base: its deadline trails the review window by a week.
        outcomeDeadline: bonus > 0n ? deadline + reviewWindow + 7 * DAY : 0,
      };
    });
    let jobId: bigint | null = null;
    const readJobId = (receipt: TransactionReceipt) => {
      const [posted] = parseEventLogs({ abi: postAbi, eventName: "JobPosted", logs: receipt.logs });
      if (posted) jobId = posted.args.jobId;
    };
    /** Simulates (so a revert is explained before the wallet is asked), then sends; reads the new job's id. */
    const post = (request: Parameters<typeof simulateContract>[1]) =>
      flow.run(
        "Post and fund job",
        async (): Promise<Hash> => {
          const simulated = await simulateContract(config, request);
          return writeContract(config, simulated.request as never);
        },
        { onReceipt: readJobId, refresh: false, waitForIndex: false },
      );
    let ok: boolean;
    if (token.isEther) {
      // One transaction: post and escrow every milestone with the ETH sent.
      ok = await post({
        address: escrow,
        abi: postAbi,
        functionName: "postAndFund",
        args: [terms, milestones],
        value: escrowTotal,
        account,
      } as never);
    } else {
      const permitDeadline = BigInt(now + 3600);
      const canPermit = await supportsPermit(config, token.address);
      if (!canPermit) return flow.fail("Post and fund job", `${token.symbol} does not support permits`);
      const permit = await flow.sign("Permit signature", () =>
        signPermit(config, {
          token: token.address,
          owner: account,
          spender: escrow,
          value: escrowTotal,
          deadline: permitDeadline,
          chainId: publicConfig.chainId,
        }),
      );
      if (!permit) return;
      // One signature (the permit), then one transaction that posts and funds.
      ok = await post({
        address: escrow,
        abi: postAbi,
        functionName: "postAndFundWithPermit",
        args: [terms, milestones, permitDeadline, permit.v, permit.r, permit.s],
        account,
      } as never);
    }
    if (ok && jobId !== null) router.push(`/jobs/${jobId}`);
  };

  /** The pause as the escrow has it now: the page may have been rendered before the operator resumed. */
  const pausedNow = async (): Promise<boolean> => {
    if (!escrow) return options.paused === true;
    return readContract(config, { address: escrow, abi: postAbi, functionName: "paused" } as never).then(
      (value) => value === true,
      () => options.paused === true,
    );
  };

  const send = async (request: PostRequest) => {
    if (await pausedNow()) {
      return flow.fail("Post and fund job", "new business is paused by the operator; nothing was sent");
    }
    if (!connection.address) {
      loader.requestConnect();
      return flow.fail("Post and fund job", "connect your wallet first");
    }
    const { token, escrowTotal } = request;
    if (!escrow || !token || escrowTotal === null)
      return flow.fail("Post and fund job", "Mosaic is not deployed on this chain");
    if (connection.chainId !== publicConfig.chainId) {
      return flow.fail("Post and fund job", `switch your wallet to ${publicConfig.chainName} first; nothing was sent`);
    }
    // From here to the job's page the flow is taken: a second click (a double-click) does nothing.
    const account = connection.address;
    await flow.exclusive("Post and fund job", () => postAndFund(request, token, escrowTotal, escrow, account));
  };

  // The form calls the latest `send` (it closes over this render's connection and session).
  useEffect(() => onReady({ send }));

  return <TransactionStatus phase={flow.phase} />;
}
