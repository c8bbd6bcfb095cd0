import type { Metadata } from "next";
import { FlowDock } from "@/components/tx/dock";
import { Countdown } from "@/components/countdown";
import { OperatorActionsSlot } from "@/components/operator/operator-slot";
import { formatAmount, formatDate, formatDuration } from "@/lib/format";
import { NotDeployedError, operatorSettings } from "@/lib/operator/settings";
import { chainNow } from "@/server/chain";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Operator" };

const ZERO = "0x0000000000000000000000000000000000000000";

export default async function OperatorPage() {
  let settings;
  try {
    settings = await operatorSettings();
  } catch (error) {
    const message =
      error instanceof NotDeployedError
        ? error.message
        : `The node could not be read: ${(error as Error).message.split("\n")[0]}`;
    return (
      <>
        <h1>Operator settings</h1>
        <p role="alert" className="error">
          {message}
        </p>
      </>
    );
  }
  const now = await chainNow();
  const pending = settings.pendingFee;
  return (
    <>
      <h1>Operator settings</h1>
      <p>
        The operator sets the platform fee (within a hard cap, announced {formatDuration(settings.feeDelay)} ahead),
        allows tokens, names the default arbiter and can pause new business. No operator function can move escrowed
        funds.
      </p>
      <dl className="card" aria-label="Settings">
        <dt>Platform fee now</dt>
        <dd>
          {(settings.feeBps / 100).toFixed(2)}% (hard cap {(settings.maxFeeBps / 100).toFixed(2)}%)
        </dd>
        <dt>Announced fee</dt>
        <dd>
          {pending && pending.effectiveAt > now ? (
            <>
              {(pending.feeBps / 100).toFixed(2)}% for jobs posted from{" "}
              <Countdown at={pending.effectiveAt} chainNow={now} />
            </>
          ) : pending ? (
            `none pending (the last announcement, ${(pending.feeBps / 100).toFixed(2)}%, applies since ${formatDate(pending.effectiveAt)})`
          ) : (
            "none"
          )}
        </dd>
        <dt>Default arbiter</dt>
        <dd>
          <span className="mono">{settings.defaultArbiter.address}</span>, fee{" "}
          {(settings.defaultArbiter.feeBps / 100).toFixed(2)}% (cap {(settings.maxArbiterFeeBps / 100).toFixed(2)}%)
        </dd>
        <dt>Treasury</dt>
        <dd className="mono">{settings.treasury}</dd>
        <dt>New business</dt>
        <dd>
          <strong className={settings.paused ? "error" : "ok"}>{settings.paused ? "paused" : "running"}</strong>
        </dd>
        <dt>Owner</dt>
        <dd className="mono">{settings.owner}</dd>
        {settings.pendingOwner !== ZERO && (
          <>
            <dt>Ownership offered to</dt>
            <dd className="mono">{settings.pendingOwner}</dd>
          </>
        )}
        <dt>Escrow</dt>
        <dd className="mono">{settings.escrow}</dd>
      </dl>
      <h2>Tokens</h2>
      <table aria-label="Tokens">
        <thead>
          <tr>
            <th scope="col">Token</th>
            <th scope="col">Allowed for new jobs</th>
            <th scope="col">Weight unit</th>
            <th scope="col">Paid-job threshold</th>
            <th scope="col">Fees accrued</th>
          </tr>
        </thead>
        <tbody>
          {settings.tokens.map((t) => (
            <tr key={t.token.address}>
              <th scope="row">
                {t.token.symbol} <span className="mono small">{t.token.isEther ? "" : t.token.address}</span>
              </th>
              <td>{t.allowed ? "yes" : "no"}</td>
              <td>{formatAmount(t.weightUnit, t.token)}</td>
              <td>{formatAmount(t.paidJobThreshold, t.token)}</td>
              <td>{formatAmount(t.feesAccrued, t.token)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <OperatorActionsSlot
        owner={settings.owner}
        pendingOwner={settings.pendingOwner}
        paused={settings.paused}
        maxFeeBps={settings.maxFeeBps}
        maxArbiterFeeBps={settings.maxArbiterFeeBps}
        tokens={settings.tokens.map((t) => ({ token: t.token, allowed: t.allowed, feesAccrued: t.feesAccrued }))}
      />
      {settings.actions.length > 0 && (
        <>
          <h2>Recent operator actions</h2>
          <ul>
            {settings.actions.map((a) => (
              <li key={a.id}>
                {formatDate(a.timestamp)}: {a.kind}
                {a.feeBps !== null && ` ${(a.feeBps / 100).toFixed(2)}%`}
                {a.account && <span className="mono"> {a.account}</span>}
                {a.token && <span className="mono"> {a.token}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      <FlowDock />
    </>
  );
}
