"use client";
/**
 * Every hour-bank action that needs the wallet: publishing terms, buying a bank (ETH with value,
 * or an ERC-20 by one permit signature and one transaction), topping up, sharing hours out,
 * logging time with a timesheet note, reviewing logs, releasing, ruling and refunding. Each runs
 * through the shared transaction flow (simulated first, double-click safe, reverts explained).
 */
import { useRouter } from "next/navigation";
import { useState, type FormEvent, type ReactNode } from "react";
import { parseEventLogs, zeroAddress, type Abi, type Address, type Hash, type TransactionReceipt } from "viem";
import { simulateContract, writeContract } from "wagmi/actions";
import { hourBankAbi } from "@mosaic/sdk/contracts";
import { amountProblem, parseUnits } from "@mosaic/sdk/amounts";
import { cidDigest } from "@mosaic/sdk/documents";
import { useContractCall } from "@/components/tx/use-contract-call";
import { TransactionStatus } from "@/components/tx/transaction";
import { signPermit, supportsPermit } from "@/components/wallet/permit";
import { useSiweSession } from "@/components/wallet/siwe-session";
import { usePublicConfig } from "@/components/wallet/context";
import { formatAmount, formatDate } from "@/lib/format";
import { describeTier, formatMinutes, parseTiers, quoteHours, type Tier } from "@/lib/hours/terms";
import { previewRuling } from "@/lib/arbiter/ruling";
import type { BankView, TokenTerms } from "@/server/hours";

const abi = hourBankAbi as Abi;
const DAY = 86_400;

/** The hour bank, the shared flow and a sender bound to it. */
function useHourBank() {
  const tools = useContractCall();
  const hourBank = usePublicConfig().contracts?.hourBank ?? null;
  const send = (label: string, functionName: string, args: readonly unknown[], value?: bigint) =>
    hourBank
      ? tools.call(label, hourBank, abi, functionName, args, value)
      : Promise.resolve(tools.flow.fail(label, "hour banks are not deployed on this chain"));
  return { ...tools, hourBank, send };
}

/** Stores a JSON document (signing in first when needed); its CID, or null with the reason shown. */
function useDocuments(fail: (label: string, reason: string) => void) {
  const session = useSiweSession();
  return async (label: string, kind: "note" | "evidence", content: Record<string, unknown>) => {
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
    if (response.ok && body.cid) return body.cid;
    fail(label, `the document could not be stored: ${body.error ?? `HTTP ${response.status}`}`);
    return null;
  };
}

function Status({ flow, docked }: Pick<ReturnType<typeof useContractCall>, "flow" | "docked">) {
  return docked ? null : <TransactionStatus phase={flow.phase} />;
}

/** A labelled one-line input. */
function Field(props: {
  id: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  inputMode?: "decimal" | "numeric";
  type?: string;
  className?: string;
}) {
  const { id, label, onChange, ...input } = props;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} {...input} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

/** What is wrong with the form (if anything), its submit button and the flow's status. */
function FormEnd(props: {
  problem: string | null;
  label: string;
  primary?: boolean;
  flow: ReturnType<typeof useContractCall>["flow"];
  docked: boolean;
}) {
  return (
    <>
      {props.problem && (
        <p role="alert" className="error">
          {props.problem}
        </p>
      )}
      <button type="submit" className={props.primary ? "button primary" : "button"} disabled={props.flow.busy}>
        {props.label}
      </button>
      <Status flow={props.flow} docked={props.docked} />
    </>
  );
}

/** Unix time of the end of a yyyy-mm-dd day (UTC). */
function endOfDay(date: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const start = Date.parse(`${date}T00:00:00Z`);
  return Number.isNaN(start) ? null : start / 1000 + DAY - 1;
}

function dateInput(unix: number): string {
  return new Date(unix * 1000).toISOString().slice(0, 10);
}

// ===================================================================== vendor terms

