"use client";
/** The client's answer to a quote it finds too high: the price it would accept, sent to the vendor. */
import { useState } from "react";
import { amountProblem, parseUnits } from "@mosaic/sdk/amounts";
import { formatAmount } from "@/lib/format";
import { postHiringDocument } from "./post-hiring-document";

export function CounterOffer(props: {
  chainId: number;
  jobId: string;
  vendor: string;
  quoteCid: string;
  token: { symbol: string; decimals: number };
}) {
  const [open, setOpen] = useState(false);
  const [price, setPrice] = useState("");
  const [message, setMessage] = useState("");
  const [state, setState] = useState<"idle" | "sending" | { sent: bigint } | { error: string }>("idle");
  if (typeof state === "object" && "sent" in state) {
    return (
      <p role="status">
        Counter-offer sent: {formatAmount(state.sent, props.token)}. The vendor can sign a new quote at that price.
      </p>
    );
  }
  if (!open) {
    return (
      <button type="button" className="button" onClick={() => setOpen(true)}>
        Counter this quote
      </button>
    );
  }
  const problem = price.trim() ? amountProblem(price.trim(), props.token.decimals) : null;
  const send = async () => {
    if (state === "sending") return;
    if (!price.trim() || problem) return setState({ error: problem ?? "enter the price you would accept" });
    const amount = parseUnits(price.trim(), props.token.decimals);
    if (amount <= 0n) return setState({ error: "the price must be more than zero" });
    setState("sending");
    const result = await postHiringDocument("counter-offer", {
      chainId: props.chainId,
      jobId: props.jobId,
      vendor: props.vendor,
      price: amount.toString(),
      quoteCid: props.quoteCid,
      ...(message.trim() ? { message: message.trim() } : {}),
    });
    setState(result.ok ? { sent: amount } : { error: result.error });
  };
  const priceId = `counter-price-${props.quoteCid}`;
  const messageId = `counter-message-${props.quoteCid}`;
  return (
    <form
      className="counter-offer"
      aria-label="Counter-offer"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <div className="field">
        <label htmlFor={priceId}>Your price ({props.token.symbol})</label>
        <input
          id={priceId}
          inputMode="decimal"
          value={price}
          onChange={(e) => setPrice(e.target.value)}
          aria-invalid={problem ? true : undefined}
        />
      </div>
      <div className="field">
        <label htmlFor={messageId}>Message (optional)</label>
        <input id={messageId} value={message} maxLength={2_000} onChange={(e) => setMessage(e.target.value)} />
      </div>
      <button type="submit" className="button" disabled={state === "sending"}>
        Send counter-offer
      </button>
      {typeof state === "object" && "error" in state && (
        <p className="error" role="alert">
          Not sent: {state.error}.
        </p>
      )}
    </form>
  );
}
