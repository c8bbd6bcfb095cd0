"use client";
/**
 * Post a job: every field, totals before signing, then for an ERC-20 with permit one signature and
 * one transaction (multicall: postJob + fundWithPermit); for ETH, postJob then fund with the value.
 */
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState, type FormEvent } from "react";
import { parseEventLogs, parseUnits, zeroAddress, type Address, type Hash, type TransactionReceipt } from "viem";
import { useConfig, useConnection } from "wagmi";
import { getBalance, simulateContract, writeContract } from "wagmi/actions";
import { mosaicEscrowAbi } from "@mosaic/sdk/contracts";
import { TransactionStatus, useTransactionFlow } from "@/components/tx/transaction";
import { usePublicConfig, useWalletLoader } from "@/components/wallet/context";
import { signPermit, supportsPermit, tokenBalance } from "@/components/wallet/permit";
import { useSiweSession } from "@/components/wallet/siwe-session";
import { formatAmount, skillTagOf } from "@/lib/format";
import { skillSlugProblem } from "@/lib/skill-slug";
import type { PostJobOptions } from "./types";
import { toUnix, validate, type Errors, type FormInput, type MilestoneInput } from "./validate";

const DAY = 86_400;

function localInput(unix: number): string {
  const d = new Date(unix * 1000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function FieldError({ id, error }: { id: string; error?: string }) {
  return error ? (
    <span id={id} className="field-error">
      {error}
    </span>
  ) : null;
}

export default function PostJobForm({ options }: { options: PostJobOptions }) {
  const config = useConfig();
  const publicConfig = usePublicConfig();
  const loader = useWalletLoader();
  const connection = useConnection();
  const session = useSiweSession();
  const flow = useTransactionFlow();
  const router = useRouter();
  const [offset] = useState(() => options.chainNow - Math.floor(Date.now() / 1000));
  const nextKey = useState(() => ({ value: 3 }))[0];
  const [input, setInput] = useState<FormInput>(() => ({
    title: "",
    description: "",
    skills: [],
    otherSkills: "",
    token: options.tokens.find((t) => !t.isEther)?.address ?? options.tokens[0]?.address ?? zeroAddress,
    milestones: [
      { key: 1, title: "", amount: "", bonus: "", deadline: localInput(options.chainNow + 14 * DAY) },
      { key: 2, title: "", amount: "", bonus: "", deadline: localInput(options.chainNow + 28 * DAY) },
    ],
    reviewDays: "5",
    arbiter: "",
    arbiterFeePercent: "1",
    hiring: "open",
    minRating: "0",
    minPaidJobs: "0",
    utcOffset: String(-new Date().getTimezoneOffset() / 60),
    overlapHours: "3",
    rateCeiling: "",
  }));
  const [errors, setErrors] = useState<Errors>({});
  const [focusFirstError, setFocusFirstError] = useState(0);
  useEffect(() => {
    if (focusFirstError === 0) return;
    document.querySelector<HTMLElement>("form[aria-label='Post a job'] [aria-invalid='true']")?.focus();
  }, [focusFirstError]);
  const [balance, setBalance] = useState<bigint | null>(null);
  const token = options.tokens.find((t) => t.address.toLowerCase() === input.token.toLowerCase()) ?? options.tokens[0];
  const escrow = publicConfig.contracts?.escrow;

  useEffect(() => {
    let cancelled = false;
    const owner = connection.address;
    if (!owner || !token) return setBalance(null);
    (token.isEther
      ? getBalance(config, { address: owner }).then((b) => b.value)
      : tokenBalance(config, token.address, owner)
    )
      .then((b) => !cancelled && setBalance(b))
      .catch(() => !cancelled && setBalance(null));
    return () => {
      cancelled = true;
    };
  }, [config, connection.address, token, flow.phase.kind]);

  const update = <K extends keyof FormInput>(key: K, value: FormInput[K]) =>
    setInput((prev) => ({ ...prev, [key]: value }));
  const updateMilestone = (key: number, patch: Partial<MilestoneInput>) =>
    setInput((prev) => ({ ...prev, milestones: prev.milestones.map((m) => (m.key === key ? { ...m, ...patch } : m)) }));

  const arbiterFeeBps = input.arbiter.trim()
    ? Math.round(Number(input.arbiterFeePercent || "0") * 100)
    : (options.defaultArbiter?.feeBps ?? 0);

  const totals = useMemo(() => {
    if (!token) return null;
    let amount = 0n;
    let bonus = 0n;
    for (const m of input.milestones) {
      try {
        amount += parseUnits(m.amount.trim() || "0", token.decimals);
        bonus += parseUnits(m.bonus.trim() || "0", token.decimals);
      } catch {
        return null;
      }
    }
    const escrowTotal = amount + bonus;
    return {
      amount,
      bonus,
      escrowTotal,
      platformFee: (escrowTotal * BigInt(options.feeBps) + 9_999n) / 10_000n,
      arbiterFee: (escrowTotal * BigInt(arbiterFeeBps)) / 10_000n,
    };
  }, [input.milestones, token, options.feeBps, arbiterFeeBps]);

  const skillNames = [
    ...input.skills,
    ...input.otherSkills
      .split(",")
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  ];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const now = Math.floor(Date.now() / 1000) + offset;
    const found = validate(input, { decimals: token?.decimals ?? 18, now, ...options });
    if (totals && balance !== null && balance < totals.escrowTotal) {
      found.token = `Your balance (${formatAmount(balance, token)}) does not cover the escrow total (${formatAmount(totals.escrowTotal, token)}).`;
    }
    for (const name of skillNames) {
      if (new TextEncoder().encode(name).length > 31)
        found.otherSkills = `"${name}" is too long for a skill tag (31 bytes).`;
      else if (skillSlugProblem(name)) found.otherSkills ??= skillSlugProblem(name)!;
    }
    setErrors(found);
    if (Object.keys(found).length > 0) {
      // The fields are marked invalid on the next render: focus the first one then.
      setFocusFirstError((n) => n + 1);
      return;
    }
    if (options.paused) {
      return flow.fail("Post and fund job", "new business is paused by the operator; nothing was sent");
    }
    if (!connection.address) {
      loader.requestConnect();
      return flow.fail("Post and fund job", "connect your wallet first");
    }
    if (!escrow || !token || !totals) return flow.fail("Post and fund job", "Mosaic is not deployed on this chain");
    if (connection.chainId !== publicConfig.chainId) {
      return flow.fail("Post and fund job", `switch your wallet to ${publicConfig.chainName} first; nothing was sent`);
    }
    // From here to the job's page the flow is taken: a second click (a double-click) does nothing.
    await flow.exclusive("Post and fund job", () => postAndFund(now, token, totals, escrow, connection.address!));
  };

  const postAndFund = async (
    now: number,
    token: NonNullable<(typeof options.tokens)[number]>,
    totals: { escrowTotal: bigint },
    escrow: Address,
    account: Address,
  ) => {
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
      const [posted] = parseEventLogs({ abi: mosaicEscrowAbi, eventName: "JobPosted", logs: receipt.logs });
      if (posted) jobId = posted.args.jobId;
    };
    let ok: boolean;
    if (token.isEther) {
      // One transaction: post and escrow every milestone with the ETH sent.
      ok = await flow.run(
        "Post and fund job",
        async (): Promise<Hash> => {
          const { request } = await simulateContract(config, {
            address: escrow,
            abi: mosaicEscrowAbi,
            functionName: "postAndFund",
            args: [terms, milestones],
            value: totals.escrowTotal,
            account,
          });
          return writeContract(config, request);
        },
        { onReceipt: readJobId, refresh: false, waitForIndex: false },
      );
    } else {
      const permitDeadline = BigInt(now + 3600);
      const canPermit = await supportsPermit(config, token.address);
      if (!canPermit) return flow.fail("Post and fund job", `${token.symbol} does not support permits`);
      const permit = await flow.sign("Permit signature", () =>
        signPermit(config, {
          token: token.address,
          owner: account,
          spender: escrow,
          value: totals.escrowTotal,
          deadline: permitDeadline,
          chainId: publicConfig.chainId,
        }),
      );
      if (!permit) return;
      // One signature (the permit), then one transaction that posts and funds.
      ok = await flow.run(
        "Post and fund job",
        async (): Promise<Hash> => {
          const { request } = await simulateContract(config, {
            address: escrow,
            abi: mosaicEscrowAbi,
            functionName: "postAndFundWithPermit",
            args: [terms, milestones, permitDeadline, permit.v, permit.r, permit.s],
            account,
          });
          return writeContract(config, request);
        },
        { onReceipt: readJobId, refresh: false, waitForIndex: false },
      );
    }
    if (ok && jobId !== null) router.push(`/jobs/${jobId}`);
  };

  /** The error key and the id of the element that shows it (milestone keys contain a dot, ids use a dash). */
  const invalid = (name: string, errorId = `${name}-error`) =>
    errors[name] ? { "aria-invalid": true as const, "aria-describedby": errorId } : {};

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label="Post a job">
      <fieldset>
        <legend>The work</legend>
        <div className="field">
          <label htmlFor="title">Job title</label>
          <input
            id="title"
            value={input.title}
            onChange={(e) => update("title", e.target.value)}
            maxLength={200}
            {...invalid("title")}
          />
          <FieldError id="title-error" error={errors.title} />
        </div>
        <div className="field">
          <label htmlFor="description">Description</label>
          <textarea
            id="description"
            rows={6}
            value={input.description}
            onChange={(e) => update("description", e.target.value)}
            {...invalid("description")}
          />
          <FieldError id="description-error" error={errors.description} />
        </div>
        <fieldset>
          <legend>Skills</legend>
          <div className="tags">
            {options.skills.map((s) => (
              <label key={s.tag} className="tag">
                <input
                  type="checkbox"
                  checked={input.skills.includes(s.name)}
                  onChange={(e) =>
                    update(
                      "skills",
                      e.target.checked ? [...input.skills, s.name] : input.skills.filter((x) => x !== s.name),
                    )
                  }
                />{" "}
                {s.name}
              </label>
            ))}
          </div>
          <div className="field">
            <label htmlFor="other-skills">Other skills (comma-separated)</label>
            <input
              id="other-skills"
              value={input.otherSkills}
              onChange={(e) => update("otherSkills", e.target.value)}
              {...invalid("otherSkills")}
            />
            <FieldError id="otherSkills-error" error={errors.otherSkills} />
          </div>
        </fieldset>
      </fieldset>

      <fieldset>
        <legend>Payment</legend>
        <div className="field">
          <label htmlFor="token">Payment token</label>
          <select
            id="token"
            value={input.token}
            onChange={(e) => update("token", e.target.value)}
            {...invalid("token")}
          >
            {options.tokens.map((t) => (
              <option key={t.address} value={t.address}>
                {t.symbol}
              </option>
            ))}
          </select>
          <span className="hint">
            {balance !== null && token
              ? `Your balance: ${formatAmount(balance, token)}`
              : "Connect your wallet to see your balance."}
          </span>
          <FieldError id="token-error" error={errors.token} />
        </div>
        {input.milestones.map((m, i) => {
          const n = i + 1;
          return (
            <fieldset key={m.key}>
              <legend>Milestone {n}</legend>
              <div className="field">
                <label htmlFor={`m${m.key}-title`}>Milestone {n} title</label>
                <input
                  id={`m${m.key}-title`}
                  value={m.title}
                  onChange={(e) => updateMilestone(m.key, { title: e.target.value })}
                />
              </div>
              <div className="row">
                <div className="field">
                  <label htmlFor={`m${m.key}-amount`}>Milestone {n} amount</label>
                  <input
                    id={`m${m.key}-amount`}
                    inputMode="decimal"
                    value={m.amount}
                    onChange={(e) => updateMilestone(m.key, { amount: e.target.value })}
                    {...invalid(`m${m.key}.amount`, `m${m.key}-amount-error`)}
                  />
                  <FieldError id={`m${m.key}-amount-error`} error={errors[`m${m.key}.amount`]} />
                </div>
                <div className="field">
                  <label htmlFor={`m${m.key}-bonus`}>Milestone {n} outcome bonus</label>
                  <input
                    id={`m${m.key}-bonus`}
                    inputMode="decimal"
                    placeholder="0"
                    value={m.bonus}
                    onChange={(e) => updateMilestone(m.key, { bonus: e.target.value })}
                    {...invalid(`m${m.key}.bonus`, `m${m.key}-bonus-error`)}
                  />
                  <FieldError id={`m${m.key}-bonus-error`} error={errors[`m${m.key}.bonus`]} />
                </div>
                <div className="field">
                  <label htmlFor={`m${m.key}-deadline`}>Milestone {n} deadline</label>
                  <input
                    id={`m${m.key}-deadline`}
                    type="datetime-local"
                    value={m.deadline}
                    onChange={(e) => updateMilestone(m.key, { deadline: e.target.value })}
                    {...invalid(`m${m.key}.deadline`, `m${m.key}-deadline-error`)}
                  />
                  <FieldError id={`m${m.key}-deadline-error`} error={errors[`m${m.key}.deadline`]} />
                </div>
              </div>
              {input.milestones.length > 1 && (
                <button
                  type="button"
                  className="button"
                  onClick={() =>
                    update(
                      "milestones",
                      input.milestones.filter((x) => x.key !== m.key),
                    )
                  }
                >
                  Remove milestone {n}
                </button>
              )}
            </fieldset>
          );
        })}
        <FieldError id="milestones-error" error={errors.milestones} />
        {input.milestones.length < options.maxMilestones && (
          <button
            type="button"
            className="button"
            onClick={() => {
              const last = input.milestones[input.milestones.length - 1];
              const after = last?.deadline ? toUnix(last.deadline) : options.chainNow;
              update("milestones", [
                ...input.milestones,
                { key: nextKey.value++, title: "", amount: "", bonus: "", deadline: localInput(after + 14 * DAY) },
              ]);
            }}
          >
            Add milestone
          </button>
        )}
        <p className="hint small">Deadlines are checked against the chain&apos;s clock.</p>
      </fieldset>

      <fieldset>
        <legend>Review and disputes</legend>
        <div className="field">
          <label htmlFor="review-days">Review window (days)</label>
          <input
            id="review-days"
            type="number"
            min={options.minReviewDays}
            max={options.maxReviewDays}
            value={input.reviewDays}
            onChange={(e) => update("reviewDays", e.target.value)}
            {...invalid("reviewDays")}
          />
          <span className="hint">
            After a submission you have this long to approve or ask for changes; then anyone may release it.
          </span>
          <FieldError id="reviewDays-error" error={errors.reviewDays} />
        </div>
        <div className="field">
          <label htmlFor="arbiter">Arbiter address (empty for the default)</label>
          <input
            id="arbiter"
            value={input.arbiter}
            onChange={(e) => update("arbiter", e.target.value)}
            placeholder="0x…"
            {...invalid("arbiter")}
          />
          <span className="hint">
            {options.defaultArbiter
              ? `Default arbiter ${options.defaultArbiter.address}, fee ${(options.defaultArbiter.feeBps / 100).toFixed(2)}% of a disputed amount.`
              : "No default arbiter is set: name one."}
          </span>
          <FieldError id="arbiter-error" error={errors.arbiter} />
        </div>
        {input.arbiter.trim() && (
          <div className="field">
            <label htmlFor="arbiter-fee">Arbiter fee (%)</label>
            <input
              id="arbiter-fee"
              inputMode="decimal"
              value={input.arbiterFeePercent}
              onChange={(e) => update("arbiterFeePercent", e.target.value)}
              {...invalid("arbiterFeePercent")}
            />
            <FieldError id="arbiterFeePercent-error" error={errors.arbiterFeePercent} />
          </div>
        )}
      </fieldset>

      <fieldset>
        <legend>Hiring</legend>
        <label>
          <input
            type="radio"
            name="hiring"
            checked={input.hiring === "open"}
            onChange={() => update("hiring", "open")}
          />{" "}
          Open: qualified vendors may claim it
        </label>
        <br />
        <label>
          <input
            type="radio"
            name="hiring"
            checked={input.hiring === "invite"}
            onChange={() => update("hiring", "invite")}
          />{" "}
          Invite: hire from a vendor&apos;s signed quote
        </label>
        {input.hiring === "open" && (
          <div className="row">
            <div className="field">
              <label htmlFor="min-rating">Minimum rating (0–5)</label>
              <input
                id="min-rating"
                inputMode="decimal"
                value={input.minRating}
                onChange={(e) => update("minRating", e.target.value)}
                {...invalid("minRating")}
              />
              <FieldError id="minRating-error" error={errors.minRating} />
            </div>
            <div className="field">
              <label htmlFor="min-ratings">Minimum paid jobs</label>
              <input
                id="min-ratings"
                inputMode="numeric"
                value={input.minPaidJobs}
                onChange={(e) => update("minPaidJobs", e.target.value)}
                {...invalid("minPaidJobs")}
              />
              <FieldError id="minPaidJobs-error" error={errors.minPaidJobs} />
            </div>
          </div>
        )}
      </fieldset>

      <fieldset>
        <legend>For matching</legend>
        <div className="row">
          <div className="field">
            <label htmlFor="utc-offset">Your UTC offset (hours)</label>
            <input
              id="utc-offset"
              inputMode="decimal"
              value={input.utcOffset}
              onChange={(e) => update("utcOffset", e.target.value)}
              {...invalid("utcOffset")}
            />
            <FieldError id="utcOffset-error" error={errors.utcOffset} />
          </div>
          <div className="field">
            <label htmlFor="overlap">Working-hour overlap wanted (hours)</label>
            <input
              id="overlap"
              inputMode="numeric"
              value={input.overlapHours}
              onChange={(e) => update("overlapHours", e.target.value)}
              {...invalid("overlapHours")}
            />
            <FieldError id="overlapHours-error" error={errors.overlapHours} />
          </div>
          <div className="field">
            <label htmlFor="rate-ceiling">Rate ceiling (USD per hour)</label>
            <input
              id="rate-ceiling"
              inputMode="decimal"
              value={input.rateCeiling}
              onChange={(e) => update("rateCeiling", e.target.value)}
              {...invalid("rateCeiling")}
            />
            <FieldError id="rateCeiling-error" error={errors.rateCeiling} />
          </div>
        </div>
      </fieldset>

      <section aria-labelledby="totals-title" className="card">
        <h2 id="totals-title">Totals</h2>
        {totals && token ? (
          <dl className="facts">
            <dt>Milestone amounts</dt>
            <dd>{formatAmount(totals.amount, token)}</dd>
            <dt>Outcome bonuses</dt>
            <dd>{formatAmount(totals.bonus, token)}</dd>
            <dt>Escrow total (you send)</dt>
            <dd>{formatAmount(totals.escrowTotal, token)}</dd>
            <dt>Platform fee ({(options.feeBps / 100).toFixed(2)}%, from what the vendor is paid)</dt>
            <dd>{formatAmount(totals.platformFee, token)}</dd>
            <dt>Arbiter fee ({(arbiterFeeBps / 100).toFixed(2)}%, only if disputed)</dt>
            <dd>up to {formatAmount(totals.arbiterFee, token)}</dd>
          </dl>
        ) : (
          <p>Enter valid amounts to see the totals.</p>
        )}
        <p className="hint small">
          {token?.isEther
            ? "One transaction that posts the job and escrows the ETH."
            : "One permit signature, then one transaction that posts and funds the job."}
        </p>
      </section>
      <div className="actions">
        <button type="submit" className="button primary" disabled={flow.busy}>
          Post and fund job
        </button>
      </div>
      <TransactionStatus phase={flow.phase} />
    </form>
  );
}