export function TermsForm({ tokens }: { tokens: { address: string; symbol: string; decimals: number }[] }) {
  const { flow, send, docked } = useHourBank();
  const [token, setToken] = useState(tokens[0]?.address ?? zeroAddress);
  const [rate, setRate] = useState("");
  const [notice, setNotice] = useState("0");
  const [tierText, setTierText] = useState("100: 10, 500: 20");
  const [problem, setProblem] = useState<string | null>(null);
  const info = tokens.find((t) => t.address === token) ?? tokens[0];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    if (!info) return;
    const rateProblem = amountProblem(rate, info.decimals);
    if (rateProblem) return setProblem(`Hourly rate: ${rateProblem}`);
    if (!/^\d{1,6}$/.test(notice.trim())) return setProblem("Notice is a whole number of hours.");
    const parsed = parseTiers(tierText);
    if ("problem" in parsed) return setProblem(`Discount tiers: ${parsed.problem}`);
    void send(`Publish terms in ${info.symbol}`, "setTerms", [
      token,
      parseUnits(rate, info.decimals),
      Number(notice),
      parsed.tiers,
    ]);
  };
  return (
    <form aria-label="Hour bank terms" onSubmit={submit} className="card">
      <div className="row">
        <div className="field">
          <label htmlFor="terms-token">Token</label>
          <select id="terms-token" value={token} onChange={(e) => setToken(e.target.value)}>
            {tokens.map((t) => (
              <option key={t.address} value={t.address}>
                {t.symbol}
              </option>
            ))}
          </select>
        </div>
        <Field
          id="terms-rate"
          label={`Hourly rate (${info?.symbol})`}
          inputMode="decimal"
          value={rate}
          onChange={setRate}
        />
        <Field
          id="terms-notice"
          label="Notice owed on early close (hours)"
          inputMode="numeric"
          value={notice}
          onChange={setNotice}
        />
      </div>
      <div className="field">
        <label htmlFor="terms-tiers">Discount tiers (hours: percent off, comma-separated)</label>
        <input
          id="terms-tiers"
          value={tierText}
          aria-describedby="terms-tiers-hint"
          onChange={(e) => setTierText(e.target.value)}
        />
        <span id="terms-tiers-hint" className="hint small">
          For example &quot;100: 10, 500: 20&quot;: 10% off banks of 100 hours or more, 20% from 500. Leave empty for
          none. A zero rate withdraws your terms; banks already bought keep their price.
        </span>
      </div>
      <FormEnd problem={problem} label="Publish terms" primary flow={flow} docked={docked} />
    </form>
  );
}

// ===================================================================== buying

export interface BuyFormProps {
  vendor: string;
  terms: TokenTerms[];
  chainNow: number;
}

