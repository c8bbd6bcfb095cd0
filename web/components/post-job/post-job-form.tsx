"use client";
/**
 * Post a job: every field and the totals, rendered on the server and checked in the browser. The
 * wallet half (balance, sign-in, permit, transaction: post-job-sender.tsx) loads with the wallet
 * runtime on the form's first interaction, so the page is usable before any wallet code arrives.
 */
import {
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
  type ComponentType,
  type FormEvent,
  type InputHTMLAttributes,
} from "react";
import { useWalletLoader } from "@/components/wallet/context";
import type { default as PostJobSenderComponent, PostJobSenderApi } from "./post-job-sender";
import type { PostJobOptions } from "./types";
import { localInput, toUnix } from "./local-time";
import type { Errors, FormInput, MilestoneInput } from "./validate";

/** The checks and amount arithmetic, loaded on the form's first interaction (not in the page's first load). */
type Checks = typeof import("./checks");
/** The form's fields that hold one string. */
type TextKey = { [K in keyof FormInput]: FormInput[K] extends string ? K : never }[keyof FormInput];
const importChecks = () => import("./checks");

type Sender = ComponentType<Parameters<typeof PostJobSenderComponent>[0]>;
const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

const noSubscription = () => () => {};

const DAY = 86_400;

function FieldError({ id, error }: { id: string; error?: string }) {
  return error ? (
    <span id={id} className="field-error">
      {error}
    </span>
  ) : null;
}

