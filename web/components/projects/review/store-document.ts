"use client";
/** Stores a project document (a reviewer's note, a sub-job's specification) as the connected account. */
import type { useTransactionFlow } from "@/components/tx/transaction";
import type { useSiweSession } from "@/components/wallet/siwe-session";

type Flow = ReturnType<typeof useTransactionFlow>;
/**
 * Stores a document written by the connected account (signing in first), returning its CID, or
 * null after the flow said why not.
 */
export async function storeDocument(
  flow: Flow,
  session: ReturnType<typeof useSiweSession>,
  label: string,
  kind: "note" | "job-spec",
  content: Record<string, unknown>,
): Promise<string | null> {
  if (session.state.status !== "signed-in") {
    flow.step(label, "Signing in…");
    if (!(await session.signIn())) {
      flow.fail(label, "sign in with your wallet to store the document");
      return null;
    }
  }
  flow.step(label, "Storing the document…");
  const response = await fetch("/api/documents", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ kind, content }),
  });
  const body = (await response.json().catch(() => ({}))) as { cid?: string; error?: string };
  if (!response.ok || !body.cid) {
    flow.fail(label, `the document could not be stored: ${body.error ?? `HTTP ${response.status}`}`);
    return null;
  }
  return body.cid;
}