export function BuyForm({ vendor, terms, chainNow }: BuyFormProps) {
  const { flow, config, connection, hourBank, docked } = useHourBank();
  const publicConfig = usePublicConfig();
  const router = useRouter();
  const [tokenAddress, setTokenAddress] = useState(terms[0]?.token.address ?? zeroAddress);
  const [hoursText, setHoursText] = useState("100");
  const [expiry, setExpiry] = useState(dateInput(chainNow + 90 * DAY));
  const [reviewDays, setReviewDays] = useState("3");
  const chosen = terms.find((t) => t.token.address === tokenAddress) ?? terms[0];
  const hourCount = /^\d{1,7}$/.test(hoursText.trim()) ? Number(hoursText) : 0;
  const quote =
    chosen && hourCount > 0 ? quoteHours({ ...chosen, hourlyRate: BigInt(chosen.hourlyRate) }, hourCount) : null;
  const expiresAt = endOfDay(expiry);
  const review = /^\d{1,2}$/.test(reviewDays.trim()) ? Number(reviewDays) : 0;
  const problem =
    hourCount <= 0
      ? "Enter a whole number of hours."
      : !quote
        ? "At this rate a minute would cost nothing."
        : !expiresAt || expiresAt <= chainNow
          ? "Choose an expiry date after today."
          : review < 1 || review > 30
            ? "The review window is 1 to 30 days."
            : null;

  const buy = async () => {
    const label = `Buy ${hourCount} hours`;
    if (!hourBank || !chosen || !quote || !expiresAt || problem) return;
    const account = connection.address;
    if (!account) return flow.fail(label, "connect your wallet first");
    const order = {
      vendor: vendor as Address,
      token: chosen.token.address,
      hourCount,
      maxHourlyRate: quote.hourlyRate,
      expiresAt,
      reviewWindow: review * DAY,
    };
    let bankId: bigint | null = null;
    const readId = (receipt: TransactionReceipt) => {
      const [opened] = parseEventLogs({ abi: hourBankAbi, eventName: "BankOpened", logs: receipt.logs });
      if (opened) bankId = opened.args.bankId;
    };
    const submit = (request: Record<string, unknown>) =>
      flow.run(
        label,
        async (): Promise<Hash> => {
          const simulated = await simulateContract(config, { address: hourBank, abi, account, ...request } as never);
          return writeContract(config, simulated.request as never);
        },
        { onReceipt: readId, refresh: false },
      );
    let ok: boolean;
    if (chosen.token.isEther) {
      ok = await submit({ functionName: "buy", args: [order], value: quote.total });
    } else {
      if (!(await supportsPermit(config, chosen.token.address))) {
        return flow.fail(label, `${chosen.token.symbol} does not support permits`);
      }
      const deadline = BigInt(chainNow + DAY);
      const permit = await flow.sign("Permit signature", () =>
        signPermit(config, {
          token: chosen.token.address,
          owner: account,
          spender: hourBank,
          value: quote.total,
          deadline,
          chainId: publicConfig.chainId,
        }),
      );
      if (!permit) return;
      ok = await submit({
        functionName: "buyWithPermit",
        args: [order, deadline, permit.v, permit.r, permit.s],
      });
    }
    if (ok && bankId !== null) router.push(`/hours/${bankId}`);
  };

  if (!chosen) return <p>This vendor sells no hours yet.</p>;
  return (
    <form
      aria-label="Buy a bank of hours"
      onSubmit={(e) => {
        e.preventDefault();
        void flow.exclusive(`Buy ${hourCount} hours`, buy);
      }}
    >
      <div className="row">
        <div className="field">
          <label htmlFor="buy-token">Pay in</label>
          <select id="buy-token" value={tokenAddress} onChange={(e) => setTokenAddress(e.target.value as Address)}>
            {terms.map((t) => (
              <option key={t.token.address} value={t.token.address}>
                {t.token.symbol}
              </option>
            ))}
          </select>
        </div>
        <Field id="buy-hours" label="Hours" inputMode="numeric" value={hoursText} onChange={setHoursText} />
        <Field id="buy-expiry" label="Valid until (end of day, UTC)" type="date" value={expiry} onChange={setExpiry} />
        <Field
          id="buy-review"
          label="Review window per log (days)"
          inputMode="numeric"
          value={reviewDays}
          onChange={setReviewDays}
        />
      </div>
      <table aria-label={`Discount tiers in ${chosen.token.symbol}`}>
        <thead>
          <tr>
            <th scope="col">From</th>
            <th scope="col">Discount</th>
            <th scope="col">Applies</th>
          </tr>
        </thead>
        <tbody>
          <TierRow
            tier={{ minHours: 0, discountBps: 0 }}
            applies={quote?.tier === null}
            rate={BigInt(chosen.hourlyRate)}
            token={chosen.token}
          />
          {chosen.tiers.map((tier: Tier) => (
            <TierRow
              key={tier.minHours}
              tier={tier}
              applies={quote?.tier === tier}
              rate={BigInt(chosen.hourlyRate)}
              token={chosen.token}
            />
          ))}
        </tbody>
      </table>
      <dl className="meta" aria-label="Price" aria-live="polite">
        <div>
          <dt>Tier</dt>
          <dd data-testid="buy-tier">{quote?.tier ? describeTier(quote.tier) : "list price"}</dd>
        </div>
        <div>
          <dt>Hourly rate</dt>
          <dd data-testid="buy-rate" data-wei={quote?.hourlyRate.toString()}>
            {quote ? formatAmount(quote.hourlyRate, chosen.token) : "—"}
          </dd>
        </div>
        <div>
          <dt>Per minute</dt>
          <dd>{quote ? formatAmount(quote.minuteRate, chosen.token) : "—"}</dd>
        </div>
        <div>
          <dt>Total</dt>
          <dd data-testid="buy-total" data-wei={quote?.total.toString()}>
            {quote ? formatAmount(quote.total, chosen.token) : "—"}
          </dd>
        </div>
        <div>
          <dt>Notice on early close</dt>
          <dd>{chosen.noticeHours} h</dd>
        </div>
      </dl>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      <button type="submit" className="button primary" disabled={flow.busy || problem !== null}>
        {quote ? `Buy ${hourCount} hours for ${formatAmount(quote.total, chosen.token)}` : "Buy hours"}
      </button>
      <p className="muted small">
        {chosen.token.isEther
          ? "One transaction sends exactly the total."
          : `One permit signature and one transaction move exactly the total in ${chosen.token.symbol}.`}
      </p>
      <Status flow={flow} docked={docked} />
    </form>
  );
}

