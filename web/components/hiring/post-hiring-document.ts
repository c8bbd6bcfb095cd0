/** Sends an invitation or a counter-offer to the document store; the answer's error, said plainly. */
export async function postHiringDocument(
  kind: "invitation" | "counter-offer",
  content: Record<string, unknown>,
): Promise<{ ok: true } | { ok: false; error: string }> {
  const response = await fetch("/api/documents", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ kind, content: { version: 1, ...content } }),
  });
  if (response.ok) return { ok: true };
  if (response.status === 401) return { ok: false, error: "sign in with Ethereum first (in the account menu)" };
  const body = (await response.json().catch(() => ({}))) as { error?: string };
  return { ok: false, error: body.error ?? `the server answered ${response.status}` };
}
