"use client";
/**
 * A second step for actions that cannot be undone: the first click asks, in words, what will
 * happen; only "Yes, …" does it. Keyboard focus moves to the question and back.
 */
import { useEffect, useRef, useState, type ReactNode } from "react";

export interface PendingConfirmation {
  /** The action's label ("Cancel milestone 2"). */
  label: string;
  /** What happens, and that it cannot be undone. */
  question: string;
  run: () => unknown;
}

export function useConfirmation() {
  const [pending, setPending] = useState<PendingConfirmation | null>(null);
  return { pending, ask: setPending, clear: () => setPending(null) };
}

export function ConfirmPanel({
  pending,
  onDone,
  disabled,
}: {
  pending: PendingConfirmation | null;
  onDone: () => void;
  disabled?: boolean;
}): ReactNode {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (pending) ref.current?.focus();
  }, [pending]);
  if (!pending) return null;
  return (
    <div
      ref={ref}
      role="alertdialog"
      aria-label={`Confirm: ${pending.label}`}
      aria-describedby="confirm-question"
      tabIndex={-1}
      className="card confirm"
    >
      <p id="confirm-question">{pending.question}</p>
      <div className="actions">
        <button
          type="button"
          className="button danger"
          disabled={disabled}
          onClick={() => {
            onDone();
            void pending.run();
          }}
        >
          Yes, {pending.label.charAt(0).toLowerCase() + pending.label.slice(1)}
        </button>
        <button type="button" className="button" onClick={onDone}>
          Keep it as it is
        </button>
      </div>
    </div>
  );
}