function TierRow(props: { tier: Tier; applies: boolean; rate: bigint; token: { symbol: string; decimals: number } }) {
  const rate = (props.rate * BigInt(10_000 - props.tier.discountBps)) / 10_000n;
  return (
    <tr aria-current={props.applies ? "true" : undefined} className={props.applies ? "ok" : undefined}>
      <td>{props.tier.minHours === 0 ? "Any" : `${props.tier.minHours} h`}</td>
      <td>
        {props.tier.discountBps / 100}% ({formatAmount(rate, props.token)} an hour)
      </td>
      <td>{props.applies ? "Applies" : ""}</td>
    </tr>
  );
}

// ===================================================================== one bank

export interface BankActionsProps {
  bank: BankView;
  chainNow: number;
}

/** The connected account's actions on a bank, by its role in it. */
export function BankActions({ bank, chainNow }: BankActionsProps) {
  const { connection } = useHourBank();
  const me = connection.address?.toLowerCase();
  if (!me) return <p className="muted">Connect your wallet to act on this bank.</p>;
  const isClient = me === bank.client;
  const isVendor = me === bank.vendor;
  const share = bank.shares.find((s) => s.member === me);
  const wasMember = bank.logs.some((l) => l.member === me) || share !== undefined;
  const open = !bank.closed;
  return (
    <section aria-labelledby="actions-title" className="card">
      <h2 id="actions-title">Your actions</h2>
      {isClient && open && <ClientActions bank={bank} chainNow={chainNow} />}
      {isVendor && open && chainNow < bank.expiresAt && <LogHoursForm bank={bank} />}
      {!isClient && wasMember && open && share && <RequestWork bank={bank} />}
      {open && !isClient && chainNow >= bank.expiresAt && <CloseButton bank={bank} chainNow={chainNow} />}
      {!isClient && !isVendor && !wasMember && me !== bank.arbiter && (
        <p>Your account has no part in this bank; anyone may release a log whose review window is over.</p>
      )}
    </section>
  );
}

function ClientActions({ bank, chainNow }: BankActionsProps) {
  return (
    <>
      <AllocateForm bank={bank} />
      <TopUpForm bank={bank} chainNow={chainNow} />
      <RequestWork bank={bank} />
      <CloseButton bank={bank} chainNow={chainNow} />
    </>
  );
}

