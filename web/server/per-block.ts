/**
 * Results that change only when the index moves to a new block (the board, its filter options),
 * computed once per indexed block and shared by every request in that block. The index's head is
 * asked at most once per `HEAD_TTL_MS` for all requests together, so a new block shows within that
 * time; when the index cannot be reached nothing is cached (the caller's error stands).
 */
import { indexedBlock } from "./subgraph.ts";

const HEAD_TTL_MS = 1_000;
const MAX_ENTRIES = 200;

let head: { at: number; block: Promise<number | null> } | undefined;

function indexHead(): Promise<number | null> {
  const now = Date.now();
  if (!head || now - head.at >= HEAD_TTL_MS) head = { at: now, block: indexedBlock() };
  return head.block;
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
