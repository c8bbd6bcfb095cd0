import { randomBytes } from "node:crypto";
import { getStore } from "../store/index.ts";

/** How long a sign-in nonce stays valid. */
export const NONCE_TTL_MS = 10 * 60 * 1000;

/** Issues a fresh single-use nonce (alphanumeric, as EIP-4361 requires). */
export async function issueNonce(now = Date.now()): Promise<{ nonce: string; expiresAt: number }> {
  const nonce = randomBytes(16).toString("hex");
  const expiresAt = now + NONCE_TTL_MS;
  await (await getStore()).nonces.issue(nonce, expiresAt);
  return { nonce, expiresAt };
}
