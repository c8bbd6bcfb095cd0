"use client";
/**
 * One transaction status per page, docked at the bottom of the window. The flow lives here, not in
 * the button that started it: a claim, a release or a ruling removes its own button from the page
 * once the index shows the change, and the status must outlive it to say "Done.".
 */
import { useEffect, useSyncExternalStore } from "react";
import { TransactionStatus, useTransactionFlow } from "@/components/tx/transaction";

type Flow = ReturnType<typeof useTransactionFlow>;

let docked: Flow | null = null;
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export default function FlowDock() {
  const flow = useTransactionFlow();
  useEffect(() => {
    docked = flow;
    notify();
  }, [flow]);
  useEffect(
    () => () => {
      docked = null;
      notify();
    },
    [],
  );
  return (
    <div style={{ position: "sticky", bottom: 0, zIndex: 5, background: "var(--bg)" }}>
      <TransactionStatus phase={flow.phase} />
    </div>
  );
}

/** The page's docked flow, or null when the page has no dock. */
export function useDockedFlow(): Flow | null {
  return useSyncExternalStore(
    subscribe,
    () => docked,
    () => null,
  );
}