export default function PostJobForm({ options }: { options: PostJobOptions }) {
  const loader = useWalletLoader();
  // Until React has hydrated, the server-rendered fields are disabled: nothing typed is lost.
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  const [busy, setBusy] = useState(false);
  // A plain import() once the wallet runtime is there, through the checks module (next/dynamic would
  // add its loader to the page).
  const [PostJobSender, setPostJobSender] = useState<Sender | null>(null);
  useEffect(() => {
    if (loader.runtime) {
      void importChecks()
        .then((c) => c.importSender())
        .then((m) => setPostJobSender(() => m.default));
    }
  }, [loader.runtime]);
  const sender = useRef<PostJobSenderApi | null>(null);
  const senderWaiters = useRef<((api: PostJobSenderApi) => void)[]>([]);
  const onSenderReady = (api: PostJobSenderApi) => {
    sender.current = api;
    for (const resolve of senderWaiters.current.splice(0)) resolve(api);
  };
  /** The wallet half, loading the wallet runtime first if needed. */
  const walletSender = (): Promise<PostJobSenderApi> => {
    if (sender.current) return Promise.resolve(sender.current);
    void loader.load();
    return new Promise((resolve) => senderWaiters.current.push(resolve));
  };
  const [checks, setChecks] = useState<Checks | null>(null);
  const loadChecks = () =>
    importChecks().then((m) => {
      setChecks(m);
      return m;
    });
  /** The first focus, tap or key in the form starts loading the wallet code and the checks. */
  const wake = () => {
    if (!loader.runtime) void loader.load();
    if (!checks) void loadChecks();
  };
  const [offset] = useState(() => options.chainNow - Math.floor(Date.now() / 1000));
  const nextKey = useState(() => ({ value: 3 }))[0];
  const [input, setInput] = useState<FormInput>(() => ({
    title: "",
    description: "",
    skills: [],
    otherSkills: "",
    token: options.tokens.find((t) => !t.isEther)?.address ?? options.tokens[0]?.address ?? ZERO_ADDRESS,
    milestones: [
      // Deadlines and the UTC offset are in the browser's time zone: filled in once hydrated (below).
      { key: 1, title: "", amount: "", bonus: "", deadline: "" },
      { key: 2, title: "", amount: "", bonus: "", deadline: "" },
    ],
    reviewDays: "5",
    arbiter: "",
    arbiterFeePercent: "1",
    hiring: "open",
    minRating: "0",
    minPaidJobs: "0",
    utcOffset: "",
    overlapHours: "3",
    rateCeiling: "",
  }));
  useEffect(() => {
    setInput((prev) => ({
      ...prev,
      utcOffset: prev.utcOffset || String(-new Date().getTimezoneOffset() / 60),
      milestones: prev.milestones.map((m, i) =>
        m.deadline ? m : { ...m, deadline: localInput(options.chainNow + (i + 1) * 14 * DAY) },
      ),
    }));
  }, [options.chainNow]);
  const [errors, setErrors] = useState<Errors>({});
  const [focusFirstError, setFocusFirstError] = useState(0);
  useEffect(() => {
    if (focusFirstError === 0) return;
    document.querySelector<HTMLElement>("form[aria-label='Post a job'] [aria-invalid='true']")?.focus();
  }, [focusFirstError]);
  const [balance, setBalance] = useState<bigint | null>(null);
  const token = options.tokens.find((t) => t.address.toLowerCase() === input.token.toLowerCase()) ?? options.tokens[0];

  const update = <K extends keyof FormInput>(key: K, value: FormInput[K]) =>
    setInput((prev) => ({ ...prev, [key]: value }));
  const updateMilestone = (key: number, patch: Partial<MilestoneInput>) =>
    setInput((prev) => ({ ...prev, milestones: prev.milestones.map((m) => (m.key === key ? { ...m, ...patch } : m)) }));

  const arbiterFeeBps = input.arbiter.trim()
    ? Math.round(Number(input.arbiterFeePercent || "0") * 100)
    : (options.defaultArbiter?.feeBps ?? 0);

  const totalsOf = (c: Checks) =>
    token ? c.computeTotals(input.milestones, token.decimals, options.feeBps, arbiterFeeBps) : null;
  /** Null until the amounts are valid and the arithmetic has loaded (the form's first interaction). */
  const totals = checks ? totalsOf(checks) : null;
  const formatAmount = checks?.formatAmount;

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
    const loaded = checks ?? (await loadChecks());
    const { validate, skillNamesProblem } = loaded;
    const totals = totalsOf(loaded);
    const found = validate(input, { decimals: token?.decimals ?? 18, now, ...options });
    if (totals && balance !== null && balance < totals.escrowTotal) {
      found.token = `Your balance (${loaded.formatAmount(balance, token)}) does not cover the escrow total (${loaded.formatAmount(totals.escrowTotal, token)}).`;
    }
    const skillProblem = skillNamesProblem(skillNames);
    if (skillProblem) found.otherSkills = skillProblem;
    setErrors(found);
    if (Object.keys(found).length > 0) {
      // The fields are marked invalid on the next render: focus the first one then.
      setFocusFirstError((n) => n + 1);
      return;
    }
    const api = await walletSender();
    await api.send({
      now,
      input,
      token,
      escrowTotal: totals?.escrowTotal ?? null,
      skillNames,
      arbiterFeeBps,
    });
  };

  /** The error key and the id of the element that shows it (milestone keys contain a dot, ids use a dash). */
  const invalid = (name: string, errorId = `${name}-error`) =>
    errors[name] ? { "aria-invalid": true as const, "aria-describedby": errorId } : {};

  /** A text input with its label, hint and error message. */
  const textField = (
    id: string,
    key: TextKey,
    label: string,
    attributes: InputHTMLAttributes<HTMLInputElement>,
    hint?: string,
  ) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={input[key]}
        onChange={(e) => update(key, e.target.value)}
        {...attributes}
        {...invalid(key)}
      />
      {hint && <span className="hint">{hint}</span>}
      <FieldError id={`${key}-error`} error={errors[key]} />
    </div>
  );

  return (
    <form
      onSubmit={(e) => void submit(e)}
      onFocusCapture={wake}
      onPointerDownCapture={wake}
      noValidate
      aria-label="Post a job"
    >
      <fieldset disabled={!hydrated} style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
        <fieldset>
          <legend>The work</legend>
          {textField("title", "title", "Job title", { maxLength: 200 })}
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
            {textField("other-skills", "otherSkills", "Other skills (comma-separated)", {})}
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
              {balance !== null && token && formatAmount
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
          {textField(
            "review-days",
            "reviewDays",
            "Review window (days)",
            { type: "number", min: options.minReviewDays, max: options.maxReviewDays },
            "After a submission you have this long to approve or ask for changes; then anyone may release it.",
          )}
          {textField(
            "arbiter",
            "arbiter",
            "Arbiter address (empty for the default)",
            { placeholder: "0x…" },
            options.defaultArbiter
              ? `Default arbiter ${options.defaultArbiter.address}, fee ${(options.defaultArbiter.feeBps / 100).toFixed(2)}% of a disputed amount.`
              : "No default arbiter is set: name one.",
          )}
          {input.arbiter.trim() &&
            textField("arbiter-fee", "arbiterFeePercent", "Arbiter fee (%)", { inputMode: "decimal" })}
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
              {textField("min-rating", "minRating", "Minimum rating (0–5)", { inputMode: "decimal" })}
              {textField(
                "min-ratings",
                "minPaidJobs",
                "Minimum paid jobs",
                { inputMode: "numeric" },
                "As the escrow counts them: jobs that paid the vendor at least the token's threshold, a day or more after funding, one per client.",
              )}
            </div>
          )}
        </fieldset>

        <fieldset>
          <legend>For matching</legend>
          <div className="row">
            {textField("utc-offset", "utcOffset", "Your UTC offset (hours)", { inputMode: "decimal" })}
            {textField("overlap", "overlapHours", "Working-hour overlap wanted (hours)", { inputMode: "numeric" })}
            {textField("rate-ceiling", "rateCeiling", "Rate ceiling (USD per hour)", { inputMode: "decimal" })}
          </div>
        </fieldset>

        <section aria-labelledby="totals-title" className="card">
          <h2 id="totals-title">Totals</h2>
          {totals && token && checks ? (
            <checks.TotalsList totals={totals} token={token} feeBps={options.feeBps} arbiterFeeBps={arbiterFeeBps} />
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
          <button type="submit" className="button primary" disabled={busy}>
            Post and fund job
          </button>
        </div>
      </fieldset>
      {loader.runtime && PostJobSender && (
        <PostJobSender
          options={options}
          token={token}
          onReady={onSenderReady}
          onBalance={setBalance}
          onBusy={setBusy}
        />
      )}
    </form>
  );
}
