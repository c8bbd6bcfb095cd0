"use client";
/**
 * A relay shift's vendor posts its handoff note from the project page: the note is stored as a
 * document (signing in first when needed), then `postHandoff` names the shift that takes over.
 * One action from the first click (a second click does nothing), simulated before signing, the
 * transaction hash and any revert shown by the shared flow.
 */
import { useRef, useState } from "react";
import type { Abi } from "viem";
import { projectRegistryAbi } from "@mosaic/sdk/contracts";
import { useContractCall } from "@/components/tx/use-contract-call";
import { TransactionStatus } from "@/components/tx/transaction";
import { useSiweSession } from "@/components/wallet/siwe-session";

export interface HandoffFormProps {
  registry: `0x${string}`;
  projectId: string;
  part: number;
  shifts: { index: number; vendor: string }[];
  /** The latest handoff handed to each shift (by its index), for the shift that takes over. */
  latestFor: { nextShift: number; shift: number; text: string | null; noteCid: string }[];
}

export function HandoffForm({ registry, projectId, part, shifts, latestFor }: HandoffFormProps) {
  const { flow, call, connection, docked } = useContractCall();
  const session = useSiweSession();
  // Taken synchronously on the first submit and kept until the action ends: a second click (or a
  // double click) sends nothing, even if the page's flow changes between the two.
  const taken = useRef(false);
  const me = connection.address?.toLowerCase();
  const mine = shifts.find((s) => s.vendor === me);
  const [text, setText] = useState("");
  const [next, setNext] = useState<number | null>(null);
  if (!mine) return null;
  const nextShift = next ?? shifts[(shifts.indexOf(mine) + 1) % shifts.length].index;
  const latest = latestFor.find((h) => h.nextShift === mine.index);
  const label = `Hand off shift ${mine.index + 1}`;
  const id = `handoff-${part}`;

  const post = async () => {
    if (taken.current) return;
    taken.current = true;
    try {
      await send();
    } finally {
      taken.current = false;
    }
  };
  const send = () =>
    flow.exclusive(label, async () => {
      if (session.state.status !== "signed-in" && !(await session.signIn())) {
        return flow.fail(label, "sign in with Ethereum to store the note; nothing was sent");
      }
      flow.step(label, "Storing the handoff note…");
      const response = await fetch("/api/documents", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          kind: "note",
          content: { text: `Project ${projectId}, part ${part + 1}, shift ${mine.index + 1} handoff: ${text.trim()}` },
        }),
      });
      const body = (await response.json().catch(() => ({}))) as { cid?: string; error?: string };
      if (!response.ok || !body.cid) {
        return flow.fail(label, `the note could not be stored: ${body.error ?? `HTTP ${response.status}`}`);
      }
      const sent = await call(label, registry, projectRegistryAbi as Abi, "postHandoff", [
        BigInt(projectId),
        part,
        mine.index,
        body.cid,
      ]);
      // Posted: the note is in the list; the box is ready for the next shift end.
      if (sent) setText("");
    });

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>Your shift (shift {mine.index + 1})</h4>
      {latest ? (
        <div data-testid={`latest-handoff-${part}`}>
          <p className="small muted">Latest handoff to your shift, from shift {latest.shift + 1}:</p>
          <blockquote>{latest.text ?? <a href={`/api/documents/${latest.noteCid}`}>handoff note</a>}</blockquote>
        </div>
      ) : (
        <p className="small muted">No handoff to your shift yet.</p>
      )}
      <form
        aria-label={`Post a handoff for part ${part + 1}`}
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim()) void post();
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-note`}>Handoff note</label>
          <textarea id={`${id}-note`} rows={3} value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-next`}>Shift taking over</label>
          <select id={`${id}-next`} value={nextShift} onChange={(e) => setNext(Number(e.target.value))}>
            {shifts.map((s) => (
              <option key={s.index} value={s.index}>
                Shift {s.index + 1}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button primary" disabled={flow.busy || !text.trim()}>
          Post handoff
        </button>
        {!docked && <TransactionStatus phase={flow.phase} />}
      </form>
    </section>
  );
}
