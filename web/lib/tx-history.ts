/**
 * The transactions this browser sent through Mosaic, per chain and account, kept in localStorage
 * (the newest 50) so that the account menu can list them after the page that sent them is gone.
 */
export interface SentTransaction {
  hash: string;
  label: string;
  /** Unix milliseconds when the receipt arrived. */
  at: number;
  ok: boolean;
}

const LIMIT = 50;
const EVENT = "mosaic-tx-history";

function key(chainId: number, account: string): string {
  return `mosaic.tx.${chainId}.${account.toLowerCase()}`;
}

export function readHistory(chainId: number, account: string): SentTransaction[] {
  try {
    const raw = window.localStorage.getItem(key(chainId, account));
    return raw ? (JSON.parse(raw) as SentTransaction[]) : [];
  } catch {
    return [];
  }
}

export function recordTransaction(chainId: number, account: string, tx: SentTransaction): void {
  try {
    const list = [tx, ...readHistory(chainId, account).filter((t) => t.hash !== tx.hash)].slice(0, LIMIT);
    window.localStorage.setItem(key(chainId, account), JSON.stringify(list));
    window.dispatchEvent(new Event(EVENT));
  } catch {
    // storage full or disabled: the history is a convenience
  }
}

/** Calls `listener` when this tab or another one records a transaction. */
export function onHistoryChange(listener: () => void): () => void {
  const onStorage = (e: StorageEvent) => {
    if (e.key?.startsWith("mosaic.tx.")) listener();
  };
  window.addEventListener(EVENT, listener);
  window.addEventListener("storage", onStorage);
  return () => {
    window.removeEventListener(EVENT, listener);
    window.removeEventListener("storage", onStorage);
  };
}