function AllocateForm({ bank }: { bank: BankView }) {
  const { flow, send, docked } = useHourBank();
  const [member, setMember] = useState("");
  const [hoursText, setHoursText] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <form
      aria-label="Share hours"
      onSubmit={(e) => {
        e.preventDefault();
        setProblem(null);
        if (!/^0x[0-9a-fA-F]{40}$/.test(member.trim())) return setProblem("Enter the member's address (0x…).");
        const minutes = Math.round(Number(hoursText) * 60);
        if (!/^\d+(\.\d+)?$/.test(hoursText.trim()) || !Number.isInteger(Number(hoursText) * 60)) {
          return setProblem("Hours in whole minutes (for example 40 or 1.5).");
        }
        void send(`Share ${hoursText} hours`, "allocate", [BigInt(bank.id), member.trim(), minutes]);
      }}
    >
      <h3>Share hours with a member</h3>
      <p className="muted small">
        Sets the member&apos;s share (0 takes it back); it may request work and review the logs charged to it.
      </p>
      <div className="row">
        <Field id="allocate-member" label="Member address" className="mono" value={member} onChange={setMember} />
        <Field
          id="allocate-hours"
          label="Hours for the member"
          inputMode="decimal"
          value={hoursText}
          onChange={setHoursText}
        />
      </div>
      <FormEnd problem={problem} label="Share hours" flow={flow} docked={docked} />
    </form>
  );
}

function TopUpForm({ bank, chainNow }: BankActionsProps) {
  const { flow, send, config, connection, hourBank, docked } = useHourBank();
  const publicConfig = usePublicConfig();
  const [hoursText, setHoursText] = useState("10");
  const [expiry, setExpiry] = useState(dateInput(Math.max(bank.expiresAt, chainNow)));
  const hourCount = /^\d{1,7}$/.test(hoursText.trim()) ? Number(hoursText) : 0;
  const amount = BigInt(hourCount) * 60n * BigInt(bank.minuteRate);
  const expiresAt = Math.max(endOfDay(expiry) ?? 0, bank.expiresAt);
  const label = `Top up ${hourCount} hours`;
  const topUp = async () => {
    if (!hourBank || hourCount === 0) return;
    if (bank.token.isEther) return void send(label, "topUp", [BigInt(bank.id), hourCount, expiresAt], amount);
    const owner = connection.address;
    if (!owner) return flow.fail(label, "connect your wallet first");
    const deadline = BigInt(chainNow + 2 * DAY);
    const permit = await flow.sign("Permit signature", () =>
      signPermit(config, {
        token: bank.token.address,
        owner,
        spender: hourBank,
        value: amount,
        deadline,
        chainId: publicConfig.chainId,
      }),
    );
    if (permit) {
      await send(label, "topUpWithPermit", [
        BigInt(bank.id),
        hourCount,
        expiresAt,
        deadline,
        permit.v,
        permit.r,
        permit.s,
      ]);
    }
  };
  return (
    <form
      aria-label="Top up"
      onSubmit={(e) => {
        e.preventDefault();
        void flow.exclusive(label, topUp);
      }}
    >
      <h3>Top up</h3>
      <div className="row">
        <Field id="topup-hours" label="Hours to add" inputMode="numeric" value={hoursText} onChange={setHoursText} />
        <Field
          id="topup-expiry"
          label="Valid until (not earlier than now)"
          type="date"
          value={expiry}
          onChange={setExpiry}
        />
      </div>
      <button type="submit" className="button" disabled={flow.busy || hourCount === 0}>
        Top up {hourCount} hours for {formatAmount(amount, bank.token)}
      </button>
      <Status flow={flow} docked={docked} />
    </form>
  );
}

function RequestWork({ bank }: { bank: BankView }) {
  const { flow, send, docked } = useHourBank();
  const store = useDocuments(flow.fail);
  const [text, setText] = useState("");
  const label = "Request work";
  return (
    <form
      aria-label="Request work"
      onSubmit={(e) => {
        e.preventDefault();
        if (!text.trim()) return;
        void flow.exclusive(label, async () => {
          const cid = await store(label, "note", { text: `Hour bank ${bank.id}: ${text.trim()}` });
          if (cid) await send(label, "requestWork", [BigInt(bank.id), cid]);
        });
      }}
    >
      <h3>Request work</h3>
      <div className="field">
        <label htmlFor="request-text">What you need done</label>
        <textarea id="request-text" rows={2} value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      <button type="submit" className="button" disabled={flow.busy || !text.trim()}>
        Send request
      </button>
      <Status flow={flow} docked={docked} />
    </form>
  );
}

