"use client";
/**
 * Start a project: the demand (title, markdown spec, budget and token, deadline, the client's time
 * zone and working hours), its parts from a template or edited freely, the team the server
 * proposes (members with cost, score and reasons; relays with their 24-hour coverage), swaps with
 * their effect, then create and fund (create-and-fund.ts). Loaded with the wallet runtime.
 */
import { useMemo, useState, type FormEvent, type ReactNode } from "react";
import { useConnection } from "wagmi";
import { TransactionStatus } from "@/components/tx/transaction";
import { formatAmount, formatUsdCents, shortHex } from "@/lib/format";
import type { ProjectProposal, SwapRequest } from "@/server/projects/proposal";
import { useCreateAndFund, type CreateOptions, type SavedCreation } from "./create-and-fund";
import {
  chainPlan,
  draftProblems,
  partFromTemplate,
  proposalRequest,
  reviewerProblems,
  type PartDraft,
  type ReviewerDraft,
  type ProjectDraft,
  type TokenOption,
} from "./plan";
import { TEMPLATES } from "./templates";
import { parseUnits } from "@mosaic/sdk/amounts";

export interface NewProjectProps extends CreateOptions {
  tokens: TokenOption[];
  chainNow: number;
  paused: boolean;
}

const DAY = 86_400;

function Field(props: {
  id: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  problem?: string;
  type?: string;
  inputMode?: "decimal" | "numeric";
  textarea?: number;
  hint?: ReactNode;
}) {
  const { id, label, value, onChange, problem, textarea, hint, ...rest } = props;
  const described = [problem ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ");
  const common = {
    id,
    value,
    "aria-invalid": problem ? (true as const) : undefined,
    "aria-describedby": described || undefined,
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {textarea ? (
        <textarea {...common} rows={textarea} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...common} {...rest} onChange={(e) => onChange(e.target.value)} />
      )}
      {hint && (
        <span id={`${id}-hint`} className="hint small">
          {hint}
        </span>
      )}
      {problem && (
        <span id={`${id}-error`} className="field-error">
          {problem}
        </span>
      )}
    </div>
  );
}

const signed = (n: number, text: string) => `${n > 0 ? "+" : n < 0 ? "−" : "±"}${text}`;

function swapText(swap: ProjectProposal["parts"][number]["swaps"][number]): string {
  const facts = [
    `cost ${signed(swap.costDeltaCents, formatUsdCents(Math.abs(swap.costDeltaCents)))}`,
    `score ${signed(swap.scoreDelta, Math.abs(swap.scoreDelta).toFixed(1))}`,
    ...(swap.coverageDeltaHours !== 0
      ? [`coverage ${signed(swap.coverageDeltaHours, `${Math.abs(swap.coverageDeltaHours)} h`)}`]
      : []),
    ...(swap.conflict ? [swap.conflict] : swap.withinBudget ? [] : ["over the budget"]),
  ];
  return `${shortHex(swap.replace)} → ${shortHex(swap.with)}: ${facts.join(", ")}`;
}

// White text on each passes WCAG AA.
const PALETTE = ["#2b6cb0", "#276749", "#975a16"];

/** The relay's 24 client hours: who is on duty each hour, gaps marked. */
function CoverageChart({ part }: { part: ProjectProposal["parts"][number] }) {
  const index = new Map(part.members.map((m, i) => [m.address, i]));
  return (
    <div>
      <ol
        aria-label={`Coverage of part ${part.part + 1} over your 24 hours`}
        style={{ display: "flex", flexWrap: "wrap", gap: 2, listStyle: "none", padding: 0, margin: "0.5rem 0" }}
      >
        {part.coverage.slots.map((who, hour) => {
          const i = who === null ? -1 : index.get(who)!;
          const label = `${String(hour).padStart(2, "0")}:00 ${who === null ? (part.coverage.required[hour] ? "gap" : "not needed") : `shift ${i + 1}`}`;
          return (
            <li
              key={hour}
              title={label}
              aria-label={label}
              style={{
                width: "1.6rem",
                height: "1.6rem",
                fontSize: "0.65rem",
                display: "grid",
                placeItems: "center",
                color: "#fff",
                background: i < 0 ? "#c53030" : PALETTE[i % PALETTE.length],
              }}
            >
              {hour}
            </li>
          );
        })}
      </ol>
      <p className="small">
        Covered {part.coverage.coveredHours} of {part.coverage.requiredHours} h; gaps:{" "}
        {part.coverage.gaps.length === 0
          ? "none"
          : part.coverage.gaps.map((g) => `${g.startHour}:00–${g.endHour % 24}:00`).join(", ")}
        .
      </p>
    </div>
  );
}

