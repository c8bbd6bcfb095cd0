/** Wallet errors in plain words. A request the user rejected is not a failure: nothing was sent. */

export function isUserRejection(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const { code, name } = e as { code?: number; name?: string };
    if (code === 4001 || name === "UserRejectedRequestError") return true;
  }
  return false;
}

export function describeWalletError(error: unknown, action: string): string {
  if (isUserRejection(error)) return `${action} cancelled: you rejected the request in your wallet. Nothing changed.`;
  const e = error as { shortMessage?: string; message?: string };
  return `${action} failed: ${e.shortMessage ?? e.message ?? String(error)}`;
}