function CloseButton({ bank, chainNow }: BankActionsProps) {
  const { flow, send, docked } = useHourBank();
  const unlogged = BigInt(bank.minutesLeft) * BigInt(bank.minuteRate);
  const early = chainNow < bank.expiresAt;
  const notice = early ? Math.min(bank.noticeMinutes, bank.minutesLeft) : 0;
  const refund = unlogged - BigInt(notice) * BigInt(bank.minuteRate);
  return (
    <div>
      <h3>Refund unused hours</h3>
      <p className="small">
        {early
          ? `Closing before ${formatDate(bank.expiresAt)} pays the vendor ${formatMinutes(notice)} of notice; `
          : "The bank has expired; "}
        {formatMinutes(bank.minutesLeft - notice)} ({formatAmount(refund, bank.token)}) go back to the client.
      </p>
      <button
        type="button"
        className="button"
        disabled={flow.busy}
        onClick={() => void send("Refund unused hours", "close", [BigInt(bank.id)])}
      >
        Refund {formatAmount(refund, bank.token)}
      </button>
      <Status flow={flow} docked={docked} />
    </div>
  );
}

function LogHoursForm({ bank }: { bank: BankView }) {
  const { flow, send, docked } = useHourBank();
  const store = useDocuments(flow.fail);
  const pool = bank.minutesLeft - bank.allocated;
  const [member, setMember] = useState(bank.client);
  const [hoursText, setHoursText] = useState("");
  const [note, setNote] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const label = `Log ${hoursText} hours`;
  return (
    <form
      aria-label="Log hours"
      onSubmit={(e) => {
        e.preventDefault();
        setProblem(null);
        const minutes = Number(hoursText) * 60;
        if (!/^\d+(\.\d+)?$/.test(hoursText.trim()) || !Number.isInteger(minutes) || minutes === 0) {
          return setProblem("Hours in whole minutes (for example 2 or 1.25).");
        }
        if (!note.trim()) return setProblem("Write the timesheet note: what was done, and by whom.");
        void flow.exclusive(label, async () => {
          const cid = await store(label, "note", { text: `Hour bank ${bank.id} timesheet: ${note.trim()}` });
          if (cid) await send(label, "logHours", [BigInt(bank.id), member, minutes, cidDigest(cid)]);
        });
      }}
    >
      <h3>Log hours</h3>
      <div className="row">
        <div className="field">
          <label htmlFor="log-member">Charge to</label>
          <select id="log-member" value={member} onChange={(e) => setMember(e.target.value)}>
            <option value={bank.client}>Client&apos;s own pool ({formatMinutes(pool)} left)</option>
            {bank.shares.map((s) => (
              <option key={s.member} value={s.member}>
                Member {s.member} ({formatMinutes(s.minutes)} left)
              </option>
            ))}
          </select>
        </div>
        <Field id="log-hours" label="Hours" inputMode="decimal" value={hoursText} onChange={setHoursText} />
      </div>
      <div className="field">
        <label htmlFor="log-note">Timesheet note</label>
        <textarea id="log-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      </div>
      <FormEnd problem={problem} label="Log hours" primary flow={flow} docked={docked} />
    </form>
  );
}

// ===================================================================== one log

