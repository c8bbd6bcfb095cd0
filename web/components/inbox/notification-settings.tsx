"use client";
/**
 * Delivery of the inbox by webhook and/or e-mail, on /inbox: off until the signed-in user saves a
 * target. The webhook secret is shown once, when it is created.
 */
import { useState } from "react";

export interface NotificationSettingsView {
  webhookUrl: string | null;
  email: string | null;
  kinds: string[];
  emailAvailable: boolean;
  ready: boolean;
  recent: { item: string; channel: string; status: string; attempts: number; error: string | null }[];
}

async function send(method: "POST" | "DELETE", body?: unknown) {
  const response = await fetch("/api/notifications", {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = (await response.json().catch(() => ({}))) as NotificationSettingsView & {
    secret?: string;
    error?: string;
  };
  if (!response.ok) throw new Error(answer.error ?? `the server answered ${response.status}`);
  return answer;
}

export function NotificationSettings({
  initial,
  kinds,
}: {
  initial: NotificationSettingsView;
  /** Every inbox kind with its label. */
  kinds: [string, string][];
}) {
  const [settings, setSettings] = useState(initial);
  const [webhookUrl, setWebhookUrl] = useState(initial.webhookUrl ?? "");
  const [email, setEmail] = useState(initial.email ?? "");
  const [chosen, setChosen] = useState<Set<string>>(new Set(initial.kinds));
  const [secret, setSecret] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const on = Boolean(settings.webhookUrl || settings.email);

  const run = async (work: () => Promise<NotificationSettingsView & { secret?: string }>, done: string) => {
    setBusy(true);
    setProblem(null);
    setSaved(null);
    try {
      const next = await work();
      setSettings(next);
      setWebhookUrl(next.webhookUrl ?? "");
      setEmail(next.email ?? "");
      setSecret(next.secret ?? null);
      setSaved(done);
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const save = (newSecret = false) =>
    run(
      () => send("POST", { webhookUrl: webhookUrl || null, email: email || null, kinds: [...chosen], newSecret }),
      webhookUrl || email ? "Saved: new items will be delivered." : "Delivery is off.",
    );

  return (
    <section aria-labelledby="delivery-title" className="card">
      <h2 id="delivery-title">Delivery by webhook or e-mail</h2>
      <p className="muted small">
        {on ? "On: new items are sent as they arrive." : "Off: nothing is sent anywhere."} Optional; what is already in
        your inbox when you save is not sent.
      </p>
      <form
        aria-label="Notification delivery"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div className="field">
          <label htmlFor="notify-webhook">Webhook URL</label>
          <input
            id="notify-webhook"
            type="url"
            inputMode="url"
            placeholder="https://example.com/mosaic-hook"
            value={webhookUrl}
            onChange={(e) => setWebhookUrl(e.target.value)}
          />
          <p className="hint">
            A signed JSON POST per item: header <code>X-Mosaic-Signature: t=…,v1=…</code> is the HMAC-SHA256 of “t.body”
            with your secret.
          </p>
        </div>
        <div className="field">
          <label htmlFor="notify-email">E-mail address</label>
          <input
            id="notify-email"
            type="email"
            value={email}
            disabled={!settings.emailAvailable}
            onChange={(e) => setEmail(e.target.value)}
          />
          {!settings.emailAvailable && <p className="hint">This server does not send e-mail.</p>}
        </div>
        <fieldset className="field">
          <legend>Which items (none ticked: all)</legend>
          {kinds.map(([kind, label]) => (
            <label key={kind} style={{ display: "inline-block", marginRight: "1em" }}>
              <input
                type="checkbox"
                checked={chosen.has(kind)}
                onChange={(e) => {
                  const next = new Set(chosen);
                  if (e.target.checked) next.add(kind);
                  else next.delete(kind);
                  setChosen(next);
                }}
              />{" "}
              {label}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="button primary" disabled={busy} aria-busy={busy}>
          Save delivery settings
        </button>{" "}
        {settings.webhookUrl && (
          <button type="button" className="button" disabled={busy} onClick={() => void save(true)}>
            New webhook secret
          </button>
        )}{" "}
        {on && (
          <button
            type="button"
            className="button danger"
            disabled={busy}
            onClick={() => void run(() => send("DELETE"), "Delivery is off.")}
          >
            Turn off
          </button>
        )}
      </form>
      {saved && (
        <p role="status" className="ok">
          {saved}
        </p>
      )}
      {secret && (
        <p role="status">
          Your webhook secret, shown only now: <code className="mono">{secret}</code>
        </p>
      )}
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      {settings.recent.length > 0 && (
        <>
          <h3>Latest deliveries</h3>
          <ul aria-label="Latest deliveries" className="small">
            {settings.recent.map((d, i) => (
              <li key={i}>
                {d.channel}: {d.status}
                {d.attempts > 1 ? ` after ${d.attempts} attempts` : ""}
                {d.error && d.status !== "sent" ? ` (${d.error})` : ""}: {d.item}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