const utcClock = (minute: number) =>
  `${String(Math.floor(minute / 60) % 24).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;

function ProposedPart(props: {
  part: ProjectProposal["parts"][number];
  busy: boolean;
  locked: boolean;
  onSwap: (swap: SwapRequest) => void;
  reviewer: ReviewerDraft;
  onReviewer: (reviewer: ReviewerDraft) => void;
  reviewerProblem?: string;
}) {
  const { part, busy, locked, onSwap, reviewer, onReviewer, reviewerProblem } = props;
  const [choice, setChoice] = useState("");
  const usable = part.swaps.filter((s) => s.conflict === null && s.withinBudget);
  return (
    <section aria-label={`Team for part ${part.part + 1}: ${part.title}`} className="card">
      <h3>
        Part {part.part + 1}: {part.title} · {part.kind === "relay" ? `relay of ${part.members.length}` : "one vendor"}
      </h3>
      <p data-testid={`part-${part.part}-cost`} data-cents={part.priceCents}>
        Cost {formatUsdCents(part.priceCents)} of its {formatUsdCents(part.budgetCents)} budget · score{" "}
        {part.score.toFixed(1)}
      </p>
      <table aria-label={`Members of part ${part.part + 1}`}>
        <thead>
          <tr>
            <th scope="col">Vendor</th>
            {part.kind === "relay" && <th scope="col">Shift (UTC)</th>}
            <th scope="col">Rate</th>
            <th scope="col">Cost</th>
            <th scope="col">Score</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {part.members.map((m) => (
            <tr key={m.address} data-vendor={m.address}>
              <td className="mono">{shortHex(m.address)}</td>
              {part.kind === "relay" && (
                <td>
                  {m.shift
                    ? `${utcClock(m.shift.startMinute)}–${utcClock(m.shift.startMinute + m.shift.lengthMinutes)}`
                    : "—"}
                </td>
              )}
              <td>{formatUsdCents(m.hourlyRateCents)}/h</td>
              <td>{formatUsdCents(m.priceCents)}</td>
              <td>{m.score.toFixed(1)}</td>
              <td>
                <ul className="small" style={{ margin: 0, paddingLeft: "1rem" }}>
                  {m.reasons.map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {part.kind === "relay" && <CoverageChart part={part} />}
      {part.kind === "single" && (
        <fieldset disabled={locked}>
          <legend>Reviewer of part {part.part + 1} (optional)</legend>
          <div className="row">
            <Field
              id={`reviewer-${part.part}`}
              label={`Reviewer of part ${part.part + 1} (address)`}
              value={reviewer.address}
              onChange={(address) => onReviewer({ ...reviewer, address })}
              problem={reviewerProblem}
              hint="A registered vendor with the part's skills, never its vendor: signs off before you approve."
            />
            <Field
              id={`reviewer-share-${part.part}`}
              label={`Reviewer's share of part ${part.part + 1} (%)`}
              inputMode="decimal"
              value={reviewer.percent}
              onChange={(percent) => onReviewer({ ...reviewer, percent })}
              hint="Of the part's budget, deposited now; paid after a final sign-off on the paid job, else refunded."
            />
          </div>
        </fieldset>
      )}
      {!locked && (
        <div className="row">
          <div className="field">
            <label htmlFor={`swap-${part.part}`}>Swap a member of part {part.part + 1}</label>
            <select id={`swap-${part.part}`} value={choice} onChange={(e) => setChoice(e.target.value)}>
              <option value="">Choose another candidate…</option>
              {part.swaps.map((s, i) => (
                <option key={`${s.replace}-${s.with}`} value={String(i)} disabled={!usable.includes(s)}>
                  {swapText(s)}
                </option>
              ))}
            </select>
          </div>
          <button
            type="button"
            className="button"
            disabled={busy || choice === ""}
            onClick={() => {
              const s = part.swaps[Number(choice)];
              setChoice("");
              onSwap({ part: part.part, replace: s.replace, with: s.with });
            }}
          >
            Swap in part {part.part + 1}
          </button>
        </div>
      )}
    </section>
  );
}