export function LogActions({ bank, logId, chainNow }: { bank: BankView; logId: number; chainNow: number }) {
  const { flow, send, connection, docked } = useHourBank();
  const store = useDocuments(flow.fail);
  const [reason, setReason] = useState("");
  const [vendorPct, setVendorPct] = useState("50");
  const log = bank.logs.find((l) => l.id === logId);
  const me = connection.address?.toLowerCase();
  if (!log || !me) return null;
  const id = BigInt(bank.id);
  const n = BigInt(log.id);
  const reviewer = me === bank.client || me === log.member;
  const inReview = log.state === "Pending" && log.reviewEndsAt !== null && chainNow < log.reviewEndsAt;
  const releasable = log.state === "Pending" && log.reviewEndsAt !== null && chainNow >= log.reviewEndsAt;
  const ruling = Math.round(Number(vendorPct) * 100);
  const rulingValid = /^\d{1,3}(\.\d{1,2})?$/.test(vendorPct.trim()) && ruling <= 10_000;
  // The hour bank splits a contested log as the escrow splits a dispute the client raised.
  const preview = rulingValid ? previewRuling(BigInt(log.value), ruling + 1, bank.arbiterFeeBps, bank.feeBps) : null;
  const what = `log ${log.id}`;
  return (
    <div className="actions">
      {reviewer && inReview && (
        <>
          <button
            type="button"
            className="button primary"
            disabled={flow.busy}
            onClick={() => void send(`Approve ${what}`, "approveLog", [id, n])}
          >
            Approve {what}
          </button>
          <form
            aria-label={`Contest ${what}`}
            onSubmit={(e) => {
              e.preventDefault();
              if (!reason.trim()) return;
              const label = `Contest ${what}`;
              void flow.exclusive(label, async () => {
                const cid = await store(label, "evidence", {
                  name: `Hour bank ${bank.id}, ${what} contested`,
                  description: reason.trim(),
                });
                if (cid) await send(label, "contest", [id, n, cid]);
              });
            }}
          >
            <div className="field">
              <label htmlFor={`contest-${log.id}`}>Reason to contest {what}</label>
              <textarea id={`contest-${log.id}`} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
            </div>
            <button type="submit" className="button danger" disabled={flow.busy || !reason.trim()}>
              Contest {what}
            </button>
          </form>
        </>
      )}
      {releasable && (
        <button
          type="button"
          className="button"
          disabled={flow.busy}
          onClick={() => void send(`Release ${what}`, "release", [id, n])}
        >
          Release {what}
        </button>
      )}
      {log.state === "Contested" && me === bank.arbiter && log.disputeId && (
        <form
          aria-label={`Rule on ${what}`}
          onSubmit={(e) => {
            e.preventDefault();
            if (rulingValid) void send(`Rule on ${what}`, "rule", [BigInt(log.disputeId!), BigInt(ruling + 1)]);
          }}
        >
          <div className="field">
            <label htmlFor={`rule-${log.id}`}>Share of {what} to the vendor (%)</label>
            <input
              id={`rule-${log.id}`}
              inputMode="decimal"
              value={vendorPct}
              aria-invalid={!rulingValid}
              onChange={(e) => setVendorPct(e.target.value)}
            />
          </div>
          {preview && (
            <dl className="meta" aria-label={`Ruling preview for ${what}`} aria-live="polite">
              <div>
                <dt>Vendor receives</dt>
                <dd data-wei={preview.toVendor.toString()}>{formatAmount(preview.toVendor, bank.token)}</dd>
              </div>
              <div>
                <dt>Client receives</dt>
                <dd data-wei={preview.toClient.toString()}>{formatAmount(preview.toClient, bank.token)}</dd>
              </div>
              <div>
                <dt>Your fee</dt>
                <dd data-wei={preview.arbiterFee.toString()}>{formatAmount(preview.arbiterFee, bank.token)}</dd>
              </div>
              <div>
                <dt>Platform fee</dt>
                <dd>{formatAmount(preview.platformFee, bank.token)}</dd>
              </div>
            </dl>
          )}
          <button type="submit" className="button primary" disabled={flow.busy || !rulingValid}>
            Rule on {what}
          </button>
        </form>
      )}
      <Status flow={flow} docked={docked} />
    </div>
  );
}
