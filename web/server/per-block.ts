/**
 * Results that change only when the index moves to a new block (the board, its filter options),
 * computed once per indexed block and shared by every request in that block. The index's head is
 * asked at most once per `HEAD_TTL_MS` for all requests together, so a new block shows within that
 * time; when the index cannot be reached nothing is cached (the caller's error stands).
 */
import { indexedBlock } from "./subgraph.ts";

const HEAD_TTL_MS = 1_000;
const MAX_ENTRIES = 200;

/**
 * The last reading of the head, shared by every bundle of the process (the proxy's page cache keys
 * its pages by the same reading the page's data used, web/server/page-cache.ts).
 */
const shared = globalThis as unknown as Record<symbol, { at: number; block: Promise<number | null> } | undefined>;
const HEAD = Symbol.for("mosaic.indexHead");

/** The index's head block, asked at most once per `HEAD_TTL_MS`; null when the index cannot be reached. */
export function indexHead(): Promise<number | null> {
  const now = Date.now();
  const head = shared[HEAD];
  if (head && now - head.at < HEAD_TTL_MS) return head.block;
  const block = indexedBlock();
  shared[HEAD] = { at: now, block };
  return block;
}

const cache = new Map<string, { block: number; value: Promise<unknown> }>();

export async function perIndexedBlock<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const block = await indexHead();
  if (block === null) return compute();
  const hit = cache.get(key);
  if (hit && hit.block === block) return hit.value as Promise<T>;
  const value = compute();
  cache.set(key, { block, value });
  value.catch(() => {
    if (cache.get(key)?.value === value) cache.delete(key);
  });
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  return value;
}
