"use client";
/** "Invite to quote" on the matches page, for the job's client: the vendor finds it in its inbox. */
import { useState } from "react";
import { postHiringDocument } from "./post-hiring-document";

export function InviteButton(props: { chainId: number; jobId: string; vendor: string; invited: boolean }) {
  const [state, setState] = useState<"idle" | "sending" | "sent" | { error: string }>(props.invited ? "sent" : "idle");
  const [message, setMessage] = useState("");
  if (state === "sent") return <p role="status">Invited: the vendor sees your invitation in its inbox.</p>;
  const send = async () => {
    if (state === "sending") return;
    setState("sending");
    const result = await postHiringDocument("invitation", {
      chainId: props.chainId,
      jobId: props.jobId,
      vendor: props.vendor,
      ...(message.trim() ? { message: message.trim() } : {}),
    });
    setState(result.ok ? "sent" : { error: result.error });
  };
  const id = `invite-${props.vendor}`;
  return (
    <div className="invite">
      <div className="field">
        <label htmlFor={id}>Message with the invitation (optional)</label>
        <input id={id} value={message} maxLength={2_000} onChange={(e) => setMessage(e.target.value)} />
      </div>
      <button type="button" className="button primary" disabled={state === "sending"} onClick={() => void send()}>
        Invite to quote
      </button>
      {typeof state === "object" && (
        <p className="error" role="alert">
          Not sent: {state.error}.
        </p>
      )}
    </div>
  );
}