/** Where an unfinished creation stands, in words. */
function progressText({ progress: p, plan, pending }: SavedCreation): string {
  const posted = p.jobIds.filter((id) => id !== null).length;
  const facts =
    p.projectId === null
      ? ["not created yet"]
      : [
          `${posted} of ${plan.jobs.length} jobs posted and funded`,
          p.linked ? "linked" : "not linked yet",
          ...(plan.reviewers.length > 0
            ? [`${p.reviewersNamed.length} of ${plan.reviewers.length} reviewers named`]
            : []),
        ];
  if (pending?.hash) facts.push(`"${pending.step}" was sent and is awaited, not sent again`);
  return facts.join(", ");
}

/** Creations begun earlier (before a reload, or in another tab) that did not finish: resumed from their first missing step. */
function Unfinished(props: {
  creations: SavedCreation[];
  busy: boolean;
  onResume: (c: SavedCreation) => void;
  onForget: (c: SavedCreation) => void;
  status: ReactNode;
}) {
  const { creations, busy, onResume, onForget, status } = props;
  if (creations.length === 0) return null;
  return (
    <section aria-labelledby="unfinished-title" className="card">
      <h2 id="unfinished-title">Unfinished project{creations.length > 1 ? "s" : ""}</h2>
      <ul>
        {creations.map((c) => {
          const id = c.progress.projectId;
          return (
            <li key={c.storageKey}>
              <p>
                &ldquo;{c.draft.title.trim()}&rdquo;{id !== null ? ` (project #${id})` : ""}: {progressText(c)}.
              </p>
              <div className="actions">
                <button type="button" className="button primary" disabled={busy} onClick={() => onResume(c)}>
                  {id !== null ? `Resume project #${id}` : `Resume "${c.draft.title.trim()}"`}
                </button>
                {id === null && !c.pending && (
                  <button type="button" className="button" disabled={busy} onClick={() => onForget(c)}>
                    Forget &ldquo;{c.draft.title.trim()}&rdquo;
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ul>
      {status}
    </section>
  );
}

let nextKey = 1;

export default function NewProjectForm(props: NewProjectProps) {
  const { tokens, chainNow, paused } = props;
  const connection = useConnection();
  const creator = useCreateAndFund(props);
  const [offsetClock] = useState(() => chainNow - Math.floor(Date.now() / 1000));
  const [draft, setDraft] = useState<ProjectDraft>(() => {
    const token = tokens.find((t) => !t.isEther) ?? tokens[0];
    return {
      title: "",
      spec: "",
      token: token?.address ?? "",
      budget: "",
      usdPrice: token && /usd/i.test(token.symbol) ? "1" : "",
      deadline: new Date((chainNow + 30 * DAY) * 1000).toISOString().slice(0, 10),
      utcOffset: String(-new Date().getTimezoneOffset() / 60),
      workStart: "09:00",
      workEnd: "17:00",
      parts: [],
    };
  });
  const [template, setTemplate] = useState(TEMPLATES[0].id);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [proposal, setProposal] = useState<ProjectProposal | null>(null);
  const [proposedFor, setProposedFor] = useState<string | null>(null);
  const [proposing, setProposing] = useState(false);
  const [proposalError, setProposalError] = useState<string | null>(null);
  const [lastSwap, setLastSwap] = useState<string | null>(null);
  const [reviewers, setReviewers] = useState<Record<number, ReviewerDraft>>({});
  const [reviewerErrors, setReviewerErrors] = useState<Record<number, string>>({});
  const token = tokens.find((t) => t.address.toLowerCase() === draft.token.toLowerCase());
  const locked = creator.started;
  const current = JSON.stringify(draft);
  const stale = proposal !== null && proposedFor !== current;

  const update = <K extends keyof ProjectDraft>(key: K, value: ProjectDraft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const updatePart = (key: number, patch: Partial<PartDraft>) =>
    setDraft((d) => ({ ...d, parts: d.parts.map((p) => (p.key === key ? { ...p, ...patch } : p)) }));
  const removePart = (key: number) =>
    setDraft((d) => {
      const at = d.parts.findIndex((p) => p.key === key);
      // Later parts keep waiting for the same part (their index moves down), or for nothing.
      const parts = d.parts
        .filter((p) => p.key !== key)
        .map((p) => ({
          ...p,
          dependsOn: p.dependsOn === at + 1 ? 0 : p.dependsOn > at + 1 ? p.dependsOn - 1 : p.dependsOn,
        }));
      return { ...d, parts };
    });

  const budgetUnits = useMemo(() => {
    try {
      return token && draft.budget.trim() ? parseUnits(draft.budget, token.decimals) : null;
    } catch {
      return null;
    }
  }, [draft.budget, token]);

  const applyTemplate = () => {
    const chosen = TEMPLATES.find((t) => t.id === template);
    if (!chosen || !token) return;
    update(
      "parts",
      chosen.parts.map((part) => partFromTemplate(nextKey++, part, budgetUnits, token)),
    );
  };

  const now = () => Math.floor(Date.now() / 1000) + offsetClock;

  const ask = async (swaps: SwapRequest[]) => {
    if (!token) return;
    setProposing(true);
    setProposalError(null);
    try {
      const response = await fetch("/api/projects/proposal", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...proposalRequest(draft, token, connection.address ?? null), swaps }),
      });
      const body = (await response.json().catch(() => ({}))) as { proposal?: ProjectProposal; error?: string };
      if (!response.ok || !body.proposal) {
        setProposalError(body.error ?? `the server answered ${response.status}`);
        return null;
      }
      setProposal(body.proposal);
      setProposedFor(current);
      return body.proposal;
    } finally {
      setProposing(false);
    }
  };

  const propose = async (event: FormEvent) => {
    event.preventDefault();
    const found = draftProblems(draft, token, now());
    setProblems(found);
    if (Object.keys(found).length > 0) {
      document.getElementById(Object.keys(found)[0])?.focus();
      return;
    }
    setLastSwap(null);
    setReviewers({});
    setReviewerErrors({});
    await ask([]);
  };

  const swap = async (chosen: SwapRequest) => {
    if (!proposal) return;
    const before = proposal;
    const after = await ask([...proposal.swaps, chosen]);
    if (!after) return;
    const part = after.parts[chosen.part];
    const was = before.parts[chosen.part];
    const delta = after.totalCostCents - before.totalCostCents;
    setLastSwap(
      `Swapped ${shortHex(chosen.replace)} for ${shortHex(chosen.with)} in part ${chosen.part + 1}: ` +
        `cost ${signed(delta, formatUsdCents(Math.abs(delta)))} (team ${formatUsdCents(after.totalCostCents)}), ` +
        `score ${was.score.toFixed(1)} → ${part.score.toFixed(1)}, ` +
        `coverage ${was.coverage.coveredHours} → ${part.coverage.coveredHours} of ${part.coverage.requiredHours} h.`,
    );
  };

  const plan = useMemo(
    () => (proposal && token && !stale ? chainPlan(draft, token, proposal, chainNow) : null),
    // The plan follows the proposal; the draft is the one it was proposed for.
    [proposal, token, stale],
  );

  const create = () => {
    if (!plan || !token || paused || !proposal) return;
    const found = reviewerProblems(reviewers, proposal, connection.address ?? null);
    setReviewerErrors(found);
    const first = Object.keys(found)[0];
    if (first !== undefined) {
      document.getElementById(`reviewer-${first}`)?.focus();
      return;
    }
    const withReviewers = chainPlan(draft, token, proposal, chainNow, reviewers);
    void creator.start(draft, token, withReviewers);
  };

  const invalid = (id: string) => problems[id];

  return (
    <>
      <Unfinished
        creations={creator.unfinished}
        busy={creator.flow.busy || paused}
        onResume={(c) => void creator.resume(c)}
        onForget={creator.forget}
        status={!proposal && <TransactionStatus phase={creator.flow.phase} />}
      />
      <form aria-label="Start a project" onSubmit={(e) => void propose(e)} noValidate>
        <fieldset disabled={locked} style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
          <fieldset>
            <legend>The demand</legend>
            <Field
              id="project-title"
              label="Project title"
              value={draft.title}
              onChange={(v) => update("title", v)}
              problem={invalid("project-title")}
            />
            <Field
              id="project-spec"
              label="Specification (markdown)"
              textarea={6}
              value={draft.spec}
              onChange={(v) => update("spec", v)}
              problem={invalid("project-spec")}
              hint="Stored as a document; each part's job links to it."
            />
          </fieldset>
          <fieldset>
            <legend>Budget and time</legend>
            <div className="row">
              <div className="field">
                <label htmlFor="project-token">Payment token</label>
                <select
                  id="project-token"
                  value={draft.token}
                  onChange={(e) => {
                    const chosen = tokens.find((t) => t.address === e.target.value);
                    setDraft((d) => ({
                      ...d,
                      token: e.target.value,
                      // A dollar token is worth a dollar; any other token's price is the client's to give.
                      usdPrice: chosen && /usd/i.test(chosen.symbol) ? "1" : "",
                    }));
                  }}
                >
                  {tokens.map((t) => (
                    <option key={t.address} value={t.address}>
                      {t.symbol}
                    </option>
                  ))}
                </select>
              </div>
              <Field
                id="project-budget"
                label={`Total budget (${token?.symbol ?? "token"})`}
                inputMode="decimal"
                value={draft.budget}
                onChange={(v) => update("budget", v)}
                problem={invalid("project-budget")}
              />
              <Field
                id="project-usd-price"
                label={`US dollars per ${token?.symbol ?? "token"}`}
                inputMode="decimal"
                value={draft.usdPrice}
                onChange={(v) => update("usdPrice", v)}
                problem={invalid("project-usd-price")}
                hint="Vendors' rates are in dollars: the team is priced at this rate."
              />
            </div>
            <div className="row">
              <Field
                id="project-deadline"
                label="Deadline (end of day, UTC)"
                type="date"
                value={draft.deadline}
                onChange={(v) => update("deadline", v)}
                problem={invalid("project-deadline")}
              />
              <Field
                id="project-utc-offset"
                label="Your UTC offset (hours)"
                inputMode="decimal"
                value={draft.utcOffset}
                onChange={(v) => update("utcOffset", v)}
                problem={invalid("project-utc-offset")}
              />
              <Field
                id="project-work-start"
                label="Your working hours from"
                type="time"
                value={draft.workStart}
                onChange={(v) => update("workStart", v)}
                problem={invalid("project-work-start")}
              />
              <Field
                id="project-work-end"
                label="to"
                type="time"
                value={draft.workEnd}
                onChange={(v) => update("workEnd", v)}
                problem={invalid("project-work-end")}
              />
            </div>
          </fieldset>
          <fieldset>
            <legend>Parts</legend>
            <div className="row">
              <div className="field">
                <label htmlFor="project-template">Template</label>
                <select id="project-template" value={template} onChange={(e) => setTemplate(e.target.value)}>
                  {TEMPLATES.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.name}
                    </option>
                  ))}
                </select>
              </div>
              <button type="button" className="button" onClick={applyTemplate}>
                Fill the parts from the template
              </button>
            </div>
            {draft.parts.map((part, i) => {
              const id = `part-${part.key}`;
              const n = i + 1;
              return (
                <fieldset key={part.key} aria-label={`Part ${n}`}>
                  <legend>
                    Part {n}: {part.title || "untitled"}
                  </legend>
                  <div className="row">
                    <Field
                      id={`${id}-title`}
                      label={`Part ${n} title`}
                      value={part.title}
                      onChange={(v) => updatePart(part.key, { title: v })}
                      problem={invalid(`${id}-title`)}
                    />
                    <Field
                      id={`${id}-skills`}
                      label={`Part ${n} skills (comma-separated)`}
                      value={part.skills}
                      onChange={(v) => updatePart(part.key, { skills: v })}
                      problem={invalid(`${id}-skills`)}
                    />
                    <Field
                      id={`${id}-budget`}
                      label={`Part ${n} budget (${token?.symbol ?? "token"})`}
                      inputMode="decimal"
                      value={part.budget}
                      onChange={(v) => updatePart(part.key, { budget: v })}
                      problem={invalid(`${id}-budget`)}
                    />
                  </div>
                  <div className="row">
                    <div className="field">
                      <label>
                        <input
                          type="checkbox"
                          checked={part.relay}
                          onChange={(e) => updatePart(part.key, { relay: e.target.checked })}
                        />{" "}
                        Part {n} is a relay (2–3 vendors in shifts around the clock)
                      </label>
                    </div>
                    {part.relay ? (
                      <Field
                        id={`${id}-days`}
                        label={`Part ${n} relay days`}
                        inputMode="numeric"
                        value={part.relayDays}
                        onChange={(v) => updatePart(part.key, { relayDays: v })}
                        problem={invalid(`${id}-days`)}
                      />
                    ) : (
                      <Field
                        id={`${id}-hours`}
                        label={`Part ${n} hours of work`}
                        inputMode="numeric"
                        value={part.hours}
                        onChange={(v) => updatePart(part.key, { hours: v })}
                        problem={invalid(`${id}-hours`)}
                      />
                    )}
                    <div className="field">
                      <label htmlFor={`${id}-depends`}>Part {n} starts after</label>
                      <select
                        id={`${id}-depends`}
                        value={part.dependsOn}
                        onChange={(e) => updatePart(part.key, { dependsOn: Number(e.target.value) })}
                        aria-invalid={invalid(`${id}-depends`) ? true : undefined}
                      >
                        <option value={0}>No other part</option>
                        {draft.parts.slice(0, i).map((earlier, j) => (
                          <option key={earlier.key} value={j + 1}>
                            Part {j + 1}: {earlier.title || "untitled"} is paid
                          </option>
                        ))}
                      </select>
                    </div>
                  </div>
                  <Field
                    id={`${id}-milestones`}
                    label={`Part ${n} milestones (one a line)`}
                    textarea={2}
                    value={part.milestones}
                    onChange={(v) => updatePart(part.key, { milestones: v })}
                    problem={invalid(`${id}-milestones`)}
                  />
                  <button type="button" className="button" onClick={() => removePart(part.key)}>
                    Remove part {n}
                  </button>
                </fieldset>
              );
            })}
            {problems.parts && (
              <p role="alert" className="error">
                {problems.parts}
              </p>
            )}
            <button
              type="button"
              className="button"
              onClick={() =>
                update("parts", [
                  ...draft.parts,
                  {
                    key: nextKey++,
                    title: "",
                    skills: "",
                    hours: "40",
                    relay: false,
                    relayDays: "2",
                    budget: "",
                    milestones: "Delivery",
                    dependsOn: 0,
                  },
                ])
              }
            >
              Add part
            </button>
          </fieldset>
          <div className="actions">
            <button type="submit" className="button primary" disabled={proposing}>
              Propose a team
            </button>
          </div>
        </fieldset>
      </form>
      {proposalError && (
        <p role="alert" className="error">
          No team: {proposalError}
        </p>
      )}
      {proposal && (
        <section aria-labelledby="team-title">
          <h2 id="team-title">Proposed team</h2>
          <dl className="facts" aria-live="polite">
            <dt>Team cost</dt>
            <dd data-testid="team-cost" data-cents={proposal.totalCostCents}>
              {formatUsdCents(proposal.totalCostCents)} of the {formatUsdCents(proposal.budgetCents)} budget
              {plan && token ? ` (${formatAmount(plan.total, token)} escrowed)` : ""}
            </dd>
            <dt>Score</dt>
            <dd data-testid="team-score">{proposal.totalScore.toFixed(1)}</dd>
            <dt>Hours covered</dt>
            <dd>
              {proposal.coveredHours} of {proposal.requiredHours}
            </dd>
          </dl>
          {lastSwap && (
            <p role="status" data-testid="last-swap">
              {lastSwap}
            </p>
          )}
          {stale && (
            <p role="alert" className="error">
              The demand changed since this proposal: propose a team again before creating the project.
            </p>
          )}
          {proposal.parts.map((part) => (
            <ProposedPart
              key={part.part}
              part={part}
              busy={proposing || locked}
              locked={locked}
              onSwap={(s) => void swap(s)}
              reviewer={reviewers[part.part] ?? { address: "", percent: "5" }}
              onReviewer={(r) => setReviewers((all) => ({ ...all, [part.part]: r }))}
              reviewerProblem={reviewerErrors[part.part]}
            />
          ))}
          <div className="actions">
            <button
              type="button"
              className="button primary"
              disabled={paused || stale || !plan || creator.flow.busy || proposing}
              onClick={create}
            >
              Create and fund
            </button>
          </div>
          <p className="hint small">
            {token?.isEther
              ? `One transaction creates the project, one per job posts and funds it (${plan?.jobs.length ?? 0} jobs), then one links them all`
              : `One transaction creates the project, one approval if your allowance is short, one transaction posts and funds all ${plan?.jobs.length ?? 0} jobs, then one links them all`}
            {plan && plan.relays.length > 0 ? ` (and one sets each relay's shifts)` : ""}; one names each reviewer (with
            an approval of the shares if needed); each chosen vendor is invited to quote on its job.
          </p>
          {creator.progress && creator.progress.sent.length > 0 && (
            <ol aria-label="Transactions sent">
              {creator.progress.sent.map((s) => (
                <li key={s.hash}>
                  {s.step}: <span className="mono">{s.hash}</span>
                </li>
              ))}
            </ol>
          )}
          <TransactionStatus phase={creator.flow.phase} />
        </section>
      )}
    </>
  );
}
